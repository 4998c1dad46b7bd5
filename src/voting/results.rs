//! The result of a round: the ranking with points per field, like the seed's "Bildung 42
//! Punkte", big enough for the projector. The facilitator also sees it before the reveal,
//! the ballots that did not count and who voted (`voters.rs`), and merges fields here.

use std::collections::BTreeSet;

use board::{ItemResult, Target};
use leptos::prelude::*;

use super::manage::{export_csv, export_language};
use super::voters::VoterList;
use super::messages::{breach_text, points_text};
use super::VotingCtx;
use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::wall::messages::board_error_text;
use crate::wall::WallUi;

/// The results view (replaces the wall while shown).
#[component]
pub fn Results() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let v = expect_context::<VotingCtx>();
    let ui = expect_context::<WallUi>();
    let picked = RwSignal::new(BTreeSet::<String>::new());
    let merge_title = RwSignal::new(String::new());
    let visible = move || v.tally.with(|t| t.as_ref().is_some_and(|t| t.round.results_visible()));
    let best = Memo::new(move |_| v.tally.with(|t| t.as_ref().and_then(|t| t.items.first().map(|i| i.points)).unwrap_or(0)));
    let is_fields = move || v.tally.with(|t| t.as_ref().is_some_and(|t| t.round.settings.target == Target::Clusters));
    let anonymous = move || v.tally.with(|t| t.as_ref().is_some_and(|t| t.round.settings.anonymous));

    // Suggest "A / B" as the merged field's title from the picked fields, best first.
    Effect::new(move |_| {
        let chosen = picked.get();
        let titles: Vec<String> = v.tally.with_untracked(|t| {
            t.iter().flat_map(|t| t.items.iter()).filter(|i| chosen.contains(&i.id)).map(|i| i.title.clone()).collect()
        });
        merge_title.set(titles.join(" / "));
    });
    let merge = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ids: Vec<String> = picked.get_untracked().into_iter().collect();
        match ctx.edit(|b| b.merge_clusters(&ids, &merge_title.get_untracked())) {
            Ok(_) => {
                picked.set(BTreeSet::new());
                ui.notice.set(Some(crate::wall::Notice { text: t_string!(i18n, merged_notice).to_string(), undo: true, error: false }));
            }
            Err(e) => ui.complain(board_error_text(i18n, &e)),
        }
    };

    let item = move |item: ItemResult| {
        let ItemResult { id, title, rank, points, voters, sources, names } = item;
        let width = if best.get_untracked() == 0 { 0.0 } else { f64::from(points) / f64::from(best.get_untracked()) * 100.0 };
        let merged = !sources.is_empty();
        let (pick_id, unmerge_id) = (id.clone(), id.clone());
        let is_picked = {
            let id = id.clone();
            move || picked.with(|p| p.contains(&id))
        };
        let from = (!sources.is_empty()).then(|| {
            let parts: Vec<String> = sources.iter().map(|s| format!("{} {}", s.title, s.points)).collect();
            t_string!(i18n, merged_from, sources = parts.join(" + ")).to_string()
        });
        let (pick_label, unmerge_label) = (
            t_string!(i18n, merge_pick, title = title.clone()).to_string(),
            t_string!(i18n, unmerge, title = title.clone()).to_string(),
        );
        let names_text = (!names.is_empty()).then(|| names.iter().map(|(n, c)| format!("{n} ({c})")).collect::<Vec<_>>().join(", "));
        view! {
            <li class="ranking-item" data-item-id=id.clone()>
                <span class="ranking-rank" aria-hidden="true">{format!("{rank}.")}</span>
                <div class="ranking-body">
                    <p class="ranking-line">
                        <span class="visually-hidden">{t_string!(i18n, rank_label, rank = rank).to_string()}</span>
                        <span class="ranking-title" dir="auto">{title}</span>
                        <span class="ranking-points">{points_text(i18n, points)}</span>
                    </p>
                    <div class="ranking-bar" aria-hidden="true"><span style=format!("width: {width:.1}%")></span></div>
                    <p class="ranking-meta">
                        {t_count!(i18n, voters_count, voters)}
                        {from.map(|f| view! { " · " <span class="ranking-sources">{f}</span> })}
                    </p>
                    {move || (v.facilitator && !anonymous()).then(|| names_text.clone().map(|n| view! { <p class="ranking-names">{n}</p> }))}
                </div>
                {move || (v.facilitator && is_fields()).then(|| {
                    let pick_id = pick_id.clone();
                    let unmerge_id = unmerge_id.clone();
                    let is_picked = is_picked.clone();
                    view! {
                        <div class="ranking-tools">
                            <label class="check">
                                <input type="checkbox" prop:checked=is_picked aria-label=pick_label.clone()
                                    on:change=move |_| picked.update(|p| if !p.remove(&pick_id) { p.insert(pick_id.clone()); })/>
                                <span aria-hidden="true">{t!(i18n, merge_pick_short)}</span>
                            </label>
                            {merged.then(|| view! {
                                <button type="button" class="button small" aria-label=unmerge_label.clone()
                                    on:click=move |_| if let Err(e) = ctx.edit(|b| b.unmerge_cluster(&unmerge_id)) { ui.complain(board_error_text(i18n, &e)) }>
                                    {t!(i18n, unmerge_short)}
                                </button>
                            })}
                        </div>
                    }
                })}
            </li>
        }
    };

    view! {
        // Focusable: a long ranking scrolls, also for keyboard users (axe: scrollable-region-focusable).
        <section class="results" aria-labelledby="results-heading" tabindex="0">
            {move || v.tally.get().map(|t| view! {
                <h2 id="results-heading" class="results-title">{t_string!(i18n, results_heading, title = t.round.settings.title.clone()).to_string()}</h2>
                <p class="results-summary">
                    {t_string!(i18n, results_summary, ballots = t_count!(i18n, valid_ballots, t.counted), points = points_text(i18n, t.total()))}
                </p>
            })}
            <Show when=move || !visible() && v.facilitator>
                <p class="results-note">{t!(i18n, results_only_you)}</p>
            </Show>
            <Show when=move || visible() || v.facilitator fallback=move || view! {
                <p class="results-note">{t!(i18n, results_hidden)}</p>
            }>
                <ol class="ranking" aria-label=t!(i18n, ranking)>
                    <For each=move || v.tally.get().map(|t| t.items).unwrap_or_default() key=|i| format!("{i:?}") children=item/>
                </ol>
            </Show>
            <Show when=move || v.facilitator>
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
            </Show>
            <button type="button" class="button" on:click=move |_| ui.mode.set(ui.wall_mode())>{t!(i18n, back_to_wall)}</button>
        </section>
    }
}
