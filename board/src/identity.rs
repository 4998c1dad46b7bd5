//! Who a participant is, provably: a random secret kept in the participant's browser, and
//! ids derived from it by hashing. The server learns the secret when the participant
//! connects and so knows which ballot keys that connection may write, while an id seen in
//! the document does not reveal the secret. Works offline: nothing has to be issued.

use sha2::{Digest, Sha256};

use crate::ids::ParticipantId;

/// Shortest secret accepted (base62 characters; 22 of them carry more than 128 bits).
pub const MIN_SECRET_LEN: usize = 22;

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A participant's secret and what derives from it.
#[derive(Clone, PartialEq, Eq)]
pub struct ParticipantKey {
    secret: String,
}

impl ParticipantKey {
    /// Wraps a secret: at least [`MIN_SECRET_LEN`] ASCII letters or digits, else `None`.
    pub fn from_secret(secret: &str) -> Option<Self> {
        let ok = secret.len() >= MIN_SECRET_LEN
            && secret.len() <= 128
            && secret.bytes().all(|b| b.is_ascii_alphanumeric());
        ok.then(|| ParticipantKey {
            secret: secret.to_owned(),
        })
    }

    /// The secret itself, to keep in storage and to present to the server.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// The participant id: `author` of cards, key in `participants` and in named ballots.
    pub fn id(&self) -> ParticipantId {
        derive(&[b"kartenwand participant", self.secret.as_bytes()])
    }

    /// The voter name of this participant in an anonymous round: a different id per round,
    /// so ballots of anonymous rounds cannot be linked to the participant or to each other.
    pub fn pseudonym(&self, round: &str) -> ParticipantId {
        derive(&[
            b"kartenwand anonymous ballot",
            self.secret.as_bytes(),
            round.as_bytes(),
        ])
    }

    /// The voter part of this participant's ballot key in a round.
    pub fn voter(&self, round: &str, anonymous: bool) -> ParticipantId {
        if anonymous {
            self.pseudonym(round)
        } else {
            self.id()
        }
    }

    /// Whether `voter` (the part after `/` of a ballot key in `round`) is this participant.
    pub fn owns_voter(&self, round: &str, voter: &str) -> bool {
        voter == self.id() || voter == self.pseudonym(round)
    }
}

impl std::fmt::Debug for ParticipantKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret (logs, panics).
        f.debug_struct("ParticipantKey")
            .field("id", &self.id())
            .finish_non_exhaustive()
    }
}

/// 12 base62 characters of SHA-256 over length-prefixed parts (so parts cannot run together).
fn derive(parts: &[&[u8]]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part);
    }
    let digest = hash.finalize();
    let mut n = u128::from_le_bytes(digest[..16].try_into().expect("16 bytes"));
    (0..crate::ID_LEN)
        .map(|_| {
            let c = ALPHABET[(n % 62) as usize];
            n /= 62;
            char::from(c)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_distinct_and_base62() {
        let k = ParticipantKey::from_secret("abcdefghijklmnopqrstuvwxyz").unwrap();
        assert_eq!(k.id().len(), crate::ID_LEN);
        assert!(k.id().bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_ne!(k.pseudonym("r1"), k.pseudonym("r2"));
        assert_ne!(k.pseudonym("r1"), k.id());
        let other = ParticipantKey::from_secret("abcdefghijklmnopqrstuvwxyZ").unwrap();
        assert_ne!(k.id(), other.id());
        assert!(k.owns_voter("r1", &k.pseudonym("r1")));
        assert!(!k.owns_voter("r2", &k.pseudonym("r1")));
        assert!(!k.owns_voter("r1", &other.id()));
        assert_eq!(k.voter("r1", false), k.id());
        assert_eq!(k.voter("r1", true), k.pseudonym("r1"));
    }

    #[test]
    fn known_answers_of_docs_schema() {
        // The table in docs/SCHEMA.md ("Participant identity"), for other implementations.
        let k = ParticipantKey::from_secret("abcdefghijklmnopqrstuvwxyz").unwrap();
        assert_eq!(k.id(), "U9eQav6rOpBO");
        assert_eq!(k.pseudonym("r1"), "Buaz7jJk7bO3");
        assert_eq!(k.pseudonym("round-2"), "R988fgD39QqX");
    }

    #[test]
    fn weak_or_odd_secrets_are_refused() {
        assert!(ParticipantKey::from_secret("short").is_none());
        assert!(ParticipantKey::from_secret("abcdefghijklmnopqrstuvwxyz/").is_none());
        assert!(ParticipantKey::from_secret(&"a".repeat(129)).is_none());
        assert!(!format!(
            "{:?}",
            ParticipantKey::from_secret(&"a".repeat(30)).unwrap()
        )
        .contains("aaaa"));
    }
}
