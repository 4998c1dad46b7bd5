// A phone's first load (issue 15): a participant's link on a narrow screen loads the phone
// entry, a build of the app without the facilitator's tools and the large wall, and a
// newcomer is asked for their name before any of it is fetched (pwa/loader.js): the app
// downloads while they type. Counted from the browser's own resource timing (everything the
// page requested until the name dialog took input), with gzip as the only encoding the
// browser accepts, on the release build of the app that scripts/test.sh makes. Then the same
// phone: the participant flow runs on the phone entry, "Wand ansehen" and the facilitator's
// link bring the full app, and after one visit both open with no network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCluster, createBoard, enterName, facilitatedBoard, guest, inviteLink, joinCode, phoneHome, waitStored, writeCards } from './steps.mjs';

const env = serverAndBrowser();

// What a participant's phone may fetch, gzip, before the name dialog takes input (the
// issue's goal). The app itself (576 KB gzip) downloads after it, while the name is typed.
const BUDGET = 300_000;
// Everything until the phone entry runs, gzip: 591,573 bytes when the loader's name dialog
// came in (576,293 before: the loader's own code in the page and the link's check), so
// growth fails here. The full app's first load was 820 KB gzip before the phone entry existed.
const APP_BUDGET = 600_000;

/** Which build runs on the page (pwa/loader.js marks it on <html>). */
const entryOf = (page) => page.evaluate(() => document.documentElement.dataset.entry);

/**
 * Bytes the page fetched so far, headers included (navigation and every resource); with
 * `before`, only what was requested before that User Timing mark.
 */
const fetched = (page, before) => page.evaluate((mark) => {
  const until = mark ? performance.getEntriesByName(mark)[0]?.startTime : Infinity;
  const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
    .filter((e) => e.startTime <= until);
  return { bytes: entries.reduce((sum, e) => sum + e.transferSize, 0), names: entries.map((e) => new URL(e.name).pathname), until };
}, before);

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
  const dialog = page.getByRole('dialog', { name: 'Wie heißt du?' });
  const name = dialog.getByLabel('Dein Name');
  await name.waitFor();
  assert.ok(await name.isEditable(), 'the name dialog takes input');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.earlyName), 'open', 'asked before the app ran');
  await name.fill('Dilara');
  await dialog.getByRole('button', { name: 'Los geht’s' }).tap();
  await phoneHome(page).waitFor();
  // Everything requested before the dialog took input has arrived by now.
  const first = await fetched(page, 'kartenwand:name-dialog');
  const home = await fetched(page, 'kartenwand:start');
  assert.ok(Number.isFinite(first.until), 'the loader marked when its name dialog took input');
  assert.deepEqual([...encodings], ['gzip'], 'the counted bytes are gzip');
  assert.equal(await entryOf(page), 'participant');
  assert.ok(!first.names.some((n) => n.endsWith('.wasm')), `no app before the name dialog: ${first.names}`);
  assert.ok(first.bytes <= BUDGET, `before the name dialog: ${first.bytes} bytes gzip, budget ${BUDGET}`);
  assert.ok(home.names.some((n) => /^\/participant-[0-9a-f]+_bg\.wasm$/.test(n)), `the phone entry's wasm: ${home.names}`);
  assert.ok(!home.names.some((n) => n.startsWith('/kartenwand-')), `nothing of the full app: ${home.names}`);
  assert.ok(home.bytes <= APP_BUDGET, `until the phone entry ran: ${home.bytes} bytes gzip, budget ${APP_BUDGET}`);
  assert.ok(home.bytes < 0.8 * full.bytes, `the phone entry (${home.bytes} B) well below the full app (${full.bytes} B)`);
  // The name typed before the app ran is the participant's on the board.
  await facilitator.getByRole('group', { name: 'Auf der Wand' }).getByRole('listitem', { name: 'Dilara' }).waitFor();
  console.log(`first load, gzip: name dialog ${first.bytes} B, phone entry ${home.bytes} B, facilitator ${full.bytes} B`);
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
  const facilitatorTool = promoted.getByRole('button', { name: 'Neuen Bereich auf der Wand anlegen' });
  await facilitatorTool.waitFor({ state: 'attached' });
  assert.equal(await entryOf(promoted), 'full');
  // From now on this device runs the board: offline too, its address opens the full app —
  // once this browser keeps the facilitator's token for it (the loader reads it there).
  await promoted.waitForFunction((id) => {
    const index = JSON.parse(localStorage.getItem('kartenwand.boards') ?? '{}');
    return index.boards?.find((b) => b.id === id)?.token?.startsWith('facilitator.');
  }, board.split('/').pop());
  await phone.setOffline(true);
  await promoted.reload();
  await facilitatorTool.waitFor({ state: 'attached' });
  assert.equal(await entryOf(promoted), 'full');
  await phone.setOffline(false);

  assert.deepEqual(errors.flat(), []);
  await phone.close();
  await host.close();
});

test('the name typed before the app ran reaches the board, whether the app arrives before or after the answer', async () => {
  const { host, facilitator, errors, link, here } = await facilitatedBoard(env, 'Früh gefragt');

  // Answered while the app is still on its way: the app takes the name when it starts.
  const { context: slow, page: first } = await guest(env, 'phone', errors);
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await first.route(/\/participant-[0-9a-f]+_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  await first.goto(link);
  const dialog = first.getByRole('dialog', { name: 'Wie heißt du?' });
  await dialog.getByLabel('Dein Name').fill('Gülcan');
  await dialog.getByRole('checkbox', { name: /Liste der Teilnehmenden/ }).check();
  await dialog.getByRole('button', { name: 'Los geht’s' }).tap();
  await dialog.waitFor({ state: 'hidden' });
  // Until the app is there, the loading screen says so.
  await first.getByText('Kartenwand wird geladen …').waitFor();
  release();
  await phoneHome(first).waitFor();
  await here.getByRole('listitem', { name: 'Gülcan' }).waitFor();
  assert.equal(await first.getByRole('dialog', { name: 'Wie heißt du?' }).count(), 0, 'not asked twice');

  // The app starts while the dialog is still open: the answer reaches it when given.
  const { context: quick, page: second } = await guest(env, 'phone', errors);
  await second.goto(link);
  const asked = second.getByRole('dialog', { name: 'Wie heißt du?' });
  await asked.getByLabel('Dein Name').waitFor();
  await second.waitForFunction(() => performance.getEntriesByName('kartenwand:start').length > 0 && !document.getElementById('boot'));
  assert.equal(await asked.count(), 1, 'one name dialog, not the app’s as well');
  await asked.getByLabel('Dein Name').fill('Bernd');
  await asked.getByRole('button', { name: 'Los geht’s' }).tap();
  await phoneHome(second).waitFor();
  await here.getByRole('listitem', { name: 'Bernd' }).waitFor();
  assert.equal(await asked.count(), 0);

  // The choice about the documentation's list of people came along: on for the one who
  // ticked it, off for the other.
  const listed = (page) => phoneHome(page).getByRole('checkbox', { name: /Liste der Teilnehmenden/ });
  assert.equal(await listed(first).isChecked(), true);
  assert.equal(await listed(second).isChecked(), false);
  assert.deepEqual(errors.flat(), []);
  await slow.close();
  await quick.close();
  await host.close();
});

test('a server slow to answer the link check holds the name dialog back for a moment only', async () => {
  const { host, facilitator, errors, link } = await facilitatedBoard(env, 'Langsam');

  const { context: phone, page } = await guest(env, 'phone', errors);
  // The check waits until the name dialog is there.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  let checks = 0;
  await page.route(/\/api\/boards\/[^/]+\/access$/, async (route) => { checks += 1; await held; await route.continue(); });
  await page.goto(link);
  const dialog = page.getByRole('dialog', { name: 'Wie heißt du?' });
  await dialog.getByLabel('Dein Name').fill('Ben');
  // The loader waits 3 s for the answer; its request gives up only at 8 s.
  const shown = await page.evaluate(() => performance.getEntriesByName('kartenwand:name-dialog')[0]?.startTime);
  assert.ok(shown < 7_000, `the dialog came after ${shown} ms, not once the wait was over`);
  await dialog.getByRole('button', { name: 'Los geht’s' }).tap();
  release();
  // The app takes the loader's answer once it comes, and opens the board.
  await phoneHome(page).waitFor();
  await facilitator.getByRole('group', { name: 'Auf der Wand' }).getByRole('listitem', { name: 'Ben' }).waitFor();
  assert.equal(checks, 1, 'one check');
  assert.deepEqual(errors.flat(), []);
  await phone.close();
  await host.close();
});
