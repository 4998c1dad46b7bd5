//! Everything this browser keeps: each board's document in IndexedDB (an update log with
//! compacted snapshots), the list of boards and preferences as small localStorage records.
//! Nothing here knows about the UI.

pub mod boards;
pub mod error;
mod idb;
pub mod index;
pub mod log;
mod migrate;
pub mod prefs;
pub mod quota;

pub use error::StorageError;
pub use index::{BoardEntry, BoardIndex, Invites};
