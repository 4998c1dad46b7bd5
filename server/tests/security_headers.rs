//! Headers over real sockets: every page and file of the app carries a strict
//! Content-Security-Policy, `nosniff` and `no-referrer`; a QR code (its query holds an
//! invitation link with a token) is never kept by a shared cache.

mod common;

use std::net::SocketAddr;

use common::{TestServer, TIMEOUT};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A GET; status, headers (names lower-cased) and body.
async fn get(addr: SocketAddr, path: &str) -> (u16, Vec<(String, String)>, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    tokio::time::timeout(TIMEOUT, stream.read_to_end(&mut response))
        .await
        .expect("a response in time")
        .unwrap();
    let response = String::from_utf8_lossy(&response).to_string();
    let (head, body) = response.split_once("\r\n\r\n").expect("an HTTP response");
    let mut lines = head.lines();
    let status = lines.next().unwrap()[9..12].parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers, body.to_string())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The policy a response must carry, and what it must leave out.
fn assert_protected(path: &str, headers: &[(String, String)]) {
    let csp = header(headers, "content-security-policy")
        .unwrap_or_else(|| panic!("{path}: no Content-Security-Policy"));
    for part in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(part), "{path}: {part} missing in {csp}");
    }
    assert!(!csp.contains("'unsafe-eval'"), "{path}: {csp}");
    assert!(!csp.contains('*'), "{path}: a wildcard in {csp}");
    assert_eq!(
        header(headers, "x-content-type-options"),
        Some("nosniff"),
        "{path}"
    );
    assert_eq!(
        header(headers, "referrer-policy"),
        Some("no-referrer"),
        "{path}"
    );
}

#[tokio::test]
async fn the_page_and_its_files_carry_a_strict_policy() {
    let server = TestServer::start().await;
    let (status, headers, page) = get(server.addr, "/").await;
    assert_protected("/", &headers);
    if status == 200 {
        // A built app: its first script or stylesheet, and the service worker.
        let asset = page
            .split(['"', '\''])
            .find(|s| s.starts_with('/') && (s.ends_with(".js") || s.ends_with(".css")))
            .expect("the page links a script or stylesheet")
            .to_string();
        for path in [asset.as_str(), "/sw.js", "/manifest.webmanifest"] {
            let (status, headers, _) = get(server.addr, path).await;
            assert_eq!(status, 200, "{path}");
            assert_protected(path, &headers);
        }
        // An inline script (trunk's loader) is allowed by its hash, never wholesale.
        if page.contains("<script type=\"module\">") {
            let (_, headers, _) = get(server.addr, "/").await;
            let csp = header(&headers, "content-security-policy").unwrap();
            assert!(csp.contains("'sha256-"), "{csp}");
            assert!(!csp.contains("script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'"));
        }
    } else {
        // No `trunk build` before this test: the "not built" page and a missing file.
        assert_eq!(status, 503);
        println!("the app is not built: checking the fallback page and a 404 only");
    }
    let (status, headers, _) = get(server.addr, "/missing-0123456789abcdef.js").await;
    assert_eq!(status, 404);
    assert_protected("a missing file", &headers);
    let (_, headers, _) = get(server.addr, "/api/health").await;
    assert_protected("/api/health", &headers);
    server.shutdown().await;
}

#[tokio::test]
async fn a_qr_code_of_a_link_with_a_token_is_not_cached_by_others() {
    let server = TestServer::start().await;
    let link = "http%3A%2F%2F192.168.1.2%3A8080%2Fb%2Fabc%23t%3Dparticipant.secret";
    let (status, headers, body) = get(server.addr, &format!("/api/qr?text={link}")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(header(&headers, "content-type"), Some("image/svg+xml"));
    assert_eq!(header(&headers, "cache-control"), Some("private, no-store"));
    assert_eq!(header(&headers, "x-content-type-options"), Some("nosniff"));
    server.shutdown().await;
}
