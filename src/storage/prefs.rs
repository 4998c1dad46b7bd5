//! Small per-browser preferences: the chosen language, the nickname, and this browser's
//! participant key (the secret its participant id and ballots derive from).

use board::ParticipantKey;
use gloo_storage::{LocalStorage, Storage};

const LANGUAGE: &str = "kartenwand.language";
const PARTICIPANT_KEY: &str = "kartenwand.participant-key";
const NICKNAME: &str = "kartenwand.nickname";
const TEMPLATE_TOKENS: &str = "kartenwand.template-tokens";

/// Colours for participants: distinct, readable with white text, not the card colours.
const PARTICIPANT_COLORS: [&str; 8] = [
    "#2b6cb0", "#c05621", "#2f855a", "#b83280", "#6b46c1", "#c53030", "#2c7a7b", "#975a16",
];

/// The language the user chose, if they ever did.
pub fn language() -> Option<String> {
    LocalStorage::get(LANGUAGE).ok()
}

/// Remembers the user's language choice.
pub fn set_language(code: &str) {
    // Losing a language preference to a full quota is harmless; the board warning covers quota.
    let _ = LocalStorage::set(LANGUAGE, code);
}

/// This browser's participant key, created once and kept: its id marks the cards one
/// writes, and the server lets it write only its own ballots.
pub fn participant_key() -> ParticipantKey {
    if let Some(key) = LocalStorage::get::<String>(PARTICIPANT_KEY)
        .ok()
        .and_then(|s| ParticipantKey::from_secret(&s))
    {
        return key;
    }
    let key = ParticipantKey::from_secret(&random_secret())
        .expect("32 base62 characters make a valid secret");
    // If storage is full the key lives for this page only; the board warning covers quota.
    let _ = LocalStorage::set(PARTICIPANT_KEY, key.secret());
    key
}

/// 32 base62 characters from the browser's cryptographic random source (about 190 bits).
fn random_secret() -> String {
    const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut bytes = [0u8; 32];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // No Web Crypto (very old browser): still unique, only not secret against guessing.
        bytes
            .iter_mut()
            .for_each(|b| *b = (js_sys::Math::random() * 256.0) as u8);
    }
    // 248 = 4 × 62: bytes below it map evenly; the slight bias of the rest is harmless here.
    bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % 62]))
        .collect()
}

/// The nickname this browser uses on boards, once entered.
pub fn nickname() -> Option<String> {
    LocalStorage::get::<String>(NICKNAME)
        .ok()
        .filter(|n| !n.trim().is_empty())
}

/// Remembers the nickname.
pub fn set_nickname(name: &str) {
    let _ = LocalStorage::set(NICKNAME, name.trim());
}

/// This browser's colour, derived from its participant id so it stays the same everywhere.
pub fn participant_color(id: &str) -> &'static str {
    let hash = id
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    PARTICIPANT_COLORS[hash as usize % PARTICIPANT_COLORS.len()]
}

/// The delete tokens of the templates this browser kept on the server, by template id.
pub fn template_tokens() -> std::collections::BTreeMap<String, String> {
    LocalStorage::get(TEMPLATE_TOKENS).unwrap_or_default()
}

/// Remembers (or, with `None`, forgets) the delete token of template `id`.
pub fn set_template_token(id: &str, token: Option<&str>) {
    let mut tokens = template_tokens();
    match token {
        Some(token) => tokens.insert(id.to_owned(), token.to_owned()),
        None => tokens.remove(id),
    };
    // A token lost to a full quota only means this browser cannot delete that template.
    let _ = LocalStorage::set(TEMPLATE_TOKENS, tokens);
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
