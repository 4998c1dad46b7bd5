//! A small promise wrapper over the browser's IndexedDB (web-sys): opening the database and
//! awaiting requests and transactions. Knows nothing about boards; see [`super::log`].

use js_sys::{Array, Function, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DomException, IdbDatabase, IdbObjectStoreParameters, IdbRequest, IdbTransaction,
    IdbTransactionMode,
};

use super::StorageError;

/// The database of this app, and its one object store of board updates.
pub const DB_NAME: &str = "kartenwand";
/// The object store: auto-incremented keys, values `{board, format, data}`.
pub const UPDATES: &str = "updates";
/// The index of [`UPDATES`] by board id.
pub const BY_BOARD: &str = "board";

/// Opens the database, creating its store and index on first use.
pub async fn open() -> Result<IdbDatabase, StorageError> {
    // The current version, whatever it is (a new database starts at 1 with the upgrade).
    let db = open_version(None).await?;
    if db.object_store_names().contains(UPDATES) {
        return Ok(db);
    }
    // Someone (a tool, a test) created the database without the store: one version up
    // runs the upgrade that creates it.
    let next = db.version() as u32 + 1;
    db.close();
    open_version(Some(next)).await
}

/// Opens the database (at `version`, when given), creating the store in an upgrade.
async fn open_version(version: Option<u32>) -> Result<IdbDatabase, StorageError> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or_else(|| StorageError::Failed("IndexedDB is not available".into()))?;
    let request = match version {
        Some(v) => factory.open_with_u32(DB_NAME, v),
        None => factory.open(DB_NAME),
    }
    .map_err(from_js)?;
    let upgrade = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::IdbVersionChangeEvent)>::new(
        move |event: web_sys::IdbVersionChangeEvent| {
            let Some(db) = event
                .target()
                .and_then(|t| t.dyn_into::<IdbRequest>().ok())
                .and_then(|r| r.result().ok())
                .and_then(|r| r.dyn_into::<IdbDatabase>().ok())
            else {
                return;
            };
            if db.object_store_names().contains(UPDATES) {
                return;
            }
            let params = IdbObjectStoreParameters::new();
            params.set_auto_increment(true);
            if let Ok(store) = db.create_object_store_with_optional_parameters(UPDATES, &params) {
                let _ = store.create_index_with_str(BY_BOARD, "board");
            }
        },
    );
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let result = request_done(&request).await;
    request.set_onupgradeneeded(None);
    drop(upgrade);
    result?
        .dyn_into::<IdbDatabase>()
        .map_err(|_| StorageError::Failed("IndexedDB did not open".into()))
}

/// Starts a transaction over the updates store.
pub fn transaction(db: &IdbDatabase, write: bool) -> Result<IdbTransaction, StorageError> {
    let mode = if write {
        IdbTransactionMode::Readwrite
    } else {
        IdbTransactionMode::Readonly
    };
    db.transaction_with_str_and_mode(UPDATES, mode)
        .map_err(from_js)
}

/// Waits for a request's result.
pub async fn request_done(request: &IdbRequest) -> Result<JsValue, StorageError> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    let outcome = JsFuture::from(promise).await;
    request.set_onsuccess(None);
    request.set_onerror(None);
    match outcome {
        Ok(_) => request.result().map_err(from_js),
        Err(_) => Err(request.error().ok().flatten().map_or_else(
            || StorageError::Failed("request failed".into()),
            from_exception,
        )),
    }
}

/// Waits until a transaction committed; an aborted one (quota, error) reports why.
pub async fn transaction_done(tx: &IdbTransaction) -> Result<(), StorageError> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onabort(Some(&reject));
    });
    let outcome = JsFuture::from(promise).await;
    match outcome {
        Ok(_) => Ok(()),
        Err(_) => Err(tx.error().map_or_else(
            || StorageError::Failed("transaction aborted".into()),
            from_exception,
        )),
    }
}

/// An IndexedDB key range of exactly one board id, for the index.
pub fn board_key(id: &str) -> JsValue {
    JsValue::from_str(id)
}

/// Turns a JS array of numbers (keys) into Rust.
pub fn keys(value: &JsValue) -> Vec<f64> {
    value
        .dyn_ref::<Array>()
        .map(|a| a.iter().filter_map(|k| k.as_f64()).collect())
        .unwrap_or_default()
}

fn from_exception(e: DomException) -> StorageError {
    if e.name() == "QuotaExceededError" {
        StorageError::QuotaFull
    } else {
        StorageError::Failed(format!("{}: {}", e.name(), e.message()))
    }
}

fn from_js(value: JsValue) -> StorageError {
    super::error::from_js(value)
}
