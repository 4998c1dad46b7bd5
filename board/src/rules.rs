//! The rules of a dot vote, as pure functions over a ballot's dots: what the phone's +
//! button may do, what may be submitted, and what the tally accepts.

use std::collections::BTreeMap;

/// Dots per item: item id → count. Items with 0 dots are left out.
pub type Dots = BTreeMap<String, u32>;

/// The rule set of a round (seed: 5 dots, at most 2 per field, at least 3 fields).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    /// Dots each participant may give.
    pub dots: u32,
    /// Most dots one participant may put on one item.
    pub max_per_item: u32,
    /// Fewest different items a ballot must cover.
    pub min_items: u32,
}

/// Largest budget a round may give (a phone list with +/- stays usable).
pub const MAX_DOTS: u32 = 50;

/// A rule that blocks a step or a ballot, with the numbers to explain it in words.
#[derive(thiserror::Error, Clone, Debug, PartialEq, Eq)]
pub enum Breach {
    /// Every dot is used already.
    #[error("all {dots} dots are used")]
    NoDotsLeft {
        /// The budget.
        dots: u32,
    },
    /// The item has the most dots one person may give it.
    #[error("at most {max} dots per item")]
    MaxPerItem {
        /// The limit.
        max: u32,
    },
    /// Too few different items have dots.
    #[error("at least {min} different items (now {have})")]
    MinItems {
        /// The rule.
        min: u32,
        /// Items with dots on this ballot.
        have: u32,
    },
    /// More dots than the budget (only a merge of two edits or a foreign client does this).
    #[error("{used} dots given, only {dots} allowed")]
    OverBudget {
        /// The budget.
        dots: u32,
        /// Dots on the ballot.
        used: u32,
    },
    /// A count that is not a whole number from 0 up (only foreign clients write these).
    #[error("a dot count is not a whole number")]
    BadCount,
    /// The ballot has no dots at all.
    #[error("no dots given")]
    Empty,
}

impl Rules {
    /// The seed workshop's rules: 5 dots, at most 2 per field, at least 3 fields.
    pub const SEED: Rules = Rules {
        dots: 5,
        max_per_item: 2,
        min_items: 3,
    };

    /// Rules made consistent: 1..=[`MAX_DOTS`] dots, 1..=dots per item, at most `dots` items.
    pub fn clamped(self) -> Rules {
        let dots = self.dots.clamp(1, MAX_DOTS);
        Rules {
            dots,
            max_per_item: self.max_per_item.clamp(1, dots),
            min_items: self.min_items.min(dots),
        }
    }

    /// The minimum that applies when only `items` items can be voted on: a board with two
    /// fields cannot ask for three.
    pub fn min_items_with(&self, items: usize) -> u32 {
        self.min_items.min(u32::try_from(items).unwrap_or(u32::MAX))
    }

    /// Whether one more dot may go on `item`.
    pub fn can_add(&self, dots: &Dots, item: &str) -> Result<(), Breach> {
        if used(dots) >= self.dots {
            return Err(Breach::NoDotsLeft { dots: self.dots });
        }
        if dots.get(item).copied().unwrap_or(0) >= self.max_per_item {
            return Err(Breach::MaxPerItem {
                max: self.max_per_item,
            });
        }
        Ok(())
    }

    /// Whether `dots` may be submitted when `items` items are on the ballot.
    pub fn check(&self, dots: &Dots, items: usize) -> Result<(), Breach> {
        let used = used(dots);
        if used == 0 {
            return Err(Breach::Empty);
        }
        if used > self.dots {
            return Err(Breach::OverBudget {
                dots: self.dots,
                used,
            });
        }
        if dots.values().any(|&n| n > self.max_per_item) {
            return Err(Breach::MaxPerItem {
                max: self.max_per_item,
            });
        }
        let have = covered(dots);
        let min = self.min_items_with(items);
        if have < min {
            return Err(Breach::MinItems { min, have });
        }
        Ok(())
    }
}

/// Dots given in total.
pub fn used(dots: &Dots) -> u32 {
    dots.values().sum()
}

/// Number of different items with at least one dot.
pub fn covered(dots: &Dots) -> u32 {
    dots.values().filter(|&&n| n > 0).count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dots(pairs: &[(&str, u32)]) -> Dots {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn the_seed_rules_block_each_step_they_forbid() {
        let r = Rules::SEED;
        let mut d = dots(&[("bildung", 2)]);
        assert_eq!(r.can_add(&d, "bildung"), Err(Breach::MaxPerItem { max: 2 }));
        assert_eq!(r.can_add(&d, "sprache"), Ok(()));
        d.insert("sprache".into(), 2);
        assert_eq!(r.check(&d, 9), Err(Breach::MinItems { min: 3, have: 2 }));
        d.insert("arbeit".into(), 1);
        assert_eq!(r.check(&d, 9), Ok(()), "budget exactly used");
        assert_eq!(
            r.can_add(&d, "vernetzung"),
            Err(Breach::NoDotsLeft { dots: 5 })
        );
    }

    #[test]
    fn a_ballot_may_leave_dots_unused_but_must_cover_enough_items() {
        let r = Rules::SEED;
        assert_eq!(r.check(&dots(&[("a", 1), ("b", 1), ("c", 1)]), 9), Ok(()));
        assert_eq!(r.check(&Dots::new(), 9), Err(Breach::Empty));
        assert_eq!(
            r.check(&dots(&[("a", 2), ("b", 2), ("c", 2)]), 9),
            Err(Breach::OverBudget { dots: 5, used: 6 })
        );
        assert_eq!(
            r.check(&dots(&[("a", 3), ("b", 1), ("c", 1)]), 9),
            Err(Breach::MaxPerItem { max: 2 })
        );
    }

    #[test]
    fn the_minimum_shrinks_to_the_items_there_are() {
        let r = Rules::SEED;
        assert_eq!(r.check(&dots(&[("a", 2), ("b", 2)]), 2), Ok(()));
        assert_eq!(r.min_items_with(2), 2);
        assert_eq!(r.min_items_with(20), 3);
    }

    #[test]
    fn settings_are_clamped_to_something_votable() {
        let r = Rules {
            dots: 0,
            max_per_item: 9,
            min_items: 7,
        }
        .clamped();
        assert_eq!(
            r,
            Rules {
                dots: 1,
                max_per_item: 1,
                min_items: 1
            }
        );
        assert_eq!(
            Rules {
                dots: 500,
                max_per_item: 0,
                min_items: 0
            }
            .clamped()
            .dots,
            MAX_DOTS
        );
    }
}
