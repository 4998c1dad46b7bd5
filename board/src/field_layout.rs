//! Where fields show on the wall so that none covers another, and "Felder anordnen": the
//! fields tidied into columns. Pure arithmetic on boxes; every device runs the same, so the
//! wall looks the same everywhere.
//!
//! A field grows with its cards, but its stored position stays where it was put. Showing
//! each field at its stored place would let a long field run over the one below it; so the
//! wall shows them [`settle`]d: in reading order, each keeps its place unless a field before
//! it is there, and then moves down just below it. When the long field shrinks again, its
//! neighbour moves back up.

/// A field's box on the wall, in wall units: its stored top-left corner and its size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldBox {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl FieldBox {
    fn overlaps(&self, other: &FieldBox, gap: f64) -> bool {
        self.x < other.x + other.w + gap
            && other.x < self.x + self.w + gap
            && self.y < other.y + other.h + gap
            && other.y < self.y + self.h + gap
    }
}

/// Space kept between fields.
pub const FIELD_GAP: f64 = 24.0;

/// Where each field shows (top-left corners, in the order of `fields`): fields are taken
/// in reading order of their stored places (top to bottom, then left to right, then their
/// order in `fields`), and each moves down below any field already placed that it would
/// touch.
pub fn settle(fields: &[FieldBox]) -> Vec<(f64, f64)> {
    let mut order: Vec<usize> = (0..fields.len()).collect();
    crate::sort::sort_by(&mut order, |&a, &b| {
        let (a_box, b_box) = (&fields[a], &fields[b]);
        a_box
            .y
            .total_cmp(&b_box.y)
            .then(a_box.x.total_cmp(&b_box.x))
            .then(a.cmp(&b))
    });
    let mut placed: Vec<FieldBox> = Vec::with_capacity(fields.len());
    let mut at = vec![(0.0, 0.0); fields.len()];
    for i in order {
        let mut field = fields[i];
        // Each pass moves the field below one it touches; the lowest bottom is a bound,
        // so this ends after at most `placed.len()` passes.
        while let Some(lowest) = placed
            .iter()
            .filter(|p| field.overlaps(p, FIELD_GAP))
            .map(|p| p.y + p.h)
            .reduce(f64::max)
        {
            field.y = lowest + FIELD_GAP;
        }
        at[i] = (field.x, field.y);
        placed.push(field);
    }
    at
}

/// The proportions "Felder anordnen" aims for: a landscape screen's.
const ASPECT: f64 = 16.0 / 10.0;

/// "Felder anordnen": the fields in columns from `origin` (the top-left of the tidied
/// area), as many columns as make the whole nearest a landscape screen's proportions.
/// Fields are taken left to right, then top to bottom, and each goes to the shortest
/// column, so the columns end near the same height. Returns the new top-left corners in
/// the order of `fields`.
pub fn arrange(fields: &[FieldBox], origin: (f64, f64)) -> Vec<(f64, f64)> {
    if fields.is_empty() {
        return Vec::new();
    }
    let mut order: Vec<usize> = (0..fields.len()).collect();
    crate::sort::sort_by(&mut order, |&a, &b| {
        let (a_box, b_box) = (&fields[a], &fields[b]);
        a_box
            .x
            .total_cmp(&b_box.x)
            .then(a_box.y.total_cmp(&b_box.y))
            .then(a.cmp(&b))
    });
    let column_w = fields.iter().map(|f| f.w).fold(0.0, f64::max) + FIELD_GAP;
    let best = (1..=fields.len())
        .map(|columns| {
            let (at, height) = in_columns(fields, &order, columns, column_w, origin);
            let width = columns as f64 * column_w;
            let misfit = (width / height.max(1.0) / ASPECT).ln().abs();
            (misfit, at)
        })
        .reduce(|best, next| if next.0 < best.0 { next } else { best });
    best.map(|(_, at)| at).unwrap_or_default()
}

/// Lays the fields (taken in `order`) into `columns` columns, each into the shortest one;
/// returns their corners and the tallest column's height.
fn in_columns(
    fields: &[FieldBox],
    order: &[usize],
    columns: usize,
    column_w: f64,
    origin: (f64, f64),
) -> (Vec<(f64, f64)>, f64) {
    let mut heights = vec![0.0_f64; columns];
    let mut at = vec![(0.0, 0.0); fields.len()];
    for &i in order {
        let column = (0..columns)
            .reduce(|a, b| if heights[b] < heights[a] { b } else { a })
            .unwrap_or(0);
        at[i] = (
            origin.0 + column as f64 * column_w,
            origin.1 + heights[column],
        );
        heights[column] += fields[i].h + FIELD_GAP;
    }
    (at, heights.into_iter().fold(0.0, f64::max) - FIELD_GAP)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(x: f64, y: f64, h: f64) -> FieldBox {
        FieldBox { x, y, w: 252.0, h }
    }

    fn boxes(fields: &[FieldBox], at: &[(f64, f64)]) -> Vec<FieldBox> {
        fields
            .iter()
            .zip(at)
            .map(|(f, &(x, y))| FieldBox { x, y, ..*f })
            .collect()
    }

    fn assert_apart(fields: &[FieldBox]) {
        for (i, a) in fields.iter().enumerate() {
            for b in &fields[i + 1..] {
                assert!(!a.overlaps(b, 0.0), "{a:?} covers {b:?}");
            }
        }
    }

    #[test]
    fn fields_apart_stay_where_they_are() {
        let fields = [
            field(0.0, 0.0, 200.0),
            field(300.0, 0.0, 900.0),
            field(0.0, 400.0, 100.0),
        ];
        assert_eq!(settle(&fields), [(0.0, 0.0), (300.0, 0.0), (0.0, 400.0)]);
    }

    #[test]
    fn a_growing_field_moves_the_one_below_and_lets_it_back() {
        // The seed: Willkommenskultur grew over Vernetzung below it.
        let mut fields = [
            field(0.0, 600.0, 200.0),
            field(0.0, 0.0, 800.0),
            field(300.0, 0.0, 300.0),
        ];
        let at = settle(&fields);
        assert_eq!(
            at[0],
            (0.0, 800.0 + FIELD_GAP),
            "below the long field, with a gap"
        );
        assert_eq!(at[1], (0.0, 0.0));
        assert_eq!(at[2], (300.0, 0.0), "the next column is untouched");
        assert_apart(&boxes(&fields, &at));
        fields[1].h = 300.0;
        assert_eq!(
            settle(&fields)[0],
            (0.0, 600.0),
            "back at its place once the long field shrank"
        );
    }

    #[test]
    fn a_push_carries_on_down_the_column() {
        let fields = [
            field(0.0, 0.0, 500.0),
            field(10.0, 300.0, 300.0),
            field(20.0, 620.0, 100.0),
            field(40.0, 900.0, 50.0),
        ];
        let at = settle(&fields);
        assert_apart(&boxes(&fields, &at));
        assert_eq!(at[1].1, 500.0 + FIELD_GAP);
        assert_eq!(at[2].1, at[1].1 + 300.0 + FIELD_GAP);
        assert!(at[3].1 >= at[2].1 + 100.0 + FIELD_GAP);
    }

    #[test]
    fn settling_depends_on_the_fields_not_on_who_computes_it() {
        let fields = [
            field(0.0, 0.0, 400.0),
            field(0.0, 0.0, 300.0),
            field(5.0, 100.0, 200.0),
        ];
        let at = settle(&fields);
        assert_apart(&boxes(&fields, &at));
        assert_eq!(at, settle(&fields));
        assert_eq!(at[0], (0.0, 0.0), "same place: the first listed stays");
    }

    #[test]
    fn many_random_fields_never_cover_each_other() {
        let mut seed = 7_u64;
        let mut next = move || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as f64 / f64::from(u32::MAX >> 1)
        };
        for _ in 0..50 {
            let fields: Vec<FieldBox> = (0..30)
                .map(|_| field(next() * 2000.0, next() * 1500.0, 100.0 + next() * 900.0))
                .collect();
            assert_apart(&boxes(&fields, &settle(&fields)));
        }
    }

    #[test]
    fn arranging_the_seed_fields_gives_landscape_columns() {
        // Nine fields of 2 to 6 cards, as after the seed's sorting.
        let heights = [
            420.0, 700.0, 290.0, 560.0, 830.0, 290.0, 420.0, 560.0, 420.0,
        ];
        let fields: Vec<FieldBox> = heights
            .iter()
            .enumerate()
            .map(|(i, &h)| field(i as f64 * 37.0, (i % 3) as f64 * 50.0, h))
            .collect();
        let at = arrange(&fields, (100.0, 40.0));
        let placed = boxes(&fields, &at);
        assert_apart(&placed);
        let left = placed.iter().map(|f| f.x).fold(f64::MAX, f64::min);
        let top = placed.iter().map(|f| f.y).fold(f64::MAX, f64::min);
        assert_eq!((left, top), (100.0, 40.0), "starts at the origin");
        let right = placed.iter().map(|f| f.x + f.w).fold(0.0, f64::max);
        let bottom = placed.iter().map(|f| f.y + f.h).fold(0.0, f64::max);
        let aspect = (right - left) / (bottom - top);
        assert!((1.0..2.6).contains(&aspect), "landscape: {aspect}");
        assert_eq!(settle(&placed), at, "arranged fields need no settling");
    }

    #[test]
    fn arranging_nothing_or_one() {
        assert!(arrange(&[], (0.0, 0.0)).is_empty());
        assert_eq!(
            arrange(&[field(500.0, 500.0, 300.0)], (10.0, 20.0)),
            [(10.0, 20.0)]
        );
    }
}
