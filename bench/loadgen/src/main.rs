//! Load generator for y-websocket sync servers (Kartenwand's `kartenwand-server` and the stock
//! `@y/websocket-server`): N simulated clients in M boards, each a yrs document that moves its
//! own card at a fixed rate. Measures fan-out latency (send → receipt by the other clients of the
//! same board, one process and one monotonic clock), throughput, errors, and the server's memory
//! and CPU from /proc.
//!
//! `loadgen vote` (`vote.rs`) instead has a room of phones vote through a running
//! `kartenwand-server` and measures how soon every phone shows the exact result;
//! `loadgen position` (`position.rs`) has them answer a positioning question and measures how
//! soon the projector and every phone show the final counts. `loadgen fuzz` (`fuzz.rs`) sends
//! seeded garbage and the security review's attacks to one board while measuring another
//! board's latency and the server's memory. `loadgen join` (`join.rs`) has a room of phones
//! join at once through the board's join code and measures how soon every card is stored.
//!
//! ```text
//! loadgen --server stock --url ws://127.0.0.1:1234 --clients 200 --boards 20
//! loadgen --server kartenwand --url http://127.0.0.1:8080 --clients 2000 --boards 200 --server-pid 1234
//! loadgen vote --url http://127.0.0.1:8080 --phones 200 --within 10s --server-pid 1234
//! loadgen position --url http://127.0.0.1:8080 --phones 200 --within 5s --server-pid 1234
//! loadgen fuzz --server kartenwand --url http://127.0.0.1:8080 --seed 12 --server-pid 1234
//! loadgen join --url http://127.0.0.1:8080 --phones 35 --server-pid 1234
//! ```

mod client;
mod conn;
mod crowd;
mod fuzz;
mod http;
mod join;
mod position;
mod procfs;
mod room;
mod vote;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use serde_json::json;
use tokio::sync::{mpsc, watch, Semaphore};

use client::{ClientSpec, ClientStats, Schedule, Shared};

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum ServerKind {
    /// kartenwand-server: boards from `POST /api/boards`, `ws://…/sync/{id}?token=…`.
    Kartenwand,
    /// @y/websocket-server: the room name is the URL path.
    Stock,
}

/// The command line: the sync load (flags at the top level, as before) or `vote`.
#[derive(Parser, Debug)]
#[command(
    about = "N simulated yrs clients in M boards moving cards over y-websocket \
             (or `loadgen vote` / `loadgen position`: a room of phones voting or answering; \
             `loadgen fuzz`: garbage on one board, latency on another)",
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    sync: Option<Args>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// N phones submit ballots within a window through a running kartenwand-server; measures
    /// how soon each phone's own document tallies every ballot exactly.
    Vote(vote::VoteArgs),
    /// N phones answer a positioning question within a window through a running
    /// kartenwand-server; measures how soon the projector and each phone show the final counts.
    Position(position::PositionArgs),
    /// Garbage frames and the security review's attacks on one board while two honest
    /// clients work on another; measures the server's memory, whether it survives, and the
    /// honest board's latency.
    Fuzz(fuzz::FuzzArgs),
    /// N phones join a board at once through its join code (lookup, participant link,
    /// name and card, `Stored`) while a facilitator is online; measures how long until every
    /// card is stored and whether the server refused any phone.
    Join(join::JoinArgs),
}

/// Flags of the sync load.
#[derive(clap::Args, Debug)]
struct Args {
    /// Which server the URL points at.
    #[arg(long, value_enum)]
    server: ServerKind,
    /// kartenwand: http://HOST:PORT (the API base); stock: ws://HOST:PORT.
    #[arg(long)]
    url: String,
    /// kartenwand only: the API base of a second node of the same deployment (same
    /// database and Redis); each board's clients alternate between the two, and fan-out
    /// across the nodes is reported apart.
    #[arg(long)]
    second_url: Option<String>,
    /// Number of simulated clients.
    #[arg(long, default_value_t = 200)]
    clients: u32,
    /// Number of boards; clients are spread over them round-robin.
    #[arg(long, default_value_t = 20)]
    boards: u32,
    /// Card moves per second per client.
    #[arg(long, default_value_t = 1.0)]
    rate: f64,
    /// Seconds of load before measuring starts (excluded from all figures).
    #[arg(long, default_value_t = 5.0)]
    warmup: f64,
    /// Seconds measured.
    #[arg(long, default_value_t = 20.0)]
    duration: f64,
    /// Seconds to wait after the last move for in-flight updates before closing.
    #[arg(long, default_value_t = 2.0)]
    drain: f64,
    /// PID of the server process, for its memory (VmRSS) and CPU time.
    #[arg(long)]
    server_pid: Option<u32>,
    /// Connections opened (and synced) concurrently while ramping up.
    #[arg(long, default_value_t = 50)]
    connect_concurrency: usize,
    /// Seconds a client may take to connect and finish the handshake.
    #[arg(long, default_value_t = 30.0)]
    handshake_timeout: f64,
    /// Do not apply received updates to the clients' documents (lighter client; latency is
    /// measured the same way, on receipt).
    #[arg(long)]
    no_apply: bool,
    /// Tokio worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// Room name prefix for the stock server (default: a fresh one per run).
    #[arg(long)]
    room_prefix: Option<String>,
    /// Writes the summary as JSON to this file.
    #[arg(long)]
    json: Option<PathBuf>,
    /// A label for the summary (e.g. "kartenwand 200/20").
    #[arg(long)]
    label: Option<String>,
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let args = match (cli.command, cli.sync) {
        (Some(Command::Vote(args)), _) => return vote::main(args),
        (Some(Command::Position(args)), _) => return position::main(args),
        (Some(Command::Fuzz(args)), _) => return fuzz::main(args),
        (Some(Command::Join(args)), _) => return join::main(args),
        (None, Some(args)) => args,
        (None, None) => bail!(
            "give --server and --url (see --help), or use `loadgen vote` or `loadgen position`"
        ),
    };
    if args.clients == 0 || args.boards == 0 || args.boards > args.clients {
        bail!("need 0 < boards <= clients");
    }
    if !args.rate.is_finite() || args.rate <= 0.0 {
        bail!("--rate must be positive");
    }
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    rt.enable_all();
    if let Some(n) = args.threads {
        rt.worker_threads(n);
    }
    rt.build()?.block_on(run(args))
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Websocket URLs of the boards.
/// The sync URLs of [`board_urls`] on the node at `url` (an API base) instead.
fn on_node(urls: &[String], first: &str, url: &str) -> Result<Vec<String>> {
    let (host, prefix) = http::split_url(first)?;
    let (other_host, other_prefix) = http::split_url(url)?;
    let from = format!("ws://{host}{prefix}/");
    let to = format!("ws://{other_host}{other_prefix}/");
    urls.iter()
        .map(|u| {
            u.strip_prefix(&from)
                .map(|rest| format!("{to}{rest}"))
                .ok_or_else(|| anyhow!("unexpected sync URL {u}"))
        })
        .collect()
}

async fn board_urls(args: &Args) -> Result<Vec<String>> {
    let mut urls = Vec::with_capacity(args.boards as usize);
    match args.server {
        ServerKind::Stock => {
            let base = args.url.trim_end_matches('/');
            if !base.starts_with("ws://") {
                bail!("--server stock needs a ws:// URL");
            }
            let prefix = args
                .room_prefix
                .clone()
                .unwrap_or_else(|| format!("bench-{}-{}-", std::process::id(), fastrand::u32(..)));
            for i in 0..args.boards {
                urls.push(format!("{base}/{prefix}{i}"));
            }
        }
        ServerKind::Kartenwand => {
            let (host, prefix) = http::split_url(&args.url)?;
            for i in 0..args.boards {
                let body = json!({ "title": format!("Lasttest {i}") }).to_string();
                let answer = http::post_json(&host, &format!("{prefix}/api/boards"), &body)
                    .await
                    .context("POST /api/boards")?;
                let id = answer["id"]
                    .as_str()
                    .ok_or_else(|| anyhow!("no id in {answer}"))?;
                let token = answer["participant_token"]
                    .as_str()
                    .ok_or_else(|| anyhow!("no participant_token in {answer}"))?;
                urls.push(format!(
                    "ws://{host}{prefix}/sync/{}?token={}&acks=1",
                    percent_encode(id),
                    percent_encode(token)
                ));
            }
        }
    }
    Ok(urls)
}

/// Exact percentile (nearest rank) of sorted samples, in ms.
fn pct(sorted: &[u32], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    Some(f64::from(sorted[rank.clamp(1, sorted.len()) - 1]) / 1000.0)
}

fn dist(mut v: Vec<u32>) -> serde_json::Value {
    v.sort_unstable();
    let mean = if v.is_empty() {
        None
    } else {
        Some(v.iter().map(|&x| f64::from(x)).sum::<f64>() / v.len() as f64 / 1000.0)
    };
    json!({
        "count": v.len(),
        "p50": pct(&v, 50.0), "p95": pct(&v, 95.0), "p99": pct(&v, 99.0), "p999": pct(&v, 99.9),
        "max": v.last().map(|&x| f64::from(x) / 1000.0), "mean": mean,
    })
}

struct CpuMark {
    server: Option<u64>,
    own: Option<u64>,
    machine: Option<(u64, u64)>,
    at: Instant,
}

fn cpu_mark(pid: Option<u32>) -> CpuMark {
    CpuMark {
        server: pid.and_then(|p| procfs::cpu_ticks(Some(p))),
        own: procfs::cpu_ticks(None),
        machine: procfs::machine_ticks(),
        at: Instant::now(),
    }
}

fn cpu_pct(a: Option<u64>, b: Option<u64>, secs: f64) -> Option<f64> {
    Some((b? as f64 - a? as f64) / procfs::TICKS_PER_SEC / secs * 100.0)
}

async fn run(args: Args) -> Result<()> {
    let t0 = Instant::now();
    let pid = args.server_pid;
    let rss_before = pid.and_then(procfs::rss_kib);
    let loadavg_start = procfs::loadavg();
    let urls = board_urls(&args).await?;
    let second = match (&args.second_url, args.server) {
        (Some(url), ServerKind::Kartenwand) => Some(on_node(&urls, &args.url, url)?),
        (Some(_), ServerKind::Stock) => bail!("--second-url is for kartenwand-server nodes"),
        (None, _) => None,
    };
    let nodes = if second.is_some() { 2 } else { 1 };
    eprintln!(
        "loadgen: {} boards ready; connecting {} clients",
        urls.len(),
        args.clients
    );

    let (schedule_tx, schedule_rx) = watch::channel::<Option<Schedule>>(None);
    let (ready_tx, mut ready_rx) = mpsc::unbounded_channel();
    let shared = Arc::new(Shared {
        t0,
        period: Duration::from_secs_f64(1.0 / args.rate),
        apply: !args.no_apply,
        handshake_timeout: Duration::from_secs_f64(args.handshake_timeout),
        nodes,
        boards: args.boards,
        schedule: schedule_rx,
        ready: ready_tx,
    });

    let gate = Arc::new(Semaphore::new(args.connect_concurrency.max(1)));
    let connect_started = Instant::now();
    let mut tasks = Vec::with_capacity(args.clients as usize);
    let mut board_of = Vec::with_capacity(args.clients as usize);
    for idx in 0..args.clients {
        let board = idx % args.boards;
        board_of.push(board);
        // On kartenwand-server each client is a participant with its own key and writes its
        // card under its id: a participant edits (the load marker) only its own cards.
        let (url, author) = match args.server {
            ServerKind::Kartenwand => {
                let key = board::ParticipantKey::from_secret(&format!("loadgen{idx:0>24}"))
                    .ok_or_else(|| anyhow!("no participant key for client {idx}"))?;
                let urls = match &second {
                    Some(second) if shared.node_of(idx) == 1 => second,
                    _ => &urls,
                };
                (
                    format!("{}&key={}", urls[board as usize], key.secret()),
                    key.id(),
                )
            }
            ServerKind::Stock => (urls[board as usize].clone(), format!("loadgen{idx}")),
        };
        let spec = ClientSpec {
            idx,
            board,
            url,
            author,
            init_meta: idx < args.boards,
        };
        let permit = gate.clone().acquire_owned().await?;
        tasks.push(tokio::spawn(client::run(spec, shared.clone(), permit)));
    }
    let (mut ok, mut failed) = (0u32, 0u32);
    while ok + failed < args.clients {
        match ready_rx.recv().await {
            Some(true) => ok += 1,
            Some(false) => failed += 1,
            None => break,
        }
    }
    let connect_secs = connect_started.elapsed().as_secs_f64();
    eprintln!("loadgen: {ok} clients synced, {failed} failed, in {connect_secs:.1} s");
    if ok == 0 {
        let mut why = String::new();
        for t in tasks {
            if let Ok(st) = t.await {
                if let Some(e) = st.connect_error {
                    why = e;
                    break;
                }
            }
        }
        bail!("no client could connect: {why}");
    }
    // Let the card-creation updates settle before the clock starts.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_connected = pid.and_then(procfs::rss_kib);

    let start = Instant::now() + Duration::from_millis(200);
    let start_us = (start - t0).as_micros() as u64;
    let warm_us = start_us + (args.warmup * 1e6) as u64;
    let end_us = warm_us + (args.duration * 1e6) as u64;
    let stop_us = end_us + (args.drain * 1e6) as u64;
    schedule_tx.send_replace(Some(Schedule {
        start,
        warm_us,
        end_us,
        stop_us,
    }));
    eprintln!(
        "loadgen: moving cards at {}/s per client; warm-up {} s, measuring {} s",
        args.rate, args.warmup, args.duration
    );

    // Sample the server's memory while the load runs; mark CPU time at the window's edges.
    let sampler = tokio::spawn(async move {
        let mut peak = 0u64;
        let mut tick = tokio::time::interval(Duration::from_millis(250));
        let mut marks = Vec::new();
        let rss_end;
        let warm_at = t0 + Duration::from_micros(warm_us);
        let end_at = t0 + Duration::from_micros(end_us);
        loop {
            tick.tick().await;
            let now = Instant::now();
            if let Some(p) = pid {
                if let Some(r) = procfs::rss_kib(p) {
                    peak = peak.max(r);
                }
            }
            if marks.is_empty() && now >= warm_at {
                marks.push(cpu_mark(pid));
            }
            if marks.len() == 1 && now >= end_at {
                marks.push(cpu_mark(pid));
                rss_end = pid.and_then(procfs::rss_kib);
                break;
            }
        }
        (peak, marks, rss_end)
    });

    let mut stats: Vec<ClientStats> = Vec::with_capacity(tasks.len());
    for t in tasks {
        stats.push(t.await?);
    }
    let (rss_peak, marks, rss_end) = sampler.await?;
    let hwm = pid.and_then(procfs::hwm_kib);

    // Merge.
    let window = args.duration;
    let mut lat = Vec::new();
    let mut cross = Vec::new();
    let mut ack = Vec::new();
    let mut lag = Vec::new();
    let mut per_board_clients = vec![0u64; args.boards as usize];
    let mut per_board_sent = vec![0u64; args.boards as usize];
    let sum = |f: fn(&ClientStats) -> u64| stats.iter().map(f).sum::<u64>();
    let sent_window = sum(|s| s.sent_window);
    let sent_total = sum(|s| s.sent_total);
    let recv_window = sum(|s| s.recv_window);
    let recv_total = sum(|s| s.recv_total);
    let own_echoes = sum(|s| s.own_echoes);
    let stored_msgs = sum(|s| s.stored_msgs);
    let unknown_msgs = sum(|s| s.unknown_msgs);
    let awareness_msgs = sum(|s| s.awareness_msgs);
    let protocol_errors = sum(|s| s.protocol_errors);
    let bytes_sent = sum(|s| s.bytes_sent);
    let bytes_received = sum(|s| s.bytes_received);
    let mut connect_errors = Vec::new();
    let mut disconnects = Vec::new();
    let mut denied = 0;
    let mut handshake = Vec::new();
    for (i, s) in stats.iter_mut().enumerate() {
        let b = board_of[i] as usize;
        if s.synced {
            per_board_clients[b] += 1;
            handshake.push(s.handshake_us.min(u32::MAX as u64) as u32);
        }
        per_board_sent[b] += s.sent_window;
        lat.append(&mut s.latencies_us);
        cross.append(&mut s.cross_latencies_us);
        ack.append(&mut s.ack_us);
        lag.append(&mut s.tick_lag_us);
        if let Some(e) = s.connect_error.take() {
            connect_errors.push(e);
        }
        if let Some(e) = s.disconnect.take() {
            disconnects.push(e);
        }
        denied += u64::from(s.denied);
    }
    // Every move sent in the window should reach every other synced client of its board.
    let expected: u64 = per_board_sent
        .iter()
        .zip(&per_board_clients)
        .map(|(&sent, &n)| sent * n.saturating_sub(1))
        .sum();
    let delivered = lat.len() as u64;
    // CPU in % of one core (the machine has 100 % per core).
    let (server_cpu, own_cpu, machine_cpu) = match marks.as_slice() {
        [a, b] => {
            let secs = (b.at - a.at).as_secs_f64();
            (
                cpu_pct(a.server, b.server, secs),
                cpu_pct(a.own, b.own, secs),
                cpu_pct(a.machine.map(|m| m.0), b.machine.map(|m| m.0), secs),
            )
        }
        _ => (None, None, None),
    };
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    // Whatever else ran on the machine meanwhile (builds, browsers) skews the figures.
    let other_cpu =
        machine_cpu.map(|m| (m - server_cpu.unwrap_or(0.0) - own_cpu.unwrap_or(0.0)).max(0.0));
    let example = |v: &Vec<String>| v.first().cloned();
    let summary = json!({
        "label": args.label,
        "server": format!("{:?}", args.server).to_lowercase(),
        "url": args.url,
        "clients": args.clients,
        "boards": args.boards,
        "rate_per_client": args.rate,
        "warmup_s": args.warmup,
        "duration_s": args.duration,
        "apply_updates": !args.no_apply,
        "connected": ok,
        "connect_s": connect_secs,
        "handshake_ms": dist(handshake),
        "errors": {
            "connect": connect_errors.len(),
            "connect_example": example(&connect_errors),
            "disconnects": disconnects.len(),
            "disconnect_example": example(&disconnects),
            "denied": denied,
            "protocol": protocol_errors,
        },
        "sent": sent_window,
        "sent_per_s": sent_window as f64 / window,
        "sent_total": sent_total,
        "received": recv_window,
        "received_per_s": recv_window as f64 / window,
        "received_total": recv_total,
        "expected_deliveries": expected,
        "delivered": delivered,
        "delivery_ratio": if expected > 0 { Some(delivered as f64 / expected as f64) } else { None },
        "own_echoes": own_echoes,
        "latency_ms": dist(lat),
        "nodes": nodes,
        "cross_node_latency_ms": if nodes > 1 { dist(cross) } else { serde_json::Value::Null },
        "stored_ack_ms": dist(ack),
        "stored_msgs": stored_msgs,
        "awareness_msgs": awareness_msgs,
        "unknown_msgs": unknown_msgs,
        "bytes_sent": bytes_sent,
        "bytes_received": bytes_received,
        "server_process": {
            "pid": pid,
            "rss_before_kib": rss_before,
            "rss_connected_kib": rss_connected,
            "rss_peak_kib": if pid.is_some() { Some(rss_peak) } else { None },
            "rss_end_kib": rss_end,
            "hwm_kib": hwm,
            "cpu_pct": server_cpu,
        },
        "machine": {
            "cores": cores,
            "busy_cpu_pct": machine_cpu,
            "other_processes_cpu_pct": other_cpu,
            "loadavg_start": loadavg_start,
            "loadavg_end": procfs::loadavg(),
        },
        "loadgen": {
            "cpu_pct": own_cpu,
            "tick_lag_ms": dist(lag),
        },
    });
    print_summary(&summary);
    crate::crowd::write_json(args.json.as_deref(), &summary)
}

fn print_summary(s: &serde_json::Value) {
    let f = |v: &serde_json::Value| match v.as_f64() {
        Some(x) => format!("{x:.2}"),
        None => "-".into(),
    };
    let l = &s["latency_ms"];
    let a = &s["stored_ack_ms"];
    let p = &s["server_process"];
    let mib = |v: &serde_json::Value| {
        v.as_f64()
            .map(|k| format!("{:.1} MiB", k / 1024.0))
            .unwrap_or("-".into())
    };
    println!(
        "== {} ({} clients / {} boards, {}/s each, {} s measured)",
        s["server"].as_str().unwrap_or(""),
        s["clients"],
        s["boards"],
        s["rate_per_client"],
        s["duration_s"]
    );
    println!(
        "connected        {} (in {} s)",
        s["connected"],
        f(&s["connect_s"])
    );
    println!(
        "fan-out latency  p50 {} ms  p95 {} ms  p99 {} ms  p99.9 {} ms  max {} ms  ({} samples)",
        f(&l["p50"]),
        f(&l["p95"]),
        f(&l["p99"]),
        f(&l["p999"]),
        f(&l["max"]),
        l["count"]
    );
    if a["count"].as_u64().unwrap_or(0) > 0 {
        println!(
            "stored ack       p50 {} ms  p95 {} ms  p99 {} ms  ({} samples)",
            f(&a["p50"]),
            f(&a["p95"]),
            f(&a["p99"]),
            a["count"]
        );
    }
    println!(
        "throughput       sent {}/s  received {}/s  delivery {}",
        f(&s["sent_per_s"]),
        f(&s["received_per_s"]),
        s["delivery_ratio"]
            .as_f64()
            .map(|r| format!("{:.4}", r))
            .unwrap_or("-".into())
    );
    println!(
        "errors           connect {}  disconnects {}  denied {}  protocol {}",
        s["errors"]["connect"],
        s["errors"]["disconnects"],
        s["errors"]["denied"],
        s["errors"]["protocol"]
    );
    for k in ["connect_example", "disconnect_example"] {
        if let Some(e) = s["errors"][k].as_str() {
            println!("                 e.g. {e}");
        }
    }
    println!(
        "server memory    before {}  connected {}  peak {}  end {}  (VmHWM {})",
        mib(&p["rss_before_kib"]),
        mib(&p["rss_connected_kib"]),
        mib(&p["rss_peak_kib"]),
        mib(&p["rss_end_kib"]),
        mib(&p["hwm_kib"])
    );
    println!("cpu (% of a core) server {}  loadgen {}  other processes {}  (of {} cores; loadgen timer lag p99 {} ms)",
        f(&p["cpu_pct"]), f(&s["loadgen"]["cpu_pct"]), f(&s["machine"]["other_processes_cpu_pct"]),
        s["machine"]["cores"], f(&s["loadgen"]["tick_lag_ms"]["p99"]));
}
