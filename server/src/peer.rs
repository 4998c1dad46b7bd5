//! [`Peer`]: what a board task holds of one connection — a bounded outbox of encoded
//! frames and a [`Closer`] — so the board can send, and disconnect, without knowing sockets.

use std::sync::Arc;

use axum::body::Bytes;
use tokio::sync::{mpsc, watch};

/// Why and how a connection ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseReason {
    /// Websocket close code to send (see `protocol::CLOSE_*`), or `None` to just drop the
    /// socket (the peer is gone already).
    pub code: Option<u16>,
    /// Human-readable reason (sent in the close frame, at most 123 bytes).
    pub reason: String,
}

/// A one-shot "close this connection" signal, shared by the connection's reader, its
/// writer and its board task; the first close wins.
#[derive(Clone, Debug)]
pub struct Closer {
    /// A `watch` channel so any number of tasks can wait for the same close.
    tx: Arc<watch::Sender<Option<CloseReason>>>,
}

impl Default for Closer {
    fn default() -> Self {
        Closer::new()
    }
}

impl Closer {
    /// An open connection's signal.
    pub fn new() -> Closer {
        Closer {
            tx: Arc::new(watch::channel(None).0),
        }
    }

    /// Asks the connection to close with `code` and `reason`. Returns `false` if it was
    /// closing already.
    pub fn close(&self, code: Option<u16>, reason: impl Into<String>) -> bool {
        let mut reason = Some(CloseReason {
            code,
            reason: reason.into(),
        });
        self.tx.send_if_modified(|current| {
            if current.is_none() {
                *current = reason.take();
                true
            } else {
                false
            }
        })
    }

    /// Whether a close was asked for.
    pub fn is_closed(&self) -> bool {
        self.tx.borrow().is_some()
    }

    /// Waits until a close is asked for and returns its reason.
    pub async fn closed(&self) -> CloseReason {
        let mut rx = self.tx.subscribe();
        let reason = match rx.wait_for(|r| r.is_some()).await {
            Ok(r) => r.clone(),
            // Unreachable: `self` holds the sender.
            Err(_) => None,
        };
        reason.unwrap_or_else(|| CloseReason {
            code: None,
            reason: String::new(),
        })
    }
}

/// The board task's handle on one connection.
#[derive(Debug, Clone)]
pub struct Peer {
    /// Encoded frames for the socket; bounded, and the board never waits on it: a full
    /// outbox means the client reads too slowly and is disconnected.
    pub outbox: mpsc::Sender<Bytes>,
    /// Ends the connection.
    pub closer: Closer,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn first_close_wins_and_wakes_every_waiter() {
        let closer = Closer::new();
        let waiter = {
            let closer = closer.clone();
            tokio::spawn(async move { closer.closed().await })
        };
        assert!(!closer.is_closed());
        assert!(closer.close(Some(1008), "too slow"));
        assert!(!closer.close(Some(1000), "bye"));
        let reason = waiter.await.unwrap();
        assert_eq!(reason.code, Some(1008));
        assert_eq!(closer.closed().await.reason, "too slow");
    }
}
