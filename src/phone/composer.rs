//! "Karte schreiben" on the phone: one card after another without closing, each into the
//! incoming area ("Eingang"), where the facilitator sorts it.

use board::{CardColor, NewCard};
use leptos::html;
use leptos::prelude::*;

use crate::dialog::Modal;
use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::wall::messages::board_error_text;
use crate::wall::ColorPicker;

/// The writing sheet; stays open after each card until "Fertig".
#[component]
pub fn WriteCards(open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let text = RwSignal::new(String::new());
    let color = RwSignal::new(CardColor::Yellow);
    let said = RwSignal::new(None::<Result<String, String>>);
    let field = NodeRef::<html::Textarea>::new();
    Effect::new(move |_| {
        if open.get() {
            said.set(None);
        }
    });
    let submit = move || {
        let written = text.get_untracked();
        match ctx.edit(|b| b.add_card(NewCard::incoming(written.trim_end(), color.get_untracked())))
        {
            Ok(_) => {
                text.set(String::new());
                said.set(Some(Ok(written.trim().to_string())));
                if let Some(el) = field.get_untracked() {
                    let _ = el.focus();
                }
            }
            Err(e) => said.set(Some(Err(board_error_text(i18n, &e)))),
        }
    };
    view! {
        <Modal open label=text_signal(i18n, |s| s.write_card)>
            <form class="stack" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <label class="field">
                    <span>{t!(i18n, card_text_label)}</span>
                    <textarea node_ref=field rows="3" maxlength="500" dir="auto" bind:value=text autofocus
                        placeholder=t!(i18n, card_placeholder)
                        on:keydown=move |ev| if ev.key() == "Enter" && !ev.shift_key() { ev.prevent_default(); submit(); }>
                    </textarea>
                </label>
                <ColorPicker value=color on_pick=move |c| color.set(c)/>
                <p class="write-said" role="status">
                    {move || match said.get() {
                        Some(Ok(t)) => Some(view! { <span class="write-done">{t_string!(i18n, card_written, text = t).to_string()}</span> }.into_any()),
                        Some(Err(e)) => Some(view! { <span class="field-error">{e}</span> }.into_any()),
                        None => None,
                    }}
                </p>
                <div class="modal-actions">
                    <button type="button" class="button" on:click=move |_| open.set(false)>{t!(i18n, done)}</button>
                    <button type="submit" class="button button--primary">{t!(i18n, add)}</button>
                </div>
            </form>
        </Modal>
    }
}
