// The agenda as a plan (issue 14), through the real server: the facilitator enters the seed
// workshop's two days with their dates, puts steps in order by keyboard and by dragging,
// edits a step in place and links it to a voting round made afterwards; a participant reads
// the plan; the documentation shows both days in order with the steps as planned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { assertAccessible, newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addStep, boardMenu, createBoard, dayPlan, enterName, inviteLink, mouseDrag } from './steps.mjs';

const env = serverAndBrowser();
const DAY1 = 'Tag 1 · 11. März 2011';
const DAY2 = 'Tag 2 · 12. März 2011';
const ROUND = 'Welche Handlungsfelder sind am wichtigsten?';

/** Opens the agenda unless it is open. */
async function openAgenda(page) {
  const agenda = page.getByRole('region', { name: 'Ablauf des Tages' });
  if (!(await agenda.isVisible())) await page.getByRole('button', { name: 'Ablauf' }).click();
  await agenda.waitFor();
}

/** What names the focused element: its aria-label, else its label's text, else its text. */
const focused = (page) =>
  page.evaluate(() => {
    const e = document.activeElement;
    return (e?.getAttribute('aria-label') ?? e?.closest('label')?.querySelector('span')?.textContent ?? e?.textContent)?.trim();
  });

/**
 * Waits until the element named `name` (as `focused` names it) has focus: the app moves focus
 * in the next animation frame, which may come after what the test waited for. If it never
 * does, the assertion after it says what has focus instead.
 */
const waitFocused = (page, name) => page.waitForFunction((want) => {
  const e = document.activeElement;
  return (e?.getAttribute('aria-label') ?? e?.closest('label')?.querySelector('span')?.textContent ?? e?.textContent)?.trim() === want;
}, name, { timeout: 5_000 }).catch(() => {});

test('the facilitator plans two days, reorders and edits steps, and the documentation follows', async () => {
  const context = await newContext(env.browser, 'desktop');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, 'Integrationsworkshop', { name: 'Moderation' });
  await openAgenda(page);

  // Day 1 (seed section 2), "Erste Analyse" typed after the feedback by mistake.
  await page.getByLabel('Datum von Tag 1').fill('2011-03-11');
  await page.getByRole('heading', { name: DAY1 }).waitFor();
  await addStep(page, '14.00', 'Begrüßung, Programm', 'Arbeit an der Wand');
  await addStep(page, '14:15', 'Vorstellungsrunde „Deutschland-Welt-Karte“', 'Aufstellung');
  await addStep(page, '15:00', 'Bestandsaufnahme – Einstellungen der Teilnehmenden', 'Arbeit an der Wand');
  await addStep(page, '17:30', 'Feedback zum ersten Tag', 'Feedback');
  await addStep(page, '16:30', 'Erste Analyse der Handlungsfelder', 'Gruppenarbeit');

  // By keyboard: Alt+↑ on the step moves it, and focus stays on its button.
  const edit = page.getByRole('button', { name: 'Bearbeiten: Erste Analyse der Handlungsfelder' });
  await edit.focus();
  await page.keyboard.press('Alt+ArrowUp');
  await page.waitForFunction(() => document.querySelector('[data-step]:nth-child(4) .agenda-title')?.textContent.startsWith('Erste Analyse'));
  await waitFocused(page, 'Bearbeiten: Erste Analyse der Handlungsfelder');
  assert.equal(await focused(page), 'Bearbeiten: Erste Analyse der Handlungsfelder');
  assert.deepEqual(await dayPlan(page, DAY1), [
    '14:00 Begrüßung, Programm',
    '14:15 Vorstellungsrunde „Deutschland-Welt-Karte“',
    '15:00 Bestandsaufnahme – Einstellungen der Teilnehmenden',
    '16:30 Erste Analyse der Handlungsfelder',
    '17:30 Feedback zum ersten Tag',
  ]);
  // And with the buttons: down and back up again.
  await page.getByRole('button', { name: 'Nach unten: Begrüßung, Programm' }).click();
  assert.equal((await dayPlan(page, DAY1))[1], '14:00 Begrüßung, Programm');
  await waitFocused(page, 'Nach unten: Begrüßung, Programm');
  assert.equal(await focused(page), 'Nach unten: Begrüßung, Programm');
  await page.getByRole('button', { name: 'Nach oben: Begrüßung, Programm' }).click();
  await page.waitForFunction(() => document.querySelector('[data-step] .agenda-title')?.textContent === 'Begrüßung, Programm');

  // Day 2 (seed section 9): its date, and steps chosen for it.
  await page.getByRole('button', { name: 'Tag hinzufügen' }).click();
  const date2 = page.getByLabel('Datum von Tag 2');
  await date2.waitFor();
  await page.waitForFunction(() => document.activeElement?.type === 'date');
  await waitFocused(page, 'Datum von Tag 2');
  assert.equal(await focused(page), 'Datum von Tag 2', 'focus goes to the new day’s date');
  await date2.fill('2011-03-12');
  await page.getByRole('heading', { name: DAY2 }).waitFor();
  await addStep(page, '09:00', 'Eröffnung des zweiten Tages: Ziele, Ablauf', 'Arbeit an der Wand', undefined, 'Tag 2');
  await addStep(page, '09:30', 'Arbeit in den Handlungsfeldern', 'Gruppenarbeit', undefined, 'Tag 2');
  await addStep(page, '12:45', 'Konkretisierungsphase', 'Arbeit an der Wand', undefined, 'Tag 2');
  await addStep(page, '14:00', 'Abschluss', 'Feedback', undefined, 'Tag 2');
  await addStep(page, '12:00', 'Mittagessen', 'Arbeit an der Wand', undefined, 'Tag 2');

  // By dragging: lunch goes before the Konkretisierungsphase (above the middle of its row).
  const day2 = page.getByRole('list', { name: DAY2, exact: true });
  const lunch = day2.getByRole('listitem').filter({ hasText: 'Mittagessen' });
  const concrete = day2.getByRole('listitem').filter({ hasText: 'Konkretisierungsphase' });
  // Both rows on screen: the drag follows the pointer over what is visible.
  await lunch.scrollIntoViewIfNeeded();
  await concrete.scrollIntoViewIfNeeded();
  await mouseDrag(page, lunch.locator('.agenda-grip'), concrete, { x: 0, y: -8 });
  await page.waitForFunction(() => [...document.querySelectorAll('[data-step] .agenda-title')].map((t) => t.textContent).indexOf('Mittagessen') === 7);

  // Edit in place: a new title and a voting round, which does not exist yet.
  await page.getByRole('button', { name: 'Bearbeiten: Konkretisierungsphase' }).click();
  let form = page.getByRole('form', { name: 'Schritt bearbeiten: Konkretisierungsphase' });
  assert.equal(await form.getByLabel('Uhrzeit').inputValue(), '12:45', 'the form is prefilled');
  await waitFocused(page, 'Uhrzeit');
  assert.equal(await focused(page), 'Uhrzeit', 'editing starts in the first field');
  await form.getByLabel('Was passiert').fill('Konkretisierungsphase: Jahresziele gewichten');
  await form.getByLabel('Dauer (Minuten)').fill('45');
  await form.getByLabel('Aktivität', { exact: true }).selectOption({ label: 'Abstimmung' });
  await form.getByRole('button', { name: 'Speichern' }).click();
  await form.waitFor({ state: 'hidden' });
  await waitFocused(page, 'Bearbeiten: Konkretisierungsphase: Jahresziele gewichten');
  assert.equal(await focused(page), 'Bearbeiten: Konkretisierungsphase: Jahresziele gewichten', 'focus back on the step');

  // The round, made afterwards, and linked to the step.
  await page.getByRole('button', { name: 'Abstimmung', exact: true }).click();
  const rounds = page.getByRole('dialog', { name: 'Abstimmungen' });
  await rounds.getByRole('button', { name: 'Abstimmung anlegen' }).click();
  await rounds.getByRole('listitem', { name: ROUND }).waitFor();
  await rounds.getByRole('button', { name: 'Schließen', exact: true }).last().click();
  await rounds.waitFor({ state: 'hidden' });
  await openAgenda(page);
  await page.getByRole('button', { name: 'Bearbeiten: Konkretisierungsphase: Jahresziele gewichten' }).click();
  form = page.getByRole('form', { name: 'Schritt bearbeiten: Konkretisierungsphase: Jahresziele gewichten' });
  assert.equal(await form.getByLabel('Dauer (Minuten)').inputValue(), '45');
  await form.getByLabel('Welche', { exact: true }).selectOption({ label: ROUND });
  await form.getByRole('button', { name: 'Speichern' }).click();
  await form.waitFor({ state: 'hidden' });

  assert.deepEqual(await dayPlan(page, DAY2), [
    '09:00 Eröffnung des zweiten Tages: Ziele, Ablauf',
    '09:30 Arbeit in den Handlungsfeldern',
    '12:00 Mittagessen',
    '12:45 Konkretisierungsphase: Jahresziele gewichten',
    '14:00 Abschluss',
  ]);
  await page.getByRole('list', { name: DAY2, exact: true }).getByText('Abstimmung · 45 Min.').waitFor();
  await assertAccessible(page, 'agenda');

  // A day added by mistake goes again; the only day never can.
  await page.getByRole('button', { name: 'Tag hinzufügen' }).click();
  await page.getByRole('heading', { name: 'Tag 3', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Tag 3 entfernen' }).click();
  await page.getByRole('heading', { name: 'Tag 3', exact: true }).waitFor({ state: 'detached' });
  await waitFocused(page, 'Tag hinzufügen');
  assert.equal(await focused(page), 'Tag hinzufügen');
  assert.equal((await dayPlan(page, DAY2)).length, 5);

  // A participant reads the same plan, day by day, and cannot change it.
  const link = await inviteLink(page);
  const guest = await newContext(env.browser, 'desktop');
  const anna = await guest.newPage();
  const guestErrors = watchErrors(anna);
  await anna.goto(link);
  await enterName(anna, 'Anna');
  await openAgenda(anna);
  await anna.getByRole('heading', { name: DAY2 }).waitFor();
  assert.deepEqual(await dayPlan(anna, DAY2), await dayPlan(page, DAY2));
  assert.deepEqual(await dayPlan(anna, DAY1), await dayPlan(page, DAY1));
  assert.equal(await anna.getByRole('button', { name: /^(Bearbeiten|Nach oben|Tag hinzufügen)/ }).count(), 0);
  assert.equal(await anna.getByRole('form', { name: 'Neuer Schritt' }).count(), 0);
  await assertAccessible(anna, 'agenda (participant)');
  assert.deepEqual(guestErrors, []);
  await guest.close();

  // The documentation: both days in order, each with its steps as planned.
  await boardMenu(page, 'Dokumentation');
  const docs = page.getByRole('dialog', { name: 'Dokumentation' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    docs.getByRole('button', { name: 'Markdown herunterladen' }).click(),
  ]);
  const markdown = await readFile(await download.path(), 'utf8');
  const order = [
    `### ${DAY1}`,
    '| 14:00 | Begrüßung, Programm |',
    '| 15:00 | Bestandsaufnahme – Einstellungen der Teilnehmenden |',
    '| 16:30 | Erste Analyse der Handlungsfelder |',
    '| 17:30 | Feedback zum ersten Tag |',
    `### ${DAY2}`,
    '| 09:00 | Eröffnung des zweiten Tages: Ziele, Ablauf |',
    '| 12:00 | Mittagessen |',
    `| 12:45 | Konkretisierungsphase: Jahresziele gewichten | 45 Min. | Punktabfrage: ${ROUND} |`,
    '| 14:00 | Abschluss |',
  ].map((line) => [line, markdown.indexOf(line)]);
  for (const [line, at] of order) assert.ok(at >= 0, `${line} is missing:\n${markdown}`);
  for (let i = 1; i < order.length; i++) assert.ok(order[i - 1][1] < order[i][1], `${order[i][0]} comes too early:\n${markdown}`);
  assert.deepEqual(errors, []);
  await context.close();
});
