//! The "file" dialog of a board: save the board as a `.kartenwand` file, and read such a
//! file into it (a merge: both sides' cards stay). A file of another board can be opened as
//! a board of its own instead. Reading into a board on a server is the facilitator's: the
//! server would refuse others' ballots and names from a participant's connection.

use board::board_file::{self, BoardFile};
use leptos::prelude::*;

use super::state::{Notice, WallUi};
use crate::dialog::Modal;
use crate::export::board_file::{
    cards_text, import_error_text, keep_in_browser, read_file, save_board_file, take_chosen,
    ImportError,
};
use crate::i18n::*;
use crate::route::{use_navigate, use_route, Route};
use crate::sync::BoardCtx;
use crate::voting::VotingCtx;

/// The dialog; `open` shows it.
#[component]
pub fn BoardFileDialog(open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let route = use_route();
    let navigate = use_navigate();
    let may_import = !ui.read_only && use_context::<VotingCtx>().is_some_and(|v| v.facilitator);
    let error = RwSignal::new(None::<String>);
    // A file of another board, waiting for "open as a board of its own".
    let other = RwSignal::new(None::<BoardFile>);
    let busy = RwSignal::new(false);
    let board_id = move || match route.get_untracked() {
        Route::Board(id) => id,
        Route::Boards | Route::Join | Route::JoinCode(_) => String::new(),
    };
    // Each opening starts clean.
    Effect::new(move |_| {
        if open.get() {
            error.set(None);
            other.set(None);
        }
    });

    let save = move |_| {
        if ctx.read(|b| save_board_file(&board_id(), b)).is_err() {
            error.set(Some(t_string!(i18n, file_save_failed).to_string()));
        }
    };
    let import = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        let Some(chosen) = take_chosen(&input) else {
            return;
        };
        error.set(None);
        other.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let read = read_file(chosen).await;
            busy.try_set(false);
            let decoded =
                read.and_then(|bytes| board_file::decode(&bytes).map_err(ImportError::from));
            let file = match decoded {
                Ok(file) => file,
                Err(e) => {
                    error.try_set(Some(import_error_text(i18n, &e)));
                    return;
                }
            };
            let id = board_id();
            if file.id != id {
                let text = t_string!(i18n, file_other_board, title = file.title.clone());
                error.try_set(Some(text));
                other.try_set(Some(file));
                return;
            }
            match ctx.merge_in(|b| file.merge_into(&id, b)) {
                Ok(()) => {
                    let cards = ctx.read(|b| b.card_count());
                    open.set(false);
                    let text = t_string!(i18n, file_imported, cards = cards_text(i18n, cards));
                    ui.notice.set(Some(Notice {
                        text,
                        undo: false,
                        error: false,
                    }));
                }
                Err(e) => {
                    error.try_set(Some(import_error_text(i18n, &ImportError::from(e))));
                }
            }
        });
    };
    let open_other = move |_| {
        let Some(file) = other.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match keep_in_browser(&file).await {
                Ok(kept) => {
                    open.try_set(false);
                    navigate(Route::Board(kept.id));
                }
                Err(e) => {
                    error.try_set(Some(import_error_text(i18n, &e)));
                }
            }
        });
    };

    view! {
        <Modal open label=text_signal(i18n, |s| s.file_heading)>
            <p>{t!(i18n, file_help)}</p>
            <div class="file-actions">
                <button type="button" class="button button--primary" on:click=save>{t!(i18n, file_save)}</button>
                {may_import.then(|| view! {
                    <label class="button file-button" class:file-button--busy=move || busy.get()>
                        {t!(i18n, file_import)}
                        <input type="file" accept=".kartenwand" class="visually-hidden" on:change=import/>
                    </label>
                })}
            </div>
            {(!may_import).then(|| view! { <p class="muted">{t!(i18n, file_import_facilitator)}</p> })}
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <Show when=move || other.with(Option::is_some)>
                <button type="button" class="button" on:click=open_other>{t!(i18n, file_open_as_own)}</button>
            </Show>
            <div class="modal-actions">
                <button type="button" class="button" on:click=move |_| open.set(false)>{t!(i18n, close)}</button>
            </div>
        </Modal>
    }
}
