//! The facilitator's form for a step: empty for a new one, prefilled to edit one in place
//! (time, title, length, day, activity and the round, exercise or region it runs, and the
//! text the documentation prints at this step).

use board::{Activity, DayView, StepId, StepPlan, StepView};
use leptos::html;
use leptos::prelude::*;

use super::activity_text;
use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::wall::messages::board_error_text;

const ACTIVITIES: [Activity; 5] = [
    Activity::Wall,
    Activity::Round,
    Activity::Exercise,
    Activity::Worksheets,
    Activity::Feedback,
];

/// A new step's form (`editing` is `None`), or the edit form of `editing`; `done` runs after
/// saving or cancelling an edit with the step's id.
#[component]
pub fn StepForm(
    #[prop(optional)] editing: Option<StepView>,
    #[prop(into)] days: Signal<Vec<DayView>>,
    #[prop(optional, into)] done: Option<Callback<StepId>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let plan = editing.as_ref().map(|s| s.plan.clone()).unwrap_or_default();
    let id = StoredValue::new(editing.as_ref().map(|s| s.id.clone()));
    let start = RwSignal::new(plan.start.clone());
    let title = RwSignal::new(plan.title.clone());
    let minutes = RwSignal::new(plan.minutes.map(|m| m.to_string()).unwrap_or_default());
    let day = RwSignal::new(plan.day.clone());
    let activity = RwSignal::new(plan.activity.as_str().to_string());
    let target = RwSignal::new(plan.target.clone().unwrap_or_default());
    let text = RwSignal::new(plan.text.clone());
    let error = RwSignal::new(None::<String>);
    let first_field = NodeRef::<html::Input>::new();
    // New steps go to the last day unless another is chosen: days are entered in order.
    let chosen_day = move || {
        let d = day.get();
        days.with(|all| {
            if all.iter().any(|x| x.id == d) {
                d
            } else {
                all.last().map(|x| x.id.clone()).unwrap_or_default()
            }
        })
    };
    let targets = Memo::new(move |_| {
        let kind = activity.get();
        ctx.track(|b| match kind.as_str() {
            "round" => b
                .rounds()
                .into_iter()
                .map(|r| (r.id, r.settings.title))
                .collect::<Vec<_>>(),
            "exercise" => b.exercises().into_iter().map(|e| (e.id, e.title)).collect(),
            "wall" => b.regions().into_iter().map(|r| (r.id, r.title)).collect(),
            _ => Vec::new(),
        })
    });
    // A wall step may run one region of the wall; the others run a round or an exercise.
    let on_wall = move || activity.with(|a| a == Activity::Wall.as_str());
    let target_label = move || {
        if on_wall() {
            t_string!(i18n, step_region)
        } else {
            t_string!(i18n, step_target)
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let kind = ACTIVITIES
            .into_iter()
            .find(|a| a.as_str() == activity.get_untracked())
            .unwrap_or_default();
        let chosen = target.get_untracked();
        let plan = StepPlan {
            day: chosen_day(),
            start: start.get_untracked(),
            title: title.get_untracked(),
            minutes: minutes.get_untracked().trim().parse().ok(),
            activity: kind,
            target: (!chosen.is_empty())
                .then_some(chosen)
                .filter(|_| matches!(kind, Activity::Round | Activity::Exercise | Activity::Wall)),
            text: text.get_untracked(),
        };
        let saved = match id.get_value() {
            Some(step) => ctx.edit(|b| b.update_step(&step, &plan)).map(|()| step),
            None => ctx.edit(|b| b.add_step(&plan)),
        };
        match saved {
            Ok(step) if id.get_value().is_some() => {
                if let Some(done) = done {
                    done.run(step);
                }
            }
            Ok(_) => {
                error.set(None);
                title.set(String::new());
                start.set(String::new());
                minutes.set(String::new());
                text.set(String::new());
                day.set(plan.day);
                if let Some(el) = first_field.get_untracked() {
                    let _ = el.focus();
                }
            }
            Err(e) => error.set(Some(board_error_text(i18n, &e))),
        }
    };
    let editing_title = editing.as_ref().map(|s| s.plan.title.clone());
    let form_label = match &editing_title {
        Some(t) => t_string!(i18n, step_edit_form, title = t.clone()),
        None => t_string!(i18n, step_new).to_string(),
    };
    let is_edit = editing_title.is_some();
    let hint_id = match id.get_value() {
        Some(step) => format!("step-{step}-text-hint"),
        None => "step-new-text-hint".to_owned(),
    };
    if is_edit {
        // Editing starts in the form's first field.
        Effect::new(move |_| {
            if let Some(el) = first_field.get() {
                let _ = el.focus();
            }
        });
    }
    let cancel = move |_| {
        if let (Some(done), Some(step)) = (done, id.get_value()) {
            done.run(step);
        }
    };
    view! {
        <form class=if is_edit { "step-form step-form--edit" } else { "step-form" } aria-label=form_label on:submit=submit
            on:keydown=move |ev: leptos::ev::KeyboardEvent| if is_edit && ev.key() == "Escape" { ev.prevent_default(); cancel(()); }>
            {(!is_edit).then(|| view! { <h3>{t!(i18n, step_new)}</h3> })}
            <div class="field-row">
                <label class="field"><span>{t!(i18n, step_time)}</span><input node_ref=first_field type="text" inputmode="numeric" placeholder="14:00" bind:value=start/></label>
                <label class="field"><span>{t!(i18n, step_length)}</span><input type="number" inputmode="numeric" min="0" bind:value=minutes/></label>
                <Show when=move || days.with(|d| d.len() > 1)>
                    <label class="field">
                        <span>{t!(i18n, step_day)}</span>
                        <select aria-label=t!(i18n, step_day) prop:value=chosen_day on:change=move |ev| day.set(event_target_value(&ev))>
                            <For each=move || days.get() key=|d| (d.id.clone(), d.number) children=move |d| view! {
                                <option value=d.id.clone() selected={d.id == chosen_day()}>{t_string!(i18n, day_heading, day = d.number)}</option>
                            }/>
                        </select>
                    </label>
                </Show>
            </div>
            <label class="field"><span>{t!(i18n, step_title)}</span><input type="text" maxlength="200" bind:value=title/></label>
            <label class="field">
                <span>{t!(i18n, step_activity)}</span>
                <select aria-label=t!(i18n, step_activity) prop:value=move || activity.get() on:change=move |ev| { activity.set(event_target_value(&ev)); target.set(String::new()); }>
                    {ACTIVITIES.map(|a| view! { <option value=a.as_str() selected={activity.get_untracked() == a.as_str()}>{move || activity_text(i18n, a)}</option> })}
                </select>
            </label>
            <Show when=move || targets.with(|t| !t.is_empty())>
                <label class="field">
                    <span>{move || target_label()}</span>
                    <select aria-label=target_label prop:value=move || target.get() on:change=move |ev| target.set(event_target_value(&ev))>
                        <option value="">{move || if on_wall() { t_string!(i18n, step_region_none) } else { "—" }}</option>
                        <For each=move || targets.get() key=|t| t.clone() children=move |(id, title)| { let selected = target.get_untracked() == id; view! { <option value=id selected=selected>{title}</option> } }/>
                    </select>
                </label>
            </Show>
            <label class="field">
                <span>{t!(i18n, step_text)}</span>
                <textarea rows="3" dir="auto" maxlength=board::MAX_SECTION_TEXT.to_string() aria-describedby=hint_id.clone() bind:value=text></textarea>
                <small id=hint_id class="muted">{t!(i18n, step_text_hint)}</small>
            </label>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <div class="step-form-actions">
                {if is_edit {
                    view! {
                        <button type="submit" class="button button--primary">{t!(i18n, step_save)}</button>
                        <button type="button" class="button" on:click=move |_| cancel(())>{t!(i18n, step_cancel)}</button>
                    }.into_any()
                } else {
                    view! { <button type="submit" class="button button--primary">{t!(i18n, step_add)}</button> }.into_any()
                }}
            </div>
        </form>
    }
}
