// Rights the facilitator sets: in the share dialog's "Rechte der Teilnehmenden" the
// facilitator turns off creating fields (editing others' cards is off by default); a phone
// (360x740, touch) then sees no "Rubrik" button, no field tools, and no edit, colour or
// delete control for the facilitator's card, but all of them for its own card. Allowed
// again, the controls appear without a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCard, addCluster, card, cluster, createBoard, enterName, openWall, boardMenu } from './steps.mjs';

const env = serverAndBrowser();
const TITLE = 'Integrationsworkshop';
const THEIRS = 'Vorbereitet von der Moderation';
const MINE = 'Mehr Kita-Plätze';

/** Opens the share dialog and returns its rights group and the participants' link. */
async function openRights(page) {
  await boardMenu(page, 'Teilen');
  const share = page.getByRole('dialog', { name: 'Wand teilen' });
  const link = share.getByLabel('Link für Teilnehmende');
  await link.waitFor();
  const rights = share.getByRole('group', { name: 'Rechte der Teilnehmenden' });
  return { share, rights, link: await link.inputValue() };
}

async function closeDialog(share) {
  await share.getByRole('button', { name: 'Schließen' }).click();
  await share.waitFor({ state: 'hidden' });
}

/** The action bar of the selected card on `page`, after tapping the card. */
async function actionsFor(page, text) {
  await card(page, text).tap();
  const actions = page.getByRole('toolbar', { name: 'Kartenaktionen' });
  await actions.getByText(text).waitFor();
  return actions;
}

test('a phone shows no control for what the facilitator does not allow', async () => {
  const errors = {};
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  errors.facilitator = watchErrors(facilitator);
  await createBoard(facilitator, env.server.url, TITLE, { name: 'Moderation' });
  await addCard(facilitator, THEIRS);
  await addCluster(facilitator, 'Bildung');

  const { share, rights, link } = await openRights(facilitator);
  const others = rights.getByRole('checkbox', { name: 'Karten anderer bearbeiten und löschen' });
  const fields = rights.getByRole('checkbox', { name: 'Rubriken anlegen und ändern' });
  assert.equal(await others.isChecked(), false, 'by default participants change only their own cards');
  assert.equal(await fields.isChecked(), true, 'by default participants create fields');
  assert.equal(await rights.getByRole('checkbox', { name: 'Karten verschieben' }).isChecked(), true);
  await fields.uncheck();
  await closeDialog(share);

  const phoneContext = await newContext(env.browser, 'phone');
  const phone = await phoneContext.newPage();
  errors.phone = watchErrors(phone);
  await phone.goto(link);
  await enterName(phone, 'Anna');
  await openWall(phone);
  await phone.getByRole('heading', { name: TITLE }).waitFor();
  await phone.getByRole('button', { name: 'Alles zeigen' }).click();
  await card(phone, THEIRS).waitFor();
  await cluster(phone, 'Bildung').waitFor();
  await phone.getByRole('button', { name: 'Karte hinzufügen' }).waitFor();
  assert.equal(await phone.getByRole('button', { name: 'Rubrik hinzufügen' }).count(), 0, 'no "Rubrik"');
  assert.equal(await phone.getByRole('button', { name: 'Rubrik umbenennen: Bildung' }).isVisible(), false, 'no field tools');
  assert.equal(await phone.getByRole('button', { name: 'Rubrik auflösen: Bildung' }).isVisible(), false, 'no field tools');

  // Her own card: every control.
  await addCard(phone, MINE);
  let actions = await actionsFor(phone, MINE);
  await actions.getByRole('button', { name: 'Bearbeiten' }).waitFor();
  await actions.getByRole('button', { name: 'Löschen' }).waitFor();
  await actions.getByRole('radiogroup').waitFor();
  await phone.getByRole('button', { name: 'Auswahl aufheben' }).click();

  // The facilitator's card: readable, nothing to change.
  actions = await actionsFor(phone, THEIRS);
  assert.equal(await actions.getByRole('button', { name: 'Bearbeiten' }).count(), 0, 'no edit');
  assert.equal(await actions.getByRole('button', { name: 'Löschen' }).count(), 0, 'no delete');
  assert.equal(await actions.getByRole('radiogroup').count(), 0, 'no recolour');
  await card(facilitator, MINE).waitFor();

  // Allowed again: the controls appear on the phone as it is.
  const again = await openRights(facilitator);
  await again.rights.getByRole('checkbox', { name: 'Karten anderer bearbeiten und löschen' }).check();
  await again.rights.getByRole('checkbox', { name: 'Rubriken anlegen und ändern' }).check();
  await closeDialog(again.share);
  await actions.getByRole('button', { name: 'Bearbeiten' }).waitFor();
  await actions.getByRole('button', { name: 'Löschen' }).waitFor();
  await phone.getByRole('button', { name: 'Auswahl aufheben' }).click();
  await phone.getByRole('button', { name: 'Rubrik hinzufügen' }).waitFor();

  assert.deepEqual(errors, { facilitator: [], phone: [] });
  await phoneContext.close();
  await host.close();
});
