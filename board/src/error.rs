//! Error enums the UI branches on: [`BoardError`] for rejected operations,
//! [`LoadError`] for bytes that are not (or not yet) a board.

use crate::ids::{CardId, ClusterId};

/// Why a board operation was rejected. Nothing was written to the document.
#[derive(thiserror::Error, Debug, Clone, PartialEq)]
pub enum BoardError {
    /// No card with this id (never existed or deleted, maybe by another peer).
    #[error("unknown card {0}")]
    UnknownCard(CardId),
    /// No cluster with this id (never existed or deleted, maybe by another peer).
    #[error("unknown cluster {0}")]
    UnknownCluster(ClusterId),
    /// Card text is empty or only whitespace.
    #[error("card text is empty")]
    EmptyText,
    /// Title is empty or only whitespace.
    #[error("title is empty")]
    EmptyTitle,
    /// Text longer than `max` characters (Unicode scalar values).
    #[error("text is longer than {max} characters")]
    TooLong {
        /// The limit that was exceeded.
        max: usize,
    },
}

/// Why bytes could not be loaded or applied as a board update.
#[derive(thiserror::Error, Debug)]
pub enum LoadError {
    /// The bytes are not a valid Yjs update (or could not be integrated).
    #[error("cannot decode update: {0}")]
    Decode(String),
    /// A valid Yjs document, but without `meta.schema`: not a Kartenwand board.
    #[error("not a Kartenwand board (no meta.schema)")]
    NotABoard,
}
