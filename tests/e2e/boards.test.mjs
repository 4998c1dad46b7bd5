// The board list, browser storage (reload) and the language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCard, addStep, card, createBoard, facilitatedBoard, waitStored } from './steps.mjs';

const env = serverAndBrowser();

test('boards: listed, opened, renamed and deleted only after confirmation', async () => {
  const context = await newContext(env.browser, 'phone');
  const page = await context.newPage();
  const errors = watchErrors(page);
  const sections = () => page.locator('.home-main h2').allTextContents();
  // A browser without boards: joining and a new board first, the (empty) list last.
  await page.goto(env.server.url);
  await page.getByText('Noch keine Wand. Lege die erste an.').waitFor();
  assert.deepEqual((await sections()).slice(0, 2), ['An einer Wand teilnehmen', 'Neue Wand']);
  await createBoard(page, env.server.url, 'Tag 1', { name: 'Moderation' });
  await addCard(page, 'Toleranz');
  await page.getByRole('link', { name: 'Zurück zu den Wänden' }).click();
  await createBoard(page, env.server.url, 'Tag 2');
  await page.goto(env.server.url);

  const list = page.getByRole('list').filter({ has: page.getByRole('link', { name: 'Tag 1' }) });
  await list.getByRole('link', { name: 'Tag 2' }).waitFor();
  // A facilitator's browser: their boards first.
  assert.equal((await sections())[0], 'Deine Wände');

  await page.getByRole('button', { name: 'Umbenennen: Tag 1' }).click();
  await page.getByRole('region', { name: 'Deine Wände' }).getByRole('textbox', { name: 'Titel der Wand' }).fill('Tag 1 – Bestandsaufnahme');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await page.getByRole('link', { name: 'Tag 1 – Bestandsaufnahme' }).click();
  await card(page, 'Toleranz').waitFor();
  await page.goBack();

  await page.getByRole('button', { name: 'Löschen: Tag 2' }).click();
  const dialog = page.getByRole('dialog', { name: 'Wand „Tag 2“ löschen?' });
  await dialog.getByRole('button', { name: 'Abbrechen' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await page.getByRole('link', { name: 'Tag 2' }).count(), 1, 'cancel keeps the board');

  await page.getByRole('button', { name: 'Löschen: Tag 2' }).click();
  await dialog.getByRole('button', { name: 'Endgültig löschen' }).click();
  await page.getByRole('link', { name: 'Tag 2' }).waitFor({ state: 'detached' });
  await page.reload();
  await page.getByRole('link', { name: 'Tag 1 – Bestandsaufnahme' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Tag 2' }).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

// A full quota: tests/e2e/storage.test.mjs (boards live in IndexedDB since issue 17).

test('language: English when the browser prefers it, German by default, and the choice is kept', async () => {
  const en = await newContext(env.browser, 'desktop', { locale: 'en-GB' });
  const page = await en.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await page.getByRole('heading', { name: 'Your boards' }).waitFor();
  await page.getByLabel('Language').selectOption('de');
  await page.getByRole('heading', { name: 'Deine Wände' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Deine Wände' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
  assert.deepEqual(errors, []);
  await en.close();

  const fr = await newContext(env.browser, 'desktop', { locale: 'fr-FR' });
  const p2 = await fr.newPage();
  await p2.goto(env.server.url);
  await p2.getByRole('button', { name: 'Wand anlegen' }).waitFor();
  await fr.close();
});

test('language: switched with a board open, every text follows and the board stays as it was', async () => {
  const { host, facilitator: page, errors } = await facilitatedBoard(env, 'Werkstatt');
  await addCard(page, 'Toleranz');
  await page.getByRole('button', { name: 'Ablauf' }).click();
  await addStep(page, '14:00', 'Begrüßung', 'Arbeit an der Wand');
  await waitStored(page);

  await page.getByLabel('Sprache').selectOption('en');
  // Texts read once when the page was drawn follow too: the day's views, the agenda's day.
  const views = page.getByRole('group', { name: 'View' });
  for (const name of ['Wall', 'Agenda', 'Positioning', 'Group work']) {
    await views.getByRole('button', { name, exact: true }).waitFor();
  }
  await page.getByRole('heading', { name: 'The day’s agenda' }).waitFor();
  await page.getByRole('heading', { name: 'Day 1', exact: true }).waitFor();
  assert.equal(await page.getByText(/Ablauf|Aufstellung|Gruppenarbeit|Tag 1/).count(), 0, 'no German left');
  // Still the agenda, still stored, and the focus on the language select.
  assert.equal(await views.getByRole('button', { name: 'Agenda', exact: true }).getAttribute('aria-pressed'), 'true');
  await page.waitForFunction(() => document.activeElement?.id === 'language');
  await waitStored(page);
  await views.getByRole('button', { name: 'Wall', exact: true }).click();
  await card(page, 'Toleranz').waitFor();

  await page.getByLabel('Language').selectOption('de');
  await page.getByRole('group', { name: 'Ansicht' }).getByRole('button', { name: 'Ablauf', exact: true }).waitFor();
  assert.deepEqual(errors.flat(), []);
  await host.close();
});
