//! Moves boards stored by earlier releases (one base64 v2 snapshot per board in localStorage,
//! `kartenwand.board.{id}`) into IndexedDB on first start. Each old copy is removed only
//! after its entry reads back identical; one that fails stays and is tried on the next start.

use base64::{engine::general_purpose::STANDARD, Engine};
use web_sys::IdbDatabase;

use super::log::{self, Format};

const PREFIX: &str = "kartenwand.board.";

/// Moves every old snapshot; stored boards of the new kind merge with it (it is appended).
pub async fn from_local_storage(db: &IdbDatabase) {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return;
    };
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .collect();
    for key in keys {
        let id = &key[PREFIX.len()..];
        let Ok(Some(text)) = storage.get_item(&key) else {
            continue;
        };
        let Ok(bytes) = STANDARD.decode(text.trim()) else {
            leptos::logging::warn!(
                "kartenwand: the old copy of board {id} is not readable; it stays in localStorage"
            );
            continue;
        };
        match move_one(db, id, bytes).await {
            Ok(()) => {
                let _ = storage.remove_item(&key);
            }
            Err(e) => {
                leptos::logging::warn!("kartenwand: board {id} stays in localStorage for now: {e}")
            }
        }
    }
}

/// Appends one snapshot and checks that it reads back byte for byte.
async fn move_one(db: &IdbDatabase, id: &str, bytes: Vec<u8>) -> Result<(), super::StorageError> {
    let keys = log::append_in(db, id, &[(Format::V2, bytes.clone())]).await?;
    let stored = log::read_in(db, id).await?;
    let verified = stored
        .iter()
        .any(|e| keys.contains(&e.key) && e.format == Format::V2 && e.data == bytes);
    if verified {
        Ok(())
    } else {
        Err(super::StorageError::Corrupt(
            "the moved copy did not read back".into(),
        ))
    }
}
