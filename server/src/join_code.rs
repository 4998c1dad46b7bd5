//! Join codes: six characters a participant types at `/j` instead of scanning the QR code.
//! `POST /api/boards/{board}/join-code` (facilitator) gives the board's code or renews it;
//! `GET /api/join/{code}` (anyone, rate-limited per IP) answers the participant link's parts;
//! `GET /api/boards/{board}/join` (facilitator or projector) gives what the projector's join
//! panel shows: the code and the participant token behind the QR code.
//! Codes live in the store; the participant token is minted again from the secret.

use axum::extract::{Path, Query, State};

use crate::client_addr::ClientAddr;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use tracing::{info, warn};

use crate::app::AppState;
use crate::auth::Role;
use crate::board_id::BoardId;
use crate::http::ApiError;
use crate::invites::InvitesError;
use crate::store::StoreError;

/// Characters of a code: digits and capitals without 0/O, 1/I/L.
const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Length of a code.
pub const CODE_LEN: usize = 6;
/// Fresh codes tried before giving up when each one is taken by another board.
const ATTEMPTS: usize = 8;

/// A well-formed join code, upper case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinCode(String);

impl JoinCode {
    /// Reads a typed code: case-insensitive; spaces and dashes between characters are ignored.
    pub fn parse(typed: &str) -> Option<JoinCode> {
        let code: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let valid = code.len() == CODE_LEN && code.bytes().all(|b| ALPHABET.contains(&b));
        valid.then_some(JoinCode(code))
    }

    /// A fresh random code from the OS random source.
    pub fn random() -> std::io::Result<JoinCode> {
        let mut code = String::with_capacity(CODE_LEN);
        while code.len() < CODE_LEN {
            let mut bytes = [0u8; 16];
            getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
            // Rejection sampling: 248 = 8 × 31 keeps every character equally likely.
            for b in bytes.into_iter().filter(|&b| b < 248) {
                if code.len() < CODE_LEN {
                    code.push(ALPHABET[usize::from(b % 31)] as char);
                }
            }
        }
        Ok(JoinCode(code))
    }

    /// The code as stored and shown.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Query of `POST /api/boards/{board}/join-code`.
#[derive(Debug, Default, Deserialize)]
pub struct RenewQuery {
    /// Replace the current code (which then stops working) instead of returning it.
    #[serde(default)]
    renew: bool,
}

/// Answer of `POST /api/boards/{board}/join-code`.
#[derive(Debug, Serialize)]
struct CodeAnswer {
    code: String,
}

/// Answer of `GET /api/join/{code}`.
#[derive(Debug, Serialize)]
struct Joined {
    board: String,
    participant_token: String,
}

/// `POST /api/boards/{board}/join-code[?renew=true]`: the board's join code, made if it has
/// none or when `renew` is set. Same refusals as the invitations (404, 401, 403).
pub async fn create(
    State(state): State<AppState>,
    Path(board): Path<String>,
    Query(query): Query<RenewQuery>,
    headers: HeaderMap,
) -> Result<Response, InvitesError> {
    let board = crate::invites::facilitator_board(&state, &board, &headers).await?;
    let store = state.boards.store();
    let current = store.join_code(&board).await.map_err(ApiError::from)?;
    let code = match current {
        Some(code) if !query.renew => code,
        _ => {
            let code = fresh_code(&state, &board).await?;
            info!(board = %board, "join code made");
            code
        }
    };
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(CodeAnswer { code }),
    )
        .into_response())
}

/// Answer of `GET /api/boards/{board}/join`.
#[derive(Debug, Serialize)]
struct JoinPanel {
    code: String,
    participant_token: String,
}

/// `GET /api/boards/{board}/join`: the board's join code (made if it has none, as for the
/// facilitator) and the participant token, for the facilitator and the projector (viewer)
/// token, which shows both to the room; 403 for a participant, 401 and 404 as elsewhere.
pub async fn panel(
    State(state): State<AppState>,
    Path(board): Path<String>,
    headers: HeaderMap,
) -> Result<Response, InvitesError> {
    let (board, role) = crate::invites::board_role(&state, &board, &headers).await?;
    if !matches!(role, Role::Facilitator | Role::Viewer) {
        return Err(InvitesError::Forbidden);
    }
    let current = state
        .boards
        .store()
        .join_code(&board)
        .await
        .map_err(ApiError::from)?;
    let code = match current {
        Some(code) => code,
        None => fresh_code(&state, &board).await?,
    };
    let panel = JoinPanel {
        code,
        participant_token: state.secret.token(&board, Role::Participant),
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(panel)).into_response())
}

/// Stores a new random code for `board`, trying again if another board holds it.
async fn fresh_code(state: &AppState, board: &BoardId) -> Result<String, ApiError> {
    for _ in 0..ATTEMPTS {
        let code = JoinCode::random().map_err(|e| StoreError::Backend(e.to_string()))?;
        match state
            .boards
            .store()
            .set_join_code(board, code.as_str())
            .await
        {
            Ok(()) => return Ok(code.0),
            Err(StoreError::AlreadyExists) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(StoreError::Backend("no free join code found".into()).into())
}

/// `GET /api/join/{code}`: the board and participant token behind a code (any case), or 404.
/// Lookups are rate-limited per IP address (429), so codes cannot be guessed in bulk.
pub async fn lookup(
    State(state): State<AppState>,
    Path(code): Path<String>,
    addr: ClientAddr,
) -> Result<Response, ApiError> {
    if !state.join_limiter.allow(addr.ip()) {
        warn!(%addr, "join code lookups refused: too many");
        return Err(ApiError::TooManyRequests(
            state.join_limiter.retry_after_secs(),
        ));
    }
    let code = JoinCode::parse(&code).ok_or(ApiError::NotFound)?;
    let board = state
        .boards
        .store()
        .board_for_join_code(code.as_str())
        .await?
        .ok_or(ApiError::NotFound)?;
    let joined = Joined {
        participant_token: state.secret.token(&board, Role::Participant),
        board: board.to_string(),
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(joined)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_in_any_case_and_never_with_ambiguous_characters() {
        assert_eq!(
            JoinCode::parse("ab3 k9z").map(|c| c.0).as_deref(),
            Some("AB3K9Z")
        );
        assert_eq!(
            JoinCode::parse("AB3-K9Z").map(|c| c.0).as_deref(),
            Some("AB3K9Z")
        );
        for bad in [
            "AB3K9", "AB3K9ZZ", "AB3K90", "AB3K9O", "AB3K91", "AB3K9I", "AB3K9L", "ÄB3K9Z",
        ] {
            assert_eq!(JoinCode::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn random_codes_parse_and_differ() {
        let a = JoinCode::random().unwrap();
        let b = JoinCode::random().unwrap();
        assert_eq!(JoinCode::parse(a.as_str()), Some(a.clone()));
        assert_ne!(a, b);
    }
}
