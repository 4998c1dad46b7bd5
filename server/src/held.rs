//! [`Held`]: document updates that continue a client's history past a gap, kept back until
//! the gap is filled. yrs 0.28 can lose edits when it integrates such an update early (see
//! the `board` crate's `apply_remote`), so the board task applies, stores and relays an
//! update only once everything before it is there. Held updates are not acknowledged: the
//! `Stored` state vector does not cover them, so their sender resends them when it syncs.

use std::ops::Range;

use yrs::{ClientID, StateVector, Update};

/// One held update: its v1 bytes and the clock ranges it inserts.
#[derive(Debug)]
struct HeldUpdate {
    v1: Vec<u8>,
    insertions: Vec<(ClientID, Vec<Range<u32>>)>,
}

/// Updates waiting for earlier ones of the same client. Bytes only (a decoded
/// `yrs::Update` is not `Send`).
#[derive(Debug, Default)]
pub struct Held {
    updates: Vec<HeldUpdate>,
    bytes: usize,
}

pub use board::history::continues;
use board::history::{continues_ranges, insertions};

impl Held {
    /// Keeps `update` (whose bytes are `v1`) until it continues the document.
    pub fn hold(&mut self, update: &Update, v1: Vec<u8>) {
        self.bytes += v1.len();
        self.updates.push(HeldUpdate {
            v1,
            insertions: insertions(update),
        });
    }

    /// Takes out one held update that now continues a document at `sv`, if any.
    pub fn take_ready(&mut self, sv: &StateVector) -> Option<Vec<u8>> {
        let i = self
            .updates
            .iter()
            .position(|u| continues_ranges(&u.insertions, sv))?;
        let held = self.updates.swap_remove(i);
        self.bytes -= held.v1.len();
        Some(held.v1)
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
        held.hold(&second, second_v1.clone());
        assert_eq!((held.len(), held.bytes()), (1, second_v1.len()));
        assert_eq!(held.take_ready(&empty), None);
        assert_eq!(held.take_ready(&after_first), Some(second_v1));
        assert!(held.is_empty());
        assert_eq!(held.bytes(), 0);
    }
}
