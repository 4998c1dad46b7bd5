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
//! coordinator's thread, apart from the phones, as a projector's laptop would.

mod phone;
mod plan;
mod projector;
mod report;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use board::ParticipantKey;
use futures_util::StreamExt;
use serde_json::json;
use tokio::sync::{mpsc, watch, Semaphore};
use tokio::time::sleep_until;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use yrs::Transact;

use crate::conn::{parse_duration, Conn, Step};
use crate::room::{join_phones, random_key, spawn_phones, thread_count, Room};
use crate::{cpu_mark, cpu_pct, dist, procfs};
use phone::{PhoneEvent, PhoneResult, PhoneShared, PhoneSpec};
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
    /// Threads the phones run on (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// Phones connecting (and syncing) at once.
    #[arg(long, default_value_t = 50)]
    connect_concurrency: usize,
    /// Seed of the random answers and moments (default: random).
    #[arg(long)]
    seed: Option<u64>,
    /// PID of the server process, for its memory (VmRSS) and CPU time.
    #[arg(long)]
    server_pid: Option<u32>,
    /// Writes the summary as JSON to this file.
    #[arg(long)]
    json: Option<PathBuf>,
}

/// Runs `loadgen position`.
pub fn main(args: PositionArgs) -> Result<()> {
    if args.phones == 0 {
        bail!("--phones must be at least 1");
    }
    if !(0.0..=1.0).contains(&args.change_share) {
        bail!("--change-share must be between 0 and 1");
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    // The coordinator holds `Board`s (not `Send`): a local set on this thread.
    tokio::task::LocalSet::new().block_on(&rt, run(args))
}

/// Reads one message of the facilitator's socket, which must stay open.
async fn facilitator_message(
    facilitator: &mut Conn,
    msg: Option<Result<Message, WsError>>,
) -> Result<()> {
    if let Step::Closed(why) = facilitator.on_message(msg).await? {
        bail!("the facilitator was disconnected: {why}");
    }
    Ok(())
}

async fn run(args: PositionArgs) -> Result<()> {
    let pid = args.server_pid;
    let rss_before = pid.and_then(procfs::rss_kib);
    let seed = args.seed.unwrap_or_else(|| fastrand::u64(..));
    let mut rng = fastrand::Rng::with_seed(seed);
    let room = Room::create(
        &args.url,
        &format!("Aufstellung mit {} Telefonen", args.phones),
    )
    .await?;
    let setup_deadline = Instant::now() + Duration::from_secs(30);

    // The facilitator: the exercise with its question, opened.
    let mut facilitator = Conn::connect(
        &room.sync_url(&room.field("facilitator_token")?, None),
        None,
    )
    .await?;
    facilitator.sync(setup_deadline).await?;
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
    let viewer = room.sync_url(&room.field("viewer_token")?, None);
    let mut projector = Projector::join(&viewer, &exercise, &question, setup_deadline).await?;

    let window = args.within;
    let (moves, _) = plan::plan(args.phones, window, args.change_share, &mut rng);
    let phones: Vec<(ParticipantKey, Vec<Move>)> = moves
        .into_iter()
        .map(|m| (random_key(&mut rng), m))
        .collect();
    let expected = Expected::new(&exercise, &question, &phones);
    let participant = room.field("participant_token")?;
    let specs: Vec<PhoneSpec> = phones
        .into_iter()
        .enumerate()
        .map(|(i, (key, moves))| PhoneSpec {
            idx: i as u32,
            url: room.sync_url(&participant, Some(&key)),
            key,
            moves,
        })
        .collect();

    // The phones, on their threads.
    let threads = thread_count(args.threads, args.phones);
    let (ready_tx, mut ready_rx) = mpsc::unbounded_channel();
    let (events_tx, mut events_rx) = mpsc::unbounded_channel();
    let (start_tx, start_rx) = watch::channel(None);
    let (stop_tx, stop_rx) = watch::channel(false);
    let deadline = Instant::now() + Duration::from_secs(60) + window + args.timeout;
    let shared = Arc::new(PhoneShared {
        exercise: exercise.clone(),
        question: question.clone(),
        expected: expected.clone(),
        gate: Arc::new(Semaphore::new(args.connect_concurrency.max(1))),
        ready: ready_tx,
        start: start_rx,
        events: events_tx,
        stop: stop_rx,
        deadline,
    });
    let connect_started = Instant::now();
    let handles = {
        let shared = shared.clone();
        spawn_phones(
            specs,
            threads,
            move |spec| phone::phone(spec, shared.clone()),
            |why| PhoneResult {
                error: Some(why),
                ..PhoneResult::default()
            },
        )
    };
    drop(shared);

    // Wait for every phone to join, reading the facilitator's and the projector's sockets.
    let (mut ready, mut failed) = (0u32, Vec::new());
    while ready + (failed.len() as u32) < args.phones {
        tokio::select! {
            r = ready_rx.recv() => match r {
                Some(Ok(())) => ready += 1,
                Some(Err(e)) => failed.push(e),
                None => break,
            },
            msg = facilitator.stream.next() => facilitator_message(&mut facilitator, msg).await?,
            msg = projector.conn.stream.next() => {
                projector.on_message(msg, Instant::now(), &expected).await?;
            }
        }
    }
    let connect_secs = connect_started.elapsed().as_secs_f64();
    eprintln!(
        "loadgen position: {ready} phones joined in {connect_secs:.1} s, {} failed",
        failed.len()
    );
    if !failed.is_empty() {
        let _ = stop_tx.send(true);
        bail!("{} phones could not join, e.g. {}", failed.len(), failed[0]);
    }
    let rss_connected = pid.and_then(procfs::rss_kib);
    let cpu_start = cpu_mark(pid);

    // The window.
    let start = Instant::now() + Duration::from_millis(300);
    start_tx.send_replace(Some(start));
    eprintln!(
        "loadgen position: {} phones answer within {:.1} s",
        args.phones,
        window.as_secs_f64()
    );
    let (mut done, mut lost) = (0u32, 0u32);
    let mut phones_gone = false;
    let mut rss_peak = 0u64;
    let mut sample = tokio::time::interval(Duration::from_millis(250));
    while done + lost < args.phones || !projector.settled() {
        tokio::select! {
            e = events_rx.recv(), if !phones_gone => match e {
                Some(PhoneEvent::Done) => done += 1,
                Some(PhoneEvent::Failed) => lost += 1,
                // Every phone task has ended (each reported first); the projector may still read.
                None => phones_gone = true,
            },
            msg = facilitator.stream.next() => facilitator_message(&mut facilitator, msg).await?,
            msg = projector.conn.stream.next() => {
                projector.on_message(msg, Instant::now(), &expected).await?;
            }
            _ = sample.tick() => {
                if let Some(r) = pid.and_then(procfs::rss_kib) {
                    rss_peak = rss_peak.max(r);
                }
            }
            _ = sleep_until(deadline.into()) => break,
        }
    }
    let all_done_at = Instant::now();
    let cpu_end = cpu_mark(pid);
    let _ = stop_tx.send(true);
    let results = join_phones(handles)?;
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
    let mut fresh = Conn::connect(&viewer, None).await?;
    fresh.sync(Instant::now() + Duration::from_secs(30)).await?;
    let fresh_standings = fresh.board.standings(&exercise, &question);
    let fresh_answers = fresh.board.doc().get_or_insert_map(board::schema::ANSWERS);
    let fresh_exact = expected.shown_by(&fresh_standings)
        && expected.all_final(&fresh_answers, &fresh.board.doc().transact());
    fresh.close().await;

    // Figures.
    let us = |d: Duration| d.as_micros().min(u128::from(u32::MAX)) as u32;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let sent = || results.iter().flat_map(|r| r.sent.iter().copied());
    let (first_sent, last_sent) = (sent().min(), sent().max());
    let since_last = |at: Option<Instant>| Some(at?.saturating_duration_since(last_sent?));
    let after_last: Vec<u32> = results
        .iter()
        .filter_map(|r| since_last(r.done_at).map(us))
        .collect();
    let arrival: Vec<u32> = results
        .iter()
        .filter_map(|r| since_last(r.complete_at).map(us))
        .collect();
    let phone_cost: Vec<u32> = results
        .iter()
        .filter_map(|r| Some(us(r.standings?)))
        .collect();
    // What a room of real phones would see, each on its own CPU: reading the last answer
    // plus this phone's own standings, without the other simulated phones' work.
    let own_cpu: Vec<u32> = results
        .iter()
        .filter_map(|r| Some(us(since_last(r.complete_at)? + r.standings?)))
        .collect();
    let acks: Vec<u32> = results
        .iter()
        .flat_map(|r| r.acks.iter().map(|&d| us(d)))
        .collect();
    let errors: Vec<&String> = results.iter().filter_map(|r| r.error.as_ref()).collect();
    let phones_exact = results.iter().filter(|r| r.done_at.is_some()).count();
    let apply_errors: u64 =
        results.iter().map(|r| r.apply_errors).sum::<u64>() + projector_apply_errors;
    let updates: u64 = results.iter().map(|r| r.updates).sum();
    let secs = (cpu_end.at - cpu_start.at).as_secs_f64();
    let server_cpu = cpu_pct(cpu_start.server, cpu_end.server, secs);
    let own_cpu_pct = cpu_pct(cpu_start.own, cpu_end.own, secs);
    // Whatever else ran meanwhile (builds, browsers) skews the figures.
    let other_cpu = cpu_pct(
        cpu_start.machine.map(|m| m.0),
        cpu_end.machine.map(|m| m.0),
        secs,
    )
    .map(|all| (all - server_cpu.unwrap_or(0.0) - own_cpu_pct.unwrap_or(0.0)).max(0.0));
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
        "answers_sent": sent().count(),
        "phones_changed": results.iter().filter(|r| r.sent.len() > 1).count(),
        "answer_spread_s": match (first_sent, last_sent) {
            (Some(a), Some(b)) => Some((b - a).as_secs_f64()),
            _ => None,
        },
        "projector": {
            "final": projector_done.is_some(),
            "last_answer_to_final_ms": since_last(projector_done).map(ms),
            "last_answer_to_read_ms": since_last(projector_complete).map(ms),
            "standings_ms": dist(projector_cost.iter().map(|&d| us(d)).collect()),
            "wrong_counts": projector_wrong,
        },
        "last_answer_to_phone_final_ms": dist(after_last),
        "last_answer_to_phone_read_ms": dist(arrival),
        "phone_standings_ms": dist(phone_cost),
        "last_answer_to_phone_final_own_cpu_ms": dist(own_cpu),
        "stored_ack_ms": dist(acks),
        "phones_exact": phones_exact,
        "places": places,
        "fresh_client_exact": fresh_exact,
        "all_done_after_window_start_s": all_done_at.saturating_duration_since(start).as_secs_f64(),
        "updates_applied": updates,
        "loadgen": {
            "cpu_pct": own_cpu_pct,
            "other_processes_cpu_pct": other_cpu,
            "cores": std::thread::available_parallelism().map_or(1, |n| n.get()),
        },
        "errors": {
            "phones": errors.len(),
            "example": errors.first(),
            "apply": apply_errors,
        },
        "server_process": {
            "pid": pid,
            "rss_before_kib": rss_before,
            "rss_connected_kib": rss_connected,
            "rss_peak_kib": pid.map(|_| rss_peak),
            "cpu_pct": server_cpu,
        },
    });
    report::print(&summary);
    if let Some(path) = &args.json {
        std::fs::write(path, serde_json::to_string_pretty(&summary)? + "\n")
            .with_context(|| format!("write {}", path.display()))?;
    }
    if projector_done.is_none()
        || !fresh_exact
        || phones_exact != args.phones as usize
        || !errors.is_empty()
        || apply_errors > 0
    {
        bail!("not every answer was counted exactly everywhere (see above)");
    }
    Ok(())
}
