//! Puts the outline into words, in German or English: the title, the facts tables, the fields
//! with their cards, the voting rounds, merges, groups and the list of people as blocks (the agenda, exercises and
//! worksheets are in `agenda.rs`, `exercises.rs` and `sheets.rs`). Every fixed wording of
//! the document lives in these four files, nowhere else.

use crate::language::Language;
use crate::merge::{merge_name, merge_name_with_points};
use crate::round::{RoundState, Target};

use super::blocks::{Block, Document, Inline, Table};
use super::outline::{Outline, Round};
use super::{agenda, exercises, sheets, ExportContext};

/// Shown for an empty answer or cell.
pub(super) const EMPTY: &str = "—";

/// The whole document in `lang`, dated and timed as `ctx` says.
pub(super) fn document(o: &Outline, lang: Language, ctx: &ExportContext) -> Document {
    let title = if o.title.is_empty() {
        lang.pick("Ohne Titel", "Untitled board").to_owned()
    } else {
        o.title.clone()
    };
    let date = ctx.date.trim();
    let subtitle = match (date.is_empty(), lang) {
        (true, _) => lang.pick("Dokumentation", "Documentation").to_owned(),
        (false, Language::De) => format!("Dokumentation vom {date}"),
        (false, Language::En) => format!("Documentation as of {date}"),
    };
    let mut blocks = Vec::new();
    // The seed's order: the day's programme and the opening positioning come first.
    agenda::blocks(&mut blocks, &o.agenda, lang, ctx.utc_offset_minutes);
    exercises::blocks(&mut blocks, &o.exercises, lang);
    facts(&mut blocks, &o.facts, lang);
    fields(&mut blocks, o, lang);
    rounds(&mut blocks, &o.rounds, lang);
    merges(&mut blocks, o, lang);
    groups(&mut blocks, o, lang);
    sheets::worksheets(&mut blocks, &o.sheets, lang);
    people(&mut blocks, &o.people, lang);
    Document {
        lang,
        title,
        subtitle,
        blocks,
    }
}

/// Text or "—" when blank.
pub(super) fn or_empty(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        EMPTY.to_owned()
    } else {
        text.to_owned()
    }
}

/// "Noch keine Einträge.": what an empty list or table shows.
pub(super) fn nothing_yet(lang: Language) -> Block {
    Block::text(lang.pick("Noch keine Einträge.", "No entries yet."))
}

/// A label and its value, as one list item ("**Regeln:** 5 Punkte pro Person").
fn labelled(label: &str, value: String) -> Vec<Inline> {
    vec![
        Inline::Strong(format!("{label}:")),
        Inline::Text(format!(" {value}")),
    ]
}

fn fields(out: &mut Vec<Block>, o: &Outline, lang: Language) {
    if o.fields.is_empty() && o.free_cards.is_empty() {
        return;
    }
    out.push(Block::Heading(
        2,
        lang.pick("Rubriken / Handlungsfelder", "Headings / fields of action")
            .into(),
    ));
    for field in &o.fields {
        out.push(Block::Heading(3, or_empty(&field.title)));
        if !field.sources.is_empty() {
            let from = merge_name(&field.sources);
            let note = match lang {
                Language::De => format!("aus {from}"),
                Language::En => format!("merged from {from}"),
            };
            out.push(Block::Paragraph(vec![Inline::Em(note)]));
        }
        if field.cards.is_empty() {
            out.push(Block::text(lang.pick("Keine Karten.", "No cards.")));
        } else {
            out.push(Block::list(field.cards.iter().map(|c| or_empty(c))));
        }
    }
    if !o.free_cards.is_empty() {
        out.push(Block::Heading(
            3,
            lang.pick("Weitere Karten", "Other cards").into(),
        ));
        out.push(Block::list(o.free_cards.iter().map(|c| or_empty(c))));
    }
}

/// A count with its noun in singular or plural.
fn count(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn rounds(out: &mut Vec<Block>, rounds: &[Round], lang: Language) {
    if rounds.is_empty() {
        return;
    }
    out.push(Block::Heading(
        2,
        lang.pick("Punktabfragen", "Dot votes").into(),
    ));
    for r in rounds {
        out.push(Block::Heading(3, or_empty(&r.title)));
        let mut facts = vec![
            labelled(lang.pick("Regeln", "Rules"), rules(r, lang)),
            labelled(lang.pick("Abstimmung", "Voting"), mode(r, lang)),
            labelled(lang.pick("Stand", "State"), state(r.state, lang).into()),
            labelled(lang.pick("Stimmzettel", "Ballots"), ballots(r, lang)),
        ];
        if let Some(ranking) = &r.ranking {
            let total: u32 = ranking.iter().map(|i| i.points).sum();
            facts.push(labelled(
                lang.pick("Punkte insgesamt", "Points in total"),
                total.to_string(),
            ));
        }
        out.push(Block::List(facts));
        match &r.ranking {
            None => out.push(Block::text(lang.pick(
                "Das Ergebnis ist noch nicht aufgedeckt.",
                "The result has not been revealed yet.",
            ))),
            Some(ranking) if ranking.is_empty() => out.push(nothing_yet(lang)),
            Some(_) => out.push(Block::Table(ranking_table(r, lang))),
        }
    }
}

fn rules(r: &Round, lang: Language) -> String {
    let (dots, per, min) = (r.rules.dots, r.rules.max_per_item, r.rules.min_items);
    let (item, items) = match (r.target, lang) {
        (Target::Clusters, Language::De) => ("Handlungsfeld", "Handlungsfelder"),
        (Target::Cards, Language::De) => ("Karte", "Karten"),
        (Target::Clusters, Language::En) => ("field", "fields"),
        (Target::Cards, Language::En) => ("card", "cards"),
    };
    let mut parts = match lang {
        Language::De => vec![
            format!("{} pro Person", count(dots, "Punkt", "Punkte")),
            format!("höchstens {per} pro {item}"),
        ],
        Language::En => vec![
            format!("{} per person", count(dots, "dot", "dots")),
            format!("at most {per} per {item}"),
        ],
    };
    if min > 0 {
        let least = lang.pick("mindestens", "at least");
        parts.push(format!("{least} {}", count(min, item, items)));
    }
    parts.join(", ")
}

fn mode(r: &Round, lang: Language) -> String {
    let who = if r.anonymous {
        lang.pick("anonym", "anonymous")
    } else {
        lang.pick("namentlich", "named")
    };
    let results = if r.live_results {
        lang.pick("Ergebnis live sichtbar", "results shown live")
    } else {
        lang.pick(
            "Ergebnis verdeckt bis zur Auflösung",
            "results hidden until revealed",
        )
    };
    format!("{who}, {results}")
}

fn state(s: RoundState, lang: Language) -> &'static str {
    match s {
        RoundState::Draft => lang.pick("Entwurf", "draft"),
        RoundState::Open => lang.pick("läuft", "open"),
        RoundState::Closed => lang.pick("geschlossen", "closed"),
        RoundState::Revealed => lang.pick("aufgedeckt", "revealed"),
    }
}

fn ballots(r: &Round, lang: Language) -> String {
    let mut parts = match lang {
        Language::De => vec![format!("{} gezählt", r.counted)],
        Language::En => vec![format!("{} counted", r.counted)],
    };
    if r.invalid > 0 {
        parts.push(match lang {
            Language::De => format!("{} ungültig (nicht gezählt)", r.invalid),
            Language::En => format!("{} invalid (not counted)", r.invalid),
        });
    }
    if r.unsubmitted > 0 {
        parts.push(match lang {
            Language::De => format!("{} gespeichert, aber nicht abgegeben", r.unsubmitted),
            Language::En => format!("{} saved but not submitted", r.unsubmitted),
        });
    }
    if r.removed_dots > 0 {
        let n = r.removed_dots;
        parts.push(match (lang, r.target) {
            (Language::De, Target::Clusters) => {
                format!(
                    "{} auf entfernten Handlungsfeldern zählen nicht",
                    count(n, "Punkt", "Punkte")
                )
            }
            (Language::De, Target::Cards) => {
                format!(
                    "{} auf entfernten Karten zählen nicht",
                    count(n, "Punkt", "Punkte")
                )
            }
            (Language::En, Target::Clusters) => {
                format!("{} on removed fields not counted", count(n, "dot", "dots"))
            }
            (Language::En, Target::Cards) => {
                format!("{} on removed cards not counted", count(n, "dot", "dots"))
            }
        });
    }
    parts.join(", ")
}

fn ranking_table(r: &Round, lang: Language) -> Table {
    let ranking = r.ranking.as_deref().unwrap_or_default();
    let item = match r.target {
        Target::Clusters => lang.pick("Handlungsfeld", "Field"),
        Target::Cards => lang.pick("Karte", "Card"),
    };
    // The "merged from" column only when something was merged: nine dashes say nothing.
    let merged = ranking.iter().any(|i| !i.sources.is_empty());
    let mut head = vec![
        lang.pick("Rang", "Rank").to_owned(),
        item.to_owned(),
        lang.pick("Punkte", "Points").to_owned(),
        lang.pick("Personen", "Voters").to_owned(),
    ];
    if merged {
        head.push(lang.pick("zusammengelegt aus", "Merged from").to_owned());
    }
    let mut table = Table::new("ranking", head);
    table.numeric = vec![0, 2, 3];
    for i in ranking {
        let mut row = vec![
            i.rank.to_string(),
            or_empty(&i.title),
            i.points.to_string(),
            i.voters.to_string(),
        ];
        if merged {
            row.push(if i.sources.is_empty() {
                EMPTY.to_owned()
            } else {
                merge_name_with_points(&i.sources)
            });
        }
        table.rows.push(row);
    }
    table
}

fn merges(out: &mut Vec<Block>, o: &Outline, lang: Language) {
    if o.merges.is_empty() {
        return;
    }
    out.push(Block::Heading(
        2,
        lang.pick("Zusammengelegte Handlungsfelder", "Merged fields")
            .into(),
    ));
    out.push(Block::list(
        o.merges
            .iter()
            .map(|m| format!("{} → {}", merge_name(&m.from), m.into)),
    ));
}

/// The facts tables (seed: the statistics on Quakenbrück, the preparatory meeting's
/// priorities), each under its title, as the facilitator typed or pasted them.
fn facts(out: &mut Vec<Block>, tables: &[crate::facts::FactsTable], lang: Language) {
    if tables.is_empty() {
        return;
    }
    out.push(Block::Heading(
        2,
        lang.pick("Daten und Fakten", "Facts and figures").into(),
    ));
    for t in tables {
        out.push(Block::Heading(3, or_empty(&t.title)));
        let mut table = Table::new("facts", t.columns.clone());
        table.rows = t.rows.clone();
        out.push(Block::Table(table));
    }
}

/// The annex (seed: "Anlage 1: Liste der Teilnehmenden"): only the people who chose to be
/// listed, by name; nothing when nobody did.
fn people(out: &mut Vec<Block>, names: &[String], lang: Language) {
    if names.is_empty() {
        return;
    }
    out.push(Block::Heading(
        2,
        lang.pick(
            "Anlage: Liste der Teilnehmenden",
            "Annex: list of participants",
        )
        .into(),
    ));
    out.push(Block::list(names.iter().cloned()));
}

fn groups(out: &mut Vec<Block>, o: &Outline, lang: Language) {
    if o.groups.is_empty() {
        return;
    }
    out.push(Block::Heading(
        2,
        lang.pick("Arbeitsgruppen", "Working groups").into(),
    ));
    let head = [
        lang.pick("Arbeitsgruppe", "Group"),
        lang.pick("Handlungsfeld", "Field"),
        lang.pick("Mitglieder", "Members"),
    ];
    let mut table = Table::new("groups", head.map(str::to_owned).to_vec());
    for g in &o.groups {
        let mut members = g.members.join(", ");
        if g.unnamed > 0 {
            let n = g.unnamed as u32;
            let unnamed = match lang {
                Language::De => format!("{n} ohne Namen"),
                Language::En => count(n, "person without a name", "people without a name"),
            };
            if members.is_empty() {
                members = unnamed;
            } else {
                members = format!("{members} {} {unnamed}", lang.pick("und", "and"));
            }
        }
        table.rows.push(vec![
            or_empty(&g.title),
            or_empty(g.field.as_deref().unwrap_or_default()),
            or_empty(&members),
        ]);
    }
    out.push(Block::Table(table));
}
