//! Whole-board operations on what this browser stores: create, open, rename, delete.
//! Each keeps the snapshot and the board list in step.

use board::{Board, BoardEnv, BoardError, LoadError};

use super::{prefs, snapshots, BoardEntry, BoardIndex, StorageError};
use crate::sync::JsClock;

/// Why a board could not be opened or changed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BoardsError {
    /// This browser stores no board with that id.
    #[error("no such board")]
    NotFound,
    /// The stored snapshot is not a readable board.
    #[error("{0}")]
    Damaged(String),
    /// The board refused the change (empty or too long title).
    #[error(transparent)]
    Board(#[from] BoardError),
    /// Storage refused (quota, private mode).
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<LoadError> for BoardsError {
    fn from(e: LoadError) -> Self {
        BoardsError::Damaged(e.to_string())
    }
}

/// The environment every board in the browser gets: the JS clock.
pub fn env() -> BoardEnv {
    BoardEnv::new(std::sync::Arc::new(JsClock))
}

/// Creates and stores a new board; returns its id.
pub fn create(title: &str) -> Result<String, BoardsError> {
    let mut board = Board::new("", env());
    board.set_title(title)?;
    let id = board::new_id();
    store(&id, &board)?;
    Ok(id)
}

/// Opens a stored board for editing by this browser's participant.
pub fn open(id: &str) -> Result<Board, BoardsError> {
    let bytes = snapshots::load(id)?.ok_or(BoardsError::NotFound)?;
    let mut board = Board::load(&bytes, env())?;
    board.set_author(prefs::participant_id());
    Ok(board)
}

/// Renames a stored board.
pub fn rename(id: &str, title: &str) -> Result<(), BoardsError> {
    let mut board = open(id)?;
    board.set_title(title)?;
    store(id, &board)
}

/// Removes a board from this browser.
pub fn delete(id: &str) -> Result<(), StorageError> {
    let mut index = BoardIndex::load();
    index.remove(id);
    index.save()?;
    snapshots::remove(id);
    Ok(())
}

/// Writes a board's snapshot, then its entry in the list.
pub fn store(id: &str, board: &Board) -> Result<(), BoardsError> {
    snapshots::save(id, &board.snapshot())?;
    let mut index = BoardIndex::load();
    index.upsert(BoardEntry { id: id.to_string(), title: board.title(), cards: board.card_count(), updated: js_sys::Date::now() });
    index.save()?;
    Ok(())
}
