//! A pasted list becomes cards: one per line, laid out together in a free block in view,
//! in one step that one undo takes back. Pasting works on the wall itself (Ctrl+V outside
//! any text field) and in the card dialog ("Eine Karte pro Zeile").

use board::{cards_from_list, BoardError, CardColor, NewCard};
use leptos::prelude::*;
use web_sys::ClipboardEvent;

use super::layout::{free_block, CARD_H, CARD_W};
use super::messages::board_error_text;
use super::state::{Notice, ViewMode, WallUi};
use super::viewport::Rect;
use crate::i18n::*;
use crate::sync::BoardCtx;

/// Adds one card per line of `list` in `color`, in a free block in view, and brings the
/// block into view; returns how many.
pub fn add_list(
    ctx: BoardCtx,
    ui: WallUi,
    list: &str,
    color: CardColor,
) -> Result<usize, BoardError> {
    let texts = cards_from_list(list);
    let spots = free_block(
        ui.visible(),
        texts.len(),
        &ui.snapshot.with_untracked(|s| s.occupied()),
    );
    let cards: Vec<NewCard> = texts
        .into_iter()
        .zip(&spots)
        .map(|(text, &(x, y))| NewCard {
            color,
            ..NewCard::new(text, x, y)
        })
        .collect();
    let n = ctx.edit(|b| b.add_cards(cards))?.len();
    if let Some(block) = Rect::union_all(spots.iter().map(|&(x, y)| Rect {
        x,
        y,
        w: CARD_W,
        h: CARD_H,
    })) {
        ui.reveal(block);
    }
    Ok(n)
}

/// Says how many cards a list added, with undo; or why none were.
pub fn tell(ui: WallUi, i18n: I18n, added: Result<usize, BoardError>) {
    match added {
        Ok(n) => ui.notice.set(Some(Notice {
            text: t_count!(i18n, cards_pasted, n),
            undo: true,
            error: false,
        })),
        Err(e) => ui.complain(board_error_text(i18n, &e)),
    }
}

/// Ctrl+V on the wall (not in a text field, not while a dialog is open) adds the clipboard's
/// lines as cards, for whoever may add cards on this page.
pub fn install_paste(ctx: BoardCtx, ui: WallUi) {
    let i18n = use_i18n();
    let listener = window_event_listener(leptos::ev::paste, move |ev: ClipboardEvent| {
        if ui.read_only || ui.mode.get_untracked() != ViewMode::Wall {
            return;
        }
        let elsewhere = document().active_element().is_some_and(|e| {
            matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || e.closest("dialog[open], [role=dialog]")
                    .ok()
                    .flatten()
                    .is_some()
        });
        if elsewhere {
            return;
        }
        let Some(text) = ev
            .clipboard_data()
            .and_then(|d| d.get_data("text/plain").ok())
        else {
            return;
        };
        if cards_from_list(&text).is_empty() {
            return;
        }
        ev.prevent_default();
        tell(ui, i18n, add_list(ctx, ui, &text, CardColor::default()));
    });
    on_cleanup(move || listener.remove());
}
