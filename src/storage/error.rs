//! Why storing or reading failed, in terms the UI can explain to a user.

use gloo_storage::errors::StorageError as GlooError;
use wasm_bindgen::JsCast;

/// A failure of browser storage.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StorageError {
    /// The browser's quota is used up; what was stored before is untouched.
    #[error("browser storage is full")]
    QuotaFull,
    /// Stored data could not be read back (foreign or damaged).
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// Storage is unavailable or refused for another reason (e.g. private mode).
    #[error("{0}")]
    Failed(String),
}

impl From<GlooError> for StorageError {
    fn from(err: GlooError) -> Self {
        match err {
            GlooError::JsError(js) if js.name == "QuotaExceededError" => StorageError::QuotaFull,
            GlooError::JsError(js) => StorageError::Failed(format!("{}: {}", js.name, js.message)),
            GlooError::SerdeError(e) => StorageError::Corrupt(e.to_string()),
            GlooError::KeyNotFound(key) => StorageError::Corrupt(format!("missing {key}")),
        }
    }
}

/// Recognises a quota error thrown directly by `Storage.setItem`.
pub(crate) fn from_js(value: wasm_bindgen::JsValue) -> StorageError {
    match value.dyn_ref::<web_sys::DomException>() {
        Some(e) if e.name() == "QuotaExceededError" || e.code() == 22 => StorageError::QuotaFull,
        Some(e) => StorageError::Failed(format!("{}: {}", e.name(), e.message())),
        None => StorageError::Failed(format!("{value:?}")),
    }
}
