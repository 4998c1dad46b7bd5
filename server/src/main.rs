//! `kartenwand-server`: parses the flags, starts the [`server::Server`], prints where to
//! open the app, and shuts down cleanly on Ctrl-C or SIGTERM.

use anyhow::Context;
use clap::Parser;
use server::{Command, Config, Server};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    let logs = tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr);
    if config.log_json {
        logs.json().init();
    } else {
        logs.init();
    }
    match &config.command {
        Some(Command::Migrate { from_sqlite }) => {
            return migrate(from_sqlite, config.database_url.as_deref()).await;
        }
        Some(Command::Export { to }) => return export(&config, to).await,
        None => {}
    }
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

/// `migrate --from-sqlite DIR`: every board of DIR into the database of `--database-url`.
async fn migrate(from: &std::path::Path, database_url: Option<&str>) -> anyhow::Result<()> {
    let url = database_url.context("migrate needs --database-url (or KARTENWAND_DATABASE_URL)")?;
    let source = open_sqlite(from)?;
    let target = open_postgres(url).await?;
    let done = server::migrate::boards(&source, &*target).await?;
    println!(
        "{} boards copied, {} there already and left as they were; {} templates copied",
        done.boards, done.skipped, done.templates
    );
    Ok(())
}

/// The boards of the data directory `dir`, which must hold them already.
fn open_sqlite(dir: &std::path::Path) -> anyhow::Result<server::SqliteStore> {
    if !dir.join(server::store::DB_FILE).exists() {
        anyhow::bail!("{} has no {}", dir.display(), server::store::DB_FILE);
    }
    server::SqliteStore::open(dir, false)
        .with_context(|| format!("opening the boards in {}", dir.display()))
}

/// `export --to DIR`: every board of the configured store as a board file.
async fn export(config: &server::Config, to: &std::path::Path) -> anyhow::Result<()> {
    let store: std::sync::Arc<dyn server::Store> = match &config.database_url {
        Some(url) => open_postgres(url).await?,
        None => std::sync::Arc::new(open_sqlite(&config.data_dir)?),
    };
    let written = server::board_files::export(&*store, to).await?;
    println!(
        "{written} boards written to {} as board files",
        to.display()
    );
    Ok(())
}

#[cfg(feature = "postgres")]
async fn open_postgres(url: &str) -> anyhow::Result<std::sync::Arc<dyn server::Store>> {
    let store = server::PostgresStore::connect(url)
        .await
        .context("connecting to the database")?;
    Ok(std::sync::Arc::new(store))
}

#[cfg(not(feature = "postgres"))]
async fn open_postgres(_: &str) -> anyhow::Result<std::sync::Arc<dyn server::Store>> {
    anyhow::bail!("this build has no PostgreSQL support (cargo feature `postgres`)")
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
