//! `GET /api/boards/{board}/invites`: a board's invitation tokens (participant, viewer) for
//! any holder of its facilitator token, so a co-facilitator's share dialog shows the same
//! links as the creator's. Tokens are derived from board, role and secret (`auth.rs`), so
//! they are minted again, not stored.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::app::AppState;
use crate::auth::Role;
use crate::board_id::BoardId;
use crate::http::ApiError;

/// Answer of `GET /api/boards/{board}/invites`.
#[derive(Debug, Serialize)]
pub struct Invites {
    participant_token: String,
    viewer_token: String,
}

/// Why the invitations were not handed out.
#[derive(Debug, thiserror::Error)]
pub enum InvitesError {
    /// 401: no `Authorization: Bearer …` header, or a token not valid for this board.
    #[error("a facilitator token for this board is required (Authorization: Bearer …)")]
    Unauthorized,
    /// 403: a valid token of another role.
    #[error("only the facilitator hands out invitations")]
    Forbidden,
    /// 404 (no such board) or 500 (the store failed).
    #[error(transparent)]
    Api(#[from] ApiError),
}

impl IntoResponse for InvitesError {
    fn into_response(self) -> Response {
        if let InvitesError::Api(e) = self {
            return e.into_response();
        }
        let status = match self {
            InvitesError::Forbidden => StatusCode::FORBIDDEN,
            _ => StatusCode::UNAUTHORIZED,
        };
        let body = Json(serde_json::json!({ "error": self.to_string() }));
        let mut response = (status, body).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// The bearer token of a request, if it has one.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// The board of a request and the role its bearer token grants there: 404 for an unknown
/// board, 401 without a valid token for it. Shared by every endpoint that takes a token in
/// the `Authorization` header.
pub async fn board_role(
    state: &AppState,
    board: &str,
    headers: &HeaderMap,
) -> Result<(BoardId, Role), InvitesError> {
    let board = BoardId::parse(board).ok_or(ApiError::NotFound)?;
    if !state.boards.exists(&board).await.map_err(ApiError::from)? {
        return Err(ApiError::NotFound.into());
    }
    let role = bearer(headers)
        .and_then(|token| state.secret.verify(&board, token))
        .ok_or(InvitesError::Unauthorized)?;
    Ok((board, role))
}

/// [`board_role`], and 403 unless the token is the facilitator's.
pub async fn facilitator_board(
    state: &AppState,
    board: &str,
    headers: &HeaderMap,
) -> Result<BoardId, InvitesError> {
    match board_role(state, board, headers).await? {
        (board, Role::Facilitator) => Ok(board),
        _ => Err(InvitesError::Forbidden),
    }
}

/// The handler: 404 for an unknown board, 401 without a valid token for it, 403 for a
/// participant or viewer token, else the participant and viewer tokens (never cached).
pub async fn get(
    State(state): State<AppState>,
    Path(board): Path<String>,
    headers: HeaderMap,
) -> Result<Response, InvitesError> {
    let board = facilitator_board(&state, &board, &headers).await?;
    let invites = Invites {
        participant_token: state.secret.token(&board, Role::Participant),
        viewer_token: state.secret.token(&board, Role::Viewer),
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(invites)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_tokens_are_read_from_the_authorization_header() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::AUTHORIZATION, value.parse().unwrap());
            bearer(&headers).map(str::to_string)
        };
        assert_eq!(
            with("Bearer facilitator.abc").as_deref(),
            Some("facilitator.abc")
        );
        assert_eq!(
            with("bearer facilitator.abc").as_deref(),
            Some("facilitator.abc")
        );
        assert_eq!(with("Basic xyz"), None);
        assert_eq!(with("Bearer "), None);
        assert_eq!(with("facilitator.abc"), None);
        assert_eq!(bearer(&HeaderMap::new()), None);
    }
}
