//! Positioning exercises across replicas: the seed's "where was …" questions, answers changed
//! while open, answers given offline on two devices, standings and the movement between
//! two questions.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use board::{Board, BoardEnv, BoardError, ParticipantKey, Standing};

fn env() -> BoardEnv {
    let t = Arc::new(AtomicU64::new(1_700_000_000_000));
    BoardEnv::new(Arc::new(move || t.fetch_add(1, Ordering::Relaxed)))
}

fn key(n: usize) -> ParticipantKey {
    ParticipantKey::from_secret(&format!("positioning{n:0>16}")).unwrap()
}

const PLACES: [&str; 5] = [
    "Quakenbrück",
    "Samtgemeinde Artland",
    "Niedersachsen",
    "Deutschland",
    "Ausland",
];

fn places() -> Vec<String> {
    PLACES.iter().map(|p| p.to_string()).collect()
}

fn stand(b: &mut Board, who: usize, name: &str, ex: &str, q: &str, at: usize) {
    b.set_identity(key(who));
    b.set_participant(name, "#000").unwrap();
    b.answer(ex, q, at).unwrap();
}

fn counts(s: &[Standing]) -> Vec<u32> {
    s.iter().map(|s| s.count).collect()
}

#[test]
fn the_room_answers_moves_and_the_movement_is_counted() {
    let mut b = Board::new("Integrationsworkshop", env());
    let ex = b.add_exercise("Wanderungen", false).unwrap();
    let born = b
        .add_question(
            &ex,
            "Wo wurde der Elternteil geboren, der am weitesten weg geboren wurde?",
            &places(),
            false,
        )
        .unwrap();
    let own = b
        .add_question(&ex, "Wo sind Sie selbst geboren?", &places(), false)
        .unwrap();
    assert_eq!(b.answer(&ex, &born, 0), Err(BoardError::QuestionNotOpen));
    b.open_question(&ex, &born).unwrap();
    let people = ["Anna", "Ben", "Cem", "Dana", "Emil", "Frieda"];
    let first = [4, 4, 3, 0, 1, 4];
    for (i, name) in people.iter().enumerate() {
        stand(&mut b, i, name, &ex, &born, first[i]);
    }
    // Dana changes her mind while the question is open.
    stand(&mut b, 3, "Dana", &ex, &born, 2);
    let s = b.standings(&ex, &born);
    assert_eq!(counts(&s), [0, 1, 1, 1, 3]);
    assert_eq!(s[4].names, ["Anna", "Ben", "Frieda"]);
    assert_eq!(
        b.my_answer(&ex, &born),
        Some(2),
        "the last identity set is Dana's"
    );

    b.open_question(&ex, &own).unwrap();
    assert_eq!(
        b.answer(&ex, &born, 0),
        Err(BoardError::QuestionNotOpen),
        "the previous question is closed"
    );
    let second = [0, 4, 0, 0, 1];
    for (i, name) in people.iter().take(5).enumerate() {
        stand(&mut b, i, name, &ex, &own, second[i]);
    }
    assert_eq!(
        counts(&b.standings(&ex, &born)),
        [0, 1, 1, 1, 3],
        "earlier answers are kept"
    );
    let m = b.movement(&ex, &born, &own).unwrap();
    assert_eq!(m.moves[4][0], 1, "Anna: Ausland → Quakenbrück");
    assert_eq!(m.moves[4][4], 1, "Ben stayed abroad");
    assert_eq!(m.moves[3][0], 1, "Cem: Deutschland → Quakenbrück");
    assert_eq!(m.moves[2][0], 1, "Dana: Niedersachsen → Quakenbrück");
    assert_eq!(m.moves[1][1], 1, "Emil stayed in the Samtgemeinde");
    assert_eq!(m.moves.iter().flatten().sum::<u32>(), 5);
    assert_eq!(
        (m.only_first, m.only_second),
        (1, 0),
        "Frieda answered only the first"
    );
    assert!(!b.can_undo(), "exercises are not wall edits");
}

#[test]
fn answers_given_offline_merge_and_one_person_keeps_one_answer() {
    let mut a = Board::new("x", env());
    let ex = a.add_exercise("Aufstellung", false).unwrap();
    let q = a
        .add_question(
            &ex,
            "Wie lange leben Sie hier?",
            &[
                "0–2".into(),
                "3–5".into(),
                "6–10".into(),
                "mehr als 10 Jahre".into(),
            ],
            true,
        )
        .unwrap();
    a.open_question(&ex, &q).unwrap();
    let mut b = Board::load(&a.snapshot(), env()).unwrap();
    stand(&mut a, 1, "Anna", &ex, &q, 0);
    stand(&mut b, 2, "Ben", &ex, &q, 3);
    // The same person on two devices, both offline: one answer wins, on every replica.
    stand(&mut a, 3, "Cem", &ex, &q, 1);
    stand(&mut b, 3, "Cem", &ex, &q, 2);
    let (sa, sb) = (a.snapshot(), b.snapshot());
    a.apply_update_v2(&sb).unwrap();
    b.apply_update_v2(&sa).unwrap();
    assert_eq!(a.standings(&ex, &q), b.standings(&ex, &q));
    assert_eq!(a.standings(&ex, &q).iter().map(|s| s.count).sum::<u32>(), 3);
    assert!(a.exercise(&ex).unwrap().questions[0].scale);
}

#[test]
fn anonymous_exercises_name_nobody_and_bad_questions_are_refused() {
    let mut b = Board::new("x", env());
    let ex = b.add_exercise("Anonym", true).unwrap();
    assert_eq!(
        b.add_question(&ex, "Nur eine?", &["A".into()], false),
        Err(BoardError::Positions { max: 12 })
    );
    assert_eq!(
        b.add_question(&ex, " ", &places(), false),
        Err(BoardError::EmptyTitle)
    );
    let q = b.add_question(&ex, "Wo?", &places(), false).unwrap();
    b.open_question(&ex, &q).unwrap();
    stand(&mut b, 1, "Anna", &ex, &q, 0);
    let s = b.standings(&ex, &q);
    assert_eq!(s[0].count, 1);
    assert!(s[0].names.is_empty());
    assert_eq!(b.answer(&ex, &q, 9), Err(BoardError::UnknownItem));
    b.close_question(&ex).unwrap();
    assert_eq!(b.answer(&ex, &q, 1), Err(BoardError::QuestionNotOpen));
    assert_eq!(b.my_answer(&ex, &q), Some(0));
}

#[test]
fn a_new_question_takes_the_previous_questions_positions() {
    let mut b = Board::new("Integrationsworkshop", env());
    let ex = b.add_exercise("Wanderungen", false).unwrap();
    assert_eq!(b.exercise(&ex).unwrap().last_positions(), None);
    // Nothing to take before the first question.
    assert_eq!(
        b.add_question_like_last(&ex, "Wo sind Sie geboren?"),
        Err(BoardError::Positions { max: 12 })
    );
    b.add_question(
        &ex,
        "Wo wurde der Elternteil geboren, der am weitesten weg geboren wurde?",
        &places(),
        false,
    )
    .unwrap();
    assert_eq!(
        b.exercise(&ex).unwrap().last_positions(),
        Some((places(), false))
    );
    let own = b
        .add_question_like_last(&ex, "Wo sind Sie selbst geboren?")
        .unwrap();
    let training = b
        .add_question_like_last(&ex, "Wo haben Sie Ihre Ausbildung begonnen?")
        .unwrap();
    let view = b.exercise(&ex).unwrap();
    let texts: Vec<&str> = view.questions.iter().map(|q| q.text.as_str()).collect();
    assert_eq!(
        texts[1..],
        [
            "Wo sind Sie selbst geboren?",
            "Wo haben Sie Ihre Ausbildung begonnen?"
        ]
    );
    for q in &view.questions {
        assert_eq!(q.positions, places(), "{}", q.text);
    }
    // A scale stays a scale; a changed list is what the next question starts from.
    let scale: Vec<String> = ["gar nicht", "etwas", "sehr"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    b.add_question(
        &ex,
        "Wie sehr lebt Quakenbrück von Zuwanderung?",
        &scale,
        true,
    )
    .unwrap();
    let next = b
        .add_question_like_last(&ex, "Wie sehr wird das gesehen?")
        .unwrap();
    let q = b
        .exercise(&ex)
        .unwrap()
        .questions
        .into_iter()
        .find(|q| q.id == next)
        .unwrap();
    assert_eq!((q.positions, q.scale), (scale, true));
    // The reused positions answer like typed ones.
    b.open_question(&ex, &own).unwrap();
    stand(&mut b, 0, "Anna", &ex, &own, 4);
    assert_eq!(counts(&b.standings(&ex, &own)), vec![0, 0, 0, 0, 1]);
    assert!(b
        .exercise(&ex)
        .unwrap()
        .questions
        .iter()
        .any(|q| q.id == training));
}
