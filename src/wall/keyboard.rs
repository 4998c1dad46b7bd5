//! The keyboard way to do everything a pointer does: move cards and clusters with arrow
//! keys, edit with Enter, delete with Delete, undo with Ctrl+Z anywhere on the board.

use leptos::prelude::*;
use web_sys::KeyboardEvent;

use super::drag::focus_card_soon;
use super::focus::focus_soon;
use super::layout::{card_rect, CLUSTER_W};
use super::messages::board_error_text;
use super::state::{Notice, WallUi};
use crate::i18n::*;
use crate::sync::BoardCtx;

/// Wall units an arrow key moves an item; Shift moves it further.
const STEP: f64 = 20.0;
const BIG_STEP: f64 = 100.0;

/// How far an arrow key moves an item by `step`; `None` for any other key.
pub fn arrow_step(key: &str, step: f64) -> Option<(f64, f64)> {
    match key {
        "ArrowLeft" => Some((-step, 0.0)),
        "ArrowRight" => Some((step, 0.0)),
        "ArrowUp" => Some((0.0, -step)),
        "ArrowDown" => Some((0.0, step)),
        _ => None,
    }
}

/// Handles a key on a focused card; returns whether it was used.
///
/// A field (cluster) is one Tab stop: plain arrow keys go from card to card in it (up and
/// down) and to the neighbouring fields (left and right), Escape to the field itself; with
/// Alt they move the card. A free card moves with plain arrow keys.
pub fn card_key_action(
    ctx: BoardCtx,
    ui: WallUi,
    i18n: I18n,
    id: &str,
    ev: &KeyboardEvent,
) -> bool {
    if ev.ctrl_key() || ev.meta_key() {
        return false;
    }
    let snapshot = ui.snapshot.get_untracked();
    let Some(card) = snapshot.cards.get(id).cloned() else {
        return false;
    };
    let alt = ev.alt_key();
    if alt && card.cluster.is_none() {
        return false;
    }
    if let (Some(cluster), false) = (card.cluster.as_deref(), alt) {
        if let Some(target) = field_focus_target(&snapshot, cluster, id, ev.key().as_str()) {
            if ev.key() == "Escape" {
                ui.selected.set(None);
            }
            focus_soon(target);
            return true;
        }
    }
    let step = if ev.shift_key() { BIG_STEP } else { STEP };
    let result = match (ev.key().as_str(), card.cluster.as_deref()) {
        ("Enter" | "F2", _) if ui.may_edit(&card) => {
            ui.editing.set(Some(id.to_string()));
            return true;
        }
        ("Delete" | "Backspace", cluster) => {
            // Focus stays on the wall: the next card of the field, else the field, else the wall.
            let after = match cluster {
                Some(cluster) => field_focus_target(&snapshot, cluster, id, "ArrowDown")
                    .filter(|t| !t.contains(id))
                    .or_else(|| field_focus_target(&snapshot, cluster, id, "ArrowUp"))
                    .unwrap_or_else(|| "#wall".to_string()),
                None => "#wall".to_string(),
            };
            let result = ctx.edit(|b| b.delete_card(id));
            if result.is_ok() {
                focus_soon(after);
                ui.selected.set(None);
                ui.notice.set(Some(Notice {
                    text: t_string!(i18n, card_deleted).to_string(),
                    undo: true,
                    error: false,
                }));
            }
            result
        }
        ("Escape", _) => {
            // Off the card, onto the wall: never to `<body>`, where Tab starts over.
            ui.selected.set(None);
            focus_soon("#wall".to_string());
            return true;
        }
        (key @ ("ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown"), None) => {
            let (dx, dy) = arrow_step(key, step).unwrap_or_default();
            ctx.edit(|b| b.place_card(id, card.x + dx, card.y + dy))
        }
        (key @ ("ArrowUp" | "ArrowDown"), Some(cluster)) => {
            let members = snapshot.members.get(cluster).cloned().unwrap_or_default();
            let index = members.iter().position(|c| c == id).unwrap_or(0);
            let target = if key == "ArrowUp" {
                index.saturating_sub(1)
            } else {
                index + 1
            };
            ctx.edit(|b| b.put_card_in_cluster(id, cluster, target))
        }
        (key @ ("ArrowLeft" | "ArrowRight"), Some(cluster)) => {
            // Clusters are ordered left to right; past the last one the card becomes free.
            let position = snapshot
                .clusters
                .iter()
                .position(|c| c.id == cluster)
                .unwrap_or(0);
            let neighbour = if key == "ArrowLeft" {
                position.checked_sub(1)
            } else {
                Some(position + 1)
            };
            match neighbour.and_then(|i| snapshot.clusters.get(i)) {
                Some(next) => ctx.edit(|b| b.put_card_in_cluster(id, &next.id, usize::MAX)),
                None => {
                    let here = &snapshot.clusters[position];
                    let x = if key == "ArrowLeft" {
                        here.x - CLUSTER_W - STEP
                    } else {
                        here.x + CLUSTER_W + STEP
                    };
                    ctx.edit(|b| b.place_card(id, x, here.y))
                }
            }
        }
        _ => return false,
    };
    match result {
        Ok(()) => {
            if let Some(moved) = ctx.read(|b| b.card(id)) {
                if moved.cluster.is_none() {
                    ui.reveal(card_rect(&moved));
                }
                focus_card_soon(id.to_string());
            }
        }
        Err(e) => ui.complain(board_error_text(i18n, &e)),
    }
    true
}

/// Where a plain key on card `id` in field `cluster` sends focus, as a CSS selector: the
/// next or previous card, the neighbouring field's card at the same place (or the field,
/// if empty), or the field itself (Escape, or up from its first card). `None`: the key is
/// not a move between cards.
fn field_focus_target(
    snapshot: &super::state::WallSnapshot,
    cluster: &str,
    id: &str,
    key: &str,
) -> Option<String> {
    let card_sel = |c: &str| format!("[data-card-id=\"{c}\"]");
    let field_sel = |c: &str| format!(".cluster[data-cluster-id=\"{c}\"]");
    let members = snapshot.members.get(cluster).cloned().unwrap_or_default();
    let index = members.iter().position(|c| c == id).unwrap_or(0);
    match key {
        "Escape" => Some(field_sel(cluster)),
        "ArrowUp" if index == 0 => Some(field_sel(cluster)),
        "ArrowUp" => Some(card_sel(&members[index - 1])),
        "ArrowDown" => Some(
            members
                .get(index + 1)
                .map_or_else(|| card_sel(id), |c| card_sel(c)),
        ),
        "ArrowLeft" | "ArrowRight" => {
            let position = snapshot.clusters.iter().position(|c| c.id == cluster)?;
            let next = if key == "ArrowLeft" {
                position.checked_sub(1)
            } else {
                Some(position + 1)
            };
            let Some(next) = next.and_then(|i| snapshot.clusters.get(i)) else {
                return Some(card_sel(id));
            };
            let theirs = snapshot.members.get(&next.id).cloned().unwrap_or_default();
            Some(
                theirs
                    .get(index.min(theirs.len().saturating_sub(1)))
                    .map_or_else(|| field_sel(&next.id), |c| card_sel(c)),
            )
        }
        _ => None,
    }
}

/// Handles a key on a focused cluster (not on one of its cards); returns whether it was used.
pub fn cluster_key_action(
    ctx: BoardCtx,
    ui: WallUi,
    id: &str,
    (x, y): (f64, f64),
    ev: &KeyboardEvent,
) -> bool {
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
        return false;
    }
    let step = if ev.shift_key() { BIG_STEP } else { STEP };
    let key = ev.key();
    if matches!(key.as_str(), "Enter" | "F2") {
        ui.renaming.set(Some(id.to_string()));
        return true;
    }
    let Some((dx, dy)) = arrow_step(&key, step) else {
        return false;
    };
    if ctx.edit(|b| b.move_cluster(id, x + dx, y + dy)).is_ok() {
        focus_soon(format!(".cluster[data-cluster-id=\"{id}\"]"));
    }
    true
}

/// Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y undo and redo anywhere on the board page, except inside
/// text fields, where the browser's own text undo applies.
pub fn install_shortcuts(ctx: BoardCtx, ui: WallUi) {
    let listener = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| {
        if !(ev.ctrl_key() || ev.meta_key()) {
            return;
        }
        let in_text = document()
            .active_element()
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if in_text {
            return;
        }
        let key = ev.key().to_lowercase();
        let done = match (key.as_str(), ev.shift_key()) {
            ("z", false) => ctx.edit(|b| b.undo()),
            ("z", true) | ("y", _) => ctx.edit(|b| b.redo()),
            _ => return,
        };
        ev.prevent_default();
        if done {
            ui.notice.set(None);
        }
    });
    on_cleanup(move || listener.remove());
}
