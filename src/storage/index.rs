//! The list of boards in this browser (`kartenwand.boards`): id, title, card count, last change.
//! The document stays the truth; the index is a cache so the list opens without decoding boards.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

use super::StorageError;

const KEY: &str = "kartenwand.boards";

/// One board as the board list shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardEntry {
    /// The board's id (also its address `/b/{id}`).
    pub id: String,
    /// The board's title, copied from its document.
    pub title: String,
    /// How many cards it holds.
    #[serde(default)]
    pub cards: usize,
    /// Last change, ms since epoch.
    #[serde(default)]
    pub updated: f64,
}

/// All boards stored in this browser, most recently changed first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BoardIndex {
    /// The entries.
    pub boards: Vec<BoardEntry>,
}

impl BoardIndex {
    /// Reads the index; a missing or unreadable index is empty (snapshots are untouched).
    pub fn load() -> BoardIndex {
        let mut index: BoardIndex = LocalStorage::get(KEY).unwrap_or_default();
        index.sort();
        index
    }

    /// Writes the index.
    pub fn save(&self) -> Result<(), StorageError> {
        LocalStorage::set(KEY, self).map_err(StorageError::from)
    }

    /// Adds or replaces an entry.
    pub fn upsert(&mut self, entry: BoardEntry) {
        match self.boards.iter_mut().find(|b| b.id == entry.id) {
            Some(existing) => *existing = entry,
            None => self.boards.push(entry),
        }
        self.sort();
    }

    /// Removes an entry.
    pub fn remove(&mut self, id: &str) {
        self.boards.retain(|b| b.id != id);
    }

    fn sort(&mut self) {
        self.boards.sort_by(|a, b| b.updated.total_cmp(&a.updated));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, updated: f64) -> BoardEntry {
        BoardEntry { id: id.into(), title: id.into(), cards: 0, updated }
    }

    #[test]
    fn upsert_replaces_and_sorts_newest_first() {
        let mut index = BoardIndex::default();
        index.upsert(entry("a", 1.0));
        index.upsert(entry("b", 2.0));
        index.upsert(entry("a", 3.0));
        let ids: Vec<_> = index.boards.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        index.remove("a");
        assert_eq!(index.boards.len(), 1);
        assert_eq!(index.boards[0].id, "b");
    }
}
