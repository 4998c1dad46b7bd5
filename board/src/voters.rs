//! Who voted in a round, for the facilitator: one [`VoterRow`] per ballot (by name in named
//! rounds, by a short tag of the pseudonym in anonymous ones), and the facilitator's
//! exclusions (`rounds.{id}.excluded`: voter → `true`), which the tally skips. A participant
//! key costs nothing to make, so a device can turn up as several voters; the server caps new
//! keys per network, and this list lets the facilitator spot and drop the rest.

use std::collections::HashSet;

use yrs::{Any, Map, MapPrelim, MapRef, Out, ReadTxn, Transact};

use crate::board::Board;
use crate::error::BoardError;
use crate::ids::ParticipantId;
use crate::read;
use crate::schema::round::EXCLUDED;

/// Characters of a pseudonym shown to tell anonymous ballots apart ("Stimmzettel 7fQ2"):
/// enough to tell a room's ballots apart, too few to matter if one were guessed.
pub const TAG_LEN: usize = 4;

/// Where one ballot stands in the tally.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoterStatus {
    /// Submitted, valid and counted.
    Counted,
    /// Submitted but breaks a rule: not counted (see [`crate::Tally::invalid`]).
    Invalid,
    /// Saved but not submitted: not counted.
    Unsubmitted,
    /// The facilitator excluded it: not counted, whatever it holds.
    Excluded,
}

/// One ballot of a round, as the facilitator's list of voters shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct VoterRow {
    /// The voter in the ballot's key: participant id (named rounds) or pseudonym.
    pub voter: ParticipantId,
    /// The nickname in named rounds, if the participant wrote one; `None` in anonymous rounds.
    pub name: Option<String>,
    /// Dots on the ballot (0 if a count is not a whole number).
    pub dots: u32,
    /// Counted, invalid, unsubmitted or excluded.
    pub status: VoterStatus,
    /// When it was last submitted (ms since the epoch; 0 if unknown).
    pub updated: f64,
}

impl VoterRow {
    /// The first [`TAG_LEN`] characters of the voter, to tell anonymous ballots apart.
    pub fn tag(&self) -> &str {
        match self.voter.char_indices().nth(TAG_LEN) {
            Some((end, _)) => &self.voter[..end],
            None => &self.voter,
        }
    }
}

/// The voters the facilitator excluded from a round: keys of its `excluded` map whose value
/// is `true` (anything else reads as not excluded).
pub(crate) fn excluded<T: ReadTxn>(txn: &T, rounds: &MapRef, round: &str) -> HashSet<String> {
    let Some(map) = read::map(txn, rounds, round).and_then(|r| read::map(txn, &r, EXCLUDED)) else {
        return HashSet::new();
    };
    map.iter(txn)
        .filter(|(_, v)| matches!(v, Out::Any(Any::Bool(true))))
        .map(|(k, _)| k.to_owned())
        .collect()
}

/// Sorts the list: by name in named rounds (unnamed voters last, by id), by time of the
/// ballot in anonymous rounds, where a name order would mean nothing.
pub(crate) fn sort(rows: &mut [VoterRow], anonymous: bool) {
    if anonymous {
        crate::sort::sort_by(rows, |a, b| {
            a.updated
                .total_cmp(&b.updated)
                .then_with(|| a.voter.cmp(&b.voter))
        });
    } else {
        crate::sort::sort_by(rows, |a, b| {
            let key = |r: &VoterRow| (r.name.is_none(), r.name.as_ref().map(|n| n.to_lowercase()));
            key(a).cmp(&key(b)).then_with(|| a.voter.cmp(&b.voter))
        });
    }
}

impl Board {
    /// Excludes `voter`'s ballot from `round`'s tally, or counts it again. A facilitator's
    /// action (the server refuses it from anyone else: `rounds` are theirs); not undone by
    /// Ctrl+Z, like every round change.
    pub fn set_ballot_excluded(
        &mut self,
        round: &str,
        voter: &str,
        exclude: bool,
    ) -> Result<(), BoardError> {
        let rounds = self.roots.rounds.clone();
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        let map = read::map(&txn, &rounds, round)
            .ok_or_else(|| BoardError::UnknownRound(round.to_owned()))?;
        match (read::map(&txn, &map, EXCLUDED), exclude) {
            (Some(excluded), true) => {
                excluded.insert(&mut txn, voter, true);
            }
            (Some(excluded), false) => {
                excluded.remove(&mut txn, voter);
            }
            // Created with its first entry. Two facilitator devices excluding their first
            // voters of a round at the same moment make two maps, of which one wins; the
            // list shows the result, so the other exclusion is visibly missing.
            (None, true) => {
                map.insert(
                    &mut txn,
                    EXCLUDED,
                    MapPrelim::from([(voter, Any::from(true))]),
                );
            }
            (None, false) => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::testing::board;
    use crate::identity::ParticipantKey;
    use crate::round::{RoundSettings, RoundState};

    fn key(n: u32) -> ParticipantKey {
        ParticipantKey::from_secret(&format!("voter{n:0>20}")).unwrap()
    }

    #[test]
    fn excluding_and_counting_again() {
        let mut b = board();
        let round = b.add_round(&RoundSettings::seed("R")).unwrap();
        b.set_round_state(&round, RoundState::Open).unwrap();
        let excluded_now = |b: &Board| excluded(&b.doc.transact(), &b.roots.rounds, &round);
        assert!(excluded_now(&b).is_empty());
        b.set_ballot_excluded(&round, "p1", true).unwrap();
        b.set_ballot_excluded(&round, "p2", true).unwrap();
        b.set_ballot_excluded(&round, "p1", false).unwrap();
        assert_eq!(excluded_now(&b), HashSet::from(["p2".to_string()]));
        b.set_ballot_excluded(&round, "p3", false).unwrap();
        assert_eq!(
            b.set_ballot_excluded("nope", "p1", true),
            Err(BoardError::UnknownRound("nope".into()))
        );
        assert!(
            !b.can_undo(),
            "exclusions are round changes, not wall edits"
        );
    }

    #[test]
    fn a_tag_is_the_start_of_the_pseudonym() {
        let row = VoterRow {
            voter: key(1).pseudonym("r1"),
            name: None,
            dots: 5,
            status: VoterStatus::Counted,
            updated: 0.0,
        };
        assert_eq!(row.tag().chars().count(), TAG_LEN);
        assert!(row.voter.starts_with(row.tag()));
    }
}
