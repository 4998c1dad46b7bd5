// Issue 12, client side: a colour from another client (presence) or from the document never
// carries CSS into the page, and an invitation link never downgrades the role a device holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { card, createBoard, enterName, inviteLink } from './steps.mjs';
import { createBoard as createOnServer } from '../interop/server.mjs';
import { stockClient, synced, writeCard } from '../interop/yjs.mjs';

const env = serverAndBrowser();

/** A colour that would cover the screen with someone else's picture if it reached a style. */
const EVIL = 'red;position:fixed;inset:0;z-index:99999;background:url(http://x/)';
/** What the app shows instead of a colour it does not accept (docs/SCHEMA.md, "Colours"). */
const FALLBACK = 'rgb(74, 85, 104)';

/** The style attribute and the computed styles that matter, of the first element `locator` finds. */
const looks = (locator) =>
  locator.evaluate((el) => {
    const css = getComputedStyle(el);
    return {
      style: el.getAttribute('style') ?? '',
      position: css.position,
      backgroundImage: css.backgroundImage,
      backgroundColor: css.backgroundColor,
      zIndex: css.zIndex,
    };
  });

/** Asserts that an element shows a plain colour and no smuggled CSS. */
function assertPlain(seen, what) {
  assert.doesNotMatch(seen.style, /position|url\(|inset|z-index|;\s*background/i, `${what}: style ${seen.style}`);
  assert.notEqual(seen.position, 'fixed', `${what} is not fixed over the page`);
  assert.equal(seen.backgroundImage, 'none', `${what} has no background image`);
}

test('a colour with CSS in it, from presence or from the document, renders as a plain colour', async (t) => {
  const board = await createOnServer(env.server, { title: 'Farben' });
  const evil = stockClient(env.server, board.id, board.participant_token);
  t.after(() => evil.destroy());
  evil.provider.messageHandlers[100] = () => {};
  await synced(evil);
  const cardId = writeCard(evil.doc, { text: 'Bunte Karte', x: 120, y: 160, color: EVIL });

  const context = await newContext(env.browser, 'desktop');
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}/b/${board.id}#t=${board.participant_token}`);
  await enterName(page, 'Browser');

  // The card's colour in the document: read as the default, yellow, with nothing in its style.
  const colourful = card(page, 'Bunte Karte');
  await colourful.waitFor();
  assert.match(await colourful.getAttribute('class'), /card--yellow/);
  assertPlain(await looks(colourful), 'the card');

  // The presence colour: the avatar shows the fallback grey.
  evil.provider.awareness.setLocalState({ user: { id: 'evil00000000', name: 'Evil', color: EVIL, role: 'participant' } });
  const avatar = page.getByRole('group', { name: 'Auf der Wand' }).getByRole('listitem', { name: 'Evil' });
  await avatar.waitFor();
  const seen = await looks(avatar);
  assertPlain(seen, 'the avatar');
  assert.equal(seen.backgroundColor, FALLBACK);

  // The same colour on a card the other person drags: its ghost and name tag stay plain.
  evil.provider.awareness.setLocalState({
    user: { id: 'evil00000000', name: 'Evil', color: EVIL, role: 'participant', drag: { card: cardId, x: 400, y: 300 } },
  });
  const ghost = page.locator('.card--ghost');
  await ghost.waitFor();
  assertPlain(await looks(ghost), 'the dragged card');
  const tag = await looks(ghost.locator('.ghost-name'));
  assertPlain(tag, 'the name on the dragged card');
  assert.equal(tag.backgroundColor, FALLBACK);

  // Nothing anywhere on the page was turned into a cover over the wall.
  const covers = await page.evaluate(() =>
    [...document.querySelectorAll('[style]')].filter((el) => /url\(|position/i.test(el.getAttribute('style'))).length);
  assert.equal(covers, 0);
  assert.deepEqual(errors, []);
});

test('a participant link opened on the facilitator’s device keeps the facilitator’s role', async (t) => {
  const context = await newContext(env.browser, 'desktop');
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, 'Meine Wand', { name: 'Moderation' });
  const facilitatorControls = (p) => [
    p.getByRole('button', { name: 'Neuen Bereich auf der Wand anlegen' }),
    p.getByRole('button', { name: 'Alle hierher holen' }),
  ];
  for (const control of facilitatorControls(page)) await control.waitFor();
  const link = await inviteLink(page);
  assert.match(link, /#t=participant\./);

  // The same browser opens the participants' link (sent to everyone, the facilitator too).
  const tab = await context.newPage();
  const tabErrors = watchErrors(tab);
  await tab.goto(link);
  await tab.getByRole('region', { name: 'Wand: Meine Wand' }).waitFor();
  for (const control of facilitatorControls(tab)) await control.waitFor();
  const stored = () => tab.evaluate(() => JSON.parse(localStorage.getItem('kartenwand.boards')).boards.map((b) => b.token));
  assert.deepEqual((await stored()).map((token) => token.split('.')[0]), ['facilitator']);
  // Said unobtrusively, as a notice.
  await tab.getByRole('status').filter({ hasText: 'Du moderierst diese Wand auf diesem Gerät weiter; der Teilnahmelink wurde nicht übernommen.' }).waitFor();

  // And after a reload, still the facilitator (and no notice: nothing was offered this time).
  await tab.reload();
  await tab.getByRole('region', { name: 'Wand: Meine Wand' }).waitFor();
  for (const control of facilitatorControls(tab)) await control.waitFor();
  assert.equal(await tab.getByText('wurde nicht übernommen').count(), 0);
  assert.deepEqual((await stored()).map((token) => token.split('.')[0]), ['facilitator']);

  assert.deepEqual(errors, []);
  assert.deepEqual(tabErrors, []);
});
