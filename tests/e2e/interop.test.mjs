// A Kartenwand browser client and a stock Yjs client (npm yjs + y-websocket) on one board:
// a card written per docs/SCHEMA.md by the stock client shows on the wall, and a card added
// on the wall reaches the stock client with the fields the schema promises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { addCard, card, enterName } from './steps.mjs';
import { createBoard as createOnServer } from '../interop/server.mjs';
import { readCard, stockClient, synced, until, writeCard } from '../interop/yjs.mjs';

const env = serverAndBrowser();

test('a stock Yjs client and the Kartenwand app edit one board', async () => {
  const board = await createOnServer(env.server, { title: 'Interop' });
  // With a participant key (docs/SCHEMA.md's test vector): a participant edits only cards
  // whose author is its own id.
  const yjs = stockClient(env.server, board.id, board.participant_token, { params: { key: 'abcdefghijklmnopqrstuvwxyz' } });
  // Type 100 ("stored") is Kartenwand's own; stock clients may ignore it quietly.
  yjs.provider.messageHandlers[100] = () => {};
  await synced(yjs);
  assert.equal(yjs.doc.getMap('meta').get('title'), 'Interop');

  const id = writeCard(yjs.doc, { text: 'Geschrieben mit Yjs', x: 120, y: 160, color: 'green', author: 'U9eQav6rOpBO' });

  const context = await newContext(env.browser, 'desktop');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}/b/${board.id}#t=${board.participant_token}`);
  await enterName(page, 'Browser');
  await card(page, 'Geschrieben mit Yjs').waitFor();
  assert.match(await card(page, 'Geschrieben mit Yjs').getAttribute('class'), /card--green/);

  await addCard(page, 'Geschrieben in Kartenwand');
  const cards = yjs.doc.getMap('cards');
  const fromApp = () => [...cards.keys()].map((k) => readCard(yjs.doc, k)).find((c) => c?.text === 'Geschrieben in Kartenwand');
  await until(() => fromApp() !== undefined, [yjs.doc], { what: 'the app card at the stock client' });
  const written = fromApp();
  assert.equal(typeof written.x, 'number');
  assert.equal(typeof written.y, 'number');
  assert.equal(written.color, 'yellow');
  assert.equal(typeof written.created, 'number');
  assert.ok(written.author.length > 0, 'the app writes its participant id as author');
  assert.equal(written.cluster, undefined);

  // Live edits of the stock client's text reach the wall.
  yjs.doc.transact(() => {
    const text = cards.get(id).get('text');
    text.insert(text.length, ' und geändert');
  });
  await card(page, 'Geschrieben mit Yjs und geändert').waitFor();
  assert.deepEqual(errors, []);
  yjs.destroy();
  await context.close();
});
