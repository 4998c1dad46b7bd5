//! `GET /metrics`: the server's counters in the Prometheus text exposition format (0.0.4),
//! written by hand (a few atomics, no registry). [`METRICS`] is per process: counters only
//! ever grow, gauges are read when scraped. No board id, token or address appears here.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;

use crate::app::AppState;

/// A counter: only grows.
#[derive(Debug)]
pub struct Counter(AtomicU64);

impl Counter {
    const fn new() -> Counter {
        Counter(AtomicU64::new(0))
    }

    /// Adds one.
    pub fn inc(&self) {
        self.add(1);
    }

    /// Adds `n`.
    pub fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }

    /// The count so far.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Upper bounds (seconds) of the latency histograms' buckets: a commit on a laptop's SSD
/// takes about a millisecond, a slow disk or a busy PostgreSQL hundreds.
const BOUNDS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

/// A latency histogram with the buckets of [`BOUNDS`].
#[derive(Debug)]
pub struct Histogram {
    /// Observations per bucket (not cumulative; summed when written), the last past every bound.
    buckets: [AtomicU64; BOUNDS.len() + 1],
    count: AtomicU64,
    /// Sum of the observations, in microseconds.
    sum_us: AtomicU64,
}

impl Histogram {
    const fn new() -> Histogram {
        Histogram {
            buckets: [const { AtomicU64::new(0) }; BOUNDS.len() + 1],
            count: AtomicU64::new(0),
            sum_us: AtomicU64::new(0),
        }
    }

    /// Records one observation.
    pub fn observe(&self, took: Duration) {
        let secs = took.as_secs_f64();
        let bucket = BOUNDS
            .iter()
            .position(|b| secs <= *b)
            .unwrap_or(BOUNDS.len());
        self.buckets[bucket].fetch_add(1, Ordering::Relaxed);
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_us.fetch_add(
            took.as_micros().min(u128::from(u64::MAX)) as u64,
            Ordering::Relaxed,
        );
    }

    /// Writes the histogram's lines for `name` with the label `labels` (`key="value"`).
    fn write(&self, out: &mut String, name: &str, labels: &str) {
        let mut cumulative = 0;
        for (i, bound) in BOUNDS.iter().enumerate() {
            cumulative += self.buckets[i].load(Ordering::Relaxed);
            let _ = writeln!(out, "{name}_bucket{{{labels},le=\"{bound}\"}} {cumulative}");
        }
        cumulative += self.buckets[BOUNDS.len()].load(Ordering::Relaxed);
        let _ = writeln!(out, "{name}_bucket{{{labels},le=\"+Inf\"}} {cumulative}");
        let sum = self.sum_us.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "{name}_sum{{{labels}}} {sum}");
        // The buckets' total, not `count`: the two can differ by an observation in flight.
        let _ = writeln!(out, "{name}_count{{{labels}}} {cumulative}");
    }
}

/// Everything counted.
#[derive(Debug)]
pub struct Metrics {
    /// Websocket connections opened.
    pub connections_opened: Counter,
    /// Document updates received from clients (`Update` and `SyncStep2` frames).
    pub updates_in: Counter,
    /// Document updates sent to clients (one per recipient).
    pub updates_out: Counter,
    /// Updates refused under the write rules or the size limit (their connection closed).
    pub updates_refused: Counter,
    /// Compactions finished (snapshot written, log rows deleted).
    pub compactions: Counter,
    /// Boards deleted (by a facilitator or after the retention period).
    pub boards_deleted: Counter,
    /// Changes received from the other nodes over the relay.
    pub relayed_in: Counter,
    /// Waits for the relay's channel to be read to its end before judging (multi-node).
    pub catch_ups: Counter,
    /// How long a client's update took from its turn's start to the other connections'
    /// outboxes on this node.
    pub fanout_local: Histogram,
    /// How long another node's stored update took from its publication to this node's
    /// connections (clocks of the relay and this node; across nodes).
    pub fanout_relay: Histogram,
    /// How long a wait for the relay's channel took.
    pub catch_up: Histogram,
    /// How long appending a turn's updates to the store took.
    pub store_append: Histogram,
    /// How long loading a board from the store took.
    pub store_load: Histogram,
    /// How long a compaction took in the store.
    pub store_compact: Histogram,
}

/// The process's metrics.
pub static METRICS: Metrics = Metrics {
    connections_opened: Counter::new(),
    updates_in: Counter::new(),
    updates_out: Counter::new(),
    updates_refused: Counter::new(),
    compactions: Counter::new(),
    boards_deleted: Counter::new(),
    relayed_in: Counter::new(),
    catch_ups: Counter::new(),
    fanout_local: Histogram::new(),
    fanout_relay: Histogram::new(),
    catch_up: Histogram::new(),
    store_append: Histogram::new(),
    store_load: Histogram::new(),
    store_compact: Histogram::new(),
};

/// One metric's `# HELP` and `# TYPE` lines and its value.
fn single(out: &mut String, name: &str, kind: &str, help: &str, value: u64) {
    let _ = writeln!(
        out,
        "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
    );
}

/// The exposition text, with the gauges `connections` and `boards_loaded` as given.
pub fn render(connections: usize, boards_loaded: usize) -> String {
    let m = &METRICS;
    let mut out = String::new();
    single(
        &mut out,
        "kartenwand_connections",
        "gauge",
        "Open websocket connections.",
        connections as u64,
    );
    single(
        &mut out,
        "kartenwand_connections_opened_total",
        "counter",
        "Websocket connections opened.",
        m.connections_opened.get(),
    );
    single(
        &mut out,
        "kartenwand_boards_loaded",
        "gauge",
        "Boards loaded in memory on this node.",
        boards_loaded as u64,
    );
    single(
        &mut out,
        "kartenwand_updates_in_total",
        "counter",
        "Document updates received from clients.",
        m.updates_in.get(),
    );
    single(
        &mut out,
        "kartenwand_updates_out_total",
        "counter",
        "Document updates sent to clients, one per recipient.",
        m.updates_out.get(),
    );
    single(
        &mut out,
        "kartenwand_updates_refused_total",
        "counter",
        "Updates refused under the write rules or the size limit.",
        m.updates_refused.get(),
    );
    single(
        &mut out,
        "kartenwand_compactions_total",
        "counter",
        "Compactions finished.",
        m.compactions.get(),
    );
    single(
        &mut out,
        "kartenwand_boards_deleted_total",
        "counter",
        "Boards deleted by a facilitator or after the retention period.",
        m.boards_deleted.get(),
    );
    single(
        &mut out,
        "kartenwand_relayed_in_total",
        "counter",
        "Changes received from other nodes.",
        m.relayed_in.get(),
    );
    single(
        &mut out,
        "kartenwand_relay_catch_ups_total",
        "counter",
        "Reads of the relay to its end before judging a write or answering a handshake.",
        m.catch_ups.get(),
    );
    let name = "kartenwand_fanout_seconds";
    let _ = writeln!(out, "# HELP {name} Latency from an update's arrival to the other connections' outboxes.\n# TYPE {name} histogram");
    m.fanout_local.write(&mut out, name, "path=\"local\"");
    m.fanout_relay.write(&mut out, name, "path=\"relay\"");
    let name = "kartenwand_relay_catch_up_seconds";
    let _ = writeln!(out, "# HELP {name} Latency of reading the relay to its end before judging.\n# TYPE {name} histogram");
    m.catch_up.write(&mut out, name, "op=\"catch_up\"");
    let name = "kartenwand_store_seconds";
    let _ = writeln!(
        out,
        "# HELP {name} Latency of store operations.\n# TYPE {name} histogram"
    );
    m.store_append.write(&mut out, name, "op=\"append\"");
    m.store_load.write(&mut out, name, "op=\"load\"");
    m.store_compact.write(&mut out, name, "op=\"compact\"");
    out
}

/// The handler.
pub async fn get(State(state): State<AppState>) -> impl IntoResponse {
    let connections = state.connections.load(Ordering::Relaxed);
    let body = render(connections, state.boards.loaded());
    (
        [
            (
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_cumulative_and_end_with_the_count() {
        let h = Histogram::new();
        h.observe(Duration::from_micros(300));
        h.observe(Duration::from_millis(3));
        h.observe(Duration::from_secs(9));
        let mut out = String::new();
        h.write(&mut out, "x", "op=\"t\"");
        assert!(
            out.contains("x_bucket{op=\"t\",le=\"0.0005\"} 1\n"),
            "{out}"
        );
        assert!(out.contains("x_bucket{op=\"t\",le=\"0.005\"} 2\n"), "{out}");
        assert!(out.contains("x_bucket{op=\"t\",le=\"2.5\"} 2\n"), "{out}");
        assert!(out.contains("x_bucket{op=\"t\",le=\"+Inf\"} 3\n"), "{out}");
        assert!(out.contains("x_count{op=\"t\"} 3\n"), "{out}");
        assert!(out.contains("x_sum{op=\"t\"} 9.0033\n"), "{out}");
    }
}
