//! Two `kartenwand-server` processes as nodes of one deployment: one PostgreSQL, one Redis
//! (both started by the test on loopback ports), a client of one board on each node. Edits
//! and presence cross between the nodes live, in both directions; the nodes share the
//! token secret through `--secret-file`.

#![cfg(all(feature = "postgres", feature = "redis"))]

mod common;
#[path = "support/node.rs"]
mod node;
use common::postgres;
use common::redis;

use common::{cards, create_board, get};
use node::{start_node, start_node_with};
use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, StateVector, Transact};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_and_presence_cross_between_two_nodes() {
    let pg = tokio::task::spawn_blocking(postgres::Postgres::start)
        .await
        .expect("PostgreSQL starts");
    let redis = tokio::task::spawn_blocking(redis::Redis::start)
        .await
        .expect("Redis starts");
    let url = pg.new_database();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (dir_a, dir_b) = (dir.path().join("a"), dir.path().join("b"));
    let (mut node_a, addr_a) = start_node(&dir_a, &url, Some(&redis.url())).await;
    // Node B has a data directory of its own, and node A's secret (--secret-file): it
    // accepts the links node A issued.
    let secret = dir_a.join("secret.key");
    let (mut node_b, addr_b) =
        start_node_with(&dir_b, &url, Some(&redis.url()), Some(&secret)).await;

    for addr in [addr_a, addr_b] {
        let (status, body) = common::http(addr, "GET", "/api/ready", None).await;
        assert_eq!(status, 200, "{body}");
        assert!(body.contains(r#""relay":"ok""#), "{body}");
    }

    let board = create_board(addr_a, "Two nodes, live").await;
    let mut anna = board.join(&board.participant).await;
    let mut ben = board.on(addr_b).join(&board.participant).await;

    anna.set("from-a", "Anna on node A").await;
    ben.wait_until("Anna's card on node B", |c| c.get("from-a").is_some())
        .await;
    ben.set("from-b", "Ben on node B").await;
    anna.wait_until("Ben's card on node A", |c| c.get("from-b").is_some())
        .await;
    // Many edits in a row, from both sides, arrive complete.
    for i in 0..20 {
        anna.set(&format!("a{i}"), "x").await;
        ben.set(&format!("b{i}"), "y").await;
    }
    anna.wait_until("all of Ben's cards", |c| c.get("b19").is_some())
        .await;
    ben.wait_until("all of Anna's cards", |c| c.get("a19").is_some())
        .await;
    // Each one's own writes are acknowledged (`Stored` covers its own client id; what
    // arrived from the other node after its last ack is the other's to wait for).
    for client in [&mut anna, &mut ben] {
        let me = client.doc.client_id();
        let mine = client.doc.transact().state_vector().get(&me);
        client
            .wait_until("own writes stored", |c| {
                c.stored.as_deref().is_some_and(|sv| {
                    StateVector::decode_v1(sv).is_ok_and(|sv| sv.get(&me) >= mine)
                })
            })
            .await;
    }
    assert_eq!(cards(&anna.doc), cards(&ben.doc));
    assert_eq!(cards(&anna.doc).len(), 42);

    let anna_id = anna.doc.client_id();
    anna.set_awareness(1, r#"{"user":{"name":"Anna"}}"#).await;
    ben.wait_until("Anna's presence on node B", |c| {
        c.awareness_of(anna_id).is_some()
    })
    .await;
    let ben_id = ben.doc.client_id();
    ben.set_awareness(1, r#"{"user":{"name":"Ben"}}"#).await;
    anna.wait_until("Ben's presence on node A", |c| {
        c.awareness_of(ben_id).is_some()
    })
    .await;
    // Leaving removes the presence on the other node too.
    drop(anna.close().await);
    ben.wait_until("Anna's presence gone", |c| {
        c.awareness_of(anna_id).is_none()
    })
    .await;

    // Everything is in the database: a third node without the relay loads it all.
    let (mut node_c, addr_c) = start_node_with(&dir_b, &url, None, Some(&secret)).await;
    let fresh = board.on(addr_c).join(&board.viewer).await;
    assert_eq!(get(&fresh.doc, "from-a").as_deref(), Some("Anna on node A"));
    assert_eq!(cards(&fresh.doc).len(), 42);
    for node in [&mut node_a, &mut node_b, &mut node_c] {
        node.kill().await.expect("SIGKILL");
    }
}
