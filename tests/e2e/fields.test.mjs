// Fields never cover each other. The facilitator pastes the seed's 32 theses as one list,
// tidies the nine empty fields into columns ("Felder anordnen"), and sorts the theses into
// them: fields of one to eight cards grow into the ones below them, which move down, on
// the facilitator's wall, a participant's phone and the projector alike. "Felder anordnen"
// is one step that one undo takes back; a list pasted on the wall itself becomes cards too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCluster, card, cardIn, cluster, createBoard, inviteLink, joinByCode, joinCode, openWall } from './steps.mjs';

const env = serverAndBrowser();

/** The seed's theses ("Kernthesen zur Integrationspolitik in Quakenbrück"), as written. */
async function seedTheses() {
  const seed = await readFile(new URL('../../../shared/seed/quakenbrueck-integrationsworkshop-2011.txt', import.meta.url), 'utf8')
    .catch(() => null);
  if (!seed) return FALLBACK_THESES;
  const table = seed.split('Kernthesen zur Integrationspolitik in Quakenbrück')[1].split('Danach sind')[0];
  return table.split('\n').flatMap((row) => row.split('\t')).map((t) => t.replace(/<\/?u>/g, '').trim()).filter(Boolean);
}

// The same theses, for a checkout without the seed beside it.
const FALLBACK_THESES = [
  'Alle Kinder haben zwei Jahre den Kindergarten besucht.', 'persönliche Ansprechpartner', 'Familienbesucherinnen sind Brückenbauerinnen', 'Toleranz',
  'Bildung', 'Zugang / Vertrauen schaffen', 'Offenheit',
  'Zugang zur Bildung', 'Begleitung / Unterstützung', 'Gleicher Zugang zu Sprache', 'Willkommenskultur ausbauen!',
  'Alle Kinder besuchen jeden Tag die Schule!', 'Mentorenprogramm (erfolgreich Integrierte 45 + neu Zugezogene)', 'Wille! der Zugewanderten, die deutsche Sprache zu erwerben.', 'Unterstützung derjenigen, die Brücken bauen können.',
  'Begleitung', 'Dialog führen', 'Geduld', 'Kopfmauern abbauen',
  'Partizipation sozial gesellschaftlich', 'Gezielte Förderung am Nachmittag für Kinder, deren Eltern diese Förderung nicht übernehmen können', 'Familien mit Migrationshintergrund sprechen die deutsche Sprache', 'Wir brauchen mehr Wertschätzung für Brückenbauer!',
  'Keine Gettoisierung', 'starkes Netzwerk', 'Quakenbrück als Wirtschaftsstandort interessanter machen', 'Gegenseitige Wertschätzung',
  'Eltern übernehmen die Verantwortung für die Bildung ihrer Kinder', 'Anerkennung der deutschen Sitten und Gebräuche', 'Anerkennung Wertschätzung', 'Verständnis gegen einander',
  'Wir erleben eine sich verselbständigende Subkultur',
];

// The seed's nine fields after the sorting, and how many theses each gets here: sizes
// from eight cards to one, so long fields stand above short ones.
const FIELDS = [
  ['Bildung', 8], ['Willkommenskultur / positives Klima', 6], ['Sprache', 5], ['Vernetzung', 4], ['Partizipation', 3],
  ['Bewusstseinsbildung / Bürgeraufklärung', 2], ['Arbeitsmarkt', 2], ['Frühkindl. Bildung', 1], ['Segregation entgegenwirken', 1],
];

const intersect = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Where the wall puts each field, in wall units (the same on every screen). */
async function fieldPlaces(page) {
  return Object.fromEntries(await page.evaluate(() => [...document.querySelectorAll('.wall .cluster')]
    .map((el) => [el.querySelector('.cluster-title')?.textContent.trim(), el.style.transform])));
}

/** Every field's box on this page (all nine must be drawn). */
async function fieldBoxes(page) {
  return page.evaluate(() => [...document.querySelectorAll('.wall .cluster')].map((el) => {
    const r = el.getBoundingClientRect();
    return { title: el.querySelector('.cluster-title')?.textContent.trim(), x: r.x, y: r.y, width: r.width, height: r.height };
  }));
}

function overlaps(boxes) {
  const found = [];
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) if (intersect(a, b)) found.push(`${a.title} / ${b.title}`);
  }
  return found;
}

/**
 * Waits until this page draws all nine fields, each with its number of cards, then checks
 * that no two fields' boxes intersect. Fields settle a frame after they are measured, so
 * the check waits for that frame; overlaps that stay fail the test.
 */
async function assertFieldsApart(page, where) {
  for (const [title, n] of FIELDS) {
    await cluster(page, title).getByText(n === 1 ? '1 Karte' : `${n} Karten`, { exact: true }).waitFor();
  }
  let last = [];
  const deadline = Date.now() + 10_000;
  do {
    const boxes = await fieldBoxes(page);
    assert.equal(boxes.length, FIELDS.length, `${where}: all fields drawn`);
    last = overlaps(boxes);
    if (last.length === 0) return boxes;
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  } while (Date.now() < deadline);
  assert.fail(`${where}: fields cover each other: ${last.join(', ')}`);
}

const showAll = (page) => page.getByRole('button', { name: 'Alles zeigen' }).click();

test('the seed theses sorted into nine fields: no field covers another on the wall, a phone and the projector', async () => {
  const theses = await seedTheses();
  assert.equal(theses.length, 32, 'the seed has 32 theses');
  const host = await newContext(env.browser, 'desktop');
  const page = await host.newPage();
  const errors = [watchErrors(page)];
  await createBoard(page, env.server.url, 'Integrationsworkshop', { name: 'Moderation' });
  for (const [title] of FIELDS) await addCluster(page, title);

  // "Felder anordnen" stacks the empty fields in columns, close together.
  await page.getByRole('button', { name: 'Felder anordnen' }).click();
  await page.getByRole('status').getByText('Felder angeordnet.').waitFor();

  // The theses pasted as one list: one card per line, all at once.
  await page.getByRole('button', { name: 'Karte hinzufügen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Karte hinzufügen' });
  await dialog.getByLabel('Kartentext').fill(theses.map((t) => `- ${t}`).join('\n'));
  await dialog.getByLabel('Jede Zeile als eigene Karte (32 Karten)').check();
  await dialog.getByRole('button', { name: 'Hinzufügen' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('status').getByText('32 Karten eingefügt.').waitFor();
  assert.equal(await page.getByRole('list', { name: 'Freie Karten' }).getByRole('listitem').count(), 32);

  // Sorted into the fields from the keyboard: focus a card, choose its field.
  let next = 0;
  for (const [title, n] of FIELDS) {
    for (const text of theses.slice(next, next + n)) {
      await card(page, text).focus();
      await page.getByRole('toolbar', { name: 'Kartenaktionen' }).getByLabel('In Rubrik').selectOption({ label: title });
      // The growing fields move others down, out of what the wall draws: show all again.
      await showAll(page);
      await cardIn(page, title, text).waitFor({ state: 'attached' });
    }
    next += n;
  }
  await page.keyboard.press('Escape');
  await showAll(page);
  const wall = await assertFieldsApart(page, 'facilitator');
  // Fields were stacked in columns while empty, so growing ones had to push those below.
  const stacked = wall.some((a) => wall.some((b) => a !== b && Math.abs(a.x - b.x) < 1 && b.y > a.y));
  assert.ok(stacked, 'some fields share a column');

  // A participant's phone, on the wall.
  const code = await joinCode(page);
  const phone = await newContext(env.browser, 'phone');
  const mobile = await phone.newPage();
  errors.push(watchErrors(mobile));
  await joinByCode(mobile, env.server.url, code, 'Ayşe');
  await openWall(mobile);
  await mobile.getByRole('button', { name: 'Alles zeigen' }).tap();
  await assertFieldsApart(mobile, 'phone');

  // The projector.
  const beamer = await newContext(env.browser, 'projector');
  const projector = await beamer.newPage();
  errors.push(watchErrors(projector));
  await projector.goto(await inviteLink(page, 'Link für den Projektor (nur ansehen)'));
  await assertFieldsApart(projector, 'projector');
  // Laid out alike on all three, whatever each may do or sees.
  const places = await fieldPlaces(page);
  assert.deepEqual(await fieldPlaces(mobile), places, 'the phone lays the fields out as the facilitator does');
  assert.deepEqual(await fieldPlaces(projector), places, 'the projector lays the fields out as the facilitator does');

  // "Felder anordnen" again: the full fields in tidy columns, one undo puts them back.
  const before = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.wall .cluster')]
    .map((el) => [el.dataset.clusterId, el.style.transform])));
  await page.getByRole('button', { name: 'Felder anordnen' }).click();
  await page.waitForFunction((old) => [...document.querySelectorAll('.wall .cluster')]
    .some((el) => el.style.transform !== old[el.dataset.clusterId]), before);
  await assertFieldsApart(page, 'facilitator, arranged');
  await page.getByRole('status').getByRole('button', { name: 'Rückgängig' }).click();
  await page.waitForFunction((old) => [...document.querySelectorAll('.wall .cluster')]
    .every((el) => el.style.transform === old[el.dataset.clusterId]), before);

  for (const e of errors) assert.deepEqual(e, []);
  await Promise.all([host.close(), phone.close(), beamer.close()]);
});

test('a list pasted on the wall becomes one card per line, in one undoable step', async () => {
  const host = await newContext(env.browser, 'desktop');
  const page = await host.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, 'Einfügen', { name: 'Moderation' });
  await page.getByRole('region', { name: 'Wand: Einfügen' }).focus();
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', '1. Toleranz\n2. Offenheit\n\n3. Geduld\n');
    window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await page.getByRole('status').getByText('3 Karten eingefügt.').waitFor();
  for (const text of ['Toleranz', 'Offenheit', 'Geduld']) await card(page, text).waitFor();
  const boxes = await Promise.all(['Toleranz', 'Offenheit', 'Geduld'].map((t) => card(page, t).boundingBox()));
  assert.equal(overlaps(boxes.map((b, i) => ({ ...b, title: i }))).length, 0, 'the pasted cards lie apart');
  await page.keyboard.press('Control+z');
  await card(page, 'Toleranz').waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('list', { name: 'Freie Karten' }).getByRole('listitem').count(), 0, 'one undo took all three');
  assert.deepEqual(errors, []);
  await host.close();
});
