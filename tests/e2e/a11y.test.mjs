// Keyboard and screen reader: no serious or critical axe-core violation on any page — the
// start page, the wall (facilitator at 1280 px, participant on a phone with its home), the
// list view, the ballot during a running vote, the dialogs (share, file, documentation,
// voting, name), the projector with its join panel, the agenda, positioning with an open
// question, and group work with a worksheet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCard, addCluster, addStep, boardMenu, createBoard, enterName, inviteLink, openWall, phoneHome, waitStored } from './steps.mjs';

const env = serverAndBrowser();
const TITLE = 'Integrationsworkshop';
const FIELD = 'Bildung';
const ROUND = 'Welche Handlungsfelder sind am wichtigsten?';
const QUESTION = 'Wo sind Sie selbst geboren?';
const SHOW_JOIN = 'Beitritt (QR-Code und Code) auf dem Projektor zeigen';

/** Checks the open dialog named `name`, then closes it with Escape. */
async function checkDialog(page, name, label) {
  const dialog = page.getByRole('dialog', { name });
  await dialog.waitFor();
  await assertAccessible(page, label);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  return dialog;
}

test('every page and dialog has no serious or critical axe-core violation', async () => {
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  const errors = [watchErrors(facilitator)];

  // Start page, then the name dialog of a new board.
  await facilitator.goto(env.server.url);
  await facilitator.getByLabel('Titel der Wand').waitFor();
  await assertAccessible(facilitator, 'start page');
  await createBoard(facilitator, env.server.url, TITLE);
  await facilitator.getByRole('dialog', { name: 'Wie heißt du?' }).waitFor();
  await assertAccessible(facilitator, 'name dialog');
  await enterName(facilitator, 'Moderation');

  // The wall at 1280 px, with fields, a card and its action bar.
  for (const f of [FIELD, 'Sprache', 'Arbeitsmarkt']) await addCluster(facilitator, f);
  await addCard(facilitator, 'Sprachcafé');
  await facilitator.getByRole('toolbar', { name: 'Kartenaktionen' }).waitFor();
  await assertAccessible(facilitator, 'wall, facilitator, 1280 px, a card selected');
  await facilitator.getByRole('button', { name: 'Menü der Wand' }).click();
  await facilitator.getByRole('menu', { name: 'Menü der Wand' }).waitFor();
  await assertAccessible(facilitator, 'wall with the board menu open');
  await facilitator.keyboard.press('Escape');

  // The list view.
  await facilitator.getByRole('button', { name: 'Listenansicht' }).click();
  await facilitator.locator('.outline').waitFor();
  await assertAccessible(facilitator, 'list view');
  await facilitator.getByRole('button', { name: 'Listenansicht' }).click();

  // The dialogs of the board menu and the toolbar.
  await boardMenu(facilitator, 'Teilen');
  await facilitator.getByRole('dialog', { name: 'Wand teilen' }).getByLabel('Link für Teilnehmende').waitFor();
  await checkDialog(facilitator, 'Wand teilen', 'share dialog');
  await boardMenu(facilitator, 'Datei: speichern oder einlesen');
  await checkDialog(facilitator, 'Wand als Datei', 'file dialog');
  await boardMenu(facilitator, 'Dokumentation');
  await checkDialog(facilitator, 'Dokumentation', 'documentation dialog');
  await facilitator.getByRole('button', { name: 'Abstimmung', exact: true }).click();
  const rounds = facilitator.getByRole('dialog', { name: 'Abstimmungen' });
  await rounds.getByRole('button', { name: 'Abstimmung anlegen' }).click();
  await rounds.getByText('in Vorbereitung').waitFor();
  await checkDialog(facilitator, 'Abstimmungen', 'voting dialog');

  // Agenda with a step.
  await facilitator.getByRole('button', { name: 'Ablauf', exact: true }).click();
  await addStep(facilitator, '10:00', 'Thesen sammeln', 'Arbeit an der Wand');
  await assertAccessible(facilitator, 'agenda');

  // Positioning with an open question.
  await facilitator.getByRole('button', { name: 'Aufstellung', exact: true }).click();
  await facilitator.getByLabel('Titel', { exact: true }).fill('Wanderungen');
  await facilitator.getByRole('button', { name: 'Aufstellung anlegen' }).click();
  await facilitator.getByLabel('Text der Frage').fill(QUESTION);
  await facilitator.getByLabel('Positionen (eine pro Zeile)').fill('Quakenbrück\nNiedersachsen\nAusland');
  await facilitator.getByRole('button', { name: 'Frage hinzufügen' }).click();
  await facilitator.getByRole('button', { name: `Frage öffnen: ${QUESTION}` }).click();
  await facilitator.getByText(QUESTION).first().waitFor();
  await assertAccessible(facilitator, 'positioning with an open question');

  // Group work with a worksheet.
  await facilitator.getByRole('button', { name: 'Gruppenarbeit', exact: true }).click();
  await facilitator.getByLabel('Handlungsfeld', { exact: true }).selectOption({ label: FIELD });
  await facilitator.getByRole('button', { name: 'Gruppe anlegen' }).click();
  await facilitator.getByRole('listitem', { name: FIELD }).waitFor();
  await facilitator.getByLabel('Für', { exact: true }).selectOption({ label: FIELD });
  await facilitator.getByRole('button', { name: 'Arbeitsblatt anlegen' }).click();
  await facilitator.getByRole('heading', { name: `Analyse des Handlungsfelds: ${FIELD}` }).waitFor();
  await assertAccessible(facilitator, 'group work with a worksheet');
  await facilitator.getByRole('button', { name: 'Wand', exact: true }).click();
  await waitStored(facilitator);

  // The projector at 1920×1080 with the join panel.
  const projectorLink = await inviteLink(facilitator, 'Link für den Projektor (nur ansehen)');
  await boardMenu(facilitator, 'Teilen');
  const share = facilitator.getByRole('dialog', { name: 'Wand teilen' });
  await share.getByLabel(SHOW_JOIN).check();
  await share.getByRole('button', { name: 'Schließen' }).click();
  await share.waitFor({ state: 'hidden' });
  const beamer = await newContext(env.browser, 'projector');
  const projector = await beamer.newPage();
  errors.push(watchErrors(projector));
  await projector.goto(projectorLink);
  await projector.getByRole('complementary', { name: 'Mitmachen' }).getByRole('status', { name: 'Beitrittscode' }).waitFor();
  await assertAccessible(projector, 'projector with the join panel');

  // A participant's phone: the home, the wall, and the ballot of a running vote.
  const link = await inviteLink(facilitator);
  const phone = await newContext(env.browser, 'phone');
  const page = await phone.newPage();
  errors.push(watchErrors(page));
  await page.goto(link);
  await enterName(page, 'Anna');
  await phoneHome(page).waitFor();
  await assertAccessible(page, 'phone home');
  await openWall(page);
  await assertAccessible(page, 'wall on a phone');
  await page.getByRole('button', { name: 'Zur Übersicht' }).click();
  await phoneHome(page).waitFor();

  await facilitator.getByRole('button', { name: 'Abstimmung', exact: true }).click();
  await rounds.getByRole('listitem', { name: ROUND }).getByRole('button', { name: 'Öffnen' }).click();
  await rounds.getByText('läuft').waitFor();
  await facilitator.keyboard.press('Escape');
  await rounds.waitFor({ state: 'hidden' });
  const ballot = page.getByRole('dialog', { name: ROUND });
  const voteNow = phoneHome(page).getByRole('button', { name: 'Jetzt abstimmen' });
  await ballot.or(voteNow).first().waitFor();
  if (!(await ballot.isVisible())) await voteNow.tap();
  await ballot.getByRole('button', { name: `Einen Punkt mehr: ${FIELD}` }).waitFor();
  await assertAccessible(page, 'ballot on a phone during a running vote');

  assert.deepEqual(errors.flat(), []);
  await phone.close();
  await beamer.close();
  await host.close();
});
