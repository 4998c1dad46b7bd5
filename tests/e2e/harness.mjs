// Shared set-up for the browser tests: the real server (which serves the built app), and
// Debian's Chromium through playwright-core.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
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

/** axe-core's browser bundle (npm), read once. */
let axeSource;

/**
 * Runs axe-core (npm) on the page as it is now and fails on any serious or critical
 * violation, naming each rule and its first elements. `label` names the page in the
 * message. Injected through the DevTools protocol, so the app's Content-Security-Policy
 * (no inline scripts) stays on. Returns every violation (minor and moderate ones too), for
 * a test that checks more.
 */
export async function assertAccessible(page, label) {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // label-content-name-mismatch is experimental in axe, so off by default: on here.
    const result = await window.axe.run(document, {
      resultTypes: ['violations'],
      rules: { 'label-content-name-mismatch': { enabled: true } },
    });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  const grave = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(grave, [], `${label}: serious or critical axe-core violations:\n${JSON.stringify(grave, null, 2)}`);
  return violations;
}
