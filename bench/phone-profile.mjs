// Phone profile (issue 13): a participant's phone opens the participant link on a cheap phone
// and a bad network, cold cache, and we time navigation → first visible text, → the name
// dialog, → the first card stored on the server.
//
// Phone: 360×740 with touch, CPU throttled 4× (CDP Emulation.setCPUThrottlingRate), network
// 1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT (CDP Network.emulateNetworkConditions), a fresh
// browser context per run (empty cache, no service worker). A facilitator on an unthrottled
// desktop context creates a fresh board per run and reads the participant link from the share
// dialog; the phone opens it, gives a name and writes one card: on the phone home ("Übersicht",
// "Karte schreiben") when the app has one, else with the wall's toolbar ("Karte hinzufügen").
//
// Run: `node bench/phone-profile.mjs` with dist/ built into the server binary, e.g.
//   source scripts/env.sh; trunk build --release; cargo build --profile server -p server
//   KARTENWAND_SERVER_BIN=target/server/kartenwand-server RUNS=5 node bench/phone-profile.mjs
// Chromium's network emulation does not delay websocket frames, so they pass through a
// Playwright websocket route that delays each by half of WS_RTT_MS (default RTT_MS; 0: no
// route, frames undelayed); the websocket's opening handshake is not delayed either way.
// Environment: RUNS (default 5), THROTTLE (4), DOWN_KBPS (1600), UP_KBPS (750), RTT_MS (150),
// WS_RTT_MS, JSON (a file for every run's figures), ENTRY=full (see below), TYPING_MS (below); LINK=facilitator opens the link for
// further facilitators instead (the full app), DEVICE=desktop a 1280×800 screen without touch
// (the loader gives wide screens the full app). `firstLoad` is what the page fetched until the
// name dialog showed (resource timing, headers included, in the encoding the server chose).
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { launchBrowser, newContext, startServer } from '../tests/e2e/harness.mjs';
import { createBoard, enterName, inviteLink } from '../tests/e2e/steps.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const THROTTLE = Number(process.env.THROTTLE ?? 4);
const DOWN_KBPS = Number(process.env.DOWN_KBPS ?? 1600);
const UP_KBPS = Number(process.env.UP_KBPS ?? 750);
const RTT_MS = Number(process.env.RTT_MS ?? 150);
const WS_RTT_MS = Number(process.env.WS_RTT_MS ?? RTT_MS);
const TIMEOUT = 120_000;
const LINK = process.env.LINK ?? 'participant';
const DEVICE = process.env.DEVICE ?? 'phone';
// ENTRY=full makes the loader pick the full app even for a participant's phone: what every
// phone loaded before the phone entry existed.
const ENTRY = process.env.ENTRY ?? 'auto';
// TYPING_MS: how long the person takes to type their name once the dialog shows (default 0:
// at once); a phone's home then shows when both the name and the app are there.
const TYPING_MS = Number(process.env.TYPING_MS ?? 0);
const LINK_LABEL = { participant: 'Link für Teilnehmende', facilitator: 'Link für weitere Moderierende' }[LINK];

/** In the phone's page before anything else: when the name dialog and each sync state show. */
function watchPage() {
  window.__bench = { nameDialog: null, firstLoad: null, entry: null, home: null, states: [] };
  let lastState = null;
  const look = () => {
    const b = window.__bench;
    if (b.nameDialog === null) {
      for (const d of document.querySelectorAll('dialog[open], [role=dialog]')) {
        if (d.textContent.includes('Wie heißt du')) {
          b.nameDialog = performance.now();
          const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
          b.firstLoad = entries.reduce((sum, e) => sum + e.transferSize, 0);
          b.entry = document.documentElement.dataset.entry ?? 'full';
          break;
        }
      }
    }
    // The home (or the wall) usable: drawn, and no name dialog over it.
    if (b.home === null && document.querySelector('.phone-home, #wall') && !document.querySelector('dialog[open]')) b.home = performance.now();
    const badge = document.querySelector('.sync-badge');
    const state = badge?.getAttribute('data-state') ?? null;
    if (state !== lastState) { lastState = state; b.states.push([performance.now(), state]); }
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-state', 'open'] });
}

/** The phone's clock now (ms since navigation start). */
const now = (page) => page.evaluate(() => performance.now());

/** Writes one card on the phone: the phone home's sheet if there is one, else the toolbar dialog. */
export async function writeCard(page, text) {
  const home = page.getByRole('region', { name: 'Übersicht' });
  const toolbar = page.getByRole('button', { name: 'Karte hinzufügen' });
  await Promise.race([home.waitFor(), toolbar.waitFor()]);
  if (await home.isVisible()) {
    await page.locator('.phone-actions').getByRole('button', { name: 'Karte schreiben', exact: true }).tap();
    const sheet = page.getByRole('dialog', { name: 'Karte schreiben' });
    await sheet.getByLabel('Kartentext').fill(text);
    const clicked = await now(page);
    await sheet.getByRole('button', { name: 'Hinzufügen' }).tap();
    // The sheet says the card is in the incoming area ("Im Eingang: „…“") before it closes.
    await sheet.getByRole('status').getByText(text, { exact: false }).waitFor();
    await sheet.getByRole('button', { name: 'Fertig' }).tap();
    return { ui: 'phone home', clicked };
  }
  await toolbar.click();
  const dialog = page.getByRole('dialog', { name: 'Karte hinzufügen' });
  await dialog.getByLabel('Kartentext').fill(text);
  const clicked = await now(page);
  await dialog.getByRole('button', { name: 'Hinzufügen' }).click();
  return { ui: 'toolbar', clicked };
}

async function run(browser, server, n) {
  // The facilitator, unthrottled on a desktop: a fresh board and its participant link.
  const host = await newContext(browser, 'desktop');
  const facilitator = await host.newPage();
  await createBoard(facilitator, server.url, `Telefonprofil ${n}`, { name: 'Moderation' });
  const link = await inviteLink(facilitator, LINK_LABEL);

  const phone = await newContext(browser, DEVICE);
  phone.setDefaultTimeout(TIMEOUT);
  await phone.addInitScript(watchPage);
  if (ENTRY === 'full') await phone.addInitScript(() => sessionStorage.setItem('kartenwand.entry', 'full'));
  const page = await phone.newPage();
  const cdp = await phone.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: RTT_MS,
    downloadThroughput: (DOWN_KBPS * 1000) / 8,
    uploadThroughput: (UP_KBPS * 1000) / 8,
  });
  // Chromium's emulated conditions do not reach websocket frames: the frames go through
  // Playwright's websocket route instead, each delayed by half the RTT on its way.
  if (WS_RTT_MS > 0) {
    await page.routeWebSocket(/\/sync\//, (ws) => {
      const server = ws.connectToServer();
      const later = (send) => (m) => setTimeout(() => send(m), WS_RTT_MS / 2);
      ws.onMessage(later((m) => server.send(m)));
      server.onMessage(later((m) => ws.send(m)));
      ws.onClose((code, reason) => server.close({ code, reason }));
      server.onClose((code, reason) => ws.close({ code, reason }));
    });
  }
  let wire = 0;
  cdp.on('Network.loadingFinished', (e) => { wire += e.encodedDataLength; });
  // The websocket's opening handshake (whether the emulated RTT reaches websockets too).
  const wsCreated = new Map();
  let wsHandshake = null;
  cdp.on('Network.webSocketWillSendHandshakeRequest', (e) => wsCreated.set(e.requestId, e.timestamp));
  cdp.on('Network.webSocketHandshakeResponseReceived', (e) => {
    const t = wsCreated.get(e.requestId);
    if (t !== undefined && wsHandshake === null) wsHandshake = (e.timestamp - t) * 1000;
  });

  await page.goto(link, { waitUntil: 'commit', timeout: TIMEOUT });
  const dialog = page.getByRole('dialog', { name: 'Wie heißt du?' });
  await dialog.waitFor({ timeout: TIMEOUT });
  if (TYPING_MS > 0) await page.waitForTimeout(TYPING_MS);
  await enterName(page, `Telefon ${n}`);
  const text = `Telefonkarte ${n}`;
  const { ui, clicked } = await writeCard(page, text);

  // Stored: the badge turns `stored` after the click; without a badge, the facilitator sees it.
  let stored = null;
  let via = 'sync badge';
  const hasBadge = (await page.locator('.sync-badge').count()) > 0;
  if (hasBadge) {
    await page.waitForFunction(
      (t) => window.__bench.states.some(([at, s]) => at > t && s === 'stored'),
      clicked, { timeout: TIMEOUT, polling: 50 },
    );
    stored = await page.evaluate((t) => window.__bench.states.find(([at, s]) => at > t && s === 'stored')[0], clicked);
  } else {
    via = 'facilitator sees the card';
    const before = Date.now();
    const t0 = await now(page);
    await facilitator.getByRole('listitem', { name: text, exact: true }).waitFor({ timeout: TIMEOUT });
    stored = t0 + (Date.now() - before);
  }

  const figures = await page.evaluate(() => {
    const paint = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
    const nav = performance.getEntriesByType('navigation')[0];
    const wasm = performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'));
    return {
      firstPaint: paint('first-paint'),
      firstContentfulPaint: paint('first-contentful-paint'),
      htmlResponseEnd: nav?.responseEnd ?? null,
      domContentLoaded: nav?.domContentLoadedEventEnd ?? null,
      wasmLoaded: wasm?.responseEnd ?? null,
      nameDialog: window.__bench.nameDialog,
      appStarted: paint('kartenwand:start'),
      home: window.__bench.home,
      firstLoad: window.__bench.firstLoad,
      entry: window.__bench.entry,
    };
  });
  await phone.close();
  await host.close();
  return { ...figures, cardClicked: clicked, stored, clickToStored: stored - clicked, ui, storedVia: via, bytes: wire, wsHandshake };
}

const median = (xs) => {
  const s = xs.filter((x) => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Runs the benchmark and prints the figures. */
async function main() {
  const server = await startServer();
  const browser = await launchBrowser();
  const runs = [];
  try {
    console.log(`${LINK} link on ${DEVICE}: 360×740 touch (phone) or 1280×800 (desktop), CPU ${THROTTLE}×, ${DOWN_KBPS} kbit/s down, ${UP_KBPS} kbit/s up, ${RTT_MS} ms RTT (websocket frames ${WS_RTT_MS} ms), cold cache; ${RUNS} runs`);
    for (let n = 1; n <= RUNS; n++) {
      const r = await run(browser, server, n);
      runs.push(r);
      const f = (v) => (v === null ? '-' : `${Math.round(v)}`);
      console.log(`run ${n} (${r.entry} entry, first load ${Math.round(r.firstLoad / 1024)} KiB): FCP ${f(r.firstContentfulPaint)} ms, name dialog ${f(r.nameDialog)} ms, app started ${f(r.appStarted)} ms, home ${f(r.home)} ms, card stored ${f(r.stored)} ms (click → stored ${f(r.clickToStored)} ms; ${r.ui}, ${r.storedVia}); wasm ${f(r.wasmLoaded)} ms, websocket handshake ${f(r.wsHandshake)} ms, ${Math.round(r.bytes / 1024)} KiB`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const keys = ['firstLoad', 'firstPaint', 'firstContentfulPaint', 'htmlResponseEnd', 'domContentLoaded', 'wasmLoaded', 'nameDialog', 'appStarted', 'home', 'cardClicked', 'stored', 'clickToStored', 'bytes', 'wsHandshake'];
  const med = Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r[k]))]));
  console.log('\nmedian of', runs.length, 'runs (ms since navigation start):');
  console.log(`| navigation → first visible text (FCP) | ${Math.round(med.firstContentfulPaint)} ms |`);
  console.log(`| navigation → name dialog | ${Math.round(med.nameDialog)} ms |`);
  console.log(`| navigation → app started (name given at once) | ${Math.round(med.appStarted)} ms |`);
  console.log(`| navigation → phone home (or wall) usable | ${Math.round(med.home)} ms |`);
  console.log(`| navigation → first card stored | ${Math.round(med.stored)} ms |`);
  console.log(`| … of which "Hinzufügen" → stored | ${Math.round(med.clickToStored)} ms |`);
  console.log(`| fetched before the name dialog | ${Math.round(med.firstLoad / 1024)} KiB |`);
  console.log(`| wasm downloaded | ${Math.round(med.wasmLoaded)} ms |`);
  console.log(`| bytes over the wire | ${Math.round(med.bytes / 1024)} KiB |`);
  console.log(`| websocket opening handshake | ${Math.round(med.wsHandshake)} ms |`);
  if (process.env.JSON) writeFileSync(process.env.JSON, JSON.stringify({ runs, median: med }, null, 2) + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
