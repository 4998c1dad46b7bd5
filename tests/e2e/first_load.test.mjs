// A phone's first load (issue 15): a participant's link on a narrow screen loads the phone
// entry, a build of the app without the facilitator's tools and the large wall. Counted from
// the browser's own resource timing (what the page fetched until the name dialog takes
// input), with gzip as the only encoding the browser accepts, on the release build of the app
// that scripts/test.sh makes. Then the same phone: the participant flow runs on the phone
// entry, "Wand ansehen" and the facilitator's link bring the full app, and after one visit
// both open with no network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCluster, createBoard, enterName, inviteLink, joinCode, phoneHome, waitStored, writeCards } from './steps.mjs';

const env = serverAndBrowser();

// What a participant's phone may fetch, gzip, before the name dialog takes input. The issue's
// goal is 300 KB; the phone entry is not there yet (BENCHMARKS.md, "A phone's first load"):
// this budget holds what it reached (576 KB), so growth fails here. The full app's first load
// was 820 KB gzip before the phone entry existed.
const BUDGET = 590_000;

/** Which build runs on the page (pwa/loader.js marks it on <html>). */
const entryOf = (page) => page.evaluate(() => document.documentElement.dataset.entry);

/** Bytes the page fetched so far, headers included (navigation and every resource). */
const fetched = (page) => page.evaluate(() => {
  const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  return { bytes: entries.reduce((sum, e) => sum + e.transferSize, 0), names: entries.map((e) => new URL(e.name).pathname) };
});

/** A context that accepts gzip only (the budget is in gzip; the server prefers brotli). */
const gzipOnly = (kind) => newContext(env.browser, kind, { extraHTTPHeaders: { 'Accept-Encoding': 'gzip' } });

test('a participant’s first load is the phone entry, within its byte budget, far below the full app’s', async () => {
  const host = await gzipOnly('desktop');
  const facilitator = await host.newPage();
  const errors = [watchErrors(facilitator)];
  const encodings = new Set();
  facilitator.on('response', (r) => { if (r.url().endsWith('.wasm')) encodings.add(r.headers()['content-encoding']); });
  await createBoard(facilitator, env.server.url, 'Erster Besuch', { name: 'Moderation' });
  const full = await fetched(facilitator);
  assert.equal(await entryOf(facilitator), 'full');
  assert.ok(full.names.some((n) => /^\/kartenwand-[0-9a-f]+_bg\.wasm$/.test(n)), 'the facilitator loads the full app');
  const code = await joinCode(facilitator);

  const phone = await gzipOnly('phone');
  const page = await phone.newPage();
  errors.push(watchErrors(page));
  page.on('response', (r) => { if (r.url().endsWith('.wasm')) encodings.add(r.headers()['content-encoding']); });
  await page.goto(`${env.server.url}/j/${code}`);
  const name = page.getByRole('dialog', { name: 'Wie heißt du?' }).getByLabel('Dein Name');
  await name.waitFor();
  assert.ok(await name.isEditable(), 'the name dialog takes input');
  const first = await fetched(page);
  assert.deepEqual([...encodings], ['gzip'], 'the counted bytes are gzip');
  assert.equal(await entryOf(page), 'participant');
  assert.ok(first.names.some((n) => /^\/participant-[0-9a-f]+_bg\.wasm$/.test(n)), `the phone entry's wasm: ${first.names}`);
  assert.ok(!first.names.some((n) => n.startsWith('/kartenwand-')), `nothing of the full app: ${first.names}`);
  assert.ok(first.bytes <= BUDGET, `a participant's first load: ${first.bytes} bytes gzip, budget ${BUDGET}`);
  assert.ok(first.bytes < 0.8 * full.bytes, `the phone entry (${first.bytes} B) well below the full app (${full.bytes} B)`);
  console.log(`first load, gzip: participant ${first.bytes} B, facilitator ${full.bytes} B`);
  assert.deepEqual(errors.flat(), []);
  await phone.close();
  await host.close();
});

test('on the phone entry a participant writes cards; the wall and the facilitator link bring the full app; offline both open', async () => {
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  const errors = [watchErrors(facilitator)];
  let facilitatorSockets = 0;
  facilitator.on('websocket', () => { facilitatorSockets += 1; });
  await createBoard(facilitator, env.server.url, 'Zwei Eingänge', { name: 'Moderation' });
  await addCluster(facilitator, 'Bildung');
  const participantLink = await inviteLink(facilitator);
  const facilitatorLink = await inviteLink(facilitator, 'Link für weitere Moderierende');
  const board = new URL(participantLink).pathname;

  const phone = await newContext(env.browser, 'phone');
  const page = await phone.newPage();
  errors.push(watchErrors(page));
  // The board's page is set up once: any redraw of the whole page would open a new connection.
  let sockets = 0;
  page.on('websocket', () => { sockets += 1; });
  await page.goto(participantLink);
  await enterName(page, 'Dilara');
  await phoneHome(page).waitFor();
  assert.equal(await entryOf(page), 'participant');
  await writeCards(page, ['Sprachcafé am Samstag']);
  await waitStored(page);
  await facilitator.getByRole('listitem', { name: 'Sprachcafé am Samstag', exact: true }).waitFor();
  assert.equal(sockets, 1, 'one connection for the whole visit');
  assert.equal(facilitatorSockets, 1, 'the facilitator\'s page too: one connection');
  // The service worker keeps both builds once it controls the page.
  await page.waitForFunction(() => navigator.serviceWorker?.controller);
  await page.waitForFunction(async () => {
    const keys = (await (await caches.open('kartenwand-app')).keys()).map((r) => new URL(r.url).pathname);
    return ['kartenwand', 'participant'].every((b) => keys.some((k) => new RegExp(`^/${b}-[0-9a-f]+_bg\\.wasm$`).test(k)));
  });

  // "Wand ansehen": the full app takes over this tab, on the wall.
  await page.locator('.phone-actions').getByRole('button', { name: 'Wand ansehen' }).tap();
  await page.getByRole('region', { name: /^Wand: / }).waitFor();
  assert.equal(await entryOf(page), 'full');
  await page.getByRole('listitem', { name: 'Sprachcafé am Samstag', exact: true }).waitFor();

  // Offline, a new tab of the participant's link opens the phone entry from the cache.
  await phone.setOffline(true);
  const offline = await phone.newPage();
  errors.push(watchErrors(offline));
  await offline.goto(`${new URL(participantLink).origin}${board}`);
  await phoneHome(offline).getByText('Sprachcafé am Samstag').first().waitFor();
  assert.equal(await entryOf(offline), 'participant');
  await offline.close();
  await phone.setOffline(false);

  // The facilitator's link on the same phone: the full app with the facilitator's tools.
  const promoted = await phone.newPage();
  errors.push(watchErrors(promoted));
  await promoted.goto(facilitatorLink);
  await promoted.getByRole('button', { name: 'Menü der Wand' }).waitFor();
  assert.equal(await entryOf(promoted), 'full');
  // From now on this device runs the board: offline too, its address opens the full app.
  await phone.setOffline(true);
  await promoted.reload();
  await promoted.getByRole('button', { name: 'Menü der Wand' }).waitFor();
  assert.equal(await entryOf(promoted), 'full');
  await phone.setOffline(false);

  assert.deepEqual(errors.flat(), []);
  await phone.close();
  await host.close();
});
