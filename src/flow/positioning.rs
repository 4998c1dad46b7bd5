//! Positioning ("Aufstellung"): the open question with one big button per position on each
//! phone; on the wall and the projector every position as a zone with who stands there and
//! how many, live; and how people moved since the previous question. The facilitator sets
//! up the questions (each new one starting from the previous one's positions) and opens
//! them one after another.

use board::{ExerciseView, Movement, Standing};
use leptos::prelude::*;

use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::voting::VotingCtx;
use crate::wall::messages::board_error_text;
use crate::wall::WallUi;

/// The exercise to show: the one with an open question (the newest), else the newest.
fn shown(exercises: Vec<ExerciseView>) -> Option<ExerciseView> {
    let open = exercises.iter().rev().find(|e| e.open.is_some()).cloned();
    open.or_else(|| exercises.last().cloned())
}

/// The positioning view.
#[component]
pub fn PositioningView() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let v = expect_context::<VotingCtx>();
    let exercise = Memo::new(move |_| ctx.track(|b| shown(b.exercises())));
    let open = Memo::new(move |_| {
        exercise.with(|e| {
            e.as_ref().and_then(|e| {
                Some((
                    e.id.clone(),
                    e.questions
                        .iter()
                        .find(|q| Some(&q.id) == e.open.as_ref())?
                        .clone(),
                ))
            })
        })
    });
    // The question to show standings for: the open one, else the last one asked.
    let standings = Memo::new(move |_| {
        let (ex, q) = open.get().map(|(e, q)| (e, q.id))?;
        Some(ctx.track(|b| b.standings(&ex, &q)))
    });
    let mine = Memo::new(move |_| {
        let (ex, q) = open.get().map(|(e, q)| (e, q.id))?;
        ctx.track(|b| b.my_answer(&ex, &q))
    });
    let movement = Memo::new(move |_| {
        let e = exercise.get()?;
        let open = e.open.clone()?;
        let at = e.questions.iter().position(|q| q.id == open)?;
        let prev = e.questions.get(at.checked_sub(1)?)?;
        ctx.track(|b| b.movement(&e.id, &prev.id, &open))
    });
    let answer = move |i: usize| {
        let Some((ex, q)) = open.get_untracked().map(|(e, q)| (e, q.id)) else {
            return;
        };
        if let Err(e) = ctx.edit(|b| b.answer(&ex, &q, i)) {
            ui.complain(board_error_text(i18n, &e));
        }
    };
    view! {
        <section class="positioning" aria-labelledby="positioning-heading">
            <h2 id="positioning-heading" dir="auto">{move || exercise.with(|e| e.as_ref().map(|e| e.title.clone())).unwrap_or_else(|| t_string!(i18n, positioning_heading).to_string())}</h2>
            {move || match open.get() {
                None => view! { <p class="muted">{t!(i18n, positioning_none_open)}</p> }.into_any(),
                Some((_, q)) => {
                    let buttons = q.positions.iter().enumerate().map(|(i, p)| {
                        let pressed = move || (mine.get() == Some(i)).to_string();
                        let label = p.clone();
                        view! {
                            <li><button type="button" class="button position-button" dir="auto" aria-pressed=pressed on:click=move |_| answer(i)>{label}</button></li>
                        }
                    }).collect_view();
                    view! {
                        <p class="position-question" dir="auto">{q.text.clone()}</p>
                        {v.can_vote.then(|| view! {
                            <ul class="position-buttons" aria-label=t!(i18n, positioning_choose)>{buttons}</ul>
                        })}
                    }.into_any()
                }
            }}
            {move || standings.get().map(|s| view! { <Zones standings=s/> })}
            {move || movement.get().map(|m| view! { <MovementTable movement=m/> })}
            {crate::desk::part(|d| d.exercise_setup).filter(|_| v.facilitator).map(|setup| setup(exercise))}
        </section>
    }
}

/// Each position as a zone with its people.
#[component]
fn Zones(standings: Vec<Standing>) -> impl IntoView {
    let i18n = use_i18n();
    let zones = standings
        .into_iter()
        .map(|s| {
            let label = t_string!(
                i18n,
                zone_label,
                position = s.position.clone(),
                count = s.count
            );
            view! {
                <li class="zone" aria-label=label>
                    <p class="zone-name" dir="auto">{s.position.clone()}</p>
                    <p class="zone-count">{s.count}</p>
                    <p class="zone-people">{s.names.join(", ")}</p>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="zones" aria-label=t!(i18n, zones_label)>{zones}</ul> }
}

/// How people moved from the previous question: a table of counts.
#[component]
fn MovementTable(movement: Movement) -> impl IntoView {
    let i18n = use_i18n();
    let Movement {
        from, to, moves, ..
    } = movement;
    let head = to
        .iter()
        .map(|t| view! { <th scope="col">{t.clone()}</th> })
        .collect_view();
    let rows = from
        .iter()
        .zip(moves)
        .map(|(f, row)| {
            let cells = row
                .into_iter()
                .map(|n| view! { <td>{n}</td> })
                .collect_view();
            view! { <tr><th scope="row">{f.clone()}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <table class="movement">
            <caption>{t!(i18n, movement_caption)}</caption>
            <thead><tr><th scope="col">{t!(i18n, movement_from_to)}</th>{head}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The facilitator's tools: a new exercise, its questions, opening them in turn.
#[component]
pub fn ExerciseSetup(exercise: Memo<Option<ExerciseView>>) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let title = RwSignal::new(String::new());
    let anonymous = RwSignal::new(false);
    let question = RwSignal::new(String::new());
    let positions = RwSignal::new(String::new());
    let scale = RwSignal::new(false);
    let complain = move |e: board::BoardError| ui.complain(board_error_text(i18n, &e));
    // The sheets usually stay on the floor from question to question: the form starts with
    // the last question's positions, and a button takes them over again after changes.
    let last =
        Memo::new(move |_| exercise.with(|e| e.as_ref().and_then(ExerciseView::last_positions)));
    let take_last = move || {
        if let Some((list, is_scale)) = last.get_untracked() {
            positions.set(list.join("\n"));
            scale.set(is_scale);
        }
    };
    Effect::new(move |_| {
        if last.with(Option::is_some) && positions.get_untracked().trim().is_empty() {
            take_last();
        }
    });
    let new_exercise = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match ctx.edit(|b| b.add_exercise(&title.get_untracked(), anonymous.get_untracked())) {
            Ok(_) => title.set(String::new()),
            Err(e) => complain(e),
        }
    };
    let new_question = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(ex) = exercise.get_untracked() else {
            return;
        };
        let list: Vec<String> = positions
            .get_untracked()
            .lines()
            .map(str::to_owned)
            .collect();
        match ctx.edit(|b| {
            b.add_question(
                &ex.id,
                &question.get_untracked(),
                &list,
                scale.get_untracked(),
            )
        }) {
            Ok(_) => question.set(String::new()),
            Err(e) => complain(e),
        }
    };
    let questions = move || {
        exercise.get().map(|e| {
        let ex = StoredValue::new(e.id.clone());
        e.questions.into_iter().map(|q| {
            let is_open = e.open.as_deref() == Some(q.id.as_str());
            let qid = StoredValue::new(q.id.clone());
            let label = t_string!(i18n, question_open_label, question = q.text.clone());
            view! {
                <li class="setup-question">
                    <span dir="auto">{q.text.clone()}</span>
                    {if is_open {
                        view! { <button type="button" class="button" on:click=move |_| { let _ = ctx.edit(|b| b.close_question(&ex.get_value())); }>{t!(i18n, question_close)}</button> }.into_any()
                    } else {
                        view! { <button type="button" class="button button--primary" aria-label=label on:click=move |_| if let Err(e) = ctx.edit(|b| b.open_question(&ex.get_value(), &qid.get_value())) { complain(e) }>{t!(i18n, question_open)}</button> }.into_any()
                    }}
                </li>
            }
        }).collect_view()
    })
    };
    view! {
        <div class="exercise-setup">
            <ul class="setup-questions">{questions}</ul>
            <Show when=move || exercise.with(Option::is_some)>
                <form class="question-form" on:submit=new_question>
                    <h3>{t!(i18n, question_new)}</h3>
                    <label class="field"><span>{t!(i18n, question_text)}</span><input type="text" maxlength="200" bind:value=question/></label>
                    <label class="field"><span>{t!(i18n, question_positions)}</span><textarea rows="5" bind:value=positions></textarea></label>
                    <Show when=move || last.with(Option::is_some)>
                        <button type="button" class="button" on:click=move |_| take_last()>{t!(i18n, question_take_last)}</button>
                    </Show>
                    <label class="check"><input type="checkbox" bind:checked=scale/>{t!(i18n, question_scale)}</label>
                    <button type="submit" class="button button--primary">{t!(i18n, question_add)}</button>
                </form>
            </Show>
            <form class="exercise-form" on:submit=new_exercise>
                <h3>{t!(i18n, exercise_new)}</h3>
                <label class="field"><span>{t!(i18n, exercise_title)}</span><input type="text" maxlength="200" bind:value=title/></label>
                <label class="check"><input type="checkbox" bind:checked=anonymous/>{t!(i18n, exercise_anonymous)}</label>
                <button type="submit" class="button">{t!(i18n, exercise_add)}</button>
            </form>
        </div>
    }
}
