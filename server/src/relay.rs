//! [`Relay`]: how the board tasks of several server nodes share live changes of a board.
//! A node publishes what it stored (and its clients' presence); the other nodes that have
//! the board loaded apply it and pass it to their clients. `redis_relay.rs` implements it
//! over Redis Streams; without `--redis-url` there is no relay and a node is alone.

use async_trait::async_trait;
use tokio::sync::mpsc;

use crate::board_id::BoardId;

/// A change one node tells the others about.
#[derive(Debug, Clone, PartialEq)]
pub enum Relayed {
    /// Document updates (v1) that the publishing node has stored, and the client-id owners
    /// it bound with them (see `owners.rs`).
    Update {
        /// The updates, in the order they were stored.
        updates: Vec<Vec<u8>>,
        /// New client-id owners, as stored.
        bindings: Vec<(u64, String)>,
    },
    /// An awareness update (y-protocols encoding) from one of the node's clients.
    Awareness(Vec<u8>),
    /// The board was deleted (by its facilitator or the retention period): close its
    /// connections with `CLOSE_BOARD_DELETED` and unload it.
    Deleted,
}

/// Where a node's subscription to a board starts: changes published after this position.
pub type Position = String;

/// Why the relay failed.
#[derive(thiserror::Error, Debug)]
#[error("relay: {0}")]
pub struct RelayError(pub String);

/// The channel between the nodes.
#[async_trait]
pub trait Relay: Send + Sync + 'static {
    /// The position of the newest change of `board`; taken before the board is loaded
    /// from the store, so that no change published meanwhile is missed.
    async fn position(&self, board: &BoardId) -> Result<Position, RelayError>;

    /// Tells the other nodes about `change` to `board`.
    async fn publish(&self, board: &BoardId, change: Relayed) -> Result<(), RelayError>;

    /// The changes other nodes publish for `board` after `from`, until the receiver is
    /// dropped.
    fn subscribe(&self, board: &BoardId, from: Position) -> mpsc::Receiver<Relayed>;

    /// Tells the other nodes that `board` was deleted, and removes what the channel still
    /// holds of its changes.
    async fn delete(&self, board: &BoardId) -> Result<(), RelayError>;

    /// Whether the channel answers now (`GET /api/ready`).
    async fn ping(&self) -> Result<(), RelayError>;
}
