// Offline work through the real server: two devices change one board while both are offline
// (cards, a cluster move, ballots) and reconnect one after the other; boards edited offline
// sync from the start page by themselves, which shows what is not on the server yet; and a
// board made in the browser alone is put on the server later.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCard, addCluster, card, createBoard, enterName, inviteLink, openWall, boardMenu } from './steps.mjs';

const env = serverAndBrowser();
const waitState = (page, state) => page.waitForFunction((s) => document.querySelector('.sync-badge')?.dataset.state === s, state);
const ROUND = 'Welche Handlungsfelder sind am wichtigsten?';

/** Everything both devices must agree on: the cards, where each cluster stands, the votes. */
async function picture(page) {
  await page.getByRole('button', { name: 'Listenansicht' }).click();
  const cards = (await page.locator('.outline-card-button').allTextContents()).map((t) => t.trim()).sort();
  await page.getByRole('button', { name: 'Listenansicht' }).click();
  // The wall draws only what is in view: show it all (with no card selected, whose actions
  // would cover the zoom controls on a phone).
  const actions = page.getByRole('toolbar', { name: 'Kartenaktionen' });
  if (await actions.isVisible()) await actions.getByRole('button', { name: 'Auswahl aufheben' }).click();
  await page.getByRole('button', { name: 'Alles zeigen' }).click();
  await page.locator('.cluster').nth(2).waitFor();
  const clusters = await page.locator('.cluster').evaluateAll((els) =>
    els.map((e) => `${e.querySelector('.cluster-title')?.textContent.trim()} ${e.style.transform}`).sort());
  const votes = (await page.locator('.round-count').textContent()).trim();
  return { cards, clusters, votes };
}

/** Waits until the page has the card (in the complete list view: the wall draws only what
 * is in view). */
async function seesCard(page, text) {
  await page.getByRole('button', { name: 'Listenansicht' }).click();
  await page.getByRole('button', { name: text, exact: true }).waitFor();
  await page.getByRole('button', { name: 'Listenansicht' }).click();
}

/** Gives one dot to each field, through the ballot sheet. */
async function vote(page, fields) {
  await page.getByRole('button', { name: 'Jetzt abstimmen' }).click();
  const sheet = page.getByRole('dialog', { name: ROUND });
  for (const f of fields) await sheet.getByRole('button', { name: `Einen Punkt mehr: ${f}` }).click();
  await sheet.getByRole('button', { name: 'Stimme abgeben' }).click();
  await sheet.getByText('Deine Stimme ist abgegeben.', { exact: false }).waitFor();
  await sheet.getByRole('button', { name: 'Schließen' }).click();
}

test('two devices offline at once, reconnecting one after the other, end identical', async () => {
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  const errors = [watchErrors(facilitator)];
  await createBoard(facilitator, env.server.url, 'Ohne WLAN', { name: 'Moderation' });
  for (const f of ['Bildung', 'Sprache', 'Arbeitsmarkt']) await addCluster(facilitator, f);
  await addCard(facilitator, 'Vorher geschrieben');
  await facilitator.getByRole('button', { name: 'Abstimmung', exact: true }).click();
  const rounds = facilitator.getByRole('dialog', { name: 'Abstimmungen' });
  await rounds.getByRole('button', { name: 'Abstimmung anlegen' }).click();
  await rounds.getByRole('button', { name: 'Öffnen' }).click();
  await rounds.getByRole('button', { name: 'Schließen', exact: true }).last().click();
  await waitState(facilitator, 'stored');
  const link = await inviteLink(facilitator);

  const phone = await newContext(env.browser, 'phone');
  const participant = await phone.newPage();
  errors.push(watchErrors(participant));
  await participant.goto(link);
  await enterName(participant, 'Anna');
  await openWall(participant);
  await card(participant, 'Vorher geschrieben').waitFor();
  await waitState(participant, 'stored');

  // Both lose the network.
  await host.setOffline(true);
  await phone.setOffline(true);
  await waitState(facilitator, 'offline');
  await waitState(participant, 'offline');

  // The facilitator moves a cluster, writes a card and votes; the participant writes and votes.
  const heading = facilitator.getByRole('region', { name: 'Rubrik: Sprache' });
  await heading.focus();
  for (let i = 0; i < 5; i++) await facilitator.keyboard.press('ArrowDown');
  await addCard(facilitator, 'Offline am Laptop');
  await vote(facilitator, ['Bildung', 'Sprache', 'Arbeitsmarkt']);
  await addCard(participant, 'Offline am Handy');
  await vote(participant, ['Bildung', 'Sprache', 'Arbeitsmarkt']);

  // Back one after the other. The laptop's card is on the server (and was relayed to every
  // connected device before that), but the phone, still offline, does not have it.
  await host.setOffline(false);
  await waitState(facilitator, 'stored');
  assert.equal(await card(participant, 'Offline am Laptop').count(), 0, 'nothing travels while offline');
  await phone.setOffline(false);
  await seesCard(participant, 'Offline am Laptop');
  await seesCard(facilitator, 'Offline am Handy');
  await waitState(participant, 'stored');
  await facilitator.getByText('2 Stimmen abgegeben').waitFor();
  await participant.getByText('2 Stimmen abgegeben').waitFor();
  await waitState(facilitator, 'stored');

  const [a, b] = [await picture(facilitator), await picture(participant)];
  assert.deepEqual(a.cards, ['Offline am Handy', 'Offline am Laptop', 'Vorher geschrieben']);
  assert.deepEqual(a, b);
  for (const e of errors) assert.deepEqual(e, []);
  await phone.close();
  await host.close();
});

test('boards changed offline sync from the start page, which shows what is not stored yet', async () => {
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  await createBoard(facilitator, env.server.url, 'Nachtrag', { name: 'Moderation' });
  await waitState(facilitator, 'stored');
  const link = await inviteLink(facilitator);

  const phone = await newContext(env.browser, 'phone');
  const participant = await phone.newPage();
  const errors = watchErrors(participant);
  await participant.goto(link);
  await enterName(participant, 'Ben');
  await openWall(participant);
  await waitState(participant, 'stored');
  await phone.setOffline(true);
  await waitState(participant, 'offline');
  await addCard(participant, 'Im Zug geschrieben');
  await participant.getByRole('link', { name: 'Zurück zu den Wänden' }).click();
  const row = participant.getByRole('listitem').filter({ has: participant.getByRole('link', { name: 'Nachtrag' }) });
  await row.getByRole('status').getByText('Offline: Änderungen noch nicht auf dem Server').waitFor();

  await phone.setOffline(false);
  await row.getByRole('status').getByText('Auf dem Server gespeichert').waitFor();
  await seesCard(facilitator, 'Im Zug geschrieben');
  assert.deepEqual(errors, []);
  await phone.close();
  await host.close();
});

test('a board made offline is shared on the server later', async () => {
  const device = await newContext(env.browser, 'desktop');
  const page = await device.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await page.getByRole('heading', { name: 'Deine Wände' }).waitFor();
  await device.setOffline(true);
  await page.getByLabel('Titel der Wand').fill('Im Funkloch');
  await page.getByRole('button', { name: 'Wand anlegen' }).click();
  await page.getByRole('region', { name: 'Wand: Im Funkloch' }).waitFor();
  await addCard(page, 'Ohne Netz angelegt');

  await device.setOffline(false);
  await boardMenu(page, 'Teilen');
  // Now others will see this person: the app asks for a name.
  await enterName(page, 'Dora');
  await waitState(page, 'stored');
  await seesCard(page, 'Ohne Netz angelegt');
  const link = await inviteLink(page);

  const other = await newContext(env.browser, 'phone');
  const phone = await other.newPage();
  await phone.goto(link);
  await enterName(phone, 'Cem');
  await openWall(phone);
  await seesCard(phone, 'Ohne Netz angelegt');
  assert.deepEqual(errors.filter((e) => !/Failed to fetch|ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await other.close();
  await device.close();
});
