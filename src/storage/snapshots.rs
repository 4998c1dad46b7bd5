//! One v2-encoded document snapshot per board, base64 in localStorage under `kartenwand.board.{id}`.

use base64::{engine::general_purpose::STANDARD, Engine};
use gloo_storage::{LocalStorage, Storage};

use super::error::{from_js, StorageError};

fn key(board_id: &str) -> String {
    format!("kartenwand.board.{board_id}")
}

/// Stores a snapshot and returns the [`fingerprint`] of what it stored. On failure (quota)
/// the previously stored snapshot stays as it was: `setItem` either replaces the value whole
/// or throws without touching it.
pub fn save(board_id: &str, snapshot_v2: &[u8]) -> Result<u64, StorageError> {
    let encoded = STANDARD.encode(snapshot_v2);
    // Raw setItem rather than `LocalStorage::set`: the snapshot is already a string, and
    // JSON-quoting it would only cost space.
    LocalStorage::raw().set_item(&key(board_id), &encoded).map_err(from_js)?;
    Ok(fnv(&encoded))
}

/// Reads a snapshot; `Ok(None)` when this browser has none for the board.
pub fn load(board_id: &str) -> Result<Option<Vec<u8>>, StorageError> {
    let Some(encoded) = LocalStorage::raw().get_item(&key(board_id)).map_err(from_js)? else {
        return Ok(None);
    };
    STANDARD
        .decode(encoded.trim())
        .map(Some)
        .map_err(|e| StorageError::Corrupt(e.to_string()))
}

/// A fingerprint of the stored snapshot (FNV-1a of its text), to notice cheaply that another
/// copy of the board (another tab, the start page's background sync) saved since; `None`
/// when there is none.
pub fn fingerprint(board_id: &str) -> Option<u64> {
    let encoded = LocalStorage::raw().get_item(&key(board_id)).ok()??;
    Some(fnv(&encoded))
}

/// FNV-1a of a stored snapshot's text.
fn fnv(encoded: &str) -> u64 {
    encoded.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Removes a board's snapshot.
pub fn remove(board_id: &str) {
    LocalStorage::delete(key(board_id));
}
