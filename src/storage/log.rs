//! Each board's document in IndexedDB the way y-indexeddb keeps Yjs documents: an
//! append-only log of updates (one per transaction) that a compacted snapshot replaces now
//! and then. Several tabs may append at once; compaction deletes only the entries it read.

use std::cell::RefCell;

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::IdbDatabase;

use super::idb::{self, BY_BOARD, UPDATES};
use super::StorageError;

/// How an entry's bytes are encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A Yjs v1 update: what a transaction's observer hands out.
    V1 = 1,
    /// A Yjs v2 update: the compact encoding of whole-document snapshots.
    V2 = 2,
}

/// One stored update of a board.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Its key in the store (increasing in the order entries were committed).
    pub key: f64,
    /// The encoding of `data`.
    pub format: Format,
    /// The update.
    pub data: Vec<u8>,
}

thread_local! {
    /// The opened (and migrated) database, as a promise every caller awaits: the first
    /// caller opens it, everyone after gets the same handle.
    static DB: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
}

/// The database, opened once per page; old localStorage boards move in before first use.
pub async fn db() -> Result<IdbDatabase, StorageError> {
    let promise = DB.with(|cell| {
        cell.borrow_mut()
            .get_or_insert_with(|| {
                future_to_promise(async {
                    let db = idb::open()
                        .await
                        .map_err(|e| JsValue::from_str(&e.to_string()))?;
                    super::migrate::from_local_storage(&db).await;
                    Ok(db.into())
                })
            })
            .clone()
    });
    match JsFuture::from(promise).await {
        Ok(db) => db
            .dyn_into::<IdbDatabase>()
            .map_err(|_| StorageError::Failed("IndexedDB did not open".into())),
        Err(e) => {
            // Let a later call try again (a private window that refused may allow later).
            DB.with(|cell| cell.borrow_mut().take());
            Err(StorageError::Failed(
                e.as_string()
                    .unwrap_or_else(|| "IndexedDB did not open".into()),
            ))
        }
    }
}

fn value(board: &str, format: Format, data: &[u8]) -> JsValue {
    let object = Object::new();
    let _ = Reflect::set(&object, &"board".into(), &board.into());
    let _ = Reflect::set(&object, &"format".into(), &JsValue::from(format as u8));
    let _ = Reflect::set(&object, &"data".into(), &Uint8Array::from(data));
    object.into()
}

/// Appends updates of a board in one transaction; returns their keys. On failure (quota)
/// none of them is stored and what was stored before is untouched.
pub async fn append(board: &str, updates: &[(Format, Vec<u8>)]) -> Result<Vec<f64>, StorageError> {
    append_in(&db().await?, board, updates).await
}

/// [`append`] on an opened database (migration runs before [`db`] hands it out).
pub async fn append_in(
    db: &IdbDatabase,
    board: &str,
    updates: &[(Format, Vec<u8>)],
) -> Result<Vec<f64>, StorageError> {
    let tx = idb::transaction(db, true)?;
    let store = tx.object_store(UPDATES).map_err(super::error::from_js)?;
    let mut requests = Vec::with_capacity(updates.len());
    for (format, data) in updates {
        requests.push(
            store
                .add(&value(board, *format, data))
                .map_err(super::error::from_js)?,
        );
    }
    idb::transaction_done(&tx).await?;
    Ok(requests
        .iter()
        .filter_map(|r| r.result().ok().and_then(|k| k.as_f64()))
        .collect())
}

/// Reads every stored entry of a board, oldest first; empty when there is none.
pub async fn read(board: &str) -> Result<Vec<Entry>, StorageError> {
    read_in(&db().await?, board).await
}

/// [`read`] on an opened database.
pub async fn read_in(db: &IdbDatabase, board: &str) -> Result<Vec<Entry>, StorageError> {
    let tx = idb::transaction(db, false)?;
    let index = tx
        .object_store(UPDATES)
        .and_then(|s| s.index(BY_BOARD))
        .map_err(super::error::from_js)?;
    let key = idb::board_key(board);
    let values = index
        .get_all_with_key(&key)
        .map_err(super::error::from_js)?;
    let keys = index
        .get_all_keys_with_key(&key)
        .map_err(super::error::from_js)?;
    let values = idb::request_done(&values).await?;
    let keys = idb::keys(&idb::request_done(&keys).await?);
    let values: Vec<JsValue> = values
        .dyn_ref::<js_sys::Array>()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    if values.len() != keys.len() {
        return Err(StorageError::Corrupt(
            "the board's entries changed while they were read".into(),
        ));
    }
    keys.into_iter()
        .zip(values)
        .map(|(key, v)| {
            let format = match Reflect::get(&v, &"format".into())
                .ok()
                .and_then(|f| f.as_f64())
            {
                Some(1.0) => Format::V1,
                Some(2.0) => Format::V2,
                _ => {
                    return Err(StorageError::Corrupt(format!(
                        "entry {key} has no known format"
                    )))
                }
            };
            let data = Reflect::get(&v, &"data".into())
                .ok()
                .and_then(|d| d.dyn_into::<Uint8Array>().ok())
                .ok_or_else(|| StorageError::Corrupt(format!("entry {key} has no data")))?;
            Ok(Entry {
                key,
                format,
                data: data.to_vec(),
            })
        })
        .collect()
}

/// How many entries a board's log holds (cheap: no values are read).
pub async fn count(board: &str) -> Result<usize, StorageError> {
    let db = db().await?;
    let tx = idb::transaction(&db, false)?;
    let index = tx
        .object_store(UPDATES)
        .and_then(|s| s.index(BY_BOARD))
        .map_err(super::error::from_js)?;
    let request = index
        .count_with_key(&idb::board_key(board))
        .map_err(super::error::from_js)?;
    Ok(idb::request_done(&request).await?.as_f64().unwrap_or(0.0) as usize)
}

/// Replaces the entries `covered` (all read before `snapshot_v2` was made from them) by the
/// snapshot, in one transaction; returns the snapshot's key. Entries appended meanwhile by
/// any tab are not among `covered` and stay.
pub async fn compact(
    board: &str,
    snapshot_v2: &[u8],
    covered: &[f64],
) -> Result<f64, StorageError> {
    let db = db().await?;
    let tx = idb::transaction(&db, true)?;
    let store = tx.object_store(UPDATES).map_err(super::error::from_js)?;
    let added = store
        .add(&value(board, Format::V2, snapshot_v2))
        .map_err(super::error::from_js)?;
    for key in covered {
        store
            .delete(&JsValue::from_f64(*key))
            .map_err(super::error::from_js)?;
    }
    idb::transaction_done(&tx).await?;
    added
        .result()
        .ok()
        .and_then(|k| k.as_f64())
        .ok_or_else(|| StorageError::Failed("no key for the snapshot".into()))
}

/// Removes every entry of a board.
pub async fn remove(board: &str) -> Result<(), StorageError> {
    let db = db().await?;
    let keys = {
        let tx = idb::transaction(&db, false)?;
        let index = tx
            .object_store(UPDATES)
            .and_then(|s| s.index(BY_BOARD))
            .map_err(super::error::from_js)?;
        let request = index
            .get_all_keys_with_key(&idb::board_key(board))
            .map_err(super::error::from_js)?;
        idb::keys(&idb::request_done(&request).await?)
    };
    let tx = idb::transaction(&db, true)?;
    let store = tx.object_store(UPDATES).map_err(super::error::from_js)?;
    for key in keys {
        store
            .delete(&JsValue::from_f64(key))
            .map_err(super::error::from_js)?;
    }
    idb::transaction_done(&tx).await
}
