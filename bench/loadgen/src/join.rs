//! `loadgen join`: a room of phones joins a board at once through its join code, as in a
//! workshop where the facilitator shows the code and everyone types it (issue 13: "35 phones
//! join within 10 s through the join code: all on the board, none refused").
//!
//! The coordinator creates a board, gets its join code with the facilitator token (as the
//! share dialog does) and keeps a facilitator connection online. Then all phones start at the
//! same moment; each looks the code up (`GET /api/join/{code}`), asks whether the link works
//! (`GET /api/boards/{id}/access`, as the app does), connects to `/sync/{board}`
//! with the participant token and its own key, syncs, writes its `participants` entry and one
//! card (two updates, as the app's name dialog and card dialog do) and waits for the
//! server's `Stored` ack. All phones come from one address, as behind a venue's NAT, so the
//! server's per-IP limits apply as they would there.
//!
//! Measured per phone from the common start: lookup answered, websocket open, synced, name
//! and card sent, `Stored`; start → the last `Stored`; start → the facilitator's document
//! holds every phone's name and card; refusals (HTTP 429, other statuses, close codes). A
//! fresh client then loads the board and counts once more.

mod phone;
mod report;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use board::ParticipantKey;
use futures_util::StreamExt;
use tokio::sync::{mpsc, watch};
use tokio::time::sleep_until;

use crate::conn::{parse_duration, Conn};
use crate::crowd::{self, spawn_phones, us, ReportArgs, Usage};
use crate::room::{random_key, Room};
use crate::{dist, http};
use phone::{Outcome, Shared, Spec};

/// Flags of `loadgen join`.
#[derive(clap::Args, Debug)]
pub struct JoinArgs {
    /// The kartenwand-server API base, http://HOST:PORT.
    #[arg(long)]
    url: String,
    /// Number of phones, all starting at the same moment.
    #[arg(long, default_value_t = 35)]
    phones: u32,
    /// The goal: every phone's card stored within this long after the start.
    #[arg(long, default_value = "10s", value_parser = parse_duration)]
    within: Duration,
    /// Give up this long after the start.
    #[arg(long, default_value = "60s", value_parser = parse_duration)]
    timeout: Duration,
    /// Threads the phones run on (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// Seed of the phones' keys (default: random).
    #[arg(long)]
    seed: Option<u64>,
    #[command(flatten)]
    report: ReportArgs,
}

/// Runs `loadgen join`.
pub fn main(args: JoinArgs) -> Result<()> {
    if args.phones == 0 {
        bail!("--phones must be at least 1");
    }
    crowd::coordinate(run(args))
}

/// Where the summary has the CPU figures.
const CPU_KEY: &str = "cpu_pct_during_join";
/// How long the facilitator may still read once every phone has reported.
const SETTLE: Duration = Duration::from_secs(3);

async fn run(args: JoinArgs) -> Result<()> {
    let mut usage = Usage::before(args.report.server_pid);
    let seed = args.seed.unwrap_or_else(|| fastrand::u64(..));
    let mut rng = fastrand::Rng::with_seed(seed);
    let room = Room::create(&args.url, &format!("{} Telefone treten bei", args.phones)).await?;
    let setup_deadline = Instant::now() + Duration::from_secs(30);
    let mut facilitator = room.join("facilitator_token", setup_deadline).await?;
    let code = room.join_code().await?;
    let (host, prefix) = http::split_url(&args.url)?;

    // All phones start at one moment, a little after their threads are up.
    let keys: Vec<ParticipantKey> = (0..args.phones).map(|_| random_key(&mut rng)).collect();
    let ids: HashSet<String> = keys.iter().map(|k| k.id().to_string()).collect();
    let start = Instant::now() + Duration::from_millis(300);
    let deadline = start + args.timeout;
    let (reported_tx, mut reported) = mpsc::unbounded_channel();
    let (stop, stop_rx) = watch::channel(false);
    let shared = Arc::new(Shared {
        host,
        prefix,
        code: code.clone(),
        start,
        deadline,
        reported: reported_tx,
        stop: stop_rx,
    });
    let specs: Vec<Spec> = keys
        .into_iter()
        .enumerate()
        .map(|(i, key)| Spec {
            idx: i as u32,
            key,
            shared: shared.clone(),
        })
        .collect();
    drop(shared);
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, args.phones as usize);
    usage.window_opens();
    let handles = spawn_phones(specs, threads, phone::run, Outcome::failed);
    eprintln!(
        "loadgen join: {} phones join board {} with code {code}",
        args.phones,
        room.field("id")?
    );

    // Until every phone has reported and the facilitator sees them all; once every phone
    // has reported, the facilitator gets `SETTLE` more to read the last updates.
    let mut pending = args.phones;
    let mut facilitator_sees_all: Option<Duration> = None;
    let mut settle = deadline;
    while pending > 0 || facilitator_sees_all.is_none() {
        tokio::select! {
            r = reported.recv(), if pending > 0 => {
                match r {
                    Some(()) => pending -= 1,
                    None => pending = 0,
                }
                if pending == 0 {
                    settle = settle.min(Instant::now() + SETTLE);
                }
            }
            msg = facilitator.stream.next() => {
                facilitator.keep_open(msg, "the facilitator").await?;
                if facilitator_sees_all.is_none() && sees_all(&facilitator, &ids) {
                    facilitator_sees_all = Some(start.elapsed());
                }
            }
            () = usage.sample() => {}
            _ = sleep_until(settle.into()) => break,
        }
    }
    usage.window_closes();
    let _ = stop.send(true);
    let mut outcomes = Vec::with_capacity(args.phones as usize);
    for handle in handles {
        let thread = handle
            .join()
            .map_err(|_| anyhow::anyhow!("a phone thread panicked"))?;
        outcomes.extend(thread?);
    }
    let seen = seen_counts(&facilitator, &ids);
    facilitator.close().await;

    // A fresh client loads the board: names and cards, once more.
    let fresh = room
        .join("viewer_token", Instant::now() + Duration::from_secs(30))
        .await?;
    let fresh_counts = seen_counts(&fresh, &ids);
    fresh.close().await;

    let summary = report::summary(report::Inputs {
        args: &args,
        seed,
        threads,
        outcomes: &outcomes,
        facilitator_sees_all,
        seen,
        fresh: fresh_counts,
        usage: &usage,
        cpu_key: CPU_KEY,
    });
    report::print(&summary, CPU_KEY);
    args.report.write_json(&summary)?;
    let phones = args.phones as usize;
    if outcomes.iter().any(|o| o.error.is_some())
        || seen != (phones, phones)
        || fresh_counts != (phones, phones)
    {
        bail!("not every phone joined and was seen (see above)");
    }
    Ok(())
}

/// Whether `conn`'s document holds a name and a card from each of `ids`.
fn sees_all(conn: &Conn, ids: &HashSet<String>) -> bool {
    seen_counts(conn, ids) == (ids.len(), ids.len())
}

/// How many of `ids` have a `participants` entry, and how many of them wrote a card, in
/// `conn`'s document.
fn seen_counts(conn: &Conn, ids: &HashSet<String>) -> (usize, usize) {
    let named = conn
        .board
        .participants()
        .iter()
        .filter(|p| ids.contains(p.id.as_str()))
        .count();
    let authors: HashSet<String> = conn
        .board
        .cards()
        .into_iter()
        .filter(|c| ids.contains(&c.author))
        .map(|c| c.author)
        .collect();
    (named, authors.len())
}

/// Start → `f(phone)` for every phone that got that far, as `dist` takes them.
pub(crate) fn each(outcomes: &[Outcome], f: impl Fn(&Outcome) -> Option<Duration>) -> Vec<u32> {
    outcomes.iter().filter_map(|o| f(o).map(us)).collect()
}

/// A distribution of `each`.
pub(crate) fn dist_of(
    outcomes: &[Outcome],
    f: impl Fn(&Outcome) -> Option<Duration>,
) -> serde_json::Value {
    dist(each(outcomes, f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ms_figures_come_from_durations() {
        let o = Outcome {
            timeline: phone::Timeline {
                stored: Some(Duration::from_millis(1500)),
                ..Default::default()
            },
            ..Outcome::default()
        };
        assert_eq!(
            each(&[o, Outcome::default()], |o| o.timeline.stored),
            vec![1_500_000]
        );
    }
}
