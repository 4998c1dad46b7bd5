// Sharing never forks the room's board: a participant (phone) and a co-facilitator (the
// facilitator link in a fresh browser) press every share or publish control they see; no
// request creates a board and each stays on the board it opened. The participant sees no
// share, projector or file control; the co-facilitator's share dialog gives the same links
// as the creator's, fetched from the server with the facilitator token, and they work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCard, card, createBoard, enterName, openWall, boardMenu, boardMenuButton, waitStored } from './steps.mjs';

const env = serverAndBrowser();
const TITLE = 'Integrationsworkshop';

/** Every request a browser context makes, for checking afterwards. */
function recordRequests(context) {
  const requests = [];
  context.on('request', (r) => requests.push(r));
  return requests;
}

/** The requests that create a board (`POST /api/boards`). */
const boardCreations = (requests) =>
  requests.filter((r) => r.method() === 'POST' && new URL(r.url()).pathname.replace(/\/+$/, '') === '/api/boards')
    .map((r) => `${r.method()} ${r.url()}`);

/** Every control that shares or publishes the board, by its accessible name. */
const shareControls = (page) => page.getByRole('button', { name: /teilen|share|publish|veröffentlich/i });

/** The share dialog's links, keyed by label. */
async function shareLinks(page) {
  const share = page.getByRole('dialog', { name: 'Wand teilen' });
  const links = {
    participant: await share.getByLabel('Link für Teilnehmende').inputValue(),
    projector: await share.getByLabel('Link für den Projektor (nur ansehen)').inputValue(),
    facilitator: await share.getByLabel('Link für weitere Moderierende').inputValue(),
  };
  await share.getByRole('button', { name: 'Schließen' }).click();
  await share.waitFor({ state: 'hidden' });
  return links;
}

const boardPath = (page) => new URL(page.url()).pathname;

/** A facilitator's board with one card; returns the page, the board id and the creator's links. */
async function facilitatorBoard(errors) {
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  errors.facilitator = watchErrors(facilitator);
  await createBoard(facilitator, env.server.url, TITLE, { name: 'Moderation' });
  await addCard(facilitator, 'Sprachkurse für Eltern');
  await waitStored(facilitator);
  const boardId = boardPath(facilitator).split('/').pop();
  assert.match(boardId, /^\w{12}$/);
  await boardMenu(facilitator, 'Teilen');
  const creators = await shareLinks(facilitator);
  assert.match(creators.facilitator, new RegExp(`/b/${boardId}#t=facilitator\\.`));
  return { host, facilitator, boardId, creators };
}

test('a participant sees no share, projector or file control (its board menu holds only its name), and nothing it presses forks the board', async () => {
  const errors = {};
  const { host, facilitator, boardId, creators } = await facilitatorBoard(errors);
  const phone = await newContext(env.browser, 'phone');
  const phoneRequests = recordRequests(phone);
  const participant = await phone.newPage();
  errors.participant = watchErrors(participant);
  await participant.goto(creators.participant);
  await enterName(participant, 'Anna');
  await openWall(participant);
  await participant.getByRole('heading', { name: TITLE }).waitFor();
  await card(participant, 'Sprachkurse für Eltern').waitFor();
  await participant.getByRole('button', { name: 'Karte hinzufügen' }).waitFor();
  assert.equal(boardPath(participant), `/b/${boardId}`);
  for (const control of await shareControls(participant).all()) {
    if (await control.isVisible()) await control.click();
  }
  // A card written afterwards reaches the room: the phone is still on the room's board.
  await addCard(participant, 'Mehr Kita-Plätze');
  await waitStored(participant);
  assert.deepEqual(boardCreations(phoneRequests), [], 'the participant created no board');
  assert.equal(boardPath(participant), `/b/${boardId}`, 'the participant stays on the board');
  await card(facilitator, 'Mehr Kita-Plätze').waitFor();
  // Participants see no control for what they may not do.
  assert.equal(await participant.getByRole('button', { name: 'Teilen', exact: true }).count(), 0, 'no "Teilen"');
  // The board menu holds one entry for them: their own name; no share, file or projector.
  await boardMenuButton(participant).click();
  const menu = participant.getByRole('menu', { name: 'Menü der Wand' });
  const items = (await menu.getByRole('menuitem').allTextContents()).map((t) => t.trim());
  assert.deepEqual(items, ['Name ändern'], 'the board menu: no share, file or projector');
  await participant.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden' });
  assert.equal(await shareControls(participant).count(), 0, 'no share or publish control');
  assert.equal(await participant.getByRole('button', { name: 'Projektor', exact: true }).count(), 0, 'no "Projektor"');
  assert.equal(await participant.getByRole('button', { name: /^Datei/ }).count(), 0, 'no "Datei"');
  // What participants do stays: cards (above), the list view, group work.
  await participant.getByRole('button', { name: 'Listenansicht' }).waitFor();
  await participant.getByRole('button', { name: 'Gruppenarbeit' }).waitFor();
  assert.deepEqual(errors, { facilitator: [], participant: [] });
  await phone.close();
  await host.close();
});

test('a co-facilitator shares the same links as the creator, and nothing it presses forks the board', async () => {
  const errors = {};
  const { host, facilitator, boardId, creators } = await facilitatorBoard(errors);
  const second = await newContext(env.browser, 'desktop');
  const coRequests = recordRequests(second);
  const co = await second.newPage();
  errors.co = watchErrors(co);
  await co.goto(creators.facilitator);
  await enterName(co, 'Co-Moderation');
  await co.getByRole('heading', { name: TITLE }).waitFor();
  await card(co, 'Sprachkurse für Eltern').waitFor();
  assert.equal(boardPath(co), `/b/${boardId}`);
  // The share and publish entries of the board menu.
  await boardMenuButton(co).click();
  const entries = co.getByRole('menu', { name: 'Menü der Wand' }).getByRole('menuitem', { name: /teilen|share|publish|veröffentlich/i });
  const names = (await entries.allTextContents()).map((t) => t.trim());
  await co.keyboard.press('Escape');
  assert.ok(names.length > 0, 'the co-facilitator can share');
  let links;
  for (const name of names) {
    await boardMenu(co, name);
    // Either the share dialog opens or (the bug) the page moves to a copy of the board.
    const moved = co.waitForURL((u) => u.pathname !== `/b/${boardId}`).then(() => 'moved');
    const opened = co.getByRole('dialog', { name: 'Wand teilen' }).waitFor().then(() => 'opened');
    const outcome = await Promise.race([moved, opened]);
    moved.catch(() => {});
    opened.catch(() => {});
    assert.deepEqual(boardCreations(coRequests), [], 'the co-facilitator created no board');
    assert.equal(outcome, 'opened', 'the share dialog opened');
    links = await shareLinks(co);
  }
  // The same board's links, the same as the creator's.
  assert.match(links.participant, new RegExp(`/b/${boardId}#t=participant\\.`));
  assert.match(links.projector, new RegExp(`/b/${boardId}#t=viewer\\.`));
  assert.deepEqual(links, creators);
  await addCard(co, 'Patenschaften');
  await waitStored(co);
  assert.deepEqual(boardCreations(coRequests), [], 'the co-facilitator created no board');
  assert.equal(boardPath(co), `/b/${boardId}`, 'the co-facilitator stays on the board');
  await card(facilitator, 'Patenschaften').waitFor();
  // The invitations came with the token in a header, never in an address.
  const fetched = coRequests.filter((r) => new URL(r.url()).pathname === `/api/boards/${boardId}/invites`);
  assert.equal(fetched.length, 1, 'the co-facilitator fetched the invitations once');
  assert.match((await fetched[0].allHeaders()).authorization ?? '', /^Bearer facilitator\./);
  for (const r of coRequests) {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/')) assert.equal(url.search.includes('token'), false, r.url());
  }

  // A third person joins through the co-facilitator's participant link and sees the cards.
  const third = await newContext(env.browser, 'phone');
  const joiner = await third.newPage();
  errors.joiner = watchErrors(joiner);
  await joiner.goto(links.participant);
  await enterName(joiner, 'Bora');
  await openWall(joiner);
  await joiner.getByRole('heading', { name: TITLE }).waitFor();
  for (const text of ['Sprachkurse für Eltern', 'Patenschaften']) await card(joiner, text).waitFor();
  assert.equal(boardPath(joiner), `/b/${boardId}`);
  // The projector link from the co-facilitator's dialog shows the board too.
  const beamer = await newContext(env.browser, 'projector');
  const projector = await beamer.newPage();
  errors.projector = watchErrors(projector);
  await projector.goto(links.projector);
  await card(projector, 'Patenschaften').waitFor();
  assert.equal(boardPath(projector), `/b/${boardId}`);

  assert.deepEqual(errors, { facilitator: [], co: [], joiner: [], projector: [] });
  await beamer.close();
  await third.close();
  await second.close();
  await host.close();
});

test('the share dialog fits a phone: every link and its copy button on screen', async () => {
  const context = await newContext(env.browser, 'phone');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, TITLE, { name: 'Moderation' });
  await boardMenu(page, 'Teilen');
  const dialog = page.getByRole('dialog', { name: 'Wand teilen' });
  await dialog.getByLabel('Link für Teilnehmende').waitFor();
  // Nothing to scroll sideways: the dialog's content is as wide as the dialog.
  const [scroll, client] = await dialog.evaluate((el) => [el.scrollWidth, el.clientWidth]);
  assert.ok(scroll <= client, `the dialog scrolls sideways: ${scroll} px of content in ${client} px`);
  const width = page.viewportSize().width;
  for (const copy of await dialog.getByRole('button', { name: 'Link kopieren' }).all()) {
    const box = await copy.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= width, `a copy button sticks out: ${JSON.stringify(box)}`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});
