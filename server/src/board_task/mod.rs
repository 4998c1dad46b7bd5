//! One task per loaded board: takes [`BoardMsg`]s (join, frame, leave) from connections,
//! hands them to the board's sans-IO core ([`doc::BoardDoc`]) and does what it returns:
//! stores, relays, acknowledges and closes. The only place that fans out. Knows no sockets,
//! only [`Peer`]s.
//!
//! # Layout
//!
//! - `mod.rs`: the task: inbox, turns, store calls, lifecycle (load, rebuild, unload).
//! - `doc.rs`: [`doc::BoardDoc`], the document and its write rules, without IO.
//! - `presence.rs`: awareness states and who owns them, part of the core.
//! - `turn.rs`: [`turn::Staged`], what a turn stages: the core's output, as data.
//! - `outbox.rs`: the connections' outboxes, and the delivery of what a turn staged.
//! - `compaction.rs`: the stored log's bookkeeping and when to compact.
//! - `tests.rs`: the task driven through its inbox.
//!
//! # The loop
//!
//! Each turn takes every message queued right now (a group commit):
//! 1. stage: the core applies each update to the document, answers sync requests, applies
//!    awareness; everything to send is queued in order, nothing is sent yet;
//! 2. deliver: relay updates to the other connections and send the answers at once;
//! 3. store: append all document changes of the batch in one store transaction, then send
//!    `Stored(state vector)` to every connection whose update was in the batch. An ack
//!    always means "stored"; relaying first keeps the commit out of the fan-out latency and
//!    loses nothing: a CRDT update is safe with every client that has it, and an unacked
//!    sender resends it.
//!
//! A refused update (see `doc.rs`) ends the stage step early: what was staged before it is
//! delivered and stored as usual, then the document is rebuilt from the store on a blocking
//! thread, so that it again holds exactly what the store holds (with other nodes, and what
//! they published recently: their rows may still be on their way), and the rest of the batch
//! is handled as a turn of its own.
//!
//! If storing fails, the board closes every connection (1011) and unloads: the document in
//! memory then holds changes the store does not, and must not be acknowledged later.
//! Reloading from the store and the clients' next sync handshake restore a consistent state.
//!
//! A board deleted from the store meanwhile (by another node) is not a failure: its writes
//! find no board, and it closes its connections with 4410 as a deleted board does.
//!
//! Between turns it sweeps stale awareness states, finishes background compactions, and
//! unloads itself after `unload_after` without connections.

mod compaction;
mod doc;
mod outbox;
mod presence;
#[cfg(test)]
mod tests;
mod turn;

use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use board::ParticipantKey;
use protocol::{Frame, CLOSE_BOARD_DELETED, CLOSE_GOING_AWAY, CLOSE_INTERNAL, CLOSE_TRY_AGAIN};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tracing::{debug, error, info, info_span, warn, Instrument};

use crate::auth::Role;
use crate::board_id::BoardId;
use crate::boards::Shared as BoardsShared;
use crate::peer::Peer;
use crate::policy::{WritePolicy, Writer};
use crate::relay::{Delivered, Position, Relay, Relayed};
use crate::store::{Store, StoreError};
use compaction::Log;
pub(crate) use doc::stored_snapshot;
use doc::{build_doc, BoardDoc};
use outbox::Outboxes;
use turn::Staged;

/// Identifies one websocket connection (unique per server process).
pub type ConnId = u64;

/// Most messages handled in one turn (bounds the latency one turn adds).
const MAX_BATCH: usize = 512;
/// Capacity of a board's inbox. A full inbox makes connections wait (backpressure).
const INBOX: usize = 4096;
/// How often a board with connections notes in the store that it is in use (for the
/// retention period, which counts in days).
const TOUCH_EVERY: Duration = Duration::from_secs(600);
/// How long a node waits to read the other nodes' changes up to the channel's end before it
/// judges a write (see [`BoardTask::catch_up`]); longer means the relay is broken.
const CATCH_UP_TIMEOUT: Duration = Duration::from_secs(10);
/// How far before its position a node that loads a board reads the relay's channel: longer
/// than an append to the store takes (see `load`); shorter than `relay_keep`.
const LOAD_OVERLAP: Duration = Duration::from_secs(30);
/// The close reason of a deleted board's connections (with `CLOSE_BOARD_DELETED`).
pub const DELETED_REASON: &str = "this board was deleted on the server";

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
    /// A change another node stored and relayed (see `relay.rs`); the board's relay reader
    /// sends these, connections never do.
    Relayed {
        /// The change.
        change: Relayed,
    },
    /// Close every connection (1001), write a final snapshot, stop; then `done` fires.
    Shutdown {
        /// Fires when the board has stopped.
        done: oneshot::Sender<()>,
    },
    /// Delete the board from the store (and the relay), close every connection with
    /// `CLOSE_BOARD_DELETED`, stop; then `done` gets the store's answer. Dropped unanswered
    /// if the task stops first (ask again).
    Delete {
        /// The store's answer.
        done: oneshot::Sender<Result<(), StoreError>>,
    },
}

/// Limits and timings of every board task.
#[derive(Debug, Clone)]
pub struct BoardSettings {
    /// Largest stored document, in bytes.
    pub max_doc_bytes: usize,
    /// Compact once the log has more rows than this.
    pub compact_after: u64,
    /// How long the relay's channel keeps changes a compaction has covered.
    pub relay_keep: Duration,
    /// Unload after this long without connections.
    pub unload_after: Duration,
    /// Drop awareness states not renewed for this long.
    pub awareness_timeout: Duration,
    /// How long a writer whose update was refused after applying stays out (doubling with
    /// each further refusal, up to `COOLDOWN_MAX` (`doc.rs`)); zero for none.
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
    relay: Option<Arc<dyn Relay>>,
) -> BoardHandle {
    let (tx, rx) = mpsc::channel(INBOX);
    // No parent: the task outlives the connection that happened to load it.
    let span = info_span!(parent: None, "board", board = %id);
    let task = BoardTask {
        id,
        generation,
        boards,
        store,
        doc: BoardDoc::new(policy, settings.clone()),
        settings,
        outboxes: Outboxes::default(),
        log: Log::default(),
        relay,
        relay_seen: Position::default(),
        idle_since: Some(Instant::now()),
        last_touch: None,
        leftover: VecDeque::new(),
    };
    tokio::spawn(task.run(rx).instrument(span));
    BoardHandle { generation, tx }
}

/// How a turn ended.
enum Stop {
    Shutdown(oneshot::Sender<()>),
    /// Delete the board, then answer.
    Delete(oneshot::Sender<Result<(), StoreError>>),
    /// Another node deleted the board.
    DeletedElsewhere,
    /// Storing failed, or yrs panicked on an update: memory and store may differ.
    Broken,
}

/// The IO around one board's [`BoardDoc`].
struct BoardTask {
    id: BoardId,
    generation: u64,
    /// Weak: the map holds the board handles, the boards must not keep the map alive.
    boards: Weak<BoardsShared>,
    store: Arc<dyn Store>,
    settings: BoardSettings,
    /// The sans-IO core: document, writers, presence.
    doc: BoardDoc,
    /// How to reach each connection of the board.
    outboxes: Outboxes,
    /// The stored log beyond the snapshot, and the compaction state.
    log: Log,
    /// The other nodes, when there are any (`--redis-url`).
    relay: Option<Arc<dyn Relay>>,
    /// How far this board has read the relay's channel: every change before it is applied.
    relay_seen: Position,
    /// Since when the board has had no connection.
    idle_since: Option<Instant>,
    /// When the board last noted in the store that it is in use.
    last_touch: Option<Instant>,
    /// Messages of the turn that stopped the board, after the stop: answered by `drain`.
    leftover: VecDeque<BoardMsg>,
}

/// A compaction in the background: rows deleted and the snapshot's size.
type CompactionJob = JoinHandle<Result<(u64, usize), StoreError>>;

impl BoardTask {
    async fn run(mut self, mut rx: mpsc::Receiver<BoardMsg>) {
        let mut relayed = match self.load().await {
            Ok(relayed) => relayed,
            Err(e) => {
                // Deleted between a connection's check and its join: say so, not "failed".
                if let Ok(false) = self.store.board_exists(&self.id).await {
                    info!("the board was deleted; not loaded");
                    self.retire(&mut rx, true);
                    self.drain(&mut rx, CLOSE_BOARD_DELETED, DELETED_REASON);
                    return;
                }
                error!(error = %e, "board could not be loaded");
                self.retire(&mut rx, true);
                self.drain(&mut rx, CLOSE_INTERNAL, "board could not be loaded");
                return;
            }
        };
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
                    if self.must_catch_up(&batch) {
                        if let Some(stop) = self.catch_up().await {
                            self.leftover.extend(batch);
                            break Some(stop);
                        }
                    }
                    if let Some(stop) = self.turn(batch).await {
                        break Some(stop);
                    }
                    self.touch();
                    if job.is_none() {
                        job = self.maybe_compact();
                    }
                }
                delivered = async {
                    match relayed.as_mut() {
                        Some(relayed) => relayed.recv().await,
                        None => std::future::pending().await,
                    }
                } => {
                    let Some(delivered) = delivered else {
                        // The reader stopped: nothing more comes from the other nodes, and
                        // this node's document would fall behind theirs.
                        error!("the relay reader stopped; unloading the board");
                        break Some(Stop::Broken);
                    };
                    if let Some(stop) = self.apply_relayed(delivered, &mut relayed).await {
                        break Some(stop);
                    }
                }
                _ = sweep.tick() => {
                    self.sweep();
                    self.touch();
                }
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
            Some(Stop::Delete(done)) => {
                // A compaction under way finishes first: it would only fail on a deleted board.
                if let Some(job) = job.take() {
                    let result = job.await;
                    self.compaction_done(result);
                }
                match self.delete_stored().await {
                    Ok(()) => {
                        info!("deleted");
                        self.gone(&mut rx);
                        let _ = done.send(Ok(()));
                    }
                    Err(e) => {
                        error!(error = %e, "deleting the board failed; closing it");
                        self.close_all(
                            CLOSE_INTERNAL,
                            "the board failed on the server; reconnect later",
                        );
                        self.retire(&mut rx, true);
                        self.drain(&mut rx, CLOSE_TRY_AGAIN, "board restarting");
                        let _ = done.send(Err(e));
                    }
                }
                return;
            }
            Some(Stop::DeletedElsewhere) => {
                info!("deleted on another node");
                self.gone(&mut rx);
                return;
            }
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
        if self.log.rows > 0 {
            if let Some(job) = self.start_compaction() {
                let result = job.await;
                self.compaction_done(result);
            }
        }
        if let Some(done) = shutdown_done {
            let _ = done.send(());
        }
    }
    /// Whether `batch` must wait for the other nodes' changes: a participant's write is
    /// judged by the write rules of the document, which must then hold every lock, round and
    /// client-id binding another node had stored and published when the write came (else a
    /// lagging node lets a forbidden write through); a joining client's handshake (and the
    /// state vector its join is acknowledged with) holds what any node acknowledged before it
    /// (what a facilitator saw stored, everyone who joins after gets); and any write reaches
    /// this node's clients after what was acknowledged anywhere before it, as on one node.
    fn must_catch_up(&self, batch: &[BoardMsg]) -> bool {
        self.relay.is_some()
            && batch.iter().any(|msg| match msg {
                BoardMsg::Join { .. } => true,
                BoardMsg::Frame {
                    conn,
                    frame: Frame::Update(_) | Frame::SyncStep2(_),
                } => self
                    .doc
                    .conns
                    .get(conn)
                    .is_some_and(|c| c.writer.role != Role::Viewer),
                _ => false,
            })
    }

    /// Reads the relay's channel from this node's position up to where it ends now and
    /// applies what the other nodes published there, before the turn that needs it (see
    /// [`BoardTask::must_catch_up`]). It reads the channel itself rather than waiting for
    /// the subscription: one round trip, however far behind the subscription is. A channel
    /// that does not answer, or is not read up to its end in time, stops the board: judging
    /// without it could let a forbidden write through.
    async fn catch_up(&mut self) -> Option<Stop> {
        // Without a relay there is nothing to wait for: no stop.
        let relay = self.relay.clone()?;
        let started = Instant::now();
        crate::metrics::METRICS.catch_ups.inc();
        loop {
            let entries = match relay.read_after(&self.id, self.relay_seen, MAX_BATCH).await {
                Ok(entries) => entries,
                Err(e) => {
                    error!(error = %e, "the relay does not answer; closing the board");
                    return Some(Stop::Broken);
                }
            };
            let more = entries.len() >= MAX_BATCH;
            if let Some(stop) = self.apply_delivered(entries).await {
                return Some(stop);
            }
            if !more {
                break;
            }
            if started.elapsed() > CATCH_UP_TIMEOUT {
                error!(seen = %self.relay_seen, "the relay was not read to its end in time");
                return Some(Stop::Broken);
            }
        }
        crate::metrics::METRICS.catch_up.observe(started.elapsed());
        None
    }

    /// Applies `first` and whatever else the subscription has queued now, as one turn.
    async fn apply_relayed(
        &mut self,
        first: Delivered,
        relayed: &mut Option<mpsc::Receiver<Delivered>>,
    ) -> Option<Stop> {
        let mut entries = vec![first];
        while entries.len() < MAX_BATCH {
            match relayed.as_mut().map(mpsc::Receiver::try_recv) {
                Some(Ok(next)) => entries.push(next),
                _ => break,
            }
        }
        self.apply_delivered(entries).await
    }

    /// Applies the other nodes' changes among `entries` (in channel order) as one turn;
    /// entries at or before this node's position it has applied already (a catch-up read
    /// them before the subscription brought them) and skips.
    async fn apply_delivered(&mut self, entries: Vec<Delivered>) -> Option<Stop> {
        let mut batch = Vec::new();
        let mut published = Vec::new();
        for Delivered { at, change } in entries {
            if at <= self.relay_seen {
                continue;
            }
            self.relay_seen = at;
            if matches!(change, Some(Relayed::Update { .. })) {
                published.push(at.ms);
            }
            batch.extend(change.map(|change| BoardMsg::Relayed { change }));
        }
        if batch.is_empty() {
            return None;
        }
        crate::metrics::METRICS.relayed_in.add(batch.len() as u64);
        let stop = self.turn(batch).await;
        let now = u64::try_from(crate::store::now_ms()).unwrap_or(0);
        for ms in published {
            let took = Duration::from_millis(now.saturating_sub(ms));
            crate::metrics::METRICS.fanout_relay.observe(took);
        }
        stop
    }

    /// Loads the board from the store and, with a relay, subscribes to the other nodes'
    /// changes from before the load on (a change both loaded and relayed applies twice,
    /// which a CRDT update allows).
    async fn load(&mut self) -> Result<Option<mpsc::Receiver<Delivered>>, String> {
        let from = match &self.relay {
            Some(relay) => Some(relay.position(&self.id).await.map_err(|e| e.to_string())?),
            None => None,
        };
        // Updates are published while they are stored (`commit`): one published just before
        // `from` may reach the store only after the load. Reading the channel from a while
        // before `from` gets it (applying an update twice is harmless).
        let from = from.map(|at| at.earlier_by(LOAD_OVERLAP));
        self.relay_seen = from.unwrap_or_default();
        let started = Instant::now();
        let stored = self.store.load(&self.id).await.map_err(|e| e.to_string())?;
        crate::metrics::METRICS
            .store_load
            .observe(started.elapsed());
        let doc = build_doc(stored.snapshot_v2.as_deref(), &stored.updates)?;
        let log_bytes = stored.updates.iter().map(Vec::len).sum();
        self.log = Log::loaded(stored.last_seq, stored.updates.len() as u64, log_bytes);
        let stored_bytes = stored.snapshot_v2.as_ref().map_or(0, Vec::len) + log_bytes;
        self.doc.load(doc, &stored.owners, stored_bytes);
        info!(log_rows = self.log.rows, bytes = stored_bytes, "loaded");
        Ok(from.and_then(|from| Some(self.relay.as_ref()?.subscribe(&self.id, from))))
    }

    /// Replaces the document with what the store holds, after a refused update (yrs cannot
    /// take one back). Everything accepted before it is stored by then; the counters of the
    /// log stay as they are, since the store is unchanged.
    async fn rebuild(&mut self) -> Result<(), String> {
        let started = Instant::now();
        let stored = self.store.load(&self.id).await.map_err(|e| e.to_string())?;
        let mut updates = stored.updates;
        // Another node publishes while it stores: a change of it applied here may not be in
        // the store yet. The channel has it (applying an update twice is harmless).
        updates.extend(self.relayed_before_now().await?);
        // A large board takes seconds to rebuild: off the runtime's threads, so that other
        // boards go on meanwhile.
        let doc =
            tokio::task::spawn_blocking(move || build_doc(stored.snapshot_v2.as_deref(), &updates))
                .await
                .map_err(|e| format!("rebuild task: {e}"))??;
        self.doc.replace_doc(doc);
        info!(
            took_ms = started.elapsed().as_millis() as u64,
            "document rebuilt from the store after a refused update"
        );
        Ok(())
    }

    /// The other nodes' updates in the relay's channel from `LOAD_OVERLAP` before this
    /// node's position up to it: applied here, and perhaps not yet in the store (see
    /// [`BoardTask::rebuild`]). Nothing without a relay.
    async fn relayed_before_now(&self) -> Result<Vec<Vec<u8>>, String> {
        let Some(relay) = &self.relay else {
            return Ok(Vec::new());
        };
        let mut from = self.relay_seen.earlier_by(LOAD_OVERLAP);
        let mut updates = Vec::new();
        loop {
            let entries = relay
                .read_after(&self.id, from, MAX_BATCH)
                .await
                .map_err(|e| e.to_string())?;
            let more = entries.len() >= MAX_BATCH;
            for Delivered { at, change } in entries {
                if at > self.relay_seen {
                    return Ok(updates);
                }
                from = at;
                if let Some(Relayed::Update { updates: more, .. }) = change {
                    updates.extend(more);
                }
            }
            if !more {
                return Ok(updates);
            }
        }
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
        let mut leftover = std::mem::take(&mut self.leftover);
        while let Some(msg) = leftover.pop_front().or_else(|| rx.try_recv().ok()) {
            match msg {
                BoardMsg::Join { peer, .. } => {
                    peer.closer.close(Some(code), reason);
                }
                BoardMsg::Shutdown { done } => {
                    let _ = done.send(());
                }
                // Dropped unanswered: the caller asks the next task, or the store.
                BoardMsg::Delete { .. } => {}
                BoardMsg::Frame { .. } | BoardMsg::Leave { .. } | BoardMsg::Relayed { .. } => {}
            }
        }
    }

    fn close_all(&mut self, code: u16, reason: &str) {
        self.outboxes.close_all(code, reason);
    }

    /// Removes the board from the store and tells the other nodes. A board another node
    /// deleted just before counts as deleted.
    async fn delete_stored(&self) -> Result<(), StoreError> {
        match self.store.delete_board(&self.id).await {
            Ok(()) | Err(StoreError::NotFound) => {}
            Err(e) => return Err(e),
        }
        if let Some(relay) = &self.relay {
            // The store holds nothing of it any more; only the other nodes' live copies
            // stay open until they unload.
            if let Err(e) = relay.delete(&self.id).await {
                warn!(error = %e, "telling the other nodes of the deletion failed");
            }
        }
        Ok(())
    }

    /// After the board was deleted: closes every connection, and every join still queued,
    /// with `CLOSE_BOARD_DELETED`, and leaves the map without a final snapshot.
    fn gone(&mut self, rx: &mut mpsc::Receiver<BoardMsg>) {
        self.close_all(CLOSE_BOARD_DELETED, DELETED_REASON);
        self.retire(rx, true);
        self.drain(rx, CLOSE_BOARD_DELETED, DELETED_REASON);
    }

    /// Notes in the store that the board is in use, while it has connections, at most every
    /// `TOUCH_EVERY`; in the background, since nothing waits for it.
    fn touch(&mut self) {
        if self.doc.connections() == 0 || self.last_touch.is_some_and(|t| t.elapsed() < TOUCH_EVERY)
        {
            return;
        }
        self.last_touch = Some(Instant::now());
        let (store, id) = (self.store.clone(), self.id.clone());
        tokio::spawn(async move {
            if let Err(e) = store.touch_board(&id, crate::store::now_ms()).await {
                debug!(error = %e, "noting the board's use failed");
            }
        });
    }

    /// Sends what is staged and notes whether the board is idle now.
    fn deliver(&mut self, staged: Staged) {
        self.outboxes.deliver(&mut self.doc, staged);
        if self.doc.connections() == 0 {
            self.idle_since.get_or_insert_with(Instant::now);
        } else {
            self.idle_since = None;
        }
    }

    /// One turn: stage the batch, store its changes, deliver. A refused update splits the
    /// batch: what came before it is delivered and stored, the document is rebuilt, and the
    /// rest is handled after that.
    async fn turn(&mut self, batch: Vec<BoardMsg>) -> Option<Stop> {
        let started = Instant::now();
        let mut queue = VecDeque::from(batch);
        loop {
            let (staged, stop) = self.stage(&mut queue);
            if stop.is_some() {
                // Answered when the board stops (`drain`): joins get their close there.
                self.leftover = std::mem::take(&mut queue);
            }
            let stop = match stop {
                Some(Stop::Broken) => return Some(Stop::Broken),
                stop => stop,
            };
            let tainted = staged.tainted;
            if let Some(failed) = self.commit(staged, tainted, started).await {
                // A deletion wins: writes to a board being deleted may fail, and its
                // connections are to hear that it was deleted.
                return Some(match stop {
                    Some(deleted @ (Stop::Delete(_) | Stop::DeletedElsewhere)) => deleted,
                    _ => failed,
                });
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
                } => {
                    self.outboxes.insert(conn, peer);
                    self.doc.join(conn, Writer { role, key }, &mut staged);
                }
                BoardMsg::Frame { conn, frame } => {
                    if matches!(frame, Frame::Update(_) | Frame::SyncStep2(_)) {
                        crate::metrics::METRICS.updates_in.inc();
                    }
                    // yrs decodes untrusted bytes here. Should it ever panic (the process
                    // must be built with panic = "unwind"), only this board restarts.
                    let handled = panic::catch_unwind(AssertUnwindSafe(|| {
                        self.doc.frame(conn, frame, &mut staged)
                    }));
                    if handled.is_err() {
                        error!(conn, "handling a frame panicked; restarting the board");
                        return (staged, Some(Stop::Broken));
                    }
                    if staged.tainted {
                        break;
                    }
                }
                BoardMsg::Relayed {
                    change: Relayed::Deleted,
                } => {
                    stop = Some(Stop::DeletedElsewhere);
                    break;
                }
                BoardMsg::Relayed { change } => {
                    // Bytes from another node: a panic in yrs restarts only this board.
                    let handled = panic::catch_unwind(AssertUnwindSafe(|| {
                        self.doc.remote(change, &mut staged)
                    }));
                    if handled.is_err() {
                        error!("applying a relayed change panicked; restarting the board");
                        return (staged, Some(Stop::Broken));
                    }
                    if staged.tainted {
                        break;
                    }
                }
                BoardMsg::Leave { conn } => {
                    if self.doc.conns.contains_key(&conn) {
                        debug!(conn, "left");
                    }
                    self.doc.remove(conn, &mut staged);
                }
                BoardMsg::Delete { done } => {
                    // Later messages are joins and frames of a board about to be gone.
                    stop = Some(Stop::Delete(done));
                    break;
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
    /// `tainted`, then acknowledges. `Some(Stop::Broken)` if storing or rebuilding failed,
    /// `Some(Stop::DeletedElsewhere)` if the store has no such board any more.
    async fn commit(
        &mut self,
        mut staged: Staged,
        tainted: bool,
        started: Instant,
    ) -> Option<Stop> {
        // Relay and answer before the commit; only `Stored` waits for it. A relayed update
        // that then fails to be stored is not lost: its sender is never acknowledged and
        // resends it, and every client that has it offers it again in its next handshake.
        let acks = std::mem::take(&mut staged.acks);
        let appends = std::mem::take(&mut staged.appends);
        let bindings = std::mem::take(&mut staged.bindings);
        let presence = std::mem::take(&mut staged.presence_out);
        // Whether anything goes to this node's other connections (for the fan-out latency;
        // `appends` are this node's clients' updates, another node's are not stored here).
        let relayed_locally = !staged.sends.is_empty();
        // What the other nodes get once it is stored (copies only when there are nodes).
        let relayed = match (&self.relay, appends.is_empty()) {
            (Some(_), false) => Some(Relayed::Update {
                updates: appends.clone(),
                bindings: bindings.clone(),
            }),
            _ => None,
        };
        if !bindings.is_empty() {
            match self.store.bind_clients(&self.id, bindings).await {
                Ok(lost) if lost.is_empty() => {}
                Ok(lost) => {
                    // Another node bound these ids to other writers a moment before (its
                    // relayed binding had not arrived). The batch was judged with the wrong
                    // owners: nothing of it is relayed, stored or acknowledged; the clients
                    // reconnect, the board reloads with the stored owners and judges again.
                    warn!(clients = ?lost.iter().map(|(c, _)| c).collect::<Vec<_>>(),
                        "client ids bound to other writers on another node; reloading the board");
                    return Some(Stop::Broken);
                }
                // Another node deleted the board; its relayed deletion may be on its way.
                Err(StoreError::NotFound) => return Some(Stop::DeletedElsewhere),
                Err(e) => {
                    error!(error = %e, "storing client owners failed; closing the board");
                    return Some(Stop::Broken);
                }
            }
        }
        self.deliver(staged);
        if !appends.is_empty() && relayed_locally {
            crate::metrics::METRICS
                .fanout_local
                .observe(started.elapsed());
        }
        // Storing and publishing at once: the other nodes' clients then wait for the relay
        // only, not for the database too. An update published but not stored (the append
        // fails) is not lost, as above; and a node that loads the board meanwhile reads the
        // channel from `LOAD_OVERLAP` before its position, so it gets an update whose row
        // was not yet in the store when it loaded.
        let rows = appends.len() as u64;
        let bytes: usize = appends.iter().map(Vec::len).sum();
        let store = async {
            if appends.is_empty() {
                return None;
            }
            let started = Instant::now();
            let appended = self.store.append(&self.id, appends).await;
            crate::metrics::METRICS
                .store_append
                .observe(started.elapsed());
            Some(appended)
        };
        let publish = async {
            let Some(relay) = &self.relay else { return };
            // A failed publish loses nothing: the update is stored, and the other nodes'
            // clients get it on their next load or handshake; it is only not live.
            for change in relayed
                .into_iter()
                .chain(presence.into_iter().map(Relayed::Awareness))
            {
                if let Err(e) = relay.publish(&self.id, change).await {
                    warn!(error = %e, "publishing to the other nodes failed");
                }
            }
        };
        let (appended, ()) = tokio::join!(store, publish);
        match appended {
            None => {}
            Some(Ok(seq)) => self.log.appended(seq, rows, bytes),
            Some(Err(StoreError::NotFound)) => return Some(Stop::DeletedElsewhere),
            Some(Err(e)) => {
                error!(error = %e, "storing updates failed; closing the board");
                return Some(Stop::Broken);
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

    fn sweep(&mut self) {
        let mut staged = Staged::default();
        self.doc
            .sweep(Instant::now(), self.settings.awareness_timeout, &mut staged);
        if !staged.sends.is_empty() {
            self.deliver(staged);
        }
    }

    fn maybe_compact(&mut self) -> Option<CompactionJob> {
        if !self.log.due(&self.id, self.settings.compact_after) {
            return None;
        }
        self.start_compaction()
    }

    /// Encodes a snapshot now and writes it in the background. On a shared store the
    /// snapshot is built from what the store holds instead: other nodes' rows may not have
    /// reached this node's document yet, and a snapshot must cover every row it replaces.
    fn start_compaction(&mut self) -> Option<CompactionJob> {
        if self.log.is_running() {
            return None;
        }
        let (store, id) = (self.store.clone(), self.id.clone());
        if store.shared() {
            self.log.start()?;
            debug!(rows = self.log.rows, "compacting from the store");
            let relay = self.relay.clone();
            let keep = self.settings.relay_keep;
            return Some(tokio::spawn(async move {
                // Taken before the load: every change published before it is in the store
                // by then (in the snapshot) or soon after (in the log, with a later row), so
                // the channel need not keep it long (see `trim_relay`).
                let published = match &relay {
                    Some(relay) => relay.position(&id).await.ok(),
                    None => None,
                };
                let stored = store.load(&id).await?;
                let upto = stored.last_seq;
                // Decoding a large board takes a while: off the runtime's threads.
                let snapshot = tokio::task::spawn_blocking(move || {
                    stored_snapshot(stored.snapshot_v2.as_deref(), &stored.updates)
                })
                .await
                .map_err(|e| StoreError::Backend(format!("snapshot task: {e}")))?
                .map_err(StoreError::Backend)?;
                let len = snapshot.len();
                let deleted = timed_compact(&*store, &id, snapshot, upto).await?;
                if let (Some(relay), Some(published)) = (relay, published) {
                    trim_relay(&*relay, &id, published, keep).await;
                }
                Ok((deleted, len))
            }));
        }
        let snapshot = self.doc.snapshot_v2();
        let upto = self.log.start()?;
        debug!(rows = self.log.rows, upto, "compacting");
        Some(tokio::spawn(async move {
            let len = snapshot.len();
            Ok((timed_compact(&*store, &id, snapshot, upto).await?, len))
        }))
    }

    fn compaction_done(
        &mut self,
        result: Result<Result<(u64, usize), StoreError>, tokio::task::JoinError>,
    ) {
        let result = result.unwrap_or_else(|e| Err(StoreError::Backend(format!("task: {e}"))));
        if result.is_ok() {
            crate::metrics::METRICS.compactions.inc();
        }
        if let Some(stored_bytes) = self.log.done(result) {
            self.doc.set_stored_bytes(stored_bytes);
        }
    }
}

/// After a compaction that covers everything published before `published`: drops the
/// channel's entries from `keep` before it, so that the channel does not grow with the
/// board's whole history. No node reads that far behind: one that is behind by
/// [`CATCH_UP_TIMEOUT`] stops the board at its next join or participant write.
async fn trim_relay(relay: &dyn Relay, id: &BoardId, published: Position, keep: Duration) {
    if let Err(e) = relay.trim(id, published.earlier_by(keep)).await {
        debug!(error = %e, "trimming the relay's channel failed");
    }
}

/// [`Store::compact`], timed for the store latency histogram (`metrics.rs`).
async fn timed_compact(
    store: &dyn Store,
    id: &BoardId,
    snapshot: Vec<u8>,
    upto: u64,
) -> Result<u64, StoreError> {
    let started = Instant::now();
    let result = store.compact(id, snapshot, upto).await;
    crate::metrics::METRICS
        .store_compact
        .observe(started.elapsed());
    result
}
