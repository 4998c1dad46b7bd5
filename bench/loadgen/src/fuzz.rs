//! `loadgen fuzz`: garbage on one board, honest work on another, on the same server.
//!
//! K attacker connections send a seeded stream of bad frames to board A: random bytes, real
//! updates, state vectors and awareness messages mutated as `server/tests/attacks.rs` does
//! (bytes flipped, cut, random bytes after a valid message type), and now and then one of the
//! security review's attacks (issue 12): a 7-byte SyncStep1 declaring 2^29 entries, an update
//! declaring 2^28 clients, an awareness update declaring a million clients, an array declaring
//! 2^30 values, and with `--crashers` an update nested 10,000 arrays deep, which overflowed the
//! stack of a server that decoded it unchecked. Each attacker reconnects whenever its
//! connection ends. Meanwhile two honest clients on board B (unattacked): one moves its card
//! `--rate` times a second, the other measures how soon each move reaches it (the marker of
//! the sync load, see `client.rs`), first for `--quiet` seconds without the attack, then
//! during it. The server's VmRSS is sampled every 100 ms; a server process that goes away
//! ends the run early and is reported, as is a failing health check at the end.
//!
//! ```text
//! loadgen fuzz --server kartenwand --url http://127.0.0.1:8080 --seed 12 --server-pid 1234
//! loadgen fuzz --server stock --url ws://127.0.0.1:1234 --seed 12 --crashers --server-pid 1234
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use board::schema::{card as key, CARDS};
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::{interval, sleep, sleep_until, timeout, Interval, MissedTickBehavior};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;
use yrs::sync::awareness::{AwarenessUpdate, AwarenessUpdateEntry};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{Any, ClientID, Doc, In, Map, MapPrelim, MapRef, ReadTxn, StateVector, Transact};

use protocol::Frame;

use crate::{client, http, procfs, room, ServerKind};

/// Flags of `loadgen fuzz`.
#[derive(clap::Args, Debug)]
pub struct FuzzArgs {
    /// Which server the URL points at.
    #[arg(long, value_enum)]
    server: ServerKind,
    /// kartenwand: http://HOST:PORT (two boards are created); stock: ws://HOST:PORT (rooms by
    /// path).
    #[arg(long)]
    url: String,
    /// Seconds of attack.
    #[arg(long, default_value_t = 20.0)]
    duration: f64,
    /// Seed of the garbage: each attacker's sequence of frames follows from it.
    #[arg(long, default_value_t = 12)]
    seed: u64,
    /// Attacker connections on board A (each reconnects when closed).
    #[arg(long, default_value_t = 4)]
    attackers: u32,
    /// Frames per second each attacker sends; 0: as fast as the socket takes them.
    #[arg(long, default_value_t = 200.0)]
    frames_per_second: f64,
    /// Share of the frames that are the review's specific attacks (the rest: 1/8 random bytes,
    /// 7/8 mutated real messages).
    #[arg(long, default_value_t = 0.02)]
    special_share: f64,
    /// Also send the attacks that killed the unhardened server (an update nested 10,000 deep).
    #[arg(long)]
    crashers: bool,
    /// Card moves per second on board B.
    #[arg(long, default_value_t = 20.0)]
    rate: f64,
    /// Seconds board B works before the attack starts (its latency without attack).
    #[arg(long, default_value_t = 3.0)]
    quiet: f64,
    /// PID of the server process: memory from /proc, and whether it is still alive.
    #[arg(long)]
    server_pid: Option<u32>,
    /// Writes the summary as JSON to this file.
    #[arg(long)]
    json: Option<PathBuf>,
    /// A label for the summary (e.g. "kartenwand (before)").
    #[arg(long)]
    label: Option<String>,
}

/// Runs `loadgen fuzz`.
pub fn main(args: FuzzArgs) -> Result<()> {
    if !(args.duration > 0.0 && args.rate > 0.0 && args.quiet >= 0.0) {
        bail!("--duration and --rate must be positive, --quiet not negative");
    }
    if args.attackers == 0 || args.frames_per_second < 0.0 {
        bail!("need at least one attacker and a frame rate >= 0");
    }
    if !(0.0..=1.0).contains(&args.special_share) {
        bail!("--special-share is a share between 0 and 1");
    }
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run(args))
}

// --- garbage ---------------------------------------------------------------------------------

/// The honest clients' participant key: the mover writes its card under this key's id, since
/// a participant edits (the load marker) only its own cards.
fn honest_key() -> board::ParticipantKey {
    board::ParticipantKey::from_secret("loadgenfuzzhonestmover000").expect("a valid secret")
}

/// An update writing `cards.c1` = one value nested `depth` arrays deep (about 2 bytes a level),
/// as in `server/tests/attacks.rs`.
fn nested_update(depth: usize) -> Vec<u8> {
    // clients 1, blocks 1, client 5, clock 0, info: Any with a parent key, parent named
    // "cards", key "c1", one value.
    let mut bytes = vec![1, 1, 5, 0, 8 | 0x20, 1, 5];
    bytes.extend_from_slice(b"cards");
    bytes.extend_from_slice(&[2, b'c', b'1', 1]);
    for _ in 0..depth {
        bytes.extend_from_slice(&[117, 1]);
    }
    bytes.push(126); // null
    bytes.push(0); // empty delete set
    bytes
}

fn awareness(client: u64, clock: u32, json: &str) -> Frame {
    let update = AwarenessUpdate {
        clients: [(
            ClientID::new(client),
            AwarenessUpdateEntry {
                clock,
                json: json.into(),
            },
        )]
        .into_iter()
        .collect(),
    };
    Frame::Awareness(update.encode_v1())
}

/// Real messages of every kind to mutate (those of `attacks.rs`, and a card move).
fn samples() -> Vec<Vec<u8>> {
    let doc = Doc::with_client_id(99);
    let cards = doc.get_or_insert_map(CARDS);
    let card = {
        let mut txn = doc.transact_mut();
        let card = cards.insert(&mut txn, "c1", MapPrelim::default());
        card.insert(&mut txn, key::TEXT, yrs::TextPrelim::new("Kernthese"));
        card.insert(&mut txn, key::X, 10.0);
        card.insert(&mut txn, "tags", Any::from(vec![Any::from("a")]));
        card
    };
    let before = doc.transact().state_vector();
    {
        let mut txn = doc.transact_mut();
        card.insert(&mut txn, key::X, 20.0);
        card.insert(&mut txn, key::Y, 30.0);
    }
    let moved = doc.transact().encode_state_as_update_v1(&before);
    cards.remove(&mut doc.transact_mut(), "c1");
    let update = doc
        .transact()
        .encode_state_as_update_v1(&StateVector::default());
    let sv = doc.transact().state_vector().encode_v1();
    vec![
        Frame::Update(update.clone()).encode(),
        Frame::SyncStep2(update).encode(),
        Frame::SyncStep1(sv).encode(),
        awareness(99, 3, r#"{"user":{"name":"A"}}"#).encode(),
        Frame::Update(nested_update(40)).encode(),
        Frame::Update(moved).encode(),
    ]
}

/// One of the review's attacks.
struct Special {
    name: &'static str,
    frame: Vec<u8>,
}

/// The review's attacks; with `crashers`, also the one that took the unhardened server down.
fn specials(crashers: bool) -> Vec<Special> {
    let mut out = vec![
        Special {
            name: "SyncStep1 declaring 2^29 entries",
            // 7 bytes after the message types: length 5, then 2^29.
            frame: vec![0, 0, 5, 0x80, 0x80, 0x80, 0x80, 0x02],
        },
        Special {
            name: "update declaring 2^28 clients",
            frame: Frame::Update(vec![0x80, 0x80, 0x80, 0x80, 0x01, 0]).encode(),
        },
        Special {
            name: "awareness declaring 10^6 clients",
            frame: Frame::Awareness(vec![0xc0, 0x84, 0x3d, 1, 1, 0]).encode(),
        },
        Special {
            name: "array declaring 2^30 values",
            frame: Frame::Update({
                let mut b = nested_update(0);
                b.truncate(b.len() - 2);
                b.extend_from_slice(&[117, 0x80, 0x80, 0x80, 0x80, 0x04, 0]);
                b
            })
            .encode(),
        },
    ];
    if crashers {
        out.push(Special {
            name: "update nested 10,000 deep",
            frame: Frame::Update(nested_update(10_000)).encode(),
        });
    }
    out
}

/// What a garbage frame is.
enum Kind {
    Random,
    Mutated,
    Special(usize),
}

/// A reproducible stream of bad frames (one per attacker, seeded).
struct Garbage {
    rng: fastrand::Rng,
    samples: Vec<Vec<u8>>,
    specials: Arc<Vec<Special>>,
    special_share: f64,
}

impl Garbage {
    fn next(&mut self) -> (Kind, Vec<u8>) {
        let rng = &mut self.rng;
        if !self.specials.is_empty() && rng.f64() < self.special_share {
            let i = rng.usize(..self.specials.len());
            return (Kind::Special(i), self.specials[i].frame.clone());
        }
        if rng.u8(..8) == 0 {
            let len = rng.usize(1..=256);
            return (Kind::Random, (0..len).map(|_| rng.u8(..)).collect());
        }
        let mut bytes = self.samples[rng.usize(..self.samples.len())].clone();
        match rng.u8(..4) {
            // Flip bytes.
            0 | 1 => {
                for _ in 0..=rng.usize(..4) {
                    let i = rng.usize(..bytes.len());
                    bytes[i] = rng.u8(..);
                }
            }
            // Cut.
            2 => bytes.truncate(1 + rng.usize(..bytes.len())),
            // Random bytes after a valid message type.
            _ => {
                let len = rng.usize(..64);
                bytes.truncate(2);
                bytes.extend((0..len).map(|_| rng.u8(..)));
            }
        }
        (Kind::Mutated, bytes)
    }
}

// --- where to connect ------------------------------------------------------------------------

/// The boards of one run.
struct Targets {
    /// Board A's websocket URLs attackers pick from; `true`: a participant token, which gets a
    /// fresh random participant key per connection (so no refusal cool-down applies).
    attack: Vec<(String, bool)>,
    /// Board B's websocket URL for the honest clients.
    honest: String,
    /// `host:port` and path of the health check.
    health: (String, String),
}

async fn targets(args: &FuzzArgs) -> Result<Targets> {
    let (host, prefix) = http::split_url(&args.url)?;
    match args.server {
        ServerKind::Stock => {
            let base = args.url.trim_end_matches('/');
            if !base.starts_with("ws://") {
                bail!("--server stock needs a ws:// URL");
            }
            let room = format!("fuzz-{}-{}", args.seed, std::process::id());
            Ok(Targets {
                attack: vec![(format!("{base}/{room}-a"), false)],
                honest: format!("{base}/{room}-b"),
                health: (host, format!("{prefix}/")),
            })
        }
        ServerKind::Kartenwand => {
            let a = room::Room::create(&args.url, "Fuzz: angegriffen").await?;
            let b = room::Room::create(&args.url, "Fuzz: unbehelligt").await?;
            Ok(Targets {
                attack: vec![
                    (a.sync_url(&a.field("viewer_token")?, None), false),
                    (a.sync_url(&a.field("participant_token")?, None), true),
                ],
                honest: b.sync_url(&b.field("participant_token")?, Some(&honest_key())),
                health: (host, format!("{prefix}/api/health")),
            })
        }
    }
}

// --- attackers -------------------------------------------------------------------------------

/// What the attackers did and what the server did to them.
#[derive(Default)]
struct AttackStats {
    frames: u64,
    bytes: u64,
    random: u64,
    mutated: u64,
    specials: BTreeMap<&'static str, u64>,
    connections: u64,
    connect_failures: u64,
    connect_example: Option<String>,
    /// Connections ended by the server (close frame, reset, end of stream, stalled send).
    closed_by_server: u64,
    /// How they ended: close code, or "dropped"/"reset"/"stalled", with an example reason.
    ends: BTreeMap<String, (u64, String)>,
    /// Messages the server sent to attackers.
    received: u64,
}

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const SEND_TIMEOUT: Duration = Duration::from_secs(2);

fn ws_config() -> WebSocketConfig {
    // A small read buffer, as in the sync load (tungstenite's default is 128 KiB each).
    WebSocketConfig::default().read_buffer_size(16 * 1024)
}

/// Waits until `stop` is set (or its sender is gone).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|&s| s).await;
}

/// Sleeps, or returns early when `stop` is set; whether it is.
async fn nap(stop: &mut watch::Receiver<bool>, d: Duration) -> bool {
    let _ = timeout(d, stopped(stop)).await;
    *stop.borrow()
}

async fn attacker(
    k: u32,
    args: Arc<AttackerParams>,
    targets: Arc<Targets>,
    mut stop: watch::Receiver<bool>,
    stats: Arc<Mutex<AttackStats>>,
) {
    let mix = args.seed ^ u64::from(k + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mut garbage = Garbage {
        rng: fastrand::Rng::with_seed(mix),
        samples: samples(),
        specials: args.specials.clone(),
        special_share: args.special_share,
    };
    let mut rng = fastrand::Rng::with_seed(mix.rotate_left(17));
    let mut ticker = (args.frames_per_second > 0.0).then(|| {
        let mut t = interval(Duration::from_secs_f64(1.0 / args.frames_per_second));
        t.set_missed_tick_behavior(MissedTickBehavior::Delay);
        t
    });
    while !*stop.borrow() {
        let (url, keyed) = &targets.attack[rng.usize(..targets.attack.len())];
        let url = if *keyed {
            format!("{url}&key={}", room::random_key(&mut rng).secret())
        } else {
            url.clone()
        };
        let connect = tokio_tungstenite::connect_async_with_config(&url, Some(ws_config()), true);
        let ws = match timeout(CONNECT_TIMEOUT, connect).await {
            Ok(Ok((ws, _))) => ws,
            failed => {
                let why = match failed {
                    Ok(Err(e)) => e.to_string(),
                    _ => "timeout".into(),
                };
                {
                    let mut st = stats.lock().unwrap();
                    st.connect_failures += 1;
                    st.connect_example.get_or_insert(why);
                }
                if nap(&mut stop, Duration::from_millis(100)).await {
                    break;
                }
                continue;
            }
        };
        stats.lock().unwrap().connections += 1;
        let (mut sink, mut stream) = ws.split();
        // (bucket, reason) when the server ended the connection; None when we stop.
        let ended: Option<(String, String)> = loop {
            tokio::select! {
                biased;
                _ = stopped(&mut stop) => break None,
                m = stream.next() => match m {
                    Some(Ok(Message::Close(frame))) => {
                        break Some(match frame {
                            Some(f) => (u16::from(f.code).to_string(), f.reason.to_string()),
                            None => ("close without code".into(), String::new()),
                        })
                    }
                    Some(Ok(_)) => stats.lock().unwrap().received += 1,
                    Some(Err(e)) => break Some(("reset".into(), e.to_string())),
                    None => break Some(("dropped".into(), "end of stream".into())),
                },
                _ = next_frame(&mut ticker) => {
                    let (kind, bytes) = garbage.next();
                    let len = bytes.len() as u64;
                    match timeout(SEND_TIMEOUT, sink.send(Message::Binary(bytes.into()))).await {
                        Ok(Ok(())) => {
                            let mut st = stats.lock().unwrap();
                            st.frames += 1;
                            st.bytes += len;
                            match kind {
                                Kind::Random => st.random += 1,
                                Kind::Mutated => st.mutated += 1,
                                Kind::Special(i) => *st.specials.entry(args.specials[i].name).or_default() += 1,
                            }
                        }
                        Ok(Err(e)) => break Some(("reset".into(), format!("send: {e}"))),
                        Err(_) => break Some(("stalled".into(), "a send took over 2 s".into())),
                    }
                }
            }
        };
        match ended {
            None => {
                let _ = timeout(Duration::from_secs(1), sink.send(Message::Close(None))).await;
                break;
            }
            Some((bucket, reason)) => {
                let mut st = stats.lock().unwrap();
                st.closed_by_server += 1;
                let e = st.ends.entry(bucket).or_insert((0, reason));
                e.0 += 1;
            }
        }
    }
}

/// Waits for the next frame's turn; without a rate, yields once.
async fn next_frame(t: &mut Option<Interval>) {
    match t {
        Some(t) => {
            t.tick().await;
        }
        None => tokio::task::yield_now().await,
    }
}

/// What every attacker shares.
struct AttackerParams {
    seed: u64,
    frames_per_second: f64,
    special_share: f64,
    specials: Arc<Vec<Special>>,
}

// --- board B ---------------------------------------------------------------------------------

/// The marker's sender id of board B's mover.
const MOVER: u32 = 0;

/// When board B's phases are, in µs since `t0`.
#[derive(Clone, Copy, Debug)]
struct Phases {
    quiet_from: u64,
    attack_from: u64,
    attack_until: u64,
}

impl Phases {
    /// 0: before or after the measured time, 1: quiet, 2: under attack.
    fn of(&self, us: u64) -> usize {
        if us < self.quiet_from || us >= self.attack_until {
            0
        } else if us < self.attack_from {
            1
        } else {
            2
        }
    }
}

/// What board B's two clients saw, per phase (index as in [`Phases::of`]).
#[derive(Default)]
struct HonestStats {
    moves: [u64; 3],
    latencies_us: [Vec<u32>; 3],
    connects: u64,
    connect_failures: u64,
    disconnects: u64,
    disconnect_example: Option<String>,
}

/// The mover (moves its card at a rate) or the watcher (measures the moves' arrival).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Mover,
    Watcher,
}

struct HonestShared {
    t0: Instant,
    url: String,
    period: Duration,
    phases: OnceLock<Phases>,
    stats: Mutex<HonestStats>,
}

impl HonestShared {
    fn now_us(&self) -> u64 {
        self.t0.elapsed().as_micros() as u64
    }

    fn phase(&self, us: u64) -> usize {
        self.phases.get().map_or(0, |p| p.of(us))
    }
}

async fn honest(
    role: Role,
    shared: Arc<HonestShared>,
    ready: mpsc::UnboundedSender<()>,
    mut stop: watch::Receiver<bool>,
) {
    let doc = Doc::new();
    let cards = doc.get_or_insert_map(CARDS);
    let mut card: Option<MapRef> = None;
    let mut rng = fastrand::Rng::new();
    let (mut x, mut y) = (rng.f64() * 1600.0, rng.f64() * 900.0);
    let mut ticker = (role == Role::Mover).then(|| {
        let mut t = interval(shared.period);
        t.set_missed_tick_behavior(MissedTickBehavior::Delay);
        t
    });
    let mut was_ready = false;
    while !*stop.borrow() {
        let connect =
            tokio_tungstenite::connect_async_with_config(&shared.url, Some(ws_config()), true);
        let ws = match timeout(CONNECT_TIMEOUT, connect).await {
            Ok(Ok((ws, _))) => ws,
            _ => {
                shared.stats.lock().unwrap().connect_failures += 1;
                if nap(&mut stop, Duration::from_millis(200)).await {
                    break;
                }
                continue;
            }
        };
        shared.stats.lock().unwrap().connects += 1;
        let (mut sink, mut stream) = ws.split();
        let mut synced = false;
        let sv = doc.transact().state_vector().encode_v1();
        let mut outbox = vec![Frame::SyncStep1(sv).encode()];
        let ended: Option<String> = 'conn: loop {
            for frame in outbox.drain(..) {
                match timeout(SEND_TIMEOUT, sink.send(Message::Binary(frame.into()))).await {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => break 'conn Some(format!("send: {e}")),
                    Err(_) => break 'conn Some("a send took over 2 s".into()),
                }
            }
            tokio::select! {
                biased;
                _ = stopped(&mut stop) => break None,
                m = stream.next() => {
                    let data = match m {
                        Some(Ok(Message::Binary(b))) => b,
                        Some(Ok(Message::Close(f))) => break Some(format!("closed by the server: {f:?}")),
                        Some(Ok(_)) => continue,
                        Some(Err(e)) => break Some(format!("error: {e}")),
                        None => break Some("end of stream".into()),
                    };
                    let now_us = shared.now_us();
                    match Frame::decode(&data) {
                        Ok(Frame::SyncStep1(sv)) => {
                            if let Ok(sv) = StateVector::decode_v1(&sv) {
                                outbox.push(Frame::SyncStep2(doc.transact().encode_diff_v1(&sv)).encode());
                            }
                        }
                        Ok(Frame::SyncStep2(_)) if !synced => {
                            synced = true;
                            if role == Role::Mover && card.is_none() {
                                // The board's `meta` is the server's (created with the board); a
                                // participant may only add cards, and edit its own.
                                let mut txn = doc.transact_mut();
                                let fields: Vec<(&str, In)> = vec![
                                    (key::TEXT, yrs::TextPrelim::new("Ich bewege mich").into()),
                                    (key::X, x.into()),
                                    (key::Y, y.into()),
                                    (key::COLOR, "yellow".into()),
                                    (key::AUTHOR, honest_key().id().into()),
                                    (key::CREATED, 0.0.into()),
                                    (key::ORDER, 0.0.into()),
                                ];
                                card = Some(cards.insert(&mut txn, board::new_id().as_str(), MapPrelim::from_iter(fields)));
                                outbox.push(Frame::Update(txn.encode_update_v1()).encode());
                            }
                            if !was_ready {
                                was_ready = true;
                                let _ = ready.send(());
                            }
                        }
                        Ok(Frame::Update(update)) if role == Role::Watcher => {
                            let mut st = shared.stats.lock().unwrap();
                            for (sender, sent_us) in client::markers(&update) {
                                let phase = shared.phase(sent_us);
                                if sender == MOVER && phase > 0 {
                                    let lat = now_us.saturating_sub(sent_us).min(u64::from(u32::MAX));
                                    st.latencies_us[phase].push(lat as u32);
                                }
                            }
                        }
                        _ => {}
                    }
                }
                _ = next_frame_opt(&mut ticker), if synced && card.is_some() => {
                    let Some(card) = &card else { continue };
                    let now_us = shared.now_us();
                    x = (x + rng.f64() * 40.0 - 20.0).clamp(0.0, 3000.0).round();
                    y = (y + rng.f64() * 40.0 - 20.0).clamp(0.0, 2000.0).round();
                    let update = {
                        let mut txn = doc.transact_mut();
                        card.insert(&mut txn, key::X, x);
                        card.insert(&mut txn, key::Y, y);
                        card.insert(&mut txn, client::MARKER_KEY, Any::from(format!("kwb:{MOVER}:{now_us}")));
                        txn.encode_update_v1()
                    };
                    outbox.push(Frame::Update(update).encode());
                    shared.stats.lock().unwrap().moves[shared.phase(now_us)] += 1;
                }
            }
        };
        match ended {
            None => {
                let _ = timeout(Duration::from_secs(1), sink.send(Message::Close(None))).await;
                break;
            }
            Some(why) => {
                {
                    let mut st = shared.stats.lock().unwrap();
                    st.disconnects += 1;
                    st.disconnect_example.get_or_insert(why);
                }
                if nap(&mut stop, Duration::from_millis(200)).await {
                    break;
                }
            }
        }
    }
}

/// The mover's next tick; never for the watcher.
async fn next_frame_opt(t: &mut Option<Interval>) {
    match t {
        Some(t) => {
            t.tick().await;
        }
        None => std::future::pending().await,
    }
}

// --- the run ---------------------------------------------------------------------------------

/// The server's memory while the run goes on, and whether the process went away.
#[derive(Default)]
struct Memory {
    peak_kib: u64,
    /// The last VmHWM read (the process's own peak; unreadable once it is gone).
    hwm_kib: Option<u64>,
    /// Seconds after the attack started when the process was found gone.
    died_after_s: Option<f64>,
    samples: u64,
}

async fn run(args: FuzzArgs) -> Result<()> {
    let t0 = Instant::now();
    let pid = args.server_pid;
    let rss_before = pid.and_then(procfs::rss_kib);
    if pid.is_some() && rss_before.is_none() {
        bail!("no process {} (--server-pid)", pid.unwrap_or_default());
    }
    let loadavg_start = procfs::loadavg();
    let targets = Arc::new(targets(&args).await?);

    // Board B's clients, until they are synced.
    let (stop_tx, stop_rx) = watch::channel(false);
    let (ready_tx, mut ready_rx) = mpsc::unbounded_channel();
    let shared = Arc::new(HonestShared {
        t0,
        url: targets.honest.clone(),
        period: Duration::from_secs_f64(1.0 / args.rate),
        phases: OnceLock::new(),
        stats: Mutex::new(HonestStats::default()),
    });
    let mut tasks: Vec<JoinHandle<()>> = [Role::Mover, Role::Watcher]
        .into_iter()
        .map(|role| {
            tokio::spawn(honest(
                role,
                shared.clone(),
                ready_tx.clone(),
                stop_rx.clone(),
            ))
        })
        .collect();
    for _ in 0..2 {
        timeout(Duration::from_secs(15), ready_rx.recv())
            .await
            .map_err(|_| anyhow!("board B's clients did not sync within 15 s"))?
            .context("board B's clients ended")?;
    }
    sleep(Duration::from_millis(300)).await;
    let quiet_from = shared.now_us();
    let attack_from = quiet_from + (args.quiet * 1e6) as u64;
    let attack_until = attack_from + (args.duration * 1e6) as u64;
    let phases = Phases {
        quiet_from,
        attack_from,
        attack_until,
    };
    shared.phases.set(phases).ok();
    let at = move |us: u64| t0 + Duration::from_micros(us);
    eprintln!(
        "loadgen fuzz: board B synced; {} s quiet, then {} attackers for {} s (seed {}, crashers {})",
        args.quiet,
        args.attackers,
        args.duration,
        args.seed,
        if args.crashers { "on" } else { "off" }
    );

    // Memory every 100 ms; the process gone ends the run.
    let (died_tx, mut died_rx) = watch::channel(false);
    let memory = Arc::new(Mutex::new(Memory::default()));
    let marks = Arc::new(Mutex::new(Vec::new()));
    let sampler = {
        let (memory, marks) = (memory.clone(), marks.clone());
        let mut stop = stop_rx.clone();
        tokio::spawn(async move {
            let mut tick = interval(Duration::from_millis(100));
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    _ = stopped(&mut stop) => break,
                }
                let now = Instant::now();
                {
                    let mut marks = marks.lock().unwrap();
                    if (marks.is_empty() && now >= at(attack_from))
                        || (marks.len() == 1 && now >= at(attack_until))
                    {
                        marks.push(crate::cpu_mark(pid));
                    }
                }
                let Some(pid) = pid else { continue };
                let mut m = memory.lock().unwrap();
                match procfs::rss_kib(pid) {
                    Some(rss) => {
                        m.peak_kib = m.peak_kib.max(rss);
                        m.samples += 1;
                        if let Some(hwm) = procfs::hwm_kib(pid) {
                            m.hwm_kib = Some(hwm);
                        }
                    }
                    None => {
                        let since = now.saturating_duration_since(at(attack_from));
                        m.died_after_s = Some(since.as_secs_f64());
                        let _ = died_tx.send(true);
                        break;
                    }
                }
            }
        })
    };

    // The attack.
    let (attack_stop_tx, attack_stop_rx) = watch::channel(false);
    let attack_stats = Arc::new(Mutex::new(AttackStats::default()));
    let params = Arc::new(AttackerParams {
        seed: args.seed,
        frames_per_second: args.frames_per_second,
        special_share: args.special_share,
        specials: Arc::new(specials(args.crashers)),
    });
    let died = tokio::select! {
        _ = sleep_until(at(attack_from).into()) => false,
        _ = died_rx.wait_for(|&d| d) => true,
    };
    if !died {
        for k in 0..args.attackers {
            tasks.push(tokio::spawn(attacker(
                k,
                params.clone(),
                targets.clone(),
                attack_stop_rx.clone(),
                attack_stats.clone(),
            )));
        }
        let died = tokio::select! {
            _ = sleep_until(at(attack_until).into()) => false,
            _ = died_rx.wait_for(|&d| d) => true,
        };
        let _ = attack_stop_tx.send(true);
        if died {
            eprintln!("loadgen fuzz: the server process is gone");
        } else {
            // Moves still on their way to the watcher.
            tokio::select! {
                _ = sleep(Duration::from_secs(1)) => {}
                _ = died_rx.wait_for(|&d| d) => {}
            }
        }
    }
    let _ = attack_stop_tx.send(true);
    let _ = stop_tx.send(true);
    for t in tasks {
        let abort = t.abort_handle();
        if timeout(Duration::from_secs(5), t).await.is_err() {
            abort.abort();
        }
    }
    let _ = timeout(Duration::from_secs(2), sampler).await;

    // Still there, and still answering?
    let health = timeout(
        Duration::from_secs(3),
        http::get_status(&targets.health.0, &targets.health.1),
    )
    .await;
    let health_status = match health {
        Ok(Ok(status)) => Some(status),
        _ => None,
    };
    let process_alive = pid.map(|p| procfs::rss_kib(p).is_some());
    let alive = health_status == Some(200) && process_alive != Some(false);
    let rss_end = pid.and_then(procfs::rss_kib);

    let memory = std::mem::take(&mut *memory.lock().unwrap());
    let hwm = pid.and_then(procfs::hwm_kib).or(memory.hwm_kib);
    let marks = std::mem::take(&mut *marks.lock().unwrap());
    let (server_cpu, own_cpu, machine_cpu) = match marks.as_slice() {
        [a, b] => {
            let secs = (b.at - a.at).as_secs_f64();
            (
                crate::cpu_pct(a.server, b.server, secs),
                crate::cpu_pct(a.own, b.own, secs),
                crate::cpu_pct(a.machine.map(|m| m.0), b.machine.map(|m| m.0), secs),
            )
        }
        _ => (None, None, None),
    };
    let other_cpu =
        machine_cpu.map(|m| (m - server_cpu.unwrap_or(0.0) - own_cpu.unwrap_or(0.0)).max(0.0));
    let attack = std::mem::take(&mut *attack_stats.lock().unwrap());
    let honest = std::mem::take(&mut *shared.stats.lock().unwrap());
    let [_, quiet_lat, attack_lat] = honest.latencies_us;
    let delivered = attack_lat.len() as u64;
    let ends: serde_json::Map<String, serde_json::Value> = attack
        .ends
        .iter()
        .map(|(bucket, (n, example))| (bucket.clone(), json!({ "count": n, "example": example })))
        .collect();
    let summary = json!({
        "label": args.label,
        "server": format!("{:?}", args.server).to_lowercase(),
        "url": args.url,
        "seed": args.seed,
        "duration_s": args.duration,
        "quiet_s": args.quiet,
        "attackers": args.attackers,
        "frames_per_second_each": args.frames_per_second,
        "special_share": args.special_share,
        "crashers": args.crashers,
        "attack": {
            "frames": attack.frames,
            "bytes": attack.bytes,
            "random": attack.random,
            "mutated": attack.mutated,
            "specials": attack.specials,
            "connections": attack.connections,
            "connect_failures": attack.connect_failures,
            "connect_example": attack.connect_example,
            "closed_by_server": attack.closed_by_server,
            "ends": ends,
            "messages_received": attack.received,
        },
        "server_process": {
            "pid": pid,
            "alive_at_end": alive,
            "process_alive_at_end": process_alive,
            "health_status_at_end": health_status,
            "died_after_s": memory.died_after_s,
            "rss_before_kib": rss_before,
            "rss_peak_kib": if pid.is_some() { Some(memory.peak_kib) } else { None },
            "rss_samples": memory.samples,
            "rss_end_kib": rss_end,
            "hwm_kib": hwm,
            "cpu_pct": server_cpu,
        },
        "board_b": {
            "rate": args.rate,
            "moves_quiet": honest.moves[1],
            "moves_under_attack": honest.moves[2],
            "delivered_under_attack": delivered,
            "delivery_ratio": if honest.moves[2] > 0 { Some(delivered as f64 / honest.moves[2] as f64) } else { None },
            "latency_quiet_ms": crate::dist(quiet_lat),
            "latency_ms": crate::dist(attack_lat),
            "connects": honest.connects,
            "connect_failures": honest.connect_failures,
            "disconnects": honest.disconnects,
            "disconnect_example": honest.disconnect_example,
        },
        "machine": {
            "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
            "busy_cpu_pct": machine_cpu,
            "other_processes_cpu_pct": other_cpu,
            "loadavg_start": loadavg_start,
            "loadavg_end": procfs::loadavg(),
        },
        "loadgen": { "cpu_pct": own_cpu },
    });
    print_summary(&summary);
    crate::crowd::write_json(args.json.as_deref(), &summary)
}

fn print_summary(s: &serde_json::Value) {
    let f = |v: &serde_json::Value| v.as_f64().map_or("-".into(), |x| format!("{x:.2}"));
    let mib = |v: &serde_json::Value| {
        v.as_f64()
            .map_or("-".into(), |k| format!("{:.1} MiB", k / 1024.0))
    };
    let lat = |l: &serde_json::Value| {
        format!(
            "p50 {} ms  p95 {} ms  p99 {} ms  max {} ms  ({} samples)",
            f(&l["p50"]),
            f(&l["p95"]),
            f(&l["p99"]),
            f(&l["max"]),
            l["count"]
        )
    };
    let a = &s["attack"];
    let p = &s["server_process"];
    let b = &s["board_b"];
    println!(
        "== fuzz {}{} (seed {}, {} attackers, {} s, crashers {})",
        s["server"].as_str().unwrap_or(""),
        s["label"]
            .as_str()
            .map(|l| format!(": {l}"))
            .unwrap_or_default(),
        s["seed"],
        s["attackers"],
        s["duration_s"],
        if s["crashers"].as_bool() == Some(true) {
            "on"
        } else {
            "off"
        }
    );
    let specials: Vec<String> = a["specials"]
        .as_object()
        .map(|m| m.iter().map(|(k, v)| format!("{k}: {v}")).collect())
        .unwrap_or_default();
    println!(
        "frames sent      {} ({} random, {} mutated, {} KiB); review's attacks: {}",
        a["frames"],
        a["random"],
        a["mutated"],
        a["bytes"].as_u64().unwrap_or(0) / 1024,
        if specials.is_empty() {
            "none".into()
        } else {
            specials.join(", ")
        }
    );
    println!(
        "connections      {} opened, {} closed by the server, {} failed to connect",
        a["connections"], a["closed_by_server"], a["connect_failures"]
    );
    if let Some(ends) = a["ends"].as_object() {
        for (bucket, e) in ends {
            println!(
                "                 {bucket}: {} (e.g. {})",
                e["count"],
                e["example"].as_str().unwrap_or("")
            );
        }
    }
    if let Some(e) = a["connect_example"].as_str() {
        println!("                 connect failure e.g. {e}");
    }
    let alive = p["alive_at_end"].as_bool() == Some(true);
    println!(
        "server alive     {}{}",
        if alive { "yes" } else { "NO" },
        p["died_after_s"]
            .as_f64()
            .map(|t| format!(" (process gone {t:.1} s into the attack)"))
            .unwrap_or_else(|| match p["health_status_at_end"].as_u64() {
                Some(st) if st != 200 => format!(" (health check: HTTP {st})"),
                None if !alive => " (health check failed)".into(),
                _ => String::new(),
            })
    );
    println!(
        "server memory    before {}  peak {} (VmRSS every 100 ms)  end {}  VmHWM {}",
        mib(&p["rss_before_kib"]),
        mib(&p["rss_peak_kib"]),
        mib(&p["rss_end_kib"]),
        mib(&p["hwm_kib"])
    );
    println!("board B quiet    {}", lat(&b["latency_quiet_ms"]));
    println!("board B attack   {}", lat(&b["latency_ms"]));
    println!(
        "board B          {} moves under attack, {} delivered; {} disconnects{}",
        b["moves_under_attack"],
        b["delivered_under_attack"],
        b["disconnects"],
        b["disconnect_example"]
            .as_str()
            .map(|e| format!(" (e.g. {e})"))
            .unwrap_or_default()
    );
    println!(
        "cpu (% of a core) server {}  loadgen {}  other processes {}  (of {} cores)",
        f(&p["cpu_pct"]),
        f(&s["loadgen"]["cpu_pct"]),
        f(&s["machine"]["other_processes_cpu_pct"]),
        s["machine"]["cores"]
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_reproducible_and_mixed() {
        let specials = Arc::new(specials(true));
        let make = || Garbage {
            rng: fastrand::Rng::with_seed(12),
            samples: samples(),
            specials: specials.clone(),
            special_share: 0.1,
        };
        let (mut a, mut b) = (make(), make());
        let mut kinds = [0; 3];
        for _ in 0..500 {
            let (kind, x) = a.next();
            let (_, y) = b.next();
            assert_eq!(x, y);
            assert!(!x.is_empty());
            kinds[match kind {
                Kind::Random => 0,
                Kind::Mutated => 1,
                Kind::Special(_) => 2,
            }] += 1;
        }
        assert!(kinds.iter().all(|&n| n > 0), "{kinds:?}");
    }

    #[test]
    fn the_review_attacks_are_what_they_claim() {
        let s = specials(true);
        assert_eq!(
            s[0].frame.len(),
            8,
            "two type bytes, a length, 5 bytes of count"
        );
        assert!(
            Frame::decode(&s[0].frame).is_err(),
            "no 2^29 entries follow"
        );
        let nested = &s.last().unwrap().frame;
        assert!(nested.len() > 20_000 && nested.len() < 21_000);
        assert_eq!(specials(false).len(), s.len() - 1);
    }

    #[test]
    fn phases_split_the_run() {
        let p = Phases {
            quiet_from: 10,
            attack_from: 20,
            attack_until: 30,
        };
        assert_eq!(
            [p.of(5), p.of(10), p.of(19), p.of(20), p.of(30)],
            [0, 1, 1, 2, 0]
        );
    }
}
