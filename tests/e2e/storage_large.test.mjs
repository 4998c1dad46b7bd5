// A workshop-sized board in browser storage (issue 17): 12,000 cards with 400-character texts
// (several MB) opened from a board file, edited offline, reloaded offline, the browser
// restarted (same profile), all cards still there without a quota warning; then shared on
// the server, which receives every card. The server keeps its default 1 MiB message limit:
// the app sends the 6 MB board in pieces (docs/API.md, "Large updates"; the pieces themselves
// are checked in storage_large_sync.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import * as Y from 'yjs';
import { startServer, watchErrors } from './harness.mjs';
import { addCard, card, enterName, boardMenu } from './steps.mjs';
import { boardFile, buildDoc } from '../../bench/board-file.mjs';
import { stockClient, synced } from '../interop/yjs.mjs';
import { docOf, storedEntries } from './idb.mjs';

const CARDS = 12_000;
const TITLE = 'Großer Workshop';
const ID = 'grosserWorkshop12k';
const dir = mkdtempSync(join(tmpdir(), 'kartenwand-large-'));
let server;
let open;

before(async () => { server = await startServer(); });
after(async () => {
  await open?.close().catch(() => {});
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Chromium with a profile on disk, so that closing and launching again is a browser restart. */
async function launch() {
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    locale: 'de-DE',
    viewport: { width: 1280, height: 800 },
  });
  context.setDefaultTimeout(30_000);
  open = context;
  return context;
}

const storageWarnings = (page) => page.locator('.storage-warning').count();

test('a 12,000-card board is imported, edited offline, survives a reload and a browser restart, then syncs', async () => {
  const doc = buildDoc(TITLE, CARDS, { textLength: 400 });
  const file = join(dir, 'gross.kartenwand');
  writeFileSync(file, boardFile(ID, TITLE, Y.encodeStateAsUpdateV2(doc)));

  let context = await launch();
  let page = context.pages()[0] ?? await context.newPage();
  let errors = watchErrors(page);
  await page.goto(server.url);
  await page.waitForFunction(() => navigator.serviceWorker?.controller);
  await page.locator('input[type=file][accept=".kartenwand"]').setInputFiles(file);
  await page.getByRole('status').filter({ hasText: `„${TITLE}“ aus der Datei übernommen: ${CARDS} Karten.` }).waitFor({ timeout: 60_000 });

  // Offline from here: open it, add a card, reload.
  await context.setOffline(true);
  await page.getByRole('link', { name: TITLE }).click();
  await page.getByRole('region', { name: `Wand: ${TITLE}` }).waitFor();
  await addCard(page, 'Offline an der großen Wand');
  await page.getByText('Gespeichert', { exact: true }).waitFor();
  await page.reload();
  await card(page, 'Offline an der großen Wand').waitFor();
  assert.equal(await storageWarnings(page), 0);
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await context.close();

  // The browser restarts, still without a network.
  context = await launch();
  await context.setOffline(true);
  page = context.pages()[0] ?? await context.newPage();
  errors = watchErrors(page);
  await page.goto(`${server.url}/b/${ID}`);
  await card(page, 'Offline an der großen Wand').waitFor();
  assert.equal(await storageWarnings(page), 0);
  const stored = docOf(await storedEntries(page, ID));
  const cards = stored.getMap('cards');
  assert.equal(cards.size, CARDS + 1, 'every card is stored');
  assert.equal(cards.get('card11999').get('text').toString().length, 400);
  assert.ok([...cards.values()].some((c) => c.get('text').toString() === 'Offline an der großen Wand'));
  await page.goto(server.url);
  await page.getByRole('link', { name: TITLE }).waitFor();
  assert.equal(await storageWarnings(page), 0, 'no quota warning on the start page');
  // The start page says whether the browser keeps the boards, and the space used and free.
  const note = page.getByRole('region', { name: 'Speicher dieses Browsers' });
  await note.getByText(/^(Die Wände bleiben gespeichert|Der Browser darf die Wände löschen)/).waitFor();
  assert.match(await note.textContent(), /\d+,\d (kB|MB|GB) belegt, \d+,\d (kB|MB|GB) frei/);

  // Online again: shared on the server, which then holds every card.
  await context.setOffline(false);
  await page.getByRole('link', { name: TITLE }).click();
  await boardMenu(page, 'Teilen');
  await enterName(page, 'Moderation');
  await page.waitForFunction(() => document.querySelector('.sync-badge')?.dataset.state === 'stored', null, { timeout: 120_000 });
  const id = new URL(page.url()).pathname.split('/').pop();
  const token = await page.evaluate((id) => JSON.parse(localStorage.getItem('kartenwand.boards')).boards.find((b) => b.id === id).token, id);
  const client = stockClient(server, id, token);
  await synced(client, 60_000);
  const onServer = client.doc.getMap('cards');
  assert.equal(onServer.size, CARDS + 1, 'the server has every card');
  assert.ok([...onServer.values()].some((c) => c.get('text').toString() === 'Offline an der großen Wand'));
  client.destroy();
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await context.close();
});
