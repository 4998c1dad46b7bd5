// Render and drag benchmark: a board of 1,000 and of 5,000 cards in headless Chromium with
// 4x CPU throttling. Reports time to first render and frame times while dragging one card.
// Run: scripts/bench-render.sh (builds the release app first), or `node bench/render.mjs`
// with dist/ built.
import { startServer, launchBrowser } from '../tests/e2e/harness.mjs';
import { buildBoard, installBoard } from './board-file.mjs';

const THROTTLE = Number(process.env.THROTTLE ?? 4);
const RUNS = Number(process.env.RUNS ?? 3);
const sizes = (process.env.CARDS ?? '1000,5000').split(',').map(Number);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

async function measure(browser, url, cards, snapshot) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'de-DE' });
  await installBoard(context, 'bench', 'Benchmark', snapshot, cards);
  // Note when the first card element lands in the page and when the frame after it is painted.
  await context.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.querySelector('[data-card-id]')) {
        obs.disconnect();
        window.__cardsInDom = performance.now();
        requestAnimationFrame(() => requestAnimationFrame(() => { window.__cardsPainted = performance.now(); }));
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  await page.goto(`${url}/b/bench`);
  await page.waitForFunction(() => window.__cardsPainted !== undefined, null, { timeout: 60_000 });
  const timing = await page.evaluate(() => ({
    painted: window.__cardsPainted,
    inDom: window.__cardsInDom,
    wasmReady: performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.wasm')).map((r) => r.responseEnd)[0] ?? 0,
    rendered: document.querySelectorAll('[data-card-id]').length,
    appStart: performance.getEntriesByName('kartenwand:start')[0]?.startTime ?? 0,
    boardOpen: performance.getEntriesByName('kartenwand:board-open')[0]?.startTime ?? 0,
  }));

  // Drag one free card across the wall with the mouse, recording every frame's time.
  const target = page.locator('.card--free').first();
  const box = await target.boundingBox();
  await page.evaluate(() => {
    window.__frames = [];
    const tick = (t) => { window.__frames.push(t); if (window.__recording) requestAnimationFrame(tick); };
    window.__recording = true;
    requestAnimationFrame(tick);
  });
  const x0 = box.x + 40, y0 = box.y + 30;
  await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', x: x0, y: y0, button: 'left', clickCount: 1 });
  const steps = 120;
  for (let i = 1; i <= steps; i++) {
    await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: x0 + i * 4, y: y0 + i * 2, button: 'left', buttons: 1 });
    // One move per frame, as a real pointer delivers them.
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(ok)));
  }
  await cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x: x0 + steps * 4, y: y0 + steps * 2, button: 'left', clickCount: 1 });
  const frames = await page.evaluate(() => { window.__recording = false; return window.__frames; });
  const deltas = frames.slice(1).map((t, i) => t - frames[i]).slice(2);
  await context.close();
  return { ...timing, renderMs: timing.painted - timing.appStart, frameMedian: median(deltas), frameP95: pct(deltas, 95), fps: 1000 / (deltas.reduce((a, b) => a + b, 0) / deltas.length) };
}

const app = await startServer();
const browser = await launchBrowser();
console.log(`CPU throttling ${THROTTLE}x, viewport 1920x1080, median of ${RUNS} runs`);
console.log('cards | wasm loaded | app start | board decoded | cards painted | render (start→painted) | elements | drag fps | frame median | frame p95');
for (const cards of sizes) {
  const snapshot = buildBoard('Benchmark', cards);
  const runs = [];
  for (let r = 0; r < RUNS; r++) runs.push(await measure(browser, app.url, cards, snapshot));
  const m = (k) => median(runs.map((x) => x[k]));
  const ms = (k) => `${m(k).toFixed(0)} ms`;
  console.log(`${cards} | ${ms('wasmReady')} | ${ms('appStart')} | ${ms('boardOpen')} | ${ms('painted')} | ${ms('renderMs')} | ${m('rendered')} | ${m('fps').toFixed(1)} | ${m('frameMedian').toFixed(1)} ms | ${m('frameP95').toFixed(1)} ms`);
}
await browser.close();
await app.close();
