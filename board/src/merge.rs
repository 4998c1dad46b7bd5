//! Merging fields after a vote (seed: Bildung + Sprache → "Bildung / Sprache"). A merge
//! makes a new cluster and points the merged ones at it with `merged_into`; their cards
//! keep their own `cluster` key and are shown in the new field. So an unmerge restores
//! every card exactly, and a tally adds the sources' dots into the merged field.
//!
//! A merge is named the same way wherever it appears (the wall's badge, the ranking, the
//! CSV, the documentation's fields, merge list and ranking): [`merge_name`] and
//! [`merge_name_with_points`], the merged fields in the wall's order.

use yrs::{Map, MapRef, ReadTxn, Transact};

use crate::board::{clean_title, Board};
use crate::card::members;
use crate::cluster::insert_cluster;
use crate::error::BoardError;
use crate::ids::ClusterId;
use crate::read;
use crate::schema::{card as card_key, cluster as key};

/// The name of a merge: the merged fields' headings in the wall's order (as
/// [`Board::merge_sources`] and a tally's sources list them), joined by " + "
/// ("Bildung + Sprache").
pub fn merge_name<S: AsRef<str>>(titles: &[S]) -> String {
    titles
        .iter()
        .map(|t| t.as_ref().trim())
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The name of a merge with each field's own points, in the same order and with the same
/// joint as [`merge_name`]: "Bildung (42) + Sprache (32)".
pub fn merge_name_with_points<S: AsRef<str>>(sources: &[(S, u32)]) -> String {
    sources
        .iter()
        .map(|(t, p)| format!("{} ({p})", t.as_ref().trim()))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Longest chain of merges followed; longer (or circular) chains count as not merged.
const MAX_DEPTH: usize = 32;

/// The field `id` ends up in after following `merged_into`: itself if not merged, `None`
/// if `id` is no cluster. A chain that loops or names a missing cluster stops being a
/// merge at the break, so no cluster (and none of its cards) ever disappears from view.
pub(crate) fn field_of<T: ReadTxn>(txn: &T, clusters: &MapRef, id: &str) -> Option<ClusterId> {
    read::map(txn, clusters, id)?;
    let mut chain = vec![id.to_owned()];
    loop {
        let here = chain.last().expect("chain starts non-empty");
        let map = read::map(txn, clusters, here)?;
        let Some(next) = read::string(txn, &map, key::MERGED_INTO)
            .filter(|n| read::map(txn, clusters, n).is_some())
        else {
            return chain.pop();
        };
        if chain.contains(&next) || chain.len() > MAX_DEPTH {
            return Some(id.to_owned()); // a loop: treat the whole chain as unmerged
        }
        chain.push(next);
    }
}

impl Board {
    /// Merges the fields `ids` (at least two, none merged already) into a new field titled
    /// `title`, at the first one's place and colour. Undoable like any wall edit.
    pub fn merge_clusters(
        &mut self,
        ids: &[ClusterId],
        title: &str,
    ) -> Result<ClusterId, BoardError> {
        let title = clean_title(title)?;
        let mut unique: Vec<&ClusterId> = Vec::new();
        for id in ids {
            if !unique.contains(&id) {
                unique.push(id);
            }
        }
        if unique.len() < 2 {
            return Err(BoardError::Merge("pick at least two fields"));
        }
        let first = self
            .cluster(unique[0])
            .ok_or_else(|| BoardError::UnknownCluster(unique[0].clone()))?;
        for id in &unique {
            let c = self
                .cluster(id)
                .ok_or_else(|| BoardError::UnknownCluster((*id).clone()))?;
            if c.merged_into.is_some() {
                return Err(BoardError::Merge("a field is merged already"));
            }
        }
        Ok(self.step(|txn, r| {
            let id = insert_cluster(txn, r, title, first.x, first.y, first.color);
            for source in &unique {
                if let Some(map) = read::map(txn, &r.clusters, source) {
                    read::set_string(txn, &map, key::MERGED_INTO, &id);
                }
            }
            id
        }))
    }

    /// Undoes a merge: the fields merged into `id` stand on their own again with their own
    /// cards; cards dropped into the merged field since go to the first of them. The merged
    /// field is deleted.
    pub fn unmerge_cluster(&mut self, id: &str) -> Result<(), BoardError> {
        if self.cluster(id).is_none() {
            return Err(BoardError::UnknownCluster(id.to_owned()));
        }
        let sources = self.merge_sources(id);
        let Some(first) = sources.first().cloned() else {
            return Err(BoardError::Merge("not a merged field"));
        };
        self.step(|txn, r| {
            for source in &sources {
                if let Some(map) = read::map(txn, &r.clusters, source) {
                    read::remove(txn, &map, key::MERGED_INTO);
                }
            }
            let last = members(txn, &r.cards, &first).last().map_or(0.0, |m| m.2);
            for (i, (_, card, _)) in members(txn, &r.cards, id).iter().enumerate() {
                read::set_string(txn, card, card_key::CLUSTER, &first);
                read::set_number(txn, card, card_key::ORDER, last + 1.0 + i as f64);
            }
            r.clusters.remove(txn, id);
        });
        Ok(())
    }

    /// The fields merged directly into `id`, by position.
    pub fn merge_sources(&self, id: &str) -> Vec<ClusterId> {
        let clusters = self.clusters();
        let txn = self.doc.transact();
        clusters
            .into_iter()
            .filter(|c| {
                read::map(&txn, &self.roots.clusters, &c.id)
                    .and_then(|m| read::string(&txn, &m, key::MERGED_INTO))
                    .as_deref()
                    == Some(id)
            })
            .map(|c| c.id)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::testing::board;
    use crate::card::NewCard;

    #[test]
    fn merged_fields_show_their_cards_in_the_new_field_and_unmerge_exactly() {
        let mut b = board();
        let bildung = b.add_cluster("Bildung", 0.0, 0.0).unwrap();
        let sprache = b.add_cluster("Sprache", 300.0, 0.0).unwrap();
        let c1 = b
            .add_card(NewCard::new("Zugang zur Bildung", 0.0, 0.0))
            .unwrap();
        let c2 = b
            .add_card(NewCard::new("Gleicher Zugang zu Sprache", 0.0, 0.0))
            .unwrap();
        b.put_card_in_cluster(&c1, &bildung, 0).unwrap();
        b.put_card_in_cluster(&c2, &sprache, 0).unwrap();
        let merged = b
            .merge_clusters(&[bildung.clone(), sprache.clone()], "Bildung / Sprache")
            .unwrap();
        assert_eq!(
            b.cluster(&bildung).unwrap().merged_into.as_deref(),
            Some(merged.as_str())
        );
        let groups = b.card_groups();
        let inside: Vec<&str> = groups.clusters[&merged]
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(
            inside,
            vec![c1.as_str(), c2.as_str()],
            "sources in position order"
        );
        assert_eq!(
            b.merge_sources(&merged),
            vec![bildung.clone(), sprache.clone()]
        );
        assert_eq!(
            b.merge_clusters(&[bildung.clone(), merged.clone()], "x"),
            Err(BoardError::Merge("a field is merged already"))
        );
        b.unmerge_cluster(&merged).unwrap();
        assert!(b.cluster(&merged).is_none());
        assert_eq!(
            b.card(&c1).unwrap().cluster.as_deref(),
            Some(bildung.as_str())
        );
        assert_eq!(
            b.card(&c2).unwrap().cluster.as_deref(),
            Some(sprache.as_str())
        );
        assert_eq!(b.cluster(&sprache).unwrap().merged_into, None);
    }

    #[test]
    fn a_merge_is_one_undo_step() {
        let mut b = board();
        let a = b.add_cluster("A", 0.0, 0.0).unwrap();
        let c = b.add_cluster("C", 0.0, 0.0).unwrap();
        let m = b.merge_clusters(&[a.clone(), c.clone()], "A / C").unwrap();
        assert!(b.undo());
        assert!(b.cluster(&m).is_none());
        assert_eq!(b.cluster(&a).unwrap().merged_into, None);
        assert!(b.redo());
        assert_eq!(
            b.cluster(&c).unwrap().merged_into.as_deref(),
            Some(m.as_str())
        );
        assert_eq!(
            b.merge_clusters(&[a.clone(), a], "x"),
            Err(BoardError::Merge("pick at least two fields"))
        );
    }

    #[test]
    fn a_loop_of_merges_hides_nothing() {
        let mut b = board();
        let a = b.add_cluster("A", 0.0, 0.0).unwrap();
        let c = b.add_cluster("C", 0.0, 0.0).unwrap();
        {
            use yrs::Transact;
            let mut txn = b.doc.transact_mut();
            let ma = read::map(&txn, &b.roots.clusters, &a).unwrap();
            let mc = read::map(&txn, &b.roots.clusters, &c).unwrap();
            ma.insert(&mut txn, key::MERGED_INTO, c.as_str());
            mc.insert(&mut txn, key::MERGED_INTO, a.as_str());
        }
        assert_eq!(b.cluster(&a).unwrap().merged_into, None);
        assert_eq!(b.cluster(&c).unwrap().merged_into, None);
    }
}
