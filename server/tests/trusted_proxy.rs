//! Behind a reverse proxy (`--trusted-proxy`): the per-address limits count the client the
//! proxy names in `X-Forwarded-For`, and the proxy's own address is not capped per address;
//! from anyone not trusted the header changes nothing (it would let a client dodge the limits).

mod common;

use std::net::SocketAddr;

use common::{http_with, TestServer};

/// A join-code lookup (rate-limited per address) as if forwarded for `client`.
async fn lookup_for(addr: SocketAddr, client: &str) -> u16 {
    http_with(
        addr,
        "GET",
        "/api/join/ABCDEF",
        &[("X-Forwarded-For", client)],
        "",
    )
    .await
    .0
}

async fn server(trusted: bool) -> TestServer {
    TestServer::start_with(|c| {
        c.join_lookups_per_second = 0.01;
        c.join_lookup_burst = 3;
        if trusted {
            c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
        }
    })
    .await
}

#[tokio::test]
async fn a_trusted_proxy_gives_each_client_its_own_limit() {
    let server = server(true).await;
    for _ in 0..3 {
        assert_eq!(
            lookup_for(server.addr, "203.0.113.1").await,
            404,
            "unknown code, within the limit"
        );
    }
    assert_eq!(
        lookup_for(server.addr, "203.0.113.1").await,
        429,
        "this client's bucket is empty"
    );
    // Another client behind the same proxy has its own bucket; a forged first entry does not
    // help the first one (the proxy appended the address it saw last).
    assert_eq!(lookup_for(server.addr, "203.0.113.2").await, 404);
    assert_eq!(
        lookup_for(server.addr, "198.51.100.9, 203.0.113.1").await,
        429
    );
    server.shutdown().await;
}

#[tokio::test]
async fn without_a_trusted_proxy_the_header_changes_nothing() {
    let server = server(false).await;
    for client in ["203.0.113.1", "203.0.113.2", "203.0.113.3"] {
        assert_eq!(lookup_for(server.addr, client).await, 404);
    }
    assert_eq!(
        lookup_for(server.addr, "203.0.113.4").await,
        429,
        "one address, one bucket, whatever the header says"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_trusted_proxy_holds_more_connections_than_one_address_may() {
    let server = TestServer::start_with(|c| {
        c.max_connections_per_ip = 2;
        c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    let board = server.create_board().await;
    let mut clients = Vec::new();
    for _ in 0..5 {
        clients.push(board.join(&board.participant).await);
    }
    assert_eq!(clients.len(), 5);
    drop(clients);
    server.shutdown().await;
}
