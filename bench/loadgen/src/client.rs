//! One simulated participant: a yrs document speaking y-websocket over one websocket.
//!
//! After the handshake (SyncStep1 both ways, SyncStep2 both ways) it creates its own card per
//! docs/SCHEMA.md and then, at a fixed rate, moves it: one transaction that sets the card's `x`
//! and `y` and an extra key `loadgen` (readers ignore unknown keys) holding the marker
//! `kwb:{sender}:{send time in µs}`. Receivers find markers in the raw update bytes (a v1 update
//! carries a string value verbatim), so measuring costs one substring search per frame.

use std::collections::VecDeque;
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use board::schema::{card as key, CARDS, META};
use futures_util::{SinkExt, StreamExt};
use memchr::memmem::Finder;
use tokio::sync::{mpsc, watch, OwnedSemaphorePermit};
use tokio::time::{interval_at, sleep_until, timeout, Interval, MissedTickBehavior};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{
    Any, Doc, In, Map, MapPrelim, MapRef, ReadTxn, StateVector, TextPrelim, Transact, Update,
};

use protocol::{Frame, ProtocolError};

/// The extra card key that carries the send-time marker.
pub const MARKER_KEY: &str = "loadgen";
const MARKER: &[u8] = b"kwb:";
static FINDER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(MARKER));

/// When the measured run happens, in µs since the shared `t0`.
#[derive(Clone, Copy, Debug)]
pub struct Schedule {
    /// First moves are sent from here (each client at its own phase within one period).
    pub start: Instant,
    pub warm_us: u64,
    pub end_us: u64,
    /// Clients close their connections here (after a drain period for in-flight updates).
    pub stop_us: u64,
}

pub struct Shared {
    pub t0: Instant,
    pub period: Duration,
    pub apply: bool,
    pub handshake_timeout: Duration,
    /// Server nodes the clients are spread over (see [`Shared::node_of`]).
    pub nodes: u32,
    /// Boards the clients are spread over (client `idx` on board `idx % boards`).
    pub boards: u32,
    pub schedule: watch::Receiver<Option<Schedule>>,
    /// Each client reports once: true when synced and its card exists, false when it failed.
    pub ready: mpsc::UnboundedSender<bool>,
}

impl Shared {
    fn now_us(&self) -> u64 {
        self.t0.elapsed().as_micros() as u64
    }

    /// The node client `idx` connects to: the clients of each board alternate between the
    /// nodes (`idx / boards` counts a board's clients).
    pub fn node_of(&self, idx: u32) -> u32 {
        (idx / self.boards.max(1)) % self.nodes.max(1)
    }
}

pub struct ClientSpec {
    pub idx: u32,
    pub board: u32,
    pub url: String,
    /// The `author` of its card: on kartenwand-server its participant id (the URL carries its
    /// key), since a participant edits only cards it wrote.
    pub author: String,
    /// Writes `meta.schema` and `meta.title` if the board lacks them (first client of a board).
    pub init_meta: bool,
}

#[derive(Default, Debug)]
pub struct ClientStats {
    pub synced: bool,
    /// Failure to connect or to finish the handshake.
    pub connect_error: Option<String>,
    /// The connection ended before the client closed it.
    pub disconnect: Option<String>,
    /// An auth message (permission denied) arrived.
    pub denied: bool,
    pub handshake_us: u64,
    pub sent_total: u64,
    pub sent_window: u64,
    /// Moves of other clients received (any time).
    pub recv_total: u64,
    /// Moves of other clients received inside the window.
    pub recv_window: u64,
    /// Moves sent inside the window and received by this client (latency samples).
    pub latencies_us: Vec<u32>,
    /// The samples of `latencies_us` whose sender is on another node.
    pub cross_latencies_us: Vec<u32>,
    /// Own moves echoed back by the server (the stock server sends updates to their sender too).
    pub own_echoes: u64,
    pub stored_msgs: u64,
    /// Send → `Stored` acknowledgement covering the move, for moves sent inside the window.
    pub ack_us: Vec<u32>,
    /// How late the move timer fired (client overload shows up here), inside the window.
    pub tick_lag_us: Vec<u32>,
    pub awareness_msgs: u64,
    pub unknown_msgs: u64,
    pub protocol_errors: u64,
    pub protocol_error_example: Option<String>,
    pub bytes_sent: u64,
    pub bytes_received: u64,
}

async fn tick(t: &mut Option<Interval>) -> Instant {
    match t {
        Some(t) => t.tick().await.into_std(),
        None => std::future::pending().await,
    }
}

async fn sleep_opt(at: Option<Instant>) {
    match at {
        Some(at) => sleep_until(at.into()).await,
        None => std::future::pending().await,
    }
}

fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as f64)
        .unwrap_or(0.0)
}

/// The `(sender, sent µs)` markers in an update's bytes (`loadgen fuzz` uses them too).
pub fn markers(payload: &[u8]) -> impl Iterator<Item = (u32, u64)> + '_ {
    FINDER
        .find_iter(payload)
        .filter_map(|at| parse_marker(&payload[at + MARKER.len()..]))
}

/// Parses `{sender}:{sent_us}` after a marker.
fn parse_marker(rest: &[u8]) -> Option<(u32, u64)> {
    let mut pos = 0;
    let mut num = |stop: Option<u8>| -> Option<u64> {
        let start = pos;
        let mut n: u64 = 0;
        while let Some(&b) = rest.get(pos) {
            if b.is_ascii_digit() {
                n = n.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
                pos += 1;
            } else {
                break;
            }
        }
        if pos == start {
            return None;
        }
        if let Some(s) = stop {
            if rest.get(pos) != Some(&s) {
                return None;
            }
            pos += 1;
        }
        Some(n)
    };
    let sender = num(Some(b':'))?;
    let sent = num(None)?;
    Some((u32::try_from(sender).ok()?, sent))
}

pub async fn run(
    spec: ClientSpec,
    shared: Arc<Shared>,
    permit: OwnedSemaphorePermit,
) -> ClientStats {
    let mut st = ClientStats::default();
    let started = Instant::now();
    let mut permit = Some(permit);
    let report_failure = |st: &ClientStats| {
        if !st.synced {
            let _ = shared.ready.send(false);
        }
    };

    // TCP_NODELAY as browsers and node's `ws` set it; a small read buffer (tungstenite's
    // default allocates 128 KiB per connection).
    let config = WebSocketConfig::default().read_buffer_size(16 * 1024);
    let connect = tokio_tungstenite::connect_async_with_config(&spec.url, Some(config), true);
    let ws = match timeout(shared.handshake_timeout, connect).await {
        Ok(Ok((ws, _))) => ws,
        Ok(Err(e)) => {
            st.connect_error = Some(format!("connect: {e}"));
            report_failure(&st);
            return st;
        }
        Err(_) => {
            st.connect_error = Some("connect: timeout".into());
            report_failure(&st);
            return st;
        }
    };
    let (mut sink, mut stream) = ws.split();

    // The writer task keeps the reader free while a frame is being written.
    let (out, mut out_rx) = mpsc::channel::<Message>(256);
    let writer = tokio::spawn(async move {
        while let Some(m) = out_rx.recv().await {
            let closing = matches!(m, Message::Close(_));
            if sink.feed(m).await.is_err() {
                return;
            }
            while let Ok(m) = out_rx.try_recv() {
                if sink.feed(m).await.is_err() {
                    return;
                }
            }
            if sink.flush().await.is_err() || closing {
                return;
            }
        }
    });

    let doc = Doc::new();
    let me = doc.client_id();
    let cards = doc.get_or_insert_map(CARDS);
    let meta = doc.get_or_insert_map(META);
    let mut card: Option<MapRef> = None;
    let mut rng = fastrand::Rng::new();
    let (mut x, mut y) = (rng.f64() * 1600.0, rng.f64() * 900.0);

    let send = |frame: Vec<u8>, st: &mut ClientStats| {
        st.bytes_sent += frame.len() as u64;
        let out = out.clone();
        async move { out.send(Message::Binary(frame.into())).await.is_ok() }
    };

    let sv = doc.transact().state_vector().encode_v1();
    if !send(Frame::SyncStep1(sv).encode(), &mut st).await {
        st.connect_error = Some("send failed".into());
        report_failure(&st);
        return st;
    }

    let handshake_deadline = started + shared.handshake_timeout;
    let mut schedule_rx = shared.schedule.clone();
    let mut schedule: Option<Schedule> = None;
    let mut ticker: Option<Interval> = None;
    let mut stop_at: Option<Instant> = None;
    let mut pending_acks: VecDeque<(u32, u64)> = VecDeque::new();

    loop {
        tokio::select! {
            biased;
            m = stream.next() => {
                let data = match m {
                    Some(Ok(Message::Binary(b))) => b,
                    Some(Ok(Message::Close(frame))) => {
                        st.disconnect = Some(format!("closed by server: {frame:?}"));
                        break;
                    }
                    Some(Ok(_)) => continue,
                    Some(Err(e)) => {
                        st.disconnect = Some(format!("error: {e}"));
                        break;
                    }
                    None => {
                        st.disconnect = Some("stream ended".into());
                        break;
                    }
                };
                let now_us = shared.now_us();
                st.bytes_received += data.len() as u64;
                let mut reply: Option<Vec<u8>> = None;
                let mut became_synced = false;
                match Frame::decode(&data) {
                    Ok(Frame::Update(payload)) => {
                        for at in FINDER.find_iter(&payload) {
                            let Some((sender, sent_us)) = parse_marker(&payload[at + MARKER.len()..]) else { continue };
                            if sender == spec.idx {
                                st.own_echoes += 1;
                                continue;
                            }
                            st.recv_total += 1;
                            if let Some(s) = &schedule {
                                if now_us >= s.warm_us && now_us < s.end_us {
                                    st.recv_window += 1;
                                }
                                if sent_us >= s.warm_us && sent_us < s.end_us {
                                    let took = now_us.saturating_sub(sent_us).min(u32::MAX as u64) as u32;
                                    st.latencies_us.push(took);
                                    if shared.node_of(sender) != shared.node_of(spec.idx) {
                                        st.cross_latencies_us.push(took);
                                    }
                                }
                            }
                        }
                        if shared.apply || !st.synced {
                            apply(&doc, &payload, &mut st);
                        }
                    }
                    Ok(Frame::SyncStep2(payload)) => {
                        apply(&doc, &payload, &mut st);
                        became_synced = !st.synced;
                    }
                    Ok(Frame::SyncStep1(sv)) => match StateVector::decode_v1(&sv) {
                        Ok(sv) => {
                            let diff = doc.transact().encode_diff_v1(&sv);
                            reply = Some(Frame::SyncStep2(diff).encode());
                        }
                        Err(_) => st.protocol_errors += 1,
                    },
                    Ok(Frame::Awareness(_)) | Ok(Frame::QueryAwareness) => st.awareness_msgs += 1,
                    Ok(Frame::Auth(reason)) => {
                        st.denied = true;
                        let what = format!("permission denied: {reason}");
                        if st.synced { st.disconnect = Some(what) } else { st.connect_error = Some(what) }
                    }
                    Ok(Frame::Stored(sv)) => {
                        st.stored_msgs += 1;
                        match StateVector::decode_v1(&sv) {
                            Ok(sv) => {
                                let stored = sv.get(&me);
                                while let Some(&(clock, sent_us)) = pending_acks.front() {
                                    if clock > stored {
                                        break;
                                    }
                                    pending_acks.pop_front();
                                    if let Some(s) = &schedule {
                                        if sent_us >= s.warm_us && sent_us < s.end_us {
                                            st.ack_us.push(now_us.saturating_sub(sent_us).min(u32::MAX as u64) as u32);
                                        }
                                    }
                                }
                            }
                            Err(_) => st.protocol_errors += 1,
                        }
                    }
                    // Like a stock client: skip message types we do not know.
                    Err(ProtocolError::UnknownType(_)) => st.unknown_msgs += 1,
                    Err(e) => {
                        st.protocol_errors += 1;
                        st.protocol_error_example.get_or_insert_with(|| format!("{e}: {:?}", &data[..data.len().min(32)]));
                    }
                }
                if st.denied {
                    break;
                }
                if let Some(r) = reply {
                    send(r, &mut st).await;
                }
                if became_synced {
                    st.synced = true;
                    st.handshake_us = started.elapsed().as_micros() as u64;
                    let update = {
                        let mut txn = doc.transact_mut();
                        if spec.init_meta && meta.get(&txn, board::schema::meta::SCHEMA).is_none() {
                            meta.insert(&mut txn, board::schema::meta::SCHEMA, f64::from(board::SCHEMA_VERSION));
                            meta.insert(&mut txn, board::schema::meta::TITLE, format!("Lasttest {}", spec.board));
                        }
                        let fields: Vec<(&str, In)> = vec![
                            (key::TEXT, TextPrelim::new(format!("Lastkarte {}", spec.idx)).into()),
                            (key::X, x.into()),
                            (key::Y, y.into()),
                            (key::COLOR, "yellow".into()),
                            (key::AUTHOR, spec.author.clone().into()),
                            (key::CREATED, epoch_ms().into()),
                            (key::ORDER, 0.0.into()),
                        ];
                        let id = board::new_id();
                        card = Some(cards.insert(&mut txn, id.as_str(), MapPrelim::from_iter(fields)));
                        txn.encode_update_v1()
                    };
                    send(Frame::Update(update).encode(), &mut st).await;
                    permit.take();
                    let _ = shared.ready.send(true);
                    // The schedule may already be out (when this client was the last to sync).
                    if let Some(s) = *schedule_rx.borrow_and_update() {
                        schedule = Some(s);
                    }
                    if let Some(s) = schedule {
                        ticker = Some(new_ticker(&s, &shared, &mut rng));
                        stop_at = Some(shared.t0 + Duration::from_micros(s.stop_us));
                    }
                }
            }
            changed = schedule_rx.changed(), if st.synced && schedule.is_none() => {
                if changed.is_err() {
                    break;
                }
                if let Some(s) = *schedule_rx.borrow_and_update() {
                    schedule = Some(s);
                    ticker = Some(new_ticker(&s, &shared, &mut rng));
                    stop_at = Some(shared.t0 + Duration::from_micros(s.stop_us));
                }
            }
            due = tick(&mut ticker) => {
                let Some(s) = schedule else { continue };
                let now_us = shared.now_us();
                if now_us >= s.end_us {
                    ticker = None;
                    continue;
                }
                let in_window = now_us >= s.warm_us;
                if in_window {
                    let lag = Instant::now().saturating_duration_since(due).as_micros();
                    st.tick_lag_us.push(lag.min(u32::MAX as u128) as u32);
                }
                let Some(card) = &card else { continue };
                x = (x + rng.f64() * 40.0 - 20.0).clamp(0.0, 3000.0).round();
                y = (y + rng.f64() * 40.0 - 20.0).clamp(0.0, 2000.0).round();
                let marker = format!("kwb:{}:{}", spec.idx, now_us);
                let update = {
                    let mut txn = doc.transact_mut();
                    card.insert(&mut txn, key::X, x);
                    card.insert(&mut txn, key::Y, y);
                    card.insert(&mut txn, MARKER_KEY, Any::from(marker));
                    txn.encode_update_v1()
                };
                if !send(Frame::Update(update).encode(), &mut st).await {
                    st.disconnect.get_or_insert_with(|| "writer gone".into());
                    break;
                }
                st.sent_total += 1;
                if in_window {
                    st.sent_window += 1;
                }
                let clock = doc.transact().state_vector().get(&me);
                pending_acks.push_back((clock, now_us));
                if pending_acks.len() > 10_000 {
                    pending_acks.pop_front();
                }
            }
            _ = sleep_opt(stop_at) => {
                let _ = out.send(Message::Close(None)).await;
                // Wait (briefly) for the server's close frame, reading whatever still arrives.
                let _ = tokio::time::timeout(Duration::from_secs(2), async {
                    while let Some(Ok(m)) = stream.next().await {
                        if matches!(m, Message::Close(_)) { break; }
                    }
                }).await;
                break;
            }
            _ = sleep_until(handshake_deadline.into()), if !st.synced => {
                st.connect_error = Some("handshake timeout (no SyncStep2)".into());
                break;
            }
        }
    }
    report_failure(&st);
    drop(out);
    let _ = timeout(Duration::from_secs(2), writer).await;
    st
}

fn apply(doc: &Doc, update: &[u8], st: &mut ClientStats) {
    match Update::decode_v1(update) {
        Ok(u) => {
            if let Err(e) = doc.transact_mut().apply_update(u) {
                st.protocol_errors += 1;
                st.protocol_error_example
                    .get_or_insert_with(|| format!("apply update: {e}"));
            }
        }
        Err(e) => {
            st.protocol_errors += 1;
            st.protocol_error_example
                .get_or_insert_with(|| format!("decode update: {e}"));
        }
    }
}

fn new_ticker(s: &Schedule, shared: &Shared, rng: &mut fastrand::Rng) -> Interval {
    let phase = shared.period.mul_f64(rng.f64());
    let mut t = interval_at((s.start + phase).into(), shared.period);
    t.set_missed_tick_behavior(MissedTickBehavior::Delay);
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_parse() {
        assert_eq!(parse_marker(b"12:3456\x00rest"), Some((12, 3456)));
        assert_eq!(parse_marker(b"12:"), None);
        assert_eq!(parse_marker(b":5"), None);
    }

    #[test]
    fn marker_survives_v1_encoding() {
        let doc = Doc::new();
        let cards = doc.get_or_insert_map(CARDS);
        let mut txn = doc.transact_mut();
        let card = cards.insert(&mut txn, "abc", MapPrelim::default());
        card.insert(&mut txn, MARKER_KEY, Any::from("kwb:7:123456".to_string()));
        let update = txn.encode_update_v1();
        let found: Vec<_> = FINDER
            .find_iter(&update)
            .filter_map(|at| parse_marker(&update[at + MARKER.len()..]))
            .collect();
        assert_eq!(found, vec![(7, 123456)]);
    }
}
