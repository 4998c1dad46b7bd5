//! `loadgen position`: a room of phones answers a positioning question ("Aufstellung")
//! through a running `kartenwand-server`, and a projector shows where everyone stands.
//!
//! A facilitator client creates a board, a named exercise with one question over the seed's
//! five places (`Board::add_exercise`, `add_question`) and opens it (`open_question`). A
//! projector (viewer token: read-only) joins and, like the app's positioning view, recomputes
//! `Board::standings` after every change it receives. N phones join, each a `board::Board`
//! with its own participant key and a nickname on its own websocket; each answers
//! (`Board::answer`) at a random moment within the window, and a share of them answers a
//! different place once more, later within the window. The counts the last answers add up to
//! are known up front.
//!
//! Measured: last answer given → the projector's standings show the final counts; the same
//! for every phone's own document (p50/p99/max); answer → `Stored` ack. "Final" means the
//! document holds every phone's last answer and the standings count exactly the expected
//! number at each place (matching counts alone could be a coincidence of answers still on
//! their way). A fresh client then loads the board and checks the counts once more.
//!
//! As in `loadgen vote`, the phones share this machine's cores while a real room does not,
//! so the phones' figure is split into the server's delivery (last answer → read by the
//! phone) and the phone's own standings computation. The projector runs on the
//! coordinator's thread, apart from the phones, as a projector's laptop would. The phones
//! and their figures are `crowd`'s; the exercise, the answers and the projector are this
//! mode's.

mod phone;
mod plan;
mod projector;
mod report;

use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Result};
use board::ParticipantKey;
use futures_util::StreamExt;
use serde_json::json;
use tokio::time::sleep_until;
use yrs::Transact;

use crate::conn::{parse_duration, Conn};
use crate::crowd::{self, ms, us, Crowd, CrowdArgs, Event, Figures, ReportArgs, Spec, Usage};
use crate::dist;
use crate::room::{random_key, Room};
use phone::{Answerer, Question};
use plan::{Expected, Move, PLACES};
use projector::Projector;

/// Flags of `loadgen position`.
#[derive(clap::Args, Debug)]
pub struct PositionArgs {
    /// The kartenwand-server API base, http://HOST:PORT.
    #[arg(long)]
    url: String,
    /// Number of phones; each answers once, some twice.
    #[arg(long, default_value_t = 200)]
    phones: u32,
    /// Window in which the answers are given, each at a random moment: `5s`, `500ms`.
    #[arg(long, default_value = "5s", value_parser = parse_duration)]
    within: Duration,
    /// Share of the phones that change their answer once more, later within the window.
    #[arg(long, default_value_t = 0.2)]
    change_share: f64,
    /// Give up this long after the window if the final counts are not shown everywhere.
    #[arg(long, default_value = "60s", value_parser = parse_duration)]
    timeout: Duration,
    #[command(flatten)]
    crowd: CrowdArgs,
    /// Seed of the random answers and moments (default: random).
    #[arg(long)]
    seed: Option<u64>,
    #[command(flatten)]
    report: ReportArgs,
}

/// Runs `loadgen position`.
pub fn main(args: PositionArgs) -> Result<()> {
    if args.phones == 0 {
        bail!("--phones must be at least 1");
    }
    if !(0.0..=1.0).contains(&args.change_share) {
        bail!("--change-share must be between 0 and 1");
    }
    crowd::coordinate(run(args))
}

/// Where the summary has the CPU figures.
const CPU_KEY: &str = "cpu_pct";

async fn run(args: PositionArgs) -> Result<()> {
    let mut usage = Usage::before(args.report.server_pid);
    let seed = args.seed.unwrap_or_else(|| fastrand::u64(..));
    let mut rng = fastrand::Rng::with_seed(seed);
    let room = Room::create(
        &args.url,
        &format!("Aufstellung mit {} Telefonen", args.phones),
    )
    .await?;
    let setup_deadline = Instant::now() + Duration::from_secs(30);

    // The facilitator: the exercise with its question, opened.
    let mut facilitator = room.join("facilitator_token", setup_deadline).await?;
    let (exercise, question) = facilitator
        .act(plan::set_up)
        .await?
        .map_err(|e| anyhow!("set up the exercise: {e}"))?;
    facilitator
        .pump_until(
            setup_deadline,
            "the exercise to be stored",
            Conn::all_stored,
        )
        .await?;
    let viewer = room.join("viewer_token", setup_deadline).await?;
    let mut projector = Projector::watch(viewer, &exercise, &question, setup_deadline).await?;

    let window = args.within;
    let (moves, _) = plan::plan(args.phones, window, args.change_share, &mut rng);
    let phones: Vec<(ParticipantKey, Vec<Move>)> = moves
        .into_iter()
        .map(|m| (random_key(&mut rng), m))
        .collect();
    let expected = Expected::new(&exercise, &question, &phones);
    let participant = room.field("participant_token")?;
    let specs: Vec<Spec<Vec<Move>>> = phones
        .into_iter()
        .enumerate()
        .map(|(i, (key, moves))| Spec {
            idx: i as u32,
            url: room.sync_url(&participant, Some(&key)),
            key,
            plan: moves,
        })
        .collect();

    // The phones, on their threads.
    let task = Question {
        exercise: exercise.clone(),
        question: question.clone(),
        expected: expected.clone(),
    };
    let mut crowd = Crowd::<Answerer>::spawn(specs, task, &args.crowd, window + args.timeout);

    // Wait for every phone to join, reading the facilitator's and the projector's sockets.
    while crowd.joining() {
        tokio::select! {
            () = crowd.join_one() => {}
            msg = facilitator.stream.next() => facilitator.keep_open(msg, "the facilitator").await?,
            msg = projector.conn.stream.next() => {
                projector.on_message(msg, Instant::now(), &expected).await?;
            }
        }
    }
    let connect_secs = crowd.joined("joined")?;
    usage.window_opens();

    // The window.
    let start = Instant::now() + Duration::from_millis(300);
    crowd.open_window(start);
    eprintln!(
        "loadgen position: {} phones answer within {:.1} s",
        args.phones,
        window.as_secs_f64()
    );
    let deadline = crowd.deadline;
    let (mut done, mut lost) = (0u32, 0u32);
    let mut phones_gone = false;
    while done + lost < args.phones || !projector.settled() {
        tokio::select! {
            e = crowd.next_event(), if !phones_gone => match e {
                Some(Event::Done) => done += 1,
                Some(Event::Failed) => lost += 1,
                // Every phone task has ended (each reported first); the projector may still read.
                None => phones_gone = true,
            },
            msg = facilitator.stream.next() => facilitator.keep_open(msg, "the facilitator").await?,
            msg = projector.conn.stream.next() => {
                projector.on_message(msg, Instant::now(), &expected).await?;
            }
            () = usage.sample() => {}
            _ = sleep_until(deadline.into()) => break,
        }
    }
    let all_done_at = Instant::now();
    usage.window_closes();
    let threads = crowd.threads;
    let results = crowd.finish()?;
    facilitator.close().await;
    let (projector_apply_errors, example) = projector.errors();
    if let Some(e) = example {
        eprintln!("loadgen position: projector: an update did not apply: {e}");
    }
    let shown = projector.shown.clone();
    let (projector_done, projector_complete, projector_wrong) = (
        projector.done_at,
        projector.complete_at,
        projector.wrong.clone(),
    );
    let projector_cost: Vec<Duration> = std::mem::take(&mut projector.standings_cost);
    projector.close().await;

    // A fresh client loads the board: the counts, once more.
    let fresh = room
        .join("viewer_token", Instant::now() + Duration::from_secs(30))
        .await?;
    let fresh_standings = fresh.board.standings(&exercise, &question);
    let fresh_answers = fresh.board.doc().get_or_insert_map(board::schema::ANSWERS);
    let fresh_exact = expected.shown_by(&fresh_standings)
        && expected.all_final(&fresh_answers, &fresh.board.doc().transact());
    fresh.close().await;

    // Figures.
    let phones = Figures::of(&results);
    let since_last = |at: Option<Instant>| Some(at?.saturating_duration_since(phones.last_sent?));
    let places: Vec<serde_json::Value> = PLACES
        .iter()
        .enumerate()
        .map(|(i, p)| {
            json!({
                "place": p,
                "expected": expected.counts[i],
                "projector": shown.get(i),
                "fresh_client": fresh_standings.get(i).map(|s| s.count),
            })
        })
        .collect();
    let summary = json!({
        "phones": args.phones,
        "window_s": window.as_secs_f64(),
        "change_share": args.change_share,
        "seed": seed,
        "threads": threads,
        "connect_s": connect_secs,
        "answers_sent": results.iter().map(|r| r.sent.len()).sum::<usize>(),
        "phones_changed": results.iter().filter(|r| r.sent.len() > 1).count(),
        "answer_spread_s": phones.spread_s(),
        "projector": {
            "final": projector_done.is_some(),
            "last_answer_to_final_ms": since_last(projector_done).map(ms),
            "last_answer_to_read_ms": since_last(projector_complete).map(ms),
            "standings_ms": dist(projector_cost.iter().map(|&d| us(d)).collect()),
            "wrong_counts": projector_wrong,
        },
        "last_answer_to_phone_final_ms": phones.to_final,
        "last_answer_to_phone_read_ms": phones.to_read,
        "phone_standings_ms": phones.own_work,
        "last_answer_to_phone_final_own_cpu_ms": phones.own_cpu,
        "stored_ack_ms": phones.acks,
        "phones_exact": phones.exact,
        "places": places,
        "fresh_client_exact": fresh_exact,
        "all_done_after_window_start_s": all_done_at.saturating_duration_since(start).as_secs_f64(),
        "updates_applied": phones.updates,
        "loadgen": usage.loadgen_json(CPU_KEY),
        "errors": phones.errors_json(projector_apply_errors),
        "server_process": usage.server_json(CPU_KEY),
    });
    report::print(&summary, CPU_KEY);
    args.report.write_json(&summary)?;
    if projector_done.is_none()
        || !fresh_exact
        || phones.exact != args.phones as usize
        || !phones.errors.is_empty()
        || phones.apply_errors + projector_apply_errors > 0
    {
        bail!("not every answer was counted exactly everywhere (see above)");
    }
    Ok(())
}
