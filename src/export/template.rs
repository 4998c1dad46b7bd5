//! Templates and copies in the browser: the open board's design saved as
//! `{title}.kartenwand-vorlage`, a chosen template file read, and a new board (from a
//! template, or a duplicate) kept: on the Kartenwand server when it answers, else in this
//! browser. The format is `board::template`.

use board::template::{self, TemplateError, TemplateFile};
use board::{Board, Language};

use super::board_file::{read_file, ImportError};
use super::{save_bytes, DownloadError};
use crate::i18n::*;
use crate::storage::boards::{self, BoardsError};
use crate::storage::Invites;
use crate::sync::api;

/// Offers `board`'s design as a template file named after its title.
pub fn save_template(board: &Board) -> Result<(), DownloadError> {
    let title = board.title();
    let title = title.trim();
    let stem: String = if title.is_empty() {
        "Kartenwand".to_string()
    } else {
        title.chars().take(100).collect()
    };
    save_bytes(
        &format!("{stem}.{}", template::EXTENSION),
        "application/octet-stream",
        &board.template(),
    )
}

/// Where a new board's design comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The seed's two-day workshop, built into the app.
    Seed,
    /// A template file the user chooses.
    File,
    /// A template kept on the server, by id.
    Server(String),
}

/// Why no board was made from a template. Nothing was stored.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FromTemplateError {
    /// The file could not be read.
    #[error(transparent)]
    Read(#[from] ImportError),
    /// The bytes are not a template this app reads.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// The server did not give the template.
    #[error(transparent)]
    Server(#[from] api::ApiError),
}

/// Reads a template file the user chose.
pub async fn read_template(file: web_sys::File) -> Result<TemplateFile, FromTemplateError> {
    let bytes = read_file(file).await?;
    Ok(template::decode(&bytes)?)
}

/// Fetches the template `id` kept on the server.
pub async fn server_template(id: &str) -> Result<TemplateFile, FromTemplateError> {
    let bytes = api::template(id).await?;
    Ok(template::decode(&bytes)?)
}

/// The built-in template in `lang`.
pub fn seed_template(lang: Language) -> TemplateFile {
    template::decode(&template::seed::template(lang)).expect("the built-in template reads back")
}

/// Keeps a new board: stored here first, then put on the server that serves the app when it
/// answers (new id and links there; the local copy goes). Offline, or on a server that is
/// not Kartenwand's, it stays in this browser. Returns the id to open.
pub async fn keep_new_board(board: &Board) -> Result<String, BoardsError> {
    let local = board::new_id();
    boards::store(&local, board).await?;
    match api::create_board(&board.title()).await {
        Ok(remote) => {
            let invites = Invites {
                participant: remote.participant_token,
                viewer: remote.viewer_token,
            };
            // Should moving it to the server's id fail, the board is still kept here.
            match boards::publish(
                &local,
                &remote.id,
                remote.facilitator_token,
                invites,
                &board.snapshot(),
            )
            .await
            {
                Ok(()) => Ok(remote.id),
                Err(e) => {
                    leptos::logging::log!("kartenwand: the new board stays in this browser ({e})");
                    Ok(local)
                }
            }
        }
        Err(e) => {
            leptos::logging::log!("kartenwand: keeping the new board in this browser ({e})");
            Ok(local)
        }
    }
}

/// What is wrong with a template file, in a sentence.
pub fn template_error_text(i18n: I18n, err: &FromTemplateError) -> String {
    match err {
        FromTemplateError::Read(e) => super::board_file::import_error_text(i18n, e),
        FromTemplateError::Server(_) => t_string!(i18n, template_server_load_failed).to_string(),
        FromTemplateError::Template(e) => match e {
            TemplateError::Empty => t_string!(i18n, file_error_empty).to_string(),
            TemplateError::BoardFile => t_string!(i18n, template_error_board_file).to_string(),
            TemplateError::NotATemplate => t_string!(i18n, template_error_foreign).to_string(),
            TemplateError::UnsupportedVersion(_) => t_string!(i18n, file_error_version).to_string(),
            TemplateError::Truncated => t_string!(i18n, file_error_truncated).to_string(),
            TemplateError::Corrupt(_) => t_string!(i18n, file_error_corrupt).to_string(),
            TemplateError::NotABoard => t_string!(i18n, file_error_not_board).to_string(),
            TemplateError::TooLarge { max } => {
                t_string!(i18n, file_error_too_large, mb = max / (1024 * 1024))
            }
        },
    }
}
