//! The facilitator's "share" dialog: the participants' link with a QR code large enough to
//! scan from a projector, the projector's read-only link, and a co-facilitator link.

use leptos::prelude::*;

use crate::dialog::Modal;
use crate::i18n::*;
use crate::storage::Invites;
use crate::sync::api::{invite_link, lan_origin, on_loopback};

/// One link with a copy button.
#[component]
fn LinkField(#[prop(into)] label: Signal<String>, link: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let _ = clipboard.write_text(&link.get_untracked());
        copied.set(true);
    };
    view! {
        <div class="link-field">
            <label class="field">
                <span>{move || label.get()}</span>
                <input type="text" readonly prop:value=move || link.get() on:focus=|ev| {
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

/// Shows the board's invitation links. Opened at `localhost`, the links and the QR code use
/// the server's LAN address instead, so phones on the same network can follow them.
#[component]
pub fn ShareDialog(open: RwSignal<bool>, board: String, invites: Invites, facilitator_token: String) -> impl IntoView {
    let i18n = use_i18n();
    let here = window().location().origin().unwrap_or_default();
    let origin = RwSignal::new(here.clone());
    // None: not on loopback; Some(None): on loopback, no LAN address; Some(Some(url)).
    let lan = RwSignal::new(None::<Option<String>>);
    if on_loopback() {
        leptos::task::spawn_local(async move {
            let found = lan_origin().await.ok().flatten();
            if let Some(url) = &found {
                let _ = origin.try_set(url.clone());
            }
            let _ = lan.try_set(Some(found));
        });
    }
    let board = StoredValue::new(board);
    let link = move |token: &str| invite_link(&origin.get(), &board.get_value(), token);
    let (p, v) = (invites.participant.clone(), invites.viewer.clone());
    let participant = Signal::derive(move || link(&p));
    let viewer = Signal::derive(move || link(&v));
    let facilitator = Signal::derive(move || link(&facilitator_token));
    let qr = move || format!("/api/qr?text={}", String::from(js_sys::encode_uri_component(&participant.get())));
    view! {
        <Modal open label=text_signal(i18n, |s| s.share_heading)>
            <div class="share">
                // Only while open: the image is a request to the server.
                <Show when=move || open.get()>
                    <img class="qr" src=qr alt=t!(i18n, qr_alt) width="320" height="320"/>
                </Show>
                <p class="muted">{t!(i18n, share_participants_help)}</p>
                {move || lan.get().map(|found| match found {
                    Some(url) => view! { <p class="share-lan">{t_string!(i18n, share_lan, url = url)}</p> }.into_any(),
                    None => view! { <p class="share-lan share-lan--warn" role="alert">{t!(i18n, share_loopback_only)}</p> }.into_any(),
                })}
                <LinkField label=text_signal(i18n, |s| s.share_participants) link=participant/>
                <LinkField label=text_signal(i18n, |s| s.share_projector) link=viewer/>
                <LinkField label=text_signal(i18n, |s| s.share_facilitator) link=facilitator/>
                <div class="modal-actions">
                    <button type="button" class="button" on:click=move |_| open.set(false)>{t!(i18n, dismiss)}</button>
                </div>
            </div>
        </Modal>
    }
}
