//! What a device sees when its board is deleted on the server while it is open (close 4410,
//! `SyncStatus::Deleted`): a clear message instead of a wall that silently stopped syncing,
//! and the board removed from this browser too, as a link to it now leads nowhere.

use std::cell::RefCell;

use leptos::prelude::*;

use crate::i18n::*;
use crate::route::Route;
use crate::storage::boards;
use crate::sync::{BoardCtx, SyncStatus};

thread_local! {
    /// The board this tab is deleting itself (the facilitator's own deletion): its page goes
    /// to the board list with a notice, not to this message.
    static DELETING: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Notes that this tab deletes board `id` itself (or, with `None`, no longer does).
pub fn mark_deleting(id: Option<String>) {
    DELETING.with(|d| *d.borrow_mut() = id);
}

fn deleting_here(id: Option<&str>) -> bool {
    DELETING.with(|d| d.borrow().as_deref().is_some_and(|here| Some(here) == id))
}

/// The message, over the wall, once the server said the board was deleted.
#[component]
pub fn BoardGone() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let gone = Memo::new(move |_| {
        ctx.sync.get() == SyncStatus::Deleted && !deleting_here(ctx.id().as_deref())
    });
    Effect::new(move |_| {
        if !gone.get() {
            return;
        }
        let Some(id) = ctx.id() else { return };
        leptos::task::spawn_local(async move {
            if let Err(e) = boards::delete(&id).await {
                leptos::logging::warn!("kartenwand: could not forget the deleted board: {e}");
            }
        });
    });
    move || {
        gone.get().then(|| {
            view! {
                <div class="board-gone" role="alert" aria-labelledby="board-gone-heading">
                    <h2 id="board-gone-heading">{t!(i18n, board_gone_heading)}</h2>
                    <p>{t!(i18n, board_gone_text)}</p>
                    <a class="button button--primary" href=Route::Boards.path()>{t!(i18n, back_to_boards)}</a>
                </div>
            }
        })
    }
}
