// Cards readable anywhere: a long card is clamped on the wall and whole where it is read
// (focused, in its action sheet, in the list view); right-to-left texts run right to left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCard, addCluster, card, createBoard } from './steps.mjs';

const env = serverAndBrowser();

// 500 characters of German, with long compound words (the card's limit).
const LONG = ('Gleichberechtigte Teilhabe am Arbeitsmarkt braucht Anerkennung ausländischer Berufsabschlüsse, '
  + 'Sprachförderung im Betrieb und Ansprechpersonen in der Verwaltung. ').repeat(4).slice(0, 500);

/** The card's box and its text's, and whether the text is cut off. */
const measure = (locator) => locator.evaluate((li) => {
  const p = li.querySelector('.card-text');
  const style = getComputedStyle(p);
  return {
    height: li.getBoundingClientRect().height,
    lineHeight: parseFloat(style.lineHeight),
    padding: parseFloat(getComputedStyle(li).paddingTop) + parseFloat(getComputedStyle(li).paddingBottom),
    cut: p.scrollHeight > p.clientHeight + 1,
  };
});

test('a 500-character card is clamped on the wall and whole when focused, in its action sheet and in the list view', async () => {
  const context = await newContext(env.browser, 'desktop');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, 'Lange Karten', { name: 'Moderation' });
  await addCard(page, LONG);
  const long = card(page, LONG);

  // Not selected, not focused: at most six lines, and the rest cut off.
  await long.focus();
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('.card--selected') && !document.activeElement?.closest('.card'));
  const clamped = await measure(long);
  assert.ok(clamped.cut, 'the long text is cut off on the wall');
  assert.ok(clamped.height <= 6 * clamped.lineHeight + clamped.padding + 2,
    `the card is no taller than six lines: ${clamped.height}px, line ${clamped.lineHeight}px`);
  assert.ok(await long.evaluate((li) => getComputedStyle(li.querySelector('.card-text')).webkitLineClamp === '6'), 'six lines, with an ellipsis');

  // Focused (and so selected): all of it, and the action sheet shows all of it too.
  await long.focus();
  await page.waitForFunction(() => {
    const p = document.activeElement?.querySelector('.card-text');
    return p && p.scrollHeight <= p.clientHeight + 1;
  });
  const open = await measure(long);
  assert.ok(open.height > clamped.height + open.lineHeight, `the focused card grows to its whole text: ${open.height}px`);
  const sheet = page.getByRole('toolbar', { name: 'Kartenaktionen' });
  const sheetText = sheet.locator('.card-actions-text');
  assert.equal(await sheetText.textContent(), LONG);
  assert.ok(await sheetText.evaluate((p) => p.scrollWidth <= p.clientWidth + 1 && p.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(p).lineHeight)),
    'the action sheet wraps the whole text instead of cutting it to one line');

  // The list view: the whole text, not cut.
  await page.getByRole('button', { name: /^Liste/ }).click();
  const item = page.getByRole('button', { name: LONG, exact: true });
  await item.waitFor();
  assert.ok(await item.evaluate((b) => b.scrollHeight <= b.clientHeight + 1 && b.scrollWidth <= b.clientWidth + 1), 'the list shows all of it');
  await assertAccessible(page, 'list view with a long card');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Arabic and Hebrew cards and fields run right to left, German ones left to right, and long words stay inside', async () => {
  const context = await newContext(env.browser, 'desktop');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, 'Viele Sprachen', { name: 'Moderation' });
  const ARABIC = 'تعلم اللغة في العمل';
  const HEBREW = 'לימוד שפה בעבודה';
  const GERMAN = 'Arbeitsmarktintegrationsmaßnahmenverantwortliche';
  await addCluster(page, 'التعليم');
  for (const text of [ARABIC, HEBREW, GERMAN]) await addCard(page, text);

  const direction = (locator, selector) => locator.evaluate((el, sel) => getComputedStyle(sel ? el.querySelector(sel) : el).direction, selector);
  assert.equal(await direction(card(page, ARABIC), '.card-text'), 'rtl', 'Arabic card');
  assert.equal(await direction(card(page, HEBREW), '.card-text'), 'rtl', 'Hebrew card');
  assert.equal(await direction(card(page, GERMAN), '.card-text'), 'ltr', 'German card');
  assert.equal(await direction(page.getByRole('heading', { name: 'التعليم' }), null), 'rtl', 'Arabic field title');
  assert.equal(await card(page, ARABIC).evaluate((li) => getComputedStyle(li.querySelector('.card-text')).textAlign), 'start');

  // German text hyphenates by the page's language; a word too long for the card still stays inside.
  const german = await card(page, GERMAN).evaluate((li) => {
    const p = li.querySelector('.card-text');
    return { hyphens: getComputedStyle(p).hyphens, lang: p.closest('[lang]')?.getAttribute('lang'), inside: p.scrollWidth <= p.clientWidth + 1 };
  });
  assert.deepEqual(german, { hyphens: 'auto', lang: 'de', inside: true });

  // The action sheet and the list view keep the direction.
  await card(page, HEBREW).focus();
  const sheetText = page.getByRole('toolbar', { name: 'Kartenaktionen' }).locator('.card-actions-text');
  await page.waitForFunction((t) => document.querySelector('.card-actions-text')?.textContent === t, HEBREW);
  assert.equal(await direction(sheetText, null), 'rtl', 'Hebrew in the action sheet');
  await page.getByRole('button', { name: /^Liste/ }).click();
  assert.equal(await direction(page.getByRole('button', { name: ARABIC, exact: true }), null), 'rtl', 'Arabic in the list');
  assert.equal(await direction(page.getByRole('button', { name: GERMAN, exact: true }), null), 'ltr', 'German in the list');
  assert.deepEqual(errors, []);
  await context.close();
});
