//! "Meine Karten": the cards this phone wrote, newest last, each with edit and delete.

use leptos::prelude::*;

use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::wall::messages::board_error_text;
use crate::wall::{Notice, WallUi};

/// This participant's cards.
#[component]
pub fn MyCards() -> impl IntoView {
    let i18n = use_i18n();
    let ui = expect_context::<WallUi>();
    let mine = Memo::new(move |_| {
        ui.snapshot.with(|s| {
            let mut cards: Vec<board::CardView> = s
                .cards
                .values()
                .filter(|c| board::owns(&c.author, &s.me))
                .cloned()
                .collect();
            board::sort::sort_by(&mut cards, |a, b| {
                a.created
                    .total_cmp(&b.created)
                    .then_with(|| a.id.cmp(&b.id))
            });
            cards
        })
    });
    view! {
        <section class="phone-section" aria-labelledby="my-cards-heading">
            <h2 id="my-cards-heading">{t!(i18n, my_cards)}</h2>
            <Show when=move || mine.with(Vec::is_empty)>
                <p class="muted">{t!(i18n, my_cards_none)}</p>
            </Show>
            <ul class="my-cards" aria-label=t!(i18n, my_cards)>
                <For each=move || mine.get() key=|c| (c.id.clone(), c.text.clone(), c.color) children=|card| view! { <MyCard card/> }/>
            </ul>
        </section>
    }
}

/// One of my cards: its text, or its text being edited.
#[component]
fn MyCard(card: board::CardView) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(card.text.clone());
    let id = StoredValue::new(card.id.clone());
    let text = card.text.clone();
    let (edit_label, delete_label) = (
        t_string!(i18n, card_edit_label, text = text.clone()).to_string(),
        t_string!(i18n, card_delete_label, text = text.clone()).to_string(),
    );
    let save = move || match ctx.edit(|b| b.set_card_text(&id.get_value(), &draft.get_untracked()))
    {
        Ok(()) => editing.set(false),
        Err(e) => ui.complain(board_error_text(i18n, &e)),
    };
    let delete = move |_| match ctx.edit(|b| b.delete_card(&id.get_value())) {
        Ok(()) => ui.notice.set(Some(Notice {
            text: t_string!(i18n, card_deleted).to_string(),
            undo: true,
            error: false,
        })),
        Err(e) => ui.complain(board_error_text(i18n, &e)),
    };
    view! {
        <li class=format!("my-card card--{}", card.color.as_str())>
            <Show when=move || editing.get() fallback=move || view! {
                <p class="my-card-text" dir="auto">{text.clone()}</p>
                <div class="my-card-tools">
                    <button type="button" class="button" aria-label=edit_label.clone() on:click=move |_| { draft.set(draft.get_untracked()); editing.set(true); }>{t!(i18n, edit_short)}</button>
                    <button type="button" class="button" aria-label=delete_label.clone() on:click=delete>{t!(i18n, delete_short)}</button>
                </div>
            }>
                <form class="stack" on:submit=move |ev| { ev.prevent_default(); save(); }>
                    <label class="field">
                        <span>{t!(i18n, card_text_label)}</span>
                        <textarea rows="3" maxlength="500" dir="auto" bind:value=draft autofocus></textarea>
                    </label>
                    <div class="modal-actions">
                        <button type="button" class="button" on:click=move |_| editing.set(false)>{t!(i18n, cancel)}</button>
                        <button type="submit" class="button button--primary">{t!(i18n, save)}</button>
                    </div>
                </form>
            </Show>
        </li>
    }
}
