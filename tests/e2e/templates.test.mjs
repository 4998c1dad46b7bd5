// Workshop templates and duplicating a board, through the real server. A facilitator
// prepares a board (agenda, an exercise, a round, a group with a worksheet, a region, a
// locked prepared card), a participant's phone writes a card, votes and joins the group;
// the board is saved as a template, and new boards made from it (online, and offline in
// this browser) have its design and nothing of the participant. The built-in seed template
// gives the seed's two days. A duplicate is a board of its own: another id and link, and
// its edits never reach the original.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertAccessible, newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import {
  addCard, addCluster, addStep, boardMenu, boardMenuByKeyboard, card, cluster, createBoard, dayPlan, enterName,
  inviteLink, waitStored, writeCards,
} from './steps.mjs';

const env = serverAndBrowser();
const ROUND = 'Welche Handlungsfelder sind am wichtigsten?';
const PREPARED = 'Statistik: 13.400 Menschen leben in Quakenbrück';
const MINE = 'Sprachkurse vor Ort';
const QUESTION = 'Wo sind Sie selbst geboren?';
const PLACES = ['Quakenbrück', 'Niedersachsen', 'Ausland'];
const PLAN = ['14:00 Begrüßung, Programm', '14:15 Aufstellung: Wanderungen', '15:00 Priorisierung'];

/** Failures of the app only: requests that fail while the browser is offline are on purpose. */
const appErrors = (errors) =>
  errors.filter((e) => !/Failed to load resource|ERR_FAILED|ERR_INTERNET_DISCONNECTED|error occurred when fetching the script/.test(e));

/** The start page's "Neue Wand aus Vorlage" section. */
const templateForm = (page) => page.getByRole('region', { name: 'Neue Wand aus Vorlage' });

/** Makes a board from a template on the start page; waits for its wall. */
async function fromTemplate(page, { file, title }) {
  const form = templateForm(page);
  await form.waitFor();
  if (file) {
    await form.getByRole('radio', { name: 'Aus einer Vorlagendatei' }).check();
    await form.getByLabel('Vorlagendatei', { exact: true }).setInputFiles(file);
  }
  if (title) await form.getByLabel('Titel der neuen Wand (leer: der Titel der Vorlage)').fill(title);
  await form.getByRole('button', { name: 'Wand aus Vorlage anlegen' }).click();
  await page.waitForURL(/\/b\/[^/]+$/);
}

/** The board's own design, as the facilitator sees it on a board made from the template. */
async function expectDesign(page, title) {
  await page.getByRole('heading', { name: title }).first().waitFor();
  await card(page, `${PREPARED} (festgesetzt)`).waitFor();
  await page.getByRole('group', { name: 'Bereich: Daten und Fakten', exact: true }).waitFor();
  await cluster(page, 'Bildung').waitFor();
  assert.equal(await page.getByText(MINE).count(), 0, 'no card of the participant');

  // The round, back in preparation: no ballot.
  await page.getByRole('button', { name: 'Abstimmung', exact: true }).click();
  const rounds = page.getByRole('dialog', { name: 'Abstimmungen' });
  const row = rounds.getByRole('listitem', { name: ROUND });
  await row.getByText('in Vorbereitung').waitFor();
  assert.equal(await rounds.getByText(/Stimmen? abgegeben/).count(), 0, 'no ballots');
  await rounds.getByRole('button', { name: 'Schließen', exact: true }).last().click();
  await rounds.waitFor({ state: 'hidden' });

  // The group and its worksheet, with nobody in it.
  await page.getByRole('button', { name: 'Gruppenarbeit' }).click();
  const group = page.getByRole('listitem', { name: 'Bildung' });
  await group.getByText('0 von 2 Plätzen').waitFor();
  assert.equal(await group.getByText('Anna').count(), 0, 'no members');
  await page.getByRole('heading', { name: 'Analyse des Handlungsfelds: Bildung' }).waitFor();

  // The agenda with its times, and the exercise with its question.
  await page.getByRole('button', { name: 'Ablauf' }).click();
  await page.getByRole('list', { name: 'Tag 1', exact: true }).waitFor();
  assert.deepEqual(await dayPlan(page, 'Tag 1'), PLAN);
  await page.getByRole('button', { name: 'Aufstellung', exact: true }).click();
  await page.getByRole('button', { name: `Frage öffnen: ${QUESTION}` }).waitFor();
  await page.getByRole('button', { name: 'Aufstellung', exact: true }).click(); // back to the wall
}

test('a board saved as a template gives new boards its design and none of its people, online and offline', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kartenwand-templates-'));
  const host = await newContext(env.browser, 'desktop');
  const page = await host.newPage();
  const errors = [watchErrors(page)];
  await createBoard(page, env.server.url, 'Integrationsworkshop Quakenbrück', { name: 'Moderation' });
  for (const f of ['Bildung', 'Sprache', 'Arbeitsmarkt']) await addCluster(page, f);

  // A region and a locked prepared card.
  await page.getByRole('button', { name: 'Neuen Bereich auf der Wand anlegen' }).click();
  const name = page.getByRole('textbox', { name: 'Name des Bereichs' });
  await name.fill('Daten und Fakten');
  await name.press('Enter');
  await page.getByRole('group', { name: 'Bereich: Daten und Fakten', exact: true }).waitFor();
  await addCard(page, PREPARED);
  await page.getByRole('toolbar', { name: 'Kartenaktionen' }).getByRole('button', { name: 'Festsetzen' }).click();
  await card(page, `${PREPARED} (festgesetzt)`).waitFor();

  // A round, opened.
  await page.getByRole('button', { name: 'Abstimmung', exact: true }).click();
  const rounds = page.getByRole('dialog', { name: 'Abstimmungen' });
  await rounds.getByRole('button', { name: 'Abstimmung anlegen' }).click();
  const row = rounds.getByRole('listitem', { name: ROUND });
  await row.getByRole('button', { name: 'Öffnen' }).click();
  await rounds.getByRole('button', { name: 'Schließen', exact: true }).last().click();
  await rounds.waitFor({ state: 'hidden' });

  // An exercise with one question.
  await page.getByRole('button', { name: 'Aufstellung', exact: true }).click();
  await page.getByLabel('Titel', { exact: true }).fill('Wanderungen');
  await page.getByRole('button', { name: 'Aufstellung anlegen' }).click();
  await page.getByLabel('Text der Frage').fill(QUESTION);
  await page.getByLabel('Positionen (eine pro Zeile)').fill(PLACES.join('\n'));
  await page.getByRole('button', { name: 'Frage hinzufügen' }).click();
  await page.getByRole('button', { name: `Frage öffnen: ${QUESTION}` }).waitFor();

  // A group for a field (at most two people), and its field analysis.
  await page.getByRole('button', { name: 'Gruppenarbeit' }).click();
  await page.getByLabel('Handlungsfeld', { exact: true }).selectOption({ label: 'Bildung' });
  await page.getByLabel('Höchstens Personen (leer: offen)').fill('2');
  await page.getByRole('button', { name: 'Gruppe anlegen' }).click();
  await page.getByRole('listitem', { name: 'Bildung' }).waitFor();
  await page.getByLabel('Für', { exact: true }).selectOption({ label: 'Bildung' });
  await page.getByRole('button', { name: 'Arbeitsblatt anlegen' }).click();
  await page.getByRole('heading', { name: 'Analyse des Handlungsfelds: Bildung' }).waitFor();

  // The agenda.
  await page.getByRole('button', { name: 'Ablauf' }).click();
  await addStep(page, '14:00', 'Begrüßung, Programm', 'Arbeit an der Wand');
  await addStep(page, '14:15', 'Aufstellung: Wanderungen', 'Aufstellung', 'Wanderungen');
  await addStep(page, '15:00', 'Priorisierung', 'Abstimmung', ROUND);
  await page.getByRole('button', { name: 'Ablauf' }).click(); // back to the wall
  const link = await inviteLink(page);

  // Anna's phone: a card, a ballot, and a place in the group.
  const phoneContext = await newContext(env.browser, 'phone');
  const phone = await phoneContext.newPage();
  errors.push(watchErrors(phone));
  await phone.goto(link);
  await enterName(phone, 'Anna');
  await writeCards(phone, [MINE]);
  await phone.getByRole('button', { name: 'Jetzt abstimmen' }).click();
  const ballot = phone.getByRole('dialog', { name: ROUND });
  for (const [field, dots] of [['Bildung', 2], ['Sprache', 2], ['Arbeitsmarkt', 1]]) {
    for (let i = 0; i < dots; i++) await ballot.getByRole('button', { name: `Einen Punkt mehr: ${field}` }).click();
  }
  await ballot.getByRole('button', { name: 'Stimme abgeben' }).click();
  await ballot.getByText('Deine Stimme ist abgegeben.', { exact: false }).waitFor();
  await phone.keyboard.press('Escape');
  await phone.getByRole('button', { name: 'Gruppenarbeit' }).click();
  await phone.getByRole('button', { name: 'Beitreten: Bildung' }).click();
  await phone.getByText('Deine Gruppe').waitFor();
  await waitStored(phone);

  // The facilitator sees all of it on the original.
  await page.getByText(MINE).first().waitFor();
  await page.getByRole('button', { name: 'Gruppenarbeit' }).click();
  await page.getByRole('listitem', { name: 'Bildung' }).getByText('1 von 2 Plätzen').waitFor();
  await page.getByRole('button', { name: 'Gruppenarbeit' }).click();
  await waitStored(page);

  // Saved as a template.
  const [download] = await Promise.all([page.waitForEvent('download'), boardMenu(page, 'Als Vorlage speichern')]);
  assert.equal(download.suggestedFilename(), 'Integrationsworkshop Quakenbrück.kartenwand-vorlage');
  const file = join(dir, 'vorlage.kartenwand-vorlage');
  await download.saveAs(file);
  const bytes = await readFile(file);
  assert.equal(bytes.subarray(0, 16).toString('latin1'), 'KARTENWAND-VORLG');
  assert.ok(!bytes.includes(Buffer.from(MINE)), 'the participant’s card is not in the file');
  assert.ok(!bytes.includes(Buffer.from('Anna')), 'nor the participant’s name');
  const original = page.url();

  // Online: a new board on the server, with the design and none of the people.
  await page.goto(env.server.url);
  await assertAccessible(page, 'the start page with “Neue Wand aus Vorlage”');
  await fromTemplate(page, { file, title: 'Integrationsworkshop Bramsche' });
  const online = page.url();
  assert.notEqual(online, original);
  await expectDesign(page, 'Integrationsworkshop Bramsche');
  await waitStored(page);

  // Offline: the same, kept in this browser.
  await page.goto(env.server.url);
  await templateForm(page).waitFor();
  await host.setOffline(true);
  await fromTemplate(page, { file, title: 'Werkstatt ohne Netz' });
  assert.notEqual(page.url(), online);
  await expectDesign(page, 'Werkstatt ohne Netz');
  await host.setOffline(false);

  // A damaged file is explained, and no board is made.
  await page.goto(env.server.url);
  const damaged = Buffer.from(bytes);
  damaged[Math.floor(damaged.length / 2)] ^= 0x40;
  await templateForm(page).getByLabel('Vorlagendatei', { exact: true }).setInputFiles({ name: 'x.kartenwand-vorlage', mimeType: 'application/octet-stream', buffer: damaged });
  await templateForm(page).getByRole('button', { name: 'Wand aus Vorlage anlegen' }).click();
  await templateForm(page).getByRole('alert').filter({ hasText: 'Die Datei ist beschädigt.' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');

  for (const e of errors) assert.deepEqual(appErrors(e), []);
  await phoneContext.close();
  await host.close();
});

test('the built-in seed template makes the seed’s two-day workshop', async () => {
  const context = await newContext(env.browser, 'desktop');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  const form = templateForm(page);
  assert.equal(await form.getByRole('radio', { name: 'Integrationsworkshop, zwei Tage (eingebaut)' }).isChecked(), true);
  await fromTemplate(page, {});
  await enterName(page, 'Moderation');
  await page.getByRole('heading', { name: 'Integrationsworkshop – zwei Tage' }).first().waitFor();
  await card(page, 'Strukturelle Integration (festgesetzt)').waitFor();

  await page.getByRole('button', { name: 'Ablauf' }).click();
  await page.getByRole('list', { name: 'Tag 2', exact: true }).waitFor();
  const one = await dayPlan(page, 'Tag 1');
  const two = await dayPlan(page, 'Tag 2');
  assert.equal(one.length, 10);
  assert.equal(one[0], '14:00 Begrüßung, Programm, Definitionen von Integration');
  assert.ok(one.includes('14:20 Vorstellungsrunde „Deutschland-Welt-Karte“'));
  assert.ok(one.includes('16:00 Handlungsfelder gewichten'));
  assert.equal(one.at(-1), '18:00 Ende');
  assert.equal(two.length, 9);
  assert.equal(two[0], '09:00 Eröffnung des zweiten Tages: Ziele, Ablauf');
  assert.equal(two.at(-1), '14:00 Abschluss');

  // The positioning view shows the day's last exercise: the attitudes, with four questions.
  await page.getByRole('button', { name: 'Aufstellung', exact: true }).click();
  await page.getByRole('button', { name: 'Frage öffnen: Wie nehmen Sie das Integrationsklima in Ihrer Stadt wahr?' }).waitFor();
  await page.getByRole('button', { name: 'Gruppenarbeit' }).click();
  for (const g of ['Handlungsfeld 1', 'Handlungsfeld 4', 'Prozesssteuerung']) await page.getByRole('listitem', { name: g }).waitFor();
  // The worksheet set: three per thematic group, two for the steering group, the feedback.
  const sheets = ['Analyse des Handlungsfelds: Handlungsfeld 1', 'Leitziele und Jahresziele: Handlungsfeld 2', 'Maßnahme: Handlungsfeld 4',
    'Prozesssteuerung: Prozesssteuerung', 'Hindernisse und Lösungen: Prozesssteuerung', 'Feedback'];
  for (const s of sheets) await page.getByRole('button', { name: s, exact: true }).waitFor();
  assert.equal(await page.locator('.sheet-tab').count(), 15);
  assert.deepEqual(appErrors(errors), []);
  await context.close();
});

test('a duplicate is a board of its own: another id and link, and its edits stay there', async () => {
  const context = await newContext(env.browser, 'desktop');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, 'Original', { name: 'Moderation' });
  await addCard(page, 'Toleranz');
  await waitStored(page);
  const original = page.url();
  const originalLink = await inviteLink(page);

  await boardMenuByKeyboard(page, 'Wand duplizieren');
  const dialog = page.getByRole('dialog', { name: 'Wand duplizieren' });
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel('Titel der Kopie').inputValue(), 'Original (Kopie)');
  await assertAccessible(page, 'the duplicate dialog');
  await dialog.getByRole('button', { name: 'Duplizieren' }).click();
  await page.waitForURL((url) => url.href !== original && /\/b\/[^/]+$/.test(url.pathname));
  const copy = page.url();
  await page.getByRole('heading', { name: 'Original (Kopie)' }).first().waitFor();
  await card(page, 'Toleranz').waitFor();
  const copyLink = await inviteLink(page);
  assert.notEqual(copyLink, originalLink);
  await addCard(page, 'Nur in der Kopie');
  await waitStored(page);

  await page.goto(original);
  await card(page, 'Toleranz').waitFor();
  await waitStored(page);
  assert.equal(await card(page, 'Nur in der Kopie').count(), 0, 'the copy’s card is not on the original');
  await page.goto(copy);
  await card(page, 'Nur in der Kopie').waitFor();
  assert.deepEqual(appErrors(errors), []);
  await context.close();
});

test('a template kept on the server is there for every facilitator, and the browser that kept it deletes it', async () => {
  const TITLE = 'Leitbildwerkstatt Vorlage';
  const owner = await newContext(env.browser, 'desktop');
  const page = await owner.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, TITLE, { name: 'Moderation' });
  await page.getByRole('button', { name: 'Ablauf' }).click();
  await addStep(page, '10:00', 'Begrüßung', 'Arbeit an der Wand');
  await page.getByRole('button', { name: 'Ablauf' }).click(); // back to the wall
  await waitStored(page);
  await boardMenu(page, 'Vorlage auf dem Server ablegen');
  await page.getByRole('status').filter({ hasText: `Die Vorlage „${TITLE}“ liegt jetzt auf dem Server.` }).waitFor();

  // Another facilitator, in another browser, on the same server: the template is offered.
  const other = await newContext(env.browser, 'desktop');
  const second = await other.newPage();
  const otherErrors = watchErrors(second);
  await second.goto(env.server.url);
  const form = templateForm(second);
  const offered = form.getByRole('radio', { name: `Vom Server: ${TITLE}` });
  await offered.check();
  assert.equal(await form.getByRole('button', { name: `Vorlage „${TITLE}“ vom Server löschen` }).count(), 0,
    'only the browser that kept it may delete it');
  await form.getByLabel('Titel der neuen Wand (leer: der Titel der Vorlage)').fill('Leitbild Quakenbrück');
  await form.getByRole('button', { name: 'Wand aus Vorlage anlegen' }).click();
  await second.waitForURL(/\/b\/[^/]+$/);
  await enterName(second, 'Ko-Moderation');
  await second.getByRole('heading', { name: 'Leitbild Quakenbrück' }).first().waitFor();
  await second.getByRole('button', { name: 'Ablauf' }).click();
  await second.getByRole('list', { name: 'Tag 1', exact: true }).waitFor();
  assert.deepEqual(await dayPlan(second, 'Tag 1'), ['10:00 Begrüßung']);

  // The browser that kept it deletes it: gone from the server for everyone.
  await page.goto(env.server.url);
  const mine = templateForm(page);
  await assertAccessible(page, 'the start page with a server template');
  await mine.getByRole('button', { name: `Vorlage „${TITLE}“ vom Server löschen` }).click();
  await mine.getByRole('radio', { name: `Vom Server: ${TITLE}` }).waitFor({ state: 'detached' });
  const list = await (await fetch(`${env.server.url}/api/templates`)).json();
  assert.deepEqual(list, []);
  await second.goto(env.server.url);
  await templateForm(second).getByRole('radio', { name: 'Integrationsworkshop, zwei Tage (eingebaut)' }).waitFor();
  assert.equal(await templateForm(second).getByRole('radio', { name: `Vom Server: ${TITLE}` }).count(), 0);
  assert.deepEqual(appErrors(errors), []);
  assert.deepEqual(appErrors(otherErrors), []);
  await owner.close();
  await other.close();
});
