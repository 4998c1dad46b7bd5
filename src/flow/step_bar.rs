//! The step running now, in a line under the toolbar: its time and title, "running over"
//! when its planned time is up, and the way back to it for someone who stepped away.

use leptos::prelude::*;

use super::follow::step_mode;
use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::voting::VotingCtx;
use crate::wall::{ViewMode, WallUi};

/// The current step's line; nothing before the day starts.
#[component]
pub fn StepBar() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let v = expect_context::<VotingCtx>();
    let step = Memo::new(move |_| ctx.track(|b| b.current_step()));
    let now = RwSignal::new(js_sys::Date::now());
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let _ = now.try_set(js_sys::Date::now());
        },
        std::time::Duration::from_secs(15),
    ) {
        on_cleanup(move || handle.clear());
    }
    let over = move || step.with(|s| s.as_ref().is_some_and(|s| s.running_over(now.get())));
    let away = move || {
        step.with(|s| {
            s.as_ref().is_some_and(|s| {
                step_mode(ui, s.plan.activity, s.plan.target.as_deref()) != ui.mode.get()
            })
        }) && ui.mode.get() != ViewMode::Agenda
    };
    let back = move |_| {
        if let Some(s) = step.get_untracked() {
            ui.mode
                .set(step_mode(ui, s.plan.activity, s.plan.target.as_deref()));
            if s.plan.activity == board::Activity::Round && v.can_vote {
                v.ballot_open.set(true);
            }
        }
    };
    move || {
        step.get().map(|s| view! {
            <section class="step-bar" aria-label=t!(i18n, step_bar)>
                <p class="step-bar-text">
                    <span class="step-time">{s.plan.start.clone()}</span>
                    <strong dir="auto">{s.plan.title.clone()}</strong>
                    <Show when=over>
                        <span class="step-over">{t!(i18n, step_over)}</span>
                    </Show>
                </p>
                <Show when=away>
                    <button type="button" class="button small" on:click=back>{t!(i18n, step_back)}</button>
                </Show>
            </section>
        })
    }
}
