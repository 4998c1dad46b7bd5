// The app with no network at all: after one visit the service worker (pwa/sw.js) opens it
// from the browser's cache, boards in the browser open and can be edited, new boards can be
// made; when the server and the network are back, the offline edits reach the others.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, newContext, startServer, watchErrors } from './harness.mjs';
import { addCard, card, createBoard, enterName, openWall, boardMenu } from './steps.mjs';

// Its own server, on a data directory that outlives a stop, to restart it on the same port.
const dataDir = mkdtempSync(join(tmpdir(), 'kartenwand-offline-'));
let server;
let browser;

before(async () => {
  server = await startServer({ dataDir });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const syncState = (page) => page.locator('.sync-badge').getAttribute('data-state');
const waitState = (page, state, timeout) =>
  page.waitForFunction((s) => document.querySelector('.sync-badge')?.dataset.state === s, state, { timeout });

/** Waits until the page has the card, in the complete list view (the wall draws only what is in view). */
async function seesCard(page, text, timeout) {
  await page.getByRole('button', { name: 'Listenansicht' }).click();
  await page.getByRole('button', { name: text, exact: true }).waitFor({ timeout });
  await page.getByRole('button', { name: 'Listenansicht' }).click();
}

/** The texts of all cards a page shows, from the complete list view. */
async function allCards(page) {
  await page.getByRole('button', { name: 'Listenansicht' }).click();
  const texts = await page.locator('.outline-card-button').allTextContents();
  await page.getByRole('button', { name: 'Listenansicht' }).click();
  return texts.map((t) => t.trim()).sort();
}

test('after one visit the app opens offline with its boards, and offline edits reach the others', async () => {
  const host = await newContext(browser, 'desktop');
  const facilitator = await host.newPage();
  const hostErrors = watchErrors(facilitator);
  await createBoard(facilitator, server.url, 'Ohne Netz', { name: 'Moderation' });
  const boardPath = new URL(facilitator.url()).pathname;
  await addCard(facilitator, 'Vor dem Ausfall');
  await addCard(facilitator, 'Wird offline geändert');
  await waitState(facilitator, 'stored');
  // The worker has cached the app once it controls the page (it precaches before it activates).
  await facilitator.waitForFunction(() => navigator.serviceWorker?.controller);

  await boardMenu(facilitator, 'Teilen');
  const share = facilitator.getByRole('dialog', { name: 'Wand teilen' });
  const link = await share.getByLabel('Link für Teilnehmende').inputValue();
  await share.getByRole('button', { name: 'Schließen' }).click();
  const phone = await newContext(browser, 'phone');
  const participant = await phone.newPage();
  const phoneErrors = watchErrors(participant);
  await participant.goto(link);
  await enterName(participant, 'Anna');
  await openWall(participant);
  await seesCard(participant, 'Vor dem Ausfall');

  // No network at all: this device offline, and the server gone too.
  await host.setOffline(true);
  await server.kill();
  await facilitator.reload();
  await facilitator.getByRole('region', { name: 'Wand: Ohne Netz' }).waitFor();
  await card(facilitator, 'Vor dem Ausfall').waitFor();
  await waitState(facilitator, 'offline');

  // Edit: a new card, and a card's text changed in place.
  await addCard(facilitator, 'Offline geschrieben');
  await card(facilitator, 'Wird offline geändert').focus();
  await facilitator.keyboard.press('Enter');
  await facilitator.getByRole('textbox', { name: 'Kartentext' }).fill('Offline geändert');
  await facilitator.keyboard.press('Enter');
  await card(facilitator, 'Offline geändert').waitFor();

  // A new board, offline: creating it on the server fails at once, so it is made in the browser.
  await facilitator.getByRole('link', { name: 'Zurück zu den Wänden' }).click();
  await createBoard(facilitator, server.url, 'Ohne Server');
  await facilitator.getByRole('status', { name: 'Verbindung: Nur in diesem Browser' }).waitFor();
  await addCard(facilitator, 'Nur hier');
  // Stored in this browser before the page is left, as the header says: a navigation in the
  // same moment as the edit can cut the browser's write short (seen once in CI).
  await facilitator.locator('.save-state').getByText('Gespeichert', { exact: true }).waitFor();
  // Both boards open from a fresh load, still offline (the start page and a board's address).
  await facilitator.goto(server.url);
  await facilitator.getByRole('link', { name: 'Ohne Server' }).click();
  await card(facilitator, 'Nur hier').waitFor();
  await facilitator.goto(`${server.url}${boardPath}`);
  await card(facilitator, 'Offline geschrieben').waitFor();
  await card(facilitator, 'Offline geändert').waitFor();
  assert.equal(await syncState(facilitator), 'offline');

  // The server comes back on the same port with the same data, then the network.
  server = await startServer({ dataDir, port: server.port });
  await host.setOffline(false);
  await waitState(facilitator, 'stored', 30_000);
  // The phone was retrying with backoff while the server was away: give it that long.
  await seesCard(participant, 'Offline geschrieben', 40_000);
  await seesCard(participant, 'Offline geändert');
  const expected = ['Offline geschrieben', 'Offline geändert', 'Vor dem Ausfall'];
  assert.deepEqual(await allCards(participant), expected);
  assert.deepEqual(await allCards(facilitator), expected);

  assert.deepEqual(hostErrors, []);
  assert.deepEqual(phoneErrors, []);
  await phone.close();
  await host.close();
});

test('a new version of the app is picked up on the next visit, and the boards stay', async () => {
  const context = await newContext(browser, 'phone');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, server.url, 'Vor dem Update', { name: 'Anna' });
  await addCard(page, 'Bleibt erhalten');
  await page.waitForFunction(() => navigator.serviceWorker?.controller);
  const cached = () => page.evaluate(async () =>
    (await (await caches.open('kartenwand-app')).keys()).map((r) => new URL(r.url).pathname).sort());
  const v1 = (await cached()).filter((p) => /^\/(kartenwand|main)-/.test(p));
  assert.equal(v1.length, 3, `the script, module and style of this version are cached: ${v1}`);

  // Version 2 on the server: the page names other hashed files (same contents, new names).
  const rename = (path) => path.replace(/-([0-9a-f]+)(_bg)?\./, (_, h, bg) => `-${[...h].reverse().join('')}${bg ?? ''}.`);
  const v2 = v1.map(rename);
  const isPage = (url) => url.pathname === '/' || url.pathname.startsWith('/b/');
  await context.route(isPage, async (route) => {
    const res = await route.fetch();
    let html = await res.text();
    for (const p of v1) html = html.replaceAll(p, rename(p));
    html = html.replace('<title>', '<meta name="x-test-version" content="2" /><title>');
    // A real version 2 comes with the policy for its own inline loader: its hash.
    const headers = res.headers();
    const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
      .map((m) => ` 'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`).join('');
    const csp = headers['content-security-policy'];
    if (csp) headers['content-security-policy'] = csp.replace(/ 'sha256-[^']+'/g, '').replace("'wasm-unsafe-eval'", `'wasm-unsafe-eval'${hashes}`);
    await route.fulfill({ response: res, body: html, headers });
  });
  await context.route((url) => v2.includes(url.pathname), async (route) => {
    const path = new URL(route.request().url()).pathname;
    const original = v1[v2.indexOf(path)];
    await route.fulfill({ response: await route.fetch({ url: `${server.url}${original}` }) });
  });

  // The next visit runs version 2, and the cache holds it alone.
  await page.reload();
  await card(page, 'Bleibt erhalten').waitFor();
  assert.equal(await page.locator('meta[name="x-test-version"]').count(), 1);
  await page.waitForFunction(async (want) => {
    const keys = (await (await caches.open('kartenwand-app')).keys()).map((r) => new URL(r.url).pathname);
    return want.every((p) => keys.includes(p)) && !keys.some((p) => /^\/(kartenwand|main)-/.test(p) && !want.includes(p));
  }, v2);

  // Offline, version 2 opens from the cache, with the board.
  await context.unrouteAll({ behavior: 'wait' });
  await context.setOffline(true);
  await page.reload();
  await card(page, 'Bleibt erhalten').waitFor();
  assert.equal(await page.locator('meta[name="x-test-version"]').count(), 1, 'the cached page is version 2');
  await page.goto(server.url);
  await page.getByRole('link', { name: 'Vor dem Update' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
