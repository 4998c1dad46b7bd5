//! [`Slots`]: caps on open TCP connections, in total and per client address, and
//! [`Tracked`], a socket that holds its [`Slot`] until it closes (websockets included).
//! Nothing here accepts or reads; `listener.rs` asks for a slot before serving a socket.

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, Ipv6Addr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// Counts of open connections, with their caps. Shared by the accept loop and every slot.
#[derive(Debug)]
pub struct Slots {
    /// Most connections open at once.
    max_total: usize,
    /// Most connections open at once from one [`client_key`].
    max_per_ip: usize,
    /// Trusted reverse proxies: no per-address cap.
    proxies: Vec<IpAddr>,
    /// A std `Mutex`: a map lookup per accepted or closed socket, never held across `.await`.
    counts: Mutex<Counts>,
}

#[derive(Debug, Default)]
struct Counts {
    total: usize,
    per_ip: HashMap<IpAddr, usize>,
}

/// Which cap a refused connection hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Full {
    /// The server's total.
    Total,
    /// The connections from this client's address.
    PerIp,
}

impl Slots {
    /// Caps of `max_total` connections and `max_per_ip` per client address (0 counts as 1);
    /// `proxies` (trusted reverse proxies, which carry many clients) only count to the total.
    pub fn new(max_total: usize, max_per_ip: usize, proxies: Vec<IpAddr>) -> Arc<Slots> {
        Arc::new(Slots {
            max_total: max_total.max(1),
            max_per_ip: max_per_ip.max(1),
            proxies,
            counts: Mutex::new(Counts::default()),
        })
    }

    /// Takes a slot for a connection from `ip`, or says which cap is reached.
    pub fn try_acquire(self: &Arc<Slots>, ip: IpAddr) -> Result<Slot, Full> {
        let key = client_key(ip);
        let mut counts = self.lock();
        if counts.total >= self.max_total {
            return Err(Full::Total);
        }
        let cap = if self.proxies.contains(&ip) {
            usize::MAX
        } else {
            self.max_per_ip
        };
        let from_ip = counts.per_ip.entry(key).or_insert(0);
        if *from_ip >= cap {
            return Err(Full::PerIp);
        }
        *from_ip += 1;
        counts.total += 1;
        Ok(Slot {
            slots: self.clone(),
            key,
        })
    }

    /// Connections open now.
    #[cfg(test)]
    pub fn open(&self) -> usize {
        self.lock().total
    }

    fn release(&self, key: IpAddr) {
        let mut counts = self.lock();
        counts.total = counts.total.saturating_sub(1);
        if let Some(n) = counts.per_ip.get_mut(&key) {
            *n -= 1;
            // Forget addresses with nothing open, so the map stays as small as the crowd.
            if *n == 0 {
                counts.per_ip.remove(&key);
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counts> {
        // Counting cannot leave the map half-updated, so a poisoned lock is still sound.
        self.counts.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The address a per-IP cap counts against: IPv4 addresses as they are (a venue's phones
/// share one NAT address), IPv6 by their /64, which one host usually gets whole (it could
/// otherwise open each connection from a fresh address). IPv4-mapped IPv6 counts as IPv4.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// One open connection's place in the counts; given back when dropped.
#[derive(Debug)]
pub struct Slot {
    slots: Arc<Slots>,
    key: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.slots.release(self.key);
    }
}

/// A TCP stream with its slot. hyper hands the stream itself to a websocket after an
/// upgrade, so the slot lives exactly as long as the socket, whoever ends up owning it.
#[derive(Debug)]
pub struct Tracked {
    stream: TcpStream,
    _slot: Slot,
}

impl Tracked {
    /// `stream`, counted in `slot` until dropped.
    pub fn new(stream: TcpStream, slot: Slot) -> Tracked {
        Tracked {
            stream,
            _slot: slot,
        }
    }
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn caps_count_per_address_and_in_total() {
        let slots = Slots::new(3, 2, Vec::new());
        let a1 = slots.try_acquire(ip("10.0.0.1")).unwrap();
        let _a2 = slots.try_acquire(ip("10.0.0.1")).unwrap();
        assert_eq!(slots.try_acquire(ip("10.0.0.1")).unwrap_err(), Full::PerIp);
        let _b1 = slots.try_acquire(ip("10.0.0.2")).unwrap();
        assert_eq!(slots.try_acquire(ip("10.0.0.3")).unwrap_err(), Full::Total);
        drop(a1);
        assert_eq!(slots.open(), 2);
        let _a3 = slots.try_acquire(ip("10.0.0.1")).unwrap();
    }

    #[test]
    fn an_ipv6_host_counts_by_its_64_and_mapped_ipv4_as_ipv4() {
        assert_eq!(client_key(ip("2001:db8:1:2:aaaa::1")), ip("2001:db8:1:2::"));
        assert_eq!(client_key(ip("::ffff:10.0.0.1")), ip("10.0.0.1"));
        assert_eq!(client_key(ip("10.0.0.1")), ip("10.0.0.1"));
        let slots = Slots::new(10, 1, Vec::new());
        let _one = slots.try_acquire(ip("2001:db8::1")).unwrap();
        assert_eq!(
            slots.try_acquire(ip("2001:db8::2")).unwrap_err(),
            Full::PerIp
        );
    }

    #[test]
    fn a_trusted_proxy_counts_only_to_the_total() {
        let slots = Slots::new(4, 1, vec![ip("10.0.0.9")]);
        let held: Vec<_> = (0..3)
            .map(|_| slots.try_acquire(ip("10.0.0.9")).unwrap())
            .collect();
        assert_eq!(held.len(), 3, "many clients behind one proxy");
        let _other = slots.try_acquire(ip("10.0.0.1")).unwrap();
        assert_eq!(slots.try_acquire(ip("10.0.0.9")).unwrap_err(), Full::Total);
    }
}
