//! Vote rules and round states in words.

use board::{Breach, RoundState, Target};

use crate::i18n::*;

/// Why a step or a ballot is blocked, explained ("at most 2 dots per field").
pub fn breach_text(i18n: I18n, breach: &Breach, target: Target) -> String {
    let cards = target == Target::Cards;
    match breach {
        Breach::NoDotsLeft { dots } => t_count!(i18n, rule_no_dots_left, *dots),
        Breach::MaxPerItem { max } if cards => t_count!(i18n, rule_max_per_card, *max),
        Breach::MaxPerItem { max } => t_count!(i18n, rule_max_per_field, *max),
        Breach::MinItems { min, have } if cards => {
            t_count!(i18n, rule_min_cards, *min, have = *have)
        }
        Breach::MinItems { min, have } => t_count!(i18n, rule_min_fields, *min, have = *have),
        Breach::OverBudget { dots, used } => {
            t_string!(i18n, rule_over_budget, dots = *dots, used = *used).to_string()
        }
        Breach::BadCount => t_string!(i18n, rule_bad_count).to_string(),
        Breach::Empty => t_string!(i18n, rule_empty).to_string(),
    }
}

/// A round's state as a word.
pub fn state_text(i18n: I18n, state: RoundState) -> String {
    match state {
        RoundState::Draft => t_string!(i18n, round_draft),
        RoundState::Open => t_string!(i18n, round_open),
        RoundState::Closed => t_string!(i18n, round_closed),
        RoundState::Revealed => t_string!(i18n, round_revealed),
    }
    .to_string()
}

/// The rules of a round in one line: "5 dots · at most 2 per field · at least 3 fields".
pub fn rules_text(i18n: I18n, rules: board::Rules, target: Target) -> String {
    let dots = t_count!(i18n, dots_count, rules.dots);
    if target == Target::Cards {
        let min = t_count!(i18n, cards_count, rules.min_items);
        t_string!(
            i18n,
            rules_cards,
            dots = dots,
            max = rules.max_per_item,
            min = min
        )
    } else {
        let min = t_count!(i18n, fields_count, rules.min_items);
        t_string!(
            i18n,
            rules_fields,
            dots = dots,
            max = rules.max_per_item,
            min = min
        )
    }
}

/// "n points" with the singular.
pub fn points_text(i18n: I18n, points: u32) -> String {
    t_count!(i18n, points, points)
}
