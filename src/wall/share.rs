//! The facilitator's "share" dialog: the participants' link with a QR code large enough to
//! scan from a projector, the projector's read-only link, and a co-facilitator link.

use leptos::prelude::*;

use crate::dialog::Modal;
use crate::i18n::*;
use crate::storage::Invites;
use crate::sync::api::invite_link;

/// One link with a copy button.
#[component]
fn LinkField(#[prop(into)] label: Signal<String>, link: String) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let value = link.clone();
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let _ = clipboard.write_text(&value);
        copied.set(true);
    };
    view! {
        <div class="link-field">
            <label class="field">
                <span>{move || label.get()}</span>
                <input type="text" readonly prop:value=link on:focus=|ev| {
                    if let Some(input) = event_target::<web_sys::HtmlInputElement>(&ev).into() {
                        input.select();
                    }
                }/>
            </label>
            <button type="button" class="button" on:click=copy>
                {move || if copied.get() { t_string!(i18n, copied) } else { t_string!(i18n, copy_link) }}
            </button>
        </div>
    }
}

/// Shows the board's invitation links.
#[component]
pub fn ShareDialog(open: RwSignal<bool>, board: String, invites: Invites, facilitator_token: String) -> impl IntoView {
    let i18n = use_i18n();
    let participant = invite_link(&board, &invites.participant);
    let qr = format!("/api/qr?text={}", String::from(js_sys::encode_uri_component(&participant)));
    view! {
        <Modal open label=Signal::derive(move || t_string!(i18n, share_heading).to_string())>
            <div class="share">
                // Only while open: the image is a request to the server.
                <Show when=move || open.get()>
                    <img class="qr" src=qr.clone() alt=move || t_string!(i18n, qr_alt) width="320" height="320"/>
                </Show>
                <p class="muted">{t!(i18n, share_participants_help)}</p>
                <LinkField label=Signal::derive(move || t_string!(i18n, share_participants).to_string()) link=participant/>
                <LinkField label=Signal::derive(move || t_string!(i18n, share_projector).to_string()) link=invite_link(&board, &invites.viewer)/>
                <LinkField label=Signal::derive(move || t_string!(i18n, share_facilitator).to_string()) link=invite_link(&board, &facilitator_token)/>
                <div class="modal-actions">
                    <button type="button" class="button" on:click=move |_| open.set(false)>{t!(i18n, dismiss)}</button>
                </div>
            </div>
        </Modal>
    }
}
