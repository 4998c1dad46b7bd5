//! Regions: named areas of the wall the facilitator lays out ("Daten und Fakten", "Tag 1:
//! Sammeln"). An agenda step can run one (phones pan to it), and locking a region locks
//! everything inside it. What is inside is decided by an item's anchor, its top-left corner:
//! the point every replica agrees on without knowing how big a card is drawn.

use std::cmp::Ordering;

use yrs::{In, Map, MapPrelim, MapRef, Out, ReadTxn, Transact};

use crate::board::{clean_title, Board};
use crate::error::BoardError;
use crate::ids::new_id;
use crate::lock::{is_locked, write_locked};
use crate::read;
use crate::schema::{card as card_key, cluster as cluster_key, region as key, REGIONS};

/// Id of a region: a key of `regions`.
pub type RegionId = String;

/// Smallest width or height of a region, so it always has room for its heading.
pub const MIN_REGION_SIZE: f64 = 160.0;

/// A region as read from the document.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionView {
    /// Key in `regions`.
    pub id: RegionId,
    /// Its name.
    pub title: String,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
    /// Locked by the facilitator: nothing inside moves, and nothing new goes in.
    pub locked: bool,
    /// Creation time (ms since the epoch); orders regions that share a position.
    pub created: f64,
}

impl RegionView {
    /// Whether the point lies inside (edges included).
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x && x <= self.x + self.w && y >= self.y && y <= self.y + self.h
    }

    fn read<T: ReadTxn>(txn: &T, id: &str, m: &MapRef) -> RegionView {
        let size = |k| {
            read::number(txn, m, k)
                .unwrap_or(MIN_REGION_SIZE)
                .max(MIN_REGION_SIZE)
        };
        RegionView {
            id: id.to_owned(),
            title: read::string(txn, m, key::TITLE).unwrap_or_default(),
            x: read::number(txn, m, key::X).unwrap_or(0.0),
            y: read::number(txn, m, key::Y).unwrap_or(0.0),
            w: size(key::W),
            h: size(key::H),
            locked: is_locked(txn, m),
            created: read::number(txn, m, key::CREATED).unwrap_or(0.0),
        }
    }

    /// Top to bottom, then left to right: reading order on the wall.
    fn by_position(a: &RegionView, b: &RegionView) -> Ordering {
        a.y.total_cmp(&b.y)
            .then_with(|| a.x.total_cmp(&b.x))
            .then_with(|| a.created.total_cmp(&b.created))
            .then_with(|| a.id.cmp(&b.id))
    }
}

/// Every region of the document (in any transaction: the server asks too).
pub(crate) fn read_regions<T: ReadTxn>(txn: &T) -> Vec<RegionView> {
    let Some(regions) = txn.get_map(REGIONS) else {
        return Vec::new();
    };
    let mut list: Vec<RegionView> = regions
        .iter(txn)
        .filter_map(|(id, v)| match v {
            Out::YMap(m) => Some(RegionView::read(txn, id, &m)),
            _ => None,
        })
        .collect();
    crate::sort::sort_by(&mut list, RegionView::by_position);
    list
}

/// Whether the point lies in a locked region.
pub(crate) fn in_locked_region<T: ReadTxn>(txn: &T, x: f64, y: f64) -> bool {
    let Some(regions) = txn.get_map(REGIONS) else {
        return false;
    };
    // Asked once per card on every read of the wall: no sorting, no allocation.
    regions.iter(txn).any(|(id, v)| match v {
        Out::YMap(m) => is_locked(txn, &m) && RegionView::read(txn, id, &m).contains(x, y),
        _ => false,
    })
}

/// The anchor of a card or cluster map: its stored top-left corner.
pub(crate) fn anchor<T: ReadTxn>(txn: &T, item: &MapRef) -> (f64, f64) {
    // Cards and clusters name their position alike.
    debug_assert_eq!((card_key::X, card_key::Y), (cluster_key::X, cluster_key::Y));
    (
        read::number(txn, item, card_key::X).unwrap_or(0.0),
        read::number(txn, item, card_key::Y).unwrap_or(0.0),
    )
}

fn size(v: f64) -> f64 {
    read::finite(v).max(MIN_REGION_SIZE)
}

impl Board {
    /// Adds a region (facilitators only; the server refuses it from others).
    pub fn add_region(
        &mut self,
        title: &str,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
    ) -> Result<RegionId, BoardError> {
        let title = clean_title(title)?.to_owned();
        let created = self.now();
        Ok(self.step(|txn, r| {
            let mut id = new_id();
            while r.regions.contains_key(txn, &id) {
                id = new_id();
            }
            let fields: [(&str, In); 6] = [
                (key::TITLE, title.into()),
                (key::X, read::finite(x).into()),
                (key::Y, read::finite(y).into()),
                (key::W, size(w).into()),
                (key::H, size(h).into()),
                (key::CREATED, created.into()),
            ];
            r.regions.insert(txn, id.as_str(), MapPrelim::from(fields));
            id
        }))
    }

    /// Renames a region.
    pub fn rename_region(&mut self, id: &str, title: &str) -> Result<(), BoardError> {
        let title = clean_title(title)?.to_owned();
        let map = self.region_map(id)?;
        self.step(|txn, _| read::set_string(txn, &map, key::TITLE, &title));
        Ok(())
    }

    /// Moves a region to `x`,`y`, and with it the free cards and the fields anchored inside:
    /// a region is laid out with its material, and moving it is one undo step.
    pub fn move_region(&mut self, id: &str, x: f64, y: f64) -> Result<(), BoardError> {
        let map = self.region_map(id)?;
        let region = self
            .region(id)
            .ok_or_else(|| BoardError::UnknownRegion(id.to_owned()))?;
        let (x, y) = (read::finite(x), read::finite(y));
        let (dx, dy) = (x - region.x, y - region.y);
        let inside = self.items_inside(&region);
        self.step(|txn, _| {
            for item in &inside {
                let (ix, iy) = anchor(txn, item);
                read::set_number(txn, item, card_key::X, ix + dx);
                read::set_number(txn, item, card_key::Y, iy + dy);
            }
            read::set_number(txn, &map, key::X, x);
            read::set_number(txn, &map, key::Y, y);
        });
        Ok(())
    }

    /// Changes a region's size (its top-left corner stays).
    pub fn resize_region(&mut self, id: &str, w: f64, h: f64) -> Result<(), BoardError> {
        let map = self.region_map(id)?;
        self.step(|txn, _| {
            read::set_number(txn, &map, key::W, size(w));
            read::set_number(txn, &map, key::H, size(h));
        });
        Ok(())
    }

    /// Locks or unlocks a region and with it everything inside.
    pub fn set_region_locked(&mut self, id: &str, locked: bool) -> Result<(), BoardError> {
        let map = self.region_map(id)?;
        self.step(|txn, _| write_locked(txn, &map, locked));
        Ok(())
    }

    /// Removes a region; what was inside stays where it is.
    pub fn delete_region(&mut self, id: &str) -> Result<(), BoardError> {
        self.region_map(id)?;
        self.step(|txn, r| {
            r.regions.remove(txn, id);
        });
        Ok(())
    }

    /// The region with this id.
    pub fn region(&self, id: &str) -> Option<RegionView> {
        let txn = self.doc.transact();
        read::map(&txn, &self.roots.regions, id).map(|m| RegionView::read(&txn, id, &m))
    }

    /// The region the running agenda step shows, if it is a wall step with one.
    pub fn current_region(&self) -> Option<RegionView> {
        let step = self
            .current_step()
            .filter(|s| s.plan.activity == crate::agenda::Activity::Wall)?;
        self.region(step.plan.target.as_deref()?)
    }

    /// All regions in reading order (top to bottom, left to right).
    pub fn regions(&self) -> Vec<RegionView> {
        read_regions(&self.doc.transact())
    }

    /// Refuses placing something at `x`,`y` inside a locked region unless acting for a
    /// facilitator.
    pub(crate) fn guard_spot(&self, x: f64, y: f64) -> Result<(), BoardError> {
        if !self.facilitator && in_locked_region(&self.doc.transact(), x, y) {
            return Err(BoardError::Locked);
        }
        Ok(())
    }

    /// Free cards and top-level fields anchored inside the region (cards in a field move
    /// with it, merged fields with the field they were merged into).
    fn items_inside(&self, region: &RegionView) -> Vec<MapRef> {
        let txn = self.doc.transact();
        let clusters = self.roots.clusters.clone();
        let placed = |m: &MapRef| {
            let (x, y) = anchor(&txn, m);
            region.contains(x, y)
        };
        let fields = clusters.iter(&txn).filter_map(|(id, v)| match v {
            Out::YMap(m)
                if crate::merge::field_of(&txn, &clusters, id).as_deref() == Some(id)
                    && placed(&m) =>
            {
                Some(m)
            }
            _ => None,
        });
        let free_cards = self.roots.cards.iter(&txn).filter_map(|(_, v)| match v {
            Out::YMap(m) => {
                let home = read::string(&txn, &m, card_key::CLUSTER)
                    .filter(|c| read::map(&txn, &clusters, c).is_some());
                (home.is_none() && placed(&m)).then_some(m)
            }
            _ => None,
        });
        fields.chain(free_cards).collect()
    }

    fn region_map(&self, id: &str) -> Result<MapRef, BoardError> {
        let txn = self.doc.transact();
        read::map(&txn, &self.roots.regions, id)
            .ok_or_else(|| BoardError::UnknownRegion(id.to_owned()))
    }
}
