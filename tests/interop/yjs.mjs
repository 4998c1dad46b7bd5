// Stock Yjs clients for the interop tests: npm yjs + y-websocket's WebsocketProvider over `ws`,
// nothing of Kartenwand's own code. Also a card writer that follows docs/SCHEMA.md and waiting
// helpers that react to events (document updates, provider events) instead of sleeping.
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';

/**
 * A `ws` WebSocket that keeps every binary message it receives (as Uint8Array) in
 * `RecordingWebSocket.received`, so a test can see the raw frames a stock client got.
 */
export function recordingWebSocket() {
  const received = [];
  class RecordingWebSocket extends WebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener('message', (e) => {
        if (typeof e.data !== 'string') received.push(new Uint8Array(e.data));
      });
    }
  }
  RecordingWebSocket.received = received;
  return RecordingWebSocket;
}

/**
 * A stock client: a fresh Y.Doc with a WebsocketProvider on `server.syncUrl`, room = board id,
 * `params: { token, ...opts.params }`. BroadcastChannel is off, so two clients in one process talk only
 * through the server. Returns `{ doc, provider, events, frames, destroy() }`; `events` lists the
 * provider's status/close/error events in order, `frames` the raw frames received.
 */
export function stockClient(server, boardId, token, opts = {}) {
  const doc = opts.doc ?? new Y.Doc();
  const WS = recordingWebSocket();
  const provider = new WebsocketProvider(server.syncUrl, boardId, doc, {
    params: { ...(token === undefined ? {} : { token }), ...(opts.params ?? {}) },
    WebSocketPolyfill: WS,
    disableBc: true,
    connect: opts.connect ?? true,
    maxBackoffTime: opts.maxBackoffTime ?? 500,
  });
  const events = [];
  provider.on('status', (e) => events.push({ type: 'status', status: e.status }));
  provider.on('sync', (s) => events.push({ type: 'sync', synced: s }));
  provider.on('connection-close', (e) => events.push({ type: 'close', code: e?.code, reason: e?.reason }));
  provider.on('connection-error', () => events.push({ type: 'error' }));
  provider.on('closed', (e) => events.push({ type: 'closed', code: e.code, reason: e.reason }));
  return {
    doc,
    provider,
    events,
    frames: WS.received,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/**
 * Resolves once `predicate()` is true. Re-checks whenever one of `emitters` (Y.Docs,
 * providers, …) emits one of `names`; rejects after `timeoutMs` with `what` in the message.
 */
export function until(predicate, emitters, { what = 'condition', timeoutMs = 10_000, names = ['update', 'sync', 'status', 'connection-close', 'connection-error', 'closed'] } = {}) {
  return new Promise((resolve, reject) => {
    const offs = [];
    const done = (err) => {
      clearTimeout(timer);
      for (const off of offs) off();
      if (err) reject(err); else resolve();
    };
    const check = () => {
      let ok = false;
      try { ok = predicate(); } catch (e) { done(e); return; }
      if (ok) done();
    };
    const timer = setTimeout(() => done(new Error(`timed out waiting for ${what}`)), timeoutMs);
    for (const em of emitters) {
      for (const name of names) {
        const f = () => check();
        em.on(name, f);
        offs.push(() => em.off(name, f));
      }
    }
    check();
  });
}

/** Resolves once the provider has synced with the server (SyncStep2 received). */
export function synced(client, timeoutMs = 10_000) {
  return until(() => client.provider.synced, [client.provider], { what: 'provider synced', timeoutMs });
}

/** Resolves with the first raw frame received by `client` (at index `from` or later) that
 *  satisfies `predicate(bytes)`, as soon as it arrives. */
export function untilFrame(client, predicate, { what = 'frame', timeoutMs = 10_000, from = 0 } = {}) {
  const frames = client.frames;
  return new Promise((resolve, reject) => {
    const original = frames.push;
    const timer = setTimeout(() => { frames.push = original; reject(new Error(`timed out waiting for ${what}`)); }, timeoutMs);
    const found = frames.slice(from).find(predicate);
    if (found) { clearTimeout(timer); resolve(found); return; }
    frames.push = function (...items) {
      const r = original.apply(this, items);
      const hit = items.find(predicate);
      if (hit) { frames.push = original; clearTimeout(timer); resolve(hit); }
      return r;
    };
  });
}

function varUint(n) {
  const out = [];
  while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n = Math.floor(n / 128); }
  out.push(n);
  return out;
}

/** The y-protocols SyncStep1 frame for `doc`: `[0, 0, varUint8Array(state vector)]`. */
export function syncStep1Frame(doc) {
  const sv = Y.encodeStateVector(doc);
  return Uint8Array.from([0, 0, ...varUint(sv.length), ...sv]);
}

/**
 * Sends a SyncStep1 on the client's current connection and resolves once the server's
 * SyncStep2 answer arrives. The server handles a connection's messages in order, so afterwards
 * everything this client sent before has been handled.
 */
export async function roundTrip(client, timeoutMs = 10_000) {
  const from = client.frames.length;
  client.provider.ws.send(syncStep1Frame(client.doc));
  await untilFrame(client, (f) => f[0] === 0 && f[1] === 1, { what: 'SyncStep2 answer', timeoutMs, from });
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** A new id per docs/SCHEMA.md: 12 random base62 characters. */
export function newId() {
  let s = '';
  for (let i = 0; i < 12; i++) s += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  return s;
}

/**
 * Writes a free card exactly as docs/SCHEMA.md specifies (one transaction): `cards[id]` is a
 * Y.Map with `text` (Y.Text), `x`, `y`, `color`, `author`, `created`, `order`; no `cluster`.
 * Sets `meta.schema` = 1 and a title if the board has none. Returns the card id.
 */
export function writeCard(doc, { text, x = 100, y = 100, color = 'yellow', author = '', id = newId() } = {}) {
  doc.transact(() => {
    const meta = doc.getMap('meta');
    if (meta.get('schema') === undefined) {
      meta.set('schema', 1);
      meta.set('title', 'Interop');
    }
    const card = new Y.Map();
    card.set('text', new Y.Text(text));
    card.set('x', x);
    card.set('y', y);
    card.set('color', color);
    card.set('author', author);
    card.set('created', Date.now());
    card.set('order', 0);
    doc.getMap('cards').set(id, card);
  });
  return id;
}

/** The card as plain data (Y.Text → string), or undefined. */
export function readCard(doc, id) {
  const card = doc.getMap('cards').get(id);
  if (!(card instanceof Y.Map)) return undefined;
  const out = {};
  for (const [k, v] of card.entries()) out[k] = v instanceof Y.Text ? v.toString() : v;
  return out;
}

export { Y, WebSocket };
