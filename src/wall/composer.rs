//! Dialogs that add a card (text and colour) or a cluster (heading) near the centre of the view.

use board::{CardColor, NewCard};
use leptos::prelude::*;

use super::layout::{free_spot, CARD_H, CARD_W, CLUSTER_HEAD_H, CLUSTER_ROW_H, CLUSTER_W};
use super::messages::board_error_text;
use super::state::WallUi;
use super::viewport::Rect;
use crate::dialog::Modal;
use crate::i18n::*;
use crate::sync::BoardCtx;

/// The user-facing name of a colour.
pub fn color_name(i18n: crate::i18n::I18n, color: CardColor) -> String {
    match color {
        CardColor::Yellow => t_string!(i18n, color_yellow),
        CardColor::Green => t_string!(i18n, color_green),
        CardColor::Blue => t_string!(i18n, color_blue),
        CardColor::Pink => t_string!(i18n, color_pink),
        CardColor::Orange => t_string!(i18n, color_orange),
        CardColor::White => t_string!(i18n, color_white),
    }
    .to_string()
}

/// A row of colour swatches working as one radio group.
#[component]
pub fn ColorPicker(
    #[prop(into)] value: Signal<CardColor>,
    on_pick: impl Fn(CardColor) + Copy + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="color-picker" role="radiogroup" aria-label=t!(i18n, card_color_label)>
            {CardColor::ALL.into_iter().map(|color| view! {
                <button type="button" role="radio" class=format!("swatch card--{}", color.as_str())
                    aria-checked=move || (value.get() == color).to_string()
                    aria-label=move || color_name(i18n, color)
                    title=move || color_name(i18n, color)
                    on:click=move |_| on_pick(color)></button>
            }).collect_view()}
        </div>
    }
}

/// Adds a card: text and colour, placed in a free spot in view.
#[component]
pub fn AddCardDialog(open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let text = RwSignal::new(String::new());
    let color = RwSignal::new(CardColor::Yellow);
    let error = RwSignal::new(None::<String>);
    // A pasted list of several lines becomes one card per line, unless the writer unticks
    // it; lines typed with Shift+Enter stay one card unless the writer ticks it.
    let per_line = RwSignal::new(false);
    let lines = Memo::new(move |_| text.with(|t| board::cards_from_list(t).len()));
    let submit = move || {
        if per_line.get_untracked() && lines.get_untracked() > 1 {
            match super::paste::add_list(ctx, ui, &text.get_untracked(), color.get_untracked()) {
                Ok(n) => {
                    per_line.set(false);
                    text.set(String::new());
                    error.set(None);
                    open.set(false);
                    super::paste::tell(ui, i18n, Ok(n));
                }
                Err(e) => error.set(Some(board_error_text(i18n, &e))),
            }
            return;
        }
        let (x, y) = free_spot(
            ui.visible(),
            CARD_W,
            CARD_H,
            &ui.snapshot.with_untracked(|s| s.occupied()),
        );
        let card = NewCard {
            text: text.get_untracked(),
            color: color.get_untracked(),
            x,
            y,
            cluster: None,
            incoming: false,
        };
        match ctx.edit(|b| b.add_card(card)) {
            Ok(id) => {
                text.set(String::new());
                error.set(None);
                open.set(false);
                ui.reveal(Rect {
                    x,
                    y,
                    w: CARD_W,
                    h: CARD_H,
                });
                // On a phone the card's action sheet would cover a third of the screen right
                // after its action is done; a tap on the card brings it when wanted.
                if !ui.narrow.get_untracked() {
                    ui.selected.set(Some(id));
                }
            }
            Err(e) => error.set(Some(board_error_text(i18n, &e))),
        }
    };
    view! {
        <Modal open label=text_signal(i18n, |s| s.add_card_long)>
            <form class="stack" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <label class="field">
                    <span>{t!(i18n, card_text_label)}</span>
                    <textarea rows="3" maxlength="20000" dir="auto" bind:value=text autofocus
                        placeholder=t!(i18n, card_placeholder)
                        on:paste=move |_| per_line.set(true)
                        on:keydown=move |ev| if ev.key() == "Enter" && !ev.shift_key() { ev.prevent_default(); submit(); }>
                    </textarea>
                </label>
                <Show when=move || { lines.get() > 1 }>
                    <label class="check">
                        <input type="checkbox" bind:checked=per_line/>
                        <span>{move || t_count!(i18n, card_per_line, lines.get())}</span>
                    </label>
                </Show>
                <ColorPicker value=color on_pick=move |c| color.set(c)/>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <div class="modal-actions">
                    <button type="button" class="button" on:click=move |_| open.set(false)>{t!(i18n, cancel)}</button>
                    <button type="submit" class="button button--primary">{t!(i18n, add)}</button>
                </div>
            </form>
        </Modal>
    }
}

/// Adds a cluster with a heading, in a free place in view.
#[component]
pub fn AddClusterDialog(open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let title = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move || {
        let occupied = ui.snapshot.with_untracked(|s| s.occupied());
        let h = CLUSTER_HEAD_H + 2.0 * CLUSTER_ROW_H;
        let (x, y) = free_spot(ui.visible(), CLUSTER_W, h, &occupied);
        match ctx.edit(|b| b.add_cluster(&title.get_untracked(), x, y)) {
            Ok(_) => {
                ui.reveal(Rect {
                    x,
                    y,
                    w: CLUSTER_W,
                    h,
                });
                title.set(String::new());
                error.set(None);
                open.set(false);
            }
            Err(e) => error.set(Some(board_error_text(i18n, &e))),
        }
    };
    view! {
        <Modal open label=text_signal(i18n, |s| s.add_cluster_long)>
            <form class="stack" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <label class="field">
                    <span>{t!(i18n, cluster_title_label)}</span>
                    <input type="text" maxlength="200" dir="auto" bind:value=title autofocus placeholder=t!(i18n, cluster_placeholder)/>
                </label>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <div class="modal-actions">
                    <button type="button" class="button" on:click=move |_| open.set(false)>{t!(i18n, cancel)}</button>
                    <button type="submit" class="button button--primary">{t!(i18n, add)}</button>
                </div>
            </form>
        </Modal>
    }
}
