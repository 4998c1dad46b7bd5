//! Templates kept on the server for everyone on it (`server/src/templates.rs`): a
//! facilitator keeps a template file with its board's facilitator token; anyone lists and
//! fetches it; only its delete token removes it; what is not a template, or comes without a
//! facilitator's token, is refused and nothing is kept. Kept templates survive a restart.

mod common;

use board::Language;
use common::{http, http_bytes, TestServer};

/// A request with a binary body and an `Authorization: Bearer` header, as the app sends it.
async fn send(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &[u8],
) -> (u16, String) {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("Content-Type", "application/octet-stream")];
    if let Some(auth) = &auth {
        headers.push(("Authorization", auth.as_str()));
    }
    let (status, _, body) = http_bytes(addr, method, path, &headers, body).await;
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn a_facilitator_keeps_a_template_for_everyone_and_only_its_token_deletes_it() {
    let server = TestServer::start().await;
    let board = server.create_board().await;
    let template = board::template::seed::template(Language::De);
    let path = format!("/api/boards/{}/templates", board.id);

    // Refused: no token, a participant's token, something that is not a template.
    let (status, _) = send(server.addr, "POST", &path, None, &template).await;
    assert_eq!(status, 401);
    let (status, _) = send(
        server.addr,
        "POST",
        &path,
        Some(&board.participant),
        &template,
    )
    .await;
    assert_eq!(status, 403);
    let (status, body) = send(
        server.addr,
        "POST",
        &path,
        Some(&board.facilitator),
        b"KWBOARD not a template",
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = http(server.addr, "GET", "/api/templates", None).await;
    assert_eq!((status, body.as_str()), (200, "[]"), "nothing kept");

    let (status, body) = send(
        server.addr,
        "POST",
        &path,
        Some(&board.facilitator),
        &template,
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let kept: serde_json::Value = serde_json::from_str(&body).unwrap();
    let id = kept["id"].as_str().unwrap().to_owned();
    let delete_token = kept["delete_token"].as_str().unwrap().to_owned();
    assert!(
        kept["title"].as_str().unwrap().contains("Integration"),
        "{body}"
    );

    // Anyone lists and fetches it, also after a restart.
    let (server, _) = server.restart(&board).await;
    let (status, body) = http(server.addr, "GET", "/api/templates", None).await;
    assert_eq!(status, 200);
    let list: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["bytes"], template.len());
    assert!(
        !body.contains(&delete_token),
        "the list never shows the delete token"
    );
    let (status, head, fetched) = http_bytes(
        server.addr,
        "GET",
        &format!("/api/templates/{id}"),
        &[],
        b"",
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        head.contains("content-type: application/octet-stream"),
        "{head}"
    );
    assert_eq!(fetched, template, "the file as kept, byte for byte");
    let opened = board::template::decode(&fetched).expect("a template");
    assert!(opened.to_board("Neu", board::BoardEnv::default()).is_ok());
    let (status, _) = http(server.addr, "GET", "/api/templates/nosuchtemplate", None).await;
    assert_eq!(status, 404);

    // Only the delete token removes it: not the facilitator's token, not a made-up one.
    let gone = format!("/api/templates/{id}");
    for wrong in [board.facilitator.as_str(), "made-up"] {
        let (status, _) = send(server.addr, "DELETE", &gone, Some(wrong), b"").await;
        assert_eq!(status, 401);
    }
    let (status, _) = send(server.addr, "DELETE", &gone, Some(&delete_token), b"").await;
    assert_eq!(status, 204);
    let (status, body) = http(server.addr, "GET", "/api/templates", None).await;
    assert_eq!((status, body.as_str()), (200, "[]"));
    let (status, _) = send(server.addr, "DELETE", &gone, Some(&delete_token), b"").await;
    assert_eq!(status, 404);
    server.shutdown().await;
}
