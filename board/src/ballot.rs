//! Ballots: each voter's dots in a round, under the key `"{round}/{voter}"`, written only by
//! that voter. A submit replaces the whole ballot map, so two offline submits of the same
//! ballot (two tabs, a retry) resolve to one of them whole, never to a mix.

use yrs::{Any, Map, MapPrelim, MapRef, Out, ReadTxn, Transact};

use crate::board::Board;
use crate::error::BoardError;
use crate::ids::ParticipantId;
use crate::read;
use crate::round::{RoundState, Target};
use crate::rules::{Breach, Dots};
use crate::schema::ballot as key;

/// The key of a voter's ballot in `ballots`.
pub fn ballot_key(round: &str, voter: &str) -> String {
    format!("{round}/{voter}")
}

/// Splits a ballot key into round and voter (the voter is after the last `/`).
pub fn split_ballot_key(k: &str) -> Option<(&str, &str)> {
    let (round, voter) = k.rsplit_once('/')?;
    (!round.is_empty() && !voter.is_empty()).then_some((round, voter))
}

/// One thing on a round's ballot: a field (cluster) or a card.
#[derive(Clone, Debug, PartialEq)]
pub struct BallotItem {
    /// Cluster or card id.
    pub id: String,
    /// Cluster heading or card text.
    pub title: String,
    /// For cards: the heading of the cluster they sit in.
    pub group: Option<String>,
}

/// A ballot as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct BallotView {
    /// Participant id, or the per-round pseudonym in anonymous rounds.
    pub voter: ParticipantId,
    /// The dots, or `BadCount` if a count is not a whole number from 0 up.
    pub dots: Result<Dots, Breach>,
    /// Whether it was submitted (only submitted ballots count).
    pub submitted: bool,
    /// When it was last submitted (ms since the epoch; 0 if unknown).
    pub updated: f64,
}

impl BallotView {
    pub(crate) fn read<T: ReadTxn>(txn: &T, voter: &str, map: &MapRef) -> BallotView {
        let dots = match read::map(txn, map, key::DOTS) {
            None => Ok(Dots::new()),
            Some(dots) => read_dots(txn, &dots),
        };
        BallotView {
            voter: voter.to_owned(),
            dots,
            submitted: read::boolean(txn, map, key::SUBMITTED).unwrap_or(false),
            updated: read::number(txn, map, key::UPDATED).unwrap_or(0.0),
        }
    }
}

/// The dots of a ballot; the first bad count makes it invalid.
fn read_dots<T: ReadTxn>(txn: &T, dots: &MapRef) -> Result<Dots, Breach> {
    let mut out = Dots::new();
    for (item, v) in dots.iter(txn) {
        match whole(&v)? {
            0 => {}
            n => {
                out.insert(item.to_owned(), n);
            }
        }
    }
    Ok(out)
}

/// A dot count: a whole number from 0 up (at most 10⁶, far beyond any budget).
fn whole(v: &Out) -> Result<u32, Breach> {
    let n = match v {
        Out::Any(Any::Number(n)) => read::to_f64(*n),
        _ => return Err(Breach::BadCount),
    };
    if n.fract() != 0.0 || !(0.0..=1e6).contains(&n) {
        return Err(Breach::BadCount);
    }
    Ok(n as u32)
}

impl Board {
    /// What can get dots in `round`: the fields not merged into another (by position), or
    /// the cards (cluster by cluster, then free cards). Empty for an unknown round.
    pub fn ballot_items(&self, round: &str) -> Vec<BallotItem> {
        let Some(round) = self.round(round) else {
            return Vec::new();
        };
        let clusters = self.clusters();
        match round.settings.target {
            Target::Clusters => clusters
                .into_iter()
                .filter(|c| c.merged_into.is_none())
                .map(|c| BallotItem {
                    id: c.id,
                    title: c.title,
                    group: None,
                })
                .collect(),
            Target::Cards => {
                let mut groups = self.card_groups();
                let mut items = Vec::new();
                for c in clusters.iter().filter(|c| c.merged_into.is_none()) {
                    for card in groups.clusters.remove(&c.id).unwrap_or_default() {
                        items.push(BallotItem {
                            id: card.id,
                            title: card.text,
                            group: Some(c.title.clone()),
                        });
                    }
                }
                items.extend(groups.free.into_iter().map(|card| BallotItem {
                    id: card.id,
                    title: card.text,
                    group: None,
                }));
                items
            }
        }
    }

    /// Submits this participant's ballot for an open round, replacing an earlier one.
    /// Checked against the round's rules first; nothing is written if it breaks one.
    pub fn submit_ballot(&mut self, round: &str, dots: &Dots) -> Result<(), BoardError> {
        let view = self
            .round(round)
            .ok_or_else(|| BoardError::UnknownRound(round.to_owned()))?;
        if view.state != RoundState::Open {
            return Err(BoardError::RoundNotOpen);
        }
        let key = self.key.clone().ok_or(BoardError::NoIdentity)?;
        let items = self.ballot_items(round);
        if let Some(stray) = dots.keys().find(|d| !items.iter().any(|i| &&i.id == d)) {
            return Err(BoardError::NotOnBallot(stray.clone()));
        }
        let dots: Dots = crate::sort::collect_map(
            dots.iter()
                .filter(|(_, &n)| n > 0)
                .map(|(k, &n)| (k.clone(), n)),
        );
        view.settings
            .rules
            .check(&dots, items.len())
            .map_err(BoardError::Ballot)?;
        let voter = key.voter(round, view.settings.anonymous);
        let now = self.now();
        let ballots = self.roots.ballots.clone();
        // Outside `step`: a vote is not undone by Ctrl+Z on the wall.
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        let entries: Vec<(String, Any)> = dots
            .iter()
            .map(|(k, &n)| (k.clone(), Any::from(f64::from(n))))
            .collect();
        let ballot = ballots.insert(
            &mut txn,
            ballot_key(round, &voter),
            MapPrelim::from([
                (key::SUBMITTED, Any::from(true)),
                (key::UPDATED, Any::from(now)),
            ]),
        );
        ballot.insert(
            &mut txn,
            key::DOTS,
            entries.into_iter().collect::<MapPrelim>(),
        );
        Ok(())
    }

    /// This participant's ballot in `round`, if it has one.
    pub fn my_ballot(&self, round: &str) -> Option<BallotView> {
        let key = self.key.as_ref()?;
        let anonymous = self.round(round)?.settings.anonymous;
        let voter = key.voter(round, anonymous);
        let txn = self.doc.transact();
        let map = read::map(&txn, &self.roots.ballots, &ballot_key(round, &voter))?;
        Some(BallotView::read(&txn, &voter, &map))
    }

    /// Every ballot of `round`, by voter.
    pub fn ballots(&self, round: &str) -> Vec<BallotView> {
        let mut out = self.ballots_of(&self.doc.transact(), round);
        crate::sort::sort_by(&mut out, |a, b| a.voter.cmp(&b.voter));
        out
    }

    pub(crate) fn ballots_of<T: ReadTxn>(&self, txn: &T, round: &str) -> Vec<BallotView> {
        self.roots
            .ballots
            .iter(txn)
            .filter_map(|(k, v)| {
                let (r, voter) = split_ballot_key(k)?;
                match v {
                    Out::YMap(map) if r == round => Some(BallotView::read(txn, voter, &map)),
                    _ => None,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::testing::board;
    use crate::identity::ParticipantKey;
    use crate::round::RoundSettings;

    fn key(n: u32) -> ParticipantKey {
        ParticipantKey::from_secret(&format!("secret{n:0>20}")).unwrap()
    }

    #[test]
    fn a_ballot_is_checked_then_replaced_whole() {
        let mut b = board();
        b.set_identity(key(1));
        let fields: Vec<String> = ["A", "B", "C", "D"]
            .iter()
            .map(|t| b.add_cluster(t, 0.0, 0.0).unwrap())
            .collect();
        let round = b.add_round(&RoundSettings::seed("R")).unwrap();
        let dots = |pairs: &[(usize, u32)]| -> Dots {
            pairs.iter().map(|&(i, n)| (fields[i].clone(), n)).collect()
        };
        assert_eq!(
            b.submit_ballot(&round, &dots(&[(0, 1)])),
            Err(BoardError::RoundNotOpen)
        );
        b.set_round_state(&round, RoundState::Open).unwrap();
        assert_eq!(
            b.submit_ballot(&round, &dots(&[(0, 2), (1, 2)])),
            Err(BoardError::Ballot(Breach::MinItems { min: 3, have: 2 }))
        );
        assert!(b.my_ballot(&round).is_none(), "nothing written");
        b.submit_ballot(&round, &dots(&[(0, 2), (1, 2), (2, 1)]))
            .unwrap();
        b.submit_ballot(&round, &dots(&[(1, 1), (2, 1), (3, 1), (0, 0)]))
            .unwrap();
        let mine = b.my_ballot(&round).unwrap();
        assert_eq!(mine.dots, Ok(dots(&[(1, 1), (2, 1), (3, 1)])));
        assert!(mine.submitted);
        assert_eq!(mine.voter, key(1).id());
        let stray: Dots = [("nope".to_string(), 1)].into();
        assert_eq!(
            b.submit_ballot(&round, &stray),
            Err(BoardError::NotOnBallot("nope".into()))
        );
        while b.undo() {}
        assert!(
            b.my_ballot(&round).is_some(),
            "votes are not undone with the wall's undo"
        );
    }

    #[test]
    fn anonymous_rounds_use_a_pseudonym() {
        let mut b = board();
        b.set_identity(key(2));
        let a = b.add_cluster("A", 0.0, 0.0).unwrap();
        let mut s = RoundSettings::seed("R");
        s.anonymous = true;
        s.rules.min_items = 1;
        let round = b.add_round(&s).unwrap();
        b.set_round_state(&round, RoundState::Open).unwrap();
        b.submit_ballot(&round, &[(a, 1)].into()).unwrap();
        let all = b.ballots(&round);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].voter, key(2).pseudonym(&round));
        assert_ne!(all[0].voter, key(2).id());
        assert!(b.my_ballot(&round).is_some());
    }

    #[test]
    fn ballot_keys_split_at_the_last_slash() {
        assert_eq!(split_ballot_key("r1/p1"), Some(("r1", "p1")));
        assert_eq!(split_ballot_key("a/b/p"), Some(("a/b", "p")));
        assert_eq!(split_ballot_key("/p"), None);
        assert_eq!(split_ballot_key("r/"), None);
        assert_eq!(split_ballot_key("rp"), None);
    }
}
