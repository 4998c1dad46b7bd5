//! The day's flow under the write rules, enforced by a real server over websockets: the
//! agenda, the running step and the positioning exercises are the facilitator's; a
//! participant writes only its own answers. A refused update closes its connection with
//! 4403, reaches no other client and is gone after a restart.

mod common;

use board::{answer_key, Activity, Board as Wall, ParticipantKey, StepPlan};
use common::{assert_nothing_kept, assert_refused, roots_json, Member, TestServer};
use yrs::{Any, Map, MapRef, Out, ReadTxn, Transact};

/// Where the day's flow lives; a refused attempt leaves each of these as it was.
const FLOW_ROOTS: [&str; 4] = ["agenda", "flow", "exercises", "answers"];

/// Well below the harness's timeout, so that an accepted attempt fails under its own name.
const REFUSED_WITHIN: std::time::Duration = std::time::Duration::from_secs(3);

fn key(n: u32) -> ParticipantKey {
    ParticipantKey::from_secret(&format!("flowrules{n:0>16}")).expect("valid secret")
}

fn step(
    start: &str,
    title: &str,
    minutes: u32,
    activity: Activity,
    target: Option<&str>,
) -> StepPlan {
    StepPlan {
        start: start.into(),
        title: title.into(),
        minutes: Some(minutes),
        activity,
        target: target.map(Into::into),
        ..StepPlan::default()
    }
}

fn positions(labels: &[&str]) -> Vec<String> {
    labels.iter().map(|p| p.to_string()).collect()
}

/// What the facilitator prepared, by id.
#[derive(Clone)]
struct Day {
    greeting: String,
    positioning: String,
    exercise: String,
    /// The question open now.
    tenure: String,
    /// The question after it.
    home: String,
}

/// The facilitator's afternoon: a greeting, then a positioning exercise with two questions;
/// the greeting is over, the positioning runs and its first question is open.
async fn prepared_day(board: &common::Board) -> (Member, Day) {
    let mut facilitator = Member::join(board, &board.facilitator, None).await;
    let day = facilitator
        .act(|w| {
            let exercise = w.add_exercise("Wo stehen wir?", false).unwrap();
            let tenure = w
                .add_question(
                    &exercise,
                    "Wie lange arbeitest du schon im Stadtteil?",
                    &positions(&["unter 1 Jahr", "1 bis 5 Jahre", "über 5 Jahre"]),
                    true,
                )
                .unwrap();
            let home = w
                .add_question(
                    &exercise,
                    "Wo wohnst du?",
                    &positions(&["im Stadtteil", "nebenan", "weiter weg"]),
                    false,
                )
                .unwrap();
            let greeting = w
                .add_step(&step("14:00", "Begrüßung", 15, Activity::Wall, None))
                .unwrap();
            let positioning = w
                .add_step(&step(
                    "14:15",
                    "Aufstellung",
                    20,
                    Activity::Exercise,
                    Some(&exercise),
                ))
                .unwrap();
            w.start_step(&greeting).unwrap();
            w.start_step(&positioning).unwrap();
            w.open_question(&exercise, &tenure).unwrap();
            Day {
                greeting,
                positioning,
                exercise,
                tenure,
                home,
            }
        })
        .await;
    facilitator.client.wait_stored().await;
    (facilitator, day)
}

/// What a forger's phone writes: a board operation, run once.
type Attempt = Box<dyn FnOnce(&mut Wall)>;

/// An attempt on what the facilitator prepared (a copy of the ids goes with it).
fn on_day(day: &Day, attempt: impl FnOnce(&mut Wall, &Day) + 'static) -> Attempt {
    let day = day.clone();
    Box::new(move |w| attempt(w, &day))
}

/// Sets `key` in the map at `path` (root first) with yrs directly, as a client could
/// without the board's API.
fn write_raw(w: &Wall, path: &[&str], key: &str, value: impl Into<Any>) {
    let root = w.doc().get_or_insert_map(path[0]);
    let mut txn = w.doc().transact_mut();
    let map = path[1..]
        .iter()
        .fold(root, |map: MapRef, name| match map.get(&txn, name) {
            Some(Out::YMap(inner)) => inner,
            _ => panic!("{name} is synced"),
        });
    map.insert(&mut txn, key, value.into());
}

/// The position stored under an answer key in a client's copy.
fn answer_in(doc: &yrs::Doc, key: &str) -> Option<f64> {
    let answers = doc.get_or_insert_map("answers");
    let txn = doc.transact();
    match answers.get(&txn, key)? {
        Out::Any(Any::Number(n)) => n.as_f64(),
        _ => None,
    }
}

/// Waits until what `phone` sent is stored and the facilitator's copy shows it (`seen`).
async fn stored_and_seen(
    phone: &mut Member,
    facilitator: &mut Member,
    what: &str,
    seen: impl Fn(&yrs::Doc) -> bool,
) {
    phone.client.wait_stored().await;
    facilitator.client.wait_until(what, |c| seen(&c.doc)).await;
}

async fn participants_cannot_change_the_day_s_flow_or_anyone_else_s_answer(server: TestServer) {
    let board = server.create_board().await;
    let (mut facilitator, day) = prepared_day(&board).await;

    // Anna has already taken her place; her answer is what the forgers go after.
    let anna = key(1);
    let mut anna_phone = Member::join(&board, &board.participant, Some(anna.clone())).await;
    anna_phone
        .act(|w| {
            w.set_participant("Anna", "#30bced").unwrap();
            w.answer(&day.exercise, &day.tenure, 2).unwrap();
        })
        .await;
    anna_phone.client.wait_stored().await;
    let before = roots_json(&anna_phone.client.doc, &FLOW_ROOTS);

    // Each attempt is what the board's API (or yrs, where the API has no such operation)
    // writes on a participant's phone; the board does not know roles, the server does.
    let attempts: Vec<(&str, Attempt, &str)> = vec![
        (
            "retitling the greeting",
            on_day(&day, |w, d| {
                let mut plan = w.agenda()[0].plan.clone();
                plan.title = "Kaffeepause".into();
                w.update_step(&d.greeting, &plan).unwrap();
            }),
            "agenda",
        ),
        (
            "adding a step",
            Box::new(|w| {
                w.add_step(&step("15:00", "Früher Schluss", 5, Activity::Wall, None))
                    .unwrap();
            }),
            "agenda",
        ),
        (
            "deleting the running step",
            on_day(&day, |w, d| w.remove_step(&d.positioning).unwrap()),
            "agenda",
        ),
        (
            "going back to the greeting",
            // The greeting started already, so this writes `flow.current_step` alone.
            on_day(&day, |w, d| w.start_step(&d.greeting).unwrap()),
            "agenda",
        ),
        (
            "opening the next question",
            on_day(&day, |w, d| w.open_question(&d.exercise, &d.home).unwrap()),
            "exercises",
        ),
        (
            "closing the open question",
            on_day(&day, |w, d| w.close_question(&d.exercise).unwrap()),
            "exercises",
        ),
        (
            "adding a question",
            on_day(&day, |w, d| {
                let yes_no = positions(&["ja", "nein"]);
                w.add_question(&d.exercise, "Gehen wir früher?", &yes_no, false)
                    .unwrap();
            }),
            "exercises",
        ),
        (
            "retitling the exercise",
            on_day(&day, |w, d| {
                write_raw(w, &["exercises", &d.exercise], "title", "Umfrage")
            }),
            "exercises",
        ),
        (
            "changing a question's positions",
            on_day(&day, |w, d| {
                let path = ["exercises", &d.exercise, "questions", &d.tenure];
                let two = vec![Any::from("kurz"), Any::from("lang")];
                write_raw(w, &path, "positions", two);
            }),
            "exercises",
        ),
        (
            "moving Anna to another place",
            // Anna's identity on this phone, but the connection presented another key.
            on_day(&day, {
                let anna = anna.clone();
                move |w, d| {
                    w.set_identity(anna);
                    w.answer(&d.exercise, &d.tenure, 0).unwrap();
                }
            }),
            "answer",
        ),
        (
            "answering under a made-up voter",
            on_day(&day, |w, d| {
                let made_up = answer_key(&d.exercise, &d.tenure, "erfunden");
                write_raw(w, &["answers"], &made_up, 1.0);
            }),
            "answer",
        ),
    ];
    let mut forgers = Vec::new();
    for (what, attempt, why) in attempts {
        let mut m = Member::join(&board, &board.participant, Some(key(9))).await;
        forgers.push(m.wall.doc().client_id());
        let sv = m.wall.doc().transact().state_vector();
        m.act(attempt).await;
        let inserted = m.wall.doc().transact().state_vector() != sv;
        // A refusal is immediate; an accepted update would leave the connection open.
        tokio::time::timeout(REFUSED_WITHIN, assert_refused(&mut m.client, what, why))
            .await
            .unwrap_or_else(|_| panic!("{what}: accepted, the connection stayed open"));
        // A pure deletion moves no state vector, so no ack could tell it apart; the
        // restart below shows it was not stored.
        if inserted {
            assert!(!m.client.all_stored(), "{what}: never acknowledged");
        }
    }

    assert_nothing_kept(
        server,
        &board,
        &mut facilitator,
        (&mut anna_phone, "Anna's phone"),
        &forgers,
        |m, label| {
            assert_eq!(roots_json(&m.client.doc, &FLOW_ROOTS), before, "{label}");
            let w = &m.wall;
            assert_eq!(
                w.current_step().map(|s| s.id),
                Some(day.positioning.clone()),
                "{label}"
            );
            assert_eq!(w.agenda()[0].plan.title, "Begrüßung", "{label}");
            let exercise = w.exercise(&day.exercise).expect("the exercise");
            assert_eq!(exercise.open, Some(day.tenure.clone()), "{label}");
            let standings = w.standings(&day.exercise, &day.tenure);
            let counts: Vec<u32> = standings.iter().map(|s| s.count).collect();
            assert_eq!(counts, [0, 0, 1], "{label}: Anna alone, where she stood");
            assert_eq!(standings[2].names, ["Anna"], "{label}");
        },
    )
    .await;
}

async fn a_participant_answers_for_itself_and_may_change_its_mind(server: TestServer) {
    let board = server.create_board().await;
    let (mut facilitator, day) = prepared_day(&board).await;
    // A second, anonymous exercise: answers go under the participant's pseudonym there.
    let (mood, mood_question) = facilitator
        .act(|w| {
            let mood = w.add_exercise("Stimmung", true).unwrap();
            let scale = positions(&["müde", "geht so", "wach"]);
            let question = w
                .add_question(&mood, "Wie geht es dir?", &scale, true)
                .unwrap();
            w.open_question(&mood, &question).unwrap();
            (mood, question)
        })
        .await;
    facilitator.client.wait_stored().await;

    let anna = key(1);
    let mine = answer_key(&day.exercise, &day.tenure, &anna.id());
    let mut anna_phone = Member::join(&board, &board.participant, Some(anna.clone())).await;
    anna_phone
        .act(|w| {
            w.set_participant("Anna", "#30bced").unwrap();
            w.answer(&day.exercise, &day.tenure, 0).unwrap();
        })
        .await;
    stored_and_seen(
        &mut anna_phone,
        &mut facilitator,
        "Anna's first answer",
        |doc| answer_in(doc, &mine) == Some(0.0),
    )
    .await;

    // Thinking again while the question is open: the later answer replaces the first.
    anna_phone
        .act(|w| w.answer(&day.exercise, &day.tenure, 2).unwrap())
        .await;
    stored_and_seen(
        &mut anna_phone,
        &mut facilitator,
        "Anna's second answer",
        |doc| answer_in(doc, &mine) == Some(2.0),
    )
    .await;

    // The facilitator moves on; Anna answers the next question and the anonymous one.
    facilitator
        .act(|w| w.open_question(&day.exercise, &day.home).unwrap())
        .await;
    facilitator.client.wait_stored().await;
    let next = answer_key(&day.exercise, &day.home, &anna.id());
    anna_phone
        .client
        .wait_until("the next question", |c| {
            roots_json(&c.doc, &["exercises"])["exercises"][&day.exercise]["open"] == *day.home
        })
        .await;
    anna_phone
        .act(|w| w.answer(&day.exercise, &day.home, 1).unwrap())
        .await;
    anna_phone
        .act(|w| w.answer(&mood, &mood_question, 2).unwrap())
        .await;
    let secret = answer_key(&mood, &mood_question, &anna.pseudonym(&mood));
    stored_and_seen(
        &mut anna_phone,
        &mut facilitator,
        "Anna's other answers",
        |doc| answer_in(doc, &next) == Some(1.0) && answer_in(doc, &secret) == Some(2.0),
    )
    .await;
    assert_eq!(anna_phone.client.ended, None);

    // A restart keeps all of it: Anna moved from "über 5 Jahre" to "nebenan".
    let (server, board) = server.restart(&board).await;
    let fresh = Member::join(&board, &board.viewer, None).await;
    let w = &fresh.wall;
    let standing = w.standings(&day.exercise, &day.tenure);
    assert_eq!(standing[2].names, ["Anna"]);
    assert_eq!(standing.iter().map(|s| s.count).sum::<u32>(), 1);
    let moved = w.movement(&day.exercise, &day.tenure, &day.home).unwrap();
    assert_eq!(moved.moves[2][1], 1);
    let mood_standing = w.standings(&mood, &mood_question);
    assert_eq!(mood_standing[2].count, 1);
    assert!(mood_standing[2].names.is_empty(), "anonymous: no names");
    server.shutdown().await;
}

on_one_and_two_nodes!(
    participants_cannot_change_the_day_s_flow_or_anyone_else_s_answer,
    a_participant_answers_for_itself_and_may_change_its_mind,
);
