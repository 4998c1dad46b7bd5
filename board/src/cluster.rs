//! Cluster operations on [`Board`] and the read-only [`ClusterView`].
//! A cluster is a heading with a position; its cards point to it through their `cluster` field.

use std::cmp::Ordering;

use yrs::{In, Map, MapPrelim, MapRef, Out, ReadTxn, TextPrelim, Transact, TransactionMut};

use crate::board::{clean_title, Board, Roots};
use crate::card::{members, write_text, CardColor};
use crate::error::BoardError;
use crate::ids::{new_id, ClusterId};
use crate::merge::field_of;
use crate::read;
use crate::schema::{card as card_key, cluster as key};

/// Vertical gap between a deleted cluster's position and the first of its freed cards.
const FREED_TOP: f64 = 80.0;
/// Vertical distance between freed cards in the column left by a deleted cluster.
const FREED_STEP: f64 = 130.0;

/// A cluster as read from the document: a plain snapshot, cheap to compare.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterView {
    /// The cluster's key in `clusters`.
    pub id: ClusterId,
    /// Heading.
    pub title: String,
    /// Left edge on the wall.
    pub x: f64,
    /// Top edge on the wall.
    pub y: f64,
    /// Colour (unknown names read as yellow).
    pub color: CardColor,
    /// The field this one was merged into (following merges of merges), if any.
    pub merged_into: Option<ClusterId>,
    /// Locked by the facilitator (itself or through the field it was merged into).
    pub locked: bool,
}

impl ClusterView {
    /// Reads one cluster map; missing or mistyped fields take defaults.
    pub(crate) fn read<T: ReadTxn>(txn: &T, clusters: &MapRef, id: &str, cluster: &MapRef) -> Self {
        ClusterView {
            id: id.to_owned(),
            title: read::text(txn, cluster, key::TITLE).unwrap_or_default(),
            x: read::number(txn, cluster, key::X).unwrap_or(0.0),
            y: read::number(txn, cluster, key::Y).unwrap_or(0.0),
            color: CardColor::read(txn, cluster, key::COLOR),
            merged_into: field_of(txn, clusters, id).filter(|f| f != id),
            locked: crate::lock::cluster_locked(txn, clusters, id),
        }
    }

    fn by_position(a: &ClusterView, b: &ClusterView) -> Ordering {
        a.x.total_cmp(&b.x)
            .then_with(|| a.y.total_cmp(&b.y))
            .then_with(|| a.id.cmp(&b.id))
    }
}

/// Inserts a new cluster under a fresh id (checked against the existing ones); returns the id.
pub(crate) fn insert_cluster(
    txn: &mut TransactionMut,
    r: &Roots,
    title: &str,
    x: f64,
    y: f64,
    color: CardColor,
) -> ClusterId {
    let mut id = new_id();
    while r.clusters.contains_key(txn, &id) {
        id = new_id();
    }
    let fields: [(&str, In); 4] = [
        (key::TITLE, TextPrelim::new(title).into()),
        (key::X, read::finite(x).into()),
        (key::Y, read::finite(y).into()),
        (key::COLOR, color.as_str().into()),
    ];
    r.clusters.insert(txn, id.as_str(), MapPrelim::from(fields));
    id
}

fn cluster_map<T: ReadTxn>(txn: &T, r: &Roots, id: &str) -> Result<MapRef, BoardError> {
    read::map(txn, &r.clusters, id).ok_or_else(|| BoardError::UnknownCluster(id.to_owned()))
}

impl Board {
    /// Adds a cluster with this heading (trimmed, not blank) at `x`,`y`; returns its id.
    pub fn add_cluster(&mut self, title: &str, x: f64, y: f64) -> Result<ClusterId, BoardError> {
        self.guard_right(crate::rights::Right::Fields)?;
        let title = clean_title(title)?;
        self.guard_spot(x, y)?;
        Ok(self.step(|txn, r| insert_cluster(txn, r, title, x, y, CardColor::default())))
    }

    /// Changes the heading (trimmed, not blank), touching only the part that differs.
    pub fn rename_cluster(&mut self, id: &str, title: &str) -> Result<(), BoardError> {
        self.guard_right(crate::rights::Right::Fields)?;
        self.guard_cluster(id)?;
        let title = clean_title(title)?;
        self.step(|txn, r| {
            let cluster = cluster_map(txn, r, id)?;
            write_text(txn, &cluster, key::TITLE, title);
            Ok(())
        })
    }

    /// Moves the cluster; its cards follow because they are laid out inside it.
    pub fn move_cluster(&mut self, id: &str, x: f64, y: f64) -> Result<(), BoardError> {
        self.guard_right(crate::rights::Right::Fields)?;
        self.guard_cluster(id)?;
        self.guard_spot(x, y)?;
        self.step(|txn, r| {
            let cluster = cluster_map(txn, r, id)?;
            read::set_number(txn, &cluster, key::X, read::finite(x));
            read::set_number(txn, &cluster, key::Y, read::finite(y));
            Ok(())
        })
    }

    /// Moves several clusters in one step, which one undo takes back ("Felder anordnen").
    /// Fails, moving none, if any of them is unknown or held.
    pub fn move_clusters(&mut self, moves: &[(ClusterId, f64, f64)]) -> Result<(), BoardError> {
        self.guard_right(crate::rights::Right::Fields)?;
        for (id, x, y) in moves {
            self.guard_cluster(id)?;
            self.guard_spot(*x, *y)?;
            cluster_map(&self.doc.transact(), &self.roots, id)?;
        }
        self.step(|txn, r| {
            for (id, x, y) in moves {
                let cluster = cluster_map(txn, r, id)?;
                read::set_number(txn, &cluster, key::X, read::finite(*x));
                read::set_number(txn, &cluster, key::Y, read::finite(*y));
            }
            Ok(())
        })
    }

    /// Changes the cluster's colour.
    pub fn set_cluster_color(&mut self, id: &str, color: CardColor) -> Result<(), BoardError> {
        self.guard_right(crate::rights::Right::Fields)?;
        self.guard_cluster(id)?;
        self.step(|txn, r| {
            let cluster = cluster_map(txn, r, id)?;
            read::set_string(txn, &cluster, key::COLOR, color.as_str());
            Ok(())
        })
    }

    /// Deletes the cluster. Its cards become free cards in a column at the cluster's
    /// position: card `i` (in cluster order) goes to `x`, `y + 80 + i·130`.
    pub fn delete_cluster(&mut self, id: &str) -> Result<(), BoardError> {
        self.guard_right(crate::rights::Right::Fields)?;
        self.guard_cluster(id)?;
        self.step(|txn, r| {
            let cluster = cluster_map(txn, r, id)?;
            let x = read::number(txn, &cluster, key::X).unwrap_or(0.0);
            let y = read::number(txn, &cluster, key::Y).unwrap_or(0.0);
            for (i, (_, card, _)) in members(txn, &r.cards, id).iter().enumerate() {
                read::set_number(txn, card, card_key::X, x);
                read::set_number(
                    txn,
                    card,
                    card_key::Y,
                    y + FREED_TOP + i as f64 * FREED_STEP,
                );
                read::remove(txn, card, card_key::CLUSTER);
            }
            r.clusters.remove(txn, id);
            Ok(())
        })
    }

    /// The cluster with this id, if it exists.
    pub fn cluster(&self, id: &str) -> Option<ClusterView> {
        let txn = self.doc.transact();
        let cluster = read::map(&txn, &self.roots.clusters, id)?;
        Some(ClusterView::read(&txn, &self.roots.clusters, id, &cluster))
    }

    /// All clusters, sorted by (x, y, id).
    pub fn clusters(&self) -> Vec<ClusterView> {
        let txn = self.doc.transact();
        let mut clusters: Vec<ClusterView> = self
            .roots
            .clusters
            .iter(&txn)
            .filter_map(|(id, value)| match value {
                Out::YMap(c) => Some(ClusterView::read(&txn, &self.roots.clusters, id, &c)),
                _ => None,
            })
            .collect();
        crate::sort::sort_by(&mut clusters, ClusterView::by_position);
        clusters
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::testing::board;
    use crate::{schema, CardId, NewCard, MAX_TITLE};
    use yrs::Transact;

    fn card_in(b: &mut Board, text: &str, cluster: &str) -> CardId {
        let mut card = NewCard::new(text, 1.0, 2.0);
        card.cluster = Some(cluster.into());
        b.add_card(card).unwrap()
    }

    #[test]
    fn moving_several_clusters_is_one_undo_step() {
        let mut b = board();
        let a = b.add_cluster("Bildung", 0.0, 0.0).unwrap();
        let c = b.add_cluster("Wohnen", 0.0, 100.0).unwrap();
        b.move_clusters(&[(a.clone(), 10.0, 20.0), (c.clone(), 300.0, 20.0)])
            .unwrap();
        assert_eq!(
            (b.cluster(&a).unwrap().x, b.cluster(&c).unwrap().x),
            (10.0, 300.0)
        );
        assert_eq!(
            b.move_clusters(&[(a.clone(), 1.0, 1.0), ("nope".into(), 0.0, 0.0)]),
            Err(BoardError::UnknownCluster("nope".into()))
        );
        assert_eq!(b.cluster(&a).unwrap().x, 10.0, "nothing moved");
        b.undo();
        assert_eq!(
            (b.cluster(&a).unwrap().y, b.cluster(&c).unwrap().y),
            (0.0, 100.0)
        );
    }

    #[test]
    fn add_cluster_trims_and_defaults() {
        let mut b = board();
        let id = b.add_cluster("  Bildung / Sprache ", 100.0, 50.0).unwrap();
        let c = b.cluster(&id).unwrap();
        assert_eq!(c.title, "Bildung / Sprache");
        assert_eq!((c.x, c.y), (100.0, 50.0));
        assert_eq!(c.color, CardColor::Yellow);
        assert_eq!(c.merged_into, None);
        assert_eq!(b.add_cluster(" ", 0.0, 0.0), Err(BoardError::EmptyTitle));
        assert_eq!(
            b.add_cluster(&"x".repeat(MAX_TITLE + 1), 0.0, 0.0),
            Err(BoardError::TooLong { max: MAX_TITLE })
        );
        assert_eq!(b.clusters().len(), 1);
    }

    #[test]
    fn rename_move_recolor() {
        let mut b = board();
        let id = b.add_cluster("Bildung", 0.0, 0.0).unwrap();
        let card = card_in(&mut b, "Kita", &id);
        b.rename_cluster(&id, " Bildung für alle 👍 ").unwrap();
        b.move_cluster(&id, 300.0, 40.0).unwrap();
        b.set_cluster_color(&id, CardColor::Blue).unwrap();
        let c = b.cluster(&id).unwrap();
        assert_eq!(c.title, "Bildung für alle 👍");
        assert_eq!((c.x, c.y, c.color), (300.0, 40.0, CardColor::Blue));
        // Cards follow: still in the cluster, their own x,y untouched.
        let v = b.card(&card).unwrap();
        assert_eq!(
            (v.cluster.as_deref(), v.x, v.y),
            (Some(id.as_str()), 1.0, 2.0)
        );

        assert_eq!(b.rename_cluster(&id, ""), Err(BoardError::EmptyTitle));
        let nope = || BoardError::UnknownCluster("nope".into());
        assert_eq!(b.rename_cluster("nope", "x"), Err(nope()));
        assert_eq!(b.move_cluster("nope", 0.0, 0.0), Err(nope()));
        assert_eq!(b.set_cluster_color("nope", CardColor::Blue), Err(nope()));
        assert_eq!(b.delete_cluster("nope"), Err(nope()));
    }

    #[test]
    fn clusters_sort_by_position() {
        let mut b = board();
        b.add_cluster("c", 200.0, 0.0).unwrap();
        b.add_cluster("b", 100.0, 90.0).unwrap();
        b.add_cluster("a", 100.0, 10.0).unwrap();
        let titles: Vec<String> = b.clusters().into_iter().map(|c| c.title).collect();
        assert_eq!(titles, ["a", "b", "c"]);
    }

    #[test]
    fn delete_cluster_frees_its_cards_in_a_column() {
        let mut b = board();
        let k = b.add_cluster("K", 100.0, 200.0).unwrap();
        let other = b.add_cluster("Andere", 0.0, 0.0).unwrap();
        let c1 = card_in(&mut b, "eins", &k);
        let c2 = card_in(&mut b, "zwei", &k);
        let stays = card_in(&mut b, "bleibt", &other);
        b.delete_cluster(&k).unwrap();
        assert!(b.cluster(&k).is_none());
        let (v1, v2) = (b.card(&c1).unwrap(), b.card(&c2).unwrap());
        assert_eq!((v1.x, v1.y, v1.cluster), (100.0, 280.0, None));
        assert_eq!((v2.x, v2.y, v2.cluster), (100.0, 410.0, None));
        assert_eq!(b.card(&stays).unwrap().cluster, Some(other));
        assert_eq!(b.free_cards().len(), 2);
    }

    #[test]
    fn undo_delete_cluster_restores_it_with_its_cards() {
        let mut b = board();
        let k = b.add_cluster("Bildung", 100.0, 200.0).unwrap();
        let c1 = card_in(&mut b, "eins", &k);
        let c2 = card_in(&mut b, "zwei", &k);
        let before = (b.clusters(), b.cards());
        b.delete_cluster(&k).unwrap();
        assert!(b.undo());
        assert_eq!((b.clusters(), b.cards()), before);
        let ids: Vec<CardId> = b.cluster_cards(&k).into_iter().map(|c| c.id).collect();
        assert_eq!(ids, [c1, c2]);
        b.rename_cluster(&k, "Bildung / Sprache").unwrap();
        assert_eq!(b.cluster(&k).unwrap().title, "Bildung / Sprache");
    }

    #[test]
    fn merged_into_reads_only_existing_targets() {
        let mut b = board();
        let a = b.add_cluster("Bildung", 0.0, 0.0).unwrap();
        let s = b.add_cluster("Sprache", 0.0, 0.0).unwrap();
        {
            let doc = b.doc().clone();
            let clusters = doc.get_or_insert_map(schema::CLUSTERS);
            let mut txn = doc.transact_mut();
            let Some(Out::YMap(m)) = clusters.get(&txn, &s) else {
                panic!("cluster map")
            };
            m.insert(&mut txn, key::MERGED_INTO, a.as_str());
            m.insert(&mut txn, key::COLOR, "mauve");
            clusters.insert(&mut txn, "junk", 5);
        }
        let v = b.cluster(&s).unwrap();
        assert_eq!(v.merged_into, Some(a.clone()));
        assert_eq!(v.color, CardColor::Yellow);
        assert_eq!(b.clusters().len(), 2, "non-map entries are skipped");
        b.delete_cluster(&a).unwrap();
        assert_eq!(b.cluster(&s).unwrap().merged_into, None);
    }
}
