//! The board page: the wall with its cards and clusters, the toolbar, and the dialogs.
//! Components here render what the document says and call `Board` operations; local
//! screen state (view, selection, drag) lives in [`state::WallUi`].

mod canvas;
mod card;
mod card_actions;
mod cluster;
mod composer;
mod drag;
mod header;
mod keyboard;
pub mod layout;
pub mod messages;
mod notice;
mod outline;
mod state;
mod toolbar;
pub mod viewport;

use leptos::prelude::*;

use crate::i18n::*;
use crate::route::Route;
use crate::storage::boards;
use crate::sync::BoardCtx;
use canvas::Canvas;
use card_actions::CardActions;
use header::WallHeader;
use messages::boards_error_text;
use notice::{NoticeBar, StorageWarning};
use outline::Outline;
use state::{ViewMode, WallUi};
use toolbar::Toolbar;

/// Opens a board from this browser's storage and shows it.
#[component]
pub fn WallPage(id: String) -> impl IntoView {
    let i18n = use_i18n();
    match boards::open(&id) {
        Ok(board) => {
            crate::mark("kartenwand:board-open");
            let ctx = BoardCtx::new(id, board);
            provide_context(ctx);
            let ui = WallUi::new(ctx);
            provide_context(ui);
            keyboard::install_shortcuts(ctx, ui);
            // Leaving the page saves at once rather than after the debounce.
            on_cleanup(move || ctx.save_now());
            view! {
                <div class="wall-page">
                    <WallHeader/>
                    <Toolbar/>
                    <StorageWarning/>
                    {move || match ui.mode.get() {
                        ViewMode::Wall => view! { <Canvas/> }.into_any(),
                        ViewMode::List => view! { <Outline/> }.into_any(),
                    }}
                    <CardActions/>
                    <NoticeBar/>
                </div>
            }
            .into_any()
        }
        Err(e) => {
            let text = boards_error_text(i18n, &e);
            view! {
                <main class="home-main">
                    <p role="alert" class="field-error">{text}</p>
                    <a class="button" href=Route::Boards.path()>{t!(i18n, back_to_boards)}</a>
                </main>
            }
            .into_any()
        }
    }
}
