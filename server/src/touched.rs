//! [`Touched`]: which key paths each transaction on a board's document changes, collected by
//! deep observers on the root maps the write policy guards (other roots by name only, through
//! `roots.rs`). yrs 0.28 keeps an `Update`'s
//! blocks private, so the board task applies an update first and asks afterwards what it
//! touched (and whose cards, by `author` before and after); this file only collects,
//! `policy.rs` decides.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use yrs::types::{EntryChange, Event, PathSegment};
use yrs::{DeepObservable, Doc, Map, MapRef, Out, ReadTxn, Transact, TransactionMut};

use crate::roots::RootWatch;

/// Paths are cut after this many segments (root, entry, field): the write rules look no
/// deeper, and a large nested insert (a ballot with many dots) then costs a few paths, not
/// one per nested key.
pub const MAX_SEGMENTS: usize = 3;

/// Observer key of the deep observers (yrs 0.28 keys observers by origin).
const OBSERVER: &str = "kartenwand-write-policy";

/// One step of a [`KeyPath`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// A map key (the first segment is the root map's name).
    Key(Arc<str>),
    /// An array index.
    Index(u32),
}

/// Where a change happened, from the root map's name down, e.g. `ballots/r1/p1` or
/// `clusters/c1/merged_into`; at most [`MAX_SEGMENTS`] long.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyPath(pub Vec<Segment>);

impl KeyPath {
    /// A path of map keys (tests and policies).
    pub fn keys(keys: &[&str]) -> KeyPath {
        KeyPath(keys.iter().map(|k| Segment::Key(Arc::from(*k))).collect())
    }

    /// The map key at position `i`, if that segment is a key.
    pub fn key(&self, i: usize) -> Option<&str> {
        match self.0.get(i) {
            Some(Segment::Key(k)) => Some(k),
            _ => None,
        }
    }

    /// Number of segments.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether it has no segment (never produced by [`Touched`]).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("/")?;
            }
            match segment {
                Segment::Key(k) => f.write_str(k)?,
                Segment::Index(n) => write!(f, "{n}")?,
            }
        }
        Ok(())
    }
}

/// The paths touched since the last [`Touched::take`]. A std `Mutex`: the observer runs on
/// the board task's own thread during a commit and is never contended; the `Arc` is what
/// lets the observer closure and the task share it.
type Paths = Arc<Mutex<Vec<KeyPath>>>;

/// The locked cards and clusters (`"{root}/{id}"`) as they were before the update being
/// applied, taken by [`Touched::clear`]: when a locked item is deleted or moved, the observer
/// only sees it afterwards, so whether it was locked must be known beforehand. The observers
/// only read it.
type Locked = Arc<Mutex<HashSet<String>>>;

/// Each card's `author` before the update being applied (card id → author), taken with the
/// locked items: whether a participant edits its own card is judged by who wrote it before.
type Authors = Arc<Mutex<HashMap<String, String>>>;

/// The authors of the cards an update touched, collected by the observers.
type Cards = Arc<Mutex<BTreeMap<String, CardChange>>>;

/// A card an update touched: its `author` before and after (`None`: no such card then).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CardChange {
    /// The author before the update; `None` if the card did not exist.
    pub before: Option<String>,
    /// The author after the update; `None` if the card does not exist (deleted).
    pub after: Option<String>,
}

/// What the policy needs beyond the paths: the board's rights (as before the update) and
/// the touched cards' authors. `complete` is false before applying (`precheck`), when the
/// cards are not known yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// The participants' rights as the document held them before the update.
    pub rights: board::Rights,
    /// Touched card id → its authors before and after.
    pub cards: BTreeMap<String, CardChange>,
    /// Whether `cards` holds every touched card (after applying).
    pub complete: bool,
}

impl Facts {
    /// Facts before applying: the rights only.
    pub fn before(rights: board::Rights) -> Facts {
        Facts {
            rights,
            cards: BTreeMap::new(),
            complete: false,
        }
    }
}

/// Every card's author (`""` when absent or not a string).
fn scan_authors(doc: &Doc) -> HashMap<String, String> {
    let txn = doc.transact();
    let Some(cards) = txn.get_map(board::schema::CARDS) else {
        return HashMap::new();
    };
    cards
        .iter(&txn)
        .map(|(id, card)| (id.to_owned(), author_of(&txn, &card)))
        .collect()
}

/// The `author` of a card value, `""` when absent or not a string.
fn author_of<T: ReadTxn>(txn: &T, card: &Out) -> String {
    match card {
        Out::YMap(map) => match map.get(txn, board::schema::card::AUTHOR) {
            Some(Out::Any(yrs::Any::String(s))) => s.to_string(),
            _ => String::new(),
        },
        _ => String::new(),
    }
}

/// Deep observers on the guarded root maps of one document, and what they collected. Built
/// for each document the board task holds (after load and after every rebuild); dropping it
/// unregisters the observers.
pub struct Touched {
    /// Keeps the document's store alive: a `MapRef` is a bare pointer into it, and the
    /// observers are unregistered through those pointers on drop.
    doc: Doc,
    roots: Vec<MapRef>,
    paths: Paths,
    locked: Locked,
    authors: Authors,
    cards: Cards,
    /// Cards, clusters or regions changed since the last scan of what is locked.
    stale: Arc<AtomicBool>,
    /// The other roots, reported by name only (`roots.rs`): the policy refuses what is not
    /// in the schema.
    others: RootWatch,
}

/// Every locked card and cluster of the document, as `"{root}/{id}"`: locked by its own
/// flag, its cluster, or the region it lies in. Taken before each update that follows a
/// change to cards, clusters or regions, so a participant's update that drags an item out of
/// a locked cluster or region is judged by where the item was, not where it went.
fn scan_locked(doc: &Doc) -> HashSet<String> {
    // A root a loaded update filled is only readable through a transaction once it has a
    // handle; making the handles writes nothing.
    for root in [
        board::schema::CARDS,
        board::schema::CLUSTERS,
        board::schema::REGIONS,
    ] {
        doc.get_or_insert_map(root);
    }
    let txn = doc.transact();
    let mut locked = HashSet::new();
    for root in [board::schema::CARDS, board::schema::CLUSTERS] {
        if let Some(map) = txn.get_map(root) {
            for (id, _) in map.iter(&txn) {
                if board::lock::item_locked(&txn, root, id) {
                    locked.insert(format!("{root}/{id}"));
                }
            }
        }
    }
    locked
}

impl Touched {
    /// Starts collecting on `doc`'s root maps named `roots` (creating their handles; that
    /// writes nothing to the document).
    pub fn watch(doc: &Doc, roots: &[&str]) -> Touched {
        let names = roots;
        let paths: Paths = Arc::default();
        let locked: Locked = Arc::new(Mutex::new(scan_locked(doc)));
        let stale = Arc::new(AtomicBool::new(false));
        let authors: Authors = Arc::new(Mutex::new(scan_authors(doc)));
        let cards: Cards = Arc::default();
        let roots: Vec<MapRef> = roots
            .iter()
            .map(|name| {
                let map = doc.get_or_insert_map(*name);
                let sink = paths.clone();
                let locks = locked.clone();
                let changed = stale.clone();
                let before = authors.clone();
                let seen = cards.clone();
                let root: Arc<str> = Arc::from(*name);
                let is_cards = *name == board::schema::CARDS;
                let layout = lockable(name) || *name == board::schema::REGIONS;
                map.observe_deep(OBSERVER, move |txn, events| {
                    if layout {
                        changed.store(true, Ordering::Relaxed);
                    }
                    let mut sink = lock(&sink);
                    let locks = locks.lock().unwrap_or_else(|e| e.into_inner());
                    for event in events.iter() {
                        collect(txn, &root, event, &mut sink, &locks);
                    }
                    if is_cards {
                        let before = before.lock().unwrap_or_else(|e| e.into_inner());
                        let mut seen = seen.lock().unwrap_or_else(|e| e.into_inner());
                        for event in events.iter() {
                            note_cards(txn, event, &before, &mut seen);
                        }
                    }
                });
                map
            })
            .collect();
        Touched {
            doc: doc.clone(),
            roots,
            paths,
            locked,
            authors,
            cards,
            stale,
            others: RootWatch::watch(doc, names),
        }
    }

    /// Forgets what was collected (before applying an update), and brings the set of locked
    /// items up to date if the layout changed since.
    pub fn clear(&self) {
        self.others.settle();
        self.others.clear();
        lock(&self.paths).clear();
        self.cards.lock().unwrap_or_else(|e| e.into_inner()).clear();
        if self.stale.swap(false, Ordering::Relaxed) {
            let now = scan_locked(&self.doc);
            *self.locked.lock().unwrap_or_else(|e| e.into_inner()) = now;
            let authors = scan_authors(&self.doc);
            *self.authors.lock().unwrap_or_else(|e| e.into_inner()) = authors;
        }
    }

    /// The participants' rights as the document holds them now (call with no transaction
    /// open: before applying an update).
    pub fn rights(&self) -> board::Rights {
        board::read_rights(&self.doc.transact())
    }

    /// The facts collected since the last `clear`, with `rights` as read before applying.
    pub fn facts(&self, rights: board::Rights) -> Facts {
        let cards = std::mem::take(&mut *self.cards.lock().unwrap_or_else(|e| e.into_inner()));
        Facts {
            rights,
            cards,
            complete: true,
        }
    }

    /// What was collected since the last `clear` or `take`, sorted, without duplicates; a
    /// root other than the watched ones appears as a path of its name alone.
    pub fn take(&self) -> Vec<KeyPath> {
        let mut paths = std::mem::take(&mut *lock(&self.paths));
        paths.extend(
            self.others
                .take()
                .into_iter()
                .map(|name| KeyPath(vec![Segment::Key(name)])),
        );
        paths.sort_unstable();
        paths.dedup();
        paths
    }
}

impl Drop for Touched {
    fn drop(&mut self) {
        for root in &self.roots {
            root.unobserve_deep(OBSERVER);
        }
    }
}

impl fmt::Debug for Touched {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Touched")
            .field("roots", &self.roots.len())
            .finish_non_exhaustive()
    }
}

fn lock(paths: &Paths) -> MutexGuard<'_, Vec<KeyPath>> {
    // Nothing panics while holding it; recover the list if something did.
    paths.lock().unwrap_or_else(|e| e.into_inner())
}

/// Adds the paths one event stands for: a map event at `P` with changed keys `K` gives
/// `root/P/k` for each `k` (plus the keys inside a value inserted there, since yrs fires no
/// events for types created in the same transaction); a text or array event gives `root/P`.
fn collect(
    txn: &TransactionMut,
    root: &Arc<str>,
    event: &Event,
    out: &mut Vec<KeyPath>,
    locked: &HashSet<String>,
) {
    let mut base = vec![Segment::Key(root.clone())];
    base.extend(event.path().into_iter().map(segment));
    // A change inside a card or cluster: was that item locked before (it may have been
    // dragged out of a locked cluster or region), or is it now (put into one)?
    if lockable(root) {
        if let Some(Segment::Key(id)) = base.get(1) {
            if locked.contains(&format!("{root}/{id}")) || board::lock::item_locked(txn, root, id) {
                push(out, locked_marker(root, id));
            }
        }
    }
    let Event::Map(map) = event else {
        return push(out, base);
    };
    // yrs computes the changed keys here and unwraps block contents it assumes are present;
    // a crafted update must not take the board down through that. If it panics, count the
    // whole map as touched: the policy then judges the map itself.
    let keys = panic::catch_unwind(AssertUnwindSafe(|| {
        map.keys(txn)
            .iter()
            .map(|(k, change)| {
                let inserted = match change {
                    EntryChange::Inserted(new) | EntryChange::Updated(_, new) => Some(new.clone()),
                    EntryChange::Removed(_) => None,
                };
                (k.clone(), inserted)
            })
            .collect::<Vec<_>>()
    }));
    let Ok(keys) = keys else {
        return push(out, base);
    };
    if keys.is_empty() {
        // Content without a key (list or text items written into a map, as a client that
        // takes the root for an array would): the map itself was changed.
        return push(out, base);
    }
    let item_level = base.len() == 1;
    for (key, inserted) in keys {
        // A locked card or cluster replaced or removed whole, or one inserted whole where it
        // is locked (in a locked cluster or region): mark it, for the policy.
        if item_level
            && lockable(root)
            && (locked.contains(&format!("{root}/{key}"))
                || board::lock::item_locked(txn, root, &key))
        {
            push(out, locked_marker(root, &key));
        }
        let mut path = base.clone();
        path.push(Segment::Key(key));
        if let Some(value) = inserted {
            nested(txn, &path, &value, out);
        }
        push(out, path);
    }
}

/// Notes the cards one event on `cards` touched, with their authors before and after.
fn note_cards(
    txn: &TransactionMut,
    event: &Event,
    before: &HashMap<String, String>,
    seen: &mut BTreeMap<String, CardChange>,
) {
    let path = event.path();
    let ids: Vec<String> = match path.front() {
        Some(PathSegment::Key(id)) => vec![id.to_string()],
        Some(PathSegment::Index(_)) => return,
        None => match event {
            // Which entries changed; a crafted update must not take the board down.
            Event::Map(map) => panic::catch_unwind(AssertUnwindSafe(|| {
                map.keys(txn).keys().map(|k| k.to_string()).collect()
            }))
            .unwrap_or_default(),
            _ => return,
        },
    };
    let Some(cards) = txn.get_map(board::schema::CARDS) else {
        return;
    };
    for id in ids {
        let after = cards.get(txn, &id).map(|card| author_of(txn, &card));
        let change = seen.entry(id.clone()).or_insert_with(|| CardChange {
            before: before.get(&id).cloned(),
            after: None,
        });
        change.after = after;
    }
}

/// Cards and clusters can be locked (see `board::lock`).
fn lockable(root: &str) -> bool {
    root == board::schema::CARDS || root == board::schema::CLUSTERS
}

/// The path that tells the policy a locked item was changed: `root/id/locked`.
fn locked_marker(root: &Arc<str>, id: &str) -> Vec<Segment> {
    vec![
        Segment::Key(root.clone()),
        Segment::Key(Arc::from(id)),
        Segment::Key(Arc::from(board::schema::LOCKED)),
    ]
}

/// The paths inside a value inserted in this transaction, down to [`MAX_SEGMENTS`].
fn nested(txn: &TransactionMut, at: &[Segment], value: &Out, out: &mut Vec<KeyPath>) {
    if at.len() >= MAX_SEGMENTS {
        return;
    }
    let children: Vec<(Segment, Out)> = match value {
        Out::YMap(map) => map
            .iter(txn)
            .map(|(k, v)| (Segment::Key(Arc::from(k)), v))
            .collect(),
        Out::YArray(array) => {
            use yrs::Array;
            array
                .iter(txn)
                .enumerate()
                .map(|(i, v)| (Segment::Index(i as u32), v))
                .collect()
        }
        _ => return,
    };
    for (segment, child) in children {
        let mut path = at.to_vec();
        path.push(segment);
        nested(txn, &path, &child, out);
        push(out, path);
    }
}

fn push(out: &mut Vec<KeyPath>, mut path: Vec<Segment>) {
    path.truncate(MAX_SEGMENTS);
    out.push(KeyPath(path));
}

fn segment(s: PathSegment) -> Segment {
    match s {
        PathSegment::Key(k) => Segment::Key(k),
        PathSegment::Index(i) => Segment::Index(i),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use board::{Board, BoardEnv, ParticipantKey, RoundSettings, RoundState};
    use yrs::updates::decoder::Decode;
    use yrs::{ReadTxn, StateVector, Transact, Update};

    const ROOTS: [&str; 5] = ["meta", "rounds", "ballots", "participants", "clusters"];

    /// A server-side copy of `from`, watched.
    fn server_copy(from: &Board) -> (Doc, Touched) {
        let doc = Doc::new();
        let full = from
            .doc()
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        doc.transact_mut()
            .apply_update(Update::decode_v1(&full).unwrap())
            .unwrap();
        let touched = Touched::watch(&doc, &ROOTS);
        (doc, touched)
    }

    /// Applies what `from` has beyond `doc` and returns the touched paths as strings.
    fn sync(doc: &Doc, touched: &Touched, from: &Board) -> Vec<String> {
        let sv = doc.transact().state_vector();
        let diff = from.doc().transact().encode_state_as_update_v1(&sv);
        touched.clear();
        doc.transact_mut()
            .apply_update(Update::decode_v1(&diff).unwrap())
            .unwrap();
        touched.take().iter().map(ToString::to_string).collect()
    }

    fn key(n: u8) -> ParticipantKey {
        ParticipantKey::from_secret(&format!("{n}").repeat(24)).unwrap()
    }

    #[test]
    fn paths_name_the_entries_and_fields_written() {
        let mut b = Board::new("T", BoardEnv::default());
        let (doc, touched) = server_copy(&b);

        let field = b.add_cluster("Bildung", 0.0, 0.0).unwrap();
        let got = sync(&doc, &touched, &b);
        for f in ["title", "x", "y", "color"] {
            assert!(got.contains(&format!("clusters/{field}/{f}")), "{got:?}");
        }
        assert!(got.contains(&format!("clusters/{field}")));

        b.move_cluster(&field, 5.0, 5.0).unwrap();
        let got = sync(&doc, &touched, &b);
        assert_eq!(
            got,
            [format!("clusters/{field}/x"), format!("clusters/{field}/y")]
        );

        b.rename_cluster(&field, "Bildung!").unwrap();
        let got = sync(&doc, &touched, &b);
        assert_eq!(
            got,
            [format!("clusters/{field}/title")],
            "text event: its own path"
        );

        // Cards are not watched here: only their root's name is reported.
        b.add_card(board::NewCard::new("x", 0.0, 0.0)).unwrap();
        assert_eq!(sync(&doc, &touched, &b), ["cards"]);

        b.set_title("Neu").unwrap();
        assert_eq!(sync(&doc, &touched, &b), ["meta/title"]);

        let other = b.add_cluster("Sprache", 0.0, 0.0).unwrap();
        sync(&doc, &touched, &b);
        let merged = b
            .merge_clusters(&[field.clone(), other.clone()], "B+S")
            .unwrap();
        let got = sync(&doc, &touched, &b);
        assert!(
            got.contains(&format!("clusters/{field}/merged_into")),
            "{got:?}"
        );
        assert!(
            got.contains(&format!("clusters/{other}/merged_into")),
            "{got:?}"
        );
        assert!(got.contains(&format!("clusters/{merged}/title")), "{got:?}");
    }

    #[test]
    fn ballots_and_rounds_are_reported_by_entry() {
        let mut b = Board::new("T", BoardEnv::default());
        b.set_identity(key(1));
        let fields: Vec<String> = ["A", "B", "C"]
            .iter()
            .map(|t| b.add_cluster(t, 0.0, 0.0).unwrap())
            .collect();
        let (doc, touched) = server_copy(&b);
        let round = b.add_round(&RoundSettings::seed("R")).unwrap();
        let got = sync(&doc, &touched, &b);
        assert!(got.contains(&format!("rounds/{round}")), "{got:?}");
        assert!(got
            .iter()
            .all(|p| p.starts_with(&format!("rounds/{round}"))));
        b.set_round_state(&round, RoundState::Open).unwrap();
        assert_eq!(sync(&doc, &touched, &b), [format!("rounds/{round}/state")]);

        let dots = fields.iter().map(|f| (f.clone(), 1)).collect();
        b.submit_ballot(&round, &dots).unwrap();
        let ballot = format!("ballots/{round}/{}", key(1).id());
        let got = sync(&doc, &touched, &b);
        assert!(got.contains(&ballot), "{got:?}");
        assert!(got.contains(&format!("{ballot}/dots")), "{got:?}");
        assert!(got.iter().all(|p| p.starts_with(&ballot)), "{got:?}");

        b.set_participant("Anna", "#fff").unwrap();
        let got = sync(&doc, &touched, &b);
        let me = format!("participants/{}", key(1).id());
        assert!(got.contains(&me), "{got:?}");
        assert!(got.iter().all(|p| p.starts_with(&me)), "{got:?}");
    }

    #[test]
    fn a_value_inserted_whole_is_reported_with_its_fields() {
        // A cluster created with `merged_into` already inside: no event fires for the new
        // map itself, so its keys must come from the insert.
        let doc = Doc::new();
        let touched = Touched::watch(&doc, &ROOTS);
        let clusters = doc.get_or_insert_map("clusters");
        touched.clear();
        {
            let mut txn = doc.transact_mut();
            clusters.insert(
                &mut txn,
                "c1",
                yrs::MapPrelim::from([("merged_into", yrs::Any::from("c2"))]),
            );
        }
        let got: Vec<String> = touched.take().iter().map(ToString::to_string).collect();
        assert_eq!(got, ["clusters/c1", "clusters/c1/merged_into"]);
        // Deleting an entry names the entry only.
        touched.clear();
        clusters.remove(&mut doc.transact_mut(), "c1");
        let got: Vec<String> = touched.take().iter().map(ToString::to_string).collect();
        assert_eq!(got, ["clusters/c1"]);
    }

    #[test]
    fn it_may_outlive_the_task_s_handle_on_the_document() {
        // The board task drops its `Doc` before its `Touched` (field order).
        let doc = Doc::new();
        let touched = Touched::watch(&doc, &ROOTS);
        drop(doc);
        drop(touched);
    }

    #[test]
    fn dropping_stops_collecting() {
        let doc = Doc::new();
        let touched = Touched::watch(&doc, &ROOTS);
        let paths = touched.paths.clone();
        drop(touched);
        let meta = doc.get_or_insert_map("meta");
        meta.insert(&mut doc.transact_mut(), "title", "x");
        assert!(lock(&paths).is_empty());
    }
}

#[cfg(test)]
mod region_tests {
    //! The layout locks: an item is judged by where it was before the update, too.
    use super::*;
    use board::{Board, BoardEnv};
    use yrs::updates::decoder::Decode;
    use yrs::{StateVector, Transact, Update};

    #[test]
    fn dragging_a_card_out_of_a_locked_region_is_marked() {
        let mut b = Board::new("T", BoardEnv::default());
        b.set_facilitator(true);
        let region = b.add_region("R", 0.0, 0.0, 800.0, 600.0).unwrap();
        let card = b.add_card(board::NewCard::new("x", 100.0, 100.0)).unwrap();
        b.set_region_locked(&region, true).unwrap();
        let doc = Doc::new();
        let full = b
            .doc()
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        doc.transact_mut()
            .apply_update(Update::decode_v1(&full).unwrap())
            .unwrap();
        // Watching only what the write policy of a test needs: the scan must still see the
        // regions and clusters a card lies in.
        let touched = Touched::watch(&doc, &["cards"]);
        let sv = doc.transact().state_vector();
        b.place_card(&card, 5000.0, 0.0).unwrap();
        let diff = b.doc().transact().encode_state_as_update_v1(&sv);
        touched.clear();
        doc.transact_mut()
            .apply_update(Update::decode_v1(&diff).unwrap())
            .unwrap();
        let got: Vec<String> = touched.take().iter().map(ToString::to_string).collect();
        assert!(got.contains(&format!("cards/{card}/locked")), "{got:?}");
    }

    #[test]
    fn a_card_or_field_created_inside_a_locked_region_is_marked() {
        let mut b = Board::new("T", BoardEnv::default());
        b.set_facilitator(true);
        let region = b.add_region("R", 0.0, 0.0, 800.0, 600.0).unwrap();
        b.set_region_locked(&region, true).unwrap();
        let doc = Doc::new();
        let full = b
            .doc()
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        doc.transact_mut()
            .apply_update(Update::decode_v1(&full).unwrap())
            .unwrap();
        let touched = Touched::watch(&doc, &["cards", "clusters"]);
        let sv = doc.transact().state_vector();
        let card = b.add_card(board::NewCard::new("x", 100.0, 100.0)).unwrap();
        let field = b.add_cluster("F", 200.0, 200.0).unwrap();
        let diff = b.doc().transact().encode_state_as_update_v1(&sv);
        touched.clear();
        doc.transact_mut()
            .apply_update(Update::decode_v1(&diff).unwrap())
            .unwrap();
        let got: Vec<String> = touched.take().iter().map(ToString::to_string).collect();
        assert!(got.contains(&format!("cards/{card}/locked")), "{got:?}");
        assert!(got.contains(&format!("clusters/{field}/locked")), "{got:?}");
    }

    #[test]
    fn list_content_written_into_a_guarded_map_touches_the_map() {
        let server = Doc::new();
        let touched = Touched::watch(&server, &["agenda"]);
        // A client that takes `agenda` for an array.
        let client = Doc::new();
        let list = client.get_or_insert_array("agenda");
        {
            use yrs::Array;
            let mut txn = client.transact_mut();
            list.push_back(&mut txn, "sneaky");
        }
        let update = client
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        touched.clear();
        server
            .transact_mut()
            .apply_update(Update::decode_v1(&update).unwrap())
            .unwrap();
        let got: Vec<String> = touched.take().iter().map(ToString::to_string).collect();
        assert_eq!(got, ["agenda"]);
    }

    #[test]
    fn touched_cards_carry_their_authors_before_and_after() {
        let mut b = Board::new("T", BoardEnv::default());
        b.set_facilitator(true);
        b.set_author("p-anna".into());
        let kept = b.add_card(board::NewCard::new("bleibt", 0.0, 0.0)).unwrap();
        let gone = b.add_card(board::NewCard::new("geht", 0.0, 200.0)).unwrap();
        let doc = Doc::new();
        let full = b
            .doc()
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        doc.transact_mut()
            .apply_update(Update::decode_v1(&full).unwrap())
            .unwrap();
        let touched = Touched::watch(&doc, &["cards"]);
        let sv = doc.transact().state_vector();
        b.set_author("p-bert".into());
        b.set_card_text(&kept, "anders").unwrap();
        b.delete_card(&gone).unwrap();
        let new = b.add_card(board::NewCard::new("neu", 0.0, 400.0)).unwrap();
        let diff = b.doc().transact().encode_state_as_update_v1(&sv);
        touched.clear();
        doc.transact_mut()
            .apply_update(Update::decode_v1(&diff).unwrap())
            .unwrap();
        let facts = touched.facts(board::Rights::default());
        let change = |before: Option<&str>, after: Option<&str>| CardChange {
            before: before.map(Into::into),
            after: after.map(Into::into),
        };
        assert_eq!(
            facts.cards.get(&kept),
            Some(&change(Some("p-anna"), Some("p-anna")))
        );
        assert_eq!(facts.cards.get(&gone), Some(&change(Some("p-anna"), None)));
        assert_eq!(facts.cards.get(&new), Some(&change(None, Some("p-bert"))));
        assert!(facts.complete);
        // Taken once: the next update starts afresh.
        touched.clear();
        assert!(touched.facts(board::Rights::default()).cards.is_empty());
    }
}
