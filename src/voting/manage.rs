//! The facilitator's rounds: every round with its state and the buttons to open, close,
//! reveal and reopen it, the countdown, the result, CSV export and deletion; and the form
//! for a new round.

use board::{RoundState, RoundView};
use leptos::prelude::*;

use super::messages::{rules_text, state_text};
use super::setup::RoundSetup;
use super::VotingCtx;
use crate::dialog::Modal;
pub use crate::export::export_language;
use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::wall::messages::board_error_text;
use crate::wall::{ViewMode, WallUi};

/// A round operation, run when its button is pressed.
type RoundOp = Box<dyn FnOnce(&mut board::Board) -> Result<(), board::BoardError>>;

/// Countdown lengths offered, in minutes.
const TIMER_MINUTES: [u32; 3] = [1, 3, 5];

/// Saves a round's result as CSV (with a byte order mark, so spreadsheets read UTF-8).
pub fn export_csv(
    ctx: BoardCtx,
    round: &str,
    lang: board::Language,
) -> Result<(), crate::export::DownloadError> {
    let Some((tally, board_title)) = ctx.read(|b| b.tally(round).map(|t| (t, b.title()))) else {
        return Ok(());
    };
    let csv = format!("\u{feff}{}", tally.to_csv(lang));
    let name = format!("{} – {}.csv", board_title, tally.round.settings.title);
    crate::export::save_text(&name, "text/csv;charset=utf-8", &csv)
}

/// The rounds dialog.
#[component]
pub fn RoundsDialog() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let v = expect_context::<VotingCtx>();
    let ui = expect_context::<WallUi>();
    let rounds = Memo::new(move |_| ctx.track(|b| b.rounds()));
    // Deleting a round deletes its ballots: the first press asks, the second deletes.
    let deleting = RwSignal::new(None::<String>);
    let label = text_signal(i18n, |s| s.rounds_heading);
    let act = move |f: RoundOp| {
        if let Err(e) = ctx.try_edit(f) {
            ui.complain(board_error_text(i18n, &e));
        }
    };
    let row = move |r: RoundView| {
        let id = StoredValue::new(r.id.clone());
        let state = r.state;
        let go =
            move |to: RoundState| act(Box::new(move |b| b.set_round_state(&id.get_value(), to)));
        let title = r.settings.title.clone();
        let heading_id = format!("round-{}", r.id);
        let labelled_by = heading_id.clone();
        let timers = TIMER_MINUTES.map(|m| view! {
            <button type="button" class="button small" on:click=move |_| act(Box::new(move |b| b.start_timer(&id.get_value(), m * 60)))>
                {t_string!(i18n, timer_minutes, minutes = m).to_string()}
            </button>
        });
        view! {
            <li class="round-row" aria-labelledby=labelled_by>
                <h3 id=heading_id class="round-row-title">{title}</h3>
                <p class="round-row-meta">
                    <span class="round-state">{state_text(i18n, state)}</span>
                    " · "
                    {rules_text(i18n, r.settings.rules, r.settings.target)}
                    {r.settings.anonymous.then(|| format!(" · {}", t_string!(i18n, round_anonymous_short)))}
                    {r.settings.live_results.then(|| format!(" · {}", t_string!(i18n, round_live_short)))}
                </p>
                <div class="round-row-actions">
                    {(state == RoundState::Draft).then(|| view! {
                        <button type="button" class="button button--primary" on:click=move |_| go(RoundState::Open)>{t!(i18n, round_open_action)}</button>
                    })}
                    {(state == RoundState::Open).then(|| view! {
                        <button type="button" class="button button--primary" on:click=move |_| go(RoundState::Closed)>{t!(i18n, round_close_action)}</button>
                    })}
                    {(state == RoundState::Closed).then(|| view! {
                        <button type="button" class="button button--primary" on:click=move |_| go(RoundState::Revealed)>{t!(i18n, round_reveal_action)}</button>
                    })}
                    {matches!(state, RoundState::Closed | RoundState::Revealed).then(|| view! {
                        <button type="button" class="button" on:click=move |_| go(RoundState::Open)>{t!(i18n, round_reopen_action)}</button>
                    })}
                    {(state != RoundState::Draft).then(|| view! {
                        <button type="button" class="button" on:click=move |_| {
                            v.focus.set(Some(id.get_value()));
                            ui.mode.set(ViewMode::Results);
                            v.manage_open.set(false);
                        }>{t!(i18n, show_results)}</button>
                        <button type="button" class="button" on:click=move |_| {
                            if export_csv(ctx, &id.get_value(), export_language(i18n)).is_err() {
                                ui.complain(t_string!(i18n, download_failed).to_string());
                            }
                        }>{t!(i18n, export_csv)}</button>
                    })}
                    <Show when=move || deleting.with(|d| d.as_deref() == Some(id.get_value().as_str()))
                        fallback=move || view! {
                            <button type="button" class="button button--danger" on:click=move |_| deleting.set(Some(id.get_value()))>
                                {t!(i18n, round_delete)}
                            </button>
                        }>
                        <span class="round-delete-question">{t!(i18n, round_delete_question)}</span>
                        <button type="button" class="button" on:click=move |_| deleting.set(None)>{t!(i18n, cancel)}</button>
                        <button type="button" class="button button--danger" on:click=move |_| {
                            deleting.set(None);
                            act(Box::new(move |b| b.delete_round(&id.get_value())));
                        }>{t!(i18n, confirm_delete)}</button>
                    </Show>
                </div>
                {(state == RoundState::Open).then(|| view! {
                    <div class="round-row-timer" role="group" aria-label=t!(i18n, timer_group)>
                        <span>{t!(i18n, timer_label)}</span>
                        {timers}
                        {r.timer_end.map(|_| view! {
                            <button type="button" class="button small" on:click=move |_| act(Box::new(move |b| b.stop_timer(&id.get_value())))>{t!(i18n, timer_stop)}</button>
                        })}
                    </div>
                })}
            </li>
        }
    };
    view! {
        <Modal open=v.manage_open label>
            <div class="rounds">
                <Show when=move || rounds.with(Vec::is_empty)>
                    <p>{t!(i18n, rounds_empty)}</p>
                </Show>
                <ul class="round-list">
                    <For each=move || rounds.get() key=|r| format!("{r:?}") children=row/>
                </ul>
                <RoundSetup on_created=move |_| ()/>
                <div class="modal-actions">
                    <button type="button" class="button" on:click=move |_| v.manage_open.set(false)>{t!(i18n, close)}</button>
                </div>
            </div>
        </Modal>
    }
}
