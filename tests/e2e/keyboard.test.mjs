// Keyboard and screen reader: a facilitator works the wall with keys alone; focus never
// falls to <body> when a dialog closes; skip links come first; a field is one Tab stop
// with arrow keys between its cards (a roving tabindex).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCard, addCluster, card, cardIn, cluster, createBoard } from './steps.mjs';

const env = serverAndBrowser();

/** What has focus: its tag, id, accessible name (roughly), and the wall part it is. */
const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return { body: true, name: '' };
  const name = el.getAttribute('aria-label') || el.labels?.[0]?.textContent || el.textContent || '';
  return {
    body: false, tag: el.tagName, id: el.id, name: name.trim().replace(/\s+/g, ' '),
    card: el.classList.contains('card'), field: el.classList.contains('cluster'), inWall: !!el.closest('#wall'),
  };
});

/** Presses Tab until the focused element's name is `name`; returns how many presses. */
async function tabTo(page, name, key = 'Tab', max = 80) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    if (typeof name === 'string' ? f.name === name : name.test(f.name)) return i;
  }
  throw new Error(`no Tab stop named ${name}`);
}

/** After a dialog closed: focus settles on the element named `name`, never on <body>. */
async function focusReturnsTo(page, name, what) {
  await page.waitForFunction((n) => {
    const el = document.activeElement;
    return el && el !== document.body && (el.id === n || el.getAttribute('aria-label') === n || el.textContent.trim() === n);
  }, name).catch(() => {});
  const f = await focused(page);
  assert.ok(!f.body, `${what}: focus fell to <body>`);
  assert.ok(f.id === name || f.name === name, `${what}: focus is on ${JSON.stringify(f)}, not ${name}`);
}

test('keyboard only: create a board, name yourself, add a field and a card, move the card into the field, start a vote', async () => {
  const context = await newContext(env.browser, 'desktop');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  // Once the start page is there (the app mounted), by keyboard only.
  await page.getByLabel('Titel der Wand').waitFor();
  await tabTo(page, 'Titel der Wand');
  await page.keyboard.type('Nur Tastatur');
  await page.keyboard.press('Enter');
  const nameDialog = page.getByRole('dialog', { name: 'Wie heißt du?' });
  await nameDialog.waitFor();
  await page.keyboard.type('Moderation');
  await page.keyboard.press('Enter');
  await nameDialog.waitFor({ state: 'hidden' });
  await focusReturnsTo(page, 'wall', 'after the name dialog');
  await assertAccessible(page, 'wall after the name dialog');

  await tabTo(page, 'Rubrik hinzufügen');
  await page.keyboard.press('Enter');
  const fieldDialog = page.getByRole('dialog', { name: 'Rubrik hinzufügen' });
  await fieldDialog.waitFor();
  await page.keyboard.type('Bildung');
  await page.keyboard.press('Enter');
  await fieldDialog.waitFor({ state: 'hidden' });
  await cluster(page, 'Bildung').waitFor();
  await focusReturnsTo(page, 'Rubrik hinzufügen', 'after adding a field');

  await tabTo(page, 'Karte hinzufügen');
  await page.keyboard.press('Enter');
  const cardDialog = page.getByRole('dialog', { name: 'Karte hinzufügen' });
  await cardDialog.waitFor();
  await page.keyboard.type('Sprachcafé');
  await page.keyboard.press('Enter');
  await cardDialog.waitFor({ state: 'hidden' });
  await card(page, 'Sprachcafé').waitFor();
  await focusReturnsTo(page, 'Karte hinzufügen', 'after adding a card');

  // The new card is selected: its action sheet moves it into the field.
  await tabTo(page, 'In Rubrik');
  await page.keyboard.press('ArrowDown');
  await cardIn(page, 'Bildung', 'Sprachcafé').waitFor();

  // Cancelling a dialog with Escape returns focus to its button too.
  await tabTo(page, 'Abstimmung');
  await page.keyboard.press('Enter');
  const rounds = page.getByRole('dialog', { name: 'Abstimmungen' });
  await rounds.waitFor();
  await page.keyboard.press('Escape');
  await rounds.waitFor({ state: 'hidden' });
  await focusReturnsTo(page, 'Abstimmung', 'after closing the rounds with Escape');

  await page.keyboard.press('Enter');
  await rounds.waitFor();
  await tabTo(page, 'Abstimmung anlegen');
  await page.keyboard.press('Enter');
  await rounds.getByText('in Vorbereitung').waitFor();
  await tabTo(page, 'Öffnen');
  await page.keyboard.press('Enter');
  await rounds.getByText('läuft').waitFor();
  await assertAccessible(page, 'rounds dialog');
  await page.keyboard.press('Escape');
  await rounds.waitFor({ state: 'hidden' });
  await focusReturnsTo(page, 'Abstimmung', 'after starting the vote');
  assert.deepEqual(errors, []);
  await context.close();
});

test('skip links first; 11 cards in 3 fields are one Tab stop per field plus the free cards; arrows go between a field\'s cards', async () => {
  const context = await newContext(env.browser, 'desktop');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, 'Tab-Stopps', { name: 'Moderation' });
  const FIELDS = { Bildung: ['Kita', 'Schule', 'Uni'], Arbeit: ['Praktikum', 'Mentoring', 'Anerkennung'], Wohnen: ['Mieten', 'Nachbarschaft', 'Wohnheim'] };
  for (const title of Object.keys(FIELDS)) await addCluster(page, title);
  for (const [title, texts] of Object.entries(FIELDS)) {
    for (const text of texts) {
      await addCard(page, text);
      await card(page, text).focus();
      await page.getByRole('toolbar', { name: 'Kartenaktionen' }).getByLabel('In Rubrik').selectOption({ label: title });
      await cardIn(page, title, text).waitFor();
    }
  }
  await addCard(page, 'Frei eins');
  await addCard(page, 'Frei zwei');

  await page.reload();
  await cardIn(page, 'Wohnen', 'Wohnheim').waitFor();
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).name, 'Zur Wand springen', 'the first Tab stop skips to the wall');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).name, 'Zu den Werkzeugen springen', 'the second skips to the tools');
  await page.keyboard.press('Enter');
  await focusReturnsTo(page, 'Karte hinzufügen', 'the toolbar skip link');
  await tabTo(page, 'Zur Wand springen', 'Shift+Tab');
  await page.keyboard.press('Enter');
  await focusReturnsTo(page, 'wall', 'the wall skip link');

  // Every Tab stop on the wall's cards and fields, in order, until focus leaves them.
  const stops = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (!f.inWall || !(f.card || f.field)) break;
    stops.push(f.name);
  }
  assert.deepEqual([...stops].sort(), ['Frei eins', 'Frei zwei', 'Kita', 'Mieten', 'Praktikum'],
    `each field's first card and the free cards: ${stops}`);
  assert.equal(stops.length, 5, `one stop per field and one per free card: ${stops}`);

  // Into the first field: arrows go from card to card without moving them.
  const first = FIELDS.Bildung[0];
  await page.keyboard.press('Shift+Tab');
  while (!(await focused(page)).name.match(/^(Kita|Schule|Uni)$/)) await page.keyboard.press('Shift+Tab');
  assert.equal((await focused(page)).name, first);
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Schule');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Uni');
  const order = () => cluster(page, 'Bildung').locator('.card').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  assert.deepEqual(await order(), ['Kita', 'Schule', 'Uni'], 'arrows alone move focus, not cards');
  // The field remembers its card: Tab away and back lands on "Uni".
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  assert.equal((await focused(page)).name, 'Uni');
  // Alt moves the card; right goes to the neighbouring field; Escape to the field itself.
  await page.keyboard.press('Alt+ArrowUp');
  await page.waitForFunction(() => {
    const field = document.querySelector('.cluster[aria-label="Rubrik: Bildung"]');
    return [...field.querySelectorAll('.card')].map((e) => e.getAttribute('aria-label')).join() === 'Kita,Uni,Schule';
  });
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Uni');
  // Left or right (whichever has a neighbour): the card at the same place in the next field.
  const inOtherField = () => page.waitForFunction(() => {
    const el = document.activeElement;
    return el?.classList.contains('card') && el.closest('.cluster')?.getAttribute('aria-label') !== 'Rubrik: Bildung';
  }, null, { timeout: 2000 }).then(() => true, () => false);
  await page.keyboard.press('ArrowRight');
  if (!(await inOtherField())) {
    await page.keyboard.press('ArrowLeft');
    assert.ok(await inOtherField(), 'an arrow to the side goes to the neighbouring field');
  }
  assert.ok(['Mentoring', 'Nachbarschaft'].includes((await focused(page)).name), 'the same place in the neighbouring field');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.activeElement?.classList.contains('cluster'));
  await assertAccessible(page, 'wall with three fields');

  // Deleting a card or leaving one with Escape keeps focus on the wall, never on <body>.
  await card(page, 'Kita').focus();
  await page.keyboard.press('Delete');
  await card(page, 'Kita').waitFor({ state: 'detached' });
  await focusReturnsTo(page, 'Uni', 'after deleting the first card of a field');
  await card(page, 'Frei eins').focus();
  await page.keyboard.press('Escape');
  await focusReturnsTo(page, 'wall', 'after Escape on a free card');
  assert.deepEqual(errors, []);
  await context.close();
});
