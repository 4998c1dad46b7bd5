// A facilitator deletes the board on the server (DSGVO) from the board menu: a named,
// keyboard-usable confirmation dialog says that every link stops working and that this
// cannot be undone; cancelling keeps everything. Confirmed, the board is gone from the server
// and from the facilitator's browser, whose board list says so. A participant who has the
// board open (another browser, and a phone) and the projector are told at once and stop
// reconnecting; the board leaves the participant's browser too, and the invitation link then
// works like one to a board that never existed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCard, boardMenu, boardMenuByKeyboard, card, createBoard, enterName, inviteLink, phoneHome, waitStored } from './steps.mjs';

const env = serverAndBrowser();
const TITLE = 'Personalrunde vertraulich';

/** `GET /api/boards/{id}/access` with `token`: the status the server answers. */
async function access(boardId, token) {
  const response = await fetch(`${env.server.url}/api/boards/${boardId}/access`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return response.status;
}

test('the facilitator deletes the board on the server; a participant is told and the link is dead', async () => {
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  const facilitatorErrors = watchErrors(facilitator);
  // A board that stays, so that the list shows what it should still show.
  await createBoard(facilitator, env.server.url, 'Bleibt', { name: 'Moderation' });
  await createBoard(facilitator, env.server.url, TITLE);
  await addCard(facilitator, 'Gehälter der Abteilung');
  await waitStored(facilitator);
  const link = await inviteLink(facilitator);
  const projectorLink = await inviteLink(facilitator, 'Link für den Projektor (nur ansehen)');
  const boardId = new URL(facilitator.url()).pathname.split('/').pop();
  const participantToken = decodeURIComponent(link.split('#t=')[1]);

  const guest = await newContext(env.browser, 'desktop');
  const participant = await guest.newPage();
  const participantErrors = watchErrors(participant);
  await participant.goto(link);
  await enterName(participant, 'Anna');
  await card(participant, 'Gehälter der Abteilung').waitFor();
  await waitStored(participant);
  const beamer = await newContext(env.browser, 'projector');
  const projector = await beamer.newPage();
  await projector.goto(projectorLink);
  await card(projector, 'Gehälter der Abteilung').waitFor();
  // And a participant's phone, which runs the phone entry.
  const pocket = await newContext(env.browser, 'phone');
  const phone = await pocket.newPage();
  const phoneErrors = watchErrors(phone);
  await phone.goto(link);
  await enterName(phone, 'Ben');
  await phoneHome(phone).waitFor();
  await waitStored(phone);

  // By keyboard: the menu item opens the dialog; Escape cancels, and nothing is deleted.
  await boardMenuByKeyboard(facilitator, 'Auf dem Server löschen');
  const dialog = facilitator.getByRole('dialog', { name: 'Wand auf dem Server löschen?' });
  await dialog.waitFor();
  const text = await dialog.textContent();
  assert.match(text, /funktioniert der Link keiner Person mehr, auch nicht der der Teilnehmenden/);
  assert.match(text, /nicht rückgängig/);
  await dialog.getByRole('button', { name: 'Als Datei sichern' }).waitFor();
  await assertAccessible(facilitator, 'the confirmation dialog');
  await facilitator.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await access(boardId, participantToken), 200, 'cancelled: the board is still there');

  // Confirmed with the keyboard too: Tab to "Endgültig löschen", Enter.
  await boardMenu(facilitator, 'Auf dem Server löschen');
  await dialog.waitFor();
  const confirm = dialog.getByRole('button', { name: 'Endgültig löschen' });
  await confirm.focus();
  await facilitator.keyboard.press('Enter');

  // The facilitator is on the board list, which says what happened and lists the board no more.
  await facilitator.getByRole('status').filter({ hasText: 'Die Wand wurde auf dem Server und aus diesem Browser gelöscht.' }).waitFor();
  assert.equal(new URL(facilitator.url()).pathname, '/');
  await facilitator.getByRole('link', { name: 'Bleibt' }).waitFor();
  assert.equal(await facilitator.getByRole('link', { name: TITLE }).count(), 0);

  // The participant is told over the wall, and the connection stays down.
  const gone = participant.getByRole('alert').filter({ hasText: 'Diese Wand wurde gelöscht' });
  await gone.waitFor();
  assert.match(await gone.textContent(), /Die Moderation hat diese Wand auf dem Server gelöscht/);
  await participant.getByRole('status', { name: 'Verbindung: Auf dem Server gelöscht' }).waitFor();
  assert.equal(await access(boardId, participantToken), 404, 'gone on the server');
  // So are the projector and the phone.
  await projector.getByRole('alert').filter({ hasText: 'Diese Wand wurde gelöscht' }).waitFor();
  await phone.getByRole('alert').filter({ hasText: 'Diese Wand wurde gelöscht' }).waitFor();
  // Back to the list: the board has left this browser too.
  await gone.getByRole('link', { name: 'Zurück zu den Wänden' }).click();
  await participant.getByRole('heading', { name: 'Deine Wände' }).waitFor();
  assert.equal(await participant.getByRole('link', { name: TITLE }).count(), 0);

  // The invitation link, opened afresh, is a link to a board that does not exist.
  const later = await newContext(env.browser, 'desktop');
  const again = await later.newPage();
  await again.goto(link);
  await again.getByRole('alert').filter({ hasText: 'Diese Wand gibt es auf diesem Server nicht' }).waitFor();

  assert.deepEqual(facilitatorErrors, []);
  assert.deepEqual(participantErrors, []);
  assert.deepEqual(phoneErrors, []);
  await host.close();
  await guest.close();
  await beamer.close();
  await pocket.close();
  await later.close();
});
