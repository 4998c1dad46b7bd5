//! The built web app (trunk's `dist/`), embedded in the binary with rust-embed, served with
//! a single-page-app fallback to `index.html`. Before `trunk build` ran there is no
//! `index.html`, and every page says so.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

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

/// Serves a file of the app, `index.html` for app routes, or 404.
pub async fn serve(method: Method, uri: Uri, headers: HeaderMap) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = uri.path().trim_start_matches('/');
    if path.starts_with("api/") || path.starts_with("sync/") {
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

fn file(path: &str, headers: &HeaderMap) -> Option<Response> {
    let file = Dist::get(path)?;
    let etag = format!("\"{}\"", hex(&file.metadata.sha256_hash()[..16]));
    let cache = cache_control(path);
    let mut response = if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        Response::builder()
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
            .ok()?
    } else {
        Response::builder()
            .header(header::CONTENT_TYPE, file.metadata.mimetype())
            .body(Body::from(file.data.into_owned()))
            .ok()?
    };
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    Some(response)
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
