//! The result of a round, as a pure function of the document: every ballot is checked
//! against the round's rules, valid ones are added up per field (following merges), and
//! the rest is reported, never silently dropped.
//!
//! Decision (see docs/SCHEMA.md, "Tally"): a ballot counts whole or not at all. A
//! submitted ballot that breaks a rule (too many dots, more than the maximum on one item,
//! too few items, a count that is not a whole number) is *invalid*: none of its dots count,
//! and the facilitator sees it with the reason (and the voter's name, in named rounds).
//! Clamping it instead would mean choosing which of someone's dots to drop. A ballot the
//! facilitator excluded (`voters.rs`) is out before any of that.

use std::collections::{BTreeMap, HashMap};

use yrs::Transact;

use crate::board::Board;
use crate::language::Language;
use crate::merge::field_of;
use crate::round::{RoundView, Target};
use crate::rules::{Breach, Dots};
use crate::voters::{self, VoterRow, VoterStatus};

/// A round's result.
#[derive(Clone, Debug, PartialEq)]
pub struct Tally {
    /// The round.
    pub round: RoundView,
    /// Every item on the ballot with its points, best first (ties share a rank).
    pub items: Vec<ItemResult>,
    /// Submitted ballots that count.
    pub counted: u32,
    /// Submitted ballots that break a rule and do not count.
    pub invalid: Vec<InvalidBallot>,
    /// Ballots saved but not submitted (written by other tools; not counted).
    pub unsubmitted: u32,
    /// Dots of valid ballots on items no longer on the board (deleted cards or fields).
    pub removed_dots: u32,
    /// Ballots the facilitator excluded (`rounds.{id}.excluded`): not counted, not invalid.
    pub excluded: u32,
    /// Every ballot of the round with its voter and status, for the facilitator's list:
    /// by name in named rounds, by time in anonymous ones.
    pub voters: Vec<VoterRow>,
}

/// One item's result.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemResult {
    /// Cluster or card id.
    pub id: String,
    /// Heading or card text.
    pub title: String,
    /// 1 for the most points; equal points share a rank.
    pub rank: u32,
    /// Dots on this item, including those on the fields merged into it.
    pub points: u32,
    /// People who gave it at least one dot.
    pub voters: u32,
    /// The fields merged into this one in the wall's order, with their own points (empty if
    /// not merged).
    pub sources: Vec<SourceResult>,
    /// Who gave how many dots, by name (named rounds only; empty in anonymous ones).
    pub names: Vec<(String, u32)>,
}

/// A field merged into another, with the points it got itself.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceResult {
    /// The merged field's id.
    pub id: String,
    /// Its heading.
    pub title: String,
    /// Dots given to it directly.
    pub points: u32,
}

/// A ballot that was not counted.
#[derive(Clone, Debug, PartialEq)]
pub struct InvalidBallot {
    /// The voter's name (named rounds; the id if they gave no name); `None` when anonymous.
    pub voter: Option<String>,
    /// The first rule it breaks.
    pub breach: Breach,
}

impl Tally {
    /// Points given in total (all items).
    pub fn total(&self) -> u32 {
        self.items.iter().map(|i| i.points).sum()
    }

    /// The result as CSV (RFC 4180): rank, item, points, voters, merged from, and for named
    /// rounds who voted. Anonymous rounds never name anyone.
    pub fn to_csv(&self, lang: Language) -> String {
        let mut header = vec![
            lang.pick("Rang", "rank"),
            lang.pick("Feld", "item"),
            lang.pick("Punkte", "points"),
            lang.pick("Stimmen", "voters"),
            lang.pick("zusammengelegt aus", "merged from"),
        ];
        let named = !self.round.settings.anonymous;
        if named {
            header.push(lang.pick("Namen", "names"));
        }
        let mut out = csv_row(header.iter().map(|h| h.to_string()));
        for item in &self.items {
            let sources = crate::merge::merge_name_with_points(
                &item
                    .sources
                    .iter()
                    .map(|s| (s.title.as_str(), s.points))
                    .collect::<Vec<_>>(),
            );
            let mut row = vec![
                item.rank.to_string(),
                item.title.clone(),
                item.points.to_string(),
                item.voters.to_string(),
                sources,
            ];
            if named {
                let names = item.names.iter().map(|(n, c)| format!("{n} ({c})"));
                row.push(names.collect::<Vec<_>>().join("; "));
            }
            out.push_str(&csv_row(row.into_iter()));
        }
        out
    }
}

fn csv_row(cells: impl Iterator<Item = String>) -> String {
    let cells: Vec<String> = cells.map(|c| csv_cell(&c)).collect();
    format!("{}\r\n", cells.join(","))
}

/// Quotes a cell when needed, and defuses text a spreadsheet would run as a formula.
fn csv_cell(cell: &str) -> String {
    let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    };
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

impl Board {
    /// The tally of `round`, or `None` if there is no such round.
    pub fn tally(&self, round: &str) -> Option<Tally> {
        let view = self.round(round)?;
        let items = self.ballot_items(round);
        let rules = view.settings.rules;
        let names: HashMap<String, String> = if view.settings.anonymous {
            HashMap::new()
        } else {
            self.participant_names()
        };
        let name_of = |voter: &str| {
            names
                .get(voter)
                .cloned()
                .unwrap_or_else(|| voter.to_owned())
        };
        let txn = self.doc.transact();
        // Where the dots on an item go: for fields, the field it was merged into.
        let target_of = |item: &str| -> Option<String> {
            match view.settings.target {
                Target::Clusters => field_of(&txn, &self.roots.clusters, item),
                Target::Cards => {
                    crate::read::map(&txn, &self.roots.cards, item).map(|_| item.to_owned())
                }
            }
        };
        let mut tally = Tally {
            round: view.clone(),
            items: Vec::new(),
            counted: 0,
            invalid: Vec::new(),
            unsubmitted: 0,
            removed_dots: 0,
            excluded: 0,
            voters: Vec::new(),
        };
        let excluded = voters::excluded(&txn, &self.roots.rounds, round);
        let anonymous = view.settings.anonymous;
        let row = |ballot: &crate::ballot::BallotView, status| VoterRow {
            voter: ballot.voter.clone(),
            name: (!anonymous)
                .then(|| names.get(&ballot.voter).cloned())
                .flatten(),
            // Saturating: a hostile ballot may hold counts up to 10⁶ on any number of items.
            dots: ballot
                .dots
                .as_ref()
                .map_or(0, |d| d.values().fold(0u32, |a, &n| a.saturating_add(n))),
            status,
            updated: ballot.updated,
        };
        // item id → (dots given to it directly, voter → dots on it or its sources)
        let mut direct: HashMap<String, u32> = HashMap::new();
        let mut by_field: HashMap<String, BTreeMap<String, u32>> = HashMap::new();
        for ballot in self.ballots_of(&txn, round) {
            // Before anything else: an excluded ballot is out whatever it holds.
            if excluded.contains(&ballot.voter) {
                tally.excluded += 1;
                tally.voters.push(row(&ballot, VoterStatus::Excluded));
                continue;
            }
            if !ballot.submitted {
                tally.unsubmitted += 1;
                tally.voters.push(row(&ballot, VoterStatus::Unsubmitted));
                continue;
            }
            let checked = ballot
                .dots
                .clone()
                .and_then(|d| rules.check(&d, items.len()).map(|_| d));
            let dots: Dots = match checked {
                Ok(dots) => dots,
                Err(breach) => {
                    let voter = (!view.settings.anonymous).then(|| name_of(&ballot.voter));
                    tally.invalid.push(InvalidBallot { voter, breach });
                    tally.voters.push(row(&ballot, VoterStatus::Invalid));
                    continue;
                }
            };
            tally.counted += 1;
            tally.voters.push(row(&ballot, VoterStatus::Counted));
            for (item, n) in dots {
                match target_of(&item) {
                    Some(field) if items.iter().any(|i| i.id == field) => {
                        *direct.entry(item).or_default() += n;
                        *by_field
                            .entry(field)
                            .or_default()
                            .entry(ballot.voter.clone())
                            .or_default() += n;
                    }
                    _ => tally.removed_dots += n,
                }
            }
        }
        let clusters = self.clusters();
        for item in &items {
            let voters = by_field.remove(&item.id).unwrap_or_default();
            let sources: Vec<SourceResult> = clusters
                .iter()
                .filter(|c| c.merged_into.as_deref() == Some(item.id.as_str()))
                .map(|c| SourceResult {
                    id: c.id.clone(),
                    title: c.title.clone(),
                    points: direct.get(&c.id).copied().unwrap_or(0),
                })
                .collect();
            // In the wall's order (`clusters` is by position), as `merge_sources` lists them:
            // a merge has one name wherever it appears (`merge_name`), whatever the points.
            let mut who: Vec<(String, u32)> = if view.settings.anonymous {
                Vec::new()
            } else {
                voters.iter().map(|(v, n)| (name_of(v), *n)).collect()
            };
            crate::sort::sort_by(&mut who, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            tally.items.push(ItemResult {
                id: item.id.clone(),
                title: item.title.clone(),
                rank: 0,
                points: voters.values().sum(),
                voters: voters.len() as u32,
                sources,
                names: who,
            });
        }
        crate::sort::sort_by(&mut tally.items, |a, b| {
            b.points
                .cmp(&a.points)
                .then_with(|| a.title.cmp(&b.title))
                .then_with(|| a.id.cmp(&b.id))
        });
        voters::sort(&mut tally.voters, anonymous);
        let points: Vec<u32> = tally.items.iter().map(|i| i.points).collect();
        for item in tally.items.iter_mut() {
            item.rank = 1 + points.iter().filter(|&&p| p > item.points).count() as u32;
        }
        Some(tally)
    }
}
