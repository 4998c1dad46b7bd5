//! The seed workshop's vote (Quakenbrück 2011): its fields and points, and a way to split
//! given points into ballots that keep a round's rules. Used to demonstrate and to test
//! (unit tests, the server's 35-person round, the 200-phone benchmark, the browser tests).

use crate::rules::{covered, used, Dots, Rules};

/// The seed's fields with their points (section 7: nine counts, 207 dots; "Segregation
/// entgegenwirken" got none).
pub const SEED_POINTS: [(&str, u32); 10] = [
    ("Bildung", 42),
    ("Frühkindliche Bildung", 34),
    ("Sprache", 32),
    ("Bewusstseinsbildung / Bürgeraufklärung", 24),
    ("Arbeitsmarkt", 24),
    ("Vernetzung", 15),
    ("Partizipation", 14),
    ("„best.“ Gruppen", 13),
    ("Willkommenskultur / positives Klima", 9),
    ("Segregation entgegenwirken", 0),
];

/// Ballots that each keep `rules` and together give exactly `points` (item → points), as
/// few as the rules allow (give or take a few); `None` if no split was found. `items` is
/// the number of items on the ballot (the minimum shrinks to it).
pub fn ballots_reaching(points: &[(String, u32)], rules: Rules, items: usize) -> Option<Vec<Dots>> {
    let total: u32 = points.iter().map(|p| p.1).sum();
    if total == 0 {
        return Some(Vec::new());
    }
    let most = points.iter().map(|p| p.1).max().unwrap_or(0);
    let fewest = total
        .div_ceil(rules.dots)
        .max(most.div_ceil(rules.max_per_item));
    (fewest..fewest + 64).find_map(|n| split(points, rules, items, n))
}

/// Tries to split into exactly `n` ballots: each takes its share of what is left, one dot
/// per field in turn, fullest fields first, and first whatever later ballots could not fit.
fn split(points: &[(String, u32)], rules: Rules, items: usize, n: u32) -> Option<Vec<Dots>> {
    let mut left: Vec<(String, u32)> = points.to_vec();
    let mut ballots = Vec::new();
    for k in 0..n {
        let later = n - k - 1;
        let total: u32 = left.iter().map(|p| p.1).sum();
        let want = total.div_ceil(n - k).min(rules.dots);
        crate::sort::sort_by(&mut left, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut dots = Dots::new();
        for (item, rest) in &left {
            let now = rest.saturating_sub(rules.max_per_item * later);
            if now > 0 {
                dots.insert(item.clone(), now);
            }
        }
        let min = rules.min_items_with(items);
        'fill: while used(&dots) < want || covered(&dots) < min {
            let before = used(&dots);
            for (item, rest) in &left {
                let have = dots.get(item).copied().unwrap_or(0);
                let full = used(&dots) >= want && covered(&dots) >= min;
                if full || used(&dots) >= rules.dots {
                    break 'fill;
                }
                if have < rules.max_per_item && have < *rest {
                    dots.insert(item.clone(), have + 1);
                }
            }
            if used(&dots) == before {
                break;
            }
        }
        rules.check(&dots, items).ok()?;
        for (item, rest) in left.iter_mut() {
            *rest -= dots.get(item).copied().unwrap_or(0);
        }
        ballots.push(dots);
    }
    left.iter().all(|p| p.1 == 0).then_some(ballots)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_vote_needs_at_least_42_ballots_and_is_reproduced_exactly() {
        let points: Vec<(String, u32)> = SEED_POINTS
            .iter()
            .map(|(t, p)| (t.to_string(), *p))
            .collect();
        assert_eq!(points.iter().map(|p| p.1).sum::<u32>(), 207);
        let ballots = ballots_reaching(&points, Rules::SEED, points.len()).unwrap();
        assert!(
            (42..=46).contains(&ballots.len()),
            "{} ballots",
            ballots.len()
        );
        for (item, want) in &points {
            let got: u32 = ballots
                .iter()
                .map(|b| b.get(item).copied().unwrap_or(0))
                .sum();
            assert_eq!(got, *want, "{item}");
        }
        for b in &ballots {
            assert_eq!(Rules::SEED.check(b, points.len()), Ok(()), "{b:?}");
        }
    }
}
