//! The figures and lines of the summary that `loadgen vote` and `loadgen position` share:
//! what the phones measured, the server's memory and CPU and this process's CPU during the
//! window, and the errors.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde_json::{json, Value};
use tokio::time::Interval;

use super::PhoneResult;
use crate::{cpu_mark, cpu_pct, dist, procfs, CpuMark};

/// Flags of what is measured and written besides the summary on the terminal.
#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// PID of the server process, for its memory (VmRSS) and CPU time.
    #[arg(long)]
    pub server_pid: Option<u32>,
    /// Writes the summary as JSON to this file.
    #[arg(long)]
    json: Option<PathBuf>,
}

impl ReportArgs {
    /// Writes `summary` to the `--json` file, if there is one.
    pub fn write_json(&self, summary: &Value) -> Result<()> {
        write_json(self.json.as_deref(), summary)
    }
}

/// Writes `summary` as pretty JSON to `path`, if there is one (every mode's `--json`).
pub fn write_json(path: Option<&std::path::Path>, summary: &Value) -> Result<()> {
    if let Some(path) = path {
        std::fs::write(path, serde_json::to_string_pretty(summary)? + "\n")
            .with_context(|| format!("write {}", path.display()))?;
    }
    Ok(())
}

/// A duration in µs, as `dist` takes it.
pub fn us(d: Duration) -> u32 {
    d.as_micros().min(u128::from(u32::MAX)) as u32
}

/// A duration in ms.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// What the phones measured, taken together.
pub struct Figures<'a> {
    /// When the first and the last action was given.
    pub first_sent: Option<Instant>,
    pub last_sent: Option<Instant>,
    /// Last action → each phone shows the final result (ms; as `dist` gives them).
    pub to_final: Value,
    /// Last action → the message that completed the phone's document was read.
    pub to_read: Value,
    /// The phone's own work (tally, standings) before it could show the result.
    pub own_work: Value,
    /// What a room of real phones would see, each on its own CPU: reading the last action
    /// plus this phone's own work, without the other simulated phones' work.
    pub own_cpu: Value,
    /// Action → `Stored` ack.
    pub acks: Value,
    /// Why phones failed.
    pub errors: Vec<&'a String>,
    /// Phones that showed the final result.
    pub exact: usize,
    /// Updates the phones applied, and those that did not apply.
    pub updates: u64,
    pub apply_errors: u64,
}

impl<'a> Figures<'a> {
    /// Takes the phones' results together.
    pub fn of<X>(results: &'a [PhoneResult<X>]) -> Self {
        let sent = || results.iter().flat_map(|r| r.sent.iter().copied());
        let (first_sent, last_sent) = (sent().min(), sent().max());
        let since_last = |at: Option<Instant>| Some(at?.saturating_duration_since(last_sent?));
        let each = |f: &dyn Fn(&PhoneResult<X>) -> Option<Duration>| {
            dist(results.iter().filter_map(|r| f(r).map(us)).collect())
        };
        Figures {
            first_sent,
            last_sent,
            to_final: each(&|r| since_last(r.done_at)),
            to_read: each(&|r| since_last(r.complete_at)),
            own_work: each(&|r| r.own_work),
            own_cpu: each(&|r| Some(since_last(r.complete_at)? + r.own_work?)),
            acks: dist(
                results
                    .iter()
                    .flat_map(|r| r.acks.iter().map(|&d| us(d)))
                    .collect(),
            ),
            errors: results.iter().filter_map(|r| r.error.as_ref()).collect(),
            exact: results.iter().filter(|r| r.done_at.is_some()).count(),
            updates: results.iter().map(|r| r.updates).sum(),
            apply_errors: results.iter().map(|r| r.apply_errors).sum(),
        }
    }

    /// First action → last, in seconds.
    pub fn spread_s(&self) -> Option<f64> {
        Some((self.last_sent? - self.first_sent?).as_secs_f64())
    }

    /// The summary's `errors`: failed phones, with an example, and updates that did not
    /// apply (the phones' and `more`).
    pub fn errors_json(&self, more: u64) -> Value {
        json!({
            "phones": self.errors.len(),
            "example": self.errors.first(),
            "apply": self.apply_errors + more,
        })
    }
}

/// The server's memory and CPU time, this process's CPU time and the whole machine's, from
/// before the phones join to the end of the window (CPU in % of one core).
pub struct Usage {
    pid: Option<u32>,
    rss_before: Option<u64>,
    rss_connected: Option<u64>,
    rss_peak: u64,
    /// Every 250 ms during the window.
    sample: Option<Interval>,
    window_start: Option<CpuMark>,
    server_cpu: Option<f64>,
    own_cpu: Option<f64>,
    /// Whatever else ran meanwhile (builds, browsers), which skews the figures.
    other_cpu: Option<f64>,
}

impl Usage {
    /// Before the phones join; `pid` is the server's, if known.
    pub fn before(pid: Option<u32>) -> Self {
        Usage {
            pid,
            rss_before: pid.and_then(procfs::rss_kib),
            rss_connected: None,
            rss_peak: 0,
            sample: None,
            window_start: None,
            server_cpu: None,
            own_cpu: None,
            other_cpu: None,
        }
    }

    /// Every phone has joined, the window is about to open.
    pub fn window_opens(&mut self) {
        self.rss_connected = self.pid.and_then(procfs::rss_kib);
        self.window_start = Some(cpu_mark(self.pid));
        self.sample = Some(tokio::time::interval(Duration::from_millis(250)));
    }

    /// Samples the server's memory every 250 ms once the window is open (cancel-safe: for
    /// `select!`).
    pub async fn sample(&mut self) {
        match &mut self.sample {
            Some(interval) => interval.tick().await,
            None => std::future::pending().await,
        };
        if let Some(r) = self.pid.and_then(procfs::rss_kib) {
            self.rss_peak = self.rss_peak.max(r);
        }
    }

    /// The window is over.
    pub fn window_closes(&mut self) {
        let b = cpu_mark(self.pid);
        let Some(a) = &self.window_start else { return };
        let secs = (b.at - a.at).as_secs_f64();
        self.server_cpu = cpu_pct(a.server, b.server, secs);
        self.own_cpu = cpu_pct(a.own, b.own, secs);
        let all = cpu_pct(a.machine.map(|m| m.0), b.machine.map(|m| m.0), secs);
        self.other_cpu = all.map(|all| {
            (all - self.server_cpu.unwrap_or(0.0) - self.own_cpu.unwrap_or(0.0)).max(0.0)
        });
    }

    /// The summary's `server_process`; its CPU under `cpu_key`.
    pub fn server_json(&self, cpu_key: &str) -> Value {
        let mut v = json!({
            "pid": self.pid,
            "rss_before_kib": self.rss_before,
            "rss_connected_kib": self.rss_connected,
            "rss_peak_kib": self.pid.map(|_| self.rss_peak),
        });
        v[cpu_key] = json!(self.server_cpu);
        v
    }

    /// The summary's `loadgen`: this process's CPU under `cpu_key`, the others', the cores.
    pub fn loadgen_json(&self, cpu_key: &str) -> Value {
        let mut v = json!({
            "other_processes_cpu_pct": self.other_cpu,
            "cores": std::thread::available_parallelism().map_or(1, |n| n.get()),
        });
        v[cpu_key] = json!(self.own_cpu);
        v
    }
}

/// A number of the summary with `decimals` decimals, `-` if there is none.
pub fn num(v: &Value, decimals: usize) -> String {
    v.as_f64().map_or("-".into(), |x| format!("{x:.decimals$}"))
}

/// Prints a line of the summary: `label`, then the distribution `v` (p50, p99, max in ms with
/// `decimals` decimals, and its count followed by `count`).
pub fn print_dist(label: &str, v: &Value, decimals: usize, count: &str) {
    println!(
        "{label}p50 {} ms  p99 {} ms  max {} ms  ({}{count})",
        num(&v["p50"], decimals),
        num(&v["p99"], decimals),
        num(&v["max"], decimals),
        v["count"]
    );
}

/// Prints the summary's last lines: the errors, then the server's memory and the CPU of the
/// server, this process and the others `during` the window (under `cpu_key`).
pub fn print_usage(s: &Value, cpu_key: &str, during: &str) {
    println!(
        "errors            phones {}  updates that did not apply {}",
        s["errors"]["phones"], s["errors"]["apply"]
    );
    if let Some(e) = s["errors"]["example"].as_str() {
        println!("                  e.g. {e}");
    }
    let sp = &s["server_process"];
    let mib = |v: &Value| {
        v.as_f64()
            .map_or("-".into(), |k| format!("{:.1} MiB", k / 1024.0))
    };
    println!(
        "server            RSS before {}  connected {}  peak {}  CPU {} % of a core during {during}",
        mib(&sp["rss_before_kib"]),
        mib(&sp["rss_connected_kib"]),
        mib(&sp["rss_peak_kib"]),
        num(&sp[cpu_key], 1)
    );
    println!(
        "loadgen           CPU {} % of a core during {during}; other processes {} % ({} cores)",
        num(&s["loadgen"][cpu_key], 1),
        num(&s["loadgen"]["other_processes_cpu_pct"], 1),
        s["loadgen"]["cores"]
    );
}
