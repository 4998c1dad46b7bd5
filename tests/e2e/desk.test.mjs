// The facilitator's desk: the toolbar fits a laptop and a tablet (every control inside the
// window, none over another, the sync badge readable in full), the board's tools are in a
// menu a keyboard works, and the selected card's action bar keeps clear of the zoom
// controls and leaves with the wall.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCard, boardMenuButton, card, createBoard } from './steps.mjs';

const env = serverAndBrowser();
const SIZES = [{ width: 1280, height: 800 }, { width: 1024, height: 768 }, { width: 768, height: 1024 }];

const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (box, { width, height }) => box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height;

/** Waits until the focused element is named `name` (its aria-label, else its text). */
async function expectFocus(page, name, what = name) {
  await page.waitForFunction((n) => {
    const el = document.activeElement;
    return ((el?.getAttribute('aria-label') || el?.textContent || '').trim()) === n;
  }, name, { timeout: 3000 }).catch(async () => assert.fail(`${what}: focus is on ${await focusedName(page)}`));
}

/** Name of the focused element (its aria-label, else its text). */
const focusedName = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return (el?.getAttribute('aria-label') || el?.textContent || '').trim();
});

for (const size of SIZES) {
  test(`at ${size.width}×${size.height} every toolbar control and the sync badge are on screen, none over another`, async () => {
    const context = await newContext(env.browser, 'desktop', { viewport: size });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await createBoard(page, env.server.url, 'Integrationsworkshop Quakenbrück', { name: 'Moderation' });
    await addCard(page, 'Sprachcafé'); // undo is enabled: every control as in the workshop
    const toolbar = page.getByRole('toolbar', { name: 'Werkzeuge der Wand' });
    const controls = await toolbar.getByRole('button').all();
    const names = ['Karte hinzufügen', 'Rubrik hinzufügen', 'Neuen Bereich auf der Wand anlegen', 'Rückgängig', 'Wiederholen',
      'Liste (Listenansicht)', 'Wand', 'Ablauf', 'Aufstellung', 'Gruppenarbeit', 'Abstimmung', 'Menü der Wand'];
    for (const name of names) await toolbar.getByRole('button', { name, exact: true }).waitFor();
    const boxes = [];
    for (const control of controls) {
      const name = (await control.getAttribute('aria-label')) ?? (await control.textContent()).trim();
      const box = await control.boundingBox();
      assert.ok(box && inside(box, size), `${name} is inside the window: ${JSON.stringify(box)}`);
      for (const other of boxes) assert.ok(!overlap(box, other.box), `${name} overlaps ${other.name}`);
      boxes.push({ name, box });
    }
    assert.ok(boxes.length >= names.length, `${boxes.length} controls`);
    // The toolbar has no hidden overflow: nothing scrolled out of sight.
    const [scroll, client] = await toolbar.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    assert.ok(scroll <= client, `the toolbar scrolls sideways: ${scroll} > ${client}`);
    // The sync badge says it all, nothing cut off.
    const badge = page.locator('.wall-header .sync-badge');
    await page.waitForFunction(() => document.querySelector('.sync-badge')?.dataset.state === 'stored');
    const badgeBox = await badge.boundingBox();
    assert.ok(inside(badgeBox, size), `the sync badge is inside the window: ${JSON.stringify(badgeBox)}`);
    const [badgeScroll, badgeClient] = await badge.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    assert.ok(badgeScroll <= badgeClient, `the sync badge is cut off: ${badgeScroll} > ${badgeClient}`);
    if (size.width >= 1280) {
      const text = (await page.locator('.wall-header .sync-text').textContent()).trim();
      assert.equal(text, 'Synchron · alles gespeichert');
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('the board menu works by keyboard alone: open, move, choose, Escape back to its button', async () => {
  const context = await newContext(env.browser, 'desktop');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, 'Nur Tastatur', { name: 'Moderation' });
  // Tab from the skip link to the toolbar until the menu button has focus.
  await page.getByRole('link', { name: 'Zu den Werkzeugen springen' }).focus();
  await page.keyboard.press('Enter');
  let presses = 0;
  while ((await focusedName(page)) !== 'Menü der Wand') {
    assert.ok(++presses < 30, 'the menu button is a Tab stop of the toolbar');
    await page.keyboard.press('Tab');
  }
  const button = boardMenuButton(page);
  const menu = page.getByRole('menu', { name: 'Menü der Wand' });
  assert.equal(await button.getAttribute('aria-haspopup'), 'menu');
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  assert.equal(await menu.isVisible(), false, 'closed at first');

  // Enter opens it on its first item; arrows move and wrap; Home and End jump.
  await page.keyboard.press('Enter');
  await menu.waitFor();
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  const items = (await menu.getByRole('menuitem').allTextContents()).map((t) => t.trim());
  assert.deepEqual(items, ['Teilen', 'Datei', 'Dokumentation', 'Fotoprotokoll', 'Als Vorlage speichern', 'Vorlage auf dem Server ablegen', 'Faktentabelle hinzufügen', 'Wand duplizieren', 'Name ändern', 'Projektor', 'Auf dem Server löschen']);
  await assertAccessible(page, 'the open board menu');
  await expectFocus(page, 'Teilen');
  await page.keyboard.press('ArrowDown');
  await expectFocus(page, 'Datei: speichern oder einlesen');
  await page.keyboard.press('End');
  await expectFocus(page, 'Auf dem Server löschen');
  await page.keyboard.press('ArrowDown');
  await expectFocus(page, 'Teilen', 'ArrowDown wraps to the first item');
  await page.keyboard.press('ArrowUp');
  await expectFocus(page, 'Auf dem Server löschen', 'ArrowUp wraps to the last item');
  // Escape closes it and focus is back on its button.
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden' });
  await expectFocus(page, 'Menü der Wand');
  assert.equal(await button.getAttribute('aria-expanded'), 'false');

  // ArrowDown opens it too; Space chooses; the dialog's Escape returns to the menu button.
  await page.keyboard.press('ArrowDown');
  await menu.waitFor();
  await expectFocus(page, 'Teilen');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expectFocus(page, 'Dokumentation');
  await page.keyboard.press(' ');
  const docs = page.getByRole('dialog', { name: 'Dokumentation' });
  await docs.waitFor();
  // Its four ways out of the board stand apart, not edge to edge.
  const exports = [];
  for (const name of ['Druckansicht öffnen', 'Markdown herunterladen', 'HTML herunterladen', 'JSON der ganzen Wand']) {
    exports.push({ name, box: await docs.getByRole('button', { name }).boundingBox() });
  }
  for (const [i, a] of exports.entries()) {
    for (const b of exports.slice(i + 1)) {
      const gap = Math.max(b.box.x - (a.box.x + a.box.width), a.box.x - (b.box.x + b.box.width),
        b.box.y - (a.box.y + a.box.height), a.box.y - (b.box.y + b.box.height));
      assert.ok(gap >= 4, `${a.name} and ${b.name} ${gap.toFixed(1)} px apart`);
    }
  }
  assert.equal(await menu.isVisible(), false, 'the menu closed when its item was chosen');
  await page.keyboard.press('Escape');
  await docs.waitFor({ state: 'hidden' });
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Menü der Wand');

  // Space on the button opens it as well; Enter on "Teilen" opens the share dialog.
  await page.keyboard.press(' ');
  await menu.waitFor();
  await expectFocus(page, 'Teilen');
  await page.keyboard.press('Enter');
  const share = page.getByRole('dialog', { name: 'Wand teilen' });
  await share.getByLabel('Link für Teilnehmende').waitFor();
  await page.keyboard.press('Escape');
  await share.waitFor({ state: 'hidden' });
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Menü der Wand');

  // The projector, by keyboard: ArrowUp opens on the last item (deleting on the server),
  // ArrowUp again moves to the projector.
  await page.keyboard.press('ArrowUp');
  await menu.waitFor();
  await expectFocus(page, 'Auf dem Server löschen');
  await page.keyboard.press('ArrowUp');
  await expectFocus(page, 'Projektor');
  await page.keyboard.press('Enter');
  await page.getByRole('group', { name: 'Projektor steuern' }).waitFor();
  assert.equal(await page.getByRole('toolbar', { name: 'Werkzeuge der Wand' }).isVisible(), false);

  // A click elsewhere closes an open menu.
  await page.getByRole('button', { name: 'Projektoransicht verlassen' }).click();
  await button.click();
  await menu.waitFor();
  await page.getByRole('region', { name: /^Wand: / }).click({ position: { x: 20, y: 200 } });
  await menu.waitFor({ state: 'hidden' });
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [kind, size] of [['desktop', { width: 1280, height: 800 }], ['desktop', { width: 1024, height: 768 }], ['phone', null]]) {
  const label = size ? `${size.width}×${size.height}` : 'a phone';
  test(`at ${label} the selected card's action bar keeps clear of the zoom controls and leaves with the wall`, async () => {
    const context = await newContext(env.browser, kind, size ? { viewport: size } : {});
    const page = await context.newPage();
    const errors = watchErrors(page);
    await createBoard(page, env.server.url, 'Aktionsleiste', { name: 'Moderation' });
    await addCard(page, 'Sprachcafé für Eltern und Kinder');
    const actions = page.getByRole('toolbar', { name: 'Kartenaktionen' });
    const zoom = page.getByRole('group', { name: 'Zoom' });
    // A new card is selected on a laptop; on a phone, a tap selects it.
    if (!(await actions.isVisible())) await card(page, 'Sprachcafé für Eltern und Kinder').tap();
    await actions.waitFor();
    const [bar, controls] = [await actions.boundingBox(), await zoom.boundingBox()];
    assert.ok(bar && controls, 'both are on screen');
    assert.ok(!overlap(bar, controls), `the action bar ${JSON.stringify(bar)} covers the zoom controls ${JSON.stringify(controls)}`);
    // The zoom controls take presses while a card is selected.
    const level = () => page.locator('.zoom-level [aria-hidden]').textContent();
    const before = await level();
    await zoom.getByRole('button', { name: 'Vergrößern' }).click();
    await page.waitForFunction((b) => document.querySelector('.zoom-level [aria-hidden]')?.textContent !== b, before);

    // Another view: the bar is gone; back on the wall, the selected card's bar returns.
    for (const view of ['Ablauf', 'Aufstellung', 'Gruppenarbeit']) {
      await page.getByRole('button', { name: view, exact: true }).click();
      await actions.waitFor({ state: 'hidden' });
      await page.getByRole('button', { name: 'Wand', exact: true }).click();
      await actions.waitFor();
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}
