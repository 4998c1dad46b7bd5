//! `GET /api/boards/{board}/access`: the app asks it before showing a board from a link, so a
//! link to an unknown board (404) or with a broken token (401) is told apart from a good one.

mod common;

use std::net::SocketAddr;

use common::{TestServer, TIMEOUT};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn access(addr: SocketAddr, board: &str, token: Option<&str>) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "GET /api/boards/{board}/access HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{auth}\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    tokio::time::timeout(TIMEOUT, stream.read_to_end(&mut response))
        .await
        .expect("HTTP response in time")
        .unwrap();
    let response = String::from_utf8_lossy(&response).to_string();
    let status = response[9..12].parse().unwrap();
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
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
    for token in [Some("participant.falsch"), Some(other.participant.as_str()), None] {
        assert_eq!(access(server.addr, &board.id, token).await.0, 401, "{token:?}");
    }
    assert_eq!(access(server.addr, "Nichtda12345", Some(&board.participant)).await.0, 404);
    server.shutdown().await;
}
