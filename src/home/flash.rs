//! A notice for the start page from the page before it ("the board was deleted"), kept in
//! the tab's sessionStorage across the page change and shown once.

use leptos::prelude::*;

use crate::i18n::*;

/// The sessionStorage key.
const KEY: &str = "kartenwand.notice";

/// Keeps `text` for the next start page of this tab.
pub fn set(text: &str) {
    if let Ok(Some(storage)) = window().session_storage() {
        let _ = storage.set_item(KEY, text);
    }
}

/// The kept notice, removed.
fn take() -> Option<String> {
    let storage = window().session_storage().ok()??;
    let text = storage.get_item(KEY).ok()??;
    let _ = storage.remove_item(KEY);
    Some(text)
}

/// The kept notice, if any, announced politely: the region is on the page first, its text
/// comes a frame later, so that screen readers read it out.
#[component]
pub fn FlashNotice() -> impl IntoView {
    let i18n = use_i18n();
    let shown = RwSignal::new(None::<String>);
    if let Some(text) = take() {
        request_animation_frame(move || shown.set(Some(text)));
    }
    view! {
        <div class="flash-region" role="status">
            {move || shown.get().map(|text| view! {
                <p class="notice flash-notice">
                    <span>{text}</span>
                    <button type="button" class="button button--ghost" aria-label=t!(i18n, dismiss)
                        on:click=move |_| shown.set(None)>"✕"</button>
                </p>
            })}
        </div>
    }
}
