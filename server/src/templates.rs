//! Templates kept on the server for everyone who uses it (an organisation's workshop
//! formats): the app's `.kartenwand-vorlage` files, a board's design without its people.
//!
//! - `GET /api/templates`: the list, newest first (`[{id, title, created_ms, bytes}]`).
//! - `GET /api/templates/{id}`: the template file.
//! - `POST /api/boards/{board}/templates` with the board's facilitator token
//!   (`Authorization: Bearer …`) and a template file as the body: kept; answers `201` with
//!   `{id, title, delete_token}`. Only a facilitator of a board on this server keeps one;
//!   the file must read as a template (`board::template::decode`).
//! - `DELETE /api/templates/{id}` with `Authorization: Bearer {delete_token}`: removed.
//!   The token is given once; the server keeps only its SHA-256.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Serialize;
use sha2::{Digest, Sha256};
use tracing::info;

use crate::app::AppState;
use crate::board_id::BoardId;
use crate::http::ApiError;
use crate::invites::{bearer, facilitator_board, InvitesError};
use crate::store::{StoreError, StoredTemplate, TemplateEntry};

/// The largest template file kept (a design: a few KiB; the seed's two days are 30 KiB).
pub const MAX_TEMPLATE_BYTES: usize = 4 * 1024 * 1024;
/// Most templates one server keeps.
pub const MAX_TEMPLATES: usize = 1000;

/// What keeping a template answers.
#[derive(Debug, Serialize)]
pub struct Kept {
    /// The template's id.
    pub id: String,
    /// Its title (from the file).
    pub title: String,
    /// The token that deletes it; not stored, not shown again.
    pub delete_token: String,
}

/// Why a template was not kept or not deleted.
#[derive(thiserror::Error, Debug)]
pub enum TemplateError {
    /// 400: the body is not a template file.
    #[error("not a template: {0}")]
    NotATemplate(String),
    /// 507: the server keeps [`MAX_TEMPLATES`] already.
    #[error("this server keeps at most {MAX_TEMPLATES} templates; delete one first")]
    Full,
    /// 401: no delete token, or not this template's.
    #[error("the template's delete token is required (Authorization: Bearer …)")]
    WrongToken,
    /// 401/403/404/500 of the board's facilitator token, as for invitations.
    #[error(transparent)]
    Access(#[from] InvitesError),
    /// 404 or 500.
    #[error(transparent)]
    Api(#[from] ApiError),
}

impl IntoResponse for TemplateError {
    fn into_response(self) -> Response {
        let status = match &self {
            TemplateError::NotATemplate(_) => StatusCode::BAD_REQUEST,
            TemplateError::Full => StatusCode::INSUFFICIENT_STORAGE,
            TemplateError::WrongToken => StatusCode::UNAUTHORIZED,
            TemplateError::Access(_) | TemplateError::Api(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        match self {
            TemplateError::Access(e) => e.into_response(),
            TemplateError::Api(e) => e.into_response(),
            e => (status, Json(serde_json::json!({ "error": e.to_string() }))).into_response(),
        }
    }
}

fn stored(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::NotFound,
        e => ApiError::Store(e),
    }
}

/// SHA-256 of a delete token, in hex.
fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `GET /api/templates`.
pub async fn list(State(state): State<AppState>) -> Result<Response, ApiError> {
    let list: Vec<TemplateEntry> = state.boards.store().templates().await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(list)).into_response())
}

/// `GET /api/templates/{id}`.
pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if BoardId::parse(&id).is_none() {
        return Err(ApiError::NotFound);
    }
    let template = state.boards.store().template(&id).await.map_err(stored)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (header::CACHE_CONTROL, "no-store".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{id}.kartenwand-vorlage\""),
            ),
        ],
        template.data,
    )
        .into_response())
}

/// `POST /api/boards/{board}/templates`.
pub async fn keep(
    State(state): State<AppState>,
    Path(board): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Kept>), TemplateError> {
    let board = facilitator_board(&state, &board, &headers).await?;
    let file =
        board::template::decode(&body).map_err(|e| TemplateError::NotATemplate(e.to_string()))?;
    let store = state.boards.store();
    if store.templates().await.map_err(ApiError::from)?.len() >= MAX_TEMPLATES {
        return Err(TemplateError::Full);
    }
    let id = BoardId::random().map_err(|e| ApiError::Store(StoreError::Backend(e.to_string())))?;
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret)
        .map_err(|e| ApiError::Store(StoreError::Backend(e.to_string())))?;
    let delete_token = URL_SAFE_NO_PAD.encode(secret);
    store
        .put_template(StoredTemplate {
            id: id.to_string(),
            title: file.title.clone(),
            created_ms: crate::store::now_ms(),
            data: body.to_vec(),
            delete_hash: hash(&delete_token),
        })
        .await
        .map_err(ApiError::from)?;
    info!(template = %id, from = %board, bytes = body.len(), "template kept");
    let kept = Kept {
        id: id.to_string(),
        title: file.title,
        delete_token,
    };
    Ok((StatusCode::CREATED, Json(kept)))
}

/// `DELETE /api/templates/{id}`.
pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, TemplateError> {
    if BoardId::parse(&id).is_none() {
        return Err(ApiError::NotFound.into());
    }
    let store = state.boards.store();
    let template = store.template(&id).await.map_err(stored)?;
    let given = bearer(&headers)
        .map(hash)
        .ok_or(TemplateError::WrongToken)?;
    // Hashes of equal length: comparing them leaks nothing of the token.
    if given != template.delete_hash {
        return Err(TemplateError::WrongToken);
    }
    store.delete_template(&id).await.map_err(stored)?;
    info!(template = %id, "template deleted");
    Ok(StatusCode::NO_CONTENT)
}
