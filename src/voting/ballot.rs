//! The ballot, made for one thumb: the items as a list, − and + beside each, the dots left,
//! and the rule that blocks a step in words. Nothing is counted until "submit"; a submitted
//! ballot can be changed while the round is open.

use board::{BallotItem, Dots, RoundState};
use leptos::prelude::*;

use super::messages::{breach_text, rules_text};
use super::VotingCtx;
use crate::dialog::Modal;
use crate::i18n::*;
use crate::sync::{BoardCtx, SyncStatus};
use crate::wall::messages::board_error_text;

/// What the sheet says under the list.
#[derive(Clone, Debug, PartialEq)]
enum Said {
    /// A rule blocked the last step.
    Blocked(String),
    /// The ballot was submitted.
    Submitted,
}

/// The ballot sheet of the current round (a dialog; full screen on phones).
#[component]
pub fn BallotSheet() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let v = expect_context::<VotingCtx>();
    let draft = RwSignal::new(Dots::new());
    let said = RwSignal::new(None::<Said>);
    let round = Memo::new(move |_| v.current.get());
    let items = Memo::new(move |_| {
        round
            .with(|r| r.as_ref().map(|r| r.id.clone()))
            .map(|id| ctx.track(|b| b.ballot_items(&id)))
            .unwrap_or_default()
    });
    let mine = Memo::new(move |_| {
        round
            .with(|r| r.as_ref().map(|r| r.id.clone()))
            .and_then(|id| ctx.track(|b| b.my_ballot(&id)))
    });
    // Opening the sheet starts from the submitted ballot.
    Effect::new(move |_| {
        if v.ballot_open.get() {
            let submitted = mine
                .get_untracked()
                .and_then(|b| b.dots.ok())
                .unwrap_or_default();
            draft.set(submitted);
            said.set(None);
        }
    });
    let is_open = move || round.with(|r| r.as_ref().is_some_and(|r| r.state == RoundState::Open));
    let rules = move || round.with(|r| r.as_ref().map(|r| (r.settings.rules, r.settings.target)));
    let used = move || draft.with(board::used);
    let changed =
        move || mine.with(|m| m.as_ref().and_then(|m| m.dots.clone().ok())) != Some(draft.get());

    let step = move |item: String, up: bool| {
        let Some((rules, target)) = rules() else {
            return;
        };
        if up {
            if let Err(breach) = draft.with_untracked(|d| rules.can_add(d, &item)) {
                said.set(Some(Said::Blocked(breach_text(i18n, &breach, target))));
                return;
            }
            draft.update(|d| *d.entry(item).or_default() += 1);
        } else {
            draft.update(|d| {
                if let Some(n) = d.get_mut(&item) {
                    *n -= 1;
                    if *n == 0 {
                        d.remove(&item);
                    }
                }
            });
        }
        said.set(None);
    };
    let submit = move |_| {
        let Some(r) = round.get_untracked() else {
            return;
        };
        let dots = draft.get_untracked();
        // Check here first so the message uses the round's words (fields or cards).
        if let Err(breach) = r
            .settings
            .rules
            .check(&dots, items.with_untracked(Vec::len))
        {
            said.set(Some(Said::Blocked(breach_text(
                i18n,
                &breach,
                r.settings.target,
            ))));
            return;
        }
        match ctx.try_edit(|b| b.submit_ballot(&r.id, &dots)) {
            Ok(()) => said.set(Some(Said::Submitted)),
            Err(e) => said.set(Some(Said::Blocked(board_error_text(i18n, &e)))),
        }
    };
    let label = Signal::derive(move || {
        round.with(|r| {
            r.as_ref()
                .map(|r| r.settings.title.clone())
                .unwrap_or_default()
        })
    });
    let pending = move || {
        !matches!(
            ctx.sync.get(),
            SyncStatus::Online { stored: true } | SyncStatus::LocalOnly
        )
    };

    let row = move |item: BallotItem| {
        let BallotItem { id, title, group } = item;
        let (plus_id, minus_id, count_id) = (id.clone(), id.clone(), id.clone());
        let count = Memo::new(move |_| draft.with(|d| d.get(&count_id).copied().unwrap_or(0)));
        let (t1, t2, t3) = (title.clone(), title.clone(), title.clone());
        let class = move || {
            if count.get() == 0 {
                "ballot-item"
            } else {
                "ballot-item ballot-item--voted"
            }
        };
        view! {
            <li class=class>
                <div class="ballot-item-text">
                    {group.map(|g| view! { <span class="ballot-item-group" dir="auto">{g}</span> })}
                    <span class="ballot-item-title" dir="auto">{title}</span>
                    <span class="ballot-item-dots" aria-hidden="true">{move || "●".repeat(count.get() as usize)}</span>
                </div>
                <div class="ballot-stepper">
                    <button type="button" class="button stepper" disabled=move || count.get() == 0 || !is_open()
                        aria-label=move || t_string!(i18n, dot_less, title = t1.clone()).to_string()
                        on:click=move |_| step(minus_id.clone(), false)>"−"</button>
                    <output class="stepper-count" aria-label=move || t_string!(i18n, dots_on, title = t2.clone()).to_string()>{move || count.get()}</output>
                    <button type="button" class="button stepper stepper--plus" disabled=move || !is_open()
                        aria-label=move || t_string!(i18n, dot_more, title = t3.clone()).to_string()
                        on:click=move |_| step(plus_id.clone(), true)>"+"</button>
                </div>
            </li>
        }
    };

    view! {
        <Modal open=v.ballot_open label>
            <div class="ballot">
                <p class="ballot-rules">{move || rules().map(|(r, t)| rules_text(i18n, r, t))}</p>
                <p class="ballot-left" role="status">
                    {move || rules().map(|(r, _)| t_count!(i18n, dots_left, r.dots, left = r.dots.saturating_sub(used())))}
                </p>
                <Show when=move || !is_open()>
                    <p class="ballot-closed">{t!(i18n, ballot_round_closed)}</p>
                </Show>
                <ul class="ballot-items" aria-label=t!(i18n, ballot_items)>
                    <For each=move || items.get() key=|i| (i.id.clone(), i.title.clone(), i.group.clone()) children=row/>
                </ul>
                <Show when=move || items.with(Vec::is_empty)>
                    <p>{t!(i18n, ballot_nothing)}</p>
                </Show>
                <div class="ballot-said" role="alert">
                    {move || match said.get() {
                        Some(Said::Blocked(text)) => Some(view! { <p class="field-error">{text}</p> }.into_any()),
                        Some(Said::Submitted) => Some(view! {
                            <p class="ballot-done">
                                {t!(i18n, ballot_submitted)}
                                {move || pending().then(|| t_string!(i18n, ballot_pending))}
                            </p>
                        }.into_any()),
                        None => None,
                    }}
                </div>
                <div class="modal-actions">
                    <button type="button" class="button" on:click=move |_| v.ballot_open.set(false)>{t!(i18n, close)}</button>
                    <button type="button" class="button button--primary" disabled=move || !is_open() || !changed() on:click=submit>
                        {move || if mine.with(Option::is_some) { t_string!(i18n, ballot_change) } else { t_string!(i18n, ballot_submit) }}
                    </button>
                </div>
            </div>
        </Modal>
    }
}
