//! The relay's stream does not grow with a board's whole history: after a compaction (which
//! stores everything published before it began), the node trims the board's stream to the
//! entries of the last `--relay-keep`; the board stays whole for a node that loads it later.

#![cfg(all(feature = "postgres", feature = "redis"))]

mod common;

use std::time::Duration;

use common::{cards, TestServer, TIMEOUT};

/// The board's stream: how many entries it holds, and how many were ever added to it.
async fn stream_counts(redis_url: &str, board: &str) -> (u64, u64) {
    let client = ::redis::Client::open(redis_url).expect("a Redis URL");
    let mut conn = client
        .get_multiplexed_async_connection()
        .await
        .expect("Redis answers");
    let info: std::collections::HashMap<String, ::redis::Value> = ::redis::cmd("XINFO")
        .arg("STREAM")
        .arg(format!("kartenwand:board:{board}"))
        .query_async(&mut conn)
        .await
        .expect("XINFO STREAM");
    let count = |name: &str| match info.get(name) {
        Some(::redis::Value::Int(n)) => *n as u64,
        other => panic!("{name}: {other:?}"),
    };
    (count("length"), count("entries-added"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_compaction_trims_the_board_s_stream() {
    let server = TestServer::two_nodes_with(|config| {
        config.compact_after = 7;
        config.relay_keep = Duration::from_millis(300);
    })
    .await;
    let redis_url = server.services().expect("two nodes").redis_url.clone();
    let board = server.create_board().await;
    let mut writer = board.join(&board.facilitator).await;
    let mut reader = board.join(&board.participant).await;

    // Write until the stream holds fewer entries than were added to it: only trimming
    // removes any (its cap is far away).
    let deadline = tokio::time::Instant::now() + TIMEOUT;
    let mut written = 0;
    loop {
        for _ in 0..10 {
            writer.set(&format!("c{written}"), "x").await;
            written += 1;
        }
        writer.wait_stored().await;
        let (len, added) = stream_counts(&redis_url, &board.id).await;
        if len < added {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the stream kept all {added} entries"
        );
        // Let the next compaction's position move past the kept time.
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let last = format!("c{}", written - 1);
    reader
        .wait_until("every card on the other node", |c| c.get(&last).is_some())
        .await;
    assert_eq!(cards(&reader.doc).len(), written);

    // A node that loads the board now reads it whole from the database.
    let (server, board) = server.restart(&board).await;
    let fresh = board.join(&board.viewer).await;
    assert_eq!(cards(&fresh.doc).len(), written);
    server.shutdown().await;
}
