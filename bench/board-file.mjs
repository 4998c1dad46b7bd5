// Builds a Kartenwand board with a stock Yjs library, per docs/SCHEMA.md, and stores it in a
// page's localStorage the way releases before IndexedDB did (base64 of a v2 update; the app
// moves it into IndexedDB on first start), or writes it as a board file. Used by benchmarks
// and tests.
import { createHash } from 'node:crypto';
import * as Y from 'yjs';

const COLORS = ['yellow', 'green', 'blue', 'pink', 'orange', 'white'];

/** A board of `cards` cards: 20 clusters of 10 cards, the rest free in a grid; base64 of its v2 update. */
export function buildBoard(title, cards, opts = {}) {
  return Buffer.from(Y.encodeStateAsUpdateV2(buildDoc(title, cards, opts))).toString('base64');
}

/** The text of card `i`, `length` characters long (at least the short default). */
export function cardText(i, length = 0) {
  const base = `Karte ${i + 1}: eine kurze These zur Integration`;
  return length > base.length ? (base + ' ' + 'lorem ipsum dolor sit amet '.repeat(Math.ceil(length / 27))).slice(0, length) : base;
}

/** The board as a Y.Doc (see `buildBoard`); `textLength` pads each card's text to that length. */
export function buildDoc(title, cards, { clusters = 20, perCluster = 10, textLength = 0 } = {}) {
  const doc = new Y.Doc();
  doc.transact(() => {
    const meta = doc.getMap('meta');
    meta.set('schema', 1);
    meta.set('title', title);
    const clusterMap = doc.getMap('clusters');
    const cardMap = doc.getMap('cards');
    const clusterIds = [];
    for (let c = 0; c < clusters; c++) {
      const id = `cl${c}`;
      const m = new Y.Map();
      const t = new Y.Text();
      t.insert(0, `Rubrik ${c + 1}`);
      m.set('title', t);
      m.set('x', c * 280);
      m.set('y', 0);
      m.set('color', COLORS[c % COLORS.length]);
      clusterMap.set(id, m);
      clusterIds.push(id);
    }
    const columns = 40;
    for (let i = 0; i < cards; i++) {
      const m = new Y.Map();
      const t = new Y.Text();
      t.insert(0, cardText(i, textLength));
      m.set('text', t);
      const inCluster = i < clusters * perCluster;
      const free = i - clusters * perCluster;
      m.set('x', inCluster ? 0 : (free % columns) * 240);
      m.set('y', inCluster ? 0 : 1500 + Math.floor(free / columns) * 140);
      m.set('color', COLORS[i % COLORS.length]);
      if (inCluster) {
        m.set('cluster', clusterIds[i % clusters]);
        m.set('order', Math.floor(i / clusters));
      }
      m.set('author', 'bench');
      m.set('created', 1700000000000 + i);
      cardMap.set(`card${i}`, m);
    }
  });
  return doc;
}

/** A board file (`.kartenwand`, format in board/src/board_file.rs) of a v2 snapshot. */
export function boardFile(id, title, snapshotV2) {
  const t = Buffer.from(title, 'utf8');
  const head = Buffer.alloc(16 + 2 + id.length + 2 + t.length + 4);
  let o = head.write('KARTENWAND-BOARD', 0, 'latin1');
  o = head.writeUInt8(1, o);
  o = head.writeUInt8(id.length, o);
  o += head.write(id, o, 'latin1');
  o = head.writeUInt16LE(t.length, o);
  o += t.copy(head, o);
  head.writeUInt32LE(snapshotV2.length, o);
  const body = Buffer.concat([head, Buffer.from(snapshotV2)]);
  return Buffer.concat([body, createHash('sha256').update(body).digest()]);
}

/** Puts a board into the app's storage of a browser context, before any page loads. */
export async function installBoard(context, id, title, snapshotBase64, cards) {
  await context.addInitScript(
    ([id, title, snapshot, cards]) => {
      // Once per browser context: the app moves the snapshot out of localStorage on start,
      // and the list entry stays.
      if ((localStorage.getItem('kartenwand.boards') ?? '').includes(`"${id}"`)) return;
      localStorage.setItem(`kartenwand.board.${id}`, snapshot);
      localStorage.setItem('kartenwand.boards', JSON.stringify({ boards: [{ id, title, cards, updated: Date.now() }] }));
    },
    [id, title, snapshotBase64, cards],
  );
}
