//! [`VoterKeys`]: how many participant keys each client network has introduced to a board
//! lately. A key is a voter (docs/SCHEMA.md, "Participant identity") and a fresh one costs
//! nothing, so without a cap one phone could vote any number of times by reconnecting with
//! new keys. `http.rs` asks here before upgrading a participant's connection; nothing here
//! touches a socket.

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::board_id::BoardId;

/// Close code for a join refused over the cap (44xx: final for y-websocket clients, which
/// stop retrying; the app shows the reason). Mirrors HTTP 429.
pub const CLOSE_TOO_MANY_KEYS: u16 = 4429;

/// Default cap: new keys per network and board per [`DEFAULT_WINDOW`]. A venue of 35 phones
/// behind one NAT address joins with 35 keys; reloads and reconnects reuse theirs.
pub const DEFAULT_CAP: u32 = 60;

/// The window the cap counts over.
pub const DEFAULT_WINDOW: Duration = Duration::from_secs(3600);

/// Address groups tracked per board before expired ones are swept out.
const SWEEP_AT: usize = 1024;

/// A join refused because its network introduced too many new keys to the board lately.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("too many new participants from this network on this board ({cap} per hour); try again in {} min", retry_after.as_secs().div_ceil(60).max(1))]
pub struct TooManyKeys {
    /// The cap that was reached.
    pub cap: u32,
    /// When the oldest of the network's new keys leaves the window.
    pub retry_after: Duration,
}

/// The new-key counts of every board, in memory (a restart starts them afresh).
#[derive(Debug)]
pub struct VoterKeys {
    /// New keys per network and board per `window`; 0 turns the cap off.
    cap: u32,
    window: Duration,
    /// A std `Mutex`: a few hash operations per join, no `.await` while held.
    boards: Mutex<HashMap<BoardId, BoardKeys>>,
}

/// What one board has seen.
#[derive(Debug, Default)]
struct BoardKeys {
    /// Participant ids (never secrets) that joined this board: always welcome back.
    seen: HashSet<String>,
    /// Per network: when each of its recent new keys joined, oldest first.
    recent: HashMap<Network, VecDeque<Instant>>,
}

/// Where a connection comes from, as far as the cap is concerned: an IPv4 address, or an
/// IPv6 /64 (one device may use any address of its /64, so single addresses would not bind).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Network {
    V4([u8; 4]),
    V6([u8; 8]),
}

impl Network {
    fn of(ip: IpAddr) -> Network {
        match ip.to_canonical() {
            IpAddr::V4(v4) => Network::V4(v4.octets()),
            IpAddr::V6(v6) => {
                let mut prefix = [0; 8];
                prefix.copy_from_slice(&v6.octets()[..8]);
                Network::V6(prefix)
            }
        }
    }
}

impl VoterKeys {
    /// At most `cap` new keys per network and board within `window`; `cap == 0` allows all.
    pub fn new(cap: u32, window: Duration) -> VoterKeys {
        VoterKeys {
            cap,
            window,
            boards: Mutex::new(HashMap::new()),
        }
    }

    /// Forgets everything seen of `board` (it was deleted).
    pub fn forget(&self, board: &BoardId) {
        self.boards
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(board);
    }

    /// Whether participant `id` may join `board` from `ip` now; a new key is counted
    /// against `ip`'s network.
    pub fn admit(&self, board: &BoardId, ip: IpAddr, id: &str) -> Result<(), TooManyKeys> {
        self.admit_at(board, ip, id, Instant::now())
    }

    fn admit_at(
        &self,
        board: &BoardId,
        ip: IpAddr,
        id: &str,
        now: Instant,
    ) -> Result<(), TooManyKeys> {
        if self.cap == 0 {
            return Ok(());
        }
        let mut boards = self.boards.lock().unwrap_or_else(|e| e.into_inner());
        let keys = boards.entry(board.clone()).or_default();
        if keys.seen.contains(id) {
            return Ok(());
        }
        let window = self.window;
        let expired = |at: &Instant| now.saturating_duration_since(*at) >= window;
        if keys.recent.len() >= SWEEP_AT {
            keys.recent
                .retain(|_, times| !times.back().is_some_and(expired));
        }
        let times = keys.recent.entry(Network::of(ip)).or_default();
        while times.front().is_some_and(expired) {
            times.pop_front();
        }
        if times.len() >= self.cap as usize {
            let oldest = times.front().copied().unwrap_or(now);
            return Err(TooManyKeys {
                cap: self.cap,
                retry_after: window.saturating_sub(now.saturating_duration_since(oldest)),
            });
        }
        times.push_back(now);
        keys.seen.insert(id.to_owned());
        Ok(())
    }
}

impl Default for VoterKeys {
    fn default() -> VoterKeys {
        VoterKeys::new(DEFAULT_CAP, DEFAULT_WINDOW)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn board(id: &str) -> BoardId {
        BoardId::parse(id).expect("valid id")
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("an address")
    }

    #[test]
    fn a_network_introduces_at_most_cap_new_keys_per_window() {
        let keys = VoterKeys::new(3, Duration::from_secs(3600));
        let (b, nat, t0) = (board("b1"), ip("203.0.113.7"), Instant::now());
        for n in 0..3 {
            assert_eq!(keys.admit_at(&b, nat, &format!("p{n}"), t0), Ok(()));
        }
        let refused = keys.admit_at(&b, nat, "p3", t0 + Duration::from_secs(600));
        let err = refused.expect_err("over the cap");
        assert_eq!(err.retry_after, Duration::from_secs(3000));
        assert!(err.to_string().contains("try again in 50 min"), "{err}");
        assert!(err.to_string().len() <= 123, "fits a close frame");
        // Keys seen before come back, from anywhere.
        assert_eq!(keys.admit_at(&b, nat, "p1", t0), Ok(()));
        assert_eq!(keys.admit_at(&b, ip("198.51.100.1"), "p2", t0), Ok(()));
        // Another network, another board: their own counts.
        assert_eq!(keys.admit_at(&b, ip("198.51.100.1"), "q1", t0), Ok(()));
        assert_eq!(keys.admit_at(&board("b2"), nat, "p3", t0), Ok(()));
        // After the window the network may introduce new keys again.
        let later = t0 + Duration::from_secs(3600);
        assert_eq!(keys.admit_at(&b, nat, "p3", later), Ok(()));
    }

    #[test]
    fn an_ipv6_64_counts_as_one_network() {
        let keys = VoterKeys::new(1, Duration::from_secs(60));
        let (b, t0) = (board("b1"), Instant::now());
        assert_eq!(keys.admit_at(&b, ip("2001:db8:1:2::1"), "p0", t0), Ok(()));
        assert!(keys
            .admit_at(&b, ip("2001:db8:1:2:ffff::9"), "p1", t0)
            .is_err());
        assert_eq!(keys.admit_at(&b, ip("2001:db8:1:3::1"), "p1", t0), Ok(()));
        // An IPv4 client reaching a dual-stack socket is its IPv4 address.
        assert_eq!(keys.admit_at(&b, ip("192.0.2.1"), "p2", t0), Ok(()));
        assert!(keys.admit_at(&b, ip("::ffff:192.0.2.1"), "p3", t0).is_err());
    }

    #[test]
    fn a_cap_of_zero_turns_it_off() {
        let keys = VoterKeys::new(0, Duration::from_secs(60));
        for n in 0..500 {
            assert_eq!(
                keys.admit(&board("b1"), ip("127.0.0.1"), &format!("p{n}")),
                Ok(())
            );
        }
    }
}
