//! `GET /api/boards/{board}/invites` over HTTP: a co-facilitator holding only the facilitator
//! token gets the board's participant and viewer tokens; other roles, missing or wrong tokens
//! and unknown boards are refused; the returned tokens work on `/sync`.

mod common;

use std::net::SocketAddr;

use common::{Board, TestServer};

/// `GET path` with an optional `Authorization` header value; returns status, headers and body.
async fn get(addr: SocketAddr, path: &str, authorization: Option<&str>) -> (u16, String, String) {
    let headers: Vec<(&str, &str)> = authorization
        .iter()
        .map(|a| ("Authorization", *a))
        .collect();
    common::http_with(addr, "GET", path, &headers, "").await
}

fn path(board: &Board) -> String {
    format!("/api/boards/{}/invites", board.id)
}

#[tokio::test]
async fn the_facilitator_gets_the_invitations_and_they_work_on_sync() {
    let server = TestServer::start().await;
    let board = server.create_board().await;
    let bearer = format!("Bearer {}", board.facilitator);
    let (status, head, body) = get(server.addr, &path(&board), Some(&bearer)).await;
    assert_eq!(status, 200, "{body}");
    assert!(head.contains("cache-control: no-store"), "{head}");
    let invites: serde_json::Value = serde_json::from_str(&body).unwrap();
    let participant = invites["participant_token"].as_str().unwrap().to_string();
    let viewer = invites["viewer_token"].as_str().unwrap().to_string();
    // The same tokens the creator got: the co-facilitator's links equal the creator's.
    assert_eq!(participant, board.participant);
    assert_eq!(viewer, board.viewer);

    let mut facilitator = board.join(&board.facilitator).await;
    let mut phone = board.join(&participant).await;
    let mut projector = board.join(&viewer).await;
    phone.set("from-the-phone", "Sprachkurse").await;
    phone.wait_stored().await;
    facilitator
        .wait_until("the phone's card", |c| c.get("from-the-phone").is_some())
        .await;
    projector
        .wait_until("the phone's card on the projector", |c| {
            c.get("from-the-phone").is_some()
        })
        .await;
    assert_eq!(phone.ended, None);
    assert_eq!(projector.ended, None);
    server.shutdown().await;
}

#[tokio::test]
async fn other_roles_wrong_tokens_and_unknown_boards_are_refused() {
    let server = TestServer::start().await;
    let board = server.create_board().await;
    let other = server.create_board().await;
    let url = path(&board);
    for (token, role) in [
        (&board.participant, "participant"),
        (&board.viewer, "viewer"),
    ] {
        let (status, _, body) = get(server.addr, &url, Some(&format!("Bearer {token}"))).await;
        assert_eq!(status, 403, "{role}: {body}");
        assert!(
            !body.contains("participant."),
            "{role}: no token in the refusal"
        );
    }
    let forged = format!(
        "Bearer facilitator.{}",
        board.viewer.split_once('.').unwrap().1
    );
    let wrong_board = format!("Bearer {}", other.facilitator);
    for (auth, what) in [
        (None, "no header"),
        (Some("Bearer "), "empty bearer"),
        (Some("Bearer facilitator.AAAA"), "bad signature"),
        (Some(forged.as_str()), "a viewer token renamed"),
        (
            Some(wrong_board.as_str()),
            "another board's facilitator token",
        ),
        (Some(board.facilitator.as_str()), "no Bearer scheme"),
    ] {
        let (status, head, body) = get(server.addr, &url, auth).await;
        assert_eq!(status, 401, "{what}: {body}");
        assert!(head.contains("www-authenticate: bearer"), "{what}: {head}");
    }
    // The token in the query string is not read: tokens in URLs leak into logs.
    let query = format!("{url}?token={}", board.facilitator);
    assert_eq!(get(server.addr, &query, None).await.0, 401);

    let bearer = format!("Bearer {}", board.facilitator);
    for missing in [
        "/api/boards/NoSuchBoard1/invites",
        "/api/boards/bad%20id/invites",
    ] {
        let (status, _, body) = get(server.addr, missing, Some(&bearer)).await;
        assert_eq!(status, 404, "{missing}: {body}");
    }
    server.shutdown().await;
}
