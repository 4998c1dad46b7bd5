//! `GET /metrics` after some traffic: Prometheus text with the connections, boards loaded,
//! updates in and out, refused updates, compactions and the store's latency histogram, each
//! counting what the test did.

mod common;

use std::collections::HashMap;

use common::{closed, TestServer, TIMEOUT};
use yrs::Map;

/// The samples of an exposition text: `name{labels}` → value; checks the format on the way.
fn parse(text: &str) -> HashMap<String, f64> {
    let mut samples = HashMap::new();
    for line in text.lines() {
        if line.starts_with("# HELP ") || line.starts_with("# TYPE ") {
            continue;
        }
        let (name, value) = line
            .rsplit_once(' ')
            .unwrap_or_else(|| panic!("not a sample: {line:?}"));
        assert!(name.starts_with("kartenwand_"), "{line}");
        samples.insert(
            name.to_string(),
            value
                .parse()
                .unwrap_or_else(|_| panic!("not a number: {line:?}")),
        );
    }
    samples
}

async fn scrape(server: &TestServer) -> HashMap<String, f64> {
    let (status, head, body) = common::http_with(server.addr, "GET", "/metrics", &[], "").await;
    assert_eq!(status, 200, "{body}");
    assert!(
        head.contains("content-type: text/plain; version=0.0.4"),
        "{head}"
    );
    parse(&body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_the_traffic() {
    let server = TestServer::start_with(|c| c.compact_after = 4).await;
    let before = scrape(&server).await;
    assert_eq!(before["kartenwand_boards_loaded"], 0.0);
    assert_eq!(before["kartenwand_connections"], 0.0);

    let board = server.create_board().await;
    let mut writer = board.join(&board.participant).await;
    let mut reader = board.join(&board.viewer).await;
    for i in 0..10 {
        writer.set(&format!("card{i}"), "text").await;
        writer.wait_stored().await;
    }
    reader
        .wait_until("all cards", |c| c.get("card9").is_some())
        .await;
    // A participant writing the facilitator's `meta` is refused (4403).
    let mut intruder = board.join(&board.participant).await;
    let meta = intruder.doc.get_or_insert_map("meta");
    intruder
        .edit(move |txn| {
            meta.insert(txn, "title", "taken over");
        })
        .await;
    assert_eq!(closed(&mut intruder).await.0, protocol::CLOSE_FORBIDDEN);

    // Compaction runs in the background after the turns, and the refused connection's end
    // is counted once the server has drained its socket: wait for both.
    let deadline = tokio::time::Instant::now() + TIMEOUT;
    let after = loop {
        let m = scrape(&server).await;
        if m["kartenwand_compactions_total"] >= 1.0 && m["kartenwand_connections"] == 2.0 {
            break m;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no compaction counted, or the intruder still open: {m:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    let grew = |name: &str| after[name] - before[name];
    assert_eq!(after["kartenwand_connections"], 2.0, "writer and reader");
    assert_eq!(after["kartenwand_boards_loaded"], 1.0);
    assert!(grew("kartenwand_connections_opened_total") >= 3.0);
    assert!(grew("kartenwand_updates_in_total") >= 10.0);
    // Each card went out to the reader at least (the writer gets no echo).
    assert!(grew("kartenwand_updates_out_total") >= 10.0);
    assert!(grew("kartenwand_updates_refused_total") >= 1.0);
    let count = r#"kartenwand_store_seconds_count{op="append"}"#;
    let inf = r#"kartenwand_store_seconds_bucket{op="append",le="+Inf"}"#;
    assert!(
        after[count] - before[count] >= 10.0,
        "one commit per stored card at least"
    );
    assert_eq!(after[inf], after[count]);
    assert!(after[r#"kartenwand_store_seconds_count{op="load"}"#] >= 1.0);
    assert!(after[r#"kartenwand_store_seconds_sum{op="append"}"#] > 0.0);
    // Buckets are cumulative.
    let le = |bound: &str| {
        after[&format!(r#"kartenwand_store_seconds_bucket{{op="append",le="{bound}"}}"#)]
    };
    assert!(le("0.0005") <= le("0.01") && le("0.01") <= le("2.5") && le("2.5") <= le("+Inf"));
    server.shutdown().await;
}
