//! The addresses to open the app at, printed on start ("venue mode": phones on the same
//! network as the facilitator's laptop join over its LAN address).

use std::net::{IpAddr, SocketAddr};

/// URLs under which `bound` (the listening socket's address) is reachable: loopback first,
/// then every non-loopback IPv4 interface address when listening on all interfaces.
pub fn urls(bound: SocketAddr) -> Vec<String> {
    let port = bound.port();
    let url = |ip: IpAddr| match ip {
        IpAddr::V4(ip) => format!("http://{ip}:{port}/"),
        IpAddr::V6(ip) => format!("http://[{ip}]:{port}/"),
    };
    if !bound.ip().is_unspecified() {
        return vec![url(bound.ip())];
    }
    let mut urls = vec![url(IpAddr::from([127, 0, 0, 1]))];
    if let Ok(interfaces) = if_addrs::get_if_addrs() {
        for interface in interfaces {
            let ip = interface.ip();
            if ip.is_ipv4() && !ip.is_loopback() {
                let u = url(ip);
                if !urls.contains(&u) {
                    urls.push(u);
                }
            }
        }
    }
    urls
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_specific_address_is_the_only_url() {
        let bound: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        assert_eq!(urls(bound), vec!["http://127.0.0.1:8080/".to_string()]);
    }

    #[test]
    fn all_interfaces_list_loopback_first() {
        let bound: SocketAddr = "0.0.0.0:9000".parse().unwrap();
        let urls = urls(bound);
        assert_eq!(urls[0], "http://127.0.0.1:9000/");
        assert!(urls.iter().all(|u| u.ends_with(":9000/")));
    }
}
