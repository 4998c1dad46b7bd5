//! Worksheets across replicas: concurrent typing in one answer, goals with their SMART
//! check, the template lists, and groups.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use board::worksheet::{annual_gaps, leitziel_gaps, list, Criterion, Gap};
use board::{Board, BoardEnv, BoardError, Template};
use yrs::Any;

fn env() -> BoardEnv {
    let t = Arc::new(AtomicU64::new(1_700_000_000_000));
    BoardEnv::new(Arc::new(move || t.fetch_add(1, Ordering::Relaxed)))
}

fn sync(a: &mut Board, b: &mut Board) {
    let (sa, sb) = (a.snapshot(), b.snapshot());
    a.apply_update_v2(&sb).unwrap();
    b.apply_update_v2(&sa).unwrap();
}

#[test]
fn two_people_typing_in_one_answer_keep_both_texts() {
    let mut a = Board::new("Workshop", env());
    let field = a.add_cluster("Bildung / Sprache", 0.0, 0.0).unwrap();
    let sheet = a
        .add_worksheet(Template::FieldAnalysis, "", Some(&field), None)
        .unwrap();
    a.set_answer(&sheet, "projects", "Familienbesucherinnen")
        .unwrap();
    let mut b = Board::load(&a.snapshot(), env()).unwrap();
    // Both type at once: one at the end, one at the start.
    a.set_answer(
        &sheet,
        "projects",
        "Familienbesucherinnen, Familienklassenzimmer",
    )
    .unwrap();
    b.set_answer(
        &sheet,
        "projects",
        "Ausbildungspaten, Familienbesucherinnen",
    )
    .unwrap();
    sync(&mut a, &mut b);
    let answer = a.worksheet(&sheet).unwrap().answer("projects").to_string();
    assert_eq!(
        answer,
        "Ausbildungspaten, Familienbesucherinnen, Familienklassenzimmer"
    );
    assert_eq!(b.worksheet(&sheet).unwrap().answer("projects"), answer);
}

#[test]
fn goals_hold_three_leitziele_with_annual_goals_indicators_and_a_smart_check() {
    let mut b = Board::new("Workshop", env());
    let sheet = b.add_worksheet(Template::Goals, "", None, None).unwrap();
    let g = b.add_item(&sheet, &[], list::GOALS, &["text"]).unwrap();
    b.set_item_text(
        &sheet,
        &[(list::GOALS, &g)],
        "text",
        "Alle Kinder besuchen regelmäßig die Schule",
    )
    .unwrap();
    let goal = |b: &Board| b.worksheet(&sheet).unwrap().list(list::GOALS)[0].clone();
    let gaps = leitziel_gaps(&goal(&b));
    assert!(gaps.contains(&Gap::NoAnnualGoal) && gaps.contains(&Gap::NoIndicator));
    assert!(gaps.contains(&Gap::Unticked(Criterion::Specific)));
    for c in Criterion::ALL {
        b.set_smart(&sheet, &[(list::GOALS, &g)], c, true).unwrap();
    }
    assert_eq!(
        leitziel_gaps(&goal(&b)),
        vec![Gap::NoDate, Gap::NoAnnualGoal, Gap::NoIndicator],
        "terminated needs a date"
    );
    b.set_item_value(
        &sheet,
        &[(list::GOALS, &g)],
        "year",
        Some(Any::from(2020.0)),
    )
    .unwrap();
    let a = b
        .add_item(&sheet, &[(list::GOALS, &g)], list::ANNUAL, &["text"])
        .unwrap();
    let path = [(list::GOALS, g.as_str()), (list::ANNUAL, a.as_str())];
    b.set_item_text(&sheet, &path, "text", "Runder Tisch tagt 6x im Jahr")
        .unwrap();
    b.set_smart(&sheet, &path, Criterion::Terminated, true)
        .unwrap();
    let i = b
        .add_item(&sheet, &[(list::GOALS, &g)], list::INDICATORS, &["text"])
        .unwrap();
    b.set_item_text(
        &sheet,
        &[(list::GOALS, &g), (list::INDICATORS, &i)],
        "text",
        "Schulsozialarbeit an jeder Schule",
    )
    .unwrap();
    assert_eq!(leitziel_gaps(&goal(&b)), vec![]);
    let annual = goal(&b).list(list::ANNUAL)[0].clone();
    assert!(annual_gaps(&annual).contains(&Gap::NoDate));
    b.set_item_value(&sheet, &path, "due", Some(Any::from("2012-03-31")))
        .unwrap();
    assert!(!annual_gaps(&goal(&b).list(list::ANNUAL)[0]).contains(&Gap::NoDate));
    // Up to three Leitziele.
    b.add_item(&sheet, &[], list::GOALS, &["text"]).unwrap();
    b.add_item(&sheet, &[], list::GOALS, &["text"]).unwrap();
    assert_eq!(
        b.add_item(&sheet, &[], list::GOALS, &["text"]),
        Err(BoardError::ListFull)
    );
    // Items keep their order; removing one takes its nested lists along.
    b.remove_item(&sheet, &[(list::GOALS, &g)]).unwrap();
    assert_eq!(b.worksheet(&sheet).unwrap().list(list::GOALS).len(), 2);
    assert_eq!(
        b.remove_item(&sheet, &[(list::GOALS, &g)]),
        Err(BoardError::UnknownItem)
    );
}

#[test]
fn steering_obstacles_feedback_and_custom_sheets_hold_their_lists() {
    let mut b = Board::new("Workshop", env());
    let steering = b.add_worksheet(Template::Steering, "", None, None).unwrap();
    for (who, count) in [("Migranten", 3.0), ("Rat", 3.0), ("Verwaltung", 2.0)] {
        let s = b.add_item(&steering, &[], list::SEATS, &["who"]).unwrap();
        b.set_item_text(&steering, &[(list::SEATS, &s)], "who", who)
            .unwrap();
        b.set_item_value(
            &steering,
            &[(list::SEATS, &s)],
            "count",
            Some(Any::from(count)),
        )
        .unwrap();
    }
    let sheet = b.worksheet(&steering).unwrap();
    let seats: Vec<(&str, f64)> = sheet
        .list(list::SEATS)
        .iter()
        .map(|s| (s.text("who"), s.number("count").unwrap()))
        .collect();
    assert_eq!(
        seats,
        vec![("Migranten", 3.0), ("Rat", 3.0), ("Verwaltung", 2.0)]
    );
    assert_eq!(
        b.add_worksheet(Template::Custom, "  ", None, None),
        Err(BoardError::EmptyTitle)
    );
    let custom = b
        .add_worksheet(Template::Custom, "Nachhaltigkeit", None, None)
        .unwrap();
    let q = b
        .add_item(&custom, &[], list::QUESTIONS, &["text"])
        .unwrap();
    b.set_item_text(
        &custom,
        &[(list::QUESTIONS, &q)],
        "text",
        "Wer lädt zum nächsten Treffen ein?",
    )
    .unwrap();
    b.set_answer(&custom, &q, "Die Stadt").unwrap();
    let c = b.worksheet(&custom).unwrap();
    assert_eq!(c.title, "Nachhaltigkeit");
    assert_eq!(c.answer(&q), "Die Stadt");
    while b.undo() {} // worksheets are outside the wall's undo
    assert_eq!(b.worksheet(&custom).unwrap().answer(&q), "Die Stadt");
    assert_eq!(
        b.set_answer(&custom, &q, &"x".repeat(5_001)),
        Err(BoardError::TooLong { max: 5_000 })
    );
}

#[test]
fn a_group_sees_its_own_and_its_fields_worksheets() {
    let mut b = Board::new("Workshop", env());
    let field = b.add_cluster("Frühkindliche Bildung", 0.0, 0.0).unwrap();
    let g = b
        .add_group("Frühkindliche Bildung", Some(&field), None)
        .unwrap();
    let other = b.add_group("Prozesssteuerung", None, None).unwrap();
    let s1 = b
        .add_worksheet(Template::FieldAnalysis, "", Some(&field), None)
        .unwrap();
    let s2 = b
        .add_worksheet(Template::Obstacles, "", None, Some(&g))
        .unwrap();
    let s3 = b
        .add_worksheet(Template::Steering, "", None, Some(&other))
        .unwrap();
    let ids: Vec<String> = b.group_worksheets(&g).into_iter().map(|w| w.id).collect();
    assert_eq!(ids, vec![s1, s2]);
    assert_eq!(
        b.group_worksheets(&other)
            .into_iter()
            .map(|w| w.id)
            .collect::<Vec<_>>(),
        vec![s3]
    );
}
