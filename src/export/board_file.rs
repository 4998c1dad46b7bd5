//! Board files in the browser: the open board saved as `{title}.kartenwand`, a file the
//! user chose read into memory, and a file's board kept in this browser (merged into the
//! stored board of the same id, or stored as a new one). The format is `board::board_file`.

use board::board_file::{self, BoardFile, FileError, MAX_FILE_LEN};
use board::Board;
use wasm_bindgen_futures::JsFuture;

use super::{save_bytes, DownloadError};
use crate::i18n::*;
use crate::storage::boards::{self, BoardsError};
use crate::wall::messages::boards_error_text;

/// Offers `board`, whose id is `board_id`, as a file named after its title.
pub fn save_board_file(board_id: &str, board: &Board) -> Result<(), DownloadError> {
    // Every id this app makes or accepts from a server is valid; an address typed by hand
    // may not be, and `encode` insists.
    if !board_file::valid_id(board_id) {
        return Err(DownloadError);
    }
    let title = board.title();
    let title = title.trim();
    // The download cuts long names: keep the extension.
    let stem: String = if title.is_empty() {
        "Kartenwand".to_string()
    } else {
        title.chars().take(100).collect()
    };
    let name = format!("{stem}.{}", board_file::EXTENSION);
    save_bytes(
        &name,
        "application/octet-stream",
        &board_file::encode(board_id, board),
    )
}

/// Why a chosen file could not be taken in. Whatever it is, nothing stored was changed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportError {
    /// The browser could not read the file (removed meanwhile, no permission).
    #[error("the browser could not read the file")]
    Unreadable,
    /// The bytes are not a board file this app can read.
    #[error(transparent)]
    File(#[from] FileError),
    /// The board stored here could not be opened or saved.
    #[error(transparent)]
    Boards(#[from] BoardsError),
}

/// Takes the file chosen in a file input (`None` if the choice was cancelled) and empties
/// the input, so that choosing the same file again is a change again.
pub fn take_chosen(input: &web_sys::HtmlInputElement) -> Option<web_sys::File> {
    let file = input.files().and_then(|files| files.get(0));
    input.set_value("");
    file
}

/// Reads a file the user chose, refusing one too large before reading it.
pub async fn read_file(file: web_sys::File) -> Result<Vec<u8>, ImportError> {
    if file.size() > MAX_FILE_LEN as f64 {
        return Err(FileError::TooLarge { max: MAX_FILE_LEN }.into());
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| ImportError::Unreadable)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// What keeping a file's board in this browser did.
#[derive(Debug, Clone, PartialEq)]
pub struct Kept {
    /// The board's id.
    pub id: String,
    /// Its title now.
    pub title: String,
    /// Its cards now.
    pub cards: usize,
    /// Whether it merged into a board stored here before (else it is new here).
    pub merged: bool,
}

/// Keeps a file's board in this browser: merged into the stored board of the same id, or
/// stored as a new board under the file's id and title. On any error nothing is stored.
pub async fn keep_in_browser(file: &BoardFile) -> Result<Kept, ImportError> {
    let (board, merged) = match boards::open(&file.id).await {
        Ok(mut board) => {
            file.merge_into(&file.id, &mut board)?;
            (board, true)
        }
        Err(BoardsError::NotFound) => (file.to_board(boards::env())?, false),
        // A stored board that does not open is left alone rather than replaced.
        Err(e) => return Err(e.into()),
    };
    boards::store(&file.id, &board).await?;
    Ok(Kept {
        id: file.id.clone(),
        title: board.title(),
        cards: board.card_count(),
        merged,
    })
}

/// "3 Karten", "1 Karte".
pub fn cards_text(i18n: I18n, n: usize) -> String {
    t_count!(i18n, cards_count, n)
}

/// What is wrong with a file, in a sentence.
pub fn file_error_text(i18n: I18n, err: &FileError) -> String {
    match err {
        FileError::Empty => t_string!(i18n, file_error_empty).to_string(),
        FileError::NotABoardFile => t_string!(i18n, file_error_foreign).to_string(),
        FileError::UnsupportedVersion(_) => t_string!(i18n, file_error_version).to_string(),
        FileError::Truncated => t_string!(i18n, file_error_truncated).to_string(),
        FileError::Corrupt(_) => t_string!(i18n, file_error_corrupt).to_string(),
        FileError::NotABoard => t_string!(i18n, file_error_not_board).to_string(),
        FileError::TooLarge { max } => {
            t_string!(i18n, file_error_too_large, mb = max / (1024 * 1024))
        }
        FileError::OtherBoard { .. } => t_string!(i18n, file_other_board_short).to_string(),
    }
}

/// Why a file was not taken in, and that nothing changed.
pub fn import_error_text(i18n: I18n, err: &ImportError) -> String {
    let why = match err {
        ImportError::Unreadable => t_string!(i18n, file_error_unreadable).to_string(),
        ImportError::File(e) => file_error_text(i18n, e),
        ImportError::Boards(e) => boards_error_text(i18n, e),
    };
    format!("{why} {}", t_string!(i18n, file_unchanged))
}
