// A board larger than the server's largest message reaches the server (issue 17): the
// 12,000-card board file with 400-character texts (several MB) is imported, edited offline
// and reloaded offline, then shared on a server with the default 1 MiB message limit. The app
// sends it in pieces (`protocol::split_update`, docs/API.md "Large updates"), none larger than
// the limit; the server stores every card, and a second browser opens the board from the
// server with all of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCard, boardMenu, card, enterName, inviteLink, openWall, waitStored } from './steps.mjs';
import { boardFile, buildDoc } from '../../bench/board-file.mjs';
import { docOf, storedEntries } from './idb.mjs';

const CARDS = 12_000;
const TITLE = 'Großer Workshop';
const ID = 'grosserWorkshopSync';
const OFFLINE_CARD = 'Offline an der großen Wand';
/** The server's default `--max-frame-bytes`: no message may be larger. */
const MAX_FRAME = 1024 * 1024;

const env = serverAndBrowser();

/** Counts the sizes of the websocket messages a page sends. */
function watchSent(page) {
  const sizes = [];
  page.on('websocket', (ws) => ws.on('framesent', ({ payload }) => sizes.push(payload.length)));
  return sizes;
}

const allowed = (errors) => errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e));

test('a 12,000-card board made offline syncs to the server in pieces and opens in another browser', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kartenwand-large-sync-'));
  try {
    const file = join(dir, 'gross.kartenwand');
    const fixture = Y.encodeStateAsUpdateV2(buildDoc(TITLE, CARDS, { textLength: 400 }));
    assert.ok(fixture.length > 4 * MAX_FRAME, `the board file holds ${fixture.length} bytes`);
    writeFileSync(file, boardFile(ID, TITLE, fixture));

    const desk = await newContext(env.browser, 'desktop');
    desk.setDefaultTimeout(60_000);
    const page = await desk.newPage();
    const errors = watchErrors(page);
    const sent = watchSent(page);
    await page.goto(env.server.url);
    await page.waitForFunction(() => navigator.serviceWorker?.controller);
    await page.locator('input[type=file][accept=".kartenwand"]').setInputFiles(file);
    await page.getByRole('status').filter({ hasText: `„${TITLE}“ aus der Datei übernommen: ${CARDS} Karten.` }).waitFor();

    // Offline: open it, add a card, reload.
    await desk.setOffline(true);
    await page.getByRole('link', { name: TITLE }).click();
    await page.getByRole('region', { name: `Wand: ${TITLE}` }).waitFor();
    await addCard(page, OFFLINE_CARD);
    await page.getByText('Gespeichert', { exact: true }).waitFor();
    await page.reload();
    await card(page, OFFLINE_CARD).waitFor();

    // Online: shared on the server, which acknowledges every piece.
    await desk.setOffline(false);
    await boardMenu(page, 'Teilen');
    await enterName(page, 'Moderation');
    await page.waitForFunction(() => document.querySelector('.sync-badge')?.dataset.state === 'stored', null, { timeout: 120_000 });
    const pieces = sent.filter((n) => n > 64 * 1024);
    assert.ok(pieces.length >= 4, `the board went in pieces: ${pieces.length} large messages`);
    assert.ok(Math.max(...sent) <= MAX_FRAME, `largest message ${Math.max(...sent)} bytes`);
    const id = new URL(page.url()).pathname.split('/').pop();
    const link = await inviteLink(page);
    assert.deepEqual(allowed(errors), []);

    // Another browser opens the board from the server: every card is there.
    const other = await newContext(env.browser, 'desktop');
    other.setDefaultTimeout(60_000);
    const reader = await other.newPage();
    const readerErrors = watchErrors(reader);
    await reader.goto(link);
    await enterName(reader, 'Anna');
    await openWall(reader);
    await reader.getByRole('heading', { name: TITLE }).waitFor();
    await card(reader, OFFLINE_CARD).waitFor();
    // The board list of that browser counts the cards of what it stored.
    await reader.waitForFunction(
      ([id, want]) => JSON.parse(localStorage.getItem('kartenwand.boards') ?? '{"boards":[]}').boards.find((b) => b.id === id)?.cards === want,
      [id, CARDS + 1],
      { timeout: 120_000 },
    );
    await waitStored(reader);
    const stored = docOf(await storedEntries(reader, id));
    const cards = stored.getMap('cards');
    assert.equal(cards.size, CARDS + 1, 'every card reached the other browser');
    assert.equal(cards.get('card11999').get('text').toString().length, 400);
    assert.ok([...cards.values()].some((c) => c.get('text').toString() === OFFLINE_CARD));
    assert.deepEqual(allowed(readerErrors), []);
    await other.close();
    await desk.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
