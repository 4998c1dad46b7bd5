//! [`Outboxes`]: the joined connections' outboxes and closers, and the delivery of a turn's
//! [`Staged`] frames to them. The only code that writes to a connection's outbox.

use std::collections::HashMap;

use axum::body::Bytes;
use protocol::{Frame, CLOSE_POLICY};
use tokio::sync::mpsc;
use tracing::warn;

use super::doc::BoardDoc;
use super::turn::{Staged, Target};
use super::ConnId;
use crate::peer::Peer;

/// The joined connections' outboxes and closers: how the board task reaches its sockets.
#[derive(Default)]
pub(super) struct Outboxes {
    peers: HashMap<ConnId, Peer>,
}

impl Outboxes {
    /// Adds a connection that is joining (the board may still turn it away).
    pub fn insert(&mut self, conn: ConnId, peer: Peer) {
        self.peers.insert(conn, peer);
    }

    /// Closes every connection with `code`.
    pub fn close_all(&mut self, code: u16, reason: &str) {
        for (_, peer) in self.peers.drain() {
            peer.closer.close(Some(code), reason);
        }
    }

    /// Closes what the turn let go of, then sends everything staged, then the acks (with
    /// the document's state vector). A connection whose outbox is full is disconnected as
    /// too slow; one whose outbox is closed is forgotten.
    pub fn deliver(&mut self, doc: &mut BoardDoc, mut staged: Staged) {
        if !staged.acks.is_empty() {
            let stored = Bytes::from(Frame::Stored(doc.state_vector_v1()).encode());
            for conn in std::mem::take(&mut staged.acks) {
                staged.sends.push_back((Target::One(conn), stored.clone()));
            }
        }
        self.let_go(&mut staged);
        let mut failed: Vec<(ConnId, bool)> = Vec::new();
        while let Some((target, bytes)) = staged.sends.pop_front() {
            // A sync message (0) of type update (2): a document update to count as sent.
            let update = bytes.starts_with(&[0, 2]);
            let mut send = |conn: ConnId, peer: &Peer| match peer.outbox.try_send(bytes.clone()) {
                Ok(()) => {
                    if update {
                        crate::metrics::METRICS.updates_out.inc();
                    }
                }
                Err(mpsc::error::TrySendError::Full(_)) => failed.push((conn, true)),
                Err(mpsc::error::TrySendError::Closed(_)) => failed.push((conn, false)),
            };
            match target {
                Target::One(conn) => {
                    if let Some(peer) = self.peers.get(&conn) {
                        send(conn, peer);
                    }
                }
                Target::AllBut(except) => {
                    for (conn, peer) in &self.peers {
                        if *conn != except {
                            send(*conn, peer);
                        }
                    }
                }
                Target::All => {
                    for (conn, peer) in &self.peers {
                        send(*conn, peer);
                    }
                }
            }
            for (conn, full) in failed.drain(..) {
                if full {
                    let capacity = self.peers.get(&conn).map_or(0, |p| p.outbox.max_capacity());
                    warn!(conn, capacity, "client reads too slowly; disconnecting");
                    let reason = format!("too slow: more than {capacity} messages waiting");
                    doc.kick(conn, CLOSE_POLICY, &reason, &mut staged);
                } else {
                    doc.remove(conn, &mut staged);
                }
            }
            // Removing a connection may stage a presence removal for the others.
            self.let_go(&mut staged);
        }
    }

    /// Forgets (and closes) the connections in `staged.gone`.
    fn let_go(&mut self, staged: &mut Staged) {
        for gone in staged.gone.drain(..) {
            if let Some(peer) = self.peers.remove(&gone.conn) {
                if let Some((code, reason)) = gone.close {
                    peer.closer.close(Some(code), reason);
                }
            }
        }
    }
}
