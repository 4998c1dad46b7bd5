//! Small per-browser preferences: the chosen language and this browser's participant id.

use gloo_storage::{LocalStorage, Storage};

const LANGUAGE: &str = "kartenwand.language";
const PARTICIPANT: &str = "kartenwand.participant";
const NICKNAME: &str = "kartenwand.nickname";

/// Colours for participants: distinct, readable with white text, not the card colours.
const PARTICIPANT_COLORS: [&str; 8] = ["#2b6cb0", "#c05621", "#2f855a", "#b83280", "#6b46c1", "#c53030", "#2c7a7b", "#975a16"];

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

/// The nickname this browser uses on boards, once entered.
pub fn nickname() -> Option<String> {
    LocalStorage::get::<String>(NICKNAME).ok().filter(|n| !n.trim().is_empty())
}

/// Remembers the nickname.
pub fn set_nickname(name: &str) {
    let _ = LocalStorage::set(NICKNAME, name.trim());
}

/// This browser's colour, derived from its participant id so it stays the same everywhere.
pub fn participant_color(id: &str) -> &'static str {
    let hash = id.bytes().fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    PARTICIPANT_COLORS[hash as usize % PARTICIPANT_COLORS.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_stable_per_participant() {
        assert_eq!(participant_color("abc"), participant_color("abc"));
        assert!(PARTICIPANT_COLORS.contains(&participant_color("xyz")));
    }
}
