//! Security headers on every response: a strict Content-Security-Policy (the app's own
//! files, its wasm, and the hashes of `index.html`'s inline scripts, nothing else), `nosniff`,
//! and `Referrer-Policy: no-referrer` (links carry tokens). What is allowed is said here only.

#[cfg(not(debug_assertions))]
use std::sync::OnceLock;

use axum::http::header::{CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS};
use axum::http::HeaderValue;
use axum::response::Response;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The policy without the script hashes. Each source, and why the app needs it:
/// - `script-src 'wasm-unsafe-eval'`: compiling the app's WebAssembly (not JS `eval`);
/// - `style-src 'unsafe-inline'`: Leptos writes `style` attributes (card positions), and
///   the print view (a Blob page that inherits this policy) has its CSS in a `<style>`;
/// - `img-src data:`: an icon in the stylesheet is a `data:` SVG;
/// - `connect-src 'self'`: the API and, in CSP Level 3 browsers, `ws:`/`wss:` to this host;
/// - `worker-src`, `manifest-src`: the service worker and the web app manifest.
const POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; \
form-action 'self'; frame-ancestors 'none'";

/// Adds the headers to `response` (an `axum::middleware::map_response` function).
pub async fn add(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(CONTENT_SECURITY_POLICY, policy());
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

/// The policy for the embedded app: computed once in a release build, whose `index.html` is
/// fixed; on every request in a debug build, which reads `dist/` from disk (a `trunk build`
/// while it runs must not leave it with the old loader's hash).
fn policy() -> HeaderValue {
    #[cfg(not(debug_assertions))]
    {
        static POLICY_VALUE: OnceLock<HeaderValue> = OnceLock::new();
        POLICY_VALUE.get_or_init(current_policy).clone()
    }
    #[cfg(debug_assertions)]
    current_policy()
}

fn current_policy() -> HeaderValue {
    let html = crate::assets::index_html().unwrap_or_default();
    let value = policy_for(&String::from_utf8_lossy(&html));
    HeaderValue::from_str(&value).unwrap_or_else(|_| {
        // Hashes are base64 and the rest is constant, so this does not happen; if it did,
        // no inline script at all is the safe side.
        HeaderValue::from_static("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'")
    })
}

/// The policy allowing exactly the inline scripts of `html` (trunk writes one that loads
/// the wasm module).
pub fn policy_for(html: &str) -> String {
    let hashes: String = inline_scripts(html)
        .map(|script| {
            // The browser hashes the script as parsed, and HTML parsing turns every CR LF
            // and lone CR into LF.
            let parsed = script.replace("\r\n", "\n").replace('\r', "\n");
            format!(" 'sha256-{}'", STANDARD.encode(Sha256::digest(parsed)))
        })
        .collect();
    POLICY.replace("{hashes}", &hashes)
}

/// The contents of the `<script>` elements without a `src` (CSP hashes exactly these bytes).
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attributes, rest) = rest.split_once('>')?;
        let (body, _) = rest.split_once("</script>")?;
        (!attributes.contains("src=")).then_some(body)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_are_not() {
        let html = "<head><script type=\"module\" src=\"/a.js\"></script>\
                    <script type=\"module\">import init from '/k.js';</script></head>";
        let csp = policy_for(html);
        let expected = STANDARD.encode(Sha256::digest("import init from '/k.js';"));
        assert!(csp.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-{expected}';"
        )));
        assert_eq!(csp.matches("sha256-").count(), 1);
        assert!(!csp.contains("'unsafe-eval'"));
        // Line breaks as the browser's parser sees them.
        let crlf = policy_for("<script>a;\r\nb;</script>");
        let lf = STANDARD.encode(Sha256::digest("a;\nb;"));
        assert!(crlf.contains(&lf), "{crlf}");
        assert!(policy_for("<p>no scripts</p>").contains("script-src 'self' 'wasm-unsafe-eval';"));
    }
}
