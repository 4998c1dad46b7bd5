//! Puts the worksheets into words: each template as the seed documents it (questions and
//! answers, Leitziele side by side, obstacles and solutions, the steering body), under the
//! heading of its field or group.

use crate::language::Language;
use crate::worksheet::{
    annual_gaps, leitziel_gaps, list, Criterion, Gap, Item, Question, Template, Worksheet,
};

use super::blocks::{Block, Table};
use super::compose::{nothing_yet, or_empty, EMPTY};
use super::date::format_iso_date;
use super::outline::{Heading, SheetSection};

/// Every worksheet, section by section.
pub(super) fn worksheets(out: &mut Vec<Block>, sections: &[SheetSection], lang: Language) {
    if sections.is_empty() {
        return;
    }
    out.push(Block::Heading(
        2,
        lang.pick("Arbeitsblätter", "Worksheets").into(),
    ));
    for section in sections {
        let heading = match (&section.heading, lang) {
            (Heading::Field(_, t), Language::De) => format!("Handlungsfeld: {t}"),
            (Heading::Field(_, t), Language::En) => format!("Field: {t}"),
            (Heading::Group(_, t), Language::De) => format!("Arbeitsgruppe: {t}"),
            (Heading::Group(_, t), Language::En) => format!("Working group: {t}"),
            (Heading::Other, _) => lang
                .pick("Weitere Arbeitsblätter", "Other worksheets")
                .into(),
        };
        out.push(Block::Heading(3, heading));
        for sheet in &section.sheets {
            out.push(Block::Heading(4, sheet_title(sheet, lang)));
            sheet_body(out, sheet, lang);
        }
    }
}

fn sheet_title(sheet: &Worksheet, lang: Language) -> String {
    let title = sheet.title.trim();
    match sheet.template {
        Some(Template::Custom) if !title.is_empty() => title.to_owned(),
        Some(t) => {
            let (de, en) = t.name();
            let name = lang.pick(de, en);
            if title.is_empty() {
                name.to_owned()
            } else {
                format!("{name}: {title}")
            }
        }
        None if !title.is_empty() => title.to_owned(),
        None => lang.pick("Arbeitsblatt", "Worksheet").to_owned(),
    }
}

fn sheet_body(out: &mut Vec<Block>, sheet: &Worksheet, lang: Language) {
    match sheet.template {
        Some(Template::FieldAnalysis) | Some(Template::ActionPlan) => {
            let questions = sheet.template.map_or(&[][..], Template::questions);
            out.push(Block::Table(questions_table(sheet, questions, lang)));
        }
        Some(Template::Goals) => goals(out, sheet, lang),
        Some(Template::Obstacles) => obstacles(out, sheet, lang),
        Some(Template::Steering) => steering(out, sheet, lang),
        Some(Template::Feedback) => {
            let statements = sheet.list(list::STATEMENTS);
            if statements.is_empty() {
                out.push(nothing_yet(lang));
            } else {
                out.push(Block::list(
                    statements.iter().map(|s| or_empty(s.text("text"))),
                ));
            }
        }
        Some(Template::Custom) => custom(out, sheet, lang),
        // A newer app's template: its answers, without the questions we do not know.
        None => {
            let answers: Vec<String> = sheet
                .answers
                .values()
                .filter(|a| !a.trim().is_empty())
                .map(|a| a.trim().to_owned())
                .collect();
            if answers.is_empty() {
                out.push(nothing_yet(lang));
            } else {
                out.push(Block::list(answers));
            }
        }
    }
}

fn qa_table(lang: Language) -> Table {
    let mut table = Table::new(
        "qa",
        vec![
            lang.pick("Frage", "Question").into(),
            lang.pick("Antwort", "Answer").into(),
        ],
    );
    table.row_heads = true;
    table
}

fn questions_table(sheet: &Worksheet, questions: &[Question], lang: Language) -> Table {
    let mut table = qa_table(lang);
    for q in questions {
        // The board's own wording, as the room read it on the worksheet.
        table.rows.push(vec![
            sheet.question_text(q, lang),
            or_empty(sheet.answer(q.key)),
        ]);
    }
    table
}

fn custom(out: &mut Vec<Block>, sheet: &Worksheet, lang: Language) {
    let questions = sheet.list(list::QUESTIONS);
    if questions.is_empty() {
        out.push(nothing_yet(lang));
        return;
    }
    let mut table = qa_table(lang);
    for q in questions {
        // Custom answers are keyed by the question's id.
        table.rows.push(vec![
            or_empty(q.text("text")),
            or_empty(sheet.answer(&q.id)),
        ]);
    }
    out.push(Block::Table(table));
}

/// A number as people write it: "3", "2020", "1,5" (German) or "1.5".
fn number(n: f64, lang: Language) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n}");
        match lang {
            Language::De => s.replace('.', ","),
            Language::En => s,
        }
    }
}

/// A stored date in words at its own precision when it is one ("31. März 2012",
/// "Juni 2011", "2011"), else as written.
fn date(s: &str, lang: Language) -> String {
    format_iso_date(s, lang).unwrap_or_else(|| s.trim().to_owned())
}

/// The Leitziele side by side, one column each, as the seed's tables have them.
fn goals(out: &mut Vec<Block>, sheet: &Worksheet, lang: Language) {
    let goals = sheet.list(list::GOALS);
    if goals.is_empty() {
        out.push(nothing_yet(lang));
        return;
    }
    let mut head = vec![String::new()];
    head.extend((1..=goals.len()).map(|i| match lang {
        Language::De => format!("{i}. Leitziel"),
        Language::En => format!("Guiding goal {i}"),
    }));
    let mut table = Table::new("goals", head);
    table.row_heads = true;
    let mut row = |label: &str, cell: &dyn Fn(&Item) -> String| {
        let mut cells = vec![label.to_owned()];
        cells.extend(goals.iter().map(cell));
        table.rows.push(cells);
    };
    row(lang.pick("Leitziel", "Guiding goal"), &|g| {
        or_empty(g.text("text"))
    });
    row(
        lang.pick("Zieljahr", "Target year"),
        &|g| match g.number("year") {
            Some(y) => number(y, lang),
            None => or_empty(&date(g.string("year"), lang)),
        },
    );
    row(lang.pick("Jahresziele", "Annual goals"), &|g| {
        lines(g.list(list::ANNUAL).iter().map(|a| annual(a, lang)))
    });
    row(lang.pick("Indikatoren", "Indicators"), &|g| {
        lines(
            g.list(list::INDICATORS)
                .iter()
                .filter(|i| !i.text("text").trim().is_empty())
                .map(|i| format!("• {}", i.text("text").trim())),
        )
    });
    row("SMART", &|g| ticks(g, lang));
    row(lang.pick("Noch offen", "Still open"), &|g| {
        gaps(&leitziel_gaps(g), lang)
    });
    out.push(Block::Table(table));
}

/// Lines of a cell, or "—" for none.
fn lines(lines: impl Iterator<Item = String>) -> String {
    let lines: Vec<String> = lines.collect();
    if lines.is_empty() {
        EMPTY.to_owned()
    } else {
        lines.join("\n")
    }
}

/// "• Runder Tisch – bis 31. März 2012 (noch offen: messbar nicht angekreuzt)".
fn annual(a: &Item, lang: Language) -> String {
    let mut s = format!("• {}", or_empty(a.text("text")));
    let due = a.string("due").trim();
    if !due.is_empty() {
        s.push_str(&format!(
            " – {} {}",
            lang.pick("bis", "by"),
            date(due, lang)
        ));
    }
    let open = annual_gaps(a);
    if !open.is_empty() {
        s.push_str(&format!(
            " ({}: {})",
            lang.pick("noch offen", "still open"),
            gaps(&open, lang)
        ));
    }
    s
}

/// The five SMART criteria with a tick or a cross.
fn ticks(goal: &Item, lang: Language) -> String {
    Criterion::ALL
        .iter()
        .map(|c| {
            let (de, en) = c.name();
            let mark = if goal.ticked(*c) { "✓" } else { "✗" };
            format!("{mark} {}", lang.pick(de, en))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a goal still lacks, in words ("messbar nicht angekreuzt; kein Indikator").
fn gaps(gaps: &[Gap], lang: Language) -> String {
    if gaps.is_empty() {
        return lang.pick("nichts", "nothing").to_owned();
    }
    let unticked: Vec<&str> = gaps
        .iter()
        .filter_map(|g| match g {
            Gap::Unticked(c) => {
                let (de, en) = c.name();
                Some(lang.pick(de, en))
            }
            _ => None,
        })
        .collect();
    let mut parts = Vec::new();
    if gaps.contains(&Gap::NoText) {
        parts.push(lang.pick("Text fehlt", "no text").to_owned());
    }
    if !unticked.is_empty() {
        let label = lang.pick("nicht angekreuzt", "not ticked");
        parts.push(format!("{} {label}", unticked.join(", ")));
    }
    if gaps.contains(&Gap::NoDate) {
        parts.push(
            lang.pick("terminiert, aber ohne Datum", "terminated, but no date")
                .to_owned(),
        );
    }
    if gaps.contains(&Gap::NoAnnualGoal) {
        parts.push(lang.pick("kein Jahresziel", "no annual goal").to_owned());
    }
    if gaps.contains(&Gap::NoIndicator) {
        parts.push(lang.pick("kein Indikator", "no indicator").to_owned());
    }
    parts.join("; ")
}

fn obstacles(out: &mut Vec<Block>, sheet: &Worksheet, lang: Language) {
    let rows = sheet.list(list::ROWS);
    if rows.is_empty() {
        out.push(nothing_yet(lang));
        return;
    }
    let head = vec![
        lang.pick("Hindernis", "Obstacle").into(),
        lang.pick("Lösungen", "Solutions").into(),
    ];
    let mut table = Table::new("pairs", head);
    for r in rows {
        table.rows.push(vec![
            or_empty(r.text("obstacle")),
            or_empty(r.text("solution")),
        ]);
    }
    out.push(Block::Table(table));
}

/// The steering body's seats with their total, its tasks, and the timeline.
fn steering(out: &mut Vec<Block>, sheet: &Worksheet, lang: Language) {
    out.push(Block::Heading(5, lang.pick("Besetzung", "Seats").into()));
    let seats = sheet.list(list::SEATS);
    if seats.is_empty() {
        out.push(nothing_yet(lang));
    } else {
        let head = vec![
            lang.pick("Wer", "Who").into(),
            lang.pick("Sitze", "Seats").into(),
        ];
        let mut table = Table::new("seats", head);
        table.numeric = vec![1];
        for s in seats {
            let count = s
                .number("count")
                .map_or(EMPTY.to_owned(), |n| number(n, lang));
            table.rows.push(vec![or_empty(s.text("who")), count]);
        }
        let total: f64 = seats.iter().filter_map(|s| s.number("count")).sum();
        table.foot = Some(vec![
            lang.pick("Summe", "Total").into(),
            number(total, lang),
        ]);
        out.push(Block::Table(table));
    }

    out.push(Block::Heading(5, lang.pick("Aufgaben", "Tasks").into()));
    let tasks = sheet.list(list::TASKS);
    if tasks.is_empty() {
        out.push(nothing_yet(lang));
    } else {
        out.push(Block::list(tasks.iter().map(|t| or_empty(t.text("text")))));
    }

    out.push(Block::Heading(5, lang.pick("Zeitplan", "Timeline").into()));
    let milestones = sheet.list(list::MILESTONES);
    if milestones.is_empty() {
        out.push(nothing_yet(lang));
    } else {
        let head = vec![
            lang.pick("Wann", "When").into(),
            lang.pick("Meilenstein", "Milestone").into(),
        ];
        let mut table = Table::new("timeline", head);
        for m in milestones {
            table.rows.push(vec![
                or_empty(&date(m.string("date"), lang)),
                or_empty(m.text("text")),
            ]);
        }
        out.push(Block::Table(table));
    }
}
