//! [`Server`]: wires the configuration, the store, the boards and the routes together,
//! binds the listener and runs the accept loop; [`AppState`] is what every request handler sees.

use std::net::SocketAddr;
use std::ops::Deref;
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tracing::{info, warn};

use crate::auth::Secret;
use crate::board_task::BoardSettings;
use crate::boards::Boards;
use crate::config::Config;
use crate::conn_slots::Slots;
use crate::connection::ConnSettings;
use crate::listener::{self, Limits};
use crate::policy::SchemaPolicy;
use crate::rate_limit::RateLimiter;
use crate::relay::{Relay, RelayError};
use crate::store::{SqliteStore, Store, StoreError};
use crate::voter_keys::VoterKeys;
use crate::{fd_limit, http, private_fs};

/// The smallest `--max-frame-bytes` that takes a client's update pieces (`protocol::PIECE_BYTES`)
/// with their framing.
const MIN_FRAME_BYTES: usize = protocol::PIECE_BYTES + 16;

/// How long shutdown waits for boards to write their final snapshots.
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(10);

/// What request handlers share. Cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// The shared parts of [`AppState`].
pub struct Inner {
    /// Loaded boards and the store.
    pub boards: Boards,
    /// Signs and checks tokens.
    pub secret: Secret,
    /// Connection rate per IP.
    pub limiter: RateLimiter,
    /// Join code lookups per IP (`join_code.rs`): codes must not be guessed in bulk.
    pub join_limiter: RateLimiter,
    /// New participant keys per network and board (one device must not become many voters).
    pub voter_keys: VoterKeys,
    /// Limits each connection gets.
    pub conn_settings: ConnSettings,
    /// Open websocket connections (for `/api/health`).
    pub connections: Arc<AtomicUsize>,
    /// The addresses the app can be opened at (for `/api/addresses`): phones in venue mode
    /// need the laptop's LAN address, not the `localhost` the facilitator typed.
    pub urls: Vec<String>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`client_addr.rs`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The data directory, the secret or the listening socket.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The database.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// The relay to the other nodes.
    #[error("{0}")]
    Relay(#[from] RelayError),
}

/// The PostgreSQL store at `url`, if this build has it (feature `postgres`).
async fn open_database(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    #[cfg(feature = "postgres")]
    {
        let store = crate::store::PostgresStore::connect(url).await?;
        info!("boards in PostgreSQL");
        Ok(Arc::new(store))
    }
    #[cfg(not(feature = "postgres"))]
    {
        let _ = url;
        Err(StoreError::Backend(
            "this build has no PostgreSQL support (cargo feature `postgres`)".into(),
        ))
    }
}

/// The relay to the other nodes over Redis at `url`, if this build has it (feature `redis`).
async fn open_relay(url: &str) -> Result<Arc<dyn Relay>, RelayError> {
    #[cfg(feature = "redis")]
    {
        let relay = crate::redis_relay::RedisRelay::connect(url).await?;
        info!("live changes shared with the other nodes through Redis");
        Ok(Arc::new(relay))
    }
    #[cfg(not(feature = "redis"))]
    {
        let _ = url;
        Err(RelayError(
            "this build has no Redis support (cargo feature `redis`)".into(),
        ))
    }
}

/// A running server.
pub struct Server {
    addr: SocketAddr,
    boards: Boards,
    stop: Option<oneshot::Sender<()>>,
    serving: JoinHandle<()>,
    /// The retention period's checks (`--retention-days`), if on.
    retention: Option<JoinHandle<()>>,
}

impl Server {
    /// Opens `{data_dir}` (creating it, the secret and the database as needed) and starts
    /// serving on `config.listen`.
    pub async fn start(config: Config) -> Result<Server, StartError> {
        private_fs::create_dir(&config.data_dir)?;
        let secret = match &config.secret_file {
            Some(path) => Secret::load(path)?,
            None => Secret::load_or_create(&config.data_dir)?,
        };
        info!(data_dir = %config.data_dir.display(), "data directory");
        let store: Arc<dyn Store> = match &config.database_url {
            Some(url) => open_database(url).await?,
            None => Arc::new(SqliteStore::open(&config.data_dir, config.fsync)?),
        };
        Server::start_with(config, store, secret).await
    }

    /// Starts serving on `config.listen` with the given store and secret
    /// (`config.data_dir` is not used).
    pub async fn start_with(
        config: Config,
        store: Arc<dyn Store>,
        secret: Secret,
    ) -> Result<Server, StartError> {
        let relay = match &config.redis_url {
            Some(url) => Some(open_relay(url).await?),
            None => None,
        };
        Server::start_with_relay(config, store, secret, relay).await
    }

    /// [`Server::start_with`] with the given relay to the other nodes instead of the one
    /// `config.redis_url` names (a node embedded in a test, with a relay made to lag).
    pub async fn start_with_relay(
        config: Config,
        store: Arc<dyn Store>,
        secret: Secret,
        relay: Option<Arc<dyn Relay>>,
    ) -> Result<Server, StartError> {
        let boards = Boards::with_relay(
            store,
            Arc::new(SchemaPolicy),
            BoardSettings {
                max_doc_bytes: config.max_doc_bytes,
                compact_after: config.compact_after,
                relay_keep: config.relay_keep,
                unload_after: config.unload_after,
                awareness_timeout: config.awareness_timeout,
                refusal_cooldown: config.refusal_cooldown,
            },
            relay,
        );
        if config.max_frame_bytes < MIN_FRAME_BYTES {
            // Clients cut large updates to `PIECE_BYTES`; below that, large boards never sync.
            warn!(
                max_frame_bytes = config.max_frame_bytes,
                pieces = protocol::PIECE_BYTES,
                "--max-frame-bytes is below the size clients cut updates to"
            );
        }
        let tcp = TcpListener::bind(config.listen).await?;
        let addr = tcp.local_addr()?;
        let state = AppState(Arc::new(Inner {
            boards: boards.clone(),
            secret,
            limiter: RateLimiter::new(config.connections_per_second, config.connection_burst),
            join_limiter: RateLimiter::new(
                config.join_lookups_per_second,
                config.join_lookup_burst,
            ),
            voter_keys: VoterKeys::new(config.new_keys_per_hour, crate::voter_keys::DEFAULT_WINDOW),
            conn_settings: ConnSettings {
                max_frame_bytes: config.max_frame_bytes,
                outbox_frames: config.outbox_frames,
                ping_interval: config.ping_interval,
            },
            connections: Arc::new(AtomicUsize::new(0)),
            urls: crate::addresses::urls(addr),
            trusted_proxies: config.trusted_proxies.clone(),
        }));
        let limits = Limits {
            slots: Slots::new(
                fd_limit::fit_connection_cap(config.max_connections),
                config.max_connections_per_ip,
                config.trusted_proxies.clone(),
            ),
            header_timeout: config.header_timeout,
        };
        let retention = config
            .retention_days
            .map(|days| crate::retention::spawn(state.clone(), days));
        let (stop, stopped) = oneshot::channel::<()>();
        let serving = tokio::spawn(listener::serve(tcp, http::router(state), limits, async {
            let _ = stopped.await;
        }));
        info!(%addr, "listening");
        crate::assets::warn_if_uncompressed();
        Ok(Server {
            addr,
            boards,
            stop: Some(stop),
            serving,
            retention,
        })
    }

    /// The address it listens on (with the real port when started on port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, closes every websocket (1001), writes each loaded board's final
    /// snapshot and returns.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(retention) = self.retention.take() {
            retention.abort();
        }
        self.boards.shutdown(SHUTDOWN_TIMEOUT).await;
        match tokio::time::timeout(SHUTDOWN_TIMEOUT, &mut self.serving).await {
            Ok(Ok(())) => info!("stopped"),
            Ok(Err(e)) => warn!(error = %e, "server task failed"),
            Err(_) => {
                warn!("HTTP connections still open after {SHUTDOWN_TIMEOUT:?}; stopping anyway");
                self.serving.abort();
            }
        }
    }
}
