// The app under the server's Content-Security-Policy: a facilitator and a phone go through a
// typical session (create, share with a QR code, join, cards, a cluster, a drag, the service
// worker, the manifest, the print view) and the browser reports not a single violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCard, addCluster, card, cardIn, cluster, createBoard, enterName, inviteLink, mouseDrag, openWall, boardMenu, waitStored } from './steps.mjs';

const env = serverAndBrowser();

/** Records every `securitypolicyviolation` of every page of `context` in `window.__csp`. */
async function watchViolations(context) {
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
}

const violations = (page) => page.evaluate(() => window.__csp);

test('a whole session runs under the Content-Security-Policy without a violation', async () => {
  const host = await newContext(env.browser, 'desktop');
  await watchViolations(host);
  const facilitator = await host.newPage();
  const errors = watchErrors(facilitator);

  const response = await facilitator.goto(env.server.url);
  const headers = response.headers();
  const csp = headers['content-security-policy'] ?? '';
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/, 'the page is served with a policy');
  assert.doesNotMatch(csp, /'unsafe-eval'/);
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.equal(headers['referrer-policy'], 'no-referrer');

  // The watcher sees what the policy blocks (else an empty list would prove nothing).
  await facilitator.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.head.append(s);
  });
  await facilitator.waitForFunction(() => window.__csp.length > 0);
  assert.equal(await facilitator.evaluate(() => window.__injected), undefined, 'an injected inline script did not run');
  await facilitator.evaluate(() => { window.__csp = []; });
  errors.length = 0; // Chromium logs the refusal just provoked as a console error.

  await createBoard(facilitator, env.server.url, 'Sicherheitsworkshop', { name: 'Moderation' });
  await waitStored(facilitator); // the websocket got through connect-src

  // The QR code (an image from /api/qr) loads.
  await boardMenu(facilitator, 'Teilen');
  const share = facilitator.getByRole('dialog', { name: 'Wand teilen' });
  const qr = share.getByRole('img', { name: 'QR-Code für den Link der Teilnehmenden' });
  await qr.waitFor();
  await facilitator.waitForFunction((img) => img.complete && img.naturalWidth > 0, await qr.elementHandle());
  await share.getByRole('button', { name: 'Schließen' }).click();
  const link = await inviteLink(facilitator);

  const phoneContext = await newContext(env.browser, 'phone');
  await watchViolations(phoneContext);
  const phone = await phoneContext.newPage();
  const phoneErrors = watchErrors(phone);
  await phone.goto(link);
  await enterName(phone, 'Anna');
  await openWall(phone);
  await phone.getByRole('heading', { name: 'Sicherheitsworkshop' }).waitFor();

  // Cards, a cluster and a drag (style attributes, pointer capture), both ways.
  await addCluster(facilitator, 'Datenschutz');
  await addCard(phone, 'Links nicht weitergeben');
  await card(facilitator, 'Links nicht weitergeben').waitFor();
  await facilitator.getByRole('button', { name: 'Alles zeigen' }).click();
  await mouseDrag(facilitator, card(facilitator, 'Links nicht weitergeben'), cluster(facilitator, 'Datenschutz'));
  await cardIn(phone, 'Datenschutz', 'Links nicht weitergeben').waitFor();
  await waitStored(phone);

  // The service worker installs and controls the page; the manifest loads and parses.
  await facilitator.reload();
  await facilitator.waitForFunction(() => navigator.serviceWorker?.controller);
  const cdp = await host.newCDPSession(facilitator);
  const manifest = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifest.errors, [], 'the manifest has no errors');
  assert.ok(manifest.url.endsWith('/manifest.webmanifest'), manifest.url);
  await cdp.detach();
  await cluster(facilitator, 'Datenschutz').waitFor();

  // The print view: a Blob page with its CSS in a <style>, under the same policy.
  await boardMenu(facilitator, 'Dokumentation');
  const docs = facilitator.getByRole('dialog', { name: 'Dokumentation' });
  const [printPage] = await Promise.all([
    host.waitForEvent('page'),
    docs.getByRole('button', { name: 'Druckansicht öffnen' }).click(),
  ]);
  await printPage.waitForLoadState();
  await printPage.getByRole('heading', { name: 'Sicherheitsworkshop', level: 1 }).waitFor();
  const styled = await printPage.evaluate(() => getComputedStyle(document.body).maxWidth !== 'none');
  assert.ok(styled, 'the print view has its style');

  for (const page of [facilitator, phone, printPage]) {
    assert.deepEqual(await violations(page), [], `violations on ${page.url()}`);
  }
  assert.deepEqual(errors, []);
  assert.deepEqual(phoneErrors, []);
  await phoneContext.close();
  await host.close();
});
