//! `kartenwand-server`: parses the flags, starts the [`server::Server`], prints where to
//! open the app, and shuts down cleanly on Ctrl-C or SIGTERM.

use anyhow::Context;
use clap::Parser;
use server::{Config, Server};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let server = Server::start(config.clone()).await.with_context(|| {
        format!(
            "starting on {} with data in {}",
            config.listen,
            config.data_dir.display()
        )
    })?;
    let urls = server::urls(server.local_addr());
    println!("Kartenwand is running. Open:");
    for (i, url) in urls.iter().enumerate() {
        let note = if i == 0 {
            "(this computer)"
        } else {
            "(other devices on this network)"
        };
        println!("  {url}  {note}");
    }
    shutdown_signal().await;
    println!("Kartenwand is stopping…");
    server.shutdown().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
