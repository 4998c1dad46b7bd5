// Dot voting through the real server: a facilitator sets up and runs a round with the seed
// workshop's rules, five people vote on phones (one tries to break every rule and is
// stopped with a message), the projector shows the revealed ranking, two fields are merged,
// and the result is exported as CSV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCluster, cluster, createBoard, enterName, ranking, boardMenu, waitStored } from './steps.mjs';

const env = serverAndBrowser();

const FIELDS = ['Bildung', 'Sprache', 'Arbeitsmarkt', 'Vernetzung', 'Partizipation'];
const ROUND = 'Welche Handlungsfelder sind am wichtigsten?';
// Who gives how many dots to which field (seed rules: 5 dots, at most 2 per field, at
// least 3 fields; fewer than 5 dots is fine).
const BALLOTS = {
  Anna: { Bildung: 2, Sprache: 2, Arbeitsmarkt: 1 },
  Ben: { Bildung: 2, Arbeitsmarkt: 2, Vernetzung: 1 },
  Cem: { Sprache: 1, Vernetzung: 1, Partizipation: 1 },
  Dana: { Bildung: 1, Sprache: 1, Arbeitsmarkt: 1, Vernetzung: 1, Partizipation: 1 },
  Emil: { Bildung: 2, Partizipation: 2, Sprache: 1 },
};

const ballotOf = (page) => page.getByRole('dialog', { name: ROUND });
const plus = (sheet, field) => sheet.getByRole('button', { name: `Einen Punkt mehr: ${field}` });
const said = (sheet) => sheet.getByRole('alert');

test('a round with the seed rules, voted on five phones, revealed on the projector, fields merged', async () => {
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  const errors = [watchErrors(facilitator)];
  await createBoard(facilitator, env.server.url, 'Integrationsworkshop', { name: 'Moderation' });
  for (const field of FIELDS) await addCluster(facilitator, field);
  await waitStored(facilitator);

  await boardMenu(facilitator, 'Teilen');
  const share = facilitator.getByRole('dialog', { name: 'Wand teilen' });
  const link = await share.getByLabel('Link für Teilnehmende').inputValue();
  const projectorLink = await share.getByLabel('Link für den Projektor (nur ansehen)').inputValue();
  await share.getByRole('button', { name: 'Schließen' }).click();

  // Set up the round (the form starts with the seed's rules) and open it.
  await facilitator.getByRole('button', { name: 'Abstimmung', exact: true }).click();
  const rounds = facilitator.getByRole('dialog', { name: 'Abstimmungen' });
  assert.equal(await rounds.getByLabel('Punkte pro Person').inputValue(), '5');
  assert.equal(await rounds.getByLabel('Höchstens pro Eintrag').inputValue(), '2');
  assert.equal(await rounds.getByLabel('Mindestens verschiedene').inputValue(), '3');
  await rounds.getByRole('button', { name: 'Abstimmung anlegen' }).click();
  const row = rounds.getByRole('listitem', { name: ROUND });
  await row.getByText('in Vorbereitung').waitFor();
  await row.getByRole('button', { name: 'Öffnen' }).click();
  await row.getByRole('button', { name: '3 Min.' }).click();
  await rounds.getByRole('button', { name: 'Schließen', exact: true }).last().click();
  await rounds.waitFor({ state: 'hidden' });

  // The projector joins with its read-only link.
  const beamer = await newContext(env.browser, 'projector');
  const projector = await beamer.newPage();
  errors.push(watchErrors(projector));
  await projector.goto(projectorLink);
  await cluster(projector, 'Bildung').waitFor();
  await projector.getByRole('timer').waitFor();

  // Five phones join and vote.
  const phones = [];
  for (const name of Object.keys(BALLOTS)) {
    const context = await newContext(env.browser, 'phone');
    const page = await context.newPage();
    errors.push(watchErrors(page));
    await page.goto(link);
    await enterName(page, name);
    await page.getByRole('button', { name: 'Jetzt abstimmen' }).click();
    phones.push({ name, page, context });
  }
  const [anna] = phones;
  await anna.page.getByRole('timer').waitFor();

  // Anna tries to break each rule first.
  const sheet = ballotOf(anna.page);
  await sheet.getByText('5 Punkte · höchstens 2 pro Feld · mindestens 3 Felder').waitFor();
  await plus(sheet, 'Bildung').click();
  await plus(sheet, 'Bildung').click();
  await plus(sheet, 'Bildung').click();
  await said(sheet).getByText('Höchstens 2 Punkte pro Feld.').waitFor();
  await plus(sheet, 'Sprache').click();
  await plus(sheet, 'Sprache').click();
  await sheet.getByRole('status').getByText('Noch 1 von 5 Punkten übrig').waitFor();
  await sheet.getByRole('button', { name: 'Stimme abgeben' }).click();
  await said(sheet).getByText('Bitte mindestens 3 verschiedene Felder bepunkten (bisher 2).').waitFor();
  await plus(sheet, 'Arbeitsmarkt').click();
  await plus(sheet, 'Vernetzung').click();
  await said(sheet).getByText('Alle 5 Punkte sind verteilt. Nimm erst woanders einen Punkt weg.').waitFor();
  assert.equal(await sheet.getByLabel('Punkte für Vernetzung').textContent(), '0', 'the blocked dot was not given');

  // Everyone submits their ballot (Anna's is complete now).
  for (const { name, page } of phones) {
    const s = ballotOf(page);
    if (name !== 'Anna') {
      for (const [field, dots] of Object.entries(BALLOTS[name])) {
        for (let i = 0; i < dots; i++) await plus(s, field).click();
      }
    }
    await s.getByRole('button', { name: 'Stimme abgeben' }).click();
    await s.getByText('Deine Stimme ist abgegeben.', { exact: false }).waitFor();
    await waitStored(page);
  }

  // Hidden results: a count only, no dots on the fields.
  await facilitator.getByRole('region', { name: 'Abstimmung' }).getByText('5 Stimmen abgegeben').waitFor();
  await projector.getByText('5 Stimmen abgegeben').waitFor();
  assert.equal(await anna.page.locator('.vote-badge').count(), 0, 'no dots before the reveal');

  // A participant changes their vote while the round is open: Cem moves a dot, which
  // leaves two fields only; the phone refuses that before anything leaves it.
  const cem = ballotOf(phones[2].page);
  await cem.getByRole('button', { name: 'Einen Punkt weniger: Partizipation' }).click();
  await plus(cem, 'Sprache').click();
  await cem.getByRole('button', { name: 'Stimme ändern' }).click();
  await said(cem).getByText('Bitte mindestens 3 verschiedene Felder bepunkten (bisher 2).').waitFor();
  await plus(cem, 'Arbeitsmarkt').click();
  await cem.getByRole('button', { name: 'Stimme ändern' }).click();
  await cem.getByText('Deine Stimme ist abgegeben.', { exact: false }).waitFor();
  await waitStored(phones[2].page);
  BALLOTS.Cem = { Sprache: 2, Vernetzung: 1, Arbeitsmarkt: 1 };

  // Close and reveal; the projector switches to the ranking by itself.
  await facilitator.getByRole('button', { name: 'Abstimmung', exact: true }).click();
  await row.getByRole('button', { name: 'Schließen' }).click();
  await row.getByRole('button', { name: 'Aufdecken' }).click();
  await rounds.getByRole('button', { name: 'Schließen', exact: true }).last().click();

  const totals = {};
  for (const ballot of Object.values(BALLOTS)) {
    for (const [field, dots] of Object.entries(ballot)) totals[field] = (totals[field] ?? 0) + dots;
  }
  assert.deepEqual(totals, { Bildung: 7, Sprache: 6, Arbeitsmarkt: 5, Vernetzung: 3, Partizipation: 3 });
  const expected = ['1. Bildung 7 Punkte', '2. Sprache 6 Punkte', '3. Arbeitsmarkt 5 Punkte', '4. Partizipation 3 Punkte', '4. Vernetzung 3 Punkte'];
  await projector.getByRole('heading', { name: `Ergebnis: ${ROUND}` }).waitFor();
  await projector.getByText('5 gültige Stimmen · 24 Punkte').waitFor();
  assert.deepEqual(await ranking(projector), expected);
  // The phones show the ranking by themselves; back on the wall, the fields carry their points.
  await anna.page.getByRole('heading', { name: `Ergebnis: ${ROUND}` }).waitFor();
  assert.deepEqual(await ranking(anna.page), expected);
  await anna.page.getByRole('button', { name: 'Zurück zur Wand' }).first().tap();
  await anna.page.getByRole('button', { name: 'Wand ansehen' }).tap();
  await cluster(anna.page, 'Bildung').getByText('7 Punkte').waitFor();

  // The facilitator merges Bildung and Sprache, as in the seed.
  await facilitator.getByRole('button', { name: 'Ergebnis' }).click();
  await facilitator.getByRole('checkbox', { name: 'Zum Zusammenlegen wählen: Bildung' }).check();
  await facilitator.getByRole('checkbox', { name: 'Zum Zusammenlegen wählen: Sprache' }).check();
  assert.equal(await facilitator.getByLabel('Titel des zusammengelegten Felds').inputValue(), 'Bildung / Sprache');
  await facilitator.getByRole('button', { name: 'Felder zusammenlegen' }).click();
  // The merge's one name (board's merge_name_with_points): the fields in the wall's order
  // (Sprache stands left of Bildung), as in the documentation and the CSV.
  await projector.getByText('aus Sprache (6) + Bildung (7)').waitFor();
  assert.deepEqual(await ranking(projector), ['1. Bildung / Sprache 13 Punkte', '2. Arbeitsmarkt 5 Punkte', '3. Partizipation 3 Punkte', '3. Vernetzung 3 Punkte']);

  // CSV export of the result.
  const [download] = await Promise.all([
    facilitator.waitForEvent('download'),
    facilitator.getByRole('button', { name: 'CSV herunterladen' }).click(),
  ]);
  const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
  const lines = csv.trim().split('\r\n');
  assert.equal(lines[0], 'Rang,Feld,Punkte,Stimmen,zusammengelegt aus,Namen');
  assert.match(lines[1], /^1,Bildung \/ Sprache,13,5,Sprache \(6\) \+ Bildung \(7\),/);
  assert.match(lines[1], /Anna \(4\)/);

  // The merge can be undone: the two fields stand alone again.
  await facilitator.getByRole('button', { name: 'Wieder trennen: Bildung / Sprache' }).click();
  await projector.waitForFunction(() => document.querySelectorAll('.ranking-item').length === 5);
  assert.deepEqual(await ranking(projector), expected);

  for (const e of errors) assert.deepEqual(e, []);
  for (const { context } of phones) await context.close();
  await beamer.close();
  await host.close();
});
