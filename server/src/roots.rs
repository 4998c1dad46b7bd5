//! [`RootWatch`]: the names of the root types a transaction touches outside the ones
//! `touched.rs` observes in depth, so the write policy can refuse writes to roots the app never
//! shows (a participant filling the board through `zzz`). It only reports names; `policy.rs`
//! decides.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use yrs::{BranchID, Doc, Out, ReadTxn, Transact, TransactionMut};

/// Observer key of the after-transaction callback (yrs 0.28 keys observers by origin).
const OBSERVER: &str = "kartenwand-write-policy-roots";

/// Watches one document for changes to root types other than `skip`.
pub struct RootWatch {
    /// Keeps the document alive for unregistering on drop, and for [`RootWatch::settle`].
    doc: Doc,
    /// Root names touched since the last `clear`/`take`. A std `Mutex`: filled by the callback
    /// on the board task's own thread during a commit, never contended.
    names: Arc<Mutex<Vec<Arc<str>>>>,
    /// A root without a type appeared (see [`RootWatch::settle`]).
    untyped: Arc<AtomicBool>,
    /// The callback could not be registered: report every transaction as touching an
    /// unwatched root, so that checked writers are refused rather than let through unseen.
    blind: bool,
}

impl RootWatch {
    /// Starts reporting the roots touched on `doc`, except those named in `skip` (the ones
    /// observed in depth elsewhere). Types the roots it finds untyped (see `settle`).
    pub fn watch(doc: &Doc, skip: &[&str]) -> RootWatch {
        let names: Arc<Mutex<Vec<Arc<str>>>> = Arc::default();
        let untyped = Arc::new(AtomicBool::new(false));
        let skip: HashSet<Arc<str>> = skip.iter().map(|s| Arc::from(*s)).collect();
        // The roots the document arrived with are not news; untyped ones get a type below.
        let (mut seen, arrived_untyped) = {
            let txn = doc.transact();
            let seen: HashSet<Arc<str>> =
                txn.root_refs().map(|(name, _)| Arc::from(name)).collect();
            let untyped = txn
                .root_refs()
                .any(|(_, value)| matches!(value, Out::UndefinedRef(_)));
            (seen, untyped)
        };
        let (sink, flag) = (names.clone(), untyped.clone());
        let registered =
            doc.observe_after_transaction(OBSERVER, move |txn: &mut TransactionMut| {
                let mut found = Vec::new();
                // Every type an event fired for, and its ancestors up to the root: a card edit
                // lists a few entries, so this costs next to nothing.
                for branch in txn.changed_parent_types() {
                    if let BranchID::Root(name) = branch.id() {
                        if !skip.contains(&name) {
                            found.push(name);
                        }
                    }
                }
                // A write that creates a root leaves it untyped, and yrs fires no event for an
                // untyped type: a root is new when the count of roots grows (roots never go).
                if txn.root_refs().count() != seen.len() {
                    for (name, value) in txn.root_refs() {
                        if seen.insert(Arc::from(name)) && !skip.contains(name) {
                            found.push(Arc::from(name));
                        }
                        if matches!(value, Out::UndefinedRef(_)) {
                            flag.store(true, Ordering::Relaxed);
                        }
                    }
                }
                if !found.is_empty() {
                    lock(&sink).extend(found);
                }
            });
        if let Err(e) = &registered {
            tracing::warn!(error = %e, "cannot watch the document's roots; participants' updates will be refused");
        }
        let watch = RootWatch {
            doc: doc.clone(),
            names,
            untyped,
            blind: registered.is_err(),
        };
        watch.untyped.store(arrived_untyped, Ordering::Relaxed);
        watch.settle();
        watch.clear();
        watch
    }

    /// Gives every untyped root the map type, so that later changes to it fire events and
    /// show up in the transaction's changed types. Writes nothing to the document: a root's
    /// type is local, and every Kartenwand root is a map (docs/SCHEMA.md). Call it while no
    /// transaction is open.
    pub fn settle(&self) {
        if !self.untyped.swap(false, Ordering::Relaxed) {
            return;
        }
        let untyped: Vec<String> = {
            let txn = self.doc.transact();
            txn.root_refs()
                .filter(|(_, value)| matches!(value, Out::UndefinedRef(_)))
                .map(|(name, _)| name.to_string())
                .collect()
        };
        for name in untyped {
            self.doc.get_or_insert_map(name);
        }
    }

    /// Forgets what was reported.
    pub fn clear(&self) {
        lock(&self.names).clear();
    }

    /// The root names reported since the last `clear` or `take` (may repeat).
    pub fn take(&self) -> Vec<Arc<str>> {
        let mut names = std::mem::take(&mut *lock(&self.names));
        if self.blind {
            names.push(Arc::from("(unwatched)"));
        }
        names
    }
}

impl Drop for RootWatch {
    fn drop(&mut self) {
        // Fails only while a transaction is open, which the board task never holds here.
        let _ = self.doc.unobserve_after_transaction(OBSERVER);
    }
}

fn lock(names: &Mutex<Vec<Arc<str>>>) -> MutexGuard<'_, Vec<Arc<str>>> {
    // Nothing panics while holding it; recover the list if something did.
    names.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::updates::decoder::Decode;
    use yrs::{Array, Map, StateVector, Text, Update};

    /// Applies everything `client` has beyond `server` and returns the sorted root names.
    fn sync(server: &Doc, watch: &RootWatch, client: &Doc) -> Vec<String> {
        let sv = server.transact().state_vector();
        let diff = client.transact().encode_state_as_update_v1(&sv);
        watch.settle();
        watch.clear();
        server
            .transact_mut()
            .apply_update(Update::decode_v1(&diff).expect("decodes"))
            .expect("applies");
        let mut names: Vec<String> = watch.take().iter().map(|n| n.to_string()).collect();
        names.sort();
        names.dedup();
        names
    }

    #[test]
    fn unknown_roots_are_reported_by_name_first_write_and_later_ones() {
        let server = Doc::new();
        let watch = RootWatch::watch(&server, &["cards"]);
        let client = Doc::new();

        let cards = client.get_or_insert_map("cards");
        cards.insert(&mut client.transact_mut(), "c1", "x");
        assert!(sync(&server, &watch, &client).is_empty(), "skipped roots");

        let zzz = client.get_or_insert_map("zzz");
        zzz.insert(&mut client.transact_mut(), "a", "1");
        assert_eq!(sync(&server, &watch, &client), ["zzz"], "a new root");
        zzz.insert(&mut client.transact_mut(), "b", "2");
        assert_eq!(
            sync(&server, &watch, &client),
            ["zzz"],
            "a root it has seen"
        );
        zzz.remove(&mut client.transact_mut(), "a");
        assert_eq!(sync(&server, &watch, &client), ["zzz"], "a deletion");

        let text = client.get_or_insert_text("blob");
        text.insert(&mut client.transact_mut(), 0, "raw text");
        assert_eq!(sync(&server, &watch, &client), ["blob"]);
        text.insert(&mut client.transact_mut(), 0, "more ");
        assert_eq!(
            sync(&server, &watch, &client),
            ["blob"],
            "text on a typed root"
        );

        let list = client.get_or_insert_array("list");
        list.push_back(&mut client.transact_mut(), "x");
        assert_eq!(sync(&server, &watch, &client), ["list"]);
        list.push_back(&mut client.transact_mut(), "y");
        assert_eq!(sync(&server, &watch, &client), ["list"]);

        // Nested: a map inside a known-but-unwatched root.
        let sheets = client.get_or_insert_map("worksheets");
        sheets.insert(&mut client.transact_mut(), "w1", yrs::MapPrelim::default());
        assert_eq!(sync(&server, &watch, &client), ["worksheets"]);
    }

    #[test]
    fn roots_a_document_arrives_with_are_watched_too() {
        let client = Doc::new();
        let zzz = client.get_or_insert_text("zzz");
        zzz.insert(&mut client.transact_mut(), 0, "before");
        let server = Doc::new();
        let all = client
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        server
            .transact_mut()
            .apply_update(Update::decode_v1(&all).expect("decodes"))
            .expect("applies");
        let watch = RootWatch::watch(&server, &["cards"]);
        let cards = client.get_or_insert_map("cards");
        cards.insert(&mut client.transact_mut(), "c1", "x");
        assert!(sync(&server, &watch, &client).is_empty(), "not touched");
        zzz.insert(&mut client.transact_mut(), 0, "after ");
        assert_eq!(sync(&server, &watch, &client), ["zzz"]);
    }

    #[test]
    fn dropping_stops_reporting() {
        let doc = Doc::new();
        let watch = RootWatch::watch(&doc, &[]);
        let names = watch.names.clone();
        drop(watch);
        let zzz = doc.get_or_insert_map("zzz");
        zzz.insert(&mut doc.transact_mut(), "a", "1");
        assert!(lock(&names).is_empty());
    }
}
