// Board files: a board carried between two devices that never share a network. Device A
// (the facilitator's laptop, on the server) saves the board as a file; device B (a phone
// that never reaches the server) opens it from the start page; both change the board; A
// imports B's file and has both sides, and so does the server. Damaged and foreign files
// get a clear error and change nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCard, card, createBoard, enterName, boardMenu, boardMenuByKeyboard } from './steps.mjs';

const env = serverAndBrowser();

/** A 1×1 PNG: a file that is certainly not a board file. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Only failures of the app count: B's blocked requests to the server are on purpose, and so
 * is a service worker that cannot be fetched while B is offline.
 */
const appErrors = (errors) =>
  errors.filter((e) => !/Failed to load resource|ERR_FAILED|error occurred when fetching the script/.test(e));

/** Opens the board's file dialog. */
async function fileDialog(page) {
  await boardMenu(page, 'Datei: speichern oder einlesen');
  const dialog = page.getByRole('dialog', { name: 'Wand als Datei' });
  await dialog.waitFor();
  return dialog;
}

/** Saves the open board as a file into `dir`; returns its path and suggested name. */
async function saveBoardFile(page, dir, as) {
  const dialog = await fileDialog(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Als Datei speichern' }).click(),
  ]);
  const path = join(dir, as);
  await download.saveAs(path);
  await dialog.getByRole('button', { name: 'Schließen' }).click();
  await dialog.waitFor({ state: 'hidden' });
  return { path, name: download.suggestedFilename() };
}

/** The boards this browser stores (the list, and every document entry in IndexedDB), to prove a refused file changed nothing. */
const stored = (page) => page.evaluate(async () => {
  const list = Object.entries(localStorage).filter(([k]) => k.startsWith('kartenwand.board')).sort();
  const entries = await new Promise((ok, fail) => {
    const open = indexedDB.open('kartenwand');
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      if (!open.result.objectStoreNames.contains('updates')) { open.result.close(); ok([]); return; }
      const get = open.result.transaction('updates').objectStore('updates').getAll();
      get.onerror = () => fail(get.error);
      get.onsuccess = () => { open.result.close(); ok(get.result.map((e) => [e.board, e.format, Array.from(e.data).join(',')])); };
    };
  });
  return JSON.stringify([list, entries]);
});

/** The texts of all cards on the wall, sorted. */
async function cardTexts(page) {
  const names = await page.locator('.wall li[data-card-id]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  return [...new Set(names)].sort();
}

test('board files: save, open on a device without network, change both, import merges; bad files change nothing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kartenwand-files-'));

  // Device A: the facilitator's board on the server.
  const a = await newContext(env.browser, 'desktop');
  const pageA = await a.newPage();
  const errorsA = watchErrors(pageA);
  await createBoard(pageA, env.server.url, 'Tag 1', { name: 'Moderation' });
  await addCard(pageA, 'Toleranz');
  await addCard(pageA, 'Zugang zur Bildung');
  const fileA = await saveBoardFile(pageA, dir, 'a.kartenwand');
  assert.equal(fileA.name, 'Tag 1.kartenwand');
  const bytesA = await readFile(fileA.path);
  assert.equal(bytesA.subarray(0, 16).toString('latin1'), 'KARTENWAND-BOARD');

  // Device B: a phone that never reaches the server (no board creation, no sync).
  const b = await newContext(env.browser, 'phone');
  await b.route('**/api/**', (route) => route.abort());
  const pageB = await b.newPage();
  const errorsB = watchErrors(pageB);
  await pageB.goto(env.server.url);
  // The app is running (its wasm arrived after the page's load event) before the network goes.
  const open = pageB.getByLabel('Wand aus Datei öffnen');
  await open.waitFor({ state: 'attached' });
  await b.setOffline(true);

  // Bad input first: the list stays empty and storage untouched.
  const before = await stored(pageB);
  const cut = bytesA.subarray(0, Math.floor(bytesA.length / 2));
  const flipped = Buffer.from(bytesA);
  flipped[Math.floor(flipped.length / 2)] ^= 0x40;
  const bad = [
    [{ name: 'Tag 1.kartenwand', mimeType: 'application/octet-stream', buffer: cut }, 'Die Datei ist unvollständig (abgeschnitten). Es wurde nichts verändert.'],
    [{ name: 'Tag 1.kartenwand', mimeType: 'application/octet-stream', buffer: flipped }, 'Die Datei ist beschädigt. Es wurde nichts verändert.'],
    [{ name: 'foto.png', mimeType: 'image/png', buffer: PNG }, 'Diese Datei ist keine Kartenwand-Datei. Es wurde nichts verändert.'],
    [{ name: 'notiz.txt', mimeType: 'text/plain', buffer: Buffer.from('Protokoll, Tag 1') }, 'Diese Datei ist keine Kartenwand-Datei. Es wurde nichts verändert.'],
    [{ name: 'leer.kartenwand', mimeType: 'application/octet-stream', buffer: Buffer.alloc(0) }, 'Die Datei ist leer. Es wurde nichts verändert.'],
  ];
  for (const [file, message] of bad) {
    await open.setInputFiles(file);
    await pageB.getByRole('alert').filter({ hasText: message }).waitFor();
    assert.equal(await stored(pageB), before, `${file.name}: nothing stored changes`);
  }
  assert.equal(await pageB.getByRole('link', { name: 'Tag 1' }).count(), 0);

  // The real file: the board appears in the list and opens with its cards.
  await open.setInputFiles(fileA.path);
  await pageB.getByRole('status').filter({ hasText: '„Tag 1“ aus der Datei übernommen: 2 Karten.' }).waitFor();
  await pageB.getByRole('link', { name: 'Tag 1' }).click();
  await card(pageB, 'Toleranz').waitFor();
  await card(pageB, 'Zugang zur Bildung').waitFor();

  // Apart, both change the board.
  await addCard(pageB, 'Nur auf dem Handy');
  await addCard(pageA, 'Nur am Laptop');
  const fileB = await saveBoardFile(pageB, dir, 'b.kartenwand');
  assert.equal(fileB.name, 'Tag 1.kartenwand');

  // A imports B's file into its board: both sides are there.
  let dialog = await fileDialog(pageA);
  await dialog.getByLabel('Datei einlesen').setInputFiles(fileB.path);
  await pageA.getByRole('status').filter({ hasText: 'Datei eingelesen: 4 Karten' }).waitFor();
  await card(pageA, 'Nur auf dem Handy').waitFor();
  assert.deepEqual(await cardTexts(pageA), ['Nur am Laptop', 'Nur auf dem Handy', 'Toleranz', 'Zugang zur Bildung']);

  // Importing it again changes nothing. By keyboard: the board menu's item, then Tab from
  // "save" reaches the file input by its name.
  await boardMenuByKeyboard(pageA, 'Datei: speichern oder einlesen');
  dialog = pageA.getByRole('dialog', { name: 'Wand als Datei' });
  await dialog.getByRole('button', { name: 'Als Datei speichern' }).focus();
  await pageA.keyboard.press('Tab');
  const focused = await pageA.evaluate(() => [document.activeElement.type, document.activeElement.labels[0]?.textContent.trim()]);
  assert.deepEqual(focused, ['file', 'Datei einlesen']);
  await dialog.getByLabel('Datei einlesen').setInputFiles(fileB.path);
  await pageA.getByRole('status').filter({ hasText: 'Datei eingelesen: 4 Karten' }).waitFor();

  // A damaged file on the wall: a clear error, the board unchanged.
  dialog = await fileDialog(pageA);
  const fileBBytes = await readFile(fileB.path);
  await dialog.getByLabel('Datei einlesen').setInputFiles({ name: 'b.kartenwand', mimeType: 'application/octet-stream', buffer: fileBBytes.subarray(0, fileBBytes.length - 10) });
  await dialog.getByRole('alert').filter({ hasText: 'Die Datei ist unvollständig (abgeschnitten). Es wurde nichts verändert.' }).waitFor();
  await dialog.getByLabel('Datei einlesen').setInputFiles({ name: 'foto.png', mimeType: 'image/png', buffer: PNG });
  await dialog.getByRole('alert').filter({ hasText: 'Diese Datei ist keine Kartenwand-Datei. Es wurde nichts verändert.' }).waitFor();
  assert.deepEqual(await cardTexts(pageA), ['Nur am Laptop', 'Nur auf dem Handy', 'Toleranz', 'Zugang zur Bildung']);
  await dialog.getByRole('button', { name: 'Schließen' }).click();

  // The server has both sides too: someone joining with the invitation link sees them.
  await boardMenu(pageA, 'Teilen');
  const link = await pageA.getByRole('dialog', { name: 'Wand teilen' }).getByLabel('Link für Teilnehmende').inputValue();
  const c = await newContext(env.browser, 'desktop');
  const pageC = await c.newPage();
  await pageC.goto(link);
  await enterName(pageC, 'Gast');
  await card(pageC, 'Nur auf dem Handy').waitFor();
  await card(pageC, 'Nur am Laptop').waitFor();
  await c.close();

  // B after a reload (online again to load the page; its board still never syncs): the
  // board is stored with B's change. A file of another board on B's wall is refused there
  // and offered as a board of its own.
  await b.setOffline(false);
  await pageB.reload();
  await card(pageB, 'Nur auf dem Handy').waitFor();
  const other = await newContext(env.browser, 'desktop');
  await other.route('**/api/**', (route) => route.abort());
  const pageO = await other.newPage();
  await createBoard(pageO, env.server.url, 'Andere Wand');
  await addCard(pageO, 'Von der anderen Wand');
  const fileO = await saveBoardFile(pageO, dir, 'o.kartenwand');
  await other.close();
  const boardB = await cardTexts(pageB);
  dialog = await fileDialog(pageB);
  await dialog.getByLabel('Datei einlesen').setInputFiles(fileO.path);
  await dialog.getByRole('alert').filter({ hasText: 'Diese Datei gehört zu einer anderen Wand („Andere Wand“) und wurde nicht eingelesen.' }).waitFor();
  assert.deepEqual(await cardTexts(pageB), boardB, 'the open board is unchanged');
  await dialog.getByRole('button', { name: 'Als eigene Wand öffnen' }).click();
  await card(pageB, 'Von der anderen Wand').waitFor();
  await pageB.getByRole('link', { name: 'Zurück zu den Wänden' }).click();
  await pageB.getByRole('link', { name: 'Andere Wand' }).waitFor();
  await pageB.getByRole('link', { name: 'Tag 1' }).waitFor();

  assert.deepEqual(appErrors(errorsA), []);
  assert.deepEqual(appErrors(errorsB), []);
  await a.close();
  await b.close();
  await rm(dir, { recursive: true, force: true });
});
