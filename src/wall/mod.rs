//! The board page: the wall with its cards and clusters, the toolbar, and the dialogs.
//! Components here render what the document says and call `Board` operations; local
//! screen state (view, selection, drag) lives in [`state::WallUi`].

mod board_file;
mod board_menu;
mod canvas;
mod card;
mod card_actions;
mod cluster;
mod composer;
mod controls;
mod drag;
mod field_size;
mod arrange;
mod paste;
mod header;
mod incoming;
mod join_code;
mod join_panel;
mod link_check;
mod keyboard;
pub mod lock_icon;
pub mod layout;
pub mod messages;
mod name_dialog;
mod notice;
mod outline;
mod presence;
mod presenter;
mod region;
mod rights;
mod share;
mod skip_links;
mod state;
mod title_editor;
mod toolbar;
pub mod viewport;

use leptos::prelude::*;

use crate::i18n::*;
use crate::route::Route;
use crate::storage::boards::{self, BoardsError};
use crate::storage::{prefs, BoardIndex};
use crate::sync::api::sync_url;
use board::{Role, TokenChoice};
use crate::sync::{BoardCtx, Peer};
use canvas::Canvas;
use card_actions::CardActions;
use header::WallHeader;
use link_check::{check_link, LinkMessage, LinkState};
use messages::{boards_error_text, link_kept_text};
use name_dialog::NameDialog;
use notice::{NoticeBar, StorageWarning};
use outline::Outline;
pub use composer::ColorPicker;
pub use state::{Notice, ViewMode, WallUi};
use toolbar::Toolbar;
use controls::Controls;
use share::ShareTarget;
use crate::voting::{Results, RoundBar, RoundsDialog, VotingCtx};
use crate::worksheets::WorkPage;
use crate::phone::PhoneHome;
use crate::flow::{follow_the_facilitator, follow_the_summons, AgendaView, PositioningView, StepBar};

/// Takes the token of an invitation link (`#t=…`) out of the address: it is remembered
/// with the board, and the address bar no longer shows it (screens get shared).
fn token_from_address() -> Option<String> {
    let location = window().location();
    let hash = location.hash().ok()?;
    let token = hash.strip_prefix("#t=").filter(|t| !t.is_empty())?;
    let token = String::from(js_sys::decode_uri_component(token).ok()?);
    if let Ok(history) = window().history() {
        let path = location.pathname().unwrap_or_default();
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
    Some(token)
}

/// Opens a board from this browser's storage (or from an invitation) and shows it; a board
/// that lives on the server is kept in step with it. A link whose board this browser never
/// received is checked with the server first ([`link_check`]).
#[component]
pub fn WallPage(id: String) -> impl IntoView {
    // A link never downgrades this device: a facilitator who opens a participant link stays one.
    let link = token_from_address().and_then(|token| match boards::take_link_token(&id, token) {
        Ok(choice) => Some(choice),
        Err(e) => {
            leptos::logging::warn!("kartenwand: could not keep the board's token: {e}");
            None
        }
    });
    let token = BoardIndex::load().get(&id).and_then(|e| e.token.clone());
    // The document comes from IndexedDB, which answers asynchronously.
    let loaded = StoredValue::new_local(None::<Loaded>);
    let ready = RwSignal::new(false);
    let load_id = id.clone();
    leptos::task::spawn_local(async move {
        let result = boards::open_with_keys(&load_id).await;
        loaded.try_set_value(Some(result));
        ready.try_set(true);
    });
    move || {
        if !ready.get() {
            return view! { <p class="muted home-main" role="status">{t!(use_i18n(), board_opening)}</p> }.into_any();
        }
        let Some(result) = loaded.try_update_value(Option::take).flatten() else { return ().into_any() };
        let never_received = matches!(&result, Ok((_, stored)) if stored.is_empty());
        match token.clone().filter(|_| never_received) {
            Some(token) => {
                let state = check_link(id.clone(), token);
                let result = StoredValue::new_local(Some(result));
                let id = id.clone();
                (move || match state.get() {
                    LinkState::Usable => match result.try_update_value(Option::take).flatten() {
                        Some(result) => view! { <BoardView id=id.clone() link result/> }.into_any(),
                        None => ().into_any(),
                    },
                    other => view! { <LinkMessage state=other/> }.into_any(),
                })
                .into_any()
            }
            None => view! { <BoardView id=id.clone() link result/> }.into_any(),
        }
    }
}

/// A board read from storage, with the keys of the entries it was read from.
type Loaded = Result<(board::Board, Vec<f64>), BoardsError>;

/// The board page itself, once it is clear the board can be shown.
#[component]
fn BoardView(id: String, link: Option<TokenChoice>, result: Loaded) -> impl IntoView {
    let i18n = use_i18n();
    let entry = BoardIndex::load().get(&id).cloned();
    let token = entry.as_ref().and_then(|e| e.token.clone());
    match result {
        Ok((board, stored)) => {
            crate::mark("kartenwand:board-open");
            let ctx = BoardCtx::new(id.clone(), board, &stored);
            provide_context(ctx);
            let role = token.as_deref().map(Role::of_token);
            // A board only in this browser has no server roles: its owner runs it.
            let facilitator = matches!(role, Some(Role::Facilitator) | None);
            let ui = WallUi::new(ctx, role == Some(Role::Viewer), facilitator);
            provide_context(ui);
            if let Some(TokenChoice::Keep { held, offered }) = link {
                ui.notice.set(Some(Notice { text: link_kept_text(i18n, held, offered), undo: false, error: false }));
            }
            keyboard::install_shortcuts(ctx, ui);
            paste::install_paste(ctx, ui);
            crate::phone::watch_width(ui);
            // Locked cards and clusters stay movable for the one who locked them.
            ctx.edit(|b| b.set_facilitator(facilitator));
            let voting = VotingCtx::provide(ctx, facilitator, !ui.read_only);
            if !facilitator {
                follow_the_facilitator(ctx, ui, voting);
                if !ui.read_only {
                    follow_the_summons(ctx, ui, i18n);
                } else {
                    presenter::follow_on_projector(ctx, ui);
                }
            }

            let key = prefs::participant_key();
            let participant = key.id();
            let nickname = prefs::nickname();
            let me = RwSignal::new(Peer {
                color: board::CssColor::parse(prefs::participant_color(&participant)),
                id: participant,
                name: nickname.clone().unwrap_or_default(),
                role: match role {
                    Some(Role::Facilitator) => "facilitator",
                    Some(Role::Viewer) => "viewer",
                    _ => "participant",
                }
                .to_string(),
                drag: None,
                summon: None,
            });
            let name_open = RwSignal::new(false);
            if let Some(token) = token.clone() {
                if ui.read_only {
                    me.update(|m| m.name = t_string!(i18n, projector_view).to_string());
                } else if let Some(name) = &nickname {
                    let color = me.with_untracked(|m| m.color.clone());
                    let _ = ctx.edit(|b| b.set_participant(name, color.as_str()));
                } else {
                    name_open.set(true);
                }
                ctx.connect(sync_url(&id, &token, &key), me.get_untracked());
            }
            // Leaving the page: say goodbye to the others and save at once.
            on_cleanup(move || {
                ctx.disconnect();
                ctx.save_now();
            });
            let controls = Controls::for_role(role);
            let presenter_token = token.clone();
            // Any holder of the facilitator token shares, the creator and co-facilitators alike.
            let share = token.filter(|_| role == Some(Role::Facilitator)).map(|facilitator_token| ShareTarget {
                board: id.clone(),
                invites: entry.and_then(|e| e.invites),
                facilitator_token,
            });
            view! {
                <main id="main-content" tabindex="-1" class="wall-page" class:projector=move || ui.projector.get() class:wall-page--phone=move || ui.phone_home() class:wall-page--home=move || ui.mode.get() == ViewMode::Home>
                    <skip_links::SkipLinks toolbar=!ui.read_only/>
                    <WallHeader/>
                    <Toolbar controls share/>
                    <presenter::Presenter board=id.clone() token=presenter_token/>
                    <StepBar/>
                    <RoundBar/>
                    <StorageWarning/>
                    {move || match ui.mode.get() {
                        ViewMode::Wall => view! { <Canvas/> }.into_any(),
                        ViewMode::List => view! { <Outline/> }.into_any(),
                        ViewMode::Results => view! { <Results/> }.into_any(),
                        ViewMode::Work => view! { <WorkPage/> }.into_any(),
                        ViewMode::Agenda => view! { <AgendaView/> }.into_any(),
                        ViewMode::Positioning => view! { <PositioningView/> }.into_any(),
                        ViewMode::Home => view! { <PhoneHome/> }.into_any(),
                    }}
                    <CardActions/>
                    <NoticeBar/>
                    <NameDialog open=name_open me/>
                    {facilitator.then(|| view! { <RoundsDialog/> })}
                </main>
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
