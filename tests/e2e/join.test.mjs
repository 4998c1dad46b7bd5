// Joining from a phone (360×740, touch): the page is never blank (index.html's own loading
// screen shows before any wasm); a participant joins by typing the short join code from the
// facilitator's share dialog at /j or on the start page, and a renewed code replaces the old
// one; a link to a board that does not exist or with a broken token says so, asks for no
// name and stops trying; a board the server lost is said on the wall and not retried.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, serverAndBrowser, startServer, watchErrors } from './harness.mjs';
import { addCard, card, createBoard, enterName, inviteLink, joinCode, openWall } from './steps.mjs';

const env = serverAndBrowser();
const TITLE = 'Integrationsworkshop';

/** Counts what a page sends to the server: websockets and HTTP requests by path. */
function countTraffic(page) {
  const traffic = { sockets: 0, requests: [] };
  page.on('websocket', () => { traffic.sockets += 1; });
  page.on('request', (r) => traffic.requests.push(new URL(r.url()).pathname));
  return traffic;
}

const nameDialog = (page) => page.getByRole('dialog', { name: 'Wie heißt du?' });

test('the page shows the name and a progress bar before any wasm has loaded', async () => {
  const phone = await newContext(env.browser, 'phone');
  await phone.route(/\.wasm$/, (route) => route.abort());
  const page = await phone.newPage();
  await page.goto(env.server.url);
  await page.getByRole('heading', { name: 'Kartenwand' }).waitFor();
  await page.getByRole('progressbar', { name: 'Kartenwand wird geladen' }).waitFor();
  assert.ok(await page.getByText('Kartenwand wird geladen …').isVisible());
  await phone.close();
});

test('the loading screen goes away when the app mounts', async () => {
  const phone = await newContext(env.browser, 'phone');
  const page = await phone.newPage();
  await page.goto(env.server.url);
  await page.getByRole('heading', { name: 'An einer Wand teilnehmen' }).waitFor();
  assert.equal(await page.getByRole('progressbar', { name: 'Kartenwand wird geladen' }).count(), 0);
  await phone.close();
});

test('a phone joins by typing the join code at /j; a renewed code replaces the old one', async () => {
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  const errors = watchErrors(facilitator);
  await createBoard(facilitator, env.server.url, TITLE, { name: 'Moderation' });
  await addCard(facilitator, 'Sprachkurse für Eltern');
  const code = await joinCode(facilitator);
  assert.equal(await joinCode(facilitator), code, 'opening the dialog again keeps the code');

  const phone = await newContext(env.browser, 'phone');
  const page = await phone.newPage();
  const phoneErrors = watchErrors(page);
  await page.goto(`${env.server.url}/j`);
  const field = page.getByLabel('Beitrittscode (6 Zeichen)');
  await field.tap();
  await field.fill(code.toLowerCase());
  await page.getByRole('button', { name: 'Teilnehmen' }).tap();
  await enterName(page, 'Anna');
  await openWall(page);
  await page.getByRole('heading', { name: TITLE }).waitFor();
  await card(page, 'Sprachkurse für Eltern').waitFor();
  assert.match(new URL(page.url()).pathname, /^\/b\/\w{12}$/);
  assert.equal(new URL(page.url()).pathname, new URL(facilitator.url()).pathname);

  // Renewed: the old code leads nowhere (said on the start page's form), the new one works.
  const renewed = await joinCode(facilitator, { renew: true });
  assert.notEqual(renewed, code);
  const late = await newContext(env.browser, 'phone');
  const second = await late.newPage();
  await second.goto(env.server.url);
  const startField = second.getByLabel('Beitrittscode (6 Zeichen)');
  await startField.waitFor();
  // The start page fits a phone: nothing pushes it sideways (a form once did, and covered this button).
  assert.equal(await second.evaluate(() => document.documentElement.scrollWidth), 360);
  await startField.fill(code);
  await second.getByRole('button', { name: 'Teilnehmen' }).tap();
  await second.getByRole('alert').filter({ hasText: 'Diesen Code gibt es nicht (mehr).' }).waitFor();
  await startField.fill(renewed);
  await second.getByRole('button', { name: 'Teilnehmen' }).tap();
  await enterName(second, 'Berat');
  await openWall(second);
  await card(second, 'Sprachkurse für Eltern').waitFor();
  assert.deepEqual([...errors, ...phoneErrors], []);
  await late.close();
  await phone.close();
  await host.close();
});

/** Opens `path` on a phone; asserts the message, no name dialog, and that trying stops. */
async function brokenLink(path, message) {
  const phone = await newContext(env.browser, 'phone');
  const page = await phone.newPage();
  const traffic = countTraffic(page);
  await page.goto(`${env.server.url}${path}`);
  // Within a few seconds, even on a loaded machine: the check is one request after the app loads.
  await page.getByRole('heading', { name: 'Dieser Link funktioniert nicht' }).waitFor({ timeout: 6_000 });
  await page.getByRole('alert').filter({ hasText: message }).waitFor();
  await page.getByRole('link', { name: 'Mit Beitrittscode teilnehmen' }).waitFor();
  const seen = traffic.requests.length;
  // Long enough for several reconnection attempts, had there been any.
  await page.waitForTimeout(4_000);
  assert.equal(await nameDialog(page).count(), 0, 'no name dialog');
  assert.equal(await page.getByRole('region', { name: /^Wand:/ }).count(), 0, 'no (empty) wall');
  assert.equal(traffic.sockets, 0, 'no websocket');
  assert.deepEqual(traffic.requests.slice(seen), [], 'nothing is retried');
  assert.equal(traffic.requests.filter((p) => p.startsWith('/api/boards/')).length, 1, 'one check');
  // The bad board is not listed on the start page afterwards.
  await page.getByRole('link', { name: 'Zurück zu den Wänden' }).tap();
  await page.getByRole('heading', { name: 'An einer Wand teilnehmen' }).waitFor();
  assert.equal(await page.locator('.boards li').count(), 0);
  await phone.close();
}

test('a link to a board that does not exist says so, asks for no name and stops trying', async () => {
  await brokenLink('/b/Nichtda12345#t=participant.abc', 'Diese Wand gibt es auf diesem Server nicht.');
});

test('a link with a corrupted token says so, asks for no name and stops trying', async () => {
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  await createBoard(facilitator, env.server.url, 'Geschlossen', { name: 'Moderation' });
  // The real participant link with one character of its signature changed.
  const link = new URL(await inviteLink(facilitator));
  const token = link.hash.slice('#t='.length);
  const last = token.at(-1) === 'A' ? 'B' : 'A';
  await brokenLink(`${link.pathname}#t=${token.slice(0, -1)}${last}`, 'Der Zugang in diesem Link ist ungültig');
  await host.close();
});

test('a join address with a code that leads nowhere says so and asks for no name', async () => {
  const phone = await newContext(env.browser, 'phone');
  const page = await phone.newPage();
  const traffic = countTraffic(page);
  await page.goto(`${env.server.url}/j/zz-zz-zz`);
  await page.getByRole('alert').filter({ hasText: 'Diesen Code gibt es nicht (mehr).' }).waitFor();
  assert.equal(await nameDialog(page).count(), 0, 'no name dialog');
  assert.deepEqual(traffic.requests.filter((p) => p.startsWith('/api/join/')), ['/api/join/ZZZZZZ'], 'one lookup, the loader\'s, which the app takes');
  await phone.close();
});

test('a board the server no longer has says so on the wall and stops reconnecting', async () => {
  const first = await startServer();
  let second;
  const host = await newContext(env.browser, 'desktop');
  try {
    const page = await host.newPage();
    await createBoard(page, first.url, 'Verschwunden', { name: 'Moderation' });
    await addCard(page, 'Bleibt im Browser');
    await page.waitForFunction(() => document.querySelector('.sync-badge')?.dataset.state === 'stored');
    const traffic = countTraffic(page);
    // The same address, but a server with an empty data directory: the board is gone.
    await first.stop();
    second = await startServer({ port: first.port });
    await page.getByRole('status', { name: /Diese Wand gibt es auf dem Server nicht \(mehr\)/ }).waitFor({ timeout: 20_000 });
    const sockets = traffic.sockets;
    await page.waitForTimeout(5_000);
    assert.equal(traffic.sockets, sockets, 'no further connection attempts');
    await card(page, 'Bleibt im Browser').waitFor();
  } finally {
    await host.close();
    await second?.close();
    await first.close();
  }
});
