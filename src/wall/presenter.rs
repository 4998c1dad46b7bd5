//! The projector as a presenter screen: the board's title (the page's `h1`) across the top
//! (the step bar under it shows the step running now), the join panel beside the wall when the facilitator shows it,
//! and on the facilitator's own projector view the few controls it needs (join panel,
//! fullscreen, leave). The projector link follows "Alle hierher holen" and refits per step.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::join_panel::JoinPanel;
use super::state::WallUi;
use crate::i18n::*;
use crate::sync::{BoardCtx, SyncStatus};

/// Everything the projector view adds to the board page; nothing outside it. `board` and
/// `token`: for the join panel, on a board that lives on a server.
#[component]
pub fn Presenter(board: String, token: Option<String>) -> impl IntoView {
    let ui = expect_context::<WallUi>();
    let on_server = token.is_some();
    let panel = token.map(|token| {
        view! {
            <Show when=move || ui.projector.get()>
                <JoinPanel board=board.clone() token=token.clone()/>
            </Show>
        }
    });
    view! {
        <Show when=move || ui.projector.get()>
            <PresenterHead/>
        </Show>
        {panel}
        <Show when=move || ui.projector.get() && !ui.read_only>
            <PresenterControls on_server/>
        </Show>
    }
}

/// The title, in type that reads from the back of the room; the step bar under it shows
/// the step running now (large on the projector, see style/projector.css).
#[component]
fn PresenterHead() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let title = Memo::new(move |_| ctx.track(|b| b.title()));
    view! {
        <div class="presenter-head">
            <h1 class="presenter-title">{move || title.get()}</h1>
        </div>
    }
}

/// Whether the page is shown full screen now.
fn is_fullscreen() -> bool {
    document().fullscreen_element().is_some()
}

/// The facilitator's controls on the projector view: the join panel, fullscreen, leave.
#[component]
fn PresenterControls(on_server: bool) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let shown = Memo::new(move |_| ctx.track(|b| b.join_panel()));
    let fullscreen = RwSignal::new(is_fullscreen());
    // Esc leaves fullscreen without the button: follow the document.
    let on_change = Closure::<dyn Fn()>::new(move || {
        let _ = fullscreen.try_set(is_fullscreen());
    });
    let _ = document()
        .add_event_listener_with_callback("fullscreenchange", on_change.as_ref().unchecked_ref());
    let on_change = send_wrapper::SendWrapper::new(on_change);
    on_cleanup(move || {
        let _ = document().remove_event_listener_with_callback(
            "fullscreenchange",
            on_change.as_ref().unchecked_ref(),
        );
    });
    let toggle_fullscreen = move |_| {
        if is_fullscreen() {
            document().exit_fullscreen();
        } else if let Some(root) = document().document_element() {
            // A promise that the browser may refuse (no permission): the button stays as is.
            let _ = root.request_fullscreen();
        }
    };
    let toggle_join = move |_| {
        let show = !shown.get_untracked();
        if let Err(e) = ctx.try_edit(|b| b.set_join_panel(show)) {
            ui.complain(super::messages::board_error_text(i18n, &e));
        }
    };
    let leave = move |_| {
        if is_fullscreen() {
            document().exit_fullscreen();
        }
        ui.projector.set(false);
    };
    view! {
        <div class="presenter-controls" role="group" aria-label=t!(i18n, presenter_controls)>
            <Show when=move || on_server && ctx.sync.get() != SyncStatus::LocalOnly>
                <button type="button" class="button" aria-pressed=move || shown.get().to_string()
                    title=t!(i18n, join_panel_toggle_long) on:click=toggle_join>{t!(i18n, join_panel_toggle)}</button>
            </Show>
            <button type="button" class="button" aria-pressed=move || fullscreen.get().to_string() on:click=toggle_fullscreen>
                {move || if fullscreen.get() { t_string!(i18n, fullscreen_exit) } else { t_string!(i18n, fullscreen) }}
            </button>
            <button type="button" class="button leave-projector" on:click=leave>{t!(i18n, leave_projector)}</button>
        </div>
    }
}

/// For the projector link: follows "Alle hierher holen" (the facilitator's latest summons
/// shows its part of the wall and holds it), and fits the wall again when a new step starts
/// (unless the step runs a region, which the step follower shows).
pub fn follow_on_projector(ctx: BoardCtx, ui: WallUi) {
    crate::flow::follow_summons(ctx, ui, || {});
    let step = Memo::new(move |_| ctx.track(|b| b.current_step().map(|s| s.id)));
    Effect::new(move |seen: Option<Option<String>>| {
        let id = step.get();
        if seen.is_some_and(|seen| seen != id) && ctx.read(|b| b.current_region()).is_none() {
            ui.auto_fit.set_value(true);
            ui.fit_all();
        }
        id
    });
}
