//! What voting adds to a field on the wall: its points (once they may be seen), and for a
//! merged field, the fields it came from.

use leptos::prelude::*;

use super::messages::points_text;
use super::VotingCtx;
use crate::i18n::*;
use crate::sync::BoardCtx;

/// The points of a field (or card) in the current round, as a dot badge.
#[component]
pub fn VoteBadge(item: String) -> impl IntoView {
    let i18n = use_i18n();
    let Some(v) = use_context::<VotingCtx>() else {
        return ().into_any();
    };
    let item = StoredValue::new(item);
    let points = Memo::new(move |_| {
        if !v.sees_points() {
            return None;
        }
        v.tally.with(|t| {
            t.as_ref().and_then(|t| {
                t.items
                    .iter()
                    .find(|i| i.id == item.get_value())
                    .map(|i| (i.points, i.rank))
            })
        })
    });
    (move || {
        points.get().map(|(points, rank)| {
            let text = points_text(i18n, points);
            let hint = text.clone();
            let class = if rank == 1 && points != 0 {
                "vote-badge vote-badge--top"
            } else {
                "vote-badge"
            };
            view! {
                <span class=class title=hint>
                    <span aria-hidden="true">{format!("● {points}")}</span>
                    <span class="visually-hidden">{text}</span>
                </span>
            }
        })
    })
    .into_any()
}

/// "from Bildung + Sprache" under a merged field's heading.
#[component]
pub fn MergedFrom(cluster: String) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let cluster = StoredValue::new(cluster);
    let sources = Memo::new(move |_| {
        ctx.track(|b| {
            let ids = b.merge_sources(&cluster.get_value());
            ids.iter()
                .filter_map(|id| b.cluster(id))
                .map(|c| c.title)
                .collect::<Vec<_>>()
        })
    });
    move || {
        let titles = sources.get();
        (!titles.is_empty()).then(|| view! {
            <p class="merged-from">{t_string!(i18n, merged_from, sources = board::merge_name(&titles)).to_string()}</p>
        })
    }
}
