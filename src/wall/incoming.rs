//! The incoming area ("Eingang"): where cards written on phones wait until the facilitator
//! sorts them into fields. Every device computes the same layout from the document (see
//! docs/SCHEMA.md), so 35 phones writing at once never put one card over another.

use super::layout::{CARD_H, CARD_W};
use super::viewport::Rect;

/// Space between the area and what is beside it.
const MARGIN: f64 = 64.0;
/// Horizontal distance between two waiting cards' left edges.
pub const COLUMN_STEP: f64 = CARD_W + 16.0;
/// Vertical distance between two waiting cards' top edges (cards here are clamped to
/// [`CARD_H`], see `.card--incoming` in the style sheet).
pub const ROW_STEP: f64 = CARD_H + 16.0;
/// Room for the area's heading above its first row.
pub const HEAD_H: f64 = 56.0;
/// Padding of the area's frame around its cards.
const PAD: f64 = 16.0;

/// Where the waiting cards go and the frame around them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IncomingLayout {
    /// Each waiting card's top-left corner, in the order given.
    pub spots: Vec<(f64, f64)>,
    /// The area's frame, heading included; `None` while no card waits.
    pub frame: Option<Rect>,
}

/// How many columns `n` waiting cards take: roughly twice as many rows as columns, so a
/// short queue stays narrow and a long one stays on a screen at a readable zoom.
pub fn columns(n: usize) -> usize {
    ((n as f64 / 2.0).sqrt().ceil() as usize).clamp(2, 8)
}

/// Lays out `n` waiting cards to the right of `beside` (everything else on the wall), their
/// top at `top` (the running region's or the fields' top edge); at the origin on an empty wall.
pub fn layout(n: usize, beside: Option<Rect>, top: Option<f64>) -> IncomingLayout {
    if n == 0 {
        return IncomingLayout::default();
    }
    let left = beside.map_or(0.0, |b| b.x + b.w + MARGIN);
    let top = top.or(beside.map(|b| b.y)).unwrap_or(0.0);
    let (x0, y0) = (left + PAD, top + HEAD_H);
    let cols = columns(n);
    let spots = (0..n)
        .map(|i| {
            (
                x0 + (i % cols) as f64 * COLUMN_STEP,
                y0 + (i / cols) as f64 * ROW_STEP,
            )
        })
        .collect();
    let rows = n.div_ceil(cols);
    let frame = Rect {
        x: left,
        y: top,
        w: PAD + cols.min(n) as f64 * COLUMN_STEP,
        h: HEAD_H + rows as f64 * ROW_STEP,
    };
    IncomingLayout {
        spots,
        frame: Some(frame),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(spot: (f64, f64)) -> Rect {
        Rect {
            x: spot.0,
            y: spot.1,
            w: CARD_W,
            h: CARD_H,
        }
    }

    #[test]
    fn waiting_cards_never_cover_each_other_or_what_is_beside_them() {
        let fields = Rect {
            x: -200.0,
            y: 100.0,
            w: 1500.0,
            h: 900.0,
        };
        for n in [1, 3, 8, 35, 105, 300] {
            let l = layout(n, Some(fields), None);
            assert_eq!(l.spots.len(), n);
            let frame = l.frame.expect("a frame while cards wait");
            assert!(
                !frame.intersects(&fields),
                "{n} cards: the area lies beside the fields"
            );
            for (i, a) in l.spots.iter().enumerate() {
                assert!(
                    frame.contains(a.0, a.1) && frame.contains(a.0 + CARD_W, a.1 + CARD_H),
                    "{n}: card {i} inside the frame"
                );
                for b in &l.spots[i + 1..] {
                    assert!(
                        !card(*a).intersects(&card(*b)),
                        "{n} cards: {a:?} and {b:?} overlap"
                    );
                }
            }
        }
    }

    #[test]
    fn the_area_stays_compact_as_it_fills() {
        assert_eq!(columns(1), 2);
        assert_eq!(columns(8), 2);
        assert_eq!(columns(35), 5);
        assert_eq!(columns(300), 8);
        // 105 cards (35 phones, three each): about as tall as wide, not one long column.
        let frame = layout(105, None, None).frame.unwrap();
        assert!(frame.h < 2.0 * frame.w, "{frame:?}");
    }

    #[test]
    fn it_starts_at_the_top_it_is_given_and_at_the_origin_on_an_empty_wall() {
        let l = layout(1, None, None);
        assert_eq!(l.frame.unwrap().x, 0.0);
        assert_eq!(l.spots[0], (PAD, HEAD_H));
        let region_top = 500.0;
        let l = layout(
            2,
            Some(Rect {
                x: 0.0,
                y: 0.0,
                w: 100.0,
                h: 1000.0,
            }),
            Some(region_top),
        );
        assert_eq!(l.frame.unwrap().y, region_top);
        assert_eq!(layout(0, None, None), IncomingLayout::default());
    }
}
