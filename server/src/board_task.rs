//! One task per loaded board: owns the board's yrs `Doc` and its awareness states, takes
//! [`BoardMsg`]s (join, frame, leave) from connections, and is the only place that applies
//! updates, stores them, fans them out and acknowledges them. Knows no sockets, only
//! [`Peer`]s.
//!
//! # The loop
//!
//! Each turn takes every message queued right now (a group commit):
//! 1. stage: apply each update to the document, answer sync requests, apply awareness;
//!    everything to send is queued in order, nothing is sent yet;
//! 2. deliver: relay updates to the other connections and send the answers at once;
//! 3. store: append all document changes of the batch in one store transaction, then send
//!    `Stored(state vector)` to every connection whose update was in the batch. An ack
//!    always means "stored"; relaying first keeps the commit out of the fan-out latency and
//!    loses nothing: a CRDT update is safe with every client that has it, and an unacked
//!    sender resends it.
//!
//! # Refused updates
//!
//! The [`WritePolicy`] admits a writer before its update is even decoded (viewers are dropped
//! there). `protocol::inspect_update` then checks the bytes (declared counts, nesting) and
//! reports the client sections and root-level writes: root-level writes a participant may not
//! make are refused unapplied, blocks under another writer's client id are dropped (see
//! `owners.rs`), and a participant's share of the board is capped. For participants, the
//! policy checks the key paths the update touched afterwards
//! (`touched.rs` collects them while yrs commits), before its changes are staged. yrs cannot
//! take an applied update back, so a refusal ends the stage step early: the refused update is
//! neither relayed nor stored nor acknowledged, its connection is closed with 4403, what was
//! staged before it is delivered and stored as usual, and then the document is rebuilt from
//! the store, so that it again holds exactly what the store holds. The rest of the batch is
//! then handled as a turn of its own against the rebuilt document. The rebuild runs on a
//! blocking thread, and the refused writer may not rejoin for a cool-down.
//!
//! If storing fails, the board closes every connection (1011) and unloads: the document in
//! memory then holds changes the store does not, and must not be acknowledged later.
//! Reloading from the store and the clients' next sync handshake restore a consistent state.
//!
//! Between turns it sweeps stale awareness states, finishes background compactions, and
//! unloads itself after `unload_after` without connections.

use std::collections::{HashMap, VecDeque};
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use board::ParticipantKey;
use protocol::{
    Frame, CLOSE_FORBIDDEN, CLOSE_GOING_AWAY, CLOSE_INTERNAL, CLOSE_MALFORMED, CLOSE_POLICY,
    CLOSE_TRY_AGAIN,
};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tracing::{debug, error, info, info_span, warn, Instrument};
use yrs::sync::awareness::AwarenessUpdate;
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{ClientID, Doc, IdSet, ReadTxn, StateVector, Transact, Update};

use crate::auth::Role;
use crate::awareness::{check_claims, check_json, Presence};
use crate::board_id::BoardId;
use crate::boards::Shared as BoardsShared;
use crate::held::{continues, Held};
use crate::owners::{Owners, Principal};
use crate::peer::Peer;
use crate::policy::{Admission, Refusal, WritePolicy, Writer};
use crate::store::{Store, StoreError};
use crate::touched::Touched;

/// Identifies one websocket connection (unique per server process).
pub type ConnId = u64;

/// Most messages handled in one turn (bounds the latency one turn adds).
const MAX_BATCH: usize = 512;
/// Capacity of a board's inbox. A full inbox makes connections wait (backpressure).
const INBOX: usize = 4096;
/// Most updates held back for missing history (see `held.rs`) per board.
const MAX_HELD: usize = 1024;
/// A participant (or all keyless participants together) may write at most this share of
/// `max_doc_bytes` per board load, so one link holder cannot fill the board for everyone.
const PARTICIPANT_SHARE: usize = 4;
/// The longest cool-down after refused updates (see [`BoardSettings::refusal_cooldown`]).
const COOLDOWN_MAX: Duration = Duration::from_secs(3600);
/// Most awareness client ids one connection may set (an app or stock client uses one).
const MAX_PRESENCE_PER_CONN: usize = 4;
/// Most awareness entries a board keeps (present states and recent removals).
const MAX_PRESENCE: usize = 1024;
/// Largest awareness state, as JSON text.
const MAX_PRESENCE_STATE: usize = 8 * 1024;
/// Wait before retrying a failed compaction.
const COMPACTION_RETRY: Duration = Duration::from_secs(30);

/// What a connection tells its board.
#[derive(Debug)]
pub enum BoardMsg {
    /// A connection joins; the board sends it the handshake.
    Join {
        /// The connection.
        conn: ConnId,
        /// What it may do.
        role: Role,
        /// The participant key it presented (`?key=`), if any: which ballots are its own.
        key: Option<ParticipantKey>,
        /// How to reach it.
        peer: Peer,
    },
    /// A decoded frame from a joined connection.
    Frame {
        /// The sender.
        conn: ConnId,
        /// The frame.
        frame: Frame,
    },
    /// The connection is gone.
    Leave {
        /// The connection.
        conn: ConnId,
    },
    /// Close every connection (1001), write a final snapshot, stop; then `done` fires.
    Shutdown {
        /// Fires when the board has stopped.
        done: oneshot::Sender<()>,
    },
}

/// Limits and timings of every board task.
#[derive(Debug, Clone)]
pub struct BoardSettings {
    /// Largest stored document, in bytes.
    pub max_doc_bytes: usize,
    /// Compact once the log has more rows than this.
    pub compact_after: u64,
    /// Unload after this long without connections.
    pub unload_after: Duration,
    /// Drop awareness states not renewed for this long.
    pub awareness_timeout: Duration,
    /// How long a writer whose update was refused after applying stays out (doubling with
    /// each further refusal, up to [`COOLDOWN_MAX`]); zero for none.
    pub refusal_cooldown: Duration,
}

/// A cheap, cloneable handle on a running board task (like mini-redis' `Db`).
#[derive(Debug, Clone)]
pub struct BoardHandle {
    pub(crate) generation: u64,
    tx: mpsc::Sender<BoardMsg>,
}

/// The board task has stopped (unloaded or shut down); get a fresh handle and retry.
#[derive(Debug)]
pub struct BoardGone(pub BoardMsg);

impl BoardHandle {
    /// Queues `msg` for the board, waiting while its inbox is full.
    pub async fn send(&self, msg: BoardMsg) -> Result<(), BoardGone> {
        self.tx.send(msg).await.map_err(|e| BoardGone(e.0))
    }

    /// Whether the task has stopped taking messages.
    pub fn is_closed(&self) -> bool {
        self.tx.is_closed()
    }
}

/// Starts the task for `id` (it loads the board first) and returns its handle.
pub(crate) fn spawn(
    id: BoardId,
    generation: u64,
    boards: Weak<BoardsShared>,
    store: Arc<dyn Store>,
    policy: Arc<dyn WritePolicy>,
    settings: BoardSettings,
) -> BoardHandle {
    let (tx, rx) = mpsc::channel(INBOX);
    // No parent: the task outlives the connection that happened to load it.
    let span = info_span!(parent: None, "board", board = %id);
    let doc = Doc::new();
    let touched = Touched::watch(&doc, policy.guarded_roots());
    let task = BoardTask {
        id,
        generation,
        boards,
        store,
        policy,
        settings,
        doc,
        touched,
        presence: Presence::new(),
        presence_owners: HashMap::new(),
        owners: Owners::default(),
        cooldowns: HashMap::new(),
        conns: HashMap::new(),
        held: Held::default(),
        last_seq: 0,
        log_rows: 0,
        log_bytes: 0,
        size_estimate: 0,
        compaction: None,
        compaction_retry_at: None,
        idle_since: Some(Instant::now()),
    };
    tokio::spawn(task.run(rx).instrument(span));
    BoardHandle { generation, tx }
}

/// One joined connection, as the board sees it.
struct ConnState {
    /// Role and participant key; an `Arc` because each held update keeps it too.
    writer: Arc<Writer>,
    peer: Peer,
    /// Whether a refused update was logged at info level already (then debug).
    refusal_logged: bool,
}

/// Where a staged frame goes.
#[derive(Debug, Clone, Copy)]
enum Target {
    One(ConnId),
    AllBut(ConnId),
    All,
}

/// Who sent an update, kept with it while it is held back (see `held.rs`).
#[derive(Debug, Clone)]
struct Sender {
    conn: ConnId,
    writer: Arc<Writer>,
}

/// What one turn sends and stores, in order.
#[derive(Default)]
struct Staged {
    /// Document changes (v1) to append, in the order they were applied.
    appends: Vec<Vec<u8>>,
    /// Encoded frames to send after the append is durable.
    sends: VecDeque<(Target, Bytes)>,
    /// Connections that get `Stored` at the end of the turn.
    acks: Vec<ConnId>,
    /// New client-id owners, stored before anything of the turn is relayed: every block a
    /// client has seen relayed then has a durable owner.
    bindings: Vec<(u64, String)>,
    /// The document holds a refused update: stage nothing more, store what is staged, then
    /// rebuild the document from the store.
    tainted: bool,
}

impl Staged {
    fn send(&mut self, target: Target, frame: Frame) {
        self.sends.push_back((target, Bytes::from(frame.encode())));
    }

    fn ack(&mut self, conn: ConnId) {
        if !self.acks.contains(&conn) {
            self.acks.push(conn);
        }
    }
}

/// A compaction running in the background.
struct Compaction {
    /// Log rows and bytes the snapshot covers.
    rows: u64,
    bytes: usize,
    snapshot_len: usize,
}

/// How a turn ended.
enum Stop {
    Shutdown(oneshot::Sender<()>),
    /// Storing failed, or yrs panicked on an update: memory and store may differ.
    Broken,
}

struct BoardTask {
    id: BoardId,
    generation: u64,
    /// Weak: the map holds the board handles, the boards must not keep the map alive.
    boards: Weak<BoardsShared>,
    store: Arc<dyn Store>,
    policy: Arc<dyn WritePolicy>,
    settings: BoardSettings,
    /// The document. Between turns it holds exactly what the store holds.
    doc: Doc,
    /// The key paths each transaction on `doc` touches under the policy's guarded roots.
    /// Replaced with `doc`.
    touched: Touched,
    presence: Presence,
    /// Which connection set each awareness client id (removed when it leaves).
    presence_owners: HashMap<ClientID, ConnId>,
    /// Which writer owns each document client id, stored with the board.
    owners: Owners,
    /// Writers whose update was refused after it was applied, until when they may not
    /// rejoin, and the length of their last cool-down.
    cooldowns: HashMap<Principal, (Instant, Duration)>,
    conns: HashMap<ConnId, ConnState>,
    held: Held<Sender>,
    /// Sequence number of the newest stored update.
    last_seq: u64,
    /// Log rows and bytes not covered by the snapshot.
    log_rows: u64,
    log_bytes: usize,
    /// Stored size estimate (snapshot + log) for the document size limit.
    size_estimate: usize,
    compaction: Option<Compaction>,
    compaction_retry_at: Option<Instant>,
    /// Since when the board has had no connection.
    idle_since: Option<Instant>,
}

type CompactionJob = JoinHandle<Result<u64, StoreError>>;

/// Rebuilds a document from a snapshot (v2) and log (v1). Sync: `yrs::Update` is not Send.
fn build_doc(snapshot_v2: Option<&[u8]>, updates: &[Vec<u8>]) -> Result<Doc, String> {
    let doc = Doc::new();
    if let Some(snapshot) = snapshot_v2 {
        let update = Update::decode_v2(snapshot).map_err(|e| format!("snapshot: {e}"))?;
        doc.transact_mut()
            .apply_update(update)
            .map_err(|e| format!("snapshot: {e}"))?;
    }
    for (i, bytes) in updates.iter().enumerate() {
        let update = Update::decode_v1(bytes).map_err(|e| format!("log row {i}: {e}"))?;
        doc.transact_mut()
            .apply_update(update)
            .map_err(|e| format!("log row {i}: {e}"))?;
    }
    Ok(doc)
}

/// Why an applied update's changes were not staged.
enum Unstaged {
    /// yrs failed part-way; what did apply is staged.
    Apply(String),
    /// Its writer may not make these changes. The document holds them now.
    Refused(Refusal),
    /// It left blocks or deletions waiting for other clients' changes the server does not
    /// have. Those would be integrated later, inside someone else's update and checked
    /// against that sender's rights, so they are refused now; the document holds the rest.
    Incomplete,
}

/// What yrs keeps aside because other clients' changes are missing: blocks waiting for
/// their origins, and deletions of items not there yet.
#[derive(PartialEq)]
struct Pending {
    blocks: IdSet,
    block_deletes: IdSet,
    deletes: Option<IdSet>,
}

/// The document's pending changes; `None` in the common case that there are none.
fn pending<T: ReadTxn>(txn: &T) -> Option<Pending> {
    if !txn.has_missing_updates() {
        return None;
    }
    let store = txn.store();
    let update = store.pending_update();
    Some(Pending {
        blocks: update
            .map(|p| p.update.insertions(true))
            .unwrap_or_default(),
        block_deletes: update
            .map(|p| p.update.delete_set().clone())
            .unwrap_or_default(),
        deletes: store.pending_ds().cloned(),
    })
}

impl BoardTask {
    async fn run(mut self, mut rx: mpsc::Receiver<BoardMsg>) {
        if let Err(e) = self.load().await {
            error!(error = %e, "board could not be loaded");
            self.retire(&mut rx, true);
            self.drain(&mut rx, CLOSE_INTERNAL, "board could not be loaded");
            return;
        }
        let sweep_every = (self.settings.awareness_timeout / 10).max(Duration::from_millis(20));
        let mut sweep = tokio::time::interval(sweep_every);
        sweep.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut job: Option<CompactionJob> = None;
        let stop = loop {
            let unload_at = self
                .idle_since
                .map(|t| tokio::time::Instant::from_std(t + self.settings.unload_after));
            tokio::select! {
                msg = rx.recv() => {
                    let Some(msg) = msg else { break None };
                    let mut batch = vec![msg];
                    while batch.len() < MAX_BATCH {
                        match rx.try_recv() {
                            Ok(msg) => batch.push(msg),
                            Err(_) => break,
                        }
                    }
                    if let Some(stop) = self.turn(batch).await {
                        break Some(stop);
                    }
                    if job.is_none() {
                        job = self.maybe_compact();
                    }
                }
                _ = sweep.tick() => self.sweep(),
                result = async {
                    match job.as_mut() {
                        Some(job) => job.await,
                        None => std::future::pending().await,
                    }
                } => {
                    job = None;
                    self.compaction_done(result);
                }
                _ = tokio::time::sleep_until(unload_at.unwrap_or_else(tokio::time::Instant::now)),
                    if unload_at.is_some() =>
                {
                    if self.retire(&mut rx, false) {
                        info!("unloading (no connections)");
                        break None;
                    }
                    // Messages are waiting: handle them, then start the idle wait anew.
                    self.idle_since = Some(Instant::now());
                }
            }
        };
        let shutdown_done = match stop {
            Some(Stop::Broken) => {
                self.close_all(
                    CLOSE_INTERNAL,
                    "the board failed on the server; reconnect later",
                );
                self.retire(&mut rx, true);
                self.drain(&mut rx, CLOSE_TRY_AGAIN, "board restarting");
                return;
            }
            Some(Stop::Shutdown(done)) => {
                self.close_all(CLOSE_GOING_AWAY, "server shutting down");
                self.retire(&mut rx, true);
                Some(done)
            }
            None => None,
        };
        self.drain(&mut rx, CLOSE_TRY_AGAIN, "board was unloading; reconnect");
        if let Some(job) = job {
            let result = job.await;
            self.compaction_done(result);
        }
        if self.log_rows > 0 {
            if let Some(job) = self.start_compaction() {
                let result = job.await;
                self.compaction_done(result);
            }
        }
        if let Some(done) = shutdown_done {
            let _ = done.send(());
        }
    }

    async fn load(&mut self) -> Result<(), String> {
        let stored = self.store.load(&self.id).await.map_err(|e| e.to_string())?;
        self.set_doc(build_doc(stored.snapshot_v2.as_deref(), &stored.updates)?);
        self.owners = Owners::load(&stored.owners);
        self.last_seq = stored.last_seq;
        self.log_rows = stored.updates.len() as u64;
        self.log_bytes = stored.updates.iter().map(Vec::len).sum();
        self.size_estimate = stored.snapshot_v2.as_ref().map_or(0, Vec::len) + self.log_bytes;
        info!(
            log_rows = self.log_rows,
            bytes = self.size_estimate,
            "loaded"
        );
        Ok(())
    }

    /// Replaces the document with what the store holds, after a refused update (yrs cannot
    /// take one back). Everything accepted before it is stored by then; the counters of the
    /// log stay as they are, since the store is unchanged.
    async fn rebuild(&mut self) -> Result<(), String> {
        let started = Instant::now();
        let stored = self.store.load(&self.id).await.map_err(|e| e.to_string())?;
        // A large board takes seconds to rebuild: off the runtime's threads, so that other
        // boards go on meanwhile.
        let doc = tokio::task::spawn_blocking(move || {
            build_doc(stored.snapshot_v2.as_deref(), &stored.updates)
        })
        .await
        .map_err(|e| format!("rebuild task: {e}"))??;
        self.set_doc(doc);
        info!(
            took_ms = started.elapsed().as_millis() as u64,
            "document rebuilt from the store after a refused update"
        );
        Ok(())
    }

    /// Takes `doc` as the board's document and watches it for the policy.
    fn set_doc(&mut self, doc: Doc) {
        // The observers live in the document; the old `Touched` unregisters from the old one.
        self.touched = Touched::watch(&doc, self.policy.guarded_roots());
        self.doc = doc;
    }

    /// Removes this board from the map. Unless `force`, only if no message is waiting
    /// (checked under the map's lock, so no new handle can be given out meanwhile).
    fn retire(&self, rx: &mut mpsc::Receiver<BoardMsg>, force: bool) -> bool {
        let retired = match self.boards.upgrade() {
            Some(boards) => boards.retire(&self.id, self.generation, || force || rx.is_empty()),
            None => true,
        };
        if retired {
            rx.close();
        }
        retired
    }

    /// After retiring: answers what was still queued. Joins are closed with `code`.
    fn drain(&mut self, rx: &mut mpsc::Receiver<BoardMsg>, code: u16, reason: &str) {
        rx.close();
        while let Ok(msg) = rx.try_recv() {
            match msg {
                BoardMsg::Join { peer, .. } => {
                    peer.closer.close(Some(code), reason);
                }
                BoardMsg::Shutdown { done } => {
                    let _ = done.send(());
                }
                BoardMsg::Frame { .. } | BoardMsg::Leave { .. } => {}
            }
        }
    }

    fn close_all(&mut self, code: u16, reason: &str) {
        for (_, state) in self.conns.drain() {
            state.peer.closer.close(Some(code), reason);
        }
    }

    /// One turn: stage the batch, store its changes, deliver. A refused update splits the
    /// batch: what came before it is delivered and stored, the document is rebuilt, and the
    /// rest is handled after that.
    async fn turn(&mut self, batch: Vec<BoardMsg>) -> Option<Stop> {
        let mut queue = VecDeque::from(batch);
        loop {
            let (staged, stop) = self.stage(&mut queue);
            let stop = match stop {
                Some(Stop::Broken) => return Some(Stop::Broken),
                stop => stop,
            };
            let tainted = staged.tainted;
            if let Some(broken) = self.commit(staged, tainted).await {
                return Some(broken);
            }
            if stop.is_some() || queue.is_empty() {
                return stop;
            }
        }
    }

    /// Stages messages from the front of `queue` until it is empty, a shutdown, or a refused
    /// update (`tainted`).
    fn stage(&mut self, queue: &mut VecDeque<BoardMsg>) -> (Staged, Option<Stop>) {
        let mut staged = Staged::default();
        let mut stop = None;
        while let Some(msg) = queue.pop_front() {
            match msg {
                BoardMsg::Join {
                    conn,
                    role,
                    key,
                    peer,
                } => self.join(conn, Writer { role, key }, peer, &mut staged),
                BoardMsg::Frame { conn, frame } => {
                    // yrs decodes untrusted bytes here. Should it ever panic (the process
                    // must be built with panic = "unwind"), only this board restarts.
                    let handled = panic::catch_unwind(AssertUnwindSafe(|| {
                        self.frame(conn, frame, &mut staged)
                    }));
                    if handled.is_err() {
                        error!(conn, "handling a frame panicked; restarting the board");
                        return (staged, Some(Stop::Broken));
                    }
                    if staged.tainted {
                        break;
                    }
                }
                BoardMsg::Leave { conn } => {
                    if self.conns.contains_key(&conn) {
                        debug!(conn, "left");
                    }
                    self.remove(conn, &mut staged);
                }
                BoardMsg::Shutdown { done } => {
                    // Later messages come from connections that are about to be closed;
                    // their updates are not acknowledged, so their clients resend them.
                    stop = Some(Stop::Shutdown(done));
                    break;
                }
            }
        }
        (staged, stop)
    }

    /// Delivers what was staged, stores its changes, rebuilds the document if it is
    /// `tainted`, then acknowledges. `Some(Stop::Broken)` if storing or rebuilding failed.
    async fn commit(&mut self, mut staged: Staged, tainted: bool) -> Option<Stop> {
        // Relay and answer before the commit; only `Stored` waits for it. A relayed update
        // that then fails to be stored is not lost: its sender is never acknowledged and
        // resends it, and every client that has it offers it again in its next handshake.
        let acks = std::mem::take(&mut staged.acks);
        let appends = std::mem::take(&mut staged.appends);
        let bindings = std::mem::take(&mut staged.bindings);
        if !bindings.is_empty() {
            if let Err(e) = self.store.bind_clients(&self.id, bindings).await {
                error!(error = %e, "storing client owners failed; closing the board");
                return Some(Stop::Broken);
            }
        }
        self.deliver(staged);
        if !appends.is_empty() {
            let rows = appends.len() as u64;
            let bytes: usize = appends.iter().map(Vec::len).sum();
            match self.store.append(&self.id, appends).await {
                Ok(seq) => {
                    self.last_seq = seq;
                    self.log_rows += rows;
                    self.log_bytes += bytes;
                }
                Err(e) => {
                    error!(error = %e, "storing updates failed; closing the board");
                    return Some(Stop::Broken);
                }
            }
        }
        // Before the acks: `Stored` carries the document's state vector, which must not
        // include the refused update.
        if tainted {
            if let Err(e) = self.rebuild().await {
                error!(error = %e, "rebuilding the document failed; closing the board");
                return Some(Stop::Broken);
            }
        }
        self.deliver(Staged {
            acks,
            ..Staged::default()
        });
        None
    }

    fn join(&mut self, conn: ConnId, writer: Writer, peer: Peer, staged: &mut Staged) {
        let cooling = Principal::of(&writer)
            .and_then(|p| self.cooldowns.get(&p))
            .map(|(until, _)| until.saturating_duration_since(Instant::now()))
            .filter(|left| !left.is_zero());
        if let Some(left) = cooling {
            let reason = format!(
                "a change from this device was refused; try again in {} s",
                left.as_secs() + 1
            );
            info!(conn, "join refused during a cool-down");
            peer.closer.close(Some(CLOSE_POLICY), &reason);
            return;
        }
        // y-websocket's server handshake: its state vector, then the awareness states.
        let sv = self.doc.transact().state_vector().encode_v1();
        let role = writer.role;
        self.conns.insert(
            conn,
            ConnState {
                writer: Arc::new(writer),
                peer,
                refusal_logged: false,
            },
        );
        self.idle_since = None;
        staged.send(Target::One(conn), Frame::SyncStep1(sv));
        if let Some(states) = self.presence.current() {
            staged.send(Target::One(conn), Frame::Awareness(states.encode_v1()));
        }
        staged.ack(conn);
        debug!(conn, %role, connections = self.conns.len(), "joined");
    }

    fn frame(&mut self, conn: ConnId, frame: Frame, staged: &mut Staged) {
        if !self.conns.contains_key(&conn) {
            return; // closed earlier in this turn, or never joined
        }
        match frame {
            Frame::SyncStep1(sv) => match StateVector::decode_v1(&sv) {
                Ok(sv) => {
                    let diff = self.doc.transact().encode_state_as_update_v1(&sv);
                    staged.send(Target::One(conn), Frame::SyncStep2(diff));
                }
                Err(e) => self.kick(
                    conn,
                    CLOSE_MALFORMED,
                    &format!("bad state vector: {e}"),
                    staged,
                ),
            },
            Frame::SyncStep2(update) | Frame::Update(update) => self.update(conn, update, staged),
            Frame::Awareness(bytes) => self.awareness(conn, &bytes, staged),
            Frame::QueryAwareness => {
                let states = self.presence.current().unwrap_or(AwarenessUpdate {
                    clients: Default::default(),
                });
                staged.send(Target::One(conn), Frame::Awareness(states.encode_v1()));
            }
            Frame::Auth(_) | Frame::Stored(_) => {
                debug!(conn, "ignoring a server-to-client message from a client");
            }
        }
    }

    fn update(&mut self, conn: ConnId, bytes: Vec<u8>, staged: &mut Staged) {
        let Some(state) = self.conns.get_mut(&conn) else {
            return;
        };
        let role = state.writer.role;
        // Admission first: a viewer's update is dropped before a byte of it is decoded.
        let checked = match self.policy.admit(&state.writer) {
            Admission::Trusted => false,
            Admission::Checked => true,
            Admission::Refused(Refusal(why)) => {
                if state.refusal_logged {
                    debug!(conn, %role, why, "update dropped");
                } else {
                    info!(conn, %role, why, "update dropped (further ones logged at debug)");
                    state.refusal_logged = true;
                }
                return;
            }
        };
        let writer = state.writer.clone();
        let sender = Sender { conn, writer };
        let Some(principal) = Principal::of(&sender.writer) else {
            return;
        };
        // Counts and nesting before yrs sees the bytes (it reserves memory from declared
        // counts and recurses per nesting level).
        let shape = match protocol::inspect_update(&bytes) {
            Ok(shape) => shape,
            Err(e) => {
                let reason = format!("update refused before decoding: {e}");
                return self.kick(conn, CLOSE_MALFORMED, &reason, staged);
            }
        };
        if checked {
            // What the root-level writes alone show to be forbidden is refused unapplied,
            // which costs no rebuild.
            if let Err(refusal) = self.policy.precheck(&sender.writer, &shape.roots, self.touched.rights()) {
                return self.refuse(&sender, &refusal, false, staged);
            }
        }
        let foreign = self.owners.foreign(&principal, &shape);
        let bytes = if foreign.is_empty() {
            bytes
        } else {
            // Dropped, not refused: a client re-offers what it has seen of others after a
            // server restart, and their owners resend it themselves.
            info!(conn, ?foreign, "dropping blocks written under other writers' client ids");
            shape.filter(&bytes, |s| !foreign.contains(&s.client))
        };
        if principal != Principal::Facilitator {
            let cap = self.settings.max_doc_bytes / PARTICIPANT_SHARE;
            if self.owners.written(&principal) + bytes.len() > cap {
                warn!(conn, cap, "a participant's share of the board is full");
                let reason = format!("your share of this board is full ({cap} bytes)");
                return self.kick(conn, CLOSE_POLICY, &reason, staged);
            }
        }
        let update = match Update::decode_v1(&bytes) {
            Ok(update) => update,
            Err(e) => {
                return self.kick(
                    conn,
                    CLOSE_MALFORMED,
                    &format!("update does not decode: {e}"),
                    staged,
                )
            }
        };
        staged
            .bindings
            .extend(self.owners.bind(&principal, &shape, &foreign));
        self.owners.add_written(&principal, bytes.len());
        let max = self.settings.max_doc_bytes;
        if self.size_estimate + bytes.len() > max {
            // The estimate only grows between compactions; measure before refusing.
            self.size_estimate = self
                .doc
                .transact()
                .encode_state_as_update_v2(&StateVector::default())
                .len();
            if self.size_estimate + bytes.len() > max {
                warn!(
                    conn,
                    size = self.size_estimate,
                    max,
                    "document too large; update refused"
                );
                let reason = format!("board is full: the document may not exceed {max} bytes");
                return self.kick(conn, CLOSE_POLICY, &reason, staged);
            }
        }
        staged.ack(conn);
        let sv = self.doc.transact().state_vector();
        if !continues(&update, &sv) {
            if self.held.len() >= MAX_HELD || self.held.bytes() + bytes.len() > max {
                let reason = "too many updates with missing history";
                return self.kick(conn, CLOSE_POLICY, reason, staged);
            }
            debug!(
                conn,
                held = self.held.len() + 1,
                "holding an update until its history arrives"
            );
            self.held.hold(&update, bytes, sender);
            return;
        }
        match self.integrate(update, &sender, checked, staged) {
            Ok(()) => self.release_held(staged),
            Err(Unstaged::Apply(e)) => self.kick(
                conn,
                CLOSE_MALFORMED,
                &format!("update does not apply: {e}"),
                staged,
            ),
            Err(Unstaged::Refused(refusal)) => self.refuse(&sender, &refusal, true, staged),
            Err(Unstaged::Incomplete) => self.incomplete(&sender, staged),
        }
    }

    /// Applies one update from `from`; if its writer is `checked`, asks the policy about
    /// what it touched; stages what changed for the store and the other connections.
    fn integrate(
        &mut self,
        update: Update,
        from: &Sender,
        checked: bool,
        staged: &mut Staged,
    ) -> Result<(), Unstaged> {
        let pending_before = if checked {
            pending(&self.doc.transact())
        } else {
            None
        };
        self.touched.clear();
        // Participants cannot change the rights, so as they are now they stay for the check.
        let rights = if checked { self.touched.rights() } else { board::Rights::default() };
        let mut txn = self.doc.transact_mut();
        let result = txn.apply_update(update).map_err(|e| e.to_string());
        // Commit first: the delta then matches what yrs' update observers would see, and
        // the deep observers have reported what the update touched.
        txn.commit();
        if checked {
            self.policy
                .check(&from.writer, &self.touched.take(), &self.touched.facts(rights))
                .map_err(Unstaged::Refused)?;
            let pending_after = pending(&txn);
            if pending_after.is_some() && pending_after != pending_before {
                return Err(Unstaged::Incomplete);
            }
        }
        if txn.has_changes() {
            let delta = txn.encode_update_v1();
            drop(txn);
            self.size_estimate += delta.len();
            staged.send(Target::AllBut(from.conn), Frame::Update(delta.clone()));
            staged.appends.push(delta);
        }
        result.map_err(Unstaged::Apply)
    }

    /// Applies held updates that the document now continues, each checked against the
    /// rights of the connection that sent it.
    fn release_held(&mut self, staged: &mut Staged) {
        while !self.held.is_empty() && !staged.tainted {
            let sv = self.doc.transact().state_vector();
            let Some((bytes, sender)) = self.held.take_ready(&sv) else {
                return;
            };
            let checked = match self.policy.admit(&sender.writer) {
                Admission::Trusted => false,
                Admission::Checked => true,
                // Not held in the first place; be safe should the policy change its mind.
                Admission::Refused(_) => continue,
            };
            let update = match Update::decode_v1(&bytes) {
                Ok(update) => update,
                Err(e) => {
                    warn!(error = %e, "a held update does not decode; dropped");
                    continue;
                }
            };
            match self.integrate(update, &sender, checked, staged) {
                Ok(()) => {}
                Err(Unstaged::Apply(e)) => {
                    warn!(error = %e, "a held update does not apply; dropped");
                }
                Err(Unstaged::Refused(refusal)) => self.refuse(&sender, &refusal, true, staged),
                Err(Unstaged::Incomplete) => self.incomplete(&sender, staged),
            }
        }
    }

    /// The policy refused an update: close its connection with 4403 and drop what else it
    /// has waiting. If it was `applied`, have the turn rebuild the document, and keep its
    /// writer out for a cool-down, so that refusals cannot keep the board rebuilding.
    fn refuse(&mut self, sender: &Sender, refusal: &Refusal, applied: bool, staged: &mut Staged) {
        let writer = &sender.writer;
        let participant = writer.key.as_ref().map(|k| k.id());
        info!(
            conn = sender.conn,
            role = %writer.role,
            participant,
            why = %refusal,
            applied,
            "update refused"
        );
        if applied {
            staged.tainted = true;
            let start = self.settings.refusal_cooldown;
            if let (Some(principal), false) = (Principal::of(writer), start.is_zero()) {
                let now = Instant::now();
                let last = self.cooldowns.get(&principal).map(|(_, d)| *d);
                let wait = last.map_or(start, |d| (d * 2).min(COOLDOWN_MAX));
                self.cooldowns.insert(principal, (now + wait, wait));
            }
        }
        self.held.retain(|held| held.conn != sender.conn);
        self.kick(sender.conn, CLOSE_FORBIDDEN, &refusal.0, staged);
    }

    /// An update left changes waiting for history the server lacks (see
    /// [`Unstaged::Incomplete`]): close with 1008; the client's next handshake sends the
    /// missing history along with it.
    fn incomplete(&mut self, sender: &Sender, staged: &mut Staged) {
        staged.tainted = true;
        let reason = "update depends on changes the server does not have; reconnect";
        self.kick(sender.conn, CLOSE_POLICY, reason, staged);
    }

    fn awareness(&mut self, conn: ConnId, bytes: &[u8], staged: &mut Staged) {
        let mut update = match AwarenessUpdate::decode_v1(bytes) {
            Ok(update) => update,
            Err(e) => {
                let reason = format!("awareness update does not decode: {e}");
                return self.kick(conn, CLOSE_MALFORMED, &reason, staged);
            }
        };
        // A client id belongs to the connection that set it. Stock y-websocket clients relay
        // every state they receive, so others' entries are dropped, not refused; a device
        // that reconnected (same writer) takes its own over.
        update.clients.retain(|id, entry| {
            self.presence.is_newer(id, entry)
                && self
                    .presence_owners
                    .get(id)
                    .is_none_or(|&owner| owner == conn || self.same_writer(owner, conn))
        });
        if update.clients.is_empty() {
            return;
        }
        if let Some(entry) = update.clients.values().find(|e| e.json.len() > MAX_PRESENCE_STATE) {
            let reason = format!(
                "presence state of {} bytes; at most {MAX_PRESENCE_STATE}",
                entry.json.len()
            );
            return self.kick(conn, CLOSE_POLICY, &reason, staged);
        }
        if let Err(reason) = check_json(&update) {
            return self.kick(conn, CLOSE_MALFORMED, &reason, staged);
        }
        let facilitator = self.conns.get(&conn).is_some_and(|c| c.writer.role == Role::Facilitator);
        if let Err(reason) = check_claims(&update, facilitator) {
            return self.kick(conn, CLOSE_FORBIDDEN, &reason, staged);
        }
        let owned = self.presence_owners.values().filter(|&&o| o == conn).count();
        let new = update
            .clients
            .keys()
            .filter(|id| !self.presence_owners.contains_key(id))
            .count();
        if owned + new > MAX_PRESENCE_PER_CONN {
            let reason = format!("at most {MAX_PRESENCE_PER_CONN} presence states per connection");
            return self.kick(conn, CLOSE_POLICY, &reason, staged);
        }
        let unknown = update
            .clients
            .keys()
            .filter(|id| !self.presence.knows(id))
            .count();
        if unknown > 0 && self.presence.entries() + unknown > MAX_PRESENCE {
            // The board's presence is full: new faces wait for old entries to time out;
            // the document keeps syncing.
            warn!(conn, "awareness limit of the board reached; new states ignored");
            let presence = &self.presence;
            update.clients.retain(|id, _| presence.knows(id));
        }
        let changes = self.presence.apply(update, Instant::now());
        if changes.is_empty() {
            return;
        }
        // The connection that last set a state owns it: after a reconnect the new socket
        // renews the state before the server notices the old one is dead.
        for id in changes.set.iter().chain(&changes.updated) {
            self.presence_owners.insert(*id, conn);
        }
        for id in &changes.removed {
            self.presence_owners.remove(id);
        }
        let relay = self.presence.update_for(&changes.all());
        staged.send(Target::AllBut(conn), Frame::Awareness(relay.encode_v1()));
    }

    /// Whether two connections are the same writer (a device that reconnected): the same
    /// role and participant key (facilitators are one writer). Connections without a key
    /// cannot be told apart, so they can take over each other's presence; nobody else can
    /// take over a facilitator's or a keyed participant's.
    fn same_writer(&self, a: ConnId, b: ConnId) -> bool {
        let (Some(a), Some(b)) = (self.conns.get(&a), self.conns.get(&b)) else {
            // The old connection is gone already.
            return true;
        };
        let (a, b) = (&a.writer, &b.writer);
        a.role == b.role
            && (a.role == Role::Facilitator
                || a.key.as_ref().map(|k| k.id()) == b.key.as_ref().map(|k| k.id()))
    }

    /// Closes a connection from the board's side and forgets it.
    fn kick(&mut self, conn: ConnId, code: u16, reason: &str, staged: &mut Staged) {
        if let Some(state) = self.conns.get(&conn) {
            info!(conn, code, reason, "closing connection");
            state.peer.closer.close(Some(code), reason);
        }
        self.remove(conn, staged);
    }

    /// Forgets a connection and removes the awareness states it set (broadcast).
    fn remove(&mut self, conn: ConnId, staged: &mut Staged) {
        if self.conns.remove(&conn).is_none() {
            return;
        }
        let ids: Vec<ClientID> = self
            .presence_owners
            .iter()
            .filter(|(_, owner)| **owner == conn)
            .map(|(id, _)| *id)
            .collect();
        for id in &ids {
            self.presence_owners.remove(id);
        }
        let removed = self.presence.remove(ids);
        if !removed.is_empty() {
            let update = self.presence.update_for(&removed);
            staged.send(Target::All, Frame::Awareness(update.encode_v1()));
        }
        if self.conns.is_empty() {
            self.idle_since = Some(Instant::now());
        }
    }

    /// Sends everything staged (after it is durable), then the acks. A connection whose
    /// outbox is full is disconnected as too slow.
    fn deliver(&mut self, mut staged: Staged) {
        if !staged.acks.is_empty() {
            let sv = self.doc.transact().state_vector().encode_v1();
            let stored = Bytes::from(Frame::Stored(sv).encode());
            for conn in std::mem::take(&mut staged.acks) {
                staged.sends.push_back((Target::One(conn), stored.clone()));
            }
        }
        let mut failed: Vec<(ConnId, bool)> = Vec::new();
        while let Some((target, bytes)) = staged.sends.pop_front() {
            let mut send =
                |conn: ConnId, state: &ConnState| match state.peer.outbox.try_send(bytes.clone()) {
                    Ok(()) => {}
                    Err(mpsc::error::TrySendError::Full(_)) => failed.push((conn, true)),
                    Err(mpsc::error::TrySendError::Closed(_)) => failed.push((conn, false)),
                };
            match target {
                Target::One(conn) => {
                    if let Some(state) = self.conns.get(&conn) {
                        send(conn, state);
                    }
                }
                Target::AllBut(except) => {
                    for (conn, state) in &self.conns {
                        if *conn != except {
                            send(*conn, state);
                        }
                    }
                }
                Target::All => {
                    for (conn, state) in &self.conns {
                        send(*conn, state);
                    }
                }
            }
            for (conn, full) in failed.drain(..) {
                if full {
                    let capacity = self
                        .conns
                        .get(&conn)
                        .map_or(0, |s| s.peer.outbox.max_capacity());
                    warn!(conn, capacity, "client reads too slowly; disconnecting");
                    let reason = format!("too slow: more than {capacity} messages waiting");
                    self.kick(conn, CLOSE_POLICY, &reason, &mut staged);
                } else {
                    self.remove(conn, &mut staged);
                }
            }
        }
    }

    fn sweep(&mut self) {
        let removed = self
            .presence
            .sweep(Instant::now(), self.settings.awareness_timeout);
        if removed.is_empty() {
            return;
        }
        debug!(count = removed.len(), "awareness states timed out");
        for id in &removed {
            self.presence_owners.remove(id);
        }
        let mut staged = Staged::default();
        let update = self.presence.update_for(&removed);
        staged.send(Target::All, Frame::Awareness(update.encode_v1()));
        self.deliver(staged);
    }

    fn maybe_compact(&mut self) -> Option<CompactionJob> {
        if self.log_rows <= self.compact_threshold() {
            return None;
        }
        if self.compaction_retry_at.is_some_and(|t| Instant::now() < t) {
            return None;
        }
        self.start_compaction()
    }

    /// `compact_after`, spread by ±25 % per board (from its id): boards that start together
    /// and grow alike would otherwise all compact at the same moment, queueing one burst of
    /// work in front of every board's commits.
    fn compact_threshold(&self) -> u64 {
        let hash = self
            .id
            .to_string()
            .bytes()
            .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
        let base = self.settings.compact_after;
        base - base / 4 + hash % (base / 2).max(1)
    }

    /// Encodes a snapshot now and writes it in the background.
    fn start_compaction(&mut self) -> Option<CompactionJob> {
        if self.compaction.is_some() {
            return None;
        }
        let snapshot = self
            .doc
            .transact()
            .encode_state_as_update_v2(&StateVector::default());
        self.compaction = Some(Compaction {
            rows: self.log_rows,
            bytes: self.log_bytes,
            snapshot_len: snapshot.len(),
        });
        let (store, id, upto) = (self.store.clone(), self.id.clone(), self.last_seq);
        debug!(rows = self.log_rows, upto, "compacting");
        Some(tokio::spawn(async move {
            store.compact(&id, snapshot, upto).await
        }))
    }

    fn compaction_done(&mut self, result: Result<Result<u64, StoreError>, tokio::task::JoinError>) {
        let Some(c) = self.compaction.take() else {
            return;
        };
        match result {
            Ok(Ok(deleted)) => {
                self.log_rows = self.log_rows.saturating_sub(c.rows);
                self.log_bytes = self.log_bytes.saturating_sub(c.bytes);
                self.size_estimate = c.snapshot_len + self.log_bytes;
                self.compaction_retry_at = None;
                info!(deleted, snapshot_bytes = c.snapshot_len, "compacted");
            }
            Ok(Err(e)) => {
                warn!(error = %e, "compaction failed; the log stays and is retried later");
                self.compaction_retry_at = Some(Instant::now() + COMPACTION_RETRY);
            }
            Err(e) => {
                warn!(error = %e, "compaction task failed; retried later");
                self.compaction_retry_at = Some(Instant::now() + COMPACTION_RETRY);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! The board task driven through its inbox, without sockets: a whole batch is queued
    //! before the task first runs, so it is handled as one turn.

    use super::*;
    use crate::boards::Boards;
    use crate::initial_doc;
    use crate::peer::Closer;
    use crate::policy::SchemaPolicy;
    use crate::store::MemoryStore;
    use yrs::{Map, MapPrelim};

    fn settings() -> BoardSettings {
        BoardSettings {
            max_doc_bytes: 1 << 20,
            compact_after: 1000,
            unload_after: Duration::from_secs(60),
            awareness_timeout: Duration::from_secs(30),
            refusal_cooldown: Duration::ZERO,
        }
    }

    fn key(n: u8) -> ParticipantKey {
        ParticipantKey::from_secret(&format!("{n}").repeat(24)).expect("valid secret")
    }

    /// One connection as the board sees it, and what arrives in its outbox.
    struct Conn {
        id: ConnId,
        closer: Closer,
        outbox: mpsc::Receiver<Bytes>,
    }

    impl Conn {
        fn join(id: ConnId, role: Role, key: Option<ParticipantKey>) -> (Conn, BoardMsg) {
            let (tx, rx) = mpsc::channel(256);
            let closer = Closer::new();
            let peer = Peer {
                outbox: tx,
                closer: closer.clone(),
            };
            let msg = BoardMsg::Join {
                conn: id,
                role,
                key,
                peer,
            };
            let conn = Conn {
                id,
                closer,
                outbox: rx,
            };
            (conn, msg)
        }

        fn frames(&mut self) -> Vec<Frame> {
            let mut out = Vec::new();
            while let Ok(bytes) = self.outbox.try_recv() {
                out.push(Frame::decode(&bytes).expect("the board sends valid frames"));
            }
            out
        }
    }

    /// A map write from a fresh client: needs nothing of the board's state.
    fn write(client: u64, root: &str, key: &str, value: MapPrelim) -> Frame {
        let doc = Doc::with_client_id(client);
        let map = doc.get_or_insert_map(root);
        let mut txn = doc.transact_mut();
        map.insert(&mut txn, key, value);
        txn.commit();
        Frame::Update(txn.encode_update_v1())
    }

    fn keys_of(doc: &Doc, root: &str) -> Vec<String> {
        let map = doc.get_or_insert_map(root);
        let txn = doc.transact();
        let mut keys: Vec<String> = map.keys(&txn).map(str::to_owned).collect();
        keys.sort();
        keys
    }

    #[tokio::test]
    async fn a_refused_update_splits_its_batch_and_the_rest_goes_through() {
        let store = Arc::new(MemoryStore::new());
        let id = BoardId::parse("batchboard01").expect("valid id");
        let (title, snapshot) = initial_doc::new_board("T");
        store.create_board(&id, &title, snapshot).await.unwrap();
        let boards = Boards::new(store.clone(), Arc::new(SchemaPolicy), settings());
        let handle = boards.get_or_spawn(&id);

        let (mut a, join_a) = Conn::join(1, Role::Participant, Some(key(1)));
        let (mut m, join_m) = Conn::join(2, Role::Participant, Some(key(2)));
        let (mut f, join_f) = Conn::join(3, Role::Facilitator, None);
        let theirs = format!("r1/{}", key(1).id());
        let frame = |conn: ConnId, frame: Frame| BoardMsg::Frame { conn, frame };
        let batch = vec![
            join_a,
            join_m,
            join_f,
            frame(a.id, write(11, "cards", "a1", MapPrelim::default())),
            // m writes a's ballot: refused.
            frame(m.id, write(12, "ballots", &theirs, MapPrelim::default())),
            frame(f.id, write(13, "rounds", "r1", MapPrelim::default())),
            // m's connection is closed by now: dropped unapplied.
            frame(m.id, write(14, "cards", "m2", MapPrelim::default())),
            frame(a.id, write(15, "cards", "a2", MapPrelim::default())),
        ];
        // Queued before the task runs (this test's runtime has one thread): one batch.
        for msg in batch {
            handle.send(msg).await.unwrap();
        }
        let reason = tokio::time::timeout(Duration::from_secs(5), m.closer.closed())
            .await
            .expect("m is closed");
        assert_eq!(reason.code, Some(CLOSE_FORBIDDEN), "{}", reason.reason);
        assert!(reason.reason.contains("ballot"), "{}", reason.reason);

        // Everything else is stored, and nothing of m's.
        let deadline = Instant::now() + Duration::from_secs(5);
        let stored = loop {
            let loaded = store.load(&id).await.unwrap();
            let doc = build_doc(loaded.snapshot_v2.as_deref(), &loaded.updates).unwrap();
            if keys_of(&doc, "cards").len() == 2 && keys_of(&doc, "rounds").len() == 1 {
                break doc;
            }
            assert!(Instant::now() < deadline, "accepted updates never stored");
            tokio::task::yield_now().await;
        };
        assert_eq!(keys_of(&stored, "cards"), ["a1", "a2"]);
        assert_eq!(keys_of(&stored, "rounds"), ["r1"]);
        assert!(keys_of(&stored, "ballots").is_empty());

        // The task's document is the store's again: a newcomer gets exactly that.
        let (mut c, join_c) = Conn::join(4, Role::Viewer, None);
        handle.send(join_c).await.unwrap();
        let empty = StateVector::default().encode_v1();
        let ask = BoardMsg::Frame {
            conn: c.id,
            frame: Frame::SyncStep1(empty),
        };
        handle.send(ask).await.unwrap();
        let full = loop {
            let frames = c.frames();
            if let Some(Frame::SyncStep2(u)) = frames
                .into_iter()
                .find(|f| matches!(f, Frame::SyncStep2(_)))
            {
                break u;
            }
            tokio::task::yield_now().await;
        };
        let seen = Doc::new();
        seen.transact_mut()
            .apply_update(Update::decode_v1(&full).unwrap())
            .unwrap();
        assert_eq!(keys_of(&seen, "cards"), ["a1", "a2"]);
        assert!(keys_of(&seen, "ballots").is_empty());

        // Relays: a and f saw each other's writes, nobody saw m's; a and f were acked with a
        // state vector that does not contain m's client.
        let relayed = |frames: &[Frame]| {
            frames
                .iter()
                .filter(|f| matches!(f, Frame::Update(_)))
                .count()
        };
        let (fa, ff) = (a.frames(), f.frames());
        assert_eq!(relayed(&fa), 1, "f's round");
        assert_eq!(relayed(&ff), 2, "a's two cards");
        for frames in [&fa, &ff] {
            let Some(Frame::Stored(sv)) =
                frames.iter().rev().find(|f| matches!(f, Frame::Stored(_)))
            else {
                panic!("no Stored ack");
            };
            let sv = StateVector::decode_v1(sv).unwrap();
            assert_eq!(sv.get(&ClientID::new(12)), 0, "m's update is not covered");
            assert!(sv.get(&ClientID::new(15)) > 0, "a's last update is covered");
        }
        assert_eq!(
            relayed(&m.frames()),
            0,
            "m left before anything was relayed"
        );
    }

    #[tokio::test]
    async fn a_participant_update_waiting_for_missing_history_is_not_kept() {
        // yrs would keep it aside and integrate it inside whichever update brings the missing
        // item, under that sender's rights; so it is refused at once (1008, reconnect).
        let store = Arc::new(MemoryStore::new());
        let id = BoardId::parse("pendingboard").expect("valid id");
        let (title, snapshot) = initial_doc::new_board("T");
        store.create_board(&id, &title, snapshot).await.unwrap();
        let boards = Boards::new(store.clone(), Arc::new(SchemaPolicy), settings());
        let handle = boards.get_or_spawn(&id);

        // The facilitator's client makes a round; m builds on it before the server has it.
        let f_doc = Doc::with_client_id(41);
        let rounds = f_doc.get_or_insert_map("rounds");
        let round = {
            let mut txn = f_doc.transact_mut();
            rounds.insert(&mut txn, "r1", MapPrelim::default());
            txn.commit();
            txn.encode_update_v1()
        };
        let m_doc = Doc::with_client_id(42);
        m_doc
            .transact_mut()
            .apply_update(Update::decode_v1(&round).unwrap())
            .unwrap();
        let m_rounds = m_doc.get_or_insert_map("rounds");
        let sneaky = {
            let mut txn = m_doc.transact_mut();
            let Some(yrs::Out::YMap(r1)) = m_rounds.get(&txn, "r1") else {
                panic!("r1 is there");
            };
            r1.insert(&mut txn, "state", "revealed");
            txn.commit();
            txn.encode_update_v1()
        };
        let (m, join_m) = Conn::join(1, Role::Participant, Some(key(2)));
        let (mut f, join_f) = Conn::join(2, Role::Facilitator, None);
        let batch = vec![
            join_m,
            join_f,
            BoardMsg::Frame {
                conn: m.id,
                frame: Frame::Update(sneaky),
            },
            BoardMsg::Frame {
                conn: f.id,
                frame: Frame::Update(round),
            },
        ];
        for msg in batch {
            handle.send(msg).await.unwrap();
        }
        let reason = tokio::time::timeout(Duration::from_secs(5), m.closer.closed())
            .await
            .expect("m is closed");
        assert_eq!(reason.code, Some(CLOSE_POLICY), "{}", reason.reason);
        let acked = loop {
            if let Some(sv) = f.frames().into_iter().rev().find_map(|frame| match frame {
                Frame::Stored(sv) => Some(StateVector::decode_v1(&sv).unwrap()),
                _ => None,
            }) {
                if sv.get(&ClientID::new(41)) > 0 {
                    break sv;
                }
            }
            tokio::task::yield_now().await;
        };
        assert_eq!(acked.get(&ClientID::new(42)), 0);
        let loaded = store.load(&id).await.unwrap();
        let stored = build_doc(loaded.snapshot_v2.as_deref(), &loaded.updates).unwrap();
        let rounds = stored.get_or_insert_map("rounds");
        let txn = stored.transact();
        let Some(yrs::Out::YMap(r1)) = rounds.get(&txn, "r1") else {
            panic!("the facilitator's round is stored");
        };
        assert!(
            r1.get(&txn, "state").is_none(),
            "m's change came in with it"
        );
    }

    #[tokio::test]
    async fn a_held_update_is_checked_with_its_senders_rights_when_released() {
        let store = Arc::new(MemoryStore::new());
        let id = BoardId::parse("heldboard001").expect("valid id");
        let (title, snapshot) = initial_doc::new_board("T");
        store.create_board(&id, &title, snapshot).await.unwrap();
        let boards = Boards::new(store.clone(), Arc::new(SchemaPolicy), settings());
        let handle = boards.get_or_spawn(&id);

        // m's client makes two transactions: a card, then someone else's ballot.
        let doc = Doc::with_client_id(21);
        let cards = doc.get_or_insert_map("cards");
        let ballots = doc.get_or_insert_map("ballots");
        let first = {
            let mut txn = doc.transact_mut();
            cards.insert(&mut txn, "m1", "card");
            txn.commit();
            txn.encode_update_v1()
        };
        let second = {
            let mut txn = doc.transact_mut();
            ballots.insert(
                &mut txn,
                format!("r1/{}", key(1).id()),
                MapPrelim::default(),
            );
            txn.commit();
            txn.encode_update_v1()
        };
        let (m, join_m) = Conn::join(1, Role::Participant, Some(key(2)));
        let (mut f, join_f) = Conn::join(2, Role::Facilitator, None);
        let batch = vec![
            join_m,
            join_f,
            // The second arrives first: held until the first is there.
            BoardMsg::Frame {
                conn: m.id,
                frame: Frame::Update(second),
            },
            BoardMsg::Leave { conn: m.id },
            // The facilitator happens to relay m's first transaction (say, from its own
            // copy); that releases the held one, which is still m's and still forbidden.
            BoardMsg::Frame {
                conn: f.id,
                frame: Frame::Update(first),
            },
            BoardMsg::Frame {
                conn: f.id,
                frame: write(22, "rounds", "r1", MapPrelim::default()),
            },
        ];
        for msg in batch {
            handle.send(msg).await.unwrap();
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        let stored = loop {
            let loaded = store.load(&id).await.unwrap();
            let doc = build_doc(loaded.snapshot_v2.as_deref(), &loaded.updates).unwrap();
            if keys_of(&doc, "rounds").len() == 1 {
                break doc;
            }
            assert!(Instant::now() < deadline, "accepted updates never stored");
            tokio::task::yield_now().await;
        };
        assert_eq!(keys_of(&stored, "cards"), ["m1"]);
        assert!(
            keys_of(&stored, "ballots").is_empty(),
            "the held ballot was refused"
        );
        let acked = f.frames().into_iter().rev().find_map(|frame| match frame {
            Frame::Stored(sv) => Some(StateVector::decode_v1(&sv).unwrap()),
            _ => None,
        });
        let acked = acked.expect("f is acknowledged");
        assert_eq!(
            acked.get(&ClientID::new(21)),
            1,
            "m's card only, not its ballot"
        );
    }

    /// A store whose appends wait for a go-ahead, or fail.
    struct GatedStore {
        inner: MemoryStore,
        gate: tokio::sync::Semaphore,
        fail: std::sync::atomic::AtomicBool,
    }

    #[async_trait::async_trait]
    impl Store for GatedStore {
        async fn create_board(&self, id: &BoardId, title: &str, s: Vec<u8>) -> Result<(), StoreError> {
            self.inner.create_board(id, title, s).await
        }
        async fn board_exists(&self, id: &BoardId) -> Result<bool, StoreError> {
            self.inner.board_exists(id).await
        }
        async fn load(&self, id: &BoardId) -> Result<crate::store::StoredBoard, StoreError> {
            self.inner.load(id).await
        }
        async fn append(&self, id: &BoardId, updates: Vec<Vec<u8>>) -> Result<u64, StoreError> {
            let _go = self.gate.acquire().await.expect("gate open");
            if self.fail.load(std::sync::atomic::Ordering::SeqCst) {
                return Err(StoreError::Backend("disk full".into()));
            }
            self.inner.append(id, updates).await
        }
        async fn bind_clients(&self, id: &BoardId, owners: Vec<(u64, String)>) -> Result<(), StoreError> {
            self.inner.bind_clients(id, owners).await
        }
        async fn compact(&self, id: &BoardId, s: Vec<u8>, upto: u64) -> Result<u64, StoreError> {
            self.inner.compact(id, s, upto).await
        }
        async fn set_join_code(&self, id: &BoardId, code: &str) -> Result<(), StoreError> {
            self.inner.set_join_code(id, code).await
        }
        async fn join_code(&self, id: &BoardId) -> Result<Option<String>, StoreError> {
            self.inner.join_code(id).await
        }
        async fn board_for_join_code(&self, code: &str) -> Result<Option<BoardId>, StoreError> {
            self.inner.board_for_join_code(code).await
        }
    }

    fn stored_clock(frames: &[Frame], client: u64) -> Option<u32> {
        frames.iter().rev().find_map(|f| match f {
            Frame::Stored(sv) => Some(StateVector::decode_v1(sv).unwrap().get(&ClientID::new(client))),
            _ => None,
        })
    }

    #[tokio::test]
    async fn no_stored_ack_before_the_write_is_durable_and_none_when_it_fails() {
        let store = Arc::new(GatedStore {
            inner: MemoryStore::new(),
            gate: tokio::sync::Semaphore::new(0),
            fail: std::sync::atomic::AtomicBool::new(false),
        });
        let id = BoardId::parse("slowstore001").expect("valid id");
        let (title, snapshot) = initial_doc::new_board("T");
        store.create_board(&id, &title, snapshot).await.unwrap();
        let boards = Boards::new(store.clone(), Arc::new(SchemaPolicy), settings());
        let handle = boards.get_or_spawn(&id);
        let (mut a, join) = Conn::join(1, Role::Participant, Some(key(1)));
        handle.send(join).await.unwrap();
        handle
            .send(BoardMsg::Frame { conn: 1, frame: write(31, "cards", "c1", MapPrelim::default()) })
            .await
            .unwrap();
        // The store has not finished: the update may be relayed, never acknowledged.
        let mut seen = Vec::new();
        for _ in 0..100 {
            tokio::task::yield_now().await;
            seen.extend(a.frames());
        }
        assert_eq!(stored_clock(&seen, 31).unwrap_or(0), 0, "acknowledged before it was durable");
        store.gate.add_permits(1);
        let acked = loop {
            seen.extend(a.frames());
            if let Some(clock) = stored_clock(&seen, 31).filter(|c| *c > 0) {
                break clock;
            }
            tokio::task::yield_now().await;
        };
        assert_eq!(acked, 1);

        // The next write fails: the connection is closed, and nothing acknowledges it.
        store.fail.store(true, std::sync::atomic::Ordering::SeqCst);
        store.gate.add_permits(10);
        handle
            .send(BoardMsg::Frame { conn: 1, frame: write(32, "cards", "c2", MapPrelim::default()) })
            .await
            .unwrap();
        let reason = tokio::time::timeout(Duration::from_secs(5), a.closer.closed())
            .await
            .expect("closed after the failed write");
        assert_eq!(reason.code, Some(CLOSE_INTERNAL), "{}", reason.reason);
        seen.extend(a.frames());
        assert_eq!(stored_clock(&seen, 32).unwrap_or(0), 0, "a failed write was acknowledged");
        let loaded = store.load(&id).await.unwrap();
        let doc = build_doc(loaded.snapshot_v2.as_deref(), &loaded.updates).unwrap();
        assert_eq!(keys_of(&doc, "cards"), ["c1"]);
    }
}
