//! The action bar of the selected card: edit, colour, move to a cluster without dragging,
//! delete (with undo). Large targets at the bottom of the screen, where thumbs reach, above
//! the wall's zoom controls, and only while the wall or its list is shown.

use board::CardColor;
use leptos::prelude::*;

use super::composer::ColorPicker;
use super::drag::focus_card_soon;
use super::lock_icon::LockIcon;
use super::messages::board_error_text;
use super::state::{Notice, ViewMode, WallUi};
use crate::i18n::*;
use crate::sync::BoardCtx;

/// Actions for the selected card; hidden when none is selected.
#[component]
pub fn CardActions() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let card = Memo::new(move |_| {
        ui.selected
            .get()
            .and_then(|id| ui.snapshot.with(|s| s.cards.get(&id).cloned()))
    });
    let clusters = Memo::new(move |_| {
        ui.snapshot.with(|s| {
            s.clusters
                .iter()
                .map(|c| (c.id.clone(), c.title.clone()))
                .collect::<Vec<_>>()
        })
    });
    let color = Signal::derive(move || card.get().map_or(CardColor::Yellow, |c| c.color));
    // A participant cannot change locked material; say so instead of offering what fails.
    let held =
        Memo::new(move |_| !ui.facilitator && card.with(|c| c.as_ref().is_some_and(|c| c.locked)));
    // Nor what the facilitator does not let participants do: no control for it at all.
    let may_edit = Memo::new(move |_| card.with(|c| c.as_ref().is_some_and(|c| ui.may_edit(c))));
    let may_move = Memo::new(move |_| ui.may(board::Right::MoveCards));
    let report = move |result: Result<(), board::BoardError>| {
        if let Err(e) = result {
            ui.complain(board_error_text(i18n, &e));
        }
    };
    let pick_color = move |c: CardColor| {
        if let Some(card) = card.get_untracked() {
            report(ctx.edit(|b| b.set_card_color(&card.id, c)));
        }
    };
    let move_to = move |ev: leptos::ev::Event| {
        let Some(card) = card.get_untracked() else {
            return;
        };
        let target = event_target_value(&ev);
        let result = if target.is_empty() {
            // Out of its cluster: free, next to where the cluster stands.
            let (x, y) = ui.snapshot.with_untracked(|s| {
                card.cluster
                    .as_ref()
                    .and_then(|c| s.clusters.iter().find(|k| &k.id == c))
                    .map_or((card.x, card.y), |k| {
                        (k.x + super::layout::CLUSTER_W + 20.0, k.y)
                    })
            });
            ctx.edit(|b| b.place_card(&card.id, x, y))
        } else {
            ctx.edit(|b| b.put_card_in_cluster(&card.id, &target, usize::MAX))
        };
        report(result);
        if ui.mode.get_untracked() == ViewMode::Wall {
            focus_card_soon(card.id);
        }
    };
    let edit = move |_| {
        if let Some(card) = card.get_untracked() {
            ui.mode.set(ViewMode::Wall);
            ui.editing.set(Some(card.id));
        }
    };
    let delete = move |_| {
        if let Some(card) = card.get_untracked() {
            let result = ctx.edit(|b| b.delete_card(&card.id));
            if result.is_ok() {
                ui.selected.set(None);
                ui.notice.set(Some(Notice {
                    text: t_string!(i18n, card_deleted).to_string(),
                    undo: true,
                    error: false,
                }));
            }
            report(result);
        }
    };

    // The bar belongs to the wall (and to its list view, the wall for screen readers and
    // phones): the agenda, positioning, group work and results have no selected card.
    let on_the_wall = move || matches!(ui.mode.get(), ViewMode::Wall | ViewMode::List);
    // Above the wall's zoom controls, however high they are (their buttons wrap on a phone):
    // measured when the bar shows and when the window changes size.
    let lift = RwSignal::new(None::<f64>);
    let measure = move || {
        let height = window().inner_height().ok().and_then(|h| h.as_f64());
        let zoom = document()
            .query_selector(".zoom-controls")
            .ok()
            .flatten()
            .map(|e| e.get_bounding_client_rect());
        let above = match (height, zoom) {
            (Some(h), Some(r)) if r.height() > 0.0 => Some((h - r.top() + 8.0).round()),
            _ => None,
        };
        let _ = lift.try_set(above);
    };
    Effect::new(move |_| {
        if card.with(Option::is_some) && on_the_wall() {
            request_animation_frame(measure);
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    view! {
        <Show when=move || !ui.read_only && on_the_wall() && card.get().is_some() && ui.drag.with(Option::is_none) && ui.editing.with(Option::is_none)>
            <div class="card-actions" role="toolbar" aria-label=t!(i18n, card_actions)
                style=move || lift.get().map(|px| format!("bottom: {px}px")).unwrap_or_default()>
                <p class="card-actions-text" dir="auto" aria-hidden="true">{move || card.get().map(|c| c.text)}</p>
                <Show when=move || !held.get() fallback=move || view! {
                    <p class="card-actions-locked"><LockIcon/>" "{t!(i18n, error_locked)}</p>
                }>
                <Show when=move || may_edit.get()>
                    <button type="button" class="button" on:click=edit>{t!(i18n, edit_card)}</button>
                    <ColorPicker value=color on_pick=pick_color/>
                </Show>
                <Show when=move || may_move.get()>
                <label class="field field--inline">
                    <span>{t!(i18n, move_to_cluster)}</span>
                    <select aria-label=t!(i18n, move_to_cluster) on:change=move_to prop:value=move || card.get().and_then(|c| c.cluster).unwrap_or_default()>
                        <option value="">{t!(i18n, no_cluster)}</option>
                        <For each=move || clusters.get() key=|c| c.clone() children=|(id, title)| view! { <option value=id>{title}</option> }/>
                    </select>
                </label>
                </Show>
                </Show>
                {ui.facilitator.then(|| view! {
                    <button type="button" class="button" aria-pressed=move || card.get().is_some_and(|c| c.locked).to_string()
                        on:click=move |_| if let Some(c) = card.get_untracked() { report(ctx.edit(|b| b.set_card_locked(&c.id, !c.locked))) }>
                        {t!(i18n, lock)}
                    </button>
                })}
                <Show when=move || !held.get() && may_edit.get()>
                    <button type="button" class="button button--danger" on:click=delete>{t!(i18n, delete_card)}</button>
                </Show>
                <button type="button" class="button button--ghost icon card-actions-close" aria-label=t!(i18n, close_actions)
                    on:click=move |_| ui.selected.set(None)>"✕"</button>
            </div>
        </Show>
    }
}
