//! `GET /api/boards/{board}/access`: the app asks it before showing a board from a link, so a
//! link to an unknown board (404) or with a broken token (401) is told apart from a good one.

mod common;

use std::net::SocketAddr;

use common::TestServer;

async fn access(addr: SocketAddr, board: &str, token: Option<&str>) -> (u16, String) {
    let auth = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("Authorization", a.as_str())).collect();
    let path = format!("/api/boards/{board}/access");
    let (status, _, body) = common::http_with(addr, "GET", &path, &headers, "").await;
    (status, body)
}

#[tokio::test]
async fn good_links_name_their_role_and_bad_ones_are_told_apart() {
    let server = TestServer::start().await;
    let board = server.create_board().await;
    let other = server.create_board().await;
    for (token, role) in [
        (&board.facilitator, "facilitator"),
        (&board.participant, "participant"),
        (&board.viewer, "viewer"),
    ] {
        let (status, body) = access(server.addr, &board.id, Some(token)).await;
        assert_eq!(status, 200, "{body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["role"], role);
    }
    for token in [
        Some("participant.falsch"),
        Some(other.participant.as_str()),
        None,
    ] {
        assert_eq!(
            access(server.addr, &board.id, token).await.0,
            401,
            "{token:?}"
        );
    }
    assert_eq!(
        access(server.addr, "Nichtda12345", Some(&board.participant))
            .await
            .0,
        404
    );
    server.shutdown().await;
}
