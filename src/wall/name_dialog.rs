//! Asks a newcomer for a nickname once; it is kept in this browser and shown to the others.
//! Each one also decides whether their name appears in the documentation's list of people
//! (off unless they tick it). Opened again, it changes the name.

use leptos::prelude::*;

use super::messages::board_error_text;
use crate::dialog::Modal;
use crate::i18n::*;
use crate::storage::prefs;
use crate::sync::{BoardCtx, Peer};

/// Makes `name` this person's on the board and in this browser, listed in the documentation
/// if they chose so, and tells the others.
pub fn take_name(
    ctx: BoardCtx,
    me: RwSignal<Peer>,
    name: &str,
    listed: bool,
) -> Result<(), board::BoardError> {
    let color = me.with_untracked(|m| m.color.clone());
    ctx.edit(|b| {
        b.set_participant(name, color.as_str())
            .and_then(|()| b.set_listed(listed))
    })?;
    prefs::set_nickname(name);
    me.update(|m| m.name = name.trim().to_string());
    ctx.present_as(&me.get_untracked());
    Ok(())
}

/// The nickname dialog; `me` is updated when the name is saved.
#[component]
pub fn NameDialog(open: RwSignal<bool>, me: RwSignal<Peer>) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let name = RwSignal::new(String::new());
    let listed = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // Opened again to change the name: it starts from the name and the choice as they are.
    Effect::new(move |_| {
        if open.get() {
            name.set(me.with_untracked(|m| m.name.clone()));
            listed.set(ctx.read(|b| b.participant(b.author()).is_some_and(|p| p.listed)));
            error.set(None);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match take_name(ctx, me, &name.get_untracked(), listed.get_untracked()) {
            Ok(()) => open.set(false),
            Err(e) => error.set(Some(board_error_text(i18n, &e))),
        }
    };
    view! {
        <Modal open label=text_signal(i18n, |s| s.name_heading)>
            <form class="stack" on:submit=submit>
                <p class="muted">{t!(i18n, name_help)}</p>
                <label class="field">
                    <span>{t!(i18n, name_label)}</span>
                    <input type="text" maxlength="60" required autofocus autocomplete="nickname" bind:value=name
                        placeholder=t!(i18n, name_placeholder)/>
                </label>
                <label class="check">
                    <input type="checkbox" bind:checked=listed/>
                    <span>{t!(i18n, name_listed)}</span>
                </label>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <div class="modal-actions">
                    <button type="submit" class="button button--primary">{t!(i18n, join)}</button>
                </div>
            </form>
        </Modal>
    }
}
