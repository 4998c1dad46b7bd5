//! [`RateLimiter`]: a token bucket per client IP address for new connections and board
//! creation. A refused request gets HTTP 429 before any websocket upgrade.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// Buckets kept before full (idle) ones are dropped.
const MAX_TRACKED: usize = 10_000;

/// Per-IP token buckets.
#[derive(Debug)]
pub struct RateLimiter {
    /// Tokens added per second; 0 or less turns the limiter off.
    rate: f64,
    /// Bucket size.
    burst: f64,
    /// A std `Mutex`: a few arithmetic operations per request, no `.await` inside.
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimiter {
    /// `rate` requests per second with bursts of `burst`; `rate <= 0` allows everything.
    pub fn new(rate: f64, burst: u32) -> RateLimiter {
        RateLimiter {
            rate,
            burst: f64::from(burst.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `ip` now; `false` if its bucket is empty.
    pub fn allow(&self, ip: IpAddr) -> bool {
        self.allow_at(ip, Instant::now())
    }

    /// Seconds until `ip` gets its next token (for `Retry-After`), at least 1.
    pub fn retry_after_secs(&self) -> u64 {
        if self.rate <= 0.0 {
            return 1;
        }
        (1.0 / self.rate).ceil().max(1.0) as u64
    }

    fn allow_at(&self, ip: IpAddr, now: Instant) -> bool {
        if self.rate <= 0.0 {
            return true;
        }
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= MAX_TRACKED {
            let (rate, burst) = (self.rate, self.burst);
            buckets.retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * rate < burst);
        }
        let bucket = buckets.entry(ip).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.rate).min(self.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn bursts_then_refills_per_ip() {
        let limiter = RateLimiter::new(2.0, 3);
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        let t0 = Instant::now();
        assert!((0..3).all(|_| limiter.allow_at(a, t0)));
        assert!(!limiter.allow_at(a, t0));
        assert!(
            limiter.allow_at(b, t0),
            "other addresses have their own bucket"
        );
        assert!(!limiter.allow_at(a, t0 + Duration::from_millis(400)));
        assert!(limiter.allow_at(a, t0 + Duration::from_millis(500)));
        assert_eq!(limiter.retry_after_secs(), 1);
    }

    #[test]
    fn zero_rate_is_unlimited() {
        let limiter = RateLimiter::new(0.0, 1);
        let a: IpAddr = [127, 0, 0, 1].into();
        assert!((0..10_000).all(|_| limiter.allow(a)));
    }
}
