//! Locked material: the facilitator locks prepared cards, whole clusters and whole regions
//! of the wall so nobody drags them around by accident. A card in a locked cluster (or in a
//! field merged into a locked one) is locked too, and so is everything anchored in a locked
//! region (see `region.rs`). The board refuses changes to locked items unless it acts for a
//! facilitator; the server refuses them from participant connections all the same.

use yrs::{Map, MapRef, ReadTxn, Transact, TransactionMut};

use crate::board::Board;
use crate::error::BoardError;
use crate::merge::field_of;
use crate::read;
use crate::region::{anchor, in_locked_region};
use crate::schema::{card as card_key, LOCKED};

/// Whether item `id` of root map `root` (`cards` or `clusters`) is locked, in any transaction
/// on a board document (the server asks this about what an update touched).
pub fn item_locked<T: ReadTxn>(txn: &T, root: &str, id: &str) -> bool {
    let (Some(cards), Some(clusters)) = (
        txn.get_map(crate::schema::CARDS),
        txn.get_map(crate::schema::CLUSTERS),
    ) else {
        return false;
    };
    match root {
        crate::schema::CARDS => card_locked(txn, &cards, &clusters, id),
        crate::schema::CLUSTERS => cluster_locked(txn, &clusters, id),
        _ => false,
    }
}

/// Whether a card or cluster map carries `locked: true`.
pub fn is_locked<T: ReadTxn>(txn: &T, map: &MapRef) -> bool {
    read::boolean(txn, map, LOCKED).unwrap_or(false)
}

/// Whether the card is locked: by itself, by the field showing it, or, when free, by the
/// region it lies in.
pub(crate) fn card_locked<T: ReadTxn>(
    txn: &T,
    cards: &MapRef,
    clusters: &MapRef,
    id: &str,
) -> bool {
    let Some(card) = read::map(txn, cards, id) else {
        return false;
    };
    let home = read::string(txn, &card, card_key::CLUSTER)
        .filter(|h| read::map(txn, clusters, h).is_some());
    card_map_locked(txn, clusters, &card, home.as_deref())
}

/// [`card_locked`] for a card map whose existing `home` cluster is already known.
pub(crate) fn card_map_locked<T: ReadTxn>(
    txn: &T,
    clusters: &MapRef,
    card: &MapRef,
    home: Option<&str>,
) -> bool {
    if is_locked(txn, card) {
        return true;
    }
    match home {
        Some(h) => cluster_locked(txn, clusters, h),
        None => {
            let (x, y) = anchor(txn, card);
            in_locked_region(txn, x, y)
        }
    }
}

/// Sets or clears `locked` on a card, cluster or region map.
pub(crate) fn write_locked(txn: &mut TransactionMut, map: &MapRef, locked: bool) {
    if locked {
        map.insert(txn, LOCKED, true);
    } else {
        read::remove(txn, map, LOCKED);
    }
}

/// Whether the cluster is locked: by itself, by the field it was merged into, or by the
/// region that field lies in.
pub(crate) fn cluster_locked<T: ReadTxn>(txn: &T, clusters: &MapRef, id: &str) -> bool {
    let own = read::map(txn, clusters, id).is_some_and(|c| is_locked(txn, &c));
    let field = field_of(txn, clusters, id).and_then(|f| read::map(txn, clusters, &f));
    own || field.is_some_and(|f| {
        let (x, y) = anchor(txn, &f);
        is_locked(txn, &f) || in_locked_region(txn, x, y)
    })
}

impl Board {
    /// Acts for a facilitator (locks do not apply) or not.
    pub fn set_facilitator(&mut self, facilitator: bool) {
        self.facilitator = facilitator;
    }

    /// Locks or unlocks a card (facilitators only).
    pub fn set_card_locked(&mut self, id: &str, locked: bool) -> Result<(), BoardError> {
        let cards = self.roots.cards.clone();
        self.set_locked(&cards, id, locked)
            .map_err(|()| BoardError::UnknownCard(id.to_owned()))
    }

    /// Locks or unlocks a cluster and with it its cards (facilitators only).
    pub fn set_cluster_locked(&mut self, id: &str, locked: bool) -> Result<(), BoardError> {
        let clusters = self.roots.clusters.clone();
        self.set_locked(&clusters, id, locked)
            .map_err(|()| BoardError::UnknownCluster(id.to_owned()))
    }

    fn set_locked(&mut self, root: &MapRef, id: &str, locked: bool) -> Result<(), ()> {
        if !self.facilitator {
            return Ok(()); // the UI offers it to facilitators only; others change nothing
        }
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        let map = read::map(&txn, root, id).ok_or(())?;
        write_locked(&mut txn, &map, locked);
        Ok(())
    }

    /// Refuses a change to a locked card unless acting for a facilitator.
    pub(crate) fn guard_card(&self, id: &str) -> Result<(), BoardError> {
        let txn = self.doc.transact();
        if !self.facilitator && card_locked(&txn, &self.roots.cards, &self.roots.clusters, id) {
            return Err(BoardError::Locked);
        }
        Ok(())
    }

    /// Refuses a change to a locked cluster unless acting for a facilitator.
    pub(crate) fn guard_cluster(&self, id: &str) -> Result<(), BoardError> {
        let txn = self.doc.transact();
        if !self.facilitator && cluster_locked(&txn, &self.roots.clusters, id) {
            return Err(BoardError::Locked);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::board::testing::board;
    use crate::card::NewCard;
    use crate::error::BoardError;

    #[test]
    fn locked_cards_and_clusters_refuse_changes_except_from_the_facilitator() {
        let mut b = board();
        let stats = b.add_cluster("Daten und Fakten", 0.0, 0.0).unwrap();
        let prepared = b
            .add_card(NewCard::new(
                "Anteil mit Migrationshintergrund: 27 %",
                0.0,
                0.0,
            ))
            .unwrap();
        let free = b.add_card(NewCard::new("Vorbereitet", 300.0, 0.0)).unwrap();
        let mine = b.add_card(NewCard::new("Meine These", 600.0, 0.0)).unwrap();
        b.put_card_in_cluster(&prepared, &stats, 0).unwrap();
        b.set_facilitator(true);
        b.set_cluster_locked(&stats, true).unwrap();
        b.set_card_locked(&free, true).unwrap();
        b.set_facilitator(false);
        assert!(b.card(&prepared).unwrap().locked, "locked by its cluster");
        assert!(b.card(&free).unwrap().locked);
        assert!(b.cluster(&stats).unwrap().locked);
        assert_eq!(b.place_card(&free, 10.0, 10.0), Err(BoardError::Locked));
        assert_eq!(b.set_card_text(&free, "anders"), Err(BoardError::Locked));
        assert_eq!(b.delete_card(&prepared), Err(BoardError::Locked));
        assert_eq!(
            b.put_card_in_cluster(&prepared, &stats, 0),
            Err(BoardError::Locked)
        );
        assert_eq!(
            b.put_card_in_cluster(&mine, &stats, 0),
            Err(BoardError::Locked),
            "nothing joins a locked cluster"
        );
        assert_eq!(b.move_cluster(&stats, 50.0, 50.0), Err(BoardError::Locked));
        assert_eq!(b.rename_cluster(&stats, "Zahlen"), Err(BoardError::Locked));
        assert_eq!(b.delete_cluster(&stats), Err(BoardError::Locked));
        b.set_card_locked(&free, false).unwrap();
        assert!(
            b.card(&free).unwrap().locked,
            "only the facilitator unlocks"
        );
        b.place_card(&mine, 5.0, 5.0).unwrap();
        b.set_facilitator(true);
        b.move_cluster(&stats, 50.0, 50.0).unwrap();
        b.set_card_locked(&free, false).unwrap();
        b.set_facilitator(false);
        b.place_card(&free, 10.0, 10.0).unwrap();
    }
}
