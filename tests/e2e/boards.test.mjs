// The board list, browser storage (reload, full quota) and the language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCard, card, createBoard } from './steps.mjs';

const env = serverAndBrowser();

test('boards: listed, opened, renamed and deleted only after confirmation', async () => {
  const context = await newContext(env.browser, 'phone');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, 'Tag 1', { name: 'Moderation' });
  await addCard(page, 'Toleranz');
  await page.getByRole('link', { name: 'Zurück zu den Wänden' }).click();
  await createBoard(page, env.server.url, 'Tag 2');
  await page.goto(env.server.url);

  const list = page.getByRole('list').filter({ has: page.getByRole('link', { name: 'Tag 1' }) });
  await list.getByRole('link', { name: 'Tag 2' }).waitFor();

  await page.getByRole('button', { name: 'Umbenennen: Tag 1' }).click();
  await page.getByRole('textbox', { name: 'Titel der Wand' }).last().fill('Tag 1 – Bestandsaufnahme');
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

test('storage: a full quota warns, keeps what was saved, and saving resumes when space is back', async () => {
  const context = await newContext(env.browser, 'desktop');
  // No server for this board: it lives in this browser only, so storage is all there is.
  await context.route('**/api/boards', (route) => route.abort());
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, 'Voll');
  await page.getByRole('status', { name: 'Verbindung: Nur in diesem Browser' }).waitFor();
  await addCard(page, 'Gespeichert vor dem Fehler');
  await page.getByText('Gespeichert', { exact: true }).waitFor();

  // From now on every write fails the way a full localStorage does.
  await page.evaluate(() => {
    window.__realSetItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await addCard(page, 'Nach dem Fehler');
  const warning = page.getByRole('alert').filter({ hasText: 'Speicher dieses Browsers ist voll' });
  await warning.waitFor();

  // What was saved before is intact: a second tab reads it from storage.
  const other = await context.newPage();
  await other.goto(page.url());
  await card(other, 'Gespeichert vor dem Fehler').waitFor();
  assert.equal(await card(other, 'Nach dem Fehler').count(), 0);
  await other.close();

  // Space is back: the next change saves everything and the warning goes.
  await page.evaluate(() => { Storage.prototype.setItem = window.__realSetItem; });
  await addCard(page, 'Wieder Platz');
  await warning.waitFor({ state: 'detached' });
  await page.reload();
  await card(page, 'Nach dem Fehler').waitFor();
  await card(page, 'Wieder Platz').waitFor();
  // The aborted board creation is the only failed request, and it is expected.
  assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []);
  await context.close();
});

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
