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

/// How long creating a board on the server may take before the board is made in the browser:
/// offline the request fails at once, but a network that swallows packets (a hotspot whose
/// server laptop went away) would otherwise keep the form busy for minutes.
const CREATE_TIMEOUT_MS: u32 = 8_000;

/// Aborts the request after `ms` (`AbortSignal.timeout`), where the browser has it.
fn give_up_after(init: &RequestInit, ms: u32) {
    let Ok(abort_signal) = Reflect::get(&js_sys::global(), &JsValue::from_str("AbortSignal"))
    else {
        return;
    };
    let Some(timeout) = Reflect::get(&abort_signal, &JsValue::from_str("timeout"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return;
    };
    if let Ok(signal) = timeout.call1(&abort_signal, &JsValue::from(ms)) {
        let _ = Reflect::set(init, &JsValue::from_str("signal"), &signal);
    }
}

/// The answer index.html's loader already fetched for this very request, taken once: it
/// checks a participant's link before asking their name (pwa/loader.js), and the app need
/// not ask the server the same again.
fn early_answer(request: &Request) -> Option<js_sys::Promise> {
    if request.method() != "GET" {
        return None;
    }
    let early = Reflect::get(&js_sys::global(), &JsValue::from_str("kartenwandEarly"))
        .ok()
        .filter(JsValue::is_object)?;
    let authorization = request
        .headers()
        .get("authorization")
        .ok()
        .flatten()
        .unwrap_or_default();
    let key = JsValue::from_str(&format!("{} {authorization}", request.url()));
    let answer = Reflect::get(&early, &key)
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    let _ = Reflect::delete_property(early.unchecked_ref::<js_sys::Object>(), &key);
    Some(answer)
}

/// Sends `request`; the response of a successful status.
async fn fetch(request: &Request) -> Result<Response, ApiError> {
    let sent = early_answer(request)
        .unwrap_or_else(|| leptos::prelude::window().fetch_with_request(request));
    let response = JsFuture::from(sent)
        .await
        .map_err(|_| ApiError::Unreachable)?;
    let response: Response = response.dyn_into().map_err(|_| ApiError::Unreachable)?;
    if response.ok() {
        Ok(response)
    } else {
        Err(ApiError::Status(response.status()))
    }
}

/// Sends `request` and reads the JSON answer of a successful status.
async fn fetch_json(request: &Request) -> Result<JsValue, ApiError> {
    let response = fetch(request).await?;
    JsFuture::from(
        response
            .json()
            .map_err(|_| ApiError::BadAnswer("no body".into()))?,
    )
    .await
    .map_err(|_| ApiError::BadAnswer("not JSON".into()))
}

/// The string `name` of a JSON answer.
fn string_field(json: &JsValue, name: &str) -> Result<String, ApiError> {
    Reflect::get(json, &JsValue::from_str(name))
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| ApiError::BadAnswer(format!("missing {name}")))
}

/// `POST /api/boards` on the server that serves this app.
pub async fn create_board(title: &str) -> Result<CreatedBoard, ApiError> {
    let init = RequestInit::new();
    init.set_method("POST");
    let body = serde_json::json!({ "title": title }).to_string();
    init.set_body(&JsValue::from_str(&body));
    give_up_after(&init, CREATE_TIMEOUT_MS);
    let request =
        Request::new_with_str_and_init("/api/boards", &init).map_err(|_| ApiError::Unreachable)?;
    let _ = request.headers().set("content-type", "application/json");
    let json = fetch_json(&request).await?;
    let field = |name: &str| string_field(&json, name);
    Ok(CreatedBoard {
        id: field("id")?,
        facilitator_token: field("facilitator_token")?,
        participant_token: field("participant_token")?,
        viewer_token: field("viewer_token")?,
    })
}

/// A board's invitation tokens, as `GET /api/boards/{id}/invites` hands them to a facilitator.
#[derive(Clone, Debug, PartialEq)]
pub struct InviteTokens {
    /// Token for participants' links.
    pub participant_token: String,
    /// Token for the read-only projector link.
    pub viewer_token: String,
}

/// `GET /api/boards/{board}/invites` with the facilitator's token (in the `Authorization`
/// header, never in the address): the invitation tokens of a board this device did not create.
pub async fn fetch_invites(board: &str, facilitator_token: &str) -> Result<InviteTokens, ApiError> {
    let init = RequestInit::new();
    init.set_method("GET");
    give_up_after(&init, CREATE_TIMEOUT_MS);
    let board = String::from(js_sys::encode_uri_component(board));
    let request = Request::new_with_str_and_init(&format!("/api/boards/{board}/invites"), &init)
        .map_err(|_| ApiError::Unreachable)?;
    let _ = request
        .headers()
        .set("authorization", &format!("Bearer {facilitator_token}"));
    let json = fetch_json(&request).await?;
    let field = |name: &str| string_field(&json, name);
    Ok(InviteTokens {
        participant_token: field("participant_token")?,
        viewer_token: field("viewer_token")?,
    })
}

/// `POST /api/boards/{board}/join-code[?renew=true]` with the facilitator's token: the
/// board's short join code, made (or, with `renew`, replaced) on the server.
pub async fn join_code(
    board: &str,
    facilitator_token: &str,
    renew: bool,
) -> Result<String, ApiError> {
    let init = RequestInit::new();
    init.set_method("POST");
    give_up_after(&init, CREATE_TIMEOUT_MS);
    let board = String::from(js_sys::encode_uri_component(board));
    let query = if renew { "?renew=true" } else { "" };
    let request =
        Request::new_with_str_and_init(&format!("/api/boards/{board}/join-code{query}"), &init)
            .map_err(|_| ApiError::Unreachable)?;
    let _ = request
        .headers()
        .set("authorization", &format!("Bearer {facilitator_token}"));
    string_field(&fetch_json(&request).await?, "code")
}

/// What the projector's join panel shows: the join code and the participant token behind
/// its QR code.
#[derive(Clone, Debug, PartialEq)]
pub struct JoinPanel {
    /// The board's join code.
    pub code: String,
    /// The participant token (as in the participant link).
    pub participant_token: String,
}

/// `GET /api/boards/{board}/join` with the facilitator's or the projector's token: the join
/// code (made if the board has none) and the participant token.
pub async fn join_panel(board: &str, token: &str) -> Result<JoinPanel, ApiError> {
    let init = RequestInit::new();
    init.set_method("GET");
    give_up_after(&init, CREATE_TIMEOUT_MS);
    let board = String::from(js_sys::encode_uri_component(board));
    let request = Request::new_with_str_and_init(&format!("/api/boards/{board}/join"), &init)
        .map_err(|_| ApiError::Unreachable)?;
    let _ = request
        .headers()
        .set("authorization", &format!("Bearer {token}"));
    let json = fetch_json(&request).await?;
    Ok(JoinPanel {
        code: string_field(&json, "code")?,
        participant_token: string_field(&json, "participant_token")?,
    })
}

/// Where a join code leads: a board and the participant token for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Joined {
    /// The board id.
    pub board: String,
    /// The participant token (as in the participant link).
    pub participant_token: String,
}

/// `GET /api/join/{code}`: the board a typed code leads to (`Status(404)` for none).
pub async fn lookup_join_code(code: &str) -> Result<Joined, ApiError> {
    let init = RequestInit::new();
    init.set_method("GET");
    give_up_after(&init, CREATE_TIMEOUT_MS);
    let code = String::from(js_sys::encode_uri_component(code.trim()));
    let request = Request::new_with_str_and_init(&format!("/api/join/{code}"), &init)
        .map_err(|_| ApiError::Unreachable)?;
    let json = fetch_json(&request).await?;
    Ok(Joined {
        board: string_field(&json, "board")?,
        participant_token: string_field(&json, "participant_token")?,
    })
}

/// `GET /api/boards/{board}/access`: whether the board exists on the server (`Status(404)`)
/// and the token is valid for it (`Status(401)`).
pub async fn check_access(board: &str, token: &str) -> Result<(), ApiError> {
    let init = RequestInit::new();
    init.set_method("GET");
    give_up_after(&init, CREATE_TIMEOUT_MS);
    let board = String::from(js_sys::encode_uri_component(board));
    let request = Request::new_with_str_and_init(&format!("/api/boards/{board}/access"), &init)
        .map_err(|_| ApiError::Unreachable)?;
    let _ = request
        .headers()
        .set("authorization", &format!("Bearer {token}"));
    fetch_json(&request).await.map(|_| ())
}

/// `DELETE /api/boards/{board}` with the facilitator's token: deletes the board on the
/// server, for everyone (`Ok` once it is gone; a 404 means it was gone before).
pub async fn delete_board(board: &str, facilitator_token: &str) -> Result<(), ApiError> {
    let init = RequestInit::new();
    init.set_method("DELETE");
    give_up_after(&init, CREATE_TIMEOUT_MS);
    let board = String::from(js_sys::encode_uri_component(board));
    let request = Request::new_with_str_and_init(&format!("/api/boards/{board}"), &init)
        .map_err(|_| ApiError::Unreachable)?;
    let _ = request
        .headers()
        .set("authorization", &format!("Bearer {facilitator_token}"));
    fetch(&request).await.map(|_| ())
}

/// A template kept on the server (`GET /api/templates`).
#[derive(Clone, Debug, PartialEq)]
pub struct ServerTemplate {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
}

/// A template the server just kept: its id and the token that deletes it (given once).
#[derive(Clone, Debug, PartialEq)]
pub struct KeptTemplate {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The token that deletes it.
    pub delete_token: String,
}

/// `POST /api/boards/{board}/templates` with the facilitator's token: keeps the template file
/// `bytes` on the server for everyone who uses it.
pub async fn keep_template(
    board: &str,
    facilitator_token: &str,
    bytes: &[u8],
) -> Result<KeptTemplate, ApiError> {
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&js_sys::Uint8Array::from(bytes));
    give_up_after(&init, CREATE_TIMEOUT_MS);
    let board = String::from(js_sys::encode_uri_component(board));
    let request = Request::new_with_str_and_init(&format!("/api/boards/{board}/templates"), &init)
        .map_err(|_| ApiError::Unreachable)?;
    let _ = request
        .headers()
        .set("content-type", "application/octet-stream");
    let _ = request
        .headers()
        .set("authorization", &format!("Bearer {facilitator_token}"));
    let json = fetch_json(&request).await?;
    Ok(KeptTemplate {
        id: string_field(&json, "id")?,
        title: string_field(&json, "title")?,
        delete_token: string_field(&json, "delete_token")?,
    })
}

/// `GET /api/templates`: the templates kept on the server, newest first.
pub async fn templates() -> Result<Vec<ServerTemplate>, ApiError> {
    let init = RequestInit::new();
    give_up_after(&init, CREATE_TIMEOUT_MS);
    let request = Request::new_with_str_and_init("/api/templates", &init)
        .map_err(|_| ApiError::Unreachable)?;
    let json = fetch_json(&request).await?;
    let list: js_sys::Array = json
        .dyn_into()
        .map_err(|_| ApiError::BadAnswer("not a list".into()))?;
    list.iter()
        .map(|entry| {
            Ok(ServerTemplate {
                id: string_field(&entry, "id")?,
                title: string_field(&entry, "title")?,
            })
        })
        .collect()
}

/// `GET /api/templates/{id}`: a kept template's file.
pub async fn template(id: &str) -> Result<Vec<u8>, ApiError> {
    let init = RequestInit::new();
    give_up_after(&init, CREATE_TIMEOUT_MS);
    let id = String::from(js_sys::encode_uri_component(id));
    let request = Request::new_with_str_and_init(&format!("/api/templates/{id}"), &init)
        .map_err(|_| ApiError::Unreachable)?;
    let response = fetch(&request).await?;
    let buffer = JsFuture::from(
        response
            .array_buffer()
            .map_err(|_| ApiError::BadAnswer("no body".into()))?,
    )
    .await
    .map_err(|_| ApiError::Unreachable)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// `DELETE /api/templates/{id}` with the token the server gave when it kept it.
pub async fn delete_template(id: &str, delete_token: &str) -> Result<(), ApiError> {
    let init = RequestInit::new();
    init.set_method("DELETE");
    give_up_after(&init, CREATE_TIMEOUT_MS);
    let id = String::from(js_sys::encode_uri_component(id));
    let request = Request::new_with_str_and_init(&format!("/api/templates/{id}"), &init)
        .map_err(|_| ApiError::Unreachable)?;
    let _ = request
        .headers()
        .set("authorization", &format!("Bearer {delete_token}"));
    fetch(&request).await.map(|_| ())
}

/// The address of an invitation at `origin` (`http://host:port`): the board page with the
/// token in the fragment, which browsers never send to a server.
pub fn invite_link(origin: &str, board: &str, token: &str) -> String {
    format!("{}/b/{board}#t={token}", origin.trim_end_matches('/'))
}

/// Whether this page was opened at a loopback address (`localhost`, `127.0.0.1`, `[::1]`),
/// which no phone can reach.
pub fn on_loopback() -> bool {
    let host = leptos::prelude::window()
        .location()
        .hostname()
        .unwrap_or_default();
    is_loopback_host(&host)
}

fn is_loopback_host(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host.starts_with("127.")
        || host == "[::1]"
        || host == "::1"
}

/// `GET /api/addresses`: where the server can be reached; the first one phones can use
/// (not loopback), as an origin, if there is one.
pub async fn lan_origin() -> Result<Option<String>, ApiError> {
    let request = Request::new_with_str("/api/addresses").map_err(|_| ApiError::Unreachable)?;
    let json = fetch_json(&request).await?;
    let urls = Reflect::get(&json, &JsValue::from_str("urls"))
        .map_err(|_| ApiError::BadAnswer("missing urls".into()))?;
    let urls: js_sys::Array = urls
        .dyn_into()
        .map_err(|_| ApiError::BadAnswer("urls is not a list".into()))?;
    Ok(urls
        .iter()
        .filter_map(|u| u.as_string())
        .find_map(|u| lan_url(&u)))
}

/// The origin of `url` if its host is not loopback.
fn lan_url(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))?;
    let host_port = rest.split('/').next()?;
    let host = host_port.rsplit_once(':').map_or(host_port, |(h, _)| h);
    (!host.is_empty() && !is_loopback_host(host)).then(|| url.trim_end_matches('/').to_string())
}

/// The websocket address of a board on the server that serves this app. The participant
/// key tells the server which ballots and which participant entry this connection may write.
pub fn sync_url(board: &str, token: &str, key: &board::ParticipantKey) -> String {
    let location = leptos::prelude::window().location();
    let scheme = if location.protocol().unwrap_or_default() == "https:" {
        "wss"
    } else {
        "ws"
    };
    let host = location.host().unwrap_or_default();
    let token = js_sys::encode_uri_component(token);
    // `acks=1`: the app reads the server's `Stored` acknowledgements (stock clients do not).
    format!(
        "{scheme}://{host}/sync/{board}?token={token}&key={}&acks=1",
        key.secret()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lan_addresses_are_told_from_loopback() {
        assert_eq!(
            lan_url("http://192.168.43.17:8080/"),
            Some("http://192.168.43.17:8080".into())
        );
        assert_eq!(lan_url("http://127.0.0.1:8080/"), None);
        assert_eq!(lan_url("http://localhost:8080/"), None);
        assert_eq!(lan_url("ftp://x/"), None);
        assert_eq!(
            invite_link("http://10.0.0.2:8080/", "b1", "participant.x"),
            "http://10.0.0.2:8080/b/b1#t=participant.x"
        );
    }
}
