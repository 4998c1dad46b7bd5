//! The [`Board`]: owns the yrs document, its root maps and the undo manager for local edits.
//! Loading, snapshots, remote updates, update observers, undo/redo, the board title and author.
//! Card and cluster operations are `Board` methods too, in `card.rs` and `cluster.rs`.

use std::cell::Cell;
use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use yrs::undo::{Options as UndoOptions, UndoManager};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{
    Doc, Map, MapRef, OffsetKind, Options, Origin, ReadTxn, StateVector, Transact, TransactionMut,
    Update,
};

use crate::error::{BoardError, LoadError};
use crate::history::continues;
use crate::identity::ParticipantKey;
use crate::ids::ParticipantId;
use crate::read;
use crate::schema::{self, MAX_TITLE, SCHEMA_VERSION};

pub use yrs::sync::time::Clock;

/// Origin of transactions that apply updates from other peers. Not tracked by the undo manager.
const REMOTE_ORIGIN: &str = "kartenwand-remote";

/// What a Board needs from its host: a millisecond clock (undo grouping, `created`).
#[derive(Clone)]
pub struct BoardEnv {
    /// Milliseconds since the Unix epoch. On wasm the host passes e.g. `js_sys::Date::now`.
    pub clock: Arc<dyn Clock>,
}

impl BoardEnv {
    /// An environment with the given clock.
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        BoardEnv { clock }
    }
}

#[cfg(not(target_family = "wasm"))]
impl Default for BoardEnv {
    /// The operating system's clock (not available on wasm, where `SystemTime` panics).
    fn default() -> Self {
        BoardEnv::new(Arc::new(yrs::sync::time::SystemClock))
    }
}

impl fmt::Debug for BoardEnv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BoardEnv").finish_non_exhaustive()
    }
}

/// One committed transaction, v1-encoded for the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardUpdate {
    /// The update in Yjs v1 encoding (what y-websocket sends).
    pub v1: Vec<u8>,
    /// `true` if made through this Board's own operations (including undo/redo).
    pub local: bool,
}

/// Keeps an [`Board::observe_updates`] callback registered; dropping it unregisters the callback.
///
/// yrs 0.28 has no `yrs::Subscription` (observers are keyed by an `Origin`), so this guard
/// plays its role.
#[must_use = "the callback is unregistered when the Subscription is dropped"]
pub struct Subscription {
    doc: Doc,
    key: Origin,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        // Fails only while a transaction is open (a drop from inside a callback); then the
        // callback stays registered until the document goes away, which is harmless.
        let _ = self.doc.unobserve_update_v1(self.key.clone());
    }
}

impl fmt::Debug for Subscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Subscription")
            .field("key", &self.key)
            .finish()
    }
}

/// Handles to the root maps, fetched once.
pub(crate) struct Roots {
    /// `meta`: schema version and title.
    pub meta: MapRef,
    /// `cards`: card id → card map.
    pub cards: MapRef,
    /// `clusters`: cluster id → cluster map.
    pub clusters: MapRef,
    /// `participants`: participant id → name and colour (outside the undo scope).
    pub participants: MapRef,
    /// `rounds`: voting rounds (outside the undo scope: opening a round is not an edit).
    pub rounds: MapRef,
    /// `ballots`: one ballot per round and voter (outside the undo scope).
    pub ballots: MapRef,
    /// `groups`: working groups (outside the undo scope).
    pub groups: MapRef,
    /// `memberships`: who is in which group (outside the undo scope).
    pub memberships: MapRef,
    /// `worksheets`: the groups' worksheets (outside the undo scope).
    pub worksheets: MapRef,
    /// `flow`: the step running now (outside the undo scope).
    pub flow: MapRef,
    /// `agenda`: the day's steps (outside the undo scope).
    pub agenda: MapRef,
    /// `exercises`: positioning exercises (outside the undo scope).
    pub exercises: MapRef,
    /// `answers`: each voter's position per question (outside the undo scope).
    pub answers: MapRef,
    /// `regions`: named areas of the wall (in the undo scope, like the clusters).
    pub regions: MapRef,
    /// `wordings`: the board's wording of template questions (outside the undo scope, like
    /// the worksheets it words).
    pub wordings: MapRef,
    /// `tables`: facts tables on the wall (in the undo scope, like the regions).
    pub tables: MapRef,
}

/// A Kartenwand board: the yrs document plus typed operations and views.
///
/// Every public mutating operation is one transaction and one undo step. Reads return plain
/// snapshots (`CardView`, `ClusterView`) that tolerate whatever remote peers wrote.
pub struct Board {
    /// The document, the single source of truth. Uses UTF-16 text offsets like stock Yjs.
    pub(crate) doc: Doc,
    pub(crate) roots: Roots,
    /// Undo for this board's own edits only: it tracks `origin`, never remote applies.
    undo: UndoManager<()>,
    /// Origin of every local transaction, `kartenwand-local-<client id>`.
    origin: Origin,
    pub(crate) env: BoardEnv,
    /// Written as `author` on new cards.
    pub(crate) author: ParticipantId,
    /// This participant's secret, if known: names its ballots (see `identity.rs`).
    pub(crate) key: Option<ParticipantKey>,
    /// Acting for a facilitator: locks do not apply (see `lock.rs`).
    pub(crate) facilitator: bool,
    /// Key for the next update observer; a `Cell` because observing takes `&self`.
    next_observer: Cell<u64>,
    /// Remote updates that arrived before earlier updates of the same peer. yrs 0.28 would
    /// integrate them around a "skip" hole, and in the convergence test that lost edits when
    /// updates also arrived twice or carried undo; so they wait here until the gap is filled
    /// (see `apply_remote` and the `shuffled_and_duplicated_updates_converge` test).
    held: Vec<Update>,
}

impl Board {
    /// A new, empty board with `meta.schema` = [`SCHEMA_VERSION`] and the given title
    /// (trimmed and cut to [`MAX_TITLE`] chars; an empty title is stored empty).
    pub fn new(title: &str, env: BoardEnv) -> Board {
        let title: String = title.trim().chars().take(MAX_TITLE).collect();
        let doc = new_doc();
        {
            let meta = doc.get_or_insert_map(schema::META);
            let mut txn = doc.transact_mut();
            meta.insert(&mut txn, schema::meta::SCHEMA, i64::from(SCHEMA_VERSION));
            meta.insert(&mut txn, schema::meta::TITLE, title);
        }
        Board::attach(doc, env)
    }

    /// Loads a board from a v2-encoded snapshot (see [`Board::snapshot`]).
    ///
    /// Fails if the bytes do not decode or the document has no `meta.schema`. A newer schema
    /// than [`SCHEMA_VERSION`] still loads; check [`Board::schema_version`].
    pub fn load(snapshot_v2: &[u8], env: BoardEnv) -> Result<Board, LoadError> {
        let board = Board::restore(snapshot_v2, env)?;
        if board.schema_number().is_none() {
            return Err(LoadError::NotABoard);
        }
        Ok(board)
    }

    /// Loads a snapshot that may not hold `meta` yet: a board joined from a server whose
    /// first sync had not arrived when it was stored. Fails only on undecodable bytes.
    pub fn restore(snapshot_v2: &[u8], env: BoardEnv) -> Result<Board, LoadError> {
        let update = Update::decode_v2(snapshot_v2).map_err(decode_error)?;
        let doc = new_doc();
        doc.transact_mut_with(REMOTE_ORIGIN)
            .apply_update(update)
            .map_err(decode_error)?;
        Ok(Board::attach(doc, env))
    }

    /// An empty document for a board that exists elsewhere (on a server): writes nothing,
    /// so the title and schema come from the first sync instead of racing with it.
    pub fn joined(env: BoardEnv) -> Board {
        Board::attach(new_doc(), env)
    }

    /// Whether the document holds a board yet (`meta.schema` is set).
    pub fn is_initialized(&self) -> bool {
        self.schema_number().is_some()
    }

    /// The document's state vector: what it holds of each client's history.
    pub fn state_vector(&self) -> StateVector {
        self.doc.transact().state_vector()
    }

    /// The document's state vector, v1-encoded: the first step of a sync.
    pub fn state_vector_v1(&self) -> Vec<u8> {
        self.state_vector().encode_v1()
    }

    /// Everything this board has that a peer with state vector `remote_sv_v1` lacks, as a
    /// v1 update: the answer to a peer's first sync step.
    pub fn diff_v1(&self, remote_sv_v1: &[u8]) -> Result<Vec<u8>, LoadError> {
        let sv = StateVector::decode_v1(remote_sv_v1).map_err(decode_error)?;
        Ok(self.doc.transact().encode_state_as_update_v1(&sv))
    }

    /// Wraps a document: root maps, local origin and the undo manager.
    fn attach(doc: Doc, env: BoardEnv) -> Board {
        let roots = Roots {
            meta: doc.get_or_insert_map(schema::META),
            cards: doc.get_or_insert_map(schema::CARDS),
            clusters: doc.get_or_insert_map(schema::CLUSTERS),
            participants: doc.get_or_insert_map(schema::PARTICIPANTS),
            rounds: doc.get_or_insert_map(schema::ROUNDS),
            ballots: doc.get_or_insert_map(schema::BALLOTS),
            groups: doc.get_or_insert_map(schema::GROUPS),
            memberships: doc.get_or_insert_map(schema::MEMBERSHIPS),
            worksheets: doc.get_or_insert_map(schema::WORKSHEETS),
            agenda: doc.get_or_insert_map(schema::AGENDA),
            flow: doc.get_or_insert_map(schema::FLOW),
            exercises: doc.get_or_insert_map(schema::EXERCISES),
            answers: doc.get_or_insert_map(schema::ANSWERS),
            regions: doc.get_or_insert_map(schema::REGIONS),
            tables: doc.get_or_insert_map(schema::TABLES),
            wordings: doc.get_or_insert_map(schema::WORDINGS),
        };
        let origin = Origin::from(format!("kartenwand-local-{}", doc.client_id()));
        // Never `UndoOptions::default()`: it reads the system clock, which panics on wasm.
        let mut undo = UndoManager::with_options(UndoOptions {
            // Steps never merge: `reset()` after each operation ends the step anyway.
            capture_timeout_millis: 0,
            tracked_origins: HashSet::from([origin.clone()]),
            capture_transaction: None,
            timestamp: env.clock.clone(),
            init_undo_stack: Vec::new(),
            init_redo_stack: Vec::new(),
        });
        undo.expand_scope(&doc, &roots.meta);
        undo.expand_scope(&doc, &roots.cards);
        undo.expand_scope(&doc, &roots.clusters);
        undo.expand_scope(&doc, &roots.regions);
        undo.expand_scope(&doc, &roots.tables);
        Board {
            doc,
            roots,
            undo,
            origin,
            env,
            author: ParticipantId::new(),
            key: None,
            facilitator: false,
            next_observer: Cell::new(0),
            held: Vec::new(),
        }
    }

    /// The full state as a v2-encoded update (for storage; the wire uses v1).
    pub fn snapshot(&self) -> Vec<u8> {
        self.doc
            .transact()
            .encode_state_as_update_v2(&StateVector::default())
    }

    /// The underlying document (for the sync layer; components should use Board methods).
    pub fn doc(&self) -> &Doc {
        &self.doc
    }

    /// Applies a v1-encoded update from another peer. Never lands on the local undo stack.
    pub fn apply_update_v1(&mut self, update: &[u8]) -> Result<(), LoadError> {
        let update = Update::decode_v1(update).map_err(decode_error)?;
        self.apply_remote(update)
    }

    /// Applies a v2-encoded update from another peer. Never lands on the local undo stack.
    pub fn apply_update_v2(&mut self, update: &[u8]) -> Result<(), LoadError> {
        let update = Update::decode_v2(update).map_err(decode_error)?;
        self.apply_remote(update)
    }

    /// Applies a remote update once everything it continues is here; held updates follow as
    /// soon as they become applicable. Same-client gaps are the only thing held back: missing
    /// items of other clients are left to yrs' own pending mechanism, as in Yjs.
    fn apply_remote(&mut self, update: Update) -> Result<(), LoadError> {
        self.held.push(update);
        loop {
            let sv = self.doc.transact().state_vector();
            let Some(i) = self.held.iter().position(|u| continues(u, &sv)) else {
                return Ok(());
            };
            let update = self.held.swap_remove(i);
            self.doc
                .transact_mut_with(REMOTE_ORIGIN)
                .apply_update(update)
                .map_err(decode_error)?;
        }
    }

    /// Whether remote updates are waiting for earlier ones (a sync round will bring those).
    /// Waiting updates are not part of [`Board::snapshot`].
    pub fn has_pending_updates(&self) -> bool {
        !self.held.is_empty() || self.doc.transact().has_missing_updates()
    }

    /// Calls `f` after every committed transaction that changed something, local or remote.
    ///
    /// `f` runs while the document is still locked: it must not read or change the board
    /// (notify a signal and read later instead). The callback stays registered while the
    /// returned [`Subscription`] lives.
    ///
    /// # Panics
    /// If called while a transaction is open, i.e. from inside another update callback.
    pub fn observe_updates(&self, f: impl Fn(&BoardUpdate) + 'static) -> Subscription {
        let n = self.next_observer.get();
        self.next_observer.set(n + 1);
        let key = Origin::from(format!("kartenwand-observer-{n}"));
        let local = self.origin.clone();
        let undo = self.undo.as_origin();
        self.doc
            .observe_update_v1(key.clone(), move |txn, event| {
                let origin = txn.origin();
                let update = BoardUpdate {
                    v1: event.update.clone(),
                    local: origin == Some(&local) || origin == Some(&undo),
                };
                f(&update);
            })
            .expect("observe_updates called while a transaction is open");
        Subscription {
            doc: self.doc.clone(),
            key,
        }
    }

    /// The `meta.schema` number: [`SCHEMA_VERSION`], or higher for a board from a newer app.
    pub fn schema_version(&self) -> u32 {
        self.schema_number()
            .map(|v| v.clamp(0.0, f64::from(u32::MAX)) as u32)
            .unwrap_or(0)
    }

    fn schema_number(&self) -> Option<f64> {
        read::number(&self.doc.transact(), &self.roots.meta, schema::meta::SCHEMA)
    }

    /// The board title (empty if missing).
    pub fn title(&self) -> String {
        read::string(&self.doc.transact(), &self.roots.meta, schema::meta::TITLE)
            .unwrap_or_default()
    }

    /// Sets the board title, trimmed; at most [`MAX_TITLE`] chars.
    pub fn set_title(&mut self, title: &str) -> Result<(), BoardError> {
        let title = clean_title(title)?;
        self.step(|txn, r| read::set_string(txn, &r.meta, schema::meta::TITLE, title));
        Ok(())
    }

    /// Sets the participant written as `author` on cards added from now on.
    pub fn set_author(&mut self, participant: ParticipantId) {
        self.author = participant;
    }

    /// Sets who works on this board: `author` of new cards and voter of ballots.
    pub fn set_identity(&mut self, key: ParticipantKey) {
        self.author = key.id();
        self.key = Some(key);
    }

    /// The participant written as `author` on new cards (empty until set).
    pub fn author(&self) -> &str {
        &self.author
    }

    /// Undoes this board's last operation; returns whether anything changed.
    pub fn undo(&mut self) -> bool {
        let changed = self.undo.undo_blocking();
        self.undo.reset();
        changed
    }

    /// Redoes the last undone operation; returns whether anything changed.
    pub fn redo(&mut self) -> bool {
        let changed = self.undo.redo_blocking();
        self.undo.reset();
        changed
    }

    /// Whether [`Board::undo`] has a step to undo.
    pub fn can_undo(&self) -> bool {
        self.undo.can_undo()
    }

    /// Whether [`Board::redo`] has a step to redo.
    pub fn can_redo(&self) -> bool {
        self.undo.can_redo()
    }

    /// Runs `f` in one local transaction and closes the undo step.
    ///
    /// `f` must check everything that can fail before it writes: yrs cannot roll back.
    pub(crate) fn step<R>(&mut self, f: impl FnOnce(&mut TransactionMut, &Roots) -> R) -> R {
        let out = {
            let mut txn = self.doc.transact_mut_with(self.origin.clone());
            f(&mut txn, &self.roots)
        };
        self.undo.reset();
        out
    }

    /// The origin of this board's own transactions.
    pub(crate) fn local_origin(&self) -> Origin {
        self.origin.clone()
    }

    /// The host clock, in milliseconds as a Yjs number.
    pub(crate) fn now(&self) -> f64 {
        self.env.clock.now() as f64
    }
}

impl fmt::Debug for Board {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Board")
            .field("client_id", &self.doc.client_id())
            .field("title", &self.title())
            .field("author", &self.author)
            .finish_non_exhaustive()
    }
}

/// A document configured like stock Yjs: text offsets count UTF-16 code units.
fn new_doc() -> Doc {
    Doc::with_options(Options {
        offset_kind: OffsetKind::Utf16,
        ..Options::default()
    })
}

fn decode_error(e: impl fmt::Display) -> LoadError {
    LoadError::Decode(e.to_string())
}

/// Trims a board or cluster title and checks it is non-empty and at most [`MAX_TITLE`] chars.
pub(crate) fn clean_title(title: &str) -> Result<&str, BoardError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(BoardError::EmptyTitle);
    }
    if title.chars().count() > MAX_TITLE {
        return Err(BoardError::TooLong { max: MAX_TITLE });
    }
    Ok(title)
}

/// Helpers shared by the unit tests of all modules.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// A clock that ticks one millisecond per reading, from a fixed start.
    pub(crate) fn env() -> BoardEnv {
        let t = Arc::new(AtomicU64::new(1_700_000_000_000));
        BoardEnv::new(Arc::new(move || t.fetch_add(1, Ordering::Relaxed)))
    }

    /// A fresh board titled "Test".
    /// A board whose user (a participant, author `p-test`) owns the cards it adds.
    pub(crate) fn board() -> Board {
        let mut b = Board::new("Test", env());
        b.set_author("p-test".into());
        b
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{board, env};
    use super::*;
    use crate::NewCard;
    use std::cell::RefCell;
    use std::rc::Rc;
    use yrs::{Map, Transact};

    #[test]
    fn new_board_has_schema_and_trimmed_title() {
        let b = Board::new("  Integrationsworkshop Quakenbrück  ", env());
        assert_eq!(b.schema_version(), SCHEMA_VERSION);
        assert_eq!(b.title(), "Integrationsworkshop Quakenbrück");
        assert!(!b.can_undo(), "creating the board is not an undo step");
        assert_eq!(b.card_count(), 0);
    }

    #[test]
    fn set_title_trims_and_validates() {
        let mut b = board();
        b.set_title("  Tag 2 ").unwrap();
        assert_eq!(b.title(), "Tag 2");
        assert_eq!(b.set_title("   "), Err(BoardError::EmptyTitle));
        let long = "ä".repeat(MAX_TITLE + 1);
        assert_eq!(
            b.set_title(&long),
            Err(BoardError::TooLong { max: MAX_TITLE })
        );
        b.set_title(&"ä".repeat(MAX_TITLE)).unwrap();
        assert_eq!(b.title().chars().count(), MAX_TITLE);
    }

    #[test]
    fn set_title_is_one_undo_step() {
        let mut b = board();
        b.set_title("Neu").unwrap();
        assert!(b.undo());
        assert_eq!(b.title(), "Test");
        assert!(b.redo());
        assert_eq!(b.title(), "Neu");
    }

    #[test]
    fn snapshot_round_trips() {
        let mut b = board();
        let k = b.add_cluster("Bildung", 10.0, 20.0).unwrap();
        let c = b
            .add_card(NewCard::new("Bildung für alle 👍", 1.0, 2.0))
            .unwrap();
        b.put_card_in_cluster(&c, &k, 0).unwrap();
        let loaded = Board::load(&b.snapshot(), env()).unwrap();
        assert_eq!(loaded.title(), "Test");
        assert_eq!(loaded.cards(), b.cards());
        assert_eq!(loaded.clusters(), b.clusters());
        assert!(!loaded.can_undo(), "loaded content is not undoable");
        assert_ne!(loaded.doc().client_id(), b.doc().client_id());
    }

    #[test]
    fn load_rejects_garbage_and_foreign_documents() {
        assert!(matches!(Board::load(&[], env()), Err(LoadError::Decode(_))));
        assert!(matches!(
            Board::load(&[0xff, 0x13, 0x37], env()),
            Err(LoadError::Decode(_))
        ));

        let foreign = Doc::new();
        foreign
            .get_or_insert_map("other")
            .insert(&mut foreign.transact_mut(), "k", 1);
        let bytes = foreign
            .transact()
            .encode_state_as_update_v2(&StateVector::default());
        assert!(matches!(
            Board::load(&bytes, env()),
            Err(LoadError::NotABoard)
        ));

        let empty = Doc::new();
        let bytes = empty
            .transact()
            .encode_state_as_update_v2(&StateVector::default());
        assert!(matches!(
            Board::load(&bytes, env()),
            Err(LoadError::NotABoard)
        ));
    }

    #[test]
    fn newer_schema_still_loads() {
        let doc = Doc::new();
        let meta = doc.get_or_insert_map(schema::META);
        {
            let mut txn = doc.transact_mut();
            meta.insert(&mut txn, schema::meta::SCHEMA, 7);
            meta.insert(&mut txn, schema::meta::TITLE, "Zukunft");
            meta.insert(&mut txn, "unknown_key", true);
        }
        let bytes = doc
            .transact()
            .encode_state_as_update_v2(&StateVector::default());
        let b = Board::load(&bytes, env()).unwrap();
        assert_eq!(b.schema_version(), 7);
        assert_eq!(b.title(), "Zukunft");
    }

    #[test]
    fn bad_updates_are_decode_errors() {
        let mut b = board();
        assert!(matches!(
            b.apply_update_v1(&[0xff, 0xff]),
            Err(LoadError::Decode(_))
        ));
        assert!(matches!(
            b.apply_update_v2(&[0xff, 0xff]),
            Err(LoadError::Decode(_))
        ));
        assert_eq!(b.title(), "Test");
    }

    #[test]
    fn observers_see_local_remote_and_undo_updates() {
        let mut a = board();
        let mut b = Board::load(&a.snapshot(), env()).unwrap();
        let seen: Rc<RefCell<Vec<BoardUpdate>>> = Rc::default();
        let sink = seen.clone();
        let sub = a.observe_updates(move |u| sink.borrow_mut().push(u.clone()));

        let id = a.add_card(NewCard::new("lokal", 0.0, 0.0)).unwrap();
        assert_eq!(seen.borrow().len(), 1);
        assert!(seen.borrow()[0].local);
        b.apply_update_v1(&seen.borrow()[0].v1).unwrap();
        assert_eq!(b.card(&id).unwrap().text, "lokal");

        let from_b: Rc<RefCell<Vec<Vec<u8>>>> = Rc::default();
        let sink_b = from_b.clone();
        let _sub_b = b.observe_updates(move |u| sink_b.borrow_mut().push(u.v1.clone()));
        b.add_card(NewCard::new("von b", 0.0, 0.0)).unwrap();
        a.apply_update_v1(&from_b.borrow()[0]).unwrap();
        assert_eq!(seen.borrow().len(), 2);
        assert!(!seen.borrow()[1].local, "remote apply is not local");

        assert!(a.undo());
        assert_eq!(seen.borrow().len(), 3);
        assert!(seen.borrow()[2].local, "undo is local");

        // A rejected operation writes nothing, so nobody is told.
        assert!(a.set_card_text("missing", "x").is_err());
        assert_eq!(seen.borrow().len(), 3);

        drop(sub);
        a.add_card(NewCard::new("ungesehen", 0.0, 0.0)).unwrap();
        assert_eq!(seen.borrow().len(), 3, "dropped subscription is silent");
    }

    #[test]
    fn every_operation_is_its_own_undo_step() {
        let mut b = board();
        let c = b.add_card(NewCard::new("eins", 0.0, 0.0)).unwrap();
        b.set_card_text(&c, "zwei").unwrap();
        b.set_card_text(&c, "drei").unwrap();
        assert!(b.undo());
        assert_eq!(b.card(&c).unwrap().text, "zwei");
        assert!(b.undo());
        assert_eq!(b.card(&c).unwrap().text, "eins");
        assert!(b.undo());
        assert!(b.card(&c).is_none());
        assert!(!b.can_undo());
        assert!(!b.undo());
        assert!(b.can_redo());
        assert!(b.redo());
        assert_eq!(b.card(&c).unwrap().text, "eins");
        assert!(b.redo());
        assert!(b.redo());
        assert_eq!(b.card(&c).unwrap().text, "drei");
        assert!(!b.redo());
    }

    #[test]
    fn a_new_operation_clears_redo() {
        let mut b = board();
        let c = b.add_card(NewCard::new("eins", 0.0, 0.0)).unwrap();
        b.set_card_text(&c, "zwei").unwrap();
        b.undo();
        assert!(b.can_redo());
        b.set_card_text(&c, "drei").unwrap();
        assert!(!b.can_redo());
    }

    #[test]
    fn author_and_clock_are_written_on_new_cards() {
        let mut b = Board::new("Test", env());
        assert_eq!(b.author(), "");
        b.set_author("p-anna".into());
        assert_eq!(b.author(), "p-anna");
        let c1 = b.add_card(NewCard::new("a", 0.0, 0.0)).unwrap();
        let c2 = b.add_card(NewCard::new("b", 0.0, 0.0)).unwrap();
        let (v1, v2) = (b.card(&c1).unwrap(), b.card(&c2).unwrap());
        assert_eq!(v1.author, "p-anna");
        assert!(v1.created >= 1_700_000_000_000.0);
        assert!(v2.created > v1.created);
    }

    #[test]
    fn continues_detects_same_client_gaps() {
        let doc = Doc::new();
        let m = doc.get_or_insert_map("m");
        let log: Rc<RefCell<Vec<Vec<u8>>>> = Rc::default();
        let sink = log.clone();
        doc.observe_update_v1("t", move |_, e| sink.borrow_mut().push(e.update.clone()))
            .unwrap();
        m.insert(&mut doc.transact_mut(), "a", 1);
        m.insert(&mut doc.transact_mut(), "b", 2);
        let updates: Vec<Update> = log
            .borrow()
            .iter()
            .map(|u| Update::decode_v1(u).unwrap())
            .collect();
        let empty = StateVector::default();
        let after_first = {
            let d = Doc::new();
            let mut txn = d.transact_mut();
            txn.apply_update(Update::decode_v1(&log.borrow()[0]).unwrap())
                .unwrap();
            txn.state_vector()
        };
        assert!(continues(&updates[0], &empty));
        assert!(
            !continues(&updates[1], &empty),
            "gap before the second update"
        );
        assert!(continues(&updates[1], &after_first));
        assert!(
            continues(&updates[0], &after_first),
            "a duplicate adds no gap"
        );
        assert!(
            continues(&Update::new(), &empty),
            "delete-only updates never wait"
        );
    }

    #[test]
    fn system_clock_env_works_natively() {
        let mut b = Board::new("Echt", BoardEnv::default());
        let c = b.add_card(NewCard::new("jetzt", 0.0, 0.0)).unwrap();
        assert!(b.card(&c).unwrap().created > 1_600_000_000_000.0);
    }
}
