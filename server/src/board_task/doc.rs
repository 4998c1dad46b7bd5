//! The sans-IO core of a board: [`BoardDoc`] holds the document, the writers joined to it,
//! their client-id owners, held updates and presence, and turns each message of a sender into
//! what to relay, store, acknowledge and close ([`Staged`]). No sockets, no store, no tasks:
//! the board task around it does the IO, and every node of a deployment runs the same core.
//!
//! # Refused updates
//!
//! The [`WritePolicy`] admits a writer before its update is even decoded (viewers are dropped
//! there). `protocol::inspect_update` then checks the bytes (declared counts, nesting) and
//! reports the client sections and root-level writes: root-level writes a participant may not
//! make are refused unapplied, blocks under another writer's client id are dropped (see
//! `owners.rs`), and a participant's share of the board is capped. For participants, the
//! policy checks the key paths the update touched afterwards (`touched.rs` collects them
//! while yrs commits), before its changes are staged. yrs cannot take an applied update back,
//! so a refusal marks the turn `tainted`: the refused update is neither relayed nor stored nor
//! acknowledged, its connection is closed with 4403, and the task rebuilds the document from
//! the store ([`BoardDoc::replace_doc`]) before it stages anything more. The refused writer
//! may not rejoin for a cool-down.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use protocol::{Frame, CLOSE_FORBIDDEN, CLOSE_MALFORMED, CLOSE_POLICY};
use tracing::{debug, info, warn};
use yrs::sync::awareness::AwarenessUpdate;
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{ClientID, Doc, IdSet, ReadTxn, StateVector, Transact, Update};

use super::turn::{Staged, Target};
use super::{BoardSettings, ConnId};
use crate::awareness::Presence;
use crate::held::{continues, Held};
use crate::owners::{Owners, Principal};
use crate::policy::{Admission, Refusal, WritePolicy, Writer};
use crate::relay::Relayed;
use crate::touched::Touched;

/// Most updates held back for missing history (see `held.rs`) per board.
const MAX_HELD: usize = 1024;
/// A participant (or all keyless participants together) may write at most this share of
/// `max_doc_bytes` per board load, so one link holder cannot fill the board for everyone.
const PARTICIPANT_SHARE: usize = 4;
/// The longest cool-down after refused updates (see [`BoardSettings::refusal_cooldown`]).
pub(super) const COOLDOWN_MAX: Duration = Duration::from_secs(3600);

/// One joined connection, as the board sees it.
pub(super) struct ConnState {
    /// Role and participant key; an `Arc` because each held update keeps it too.
    pub writer: Arc<Writer>,
    /// Whether a refused update was logged at info level already (then debug).
    refusal_logged: bool,
}

/// Who sent an update, kept with it while it is held back (see `held.rs`).
#[derive(Debug, Clone)]
struct Sender {
    conn: ConnId,
    writer: Arc<Writer>,
}

/// The document of one board and everything its write rules need, without IO.
pub(crate) struct BoardDoc {
    policy: Arc<dyn WritePolicy>,
    settings: BoardSettings,
    /// The document. Between turns it holds exactly what the store holds.
    doc: Doc,
    /// The key paths each transaction on `doc` touches under the policy's guarded roots.
    /// Replaced with `doc`.
    touched: Touched,
    pub(super) presence: Presence,
    /// Which connection set each awareness client id (removed when it leaves).
    pub(super) presence_owners: HashMap<ClientID, ConnId>,
    /// Which writer owns each document client id, stored with the board.
    owners: Owners,
    /// Writers whose update was refused after it was applied, until when they may not
    /// rejoin, and the length of their last cool-down.
    cooldowns: HashMap<Principal, (Instant, Duration)>,
    pub(super) conns: HashMap<ConnId, ConnState>,
    held: Held<Sender>,
    /// Stored size estimate (snapshot + log) for the document size limit.
    size_estimate: usize,
}

impl BoardDoc {
    /// An empty board under `policy`; [`BoardDoc::load`] gives it its stored state.
    pub fn new(policy: Arc<dyn WritePolicy>, settings: BoardSettings) -> BoardDoc {
        let doc = Doc::new();
        let touched = Touched::watch(&doc, policy.guarded_roots());
        BoardDoc {
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
            size_estimate: 0,
        }
    }

    /// Takes the stored state: the document, the client-id owners and the stored size.
    pub fn load(&mut self, doc: Doc, owners: &[(u64, String)], stored_bytes: usize) {
        self.replace_doc(doc);
        self.owners = Owners::load(owners);
        self.size_estimate = stored_bytes;
    }

    /// Takes `doc` as the board's document (after a refused update, rebuilt from the store)
    /// and watches it for the policy.
    pub fn replace_doc(&mut self, doc: Doc) {
        // The observers live in the document; the old `Touched` unregisters from the old one.
        self.touched = Touched::watch(&doc, self.policy.guarded_roots());
        self.doc = doc;
    }

    /// The stored size is now `bytes` (after a compaction).
    pub fn set_stored_bytes(&mut self, bytes: usize) {
        self.size_estimate = bytes;
    }

    /// The document's state vector (v1), as `Stored` acks carry it.
    pub fn state_vector_v1(&self) -> Vec<u8> {
        self.doc.transact().state_vector().encode_v1()
    }

    /// The whole document as a snapshot (v2).
    pub fn snapshot_v2(&self) -> Vec<u8> {
        self.doc
            .transact()
            .encode_state_as_update_v2(&StateVector::default())
    }

    /// How many connections are joined.
    pub fn connections(&self) -> usize {
        self.conns.len()
    }

    /// Handles `frame` from `conn` (see [`BoardDoc::join`] for the handshake).
    pub fn frame(&mut self, conn: ConnId, frame: Frame, staged: &mut Staged) {
        if !self.conns.contains_key(&conn) {
            return; // closed earlier in this turn, or never joined
        }
        match frame {
            Frame::SyncStep1(sv) => match StateVector::decode_v1(&sv) {
                Ok(sv) => {
                    let diff = self.doc.transact().encode_state_as_update_v1(&sv);
                    // In pieces, so that no message to a client is larger than what this
                    // server takes from one (docs/API.md, "Large updates").
                    for frame in protocol::answer_frames(diff, protocol::PIECE_BYTES) {
                        staged.send(Target::One(conn), frame);
                    }
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
            if let Err(refusal) =
                self.policy
                    .precheck(&sender.writer, &shape.roots, self.touched.rights())
            {
                return self.refuse(&sender, &refusal, false, staged);
            }
        }
        let foreign = self.owners.foreign(&principal, &shape);
        let bytes = if foreign.is_empty() {
            bytes
        } else {
            // Dropped, not refused: a client re-offers what it has seen of others after a
            // server restart, and their owners resend it themselves.
            info!(
                conn,
                ?foreign,
                "dropping blocks written under other writers' client ids"
            );
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
                crate::metrics::METRICS.updates_refused.inc();
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
        let rights = if checked {
            self.touched.rights()
        } else {
            board::Rights::default()
        };
        let mut txn = self.doc.transact_mut();
        let result = txn.apply_update(update).map_err(|e| e.to_string());
        // Commit first: the delta then matches what yrs' update observers would see, and
        // the deep observers have reported what the update touched.
        txn.commit();
        if checked {
            self.policy
                .check(
                    &from.writer,
                    &self.touched.take(),
                    &self.touched.facts(rights),
                )
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
        crate::metrics::METRICS.updates_refused.inc();
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

    /// Lets `conn` join as `writer`: stages y-websocket's server handshake, or a close if
    /// its writer is cooling down after a refused update.
    pub fn join(&mut self, conn: ConnId, writer: Writer, staged: &mut Staged) {
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
            staged.gone(conn, Some((CLOSE_POLICY, &reason)));
            return;
        }
        // y-websocket's server handshake: its state vector, then the awareness states.
        let sv = self.doc.transact().state_vector().encode_v1();
        let role = writer.role;
        self.conns.insert(
            conn,
            ConnState {
                writer: Arc::new(writer),
                refusal_logged: false,
            },
        );
        staged.send(Target::One(conn), Frame::SyncStep1(sv));
        if let Some(states) = self.presence.current() {
            staged.send(Target::One(conn), Frame::Awareness(states.encode_v1()));
        }
        staged.ack(conn);
        debug!(conn, %role, connections = self.conns.len(), "joined");
    }

    /// Closes a connection from the board's side and forgets it.
    pub fn kick(&mut self, conn: ConnId, code: u16, reason: &str, staged: &mut Staged) {
        if self.conns.contains_key(&conn) {
            info!(conn, code, reason, "closing connection");
            staged.gone(conn, Some((code, reason)));
        }
        self.remove(conn, staged);
    }

    /// Forgets a connection and removes the awareness states it set (broadcast).
    pub fn remove(&mut self, conn: ConnId, staged: &mut Staged) {
        if self.conns.remove(&conn).is_none() {
            return;
        }
        staged.gone(conn, None);
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
            let update = self.presence.update_for(&removed).encode_v1();
            staged.presence_out.push(update.clone());
            staged.send(Target::All, Frame::Awareness(update));
        }
    }

    /// Applies a change another node stored and relayed: trusted (that node checked it
    /// under the same rules), neither stored again nor acknowledged here; staged for this
    /// node's connections.
    pub fn remote(&mut self, change: Relayed, staged: &mut Staged) {
        match change {
            Relayed::Update { updates, bindings } => {
                self.owners.learn(&bindings);
                for bytes in updates {
                    let update = match Update::decode_v1(&bytes) {
                        Ok(update) => update,
                        Err(e) => {
                            warn!(error = %e, "a relayed update does not decode; dropped");
                            continue;
                        }
                    };
                    let mut txn = self.doc.transact_mut();
                    if let Err(e) = txn.apply_update(update) {
                        warn!(error = %e, "a relayed update does not apply in full");
                    }
                    txn.commit();
                    if txn.has_changes() {
                        let delta = txn.encode_update_v1();
                        drop(txn);
                        self.size_estimate += delta.len();
                        staged.send(Target::All, Frame::Update(delta));
                    }
                }
                // What other nodes' clients wrote may be the history a held update waits for.
                self.release_held(staged);
            }
            Relayed::Awareness(bytes) => self.remote_awareness(&bytes, staged),
            // The task closes and unloads the board before it would get here.
            Relayed::Deleted => {}
        }
    }

    /// Drops awareness states not renewed within `timeout` and stages their removal.
    pub fn sweep(&mut self, now: Instant, timeout: Duration, staged: &mut Staged) {
        let removed = self.presence.sweep(now, timeout);
        if removed.is_empty() {
            return;
        }
        debug!(count = removed.len(), "awareness states timed out");
        for id in &removed {
            self.presence_owners.remove(id);
        }
        let update = self.presence.update_for(&removed);
        staged.send(Target::All, Frame::Awareness(update.encode_v1()));
    }
}

/// Rebuilds a document from a snapshot (v2) and log (v1). Sync: `yrs::Update` is not Send.
pub(super) fn build_doc(snapshot_v2: Option<&[u8]>, updates: &[Vec<u8>]) -> Result<Doc, String> {
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

/// The snapshot (v2) of a stored board: its snapshot and log as one. Sync, like
/// [`build_doc`].
pub(crate) fn stored_snapshot(
    snapshot_v2: Option<&[u8]>,
    updates: &[Vec<u8>],
) -> Result<Vec<u8>, String> {
    let doc = build_doc(snapshot_v2, updates)?;
    let snapshot = doc
        .transact()
        .encode_state_as_update_v2(&StateVector::default());
    Ok(snapshot)
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

#[cfg(test)]
mod tests {
    //! The core alone: messages in, staged effects out, no task, no store, no sockets.

    use super::super::turn::Gone;
    use super::*;
    use crate::auth::Role;
    use crate::initial_doc;
    use crate::policy::SchemaPolicy;
    use yrs::{Map, MapPrelim};

    fn board() -> BoardDoc {
        let mut board = BoardDoc::new(Arc::new(SchemaPolicy), super::super::tests::settings());
        let (_, snapshot) = initial_doc::new_board("T");
        let doc = build_doc(Some(&snapshot), &[]).expect("the initial document loads");
        board.load(doc, &[], snapshot.len());
        board
    }

    fn card_update(client: u64) -> Vec<u8> {
        let doc = Doc::with_client_id(client);
        let cards = doc.get_or_insert_map("cards");
        let mut txn = doc.transact_mut();
        cards.insert(&mut txn, "c1", MapPrelim::default());
        txn.commit();
        txn.encode_update_v1()
    }

    fn join(board: &mut BoardDoc, conn: ConnId, role: Role) {
        let mut staged = Staged::default();
        board.join(conn, Writer { role, key: None }, &mut staged);
        assert!(staged.gone.is_empty());
        assert_eq!(
            staged.acks,
            [conn],
            "a join is acknowledged with the state vector"
        );
    }

    #[test]
    fn an_accepted_update_is_staged_for_relay_store_and_ack() {
        let mut board = board();
        join(&mut board, 1, Role::Facilitator);
        join(&mut board, 2, Role::Viewer);
        let mut staged = Staged::default();
        board.frame(1, Frame::Update(card_update(7)), &mut staged);
        assert_eq!(staged.appends.len(), 1, "one change to store");
        assert_eq!(staged.acks, [1]);
        assert_eq!(
            staged.bindings,
            [(7, "f".to_owned())],
            "client 7 is the facilitator's"
        );
        assert!(matches!(staged.sends.front(), Some((Target::AllBut(1), _))));
        assert!(!staged.tainted && staged.gone.is_empty());
    }

    #[test]
    fn a_viewers_update_is_dropped_before_it_is_decoded() {
        let mut board = board();
        join(&mut board, 2, Role::Viewer);
        let mut staged = Staged::default();
        board.frame(2, Frame::Update(vec![0xff; 16]), &mut staged);
        assert!(staged.appends.is_empty() && staged.acks.is_empty() && staged.sends.is_empty());
        assert!(staged.gone.is_empty(), "dropped, not closed");
    }

    #[test]
    fn a_relayed_update_goes_to_every_connection_and_is_neither_stored_nor_acknowledged() {
        let mut board = board();
        join(&mut board, 1, Role::Viewer);
        let mut staged = Staged::default();
        let change = Relayed::Update {
            updates: vec![card_update(9)],
            bindings: vec![(9, "f".to_owned())],
        };
        board.remote(change, &mut staged);
        assert!(staged.appends.is_empty() && staged.acks.is_empty() && staged.bindings.is_empty());
        assert!(matches!(staged.sends.front(), Some((Target::All, _))));
    }

    #[test]
    fn a_client_id_bound_on_another_node_stays_its_owners_here() {
        let mut board = board();
        join(&mut board, 1, Role::Participant);
        let change = Relayed::Update {
            updates: Vec::new(),
            bindings: vec![(9, "f".to_owned())],
        };
        board.remote(change, &mut Staged::default());
        // The same write under an unbound id goes through; under the facilitator's, not.
        let mut staged = Staged::default();
        board.frame(1, Frame::Update(card_update(10)), &mut staged);
        assert_eq!(staged.appends.len(), 1, "the control write is accepted");
        let mut staged = Staged::default();
        board.frame(1, Frame::Update(card_update(9)), &mut staged);
        assert!(
            staged.appends.is_empty(),
            "blocks under the facilitator's client id"
        );
    }

    #[test]
    fn a_malformed_update_closes_its_connection() {
        let mut board = board();
        join(&mut board, 1, Role::Facilitator);
        let mut staged = Staged::default();
        board.frame(1, Frame::Update(vec![0xff; 16]), &mut staged);
        assert!(staged.appends.is_empty());
        assert!(matches!(
            staged.gone.first(),
            Some(Gone {
                conn: 1,
                close: Some((CLOSE_MALFORMED, _))
            })
        ));
        assert_eq!(board.connections(), 0);
    }
}
