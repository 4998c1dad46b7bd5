//! Whole-board operations on what this browser stores: create, open, rename, delete.
//! Each keeps the document (in IndexedDB, [`log`]) and the board list in step; the document
//! is written first, so the list never points at a state that is not stored.

use board::{Board, BoardEnv, BoardError, LoadError, TokenChoice};

use super::log::{self, Format};
use super::{prefs, quota, BoardEntry, BoardIndex, Invites, StorageError};
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
pub async fn create_local(title: &str) -> Result<String, BoardsError> {
    let mut board = Board::new("", env());
    board.set_title(title)?;
    let id = board::new_id();
    store(&id, &board).await?;
    Ok(id)
}

/// Keeps a board the server has just created: an empty document (the server wrote its
/// `meta`, which the first sync brings) plus its entry with the tokens.
pub async fn add_remote(
    id: &str,
    title: &str,
    token: String,
    invites: Invites,
) -> Result<(), BoardsError> {
    log::append(id, &[(Format::V2, Board::joined(env()).snapshot())]).await?;
    let mut index = BoardIndex::load();
    index.upsert(BoardEntry {
        token: Some(token),
        invites: Some(invites),
        ..BoardEntry::new(id, title.to_string())
    });
    index.save()?;
    first_stored();
    Ok(())
}

/// Moves a board kept only in this browser to the board the server has just created for it
/// (`id`, with its tokens): the whole document goes under the new id, where the first sync
/// uploads it; the local-only copy is removed once the new one is stored. `open_v2` is the
/// snapshot of the open page's document, which may hold changes still on their way to storage.
pub async fn publish(
    local_id: &str,
    id: &str,
    token: String,
    invites: Invites,
    open_v2: &[u8],
) -> Result<(), BoardsError> {
    let mut board = read(local_id).await?.ok_or(BoardsError::NotFound)?;
    board.apply_update_v2(open_v2)?;
    board.set_identity(prefs::participant_key());
    log::append(id, &[(Format::V2, board.snapshot())]).await?;
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
    log::remove(local_id).await?;
    Ok(())
}

/// Reads a board's stored document; `Ok(None)` when this browser stores none.
async fn read(id: &str) -> Result<Option<Board>, BoardsError> {
    let entries = log::read(id).await?;
    if entries.is_empty() {
        return Ok(None);
    }
    Ok(Some(from_entries(&entries)?))
}

/// Builds a board from its stored entries (a snapshot and the updates after it).
pub fn from_entries(entries: &[log::Entry]) -> Result<Board, BoardsError> {
    let mut board = Board::joined(env());
    for entry in entries {
        match entry.format {
            Format::V1 => board.apply_update_v1(&entry.data)?,
            Format::V2 => board.apply_update_v2(&entry.data)?,
        }
    }
    Ok(board)
}

/// Opens a stored board for editing by this browser's participant, with the keys of the
/// entries it was read from. A board this browser has not seen but holds a token for (an
/// invitation link) starts empty and fills on sync.
pub async fn open_with_keys(id: &str) -> Result<(Board, Vec<f64>), BoardsError> {
    let entries = log::read(id).await?;
    let mut board = if entries.is_empty() {
        if BoardIndex::load()
            .get(id)
            .is_some_and(|b| b.token.is_some())
        {
            Board::joined(env())
        } else {
            return Err(BoardsError::NotFound);
        }
    } else {
        from_entries(&entries)?
    };
    board.set_identity(prefs::participant_key());
    Ok((board, entries.iter().map(|e| e.key).collect()))
}

/// Opens a stored board for editing by this browser's participant (see [`open_with_keys`]).
pub async fn open(id: &str) -> Result<Board, BoardsError> {
    open_with_keys(id).await.map(|(board, _)| board)
}

/// Remembers the access token of an invitation link to a board on the server, unless this
/// browser holds a stronger one for it ([`board::choose_token`]); says which it kept.
pub fn take_link_token(id: &str, token: String) -> Result<TokenChoice, StorageError> {
    let mut index = BoardIndex::load();
    let mut entry = index
        .get(id)
        .cloned()
        .unwrap_or_else(|| BoardEntry::new(id, String::new()));
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
    let mut entry = index
        .get(id)
        .cloned()
        .unwrap_or_else(|| BoardEntry::new(id, String::new()));
    entry.invites = Some(invites);
    index.upsert(entry);
    index.save()
}

/// Renames a stored board: only the change is appended to its log.
pub async fn rename(id: &str, title: &str) -> Result<(), BoardsError> {
    let mut board = open(id).await?;
    let before = board.state_vector_v1();
    board.set_title(title)?;
    let change = board.diff_v1(&before)?;
    log::append(id, &[(Format::V1, change)]).await?;
    touch(id, &board).map_err(BoardsError::from)
}

/// Removes a board from this browser.
pub async fn delete(id: &str) -> Result<(), StorageError> {
    let mut index = BoardIndex::load();
    index.remove(id);
    index.save()?;
    log::remove(id).await
}

/// Writes a board's whole document (a new board, an imported file), then its entry in the list.
pub async fn store(id: &str, board: &Board) -> Result<(), BoardsError> {
    log::append(id, &[(Format::V2, board.snapshot())]).await?;
    touch(id, board)?;
    first_stored();
    Ok(())
}

/// Updates a board's entry in the list (title, cards, time of change) from its document.
pub fn touch(id: &str, board: &Board) -> Result<(), StorageError> {
    let mut index = BoardIndex::load();
    // A joined board has no title until its first sync; keep the one the list knows.
    let title = Some(board.title())
        .filter(|t| !t.is_empty())
        .or_else(|| index.get(id).map(|e| e.title.clone()))
        .unwrap_or_default();
    let unsynced = index.get(id).is_some_and(|e| e.unsynced);
    index.upsert(BoardEntry {
        cards: board.card_count(),
        unsynced,
        ..BoardEntry::new(id, title)
    });
    index.save()
}

/// A board was stored: ask the browser to keep this site's data (it remembers the answer).
fn first_stored() {
    leptos::task::spawn_local(async {
        let _ = quota::ask_persist().await;
    });
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
