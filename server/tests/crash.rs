//! The real `kartenwand-server` binary, killed with SIGKILL mid-session: after a restart on
//! the same data directory, every update it had acknowledged (`Stored`) is still there, and
//! the tokens it issued still work (the secret is on disk).

mod common;

use std::path::Path;
use std::process::Stdio;

use common::{cards, create_board, Client, TIMEOUT};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

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
