//! The agenda: the day's steps with their times; the step running now is highlighted and
//! says when it runs over. The facilitator writes the steps and starts them.

use board::{Activity, StepPlan, StepView};
use leptos::prelude::*;

use super::activity_text;
use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::voting::VotingCtx;
use crate::wall::messages::board_error_text;
use crate::wall::WallUi;

const ACTIVITIES: [Activity; 5] = [Activity::Wall, Activity::Round, Activity::Exercise, Activity::Worksheets, Activity::Feedback];

/// The agenda view.
#[component]
pub fn AgendaView() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let facilitator = expect_context::<VotingCtx>().facilitator;
    let steps = Memo::new(move |_| ctx.track(|b| b.agenda()));
    let current = Memo::new(move |_| ctx.track(|b| b.current_step().map(|s| s.id)));
    let row = move |s: StepView| {
        let id = StoredValue::new(s.id.clone());
        let is_current = {
            let id = s.id.clone();
            move || current.with(|c| c.as_deref() == Some(id.as_str()))
        };
        let minutes = s.plan.minutes.map(|m| t_string!(i18n, step_minutes, minutes = m));
        let activity = activity_text(i18n, s.plan.activity);
        let title = s.plan.title.clone();
        let start_label = t_string!(i18n, step_start_label, title = title.clone());
        let remove_label = t_string!(i18n, step_remove_label, title = title.clone());
        let aria_current = {
            let is_current = is_current.clone();
            move || is_current().then_some("step")
        };
        let class = {
            let is_current = is_current.clone();
            move || if is_current() { "agenda-step agenda-step--current" } else { "agenda-step" }
        };
        view! {
            <li class=class aria-current=aria_current>
                <span class="agenda-time">{s.plan.start.clone()}</span>
                <div class="agenda-body">
                    <p class="agenda-title" dir="auto">{title}</p>
                    <p class="agenda-meta">{activity}{minutes.map(|m| format!(" · {m}"))}</p>
                </div>
                {facilitator.then(|| view! {
                    <div class="agenda-actions">
                        <button type="button" class="button" aria-label=start_label
                            on:click=move |_| if let Err(e) = ctx.edit(|b| b.start_step(&id.get_value())) { ui.complain(board_error_text(i18n, &e)) }>
                            {t!(i18n, step_start)}
                        </button>
                        <button type="button" class="button small button--danger" aria-label=remove_label
                            on:click=move |_| { let _ = ctx.edit(|b| b.remove_step(&id.get_value())); }>"✕"</button>
                    </div>
                })}
            </li>
        }
    };
    view! {
        <section class="agenda" aria-labelledby="agenda-heading">
            <h2 id="agenda-heading">{t!(i18n, agenda_heading)}</h2>
            <Show when=move || steps.with(Vec::is_empty)>
                <p class="muted">{move || if facilitator { t_string!(i18n, agenda_empty_facilitator) } else { t_string!(i18n, agenda_empty) }}</p>
            </Show>
            <ol class="agenda-list" aria-label=t!(i18n, agenda_heading)>
                <For each=move || steps.get() key=|s| format!("{s:?}") children=row/>
            </ol>
            {facilitator.then(|| view! { <StepForm/> })}
        </section>
    }
}

/// The facilitator's form for a new step.
#[component]
fn StepForm() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let start = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let minutes = RwSignal::new(String::new());
    let activity = RwSignal::new(Activity::Wall.as_str().to_string());
    let target = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let targets = Memo::new(move |_| {
        let kind = activity.get();
        ctx.track(|b| match kind.as_str() {
            "round" => b.rounds().into_iter().map(|r| (r.id, r.settings.title)).collect::<Vec<_>>(),
            "exercise" => b.exercises().into_iter().map(|e| (e.id, e.title)).collect(),
            "wall" => b.regions().into_iter().map(|r| (r.id, r.title)).collect(),
            _ => Vec::new(),
        })
    });
    // A wall step may run one region of the wall; the others run a round or an exercise.
    let on_wall = move || activity.with(|a| a == Activity::Wall.as_str());
    let target_label = move || if on_wall() { t_string!(i18n, step_region) } else { t_string!(i18n, step_target) };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let kind = ACTIVITIES.into_iter().find(|a| a.as_str() == activity.get_untracked()).unwrap_or_default();
        let chosen = target.get_untracked();
        let plan = StepPlan {
            start: start.get_untracked(),
            title: title.get_untracked(),
            minutes: minutes.get_untracked().trim().parse().ok(),
            activity: kind,
            target: (!chosen.is_empty()).then_some(chosen).filter(|_| matches!(kind, Activity::Round | Activity::Exercise | Activity::Wall)),
        };
        match ctx.edit(|b| b.add_step(&plan)) {
            Ok(_) => {
                error.set(None);
                title.set(String::new());
                start.set(String::new());
                minutes.set(String::new());
            }
            Err(e) => error.set(Some(board_error_text(i18n, &e))),
        }
    };
    view! {
        <form class="step-form" on:submit=add>
            <h3>{t!(i18n, step_new)}</h3>
            <div class="field-row">
                <label class="field"><span>{t!(i18n, step_time)}</span><input type="text" inputmode="numeric" placeholder="14:00" bind:value=start/></label>
                <label class="field"><span>{t!(i18n, step_length)}</span><input type="number" inputmode="numeric" min="0" bind:value=minutes/></label>
            </div>
            <label class="field"><span>{t!(i18n, step_title)}</span><input type="text" maxlength="200" bind:value=title/></label>
            <label class="field">
                <span>{t!(i18n, step_activity)}</span>
                <select aria-label=t!(i18n, step_activity) prop:value=move || activity.get() on:change=move |ev| { activity.set(event_target_value(&ev)); target.set(String::new()); }>
                    {ACTIVITIES.map(|a| view! { <option value=a.as_str()>{move || activity_text(i18n, a)}</option> })}
                </select>
            </label>
            <Show when=move || targets.with(|t| !t.is_empty())>
                <label class="field">
                    <span>{move || target_label()}</span>
                    <select aria-label=target_label prop:value=move || target.get() on:change=move |ev| target.set(event_target_value(&ev))>
                        <option value="">{move || if on_wall() { t_string!(i18n, step_region_none) } else { "—" }}</option>
                        <For each=move || targets.get() key=|t| t.clone() children=|(id, title)| view! { <option value=id>{title}</option> }/>
                    </select>
                </label>
            </Show>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <button type="submit" class="button button--primary">{t!(i18n, step_add)}</button>
        </form>
    }
}
