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
//! per phone (what a phone with its own CPU would take). The phones and these figures are
//! `crowd`'s; the round, the ballots and the reveal are this mode's.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Result};
use board::seed::SEED_POINTS;
use board::{Dots, RoundSettings, RoundState, Rules, Tally};
use futures_util::StreamExt;
use serde_json::json;
use tokio::time::sleep_until;
use yrs::{Map, MapRef, Transact};

use crate::conn::{parse_duration, Conn};
use crate::crowd::{
    self, num, print_dist, print_usage, us, Crowd, CrowdArgs, Event, Figures, Phone, ReportArgs,
    Spec, Usage,
};
use crate::dist;
use crate::room::{random_key, Room};

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
    #[command(flatten)]
    crowd: CrowdArgs,
    /// Seed of the random ballots and moments (default: random).
    #[arg(long)]
    seed: Option<u64>,
    #[command(flatten)]
    report: ReportArgs,
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

/// What every phone knows: the round, and its exact tally.
struct Round {
    round: String,
    expected: Expected,
}

/// A phone of `loadgen vote`: one ballot, submitted at its moment after the window opens;
/// it watches the ballots arrive.
struct Voter {
    dots: Dots,
    /// When to submit, after the common start.
    offset: Duration,
    ballots: MapRef,
}

/// A voter sees the revealed round (with the exact tally).
struct SawReveal;

impl Phone for Voter {
    type Plan = (Dots, Duration);
    type Task = Round;
    type Event = SawReveal;
    /// When it saw the reveal.
    type Extra = Option<Instant>;
    const MODE: &'static str = "vote";

    async fn join(
        (dots, offset): Self::Plan,
        conn: &mut Conn,
        task: &Round,
        _idx: u32,
        deadline: Instant,
    ) -> Result<Self> {
        conn.pump_until(deadline, "the open round", |c| {
            c.board
                .round(&task.round)
                .is_some_and(|r| r.state == RoundState::Open)
        })
        .await?;
        let ballots = conn.board.doc().get_or_insert_map(board::schema::BALLOTS);
        Ok(Voter {
            dots,
            offset,
            ballots,
        })
    }

    fn due(&self, start: Instant, n: usize) -> Option<Instant> {
        (n == 0).then(|| start + self.offset)
    }

    async fn act(&self, conn: &mut Conn, task: &Round, _n: usize) -> Result<Instant> {
        conn.act(|b| b.submit_ballot(&task.round, &self.dots))
            .await?
            .map_err(|e| anyhow!("submit_ballot: {e}"))?;
        Ok(Instant::now())
    }

    /// Every ballot is here (a count; the tally only then).
    fn complete(&self, conn: &Conn, task: &Round) -> bool {
        self.ballots.len(&conn.board.doc().transact()) >= task.expected.ballots
    }

    fn shows_final(&self, conn: &Conn, task: &Round) -> Result<bool> {
        let tally = conn.board.tally(&task.round);
        Ok(tally.is_some_and(|t| task.expected.matches(&t)))
    }

    fn after_final(
        &self,
        conn: &Conn,
        task: &Round,
        read_at: Option<Instant>,
        reveal_at: &mut Option<Instant>,
    ) -> Option<SawReveal> {
        if reveal_at.is_some() {
            return None;
        }
        // The tally shown is the one computed before: no ballot arrives after all of them.
        let revealed = conn
            .board
            .round(&task.round)
            .is_some_and(|r| r.state == RoundState::Revealed);
        let same = self.ballots.len(&conn.board.doc().transact()) == task.expected.ballots;
        if !(revealed && same) {
            return None;
        }
        *reveal_at = read_at;
        Some(SawReveal)
    }
}

/// Runs `loadgen vote`.
pub fn main(args: VoteArgs) -> Result<()> {
    if args.phones == 0 {
        bail!("--phones must be at least 1");
    }
    crowd::coordinate(run(args))
}

async fn run(args: VoteArgs) -> Result<()> {
    let mut usage = Usage::before(args.report.server_pid);
    let seed = args.seed.unwrap_or_else(|| fastrand::u64(..));
    let mut rng = fastrand::Rng::with_seed(seed);
    let room = Room::create(
        &args.url,
        &format!("Abstimmung mit {} Telefonen", args.phones),
    )
    .await?;
    let setup_deadline = Instant::now() + Duration::from_secs(30);

    // The facilitator: the seed's fields and an open round with the seed's rules.
    let mut facilitator = room.join("facilitator_token", setup_deadline).await?;
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
    let specs: Vec<Spec<(Dots, Duration)>> = ballots
        .into_iter()
        .enumerate()
        .map(|(i, dots)| {
            let key = random_key(&mut rng);
            Spec {
                idx: i as u32,
                url: room.sync_url(&participant, Some(&key)),
                key,
                plan: (dots, window.mul_f64(rng.f64())),
            }
        })
        .collect();

    // The phones, on their threads.
    let task = Round {
        round: round.clone(),
        expected: expected.clone(),
    };
    let mut crowd = Crowd::<Voter>::spawn(specs, task, &args.crowd, window + args.timeout);

    // Wait for every phone to be ready, reading the facilitator's socket meanwhile.
    while crowd.joining() {
        tokio::select! {
            () = crowd.join_one() => {}
            msg = facilitator.stream.next() => facilitator.keep_open(msg, "the facilitator").await?,
        }
    }
    let connect_secs = crowd.joined("synced")?;
    usage.window_opens();

    // The window.
    let start = Instant::now() + Duration::from_millis(300);
    crowd.open_window(start);
    eprintln!(
        "loadgen vote: {} ballots within {:.1} s",
        args.phones,
        window.as_secs_f64()
    );
    let deadline = crowd.deadline;
    let (mut done, mut lost) = (0u32, 0u32);
    while done + lost < args.phones {
        tokio::select! {
            e = crowd.next_event() => match e {
                Some(Event::Done) => done += 1,
                Some(Event::Failed) => lost += 1,
                Some(Event::Mode(SawReveal)) => {}
                None => break,
            },
            msg = facilitator.stream.next() => facilitator.keep_open(msg, "the facilitator").await?,
            () = usage.sample() => {}
            _ = sleep_until(deadline.into()) => break,
        }
    }
    let all_done_at = Instant::now();
    usage.window_closes();

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
                e = crowd.next_event() => match e {
                    Some(Event::Mode(SawReveal)) => revealed += 1,
                    Some(Event::Failed) => lost += 1,
                    Some(Event::Done) => {}
                    None => break,
                },
                msg = facilitator.stream.next() => facilitator.keep_open(msg, "the facilitator").await?,
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
    let threads = crowd.threads;
    let results = crowd.finish()?;
    facilitator.close().await;

    // A fresh client loads the board: the final tally, once more.
    let projector = room
        .join("viewer_token", Instant::now() + Duration::from_secs(30))
        .await?;
    let tally = projector
        .board
        .tally(&round)
        .ok_or_else(|| anyhow!("the round is gone"))?;
    let final_exact = expected.matches(&tally);
    let final_state = projector.board.round(&round).map(|r| r.state.as_str());
    projector.close().await;

    // Figures.
    let phones = Figures::of(&results);
    let reveal: Vec<u32> = results
        .iter()
        .filter_map(|r| Some(us(r.extra?.saturating_duration_since(reveal_sent?))))
        .collect();
    let submitted = results.iter().filter(|r| !r.sent.is_empty()).count();
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
        "submit_spread_s": phones.spread_s(),
        "last_ballot_to_exact_tally_ms": phones.to_final,
        "last_ballot_to_phone_ms": phones.to_read,
        "phone_tally_ms": phones.own_work,
        "last_ballot_to_exact_tally_own_cpu_ms": phones.own_cpu,
        "stored_ack_ms": phones.acks,
        "reveal_to_phone_ms": dist(reveal),
        "phones_exact": phones.exact,
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
        "updates_applied": phones.updates,
        "loadgen": usage.loadgen_json(CPU_KEY),
        "errors": phones.errors_json(0),
        "server_process": usage.server_json(CPU_KEY),
    });
    print_summary(&summary);
    args.report.write_json(&summary)?;
    if !final_exact
        || phones.exact != args.phones as usize
        || !phones.errors.is_empty()
        || phones.apply_errors > 0
    {
        bail!("the vote did not come out exact (see above)");
    }
    Ok(())
}

/// Where the summary has the CPU figures.
const CPU_KEY: &str = "cpu_pct_during_vote";

fn print_summary(s: &serde_json::Value) {
    let t = &s["final_tally"];
    println!(
        "== vote: {} phones, ballots within {} s (seed {})",
        s["phones"], s["window_s"], s["seed"]
    );
    println!(
        "connected         {} phones in {} s",
        s["phones"],
        num(&s["connect_s"], 1)
    );
    println!(
        "submitted         {} ballots over {} s",
        s["submitted"],
        num(&s["submit_spread_s"], 1)
    );
    for (label, key) in [
        (
            "last ballot → phone tallies all exactly   ",
            "last_ballot_to_exact_tally_ms",
        ),
        (
            "  of which: last ballot → read by phone    ",
            "last_ballot_to_phone_ms",
        ),
        (
            "            tally on the phone             ",
            "phone_tally_ms",
        ),
        (
            "  each phone on its own CPU (read + tally) ",
            "last_ballot_to_exact_tally_own_cpu_ms",
        ),
        (
            "ballot → Stored ack                       ",
            "stored_ack_ms",
        ),
        (
            "reveal → phone shows it                   ",
            "reveal_to_phone_ms",
        ),
    ] {
        print_dist(label, &s[key], 1, " phones");
    }
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
    print_usage(s, CPU_KEY, "the vote");
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
