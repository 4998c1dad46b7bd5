// Stock Yjs clients (yjs + y-websocket's WebsocketProvider, no Kartenwand code) on two nodes of
// one deployment: two kartenwand-server processes on one PostgreSQL and one Redis. A client on
// each node of one board: cards written per docs/SCHEMA.md and presence (awareness) cross in
// both directions, a client joining node B later gets everything in its first sync, and a
// card written on node A while node B is killed reaches B's client when it reconnects to A.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createBoard, startServer } from './server.mjs';
import { startServices } from './services.mjs';
import { readCard, stockClient, synced, until, writeCard } from './yjs.mjs';

describe('stock Yjs clients on two nodes', () => {
  let services;
  let a;
  let b;
  const clients = [];
  const client = (...args) => {
    const c = stockClient(...args);
    clients.push(c);
    return c;
  };
  const originalError = console.error;

  before(async () => {
    // y-websocket logs every message type it does not know (the Stored ack) as an error.
    console.error = (...args) => {
      if (!(args.length === 1 && args[0] === 'Unable to compute message')) originalError(...args);
    };
    services = await startServices();
    const env = { KARTENWAND_DATABASE_URL: services.databaseUrl, KARTENWAND_REDIS_URL: services.redisUrl };
    a = await startServer({ env });
    // Node B signs with node A's secret: links issued by one node work on both.
    b = await startServer({ env: { ...env, KARTENWAND_SECRET_FILE: join(a.dataDir, 'secret.key') } });
  });

  after(async () => {
    console.error = originalError;
    for (const c of clients.splice(0)) c.destroy();
    await b?.stop();
    await a?.stop();
    await services?.stop();
  });

  test('cards and presence cross between the nodes both ways', async () => {
    const board = await createBoard(a, { title: 'Zwei Knoten' });
    // Co-facilitators: each edits the other's card (participants edit only their own).
    const anna = client(a, board.id, board.facilitator_token);
    const ben = client(b, board.id, board.facilitator_token);
    await Promise.all([synced(anna), synced(ben)]);

    const fromA = writeCard(anna.doc, { text: 'Sprachkurse am Abend', x: 120, y: 80, author: '' });
    await until(() => readCard(ben.doc, fromA)?.text === 'Sprachkurse am Abend', [ben.doc], { what: "Anna's card on node B" });
    const fromB = writeCard(ben.doc, { text: 'Mehr Kita-Plätze', x: 420, y: 80, author: '' });
    await until(() => readCard(anna.doc, fromB)?.text === 'Mehr Kita-Plätze', [anna.doc], { what: "Ben's card on node A" });
    // Character-wise edits on both nodes at once merge the same way everywhere.
    anna.doc.getMap('cards').get(fromB).get('text').insert(0, '» ');
    ben.doc.getMap('cards').get(fromB).get('text').insert(ben.doc.getMap('cards').get(fromB).get('text').length, ' ✓');
    const same = () => readCard(anna.doc, fromB)?.text === readCard(ben.doc, fromB)?.text && readCard(anna.doc, fromB)?.text.length === 'Mehr Kita-Plätze'.length + 4;
    await until(same, [anna.doc, ben.doc], { what: 'the merged text on both nodes' });
    assert.equal(readCard(anna.doc, fromB).text, '» Mehr Kita-Plätze ✓');

    ben.provider.awareness.setLocalStateField('user', { name: 'Ben' });
    await until(() => anna.provider.awareness.getStates().get(ben.doc.clientID)?.user?.name === 'Ben',
      [anna.provider.awareness], { what: "Ben's presence on node A", names: ['change', 'update'] });
    anna.provider.awareness.setLocalStateField('user', { name: 'Anna' });
    await until(() => ben.provider.awareness.getStates().get(anna.doc.clientID)?.user?.name === 'Anna',
      [ben.provider.awareness], { what: "Anna's presence on node B", names: ['change', 'update'] });

    // A late joiner on node B gets both cards in its first sync.
    const late = client(b, board.id, board.viewer_token);
    await synced(late);
    assert.equal(readCard(late.doc, fromA)?.text, 'Sprachkurse am Abend');
    assert.equal(readCard(late.doc, fromB)?.text, '» Mehr Kita-Plätze ✓');
  });

  test("a node killed: its client resumes on the other node and misses nothing", async () => {
    const board = await createBoard(a, { title: 'Ausfall' });
    const anna = client(a, board.id, board.participant_token);
    const ben = client(b, board.id, board.participant_token);
    await Promise.all([synced(anna), synced(ben)]);
    const before = writeCard(anna.doc, { text: 'vor dem Ausfall', author: '' });
    await until(() => readCard(ben.doc, before), [ben.doc], { what: 'the first card on node B' });

    await b.kill();
    const during = writeCard(anna.doc, { text: 'während des Ausfalls', author: '' });
    // Ben's browser reconnects to the other node (as behind a load balancer), with its document.
    ben.provider.destroy();
    const again = client(a, board.id, board.participant_token, { doc: ben.doc });
    await until(() => readCard(again.doc, during)?.text === 'während des Ausfalls', [again.doc], { what: "the card written while node B was down" });
    assert.equal(readCard(again.doc, before)?.text, 'vor dem Ausfall');
  });
});
