//! One websocket connection: reads binary frames, decodes them and forwards them to the
//! board task; a writer task drains the connection's bounded outbox into the socket, pings,
//! and sends the close frame. Knows nothing of documents or storage.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use board::ParticipantKey;
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use protocol::{
    Frame, CLOSE_GOING_AWAY, CLOSE_MALFORMED, CLOSE_TOO_BIG, CLOSE_TRY_AGAIN, CLOSE_UNSUPPORTED,
};
use tokio::sync::mpsc;
use tracing::{debug, info, info_span, Instrument};

use crate::auth::Role;
use crate::board_id::BoardId;
use crate::board_task::{BoardHandle, BoardMsg, ConnId};
use crate::boards::Boards;
use crate::peer::{CloseReason, Closer, Peer};

/// Most frames written to the socket before one flush.
const WRITE_BATCH: usize = 64;
/// How long a close frame may take to go out before the socket is dropped.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(1);
/// Longest close reason a close frame can carry (RFC 6455: 125 bytes minus the code).
const MAX_REASON: usize = 123;

static NEXT_CONN: AtomicU64 = AtomicU64::new(1);

/// Per-connection limits.
#[derive(Debug, Clone)]
pub struct ConnSettings {
    /// Largest message accepted.
    pub max_frame_bytes: usize,
    /// Outbox capacity, in frames.
    pub outbox_frames: usize,
    /// Ping period.
    pub ping_interval: Duration,
}

/// Counts open connections while alive.
struct Gauge(Arc<AtomicUsize>);

impl Gauge {
    fn new(count: Arc<AtomicUsize>) -> Gauge {
        count.fetch_add(1, Ordering::Relaxed);
        crate::metrics::METRICS.connections_opened.inc();
        Gauge(count)
    }
}

impl Drop for Gauge {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Who a connection is: its role, and the participant key it presented (if any).
#[derive(Debug, Clone)]
pub struct Identity {
    /// What its token grants.
    pub role: Role,
    /// From `?key=`: proves which ballots and `participants` entry are its own.
    pub key: Option<ParticipantKey>,
    /// From `?acks=1`: it reads `Stored` acknowledgements (the app does, stock clients not).
    pub acks: bool,
}

/// Serves one upgraded socket until it closes.
pub async fn run(
    socket: WebSocket,
    boards: Boards,
    board: BoardId,
    identity: Identity,
    settings: ConnSettings,
    peer_addr: SocketAddr,
    open: Arc<AtomicUsize>,
) {
    let conn: ConnId = NEXT_CONN.fetch_add(1, Ordering::Relaxed);
    let Identity { role, key, acks } = identity;
    // The participant id only: the key itself is a secret and never logged.
    let participant = key.as_ref().map(|k| k.id());
    let span = info_span!("conn", board = %board, conn, %role, participant, peer = %peer_addr);
    async move {
        let _gauge = Gauge::new(open);
        let (sink, mut stream) = socket.split();
        let (outbox, outbox_rx) = mpsc::channel(settings.outbox_frames.max(1));
        let closer = Closer::new();
        let alive = Arc::new(AtomicBool::new(true));
        let writer = tokio::spawn(
            write_loop(
                sink,
                outbox_rx,
                closer.clone(),
                alive.clone(),
                settings.ping_interval,
                acks,
            )
            .in_current_span(),
        );
        let peer = Peer {
            outbox,
            closer: closer.clone(),
        };
        info!("connected");
        if let Some(handle) = join(&boards, &board, conn, role, key, peer).await {
            read_loop(
                &mut stream,
                &handle,
                conn,
                &closer,
                &alive,
                settings.max_frame_bytes,
            )
            .await;
            let _ = handle.send(BoardMsg::Leave { conn }).await;
        } else {
            closer.close(Some(CLOSE_TRY_AGAIN), "board is not available; reconnect");
        }
        let reason = closer.closed().await;
        let _ = writer.await;
        // A refusal's reason should reach a client that is still sending; a shutdown or
        // unload need not wait for anyone.
        if reason
            .code
            .is_some_and(|code| code != CLOSE_GOING_AWAY && code != CLOSE_TRY_AGAIN)
        {
            drain(&mut stream).await;
        }
        info!(code = ?reason.code, reason = %reason.reason, "disconnected");
    }
    .instrument(span)
    .await
}

/// Sends the join to the board's task, retrying with a fresh task if the old one was
/// just unloading.
async fn join(
    boards: &Boards,
    board: &BoardId,
    conn: ConnId,
    role: Role,
    key: Option<ParticipantKey>,
    peer: Peer,
) -> Option<BoardHandle> {
    let mut msg = BoardMsg::Join {
        conn,
        role,
        key,
        peer,
    };
    for _ in 0..3 {
        let handle = boards.get_or_spawn(board);
        match handle.send(msg).await {
            Ok(()) => return Some(handle),
            Err(gone) => msg = gone.0,
        }
    }
    None
}

/// After the server's close frame went out: reads and drops what the client still sends
/// until its close answer, for at most [`CLOSE_TIMEOUT`]. A client closed in the middle of
/// sending (the pieces of a large update) would otherwise get a reset instead of the close
/// frame, and with it lose the reason. Each message is still bounded by the frame limit, and
/// nothing is kept.
async fn drain(stream: &mut SplitStream<WebSocket>) {
    let until_close = async {
        while let Some(Ok(msg)) = stream.next().await {
            if let Message::Close(_) = msg {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(CLOSE_TIMEOUT, until_close).await;
}

/// Whether a websocket error says the message was over the size limit.
fn too_big(error: axum::Error) -> bool {
    matches!(
        error.into_inner().downcast_ref::<tungstenite::Error>(),
        Some(tungstenite::Error::Capacity(_))
    )
}

async fn read_loop(
    stream: &mut SplitStream<WebSocket>,
    board: &BoardHandle,
    conn: ConnId,
    closer: &Closer,
    alive: &AtomicBool,
    max_frame_bytes: usize,
) {
    let too_big_reason = || format!("message larger than {max_frame_bytes} bytes");
    loop {
        let next = tokio::select! {
            _ = closer.closed() => return,
            next = stream.next() => next,
        };
        let msg = match next {
            None => {
                closer.close(None, "socket closed");
                return;
            }
            Some(Err(e)) => {
                if too_big(e) {
                    info!(max_frame_bytes, "message too big");
                    closer.close(Some(CLOSE_TOO_BIG), too_big_reason());
                } else {
                    closer.close(None, "socket error");
                }
                return;
            }
            Some(Ok(msg)) => msg,
        };
        alive.store(true, Ordering::Relaxed);
        match msg {
            Message::Binary(bytes) => {
                if bytes.len() > max_frame_bytes {
                    closer.close(Some(CLOSE_TOO_BIG), too_big_reason());
                    return;
                }
                let frame = match Frame::decode(&bytes) {
                    Ok(frame) => frame,
                    Err(e) => {
                        info!(error = %e, "malformed frame");
                        closer.close(Some(CLOSE_MALFORMED), format!("malformed frame: {e}"));
                        return;
                    }
                };
                let sent = tokio::select! {
                    _ = closer.closed() => return,
                    sent = board.send(BoardMsg::Frame { conn, frame }) => sent,
                };
                if sent.is_err() {
                    closer.close(Some(CLOSE_TRY_AGAIN), "board closed; reconnect");
                    return;
                }
            }
            Message::Text(_) => {
                closer.close(
                    Some(CLOSE_UNSUPPORTED),
                    "text messages are not part of the protocol",
                );
                return;
            }
            Message::Ping(_) | Message::Pong(_) => {}
            Message::Close(frame) => {
                debug!(?frame, "client closed");
                closer.close(None, "client closed");
                return;
            }
        }
    }
}

async fn write_loop(
    mut sink: SplitSink<WebSocket, Message>,
    mut outbox: mpsc::Receiver<Bytes>,
    closer: Closer,
    alive: Arc<AtomicBool>,
    ping_interval: Duration,
    acks: bool,
) {
    // `Stored` frames begin with their message type, 100, a one-byte varint. A client that
    // did not ask for them (a stock Yjs client) would only log "Unable to compute message".
    let wanted = |frame: &Bytes| acks || frame.first() != Some(&(protocol::MSG_STORED as u8));
    let start = tokio::time::Instant::now() + ping_interval;
    let mut ping = tokio::time::interval_at(start, ping_interval);
    ping.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let reason = loop {
        tokio::select! {
            biased;
            reason = closer.closed() => break reason,
            first = outbox.recv() => {
                let Some(first) = first else {
                    // The board dropped this connection; it set the close reason first.
                    closer.close(Some(CLOSE_GOING_AWAY), "board closed");
                    break closer.closed().await;
                };
                let write = async {
                    if wanted(&first) {
                        sink.feed(Message::Binary(first)).await?;
                    }
                    for _ in 1..WRITE_BATCH {
                        match outbox.try_recv() {
                            Ok(more) if wanted(&more) => sink.feed(Message::Binary(more)).await?,
                            Ok(_) => {}
                            Err(_) => break,
                        }
                    }
                    sink.flush().await
                };
                let written = tokio::select! {
                    biased;
                    reason = closer.closed() => break reason,
                    written = write => written,
                };
                if written.is_err() {
                    closer.close(None, "write failed");
                    break closer.closed().await;
                }
            }
            _ = ping.tick() => {
                if !alive.swap(false, Ordering::Relaxed) {
                    closer.close(Some(CLOSE_GOING_AWAY), "no answer to ping");
                    continue;
                }
                if sink.send(Message::Ping(Bytes::new())).await.is_err() {
                    closer.close(None, "write failed");
                }
            }
        }
    };
    close_socket(&mut sink, &reason).await;
}

async fn close_socket(sink: &mut SplitSink<WebSocket, Message>, reason: &CloseReason) {
    let finish = async {
        if let Some(code) = reason.code {
            let mut text = reason.reason.clone();
            if text.len() > MAX_REASON {
                let mut end = MAX_REASON;
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.truncate(end);
            }
            let frame = CloseFrame {
                code,
                reason: text.into(),
            };
            let _ = sink.send(Message::Close(Some(frame))).await;
        }
        let _ = sink.close().await;
    };
    let _ = tokio::time::timeout(CLOSE_TIMEOUT, finish).await;
}
