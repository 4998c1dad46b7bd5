//! The agenda: the workshop's days with their steps and times; the step running now is
//! highlighted and says when it runs over. The facilitator adds days and dates them, writes,
//! edits, reorders and starts the steps; participants read it.

use board::{DayView, StepView};
use leptos::prelude::*;

use super::agenda_day::{date_input_id, AgendaDay};
use super::agenda_step::{Editing, ADD_DAY_ID};
use super::step_form::StepForm;
use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::voting::VotingCtx;
use crate::wall::focus::focus_id_soon;
use crate::wall::messages::board_error_text;
use crate::wall::WallUi;

/// The agenda view.
#[component]
pub fn AgendaView() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let facilitator = expect_context::<VotingCtx>().facilitator;
    provide_context(Editing(RwSignal::new(None)));
    let days = Memo::new(move |_| ctx.track(|b| b.days()));
    let plan = Memo::new(move |_| {
        let steps = ctx.track(|b| b.agenda());
        days.get()
            .into_iter()
            .map(|d| {
                let of_day: Vec<StepView> = steps
                    .iter()
                    .filter(|s| s.plan.day == d.id)
                    .cloned()
                    .collect();
                (d, of_day)
            })
            .collect::<Vec<(DayView, Vec<StepView>)>>()
    });
    let empty = Memo::new(move |_| plan.with(|p| p.iter().all(|(_, s)| s.is_empty())));
    let current = Memo::new(move |_| ctx.track(|b| b.current_step().map(|s| s.id)));
    let days_signal = Signal::from(days);
    let add_day = move |_| match ctx.edit(|b| b.add_day()) {
        Ok(id) => focus_id_soon(date_input_id(&id)),
        Err(e) => ui.complain(board_error_text(i18n, &e)),
    };
    view! {
        // Participants have nothing to focus in it, so the scrolling agenda takes focus
        // itself: the keyboard scrolls it.
        <section class="agenda" aria-labelledby="agenda-heading" tabindex=(!facilitator).then_some("0")>
            <h2 id="agenda-heading">{t!(i18n, agenda_heading)}</h2>
            <Show when=move || empty.get()>
                <p class="muted">{move || if facilitator { t_string!(i18n, agenda_empty_facilitator) } else { t_string!(i18n, agenda_empty) }}</p>
            </Show>
            // A day is drawn anew when it or one of its steps changes; not for its goals,
            // which the day reads itself (redrawing would take focus from the goals field).
            <For each=move || plan.get() key=|(d, s)| format!("{}|{}|{:?}|{}|{s:?}", d.id, d.number, d.date, d.order) children=move |(day, steps)| view! {
                <AgendaDay day=day steps=steps days=days_signal current=current/>
            }/>
            {facilitator.then(|| view! {
                <button type="button" class="button agenda-add-day" id=ADD_DAY_ID on:click=add_day>{t!(i18n, day_add)}</button>
                <StepForm days=days_signal/>
            })}
        </section>
    }
}
