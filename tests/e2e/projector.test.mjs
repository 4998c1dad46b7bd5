// The projector as a presenter screen at 1920×1080: the board's title as the page's h1, the
// join panel the facilitator switches on (QR code of the participant link, the address to
// type, the join code) in type readable from the back of the room; a phone that opens the
// address shown and types the code shown joins the board; the wall fitted to the screen
// with no zoom buttons or drop hints; after a vote with one ballot the projector reads
// "1 gültige Stimme" (an English one "1 valid vote"); axe-core finds no serious or critical
// violation there. The facilitator's own projector view has the join switch and fullscreen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCluster, cluster, createBoard, enterName, inviteLink, boardMenu, waitStored } from './steps.mjs';

const env = serverAndBrowser();
const TITLE = 'Integrationsworkshop Quakenbrück';
const FIELDS = ['Bildung', 'Sprache', 'Arbeitsmarkt'];
const ROUND = 'Welche Handlungsfelder sind am wichtigsten?';
const SHOW_JOIN = 'Beitritt (QR-Code und Code) auf dem Projektor zeigen';

/** A computed style value of the first element matching `selector`, in pixels. */
const px = (page, selector, property) =>
  page.evaluate(([s, p]) => parseFloat(getComputedStyle(document.querySelector(s))[p]), [selector, property]);

/** Switches the projector's join panel in the facilitator's share dialog; returns the code it shows. */
async function showJoinPanel(page, on) {
  await boardMenu(page, 'Teilen');
  const share = page.getByRole('dialog', { name: 'Wand teilen' });
  const toggle = share.getByLabel(SHOW_JOIN);
  if (on) await toggle.check(); else await toggle.uncheck();
  const code = share.getByRole('status', { name: 'Beitrittscode' });
  await code.waitFor();
  const value = (await code.textContent()).trim();
  await share.getByRole('button', { name: 'Schließen' }).click();
  await share.waitFor({ state: 'hidden' });
  return value;
}

test('the projector shows the title and the join panel, a phone joins from it, and the ranking counts one ballot in the singular', async () => {
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  const errors = [watchErrors(facilitator)];
  await createBoard(facilitator, env.server.url, TITLE, { name: 'Moderation' });
  for (const field of FIELDS) await addCluster(facilitator, field);
  await waitStored(facilitator);
  const projectorLink = await inviteLink(facilitator, 'Link für den Projektor (nur ansehen)');

  const beamer = await newContext(env.browser, 'projector');
  const projector = await beamer.newPage();
  errors.push(watchErrors(projector));
  await projector.goto(projectorLink);
  const title = projector.getByRole('heading', { level: 1, name: TITLE });
  await title.waitFor();
  await cluster(projector, 'Arbeitsmarkt').waitFor();
  const panel = projector.getByRole('complementary', { name: 'Mitmachen' });
  assert.equal(await panel.count(), 0, 'no join panel until the facilitator shows it');

  // The facilitator shows the join panel; the projector follows.
  const dialogCode = await showJoinPanel(facilitator, true);
  const qr = panel.getByRole('img', { name: 'QR-Code zum Mitmachen: mit der Kamera des Handys scannen' });
  await qr.waitFor();
  await projector.waitForFunction(() => document.querySelector('.join-panel-qr')?.naturalWidth > 0);
  const qrText = new URL(await qr.getAttribute('src'), env.server.url).searchParams.get('text');
  assert.match(qrText, /\/b\/\w{12}#t=participant\./, 'the QR code holds the participant link');
  const code = (await panel.getByRole('status', { name: 'Beitrittscode' }).textContent()).trim();
  assert.equal(code, dialogCode, 'the projector shows the code of the share dialog');
  const address = (await panel.locator('.join-panel-address').textContent()).trim();
  assert.equal(address, `${new URL(env.server.url).origin}/j`);

  // Readable from the back of the room, and the wall beside the panel, fitted, without chrome.
  const qrBox = await qr.boundingBox();
  assert.ok(qrBox.width >= 400 && qrBox.height >= 400, `QR code ${qrBox.width}×${qrBox.height}`);
  assert.ok(await px(projector, '.join-panel-code', 'fontSize') >= 80, 'join code type');
  assert.ok(await px(projector, '.join-panel-address', 'fontSize') >= 30, 'address type');
  assert.ok(await px(projector, '.presenter-title', 'fontSize') >= 48, 'title type');
  assert.ok(await title.isVisible());
  assert.equal(await projector.getByRole('group', { name: 'Zoom' }).isVisible(), false, 'no zoom buttons');
  for (const hint of await projector.getByText('Karten hierher ziehen').all()) {
    assert.equal(await hint.isVisible(), false, 'no drop hints');
  }
  const wall = await projector.getByRole('region', { name: `Wand: ${TITLE}` }).boundingBox();
  const panelBox = await panel.boundingBox();
  assert.ok(wall.x + wall.width <= panelBox.x + 1, 'the wall ends where the panel begins');
  const boxes = await Promise.all(FIELDS.map((f) => cluster(projector, f).boundingBox()));
  for (const [i, b] of boxes.entries()) {
    assert.ok(b.x >= wall.x - 1 && b.y >= wall.y - 1 && b.x + b.width <= wall.x + wall.width + 1 && b.y + b.height <= wall.y + wall.height + 1,
      `${FIELDS[i]} is on the projector's wall`);
  }
  const used = Math.max(...boxes.map((b) => b.x + b.width)) - Math.min(...boxes.map((b) => b.x));
  assert.ok(used >= wall.width * 0.6, `the fields fill the wall's width (${Math.round(used)} of ${Math.round(wall.width)} px)`);

  const violations = await assertAccessible(projector, 'projector with the join panel');
  const ids = violations.map((v) => v.id);
  for (const rule of ['page-has-heading-one', 'landmark-one-main', 'region']) assert.ok(!ids.includes(rule), `axe: ${rule}`);
  await projector.screenshot({ path: '/tmp/kartenwand-projector-join.png' });

  // A phone opens the address shown and types the code shown.
  const pocket = await newContext(env.browser, 'phone');
  const phone = await pocket.newPage();
  errors.push(watchErrors(phone));
  await phone.goto(address);
  await phone.getByLabel('Beitrittscode (6 Zeichen)').fill(code);
  await phone.getByRole('button', { name: 'Teilnehmen' }).tap();
  await enterName(phone, 'Anna');
  await phone.getByRole('heading', { name: TITLE }).waitFor();
  assert.equal(new URL(phone.url()).pathname, new URL(facilitator.url()).pathname, 'the phone is on the board');

  // New content: the projector fits the wall again, the new field on screen with the others.
  await addCluster(facilitator, 'Vernetzung');
  await cluster(projector, 'Vernetzung').waitFor();
  await projector.waitForFunction(([x, w]) => {
    const boxes = [...document.querySelectorAll('[data-cluster-id]')].map((c) => c.getBoundingClientRect());
    return boxes.length === 4 && boxes.every((b) => b.left >= x - 1 && b.right <= x + w + 1);
  }, [wall.x, wall.width]);

  // A round with one ballot: the projector counts it in the singular.
  await facilitator.getByRole('button', { name: 'Abstimmung', exact: true }).click();
  const rounds = facilitator.getByRole('dialog', { name: 'Abstimmungen' });
  await rounds.getByRole('button', { name: 'Abstimmung anlegen' }).click();
  const row = rounds.getByRole('listitem', { name: ROUND });
  await row.getByRole('button', { name: 'Öffnen' }).click();
  await rounds.getByRole('button', { name: 'Schließen', exact: true }).last().click();
  await rounds.waitFor({ state: 'hidden' });
  await phone.getByRole('button', { name: 'Jetzt abstimmen' }).click();
  const ballot = phone.getByRole('dialog', { name: ROUND });
  for (const field of FIELDS) await ballot.getByRole('button', { name: `Einen Punkt mehr: ${field}` }).click();
  await ballot.getByRole('button', { name: 'Stimme abgeben' }).click();
  await ballot.getByText('Deine Stimme ist abgegeben.', { exact: false }).waitFor();
  await waitStored(phone);
  await projector.getByText('1 Stimme abgegeben').waitFor();

  await facilitator.getByRole('button', { name: 'Abstimmung', exact: true }).click();
  await row.getByRole('button', { name: 'Schließen' }).click();
  await row.getByRole('button', { name: 'Aufdecken' }).click();
  await rounds.getByRole('button', { name: 'Schließen', exact: true }).last().click();
  await projector.getByRole('heading', { name: `Ergebnis: ${ROUND}` }).waitFor();
  await projector.getByText('1 gültige Stimme · 3 Punkte', { exact: true }).waitFor();
  assert.equal(await projector.getByText('1 Person', { exact: true }).count(), FIELDS.length, 'one person per field');
  assert.ok(await px(projector, '.ranking-title', 'fontSize') >= 48, 'ranking type');
  const ranking = await projector.getByRole('list', { name: 'Rangfolge' }).boundingBox();
  assert.ok(ranking.width >= (panelBox.x - 0) * 0.85, `the ranking uses the width (${Math.round(ranking.width)} px)`);
  await assertAccessible(projector, 'projector with the ranking');
  await projector.screenshot({ path: '/tmp/kartenwand-projector-ranking.png' });

  // An English projector says it in English.
  const english = await newContext(env.browser, 'projector', { locale: 'en-US' });
  const projectorEn = await english.newPage();
  errors.push(watchErrors(projectorEn));
  await projectorEn.goto(projectorLink);
  await projectorEn.getByText('1 valid vote · 3 points', { exact: true }).waitFor();
  assert.equal(await projectorEn.getByText('1 person', { exact: true }).count(), FIELDS.length);

  // Hidden again: the projector follows.
  await showJoinPanel(facilitator, false);
  await panel.waitFor({ state: 'detached' });
  assert.deepEqual(errors.flat(), []);
  await english.close();
  await pocket.close();
  await beamer.close();
  await host.close();
});

test('the facilitator\'s own projector view: title, join switch and fullscreen, no toolbar', async () => {
  const host = await newContext(env.browser, 'projector');
  const page = await host.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, TITLE, { name: 'Moderation' });
  await addCluster(page, 'Bildung');
  await waitStored(page);
  await boardMenu(page, 'Projektor');
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  assert.equal(await page.getByRole('toolbar', { name: 'Werkzeuge der Wand' }).isVisible(), false);
  const controls = page.getByRole('group', { name: 'Projektor steuern' });
  const join = controls.getByRole('button', { name: 'Beitritt zeigen' });
  assert.equal(await join.getAttribute('aria-pressed'), 'false');
  await join.click();
  const panel = page.getByRole('complementary', { name: 'Mitmachen' });
  await panel.getByRole('status', { name: 'Beitrittscode' }).waitFor();
  assert.equal(await join.getAttribute('aria-pressed'), 'true');
  await assertAccessible(page, 'the facilitator\'s projector view');

  const fullscreen = controls.getByRole('button', { name: 'Vollbild' });
  await fullscreen.click();
  await page.waitForFunction(() => document.fullscreenElement !== null);
  await controls.getByRole('button', { name: 'Vollbild beenden' }).click();
  await page.waitForFunction(() => document.fullscreenElement === null);

  await controls.getByRole('button', { name: 'Projektoransicht verlassen' }).click();
  await page.getByRole('toolbar', { name: 'Werkzeuge der Wand' }).waitFor();
  assert.deepEqual(errors, []);
  await host.close();
});

test('the projector follows "Alle hierher holen" and fits the wall again when the next step starts', async () => {
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  const errors = [watchErrors(facilitator)];
  await createBoard(facilitator, env.server.url, TITLE, { name: 'Moderation' });
  const fields = [...FIELDS, 'Vernetzung', 'Partizipation', 'Willkommenskultur', 'Bewusstseinsbildung', 'Interkulturelle Öffnung'];
  for (const field of fields) await addCluster(facilitator, field);
  await waitStored(facilitator);
  const projectorLink = await inviteLink(facilitator, 'Link für den Projektor (nur ansehen)');
  const beamer = await newContext(env.browser, 'projector');
  const projector = await beamer.newPage();
  errors.push(watchErrors(projector));
  await projector.goto(projectorLink);
  // Fitted once every field has arrived.
  await projector.waitForFunction((n) => document.querySelectorAll('[data-cluster-id]').length === n, fields.length);
  const fitted = (await cluster(projector, 'Bildung').boundingBox()).width;

  // The facilitator zooms in on a part of the wall and brings everyone there.
  for (let i = 0; i < 3; i++) await facilitator.getByRole('button', { name: 'Vergrößern' }).click();
  await facilitator.getByRole('button', { name: 'Alle hierher holen' }).click();
  await projector.waitForFunction(
    (before) => [...document.querySelectorAll('[data-cluster-id]')].some((c) => c.getBoundingClientRect().width > before * 1.3),
    fitted,
  );

  // The next step (no region of its own): the projector shows the whole wall again.
  await facilitator.getByRole('button', { name: 'Ablauf' }).click();
  await facilitator.getByLabel('Uhrzeit').fill('10:30');
  await facilitator.getByLabel('Was passiert').fill('Thesen sammeln');
  await facilitator.getByLabel('Aktivität', { exact: true }).selectOption({ label: 'Arbeit an der Wand' });
  await facilitator.getByRole('button', { name: 'Schritt anlegen' }).click();
  await facilitator.getByRole('button', { name: 'Starten: Thesen sammeln' }).click();
  await projector.getByRole('region', { name: 'Aktueller Schritt' }).getByText('Thesen sammeln').waitFor();
  // Every field back on the screen (the step bar now takes a line, so a little smaller).
  await projector.waitForFunction(
    ([before, count]) => {
      const wall = document.querySelector('.wall').getBoundingClientRect();
      const boxes = [...document.querySelectorAll('[data-cluster-id]')].map((c) => c.getBoundingClientRect());
      return boxes.length === count && boxes.every((b) => b.width <= before + 1
        && b.left >= wall.left - 1 && b.right <= wall.right + 1 && b.top >= wall.top - 1 && b.bottom <= wall.bottom + 1);
    },
    [fitted, fields.length],
  );
  assert.deepEqual(errors.flat(), []);
  await beamer.close();
  await host.close();
});
