//! One board in the list: open it, rename it in place, delete it after confirmation.

use leptos::prelude::*;

use super::background_sync::BoardSyncs;
use super::sync_note::SyncNote;
use crate::dialog::ConfirmDialog;
use crate::i18n::*;
use crate::route::{use_navigate, Route};
use crate::storage::{boards, BoardEntry};
use crate::wall::messages::boards_error_text;

/// A row of the board list.
#[component]
pub fn BoardRow(
    entry: BoardEntry,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let BoardEntry {
        id,
        title,
        cards,
        updated,
        unsynced,
        ..
    } = entry;
    let note_id = id.clone();
    let renaming = RwSignal::new(false);
    let confirm_open = RwSignal::new(false);
    let draft = RwSignal::new(title.clone());
    let error = RwSignal::new(None::<String>);
    let when = js_sys::Date::new(&updated.into())
        .to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED);
    let when = String::from(when);

    let (id_open, id_rename, id_delete) = (id.clone(), id.clone(), id.clone());
    let href = Route::Board(id.clone()).path();
    let open = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        navigate(Route::Board(id_open.clone()));
    };
    let syncs = use_context::<BoardSyncs>();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = id_rename.clone();
        let title = draft.get_untracked();
        // A board kept in step in the background is renamed through its open document, so
        // the change is stored, goes to the server, and no copy writes the old title back.
        let open = syncs.as_ref().and_then(|s| s.open(&id));
        leptos::task::spawn_local(async move {
            let result = match open {
                Some(ctx) => ctx.rename(&title).await,
                None => boards::rename(&id, &title).await,
            };
            match result {
                Ok(()) => {
                    renaming.try_set(false);
                    on_change();
                }
                Err(e) => {
                    error.try_set(Some(boards_error_text(i18n, &e)));
                }
            }
        });
    };
    let delete = move || {
        let id = id_delete.clone();
        leptos::task::spawn_local(async move {
            if let Err(e) = boards::delete(&id).await {
                error.try_set(Some(e.to_string()));
            }
            on_change();
        });
    };
    let t1 = title.clone();
    let t2 = title.clone();
    view! {
        <li class="board-row">
            <Show
                when=move || renaming.get()
                fallback=move || {
                    let t = t1.clone();
                    let t_r = t.clone();
                    let t_d = t.clone();
                    let open = open.clone();
                    let when = when.clone();
                    view! {
                        <a class="board-link" href=href.clone() on:click=open>{t.clone()}</a>
                        <span class="muted board-stats">{move || t_count!(i18n, board_stats, cards, when = when.clone())}</span>
                        <SyncNote id=note_id.clone() unsynced/>
                        <div class="row-actions">
                            <button type="button" class="button" aria-label=move || t_string!(i18n, rename_board, title = t_r.clone()).to_string()
                                on:click=move |_| renaming.set(true)>
                                {t!(i18n, rename)}
                            </button>
                            <button type="button" class="button button--danger" aria-label=move || t_string!(i18n, delete_board, title = t_d.clone()).to_string()
                                on:click=move |_| confirm_open.set(true)>
                                {t!(i18n, delete_card)}
                            </button>
                        </div>
                    }
                }
            >
                <form class="inline-form" on:submit=save.clone()>
                    <label class="field">
                        <span>{t!(i18n, board_title_label)}</span>
                        <input type="text" maxlength="200" required bind:value=draft autofocus/>
                    </label>
                    <button type="submit" class="button button--primary">{t!(i18n, save)}</button>
                    <button type="button" class="button" on:click=move |_| renaming.set(false)>{t!(i18n, cancel)}</button>
                </form>
            </Show>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <ConfirmDialog
                open=confirm_open
                question=Signal::derive(move || t_string!(i18n, delete_board_question, title = t2.clone()).to_string())
                detail=text_signal(i18n, |s| s.delete_board_detail)
                confirm=text_signal(i18n, |s| s.confirm_delete)
                cancel=text_signal(i18n, |s| s.cancel)
                on_confirm=delete
            />
        </li>
    }
}
