// Browser storage benchmark (issue 17): for boards of 1,000, 5,000 and 12,000 cards, the time
// to open the board from browser storage, main-thread blocking while one card is dragged and
// dropped, and the main-thread time of the save that the drop causes. Headless Chromium,
// 4x CPU throttling, 1920x1080, like bench/render.mjs.
//
//   node bench/storage.mjs                       # this build (dist/ and the debug server)
//   DIST=/path/to/other/dist node bench/storage.mjs   # another build's app, same server
//
// The board is written the way releases before IndexedDB stored it (bench/board-file.mjs);
// a build with IndexedDB moves it on the first load, so every figure is from a second load.
// Saves: the app saves from a 300 ms timer (the whole snapshot before IndexedDB, only the
// board list entry after), so every callback of a 300 ms timer is timed; long tasks (over
// 50 ms, PerformanceObserver) are collected from the drag's start until 1.5 s after the drop.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser } from '../tests/e2e/harness.mjs';
import { buildBoard, installBoard } from './board-file.mjs';

const THROTTLE = Number(process.env.THROTTLE ?? 4);
const RUNS = Number(process.env.RUNS ?? 3);
const TEXT = Number(process.env.TEXT ?? 0);
const sizes = (process.env.CARDS ?? '1000,5000,12000').split(',').map(Number);
const DIST = process.env.DIST;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function serveDist(context, origin) {
  if (!DIST) return;
  await context.route((url) => url.origin === origin && !url.pathname.startsWith('/api') && !url.pathname.startsWith('/sync'), async (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = join(DIST, path);
    await route.fulfill({ path: existsSync(file) && statSync(file).isFile() ? file : join(DIST, 'index.html') });
  });
}

async function measure(browser, url, cards, snapshot) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'de-DE', serviceWorkers: 'block' });
  await serveDist(context, new URL(url).origin);
  await installBoard(context, 'bench', 'Benchmark', snapshot, cards);
  await context.addInitScript(() => {
    window.__saves = [];
    window.__long = [];
    const setTimeout0 = window.setTimeout;
    window.setTimeout = function (f, ms, ...rest) {
      if (ms === 300 && typeof f === 'function') {
        const g = f;
        f = (...a) => { const t = performance.now(); try { return g(...a); } finally { window.__saves.push(performance.now() - t); } };
      }
      return setTimeout0.call(this, f, ms, ...rest);
    };
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push({ start: e.startTime, ms: e.duration }); })
      .observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  // First load: an IndexedDB build moves the board out of localStorage. Then measure a reload.
  await page.goto(`${url}/b/bench`);
  await page.locator('.card--free').first().waitFor({ timeout: 120_000 });
  await page.waitForTimeout(3000);
  await page.reload();
  await page.locator('.card--free').first().waitFor({ timeout: 120_000 });
  await page.waitForTimeout(1000);
  const open = await page.evaluate(() => {
    const at = (n) => performance.getEntriesByName(n)[0]?.startTime ?? NaN;
    return at('kartenwand:board-open') - at('kartenwand:start');
  });

  // A free card whose centre is on screen and not covered: the free cards lie below the
  // clusters, so the wall is panned down (wheel) until one is in view.
  let dragged = null;
  await page.mouse.move(960, 600);
  for (let i = 0; i < 20 && !dragged; i++) {
    dragged = await page.evaluate(() => [...document.querySelectorAll('.card--free')].map((el) => {
      const r = el.getBoundingClientRect();
      const x = r.x + r.width / 2, y = r.y + r.height / 2;
      return el.contains(document.elementFromPoint(x, y)) ? el.dataset.cardId : null;
    }).find(Boolean));
    if (!dragged) { await page.mouse.wheel(0, 300); await page.waitForTimeout(200); }
  }
  if (!dragged) throw new Error('no free card on screen');
  const box = await page.locator(`[data-card-id="${dragged}"]`).boundingBox();
  await page.evaluate(() => {
    window.__saves = [];
    window.__frames = [];
    window.__dragStart = performance.now();
    const tick = (t) => { window.__frames.push(t); if (window.__recording) requestAnimationFrame(tick); };
    window.__recording = true;
    requestAnimationFrame(tick);
  });
  const x0 = box.x + box.width / 2, y0 = box.y + box.height / 2;
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  const steps = 60;
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(x0 + i * 4, y0 + i * 2);
    // One move per frame, as a real pointer delivers them.
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(ok)));
  }
  await page.evaluate(() => { window.__drop = performance.now(); });
  await page.mouse.up();
  await page.waitForTimeout(1500 * THROTTLE / 2);
  const r = await page.evaluate(() => {
    window.__recording = false;
    const frames = window.__frames;
    const during = frames.filter((t) => t < window.__drop);
    const deltas = during.slice(1).map((t, i) => t - during[i]).slice(2);
    const long = window.__long.filter((l) => l.start >= window.__dragStart);
    return {
      frameMax: Math.max(...deltas),
      dropLongest: Math.max(0, ...long.filter((l) => l.start >= window.__drop).map((l) => l.ms)),
      blocking: long.reduce((s, l) => s + Math.max(0, l.ms - 50), 0),
      save: window.__saves.length ? Math.max(...window.__saves) : 0,
    };
  });
  await context.close();
  return { open, ...r };
}

const app = await startServer();
const browser = await launchBrowser();
console.log(`${DIST ? `app from ${DIST}` : 'this build'}; CPU throttling ${THROTTLE}x, ${TEXT || 'short'}-character texts, median of ${RUNS} runs`);
console.log('cards | open from store | drag: longest frame | after drop: longest task | blocking (TBT, drag + 1.5 s) | save timer callback');
for (const cards of sizes) {
  const snapshot = buildBoard('Benchmark', cards, { textLength: TEXT });
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measure(browser, app.url, cards, snapshot));
  const m = (k) => `${median(runs.map((x) => x[k])).toFixed(0)} ms`;
  console.log(`${cards} | ${m('open')} | ${m('frameMax')} | ${m('dropLongest')} | ${m('blocking')} | ${m('save')}`);
}
await browser.close();
await app.close();
