//! [`BoardId`]: a board's name in URLs and the store. New ids are 12 random base62
//! characters; ids from requests are checked before they reach logs or SQL.

use std::fmt;
use std::sync::Arc;

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/// Length of new ids (as in docs/SCHEMA.md for card ids).
pub const BOARD_ID_LEN: usize = 12;
/// Longest id accepted from a request.
const MAX_LEN: usize = 64;

/// A valid board id: 1–64 characters of `[0-9A-Za-z_-]`. Cheap to clone.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BoardId(Arc<str>);

impl BoardId {
    /// A fresh random id of [`BOARD_ID_LEN`] base62 characters from the OS random source.
    pub fn random() -> std::io::Result<BoardId> {
        let mut id = String::with_capacity(BOARD_ID_LEN);
        while id.len() < BOARD_ID_LEN {
            let mut bytes = [0u8; 16];
            getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
            // Rejection sampling: 248 = 4 × 62 keeps every character equally likely.
            for b in bytes.into_iter().filter(|&b| b < 248) {
                if id.len() < BOARD_ID_LEN {
                    id.push(ALPHABET[usize::from(b % 62)] as char);
                }
            }
        }
        Ok(BoardId(id.into()))
    }

    /// Checks an id from a request.
    pub fn parse(s: &str) -> Option<BoardId> {
        let ok = !s.is_empty()
            && s.len() <= MAX_LEN
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        ok.then(|| BoardId(s.into()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BoardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for BoardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BoardId({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_ids_are_base62_and_distinct() {
        let a = BoardId::random().unwrap();
        let b = BoardId::random().unwrap();
        assert_ne!(a, b);
        for id in [&a, &b] {
            assert_eq!(id.as_str().len(), BOARD_ID_LEN);
            assert!(id.as_str().bytes().all(|c| c.is_ascii_alphanumeric()));
            assert_eq!(BoardId::parse(id.as_str()).as_ref(), Some(id));
        }
    }

    #[test]
    fn parse_rejects_odd_ids() {
        for bad in [
            "",
            "a/b",
            "a b",
            "ä",
            "x'; DROP TABLE boards; --",
            &"a".repeat(65),
        ] {
            assert_eq!(BoardId::parse(bad), None, "{bad:?}");
        }
        assert!(BoardId::parse("My-board_1").is_some());
    }
}
