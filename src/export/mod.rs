//! Handing files to the user: the browser's download of text made in the app, the
//! documentation of the day, the photo record's pictures (SVG and PNG), board files to carry a
//! board to another device, and templates.

pub mod board_file;
mod documentation;
mod download;
mod photo;
mod png;
pub mod template;

pub use documentation::{export_language, DocumentationDialog};
pub use download::{save_bytes, save_text, DownloadError};
pub use photo::PhotoDialog;
