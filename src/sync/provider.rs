//! The websocket provider: keeps one board in step with the server over the y-websocket
//! protocol. Sends the local state vector on connect (the server answers with what is
//! missing) and answers the server's, so offline edits flow both ways; relays local updates;
//! reconnects with backoff; publishes presence and renews it before the server's sweep.
//! Updates larger than [`protocol::PIECE_BYTES`] go as several (`protocol::split_update`).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::{Interval, Timeout};
use leptos::prelude::*;
use protocol::Frame;
use wasm_bindgen::prelude::*;
use web_sys::{BinaryType, CloseEvent, MessageEvent, WebSocket};
use yrs::updates::decoder::Decode;
use yrs::StateVector;

use super::api::{check_access, ApiError};
use super::presence::{DragHint, Peer, Presence, Summon};
use super::status::SyncStatus;
use super::BoardCtx;

/// The board's state vector.
fn local_sv(ctx: BoardCtx) -> StateVector {
    ctx.read(|b| b.state_vector())
}

/// Longest wait between reconnection attempts.
const MAX_BACKOFF_MS: u32 = 30_000;
/// Awareness states expire on the server after 30 s; renew well before.
const RENEW_MS: u32 = 15_000;

/// One board's connection. Cheap to clone: the state is shared.
#[derive(Clone)]
pub struct Provider {
    inner: Rc<RefCell<Inner>>,
}

struct Inner {
    url: String,
    /// Who this client is, as the others see it.
    me: Peer,
    /// When a drag position was last sent (ms), to send at most ~20 per second.
    last_drag_sent: f64,
    drags: RwSignal<Vec<Peer>>,
    ctx: BoardCtx,
    status: RwSignal<SyncStatus>,
    peers: RwSignal<Vec<Peer>>,
    presence: Presence,
    socket: Option<WebSocket>,
    /// The socket's handlers; dropping them would detach them.
    handlers: Vec<Closure<dyn FnMut(JsValue)>>,
    attempts: u32,
    retry: Option<Timeout>,
    renew: Option<Interval>,
    /// What the server is known to have: its `Stored` acks, plus everything it sent (other
    /// devices' changes, which are theirs to get stored). `None` until the first ack.
    server_sv: Option<StateVector>,
    stopped: bool,
    /// Whether the current socket opened: one that closes unopened may have met a 404.
    opened: bool,
}

impl Provider {
    /// Starts syncing `ctx`'s board with the server at `url`, as `me`.
    /// With `me` = `None` it syncs quietly: nobody sees this device on the board (the start
    /// page syncing stored boards in the background).
    pub fn start(
        ctx: BoardCtx,
        url: String,
        me: Option<Peer>,
        signals: (
            RwSignal<SyncStatus>,
            RwSignal<Vec<Peer>>,
            RwSignal<Vec<Peer>>,
        ),
    ) -> Provider {
        let (status, peers, drags) = signals;
        let mut presence = Presence::new(ctx.read(|b| b.doc().clone()));
        let announce = me.is_some();
        let me = me.unwrap_or_else(Peer::nobody);
        if announce {
            presence.set_me(&me);
        }
        let provider = Provider {
            inner: Rc::new(RefCell::new(Inner {
                url,
                me,
                last_drag_sent: 0.0,
                drags,
                ctx,
                status,
                peers,
                presence,
                socket: None,
                handlers: Vec::new(),
                attempts: 0,
                retry: None,
                renew: None,
                server_sv: None,
                stopped: false,
                opened: false,
            })),
        };
        provider.connect();
        if !announce {
            return provider;
        }
        let renewing = provider.clone();
        provider.inner.borrow_mut().renew = Some(Interval::new(RENEW_MS, move || {
            let update = renewing.inner.borrow_mut().presence.renewed();
            if let Some(update) = update {
                renewing.send(&Frame::Awareness(update));
            }
        }));
        provider
    }

    /// Sends a local document update (called from the board's update observer).
    pub fn send_update(&self, update_v1: Vec<u8>) {
        if let Ok(inner) = self.inner.try_borrow() {
            if let SyncStatus::Online { stored: true } = inner.status.get_untracked() {
                inner.status.set(SyncStatus::Online { stored: false });
            }
        }
        // A large edit (a board file merged in) goes in pieces that each fit in the
        // server's largest message.
        for frame in protocol::update_frames(update_v1, protocol::PIECE_BYTES) {
            self.send(&frame);
        }
    }

    /// Changes this client's name or colour for the others.
    pub fn set_me(&self, me: &Peer) {
        let update = {
            let mut inner = self.inner.borrow_mut();
            let (drag, summon) = (inner.me.drag.take(), inner.me.summon.take());
            inner.me = Peer {
                drag,
                summon,
                ..me.clone()
            };
            let me = inner.me.clone();
            inner.presence.set_me(&me)
        };
        if let Some(update) = update {
            self.send(&Frame::Awareness(update));
        }
    }

    /// Asks everyone to look at a part of the wall (the facilitator's "bring everyone here").
    pub fn set_summon(&self, summon: Summon) {
        let update = {
            let mut inner = self.inner.borrow_mut();
            inner.me.summon = Some(summon);
            let me = inner.me.clone();
            inner.presence.set_me(&me)
        };
        if let Some(update) = update {
            self.send(&Frame::Awareness(update));
        }
    }

    /// Shows the others where this client is dragging a card (`None`: the drag ended).
    pub fn set_drag(&self, drag: Option<DragHint>) {
        let update = {
            let mut inner = self.inner.borrow_mut();
            let now = js_sys::Date::now();
            if drag.is_some() && now - inner.last_drag_sent < 50.0 {
                return;
            }
            inner.last_drag_sent = now;
            inner.me.drag = drag;
            let me = inner.me.clone();
            inner.presence.set_me(&me)
        };
        if let Some(update) = update {
            self.send(&Frame::Awareness(update));
        }
    }

    /// The browser reports it lost the network: close now rather than wait for a timeout,
    /// so the status is honest at once. `reconnect_now` follows when it is back.
    pub fn network_lost(&self) {
        let socket = {
            let mut inner = self.inner.borrow_mut();
            if inner.stopped {
                return;
            }
            inner.retry = None;
            inner.handlers.clear();
            inner.status.set(SyncStatus::Offline);
            inner.peers.set(Vec::new());
            inner.drags.set(Vec::new());
            inner.socket.take()
        };
        if let Some(socket) = socket {
            socket.set_onclose(None);
            let _ = socket.close();
        }
    }

    /// Tries to connect now (the browser reports it is back online).
    pub fn reconnect_now(&self) {
        let idle = {
            let inner = self.inner.borrow();
            inner.socket.is_none() && !inner.stopped
        };
        if idle {
            self.inner.borrow_mut().retry = None;
            self.connect();
        }
    }

    /// Says goodbye (presence) and closes; no reconnection after this.
    pub fn stop(&self) {
        let leave = {
            let mut inner = self.inner.borrow_mut();
            inner.stopped = true;
            inner.retry = None;
            inner.renew = None;
            inner.presence.leave()
        };
        if let Some(update) = leave {
            self.send(&Frame::Awareness(update));
        }
        let socket = self.inner.borrow_mut().socket.take();
        if let Some(socket) = socket {
            let _ = socket.close();
        }
    }

    fn send(&self, frame: &Frame) {
        let Ok(inner) = self.inner.try_borrow() else {
            return;
        };
        if let Some(socket) = inner
            .socket
            .as_ref()
            .filter(|s| s.ready_state() == WebSocket::OPEN)
        {
            // A failed send means the socket is going down; `onclose` reconnects.
            let _ = socket.send_with_u8_array(&frame.encode());
        }
    }

    fn connect(&self) {
        let url = {
            let inner = self.inner.borrow();
            if inner.stopped {
                return;
            }
            inner.status.set(SyncStatus::Connecting);
            inner.url.clone()
        };
        let Ok(socket) = WebSocket::new(&url) else {
            self.schedule_retry();
            return;
        };
        socket.set_binary_type(BinaryType::Arraybuffer);

        let on_open = {
            let this = self.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_| this.on_open())
        };
        let on_message = {
            let this = self.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
                let Ok(ev) = ev.dyn_into::<MessageEvent>() else {
                    return;
                };
                let Ok(buffer) = ev.data().dyn_into::<js_sys::ArrayBuffer>() else {
                    return;
                };
                let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                this.on_message(&bytes);
            })
        };
        let on_close = {
            let this = self.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
                let reason = ev
                    .dyn_into::<CloseEvent>()
                    .map(|e| (e.code(), e.reason()))
                    .ok();
                this.on_close(reason);
            })
        };
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        let mut inner = self.inner.borrow_mut();
        inner.handlers = vec![on_open, on_message, on_close];
        inner.socket = Some(socket);
        inner.opened = false;
    }

    fn on_open(&self) {
        let (sv, awareness) = {
            let mut inner = self.inner.borrow_mut();
            inner.attempts = 0;
            inner.opened = true;
            inner.server_sv = None;
            inner.status.set(SyncStatus::Online { stored: false });
            (
                inner.ctx.read(|b| b.state_vector_v1()),
                inner.renew.as_ref().and_then(|_| inner.presence.encoded()),
            )
        };
        self.send(&Frame::SyncStep1(sv));
        if let Some(update) = awareness {
            self.send(&Frame::Awareness(update));
        }
    }

    fn on_message(&self, bytes: &[u8]) {
        let Ok(frame) = Frame::decode(bytes) else {
            leptos::logging::warn!("kartenwand: ignoring a malformed frame from the server");
            return;
        };
        let ctx = self.inner.borrow().ctx;
        match frame {
            Frame::SyncStep1(sv) => {
                // A board made or grown offline can be far larger than the server's largest
                // message (1 MiB by default): it goes in pieces, each an update of its own.
                if let Ok(diff) = ctx.read(|b| b.diff_v1(&sv)) {
                    for frame in protocol::answer_frames(diff, protocol::PIECE_BYTES) {
                        self.send(&frame);
                    }
                }
            }
            Frame::SyncStep2(update) | Frame::Update(update) => {
                let before = local_sv(ctx);
                if let Err(e) = ctx.edit(|b| b.apply_update_v1(&update)) {
                    leptos::logging::warn!("kartenwand: a server update did not apply: {e}");
                }
                // What just arrived from the server is not this device's to get stored.
                let after = local_sv(ctx);
                if let Some(server) = self.inner.borrow_mut().server_sv.as_mut() {
                    for (client, clock) in after.iter() {
                        if *clock > before.get(client) {
                            server.set_max(*client, *clock);
                        }
                    }
                }
                self.refresh_stored();
            }
            Frame::Awareness(update) => {
                let inner = &mut *self.inner.borrow_mut();
                if inner.presence.apply(&update).is_ok() {
                    inner.peers.set(inner.presence.peers());
                    inner.drags.set(inner.presence.remote_drags());
                }
            }
            Frame::QueryAwareness => {
                let all = self.inner.borrow().presence.encoded_all();
                if let Some(update) = all {
                    self.send(&Frame::Awareness(update));
                }
            }
            Frame::Auth(reason) => {
                let mut inner = self.inner.borrow_mut();
                inner.stopped = true;
                inner.status.set(SyncStatus::Denied(reason));
            }
            Frame::Stored(sv) => {
                let Ok(sv) = StateVector::decode_v1(&sv) else {
                    return;
                };
                let mut inner = self.inner.borrow_mut();
                match inner.server_sv.as_mut() {
                    Some(known) => known.merge(sv),
                    None => inner.server_sv = Some(sv),
                }
                drop(inner);
                self.refresh_stored();
            }
        }
    }

    /// Compares what the server has stored with what this device has.
    fn refresh_stored(&self) {
        let inner = self.inner.borrow();
        let Some(server) = inner.server_sv.as_ref() else {
            return;
        };
        let local = local_sv(inner.ctx);
        let all = protocol::covers_sv(server, &local);
        if matches!(inner.status.get_untracked(), SyncStatus::Online { .. }) {
            inner.status.set(SyncStatus::Online { stored: all });
        }
    }

    fn on_close(&self, reason: Option<(u16, String)>) {
        {
            let mut inner = self.inner.borrow_mut();
            inner.socket = None;
            inner.handlers.clear();
            if inner.stopped {
                return;
            }
            if let Some((code, text)) = &reason {
                leptos::logging::warn!("kartenwand: connection closed ({code}) {text}");
                // Deleted on the server (by the facilitator, or after the retention period).
                if *code == protocol::CLOSE_BOARD_DELETED {
                    inner.stopped = true;
                    inner.status.set(SyncStatus::Deleted);
                    inner.peers.set(Vec::new());
                    inner.drags.set(Vec::new());
                    return;
                }
                // 4400–4499 are final (y-websocket's convention): a bad or revoked link.
                if (4400..4500).contains(code) {
                    inner.stopped = true;
                    inner.status.set(SyncStatus::Denied(text.clone()));
                    inner.peers.set(Vec::new());
                    return;
                }
            }
            inner.status.set(SyncStatus::Offline);
            // Everyone else's presence is unknown while offline.
            inner.peers.set(Vec::new());
            inner.drags.set(Vec::new());
        }
        // The browser hides why an upgrade failed: ask whether the board is gone (404), so a
        // missing board is said and not retried forever. One small request per failed attempt,
        // which backs off like the attempts do.
        let ask = {
            let inner = self.inner.borrow();
            (!inner.opened)
                .then(|| board_and_token(&inner.url))
                .flatten()
        };
        if let Some((board, token)) = ask {
            let this = self.clone();
            leptos::task::spawn_local(async move {
                if let Err(ApiError::Status(404)) = check_access(&board, &token).await {
                    let mut inner = this.inner.borrow_mut();
                    inner.stopped = true;
                    inner.retry = None;
                    inner.status.set(SyncStatus::Missing);
                }
            });
        }
        self.schedule_retry();
    }

    fn schedule_retry(&self) {
        let delay = {
            let mut inner = self.inner.borrow_mut();
            inner.attempts += 1;
            let base = 500u32
                .saturating_mul(1 << inner.attempts.min(6))
                .min(MAX_BACKOFF_MS);
            // Jitter, so a room full of phones does not reconnect in lockstep.
            base / 2 + (js_sys::Math::random() * f64::from(base / 2)) as u32
        };
        let this = self.clone();
        let timer = Timeout::new(delay, move || {
            this.inner.borrow_mut().retry = None;
            this.connect();
        });
        self.inner.borrow_mut().retry = Some(timer);
    }
}

/// The board id and token of a `/sync/{board}?token=…` address (see `api::sync_url`).
fn board_and_token(url: &str) -> Option<(String, String)> {
    let (_, rest) = url.split_once("/sync/")?;
    let (board, query) = rest.split_once('?')?;
    let token = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))?;
    let token = String::from(js_sys::decode_uri_component(token).ok()?);
    Some((board.to_string(), token))
}
