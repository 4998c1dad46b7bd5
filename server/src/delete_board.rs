//! `DELETE /api/boards/{board}`: a facilitator deletes a board on the server (DSGVO):
//! snapshot, update log, client-id owners, join code, its relay stream and what this node
//! counted of its participant keys. Its connections are closed with `CLOSE_BOARD_DELETED`,
//! and afterwards every link to it answers like a link to a board that never existed (404).
//! The retention period (`retention.rs`) deletes the same way.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use tracing::info;

use crate::app::AppState;
use crate::board_id::BoardId;
use crate::http::ApiError;
use crate::invites::{facilitator_board, InvitesError};
use crate::store::StoreError;

/// The handler: 204 once the board is gone; 404 for an unknown board, 401 without a valid
/// token for it, 403 for a participant's or a viewer's token.
pub async fn delete(
    State(state): State<AppState>,
    Path(board): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, InvitesError> {
    let board = facilitator_board(&state, &board, &headers).await?;
    remove(&state, &board).await.map_err(|e| match e {
        StoreError::NotFound => ApiError::NotFound,
        e => ApiError::Store(e),
    })?;
    info!(board = %board, "board deleted by its facilitator");
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes board `id` everywhere this node knows of it. `NotFound` for an unknown board.
pub(crate) async fn remove(state: &AppState, id: &BoardId) -> Result<(), StoreError> {
    state.boards.delete(id).await?;
    state.voter_keys.forget(id);
    crate::metrics::METRICS.boards_deleted.inc();
    Ok(())
}
