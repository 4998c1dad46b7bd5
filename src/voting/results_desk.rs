//! The facilitator's part of the results view: the ballots that did not count, who voted,
//! merging the picked fields, and the CSV download. The full app draws it ([`crate::desk`]).

use std::collections::BTreeSet;

use board::Target;
use leptos::prelude::*;

use super::manage::{export_csv, export_language};
use super::messages::breach_text;
use super::voters::VoterList;
use super::VotingCtx;
use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::wall::messages::board_error_text;
use crate::wall::WallUi;

/// Below the ranking, for the facilitator; `picked`: the fields ticked for merging.
#[component]
pub fn ResultsDesk(
    picked: RwSignal<BTreeSet<String>>,
    merge_title: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let v = expect_context::<VotingCtx>();
    let ui = expect_context::<WallUi>();
    let is_fields = move || {
        v.tally.with(|t| {
            t.as_ref()
                .is_some_and(|t| t.round.settings.target == Target::Clusters)
        })
    };
    let merge = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ids: Vec<String> = picked.get_untracked().into_iter().collect();
        match ctx.edit(|b| b.merge_clusters(&ids, &merge_title.get_untracked())) {
            Ok(_) => {
                picked.set(BTreeSet::new());
                ui.notice.set(Some(crate::wall::Notice {
                    text: t_string!(i18n, merged_notice).to_string(),
                    undo: true,
                    error: false,
                }));
            }
            Err(e) => ui.complain(board_error_text(i18n, &e)),
        }
    };

    view! {
        {move || v.tally.with(|t| t.as_ref().filter(|t| !t.invalid.is_empty() || t.removed_dots > 0).map(|t| {
            let target = t.round.settings.target;
            let rows: Vec<_> = t.invalid.iter().map(|b| {
                let who = b.voter.clone().unwrap_or_else(|| t_string!(i18n, someone).to_string());
                view! { <li>{format!("{who}: {}", breach_text(i18n, &b.breach, target))}</li> }
            }).collect();
            view! {
                <section class="results-problems" aria-label=t_string!(i18n, invalid_heading).to_string()>
                    <h3>{t_string!(i18n, invalid_ballots, count = t.invalid.len()).to_string()}</h3>
                    <ul>{rows}</ul>
                    {(t.removed_dots > 0).then(|| view! { <p>{t_count!(i18n, removed_dots, t.removed_dots)}</p> })}
                </section>
            }
        }))}
        <VoterList/>
        <Show when=move || is_fields()>
            <form class="merge-form inline-form" on:submit=merge>
                <label class="field">
                    <span>{t!(i18n, merge_title)}</span>
                    <input type="text" maxlength="200" bind:value=merge_title/>
                </label>
                <button type="submit" class="button button--primary" disabled=move || picked.with(|p| p.len() < 2)>
                    {t!(i18n, merge_action)}
                </button>
            </form>
        </Show>
        <button type="button" class="button" on:click=move |_| {
            let id = v.tally.with_untracked(|t| t.as_ref().map(|t| t.round.id.clone()));
            if let Some(id) = id {
                if export_csv(ctx, &id, export_language(i18n)).is_err() {
                    ui.complain(t_string!(i18n, download_failed).to_string());
                }
            }
        }>{t!(i18n, export_csv)}</button>
    }
}
