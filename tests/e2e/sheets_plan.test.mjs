// Preparing the seed workshop's plan through the real server: positioning questions keep the
// previous question's positions (no retyping the five places), the facilitator rewords a
// field-analysis question for this board (participants read it, the documentation prints
// it), and milestones keep the precision they were entered with ("Juni 2011", never
// "1. Juni 2011").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { assertAccessible, newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCluster, boardMenu, createBoard, enterName, inviteLink, waitStored } from './steps.mjs';

const env = serverAndBrowser();
const PLACES = ['Quakenbrück', 'Samtgemeinde Artland', 'Niedersachsen', 'Deutschland', 'Ausland'];
const FIELD = 'Bildung / Sprache';
const TEMPLATE_PROJECTS = 'Welche Projekte zu diesem Handlungsfeld kennen Sie vor Ort?';
const SEED_PROJECTS = 'Welche Projekte zu diesem Handlungsfeld kennen Sie in Quakenbrück?';
const TEMPLATE_STRENGTHS = 'Welche besonderen Stärken haben wir in diesem Handlungsfeld?';
const SEED_STRENGTHS = 'Welche besonderen Stärken hat Quakenbrück in diesem Handlungsfeld?';
const positionsField = (page) => page.getByLabel('Positionen (eine pro Zeile)');

test('positions carry over, questions are reworded per board, dates keep their precision', async () => {
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  const errors = [watchErrors(facilitator)];
  await createBoard(facilitator, env.server.url, 'Integrationsworkshop', { name: 'Moderation' });
  await addCluster(facilitator, FIELD);
  const link = await inviteLink(facilitator);

  // 1. Positioning: the places are typed once, for the first question.
  await facilitator.getByRole('button', { name: 'Aufstellung', exact: true }).click();
  await facilitator.getByLabel('Titel', { exact: true }).fill('Wanderungen');
  await facilitator.getByRole('button', { name: 'Aufstellung anlegen' }).click();
  await facilitator.getByLabel('Text der Frage').fill('Wo wurde ein Elternteil geboren?');
  await positionsField(facilitator).fill(PLACES.join('\n'));
  await facilitator.getByRole('button', { name: 'Frage hinzufügen' }).click();
  await facilitator.getByRole('button', { name: 'Frage öffnen: Wo wurde ein Elternteil geboren?' }).waitFor();
  await waitStored(facilitator);
  // A fresh page (another session, another device): the form starts with those places.
  await facilitator.reload();
  await facilitator.getByRole('button', { name: 'Aufstellung', exact: true }).click();
  await facilitator.getByRole('button', { name: 'Frage öffnen: Wo wurde ein Elternteil geboren?' }).waitFor();
  assert.equal(await positionsField(facilitator).inputValue(), PLACES.join('\n'));
  await facilitator.getByLabel('Text der Frage').fill('Wo sind Sie selbst geboren?');
  await facilitator.getByRole('button', { name: 'Frage hinzufügen' }).click();
  await facilitator.getByRole('button', { name: 'Frage öffnen: Wo sind Sie selbst geboren?' }).waitFor();
  // Changed positions, then taken over again with one button.
  await positionsField(facilitator).fill('ja\nnein');
  await facilitator.getByRole('button', { name: 'Positionen der vorigen Frage übernehmen' }).click();
  assert.equal(await positionsField(facilitator).inputValue(), PLACES.join('\n'));
  await facilitator.getByLabel('Text der Frage').fill('Wo haben Sie Ihre Ausbildung begonnen?');
  await facilitator.getByRole('button', { name: 'Frage hinzufügen' }).click();
  await facilitator.getByRole('button', { name: 'Frage öffnen: Wo haben Sie Ihre Ausbildung begonnen?' }).click();
  await assertAccessible(facilitator, 'positioning view');

  // A phone answers the third question from the same five places.
  const phone = await newContext(env.browser, 'phone');
  const anna = await phone.newPage();
  errors.push(watchErrors(anna));
  await anna.goto(link);
  await enterName(anna, 'Anna');
  await anna.getByRole('button', { name: 'Aufstellung', exact: true }).click();
  await anna.getByText('Wo haben Sie Ihre Ausbildung begonnen?').waitFor();
  const choices = anna.getByRole('list', { name: 'Wo stehst du?' }).getByRole('button');
  assert.deepEqual(await choices.allTextContents(), PLACES);
  await choices.filter({ hasText: 'Niedersachsen' }).click();
  await facilitator.getByRole('list', { name: 'Wer wo steht' }).getByRole('listitem', { name: 'Niedersachsen: 1' }).waitFor();

  // 2. A group for the field with its field analysis; the facilitator rewords two questions.
  await facilitator.getByRole('button', { name: 'Gruppenarbeit' }).click();
  await facilitator.getByLabel('Handlungsfeld', { exact: true }).selectOption({ label: FIELD });
  await facilitator.getByRole('button', { name: 'Gruppe anlegen' }).click();
  await facilitator.getByRole('listitem', { name: FIELD }).waitFor();
  await facilitator.getByLabel('Für', { exact: true }).selectOption({ label: FIELD });
  await facilitator.getByRole('button', { name: 'Arbeitsblatt anlegen' }).click();
  await facilitator.getByRole('heading', { name: `Analyse des Handlungsfelds: ${FIELD}` }).waitFor();
  for (const [before, after] of [[TEMPLATE_PROJECTS, SEED_PROJECTS], [TEMPLATE_STRENGTHS, SEED_STRENGTHS]]) {
    await facilitator.getByRole('button', { name: `Umformulieren: ${before}` }).click();
    const wording = facilitator.getByLabel('Wortlaut der Frage auf diesem Board');
    assert.equal(await wording.inputValue(), before, 'the form starts from the wording shown');
    await wording.fill(after);
    await facilitator.getByRole('button', { name: 'Wortlaut speichern' }).click();
    await facilitator.getByRole('button', { name: `Umformulieren: ${after}` }).waitFor();
  }
  await facilitator.getByLabel(`1. ${SEED_PROJECTS}`).waitFor();
  await assertAccessible(facilitator, 'field analysis with reworded questions');
  // Back to the template's wording for the second one.
  await facilitator.getByRole('button', { name: `Umformulieren: ${SEED_STRENGTHS}` }).click();
  await facilitator.getByRole('button', { name: 'Wortlaut der Vorlage wiederherstellen' }).click();
  await facilitator.getByLabel(`2. ${TEMPLATE_STRENGTHS}`).waitFor();
  await waitStored(facilitator);

  // Anna joins the group: she reads the board's wording, answers it, and cannot reword.
  // (A reload brings the phone back to its home, whatever view it showed.)
  await anna.reload();
  await anna.getByRole('button', { name: 'Gruppenarbeit' }).click();
  await anna.getByRole('button', { name: `Beitreten: ${FIELD}` }).click();
  await anna.getByRole('heading', { name: `Analyse des Handlungsfelds: ${FIELD}` }).waitFor();
  await anna.getByLabel(`1. ${SEED_PROJECTS}`).fill('Familienbesucherinnen');
  await anna.getByLabel(`2. ${TEMPLATE_STRENGTHS}`).waitFor();
  assert.equal(await anna.getByRole('button', { name: /^Umformulieren/ }).count(), 0);
  await waitStored(anna);

  // 3. The steering sheet's timeline: a month, a day and a year, each kept as entered.
  await facilitator.getByLabel('Vorlage', { exact: true }).selectOption({ label: 'Prozesssteuerung' });
  await facilitator.getByLabel('Für', { exact: true }).selectOption({ label: FIELD });
  await facilitator.getByRole('button', { name: 'Arbeitsblatt anlegen' }).click();
  await facilitator.getByRole('heading', { name: `Prozesssteuerung: ${FIELD}` }).waitFor();
  const milestones = [
    { text: 'Ratsbeschluss', precision: 'Monat', value: '2011-06' },
    { text: 'Dokumentation des Workshops', precision: 'Tag', value: '2011-04-30' },
    { text: 'Zukunftsgipfel', precision: 'Jahr', value: '2012' },
  ];
  for (const [i, m] of milestones.entries()) {
    await facilitator.getByRole('button', { name: 'Meilenstein', exact: true }).click();
    await facilitator.getByRole('textbox', { name: 'Meilenstein', exact: true }).nth(i).fill(m.text);
    const date = facilitator.getByRole('group', { name: 'Datum', exact: true }).nth(i);
    await date.getByRole('radiogroup', { name: 'Genauigkeit' }).getByRole('radio', { name: m.precision }).check();
    const input = date.getByLabel('Datum', { exact: true });
    assert.equal(await input.getAttribute('type'), { Tag: 'date', Monat: 'month', Jahr: 'number' }[m.precision]);
    await input.fill(m.value);
    await input.press('Tab');
  }
  await assertAccessible(facilitator, 'steering worksheet with dates');
  await waitStored(facilitator);
  // Read back after a reload: each date with its own precision chosen.
  await facilitator.reload();
  await facilitator.getByRole('button', { name: 'Gruppenarbeit' }).click();
  await facilitator.getByRole('button', { name: `Prozesssteuerung: ${FIELD}` }).click();
  const shown = () => [...document.querySelectorAll('.date-field input:not([type=radio])')].map((i) => i.value);
  await facilitator.waitForFunction((want) => JSON.stringify(want) === JSON.stringify(
    [...document.querySelectorAll('.date-field input:not([type=radio])')].map((i) => i.value)), milestones.map((m) => m.value))
    .catch(async (e) => assert.fail(`${e}: ${JSON.stringify(await facilitator.evaluate(shown))}`));
  for (const [i, m] of milestones.entries()) {
    const date = facilitator.getByRole('group', { name: 'Datum', exact: true }).nth(i);
    assert.ok(await date.getByRole('radio', { name: m.precision }).isChecked(), m.precision);
  }

  // The documentation: the board's wording, and every date at its precision.
  await boardMenu(facilitator, 'Dokumentation');
  const docs = facilitator.getByRole('dialog', { name: 'Dokumentation' });
  const [download] = await Promise.all([
    facilitator.waitForEvent('download'),
    docs.getByRole('button', { name: 'Markdown herunterladen' }).click(),
  ]);
  const markdown = await readFile(await download.path(), 'utf8');
  for (const text of [SEED_PROJECTS, TEMPLATE_STRENGTHS, 'Familienbesucherinnen', 'Juni 2011', '30. April 2011', '2012']) {
    assert.ok(markdown.includes(text), `${text}:\n${markdown}`);
  }
  for (const text of [TEMPLATE_PROJECTS, SEED_STRENGTHS, '1. Juni 2011', '1. Januar 2012']) {
    assert.ok(!markdown.includes(text), `not ${text}:\n${markdown}`);
  }

  for (const e of errors) assert.deepEqual(e, []);
  await phone.close();
  await host.close();
});
