//! The facilitator's "Rechte der Teilnehmenden": three switches for what participants may do
//! on this board (`board::Rights`). The board keeps them; the server enforces them.

use board::Rights;
use leptos::prelude::*;

use super::messages::board_error_text;
use super::state::WallUi;
use crate::i18n::*;
use crate::sync::BoardCtx;

/// One switch: its text, and which right it sets.
#[component]
fn RightSwitch(
    label: Signal<String>,
    on: Signal<bool>,
    set: impl Fn(&mut Rights, bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let i18n = use_i18n();
    let change = move |ev: leptos::ev::Event| {
        let mut next = ui.snapshot.with_untracked(|s| s.rights);
        set(&mut next, event_target_checked(&ev));
        if let Err(e) = ctx.edit(|b| b.set_rights(next)) {
            ui.complain(board_error_text(i18n, &e));
        }
    };
    view! {
        <label class="check">
            <input type="checkbox" prop:checked=move || on.get() on:change=change/>
            {move || label.get()}
        </label>
    }
}

/// The switches, for the facilitator's share dialog.
#[component]
pub fn RightsSection() -> impl IntoView {
    let i18n = use_i18n();
    let ui = expect_context::<WallUi>();
    let rights = Memo::new(move |_| ui.snapshot.with(|s| s.rights));
    view! {
        <fieldset class="rights">
            <legend>{t!(i18n, rights_heading)}</legend>
            <p class="muted">{t!(i18n, rights_help)}</p>
            <RightSwitch label=text_signal(i18n, |s| s.rights_move) on=Signal::derive(move || rights.get().move_cards)
                set=|r, on| r.move_cards = on/>
            <RightSwitch label=text_signal(i18n, |s| s.rights_fields) on=Signal::derive(move || rights.get().fields)
                set=|r, on| r.fields = on/>
            <RightSwitch label=text_signal(i18n, |s| s.rights_edit_others) on=Signal::derive(move || rights.get().edit_others)
                set=|r, on| r.edit_others = on/>
        </fieldset>
    }
}
