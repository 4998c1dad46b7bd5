//! [`Writes`]: what a board's turns store and publish, written in the background and in
//! order, while the task goes on with the next turn and the other nodes' changes. Before,
//! the task waited for each turn's append (and, with other nodes, its publish): a relayed
//! change or another client's update that came meanwhile waited behind the database.
//!
//! One write is in flight at a time, so the store and the channel get a board's changes in
//! the order it applied them; turns that come while one is in flight are written together
//! next. The acks of a write go out once it is stored and published, with the state vector
//! the document had after its last turn: nothing in it is newer than what was stored.

use std::sync::Arc;
use std::time::Instant;

use tokio::task::JoinHandle;
use tracing::{warn, Instrument};

use super::ConnId;
use crate::board_id::BoardId;
use crate::relay::{Relay, Relayed};
use crate::store::{Store, StoreError};

/// What one turn (or several, merged) leaves to store, publish and acknowledge.
#[derive(Default)]
pub(super) struct Write {
    /// Document changes (v1) to append, in the order they were applied.
    pub appends: Vec<Vec<u8>>,
    /// What the other nodes get, in order (empty without a relay).
    pub publish: Vec<Relayed>,
    /// Connections that get `Stored` once this is written.
    pub acks: Vec<ConnId>,
    /// The document's state vector after the turn, for the acks.
    pub state_vector: Option<Vec<u8>>,
}

impl Write {
    /// Adds a later turn's write to this one.
    fn merge(&mut self, later: Write) {
        self.appends.extend(later.appends);
        for change in later.publish {
            // Consecutive updates go to the other nodes as one entry.
            match (self.publish.last_mut(), change) {
                (
                    Some(Relayed::Update { updates, bindings }),
                    Relayed::Update {
                        updates: more,
                        bindings: more_bindings,
                    },
                ) => {
                    updates.extend(more);
                    bindings.extend(more_bindings);
                }
                (_, change) => self.publish.push(change),
            }
        }
        for conn in later.acks {
            if !self.acks.contains(&conn) {
                self.acks.push(conn);
            }
        }
        if later.state_vector.is_some() {
            self.state_vector = later.state_vector;
        }
    }
}

/// A finished write.
pub(super) struct Written {
    /// The last sequence number, rows and bytes appended (`None` if nothing was); the
    /// store's error if appending failed.
    pub stored: Result<Option<(u64, u64, usize)>, StoreError>,
    /// Connections to acknowledge (only if stored).
    pub acks: Vec<ConnId>,
    /// The state vector the acks carry.
    pub state_vector: Option<Vec<u8>>,
}

/// A board's writes: the one in flight and what waits for it.
pub(super) struct Writes {
    id: BoardId,
    store: Arc<dyn Store>,
    relay: Option<Arc<dyn Relay>>,
    /// A task of its own: the board task's future must stay `Sync`, and a write already
    /// begun finishes even if the board stops waiting for it.
    in_flight: Option<JoinHandle<Written>>,
    /// The acks of the write in flight.
    in_flight_acks: Vec<ConnId>,
    queued: Option<Write>,
}

impl Writes {
    /// No writes yet.
    pub fn new(id: BoardId, store: Arc<dyn Store>, relay: Option<Arc<dyn Relay>>) -> Writes {
        Writes {
            id,
            store,
            relay,
            in_flight: None,
            in_flight_acks: Vec::new(),
            queued: None,
        }
    }

    /// Queues `write` behind the one in flight (or starts it).
    pub fn push(&mut self, write: Write) {
        match self.queued.as_mut() {
            Some(queued) => queued.merge(write),
            None => self.queued = Some(write),
        }
        if self.in_flight.is_none() {
            self.start();
        }
    }

    /// Drops what is in flight and waiting, unacknowledged (after a failed write: what
    /// follows it must not be acknowledged as if the log had no gap).
    pub fn abandon(&mut self) {
        self.in_flight = None;
        self.in_flight_acks.clear();
        self.queued = None;
    }

    /// The connections waiting for an ack of a write in flight or queued. One that is sent
    /// a later turn's updates before its ack must get an ack that covers them too: its
    /// client counts its changes stored only when an ack covers everything it holds.
    pub fn awaiting(&self) -> impl Iterator<Item = ConnId> + '_ {
        self.in_flight_acks
            .iter()
            .chain(self.queued.iter().flat_map(|q| q.acks.iter()))
            .copied()
    }

    /// Whether nothing is in flight or waiting.
    pub fn is_idle(&self) -> bool {
        self.in_flight.is_none() && self.queued.is_none()
    }

    /// Waits for the write in flight to finish and starts the next; never finishes while
    /// there is none. Cancel-safe: the write stays in flight.
    pub async fn next(&mut self) -> Written {
        let Some(in_flight) = self.in_flight.as_mut() else {
            return std::future::pending().await;
        };
        let written = in_flight.await.unwrap_or_else(|e| Written {
            stored: Err(StoreError::Backend(format!("write task: {e}"))),
            acks: Vec::new(),
            state_vector: None,
        });
        self.in_flight = None;
        self.in_flight_acks.clear();
        self.start();
        written
    }

    fn start(&mut self) {
        if let Some(write) = self.queued.take() {
            let (id, store, relay) = (self.id.clone(), self.store.clone(), self.relay.clone());
            self.in_flight_acks = write.acks.clone();
            let span = tracing::Span::current();
            self.in_flight = Some(tokio::spawn(run(id, store, relay, write).instrument(span)));
        }
    }
}

/// Stores and publishes `write` at once: the other nodes' clients then wait for the relay
/// only, not for the database too. An update published but not stored (the append fails)
/// is not lost: its sender is never acknowledged and resends it; and a node that loads the
/// board meanwhile reads the channel from `LOAD_OVERLAP` before its position, so it gets an
/// update whose row was not yet in the store when it loaded.
async fn run(
    id: BoardId,
    store: Arc<dyn Store>,
    relay: Option<Arc<dyn Relay>>,
    write: Write,
) -> Written {
    let Write {
        appends,
        publish,
        acks,
        state_vector,
    } = write;
    let rows = appends.len() as u64;
    let bytes: usize = appends.iter().map(Vec::len).sum();
    let stored = async {
        if appends.is_empty() {
            return Ok(None);
        }
        let started = Instant::now();
        let appended = store.append(&id, appends).await;
        crate::metrics::METRICS
            .store_append
            .observe(started.elapsed());
        appended.map(|seq| Some((seq, rows, bytes)))
    };
    let published = async {
        let Some(relay) = &relay else { return };
        // A failed publish loses nothing: the update is stored, and the other nodes'
        // clients get it on their next load or handshake; it is only not live.
        for change in publish {
            if let Err(e) = relay.publish(&id, change).await {
                warn!(error = %e, "publishing to the other nodes failed");
            }
        }
    };
    let (stored, ()) = tokio::join!(stored, published);
    Written {
        stored,
        acks,
        state_vector,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_writes_keep_order_and_join_consecutive_updates() {
        let mut first = Write {
            appends: vec![vec![1]],
            publish: vec![Relayed::Update {
                updates: vec![vec![1]],
                bindings: vec![(7, "a".into())],
            }],
            acks: vec![1],
            state_vector: Some(vec![1]),
        };
        first.merge(Write {
            appends: vec![vec![2], vec![3]],
            publish: vec![
                Relayed::Update {
                    updates: vec![vec![2], vec![3]],
                    bindings: vec![(8, "b".into())],
                },
                Relayed::Awareness(vec![9]),
            ],
            acks: vec![2, 1],
            state_vector: Some(vec![2]),
        });
        first.merge(Write {
            publish: vec![Relayed::Update {
                updates: vec![vec![4]],
                bindings: vec![],
            }],
            ..Write::default()
        });
        assert_eq!(first.appends, vec![vec![1], vec![2], vec![3]]);
        assert_eq!(
            first.publish,
            vec![
                Relayed::Update {
                    updates: vec![vec![1], vec![2], vec![3]],
                    bindings: vec![(7, "a".into()), (8, "b".into())],
                },
                Relayed::Awareness(vec![9]),
                Relayed::Update {
                    updates: vec![vec![4]],
                    bindings: vec![],
                },
            ]
        );
        assert_eq!(first.acks, vec![1, 2]);
        assert_eq!(first.state_vector, Some(vec![2]), "the later turn's");
    }
}
