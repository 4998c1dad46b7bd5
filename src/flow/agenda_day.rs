//! One day of the agenda: its heading "Tag 1 · 11. März 2011", for the facilitator its date
//! field, its goals for the documentation and a way to remove it, and its steps.

use board::{DayView, StepId, StepView};
use leptos::prelude::*;

use super::agenda_step::{StepRow, ADD_DAY_ID};
use crate::export::export_language;
use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::voting::VotingCtx;
use crate::wall::focus::focus_id_soon;
use crate::wall::messages::board_error_text;
use crate::wall::WallUi;

/// "Tag 1 · 11. März 2011", or "Tag 1" without a date.
pub fn day_title(i18n: I18n, day: &DayView) -> String {
    let name = t_string!(i18n, day_heading, day = day.number);
    match day.date_in_words(export_language(i18n)) {
        Some(date) => format!("{name} · {date}"),
        None => name,
    }
}

/// The DOM id of a day's date field (focus goes there once the day is added).
pub fn date_input_id(day: &str) -> String {
    format!("agenda-day-{day}-date")
}

/// A day with its steps.
#[component]
pub fn AgendaDay(
    day: DayView,
    steps: Vec<StepView>,
    #[prop(into)] days: Signal<Vec<DayView>>,
    current: Memo<Option<StepId>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let facilitator = expect_context::<VotingCtx>().facilitator;
    let title = day_title(i18n, &day);
    let heading_id = format!("agenda-day-{}", day.id);
    let labelled_by = heading_id.clone();
    let id = StoredValue::new(day.id.clone());
    let number = day.number;
    let set_date = move |ev: leptos::ev::Event| {
        let date = event_target_value(&ev);
        if let Err(e) = ctx.edit(|b| b.set_day_date(&id.get_value(), &date)) {
            ui.complain(board_error_text(i18n, &e));
        }
    };
    let remove = move |_| match ctx.edit(|b| b.remove_day(&id.get_value())) {
        Ok(()) => focus_id_soon(ADD_DAY_ID.to_owned()),
        Err(e) => ui.complain(board_error_text(i18n, &e)),
    };
    // Read here, not from `day`: the day is not drawn anew when only its goals change, so
    // typing on in the field (or tabbing out of it) keeps focus.
    let goals = Memo::new(move |_| {
        let day = id.get_value();
        ctx.track(|b| {
            b.days()
                .into_iter()
                .find(|d| d.id == day)
                .map(|d| d.goals)
                .unwrap_or_default()
        })
    });
    let set_goals = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        if text.trim() != goals.get_untracked() {
            if let Err(e) = ctx.edit(|b| b.set_day_goals(&id.get_value(), &text)) {
                ui.complain(board_error_text(i18n, &e));
            }
        }
    };
    let goals_id = format!("agenda-day-{}-goals", day.id);
    let hint_id = format!("{goals_id}-hint");
    let several = move || days.with(|d| d.len() > 1);
    let empty = steps.is_empty();
    view! {
        <section class="agenda-day" data-day=day.id.clone() aria-labelledby=labelled_by>
            <div class="agenda-day-head">
                <h3 id=heading_id>{title.clone()}</h3>
                {facilitator.then(|| view! {
                    <label class="field agenda-date">
                        <span>{t_string!(i18n, day_date_label, day = number)}</span>
                        <input type="date" id=date_input_id(&day.id) value=day.date.clone().unwrap_or_default() on:change=set_date/>
                    </label>
                    <Show when=several>
                        <button type="button" class="button small button--danger" on:click=remove>
                            {t_string!(i18n, day_remove_label, day = number)}
                        </button>
                    </Show>
                })}
            </div>
            {if facilitator {
                view! {
                    <label class="field agenda-goals">
                        <span>{t_string!(i18n, day_goals_label, day = number)}</span>
                        <textarea id=goals_id rows="3" dir="auto" maxlength=board::MAX_SECTION_TEXT.to_string()
                            aria-describedby=hint_id.clone() prop:value=move || goals.get() on:change=set_goals></textarea>
                        <small id=hint_id class="muted">{t!(i18n, day_goals_hint)}</small>
                    </label>
                }.into_any()
            } else {
                view! {
                    <Show when=move || goals.with(|g| !g.is_empty())>
                        <p class="agenda-goals-text" dir="auto">{move || goals.get()}</p>
                    </Show>
                }.into_any()
            }}
            // One empty day is the empty agenda, which says so already.
            {move || (empty && several()).then(|| view! { <p class="muted">{t!(i18n, day_empty)}</p> })}
            <ol class="agenda-list" aria-label=title>
                {steps.into_iter().map(|s| view! { <StepRow step=s days=days current=current/> }).collect_view()}
            </ol>
        </section>
    }
}
