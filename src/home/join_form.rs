//! "An einer Wand teilnehmen": a participant types the board's six-character join code, the
//! server says which board and participant token it stands for, and the board opens as if
//! its QR code had been scanned.

use leptos::prelude::*;

use crate::i18n::*;
use crate::route::{use_navigate, Route};
use crate::storage::boards;
use crate::sync::api::{self, ApiError};

/// Characters of a join code (as the server makes them).
const CODE_LEN: usize = 6;

/// The code as typed, without spaces and dashes and in capitals, if it can be one.
fn normalise(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.chars().count() == CODE_LEN && code.chars().all(|c| c.is_ascii_alphanumeric()))
        .then_some(code)
}

/// The message for a failed lookup.
fn error_text(i18n: I18n, error: &ApiError) -> String {
    match error {
        ApiError::Status(404) => t_string!(i18n, join_unknown).to_string(),
        ApiError::Status(429) => t_string!(i18n, join_too_many).to_string(),
        _ => t_string!(i18n, join_unreachable).to_string(),
    }
}

/// The join code form; a known code opens its board. `initial`: a code to fill in and try
/// at once (from the address).
#[component]
pub fn JoinForm(#[prop(default = None)] initial: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let code = RwSignal::new(initial.clone().unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let join = move || {
        let Some(typed) = normalise(&code.get_untracked()) else {
            error.set(Some(t_string!(i18n, join_invalid).to_string()));
            return;
        };
        error.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::lookup_join_code(&typed).await;
            busy.try_set(false);
            match result {
                Ok(joined) => {
                    match boards::take_link_token(&joined.board, joined.participant_token) {
                        Ok(_) => navigate(Route::Board(joined.board)),
                        Err(e) => {
                            error.try_set(Some(e.to_string()));
                        }
                    }
                }
                Err(e) => {
                    error.try_set(Some(error_text(i18n, &e)));
                }
            }
        });
    };
    let join = StoredValue::new(join);
    if initial.is_some() {
        join.with_value(|join| join());
    }
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        join.with_value(|join| join());
    };
    view! {
        <section class="join-board" aria-labelledby="join-heading">
            <h2 id="join-heading">{t!(i18n, join_heading)}</h2>
            <p class="muted">{t!(i18n, join_intro)}</p>
            <form class="inline-form" on:submit=on_submit>
                <label class="field">
                    <span>{t!(i18n, join_code_label)}</span>
                    <input
                        class="join-code-input"
                        type="text"
                        inputmode="text"
                        autocomplete="off"
                        autocapitalize="characters"
                        spellcheck="false"
                        maxlength="12"
                        bind:value=code
                        aria-invalid=move || error.get().is_some().to_string()
                    />
                </label>
                <button type="submit" class="button button--primary" disabled=move || busy.get()>{t!(i18n, join_submit)}</button>
            </form>
            {move || busy.get().then(|| view! { <p class="muted" role="status">{t!(i18n, join_busy)}</p> })}
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_in_any_case_with_spaces_and_dashes() {
        assert_eq!(normalise(" k7q-m3x ").as_deref(), Some("K7QM3X"));
        assert_eq!(normalise("k7qm3"), None);
        assert_eq!(normalise("k7qm3x9"), None);
        assert_eq!(normalise("k7qm3!"), None);
    }
}
