//! The built web app (trunk's `dist/`), embedded in the binary with rust-embed, served with
//! a single-page-app fallback to `index.html`. Before `trunk build` ran there is no
//! `index.html`, and every page says so.
//!
//! The build leaves a brotli and a gzip copy beside each text and wasm file (`NAME.br`,
//! `NAME.gz`, scripts/precompress.mjs); a request gets the best copy its Accept-Encoding
//! takes (`encoding.rs`), sent as is: nothing is compressed per request. Each copy has its
//! own ETag, so a revalidation answers 304 only for the bytes the client holds.

use std::borrow::Cow;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

use crate::encoding::{self, Coding};

/// `../dist` at compile time (release builds embed it; debug builds read the folder).
#[derive(RustEmbed)]
#[folder = "../dist/"]
struct Dist;

const NOT_BUILT: &str = "<!doctype html>
<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Kartenwand: app not built</title></head>
<body><h1>App not built</h1>
<p>This server has no web app in it. Run <code>trunk build --release</code> in the repository,
then build and start the server again (or use <code>scripts/run.sh</code>).</p>
<p>The sync API (<code>/api</code>, <code>/sync</code>) works regardless.</p></body></html>
";

/// The embedded `index.html`, if the app was built (for the policy in `headers.rs`).
pub fn index_html() -> Option<Vec<u8>> {
    Dist::get("index.html").map(|file| file.data.into_owned())
}

/// Logs a warning when the app was built without its compressed copies (a `dist/` not made
/// by `trunk build` with Trunk.toml's hook): every phone would then load the full wasm.
pub fn warn_if_uncompressed() {
    if Dist::get("index.html").is_some() && Dist::get("index.html.br").is_none() {
        tracing::warn!(
            "the app has no precompressed copies (index.html.br): build it with \
             `trunk build --release`, which runs scripts/precompress.mjs"
        );
    }
}

/// Serves a file of the app, `index.html` for app routes, or 404.
pub async fn serve(method: Method, uri: Uri, headers: HeaderMap) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = uri.path().trim_start_matches('/');
    // The copies are encodings of their file, not files of the app (and no app route).
    if path.starts_with("api/") || path.starts_with("sync/") || is_copy(path) {
        return StatusCode::NOT_FOUND.into_response();
    }
    if path.is_empty() || path == "index.html" {
        return file("index.html", &headers).unwrap_or_else(not_built);
    }
    if let Some(response) = file(path, &headers) {
        return response;
    }
    // A missing file (it has an extension) is a 404; anything else is an app route.
    let last = path.rsplit('/').next().unwrap_or(path);
    if last.contains('.') {
        return StatusCode::NOT_FOUND.into_response();
    }
    file("index.html", &headers).unwrap_or_else(not_built)
}

fn not_built() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        NOT_BUILT,
    )
        .into_response()
}

/// Whether a path names a precompressed copy (`NAME.br`, `NAME.gz`) rather than a file.
fn is_copy(path: &str) -> bool {
    Coding::COMPRESSED
        .iter()
        .any(|coding| path.ends_with(coding.suffix()))
}

fn file(path: &str, headers: &HeaderMap) -> Option<Response> {
    let accept = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok());
    // The first coding whose copy exists; the file itself comes last, so `None` means the
    // file does not exist at all.
    let (coding, copy) = encoding::preference(accept)
        .into_iter()
        .find_map(|coding| Dist::get(&format!("{path}{}", coding.suffix())).map(|f| (coding, f)))?;
    // The copy's own hash: a gzip ETag never validates brotli bytes, nor the other way round.
    let etag = format!("\"{}\"", hex(&copy.metadata.sha256_hash()[..16]));
    let mut response = if if_none_match(headers, &etag) {
        Response::builder()
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
            .ok()?
    } else {
        // The type of the file itself (rust-embed would call a `.br` copy application/x-brotli).
        let mime = mime_type(path);
        let length = copy.data.len();
        // A release build's files are static: sent without a copy of the bytes.
        let body = match copy.data {
            Cow::Borrowed(bytes) => Body::from(Bytes::from_static(bytes)),
            Cow::Owned(bytes) => Body::from(bytes),
        };
        let mut ok = Response::builder()
            .header(header::CONTENT_TYPE, mime)
            .header(header::CONTENT_LENGTH, length)
            .body(body)
            .ok()?;
        if let Some(value) = coding.header() {
            ok.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static(value));
        }
        ok
    };
    let h = response.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control(path)),
    );
    // Every answer depends on Accept-Encoding, even the plain file's (another header would
    // have got a copy): a shared cache must keep them apart.
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    Some(response)
}

/// Whether `If-None-Match` names this ETag (a list, weak forms and `*` included).
fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|tag| tag.trim())
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
}

/// The Content-Type of an app file, by its name (as rust-embed's own `mimetype()` finds it).
fn mime_type(path: &str) -> String {
    mime_guess::from_path(path)
        .first_or_octet_stream()
        .to_string()
}

/// trunk names built files `name-<hash>.ext`: those never change. Everything else (the
/// page, the service worker `sw.js`, the manifest, icons) is revalidated on every use, so a
/// new version of the app is found on the next visit.
fn cache_control(path: &str) -> &'static str {
    if path == "index.html" || !has_hash(path) {
        "no-cache"
    } else {
        "public, max-age=31536000, immutable"
    }
}

fn has_hash(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    // `-` followed by a 64-bit hash in hex, as in `app-6f977d572b43f260_bg.wasm`. trunk writes
    // it without leading zeros (`{:x}`), so one name in 16 has 15 digits or fewer: 12 is enough
    // to tell a hash from a word. The service worker (pwa/sw.js) uses the same rule.
    name.split('-')
        .skip(1)
        .any(|part| part.bytes().take_while(|b| b.is_ascii_hexdigit()).count() >= 12)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_hashes_are_recognised() {
        assert!(has_hash("kartenwand-6f977d572b43f260.js"));
        assert!(has_hash("kartenwand-6f977d572b43f260_bg.wasm"));
        assert!(has_hash("main-f060f88a39291e2a.css"));
        assert!(!has_hash("index.html"));
        assert!(!has_hash("public/icon.svg"));
        // A hash with a leading zero dropped (a real build's name).
        assert!(has_hash("kartenwand-482d247cf0b67f9.js"));
        assert!(!has_hash("public/apple-touch-icon.png"));
    }

    #[test]
    fn the_service_worker_and_manifest_are_revalidated() {
        assert_eq!(cache_control("sw.js"), "no-cache");
        assert_eq!(cache_control("manifest.webmanifest"), "no-cache");
        assert_eq!(cache_control("index.html"), "no-cache");
        assert_eq!(
            cache_control("kartenwand-482d247cf0b67f9_bg.wasm"),
            "public, max-age=31536000, immutable"
        );
    }

    #[test]
    fn if_none_match_reads_lists_and_weak_tags() {
        let with = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static(value));
            headers
        };
        let tag = "\"abc\"";
        assert!(if_none_match(&with("\"abc\""), tag));
        assert!(if_none_match(&with("\"x\", W/\"abc\""), tag));
        assert!(if_none_match(&with("*"), tag));
        assert!(!if_none_match(&with("\"abcd\""), tag));
        assert!(!if_none_match(&HeaderMap::new(), tag));
    }

    #[tokio::test]
    async fn compressed_copies_are_no_files_of_the_app() {
        for path in ["/index.html.br", "/index.html.gz", "/sw.js.br", "/board.br"] {
            let response = serve(Method::GET, Uri::from_static(path), HeaderMap::new()).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        }
        assert_eq!(
            mime_type("app-0123456789abcdef_bg.wasm"),
            "application/wasm"
        );
        assert_eq!(mime_type("sw.js"), "text/javascript");
    }

    #[tokio::test]
    async fn api_paths_and_missing_files_are_404() {
        let get = |p: &'static str| serve(Method::GET, Uri::from_static(p), HeaderMap::new());
        assert_eq!(get("/api/nothing").await.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            get("/missing-file.js").await.status(),
            StatusCode::NOT_FOUND
        );
        // An app route gets index.html, or the "not built" page without a build.
        let status = get("/board/abc").await.status();
        assert!(status == StatusCode::OK || status == StatusCode::SERVICE_UNAVAILABLE);
        let post = serve(Method::POST, Uri::from_static("/"), HeaderMap::new()).await;
        assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
    }
}
