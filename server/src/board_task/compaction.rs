//! The bookkeeping of a board's stored log: how many rows and bytes lie beyond the snapshot,
//! when to compact, and what a finished compaction changes. Decides, never writes: the task
//! runs the store call.

use std::time::{Duration, Instant};

use tracing::{info, warn};

use crate::board_id::BoardId;
use crate::store::StoreError;

/// Wait before retrying a failed compaction.
const COMPACTION_RETRY: Duration = Duration::from_secs(30);

/// A compaction running in the background: the log it covers at least.
struct Running {
    rows: u64,
    bytes: usize,
}

/// The stored log of one board, as far as the board task knows it.
#[derive(Default)]
pub(super) struct Log {
    /// Sequence number of the newest stored update.
    pub last_seq: u64,
    /// Log rows and bytes not covered by the snapshot.
    pub rows: u64,
    bytes: usize,
    running: Option<Running>,
    retry_at: Option<Instant>,
}

impl Log {
    /// The log as loaded: `rows` rows of `bytes` bytes after the snapshot.
    pub fn loaded(last_seq: u64, rows: u64, bytes: usize) -> Log {
        Log {
            last_seq,
            rows,
            bytes,
            ..Log::default()
        }
    }

    /// Bytes of the log beyond the snapshot.
    #[cfg(test)]
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// `rows` rows of `bytes` bytes were appended, the last with sequence number `seq`.
    pub fn appended(&mut self, seq: u64, rows: u64, bytes: usize) {
        self.last_seq = seq;
        self.rows += rows;
        self.bytes += bytes;
    }

    /// Whether a compaction should start now: the log is past the board's threshold, none
    /// is running, and no failed one is waiting for its retry.
    pub fn due(&self, id: &BoardId, compact_after: u64) -> bool {
        self.rows > threshold(id, compact_after)
            && self.running.is_none()
            && self.retry_at.is_none_or(|t| Instant::now() >= t)
    }

    /// Records that a snapshot covering the whole log is being written; returns the
    /// sequence number it covers up to, or `None` if one is running.
    pub fn start(&mut self) -> Option<u64> {
        if self.running.is_some() {
            return None;
        }
        self.running = Some(Running {
            rows: self.rows,
            bytes: self.bytes,
        });
        Some(self.last_seq)
    }

    /// Whether a compaction is running.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Takes the result of the running compaction (rows deleted, snapshot size); returns
    /// the new stored size (snapshot plus the rows appended meanwhile) if it succeeded.
    pub fn done(&mut self, result: Result<(u64, usize), StoreError>) -> Option<usize> {
        let c = self.running.take()?;
        match result {
            Ok((deleted, snapshot_len)) => {
                self.rows = self.rows.saturating_sub(c.rows);
                self.bytes = self.bytes.saturating_sub(c.bytes);
                self.retry_at = None;
                info!(deleted, snapshot_bytes = snapshot_len, "compacted");
                Some(snapshot_len + self.bytes)
            }
            Err(e) => {
                warn!(error = %e, "compaction failed; the log stays and is retried later");
                self.retry_at = Some(Instant::now() + COMPACTION_RETRY);
                None
            }
        }
    }
}

/// `compact_after`, spread by ±25 % per board (from its id): boards that start together
/// and grow alike would otherwise all compact at the same moment, queueing one burst of
/// work in front of every board's commits.
fn threshold(id: &BoardId, compact_after: u64) -> u64 {
    let hash = id
        .to_string()
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    compact_after - compact_after / 4 + hash % (compact_after / 2).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> BoardId {
        BoardId::parse("compactboard").expect("valid id")
    }

    #[test]
    fn rows_appended_during_a_compaction_stay_in_the_log() {
        let mut log = Log::loaded(10, 5, 500);
        assert!(log.due(&id(), 2));
        assert_eq!(log.start(), Some(10));
        assert!(!log.due(&id(), 2), "one compaction at a time");
        log.appended(12, 2, 30);
        assert_eq!(log.done(Ok((5, 100))), Some(130));
        assert_eq!((log.rows, log.bytes(), log.last_seq), (2, 30, 12));
    }

    #[test]
    fn a_failed_compaction_keeps_the_log_and_waits_before_retrying() {
        let mut log = Log::loaded(10, 5, 500);
        log.start();
        assert_eq!(log.done(Err(StoreError::Backend("disk full".into()))), None);
        assert_eq!((log.rows, log.bytes()), (5, 500));
        assert!(!log.due(&id(), 2));
    }

    #[test]
    fn the_threshold_is_spread_around_compact_after() {
        let t = threshold(&id(), 1000);
        assert!((750..1250).contains(&t), "{t}");
    }
}
