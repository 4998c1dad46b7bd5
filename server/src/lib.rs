//! The Kartenwand server: serves the built web app, creates boards with signed access
//! tokens, syncs each board live over the y-websocket protocol, and stores every accepted
//! change durably (SQLite by default) before acknowledging it. docs/API.md describes the
//! HTTP API, the websocket protocol, the limits and the flags.
//!
//! # Layout
//!
//! The files form a chain from the socket to the disk (as in mini-redis):
//!
//! - `config.rs`: [`Config`], the command-line flags.
//! - `app.rs`: [`Server`] (start, shutdown) and [`AppState`], what handlers share.
//! - `listener.rs`: the accept loop: connection caps, header-read timeout, HTTP/1.1 and
//!   websocket upgrades, graceful shutdown.
//! - `conn_slots.rs`: counts of open connections, in total and per client address.
//! - `fd_limit.rs`: fits the connection cap to the process's open-files limit.
//! - `private_fs.rs`: the data directory and its files, readable by the server's user only.
//! - `http.rs`: routes and [`ApiError`]; refuses bad requests before any upgrade.
//! - `invites.rs`: `GET /api/boards/{board}/invites`, the invitation tokens for a facilitator.
//! - `delete_board.rs`: `DELETE /api/boards/{board}`, a facilitator deletes a board on the
//!   server; `retention.rs`: `--retention-days`, unused boards deleted the same way.
//! - `access.rs`: `GET /api/boards/{board}/access`, whether a link's board and token work.
//! - `join_code.rs`: join codes, made by the facilitator and looked up at `/api/join/{code}`.
//! - `rate_limit.rs`: per-IP token buckets for new connections.
//! - `voter_keys.rs`: how many new participant keys (voters) a network brings to a board.
//! - `auth.rs`: [`Role`]s and [`Secret`], which signs and checks tokens.
//! - `board_id.rs`: [`BoardId`], random ids and checks of ids from requests.
//! - `initial_doc.rs`: the document a new board starts with.
//! - `connection.rs`: one websocket: decode frames, forward them, write the outbox, ping, close.
//! - `peer.rs`: [`Peer`] and [`Closer`], how a board task reaches a connection.
//! - `boards.rs`: [`Boards`], board id → running board task, loaded on demand.
//! - `board_task/`: one task per loaded board: store, relay, acknowledge, compact, unload
//!   (the only place that fans out), around `BoardDoc`, the sans-IO core that applies each
//!   message under the write rules and says what to relay, store, acknowledge and close.
//! - `relay.rs`: [`Relay`], how the nodes of a deployment share live board changes;
//!   `redis_relay.rs`: [`RedisRelay`], the relay over Redis Streams (`--redis-url`).
//! - `awareness.rs`: [`Presence`], awareness states with y-protocols semantics.
//! - `held.rs`: updates held back until the history they continue arrives.
//! - `policy.rs`: [`WritePolicy`], what a connection may write ([`SchemaPolicy`]: the rules
//!   of docs/SCHEMA.md, from role, participant key and the key paths an update touched).
//! - `touched.rs`: [`Touched`], deep observers that collect the key paths each transaction
//!   touches under the guarded root maps.
//! - `roots.rs`: the names of the other root types a transaction touches (for `touched.rs`).
//! - `store/`: [`Store`] and [`StoreError`] (`mod.rs`), [`SqliteStore`], [`MemoryStore`].
//! - `headers.rs`: security headers on every response (Content-Security-Policy, nosniff,
//!   no referrer).
//! - `assets.rs`: the embedded app (`../dist`) with single-page-app fallback, each file sent
//!   as the brotli or gzip copy the build made (`encoding.rs` picks by Accept-Encoding).
//! - `addresses.rs`: the URLs to open, printed on start.
//! - `migrate.rs`: `migrate --from-sqlite`, boards from a data directory into PostgreSQL.
//! - `metrics.rs`: `GET /metrics`, counters and store latency for Prometheus.
//! - `qr.rs`: QR codes (SVG) of invitation links, for `GET /api/qr`.
//!
//! The wire format itself is the `protocol` crate, shared with the browser client.

#![warn(missing_docs)]

mod access;
mod addresses;
mod app;
mod assets;
mod auth;
mod awareness;
pub mod board_files;
mod board_id;
mod board_task;
mod boards;
mod client_addr;
mod config;
mod conn_slots;
mod connection;
mod delete_board;
mod encoding;
mod fd_limit;
mod headers;
mod held;
mod http;
mod initial_doc;
mod invites;
mod join_code;
mod listener;
pub mod metrics;
pub mod migrate;
mod owners;
mod peer;
mod policy;
mod private_fs;
mod qr;
mod rate_limit;
#[cfg(feature = "redis")]
mod redis_relay;
mod relay;
pub mod retention;
mod roots;
pub mod store;
pub mod templates;
mod touched;
mod voter_keys;

pub use addresses::urls;
pub use app::{AppState, Inner, Server, StartError};
pub use auth::{Role, Secret};
pub use awareness::Presence;
pub use board_id::BoardId;
pub use board_task::{BoardHandle, BoardMsg, BoardSettings, ConnId};
pub use boards::Boards;
pub use config::{Command, Config};
pub use http::ApiError;
pub use peer::{CloseReason, Closer, Peer};
pub use policy::{Admission, Refusal, SchemaPolicy, WritePolicy, Writer};
#[cfg(feature = "redis")]
pub use redis_relay::RedisRelay;
pub use relay::{Delivered, Position, Relay, RelayError, Relayed};
#[cfg(feature = "postgres")]
pub use store::PostgresStore;
pub use store::{MemoryStore, SqliteStore, Store, StoreError};
pub use touched::{KeyPath, Segment, Touched, MAX_SEGMENTS};
