//! Two nodes of one deployment in this process, for the write-rule suites: boards in one
//! PostgreSQL, live changes through one Redis (both started on loopback ports, stopped when
//! dropped). The second node reads the other node's changes late ([`Lagging`]), so every
//! write judged there is judged by a node that is behind, unless it catches up first.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use server::{
    BoardId, Config, Delivered, Position, PostgresStore, RedisRelay, Relay, RelayError, Relayed,
    Secret, Server, Store,
};
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::postgres::Postgres;
use super::redis::Redis;

/// How late the second node gets what the first published.
pub const LAG: Duration = Duration::from_millis(400);

/// The database and Redis the nodes share; stopped when dropped.
pub struct Services {
    pub database_url: String,
    pub redis_url: String,
    _postgres: Postgres,
    _redis: Redis,
}

impl Services {
    /// Starts PostgreSQL and Redis (on threads of their own: both block while starting).
    pub async fn start() -> Services {
        let postgres = tokio::task::spawn_blocking(Postgres::start);
        let redis = tokio::task::spawn_blocking(Redis::start);
        let (postgres, redis) = (
            postgres.await.expect("PostgreSQL starts"),
            redis.await.expect("Redis starts"),
        );
        Services {
            database_url: postgres.new_database(),
            redis_url: redis.url(),
            _postgres: postgres,
            _redis: redis,
        }
    }
}

/// Starts node `n` (0 or 1) on the services with `config`; node 1 reads the relay late.
pub async fn start_node(services: &Services, n: usize, config: Config, secret: Secret) -> Server {
    // The nodes' logs with `RUST_LOG=server=info` (errors only by default).
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_test_writer()
        .try_init();
    let store: Arc<dyn Store> = Arc::new(
        PostgresStore::connect(&services.database_url)
            .await
            .expect("the database opens"),
    );
    let redis = RedisRelay::connect(&services.redis_url)
        .await
        .expect("Redis answers");
    let relay: Arc<dyn Relay> = if n == 0 {
        Arc::new(redis)
    } else {
        Arc::new(Lagging {
            inner: redis,
            lag: LAG,
        })
    };
    Server::start_with_relay(config, store, secret, Some(relay))
        .await
        .expect("the node starts")
}

/// A relay whose subscriptions deliver each entry `lag` after it was read: a node behind the
/// others, as one under load or across a slow link is.
struct Lagging {
    inner: RedisRelay,
    lag: Duration,
}

#[async_trait]
impl Relay for Lagging {
    async fn position(&self, board: &BoardId) -> Result<Position, RelayError> {
        self.inner.position(board).await
    }

    async fn read_after(
        &self,
        board: &BoardId,
        after: Position,
        limit: usize,
    ) -> Result<Vec<Delivered>, RelayError> {
        self.inner.read_after(board, after, limit).await
    }

    async fn publish(&self, board: &BoardId, change: Relayed) -> Result<(), RelayError> {
        self.inner.publish(board, change).await
    }

    fn subscribe(&self, board: &BoardId, from: Position) -> mpsc::Receiver<Delivered> {
        let mut read = self.inner.subscribe(board, from);
        let (tx, rx) = mpsc::channel(1024);
        let lag = self.lag;
        tokio::spawn(async move {
            // Each entry waits `lag` from when it was read, not from when the one before it
            // was passed on: late, but as fast as the stream.
            let mut waiting: VecDeque<(Instant, Delivered)> = VecDeque::new();
            loop {
                let due = waiting.front().map(|(at, _)| *at + lag);
                tokio::select! {
                    entry = read.recv() => match entry {
                        Some(entry) => waiting.push_back((Instant::now(), entry)),
                        None => break,
                    },
                    _ = tokio::time::sleep_until(due.unwrap_or_else(Instant::now)), if due.is_some() => {
                        if let Some((_, entry)) = waiting.pop_front() {
                            if tx.send(entry).await.is_err() {
                                return;
                            }
                        }
                    }
                }
            }
            for (at, entry) in waiting {
                tokio::time::sleep_until(at + lag).await;
                if tx.send(entry).await.is_err() {
                    return;
                }
            }
        });
        rx
    }

    async fn trim(&self, board: &BoardId, before: Position) -> Result<(), RelayError> {
        self.inner.trim(board, before).await
    }

    async fn delete(&self, board: &BoardId) -> Result<(), RelayError> {
        self.inner.delete(board).await
    }

    async fn ping(&self) -> Result<(), RelayError> {
        self.inner.ping().await
    }
}
