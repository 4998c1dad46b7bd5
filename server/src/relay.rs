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

/// A place in a board's channel (a Redis stream id, `{ms}-{seq}`): every change published
/// is after the positions taken before it. Ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// Milliseconds (the channel's clock when the change was published).
    pub ms: u64,
    /// Order among the changes of the same millisecond.
    pub seq: u64,
}

impl Position {
    /// The position `by` earlier on the channel's clock (the first entry of that millisecond).
    pub fn earlier_by(self, by: std::time::Duration) -> Position {
        let by_ms = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        Position {
            ms: self.ms.saturating_sub(by_ms),
            seq: 0,
        }
    }
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.ms, self.seq)
    }
}

impl std::str::FromStr for Position {
    type Err = RelayError;

    fn from_str(s: &str) -> Result<Position, RelayError> {
        let bad = || RelayError(format!("not a stream position: {s:?}"));
        let (ms, seq) = s.split_once('-').ok_or_else(bad)?;
        Ok(Position {
            ms: ms.parse().map_err(|_| bad())?,
            seq: seq.parse().map_err(|_| bad())?,
        })
    }
}

/// What a board's subscription delivers: each entry of the channel in order, with its
/// position; `change` is `None` for the node's own entries (it has them already), which
/// still move the subscriber's position on (see `BoardTask::catch_up`). The same entry may
/// come twice, by the subscription and by [`Relay::read_after`]: its position tells.
#[derive(Debug)]
pub struct Delivered {
    /// Where the entry stands in the channel.
    pub at: Position,
    /// The change, unless the node published it itself.
    pub change: Option<Relayed>,
}

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

    /// The entries of `board`'s channel after `after`, up to its end now (at most `limit`):
    /// what a node reads to catch up without waiting for its subscription to bring them.
    async fn read_after(
        &self,
        board: &BoardId,
        after: Position,
        limit: usize,
    ) -> Result<Vec<Delivered>, RelayError>;

    /// Tells the other nodes about `change` to `board`.
    async fn publish(&self, board: &BoardId, change: Relayed) -> Result<(), RelayError>;

    /// Every entry of `board`'s channel after `from` (the other nodes' changes, and the
    /// positions of this node's own), until the receiver is dropped.
    fn subscribe(&self, board: &BoardId, from: Position) -> mpsc::Receiver<Delivered>;

    /// Drops what the channel holds of `board` before `before` (after a compaction stored
    /// it all); a node that loads the board later reads the store, not the channel.
    async fn trim(&self, board: &BoardId, before: Position) -> Result<(), RelayError>;

    /// Tells the other nodes that `board` was deleted, and removes what the channel still
    /// holds of its changes.
    async fn delete(&self, board: &BoardId) -> Result<(), RelayError>;

    /// Whether the channel answers now (`GET /api/ready`).
    async fn ping(&self) -> Result<(), RelayError>;
}

#[cfg(test)]
mod tests {
    use super::Position;

    #[test]
    fn positions_read_as_redis_writes_them_and_order_by_time_then_sequence() {
        let a: Position = "1700000000000-0".parse().unwrap();
        let b: Position = "1700000000000-12".parse().unwrap();
        let c: Position = "1700000000001-3".parse().unwrap();
        assert!(Position::default() < a && a < b && b < c);
        assert_eq!(b.to_string(), "1700000000000-12");
        assert!("17-".parse::<Position>().is_err());
        assert!("abc".parse::<Position>().is_err());
        assert!("1-2-3".parse::<Position>().is_err());
        let back = c.earlier_by(std::time::Duration::from_millis(1));
        assert_eq!((back.ms, back.seq), (1700000000000, 0));
        assert_eq!(a.earlier_by(std::time::Duration::MAX), Position::default());
    }
}
