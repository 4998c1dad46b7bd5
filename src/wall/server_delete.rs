//! "Auf dem Server löschen" in the facilitator's board menu: deletes the board on the server
//! for everyone (DSGVO), after a dialog that says every link stops working and that this
//! cannot be undone, and offers to save a board file first. Then the board is removed from
//! this browser too and the board list says so.

use leptos::prelude::*;

use super::board_gone::mark_deleting;
use crate::dialog::Modal;
use crate::export::board_file::save_board_file;
use crate::i18n::*;
use crate::route::{use_navigate, Route};
use crate::storage::boards;
use crate::sync::api::{self, ApiError};
use crate::sync::BoardCtx;
use crate::wall::share::ShareTarget;

/// The confirmation dialog; `open` shows it.
#[component]
pub fn ServerDeleteDialog(open: RwSignal<bool>, target: ShareTarget) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let board = StoredValue::new(target.board);
    let token = StoredValue::new(target.facilitator_token);
    // Each opening starts clean.
    Effect::new(move |_| {
        if open.get() {
            error.set(None);
        }
    });
    let save = move |_| {
        if ctx
            .read(|b| save_board_file(&board.get_value(), b))
            .is_err()
        {
            error.set(Some(t_string!(i18n, file_save_failed).to_string()));
        }
    };
    let confirm = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let (id, token) = (board.get_value(), token.get_value());
        // The server closes this device's connection too (4410): that is this deletion.
        mark_deleting(Some(id.clone()));
        leptos::task::spawn_local(async move {
            match api::delete_board(&id, &token).await {
                // 404: deleted already (another facilitator, or a retry after a lost answer).
                Ok(()) | Err(ApiError::Status(404)) => {
                    ctx.disconnect();
                    if let Err(e) = boards::delete(&id).await {
                        leptos::logging::warn!(
                            "kartenwand: could not remove the board from this browser: {e}"
                        );
                    }
                    crate::home::flash::set(t_string!(i18n, server_deleted_notice));
                    navigate(Route::Boards);
                }
                Err(e) => {
                    leptos::logging::warn!("kartenwand: deleting the board failed: {e}");
                    mark_deleting(None);
                    busy.try_set(false);
                    error.try_set(Some(t_string!(i18n, server_delete_failed).to_string()));
                }
            }
        });
    };
    view! {
        <Modal open label=Signal::derive(move || t_string!(i18n, server_delete_question).to_string())>
            <p>{t!(i18n, server_delete_detail)}</p>
            <p>{t!(i18n, server_delete_save_hint)}</p>
            {move || error.get().map(|text| view! { <p class="field-error" role="alert">{text}</p> })}
            <div class="modal-actions">
                <button type="button" class="button" on:click=save>{t!(i18n, server_delete_save_first)}</button>
                <button type="button" class="button" on:click=move |_| open.set(false)>{t!(i18n, cancel)}</button>
                <button type="button" class="button button--danger" aria-disabled=move || busy.get().to_string() on:click=confirm>
                    {move || if busy.get() { t_string!(i18n, server_delete_busy).to_string() } else { t_string!(i18n, server_delete_confirm).to_string() }}
                </button>
            </div>
        </Modal>
    }
}
