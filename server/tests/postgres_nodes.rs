//! Two `kartenwand-server` processes on one PostgreSQL database (`--database-url`), as
//! nodes behind a load balancer: a board created on one is served by the other, and what
//! one node acknowledged (`Stored`) is there on the other after the first is killed with
//! SIGKILL, also across compactions. PostgreSQL is started by the test (tests/support).

#![cfg(feature = "postgres")]

mod common;
#[path = "support/node.rs"]
mod node;
use common::postgres;

use common::{cards, create_board};
use node::start_node;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_one_node_acknowledged_is_on_the_other_after_a_sigkill() {
    let pg = tokio::task::spawn_blocking(postgres::Postgres::start)
        .await
        .expect("PostgreSQL starts");
    let url = pg.new_database();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (mut node_a, addr_a) = start_node(dir.path(), &url, None).await;
    let (mut node_b, addr_b) = start_node(dir.path(), &url, None).await;

    let board = create_board(addr_a, "Two nodes").await;
    let mut writer = board.join(&board.participant).await;
    // Past --compact-after 7: node A compacts the board in PostgreSQL along the way.
    for i in 0..30 {
        writer.set(&format!("card{i}"), &format!("text {i}")).await;
        writer.wait_stored().await;
    }
    let expected = cards(&writer.doc);
    assert_eq!(expected.len(), 30);

    // Node A compacted: the snapshot in the database covers part of the log.
    let (db, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .expect("connects");
    tokio::spawn(conn);
    // Compactions run in the background after the turns: on a loaded machine the first
    // may still be under way when the last write is acknowledged.
    let deadline = tokio::time::Instant::now() + common::TIMEOUT;
    loop {
        let upto: i64 = db
            .query_one(
                "SELECT upto_seq FROM snapshots WHERE board = $1",
                &[&board.id],
            )
            .await
            .expect("a snapshot row")
            .get(0);
        if upto > 0 {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "no compaction ran");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }

    node_a.kill().await.expect("SIGKILL");
    assert_eq!(writer.wait_end().await, common::Ended::Dropped);

    // The other node has never loaded the board: it comes from the database.
    let on_b = board.on(addr_b);
    let fresh = on_b.join(&board.viewer).await;
    assert_eq!(cards(&fresh.doc), expected);

    // The writer resumes on the surviving node and goes on.
    let doc = writer.close().await;
    let mut writer = common::Client::connect_with(&on_b.url(&board.participant), doc)
        .await
        .expect("reconnects to the other node");
    writer.sync().await;
    writer.set("after", "the kill").await;
    writer.wait_stored().await;
    // A node started afresh on the same database sees all of it.
    let (mut node_c, addr_c) = start_node(dir.path(), &url, None).await;
    let fresh = board.on(addr_c).join(&board.viewer).await;
    assert_eq!(cards(&fresh.doc).len(), 31);
    node_b.kill().await.expect("SIGKILL");
    node_c.kill().await.expect("SIGKILL");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_whose_database_is_gone_is_not_ready() {
    let pg = tokio::task::spawn_blocking(postgres::Postgres::start)
        .await
        .expect("PostgreSQL starts");
    let url = pg.new_database();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (mut node, addr) = start_node(dir.path(), &url, None).await;
    let (status, body) = common::http(addr, "GET", "/api/ready", None).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains(r#""database":"ok""#) && body.contains(r#""relay":"none""#),
        "{body}"
    );
    // PostgreSQL stops: the node says so, for the load balancer to send clients elsewhere.
    tokio::task::spawn_blocking(move || drop(pg))
        .await
        .expect("PostgreSQL stops");
    let (status, body) = common::http(addr, "GET", "/api/ready", None).await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains(r#""database":"unreachable""#), "{body}");
    let (status, _) = common::http(addr, "GET", "/api/health", None).await;
    assert_eq!(status, 200, "alive, only not ready");
    node.kill().await.expect("SIGKILL");
}
