//! The facilitator's form for a new round: title, what is voted on, the three numbers of
//! the rules, anonymity, and whether the dots show while voting. Starts with the seed's
//! rules (5 dots, at most 2 per field, at least 3 fields).

use board::{RoundSettings, Rules, Target};
use leptos::prelude::*;

use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::wall::messages::board_error_text;

/// A whole number from a form field, or `fallback`.
fn number(text: &str, fallback: u32) -> u32 {
    text.trim().parse().unwrap_or(fallback)
}

/// The new-round form; `on_created` gets the new round's id.
#[component]
pub fn RoundSetup(on_created: impl Fn(String) + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let title = RwSignal::new(t_string!(i18n, round_default_title).to_string());
    let cards = RwSignal::new(false);
    let dots = RwSignal::new(Rules::SEED.dots.to_string());
    let max = RwSignal::new(Rules::SEED.max_per_item.to_string());
    let min = RwSignal::new(Rules::SEED.min_items.to_string());
    let anonymous = RwSignal::new(false);
    let live = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let settings = RoundSettings {
            title: title.get_untracked(),
            target: if cards.get_untracked() {
                Target::Cards
            } else {
                Target::Clusters
            },
            rules: Rules {
                dots: number(&dots.get_untracked(), Rules::SEED.dots),
                max_per_item: number(&max.get_untracked(), Rules::SEED.max_per_item),
                min_items: number(&min.get_untracked(), 0),
            }
            .clamped(),
            anonymous: anonymous.get_untracked(),
            live_results: live.get_untracked(),
        };
        match ctx.edit(|b| b.add_round(&settings)) {
            Ok(id) => {
                error.set(None);
                on_created(id);
            }
            Err(e) => error.set(Some(board_error_text(i18n, &e))),
        }
    };
    view! {
        <form class="round-setup" on:submit=create>
            <h3>{t!(i18n, round_new)}</h3>
            <label class="field">
                <span>{t!(i18n, round_title)}</span>
                <input type="text" maxlength="200" required bind:value=title/>
            </label>
            <fieldset class="field choice">
                <legend>{t!(i18n, round_target)}</legend>
                <label><input type="radio" name="round-target" prop:checked=move || !cards.get() on:change=move |_| cards.set(false)/>{t!(i18n, round_target_fields)}</label>
                <label><input type="radio" name="round-target" prop:checked=move || cards.get() on:change=move |_| cards.set(true)/>{t!(i18n, round_target_cards)}</label>
            </fieldset>
            <div class="field-row">
                <label class="field">
                    <span>{t!(i18n, round_dots)}</span>
                    <input type="number" inputmode="numeric" min="1" max=board::MAX_DOTS.to_string() bind:value=dots/>
                </label>
                <label class="field">
                    <span>{t!(i18n, round_max)}</span>
                    <input type="number" inputmode="numeric" min="1" bind:value=max/>
                </label>
                <label class="field">
                    <span>{t!(i18n, round_min)}</span>
                    <input type="number" inputmode="numeric" min="0" bind:value=min/>
                </label>
            </div>
            <label class="check"><input type="checkbox" bind:checked=anonymous/>{t!(i18n, round_anonymous)}</label>
            <label class="check"><input type="checkbox" bind:checked=live/>{t!(i18n, round_live)}</label>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <button type="submit" class="button button--primary">{t!(i18n, round_create)}</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_fall_back_when_unreadable() {
        assert_eq!(super::number(" 7 ", 5), 7);
        assert_eq!(super::number("x", 5), 5);
        assert_eq!(super::number("-1", 5), 5);
    }
}
