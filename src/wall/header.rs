//! The board's title bar: back to the list, the title (renamable), save state, language.

use leptos::prelude::*;

use super::messages::board_error_text;
use super::presence::{PresenceBar, SyncBadge};
use super::state::WallUi;
use crate::app::LanguageSwitch;
use crate::i18n::*;
use crate::route::{use_navigate, Route};
use crate::sync::{BoardCtx, SaveStatus};

/// Title bar of the board page.
#[component]
pub fn WallHeader() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let navigate = use_navigate();
    let title = Memo::new(move |_| ctx.track(|b| b.title()));
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let status = ctx.save_status();
    // The title is the facilitator's (the server refuses it from anyone else).
    let may_rename = use_context::<crate::voting::VotingCtx>().is_some_and(|v| v.facilitator);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match ctx.try_edit(|b| b.set_title(&draft.get_untracked())) {
            Ok(()) => editing.set(false),
            Err(e) => ui.complain(board_error_text(i18n, &e)),
        }
    };
    view! {
        <header class="wall-header">
            <a class="button button--ghost back" href="/" aria-label=t!(i18n, back_to_boards) on:click=move |ev| { ev.prevent_default(); navigate(Route::Boards); }>
                <span aria-hidden="true">"←"</span>
                <span class="label-wide" aria-hidden="true">{t!(i18n, back_to_boards)}</span>
            </a>
            <Show
                when=move || editing.get()
                fallback=move || view! {
                    <h1 class="wall-title">
                        <button type="button" class="title-button" title=t!(i18n, rename_wall) disabled=!may_rename
                            on:click=move |_| { draft.set(title.get_untracked()); editing.set(true); }>
                            {move || title.get()}
                        </button>
                    </h1>
                }
            >
                <form class="inline-form title-form" on:submit=save>
                    <label class="field">
                        <span class="visually-hidden">{t!(i18n, board_title_label)}</span>
                        <input type="text" maxlength="200" bind:value=draft autofocus
                            on:keydown=move |ev| if ev.key() == "Escape" { editing.set(false) }/>
                    </label>
                    <button type="submit" class="button button--primary">{t!(i18n, save)}</button>
                </form>
            </Show>
            <span class="save-state" aria-live="polite">
                {move || matches!(status.get(), SaveStatus::Saved).then(|| t_string!(i18n, saved))}
            </span>
            <PresenceBar/>
            <SyncBadge/>
            <LanguageSwitch/>
        </header>
    }
}
