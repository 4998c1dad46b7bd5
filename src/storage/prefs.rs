//! Small per-browser preferences: the chosen language and this browser's participant id.

use gloo_storage::{LocalStorage, Storage};

const LANGUAGE: &str = "kartenwand.language";
const PARTICIPANT: &str = "kartenwand.participant";

/// The language the user chose, if they ever did.
pub fn language() -> Option<String> {
    LocalStorage::get(LANGUAGE).ok()
}

/// Remembers the user's language choice.
pub fn set_language(code: &str) {
    // Losing a language preference to a full quota is harmless; the board warning covers quota.
    let _ = LocalStorage::set(LANGUAGE, code);
}

/// This browser's participant id, created once and kept (it marks the cards one writes).
pub fn participant_id() -> String {
    if let Ok(id) = LocalStorage::get::<String>(PARTICIPANT) {
        if !id.is_empty() {
            return id;
        }
    }
    let id = board::new_id();
    let _ = LocalStorage::set(PARTICIPANT, &id);
    id
}
