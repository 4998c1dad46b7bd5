//! "Wand duplizieren": the whole board copied into a board of its own (a new id and new
//! links on the server, or a new board in this browser when offline), which then opens.
//! Nothing is shared: edits to the copy never reach this board.

use leptos::prelude::*;

use crate::dialog::Modal;
use crate::export::template::keep_new_board;
use crate::i18n::*;
use crate::route::{use_navigate, Route};
use crate::sync::BoardCtx;
use crate::wall::messages::boards_error_text;

/// The dialog: the copy's title, and the button that makes it.
#[component]
pub fn DuplicateDialog(open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let navigate = use_navigate();
    let title = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Each opening proposes "{title} (Kopie)".
    Effect::new(move |_| {
        if open.get() {
            let current = ctx.read(|b| b.title());
            let suffix = t_string!(i18n, duplicate_title_suffix);
            let proposed: String = format!("{current} {suffix}")
                .trim()
                .chars()
                .take(board::MAX_TITLE)
                .collect();
            title.set(proposed);
            error.set(None);
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ctx.save_now();
        let copy = ctx.read(|b| b.duplicate(&title.get_untracked()));
        busy.set(true);
        leptos::task::spawn_local(async move {
            let kept = keep_new_board(&copy).await;
            busy.try_set(false);
            match kept {
                Ok(id) => {
                    open.try_set(false);
                    navigate(Route::Board(id));
                }
                Err(e) => {
                    let why = boards_error_text(i18n, &e);
                    error.try_set(Some(format!("{} {why}", t_string!(i18n, duplicate_failed))));
                }
            }
        });
    };
    view! {
        <Modal open label=text_signal(i18n, |s| s.duplicate_board)>
            <form on:submit=on_submit>
                <p>{t!(i18n, duplicate_help)}</p>
                <label class="field">
                    <span>{t!(i18n, duplicate_title_label)}</span>
                    <input type="text" maxlength="200" bind:value=title/>
                </label>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <div class="modal-actions">
                    <button type="button" class="button" on:click=move |_| open.set(false)>{t!(i18n, cancel)}</button>
                    <button type="submit" class="button button--primary" disabled=move || busy.get()>{t!(i18n, duplicate_confirm)}</button>
                </div>
            </form>
        </Modal>
    }
}
