//! One step of the agenda: its time, title, length and activity; for the facilitator also
//! start, edit in place, move up and down (buttons or Alt+↑/↓, also across days), drag and
//! remove.

use board::{DayView, StepId, StepView};
use leptos::prelude::*;

use super::activity_text;
use super::agenda_drag::Grip;
use super::step_form::StepForm;
use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::voting::VotingCtx;
use crate::wall::focus::focus_id_soon;
use crate::wall::messages::board_error_text;
use crate::wall::WallUi;

/// The DOM id of the "Tag hinzufügen" button, where focus goes when nothing nearer is left.
pub const ADD_DAY_ID: &str = "agenda-add-day";

/// Which step the facilitator edits now (one at a time).
#[derive(Clone, Copy)]
pub struct Editing(pub RwSignal<Option<StepId>>);

/// The DOM id of a step's button, so focus can find it again once the row is redrawn.
fn button_id(step: &str, which: &str) -> String {
    format!("step-{step}-{which}")
}

/// The id of the focused element, if it has one: to focus it again with [`focus_id_soon`].
fn focused_id() -> Option<String> {
    document()
        .active_element()
        .map(|e| e.id())
        .filter(|i| !i.is_empty())
}

/// A step of the agenda.
#[component]
pub fn StepRow(
    step: StepView,
    #[prop(into)] days: Signal<Vec<DayView>>,
    current: Memo<Option<StepId>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let facilitator = expect_context::<VotingCtx>().facilitator;
    let editing = expect_context::<Editing>().0;
    let id = StoredValue::new(step.id.clone());
    let is_current = {
        let id = step.id.clone();
        move || current.with(|c| c.as_deref() == Some(id.as_str()))
    };
    let is_editing = move || editing.with(|e| e.as_deref() == Some(id.get_value().as_str()));
    // Keeps the focused button focused while the step moves (its row is drawn anew).
    let nudge = move |up: bool| {
        let focused = focused_id();
        match ctx.edit(|b| b.nudge_step(&id.get_value(), up)) {
            Ok(_) => focused.into_iter().for_each(focus_id_soon),
            Err(e) => ui.complain(board_error_text(i18n, &e)),
        }
    };
    let keys = move |ev: leptos::ev::KeyboardEvent| {
        if facilitator
            && ev.alt_key()
            && !is_editing()
            && matches!(ev.key().as_str(), "ArrowUp" | "ArrowDown")
        {
            ev.prevent_default();
            nudge(ev.key() == "ArrowUp");
        }
    };
    let done = Callback::new(move |step: StepId| {
        editing.set(None);
        focus_id_soon(button_id(&step, "edit"));
    });
    let class = {
        let is_current = is_current.clone();
        move || {
            if is_current() {
                "agenda-step agenda-step--current"
            } else {
                "agenda-step"
            }
        }
    };
    let aria_current = {
        let is_current = is_current.clone();
        move || is_current().then_some("step")
    };
    let running = Signal::derive(is_current);
    let shown = StoredValue::new(step);
    view! {
        <li class=class aria-current=aria_current data-step=id.get_value() on:keydown=keys
            aria-keyshortcuts=facilitator.then_some("Alt+ArrowUp Alt+ArrowDown")>
            {move || if is_editing() {
                view! { <StepForm editing=shown.get_value() days=days done=done/> }.into_any()
            } else {
                view! { <StepLine step=shown.get_value() nudge=nudge current=running/> }.into_any()
            }}
        </li>
    }
}

/// A step as read: time, title, length and activity, and the facilitator's buttons.
#[component]
fn StepLine(
    step: StepView,
    #[prop(into)] nudge: Callback<bool>,
    /// Whether the step runs now: its start button then says so and does nothing.
    current: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let facilitator = expect_context::<VotingCtx>().facilitator;
    let editing = expect_context::<Editing>().0;
    let id = StoredValue::new(step.id.clone());
    let minutes = step
        .plan
        .minutes
        .map(|m| t_string!(i18n, step_minutes, minutes = m));
    let activity = activity_text(i18n, step.plan.activity);
    // When it really began, beside the plan: how far the day is from it.
    let began = step
        .started
        .and_then(crate::clock::local_time)
        .map(|time| t_string!(i18n, step_began, time = time));
    let title = &step.plan.title;
    let start_label = t_string!(i18n, step_start_label, title = title);
    let running_label = t_string!(i18n, step_running_label, title = title);
    let remove_label = t_string!(i18n, step_remove_label, title = title);
    let edit_label = t_string!(i18n, step_edit_label, title = title);
    let up_label = t_string!(i18n, step_up_label, title = title);
    let down_label = t_string!(i18n, step_down_label, title = title);
    let start = move |_| {
        if current.get_untracked() {
            return;
        }
        // The row is drawn anew (the step now has its start time): focus comes back to it.
        let focused = focused_id();
        match ctx.edit(|b| b.start_step(&id.get_value())) {
            Ok(_) => focused.into_iter().for_each(focus_id_soon),
            Err(e) => ui.complain(board_error_text(i18n, &e)),
        }
    };
    // Focus goes on to the next step's remove button (or the one before), not to the page.
    let remove = move |_| {
        let step = id.get_value();
        let next = ctx.read(|b| {
            let steps = b.agenda();
            let at = steps.iter().position(|s| s.id == step)?;
            steps
                .get(at + 1)
                .or(at.checked_sub(1).and_then(|i| steps.get(i)))
                .map(|s| s.id.clone())
        });
        let _ = ctx.edit(|b| b.remove_step(&step));
        focus_id_soon(next.map_or_else(|| ADD_DAY_ID.to_owned(), |n| button_id(&n, "remove")));
    };
    let bid = move |which: &str| button_id(&id.get_value(), which);
    view! {
        {facilitator.then(|| view! { <Grip step=id.get_value()/> })}
        <span class="agenda-time">{step.plan.start.clone()}</span>
        <div class="agenda-body">
            <p class="agenda-title" dir="auto">{step.plan.title.clone()}</p>
            <p class="agenda-meta">{activity}{minutes.map(|m| format!(" · {m}"))}{began.map(|b| format!(" · {b}"))}</p>
        </div>
        {facilitator.then(|| view! {
            <div class="agenda-actions">
                <button type="button" class="button" id=bid("up") aria-label=up_label on:click=move |_| nudge.run(true)>"↑"</button>
                <button type="button" class="button" id=bid("down") aria-label=down_label on:click=move |_| nudge.run(false)>"↓"</button>
                <button type="button" class="button" id=bid("edit") aria-label=edit_label
                    on:click=move |_| editing.set(Some(id.get_value()))>{t!(i18n, step_edit)}</button>
                // One button either way, so that focus stays on it when the step starts.
                <button type="button" class="button" id=bid("start") on:click=start
                    aria-disabled=move || current.get().then_some("true")
                    aria-label=move || if current.get() { running_label.clone() } else { start_label.clone() }>
                    {move || if current.get() { text(i18n, |s| s.step_running)() } else { text(i18n, |s| s.step_start)() }}
                </button>
                <button type="button" class="button small button--danger" id=bid("remove") aria-label=remove_label on:click=remove>"✕"</button>
            </div>
        })}
    }
}
