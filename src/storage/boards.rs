//! Whole-board operations on what this browser stores: create, open, rename, delete.
//! Each keeps the snapshot and the board list in step.

use board::{Board, BoardEnv, BoardError, LoadError, TokenChoice};

use super::{prefs, snapshots, BoardEntry, BoardIndex, Invites, StorageError};
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

/// Creates a board that lives only in this browser; returns its new id.
pub fn create_local(title: &str) -> Result<String, BoardsError> {
    let mut board = Board::new("", env());
    board.set_title(title)?;
    let id = board::new_id();
    store(&id, &board)?;
    Ok(id)
}

/// Keeps a board the server has just created: an empty document (the server wrote its
/// `meta`, which the first sync brings) plus its entry with the tokens.
pub fn add_remote(id: &str, title: &str, token: String, invites: Invites) -> Result<(), BoardsError> {
    snapshots::save(id, &Board::joined(env()).snapshot())?;
    let mut index = BoardIndex::load();
    index.upsert(BoardEntry { token: Some(token), invites: Some(invites), ..BoardEntry::new(id, title.to_string()) });
    index.save()?;
    Ok(())
}

/// Moves a board kept only in this browser to the board the server has just created for it
/// (`id`, with its tokens): the whole document goes under the new id, where the first sync
/// uploads it; the local-only copy is removed once the new one is stored.
pub fn publish(local_id: &str, id: &str, token: String, invites: Invites) -> Result<(), BoardsError> {
    let snapshot = snapshots::load(local_id)?.ok_or(BoardsError::NotFound)?;
    let mut board = Board::restore(&snapshot, env())?;
    board.set_identity(prefs::participant_key());
    snapshots::save(id, &board.snapshot())?;
    let mut index = BoardIndex::load();
    let title = board.title();
    index.upsert(BoardEntry {
        token: Some(token),
        invites: Some(invites),
        cards: board.card_count(),
        unsynced: true,
        ..BoardEntry::new(id, title)
    });
    index.remove(local_id);
    index.save()?;
    snapshots::remove(local_id);
    Ok(())
}

/// Opens a stored board for editing by this browser's participant. A board this browser
/// has not seen but holds a token for (an invitation link) starts empty and fills on sync.
pub fn open(id: &str) -> Result<Board, BoardsError> {
    let mut board = match snapshots::load(id)? {
        Some(bytes) => Board::restore(&bytes, env())?,
        None if BoardIndex::load().get(id).is_some_and(|b| b.token.is_some()) => Board::joined(env()),
        None => return Err(BoardsError::NotFound),
    };
    board.set_identity(prefs::participant_key());
    Ok(board)
}

/// Remembers the access token of an invitation link to a board on the server, unless this
/// browser holds a stronger one for it ([`board::choose_token`]); says which it kept.
pub fn take_link_token(id: &str, token: String) -> Result<TokenChoice, StorageError> {
    let mut index = BoardIndex::load();
    let mut entry = index.get(id).cloned().unwrap_or_else(|| BoardEntry::new(id, String::new()));
    let choice = board::choose_token(entry.token.as_deref(), &token);
    if choice == TokenChoice::Take {
        entry.token = Some(token);
        index.upsert(entry);
        index.save()?;
    }
    Ok(choice)
}

/// Keeps the invitation tokens of a board on the server (fetched by a co-facilitator), so
/// its share dialog opens with them next time, offline too.
pub fn remember_invites(id: &str, invites: Invites) -> Result<(), StorageError> {
    let mut index = BoardIndex::load();
    let mut entry = index.get(id).cloned().unwrap_or_else(|| BoardEntry::new(id, String::new()));
    entry.invites = Some(invites);
    index.upsert(entry);
    index.save()
}

/// Renames a stored board.
pub fn rename(id: &str, title: &str) -> Result<(), BoardsError> {
    let mut board = open(id)?;
    board.set_title(title)?;
    store(id, &board).map(|_| ())
}

/// Removes a board from this browser.
pub fn delete(id: &str) -> Result<(), StorageError> {
    let mut index = BoardIndex::load();
    index.remove(id);
    index.save()?;
    snapshots::remove(id);
    Ok(())
}

/// Writes a board's snapshot, then its entry in the list; returns the snapshot's fingerprint.
pub fn store(id: &str, board: &Board) -> Result<u64, BoardsError> {
    let fingerprint = snapshots::save(id, &board.snapshot())?;
    let mut index = BoardIndex::load();
    // A joined board has no title until its first sync; keep the one the list knows.
    let title = Some(board.title()).filter(|t| !t.is_empty()).or_else(|| index.get(id).map(|e| e.title.clone())).unwrap_or_default();
    let unsynced = index.get(id).is_some_and(|e| e.unsynced);
    index.upsert(BoardEntry { cards: board.card_count(), unsynced, ..BoardEntry::new(id, title) });
    index.save()?;
    Ok(fingerprint)
}

/// Notes whether the server has confirmed every change this browser made to the board.
pub fn set_unsynced(id: &str, unsynced: bool) -> Result<(), StorageError> {
    let mut index = BoardIndex::load();
    match index.boards.iter_mut().find(|b| b.id == id) {
        Some(entry) if entry.unsynced != unsynced => entry.unsynced = unsynced,
        _ => return Ok(()),
    }
    index.save()
}
