//! The app's files over real sockets as the build's precompressed copies: brotli when the
//! client takes it, gzip when it refuses brotli, the file itself without Accept-Encoding;
//! each decodes to the built file, has its own ETag and revalidates to a 304, and HEAD says
//! the same. Needs a `dist/` made by `trunk build` (scripts/test.sh builds it after the Rust
//! tests): without one this test says so and passes; the encoding rules themselves are unit
//! tests in src/encoding.rs.

mod common;

use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;

use common::{TestServer, TIMEOUT};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Status, headers (names lower-cased) and body bytes of one request.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

async fn request(addr: SocketAddr, method: &str, path: &str, extra: &[(&str, &str)]) -> Answer {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(TIMEOUT, stream.read_to_end(&mut raw))
        .await
        .expect("a response in time")
        .unwrap();
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP response");
    let head = String::from_utf8_lossy(&raw[..end]).to_string();
    let mut lines = head.lines();
    let status = lines.next().unwrap()[9..12].parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Answer {
        status,
        headers,
        body: raw[end + 4..].to_vec(),
    }
}

/// The built wasm's name in `dist/`, if the build made its brotli copy.
fn built_wasm() -> Option<String> {
    let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist");
    std::fs::read_dir(dist)
        .ok()?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .find(|name| name.ends_with("_bg.wasm.br"))
        .map(|name| name.trim_end_matches(".br").to_string())
}

fn decode(coding: Option<&str>, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match coding {
        Some("br") => {
            brotli_decompressor::Decompressor::new(body, 4096)
                .read_to_end(&mut out)
                .expect("valid brotli");
        }
        Some("gzip") => {
            flate2::read::GzDecoder::new(body)
                .read_to_end(&mut out)
                .expect("valid gzip");
        }
        None => out.extend_from_slice(body),
        Some(other) => panic!("unexpected Content-Encoding {other}"),
    }
    out
}

#[tokio::test]
async fn the_wasm_arrives_in_the_best_encoding_the_client_takes() {
    let Some(wasm) = built_wasm() else {
        eprintln!(
            "SKIPPED: dist/ has no precompressed wasm (`trunk build --release` makes it); \
             the encoding rules are still tested in src/encoding.rs"
        );
        return;
    };
    let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist");
    let original = std::fs::read(dist.join(&wasm)).unwrap();
    let server = TestServer::start().await;
    let path = format!("/{wasm}");
    let mut etags = Vec::new();
    for (accept, expected) in [
        (Some("br"), Some("br")),
        (Some("gzip, deflate, br, zstd"), Some("br")),
        (Some("gzip"), Some("gzip")),
        (Some("br;q=0, gzip"), Some("gzip")),
        (None, None),
    ] {
        let headers: Vec<(&str, &str)> =
            accept.map(|a| ("Accept-Encoding", a)).into_iter().collect();
        let got = request(server.addr, "GET", &path, &headers).await;
        assert_eq!(got.status, 200, "{accept:?}");
        assert_eq!(got.header("content-encoding"), expected, "{accept:?}");
        assert_eq!(
            got.header("content-type"),
            Some("application/wasm"),
            "{accept:?}"
        );
        assert_eq!(got.header("vary"), Some("accept-encoding"), "{accept:?}");
        assert_eq!(
            got.header("content-length"),
            Some(got.body.len().to_string().as_str()),
            "{accept:?}"
        );
        if expected.is_some() {
            assert!(
                got.body.len() < original.len() / 2,
                "{accept:?}: hardly compressed"
            );
        }
        assert!(
            decode(expected, &got.body) == original,
            "{accept:?}: decodes to another file"
        );
        let etag = got.header("etag").expect("an ETag").to_string();

        // Revalidation with this variant's ETag: 304, no body, same ETag and Vary.
        let mut conditional = headers.clone();
        conditional.push(("If-None-Match", &etag));
        let again = request(server.addr, "GET", &path, &conditional).await;
        assert_eq!(again.status, 304, "{accept:?}");
        assert!(again.body.is_empty(), "{accept:?}");
        assert_eq!(again.header("etag"), Some(etag.as_str()), "{accept:?}");
        assert_eq!(again.header("vary"), Some("accept-encoding"), "{accept:?}");

        // HEAD: the same headers, no body.
        let head = request(server.addr, "HEAD", &path, &headers).await;
        assert_eq!(head.status, 200, "{accept:?}");
        assert!(head.body.is_empty(), "{accept:?}");
        assert_eq!(head.header("content-encoding"), expected, "{accept:?}");
        assert_eq!(
            head.header("content-length"),
            got.header("content-length"),
            "{accept:?}"
        );
        etags.push((expected, etag));
    }
    // One ETag per variant: a gzip ETag never gets a 304 for brotli bytes.
    let by_coding = |c: Option<&str>| etags.iter().find(|(e, _)| *e == c).unwrap().1.clone();
    let (br, gzip, plain) = (
        by_coding(Some("br")),
        by_coding(Some("gzip")),
        by_coding(None),
    );
    assert!(br != gzip && gzip != plain && br != plain, "{etags:?}");
    let crossed = request(
        server.addr,
        "GET",
        &path,
        &[("Accept-Encoding", "br"), ("If-None-Match", &gzip)],
    )
    .await;
    assert_eq!(crossed.status, 200);
    assert_eq!(crossed.header("content-encoding"), Some("br"));

    // The copies are no files or routes of their own.
    let copy = request(server.addr, "GET", &format!("{path}.br"), &[]).await;
    assert_eq!(copy.status, 404);

    // The page itself comes as brotli too, and the CSP still matches its inline script.
    let page = request(server.addr, "GET", "/", &[("Accept-Encoding", "br")]).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-encoding"), Some("br"));
    let html = decode(Some("br"), &page.body);
    assert_eq!(html, std::fs::read(dist.join("index.html")).unwrap());
    assert!(page.header("content-security-policy").is_some());
}
