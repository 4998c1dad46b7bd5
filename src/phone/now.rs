//! "Jetzt": what the facilitator's current step asks of a participant, in a few words with
//! the one button that does it — write cards, vote, see the result, answer a positioning
//! question, or go to the group's worksheets.

use board::{Activity, RoundState};
use leptos::prelude::*;

use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::voting::{points_text, Countdown, VotingCtx};
use crate::wall::{ViewMode, WallUi};

/// What the participant is asked to do now.
#[derive(Clone, Debug, PartialEq)]
enum Now {
    /// Write cards (a wall step, or no step yet).
    Write,
    /// Vote in the open round with this title.
    Vote(String),
    /// The round is closed; its result has not been shown yet.
    Closed(String),
    /// The round's result is out.
    Result(String),
    /// Answer the positioning question.
    Positioning,
    /// Work on the group's sheets.
    Work,
}

/// The "Jetzt" card at the top of the phone home.
#[component]
pub fn NowCard(writing: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let v = expect_context::<VotingCtx>();
    let activity = Memo::new(move |_| ctx.track(|b| b.current_step().map(|s| s.plan.activity)));
    let now = Memo::new(move |_| {
        let activity = activity.get();
        let round = v.current.get();
        match (activity, round) {
            (_, Some(r)) if r.state == RoundState::Open => Now::Vote(r.settings.title),
            (Some(Activity::Round) | None, Some(r)) if r.results_visible() => {
                Now::Result(r.settings.title)
            }
            (Some(Activity::Round) | None, Some(r)) if r.state == RoundState::Closed => {
                Now::Closed(r.settings.title)
            }
            (Some(Activity::Exercise), _) => Now::Positioning,
            (Some(Activity::Worksheets | Activity::Feedback), _) => Now::Work,
            _ => Now::Write,
        }
    });
    let top = Memo::new(move |_| {
        v.tally.with(|t| {
            t.as_ref()
                .map(|t| t.items.iter().take(3).cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let body = move || {
        match now.get() {
        Now::Write => view! {
            <p>{t!(i18n, now_write)}</p>
            <button type="button" class="button button--primary" on:click=move |_| writing.set(true)>{t!(i18n, write_card)}</button>
        }
        .into_any(),
        Now::Vote(title) => view! {
            <p>{t_string!(i18n, now_vote, title = title).to_string()} " " <Countdown/></p>
            <button type="button" class="button button--primary" on:click=move |_| v.ballot_open.set(true)>{t!(i18n, vote_now)}</button>
        }
        .into_any(),
        Now::Closed(title) => view! { <p>{t_string!(i18n, now_closed, title = title).to_string()}</p> }.into_any(),
        Now::Result(title) => view! {
            <p>{t_string!(i18n, now_result, title = title).to_string()}</p>
            <ol class="now-ranking" aria-label=t!(i18n, ranking)>
                {move || top.get().into_iter().map(|item| view! {
                    <li>
                        <span class="ranking-rank">{format!("{}.", item.rank)}</span>
                        " "<span class="ranking-title" dir="auto">{item.title}</span>
                        " "<span class="ranking-points">{points_text(i18n, item.points)}</span>
                    </li>
                }).collect_view()}
            </ol>
            <button type="button" class="button" on:click=move |_| { v.focus.set(None); ui.mode.set(ViewMode::Results); }>{t!(i18n, now_ranking_all)}</button>
        }
        .into_any(),
        Now::Positioning => view! {
            <p>{t!(i18n, now_positioning)}</p>
            <button type="button" class="button button--primary" on:click=move |_| ui.toggle(ViewMode::Positioning)>{t!(i18n, now_answer)}</button>
        }
        .into_any(),
        Now::Work => view! {
            <p>{t!(i18n, now_work)}</p>
            <button type="button" class="button button--primary" on:click=move |_| ui.toggle(ViewMode::Work)>{t!(i18n, now_to_work)}</button>
        }
        .into_any(),
    }
    };
    view! {
        <section class="phone-section now" aria-labelledby="now-heading">
            <h2 id="now-heading">{t!(i18n, now_heading)}</h2>
            {body}
        </section>
    }
}
