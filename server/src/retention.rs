//! `--retention-days N` (off by default): boards nobody used for N days (no connection, no
//! write; see `Store::unused_since`) are deleted as a facilitator would delete them
//! (`delete_board.rs`), checked once at start and then every hour.

use std::time::Duration;

use tokio::task::JoinHandle;
use tracing::{info, warn};

use crate::app::AppState;
use crate::store::{now_ms, StoreError};

/// How often the retention period is checked.
pub const CHECK_EVERY: Duration = Duration::from_secs(3600);

const DAY_MS: i64 = 24 * 3600 * 1000;

/// Deletes every board last used more than `days` days before `now_ms` (ms since the Unix
/// epoch) that is not loaded on this node; returns how many it deleted.
pub async fn sweep(state: &AppState, days: u32, now_ms: i64) -> Result<usize, StoreError> {
    let before = now_ms - i64::from(days) * DAY_MS;
    let mut deleted = 0;
    for id in state.boards.store().unused_since(before).await? {
        // Loaded means connected a moment ago: in use, whatever the store says.
        if state.boards.is_loaded(&id) {
            continue;
        }
        match crate::delete_board::remove(state, &id).await {
            Ok(()) => {
                info!(board = %id, days, "board deleted after the retention period");
                deleted += 1;
            }
            // Another node deleted it meanwhile.
            Err(StoreError::NotFound) => {}
            Err(e) => warn!(board = %id, error = %e, "deleting an unused board failed"),
        }
    }
    Ok(deleted)
}

/// Checks at once and then every [`CHECK_EVERY`], until the handle is aborted.
pub fn spawn(state: AppState, days: u32) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(CHECK_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if let Err(e) = sweep(&state, days, now_ms()).await {
                warn!(error = %e, "checking the retention period failed; next time again");
            }
        }
    })
}
