//! Sizes of cards and clusters on the wall, and where new ones go. The DOM decides real
//! heights; these estimates only decide what to render (virtualisation) and what "fit all" shows.

use board::{CardView, ClusterView, RegionView};

use super::viewport::Rect;

/// Width of a card in wall units (CSS `--card-w`).
pub const CARD_W: f64 = 220.0;
/// A card's estimated height: two to three lines of text.
pub const CARD_H: f64 = 120.0;
/// Width of a cluster column (CSS `--cluster-w`).
pub const CLUSTER_W: f64 = 252.0;
/// Height of a cluster's heading.
pub const CLUSTER_HEAD_H: f64 = 72.0;
/// Vertical space one card takes inside a cluster.
pub const CLUSTER_ROW_H: f64 = CARD_H + 12.0;

/// Where a free card is, roughly.
pub fn card_rect(card: &CardView) -> Rect {
    Rect { x: card.x, y: card.y, w: CARD_W, h: CARD_H }
}

/// Where a cluster with `cards` cards is, roughly.
pub fn cluster_rect(cluster: &ClusterView, cards: usize) -> Rect {
    Rect { x: cluster.x, y: cluster.y, w: CLUSTER_W, h: CLUSTER_HEAD_H + (cards.max(1) as f64) * CLUSTER_ROW_H }
}

/// How far a region's heading sticks out above its frame (CSS `.region-head`).
pub const REGION_HEAD_ABOVE: f64 = 26.0;
/// Height of a region's heading.
pub const REGION_HEAD_H: f64 = 52.0;

/// Where a region is, heading included.
pub fn region_rect(region: &RegionView) -> Rect {
    Rect { x: region.x, y: region.y - REGION_HEAD_ABOVE, w: region.w, h: region.h + REGION_HEAD_ABOVE }
}

/// Where a region's heading is: new items keep clear of it, so it stays readable and its
/// tools reachable.
pub fn region_head_rect(region: &RegionView) -> Rect {
    Rect { x: region.x, y: region.y - REGION_HEAD_ABOVE, w: region.w.min(520.0), h: REGION_HEAD_H }
}

/// Space kept between items placed automatically.
const GAP: f64 = 16.0;

/// A free spot of `w`×`h` for a new item, as near the centre of what the user sees as
/// possible, not overlapping anything in `occupied`: inside the view if there is room,
/// else just outside it (the caller brings it into view), else the centre.
pub fn free_spot(visible: Rect, w: f64, h: f64, occupied: &[Rect]) -> (f64, f64) {
    let cx = visible.x + visible.w / 2.0 - w / 2.0;
    let cy = visible.y + visible.h / 3.0 - h / 2.0;
    let (sx, sy) = (w + GAP, h + GAP);
    let mut candidates: Vec<(f64, f64)> = (-6i32..=6)
        .flat_map(|i| (-6i32..=6).map(move |j| (cx + i as f64 * sx, cy + j as f64 * sy)))
        .collect();
    let dist = |&(x, y): &(f64, f64)| (x - cx).powi(2) + (y - cy).powi(2);
    board::sort::sort_by(&mut candidates, |a, b| dist(a).total_cmp(&dist(b)));
    let free = |&(x, y): &(f64, f64)| {
        let spot = Rect { x, y, w, h };
        !occupied.iter().any(|o| o.inflate(GAP / 2.0).intersects(&spot))
    };
    let seen = |&(x, y): &(f64, f64)| visible.contains(x, y) && visible.contains(x + w.min(visible.w), y + h.min(visible.h));
    let spot = candidates.iter().find(|c| seen(c) && free(c)).or_else(|| candidates.iter().find(|c| free(c)));
    spot.map_or((cx.round(), cy.round()), |(x, y)| (x.round(), y.round()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_grows_with_its_cards() {
        let c = ClusterView { id: "c".into(), title: "Bildung".into(), x: 0.0, y: 0.0, color: board::CardColor::Yellow, merged_into: None, locked: false };
        assert!(cluster_rect(&c, 5).h > cluster_rect(&c, 1).h);
        assert_eq!(cluster_rect(&c, 0).h, cluster_rect(&c, 1).h);
    }

    #[test]
    fn new_items_avoid_what_is_there() {
        let view = Rect { x: 0.0, y: 0.0, w: 1200.0, h: 900.0 };
        let mut occupied = Vec::new();
        for _ in 0..10 {
            let (x, y) = free_spot(view, CARD_W, CARD_H, &occupied);
            let spot = Rect { x, y, w: CARD_W, h: CARD_H };
            assert!(view.contains(x, y), "{spot:?} outside the view");
            assert!(occupied.iter().all(|o: &Rect| !o.intersects(&spot)), "{spot:?} overlaps");
            occupied.push(spot);
        }
    }

    #[test]
    fn a_full_view_falls_back_to_the_nearest_spot_outside_then_to_the_centre() {
        let view = Rect { x: 0.0, y: 0.0, w: 300.0, h: 300.0 };
        let (x, y) = free_spot(view, CARD_W, CARD_H, &[view.inflate(200.0)]);
        assert!(!Rect { x, y, w: CARD_W, h: CARD_H }.intersects(&view.inflate(200.0)), "beside what is there");
        assert!(x.abs() < 1000.0 && y.abs() < 1000.0, "near the view: {x}, {y}");
        let everything = [view.inflate(10_000.0)];
        assert_eq!(free_spot(view, CARD_W, CARD_H, &everything), (40.0, 40.0));
    }
}
