//! The browser's storage budget: asking it to keep this site's data (`navigator.storage.persist()`)
//! and how much space is used and available (`navigator.storage.estimate()`).

use wasm_bindgen_futures::JsFuture;
use web_sys::StorageManager;

/// What the start page shows about storage.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StorageState {
    /// The browser promised to keep the data (`persisted()`); else it may clear it under pressure.
    pub persisted: bool,
    /// Bytes this site uses, when the browser says.
    pub usage: Option<f64>,
    /// Bytes this site may use in total, when the browser says.
    pub quota: Option<f64>,
}

fn manager() -> Option<StorageManager> {
    let navigator = web_sys::window()?.navigator();
    // Old browsers (and insecure origins) have no StorageManager.
    js_sys::Reflect::has(&navigator, &"storage".into())
        .ok()
        .filter(|has| *has)?;
    Some(navigator.storage())
}

/// Asks the browser to keep this site's data; says whether it will. Asked again only when
/// not granted yet (browsers remember the answer, and may grant it later).
pub async fn ask_persist() -> bool {
    let Some(manager) = manager() else {
        return false;
    };
    persisted(&manager).await || answered_yes(manager.persist()).await
}

async fn persisted(manager: &StorageManager) -> bool {
    answered_yes(manager.persisted()).await
}

/// Whether a promise of a boolean resolves to `true` (a refused call or a rejection: no).
async fn answered_yes(promise: Result<js_sys::Promise, wasm_bindgen::JsValue>) -> bool {
    let Ok(promise) = promise else {
        return false;
    };
    JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Reads whether the data is kept and how much space it takes.
pub async fn state() -> StorageState {
    let Some(manager) = manager() else {
        return StorageState {
            persisted: false,
            usage: None,
            quota: None,
        };
    };
    let persisted = persisted(&manager).await;
    let estimate = match manager.estimate() {
        Ok(promise) => JsFuture::from(promise).await.ok(),
        Err(_) => None,
    };
    let field = |name: &str| {
        estimate
            .as_ref()
            .and_then(|e| js_sys::Reflect::get(e, &name.into()).ok())
            .and_then(|v| v.as_f64())
    };
    StorageState {
        persisted,
        usage: field("usage"),
        quota: field("quota"),
    }
}
