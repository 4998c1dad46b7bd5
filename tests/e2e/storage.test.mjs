// Browser storage on IndexedDB (issue 17): boards stored by earlier releases in localStorage
// move in on first start, two tabs of one board append to one log without losing each
// other's edits, and a full quota warns before an edit is lost and loses nothing stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCard, card, createBoard } from './steps.mjs';
import { buildDoc } from '../../bench/board-file.mjs';
import { appendEntries, docOf, storedEntries } from './idb.mjs';

const env = serverAndBrowser();

/**
 * Makes every IndexedDB write transaction of the page abort with a QuotaExceededError, the
 * way Chromium aborts one that does not fit the quota, until `window.__quotaFull` is false.
 * (CDP's `Storage.overrideQuotaForOrigin` would be the natural tool; in Chromium 156 it is
 * accepted and reports `overrideActive`, but does not reach a Playwright context's storage.)
 */
function fillQuota() {
  window.__quotaFull = true;
  const add = IDBObjectStore.prototype.add;
  IDBObjectStore.prototype.add = function (...args) {
    const request = add.apply(this, args);
    const tx = this.transaction;
    if (window.__quotaFull && !tx.__quota) {
      tx.__quota = true;
      queueMicrotask(() => tx.abort());
    }
    return request;
  };
  const error = Object.getOwnPropertyDescriptor(IDBTransaction.prototype, 'error').get;
  Object.defineProperty(IDBTransaction.prototype, 'error', {
    get() { return this.__quota ? new DOMException('The quota has been exceeded.', 'QuotaExceededError') : error.call(this); },
  });
}

const content = (doc) => JSON.stringify(['meta', 'cards', 'clusters'].map((k) => doc.getMap(k).toJSON()));

test('boards stored the old way in localStorage move to IndexedDB on first start, identical', async () => {
  const context = await newContext(env.browser, 'desktop');
  const page = await context.newPage();
  const errors = watchErrors(page);
  // The fixture as releases before IndexedDB wrote it: a base64 v2 snapshot per board.
  const fixtures = [['altA1', 'Alte Wand A', 30], ['altB2', 'Alte Wand B', 250]].map(([id, title, cards]) => ({
    id, title, cards, doc: buildDoc(title, cards),
  }));
  const old = fixtures.map((f) => [f.id, f.title, f.cards, Buffer.from(Y.encodeStateAsUpdateV2(f.doc)).toString('base64')]);
  await page.goto(`${env.server.url}/does-not-matter-404`).catch(() => {});
  await page.evaluate((old) => {
    localStorage.clear();
    for (const [id, , , snapshot] of old) localStorage.setItem(`kartenwand.board.${id}`, snapshot);
    localStorage.setItem('kartenwand.boards', JSON.stringify({
      boards: old.map(([id, title, cards], i) => ({ id, title, cards, updated: 1700000000000 + i })),
    }));
  }, old);

  await page.goto(env.server.url);
  await page.getByRole('link', { name: 'Alte Wand A' }).waitFor();
  // The old copies go once the new ones read back.
  await page.waitForFunction(() => !Object.keys(localStorage).some((k) => k.startsWith('kartenwand.board.')));
  for (const f of fixtures) {
    const entries = await storedEntries(page, f.id);
    assert.equal(entries.length, 1, `${f.id}: one snapshot`);
    const moved = docOf(entries);
    assert.deepEqual(Y.encodeStateVector(moved), Y.encodeStateVector(f.doc), `${f.id}: same state`);
    assert.equal(content(moved), content(f.doc), `${f.id}: same content`);
  }
  // The list is unchanged, and the boards open from the new store.
  assert.deepEqual(await page.evaluate(() => JSON.parse(localStorage.getItem('kartenwand.boards')).boards.map((b) => b.id).sort()), ['altA1', 'altB2']);
  await page.getByRole('link', { name: 'Alte Wand B' }).click();
  await page.getByRole('button', { name: 'Listenansicht' }).click();
  await page.getByRole('button', { name: 'Karte 250: eine kurze These zur Integration', exact: true }).waitFor();
  // A second start moves nothing again.
  await page.goto(env.server.url);
  await page.getByRole('link', { name: 'Alte Wand A' }).waitFor();
  assert.equal((await storedEntries(page, 'altA1')).length, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('two tabs edit one board offline; after a reload both edits are there', async () => {
  const context = await newContext(env.browser, 'desktop');
  // No server for this board: it lives in this browser only, so storage is all there is.
  await context.route('**/api/boards', (route) => route.abort());
  const a = await context.newPage();
  const errors = watchErrors(a);
  await createBoard(a, env.server.url, 'Zwei Tabs');
  await a.getByRole('status', { name: 'Verbindung: Nur in diesem Browser' }).waitFor();
  await addCard(a, 'Vorher');
  await a.waitForFunction(() => navigator.serviceWorker?.controller);
  const b = await context.newPage();
  await b.goto(a.url());
  await card(b, 'Vorher').waitFor();

  await context.setOffline(true);
  await addCard(a, 'Aus Tab A');
  await addCard(b, 'Aus Tab B');
  await addCard(a, 'Noch einmal A');
  for (const page of [a, b]) await page.getByText('Gespeichert', { exact: true }).waitFor();
  for (const page of [a, b]) {
    await page.reload();
    for (const text of ['Vorher', 'Aus Tab A', 'Aus Tab B', 'Noch einmal A']) await card(page, text).waitFor();
  }
  assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []);
  await context.close();
});

test('updates other tabs appended merge in, and the log is compacted into one snapshot when idle', async () => {
  const context = await newContext(env.browser, 'desktop');
  await context.route('**/api/boards', (route) => route.abort());
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, 'Verdichten');
  await page.getByRole('status', { name: 'Verbindung: Nur in diesem Browser' }).waitFor();
  await addCard(page, 'Erste Karte');
  await page.getByText('Gespeichert', { exact: true }).waitFor();
  const id = new URL(page.url()).pathname.split('/').pop();

  // 150 transactions of another tab, each a new card, written with stock Yjs on the stored state.
  const other = docOf(await storedEntries(page, id));
  const updates = [];
  other.on('update', (u) => updates.push({ format: 1, data: Buffer.from(u).toString('base64') }));
  for (let i = 0; i < 150; i++) {
    other.transact(() => {
      const m = new Y.Map();
      const t = new Y.Text();
      t.insert(0, `Aus dem Log ${i}`);
      m.set('text', t);
      m.set('x', 300 + (i % 10) * 240);
      m.set('y', 400 + Math.floor(i / 10) * 140);
      m.set('color', 'yellow');
      m.set('author', '');
      m.set('created', 1700000000000 + i);
      other.getMap('cards').set(`log${i}`, m);
    });
  }
  await appendEntries(page, id, updates);
  assert.ok((await storedEntries(page, id)).length > 150);

  // The open tab merges them when it compacts (idle), and the log becomes one snapshot.
  await addCard(page, 'Danach');
  await page.getByRole('button', { name: 'Listenansicht' }).click();
  await page.getByRole('button', { name: 'Aus dem Log 149', exact: true }).waitFor({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Listenansicht' }).click();
  await page.waitForFunction(async (id) => {
    const entries = await new Promise((ok) => {
      const open = indexedDB.open('kartenwand');
      open.onsuccess = () => {
        const get = open.result.transaction('updates').objectStore('updates').index('board').count(id);
        get.onsuccess = () => { open.result.close(); ok(get.result); };
      };
    });
    return entries === 1;
  }, id, { timeout: 20_000 });
  const doc = docOf(await storedEntries(page, id));
  assert.equal(doc.getMap('cards').size, 152, 'the snapshot holds every card');
  await page.reload();
  await card(page, 'Danach').waitFor();
  await card(page, 'Erste Karte').waitFor();
  assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []);
  await context.close();
});

test('a full quota warns before an edit is lost, keeps what was stored, and saving resumes', async () => {
  const context = await newContext(env.browser, 'desktop');
  await context.route('**/api/boards', (route) => route.abort());
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, 'Voll');
  await page.getByRole('status', { name: 'Verbindung: Nur in diesem Browser' }).waitFor();
  await addCard(page, 'Gespeichert vor dem Fehler');
  await page.getByText('Gespeichert', { exact: true }).waitFor();

  // From now on every IndexedDB write aborts the way a full quota makes it abort.
  await page.evaluate(fillQuota);
  await addCard(page, 'Nach dem Fehler');
  const warning = page.getByRole('alert').filter({ hasText: 'Speicher dieses Browsers ist voll' });
  await warning.waitFor();
  assert.match(await warning.textContent(), /als Datei/, 'the warning says what to do');
  await card(page, 'Nach dem Fehler').waitFor();

  // What was stored before is intact: a second tab reads it; the unstored edit is only in the first.
  const other = await context.newPage();
  await other.goto(page.url());
  await card(other, 'Gespeichert vor dem Fehler').waitFor();
  assert.equal(await card(other, 'Nach dem Fehler').count(), 0);
  // The start page says the space is all but used.
  await other.addInitScript(() => {
    StorageManager.prototype.estimate = async () => ({ usage: 99e6, quota: 100e6 });
  });
  await other.goto(env.server.url);
  await other.getByRole('alert').filter({ hasText: 'Speicher ist fast voll' }).waitFor();
  await other.close();

  // Space is back: the next change stores everything and the warning goes.
  await page.evaluate(() => { window.__quotaFull = false; });
  await addCard(page, 'Wieder Platz');
  await warning.waitFor({ state: 'detached' });
  await page.reload();
  for (const text of ['Gespeichert vor dem Fehler', 'Nach dem Fehler', 'Wieder Platz']) await card(page, text).waitFor();
  assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []);
  await context.close();
});
