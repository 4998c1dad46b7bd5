//! Positioning exercises in the documentation: each question with how many stood at each
//! position, and how the group moved from one question to the next. Only counts are read
//! here, even in named exercises, so no renderer can show who stood where.

use crate::board::Board;
use crate::exercise::Movement;
use crate::language::Language;

use super::blocks::{Block, Inline, Table};
use super::compose::or_empty;

/// An exercise as the documentation shows it.
pub(super) struct Exercise {
    /// Its title.
    pub title: String,
    /// Whether answers were given under pseudonyms.
    pub anonymous: bool,
    /// Its questions, in order.
    pub questions: Vec<Question>,
    /// The movement between each question and the next (`moves[i]`: question i to i + 1).
    pub moves: Vec<Moves>,
}

/// A question with the number of people at each position.
pub(super) struct Question {
    /// What was asked.
    pub text: String,
    /// Each position with how many stood there.
    pub standings: Vec<(String, u32)>,
}

/// How people moved between two questions, counted over those who answered both.
pub(super) struct Moves {
    /// (from, to, people) for every pair with at least one person, by the positions' order.
    pub pairs: Vec<(String, String, u32)>,
    /// People who answered both.
    pub both: u32,
    /// Of those, people at a position of the same name both times; `None` when the two
    /// questions share no position, so that nobody could stay.
    pub stayed: Option<u32>,
    /// Answered only the first.
    pub only_first: u32,
    /// Answered only the second.
    pub only_second: u32,
}

/// Every exercise, oldest first.
pub(super) fn read(board: &Board) -> Vec<Exercise> {
    board
        .exercises()
        .into_iter()
        .map(|e| {
            let questions = e
                .questions
                .iter()
                .map(|q| Question {
                    text: q.text.trim().to_owned(),
                    // `names` is left behind on purpose: the documentation is shared.
                    standings: board
                        .standings(&e.id, &q.id)
                        .into_iter()
                        .map(|s| (s.position.trim().to_owned(), s.count))
                        .collect(),
                })
                .collect();
            let moves = e
                .questions
                .windows(2)
                .filter_map(|pair| board.movement(&e.id, &pair[0].id, &pair[1].id))
                .map(|m| moves(&m))
                .collect();
            Exercise {
                title: e.title.trim().to_owned(),
                anonymous: e.anonymous,
                questions,
                moves,
            }
        })
        .collect()
}

fn moves(m: &Movement) -> Moves {
    let label = |s: &String| s.trim().to_owned();
    let mut pairs = Vec::new();
    let mut stayed = 0;
    for (from, row) in m.from.iter().zip(&m.moves) {
        for (to, &n) in m.to.iter().zip(row) {
            if n == 0 {
                continue;
            }
            if label(from) == label(to) {
                stayed += n;
            }
            pairs.push((label(from), label(to), n));
        }
    }
    let shared = m
        .from
        .iter()
        .any(|f| m.to.iter().any(|t| label(f) == label(t)));
    Moves {
        both: pairs.iter().map(|p| p.2).sum(),
        pairs,
        stayed: shared.then_some(stayed),
        only_first: m.only_first,
        only_second: m.only_second,
    }
}

/// A count of people: "1 Person" / "3 Personen", "1 person" / "3 people".
fn people(n: u32, lang: Language) -> String {
    let noun = match (lang, n) {
        (Language::De, 1) => "Person",
        (Language::De, _) => "Personen",
        (Language::En, 1) => "person",
        (Language::En, _) => "people",
    };
    format!("{n} {noun}")
}

/// Every exercise with its questions and the movement between them.
pub(super) fn blocks(out: &mut Vec<Block>, exercises: &[Exercise], lang: Language) {
    if exercises.is_empty() {
        return;
    }
    out.push(Block::Heading(
        2,
        lang.pick("Aufstellungen", "Positioning exercises").into(),
    ));
    for e in exercises {
        out.push(Block::Heading(3, or_empty(&e.title)));
        let mode = match (e.anonymous, lang) {
            (true, _) => lang.pick("anonym", "anonymous"),
            (false, Language::De) => "namentlich (hier nur gezählt)",
            (false, Language::En) => "named (only counted here)",
        };
        out.push(Block::Paragraph(vec![
            Inline::Strong(lang.pick("Antworten:", "Answers:").into()),
            Inline::Text(format!(" {mode}")),
        ]));
        if e.questions.is_empty() {
            out.push(Block::text(
                lang.pick("Noch keine Fragen.", "No questions yet."),
            ));
            continue;
        }
        for (i, q) in e.questions.iter().enumerate() {
            out.push(Block::Heading(
                4,
                format!("{} {}: {}", question(lang), i + 1, or_empty(&q.text)),
            ));
            out.push(standings(q, lang));
        }
        movement(out, &e.moves, lang);
    }
}

fn question(lang: Language) -> &'static str {
    lang.pick("Frage", "Question")
}

fn standings(q: &Question, lang: Language) -> Block {
    let total: u32 = q.standings.iter().map(|s| s.1).sum();
    if total == 0 {
        return Block::text(lang.pick("Noch keine Antworten.", "No answers yet."));
    }
    let head = ["Position", lang.pick("Personen", "People")];
    let mut table = Table::new("standings", head.map(str::to_owned).to_vec());
    table.numeric = vec![1];
    table.rows = q
        .standings
        .iter()
        .map(|(p, n)| vec![or_empty(p), n.to_string()])
        .collect();
    table.foot = Some(vec![
        lang.pick("Summe", "Total").to_owned(),
        total.to_string(),
    ]);
    Block::Table(table)
}

/// "Wie sich die Gruppe bewegt hat": for each pair of questions that someone answered, who
/// went from where to where, as a list of the moves that happened (a full matrix of up to
/// 12 × 12 positions would not fit an A4 page).
fn movement(out: &mut Vec<Block>, moves: &[Moves], lang: Language) {
    let answered = |m: &Moves| m.both + m.only_first + m.only_second > 0;
    if !moves.iter().any(answered) {
        return;
    }
    out.push(Block::Heading(
        4,
        lang.pick("Wie sich die Gruppe bewegt hat", "How the group moved")
            .into(),
    ));
    for (i, m) in moves.iter().enumerate().filter(|(_, m)| answered(m)) {
        let (a, b) = (i + 1, i + 2);
        out.push(Block::Heading(
            5,
            format!("{q} {a} → {q} {b}", q = question(lang)),
        ));
        out.push(Block::text(summary(m, a, b, lang)));
        if m.pairs.is_empty() {
            continue;
        }
        let head = match lang {
            Language::De => ["Von", "Nach", "Personen"],
            Language::En => ["From", "To", "People"],
        };
        let mut table = Table::new("moves", head.map(str::to_owned).to_vec());
        table.numeric = vec![2];
        table.rows = m
            .pairs
            .iter()
            .map(|(from, to, n)| vec![or_empty(from), or_empty(to), n.to_string()])
            .collect();
        out.push(Block::Table(table));
    }
}

/// "5 Personen haben beide Fragen beantwortet: 3 haben den Platz gewechselt, 2 sind
/// geblieben. 1 Person hat nur Frage 1 beantwortet."
fn summary(m: &Moves, a: usize, b: usize, lang: Language) -> String {
    let mut parts = Vec::new();
    let both = match (m.both, lang) {
        (0, Language::De) => "Niemand hat beide Fragen beantwortet.".to_owned(),
        (0, Language::En) => "Nobody answered both questions.".to_owned(),
        (1, Language::De) => "1 Person hat beide Fragen beantwortet".to_owned(),
        (n, Language::De) => format!("{n} Personen haben beide Fragen beantwortet"),
        (n, Language::En) => format!("{} answered both questions", people(n, lang)),
    };
    parts.push(match (m.both, m.stayed) {
        (0, _) => both,
        (_, None) => format!("{both}."),
        (n, Some(stayed)) => {
            let moved = n - stayed;
            match lang {
                Language::De => {
                    let moved = match moved {
                        1 => "1 hat den Platz gewechselt".to_owned(),
                        n => format!("{n} haben den Platz gewechselt"),
                    };
                    let stayed = match stayed {
                        1 => "1 ist geblieben".to_owned(),
                        n => format!("{n} sind geblieben"),
                    };
                    format!("{both}: {moved}, {stayed}.")
                }
                Language::En => format!("{both}: {moved} moved, {stayed} stayed."),
            }
        }
    });
    for (n, q) in [(m.only_first, a), (m.only_second, b)] {
        if n == 0 {
            continue;
        }
        parts.push(match lang {
            Language::De => {
                let verb = if n == 1 { "hat" } else { "haben" };
                format!("{} {verb} nur Frage {q} beantwortet.", people(n, lang))
            }
            Language::En => format!("{} answered only question {q}.", people(n, lang)),
        });
    }
    parts.join(" ")
}
