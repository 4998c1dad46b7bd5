//! Messages to the user: the notice bar (with undo after a delete) and the storage warning.

use leptos::prelude::*;

use super::board_gone;
use super::messages::storage_error_text;
use super::state::WallUi;
use crate::i18n::*;
use crate::sync::{BoardCtx, SaveStatus};

/// The latest notice, announced politely (errors assertively), with "undo" where it helps.
#[component]
pub fn NoticeBar() -> impl IntoView {
    let i18n = use_i18n();
    let ui = expect_context::<WallUi>();
    let ctx = expect_context::<BoardCtx>();
    view! {
        <div class="notice-region" aria-live="polite">
            {move || ui.notice.get().map(|n| view! {
                <div class="notice" class:notice--error=n.error role=if n.error { "alert" } else { "status" }>
                    <span>{n.text.clone()}</span>
                    {n.undo.then(|| view! {
                        <button type="button" class="button" on:click=move |_| { ctx.edit(|b| b.undo()); ui.notice.set(None); }>
                            {t!(i18n, undo)}
                        </button>
                    })}
                    <button type="button" class="button button--ghost" aria-label=t!(i18n, dismiss)
                        on:click=move |_| ui.notice.set(None)>"✕"</button>
                </div>
            })}
        </div>
        <board_gone::BoardGone/>
    }
}

/// Shown while saving to this browser fails (full quota): what is stored stays stored.
#[component]
pub fn StorageWarning() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let status = ctx.save_status();
    move || match status.get() {
        SaveStatus::Failed(e) => Some(
            view! { <p class="storage-warning" role="alert">{storage_error_text(i18n, &e)}</p> },
        ),
        _ => None,
    }
}
