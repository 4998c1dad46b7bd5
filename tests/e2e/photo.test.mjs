// The photo record (Fotoprotokoll) through the real server: a facilitator lays out two
// regions, fields and cards, locks one region and runs and reveals a round; then downloads
// the whole wall as SVG (by keyboard) and a region as PNG at print resolution from the
// board menu's dialog, and the print documentation shows one picture per region.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { assertAccessible, newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCard, addCluster, boardMenu, boardMenuByKeyboard, createBoard, waitStored } from './steps.mjs';

const env = serverAndBrowser();
const ROUND = 'Welche Handlungsfelder sind am wichtigsten?';
const FIELDS = ['Bildung', 'Sprache', 'Arbeitsmarkt'];

/** The texts of an SVG's <text> elements, joined by spaces (cards wrap over lines). */
function svgTexts(svg) {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(' ');
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes) {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Adds a region over the middle of the view and names it. */
async function addRegion(page, title) {
  await page.getByRole('button', { name: 'Neuen Bereich auf der Wand anlegen' }).click();
  const name = page.getByRole('textbox', { name: 'Name des Bereichs' });
  await name.fill(title);
  await name.press('Enter');
  await page.getByRole('group', { name: `Bereich: ${title}`, exact: true }).waitFor();
}

test('the photo record: the wall as SVG, a region as PNG at print resolution, one picture per region in the print documentation', async () => {
  const host = await newContext(env.browser, 'desktop');
  const page = await host.newPage();
  const errors = [watchErrors(page)];
  await createBoard(page, env.server.url, 'Fotowand', { name: 'Moderation' });

  // Region one: the fields to vote on and a prepared card, then locked.
  await addRegion(page, 'Daten und Fakten');
  for (const field of FIELDS) await addCluster(page, field);
  await addCard(page, 'Einwohner: 13.000');
  await page.getByRole('button', { name: 'Auswahl aufheben' }).click();
  // By keyboard: the region's tools may lie under a field laid out beside its heading.
  await page.getByRole('button', { name: 'Bereich festsetzen: Daten und Fakten' }).press('Enter');
  await page.getByRole('group', { name: 'Bereich: Daten und Fakten (festgesetzt)', exact: true }).waitFor();

  // Region two, further right and lower: the wall pans, and the new region and card land there.
  const wall = page.getByRole('region', { name: 'Wand: Fotowand' });
  const box = await wall.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(1600, 300);
  await addRegion(page, 'Tag 1: Sammeln');
  await addCard(page, 'Toleranz');
  await page.getByRole('button', { name: 'Auswahl aufheben' }).click();
  await waitStored(page);

  // A round, voted and revealed.
  await page.getByRole('button', { name: 'Abstimmung', exact: true }).click();
  const rounds = page.getByRole('dialog', { name: 'Abstimmungen' });
  await rounds.getByRole('button', { name: 'Abstimmung anlegen' }).click();
  const row = rounds.getByRole('listitem', { name: ROUND });
  await row.getByRole('button', { name: 'Öffnen' }).click();
  await rounds.getByRole('button', { name: 'Schließen', exact: true }).last().click();
  await rounds.waitFor({ state: 'hidden' });
  await page.getByRole('button', { name: 'Jetzt abstimmen' }).click();
  const sheet = page.getByRole('dialog', { name: ROUND });
  for (const [field, dots] of [['Bildung', 2], ['Sprache', 2], ['Arbeitsmarkt', 1]]) {
    for (let i = 0; i < dots; i++) await sheet.getByRole('button', { name: `Einen Punkt mehr: ${field}` }).click();
  }
  await sheet.getByRole('button', { name: 'Stimme abgeben' }).click();
  await sheet.getByText('Deine Stimme ist abgegeben.', { exact: false }).waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Abstimmung', exact: true }).click();
  await row.getByRole('button', { name: 'Schließen' }).click();
  await row.getByRole('button', { name: 'Aufdecken' }).click();
  await rounds.getByRole('button', { name: 'Schließen', exact: true }).last().click();
  await rounds.waitFor({ state: 'hidden' });
  await waitStored(page);

  // The dialog, reached by keyboard alone; the whole wall's SVG by keyboard too.
  await boardMenuByKeyboard(page, 'Fotoprotokoll');
  const dialog = page.getByRole('dialog', { name: 'Fotoprotokoll' });
  await dialog.waitFor();
  const pictures = dialog.getByRole('list', { name: 'Bilder' }).getByRole('listitem');
  assert.equal(await pictures.count(), 3, 'the whole wall and each region');
  assert.deepEqual(await pictures.locator('.photo-subject').allTextContents(), ['Gesamte Wand', 'Daten und Fakten', 'Tag 1: Sammeln'], 'regions in reading order');
  for (const item of await pictures.all()) {
    assert.deepEqual(await item.getByRole('button').allTextContents(), ['SVG', 'PNG']);
  }
  await assertAccessible(page, 'photo record dialog');
  const wallSvg = dialog.getByRole('button', { name: 'Gesamte Wand als SVG herunterladen' });
  let presses = 0;
  while (!(await wallSvg.evaluate((el) => el === document.activeElement))) {
    assert.ok(++presses < 10, 'the SVG button is a Tab stop of the dialog');
    await page.keyboard.press('Tab');
  }
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(svgDownload.suggestedFilename(), 'Fotowand – Fotoprotokoll – Gesamte Wand.svg');
  const svg = await readFile(await svgDownload.path(), 'utf8');
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), svg.slice(0, 80));
  const texts = svgTexts(svg);
  for (const text of ['Daten und Fakten', 'Tag 1: Sammeln', ...FIELDS, 'Einwohner: 13.000', 'Toleranz', `Punkte: ${ROUND}`]) {
    assert.ok(texts.includes(text), `${text} in the picture: ${texts}`);
  }
  assert.ok(svg.includes('<title>festgesetzt</title>'), 'the locked region carries its lock mark');
  assert.equal((svg.match(/<circle /g) ?? []).length, 4, 'three fields with dots, and the legend');

  // A region's PNG: at least A4 landscape at 300 dpi on its long side.
  const [pngDownload] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Tag 1: Sammeln als PNG herunterladen (Druckauflösung)' }).click(),
  ]);
  assert.equal(pngDownload.suggestedFilename(), 'Fotowand – Fotoprotokoll – Tag 1: Sammeln.png'.replace(':', '-'));
  const { width, height } = pngSize(await readFile(await pngDownload.path()));
  assert.ok(Math.max(width, height) >= 3508 && Math.max(width, height) <= 7016, `print resolution: ${width}×${height}`);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });

  // The print documentation: one picture per region, each a figure with its caption.
  await boardMenu(page, 'Dokumentation');
  const docs = page.getByRole('dialog', { name: 'Dokumentation' });
  const [printPage] = await Promise.all([host.waitForEvent('page'), docs.getByRole('button', { name: 'Druckansicht öffnen' }).click()]);
  await printPage.waitForLoadState();
  await printPage.getByRole('heading', { name: 'Fotoprotokoll', level: 2 }).waitFor();
  const figures = printPage.getByRole('figure');
  assert.equal(await figures.count(), 2, 'one picture per region');
  assert.deepEqual(await printPage.locator('figcaption').allTextContents(), [
    'Bild 1 von 2: Bereich „Daten und Fakten“',
    'Bild 2 von 2: Bereich „Tag 1: Sammeln“',
  ]);
  assert.ok((await figures.nth(1).getByRole('img', { name: 'Fotoprotokoll – Fotowand – Tag 1: Sammeln' }).textContent()).includes('Toleranz'));
  assert.ok(!(await figures.nth(0).getByRole('img', { name: 'Fotoprotokoll – Fotowand – Daten und Fakten' }).textContent()).includes('Toleranz'), 'a region’s picture holds only what lies in it');
  const landscape = await printPage.evaluate(() => [...document.styleSheets].flatMap((s) => [...s.cssRules]).some((r) => r.cssText.includes('landscape')));
  assert.ok(landscape, 'the pictures print on landscape pages');
  await assertAccessible(printPage, 'print documentation with the photo record');
  // Printed (as "Save as PDF" does, with the page's own page sizes): two landscape A4 pages.
  const pdf = (await printPage.pdf({ preferCSSPageSize: true })).toString('latin1');
  const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Math.round(m[1]), Math.round(m[2])]);
  assert.equal(boxes.filter(([w, h]) => w === 842 && h === 595).length, 2, `landscape pages: ${JSON.stringify(boxes)}`);
  assert.ok(boxes.some(([w, h]) => w === 595 && h === 842), 'the documentation itself stays portrait');
  await printPage.close();

  for (const e of errors) assert.deepEqual(e, []);
  await host.close();
});
