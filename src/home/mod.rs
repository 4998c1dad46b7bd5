//! The start page: joining a board by its code, the boards stored in this browser, a form to
//! create one (empty or from a template), and opening a board from a file; and the `/j`
//! page, which only joins.

mod background_sync;
mod board_row;
mod create_form;
pub(crate) mod flash;
mod frame;
mod join_form;
mod join_page;
mod open_file;
mod storage_note;
mod sync_note;
mod template_form;

use leptos::prelude::*;

use crate::i18n::*;
use crate::storage::BoardIndex;
use board_row::BoardRow;
use create_form::CreateForm;
use frame::HomeFrame;
use join_form::JoinForm;
pub use join_page::JoinPage;
use open_file::OpenFile;
use storage_note::StorageNote;
use template_form::TemplateForm;

/// Lists the boards in this browser and creates new ones.
#[component]
pub fn BoardsPage() -> impl IntoView {
    let i18n = use_i18n();
    // Re-read after a rename or delete; the index is small.
    let index = RwSignal::new(BoardIndex::load());
    let refresh = move || index.set(BoardIndex::load());
    let syncs = background_sync::sync_stored_boards();
    // A board that finished syncing may have a new title or card count.
    let done: Vec<_> = syncs.0.values().map(|(status, _)| *status).collect();
    Effect::new(move |_| {
        let stored = done
            .iter()
            .filter(|s| matches!(s.get(), crate::sync::SyncStatus::Online { stored: true }))
            .count();
        if stored > 0 {
            index.set(BoardIndex::load());
        }
    });
    provide_context(syncs);
    // A browser that holds boards is a facilitator's: their boards come first. Decided once,
    // so that the page does not rearrange itself when the last board is deleted.
    let returning = index.with_untracked(|i| !i.boards.is_empty());
    let list = move || {
        view! {
            <section class="board-list" aria-labelledby="boards-heading">
                <h2 id="boards-heading">{t!(i18n, boards_heading)}</h2>
                <p class="muted">{t!(i18n, boards_intro)}</p>
                <Show
                    when=move || index.with(|i| !i.boards.is_empty())
                    fallback=move || view! { <p class="empty">{t!(i18n, boards_empty)}</p> }
                >
                    <ul class="boards">
                        <For
                            each=move || index.get().boards
                            key=|b| (b.id.clone(), b.title.clone(), b.cards, b.updated.to_bits())
                            children=move |entry| view! { <BoardRow entry on_change=refresh/> }
                        />
                    </ul>
                </Show>
            </section>
        }
    };
    view! {
        <HomeFrame>
            <flash::FlashNotice/>
            {returning.then(list)}
            <JoinForm/>
            <CreateForm/>
            <TemplateForm/>
            <OpenFile on_change=refresh/>
            {(!returning).then(list)}
            <StorageNote/>
        </HomeFrame>
    }
}
