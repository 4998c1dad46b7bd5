//! [`Held`]: document updates that continue a client's history past a gap, kept back until
//! the gap is filled. yrs 0.28 can lose edits when it integrates such an update early (see
//! the `board` crate's `apply_remote`), so the board task applies, stores and relays an
//! update only once everything before it is there. Held updates are not acknowledged: the
//! `Stored` state vector does not cover them, so their sender resends them when it syncs.
//! Each keeps a tag from the board task (who sent it), so that it is checked against its
//! sender's rights when it is finally applied, whoever's update filled the gap.

use std::ops::Range;

use yrs::{ClientID, StateVector, Update};

/// One held update: its v1 bytes, the clock ranges it inserts, and its tag.
#[derive(Debug)]
struct HeldUpdate<T> {
    v1: Vec<u8>,
    insertions: Vec<(ClientID, Vec<Range<u32>>)>,
    tag: T,
}

/// Updates waiting for earlier ones of the same client, each with a tag `T` (the board
/// task's: who sent it). Bytes only (a decoded `yrs::Update` is not `Send`).
#[derive(Debug)]
pub struct Held<T> {
    updates: Vec<HeldUpdate<T>>,
    bytes: usize,
}

impl<T> Default for Held<T> {
    fn default() -> Self {
        Held {
            updates: Vec::new(),
            bytes: 0,
        }
    }
}

pub use board::history::continues;
use board::history::{continues_ranges, insertions};

impl<T> Held<T> {
    /// Keeps `update` (whose bytes are `v1`) with `tag` until it continues the document.
    pub fn hold(&mut self, update: &Update, v1: Vec<u8>, tag: T) {
        self.bytes += v1.len();
        self.updates.push(HeldUpdate {
            v1,
            insertions: insertions(update),
            tag,
        });
    }

    /// Takes out one held update that now continues a document at `sv`, with its tag.
    pub fn take_ready(&mut self, sv: &StateVector) -> Option<(Vec<u8>, T)> {
        let i = self
            .updates
            .iter()
            .position(|u| continues_ranges(&u.insertions, sv))?;
        let held = self.updates.swap_remove(i);
        self.bytes -= held.v1.len();
        Some((held.v1, held.tag))
    }

    /// Keeps only the updates whose tag passes `keep` (e.g. drops a refused sender's).
    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        let bytes = &mut self.bytes;
        self.updates.retain(|u| {
            let kept = keep(&u.tag);
            if !kept {
                *bytes -= u.v1.len();
            }
            kept
        });
    }

    /// How many updates wait.
    pub fn len(&self) -> usize {
        self.updates.len()
    }

    /// Whether none waits.
    pub fn is_empty(&self) -> bool {
        self.updates.is_empty()
    }

    /// Their total size in bytes.
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::updates::decoder::Decode;
    use yrs::{Doc, Map, ReadTxn, Transact};

    #[test]
    fn a_gap_is_held_until_filled() {
        let doc = Doc::with_client_id(1);
        let m = doc.get_or_insert_map("m");
        m.insert(&mut doc.transact_mut(), "a", 1);
        let after_first = doc.transact().state_vector();
        m.insert(&mut doc.transact_mut(), "b", 2);
        // The second transaction alone: it continues `after_first`, not an empty document.
        let second_v1 = doc.transact().encode_state_as_update_v1(&after_first);
        let second = Update::decode_v1(&second_v1).unwrap();
        let empty = StateVector::default();
        assert!(!continues(&second, &empty));
        assert!(continues(&second, &after_first));

        let mut held = Held::default();
        held.hold(&second, second_v1.clone(), "sender");
        assert_eq!((held.len(), held.bytes()), (1, second_v1.len()));
        assert_eq!(held.take_ready(&empty), None);
        assert_eq!(
            held.take_ready(&after_first),
            Some((second_v1.clone(), "sender"))
        );
        assert!(held.is_empty());
        assert_eq!(held.bytes(), 0);
        held.hold(&second, second_v1.clone(), "a");
        held.hold(&second, second_v1, "b");
        held.retain(|tag| *tag != "a");
        assert_eq!(held.len(), 1);
        assert_eq!(held.take_ready(&after_first).map(|(_, t)| t), Some("b"));
        assert_eq!(held.bytes(), 0);
    }
}
