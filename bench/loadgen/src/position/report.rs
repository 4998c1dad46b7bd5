//! The summary of `loadgen position`, printed (the JSON has the same figures).

use crate::crowd::{num, print_dist, print_usage};

/// Prints the summary for a person reading the terminal; the CPU figures are under `cpu_key`.
pub fn print(s: &serde_json::Value, cpu_key: &str) {
    let p = &s["projector"];
    println!(
        "== position: {} phones, answers within {} s, {} changed once (seed {})",
        s["phones"], s["window_s"], s["phones_changed"], s["seed"]
    );
    println!(
        "joined            {} phones in {} s",
        s["phones"],
        num(&s["connect_s"], 1)
    );
    println!(
        "answered          {} answers over {} s",
        s["answers_sent"],
        num(&s["answer_spread_s"], 1)
    );
    println!(
        "last answer → projector shows final counts   {} ms (read after {} ms)",
        num(&p["last_answer_to_final_ms"], 1),
        num(&p["last_answer_to_read_ms"], 1)
    );
    // Two decimals: computing the standings takes well under a millisecond.
    let d = |label: &str, v: &serde_json::Value| print_dist(label, v, 2, "");
    d(
        "  projector standings per change             ",
        &p["standings_ms"],
    );
    for (label, key) in [
        (
            "last answer → phone shows final counts       ",
            "last_answer_to_phone_final_ms",
        ),
        (
            "  of which: last answer → read by phone      ",
            "last_answer_to_phone_read_ms",
        ),
        (
            "            standings on the phone           ",
            "phone_standings_ms",
        ),
        (
            "  each phone on its own CPU (read + own)     ",
            "last_answer_to_phone_final_own_cpu_ms",
        ),
        (
            "answer → Stored ack                          ",
            "stored_ack_ms",
        ),
    ] {
        d(label, &s[key]);
    }
    if let Some(places) = s["places"].as_array() {
        let line: Vec<String> = places
            .iter()
            .map(|p| {
                format!(
                    "{} {}/{}/{}",
                    p["place"].as_str().unwrap_or("?"),
                    p["expected"],
                    p["projector"],
                    p["fresh_client"]
                )
            })
            .collect();
        println!(
            "counts (expected/projector/fresh client)  {}",
            line.join(" · ")
        );
    }
    println!(
        "exact             projector {}  phones {} of {}  fresh client {}",
        p["final"], s["phones_exact"], s["phones"], s["fresh_client_exact"]
    );
    print_usage(s, cpu_key, "the window");
}
