//! On the phone home: whether my name appears in the documentation's list of people. The
//! name dialog asks once; who joins with a name kept from another board decides here.

use leptos::prelude::*;

use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::wall::messages::board_error_text;
use crate::wall::WallUi;

/// The choice, once this participant's name is on the board.
#[component]
pub fn ListedChoice() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    // `None` until my entry is on the board (there is nothing to list before a name).
    let listed = Memo::new(move |_| ctx.track(|b| b.participant(b.author()).map(|p| p.listed)));
    let change = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        if let Err(e) = ctx.edit(|b| b.set_listed(on)) {
            ui.complain(board_error_text(i18n, &e));
        }
    };
    view! {
        <Show when=move || listed.get().is_some()>
            <div class="phone-section">
                <label class="check">
                    <input type="checkbox" prop:checked=move || listed.get().unwrap_or(false) on:change=change/>
                    <span>{t!(i18n, name_listed)}</span>
                </label>
            </div>
        </Show>
    }
}
