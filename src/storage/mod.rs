//! Everything this browser keeps: board snapshots, the list of boards, and preferences.
//! All of it lives in localStorage through gloo-storage; nothing here knows about the UI.

pub mod error;
pub mod index;
pub mod prefs;
pub mod snapshots;
pub mod boards;

pub use error::StorageError;
pub use index::{BoardEntry, BoardIndex, Invites};
