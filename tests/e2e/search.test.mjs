// Find on the wall: among 500 cards, searching a distinctive text brings its card into
// view and selects it; the count follows "Weiter" and "Zurück" (and Enter, Shift+Enter);
// Escape gives focus back; the list view shows only the matches while the search is open.
// On a phone-wide screen the search bar fits and its targets are 44 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCard, addCluster, cluster, createBoard } from './steps.mjs';

const env = serverAndBrowser();

const FAR = 'Der Leuchtturm am Hafen';

/** Pastes `lines` on the wall as one list (one card per line). */
async function pasteList(page, lines) {
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, lines.join('\n'));
}

/** Whether the wall card named `text` is drawn wholly inside the wall's screen area (and
 * selected, if `selected`). */
const cardInView = (page, text, selected = false) => page.evaluate(({ text, selected }) => {
  const wall = document.getElementById('wall')?.getBoundingClientRect();
  const el = [...document.querySelectorAll('#wall [data-card-id]')].find((e) => e.getAttribute('aria-label') === text);
  if (!wall || !el) return false;
  const b = el.getBoundingClientRect();
  const inside = b.width > 0 && b.left >= wall.left && b.top >= wall.top && b.right <= wall.right && b.bottom <= wall.bottom;
  return inside && (!selected || el.classList.contains('card--selected'));
}, { text, selected });

/** Waits until the card named `text` is in view and selected. */
const waitCardShown = (page, text) => page.waitForFunction(({ text }) => {
  const wall = document.getElementById('wall')?.getBoundingClientRect();
  const el = [...document.querySelectorAll('#wall [data-card-id]')].find((e) => e.getAttribute('aria-label') === text);
  if (!wall || !el) return false;
  const b = el.getBoundingClientRect();
  return b.width > 0 && b.left >= wall.left && b.top >= wall.top && b.right <= wall.right && b.bottom <= wall.bottom
    && el.classList.contains('card--selected');
}, { text });

test('search finds a card among 500, brings it into view, counts and cycles; the list filters', async () => {
  const context = await newContext(env.browser, 'desktop');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, 'Suche', { name: 'Moderation' });
  const wall = page.getByRole('region', { name: 'Wand: Suche' });

  // A field named like the card, then 499 cards and the distinctive one last: the pasted
  // block is far larger than the screen, and its last card lies outside the view.
  await addCluster(page, 'Leuchttürme');
  await wall.focus();
  const lines = Array.from({ length: 499 }, (_, i) => `Karte Nummer ${i + 1}`).concat([FAR]);
  await pasteList(page, lines);
  await page.getByRole('status').getByText('500 Karten eingefügt.').waitFor();
  assert.equal(await cardInView(page, FAR), false, 'the distinctive card starts out of view');

  // Ctrl+F on the wall opens the search with focus in its field.
  await wall.focus();
  await page.keyboard.press('Control+f');
  const bar = page.getByRole('search', { name: 'Auf der Wand suchen' });
  const field = bar.getByRole('searchbox', { name: 'Auf der Wand suchen' });
  await page.waitForFunction(() => document.activeElement?.id === 'wall-search-input');
  await page.keyboard.type('LEUCHTT');
  const count = bar.getByRole('status');
  // Reading order: the field first, then the free card.
  await count.getByText('1 von 2 Treffern').waitFor();
  await page.waitForFunction(() => document.querySelector('#wall .cluster--found')?.textContent.includes('Leuchttürme'));
  await assertAccessible(page, 'the wall with the search open');

  // Enter: the next match, the far card, in view and selected.
  await page.keyboard.press('Enter');
  await count.getByText('2 von 2 Treffern').waitFor();
  await waitCardShown(page, FAR);
  assert.equal(await page.locator('.cluster--found').count(), 0, 'the field is no longer highlighted');
  // Past the last match: back to the first; Shift+Enter goes back.
  await page.keyboard.press('Enter');
  await count.getByText('1 von 2 Treffern').waitFor();
  await page.keyboard.press('Shift+Enter');
  await count.getByText('2 von 2 Treffern').waitFor();
  await waitCardShown(page, FAR);
  // The buttons do the same.
  await bar.getByRole('button', { name: 'Weiter' }).click();
  await count.getByText('1 von 2 Treffern').waitFor();
  await cluster(page, 'Leuchttürme').waitFor();
  await bar.getByRole('button', { name: 'Zurück' }).click();
  await count.getByText('2 von 2 Treffern').waitFor();
  await waitCardShown(page, FAR);

  // A more precise text: one match; nothing found says so.
  await field.fill('leuchtturm am');
  await count.getByText('1 von 1 Treffer').waitFor();
  await field.fill('Nummer 49');
  await count.getByText('1 von 15 Treffern').waitFor();
  // Every match on screen is marked at once (the current one also selected), nothing else.
  await page.waitForFunction(() => {
    const cards = [...document.querySelectorAll('#wall .card')];
    const matching = cards.filter((c) => c.textContent.includes('49')); // both words: "Nummer" and "49"
    const marked = cards.filter((c) => c.classList.contains('card--hit'));
    return matching.length > 1 && marked.length === matching.length && matching.every((c) => marked.includes(c));
  });
  await field.fill('gibt es nicht');
  await page.waitForFunction(() => document.querySelectorAll('.card--hit, .cluster--hit').length === 0);
  await count.getByText('Keine Treffer').waitFor();
  assert.ok(await bar.getByRole('button', { name: 'Weiter' }).isDisabled(), 'no next match to go to');

  // Escape closes it and gives focus back to the wall, where Ctrl+F came from.
  await field.focus();
  await page.keyboard.press('Escape');
  await bar.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.id === 'wall');

  // "/" opens it too, with the text kept and selected; in the field "/" is just typed.
  await page.keyboard.press('/');
  await page.waitForFunction(() => document.activeElement?.id === 'wall-search-input');
  await page.keyboard.type('leuchtt');
  await count.getByText('1 von 2 Treffern').waitFor();
  await page.keyboard.press('/');
  assert.equal(await field.inputValue(), 'leuchtt/', 'a "/" typed in the field stays there');
  await field.fill('leuchtt');

  // The list view shows only the matches while the search is open.
  await page.getByRole('button', { name: 'Liste (Listenansicht)' }).click();
  const freeList = page.getByRole('list', { name: 'Freie Karten' });
  await freeList.waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.outline [data-outline-card]').length === 1);
  assert.deepEqual(await freeList.getByRole('button').allTextContents(), [FAR]);
  assert.equal(await page.getByRole('region', { name: 'Leuchttürme' }).count(), 1, 'the field whose heading matches shows');
  await field.fill('Karte Nummer 12');
  await page.waitForFunction(() => document.querySelectorAll('.outline [data-outline-card]').length === 15);
  assert.equal(await page.getByRole('region', { name: 'Leuchttürme' }).count(), 0, 'a field without matches is left out');
  // Enter goes from match to match in the list too: the match shown is the pressed one.
  await count.getByText('1 von 15 Treffern').waitFor();
  const pressed = freeList.getByRole('button', { pressed: true });
  const first = await pressed.textContent();
  assert.match(first, /Karte Nummer \d*12/);
  await field.press('Enter');
  await count.getByText('2 von 15 Treffern').waitFor();
  await page.waitForFunction((old) => {
    const now = document.querySelector('.outline [aria-pressed="true"]');
    return now && now.textContent !== old && /Karte Nummer \d*12/.test(now.textContent);
  }, first);
  await assertAccessible(page, 'the list view filtered by the search');
  // Closed, the list is whole again.
  await bar.getByRole('button', { name: 'Suche schließen' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.outline [data-outline-card]').length === 500);
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a 360 px phone the facilitator reaches the search and its targets are 44 px', async () => {
  const context = await newContext(env.browser, 'phone');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, 'Suche am Telefon', { name: 'Moderation' });
  await addCard(page, 'Über den Tellerrand');
  await addCard(page, 'Sprachkurse');
  await page.getByRole('button', { name: 'Suchen' }).click();
  const bar = page.getByRole('search', { name: 'Auf der Wand suchen' });
  const field = bar.getByRole('searchbox', { name: 'Auf der Wand suchen' });
  await field.waitFor();
  // Case and accents do not matter.
  await field.fill('uber');
  await bar.getByRole('status').getByText('1 von 1 Treffer').waitFor();
  await waitCardShown(page, 'Über den Tellerrand');
  // Typed without umlauts, as on a keyboard that has none.
  await field.fill('ueber');
  await bar.getByRole('status').getByText('1 von 1 Treffer').waitFor();
  const fieldBox = await field.boundingBox();
  assert.ok(fieldBox.x >= 0 && fieldBox.x + fieldBox.width <= 360, `the field fits the screen: ${JSON.stringify(fieldBox)}`);
  for (const name of ['Zurück', 'Weiter', 'Suche schließen']) {
    const button = bar.getByRole('button', { name });
    await button.scrollIntoViewIfNeeded();
    const box = await button.boundingBox();
    assert.ok(box.height >= 44 && box.width >= 44, `${name} is a 44 px target: ${JSON.stringify(box)}`);
  }
  assert.ok(fieldBox.height >= 44, 'the field is 44 px tall');
  await assertAccessible(page, 'the phone-wide wall with the search open');
  await page.keyboard.press('Escape');
  await bar.waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
  await context.close();
});
