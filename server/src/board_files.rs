//! `kartenwand-server export --to DIR`: every board of the store (the data directory's SQLite,
//! or PostgreSQL with `--database-url`) as a board file (`{id}.kartenwand`, the app's
//! "Als Datei sichern" format, `board::board_file`), so that boards move out of a deployment
//! as they move in (`migrate`): a facilitator opens the file in the app, or another server
//! takes it. Files are written privately (0600) and replaced only once complete.

use std::io::Write;
use std::path::{Path, PathBuf};

use board::{Board, BoardEnv};
use tracing::info;

use crate::board_task::stored_snapshot;
use crate::private_fs;
use crate::store::{Store, StoreError};

/// The extension of a board file.
pub const EXTENSION: &str = "kartenwand";

/// Why an export stopped.
#[derive(thiserror::Error, Debug)]
pub enum ExportError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Writing a file failed.
    #[error("writing {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// A stored board does not load as a board (its rows are damaged).
    #[error("board {id} does not load: {reason}")]
    Board {
        /// The board.
        id: String,
        /// Why.
        reason: String,
    },
}

/// Writes every board of `store` into `dir` (created if missing); returns how many.
pub async fn export(store: &dyn Store, dir: &Path) -> Result<usize, ExportError> {
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ExportError::Write { path, source }
    };
    private_fs::create_dir(dir).map_err(write_err(dir))?;
    let mut written = 0;
    for (id, _) in store.boards().await? {
        let stored = match store.load(&id).await {
            Ok(stored) => stored,
            // Deleted while the export ran.
            Err(StoreError::NotFound) => continue,
            Err(e) => return Err(e.into()),
        };
        let bytes = file_of(
            &id.to_string(),
            stored.snapshot_v2.as_deref(),
            &stored.updates,
        )?;
        let path = dir.join(format!("{id}.{EXTENSION}"));
        let partial = dir.join(format!(".{id}.{EXTENSION}.partial"));
        let mut file = private_fs::file_options()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&partial)
            .map_err(write_err(&partial))?;
        file.write_all(&bytes)
            .and_then(|()| file.sync_all())
            .map_err(write_err(&partial))?;
        std::fs::rename(&partial, &path).map_err(write_err(&path))?;
        info!(board = %id, bytes = bytes.len(), "exported");
        written += 1;
    }
    Ok(written)
}

/// The board file of a stored board: its snapshot with its log applied.
pub fn file_of(
    id: &str,
    snapshot_v2: Option<&[u8]>,
    updates: &[Vec<u8>],
) -> Result<Vec<u8>, ExportError> {
    let fail = |reason: String| ExportError::Board {
        id: id.to_owned(),
        reason,
    };
    let snapshot = stored_snapshot(snapshot_v2, updates).map_err(fail)?;
    let board = Board::restore(&snapshot, BoardEnv::default()).map_err(|e| fail(e.to_string()))?;
    Ok(board::board_file::encode(id, &board))
}
