//! Copying one board document into another: the whole of it (a duplicate), or only its
//! design (a template). Both write into a fresh document with its own history, so nothing
//! deleted in the original can be recovered from the copy and no update of one ever applies
//! to the other.

use std::collections::{HashMap, HashSet};

use yrs::{
    Any, Array, ArrayPrelim, GetString, In, Map, MapPrelim, MapRef, Out, ReadTxn, TextPrelim,
    Transact, TransactionMut,
};

use crate::board::Board;
use crate::ids::new_id;
use crate::lock::{card_locked, cluster_locked, is_locked};
use crate::read;
use crate::schema::{
    self, card, cluster, day, exercise, flow, group, meta, round, step, worksheet,
};
use crate::worksheet::Template;

/// A deep copy of `value` for another document; `None` for kinds a board never holds
/// (XML, sub-documents).
fn prelim<T: ReadTxn>(txn: &T, value: Out) -> Option<In> {
    Some(match value {
        Out::Any(a) => In::Any(a),
        Out::YText(t) => In::from(TextPrelim::new(t.get_string(txn))),
        Out::YMap(m) => In::from(map_prelim(txn, &m, |_| true)),
        Out::YArray(a) => In::from(
            a.iter(txn)
                .filter_map(|v| prelim(txn, v))
                .collect::<ArrayPrelim>(),
        ),
        _ => return None,
    })
}

/// A deep copy of the entries of `map` whose key `keep` accepts.
fn map_prelim<T: ReadTxn>(txn: &T, map: &MapRef, keep: impl Fn(&str) -> bool) -> MapPrelim {
    map.iter(txn)
        .filter(|(k, _)| keep(k))
        .filter_map(|(k, v)| Some((k.to_owned(), prelim(txn, v)?)))
        .collect()
}

/// The entries of a root map that are maps (items), with their ids.
fn items<T: ReadTxn>(txn: &T, root: &MapRef) -> Vec<(String, MapRef)> {
    root.iter(txn)
        .filter_map(|(id, v)| match v {
            Out::YMap(m) => Some((id.to_owned(), m)),
            _ => None,
        })
        .collect()
}

/// Points the string under `key` at the copy's id, or removes it when what it named was
/// not copied (a reference to nothing would be worse than none).
fn remap(p: &mut MapPrelim, key: &str, ids: &HashMap<String, String>) {
    let new = match p.get(key) {
        Some(In::Any(Any::String(old))) => ids.get(old.as_ref()).cloned(),
        _ => None,
    };
    match new {
        Some(new) => {
            p.insert(key.into(), In::Any(Any::from(new)));
        }
        None => {
            p.remove(key);
        }
    }
}

/// The root maps of `board` by name, fetched before any transaction is open.
fn roots(board: &Board) -> Vec<(&'static str, MapRef)> {
    schema::ROOTS
        .iter()
        .map(|name| (*name, board.doc.get_or_insert_map(*name)))
        .collect()
}

/// Copies every root map of `src` into the empty board `dst`, ids unchanged: ballots,
/// answers and memberships keep pointing at their rounds, exercises and groups, and each
/// participant keeps their own cards. `meta.title` is left as `dst` has it.
pub(crate) fn copy_all(src: &Board, dst: &Board) {
    let targets = roots(dst);
    let from = src.doc.transact();
    let mut to = dst.doc.transact_mut();
    for (name, target) in targets {
        let Some(source) = from.get_map(name) else {
            continue;
        };
        for (k, v) in source.iter(&from) {
            if name == schema::META && k == meta::TITLE {
                continue;
            }
            if let Some(value) = prelim(&from, v) {
                target.insert(&mut to, k, value);
            }
        }
    }
}

/// What of a board is its design, with the fresh id each item gets in the copy.
struct Design {
    cards: Vec<(String, MapRef)>,
    clusters: Vec<(String, MapRef)>,
    ids: HashMap<String, String>,
}

/// Chooses what a template keeps: the cards the facilitator locked (prepared material), the
/// fields that are locked, hold such a card or are the field of a group or worksheet; every
/// region, facts table, round, group, worksheet, step and exercise.
///
/// A card locked by itself is prepared material. A card locked only by its field or region
/// counts as such when the one saving (`b.author`, the facilitator) wrote it, or nobody did:
/// a field locked after the vote holds the participants' cards, which stay out.
fn choose<T: ReadTxn>(txn: &T, b: &Board) -> Design {
    let r = &b.roots;
    let me = b.author.as_str();
    let prepared = |id: &str, m: &MapRef| {
        is_locked(txn, m)
            || (card_locked(txn, &r.cards, &r.clusters, id)
                && read::string(txn, m, card::AUTHOR).is_none_or(|a| a.is_empty() || a == me))
    };
    let cards: Vec<(String, MapRef)> = items(txn, &r.cards)
        .into_iter()
        .filter(|(id, m)| prepared(id, m))
        .collect();
    let mut wanted: HashSet<String> = cards
        .iter()
        .filter_map(|(_, m)| read::string(txn, m, card::CLUSTER))
        .collect();
    for (_, m) in items(txn, &r.groups) {
        wanted.extend(read::string(txn, &m, group::FIELD));
    }
    for (_, m) in items(txn, &r.worksheets) {
        wanted.extend(read::string(txn, &m, worksheet::FIELD));
    }
    let clusters: Vec<(String, MapRef)> = items(txn, &r.clusters)
        .into_iter()
        .filter(|(id, _)| wanted.contains(id) || cluster_locked(txn, &r.clusters, id))
        .collect();
    // Fresh ids: a round's id names a participant's anonymous ballots (their pseudonym is
    // derived from it), an exercise's their answers; two boards sharing them could be linked.
    let mut ids = HashMap::new();
    for (id, _) in cards.iter().chain(&clusters) {
        ids.insert(id.clone(), new_id());
    }
    for root in [
        &r.regions,
        &r.tables,
        &r.rounds,
        &r.groups,
        &r.worksheets,
        &r.agenda,
        &r.exercises,
    ] {
        for (id, _) in items(txn, root) {
            ids.insert(id, new_id());
        }
    }
    Design {
        cards,
        clusters,
        ids,
    }
}

/// Copies the design of `src` into the empty board `dst` (see `template/mod.rs` for what
/// that is), every item under a fresh id. `meta.title` is left as `dst` has it.
pub(crate) fn copy_design(src: &Board, dst: &Board) {
    let from = src.doc.transact();
    let Design {
        cards,
        clusters,
        ids,
    } = choose(&from, src);
    let r = &src.roots;
    let d = &dst.roots;
    let mut to = dst.doc.transact_mut();
    let put = |to: &mut TransactionMut, root: &MapRef, old: &str, p: MapPrelim| {
        if let Some(new) = ids.get(old) {
            root.insert(to, new.as_str(), p);
        }
    };

    for (k, v) in r.meta.iter(&from) {
        if k != meta::TITLE {
            if let Some(value) = prelim(&from, v) {
                d.meta.insert(&mut to, k, value);
            }
        }
    }
    for (id, m) in &cards {
        // Prepared cards lose their writer: the template names nobody.
        let mut p = map_prelim(&from, m, |k| k != card::AUTHOR && k != card::INCOMING);
        remap(&mut p, card::CLUSTER, &ids);
        put(&mut to, &d.cards, id, p);
    }
    for (id, m) in &clusters {
        let mut p = map_prelim(&from, m, |_| true);
        if p.contains_key(cluster::MERGED_INTO) {
            remap(&mut p, cluster::MERGED_INTO, &ids);
        }
        put(&mut to, &d.clusters, id, p);
    }
    for (id, m) in items(&from, &r.regions) {
        put(&mut to, &d.regions, &id, map_prelim(&from, &m, |_| true));
    }
    // Facts tables are the facilitator's prepared material, like the regions.
    for (id, m) in items(&from, &r.tables) {
        put(&mut to, &d.tables, &id, map_prelim(&from, &m, |_| true));
    }
    for (id, m) in items(&from, &r.rounds) {
        // The rules stay; the round starts over in preparation, without timer or exclusions.
        let mut p = map_prelim(&from, &m, |k| k != round::TIMER_END && k != round::EXCLUDED);
        p.insert(round::STATE.into(), In::Any(Any::from("draft")));
        put(&mut to, &d.rounds, &id, p);
    }
    for (id, m) in items(&from, &r.groups) {
        let mut p = map_prelim(&from, &m, |_| true);
        if p.contains_key(group::FIELD) {
            remap(&mut p, group::FIELD, &ids);
        }
        put(&mut to, &d.groups, &id, p);
    }
    for (id, m) in items(&from, &r.worksheets) {
        let custom = read::string(&from, &m, worksheet::TEMPLATE).and_then(|t| Template::parse(&t))
            == Some(Template::Custom);
        // Plain values (template, title, field, group) stay; of the nested maps only a custom
        // worksheet's own questions do: answers and every list of answers start empty.
        let mut p: MapPrelim = m
            .iter(&from)
            .filter_map(|(k, v)| match v {
                Out::YMap(_) if custom && k == worksheet::QUESTIONS => {
                    Some((k.to_owned(), prelim(&from, v)?))
                }
                Out::YMap(_) => Some((k.to_owned(), In::from(MapPrelim::default()))),
                Out::Any(_) => Some((k.to_owned(), prelim(&from, v)?)),
                _ => None,
            })
            .collect();
        for key in [worksheet::FIELD, worksheet::GROUP] {
            if p.contains_key(key) {
                remap(&mut p, key, &ids);
            }
        }
        put(&mut to, &d.worksheets, &id, p);
    }
    for (id, m) in items(&from, &r.agenda) {
        let mut p = map_prelim(&from, &m, |k| k != step::STARTED);
        if p.contains_key(step::TARGET) {
            remap(&mut p, step::TARGET, &ids);
        }
        put(&mut to, &d.agenda, &id, p);
    }
    if let Some(days) = read::map(&from, &r.flow, flow::DAYS) {
        // The days and their order; the dates belong to one occasion, not to the method.
        let copy: MapPrelim = items(&from, &days)
            .into_iter()
            .map(|(id, m)| (id, In::from(map_prelim(&from, &m, |k| k != day::DATE))))
            .collect();
        d.flow.insert(&mut to, flow::DAYS, copy);
    }
    for (id, m) in items(&from, &r.exercises) {
        put(
            &mut to,
            &d.exercises,
            &id,
            map_prelim(&from, &m, |k| k != exercise::OPEN),
        );
    }
    for (k, v) in r.wordings.iter(&from) {
        if let Some(value) = prelim(&from, v) {
            d.wordings.insert(&mut to, k, value);
        }
    }
}
