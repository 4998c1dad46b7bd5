// One phone, two voters: a third ballot comes from a second key (as a phone that reconnects
// with a fresh key would cast it). The facilitator sees everyone who voted by name, excludes
// the extra ballot, and the ranking changes on every screen; counting it again restores it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCluster, createBoard, enterName, inviteLink, ranking, waitStored } from './steps.mjs';

const env = serverAndBrowser();

const ROUND = 'Was ist am wichtigsten?';
// Seed rules: 5 dots, at most 2 per field, at least 3 fields.
const BALLOTS = {
  Anna: { Bildung: 2, Sprache: 2, Arbeitsmarkt: 1 },
  Ben: { Bildung: 1, Sprache: 2, Arbeitsmarkt: 2 },
  Zweitstimme: { Arbeitsmarkt: 2, Sprache: 1, Bildung: 1 },
};

const plus = (sheet, field) => sheet.getByRole('button', { name: `Einen Punkt mehr: ${field}` });

/** Waits until the page shows `expected` as its ranking. */
async function rankingIs(page, expected) {
  await page.waitForFunction((want) => {
    const list = [...document.querySelectorAll('.ranking-item')].map((item) =>
      ['.ranking-rank', '.ranking-title', '.ranking-points'].map((c) => item.querySelector(c)?.textContent.trim()).join(' '));
    return JSON.stringify(list) === JSON.stringify(want);
  }, expected);
  assert.deepEqual(await ranking(page), expected);
}

test('the facilitator sees who voted by name and excludes an extra ballot', async () => {
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  const errors = [watchErrors(facilitator)];
  await createBoard(facilitator, env.server.url, 'Stimmen prüfen', { name: 'Moderation' });
  for (const field of Object.keys(BALLOTS.Anna)) await addCluster(facilitator, field);
  await waitStored(facilitator);
  const link = await inviteLink(facilitator);

  await facilitator.getByRole('button', { name: 'Abstimmung', exact: true }).click();
  const rounds = facilitator.getByRole('dialog', { name: 'Abstimmungen' });
  await rounds.getByLabel('Frage').fill(ROUND);
  await rounds.getByRole('button', { name: 'Abstimmung anlegen' }).click();
  const row = rounds.getByRole('listitem', { name: ROUND });
  await row.getByRole('button', { name: 'Öffnen' }).click();
  await rounds.getByRole('button', { name: 'Schließen', exact: true }).last().click();
  await rounds.waitFor({ state: 'hidden' });

  const phones = [];
  for (const [name, ballot] of Object.entries(BALLOTS)) {
    const context = await newContext(env.browser, 'phone');
    const page = await context.newPage();
    errors.push(watchErrors(page));
    await page.goto(link);
    await enterName(page, name);
    await page.getByRole('button', { name: 'Jetzt abstimmen' }).click();
    const sheet = page.getByRole('dialog', { name: ROUND });
    for (const [field, dots] of Object.entries(ballot)) {
      for (let i = 0; i < dots; i++) await plus(sheet, field).click();
    }
    await sheet.getByRole('button', { name: 'Stimme abgeben' }).click();
    await sheet.getByText('Deine Stimme ist abgegeben.', { exact: false }).waitFor();
    await waitStored(page);
    phones.push({ name, page, context });
  }

  // Reveal, so the phones show the points too.
  await facilitator.getByRole('button', { name: 'Abstimmung', exact: true }).click();
  await row.getByRole('button', { name: 'Schließen' }).click();
  await row.getByRole('button', { name: 'Aufdecken' }).click();
  await rounds.getByRole('button', { name: 'Schließen', exact: true }).last().click();
  await facilitator.getByRole('button', { name: 'Ergebnis' }).click();
  const counted = ['1. Arbeitsmarkt 5 Punkte', '1. Sprache 5 Punkte', '3. Bildung 4 Punkte'];
  await rankingIs(facilitator, counted);

  // Everyone who voted, by name, with their dots.
  const voters = facilitator.getByRole('region', { name: 'Wer abgestimmt hat' });
  await voters.getByText('3 Stimmen', { exact: true }).waitFor();
  const names = await voters.getByRole('list').getByRole('listitem').locator('.voter-name').allTextContents();
  assert.deepEqual(names, ['Anna', 'Ben', 'Zweitstimme']);
  await voters.getByRole('listitem').filter({ hasText: 'Zweitstimme' }).getByText('4 Punkte · gezählt').waitFor();

  // Exclude the extra ballot: the ranking follows, here and on the phones.
  await voters.getByRole('button', { name: 'Zweitstimme ausschließen' }).click();
  await voters.getByText('3 Stimmen · 1 ausgeschlossen', { exact: true }).waitFor();
  await voters.getByRole('listitem').filter({ hasText: 'Zweitstimme' }).getByText('4 Punkte · ausgeschlossen').waitFor();
  await facilitator.getByText('2 gültige Stimmen · 10 Punkte').waitFor();
  const fair = ['1. Sprache 4 Punkte', '2. Arbeitsmarkt 3 Punkte', '2. Bildung 3 Punkte'];
  await rankingIs(facilitator, fair);
  // The phones show the ranking since the reveal.
  await rankingIs(phones[0].page, fair);

  // Counted again.
  await voters.getByRole('button', { name: 'Zweitstimme wieder zählen' }).click();
  await voters.getByText('3 Stimmen', { exact: true }).waitFor();
  await rankingIs(facilitator, counted);
  await rankingIs(phones[0].page, counted);

  // Participants never see the list.
  assert.equal(await phones[1].page.getByRole('region', { name: 'Wer abgestimmt hat' }).count(), 0);

  for (const e of errors) assert.deepEqual(e, []);
  for (const { context } of phones) await context.close();
  await host.close();
});
