//! The real `kartenwand-server` binary, killed with SIGKILL mid-session: after a restart on
//! the same data directory, every update it had acknowledged (`Stored`) is still there, and
//! the tokens it issued still work (the secret is on disk).

mod common;

use std::path::Path;
use std::process::Stdio;

use common::{cards, create_board, get, Client, TIMEOUT};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, StateVector, Transact};

/// Starts the binary on a free loopback port; returns it and its address from the
/// "Open:" lines it prints.
async fn start(data_dir: &Path) -> (Child, std::net::SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kartenwand-server"))
        .args(["--listen", "127.0.0.1:0", "--connections-per-second", "0"])
        .args(["--compact-after", "7"])
        .arg("--data-dir")
        .arg(data_dir)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("the server binary starts");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let addr = tokio::time::timeout(TIMEOUT, async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(rest) = line.trim().strip_prefix("http://") {
                let addr = rest.split('/').next().unwrap();
                return addr.parse().unwrap();
            }
        }
        panic!("the server exited before printing its address");
    })
    .await
    .expect("the server prints its address");
    // Keep reading stdout so the server never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (child, addr)
}

#[tokio::test]
async fn acknowledged_updates_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, addr) = start(dir.path()).await;
    let board = create_board(addr, "Crash test").await;
    let mut a = board.join(&board.participant).await;
    let mut b = board.join(&board.participant).await;
    for i in 0..20 {
        let client = if i % 2 == 0 { &mut a } else { &mut b };
        client.set(&format!("card{i}"), &format!("text {i}")).await;
        client.wait_stored().await;
    }
    // One more from each, sent together, acknowledged by a group commit.
    a.set("last-a", "a").await;
    b.set("last-b", "b").await;
    a.wait_stored().await;
    b.wait_stored().await;
    b.wait_until("a's last card", |c| c.get("last-a").is_some())
        .await;
    let mut expected = cards(&b.doc);
    expected.extend(cards(&a.doc));
    assert_eq!(expected.len(), 22);

    server.kill().await.expect("SIGKILL");
    // No close frame: the process is gone.
    assert_eq!(a.wait_end().await, common::Ended::Dropped);

    let (mut restarted, addr2) = start(dir.path()).await;
    let mut board2 = board.clone();
    board2.addr = addr2;
    let fresh: Client = board2.join(&board.viewer).await;
    assert_eq!(cards(&fresh.doc), expected);
    restarted.kill().await.unwrap();
}

/// xorshift64*: reproducible "random" kill moments.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }
}

#[tokio::test]
async fn a_server_killed_twenty_times_under_load_keeps_every_acknowledged_update() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, addr) = start(dir.path()).await;
    let mut board = create_board(addr, "Crash loop").await;
    let mut client = board.join(&board.participant).await;
    let me = client.doc.client_id();
    // Each card with the clock of the writer after writing it: stored once an ack covers it.
    let mut written: Vec<(String, u32)> = Vec::new();
    let mut rng = Rng(0x5eed_cafe_f00d_d00d);
    // Rounds whose kill caught updates that were sent but not yet acknowledged.
    let mut caught_in_flight = 0;
    for round in 0..20 {
        // Stream updates without waiting for acks; kill after a random number of them, so the
        // kill lands anywhere: mid-commit, mid-compaction (every few rows), between turns.
        let burst = 1 + rng.below(40);
        for i in 0..burst {
            let key = format!("r{round}-{i}");
            client.set(&key, "x").await;
            let clock = client.doc.transact().state_vector().get(&me);
            written.push((key, clock));
        }
        server.kill().await.expect("SIGKILL");
        // Read what arrived before the kill: the last Stored is what was acknowledged.
        client.wait_end().await;
        let acked = client
            .stored
            .as_deref()
            .map(|sv| StateVector::decode_v1(sv).unwrap().get(&me))
            .unwrap_or(0);
        if written.last().is_some_and(|(_, c)| *c > acked) {
            caught_in_flight += 1;
        }

        let (next, addr) = start(dir.path()).await;
        server = next;
        board.addr = addr;
        let fresh = board.join(&board.viewer).await;
        let has = fresh.doc.transact().state_vector().get(&me);
        assert!(
            has >= acked,
            "round {round}: acked up to {acked}, stored up to {has}"
        );
        for (key, clock) in written.iter().filter(|(_, c)| *c <= acked) {
            assert!(
                get(&fresh.doc, key).is_some(),
                "round {round}: acknowledged {key} ({clock}) is lost"
            );
        }
        // The writer comes back with its document; the handshake resends what was not stored.
        let doc = client.close().await;
        client = Client::connect_with(&board.url(&board.participant), doc)
            .await
            .unwrap();
        client.sync().await;
    }
    assert!(
        caught_in_flight > 0,
        "no kill landed while updates were in flight"
    );
    let fresh = board.join(&board.viewer).await;
    for (key, _) in &written {
        assert!(
            get(&fresh.doc, key).is_some(),
            "{key} is lost after the last reconnect"
        );
    }
    server.kill().await.unwrap();
}
