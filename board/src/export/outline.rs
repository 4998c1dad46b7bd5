//! What the documentation says, read from a [`Board`] once: plain data in no language, so
//! the Markdown and HTML documents show the same facts. Votes are reduced to aggregates
//! here, so no renderer can show who voted what (the documentation is shared); the agenda
//! and the positioning exercises are read by `agenda.rs` and `exercises.rs` alike.

use std::collections::{BTreeMap, HashMap};

use crate::board::Board;
use crate::cluster::ClusterView;
use crate::round::{RoundState, Target};
use crate::rules::Rules;
use crate::worksheet::{Template, Worksheet};

use super::{agenda, exercises};

/// The board's content in documentation order.
pub(super) struct Outline {
    /// The board title.
    pub title: String,
    /// The agenda, day by day.
    pub agenda: Vec<agenda::Day>,
    /// Positioning exercises, oldest first (counts only).
    pub exercises: Vec<exercises::Exercise>,
    /// Facts tables on the wall, oldest first.
    pub facts: Vec<crate::facts::FactsTable>,
    /// Fields not merged into another, by position.
    pub fields: Vec<Field>,
    /// Texts of the cards in no field, oldest first.
    pub free_cards: Vec<String>,
    /// Rounds past the draft stage, oldest first.
    pub rounds: Vec<Round>,
    /// Every merge, by the merged field's position.
    pub merges: Vec<Merge>,
    /// Working groups, oldest first.
    pub groups: Vec<Group>,
    /// Worksheets under their field or group.
    pub sheets: Vec<SheetSection>,
    /// The names of the people who chose to be listed (the annex), by name.
    pub people: Vec<String>,
}

/// A field (cluster) with its cards.
pub(super) struct Field {
    /// Heading.
    pub title: String,
    /// Headings of the fields merged directly into this one (empty if none).
    pub sources: Vec<String>,
    /// Card texts in the order the wall shows them.
    pub cards: Vec<String>,
}

/// A voting round, without any voter's name or ballot.
pub(super) struct Round {
    /// The question.
    pub title: String,
    /// Fields or cards.
    pub target: Target,
    /// Dots per person, most per item, fewest items.
    pub rules: Rules,
    /// Whether ballots were cast under pseudonyms.
    pub anonymous: bool,
    /// Whether everyone saw the dots while voting.
    pub live_results: bool,
    /// Open, closed or revealed.
    pub state: RoundState,
    /// Ballots that count.
    pub counted: u32,
    /// Ballots that break a rule and do not count.
    pub invalid: u32,
    /// Ballots saved but not submitted.
    pub unsubmitted: u32,
    /// Dots on items no longer on the board.
    pub removed_dots: u32,
    /// The ranking, only when the room may see it (revealed, or live results): an export
    /// must not show what the facilitator has not revealed yet.
    pub ranking: Option<Vec<Rank>>,
}

/// One line of a ranking.
pub(super) struct Rank {
    /// 1 for the most points; equal points share a rank.
    pub rank: u32,
    /// Field heading or card text.
    pub title: String,
    /// Points, including those of merged fields.
    pub points: u32,
    /// People who gave it at least one dot.
    pub voters: u32,
    /// Merged fields with their own points, in the wall's order.
    pub sources: Vec<(String, u32)>,
}

/// Fields merged into another.
pub(super) struct Merge {
    /// The merged field's heading.
    pub into: String,
    /// The headings of the fields merged into it, by position.
    pub from: Vec<String>,
}

/// A working group.
pub(super) struct Group {
    /// Its name.
    pub title: String,
    /// The heading of its field, if it has one.
    pub field: Option<String>,
    /// Members' names, in the order they joined.
    pub members: Vec<String>,
    /// Members who gave no name (their ids are never shown).
    pub unnamed: usize,
}

/// Where a set of worksheets belongs.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Heading {
    /// A field's heading (by position on the wall first).
    Field(usize, String),
    /// A group without a field (by the group's age).
    Group(usize, String),
    /// Worksheets of no field or group.
    Other,
}

/// Worksheets under one heading.
pub(super) struct SheetSection {
    /// The field or group.
    pub heading: Heading,
    /// In the workshop's order of templates, then oldest first.
    pub sheets: Vec<Worksheet>,
}

impl Outline {
    /// Reads everything the documentation shows.
    pub fn read(board: &Board) -> Outline {
        let clusters = board.clusters();
        let by_id: HashMap<&str, &ClusterView> =
            clusters.iter().map(|c| (c.id.as_str(), c)).collect();
        let title_of = |id: &str| by_id.get(id).map(|c| c.title.clone());
        // Direct sources that are really merged: a loop of `merged_into` counts as unmerged
        // (docs/SCHEMA.md), so its members must not claim to be each other's sources.
        let sources_of = |id: &str| -> Vec<String> {
            board
                .merge_sources(id)
                .iter()
                .filter_map(|s| by_id.get(s.as_str()))
                .filter(|s| s.merged_into.is_some())
                .map(|s| s.title.clone())
                .collect()
        };
        let mut cards = board.card_groups();
        let fields = clusters
            .iter()
            .filter(|c| c.merged_into.is_none())
            .map(|c| Field {
                title: c.title.clone(),
                sources: sources_of(&c.id),
                cards: cards
                    .clusters
                    .remove(&c.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|card| card.text.trim().to_owned())
                    .collect(),
            })
            .collect();
        let free_cards = cards
            .free
            .into_iter()
            .map(|c| c.text.trim().to_owned())
            .collect();
        let merges = clusters
            .iter()
            .filter_map(|c| {
                let from = sources_of(&c.id);
                (!from.is_empty()).then(|| Merge {
                    into: c.title.clone(),
                    from,
                })
            })
            .collect();
        let names: HashMap<String, String> = board
            .participants()
            .into_iter()
            .map(|p| (p.id, p.name.trim().to_owned()))
            .filter(|(_, name)| !name.is_empty())
            .collect();
        let group_views = board.groups();
        let groups = group_views
            .iter()
            .map(|g| {
                let members: Vec<String> = g
                    .members
                    .iter()
                    .filter_map(|m| names.get(m).cloned())
                    .collect();
                Group {
                    title: g.title.clone(),
                    field: g.field.as_deref().and_then(title_of),
                    unnamed: g.members.len() - members.len(),
                    members,
                }
            })
            .collect();

        // Worksheets go under their field; a group's sheets under the group's field, else
        // under the group; the rest at the end.
        let position: HashMap<&str, usize> = clusters
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let field_heading = |id: &str| {
            let place = *position.get(id)?;
            Some(Heading::Field(place, by_id.get(id)?.title.clone()))
        };
        let mut sections: BTreeMap<Heading, Vec<Worksheet>> = BTreeMap::new();
        for sheet in board.worksheets() {
            let group = sheet
                .group
                .as_deref()
                .and_then(|g| group_views.iter().enumerate().find(|(_, v)| v.id == g));
            let heading = sheet
                .field
                .as_deref()
                .and_then(field_heading)
                .or_else(|| group.and_then(|(_, g)| g.field.as_deref().and_then(field_heading)))
                .or_else(|| group.map(|(i, g)| Heading::Group(i, g.title.clone())))
                .unwrap_or(Heading::Other);
            sections.entry(heading).or_default().push(sheet);
        }
        let sheets = sections
            .into_iter()
            .map(|(heading, mut sheets)| {
                // Stable: equal templates stay oldest first.
                crate::sort::sort_by_key(&mut sheets, |s| template_rank(s.template));
                SheetSection { heading, sheets }
            })
            .collect();

        Outline {
            title: board.title().trim().to_owned(),
            agenda: agenda::read(board),
            exercises: exercises::read(board),
            facts: board.tables(),
            fields,
            free_cards,
            rounds: rounds(board),
            merges,
            groups,
            sheets,
            people: board.listed_names(),
        }
    }
}

/// Every round past the draft, with its aggregate result.
fn rounds(board: &Board) -> Vec<Round> {
    board
        .rounds()
        .into_iter()
        .filter(|r| r.state != RoundState::Draft)
        .filter_map(|r| board.tally(&r.id))
        .map(|t| {
            let visible = t.round.results_visible();
            let settings = &t.round.settings;
            Round {
                title: settings.title.clone(),
                target: settings.target,
                rules: settings.rules,
                anonymous: settings.anonymous,
                live_results: settings.live_results,
                state: t.round.state,
                counted: t.counted,
                invalid: t.invalid.len() as u32,
                unsubmitted: t.unsubmitted,
                removed_dots: t.removed_dots,
                // `names` and the invalid ballots' voters are left behind on purpose.
                ranking: visible.then(|| {
                    t.items
                        .iter()
                        .map(|i| Rank {
                            rank: i.rank,
                            title: i.title.trim().to_owned(),
                            points: i.points,
                            voters: i.voters,
                            sources: i
                                .sources
                                .iter()
                                .map(|s| (s.title.clone(), s.points))
                                .collect(),
                        })
                        .collect()
                }),
            }
        })
        .collect()
}

/// The workshop's order of templates (analysis, goals, action plan, …); unknown ones last.
fn template_rank(template: Option<Template>) -> usize {
    template
        .and_then(|t| Template::ALL.iter().position(|a| *a == t))
        .unwrap_or(Template::ALL.len())
}
