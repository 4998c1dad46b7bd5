// Interop: stock Yjs clients (npm yjs 13.6 + y-websocket 3 WebsocketProvider over ws 8, no
// Kartenwand code) against a real kartenwand-server.
//
//   node --test --test-concurrency=1 tests/interop/
//
// The server binary is target/debug/kartenwand-server (built with `cargo build -p server` when
// missing; KARTENWAND_SERVER_BIN overrides it). Every wait reacts to events; timeouts only fail.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createBoard, startServer } from './server.mjs';
import { readCard, roundTrip, stockClient, synced, until, untilFrame, writeCard, newId, Y, WebSocket } from './yjs.mjs';

const MSG_STORED = 100;

/** Decodes a type-100 frame `[100, varUint8Array(state vector v1)]` (docs/API.md). */
function storedStateVector(bytes) {
  const decoder = { pos: 1 };
  const readVar = () => {
    let n = 0; let shift = 0;
    for (;;) {
      const b = bytes[decoder.pos++];
      if (b === undefined) throw new Error('truncated varUint');
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return n;
      shift += 7;
    }
  };
  const len = readVar();
  const sv = bytes.subarray(decoder.pos, decoder.pos + len);
  assert.equal(decoder.pos + len, bytes.length, 'nothing follows the state vector');
  return Y.decodeStateVector(sv);
}

/** Whether a stored state vector covers everything in `doc`. */
function covers(stored, doc) {
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
    if ((stored.get(client) ?? 0) < clock) return false;
  }
  return true;
}

/** The whole document as JSON with sorted keys (map key order differs between replicas). */
function canonical(doc) {
  const sort = (v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])]))
    : v);
  const all = {};
  for (const name of ['meta', 'cards', 'clusters']) all[name] = doc.getMap(name).toJSON();
  return JSON.stringify(sort(all));
}

/** The state vector as a sorted list of [client, clock]. */
function stateVector(doc) {
  return JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(doc))].sort((x, y) => x[0] - y[0]));
}

/** Opens a raw websocket and resolves with how the server answered the upgrade. */
function rawConnect(url) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    const frames = [];
    ws.on('message', (d) => frames.push(new Uint8Array(d)));
    let settled = false;
    const settle = (r) => { if (!settled) { settled = true; resolve(r); } };
    ws.on('unexpected-response', (req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => {
        settle({ kind: 'http', status: res.statusCode, body });
        req.destroy();
      });
    });
    ws.on('open', () => settle({ kind: 'open', ws, frames }));
    ws.on('error', (e) => settle({ kind: 'error', error: e }));
  });
}

// These clients write and edit each other's cards under made-up authors, which only the
// facilitator may (a participant edits only cards whose author is its own id, docs/API.md):
// they connect with the facilitator token. Participants' stock clients: the last test here,
// tests/e2e/interop.test.mjs and tests/e2e/stock_participant.test.mjs.
describe('stock Yjs client against kartenwand-server', () => {
  let server;
  const clients = [];
  const client = (...args) => {
    const c = stockClient(server, ...args);
    clients.push(c);
    return c;
  };

  // y-websocket logs console.error('Unable to compute message') for every message type it does
  // not know, such as a Stored ack (type 100) it did not ask for. Count those, pass anything
  // else through.
  const originalError = console.error;
  let unknownMessages = 0;

  before(async () => {
    console.error = (...args) => {
      if (args.length === 1 && args[0] === 'Unable to compute message') unknownMessages++;
      else originalError(...args);
    };
    server = await startServer();
  });

  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });

  after(async () => {
    console.error = originalError;
    if (server) await server.stop();
  });

  test('a card written per docs/SCHEMA.md reaches a live client and a late joiner', async () => {
    const board = await createBoard(server);
    const a = client(board.id, board.facilitator_token);
    const b = client(board.id, board.facilitator_token);
    await Promise.all([synced(a), synced(b)]);

    const id = writeCard(a.doc, { text: 'Sprachkurse früher anbieten ✓', x: 240, y: 130.5, color: 'green', author: 'stock-a' });
    await until(() => readCard(b.doc, id)?.text === 'Sprachkurse früher anbieten ✓', [b.doc], { what: 'card at client b' });
    const seen = readCard(b.doc, id);
    assert.deepEqual(
      { text: seen.text, x: seen.x, y: seen.y, color: seen.color, author: seen.author, order: seen.order, cluster: seen.cluster },
      { text: 'Sprachkurse früher anbieten ✓', x: 240, y: 130.5, color: 'green', author: 'stock-a', order: 0, cluster: undefined },
    );
    assert.equal(typeof seen.created, 'number');
    assert.ok(b.doc.getMap('cards').get(id).get('text') instanceof Y.Text, 'text stays a Y.Text');
    assert.equal(b.doc.getMap('meta').get('schema'), 1);

    // A later client gets it in the initial sync (from the server's copy).
    const c = client(board.id, board.facilitator_token);
    await synced(c);
    assert.deepEqual(readCard(c.doc, id), readCard(a.doc, id));

    // Character-wise edits merge: b edits the text, a moves the card, at the same time.
    b.doc.getMap('cards').get(id).get('text').insert(0, '» ');
    a.doc.getMap('cards').get(id).set('x', 300);
    await until(
      () => readCard(a.doc, id).text.startsWith('» ') && readCard(b.doc, id).x === 300,
      [a.doc, b.doc], { what: 'concurrent edits merged' },
    );
    assert.deepEqual(readCard(a.doc, id), readCard(b.doc, id));
  });

  test('a board larger than one message reaches a late stock client in pieces, synced only with the last', async () => {
    const board = await createBoard(server);
    const a = client(board.id, board.facilitator_token);
    await synced(a);
    // About 3 MB in transactions of about 400 KB: each of a's updates fits in one message.
    const cards = a.doc.getMap('cards');
    for (let t = 0; t < 8; t++) {
      a.doc.transact(() => {
        for (let i = 0; i < 200; i++) cards.set(`card${t}-${i}`, `${t}-${i}: ${'Moderation über Grenzen. '.repeat(80)}`);
      });
    }
    await roundTrip(a, 30_000);
    // The server answers a newcomer in pieces of at most 256 KiB (docs/API.md, "Large
    // updates"): Updates, then the SyncStep2, at which y-websocket counts itself synced.
    const b = client(board.id, board.viewer_token);
    await synced(b, 30_000);
    assert.equal(b.doc.getMap('cards').size, 1600, 'synced only once everything arrived');
    assert.equal(canonical(b.doc), canonical(a.doc));
    const sync = b.frames.filter((f) => f[0] === 0);
    assert.ok(sync.length > 10, `${sync.length} sync messages`);
    const largest = Math.max(...b.frames.map((f) => f.length));
    assert.ok(largest <= 256 * 1024 + 16, `largest message ${largest} bytes`);
  });

  test('a client that edited while disconnected converges after reconnecting', async () => {
    const board = await createBoard(server);
    const a = client(board.id, board.facilitator_token);
    const b = client(board.id, board.facilitator_token);
    const watcher = client(board.id, board.facilitator_token);
    await Promise.all([synced(a), synced(b), synced(watcher)]);
    const shared = writeCard(a.doc, { text: 'Gemeinsame Karte', author: 'a' });
    await until(() => readCard(b.doc, shared) !== undefined, [b.doc], { what: 'shared card at b' });

    a.provider.disconnect();
    await until(() => !a.provider.wsconnected, [a.provider], { what: 'a disconnected' });

    // Both edit: a offline, b online.
    const offline = writeCard(a.doc, { text: 'Offline geschrieben', x: 10, y: 20, author: 'a' });
    a.doc.getMap('cards').get(shared).get('text').insert(0, 'Offline: ');
    a.doc.getMap('cards').get(shared).set('y', 999);
    const online = writeCard(b.doc, { text: 'Online geschrieben', author: 'b' });
    b.doc.getMap('cards').get(shared).get('text').insert('Gemeinsame Karte'.length, ' (b)');
    // A third client, online all along, gets b's card: the server relayed it to everyone
    // connected, and a, disconnected, did not get it.
    await until(() => readCard(watcher.doc, online) !== undefined, [watcher.doc], { what: 'b\'s card at the watcher' });
    assert.equal(readCard(a.doc, online), undefined, 'nothing reaches a while it is offline');
    assert.equal(readCard(b.doc, offline), undefined, 'nothing leaks from a while it is offline');

    a.provider.connect();
    const same = () => canonical(a.doc) === canonical(b.doc) && stateVector(a.doc) === stateVector(b.doc);
    await until(same, [a.doc, b.doc, a.provider], { what: 'a and b identical' });
    assert.equal(readCard(b.doc, offline).text, 'Offline geschrieben');
    assert.equal(readCard(a.doc, online).text, 'Online geschrieben');
    assert.equal(readCard(b.doc, shared).text, 'Offline: Gemeinsame Karte (b)');
    assert.equal(readCard(b.doc, shared).y, 999);

    // And the server kept all of it: a fresh client sees the same document.
    const c = client(board.id, board.facilitator_token);
    await synced(c);
    assert.equal(canonical(c.doc), canonical(a.doc));
  });

  test('a bad token is refused and the stock client never syncs', async () => {
    const board = await createBoard(server);
    const other = await createBoard(server);

    // The socket is upgraded, told "permission denied" and closed with 4401, which
    // y-websocket takes as final; no document content is ever sent.
    const base = `${server.syncUrl}/${encodeURIComponent(board.id)}`;
    for (const url of [...['nope', other.participant_token, ''].map((t) => `${base}?token=${encodeURIComponent(t)}`), base]) {
      const r = await rawConnect(url);
      assert.equal(r.kind, 'open', `${url}: ${r.error ?? r.status}`);
      const code = await new Promise((resolve) => r.ws.on('close', (c) => resolve(c)));
      assert.equal(code, 4401, `${url}: closed with 4401`);
      assert.ok(r.frames.some((f) => f[0] === 2 && f[1] === 0), 'a permission-denied auth message came first');
      assert.ok(!r.frames.some((f) => f[0] === 0 && f[1] === 1), 'no document content sent');
    }

    // A stock provider with a wrong token: its connection fails, and it never syncs.
    const bad = client(board.id, 'nope');
    await until(() => bad.events.some((e) => e.type === 'close' || e.type === 'error'), [bad.provider], { what: 'refusal seen by the provider' });
    assert.equal(bad.provider.synced, false);
    bad.provider.disconnect();

    // Its writes never reach the board.
    const good = client(board.id, board.facilitator_token);
    await synced(good);
    assert.equal(good.doc.getMap('cards').size, 0);
  });

  test('Stored acknowledgements (type 100) go only to clients that ask for them', async () => {
    const board = await createBoard(server);
    const unknownBefore = unknownMessages;
    // A stock client as it comes: no `acks=1`, so nothing it cannot read.
    const a = client(board.id, board.facilitator_token);
    const b = client(board.id, board.facilitator_token);
    // A client that reads them (as the app does) asks with `acks=1`.
    const acking = client(board.id, board.facilitator_token, { params: { acks: '1' } });
    acking.provider.messageHandlers[100] = () => {}; // it reads them (the frames are recorded)
    await Promise.all([synced(a), synced(b), synced(acking)]);
    const id = writeCard(a.doc, { text: 'Gespeichert?', author: 'a' });
    const own = writeCard(acking.doc, { text: 'Bestätigt?', author: 'c' });
    const stored = await untilFrame(
      acking,
      (f) => f[0] === MSG_STORED && covers(storedStateVector(f), acking.doc),
      { what: 'a Stored ack covering the acking client\'s card' },
    );
    assert.equal(stored[0], MSG_STORED);
    await until(() => readCard(a.doc, own)?.text === 'Bestätigt?', [a.doc], { what: 'the acking client\'s card reaches a' });
    // a's own write was stored too (the acking client's ack covers every write before it
    // only once the server ordered them; a round trip on a's connection settles it).
    await roundTrip(a);
    assert.ok(!a.frames.some((f) => f[0] === MSG_STORED), 'no Stored frame to a client that did not ask');
    assert.equal(unknownMessages, unknownBefore, 'y-websocket never met a message type it does not know');
    assert.ok(a.provider.wsconnected && a.provider.synced);
    a.doc.getMap('cards').get(id).set('color', 'blue');
    await until(() => readCard(b.doc, id)?.color === 'blue', [b.doc], { what: 'edit reaches b' });

    // Every frame the server sent is one the y-websocket protocol (or, when asked, the
    // type-100 extension) defines.
    for (const f of [...a.frames, ...b.frames]) {
      assert.ok([0, 1, 2, 3].includes(f[0]), `unexpected frame type ${f[0]}: ${[...f.subarray(0, 16)]}`);
    }
    assert.ok(!a.events.some((e) => e.type === 'close' || e.type === 'error'), JSON.stringify(a.events));
  });

  test('a viewer (read-only) token syncs but cannot change the board', async () => {
    const board = await createBoard(server);
    assert.equal(typeof board.viewer_token, 'string', 'POST /api/boards answers a viewer_token');
    const writer = client(board.id, board.facilitator_token);
    await synced(writer);
    const first = writeCard(writer.doc, { text: 'Von der Teilnehmerin', author: 'w' });

    const viewer = client(board.id, board.viewer_token);
    await synced(viewer);
    assert.equal(readCard(viewer.doc, first).text, 'Von der Teilnehmerin', 'the viewer sees the board');
    const forbidden = writeCard(viewer.doc, { text: 'Vom Beamer', author: 'v' });
    // A SyncStep1 on the viewer's own connection: its answer comes after the server handled the
    // viewer's update, so a fresh client afterwards shows the server's decision.
    await roundTrip(viewer);
    assert.ok(viewer.provider.wsconnected, 'the viewer stays connected');
    const fresh = client(board.id, board.facilitator_token);
    await synced(fresh);
    assert.equal(readCard(fresh.doc, forbidden), undefined, 'the viewer\'s card is not on the server');
    assert.equal(readCard(fresh.doc, first).text, 'Von der Teilnehmerin');
  });

  test('two stock clients converge on many interleaved edits', async () => {
    const board = await createBoard(server);
    const a = client(board.id, board.facilitator_token);
    const b = client(board.id, board.facilitator_token);
    await Promise.all([synced(a), synced(b)]);
    const ids = [];
    for (let i = 0; i < 50; i++) {
      const doc = i % 2 ? a.doc : b.doc;
      ids.push(writeCard(doc, { text: `Karte ${i}`, x: i, y: i * 2, id: newId() }));
      if (i % 5 === 0) doc.getMap('cards').get(ids[i])?.get('text').insert(0, '*');
      // Both move card 0 as soon as they have it (concurrent writes to one key: one winner).
      doc.getMap('cards').get(ids[0])?.set('x', i);
    }
    await until(
      () => a.doc.getMap('cards').size === 50 && b.doc.getMap('cards').size === 50
        && canonical(a.doc) === canonical(b.doc),
      [a.doc, b.doc], { what: '50 cards on both' },
    );
  });

  test('participant ids derived per docs/SCHEMA.md are the server\'s', async () => {
    // The known answers of docs/SCHEMA.md, from this file's own implementation of `derive`.
    const secret = 'abcdefghijklmnopqrstuvwxyz';
    assert.equal(derive('kartenwand participant', secret), 'U9eQav6rOpBO');
    assert.equal(derive('kartenwand anonymous ballot', secret, 'r1'), 'Buaz7jJk7bO3');
    assert.equal(derive('kartenwand anonymous ballot', secret, 'round-2'), 'R988fgD39QqX');

    // The server agrees: a stock client presenting a key may write the `participants` entry
    // under the id derived here, and is refused under another.
    const board = await createBoard(server);
    const mine = 'stockclientsecret0123456789';
    const a = client(board.id, board.participant_token, { params: { key: mine } });
    await synced(a);
    const entry = new Y.Map();
    entry.set('name', 'Yjs');
    a.doc.getMap('participants').set(derive('kartenwand participant', mine), entry);
    await roundTrip(a);
    const fresh = client(board.id, board.viewer_token);
    await synced(fresh);
    assert.equal(fresh.doc.getMap('participants').get(derive('kartenwand participant', mine))?.get('name'), 'Yjs');
    const other = new Y.Map();
    other.set('name', 'Falsch');
    a.doc.getMap('participants').set(derive('kartenwand participant', 'someoneelse0123456789xyz'), other);
    await until(() => a.events.some((e) => e.type === 'close' && e.code === 4403), [a.provider], { what: 'refused with 4403' });
  });
});

/** docs/SCHEMA.md's `derive`: SHA-256 over length-prefixed parts, 12 base62 characters. */
function derive(...parts) {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const hash = createHash('sha256');
  for (const part of parts) {
    const bytes = Buffer.from(part, 'utf8');
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(bytes.length));
    hash.update(len);
    hash.update(bytes);
  }
  let n = 0n;
  const digest = hash.digest();
  for (let i = 15; i >= 0; i--) n = (n << 8n) | BigInt(digest[i]);
  let id = '';
  for (let i = 0; i < 12; i++) { id += alphabet[Number(n % 62n)]; n /= 62n; }
  return id;
}
