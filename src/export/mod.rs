//! Handing files to the user: the browser's download of text made in the app, and the
//! documentation of the day.

mod documentation;
mod download;

pub use documentation::{export_language, DocumentationDialog};
pub use download::{save_text, DownloadError};
