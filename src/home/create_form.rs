//! The "new board" form.

use leptos::prelude::*;

use crate::i18n::*;
use crate::route::{use_navigate, Route};
use crate::storage::boards;
use crate::wall::messages::boards_error_text;

/// Creates a board with a title and opens it.
#[component]
pub fn CreateForm() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let title = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match boards::create(&title.get_untracked()) {
            Ok(id) => navigate(Route::Board(id)),
            Err(e) => error.set(Some(boards_error_text(i18n, &e))),
        }
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
                        placeholder=move || t_string!(i18n, board_title_placeholder)
                        bind:value=title
                        aria-invalid=move || error.get().is_some().to_string()
                    />
                </label>
                <button type="submit" class="button button--primary">{t!(i18n, create_board)}</button>
            </form>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </section>
    }
}
