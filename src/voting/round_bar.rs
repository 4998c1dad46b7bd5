//! The line under the toolbar while a round runs or shows its result: the round's title and
//! state, how many ballots are in (a count only, while results are hidden), the countdown,
//! and the way to vote or to see the ranking.

use board::RoundState;
use leptos::prelude::*;

use super::ballot::BallotSheet;
use super::messages::state_text;
use super::timer::Countdown;
use super::VotingCtx;
use crate::i18n::*;
use crate::wall::{ViewMode, WallUi};

/// The round bar, shown while there is a current round.
#[component]
pub fn RoundBar() -> impl IntoView {
    let i18n = use_i18n();
    let v = expect_context::<VotingCtx>();
    let ui = expect_context::<WallUi>();
    let ballots = Memo::new(move |_| {
        v.tally
            .with(|t| t.as_ref().map_or(0, |t| t.counted + t.invalid.len() as u32))
    });
    let state = move || v.current.with(|r| r.as_ref().map(|r| r.state));
    let show_results = move || {
        v.current
            .with(|r| r.as_ref().is_some_and(|r| r.results_visible()))
            || v.facilitator
    };
    let in_results = move || ui.mode.get() == ViewMode::Results;
    // The projector has no one at its controls: it shows the ranking when the facilitator
    // reveals it, and the wall again when the round is reopened.
    // Participants' pages follow each change of the round once: a closed round closes the
    // ballot sheet, and a revealed one shows the ranking instead of the closed ballot.
    let shown = Memo::new(move |_| {
        v.current.with(|r| {
            r.as_ref()
                .map(|r| (r.id.clone(), r.results_visible(), r.state))
        })
    });
    Effect::new(move |seen: Option<Option<(String, bool, RoundState)>>| {
        let now = shown.get();
        let Some((_, visible, state)) = now.clone() else {
            return now;
        };
        if ui.projector.get_untracked() {
            v.focus.set(None);
            ui.mode.set(if visible {
                ViewMode::Results
            } else {
                ViewMode::Wall
            });
            return now;
        }
        let changed = seen.is_some_and(|seen| seen != now);
        if changed && !v.facilitator {
            if state != RoundState::Open {
                v.ballot_open.set(false);
            }
            if visible && state != RoundState::Open {
                v.focus.set(None);
                ui.mode.set(ViewMode::Results);
            }
        }
        now
    });
    view! {
        // The phone home says the same in its "Jetzt" card, countdown included.
        <Show when=move || v.current.with(Option::is_some) && ui.mode.get() != ViewMode::Home>
            <section class="round-bar" aria-label=t!(i18n, round_bar)>
                <p class="round-bar-text">
                    <strong class="round-bar-title">{move || v.current.with(|r| r.as_ref().map(|r| r.settings.title.clone()))}</strong>
                    <span class="round-state">{move || state().map(|s| state_text(i18n, s))}</span>
                    <span class="round-count" role="status">{move || t_count!(i18n, ballots_in, ballots.get())}</span>
                    <Countdown/>
                </p>
                <div class="round-bar-actions">
                    <Show when=move || v.can_vote && state() == Some(RoundState::Open)>
                        <button type="button" class="button button--primary" on:click=move |_| v.ballot_open.set(true)>
                            {t!(i18n, vote_now)}
                        </button>
                    </Show>
                    <Show when=move || show_results() && !in_results()>
                        <button type="button" class="button" on:click=move |_| { v.focus.set(None); ui.mode.set(ViewMode::Results); }>
                            {t!(i18n, show_results)}
                        </button>
                    </Show>
                    <Show when=move || in_results()>
                        <button type="button" class="button" on:click=move |_| ui.mode.set(ui.wall_mode())>{t!(i18n, back_to_wall)}</button>
                    </Show>
                </div>
            </section>
        </Show>
        <BallotSheet/>
    }
}
