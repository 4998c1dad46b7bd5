//! The worksheet editor: picks the form for the template. Question sheets (field analysis,
//! action plan, custom) show one question per section, in the board's wording, with a large
//! answer field.

use board::worksheet::list;
use board::{Template, Worksheet};
use leptos::prelude::*;

use super::goals::GoalsSheet;
use super::lists::SheetEdits;
use super::lists::{FeedbackSheet, ObstaclesSheet, SteeringSheet};
use super::shared_text::SharedText;
use super::{language, sheet_label};
use crate::i18n::*;
use crate::sync::BoardCtx;

/// The open worksheet, as the document has it now.
pub type SheetMemo = Memo<Option<Worksheet>>;

/// The editor of worksheet `id`.
#[component]
pub fn SheetEditor(id: String, facilitator: bool) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let sid = StoredValue::new(id.clone());
    let sheet: SheetMemo = Memo::new(move |_| ctx.track(|b| b.worksheet(&sid.get_value())));
    let template = Memo::new(move |_| sheet.with(|s| s.as_ref().and_then(|s| s.template)));
    let heading = move || {
        sheet.with(|s| {
            s.as_ref()
                .map(|w| sheet_label(i18n, ctx, w))
                .unwrap_or_default()
        })
    };
    let delete = move |_| {
        let _ = ctx.edit(|b| b.delete_worksheet(&sid.get_value()));
    };
    view! {
        <article class="sheet" aria-labelledby="sheet-heading">
            <h3 id="sheet-heading" class="sheet-title">{heading}</h3>
            {move || match template.get() {
                Some(Template::FieldAnalysis) => view! { <QuestionSheet sheet facilitator/> }.into_any(),
                Some(Template::ActionPlan) => view! { <AnnualGoalPicker sheet/> <QuestionSheet sheet facilitator/> }.into_any(),
                Some(Template::Custom) => view! { <CustomSheet sheet facilitator/> }.into_any(),
                Some(Template::Goals) => view! { <GoalsSheet sheet/> }.into_any(),
                Some(Template::Obstacles) => view! { <ObstaclesSheet sheet/> }.into_any(),
                Some(Template::Steering) => view! { <SteeringSheet sheet/> }.into_any(),
                Some(Template::Feedback) => view! { <FeedbackSheet sheet/> }.into_any(),
                None => view! { <p class="muted">{t!(i18n, sheet_unknown)}</p> }.into_any(),
            }}
            {facilitator.then(|| view! {
                <button type="button" class="button button--danger sheet-delete" on:click=delete>{t!(i18n, sheet_delete)}</button>
            })}
        </article>
    }
}

/// Writes an answer; a refusal (too long) is shown.
pub fn answer_writer(
    sheet: SheetMemo,
    key: String,
) -> impl Fn(String) + Clone + Send + Sync + 'static {
    let edits = SheetEdits::of(sheet);
    move |text: String| {
        edits.run(|b, id| b.set_answer(id, &key, &text));
    }
}

/// The fixed questions of a template, each with its answer, worded as this board asks them.
/// The facilitator can reword each question for the board, or go back to the template's.
#[component]
fn QuestionSheet(sheet: SheetMemo, facilitator: bool) -> impl IntoView {
    let i18n = use_i18n();
    let template = sheet.with_untracked(|s| s.as_ref().and_then(|s| s.template));
    let questions = template.map(Template::questions).unwrap_or(&[]);
    questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let q = *q;
            let key = q.key.to_string();
            let value_key = key.clone();
            let value = Signal::derive(move || sheet.with(|s| s.as_ref().map(|s| s.answer(&value_key).to_string()).unwrap_or_default()));
            let wording = Memo::new(move |_| {
                let lang = language(i18n);
                sheet.with(|s| s.as_ref().map(|s| s.question_text(&q, lang)).unwrap_or_default())
            });
            let reworded = Memo::new(move |_| sheet.with(|s| s.as_ref().is_some_and(|s| s.reworded(q.key))));
            let label = Signal::derive(move || format!("{}. {}", i + 1, wording.get()));
            view! {
                <section class="sheet-question">
                    <SharedText label value on_edit=answer_writer(sheet, key) rows=4/>
                    {template.filter(|_| facilitator).and_then(|template| crate::desk::part(|d| d.rewording).map(|rewording| rewording(template, q, wording, reworded)))}
                </section>
            }
        })
        .collect_view()
}

/// For an action plan: picks one of the Jahresziele written on the goals worksheets of the
/// same field (or group) and copies it into the plan's first answer, which stays editable.
#[component]
fn AnnualGoalPicker(sheet: SheetMemo) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let goals = Memo::new(move |_| {
        let Some((field, group)) =
            sheet.with(|s| s.as_ref().map(|s| (s.field.clone(), s.group.clone())))
        else {
            return Vec::new();
        };
        ctx.track(|b| {
            b.worksheets()
                .into_iter()
                .filter(|w| {
                    w.template == Some(Template::Goals)
                        && ((field.is_some() && w.field == field)
                            || (group.is_some() && w.group == group))
                })
                .flat_map(|w| {
                    w.list(list::GOALS)
                        .iter()
                        .flat_map(|g| {
                            g.list(list::ANNUAL)
                                .iter()
                                .map(|a| a.text("text").trim().to_string())
                        })
                        .filter(|t| !t.is_empty())
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<String>>()
        })
    });
    let write = answer_writer(sheet, "goal".to_string());
    move || {
        let options = goals.get();
        (!options.is_empty()).then(|| {
            let write = write.clone();
            view! {
                <label class="field">
                    <span>{t!(i18n, action_pick_goal)}</span>
                    <select aria-label=t!(i18n, action_pick_goal) on:change=move |ev| {
                        let text = event_target_value(&ev);
                        if !text.is_empty() {
                            write(text);
                        }
                    }>
                        <option value="">{t!(i18n, action_pick_none)}</option>
                        {options.into_iter().map(|o| view! { <option value=o.clone()>{o.clone()}</option> }).collect_view()}
                    </select>
                </label>
            }
        })
    }
}

/// A custom worksheet: the facilitator's questions, each with its answer.
#[component]
fn CustomSheet(sheet: SheetMemo, facilitator: bool) -> impl IntoView {
    let i18n = use_i18n();
    let edits = SheetEdits::of(sheet);
    let draft = RwSignal::new(String::new());
    let questions = Memo::new(move |_| {
        sheet.with(|s| {
            s.as_ref()
                .map(|s| s.list(list::QUESTIONS).to_vec())
                .unwrap_or_default()
        })
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = draft.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        let added = edits.run(|b, id| {
            let q = b.add_item(id, &[], list::QUESTIONS, &["text"])?;
            b.set_item_text(id, &[(list::QUESTIONS, &q)], "text", text.trim())
        });
        if added {
            draft.set(String::new());
        }
    };
    view! {
        <For each=move || questions.get() key=|q| (q.id.clone(), q.text("text").to_string()) children=move |q| {
            let key = q.id.clone();
            let value_key = key.clone();
            let value = Signal::derive(move || sheet.with(|s| s.as_ref().map(|s| s.answer(&value_key).to_string()).unwrap_or_default()));
            let label = q.text("text").to_string();
            view! {
                <section class="sheet-question">
                    <SharedText label=label value on_edit=answer_writer(sheet, key) rows=4/>
                </section>
            }
        }/>
        <Show when=move || questions.with(Vec::is_empty)>
            <p class="muted">{t!(i18n, custom_no_questions)}</p>
        </Show>
        {facilitator.then(|| view! {
            <form class="inline-form" on:submit=add>
                <label class="field">
                    <span>{t!(i18n, custom_new_question)}</span>
                    <input type="text" maxlength="500" bind:value=draft/>
                </label>
                <button type="submit" class="button">{t!(i18n, add)}</button>
            </form>
        })}
    }
}
