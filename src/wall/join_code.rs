//! The join code in the share dialog: shown big next to the QR code, with where to type it
//! (`{server}/j`), and a button that renews it on the server (the old code stops working).

use leptos::prelude::*;

use crate::i18n::*;
use crate::sync::api;

/// Where the board's join code stands.
#[derive(Clone, Debug, PartialEq)]
enum CodeState {
    /// Being fetched (or renewed) from the server.
    Loading,
    /// The server did not hand it out (offline, or refused).
    Failed,
    /// The current code.
    Known(String),
}

/// Fetches the board's code (a new one with `renew`) into `state`.
fn load_code(
    board: StoredValue<String>,
    token: StoredValue<String>,
    renew: bool,
    state: RwSignal<CodeState>,
) {
    state.set(CodeState::Loading);
    leptos::task::spawn_local(async move {
        let next = match api::join_code(&board.get_value(), &token.get_value(), renew).await {
            Ok(code) => CodeState::Known(code),
            Err(e) => {
                leptos::logging::warn!("kartenwand: no join code from the server: {e}");
                CodeState::Failed
            }
        };
        let _ = state.try_set(next);
    });
}

/// The board's join code with its renew button; fetched the first time `open` turns true.
#[component]
pub fn JoinCodePanel(
    open: RwSignal<bool>,
    board: StoredValue<String>,
    token: StoredValue<String>,
    origin: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let started = RwSignal::new(false);
    let code_state = RwSignal::new(CodeState::Loading);
    Effect::new(move |_| {
        if open.get() && !started.get_untracked() {
            started.set(true);
            load_code(board, token, false, code_state);
        }
    });
    let at = move || format!("{}/j", origin.get().trim_end_matches('/'));
    view! {
        <section class="join-code" aria-labelledby="join-code-heading">
            <h3 id="join-code-heading">{t!(i18n, share_code_heading)}</h3>
            <p class="muted">{move || t_string!(i18n, share_code_help, url = at())}</p>
            {move || match code_state.get() {
                CodeState::Known(code) => view! {
                    <p class="join-code-value">
                        <output aria-label=t!(i18n, share_code_label)>{code}</output>
                    </p>
                }.into_any(),
                CodeState::Failed => view! { <p class="field-error" role="alert">{t!(i18n, share_code_failed)}</p> }.into_any(),
                CodeState::Loading => view! { <p class="muted" role="status">{t!(i18n, share_code_loading)}</p> }.into_any(),
            }}
            <button
                type="button"
                class="button"
                aria-describedby="join-code-renew-help"
                disabled=move || code_state.get() == CodeState::Loading
                on:click=move |_| load_code(board, token, true, code_state)
            >{t!(i18n, share_code_renew)}</button>
            <p class="muted" id="join-code-renew-help">{t!(i18n, share_code_renew_help)}</p>
        </section>
    }
}
