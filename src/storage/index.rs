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
    /// The access token when the board lives on the Kartenwand server that serves this app;
    /// `None` for a board kept only in this browser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// For the facilitator who created it: the tokens of the invitation links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invites: Option<Invites>,
    /// A board on the server with changes of this browser the server has not confirmed yet
    /// (made offline, or while the last connection was still sending).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unsynced: bool,
}

/// The tokens a facilitator hands out: for participants, and for a read-only projector.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Invites {
    /// Participants may edit and vote.
    pub participant: String,
    /// The projector (viewer) sees everything and changes nothing.
    pub viewer: String,
}

impl BoardEntry {
    /// An entry changed now, with no cards and no tokens yet.
    pub fn new(id: &str, title: String) -> Self {
        BoardEntry {
            id: id.to_string(),
            title,
            cards: 0,
            updated: js_sys::Date::now(),
            token: None,
            invites: None,
            unsynced: false,
        }
    }
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

    /// Adds or replaces an entry; a replacement without a token keeps the known one.
    pub fn upsert(&mut self, mut entry: BoardEntry) {
        match self.boards.iter_mut().find(|b| b.id == entry.id) {
            Some(existing) => {
                if entry.token.is_none() {
                    entry.token = existing.token.take();
                }
                if entry.invites.is_none() {
                    entry.invites = existing.invites.take();
                }
                *existing = entry;
            }
            None => self.boards.push(entry),
        }
        self.sort();
    }

    /// The entry of one board.
    pub fn get(&self, id: &str) -> Option<&BoardEntry> {
        self.boards.iter().find(|b| b.id == id)
    }

    /// Removes an entry.
    pub fn remove(&mut self, id: &str) {
        self.boards.retain(|b| b.id != id);
    }

    fn sort(&mut self) {
        board::sort::sort_by(&mut self.boards, |a, b| b.updated.total_cmp(&a.updated));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, updated: f64) -> BoardEntry {
        BoardEntry {
            id: id.into(),
            title: id.into(),
            cards: 0,
            updated,
            token: None,
            invites: None,
            unsynced: false,
        }
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

    #[test]
    fn saving_a_board_keeps_its_token() {
        let mut index = BoardIndex::default();
        index.upsert(BoardEntry {
            token: Some("participant.x".into()),
            ..entry("a", 1.0)
        });
        index.upsert(entry("a", 2.0));
        assert_eq!(
            index.get("a").and_then(|b| b.token.as_deref()),
            Some("participant.x")
        );
    }
}
