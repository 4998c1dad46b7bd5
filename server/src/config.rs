//! [`Config`]: the server's command-line flags (each also readable from a `KARTENWAND_*`
//! environment variable), with defaults usable in tests. Nothing here opens or binds.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};

/// Default maximum size of one websocket message (1 MiB).
pub const DEFAULT_MAX_FRAME_BYTES: usize = 1 << 20;
/// Default maximum size of a board's stored document (32 MiB).
pub const DEFAULT_MAX_DOC_BYTES: usize = 32 << 20;
/// Default cap on open connections. A venue is a few hundred devices at most; the server
/// raises its open-files limit to fit this (see `fd_limit.rs`).
pub const DEFAULT_MAX_CONNECTIONS: usize = 4096;
/// Default cap on open connections from one address. A venue's phones share one NAT
/// address, and a browser loading the app opens up to 6 HTTP connections plus its
/// websocket: 512 lets 70 devices load at the same moment behind one address.
pub const DEFAULT_MAX_CONNECTIONS_PER_IP: usize = 512;
/// Default time a connection has to send a request's complete headers.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Flags of `kartenwand-server`. docs/API.md lists them for users.
#[derive(Parser, Debug, Clone)]
#[command(
    name = "kartenwand-server",
    version,
    about = "Kartenwand server: serves the app, syncs boards live (y-websocket), stores them in SQLite (or PostgreSQL)"
)]
pub struct Config {
    /// Address and port to listen on. 0.0.0.0 lets phones on the same network join.
    #[arg(long, env = "KARTENWAND_LISTEN", default_value = "0.0.0.0:8080")]
    pub listen: SocketAddr,

    /// Directory for the SQLite database (kartenwand.sqlite3) and the token secret
    /// (secret.key); created if missing.
    #[arg(long, env = "KARTENWAND_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// Largest websocket message accepted, in bytes; larger ones close the connection (1009).
    #[arg(long, env = "KARTENWAND_MAX_FRAME_BYTES", default_value_t = DEFAULT_MAX_FRAME_BYTES)]
    pub max_frame_bytes: usize,

    /// Largest stored document per board, in bytes; an update that would grow a board past
    /// it is refused and its connection closed (1008).
    #[arg(long, env = "KARTENWAND_MAX_DOC_BYTES", default_value_t = DEFAULT_MAX_DOC_BYTES)]
    pub max_doc_bytes: usize,

    /// New connections (websocket and board creation) per second and client IP address;
    /// 0 turns the limit off.
    #[arg(
        long,
        env = "KARTENWAND_CONNECTIONS_PER_SECOND",
        default_value_t = 10.0
    )]
    pub connections_per_second: f64,

    /// How many connections one IP address may open at once before the per-second rate
    /// applies.
    #[arg(long, env = "KARTENWAND_CONNECTION_BURST", default_value_t = 100)]
    pub connection_burst: u32,

    /// Join code lookups (`GET /api/join/{code}`) per second and client IP address; 0 turns
    /// the limit off.
    #[arg(
        long,
        env = "KARTENWAND_JOIN_LOOKUPS_PER_SECOND",
        default_value_t = 2.0
    )]
    pub join_lookups_per_second: f64,

    /// How many join code lookups one IP address may make at once before the per-second
    /// rate applies (a room of phones behind one router joins at once).
    #[arg(long, env = "KARTENWAND_JOIN_LOOKUP_BURST", default_value_t = 60)]
    pub join_lookup_burst: u32,

    /// New participant keys (voters) one network (an IPv4 address or an IPv6 /64) may
    /// introduce to one board per hour; keys that joined the board before always may. 0 turns
    /// the cap off (load tests from one address).
    #[arg(long, env = "KARTENWAND_NEW_KEYS_PER_HOUR", default_value_t = crate::voter_keys::DEFAULT_CAP)]
    pub new_keys_per_hour: u32,

    /// Messages queued for one client before it counts as too slow and is disconnected
    /// (1008 "too slow").
    #[arg(long, env = "KARTENWAND_OUTBOX_FRAMES", default_value_t = 1024)]
    pub outbox_frames: usize,

    /// Compact a board (write a snapshot, drop the update log it covers) once its log has
    /// more than this many rows. Compaction shares the database with every board's commits,
    /// so doing it rarely keeps their latency low; loading replays at most this many rows.
    #[arg(long, env = "KARTENWAND_COMPACT_AFTER", default_value_t = 2000)]
    pub compact_after: u64,

    /// With `--redis-url`: how long a board's stream keeps changes that a compaction has
    /// stored in its snapshot (e.g. "5m"); a node reading further behind than this would
    /// miss them, so keep it above the 30 s a node that loads a board reads back.
    #[arg(long, env = "KARTENWAND_RELAY_KEEP", default_value = "5m", value_parser = humantime::parse_duration)]
    pub relay_keep: Duration,

    /// Unload a board from memory after it has had no connection for this long
    /// (e.g. "60s", "5m").
    #[arg(long, env = "KARTENWAND_UNLOAD_AFTER", default_value = "60s", value_parser = humantime::parse_duration)]
    pub unload_after: Duration,

    /// Drop an awareness (presence) state that its client has not renewed for this long
    /// (y-protocols' outdatedTimeout).
    #[arg(long, env = "KARTENWAND_AWARENESS_TIMEOUT", default_value = "30s", value_parser = humantime::parse_duration)]
    pub awareness_timeout: Duration,

    /// Send a websocket ping this often; a connection that sent nothing (not even a pong)
    /// for two intervals is closed.
    #[arg(long, env = "KARTENWAND_PING_INTERVAL", default_value = "30s", value_parser = humantime::parse_duration)]
    pub ping_interval: Duration,

    /// After a participant's update was refused once applied (the board rebuilds its
    /// document from the store for that), that participant may not rejoin the board for this
    /// long, doubling with each further refusal up to an hour; "0s" turns it off.
    #[arg(long, env = "KARTENWAND_REFUSAL_COOLDOWN", default_value = "30s", value_parser = humantime::parse_duration)]
    pub refusal_cooldown: Duration,
    /// Open TCP connections (HTTP and websocket) kept at once; further ones are closed at
    /// once (with a 503 if the socket takes it) and existing ones are not affected.
    #[arg(long, env = "KARTENWAND_MAX_CONNECTIONS", default_value_t = DEFAULT_MAX_CONNECTIONS)]
    pub max_connections: usize,

    /// Open TCP connections kept at once from one client IP address (one IPv6 /64); further
    /// ones are closed at once.
    #[arg(long, env = "KARTENWAND_MAX_CONNECTIONS_PER_IP", default_value_t = DEFAULT_MAX_CONNECTIONS_PER_IP)]
    pub max_connections_per_ip: usize,

    /// Close a connection that has not sent a request's complete headers this long after it
    /// opened or after its previous response (slow or idle clients hold descriptors).
    #[arg(long, env = "KARTENWAND_HEADER_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration)]
    pub header_timeout: Duration,

    /// SQLite `synchronous=FULL` (survives power loss, slower) instead of `NORMAL`
    /// (survives a killed process).
    #[arg(long, env = "KARTENWAND_FSYNC")]
    pub fsync: bool,

    /// Keep boards in this PostgreSQL database (`postgres://user:password@host:port/db`)
    /// instead of SQLite in the data directory, so that several server nodes can share
    /// them. The data directory still holds the token secret.
    #[arg(long, env = "KARTENWAND_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// Share live board changes and presence with the other nodes through this Redis
    /// (`redis://host:port`, Redis Streams), so that clients of one board may be on any
    /// node. Use with `--database-url`: the nodes must share the boards' storage too.
    #[arg(
        long,
        env = "KARTENWAND_REDIS_URL",
        hide_env_values = true,
        requires = "database_url"
    )]
    pub redis_url: Option<String>,

    /// Sign tokens with the secret in this file (32 bytes, e.g. one node's `secret.key`)
    /// instead of `secret.key` in the data directory: nodes that share it accept each
    /// other's links.
    #[arg(long, env = "KARTENWAND_SECRET_FILE")]
    pub secret_file: Option<PathBuf>,

    /// Reverse proxies in front of this server (IP addresses, repeatable or comma-separated):
    /// for connections from them, the client's address is read from `X-Forwarded-For`
    /// (rate limits, the per-address caps, logs), and they are exempt from the per-address
    /// connection cap. From anyone else the header is ignored.
    #[arg(
        long = "trusted-proxy",
        env = "KARTENWAND_TRUSTED_PROXY",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// Log lines as JSON objects (one per line, for log collectors) instead of text.
    #[arg(long, env = "KARTENWAND_LOG_JSON")]
    pub log_json: bool,

    /// Delete boards nobody used (no connection, no write) for this many days, checked at
    /// start and every hour; off unless given. Deleted as by their facilitator: gone from
    /// the database, links stop working.
    #[arg(long, env = "KARTENWAND_RETENTION_DAYS", value_parser = clap::value_parser!(u32).range(1..))]
    pub retention_days: Option<u32>,

    /// Something else to do than serving.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What `kartenwand-server` does instead of serving.
#[derive(Subcommand, Debug, Clone)]
pub enum Command {
    /// Copies every board of a single-node data directory (SQLite) into the PostgreSQL
    /// database of `--database-url`, with its log, client-id owners and join code; boards
    /// there already are left as they are. Run it with the single node stopped.
    Migrate {
        /// The data directory whose `kartenwand.sqlite3` to read.
        #[arg(long)]
        from_sqlite: PathBuf,
    },
    /// Writes every board of the store (`--database-url`, else the SQLite of `--data-dir`)
    /// into a directory as board files (`{id}.kartenwand`), which the app opens
    /// ("Datei öffnen"). Boards are read as they are stored; nothing is changed.
    Export {
        /// The directory for the files (created if missing).
        #[arg(long)]
        to: PathBuf,
    },
}

impl Default for Config {
    /// The flags' defaults, ignoring the environment.
    fn default() -> Config {
        Config {
            listen: SocketAddr::from(([0, 0, 0, 0], 8080)),
            data_dir: PathBuf::from("./data"),
            max_frame_bytes: DEFAULT_MAX_FRAME_BYTES,
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
            connections_per_second: 10.0,
            connection_burst: 100,
            join_lookups_per_second: 2.0,
            join_lookup_burst: 60,
            new_keys_per_hour: crate::voter_keys::DEFAULT_CAP,
            outbox_frames: 1024,
            compact_after: 2000,
            relay_keep: Duration::from_secs(300),
            unload_after: Duration::from_secs(60),
            awareness_timeout: Duration::from_secs(30),
            ping_interval: Duration::from_secs(30),
            refusal_cooldown: Duration::from_secs(30),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            max_connections_per_ip: DEFAULT_MAX_CONNECTIONS_PER_IP,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            fsync: false,
            database_url: None,
            redis_url: None,
            secret_file: None,
            trusted_proxies: Vec::new(),
            log_json: false,
            retention_days: None,
            command: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_flags() {
        let parsed = Config::try_parse_from(["kartenwand-server"]).unwrap();
        let default = Config::default();
        // The environment may set KARTENWAND_* variables; compare only when it does not.
        if std::env::vars().all(|(k, _)| !k.starts_with("KARTENWAND_")) {
            assert_eq!(format!("{parsed:?}"), format!("{default:?}"));
        }
    }

    #[test]
    fn durations_parse_humanly() {
        let c = Config::try_parse_from(["x", "--unload-after", "500ms", "--listen", "127.0.0.1:0"])
            .unwrap();
        assert_eq!(c.unload_after, Duration::from_millis(500));
        assert_eq!(c.listen.port(), 0);
    }

    #[test]
    fn the_retention_period_is_off_unless_given_and_never_zero() {
        let c = Config::try_parse_from(["x", "--retention-days", "30"]).unwrap();
        assert_eq!(c.retention_days, Some(30));
        assert!(Config::try_parse_from(["x", "--retention-days", "0"]).is_err());
    }
}
