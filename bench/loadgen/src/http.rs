//! A minimal HTTP/1.1 client for the calls the load generator makes (`POST /api/boards`,
//! `loadgen join`'s join code and its lookups, and `loadgen fuzz`'s health check), so that it
//! needs no HTTP client stack.

use anyhow::{anyhow, bail, Context, Result};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Splits `http://host:port/prefix` into (`host:port`, `/prefix` without trailing slash).
pub fn split_url(url: &str) -> Result<(String, String)> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("ws://"))
        .ok_or_else(|| anyhow!("URL must start with http:// or ws://: {url}"))?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    Ok((host.to_string(), path.trim_end_matches('/').to_string()))
}

/// POSTs a JSON body and parses the JSON answer; fails on a non-2xx status.
pub async fn post_json(host: &str, path: &str, body: &str) -> Result<serde_json::Value> {
    let extra = "Content-Type: application/json\r\n";
    let (status, body) = request(host, "POST", path, extra, body).await?;
    json_answer("POST", path, status, &body)
}

/// POSTs without a body, with `Authorization: Bearer {token}`; parses the JSON answer and
/// fails on a non-2xx status.
pub async fn post_bearer(host: &str, path: &str, token: &str) -> Result<serde_json::Value> {
    let extra = format!("Authorization: Bearer {token}\r\n");
    let (status, body) = request(host, "POST", path, &extra, "").await?;
    json_answer("POST", path, status, &body)
}

/// GETs `path`, with `Authorization: Bearer {token}` if given: the HTTP status and the body
/// parsed as JSON (`Null` if it is not JSON).
pub async fn get_json(
    host: &str,
    path: &str,
    token: Option<&str>,
) -> Result<(u16, serde_json::Value)> {
    let extra = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
    let (status, body) = request(host, "GET", path, &extra, "").await?;
    Ok((status, serde_json::from_slice(&body).unwrap_or_default()))
}

/// The JSON of a 2xx answer; an error with the body otherwise.
fn json_answer(method: &str, path: &str, status: u16, body: &[u8]) -> Result<serde_json::Value> {
    if !(200..300).contains(&status) {
        bail!(
            "{method} {path}: HTTP {status}: {}",
            String::from_utf8_lossy(body)
        );
    }
    Ok(serde_json::from_slice(body)?)
}

/// One request on a fresh connection (`extra`: header lines, each ending in CRLF): the status
/// and the body (de-chunked).
async fn request(
    host: &str,
    method: &str,
    path: &str,
    extra: &str,
    body: &str,
) -> Result<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(host)
        .await
        .with_context(|| format!("connect {host}"))?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Accept: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let split = memchr::memmem::find(&response, b"\r\n\r\n")
        .ok_or_else(|| anyhow!("no HTTP header end"))?;
    let head = std::str::from_utf8(&response[..split])?;
    let mut body = response[split + 4..].to_vec();
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| anyhow!("bad status line: {head}"))?;
    let chunked = head.lines().any(|l| {
        let l = l.to_ascii_lowercase();
        l.starts_with("transfer-encoding:") && l.contains("chunked")
    });
    if chunked {
        body = dechunk(&body)?;
    }
    Ok((status, body))
}

/// GETs `path` and returns the HTTP status (the body is read and dropped).
pub async fn get_status(host: &str, path: &str) -> Result<u16> {
    let mut stream = TcpStream::connect(host)
        .await
        .with_context(|| format!("connect {host}"))?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let head = String::from_utf8_lossy(&response[..response.len().min(64)]);
    head.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| anyhow!("bad status line: {head}"))
}

fn dechunk(mut data: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = memchr::memmem::find(data, b"\r\n").ok_or_else(|| anyhow!("bad chunk"))?;
        let size_text = std::str::from_utf8(&data[..eol])?;
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)?;
        data = &data[eol + 2..];
        if size == 0 {
            return Ok(out);
        }
        out.extend_from_slice(data.get(..size).ok_or_else(|| anyhow!("short chunk"))?);
        data = data.get(size + 2..).unwrap_or(&[]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_urls() {
        assert_eq!(
            split_url("http://127.0.0.1:8080").unwrap(),
            ("127.0.0.1:8080".into(), "".into())
        );
        assert_eq!(
            split_url("ws://h:1/sync/").unwrap(),
            ("h:1".into(), "/sync".into())
        );
        assert!(split_url("https://h").is_err());
    }

    #[test]
    fn dechunks() {
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").unwrap(),
            b"abcde"
        );
    }
}
