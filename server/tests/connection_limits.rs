//! Connections that never finish their request, and more connections than the caps allow,
//! over real sockets: half-sent requests are closed after the header timeout while the
//! server keeps answering, and a connection over the total or per-IP cap is closed at once
//! without disturbing the ones already open (a websocket keeps syncing).

mod common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use common::{TestServer, TIMEOUT};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

/// A request cut off in its headers, as a slowloris client sends it.
const HALF: &[u8] = b"GET /api/health HTTP/1.1\r\nHost: kartenwand\r\nX-Slow: ";
/// The rest of it.
const REST: &[u8] = b"1\r\nConnection: close\r\n\r\n";

/// A connection from `source` (any 127.x.y.z is this machine; each is its own client IP).
async fn connect_from(source: &str, addr: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(format!("{source}:0").parse().unwrap()).unwrap();
    socket.connect(addr).await.expect("TCP connect")
}

/// Reads until the server closes; returns what it sent. Panics if it stays open past
/// `deadline`. A reset counts as closed.
async fn until_closed(stream: &mut TcpStream, deadline: tokio::time::Instant) -> Vec<u8> {
    let mut got = Vec::new();
    match tokio::time::timeout_at(deadline, stream.read_to_end(&mut got)).await {
        Ok(_) => got,
        Err(_) => panic!("the server kept the connection open"),
    }
}

/// `POST /api/boards` from `source`; the board and its tokens.
async fn create_board_from(source: &str, addr: SocketAddr) -> common::Board {
    let mut stream = connect_from(source, addr).await;
    let request = format!(
        "POST /api/boards HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let got = until_closed(&mut stream, tokio::time::Instant::now() + TIMEOUT).await;
    let got = String::from_utf8_lossy(&got);
    let (_, body) = got.split_once("\r\n\r\n").expect("an HTTP response");
    let v: serde_json::Value = serde_json::from_str(body).expect("JSON");
    common::Board::created(addr, &v)
}

/// Sends a whole health request on `stream`; whether it was answered 200 (else refused or
/// closed). Write errors mean the server already closed it.
async fn health_on(mut stream: TcpStream) -> bool {
    let request = [HALF, REST].concat();
    let _ = stream.write_all(&request).await;
    let got = until_closed(&mut stream, tokio::time::Instant::now() + TIMEOUT).await;
    got.starts_with(b"HTTP/1.1 200")
}

/// A connection over a cap: refused (closed, maybe after a 503) within `within`.
async fn assert_refused_promptly(stream: TcpStream, within: Duration, what: &str) {
    let started = Instant::now();
    let mut stream = stream;
    let _ = stream.write_all(&[HALF, REST].concat()).await;
    let got = until_closed(&mut stream, tokio::time::Instant::now() + within).await;
    assert!(
        got.is_empty() || got.starts_with(b"HTTP/1.1 503"),
        "{what}: served anyway: {}",
        String::from_utf8_lossy(&got)
    );
    println!("{what}: refused after {:?}", started.elapsed());
}

/// GET /api/health until it answers 200 (a freed slot is noticed once the server sees the
/// close); returns how long the last, successful request took.
async fn health_soon(addr: SocketAddr) -> Duration {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let started = Instant::now();
        if health_on(TcpStream::connect(addr).await.unwrap()).await {
            return started.elapsed();
        }
        assert!(Instant::now() < deadline, "health never answered again");
        tokio::task::yield_now().await;
    }
}

/// A websocket on `board` still works end to end: an edit is stored and reaches another
/// client.
async fn sync_works(board: &common::Board, label: &str) {
    let mut a = board.join(&board.participant).await;
    let mut b = board.join(&board.participant).await;
    a.set(label, "ok").await;
    a.wait_stored().await;
    b.wait_until("the edit relayed", |c| c.get(label).is_some())
        .await;
    a.close().await;
    b.close().await;
}

#[tokio::test]
async fn half_sent_requests_are_closed_and_the_server_keeps_answering() {
    const HALF_OPEN: usize = 300;
    let server = TestServer::start_with(|c| {
        c.header_timeout = Duration::from_secs(1);
        c.max_connections = 2 * HALF_OPEN;
        c.max_connections_per_ip = 2 * HALF_OPEN;
    })
    .await;
    let board = server.create_board().await;

    // A tenth of them send nothing at all, the rest stop in the middle of their headers.
    let mut slow = Vec::with_capacity(HALF_OPEN);
    for i in 0..HALF_OPEN {
        let mut stream = TcpStream::connect(server.addr).await.unwrap();
        if !i.is_multiple_of(10) {
            stream.write_all(HALF).await.unwrap();
        }
        slow.push(stream);
    }
    let opened = Instant::now();
    let during = health_soon(server.addr).await;
    println!("{HALF_OPEN} half-sent requests open: health answered in {during:?}");

    // Each is closed by the server, not left to hold a descriptor.
    let deadline = tokio::time::Instant::now() + TIMEOUT;
    for stream in &mut slow {
        let got = until_closed(stream, deadline).await;
        assert!(
            !got.starts_with(b"HTTP/1.1 2"),
            "a half-sent request was answered: {}",
            String::from_utf8_lossy(&got)
        );
    }
    println!(
        "all {HALF_OPEN} closed {:?} after they opened",
        opened.elapsed()
    );

    let after = health_soon(server.addr).await;
    println!("afterwards health answered in {after:?}");
    assert!(after < Duration::from_secs(2), "health took {after:?}");
    sync_works(&board, "after the slowloris").await;
    server.shutdown().await;
}

#[tokio::test]
async fn a_connection_over_the_per_ip_cap_is_refused_and_the_others_keep_working() {
    const PER_IP: usize = 5;
    let server = TestServer::start_with(|c| {
        // Long enough that no connection here times out: refusals are the cap's doing.
        c.header_timeout = Duration::from_secs(60);
        c.max_connections_per_ip = PER_IP;
        c.max_connections = 100;
    })
    .await;
    // Created from another address: that request's connection, closing just now, must not
    // count against 127.0.0.1.
    let board = create_board_from("127.0.0.3", server.addr).await;
    // 127.0.0.1 holds its whole share: a websocket and requests still being sent.
    let mut ws = board.join(&board.participant).await;
    let mut pending = Vec::new();
    for _ in 1..PER_IP {
        let mut stream = connect_from("127.0.0.1", server.addr).await;
        stream.write_all(HALF).await.unwrap();
        pending.push(stream);
    }

    let one_more = connect_from("127.0.0.1", server.addr).await;
    assert_refused_promptly(one_more, Duration::from_secs(5), "sixth from 127.0.0.1").await;

    // Another address is not affected.
    assert!(health_on(connect_from("127.0.0.2", server.addr).await).await);
    // Nor are the connections already open: the websocket syncs, the requests complete.
    ws.set("during the cap", "ok").await;
    ws.wait_stored().await;
    for mut stream in pending {
        stream.write_all(REST).await.unwrap();
        let got = until_closed(&mut stream, tokio::time::Instant::now() + TIMEOUT).await;
        assert!(
            got.starts_with(b"HTTP/1.1 200"),
            "{}",
            String::from_utf8_lossy(&got)
        );
    }
    // With slots free again, 127.0.0.1 is served again.
    health_soon(server.addr).await;
    ws.close().await;
    sync_works(&board, "after the cap").await;
    server.shutdown().await;
}

#[tokio::test]
async fn a_connection_over_the_total_cap_is_refused_and_the_others_keep_working() {
    const TOTAL: usize = 6;
    let server = TestServer::start_with(|c| {
        c.header_timeout = Duration::from_secs(60);
        c.max_connections = TOTAL;
        c.max_connections_per_ip = 100;
    })
    .await;
    // The whole total, from three addresses, each in the middle of a request.
    let mut pending = Vec::new();
    for i in 0..TOTAL {
        let mut stream = connect_from(&format!("127.0.0.{}", 1 + i % 3), server.addr).await;
        stream.write_all(HALF).await.unwrap();
        pending.push(stream);
    }
    let one_more = connect_from("127.0.0.9", server.addr).await;
    assert_refused_promptly(one_more, Duration::from_secs(5), "over the total").await;

    // The open ones are served as if nothing happened.
    for mut stream in pending {
        stream.write_all(REST).await.unwrap();
        let got = until_closed(&mut stream, tokio::time::Instant::now() + TIMEOUT).await;
        assert!(
            got.starts_with(b"HTTP/1.1 200"),
            "{}",
            String::from_utf8_lossy(&got)
        );
    }
    // With slots free again, new connections are served again.
    health_soon(server.addr).await;
    let board = server.create_board().await;
    sync_works(&board, "after the cap").await;
    server.shutdown().await;
}
