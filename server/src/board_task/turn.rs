//! What one turn of a board produces: [`Staged`], the frames to send, changes to store,
//! acks and closes, in order. Plain data that the sans-IO core returns; `outbox.rs`
//! delivers it and the task stores it.

use std::collections::VecDeque;

use axum::body::Bytes;
use protocol::Frame;

use super::ConnId;

/// Where a staged frame goes.
#[derive(Debug, Clone, Copy)]
pub(super) enum Target {
    One(ConnId),
    AllBut(ConnId),
    All,
}

/// A connection the board has let go of, and the close frame it gets, if any.
#[derive(Debug)]
pub(super) struct Gone {
    pub conn: ConnId,
    /// Close code and reason; `None` when the connection went away by itself.
    pub close: Option<(u16, String)>,
}

/// What one turn sends and stores, in order: what `BoardDoc` returns for the task to do.
#[derive(Default)]
pub(super) struct Staged {
    /// Document changes (v1) to append, in the order they were applied.
    pub appends: Vec<Vec<u8>>,
    /// Encoded frames to send.
    pub sends: VecDeque<(Target, Bytes)>,
    /// Connections that get `Stored` once the appends are durable.
    pub acks: Vec<ConnId>,
    /// New client-id owners, stored before anything of the turn is relayed: every block a
    /// client has seen relayed then has a durable owner.
    pub bindings: Vec<(u64, String)>,
    /// Awareness updates of this node's clients, for the other nodes (see `relay.rs`).
    pub presence_out: Vec<Vec<u8>>,
    /// Connections to forget (and close), before anything staged is sent.
    pub gone: Vec<Gone>,
    /// The document holds a refused update: stage nothing more, store what is staged, then
    /// rebuild the document from the store.
    pub tainted: bool,
}

impl Staged {
    /// Queues `frame` for `target`.
    pub fn send(&mut self, target: Target, frame: Frame) {
        self.sends.push_back((target, Bytes::from(frame.encode())));
    }

    /// Acknowledges `conn` at the end of the turn (once).
    pub fn ack(&mut self, conn: ConnId) {
        if !self.acks.contains(&conn) {
            self.acks.push(conn);
        }
    }

    /// Lets go of `conn`, closing it with `code` and `reason` if given.
    pub fn gone(&mut self, conn: ConnId, close: Option<(u16, &str)>) {
        let close = close.map(|(code, reason)| (code, reason.to_owned()));
        self.gone.push(Gone { conn, close });
    }
}
