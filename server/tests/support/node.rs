//! A `kartenwand-server` process as one node of several: boards in PostgreSQL, optionally
//! live changes through Redis, on a free loopback port, killed when dropped.

#![allow(dead_code)] // Each test binary uses a part of it.

use std::path::Path;
use std::process::Stdio;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::common::TIMEOUT;

/// Starts a node on a free loopback port with boards in `database_url` and, if given, live
/// changes through `redis_url`; `data_dir` holds the token secret, shared by the nodes.
/// Compacts every few rows (`--compact-after 7`). Returns it and its address.
pub async fn start_node(
    data_dir: &Path,
    database_url: &str,
    redis_url: Option<&str>,
) -> (Child, std::net::SocketAddr) {
    start_node_with(data_dir, database_url, redis_url, None).await
}

/// [`start_node`], signing tokens with the secret in `secret_file` if given.
pub async fn start_node_with(
    data_dir: &Path,
    database_url: &str,
    redis_url: Option<&str>,
    secret_file: Option<&Path>,
) -> (Child, std::net::SocketAddr) {
    start_node_args(data_dir, database_url, redis_url, secret_file, &[]).await
}

/// [`start_node_with`], with further command-line arguments.
pub async fn start_node_args(
    data_dir: &Path,
    database_url: &str,
    redis_url: Option<&str>,
    secret_file: Option<&Path>,
    extra: &[&str],
) -> (Child, std::net::SocketAddr) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kartenwand-server"));
    command
        .args(["--listen", "127.0.0.1:0", "--connections-per-second", "0"])
        .args(extra)
        .args(["--compact-after", "7"])
        .arg("--data-dir")
        .arg(data_dir)
        .env("KARTENWAND_DATABASE_URL", database_url)
        .env("RUST_LOG", "warn");
    if let Some(url) = redis_url {
        command.env("KARTENWAND_REDIS_URL", url);
    }
    if let Some(path) = secret_file {
        command.env("KARTENWAND_SECRET_FILE", path);
    }
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("the server binary starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut lines = BufReader::new(stdout).lines();
    let addr = tokio::time::timeout(TIMEOUT, async {
        while let Ok(Some(line)) = lines.next_line().await {
            if let Some(rest) = line.trim().strip_prefix("http://") {
                let addr = rest.split('/').next().expect("host:port");
                return addr.parse().expect("an address");
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
