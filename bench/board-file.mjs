// Builds a Kartenwand board with a stock Yjs library, per docs/SCHEMA.md, and stores it in a
// page's localStorage the way the app does (base64 of a v2 update). Used by benchmarks.
import * as Y from 'yjs';

const COLORS = ['yellow', 'green', 'blue', 'pink', 'orange', 'white'];

/** A board of `cards` cards: 20 clusters of 10 cards, the rest free in a grid. */
export function buildBoard(title, cards, { clusters = 20, perCluster = 10 } = {}) {
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
      t.insert(0, `Karte ${i + 1}: eine kurze These zur Integration`);
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
  return Buffer.from(Y.encodeStateAsUpdateV2(doc)).toString('base64');
}

/** Puts a board into the app's storage of a browser context, before any page loads. */
export async function installBoard(context, id, title, snapshotBase64, cards) {
  await context.addInitScript(
    ([id, title, snapshot, cards]) => {
      if (localStorage.getItem(`kartenwand.board.${id}`)) return;
      localStorage.setItem(`kartenwand.board.${id}`, snapshot);
      localStorage.setItem('kartenwand.boards', JSON.stringify({ boards: [{ id, title, cards, updated: Date.now() }] }));
    },
    [id, title, snapshotBase64, cards],
  );
}
