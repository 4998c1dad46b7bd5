//! The HTTP surface: routes (`/api/boards`, `/api/health`, `/api/ready`, `/sync/{board}`,
//! the app) and [`ApiError`], which turns failures into status codes with a JSON body.
//! Requests are refused here, before any websocket upgrade.

use std::sync::atomic::Ordering;

use axum::body::Bytes;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State};

use crate::client_addr::ClientAddr;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use board::{ParticipantKey, MIN_SECRET_LEN};
use protocol::{Frame, CLOSE_BAD_TOKEN};
use serde::{Deserialize, Serialize};
use tracing::{info, warn};

use crate::app::AppState;
use crate::auth::Role;
use crate::board_id::BoardId;
use crate::connection;
use crate::store::StoreError;
use crate::voter_keys::{TooManyKeys, CLOSE_TOO_MANY_KEYS};
use crate::{assets, headers, initial_doc, qr};

/// A refused request: status code plus a message for the JSON body `{"error": …}`.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request body is not what the endpoint takes.
    #[error("{0}")]
    BadRequest(String),
    /// 404: no board with this id.
    #[error("no such board")]
    NotFound,
    /// 429: too many connections from this address; retry after the given seconds.
    #[error("too many requests; retry in {0} s")]
    TooManyRequests(u64),
    /// 500: the store failed.
    #[error("storage failed")]
    Store(#[from] StoreError),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match &self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Store(e) => {
                warn!(error = %e, "request failed in the store");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        let body = Json(serde_json::json!({ "error": self.to_string() }));
        let mut response = (status, body).into_response();
        if let ApiError::TooManyRequests(secs) = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, secs.into());
        }
        response
    }
}

/// All routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/boards", post(create_board))
        .route("/api/boards/{board}", delete(crate::delete_board::delete))
        .route("/api/boards/{board}/invites", get(crate::invites::get))
        .route(
            "/api/boards/{board}/templates",
            post(crate::templates::keep).layer(axum::extract::DefaultBodyLimit::max(
                crate::templates::MAX_TEMPLATE_BYTES,
            )),
        )
        .route("/api/templates", get(crate::templates::list))
        .route(
            "/api/templates/{id}",
            get(crate::templates::get).delete(crate::templates::delete),
        )
        .route("/api/boards/{board}/access", get(crate::access::get))
        .route(
            "/api/boards/{board}/join-code",
            post(crate::join_code::create),
        )
        .route("/api/boards/{board}/join", get(crate::join_code::panel))
        .route("/api/join/{code}", get(crate::join_code::lookup))
        .route("/api/health", get(health))
        .route("/api/ready", get(ready))
        .route("/api/addresses", get(addresses))
        .route("/metrics", get(crate::metrics::get))
        .route("/api/qr", get(qr_code))
        .route("/sync/{board}", get(sync))
        // The app's files, sent in the encoding the build made (no compression per request).
        .fallback(assets::serve)
        .layer(axum::middleware::map_response(headers::add))
        .with_state(state)
}

/// Query of `GET /api/qr`.
#[derive(Debug, Deserialize)]
struct QrQuery {
    text: String,
}

/// `GET /api/qr?text=…`: the text as a QR code (SVG), for invitation links on a projector.
async fn qr_code(Query(query): Query<QrQuery>) -> Result<Response, ApiError> {
    let image = qr::svg(&query.text).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            // The text is an invitation link with its token: no shared cache may keep it.
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        image,
    )
        .into_response())
}

/// Body of `POST /api/boards` (optional).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewBoard {
    #[serde(default)]
    title: String,
}

/// Answer of `POST /api/boards`.
#[derive(Debug, Serialize)]
struct CreatedBoard {
    id: String,
    title: String,
    facilitator_token: String,
    participant_token: String,
    viewer_token: String,
}

fn rate_limit(state: &AppState, addr: ClientAddr) -> Result<(), ApiError> {
    if state.limiter.allow(addr.ip()) {
        Ok(())
    } else {
        Err(ApiError::TooManyRequests(state.limiter.retry_after_secs()))
    }
}

async fn create_board(
    State(state): State<AppState>,
    addr: ClientAddr,
    body: Bytes,
) -> Result<(StatusCode, Json<CreatedBoard>), ApiError> {
    rate_limit(&state, addr)?;
    let new: NewBoard = if body.iter().all(u8::is_ascii_whitespace) {
        NewBoard::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| ApiError::BadRequest(format!("body must be {{\"title\": string}}: {e}")))?
    };
    let (title, snapshot) = initial_doc::new_board(&new.title);
    let id = BoardId::random().map_err(|e| StoreError::Backend(e.to_string()))?;
    state
        .boards
        .store()
        .create_board(&id, &title, snapshot)
        .await?;
    info!(board = %id, %addr, "board created");
    let token = |role| state.secret.token(&id, role);
    let created = CreatedBoard {
        facilitator_token: token(Role::Facilitator),
        participant_token: token(Role::Participant),
        viewer_token: token(Role::Viewer),
        id: id.to_string(),
        title,
    };
    Ok((StatusCode::CREATED, Json(created)))
}

#[derive(Debug, Serialize)]
struct Health {
    status: &'static str,
    version: &'static str,
    boards_loaded: usize,
    connections: usize,
}

async fn health(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        boards_loaded: state.boards.loaded(),
        connections: state.connections.load(Ordering::Relaxed),
    })
}

/// What `GET /api/ready` answers.
#[derive(Debug, Serialize)]
struct Ready {
    status: &'static str,
    database: &'static str,
    relay: &'static str,
}

/// `GET /api/ready`: whether this node can serve boards now: its database answers, and its
/// relay to the other nodes if it has one. 503 if not, so that a load balancer sends no
/// clients to it. The causes go to the log, not to the caller.
async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Ready>) {
    let database = match state.boards.store().ping().await {
        Ok(()) => "ok",
        Err(e) => {
            warn!(error = %e, "not ready: the database does not answer");
            "unreachable"
        }
    };
    let relay = match state.boards.relay() {
        None => "none",
        Some(relay) => match relay.ping().await {
            Ok(()) => "ok",
            Err(e) => {
                warn!(error = %e, "not ready: the relay does not answer");
                "unreachable"
            }
        },
    };
    let ok = database == "ok" && relay != "unreachable";
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let word = if ok { "ready" } else { "not ready" };
    (
        status,
        Json(Ready {
            status: word,
            database,
            relay,
        }),
    )
}

#[derive(Debug, Serialize)]
struct Addresses {
    urls: Vec<String>,
}

/// `GET /api/addresses`: where this server can be reached, loopback first, then its LAN
/// addresses (when it listens on all interfaces).
async fn addresses(State(state): State<AppState>) -> Json<Addresses> {
    Json(Addresses {
        urls: state.urls.clone(),
    })
}

/// Query of `GET /sync/{board}`.
#[derive(Debug, Deserialize)]
struct SyncQuery {
    token: Option<String>,
    /// The participant's secret (`board::ParticipantKey`); optional, but checked if given.
    key: Option<String>,
    /// `acks=1`: the client reads `Stored` acknowledgements (message type 100). Stock Yjs
    /// clients do not ask, and are not sent what they cannot read.
    acks: Option<String>,
}

/// Tells a client its token is not valid for this board (y-websocket's "permission denied"
/// auth message), then closes with 4401.
async fn refuse_token(mut socket: WebSocket) {
    let denied = Frame::Auth("invalid or missing token for this board".into()).encode();
    let _ = socket.send(Message::Binary(denied.into())).await;
    let close = CloseFrame {
        code: CLOSE_BAD_TOKEN,
        reason: "invalid or missing token".into(),
    };
    let _ = socket.send(Message::Close(Some(close))).await;
}

/// Tells a participant its network brought too many new keys to this board lately: close
/// 4429 with the reason.
async fn refuse_key(mut socket: WebSocket, over: TooManyKeys) {
    let close = CloseFrame {
        code: CLOSE_TOO_MANY_KEYS,
        reason: over.to_string().into(),
    };
    let _ = socket.send(Message::Close(Some(close))).await;
}

/// `GET /sync/{board}?token=…[&key=…][&acks=1]`: checks rate, board, participant key, token and the
/// new-key cap, then upgrades.
async fn sync(
    State(state): State<AppState>,
    Path(board): Path<String>,
    Query(query): Query<SyncQuery>,
    addr: ClientAddr,
    upgrade: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    rate_limit(&state, addr)?;
    let board = BoardId::parse(&board).ok_or(ApiError::NotFound)?;
    if !state.boards.exists(&board).await? {
        return Err(ApiError::NotFound);
    }
    // A malformed key is the app's bug, not a revoked link: say so plainly, before the
    // upgrade (y-websocket keeps retrying, but the app reads the status first).
    let key = match query.key.as_deref() {
        None => None,
        Some(secret) => Some(ParticipantKey::from_secret(secret).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "invalid participant key: it must be {MIN_SECRET_LEN} to 128 letters or digits"
            ))
        })?),
    };
    let role = query
        .token
        .as_deref()
        .and_then(|token| state.secret.verify(&board, token));
    let Some(role) = role else {
        // Refused after the upgrade, not with HTTP 401: y-websocket clients retry a failed
        // upgrade forever, but take a 4400–4499 close as final and report the auth message.
        warn!(board = %board, %addr, "sync refused: missing or invalid token");
        return Ok(upgrade.on_upgrade(refuse_token));
    };
    // Only a participant's key is a voter; facilitators and projectors cast no ballots.
    if let (Role::Participant, Some(key)) = (role, key.as_ref()) {
        if let Err(over) = state.voter_keys.admit(&board, addr.ip(), &key.id()) {
            // After the upgrade, like a bad token: a 44xx close is final for y-websocket
            // clients and the app shows its reason, where a refused upgrade says nothing.
            warn!(board = %board, %addr, "sync refused: too many new participant keys");
            return Ok(upgrade.on_upgrade(move |socket| refuse_key(socket, over)));
        }
    }
    let acks = query.acks.as_deref() == Some("1");
    let settings = state.conn_settings.clone();
    let max = settings.max_frame_bytes;
    let (boards, open) = (state.boards.clone(), state.connections.clone());
    Ok(upgrade
        .max_message_size(max)
        .max_frame_size(max)
        // Tungstenite's default read buffer is 128 KiB per socket; a room of phones sends
        // small frames. 8 KiB cut 2,000 connections from 294 to 53 MiB in the benchmark.
        .read_buffer_size(8 * 1024)
        .on_upgrade(move |socket| {
            let identity = connection::Identity { role, key, acks };
            connection::run(socket, boards, board, identity, settings, addr.0, open)
        }))
}
