//! Handing files to the user: the browser's download of text made in the app.

mod download;

pub use download::{save_text, DownloadError};
