//! The board's own wording of template questions (facilitator only, shown on every
//! worksheet of the template and in the export), and worksheet dates of a day, a month or a
//! year kept as entered through the document and the export, in German and English.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use board::export::{self, ExportContext};
use board::worksheet::{list, Precision, SheetDate, FIELD_ANALYSIS};
use board::{Board, BoardEnv, BoardError, Language, Template};

fn env() -> BoardEnv {
    let t = Arc::new(AtomicU64::new(1_299_834_000_000));
    BoardEnv::new(Arc::new(move || t.fetch_add(1, Ordering::Relaxed)))
}

/// The three questions the seed asks differently from the template (seed section 7).
const SEED_WORDING: [(&str, &str); 3] = [
    ("projects", "Welche Projekte zu diesem Handlungsfeld kennen Sie in Quakenbrück?"),
    ("strengths", "Welche besonderen Stärken hat Quakenbrück in diesem Handlungsfeld?"),
    (
        "challenges",
        "Welche Herausforderungen und Chancen sind im Rahmen der kommunalen Integrationsarbeit in Quakenbrück noch zu meistern?",
    ),
];

fn sync(a: &mut Board, b: &mut Board) {
    let (sa, sb) = (a.snapshot(), b.snapshot());
    a.apply_update_v2(&sb).unwrap();
    b.apply_update_v2(&sa).unwrap();
}

#[test]
fn the_board_rewords_template_questions_for_every_sheet_and_the_export() {
    let mut b = Board::new("Integrationsworkshop", env());
    let bildung = b.add_cluster("Bildung / Sprache", 0.0, 0.0).unwrap();
    let wohnen = b.add_cluster("Wohnen", 0.0, 0.0).unwrap();
    let s1 = b
        .add_worksheet(Template::FieldAnalysis, "", Some(&bildung), None)
        .unwrap();
    let s2 = b
        .add_worksheet(Template::FieldAnalysis, "", Some(&wohnen), None)
        .unwrap();
    for (key, text) in SEED_WORDING {
        b.set_question_wording(Template::FieldAnalysis, key, &format!("  {text} "))
            .unwrap();
    }
    b.set_answer(&s1, "projects", "Familienbesucherinnen")
        .unwrap();
    let mut other = Board::load(&b.snapshot(), env()).unwrap();
    for sheet in [&s1, &s2] {
        let w = other.worksheet(sheet).unwrap();
        for q in FIELD_ANALYSIS {
            let seed = SEED_WORDING
                .iter()
                .find(|(k, _)| *k == q.key)
                .map(|(_, t)| *t);
            assert_eq!(
                w.question_text(&q, Language::De),
                seed.unwrap_or(q.de),
                "{}",
                q.key
            );
            assert_eq!(w.reworded(q.key), seed.is_some());
            // The facilitator's wording is the board's in every language.
            assert_eq!(w.question_text(&q, Language::En), seed.unwrap_or(q.en));
        }
    }
    // Other templates keep their own questions.
    let plan = b
        .add_worksheet(Template::ActionPlan, "", Some(&bildung), None)
        .unwrap();
    assert!(b.worksheet(&plan).unwrap().wordings.is_empty());
    // The documentation prints the board's wording.
    let ctx = ExportContext::new("12. März 2011", 60);
    let md = export::markdown(&b, Language::De, &ctx);
    for (_, text) in SEED_WORDING {
        assert_eq!(md.matches(text).count(), 2, "{text} on both sheets:\n{md}");
    }
    assert!(!md.contains("kennen Sie vor Ort?"), "{md}");
    assert!(md.contains("Welche Entwicklungspotenziale sehen Sie noch?"));
    // Back to the template: for everyone, after a sync.
    other
        .reset_question_wording(Template::FieldAnalysis, "projects")
        .unwrap();
    sync(&mut b, &mut other);
    let w = b.worksheet(&s1).unwrap();
    assert_eq!(
        w.question_text(&FIELD_ANALYSIS[0], Language::De),
        FIELD_ANALYSIS[0].de
    );
    assert_eq!(
        w.answer("projects"),
        "Familienbesucherinnen",
        "the answer stays"
    );
    assert!(export::markdown(&b, Language::En, &ctx).contains(FIELD_ANALYSIS[0].en));
    // Only the template's own questions, and not too long.
    assert_eq!(
        b.set_question_wording(Template::FieldAnalysis, "zzz", "?"),
        Err(BoardError::UnknownItem)
    );
    assert_eq!(
        b.set_question_wording(Template::Goals, "projects", "?"),
        Err(BoardError::UnknownItem)
    );
    assert_eq!(
        b.set_question_wording(Template::FieldAnalysis, "gain", &"x".repeat(501)),
        Err(BoardError::TooLong { max: 500 })
    );
    // Outside the wall's undo, like the worksheets.
    while b.undo() {}
    assert!(b
        .question_wordings(Template::FieldAnalysis)
        .contains_key("strengths"));
}

#[test]
fn dates_of_a_day_a_month_and_a_year_round_trip_through_the_document_and_the_export() {
    let mut b = Board::new("Integrationsworkshop", env());
    let steering = b.add_worksheet(Template::Steering, "", None, None).unwrap();
    let entered = [
        ("2011-04-30", Precision::Day),
        ("2011-06", Precision::Month),
        ("2012", Precision::Year),
    ];
    for (i, (date, precision)) in entered.iter().enumerate() {
        let m = b
            .add_item(&steering, &[], list::MILESTONES, &["text"])
            .unwrap();
        let path = [(list::MILESTONES, m.as_str())];
        b.set_item_text(&steering, &path, "text", &format!("Meilenstein {i}"))
            .unwrap();
        b.set_item_date(
            &steering,
            &path,
            "date",
            SheetDate::from_input(*precision, date),
        )
        .unwrap();
    }
    let goals = b.add_worksheet(Template::Goals, "", None, None).unwrap();
    let g = b.add_item(&goals, &[], list::GOALS, &["text"]).unwrap();
    b.set_item_text(
        &goals,
        &[(list::GOALS, &g)],
        "text",
        "Integration ist Chefsache",
    )
    .unwrap();
    b.set_item_date(
        &goals,
        &[(list::GOALS, &g)],
        "year",
        SheetDate::parse("2020"),
    )
    .unwrap();
    let a = b
        .add_item(&goals, &[(list::GOALS, &g)], list::ANNUAL, &["text"])
        .unwrap();
    let annual = [(list::GOALS, g.as_str()), (list::ANNUAL, a.as_str())];
    b.set_item_text(&goals, &annual, "text", "Strukturdaten werden erhoben")
        .unwrap();
    b.set_item_date(&goals, &annual, "due", SheetDate::parse("2011-05"))
        .unwrap();

    // Through the document: stored as entered, read back at its precision.
    let other = Board::load(&b.snapshot(), env()).unwrap();
    let sheet = other.worksheet(&steering).unwrap();
    let read: Vec<(String, Precision)> = sheet
        .list(list::MILESTONES)
        .iter()
        .map(|m| {
            (
                m.string("date").to_owned(),
                m.date("date").unwrap().precision(),
            )
        })
        .collect();
    let want: Vec<(String, Precision)> = entered.iter().map(|(d, p)| (d.to_string(), *p)).collect();
    assert_eq!(read, want);
    let goal = other.worksheet(&goals).unwrap().list(list::GOALS)[0].clone();
    assert_eq!(goal.string("year"), "2020");
    assert_eq!(
        goal.date("year").map(SheetDate::precision),
        Some(Precision::Year)
    );
    assert!(!board::worksheet::leitziel_gaps(&goal).contains(&board::worksheet::Gap::NoDate));
    assert_eq!(goal.list(list::ANNUAL)[0].string("due"), "2011-05");

    // Through the export: each at its precision, never a day made up.
    let ctx = ExportContext::new("12. März 2011", 60);
    let de = export::markdown(&other, Language::De, &ctx);
    let en = export::markdown(&other, Language::En, &ctx);
    for text in [
        "30. April 2011",
        "Juni 2011",
        "2012",
        "bis Mai 2011",
        "2020",
    ] {
        assert!(de.contains(text), "{text}:\n{de}");
    }
    for text in ["30 April 2011", "June 2011", "by May 2011"] {
        assert!(en.contains(text), "{text}:\n{en}");
    }
    for made_up in [
        "1. Juni 2011",
        "1. Mai 2011",
        "1. Januar 2012",
        "1 June 2011",
    ] {
        assert!(!de.contains(made_up) && !en.contains(made_up), "{made_up}");
    }
    // Clearing a date removes it.
    let mut b = other;
    let first = b.worksheet(&steering).unwrap().list(list::MILESTONES)[0]
        .id
        .clone();
    b.set_item_date(&steering, &[(list::MILESTONES, &first)], "date", None)
        .unwrap();
    assert_eq!(
        b.worksheet(&steering).unwrap().list(list::MILESTONES)[0].date("date"),
        None
    );
}
