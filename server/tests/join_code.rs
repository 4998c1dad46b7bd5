//! Join codes over HTTP: the facilitator makes and renews a board's code (the old one stops
//! working), anyone looks it up in any case and gets the participant link's parts, unknown
//! codes are 404, other roles are refused, and lookups are rate-limited per address.

mod common;

use std::net::SocketAddr;

use common::{Board, TestServer};

/// `method path` with an optional bearer token; returns status and body.
async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    bearer: Option<&str>,
) -> (u16, String) {
    let auth = bearer.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("Authorization", a.as_str())).collect();
    let (status, _, body) = common::http_with(addr, method, path, &headers, "").await;
    (status, body)
}

/// The board's code as the facilitator gets it (`renew` makes a new one).
async fn code(board: &Board, renew: bool) -> String {
    let path = format!(
        "/api/boards/{}/join-code{}",
        board.id,
        if renew { "?renew=true" } else { "" }
    );
    let (status, body) = request(board.addr, "POST", &path, Some(&board.facilitator)).await;
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    v["code"].as_str().unwrap().to_string()
}

/// `GET /api/join/{code}`: status and the JSON answer (null when not 200).
async fn lookup(addr: SocketAddr, code: &str) -> (u16, serde_json::Value) {
    let (status, body) = request(addr, "GET", &format!("/api/join/{code}"), None).await;
    let v = serde_json::from_str(&body).unwrap_or(serde_json::Value::Null);
    (
        status,
        if status == 200 {
            v
        } else {
            serde_json::Value::Null
        },
    )
}

#[tokio::test]
async fn a_code_leads_to_the_participant_link_in_any_case_and_renewing_ends_the_old_one() {
    let server = TestServer::start().await;
    let board = server.create_board().await;
    let other = server.create_board().await;
    let first = code(&board, false).await;
    assert_eq!(first.len(), 6, "{first}");
    assert!(
        first
            .chars()
            .all(|c| "23456789ABCDEFGHJKMNPQRSTUVWXYZ".contains(c)),
        "{first}"
    );
    assert_eq!(
        code(&board, false).await,
        first,
        "asking again keeps the code"
    );
    assert_ne!(code(&other, false).await, first, "each board its own code");

    let (status, joined) = lookup(server.addr, &first.to_lowercase()).await;
    assert_eq!(status, 200);
    assert_eq!(joined["board"], board.id.as_str());
    assert_eq!(joined["participant_token"], board.participant.as_str());
    // The token works on /sync as a participant.
    let token = joined["participant_token"].as_str().unwrap();
    let mut phone = board.join(token).await;
    phone.set("by-code", "Sprachkurse").await;
    phone.wait_stored().await;

    let renewed = code(&board, true).await;
    assert_ne!(renewed, first);
    assert_eq!(
        lookup(server.addr, &first).await.0,
        404,
        "the old code stops working"
    );
    let (status, joined) = lookup(server.addr, &renewed).await;
    assert_eq!(status, 200);
    assert_eq!(joined["board"], board.id.as_str());
    server.shutdown().await;
}

#[tokio::test]
async fn unknown_codes_are_404_and_only_the_facilitator_makes_codes() {
    let server = TestServer::start().await;
    let board = server.create_board().await;
    let other = server.create_board().await;
    for unknown in ["ABCDEF", "abc", "ABCDE0", "%20"] {
        assert_eq!(lookup(server.addr, unknown).await.0, 404, "{unknown}");
    }
    let path = format!("/api/boards/{}/join-code", board.id);
    for (token, expected) in [
        (Some(board.participant.as_str()), 403),
        (Some(board.viewer.as_str()), 403),
        (Some(other.facilitator.as_str()), 401),
        (Some("facilitator.forged"), 401),
        (None, 401),
    ] {
        let (status, body) = request(server.addr, "POST", &path, token).await;
        assert_eq!(status, expected, "{token:?}: {body}");
    }
    let (status, _) = request(
        server.addr,
        "POST",
        "/api/boards/nosuchboard/join-code",
        Some(&board.facilitator),
    )
    .await;
    assert_eq!(status, 404);
    server.shutdown().await;
}

#[tokio::test]
async fn lookups_are_rate_limited_per_address() {
    let server = TestServer::start_with(|c| {
        c.join_lookups_per_second = 0.01;
        c.join_lookup_burst = 5;
    })
    .await;
    let board = server.create_board().await;
    let real = code(&board, false).await;
    for _ in 0..4 {
        assert_eq!(lookup(server.addr, "ABCDEF").await.0, 404);
    }
    assert_eq!(lookup(server.addr, &real).await.0, 200);
    // The bucket is empty: even the right code is refused now, guessing stops.
    let (status, body) = request(server.addr, "GET", &format!("/api/join/{real}"), None).await;
    assert_eq!(status, 429, "{body}");
    server.shutdown().await;
}

#[tokio::test]
async fn the_projector_reads_the_join_panel_and_participants_do_not() {
    let server = TestServer::start().await;
    let board = server.create_board().await;
    let other = server.create_board().await;
    let path = format!("/api/boards/{}/join", board.id);
    let (status, body) = request(server.addr, "GET", &path, Some(&board.viewer)).await;
    assert_eq!(status, 200, "{body}");
    let panel: serde_json::Value = serde_json::from_str(&body).unwrap();
    let shown = panel["code"].as_str().unwrap().to_string();
    assert_eq!(panel["participant_token"], board.participant.as_str());
    assert_eq!(
        shown,
        code(&board, false).await,
        "the facilitator's code, made on first ask"
    );
    let (status, joined) = lookup(server.addr, &shown).await;
    assert_eq!(
        (status, joined["board"].as_str()),
        (200, Some(board.id.as_str()))
    );

    let renewed = code(&board, true).await;
    let (status, body) = request(server.addr, "GET", &path, Some(&board.facilitator)).await;
    assert_eq!(status, 200, "{body}");
    let panel: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        panel["code"],
        renewed.as_str(),
        "a renewed code shows at once"
    );

    for (token, expected) in [
        (Some(board.participant.as_str()), 403),
        (Some(other.viewer.as_str()), 401),
        (None, 401),
    ] {
        let (status, body) = request(server.addr, "GET", &path, token).await;
        assert_eq!(status, expected, "{token:?}: {body}");
    }
    let (status, _) = request(
        server.addr,
        "GET",
        "/api/boards/nosuchboard/join",
        Some(&board.viewer),
    )
    .await;
    assert_eq!(status, 404);
    server.shutdown().await;
}
