//! Whether an update continues a document's history without a same-client gap. yrs 0.28
//! can lose edits when it integrates an update past such a gap early (see `Board`'s
//! `apply_remote`), so the board and the server both hold such updates back; this is the
//! one check they share.

use std::ops::Range;

use yrs::{ClientID, StateVector, Update};

/// The clock ranges an update inserts, per client, each client's ranges sorted. Plain data,
/// so it can be kept where a decoded `Update` (not `Send`) cannot.
pub type Insertions = Vec<(ClientID, Vec<Range<u32>>)>;

/// The clock ranges `update` inserts.
pub fn insertions(update: &Update) -> Insertions {
    update
        .insertions(true)
        .iter()
        .map(|(client, ranges)| {
            let mut ranges: Vec<Range<u32>> = ranges.iter().cloned().collect();
            crate::sort::sort_by_key(&mut ranges, |r| r.start);
            (*client, ranges)
        })
        .collect()
}

/// Whether insertions add no same-client gap to a document at state `sv`: for every client,
/// the inserted clocks beyond what the document has start right at its clock, without holes.
pub fn continues_ranges(insertions: &[(ClientID, Vec<Range<u32>>)], sv: &StateVector) -> bool {
    insertions.iter().all(|(client, ranges)| {
        let mut next = sv.get(client);
        for r in ranges {
            if r.end <= next {
                continue;
            }
            if r.start > next {
                return false;
            }
            next = r.end;
        }
        true
    })
}

/// Whether `update` adds no same-client gap to a document at state `sv`.
pub fn continues(update: &Update, sv: &StateVector) -> bool {
    continues_ranges(&insertions(update), sv)
}
