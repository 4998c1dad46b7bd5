// The wall in one browser: boards, cards, clusters, dragging with mouse and touch,
// keyboard, undo, and everything still there after a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCard, addCluster, card, cardIn, cluster, createBoard, freeCard, mouseDrag, touchDrag } from './steps.mjs';

const env = serverAndBrowser();

test('mouse: create a board, add cards, drag one into a cluster, reload, undo the move', async () => {
  const context = await newContext(env.browser, 'desktop');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, 'Integrationsworkshop', { name: 'Moderation' });
  await addCluster(page, 'Bildung');
  await addCard(page, 'Zugang zur Bildung');
  await addCard(page, 'Toleranz');

  await mouseDrag(page, card(page, 'Zugang zur Bildung'), cluster(page, 'Bildung'));
  await cardIn(page, 'Bildung', 'Zugang zur Bildung').waitFor();
  assert.equal(await freeCard(page, 'Toleranz').count(), 1, 'the other card stays free');

  await page.reload();
  await cardIn(page, 'Bildung', 'Zugang zur Bildung').waitFor();
  await freeCard(page, 'Toleranz').waitFor();

  // Undo is per session: after the reload, move again and undo that move.
  await mouseDrag(page, card(page, 'Toleranz'), cluster(page, 'Bildung'));
  await cardIn(page, 'Bildung', 'Toleranz').waitFor();
  await page.getByRole('button', { name: 'Rückgängig' }).click();
  await freeCard(page, 'Toleranz').waitFor();
  assert.equal(await cardIn(page, 'Bildung', 'Toleranz').count(), 0);
  await page.getByRole('button', { name: 'Wiederholen' }).click();
  await cardIn(page, 'Bildung', 'Toleranz').waitFor();

  // Out of the cluster again, by dragging onto the empty wall.
  const wall = page.getByRole('region', { name: 'Wand: Integrationsworkshop' });
  const box = await wall.boundingBox();
  const from = await card(page, 'Toleranz').boundingBox();
  await page.mouse.move(from.x + 20, from.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 150, box.y + 120, { steps: 10 });
  await page.mouse.up();
  await freeCard(page, 'Toleranz').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('touch at phone size: drag a card into a cluster with a finger, and the page does not scroll', async () => {
  const context = await newContext(env.browser, 'phone');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, 'Handy', { name: 'Moderation' });
  await addCluster(page, 'Sprache');
  await addCard(page, 'Gleicher Zugang zu Sprache');
  // On a phone a new card is not selected: no action sheet covers the wall after adding.
  assert.equal(await page.getByRole('toolbar', { name: 'Kartenaktionen' }).count(), 0, 'no action sheet after adding');

  assert.ok(await card(page, 'Gleicher Zugang zu Sprache').boundingBox(), 'the card is on screen before the drag');
  assert.equal(await cardIn(page, 'Sprache', 'Gleicher Zugang zu Sprache').count(), 0, 'not in the cluster yet');
  await touchDrag(page, card(page, 'Gleicher Zugang zu Sprache'), cluster(page, 'Sprache'));
  await cardIn(page, 'Sprache', 'Gleicher Zugang zu Sprache').waitFor();
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'the page did not scroll');

  await page.reload();
  await cardIn(page, 'Sprache', 'Gleicher Zugang zu Sprache').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard: focus a card, move it with arrows, move it into a cluster without dragging, edit and delete it', async () => {
  const context = await newContext(env.browser, 'desktop');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, 'Tastatur', { name: 'Moderation' });
  await addCluster(page, 'Arbeitsmarkt');
  await addCard(page, 'Mentorenprogramm');
  const start = await card(page, 'Mentorenprogramm').boundingBox();

  await card(page, 'Mentorenprogramm').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(
    ([x, y]) => {
      const el = document.activeElement;
      const r = el?.getBoundingClientRect();
      return el?.getAttribute('aria-label') === 'Mentorenprogramm' && r.x > x + 30 && r.y > y + 10;
    },
    [start.x, start.y],
  );

  const actions = page.getByRole('toolbar', { name: 'Kartenaktionen' });
  await actions.getByLabel('In Rubrik').selectOption({ label: 'Arbeitsmarkt' });
  await cardIn(page, 'Arbeitsmarkt', 'Mentorenprogramm').waitFor();

  // The card may be drawn anew once in its field (its place settles): Enter then reaches
  // the new one only after focusing it again. Each try waits long enough for a slow editor:
  // a second Enter while the first is still opening it would leave an editor open.
  const editor = page.getByRole('textbox', { name: 'Kartentext' });
  for (let tries = 0; !(await editor.isVisible()); tries++) {
    assert.ok(tries < 5, 'Enter on the focused card opens its editor');
    await card(page, 'Mentorenprogramm').press('Enter');
    await editor.waitFor({ timeout: 5_000 }).catch(() => {});
  }
  await editor.fill('Mentorenprogramm für neu Zugezogene');
  await page.keyboard.press('Enter');
  await cardIn(page, 'Arbeitsmarkt', 'Mentorenprogramm für neu Zugezogene').waitFor();

  await actions.getByRole('radio', { name: 'Grün' }).click();
  await page.waitForFunction(() => document.querySelector('[aria-label="Mentorenprogramm für neu Zugezogene"]')?.classList.contains('card--green'));

  await card(page, 'Mentorenprogramm für neu Zugezogene').focus();
  await page.keyboard.press('Delete');
  await card(page, 'Mentorenprogramm für neu Zugezogene').waitFor({ state: 'detached' });
  await page.getByRole('status').getByRole('button', { name: 'Rückgängig' }).click();
  await cardIn(page, 'Arbeitsmarkt', 'Mentorenprogramm für neu Zugezogene').waitFor();

  // The delete is undone; Ctrl+Z now undoes the step before it (the colour), Ctrl+Y redoes it.
  const isGreen = () => page.evaluate(() => document.querySelector('[aria-label="Mentorenprogramm für neu Zugezogene"]')?.classList.contains('card--green'));
  assert.equal(await isGreen(), true);
  await page.getByRole('heading', { name: 'Arbeitsmarkt' }).click();
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelector('[aria-label="Mentorenprogramm für neu Zugezogene"]')?.classList.contains('card--yellow'));
  await page.keyboard.press('Control+y');
  await page.waitForFunction(() => document.querySelector('[aria-label="Mentorenprogramm für neu Zugezogene"]')?.classList.contains('card--green'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('clusters: rename one, move it with its cards, dissolve it', async () => {
  const context = await newContext(env.browser, 'desktop');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, 'Rubriken', { name: 'Moderation' });
  await addCluster(page, 'Nachbarschft');
  await addCard(page, 'Keine Gettoisierung');
  await mouseDrag(page, card(page, 'Keine Gettoisierung'), cluster(page, 'Nachbarschft'));
  await cardIn(page, 'Nachbarschft', 'Keine Gettoisierung').waitFor();

  await page.getByRole('button', { name: 'Rubrik umbenennen: Nachbarschft' }).click();
  await page.getByRole('textbox', { name: 'Überschrift der Rubrik' }).fill('Nachbarschaft');
  await page.keyboard.press('Enter');
  await cardIn(page, 'Nachbarschaft', 'Keine Gettoisierung').waitFor();

  const heading = page.getByRole('heading', { name: 'Nachbarschaft' });
  const before = await cardIn(page, 'Nachbarschaft', 'Keine Gettoisierung').boundingBox();
  const h = await heading.boundingBox();
  await page.mouse.move(h.x + 10, h.y + 10);
  await page.mouse.down();
  await page.mouse.move(h.x + 210, h.y + 60, { steps: 10 });
  await page.mouse.up();
  await page.waitForFunction(
    ([x]) => {
      const el = document.querySelector('[aria-label="Keine Gettoisierung"]');
      return el && el.getBoundingClientRect().x > x + 150;
    },
    [before.x],
  );

  await page.getByRole('button', { name: 'Rubrik auflösen: Nachbarschaft' }).click();
  await freeCard(page, 'Keine Gettoisierung').waitFor();
  assert.equal(await cluster(page, 'Nachbarschaft').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
