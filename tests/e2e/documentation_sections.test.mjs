// The whole documentation (issue 19): the facilitator writes the goals of a day and a text
// section on agenda steps (the welcome, the closing words) in the agenda editor, by keyboard;
// the documentation prints the goals before the day's structure and each text at its step's
// place in the day, in Markdown and in HTML. Each participant decides on joining whether their
// name appears in the documentation's list of people. A facts table pasted from a spreadsheet
// stands on the wall and appears as a table in the documentation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { assertAccessible, newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addStep, boardMenu, createBoard, inviteLink, waitStored } from './steps.mjs';

const env = serverAndBrowser();
const DAY1 = 'Tag 1 · 11. März 2011';
const GOALS = ['Das erste Modul verfolgt das Ziel zu sensibilisieren und zu positionieren.', '', '- Was verstehen wir unter dem Begriff „Integration“?', '- Worauf sind wir stolz?'];
const WELCOME = ['Der Bürgermeister begrüßt die Teilnehmenden sehr herzlich.', 'Er wünscht allen zwei anregende Tage.'];
const LISTED = 'Meinen Namen in der Liste der Teilnehmenden nennen (Anlage der Dokumentation)';
const CLOSING = 'Der Bürgermeister dankt allen Teilnehmenden für das konstruktive Engagement.';

/** What names the focused element: its aria-label, else its label's text, else its text. */
const focused = (page) =>
  page.evaluate(() => {
    const e = document.activeElement;
    return (e?.getAttribute('aria-label') ?? e?.closest('label')?.querySelector('span')?.textContent ?? e?.textContent)?.trim();
  });

/** Waits until the element `focused` names `name` has focus (the app may move it a frame later). */
const waitFocused = (page, name) =>
  page.waitForFunction((want) => {
    const e = document.activeElement;
    return (e?.getAttribute('aria-label') ?? e?.closest('label')?.querySelector('span')?.textContent ?? e?.textContent)?.trim() === want;
  }, name, { timeout: 5_000 }).catch(() => {});

/** Downloads the documentation through the board menu, as `button` ("Markdown herunterladen"). */
async function documentation(page, button) {
  await boardMenu(page, 'Dokumentation');
  const docs = page.getByRole('dialog', { name: 'Dokumentation' });
  const [download] = await Promise.all([page.waitForEvent('download'), docs.getByRole('button', { name: button }).click()]);
  const text = await readFile(await download.path(), 'utf8');
  await page.keyboard.press('Escape');
  await docs.waitFor({ state: 'hidden' });
  return text;
}

/** Asserts that every line is in `text`, in this order. */
function inOrder(text, lines) {
  const at = lines.map((line) => [line, text.indexOf(line)]);
  for (const [line, i] of at) assert.ok(i >= 0, `${line} is missing:\n${text}`);
  for (let i = 1; i < at.length; i++) assert.ok(at[i - 1][1] < at[i][1], `${at[i][0]} comes too early:\n${text}`);
}

test('the facilitator writes a day’s goals and text sections, and the documentation prints them in place', async () => {
  const context = await newContext(env.browser, 'desktop');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, 'Integrationsworkshop', { name: 'Moderation' });
  await page.getByRole('button', { name: 'Ablauf' }).click();
  const agenda = page.getByRole('region', { name: 'Ablauf des Tages' });
  await agenda.waitFor();
  await page.getByLabel('Datum von Tag 1').fill('2011-03-11');
  await page.getByRole('heading', { name: DAY1 }).waitFor();

  await addStep(page, '14:00', 'Begrüßung', 'Arbeit an der Wand');
  await addStep(page, '14:20', 'Vorstellungsrunde', 'Aufstellung');
  // The closing words, written in the new step's form.
  await page.getByRole('form', { name: 'Neuer Schritt' }).getByLabel('Text für die Dokumentation').fill(CLOSING);
  await addStep(page, '18:00', 'Ende', 'Feedback');
  assert.equal(await page.getByRole('form', { name: 'Neuer Schritt' }).getByLabel('Text für die Dokumentation').inputValue(), '', 'the form starts empty again');

  // The day's goals, by keyboard: typed, and saved on leaving the field with Tab.
  const goals = page.getByRole('textbox', { name: 'Ziele von Tag 1' });
  await goals.focus();
  for (const [i, line] of GOALS.entries()) {
    if (i > 0) await page.keyboard.press('Enter');
    await page.keyboard.type(line);
  }
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => document.activeElement && document.activeElement !== document.body && document.activeElement.tagName !== 'TEXTAREA');
  assert.equal(await goals.inputValue(), GOALS.join('\n'), 'the field keeps what was typed');

  // The welcome, by keyboard: edit the step, write its text, Tab to "Speichern", Enter.
  await page.getByRole('button', { name: 'Bearbeiten: Begrüßung' }).focus();
  await page.keyboard.press('Enter');
  const form = page.getByRole('form', { name: 'Schritt bearbeiten: Begrüßung' });
  await form.waitFor();
  const text = form.getByRole('textbox', { name: 'Text für die Dokumentation' });
  await text.focus();
  await page.keyboard.type(WELCOME[0]);
  await page.keyboard.press('Enter');
  await page.keyboard.type(WELCOME[1]);
  await page.keyboard.press('Tab');
  await waitFocused(page, 'Speichern');
  assert.equal(await focused(page), 'Speichern', 'Tab goes from the text to the save button');
  await assertAccessible(page, 'agenda with goals and a step’s text');
  await page.keyboard.press('Enter');
  await form.waitFor({ state: 'hidden' });
  await waitFocused(page, 'Bearbeiten: Begrüßung');
  assert.equal(await focused(page), 'Bearbeiten: Begrüßung', 'focus back on the step');

  // Editing again shows the saved text.
  await page.getByRole('button', { name: 'Bearbeiten: Begrüßung' }).click();
  assert.equal(await form.getByRole('textbox', { name: 'Text für die Dokumentation' }).inputValue(), WELCOME.join('\n'));
  await form.getByRole('button', { name: 'Abbrechen' }).click();
  await form.waitFor({ state: 'hidden' });

  const markdown = await documentation(page, 'Markdown herunterladen');
  inOrder(markdown, [
    '## Ziele und Tagesstruktur',
    `### ${DAY1}`,
    '#### Ziele',
    GOALS[0],
    `- ${GOALS[2].slice(2)}`,
    '#### Tagesstruktur',
    '| 14:00 | Begrüßung |',
    '| 18:00 | Ende |',
    '#### 14:00 · Begrüßung',
    WELCOME.join('<br>'),
    '#### 18:00 · Ende',
    CLOSING,
  ]);
  const html = await documentation(page, 'HTML herunterladen');
  inOrder(html, [
    '<h2>Ziele und Tagesstruktur</h2>',
    '<h4>Ziele</h4>',
    `<li>${GOALS[3].slice(2)}</li>`,
    '<h4>Tagesstruktur</h4>',
    '<td>Begrüßung</td>',
    '<h4>14:00 · Begrüßung</h4>',
    `<p>${WELCOME.join('<br>')}</p>`,
    '<h4>18:00 · Ende</h4>',
    `<p>${CLOSING}</p>`,
  ]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('only the people who chose it are in the documentation’s list of people', async () => {
  const context = await newContext(env.browser, 'desktop');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, 'Integrationsworkshop', { name: 'Moderation' });
  const link = await inviteLink(page);
  const guests = [];
  const phones = {};
  for (const [name, listed] of [['Gülcan Yılmaz', true], ['Bernd', false]]) {
    const guest = await newContext(env.browser, 'phone');
    const phone = await guest.newPage();
    guests.push(guest);
    phones[name] = phone;
    await phone.goto(link);
    const dialog = phone.getByRole('dialog', { name: 'Wie heißt du?' });
    await dialog.getByLabel('Dein Name').fill(name);
    const box = dialog.getByRole('checkbox', { name: LISTED });
    assert.equal(await box.isChecked(), false, 'nobody is listed unless they choose it');
    if (listed) {
      await assertAccessible(phone, 'name dialog with the list choice');
      await box.check();
    }
    await dialog.getByRole('button', { name: 'Los geht’s' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await waitStored(phone);
  }
  // The facilitator's copy has the names once the phones' entries arrived.
  const list = async (want) => {
    let markdown = '';
    for (let i = 0; i < 20 && !markdown.includes(want); i++) markdown = await documentation(page, 'Markdown herunterladen');
    return markdown;
  };
  let markdown = await list('Gülcan Yılmaz');
  assert.ok(markdown.endsWith('## Anlage: Liste der Teilnehmenden\n\n- Gülcan Yılmaz\n'), markdown);
  assert.ok(!markdown.includes('Bernd'), markdown);

  // Bernd changes his mind on his phone's home; Gülcan's choice shows there too.
  const home = (name) => phones[name].getByRole('region', { name: 'Übersicht' }).getByRole('checkbox', { name: LISTED });
  assert.equal(await home('Gülcan Yılmaz').isChecked(), true);
  await home('Bernd').check();
  await waitStored(phones.Bernd);
  markdown = await list('- Bernd');
  assert.ok(markdown.endsWith('## Anlage: Liste der Teilnehmenden\n\n- Bernd\n- Gülcan Yılmaz\n'), markdown);
  for (const guest of guests) await guest.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a facts table pasted from a spreadsheet stands on the wall and in the documentation', async () => {
  const context = await newContext(env.browser, 'desktop');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, 'Integrationsworkshop', { name: 'Moderation' });
  const TITLE = 'Statistische Daten aus Quakenbrück';
  await boardMenu(page, 'Faktentabelle hinzufügen');
  let dialog = page.getByRole('dialog', { name: 'Faktentabelle hinzufügen' });
  await dialog.getByLabel('Titel der Tabelle').fill(TITLE);
  // What a spreadsheet puts on the clipboard: tabs between cells, CRLF between rows.
  await dialog.getByLabel('Zeilen und Spalten').fill('Kennzahl\tWert\r\nEinwohner\tca. 13.400\r\nAusländeranteil\tüber 12 %\r\n');
  await assertAccessible(page, 'facts table dialog');
  await dialog.getByRole('button', { name: 'Auf die Wand stellen' }).click();
  await dialog.waitFor({ state: 'hidden' });

  const table = page.getByRole('group', { name: `Faktentabelle: ${TITLE}` });
  await table.getByRole('columnheader', { name: 'Kennzahl' }).waitFor();
  await table.getByRole('cell', { name: 'ca. 13.400' }).waitFor();
  await assertAccessible(page, 'facts table on the wall');

  // By keyboard: focused, an arrow key moves it.
  const at = () => table.evaluate((e) => e.style.transform);
  const before = await at();
  await table.focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(([name, was]) => {
    const t = [...document.querySelectorAll('.facts-table')].find((e) => e.getAttribute('aria-label') === name);
    return t && t.style.transform !== was;
  }, [`Faktentabelle: ${TITLE}`, before]);
  await page.waitForFunction(() => document.activeElement?.classList.contains('facts-table'));

  // Edit: the dialog shows the cells as tab-separated lines; one row is added.
  await page.getByRole('button', { name: `Faktentabelle bearbeiten: ${TITLE}` }).click();
  dialog = page.getByRole('dialog', { name: 'Faktentabelle bearbeiten' });
  const cells = dialog.getByLabel('Zeilen und Spalten');
  assert.equal(await cells.inputValue(), 'Kennzahl\tWert\nEinwohner\tca. 13.400\nAusländeranteil\tüber 12 %');
  await cells.fill(`${await cells.inputValue()}\nMit Zuwanderungsgeschichte\tca. 35 %`);
  await dialog.getByRole('button', { name: 'Auf die Wand stellen' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await table.getByRole('cell', { name: 'ca. 35 %' }).waitFor();

  // A second table, typed: it gets a place of its own, not on top of the first.
  await boardMenu(page, 'Faktentabelle hinzufügen');
  dialog = page.getByRole('dialog', { name: 'Faktentabelle hinzufügen' });
  await dialog.getByLabel('Titel der Tabelle').fill('Prioritäten des Vorbereitungstreffens');
  await dialog.getByLabel('Zeilen und Spalten').fill('Priorität\nBildung\nVernetzung und Steuerung');
  await dialog.getByRole('button', { name: 'Auf die Wand stellen' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const second = page.getByRole('group', { name: 'Faktentabelle: Prioritäten des Vorbereitungstreffens' });
  await second.getByRole('cell', { name: 'Vernetzung und Steuerung' }).waitFor();
  const [a, b] = [await table.boundingBox(), await second.boundingBox()];
  const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
  assert.ok(apart, `the tables overlap: ${JSON.stringify([a, b])}`);

  // Panned away from them, "Alles zeigen" brings both tables (all this wall holds) back.
  const wall = await page.locator('#wall').boundingBox();
  await page.mouse.move(wall.x + wall.width - 10, wall.y + wall.height - 10);
  await page.mouse.down();
  await page.mouse.move(wall.x + 10, wall.y + 10, { steps: 8 });
  await page.mouse.up();
  const inView = (r) => r && r.x >= wall.x && r.y >= wall.y && r.x + r.width <= wall.x + wall.width && r.y + r.height <= wall.y + wall.height;
  assert.ok(!inView(await table.boundingBox()), 'panned out of view');
  await page.getByRole('button', { name: 'Alles zeigen' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('.facts-table')].every((t) => {
    const r = t.getBoundingClientRect();
    const w = document.querySelector('#wall').getBoundingClientRect();
    return r.left >= w.left && r.top >= w.top && r.right <= w.right && r.bottom <= w.bottom;
  }));

  const markdown = await documentation(page, 'Markdown herunterladen');
  inOrder(markdown, ['## Daten und Fakten', `### ${TITLE}`, '| Kennzahl | Wert |', '| Einwohner | ca. 13.400 |', '| Mit Zuwanderungsgeschichte | ca. 35 % |', '### Prioritäten des Vorbereitungstreffens', '| Vernetzung und Steuerung |']);
  const html = await documentation(page, 'HTML herunterladen');
  inOrder(html, ['<h2>Daten und Fakten</h2>', '<table class="facts">', '<th scope="col">Kennzahl</th>', '<td>Ausländeranteil</td><td>über 12 %</td>']);

  // The list view reads them as tables too (screen readers, phones); its search finds cells.
  await page.getByRole('button', { name: /^Liste/ }).click();
  const listed = page.getByRole('region', { name: `Faktentabelle: ${TITLE}` });
  await listed.getByRole('table').getByRole('row', { name: 'Mit Zuwanderungsgeschichte ca. 35 %' }).waitFor();
  await listed.getByRole('columnheader', { name: 'Wert' }).waitFor();
  await page.getByRole('region', { name: 'Faktentabelle: Prioritäten des Vorbereitungstreffens' }).waitFor();
  await assertAccessible(page, 'list view with facts tables');
  await page.keyboard.press('Control+f');
  await page.getByRole('searchbox', { name: 'Auf der Wand suchen' }).fill('Vernetzung');
  await page.getByRole('region', { name: `Faktentabelle: ${TITLE}` }).waitFor({ state: 'detached' });
  await page.getByRole('region', { name: 'Faktentabelle: Prioritäten des Vorbereitungstreffens' }).getByRole('cell', { name: 'Vernetzung und Steuerung' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
