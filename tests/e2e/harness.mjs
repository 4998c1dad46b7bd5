// Shared set-up for the browser tests: the real server (which serves the built app), and
// Debian's Chromium through playwright-core.
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer as startKartenwand } from '../interop/server.mjs';

/**
 * The real Kartenwand server (which serves the built app) on a free port with its own data
 * directory; see tests/interop/server.mjs. `close()` stops it, `kill()` sends SIGKILL.
 */
export async function startServer(opts) {
  const server = await startKartenwand(opts);
  return { ...server, close: () => server.stop() };
}

/** Debian's Chromium, headless, with no network chatter of its own. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** A phone (360x740, touch) or a projector (1920x1080) context. */
export async function newContext(browser, kind = 'desktop', extra = {}) {
  const sizes = {
    phone: { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 },
    desktop: { viewport: { width: 1280, height: 800 } },
    projector: { viewport: { width: 1920, height: 1080 } },
  };
  const context = await browser.newContext({ locale: 'de-DE', ...sizes[kind], ...extra });
  context.setDefaultTimeout(10_000);
  return context;
}

/** Fails the test on any uncaught page error (a Rust panic shows up here). */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A browser that is offline on purpose logs its failed reconnection attempts; those are
  // expected, everything else is not.
  const expected = /WebSocket connection to .* failed|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED/;
  page.on('console', (m) => { if (m.type() === 'error' && !expected.test(m.text())) errors.push(m.text()); });
  return errors;
}

/**
 * For a test file: starts the server and the browser before its tests and stops them after.
 * Returns an object whose `server` and `browser` are set once `before` ran.
 */
export function serverAndBrowser() {
  const env = {};
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
