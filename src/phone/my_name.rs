//! On the phone home: the name this participant has here, a way to change it (or to give
//! one, after closing the name dialog), and whether it appears in the documentation's list of
//! people. The name dialog asks once; who joins with a name kept from another board decides
//! about the list here.

use leptos::prelude::*;

use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::wall::messages::board_error_text;
use crate::wall::WallUi;

/// My name and the list choice, on the phone home.
#[component]
pub fn MyName() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    // `None` until my entry is on the board (there is nothing to list before a name).
    let mine = Memo::new(move |_| {
        ctx.track(|b| {
            b.participant(b.author())
                .map(|p| (p.name.clone(), p.listed))
        })
    });
    let said = move || match mine.get() {
        Some((name, _)) => t_string!(i18n, name_here_as, name = name).to_string(),
        None => t_string!(i18n, name_none).to_string(),
    };
    let action = move || {
        if mine.with(Option::is_some) {
            t_string!(i18n, name_change)
        } else {
            t_string!(i18n, name_give)
        }
    };
    let change = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        if let Err(e) = ctx.edit(|b| b.set_listed(on)) {
            ui.complain(board_error_text(i18n, &e));
        }
    };
    view! {
        <div class="phone-section phone-me">
            <h2>{t!(i18n, name_label)}</h2>
            <p class="phone-me-name">
                <span>{said}</span>
                <button type="button" class="button" on:click=move |_| ui.naming.set(true)>{action}</button>
            </p>
            <Show when=move || mine.with(Option::is_some)>
                <label class="check">
                    <input type="checkbox" prop:checked=move || mine.with(|m| m.as_ref().is_some_and(|(_, listed)| *listed)) on:change=change/>
                    <span>{t!(i18n, name_listed)}</span>
                </label>
            </Show>
        </div>
    }
}
