//! Random ids for cards and clusters: 12 base62 characters from `fastrand`.
//! No coordination between peers is needed: 62^12 ≈ 3·10^21 makes collisions negligible.

/// Id of a card: a key of the `cards` map.
pub type CardId = String;
/// Id of a cluster: a key of the `clusters` map.
pub type ClusterId = String;
/// Id of a participant (written as a card's `author`).
pub type ParticipantId = String;

/// Id of a voting round: a key of the `rounds` map.
pub type RoundId = String;

/// Length of the ids made by [`new_id`].
pub const ID_LEN: usize = 12;

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A fresh random base62 id of [`ID_LEN`] characters.
pub fn new_id() -> String {
    (0..ID_LEN)
        .map(|_| char::from(ALPHABET[fastrand::usize(..ALPHABET.len())]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_base62_of_fixed_length() {
        let id = new_id();
        assert_eq!(id.len(), ID_LEN);
        assert!(id.chars().all(|c| c.is_ascii_alphanumeric()), "{id}");
    }

    #[test]
    fn ids_do_not_repeat() {
        let ids: HashSet<String> = (0..10_000).map(|_| new_id()).collect();
        assert_eq!(ids.len(), 10_000);
    }
}
