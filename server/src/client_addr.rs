//! The client's address as the rate limits, the voter-key cap and the logs see it: the
//! socket's peer, or, when that peer is a reverse proxy named with `--trusted-proxy`, the
//! address the proxy put into `X-Forwarded-For`. Without a trusted proxy the header is
//! ignored: anyone could write it.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;

use crate::app::AppState;

/// The client's address (see the module's documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub SocketAddr);

impl ClientAddr {
    /// The client's IP address.
    pub fn ip(&self) -> IpAddr {
        self.0.ip()
    }
}

impl std::fmt::Display for ClientAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The client behind `peer`: the right-most address in `X-Forwarded-For` that is not one of
/// the `trusted` proxies, if `peer` is one of them; else `peer` itself. Right-most: each proxy
/// appends the address it saw, so only the entries our own proxies wrote can be believed.
pub fn client_behind(peer: SocketAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> SocketAddr {
    if !trusted.contains(&peer.ip()) {
        return peer;
    }
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    for entry in forwarded.iter().rev() {
        let Some(ip) = parse_ip(entry) else {
            // Garbage from beyond our proxies: the peer is all we know.
            return peer;
        };
        if !trusted.contains(&ip) {
            return SocketAddr::new(ip, 0);
        }
    }
    peer
}

/// An address as proxies write it: bare, `[v6]`, or with a port.
fn parse_ip(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|a| a.ip()))
        .or_else(|| entry.strip_prefix('[')?.strip_suffix(']')?.parse().ok())
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // Every connection is served with its peer address (`listener.rs`); a request made
        // without one (a unit test's `oneshot`) counts as the unspecified address.
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(SocketAddr::from(([0, 0, 0, 0], 0)), |info| info.0);
        Ok(ClientAddr(client_behind(
            peer,
            &parts.headers,
            &state.trusted_proxies,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for v in values {
            map.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        map
    }

    const PROXY: &str = "10.0.0.2:5000";

    #[test]
    fn the_header_counts_only_from_a_trusted_proxy() {
        let peer: SocketAddr = PROXY.parse().unwrap();
        let trusted = ["10.0.0.2".parse().unwrap()];
        let h = headers(&["203.0.113.7"]);
        assert_eq!(
            client_behind(peer, &h, &[]),
            peer,
            "no proxy trusted: the header is ignored"
        );
        assert_eq!(
            client_behind(peer, &h, &trusted).ip(),
            "203.0.113.7".parse::<IpAddr>().unwrap()
        );
        let stranger: SocketAddr = "198.51.100.1:4000".parse().unwrap();
        assert_eq!(
            client_behind(stranger, &h, &trusted),
            stranger,
            "a peer that is no proxy of ours"
        );
    }

    #[test]
    fn the_right_most_untrusted_entry_is_the_client() {
        let peer: SocketAddr = PROXY.parse().unwrap();
        let trusted = ["10.0.0.2".parse().unwrap(), "10.0.0.3".parse().unwrap()];
        // The client wrote a fake first entry; our two proxies appended what they saw.
        let h = headers(&["1.2.3.4, 203.0.113.7", "10.0.0.3"]);
        assert_eq!(
            client_behind(peer, &h, &trusted).ip(),
            "203.0.113.7".parse::<IpAddr>().unwrap()
        );
        assert_eq!(
            client_behind(peer, &headers(&["[2001:db8::1]:443"]), &trusted).ip(),
            "2001:db8::1".parse::<IpAddr>().unwrap()
        );
        assert_eq!(
            client_behind(peer, &headers(&["[2001:db8::2]"]), &trusted).ip(),
            "2001:db8::2".parse::<IpAddr>().unwrap()
        );
        assert_eq!(
            client_behind(peer, &headers(&["not an address"]), &trusted),
            peer,
            "garbage: the proxy itself"
        );
        assert_eq!(
            client_behind(peer, &HeaderMap::new(), &trusted),
            peer,
            "no header: the proxy itself"
        );
        assert_eq!(
            client_behind(peer, &headers(&["10.0.0.3"]), &trusted),
            peer,
            "only proxies: the peer"
        );
    }
}
