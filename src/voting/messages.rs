//! Vote rules and round states in words.

use board::{Breach, RoundState, Target};

use crate::i18n::*;

/// Why a step or a ballot is blocked, explained ("at most 2 dots per field").
pub fn breach_text(i18n: I18n, breach: &Breach, target: Target) -> String {
    let cards = target == Target::Cards;
    match breach {
        Breach::NoDotsLeft { dots } => t_string!(i18n, rule_no_dots_left, dots = *dots).to_string(),
        Breach::MaxPerItem { max } if cards => t_string!(i18n, rule_max_per_card, max = *max).to_string(),
        Breach::MaxPerItem { max } => t_string!(i18n, rule_max_per_field, max = *max).to_string(),
        Breach::MinItems { min, have } if cards => t_string!(i18n, rule_min_cards, min = *min, have = *have).to_string(),
        Breach::MinItems { min, have } => t_string!(i18n, rule_min_fields, min = *min, have = *have).to_string(),
        Breach::OverBudget { dots, used } => t_string!(i18n, rule_over_budget, dots = *dots, used = *used).to_string(),
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
    if target == Target::Cards {
        t_string!(i18n, rules_cards, dots = rules.dots, max = rules.max_per_item, min = rules.min_items).to_string()
    } else {
        t_string!(i18n, rules_fields, dots = rules.dots, max = rules.max_per_item, min = rules.min_items).to_string()
    }
}

/// "n points" with the singular.
pub fn points_text(i18n: I18n, points: u32) -> String {
    if points == 1 { t_string!(i18n, points_one).to_string() } else { t_string!(i18n, points_many, count = points).to_string() }
}
