//! The "new board" form.

use leptos::prelude::*;

use crate::i18n::*;
use crate::route::{use_navigate, Route};
use crate::storage::{boards, Invites};
use crate::sync::api;
use crate::wall::messages::boards_error_text;

/// Creates a board with a title and opens it.
#[component]
pub fn CreateForm() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let title = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let wanted = title.get_untracked();
        if wanted.trim().is_empty() {
            error.set(Some(t_string!(i18n, error_empty_title).to_string()));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            // On the Kartenwand server the board is shared; without one (offline, or served
            // by something else) it lives in this browser.
            let created = match api::create_board(&wanted).await {
                Ok(remote) => {
                    let invites = Invites {
                        participant: remote.participant_token,
                        viewer: remote.viewer_token,
                    };
                    boards::add_remote(&remote.id, &wanted, remote.facilitator_token, invites)
                        .await
                        .map(|()| remote.id)
                }
                Err(e) => {
                    leptos::logging::log!("kartenwand: creating a local board ({e})");
                    boards::create_local(&wanted).await
                }
            };
            busy.try_set(false);
            match created {
                Ok(id) => navigate(Route::Board(id)),
                Err(e) => {
                    error.try_set(Some(boards_error_text(i18n, &e)));
                }
            }
        });
    };
    view! {
        <section class="new-board" aria-labelledby="new-board-heading">
            <h2 id="new-board-heading">{t!(i18n, new_board_heading)}</h2>
            <form class="inline-form" on:submit=on_submit>
                <label class="field">
                    <span>{t!(i18n, board_title_label)}</span>
                    <input
                        type="text"
                        maxlength="200"
                        required
                        placeholder=t!(i18n, board_title_placeholder)
                        bind:value=title
                        aria-invalid=move || error.get().is_some().to_string()
                    />
                </label>
                <button type="submit" class="button button--primary" disabled=move || busy.get()>{t!(i18n, create_board)}</button>
            </form>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </section>
    }
}
