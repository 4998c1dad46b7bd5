//! The Kartenwand sync wire format: y-websocket framing over `yrs::sync`, without any IO.
//! Shared by the server (`server/`) and the browser client (`src/sync/`); builds natively
//! and for `wasm32-unknown-unknown`.
//!
//! # Layout
//!
//! - `frame.rs`: [`Frame`], one websocket binary message, with [`Frame::decode`] and
//!   [`Frame::encode`]; the message type numbers ([`MSG_SYNC`] …, [`MSG_STORED`]).
//! - `error.rs`: [`ProtocolError`], why bytes are not a frame.
//! - `ack.rs`: [`covers`], whether the server's stored state vector covers local changes.
//! - `shape.rs`: [`inspect_update`] and friends, which check a message's declared counts and
//!   nesting before yrs decodes it, and report the client sections and root writes of an
//!   update for the server's write rules.
//! - `split.rs`: [`split_update`], one large update as several smaller ones that each fit in
//!   a frame ([`PIECE_BYTES`]) and, applied in order, give the same document.
//! - `close.rs`: websocket close codes the server uses ([`CLOSE_MALFORMED`] …).
//!
//! # Wire format
//!
//! Every websocket message is one binary frame `[type: varUint, payload…]` as in
//! [y-websocket](https://github.com/yjs/y-websocket) and
//! [y-protocols](https://github.com/yjs/y-protocols/blob/master/PROTOCOL.md); updates are
//! Yjs update encoding v1. Type numbers from 100 up are Kartenwand's own; stock clients
//! log and ignore them. The full description for other implementers is docs/API.md.

#![warn(missing_docs)]

mod ack;
mod close;
mod error;
mod frame;
mod shape;
mod split;

pub use ack::{covers, covers_sv};
pub use close::*;
pub use error::ProtocolError;
pub use frame::{
    Frame, MSG_AUTH, MSG_AWARENESS, MSG_QUERY_AWARENESS, MSG_STORED, MSG_SYNC, SYNC_STEP1,
    SYNC_STEP2, SYNC_UPDATE,
};
pub use shape::{
    inspect_awareness, inspect_state_vector, inspect_update, ClientSection, RootWrite, ShapeError,
    UpdateShape, MAX_DEPTH,
};
pub use split::{answer_frames, split_update, update_frames, PIECE_BYTES};
