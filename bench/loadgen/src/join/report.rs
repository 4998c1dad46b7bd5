//! The summary of `loadgen join`: per-phone steps from the common start, refusals, who the
//! facilitator and a fresh client see, and the server's and this process's usage.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{json, Value};

use super::phone::Outcome;
use super::{dist_of, JoinArgs};
use crate::crowd::{num, print_usage, Usage};

/// What the summary is made of.
pub struct Inputs<'a> {
    pub args: &'a JoinArgs,
    pub seed: u64,
    pub threads: usize,
    pub outcomes: &'a [Outcome],
    /// Start → the facilitator's document holds every name and card.
    pub facilitator_sees_all: Option<Duration>,
    /// Names and cards of the phones in the facilitator's and a fresh client's document.
    pub seen: (usize, usize),
    pub fresh: (usize, usize),
    pub usage: &'a Usage,
    pub cpu_key: &'a str,
}

/// The summary as JSON (what `--json` writes).
pub fn summary(i: Inputs<'_>) -> Value {
    let o = i.outcomes;
    let mut refusals: BTreeMap<String, usize> = BTreeMap::new();
    for r in o.iter().filter_map(|o| o.refusal.clone()) {
        *refusals.entry(r).or_default() += 1;
    }
    let last_stored = o.iter().filter_map(|o| o.timeline.stored).max();
    let stored = o.iter().filter(|o| o.timeline.stored.is_some()).count();
    let errors: Vec<&String> = o.iter().filter_map(|o| o.error.as_ref()).collect();
    json!({
        "phones": i.args.phones,
        "goal_s": i.args.within.as_secs_f64(),
        "seed": i.seed,
        "threads": i.threads,
        "phones_stored": stored,
        "start_to_last_stored_s": last_stored.map(|d| d.as_secs_f64()),
        "within_goal": stored == o.len() && last_stored.is_some_and(|d| d <= i.args.within),
        "facilitator_sees_all_s": i.facilitator_sees_all.map(|d| d.as_secs_f64()),
        "facilitator_sees": { "names": i.seen.0, "cards": i.seen.1 },
        "fresh_client_sees": { "names": i.fresh.0, "cards": i.fresh.1 },
        "start_to_lookup_ms": dist_of(o, |o| o.timeline.looked_up),
        "start_to_connected_ms": dist_of(o, |o| o.timeline.connected),
        "start_to_synced_ms": dist_of(o, |o| o.timeline.synced),
        "start_to_stored_ms": dist_of(o, |o| o.timeline.stored),
        "written_to_stored_ms": dist_of(o, |o| {
            Some(o.timeline.stored?.saturating_sub(o.timeline.written?))
        }),
        "refused": refusals.values().sum::<usize>(),
        "refusals": refusals,
        "errors": { "phones": errors.len(), "example": errors.first(), "apply": 0 },
        "server_process": i.usage.server_json(i.cpu_key),
        "loadgen": i.usage.loadgen_json(i.cpu_key),
    })
}

/// Prints the summary for a person.
pub fn print(s: &Value, cpu_key: &str) {
    let line = |label: &str, v: &Value| {
        println!(
            "{label:<30}p50 {} ms  p95 {} ms  max {} ms  ({} phones)",
            num(&v["p50"], 0),
            num(&v["p95"], 0),
            num(&v["max"], 0),
            v["count"]
        );
    };
    println!();
    println!(
        "loadgen join: {} phones through the join code (seed {}, {} threads)",
        s["phones"], s["seed"], s["threads"]
    );
    println!(
        "start → last Stored           {} s  ({} of {} stored; goal {} s: {})",
        num(&s["start_to_last_stored_s"], 2),
        s["phones_stored"],
        s["phones"],
        s["goal_s"],
        if s["within_goal"] == json!(true) {
            "met"
        } else {
            "MISSED"
        }
    );
    println!(
        "facilitator sees all          {} s  (names {}, cards {}); fresh client: names {}, cards {}",
        num(&s["facilitator_sees_all_s"], 2),
        s["facilitator_sees"]["names"],
        s["facilitator_sees"]["cards"],
        s["fresh_client_sees"]["names"],
        s["fresh_client_sees"]["cards"]
    );
    line("start → lookup answered", &s["start_to_lookup_ms"]);
    line("start → websocket open", &s["start_to_connected_ms"]);
    line("start → synced", &s["start_to_synced_ms"]);
    line("start → Stored (per phone)", &s["start_to_stored_ms"]);
    line("name + card sent → Stored", &s["written_to_stored_ms"]);
    println!(
        "refused                       {}  {}",
        s["refused"], s["refusals"]
    );
    print_usage(s, cpu_key, "the join");
}
