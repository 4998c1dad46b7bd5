//! The summary of `loadgen position`, printed (the JSON has the same figures).

/// Prints the summary for a person reading the terminal.
pub fn print(s: &serde_json::Value) {
    let f = |v: &serde_json::Value| v.as_f64().map_or("-".into(), |x| format!("{x:.1}"));
    let d = |v: &serde_json::Value| {
        // Two decimals: computing the standings takes well under a millisecond.
        let f = |v: &serde_json::Value| v.as_f64().map_or("-".into(), |x| format!("{x:.2}"));
        format!(
            "p50 {} ms  p99 {} ms  max {} ms  ({})",
            f(&v["p50"]),
            f(&v["p99"]),
            f(&v["max"]),
            v["count"]
        )
    };
    let p = &s["projector"];
    println!(
        "== position: {} phones, answers within {} s, {} changed once (seed {})",
        s["phones"], s["window_s"], s["phones_changed"], s["seed"]
    );
    println!(
        "joined            {} phones in {} s",
        s["phones"],
        f(&s["connect_s"])
    );
    println!(
        "answered          {} answers over {} s",
        s["answers_sent"],
        f(&s["answer_spread_s"])
    );
    println!(
        "last answer → projector shows final counts   {} ms (read after {} ms)",
        f(&p["last_answer_to_final_ms"]),
        f(&p["last_answer_to_read_ms"])
    );
    println!(
        "  projector standings per change             {}",
        d(&p["standings_ms"])
    );
    println!(
        "last answer → phone shows final counts       {}",
        d(&s["last_answer_to_phone_final_ms"])
    );
    println!(
        "  of which: last answer → read by phone      {}",
        d(&s["last_answer_to_phone_read_ms"])
    );
    println!(
        "            standings on the phone           {}",
        d(&s["phone_standings_ms"])
    );
    println!(
        "  each phone on its own CPU (read + own)     {}",
        d(&s["last_answer_to_phone_final_own_cpu_ms"])
    );
    println!(
        "answer → Stored ack                          {}",
        d(&s["stored_ack_ms"])
    );
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
    println!(
        "errors            phones {}  updates that did not apply {}",
        s["errors"]["phones"], s["errors"]["apply"]
    );
    if let Some(e) = s["errors"]["example"].as_str() {
        println!("                  e.g. {e}");
    }
    let sp = &s["server_process"];
    let mib = |v: &serde_json::Value| {
        v.as_f64()
            .map_or("-".into(), |k| format!("{:.1} MiB", k / 1024.0))
    };
    println!(
        "server            RSS before {}  connected {}  peak {}  CPU {} % of a core during the window",
        mib(&sp["rss_before_kib"]),
        mib(&sp["rss_connected_kib"]),
        mib(&sp["rss_peak_kib"]),
        f(&sp["cpu_pct"])
    );
    println!(
        "loadgen           CPU {} % of a core during the window; other processes {} % ({} cores)",
        f(&s["loadgen"]["cpu_pct"]),
        f(&s["loadgen"]["other_processes_cpu_pct"]),
        s["loadgen"]["cores"]
    );
}
