//! Handing files to the user: the browser's download of text made in the app, the
//! documentation of the day, board files to carry a board to another device, and templates.

pub mod board_file;
mod documentation;
mod download;
pub mod template;

pub use documentation::{export_language, DocumentationDialog};
pub use download::{save_bytes, save_text, DownloadError};
