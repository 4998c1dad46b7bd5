// Regions and leading the room through the real server: the facilitator lays out a named
// region with prepared material and locks it, locks a cluster, and brings everyone to its
// part of the wall; a participant sees the locks, cannot drag locked material, and still
// adds its own cards beside them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCard, addCluster, card, cluster, createBoard, enterName, inviteLink, openWall, touchDrag } from './steps.mjs';

const env = serverAndBrowser();
const PREPARED = 'Anteil mit Migrationshintergrund: 27 %';

/** Whether the whole element lies on the page's screen. */
async function onScreen(page, locator) {
  const box = await locator.boundingBox();
  const { width, height } = page.viewportSize();
  return !!box && box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height;
}

test('a locked region holds the prepared material, and the facilitator brings everyone to it and starts a step on it', async () => {
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  const errors = [watchErrors(facilitator)];
  await createBoard(facilitator, env.server.url, 'Zukunftswerkstatt', { name: 'Moderation' });

  // A region over the middle of the view, named at once; the prepared card goes into it.
  await facilitator.getByRole('button', { name: 'Neuen Bereich auf der Wand anlegen' }).click();
  const name = facilitator.getByRole('textbox', { name: 'Name des Bereichs' });
  await name.fill('Daten und Fakten');
  await name.press('Enter');
  const region = (page, suffix = '') => page.getByRole('group', { name: `Bereich: Daten und Fakten${suffix}`, exact: true });
  await region(facilitator).waitFor();
  await addCard(facilitator, PREPARED);
  await facilitator.getByRole('toolbar', { name: 'Kartenaktionen' }).getByText(PREPARED).waitFor();
  await facilitator.getByRole('button', { name: 'Auswahl aufheben' }).click();
  await facilitator.getByRole('button', { name: 'Bereich festsetzen: Daten und Fakten' }).click();
  await region(facilitator, ' (festgesetzt)').waitFor();
  await card(facilitator, `${PREPARED} (festgesetzt)`).waitFor();

  // A cluster of rules, locked on its own.
  await addCluster(facilitator, 'Vorgaben');
  await facilitator.getByRole('button', { name: 'Rubrik festsetzen: Vorgaben' }).click();
  await cluster(facilitator, 'Vorgaben (festgesetzt)').waitFor();
  const link = await inviteLink(facilitator);
  const beamer = await newContext(env.browser, 'projector');
  const projector = await beamer.newPage();
  errors.push(watchErrors(projector));
  await projector.goto(await inviteLink(facilitator, 'Link für den Projektor (nur ansehen)'));
  await region(projector, ' (festgesetzt)').waitFor();

  const phoneContext = await newContext(env.browser, 'phone');
  const phone = await phoneContext.newPage();
  errors.push(watchErrors(phone));
  await phone.goto(link);
  await enterName(phone, 'Anna');
  await openWall(phone);
  await phone.getByRole('button', { name: 'Alles zeigen' }).click();
  await region(phone, ' (festgesetzt)').getByRole('img', { name: 'festgesetzt' }).waitFor();
  await cluster(phone, 'Vorgaben (festgesetzt)').waitFor();
  assert.equal(await phone.getByRole('button', { name: 'Bereich festsetzen: Daten und Fakten' }).count(), 0, 'only the facilitator locks');

  // Anna drags the prepared card out of the region: it stays, and she is told why.
  const prepared = card(phone, `${PREPARED} (festgesetzt)`);
  const before = await card(facilitator, `${PREPARED} (festgesetzt)`).boundingBox();
  await touchDrag(phone, prepared, phone.getByRole('button', { name: 'Alles zeigen' }));
  await phone.getByRole('toolbar', { name: 'Kartenaktionen' }).getByText('Die Moderation hat das festgesetzt.').waitFor();
  assert.equal(await phone.getByRole('toolbar', { name: 'Kartenaktionen' }).getByRole('button', { name: 'Löschen' }).count(), 0, 'nothing to delete');
  await phone.getByRole('button', { name: 'Auswahl aufheben' }).click();

  // Her own card lands beside the locked region, not in it, and stays hers to move.
  await addCard(phone, 'Mehr Sprachkurse am Abend');
  await card(facilitator, 'Mehr Sprachkurse am Abend').waitFor();
  assert.deepEqual(await card(facilitator, `${PREPARED} (festgesetzt)`).boundingBox(), before, 'the prepared card did not move');

  // Anna zooms far into a corner; the facilitator brings everyone to the region.
  for (let i = 0; i < 5; i++) await phone.getByRole('button', { name: 'Vergrößern' }).click();
  assert.equal(await onScreen(phone, region(phone, ' (festgesetzt)')), false, 'zoomed in, the region does not fit');
  await facilitator.getByRole('button', { name: 'Alles zeigen' }).click();
  await facilitator.getByRole('button', { name: 'Alle hierher holen' }).click();
  await phone.getByText('Die Moderation hat alle zu ihrem Ausschnitt der Wand geholt.').waitFor();
  await phone.waitForFunction(() => {
    const r = document.querySelector('.region')?.getBoundingClientRect();
    return !!r && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
  });
  assert.ok(await onScreen(phone, region(phone, ' (festgesetzt)')), 'the region is on Anna’s screen');

  // A wall step that runs the region: when the facilitator starts it, Anna's phone shows
  // the region again, wherever she had wandered off to.
  await phone.getByRole('status').filter({ hasText: 'Die Moderation hat alle' }).getByRole('button', { name: 'Schließen' }).click();
  for (let i = 0; i < 5; i++) await phone.getByRole('button', { name: 'Vergrößern' }).click();
  assert.equal(await onScreen(phone, region(phone, ' (festgesetzt)')), false, 'zoomed in again');
  await facilitator.getByRole('button', { name: 'Ablauf' }).click();
  await facilitator.getByLabel('Uhrzeit').fill('14:30');
  await facilitator.getByLabel('Was passiert').fill('Daten und Fakten ansehen');
  await facilitator.getByLabel('Aktivität', { exact: true }).selectOption({ label: 'Arbeit an der Wand' });
  await facilitator.getByLabel('Bereich der Wand', { exact: true }).selectOption({ label: 'Daten und Fakten' });
  await facilitator.getByRole('button', { name: 'Schritt anlegen' }).click();
  await facilitator.getByRole('button', { name: 'Starten: Daten und Fakten ansehen' }).click();
  await phone.getByRole('region', { name: 'Aktueller Schritt' }).getByText('Daten und Fakten ansehen').waitFor();
  await phone.waitForFunction(() => {
    const r = document.querySelector('.region')?.getBoundingClientRect();
    return !!r && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
  });
  // The projector centres the step's region.
  await projector.waitForFunction(() => {
    const r = document.querySelector('.region')?.getBoundingClientRect();
    const head = document.querySelector('.region-head')?.getBoundingClientRect();
    const w = document.querySelector('.wall')?.getBoundingClientRect();
    if (!r || !head || !w) return false;
    // Its heading sticks out above the frame and is part of what is centred (the projector
    // enlarges the region, the heading with it).
    const top = Math.min(r.top, head.top);
    const dx = (r.left + r.right) / 2 - (w.left + w.right) / 2;
    const dy = (top + r.bottom) / 2 - (w.top + w.bottom) / 2;
    return Math.abs(dx) < 3 && Math.abs(dy) < 20;
  });
  await facilitator.getByRole('button', { name: 'Ablauf' }).click(); // back to the wall

  // Unlocked again, the card is Anna's to move too.
  await facilitator.getByRole('button', { name: 'Bereich festsetzen: Daten und Fakten' }).click();
  await card(phone, PREPARED).waitFor();

  // The facilitator drags the region by its heading: its material comes along. And a
  // cluster by its heading, locked or not.
  const dragBy = async (handle, dx) => {
    const box = await handle.boundingBox();
    await facilitator.mouse.move(box.x + 20, box.y + box.height / 2);
    await facilitator.mouse.down();
    await facilitator.mouse.move(box.x + 20 + dx, box.y + box.height / 2, { steps: 10 });
    await facilitator.mouse.up();
  };
  const shifted = async (locator, from) => {
    await facilitator.waitForFunction(([sel, x]) => Math.abs(document.querySelector(sel).getBoundingClientRect().x - x) > 50, [locator, from]);
  };
  const regionBox = await region(facilitator).boundingBox();
  const cardBox = await card(facilitator, PREPARED).boundingBox();
  await dragBy(region(facilitator).locator('.region-head h2'), 120);
  await shifted('.region', regionBox.x);
  const moved = await card(facilitator, PREPARED).boundingBox();
  const regionMoved = await region(facilitator).boundingBox();
  assert.ok(Math.abs((moved.x - cardBox.x) - (regionMoved.x - regionBox.x)) < 2, 'the card moved with its region');
  const clusterBox = await cluster(facilitator, 'Vorgaben (festgesetzt)').boundingBox();
  await dragBy(cluster(facilitator, 'Vorgaben (festgesetzt)').locator('.cluster-head h2'), -120);
  await shifted('.cluster', clusterBox.x);

  for (const e of errors) assert.deepEqual(e, []);
  await phoneContext.close();
  await beamer.close();
  await host.close();
});
