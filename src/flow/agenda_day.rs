//! One day of the agenda: its heading "Tag 1 · 11. März 2011", for the facilitator its date
//! field and a way to remove it, and its steps.

use board::{DayView, StepId, StepView};
use leptos::prelude::*;

use super::agenda_step::{focus_later, StepRow, ADD_DAY_ID};
use crate::export::export_language;
use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::voting::VotingCtx;
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
    let remove = move |_| {
        match ctx.edit(|b| b.remove_day(&id.get_value())) {
            Ok(()) => focus_later(ADD_DAY_ID.to_owned()),
            Err(e) => ui.complain(board_error_text(i18n, &e)),
        }
    };
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
            // One empty day is the empty agenda, which says so already.
            {move || (empty && several()).then(|| view! { <p class="muted">{t!(i18n, day_empty)}</p> })}
            <ol class="agenda-list" aria-label=title>
                {steps.into_iter().map(|s| view! { <StepRow step=s days=days current=current/> }).collect_view()}
            </ol>
        </section>
    }
}
