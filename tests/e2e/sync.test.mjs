// Live collaboration through the real server: a facilitator and a participant on a phone
// share one board, see each other's edits and presence, and merge after one was offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCard, addCluster, card, cardIn, cluster, createBoard, enterName, mouseDrag, openWall, boardMenu, waitStored } from './steps.mjs';

const env = serverAndBrowser();

/** The texts of all cards a page shows, from the complete list view. */
async function allCards(page) {
  await page.getByRole('button', { name: 'Listenansicht' }).click();
  const texts = await page.locator('.outline-card-button').allTextContents();
  await page.getByRole('button', { name: 'Listenansicht' }).click();
  return texts.map((t) => t.trim()).sort();
}

const syncState = (page) => page.locator('.sync-badge').getAttribute('data-state');

test('two people on one board see each other, and merge after one was offline', async () => {
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  const hostErrors = watchErrors(facilitator);
  await createBoard(facilitator, env.server.url, 'Zukunftswerkstatt', { name: 'Moderation' });
  await waitStored(facilitator);

  await boardMenu(facilitator, 'Teilen');
  const share = facilitator.getByRole('dialog', { name: 'Wand teilen' });
  const link = await share.getByLabel('Link für Teilnehmende').inputValue();
  assert.match(link, /\/b\/\w+#t=participant\./);
  await share.getByRole('img', { name: 'QR-Code für den Link der Teilnehmenden' }).waitFor();
  await share.getByRole('button', { name: 'Schließen' }).click();

  const phone = await newContext(env.browser, 'phone');
  const participant = await phone.newPage();
  const phoneErrors = watchErrors(participant);
  await participant.goto(link);
  await enterName(participant, 'Anna');
  await openWall(participant);
  await participant.getByRole('heading', { name: 'Zukunftswerkstatt' }).waitFor();
  assert.equal(new URL(participant.url()).hash, '', 'the token leaves the address bar');

  // Presence: each sees the other.
  await facilitator.getByRole('group', { name: 'Auf der Wand' }).getByRole('listitem', { name: 'Anna' }).waitFor();
  await participant.getByRole('group', { name: 'Auf der Wand' }).getByRole('listitem', { name: 'Moderation' }).waitFor();

  // Live edits both ways.
  await addCluster(facilitator, 'Bildung');
  await addCard(facilitator, 'Zugang zur Bildung');
  await card(participant, 'Zugang zur Bildung').waitFor();
  await cluster(participant, 'Bildung').waitFor();
  await addCard(participant, 'Toleranz');
  await card(facilitator, 'Toleranz').waitFor();
  await waitStored(participant);

  // While the facilitator drags, the phone sees the card on its way (awareness), with a name.
  // The phone placed its card in its own view: bring everything into the facilitator's,
  // with no card selected (its action bar, above the zoom controls, would cover the wall).
  const actions = facilitator.getByRole('toolbar', { name: 'Kartenaktionen' });
  if (await actions.isVisible()) await actions.getByRole('button', { name: 'Auswahl aufheben' }).click();
  await facilitator.getByRole('button', { name: 'Alles zeigen' }).click();
  const from = await card(facilitator, 'Toleranz').boundingBox();
  await facilitator.mouse.move(from.x + 20, from.y + 20);
  await facilitator.mouse.down();
  await facilitator.mouse.move(from.x + 140, from.y + 90, { steps: 8 });
  const ghost = participant.locator('.card--ghost', { hasText: 'Toleranz' });
  await ghost.waitFor();
  assert.equal(await ghost.locator('.ghost-name').textContent(), 'Moderation');
  await facilitator.mouse.up();
  await ghost.waitFor({ state: 'detached' });

  // The phone goes offline; both keep working.
  await phone.setOffline(true);
  await participant.waitForFunction(() => document.querySelector('.sync-badge')?.dataset.state === 'offline');
  await addCard(participant, 'Offline geschrieben');
  await mouseDrag(facilitator, card(facilitator, 'Zugang zur Bildung'), cluster(facilitator, 'Bildung'));
  await cardIn(facilitator, 'Bildung', 'Zugang zur Bildung').waitFor();
  await addCard(facilitator, 'Während das Handy offline war');
  // Stored on the server, so relayed to every connected device before that: the phone
  // would have it by now if it were still connected.
  await waitStored(facilitator);
  assert.equal(await card(participant, 'Während das Handy offline war').count(), 0);

  // Back online: everything merges, in both directions, nothing lost.
  await phone.setOffline(false);
  await card(participant, 'Während das Handy offline war').waitFor();
  await cardIn(participant, 'Bildung', 'Zugang zur Bildung').waitFor();
  await card(facilitator, 'Offline geschrieben').waitFor();
  await waitStored(participant);
  await waitStored(facilitator);
  const expected = ['Offline geschrieben', 'Toleranz', 'Während das Handy offline war', 'Zugang zur Bildung'];
  assert.deepEqual(await allCards(facilitator), expected);
  assert.deepEqual(await allCards(participant), expected);
  assert.equal(await syncState(participant), 'stored');

  assert.deepEqual(hostErrors, []);
  assert.deepEqual(phoneErrors, []);
  await phone.close();
  await host.close();
});

test('the projector link shows the board and cannot change it', async () => {
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  const errors = [watchErrors(facilitator)];
  await createBoard(facilitator, env.server.url, 'Projektor', { name: 'Moderation' });
  await addCard(facilitator, 'Willkommenskultur ausbauen!');
  await addCard(facilitator, 'Sprachkurse');
  await boardMenu(facilitator, 'Teilen');
  const link = await facilitator.getByLabel('Link für den Projektor (nur ansehen)').inputValue();
  await facilitator.getByRole('dialog', { name: 'Wand teilen' }).getByRole('button', { name: 'Schließen' }).click();

  const beamer = await newContext(env.browser, 'projector');
  const projector = await beamer.newPage();
  errors.push(watchErrors(projector));
  await projector.goto(link);
  await card(projector, 'Willkommenskultur ausbauen!').waitFor();
  assert.equal(await projector.getByRole('button', { name: 'Karte hinzufügen' }).isVisible(), false, 'no editing chrome');

  // Dragging on the projector does not move the card (it pans the projector's own view).
  await card(projector, 'Sprachkurse').waitFor();
  const placed = await card(facilitator, 'Willkommenskultur ausbauen!').boundingBox();
  const before = await card(projector, 'Willkommenskultur ausbauen!').boundingBox();
  const otherBefore = await card(projector, 'Sprachkurse').boundingBox();
  const p = { x: before.x + 20, y: before.y + 20 };
  await projector.mouse.move(p.x, p.y);
  await projector.mouse.down();
  await projector.mouse.move(p.x + 300, p.y + 200, { steps: 8 });
  await projector.mouse.up();
  // On the projector the whole view moved: the card kept its place beside the other one.
  const moved = await card(projector, 'Willkommenskultur ausbauen!').boundingBox();
  const otherMoved = await card(projector, 'Sprachkurse').boundingBox();
  assert.ok(Math.abs(moved.x - before.x) > 100, 'the drag panned the projector\'s view');
  assert.ok(Math.abs((moved.x - otherMoved.x) - (before.x - otherBefore.x)) < 1
    && Math.abs((moved.y - otherMoved.y) - (before.y - otherBefore.y)) < 1, 'the card did not move on the projector');
  // The facilitator's next edit arrives, so everything before it has been seen.
  await addCard(facilitator, 'Nach dem Versuch');
  await card(projector, 'Nach dem Versuch').waitFor();
  const after = await card(facilitator, 'Willkommenskultur ausbauen!').boundingBox();
  assert.ok(Math.abs(after.x - placed.x) < 1 && Math.abs(after.y - placed.y) < 1, 'the card did not move on the board');
  assert.deepEqual(errors, [[], []]);
  await beamer.close();
  await host.close();
});

test('a link with a wrong token says so and stops trying', async () => {
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  await createBoard(facilitator, env.server.url, 'Geschlossen', { name: 'Moderation' });
  const board = new URL(facilitator.url()).pathname;
  const phone = await newContext(env.browser, 'phone');
  const page = await phone.newPage();
  await page.goto(`${env.server.url}${board}#t=participant.falsch`);
  // Checked before the board is shown (join.test.mjs counts that nothing is retried).
  await page.getByRole('alert').filter({ hasText: 'Der Zugang in diesem Link ist ungültig' }).waitFor();
  assert.equal(await page.getByRole('dialog', { name: 'Wie heißt du?' }).count(), 0);
  await phone.close();
  await host.close();
});
