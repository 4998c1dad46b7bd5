//! The wall's toolbar: add card or cluster, undo and redo, wall or list view, and the
//! facilitator's tools (among them saving a template and duplicating the board);
//! [`Controls`] says which of them this device's role shows.

use leptos::prelude::*;

use super::board_file::BoardFileDialog;
use super::board_menu::{BoardMenu, MenuEntry};
use super::composer::{AddCardDialog, AddClusterDialog};
use super::controls::{Controls, Sharing};
use super::duplicate::DuplicateDialog;
use super::server_delete;
use super::share::{ShareDialog, ShareTarget};
use super::state::{Notice, ViewMode, WallUi};
use crate::export::{DocumentationDialog, PhotoDialog};
use crate::i18n::*;
use crate::sync::{BoardCtx, Summon, SyncStatus};
use crate::voting::VotingCtx;

/// The toolbar above the wall. `controls`: what this device's role shows; `share`: what the
/// share dialog needs, for a holder of the facilitator token of a board on the server.
#[component]
pub fn Toolbar(controls: Controls, share: Option<ShareTarget>) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let can_undo = Memo::new(move |_| ctx.track(|b| b.can_undo()));
    let can_redo = Memo::new(move |_| ctx.track(|b| b.can_redo()));
    let card_open = RwSignal::new(false);
    let cluster_open = RwSignal::new(false);
    let share_open = RwSignal::new(false);
    let docs_open = RwSignal::new(false);
    let photo_open = RwSignal::new(false);
    let file_open = RwSignal::new(false);
    let duplicate_open = RwSignal::new(false);
    let delete_open = RwSignal::new(false);
    let facts_editor = use_context::<super::facts::FactsEditor>();
    // Inviting needs the facilitator token; without it, nothing to share from here.
    let sharing = match controls.sharing {
        Sharing::Invite if share.is_none() => Sharing::Hidden,
        sharing => sharing,
    };
    let enter_projector = move || {
        ui.mode.set(ViewMode::Wall);
        ui.selected.set(None);
        ui.projector.set(true);
        ui.auto_fit.set_value(true);
        // Fit once the chrome is gone and the wall has its new size.
        request_animation_frame(move || request_animation_frame(move || ui.fit_all()));
    };
    // The board's tools, in its menu; a participant gets none of them, only "Name ändern".
    let mut entries = Vec::new();
    match sharing {
        Sharing::Publish => entries.push(publish_entry(ctx, ui, i18n)),
        Sharing::Invite => entries.push(MenuEntry {
            label: Signal::derive(move || t_string!(i18n, share).to_string()),
            long: None,
            title: None,
            disabled: Signal::stored(false),
            action: Callback::new(move |()| share_open.set(true)),
        }),
        Sharing::Hidden => {}
    }
    if controls.file {
        entries.push(MenuEntry {
            label: Signal::derive(move || t_string!(i18n, file_menu).to_string()),
            long: Some(Signal::derive(move || {
                t_string!(i18n, file_menu_long).to_string()
            })),
            title: None,
            disabled: Signal::stored(false),
            action: Callback::new(move |()| file_open.set(true)),
        });
    }
    let voting = use_context::<VotingCtx>().filter(|v| v.facilitator);
    if voting.is_some() {
        entries.push(MenuEntry {
            label: Signal::derive(move || t_string!(i18n, documentation).to_string()),
            long: None,
            title: None,
            disabled: Signal::stored(false),
            action: Callback::new(move |()| docs_open.set(true)),
        });
        entries.push(MenuEntry {
            label: Signal::derive(move || t_string!(i18n, photo_record).to_string()),
            long: None,
            title: None,
            disabled: Signal::stored(false),
            action: Callback::new(move |()| photo_open.set(true)),
        });
    }
    // The facilitator's copies of the board: its design as a template, or all of it.
    let copies = ui.facilitator && !ui.read_only;
    if copies {
        entries.push(MenuEntry {
            label: Signal::derive(move || t_string!(i18n, template_save).to_string()),
            long: None,
            title: Some(Signal::derive(move || {
                t_string!(i18n, template_save_help).to_string()
            })),
            disabled: Signal::stored(false),
            action: Callback::new(move |()| {
                if ctx.read(crate::export::template::save_template).is_err() {
                    ui.complain(t_string!(i18n, template_save_failed).to_string());
                }
            }),
        });
        if let Some(target) = share.clone() {
            entries.push(super::keep_template::keep_template_entry(
                ctx, ui, i18n, target,
            ));
        }
        // A facts table for the wall (and the documentation), typed or pasted.
        entries.push(MenuEntry {
            label: Signal::derive(move || t_string!(i18n, facts_add_heading).to_string()),
            long: None,
            title: None,
            disabled: Signal::stored(false),
            action: Callback::new(move |()| {
                if let Some(e) = facts_editor {
                    e.start(None);
                }
            }),
        });
        entries.push(MenuEntry {
            label: Signal::derive(move || t_string!(i18n, duplicate_board).to_string()),
            long: None,
            title: None,
            disabled: Signal::stored(false),
            action: Callback::new(move |()| duplicate_open.set(true)),
        });
    }
    // Everyone who writes on the board can change the name the others see.
    entries.push(MenuEntry {
        label: Signal::derive(move || t_string!(i18n, name_change).to_string()),
        long: None,
        title: None,
        disabled: Signal::stored(false),
        action: Callback::new(move |()| ui.naming.set(true)),
    });
    if controls.projector {
        entries.push(MenuEntry {
            label: Signal::derive(move || t_string!(i18n, projector_view).to_string()),
            long: None,
            title: None,
            disabled: Signal::stored(false),
            action: Callback::new(move |()| enter_projector()),
        });
    }
    // Last, apart from the rest: deleting the board on the server, for a holder of its
    // facilitator token.
    let delete_target = share.clone();
    if delete_target.is_some() {
        entries.push(MenuEntry {
            label: Signal::derive(move || t_string!(i18n, server_delete).to_string()),
            long: None,
            title: None,
            disabled: Signal::stored(false),
            action: Callback::new(move |()| delete_open.set(true)),
        });
    }
    // One button of the day's views: pressed while its view is open; pressing it again goes
    // back to the wall.
    let day_view = move |mode: ViewMode, text: String| {
        view! {
            <button type="button" class="button segment" aria-pressed=move || (ui.mode.get() == mode).to_string()
                on:click=move |_| ui.toggle(mode)>
                {text}
            </button>
        }
    };
    view! {
        <div id="toolbar" class="toolbar" role="toolbar" aria-label=t!(i18n, wall_toolbar) hidden=ui.read_only>
            <div class="tool-group tool-group--wall" role="group" aria-label=t!(i18n, wall_tools)>
                <button type="button" class="button button--primary" aria-label=t!(i18n, add_card_long)
                    on:click=move |_| card_open.set(true)>
                    <span aria-hidden="true">"+ "</span>{t!(i18n, add_card)}
                </button>
                <Show when=move || ui.may(board::Right::Fields)>
                    <button type="button" class="button" aria-label=t!(i18n, add_cluster_long)
                        on:click=move |_| cluster_open.set(true)>
                        <span aria-hidden="true">"+ "</span>{t!(i18n, add_cluster)}
                    </button>
                </Show>
                <Show when=move || ui.facilitator>
                    <button type="button" class="button" aria-label=t!(i18n, region_add_label) title=t!(i18n, region_add_label)
                        on:click=move |_| add_region(ctx, ui, i18n)>
                        <span aria-hidden="true">"+ "</span>{t!(i18n, region_add)}
                    </button>
                    <button type="button" class="button" title=t!(i18n, fields_arrange_help)
                        disabled=move || ui.snapshot.with(|s| s.clusters.len() < 2)
                        on:click=move |_| super::arrange::arrange_fields(ctx, ui, i18n)>
                        {t!(i18n, fields_arrange)}
                    </button>
                </Show>
                <button type="button" class="button icon" aria-label=t!(i18n, undo) title=t!(i18n, undo)
                    disabled=move || !can_undo.get() on:click=move |_| { ctx.edit(|b| b.undo()); }>"↶"</button>
                <button type="button" class="button icon" aria-label=t!(i18n, redo) title=t!(i18n, redo)
                    disabled=move || !can_redo.get() on:click=move |_| { ctx.edit(|b| b.redo()); }>"↷"</button>
                <button type="button" class="button" aria-pressed=move || (ui.mode.get() == ViewMode::List).to_string() aria-label=t!(i18n, view_list)
                    on:click=move |_| ui.toggle(ViewMode::List)>
                    <span aria-hidden="true">{t!(i18n, view_list_short)}</span>
                </button>
                <super::search::SearchToggle/>
            </div>
            <div class="tool-group tool-group--day">
                <div class="segmented" role="group" aria-label=t!(i18n, day_views)>
                    <button type="button" class="button segment" aria-pressed=move || (ui.mode.get() == ViewMode::Wall).to_string()
                        on:click=move |_| ui.mode.set(ui.wall_mode())>
                        {t!(i18n, wall_mode_button)}
                    </button>
                    {day_view(ViewMode::Agenda, t_string!(i18n, agenda).to_string())}
                    {day_view(ViewMode::Positioning, t_string!(i18n, positioning).to_string())}
                    {day_view(ViewMode::Work, t_string!(i18n, work).to_string())}
                </div>
                {voting.map(|v| view! {
                    <button type="button" class="button" aria-haspopup="dialog" on:click=move |_| v.manage_open.set(true)>{t!(i18n, voting)}</button>
                })}
            </div>
            <div class="tool-group tool-group--end">
                <BoardMenu entries/>
            </div>
        </div>
        {share.filter(|_| sharing == Sharing::Invite).map(|target| view! { <ShareDialog open=share_open target/> })}
        <AddCardDialog open=card_open/>
        <DocumentationDialog open=docs_open/>
        {voting.is_some().then(|| view! { <PhotoDialog open=photo_open/> })}
        {controls.file.then(|| view! { <BoardFileDialog open=file_open/> })}
        {copies.then(|| view! { <DuplicateDialog open=duplicate_open/> })}
        <AddClusterDialog open=cluster_open/>
        {delete_target.map(|target| view! { <server_delete::ServerDeleteDialog open=delete_open target/> })}
    }
}

/// Lays out a new region over the middle of what the facilitator sees, and opens its name
/// for editing.
fn add_region(ctx: BoardCtx, ui: WallUi, i18n: I18n) {
    let view = ui.visible();
    let (w, h) = (
        (view.w * 0.6).clamp(board::MIN_REGION_SIZE, 1200.0),
        (view.h * 0.6).clamp(board::MIN_REGION_SIZE, 800.0),
    );
    let (x, y) = (
        (view.x + (view.w - w) / 2.0).round(),
        (view.y + (view.h - h) / 2.0).round(),
    );
    let n = ui.snapshot.with_untracked(|s| s.regions.len()) + 1;
    let title = t_string!(i18n, region_default_title, n = n).to_string();
    match ctx.edit(|b| b.add_region(&title, x, y, w.round(), h.round())) {
        Ok(id) => {
            ui.mode.set(ViewMode::Wall);
            ui.renaming.set(Some(id));
        }
        Err(e) => ui.complain(super::messages::board_error_text(i18n, &e)),
    }
}

/// For a board only in this browser (never on a server, no token): "Teilen" puts it on the
/// server that serves the app, so it can be shared. The board moves to the id the server
/// gives it; its page opens there and uploads. Never offered for a board already on a
/// server: that would fork the room's board.
fn publish_entry(ctx: BoardCtx, ui: WallUi, i18n: I18n) -> MenuEntry {
    let navigate = crate::route::use_navigate();
    let busy = RwSignal::new(false);
    let publish = move |()| {
        let Some(local) = ctx.id() else { return };
        ctx.save_now();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let (title, open_v2) = ctx.read(|b| (b.title(), b.snapshot()));
            let result = match crate::sync::api::create_board(&title).await {
                Ok(remote) => {
                    let invites = crate::storage::Invites {
                        participant: remote.participant_token,
                        viewer: remote.viewer_token,
                    };
                    crate::storage::boards::publish(
                        &local,
                        &remote.id,
                        remote.facilitator_token,
                        invites,
                        &open_v2,
                    )
                    .await
                    .map(|()| remote.id)
                    .map_err(|e| super::messages::boards_error_text(i18n, &e))
                }
                Err(_) => Err(t_string!(i18n, publish_unreachable).to_string()),
            };
            let _ = busy.try_set(false);
            match result {
                Ok(id) => navigate(crate::route::Route::Board(id)),
                Err(text) => ui.complain(text),
            }
        });
    };
    MenuEntry {
        label: Signal::derive(move || t_string!(i18n, publish).to_string()),
        long: None,
        title: Some(Signal::derive(move || {
            t_string!(i18n, publish_help).to_string()
        })),
        disabled: busy.into(),
        action: Callback::new(publish),
    }
}

/// Zoom out, the zoom level, zoom in and "fit all", floating over the wall's corner.
#[component]
pub fn ZoomControls() -> impl IntoView {
    let i18n = use_i18n();
    let ui = expect_context::<WallUi>();
    let zoom_by = move |factor: f64| {
        ui.auto_fit.set_value(false);
        let (w, h) = ui.screen.get_untracked();
        ui.viewport
            .update(|v| *v = v.zoom_at(factor, w / 2.0, h / 2.0));
    };
    let percent = move || (ui.viewport.get().zoom * 100.0).round() as i64;
    let ctx = expect_context::<BoardCtx>();
    let summon = move |_| {
        let seen = ui.visible();
        ctx.summon(Summon {
            at: js_sys::Date::now(),
            x: seen.x,
            y: seen.y,
            w: seen.w,
            h: seen.h,
        });
        ui.notice.set(Some(Notice {
            text: t_string!(i18n, summon_sent).to_string(),
            undo: false,
            error: false,
        }));
    };
    view! {
        // Presses here must not start panning the wall underneath.
        <div class="zoom-controls" role="group" aria-label=t!(i18n, zoom) on:pointerdown=|ev| ev.stop_propagation()>
            // First: growing the group leftwards keeps "fit all" at the corner, clear of the
            // card's action bar.
            <Show when=move || ui.facilitator && !ui.read_only && ctx.sync.get() != SyncStatus::LocalOnly>
                <button type="button" class="button" title=t!(i18n, summon_label) on:click=summon>{t!(i18n, summon)}</button>
            </Show>
            <button type="button" class="button icon" aria-label=t!(i18n, zoom_out) title=t!(i18n, zoom_out)
                on:click=move |_| zoom_by(1.0 / 1.25)>"−"</button>
            <span class="zoom-level" role="status">
                <span class="visually-hidden">{move || t_string!(i18n, zoom_level, percent = percent()).to_string()}</span>
                <span aria-hidden="true">{move || format!("{} %", percent())}</span>
            </span>
            <button type="button" class="button icon" aria-label=t!(i18n, zoom_in) title=t!(i18n, zoom_in)
                on:click=move |_| zoom_by(1.25)>"+"</button>
            <button type="button" class="button" on:click=move |_| { ui.auto_fit.set_value(false); ui.fit_all(); }>{t!(i18n, fit_all)}</button>
        </div>
    }
}

/// On a participant's phone showing the wall: the way back to the phone home, at the top
/// left of the wall.
#[component]
pub fn BackHome() -> impl IntoView {
    let i18n = use_i18n();
    let ui = expect_context::<WallUi>();
    view! {
        <Show when=move || ui.phone_home()>
            <button type="button" class="button back-home" on:pointerdown=|ev| ev.stop_propagation()
                on:click=move |_| { ui.selected.set(None); ui.mode.set(ViewMode::Home); }>
                <span aria-hidden="true">"← "</span>{t!(i18n, back_home)}
            </button>
        </Show>
    }
}
