//! The Kartenwand server's HTTP API, as far as the app uses it (see docs/API.md).

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

/// A board the server created, with the tokens of its three roles.
#[derive(Clone, Debug, PartialEq)]
pub struct CreatedBoard {
    /// The board id.
    pub id: String,
    /// Token of the facilitator (the creator).
    pub facilitator_token: String,
    /// Token for participants' links.
    pub participant_token: String,
    /// Token for the read-only projector link.
    pub viewer_token: String,
}

/// Why the server could not be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// No server answered (offline, or the app is served by something else).
    #[error("no Kartenwand server reachable")]
    Unreachable,
    /// The server answered with an error status.
    #[error("server answered {0}")]
    Status(u16),
    /// The answer was not what docs/API.md promises.
    #[error("unexpected answer: {0}")]
    BadAnswer(String),
}

/// `POST /api/boards` on the server that serves this app.
pub async fn create_board(title: &str) -> Result<CreatedBoard, ApiError> {
    let init = RequestInit::new();
    init.set_method("POST");
    let body = serde_json::json!({ "title": title }).to_string();
    init.set_body(&JsValue::from_str(&body));
    let request = Request::new_with_str_and_init("/api/boards", &init).map_err(|_| ApiError::Unreachable)?;
    let _ = request.headers().set("content-type", "application/json");
    let response = JsFuture::from(leptos::prelude::window().fetch_with_request(&request)).await.map_err(|_| ApiError::Unreachable)?;
    let response: Response = response.dyn_into().map_err(|_| ApiError::Unreachable)?;
    if !response.ok() {
        return Err(ApiError::Status(response.status()));
    }
    let json = JsFuture::from(response.json().map_err(|_| ApiError::BadAnswer("no body".into()))?)
        .await
        .map_err(|_| ApiError::BadAnswer("not JSON".into()))?;
    let field = |name: &str| -> Result<String, ApiError> {
        Reflect::get(&json, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_string())
            .ok_or_else(|| ApiError::BadAnswer(format!("missing {name}")))
    };
    Ok(CreatedBoard {
        id: field("id")?,
        facilitator_token: field("facilitator_token")?,
        participant_token: field("participant_token")?,
        viewer_token: field("viewer_token")?,
    })
}

/// The role a token grants, read from its prefix (`{role}.{signature}`); the server checks it.
pub fn role_of(token: &str) -> Role {
    match token.split('.').next() {
        Some("facilitator") => Role::Facilitator,
        Some("viewer") => Role::Viewer,
        _ => Role::Participant,
    }
}

/// What a connection may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Runs the workshop: everything, and hands out links.
    Facilitator,
    /// Takes part: edits the wall.
    Participant,
    /// The projector: sees everything, changes nothing.
    Viewer,
}

/// The address of an invitation: the board page with the token in the fragment, which
/// browsers never send to a server.
pub fn invite_link(board: &str, token: &str) -> String {
    let origin = leptos::prelude::window().location().origin().unwrap_or_default();
    format!("{origin}/b/{board}#t={token}")
}

/// The websocket address of a board on the server that serves this app. The participant
/// key tells the server which ballots and which participant entry this connection may write.
pub fn sync_url(board: &str, token: &str, key: &board::ParticipantKey) -> String {
    let location = leptos::prelude::window().location();
    let scheme = if location.protocol().unwrap_or_default() == "https:" { "wss" } else { "ws" };
    let host = location.host().unwrap_or_default();
    let token = js_sys::encode_uri_component(token);
    format!("{scheme}://{host}/sync/{board}?token={token}&key={}", key.secret())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_come_from_the_token_prefix() {
        assert_eq!(role_of("facilitator.abc"), Role::Facilitator);
        assert_eq!(role_of("viewer.abc"), Role::Viewer);
        assert_eq!(role_of("participant.abc"), Role::Participant);
        assert_eq!(role_of("garbage"), Role::Participant);
    }
}
