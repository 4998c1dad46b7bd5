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
//! - `http.rs`: routes and [`ApiError`]; refuses bad requests before any upgrade.
//! - `invites.rs`: `GET /api/boards/{board}/invites`, the invitation tokens for a facilitator.
//! - `rate_limit.rs`: per-IP token buckets for new connections.
//! - `auth.rs`: [`Role`]s and [`Secret`], which signs and checks tokens.
//! - `board_id.rs`: [`BoardId`], random ids and checks of ids from requests.
//! - `initial_doc.rs`: the document a new board starts with.
//! - `connection.rs`: one websocket: decode frames, forward them, write the outbox, ping, close.
//! - `peer.rs`: [`Peer`] and [`Closer`], how a board task reaches a connection.
//! - `boards.rs`: [`Boards`], board id → running board task, loaded on demand.
//! - `board_task.rs`: one task per loaded board: document, awareness, apply, store, relay,
//!   acknowledge, compact, unload. The only place that fans out.
//! - `awareness.rs`: [`Presence`], awareness states with y-protocols semantics.
//! - `held.rs`: updates held back until the history they continue arrives.
//! - `policy.rs`: [`WritePolicy`], what a connection may write ([`SchemaPolicy`]: the rules
//!   of docs/SCHEMA.md, from role, participant key and the key paths an update touched).
//! - `touched.rs`: [`Touched`], deep observers that collect the key paths each transaction
//!   touches under the guarded root maps.
//! - `store/`: [`Store`] and [`StoreError`] (`mod.rs`), [`SqliteStore`], [`MemoryStore`].
//! - `assets.rs`: the embedded app (`../dist`) with single-page-app fallback.
//! - `addresses.rs`: the URLs to open, printed on start.
//! - `qr.rs`: QR codes (SVG) of invitation links, for `GET /api/qr`.
//!
//! The wire format itself is the `protocol` crate, shared with the browser client.

#![warn(missing_docs)]

mod addresses;
mod app;
mod assets;
mod auth;
mod awareness;
mod board_id;
mod board_task;
mod boards;
mod config;
mod connection;
mod held;
mod http;
mod initial_doc;
mod invites;
mod owners;
mod peer;
mod policy;
mod qr;
mod rate_limit;
pub mod store;
mod touched;

pub use addresses::urls;
pub use app::{AppState, Inner, Server, StartError};
pub use auth::{Role, Secret};
pub use awareness::Presence;
pub use board_id::BoardId;
pub use board_task::{BoardHandle, BoardMsg, BoardSettings, ConnId};
pub use boards::Boards;
pub use config::Config;
pub use http::ApiError;
pub use peer::{CloseReason, Closer, Peer};
pub use policy::{Admission, Refusal, SchemaPolicy, WritePolicy, Writer};
pub use store::{MemoryStore, SqliteStore, Store, StoreError};
pub use touched::{KeyPath, Segment, Touched, MAX_SEGMENTS};
