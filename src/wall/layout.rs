//! Sizes of cards and clusters on the wall, and where new ones go. The DOM decides real
//! heights; these estimates only decide what to render (virtualisation) and what "fit all" shows.

use board::{CardView, RegionView};

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
    Rect {
        x: card.x,
        y: card.y,
        w: CARD_W,
        h: CARD_H,
    }
}

/// Characters of card text on one line, counted low so estimates rather run tall.
const CHARS_PER_LINE: usize = 16;
/// Most lines a card shows on the wall (CSS `line-clamp` in cards.css).
const MAX_LINES: usize = 6;

/// How many lines a card's text takes on the wall, roughly: words wrapped greedily.
pub fn card_lines(text: &str) -> usize {
    let lines: usize = text
        .lines()
        .map(|line| {
            let (mut lines, mut used) = (1, 0);
            for word in line.split_whitespace().map(|w| w.chars().count()) {
                let need = if used == 0 { word } else { used + 1 + word };
                if need <= CHARS_PER_LINE {
                    used = need;
                } else {
                    lines += usize::from(used > 0) + (word.saturating_sub(1)) / CHARS_PER_LINE;
                    used = word % CHARS_PER_LINE;
                }
            }
            lines
        })
        .sum();
    lines.clamp(1, MAX_LINES)
}

/// The height a card takes in a field, its gap included, before the screen measured it.
pub fn card_in_field_estimate(text: &str) -> f64 {
    (24.0 + 26.0 * card_lines(text) as f64).max(90.0) + 12.0
}

/// A field's height before the screen measured it, from its cards' texts: heading, each
/// card (padding and lines at 26 px, at least 90 px) with its gap, and the frame.
pub fn field_estimate<'a>(texts: impl Iterator<Item = &'a str>) -> f64 {
    let cards: f64 = texts.map(card_in_field_estimate).sum();
    CLUSTER_HEAD_H + cards.max(52.0) + 24.0
}

/// Where a facts table stands and roughly how large it is drawn (CSS `.facts-table`: a
/// 20 px heading, cells of 17 px text with half a rem of padding), for fitting the view and
/// placing new items beside it; the dialog measures the drawn ones when it places a table.
pub fn table_rect(table: &board::FactsTable) -> Rect {
    let chars = |cell: &String| cell.chars().count() as f64;
    let widths = table.columns.iter().enumerate().map(|(i, head)| {
        let widest = table
            .rows
            .iter()
            .filter_map(|r| r.get(i))
            .map(chars)
            .fold(chars(head), f64::max);
        widest * 9.5 + 17.0
    });
    let grid_w: f64 = widths.sum::<f64>() + 24.0;
    let w = grid_w.max((chars(&table.title) * 11.0 + 24.0).min(420.0));
    let h = 52.0 + (table.rows.len() + 1) as f64 * 33.0;
    Rect {
        x: table.x,
        y: table.y,
        w,
        h,
    }
}

/// How far a region's heading sticks out above its frame (CSS `.region-head`).
pub const REGION_HEAD_ABOVE: f64 = 26.0;
/// Height of a region's heading.
pub const REGION_HEAD_H: f64 = 52.0;

/// Where a region is, heading included.
pub fn region_rect(region: &RegionView) -> Rect {
    Rect {
        x: region.x,
        y: region.y - REGION_HEAD_ABOVE,
        w: region.w,
        h: region.h + REGION_HEAD_ABOVE,
    }
}

/// Where a region's heading is: new items keep clear of it, so it stays readable and its
/// tools reachable.
pub fn region_head_rect(region: &RegionView) -> Rect {
    Rect {
        x: region.x,
        y: region.y - REGION_HEAD_ABOVE,
        w: region.w.min(520.0),
        h: REGION_HEAD_H,
    }
}

/// Space kept between items placed automatically.
const GAP: f64 = 16.0;

/// How far (in steps of the item's size) the search for a free spot goes from the view's
/// centre: far enough for thousands of cards.
const SEARCH_RINGS: i32 = 40;

/// A free spot of `w`×`h` for a new item, as near the centre of what the user sees as
/// possible, not overlapping anything in `occupied`: inside the view if there is room,
/// else just outside it (the caller brings it into view), else the centre. Spots to the
/// sides count as nearer than spots above and below, in the view's proportions, so many
/// new cards fill a block shaped like the screen and "fit all" stays readable.
pub fn free_spot(visible: Rect, w: f64, h: f64, occupied: &[Rect]) -> (f64, f64) {
    let cx = visible.x + visible.w / 2.0 - w / 2.0;
    let cy = visible.y + visible.h / 3.0 - h / 2.0;
    let (sx, sy) = (w + GAP, h + GAP);
    // Landscape views reach further sideways (at most four times, for very wide ones).
    let stretch = (visible.w / visible.h.max(1.0)).clamp(0.25, 4.0);
    let dist = |&(x, y): &(f64, f64)| ((x - cx) / stretch).powi(2) + (y - cy).powi(2);
    let free = |&(x, y): &(f64, f64)| {
        let spot = Rect { x, y, w, h };
        !occupied
            .iter()
            .any(|o| o.inflate(GAP / 2.0).intersects(&spot))
    };
    let seen = |&(x, y): &(f64, f64)| {
        visible.contains(x, y) && visible.contains(x + w.min(visible.w), y + h.min(visible.h))
    };
    // Ring by ring, so a crowded wall costs only as much search as it needs.
    let mut best_unseen: Option<(f64, f64)> = None;
    for ring in 0..=SEARCH_RINGS {
        let mut candidates: Vec<(f64, f64)> = (-ring..=ring)
            .flat_map(|i| (-ring..=ring).map(move |j| (i, j)))
            .filter(|(i, j)| i.abs() == ring || j.abs() == ring)
            .map(|(i, j)| (cx + f64::from(i) * sx, cy + f64::from(j) * sy))
            .collect();
        board::sort::sort_by(&mut candidates, |a, b| dist(a).total_cmp(&dist(b)));
        if let Some(spot) = candidates.iter().find(|c| seen(c) && free(c)) {
            return (spot.0.round(), spot.1.round());
        }
        if best_unseen.is_none() {
            best_unseen = candidates.into_iter().find(|c| free(c));
        }
        // Once the rings have left the view, the nearest free spot outside it is the answer.
        let beyond = f64::from(ring) * sx.min(sy) > visible.w.max(visible.h);
        if beyond && best_unseen.is_some() {
            break;
        }
    }
    best_unseen.map_or((cx.round(), cy.round()), |(x, y)| (x.round(), y.round()))
}

/// Spots for `n` new cards at once (a pasted list): a block of rows in the view's
/// proportions, in a free place found like [`free_spot`], filled row by row.
pub fn free_block(visible: Rect, n: usize, occupied: &[Rect]) -> Vec<(f64, f64)> {
    if n == 0 {
        return Vec::new();
    }
    let (sx, sy) = (CARD_W + GAP, CARD_H + GAP);
    let aspect = (visible.w / visible.h.max(1.0)).clamp(0.5, 3.0);
    let columns = ((n as f64 * aspect * sy / sx).sqrt().ceil() as usize).clamp(1, n);
    let rows = n.div_ceil(columns);
    let (x, y) = free_spot(
        visible,
        columns as f64 * sx - GAP,
        rows as f64 * sy - GAP,
        occupied,
    );
    (0..n)
        .map(|i| (x + (i % columns) as f64 * sx, y + (i / columns) as f64 * sy))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_grows_with_its_cards_and_their_lines() {
        let short = ["Toleranz"; 2];
        assert!(field_estimate(short.iter().copied()) > field_estimate(short[..1].iter().copied()));
        assert_eq!(card_lines("Toleranz"), 1);
        assert_eq!(card_lines("Alle Kinder besuchen jeden Tag die Schule!"), 3);
        assert_eq!(
            card_lines(&"Geduld ".repeat(80)),
            6,
            "clamped like the wall"
        );
        assert_eq!(card_lines("Begleitung\nDialog"), 2);
        let long = ["Gezielte Förderung am Nachmittag für Kinder, deren Eltern diese Förderung nicht übernehmen können"];
        assert!(field_estimate(long.iter().copied()) > field_estimate(short[..1].iter().copied()));
        assert_eq!(
            field_estimate(std::iter::empty()),
            field_estimate(std::iter::empty()),
            "an empty field has a size"
        );
    }

    #[test]
    fn a_table_grows_with_its_widest_cells_and_its_rows() {
        let table = |rows: Vec<Vec<&str>>| board::FactsTable {
            id: "t".into(),
            title: "Zahlen".into(),
            columns: vec!["Kennzahl".into(), "Wert".into()],
            rows: rows
                .into_iter()
                .map(|r| r.into_iter().map(String::from).collect())
                .collect(),
            x: 40.0,
            y: 60.0,
            created: 0.0,
        };
        let one = table_rect(&table(vec![vec!["Einwohner", "13.400"]]));
        let two = table_rect(&table(vec![
            vec!["Einwohner", "13.400"],
            vec!["Ausländeranteil", "über 12 %"],
        ]));
        assert_eq!((one.x, one.y), (40.0, 60.0), "where it stands");
        assert!(two.h > one.h, "a row more is taller");
        assert!(two.w > one.w, "a wider cell makes it wider");
    }

    #[test]
    fn new_items_avoid_what_is_there() {
        let view = Rect {
            x: 0.0,
            y: 0.0,
            w: 1200.0,
            h: 900.0,
        };
        let mut occupied = Vec::new();
        for _ in 0..10 {
            let (x, y) = free_spot(view, CARD_W, CARD_H, &occupied);
            let spot = Rect {
                x,
                y,
                w: CARD_W,
                h: CARD_H,
            };
            assert!(view.contains(x, y), "{spot:?} outside the view");
            assert!(
                occupied.iter().all(|o: &Rect| !o.intersects(&spot)),
                "{spot:?} overlaps"
            );
            occupied.push(spot);
        }
    }

    #[test]
    fn three_hundred_new_cards_fill_a_block_shaped_like_the_screen() {
        let view = Rect {
            x: 0.0,
            y: 0.0,
            w: 1280.0,
            h: 720.0,
        };
        let mut occupied: Vec<Rect> = Vec::new();
        for _ in 0..300 {
            let (x, y) = free_spot(view, CARD_W, CARD_H, &occupied);
            let spot = Rect {
                x,
                y,
                w: CARD_W,
                h: CARD_H,
            };
            assert!(
                occupied.iter().all(|o| !o.intersects(&spot)),
                "{spot:?} overlaps"
            );
            occupied.push(spot);
        }
        let all = Rect::union_all(occupied.iter().copied()).unwrap();
        let aspect = all.w / all.h;
        assert!(
            (1.0..3.0).contains(&aspect),
            "landscape like the view, not a column: {all:?}"
        );
        // "Fit all" on a 1280×720 screen shows them at a zoom of at least 22 %, where the
        // old search piled them into a column at 10 %.
        let zoom = (view.w / all.w).min(view.h / all.h);
        assert!(zoom > 0.22, "zoom {zoom}");
    }

    #[test]
    fn a_pasted_list_lands_in_a_free_block() {
        let view = Rect {
            x: 0.0,
            y: 0.0,
            w: 1280.0,
            h: 800.0,
        };
        let taken = [Rect {
            x: 300.0,
            y: 100.0,
            w: 600.0,
            h: 400.0,
        }];
        let spots = free_block(view, 12, &taken);
        assert_eq!(spots.len(), 12);
        let rects: Vec<Rect> = spots
            .iter()
            .map(|&(x, y)| Rect {
                x,
                y,
                w: CARD_W,
                h: CARD_H,
            })
            .collect();
        for (i, a) in rects.iter().enumerate() {
            assert!(!a.intersects(&taken[0]), "{a:?} on what is there");
            assert!(
                rects[i + 1..].iter().all(|b| !a.intersects(b)),
                "cards overlap"
            );
        }
        let rows: std::collections::BTreeSet<i64> = spots.iter().map(|s| s.1 as i64).collect();
        let columns = spots.len().div_ceil(rows.len());
        assert!(
            columns > rows.len(),
            "wider than tall: {columns} columns, {} rows",
            rows.len()
        );
        assert!(free_block(view, 0, &taken).is_empty());
    }

    #[test]
    fn a_full_view_falls_back_to_the_nearest_spot_outside_then_to_the_centre() {
        let view = Rect {
            x: 0.0,
            y: 0.0,
            w: 300.0,
            h: 300.0,
        };
        let (x, y) = free_spot(view, CARD_W, CARD_H, &[view.inflate(200.0)]);
        assert!(
            !Rect {
                x,
                y,
                w: CARD_W,
                h: CARD_H
            }
            .intersects(&view.inflate(200.0)),
            "beside what is there"
        );
        assert!(
            x.abs() < 1000.0 && y.abs() < 1000.0,
            "near the view: {x}, {y}"
        );
        let everything = [view.inflate(10_000.0)];
        assert_eq!(free_spot(view, CARD_W, CARD_H, &everything), (40.0, 40.0));
    }
}
