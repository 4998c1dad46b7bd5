//! `loadgen vote`: a room of phones votes through a running `kartenwand-server`.
//!
//! A facilitator client creates a board (`POST /api/boards`), the seed's fields and a round
//! with the seed's rules, and opens it. N phones connect, each a `board::Board` with its own
//! participant key on its own websocket, and each submits one valid ballot
//! (`Board::submit_ballot`) at a random moment within the window. Every phone applies what
//! the server relays and, once its document holds N ballots, tallies it; the phone is done
//! when that tally is exact (every ballot counted, none invalid, each field's points as
//! expected). Measured: last ballot submitted → each phone done (p50/p99/max), submit →
//! `Stored` ack, and, after the facilitator closes and reveals the round, reveal → each phone
//! sees it. A fresh client then loads the board and checks the final tally once more.
//!
//! The simulated phones share this machine's cores, a real room does not: the end-to-end
//! figure includes every other phone's tally on the same core. So it is split up too: last
//! ballot → read by the phone (the server's delivery), the phone's own tally, and their sum
//! per phone (what a phone with its own CPU would take).
//!
//! `board::Board` is not `Send`, so phones run on a few threads, each with a single-threaded
//! runtime and a `LocalSet`; one clock (`Instant`) serves all of them.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use board::seed::SEED_POINTS;
use board::{Dots, ParticipantKey, RoundSettings, RoundState, Rules, Tally};
use futures_util::StreamExt;
use serde_json::json;
use tokio::sync::{mpsc, watch, Semaphore};
use tokio::time::sleep_until;
use yrs::{Map, Transact};

use crate::conn::{parse_duration, Conn, Step};
use crate::room::{join_phones, random_key, spawn_phones, thread_count, Room};
use crate::{dist, procfs};

/// Flags of `loadgen vote`.
#[derive(clap::Args, Debug)]
pub struct VoteArgs {
    /// The kartenwand-server API base, http://HOST:PORT.
    #[arg(long)]
    url: String,
    /// Number of phones; each submits one ballot.
    #[arg(long, default_value_t = 200)]
    phones: u32,
    /// Window in which the ballots are submitted, each at a random moment: `10s`, `500ms`.
    #[arg(long, default_value = "10s", value_parser = parse_duration)]
    within: Duration,
    /// Give up this long after the window if not every phone is done.
    #[arg(long, default_value = "60s", value_parser = parse_duration)]
    timeout: Duration,
    /// Threads the phones run on (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// Phones connecting (and syncing) at once.
    #[arg(long, default_value_t = 50)]
    connect_concurrency: usize,
    /// Seed of the random ballots and moments (default: random).
    #[arg(long)]
    seed: Option<u64>,
    /// PID of the server process, for its memory (VmRSS) and CPU time.
    #[arg(long)]
    server_pid: Option<u32>,
    /// Writes the summary as JSON to this file.
    #[arg(long)]
    json: Option<PathBuf>,
}

/// What the tally of a round must be: every ballot counted, none invalid, these points.
#[derive(Debug, Clone)]
struct Expected {
    ballots: u32,
    /// Field id → points; every field of the round, including those with none.
    points: BTreeMap<String, u32>,
}

impl Expected {
    fn matches(&self, tally: &Tally) -> bool {
        tally.counted == self.ballots
            && tally.invalid.is_empty()
            && tally.unsubmitted == 0
            && tally.items.len() == self.points.len()
            && tally
                .items
                .iter()
                .all(|i| self.points.get(&i.id) == Some(&i.points))
    }
}

/// Random valid ballots under the seed's rules (5 dots, at most 2 per field, at least 3
/// fields), fields drawn with the seed's points as weights so that the ranking looks like
/// the seed's; and their exact totals.
fn random_ballots(
    fields: &[(String, u32)],
    n: u32,
    rng: &mut fastrand::Rng,
) -> (Vec<Dots>, BTreeMap<String, u32>) {
    let rules = Rules::SEED;
    let mut totals: BTreeMap<String, u32> = fields.iter().map(|(id, _)| (id.clone(), 0)).collect();
    let mut ballots = Vec::with_capacity(n as usize);
    while ballots.len() < n as usize {
        let k = rng.u32(rules.min_items..=rules.dots.min(fields.len() as u32)) as usize;
        let mut chosen: Vec<&String> = Vec::with_capacity(k);
        while chosen.len() < k {
            let weights: u32 = fields
                .iter()
                .filter(|(id, _)| !chosen.contains(&id))
                .map(|(_, p)| p + 2)
                .sum();
            let mut pick = rng.u32(0..weights);
            for (id, p) in fields.iter().filter(|(id, _)| !chosen.contains(&id)) {
                if pick < p + 2 {
                    chosen.push(id);
                    break;
                }
                pick -= p + 2;
            }
        }
        let mut dots: Dots = chosen.iter().map(|id| ((*id).clone(), 1)).collect();
        let want = rng.u32(k as u32..=rules.dots);
        while board::used(&dots) < want {
            let id = chosen[rng.usize(0..k)];
            let n = dots.get_mut(id.as_str()).expect("chosen");
            if *n < rules.max_per_item {
                *n += 1;
            }
        }
        if rules.check(&dots, fields.len()).is_err() {
            continue;
        }
        for (id, n) in &dots {
            *totals.get_mut(id).expect("a field") += n;
        }
        ballots.push(dots);
    }
    (ballots, totals)
}

/// One phone's part.
struct PhoneSpec {
    idx: u32,
    url: String,
    key: ParticipantKey,
    dots: Dots,
    /// When to submit, after the common start.
    offset: Duration,
}

/// What every phone shares (all `Send`, since phones run on several threads).
struct PhoneShared {
    round: String,
    expected: Expected,
    gate: Arc<Semaphore>,
    /// Each phone reports once: synced (and sees the open round), or why not.
    ready: mpsc::UnboundedSender<Result<(), String>>,
    /// The window's start, once every phone is ready.
    start: watch::Receiver<Option<Instant>>,
    /// Phones report here when their tally is exact (`Done`) and when they see the reveal.
    events: mpsc::UnboundedSender<PhoneEvent>,
    /// `true`: close the connection and finish.
    stop: watch::Receiver<bool>,
    deadline: Instant,
}

enum PhoneEvent {
    /// Its document tallies every ballot exactly.
    Done,
    /// It sees the revealed round (with the exact tally).
    SawReveal,
    /// It failed after it was ready (the coordinator stops waiting for it).
    Failed,
}

#[derive(Debug, Default)]
struct PhoneResult {
    error: Option<String>,
    /// Reported ready to the coordinator.
    ready: bool,
    submitted_at: Option<Instant>,
    acked_at: Option<Instant>,
    /// When the message that brought the last missing ballot was read from the socket.
    complete_at: Option<Instant>,
    /// How long its tally took (the phone's own CPU work before it can show the result).
    tally: Option<Duration>,
    done_at: Option<Instant>,
    reveal_at: Option<Instant>,
    updates: u64,
    apply_errors: u64,
}

async fn phone(spec: PhoneSpec, shared: Arc<PhoneShared>) -> PhoneResult {
    let mut result = PhoneResult::default();
    if let Err(e) = phone_inner(&spec, &shared, &mut result).await {
        let why = format!("phone {}: {e:#}", spec.idx);
        // Whoever waits for this phone must not wait forever.
        if result.ready {
            let _ = shared.events.send(PhoneEvent::Failed);
        } else {
            let _ = shared.ready.send(Err(why.clone()));
        }
        result.error = Some(why);
    }
    result
}

async fn phone_inner(
    spec: &PhoneSpec,
    shared: &PhoneShared,
    result: &mut PhoneResult,
) -> Result<()> {
    let permit = shared.gate.acquire().await?;
    let mut conn = Conn::connect(&spec.url, Some(spec.key.clone())).await?;
    conn.sync(shared.deadline).await?;
    conn.pump_until(shared.deadline, "the open round", |c| {
        c.board
            .round(&shared.round)
            .is_some_and(|r| r.state == RoundState::Open)
    })
    .await?;
    drop(permit);
    let _ = shared.ready.send(Ok(()));
    result.ready = true;
    let ballots = conn.board.doc().get_or_insert_map(board::schema::BALLOTS);
    let mut start_rx = shared.start.clone();
    let mut stop_rx = shared.stop.clone();
    let mut submit_at: Option<Instant> = *start_rx.borrow_and_update();
    submit_at = submit_at.map(|s| s + spec.offset);
    let mut my_clock = 0;
    loop {
        let due = submit_at.filter(|_| result.submitted_at.is_none());
        let mut changed = false;
        let mut read_at = None;
        tokio::select! {
            msg = conn.stream.next() => {
                read_at = Some(Instant::now());
                match conn.on_message(msg).await? {
                    Step::Applied => {
                        result.updates += 1;
                        changed = true;
                    }
                    Step::Other => {}
                    Step::Closed(why) => bail!("closed by the server: {why}"),
                }
            }
            _ = sleep_until(due.unwrap_or(shared.deadline).into()), if due.is_some() => {
                conn.act(|b| b.submit_ballot(&shared.round, &spec.dots)).await?
                    .map_err(|e| anyhow!("submit_ballot: {e}"))?;
                result.submitted_at = Some(Instant::now());
                read_at = result.submitted_at;
                my_clock = conn.board.state_vector().get(&conn.board.doc().client_id());
                changed = true;
            }
            r = start_rx.changed(), if submit_at.is_none() => {
                r.map_err(|_| anyhow!("the coordinator is gone"))?;
                submit_at = start_rx.borrow_and_update().map(|s| s + spec.offset);
            }
            r = stop_rx.changed() => {
                if r.is_err() || *stop_rx.borrow() {
                    break;
                }
            }
            _ = sleep_until(shared.deadline.into()) => bail!("timed out"),
        }
        if result.submitted_at.is_some()
            && result.acked_at.is_none()
            && conn.stored.get(&conn.board.doc().client_id()) >= my_clock
        {
            result.acked_at = Some(Instant::now());
        }
        if !changed {
            continue;
        }
        if result.done_at.is_none() {
            // Cheap first: the number of ballots; the tally only once they are all there.
            let count = ballots.len(&conn.board.doc().transact());
            if count >= shared.expected.ballots {
                if result.complete_at.is_none() {
                    result.complete_at = read_at;
                    // The phones of this thread share its CPU, a real room does not: let the
                    // others read the same update before this one spends time on its tally,
                    // so that reading times show the server's delivery, not the simulation.
                    tokio::task::yield_now().await;
                }
                let started = Instant::now();
                let tally = conn.board.tally(&shared.round);
                if tally.is_some_and(|t| shared.expected.matches(&t)) {
                    result.done_at = Some(Instant::now());
                    result.tally = Some(started.elapsed());
                    let _ = shared.events.send(PhoneEvent::Done);
                }
            }
        }
        if result.done_at.is_some() && result.reveal_at.is_none() {
            // The tally shown is the one computed above: no ballot arrives after all of them.
            let revealed = conn
                .board
                .round(&shared.round)
                .is_some_and(|r| r.state == RoundState::Revealed);
            let same = ballots.len(&conn.board.doc().transact()) == shared.expected.ballots;
            if revealed && same {
                result.reveal_at = read_at;
                let _ = shared.events.send(PhoneEvent::SawReveal);
            }
        }
    }
    result.apply_errors = conn.errors;
    if let Some(e) = &conn.error_example {
        eprintln!(
            "loadgen vote: phone {}: an update did not apply: {e}",
            spec.idx
        );
    }
    conn.close().await;
    Ok(())
}

/// Runs `loadgen vote`.
pub fn main(args: VoteArgs) -> Result<()> {
    if args.phones == 0 {
        bail!("--phones must be at least 1");
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    // The coordinator holds `Board`s (not `Send`): a local set on this thread.
    tokio::task::LocalSet::new().block_on(&rt, run(args))
}

async fn run(args: VoteArgs) -> Result<()> {
    let pid = args.server_pid;
    let rss_before = pid.and_then(procfs::rss_kib);
    let seed = args.seed.unwrap_or_else(|| fastrand::u64(..));
    let mut rng = fastrand::Rng::with_seed(seed);
    let room = Room::create(
        &args.url,
        &format!("Abstimmung mit {} Telefonen", args.phones),
    )
    .await?;
    let setup_deadline = Instant::now() + Duration::from_secs(30);

    // The facilitator: the seed's fields and an open round with the seed's rules.
    let mut facilitator = Conn::connect(
        &room.sync_url(&room.field("facilitator_token")?, None),
        None,
    )
    .await?;
    facilitator.sync(setup_deadline).await?;
    let (round, fields) = facilitator
        .act(|b| -> Result<(String, Vec<(String, u32)>)> {
            let mut fields = Vec::new();
            for (i, (title, points)) in SEED_POINTS.iter().enumerate() {
                let (x, y) = ((i % 5) as f64 * 320.0, (i / 5) as f64 * 400.0);
                fields.push((b.add_cluster(title, x, y)?, *points));
            }
            let round = b.add_round(&RoundSettings::seed(
                "Welche Handlungsfelder sind am wichtigsten?",
            ))?;
            b.set_round_state(&round, RoundState::Open)?;
            Ok((round, fields))
        })
        .await??;
    facilitator
        .pump_until(setup_deadline, "the round to be stored", Conn::all_stored)
        .await?;

    let (ballots, totals) = random_ballots(&fields, args.phones, &mut rng);
    let expected = Expected {
        ballots: args.phones,
        points: totals,
    };
    let window = args.within;
    let participant = room.field("participant_token")?;
    let specs: Vec<PhoneSpec> = ballots
        .into_iter()
        .enumerate()
        .map(|(i, dots)| {
            let key = random_key(&mut rng);
            PhoneSpec {
                idx: i as u32,
                url: room.sync_url(&participant, Some(&key)),
                key,
                dots,
                offset: window.mul_f64(rng.f64()),
            }
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
        round: round.clone(),
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
            move |spec| phone(spec, shared.clone()),
            |why| PhoneResult {
                error: Some(why),
                ..PhoneResult::default()
            },
        )
    };
    drop(shared);

    // Wait for every phone to be ready, reading the facilitator's socket meanwhile.
    let (mut ready, mut failed) = (0u32, Vec::new());
    while ready + (failed.len() as u32) < args.phones {
        tokio::select! {
            r = ready_rx.recv() => match r {
                Some(Ok(())) => ready += 1,
                Some(Err(e)) => failed.push(e),
                None => break,
            },
            msg = facilitator.stream.next() => {
                if let Step::Closed(why) = facilitator.on_message(msg).await? {
                    bail!("the facilitator was disconnected: {why}");
                }
            }
        }
    }
    let connect_secs = connect_started.elapsed().as_secs_f64();
    eprintln!(
        "loadgen vote: {ready} phones synced in {connect_secs:.1} s, {} failed",
        failed.len()
    );
    if !failed.is_empty() {
        let _ = stop_tx.send(true);
        bail!("{} phones could not join, e.g. {}", failed.len(), failed[0]);
    }
    let rss_connected = pid.and_then(procfs::rss_kib);
    let cpu_start = (
        pid.and_then(|p| procfs::cpu_ticks(Some(p))),
        procfs::cpu_ticks(None),
        Instant::now(),
        procfs::machine_ticks().map(|m| m.0),
    );

    // The window.
    let start = Instant::now() + Duration::from_millis(300);
    start_tx.send_replace(Some(start));
    eprintln!(
        "loadgen vote: {} ballots within {:.1} s",
        args.phones,
        window.as_secs_f64()
    );
    let (mut done, mut lost) = (0u32, 0u32);
    let mut rss_peak = 0u64;
    let mut sample = tokio::time::interval(Duration::from_millis(250));
    while done + lost < args.phones {
        tokio::select! {
            e = events_rx.recv() => match e {
                Some(PhoneEvent::Done) => done += 1,
                Some(PhoneEvent::Failed) => lost += 1,
                Some(PhoneEvent::SawReveal) => {}
                None => break,
            },
            msg = facilitator.stream.next() => {
                if let Step::Closed(why) = facilitator.on_message(msg).await? {
                    bail!("the facilitator was disconnected: {why}");
                }
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
    let cpu_end = (
        pid.and_then(|p| procfs::cpu_ticks(Some(p))),
        procfs::cpu_ticks(None),
        Instant::now(),
        procfs::machine_ticks().map(|m| m.0),
    );

    // Close and reveal; every phone sees it.
    let mut revealed = 0u32;
    let reveal_sent = if done == args.phones {
        facilitator
            .act(|b| -> Result<()> {
                b.set_round_state(&round, RoundState::Closed)?;
                b.set_round_state(&round, RoundState::Revealed)?;
                Ok(())
            })
            .await??;
        let sent = Instant::now();
        let reveal_deadline = sent + Duration::from_secs(30);
        while revealed + lost < args.phones {
            tokio::select! {
                e = events_rx.recv() => match e {
                    Some(PhoneEvent::SawReveal) => revealed += 1,
                    Some(PhoneEvent::Failed) => lost += 1,
                    Some(PhoneEvent::Done) => {}
                    None => break,
                },
                msg = facilitator.stream.next() => {
                    if let Step::Closed(why) = facilitator.on_message(msg).await? {
                        bail!("the facilitator was disconnected: {why}");
                    }
                }
                _ = sleep_until(reveal_deadline.into()) => break,
            }
        }
        facilitator
            .pump_until(reveal_deadline, "the reveal to be stored", Conn::all_stored)
            .await?;
        Some(sent)
    } else {
        None
    };
    let _ = stop_tx.send(true);
    let results = join_phones(handles)?;
    facilitator.close().await;

    // A fresh client loads the board: the final tally, once more.
    let mut projector =
        Conn::connect(&room.sync_url(&room.field("viewer_token")?, None), None).await?;
    projector
        .sync(Instant::now() + Duration::from_secs(30))
        .await?;
    let tally = projector
        .board
        .tally(&round)
        .ok_or_else(|| anyhow!("the round is gone"))?;
    let final_exact = expected.matches(&tally);
    let final_state = projector.board.round(&round).map(|r| r.state.as_str());
    projector.close().await;

    // Figures.
    let last_submit = results.iter().filter_map(|r| r.submitted_at).max();
    let first_submit = results.iter().filter_map(|r| r.submitted_at).min();
    let us = |d: Duration| d.as_micros().min(u128::from(u32::MAX)) as u32;
    let after_last: Vec<u32> = results
        .iter()
        .filter_map(|r| Some(us(r.done_at?.saturating_duration_since(last_submit?))))
        .collect();
    let acks: Vec<u32> = results
        .iter()
        .filter_map(|r| Some(us(r.acked_at?.saturating_duration_since(r.submitted_at?))))
        .collect();
    let reveal: Vec<u32> = results
        .iter()
        .filter_map(|r| Some(us(r.reveal_at?.saturating_duration_since(reveal_sent?))))
        .collect();
    let errors: Vec<&String> = results.iter().filter_map(|r| r.error.as_ref()).collect();
    let submitted = results.iter().filter(|r| r.submitted_at.is_some()).count();
    let phones_exact = results.iter().filter(|r| r.done_at.is_some()).count();
    let apply_errors: u64 = results.iter().map(|r| r.apply_errors).sum();
    let updates: u64 = results.iter().map(|r| r.updates).sum();
    let secs = (cpu_end.2 - cpu_start.2).as_secs_f64();
    let cpu = |a: Option<u64>, b: Option<u64>| {
        Some((b? as f64 - a? as f64) / procfs::TICKS_PER_SEC / secs * 100.0)
    };
    let server_cpu = cpu(cpu_start.0, cpu_end.0);
    let own_cpu = cpu(cpu_start.1, cpu_end.1);
    // Whatever else ran meanwhile (builds, browsers) skews the figures.
    let other_cpu = cpu(cpu_start.3, cpu_end.3)
        .map(|all| (all - server_cpu.unwrap_or(0.0) - own_cpu.unwrap_or(0.0)).max(0.0));
    let arrival: Vec<u32> = results
        .iter()
        .filter_map(|r| Some(us(r.complete_at?.saturating_duration_since(last_submit?))))
        .collect();
    let tally_cost: Vec<u32> = results.iter().filter_map(|r| Some(us(r.tally?))).collect();
    // What a room of real phones would see, each tallying on its own CPU: reading the last
    // ballot plus this phone's own tally, without the other simulated phones' tallies.
    let own_cpu_estimate: Vec<u32> = results
        .iter()
        .filter_map(|r| {
            let read = r.complete_at?.saturating_duration_since(last_submit?);
            Some(us(read + r.tally?))
        })
        .collect();
    let points: Vec<serde_json::Value> = tally
        .items
        .iter()
        .map(|i| json!({ "field": i.title, "points": i.points, "expected": expected.points.get(&i.id) }))
        .collect();
    let summary = json!({
        "phones": args.phones,
        "window_s": window.as_secs_f64(),
        "seed": seed,
        "threads": threads,
        "connect_s": connect_secs,
        "submitted": submitted,
        "submit_spread_s": match (first_submit, last_submit) {
            (Some(a), Some(b)) => Some((b - a).as_secs_f64()),
            _ => None,
        },
        "last_ballot_to_exact_tally_ms": dist(after_last),
        "last_ballot_to_phone_ms": dist(arrival),
        "phone_tally_ms": dist(tally_cost),
        "last_ballot_to_exact_tally_own_cpu_ms": dist(own_cpu_estimate),
        "stored_ack_ms": dist(acks),
        "reveal_to_phone_ms": dist(reveal),
        "phones_exact": phones_exact,
        "phones_saw_reveal": revealed,
        "all_done_after_window_start_s": (all_done_at - start).as_secs_f64(),
        "final_tally": {
            "exact": final_exact,
            "counted": tally.counted,
            "invalid": tally.invalid.len(),
            "total_points": tally.total(),
            "expected_total": expected.points.values().sum::<u32>(),
            "state": final_state,
            "points": points,
        },
        "updates_applied": updates,
        "loadgen": {
            "cpu_pct_during_vote": own_cpu,
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
            "cpu_pct_during_vote": server_cpu,
        },
    });
    print_summary(&summary);
    if let Some(path) = &args.json {
        std::fs::write(path, serde_json::to_string_pretty(&summary)? + "\n")
            .with_context(|| format!("write {}", path.display()))?;
    }
    if !final_exact
        || phones_exact != args.phones as usize
        || !errors.is_empty()
        || apply_errors > 0
    {
        bail!("the vote did not come out exact (see above)");
    }
    Ok(())
}

fn print_summary(s: &serde_json::Value) {
    let f = |v: &serde_json::Value| v.as_f64().map_or("-".into(), |x| format!("{x:.1}"));
    let d = |v: &serde_json::Value| {
        format!(
            "p50 {} ms  p99 {} ms  max {} ms  ({} phones)",
            f(&v["p50"]),
            f(&v["p99"]),
            f(&v["max"]),
            v["count"]
        )
    };
    let t = &s["final_tally"];
    println!(
        "== vote: {} phones, ballots within {} s (seed {})",
        s["phones"], s["window_s"], s["seed"]
    );
    println!(
        "connected         {} phones in {} s",
        s["phones"],
        f(&s["connect_s"])
    );
    println!(
        "submitted         {} ballots over {} s",
        s["submitted"],
        f(&s["submit_spread_s"])
    );
    println!(
        "last ballot → phone tallies all exactly   {}",
        d(&s["last_ballot_to_exact_tally_ms"])
    );
    println!(
        "  of which: last ballot → read by phone    {}",
        d(&s["last_ballot_to_phone_ms"])
    );
    println!(
        "            tally on the phone             {}",
        d(&s["phone_tally_ms"])
    );
    println!(
        "  each phone on its own CPU (read + tally) {}",
        d(&s["last_ballot_to_exact_tally_own_cpu_ms"])
    );
    println!(
        "ballot → Stored ack                       {}",
        d(&s["stored_ack_ms"])
    );
    println!(
        "reveal → phone shows it                   {}",
        d(&s["reveal_to_phone_ms"])
    );
    println!(
        "final tally       exact {}  counted {}  invalid {}  points {} of {}  ({})",
        t["exact"], t["counted"], t["invalid"], t["total_points"], t["expected_total"], t["state"]
    );
    if let Some(points) = t["points"].as_array() {
        let line: Vec<String> = points
            .iter()
            .map(|p| format!("{} {}", p["field"].as_str().unwrap_or("?"), p["points"]))
            .collect();
        println!("                  {}", line.join(" · "));
    }
    println!(
        "errors            phones {}  updates that did not apply {}",
        s["errors"]["phones"], s["errors"]["apply"]
    );
    if let Some(e) = s["errors"]["example"].as_str() {
        println!("                  e.g. {e}");
    }
    let p = &s["server_process"];
    let mib = |v: &serde_json::Value| {
        v.as_f64()
            .map_or("-".into(), |k| format!("{:.1} MiB", k / 1024.0))
    };
    println!(
        "server            RSS before {}  connected {}  peak {}  CPU {} % of a core during the vote",
        mib(&p["rss_before_kib"]),
        mib(&p["rss_connected_kib"]),
        mib(&p["rss_peak_kib"]),
        f(&p["cpu_pct_during_vote"])
    );
    println!(
        "loadgen           CPU {} % of a core during the vote; other processes {} % ({} cores)",
        f(&s["loadgen"]["cpu_pct_during_vote"]),
        f(&s["loadgen"]["other_processes_cpu_pct"]),
        s["loadgen"]["cores"]
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_ballots_keep_the_rules_and_add_up() {
        let fields: Vec<(String, u32)> = SEED_POINTS
            .iter()
            .map(|(t, p)| (t.to_string(), *p))
            .collect();
        let mut rng = fastrand::Rng::with_seed(7);
        let (ballots, totals) = random_ballots(&fields, 200, &mut rng);
        assert_eq!(ballots.len(), 200);
        for b in &ballots {
            assert_eq!(Rules::SEED.check(b, fields.len()), Ok(()), "{b:?}");
        }
        for (id, total) in &totals {
            let sum: u32 = ballots
                .iter()
                .map(|b| b.get(id).copied().unwrap_or(0))
                .sum();
            assert_eq!(sum, *total, "{id}");
        }
        assert_eq!(totals.len(), fields.len());
        // The seed's favourite stays ahead of the field nobody chose.
        assert!(totals["Bildung"] > totals["Segregation entgegenwirken"]);
    }
}
