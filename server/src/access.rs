//! `GET /api/boards/{board}/access`: whether a link works before the app shows its board —
//! 404 for an unknown board, 401 for a token not valid for it, else the token's role. The
//! token comes in `Authorization: Bearer …`, as for the invitations.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::app::AppState;
use crate::invites::{board_role, InvitesError};

/// The handler: `{"role": "facilitator" | "participant" | "viewer"}`, 404 or 401.
pub async fn get(
    State(state): State<AppState>,
    Path(board): Path<String>,
    headers: HeaderMap,
) -> Result<Response, InvitesError> {
    let (_, role) = board_role(&state, &board, &headers).await?;
    let role = role.as_str();
    let body = Json(serde_json::json!({ "role": role }));
    Ok(([(header::CACHE_CONTROL, "no-store")], body).into_response())
}
