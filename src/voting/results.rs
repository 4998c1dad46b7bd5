//! The result of a round: the ranking with points per field, like the seed's "Bildung 42
//! Punkte", big enough for the projector. The facilitator also sees it before the reveal,
//! the ballots that did not count and who voted (`voters.rs`), and merges fields here.

use std::collections::BTreeSet;

use board::{ItemResult, Target};
use leptos::prelude::*;

use super::messages::points_text;
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
    let visible = move || {
        v.tally
            .with(|t| t.as_ref().is_some_and(|t| t.round.results_visible()))
    };
    let best = Memo::new(move |_| {
        v.tally.with(|t| {
            t.as_ref()
                .and_then(|t| t.items.first().map(|i| i.points))
                .unwrap_or(0)
        })
    });
    let is_fields = move || {
        v.tally.with(|t| {
            t.as_ref()
                .is_some_and(|t| t.round.settings.target == Target::Clusters)
        })
    };
    let anonymous = move || {
        v.tally
            .with(|t| t.as_ref().is_some_and(|t| t.round.settings.anonymous))
    };

    // Suggest "A / B" as the merged field's title from the picked fields, best first.
    Effect::new(move |_| {
        let chosen = picked.get();
        let titles: Vec<String> = v.tally.with_untracked(|t| {
            t.iter()
                .flat_map(|t| t.items.iter())
                .filter(|i| chosen.contains(&i.id))
                .map(|i| i.title.clone())
                .collect()
        });
        merge_title.set(titles.join(" / "));
    });
    let item = move |item: ItemResult| {
        let ItemResult {
            id,
            title,
            rank,
            points,
            voters,
            sources,
            names,
        } = item;
        let width = if best.get_untracked() == 0 {
            0.0
        } else {
            f64::from(points) / f64::from(best.get_untracked()) * 100.0
        };
        let merged = !sources.is_empty();
        let (pick_id, unmerge_id) = (id.clone(), id.clone());
        let is_picked = {
            let id = id.clone();
            move || picked.with(|p| p.contains(&id))
        };
        let from = (!sources.is_empty()).then(|| {
            let parts: Vec<(&str, u32)> = sources
                .iter()
                .map(|s| (s.title.as_str(), s.points))
                .collect();
            t_string!(
                i18n,
                merged_from,
                sources = board::merge_name_with_points(&parts)
            )
            .to_string()
        });
        let (pick_label, unmerge_label) = (
            t_string!(i18n, merge_pick, title = title.clone()).to_string(),
            t_string!(i18n, unmerge, title = title.clone()).to_string(),
        );
        let names_text = (!names.is_empty()).then(|| {
            names
                .iter()
                .map(|(n, c)| format!("{n} ({c})"))
                .collect::<Vec<_>>()
                .join(", ")
        });
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
            {crate::desk::part(|d| d.results).filter(|_| v.facilitator).map(|results| results(picked, merge_title))}
            <button type="button" class="button" on:click=move |_| ui.mode.set(ui.wall_mode())>{t!(i18n, back_to_wall)}</button>
        </section>
    }
}
