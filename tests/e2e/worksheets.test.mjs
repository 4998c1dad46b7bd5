// Group work through the real server: the facilitator sets up a group for a field and its
// worksheet, two participants join on their phones and type in the same answer at once
// (nothing lost, no caret jumps), and the facilitator exports the documentation: the
// Markdown holds both texts and the print page becomes a PDF.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCluster, createBoard, enterName, inviteLink, boardMenu, waitStored } from './steps.mjs';

const env = serverAndBrowser();
const FIELD = 'Bildung / Sprache';
const QUESTION = '1. Welche Projekte zu diesem Handlungsfeld kennen Sie vor Ort?';

test('two participants fill one worksheet at once; the documentation holds both', async () => {
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  const errors = [watchErrors(facilitator)];
  await createBoard(facilitator, env.server.url, 'Integrationsworkshop', { name: 'Moderation' });
  await addCluster(facilitator, FIELD);
  const link = await inviteLink(facilitator);

  // A group for the field, and the field analysis for it.
  await facilitator.getByRole('button', { name: 'Gruppenarbeit' }).click();
  await facilitator.getByLabel('Handlungsfeld', { exact: true }).selectOption({ label: FIELD });
  await facilitator.getByLabel('Höchstens Personen (leer: offen)').fill('2');
  await facilitator.getByRole('button', { name: 'Gruppe anlegen' }).click();
  await facilitator.getByRole('listitem', { name: FIELD }).waitFor();
  await facilitator.getByLabel('Für', { exact: true }).selectOption({ label: FIELD });
  await facilitator.getByRole('button', { name: 'Arbeitsblatt anlegen' }).click();
  await facilitator.getByRole('heading', { name: `Analyse des Handlungsfelds: ${FIELD}` }).waitFor();
  await waitStored(facilitator);

  // Two phones join the group (its cap is two) and open the worksheet.
  const people = [];
  for (const name of ['Anna', 'Ben']) {
    const context = await newContext(env.browser, 'phone');
    const page = await context.newPage();
    errors.push(watchErrors(page));
    await page.goto(link);
    await enterName(page, name);
    await page.getByRole('button', { name: 'Gruppenarbeit' }).click();
    await page.getByRole('button', { name: `Beitreten: ${FIELD}` }).click();
    await page.getByText('Deine Gruppe').waitFor();
    await page.getByRole('heading', { name: `Analyse des Handlungsfelds: ${FIELD}` }).waitFor();
    people.push({ name, page, context });
  }
  const [anna, ben] = people;
  // The group is full now: a third person could not join (the facilitator sees "2 von 2").
  await facilitator.getByText('2 von 2 Plätzen').waitFor();

  // Both type into the same answer at the same time: Anna at the end, Ben at the start.
  const annaField = anna.page.getByLabel(QUESTION);
  const benField = ben.page.getByLabel(QUESTION);
  await annaField.fill('Familienbesucherinnen');
  await benField.waitFor();
  await ben.page.waitForFunction((q) => [...document.querySelectorAll('textarea')].some((t) => t.value === 'Familienbesucherinnen'), QUESTION);
  await annaField.focus();
  await anna.page.keyboard.press('End');
  await benField.focus();
  await ben.page.keyboard.press('Home');
  await Promise.all([
    anna.page.keyboard.type(', Familienklassenzimmer', { delay: 40 }),
    ben.page.keyboard.type('Ausbildungspaten, ', { delay: 45 }),
  ]);
  const expected = 'Ausbildungspaten, Familienbesucherinnen, Familienklassenzimmer';
  for (const { page } of people) {
    await page.waitForFunction((want) => [...document.querySelectorAll('textarea')].some((t) => t.value === want), expected);
    await waitStored(page);
  }

  // A goals sheet: the SMART check names what is missing.
  await facilitator.getByLabel('Vorlage', { exact: true }).selectOption({ label: 'Leitziele und Jahresziele' });
  await facilitator.getByLabel('Für', { exact: true }).selectOption({ label: FIELD });
  await facilitator.getByRole('button', { name: 'Arbeitsblatt anlegen' }).click();
  await anna.page.getByRole('button', { name: `Leitziele und Jahresziele: ${FIELD}` }).click();
  await anna.page.getByRole('button', { name: 'Leitziel', exact: true }).click();
  await anna.page.getByLabel('Leitziel', { exact: true }).fill('Alle Kinder besuchen regelmäßig die Schule');
  await anna.page.getByRole('checkbox', { name: 'terminiert' }).check();
  await anna.page.getByText('Es fehlt noch: „spezifisch“ · „messbar“ · „attraktiv“ · „realistisch“ · ein Datum (für „terminiert“) · ein Jahresziel · ein Indikator').waitFor();
  await anna.page.getByLabel('Zieljahr').fill('2020');
  await anna.page.getByLabel('Zieljahr').press('Tab');
  await anna.page.getByText('Es fehlt noch: „spezifisch“ · „messbar“ · „attraktiv“ · „realistisch“ · ein Jahresziel · ein Indikator').waitFor();
  await anna.page.getByRole('button', { name: 'Jahresziel', exact: true }).click();
  await anna.page.getByLabel('Jahresziel', { exact: true }).fill('Der Runde Tisch tagt sechsmal im Jahr');
  await waitStored(anna.page);

  // An action plan for that Jahresziel: picked from the goals sheet, not typed again.
  await facilitator.getByLabel('Vorlage', { exact: true }).selectOption({ label: 'Maßnahme' });
  await facilitator.getByLabel('Für', { exact: true }).selectOption({ label: FIELD });
  await facilitator.getByRole('button', { name: 'Arbeitsblatt anlegen' }).click();
  await facilitator.getByLabel('Jahresziel aus den Leitzielen übernehmen').selectOption({ label: 'Der Runde Tisch tagt sechsmal im Jahr' });
  await facilitator.waitForFunction(() => [...document.querySelectorAll('textarea')].some((t) => t.value === 'Der Runde Tisch tagt sechsmal im Jahr'));
  await waitStored(facilitator);

  // The documentation: Markdown with both texts, and a print page that becomes a PDF.
  await boardMenu(facilitator, 'Dokumentation');
  const docs = facilitator.getByRole('dialog', { name: 'Dokumentation' });
  const [download] = await Promise.all([
    facilitator.waitForEvent('download'),
    docs.getByRole('button', { name: 'Markdown herunterladen' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^Integrationsworkshop – Dokumentation\.md$/);
  const markdown = await readFile(await download.path(), 'utf8');
  assert.match(markdown, /^# Integrationsworkshop/m);
  assert.ok(markdown.includes(expected), markdown);
  assert.ok(markdown.includes('Alle Kinder besuchen regelmäßig die Schule'), markdown);
  assert.ok(markdown.includes('Der Runde Tisch tagt sechsmal im Jahr'), markdown);

  const [printPage] = await Promise.all([
    host.waitForEvent('page'),
    docs.getByRole('button', { name: 'Druckansicht öffnen' }).click(),
  ]);
  await printPage.waitForLoadState();
  await printPage.getByRole('heading', { name: 'Integrationsworkshop', level: 1 }).waitFor();
  assert.ok((await printPage.textContent('body')).includes(expected));
  const pdf = await printPage.pdf({ format: 'A4' });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  assert.ok(pdf.length > 10_000, `a PDF of ${pdf.length} bytes`);

  for (const e of errors) assert.deepEqual(e, []);
  for (const { context } of people) await context.close();
  await host.close();
});
