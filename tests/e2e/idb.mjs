// Reading what the app keeps in IndexedDB (issue 17), for the storage tests: a board's log
// entries, and the Yjs document they make.
import * as Y from 'yjs';

/** Every entry the app stored for a board in IndexedDB: its format (1 or 2) and bytes. */
export const storedEntries = (page, id) => page.evaluate((id) => new Promise((ok, fail) => {
  const open = indexedDB.open('kartenwand');
  open.onerror = () => fail(open.error);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('updates')) { db.close(); ok([]); return; }
    const get = db.transaction('updates').objectStore('updates').index('board').getAll(id);
    get.onerror = () => fail(get.error);
    get.onsuccess = () => {
      db.close();
      ok(get.result.map((e) => {
        let s = '';
        for (let i = 0; i < e.data.length; i += 0x8000) s += String.fromCharCode(...e.data.subarray(i, i + 0x8000));
        return { format: e.format, data: btoa(s) };
      }));
    };
  };
}), id);

/** The document the stored entries make. */
export function docOf(entries) {
  const doc = new Y.Doc();
  for (const e of entries) {
    const bytes = Buffer.from(e.data, 'base64');
    if (e.format === 2) Y.applyUpdateV2(doc, bytes); else Y.applyUpdate(doc, bytes);
  }
  return doc;
}


/** Appends entries to a board's log the way another tab of the app does: `{ format, data }`, data base64. */
export const appendEntries = (page, id, entries) => page.evaluate(([id, entries]) => new Promise((ok, fail) => {
  const open = indexedDB.open('kartenwand');
  open.onerror = () => fail(open.error);
  open.onsuccess = () => {
    const tx = open.result.transaction('updates', 'readwrite');
    const store = tx.objectStore('updates');
    for (const e of entries) store.add({ board: id, format: e.format, data: Uint8Array.from(atob(e.data), (c) => c.charCodeAt(0)) });
    tx.oncomplete = () => { open.result.close(); ok(); };
    tx.onabort = () => fail(tx.error);
  };
}), [id, entries]);
