//! The board page: the wall with its cards and clusters, the toolbar, and the dialogs.
//! Components here render what the document says and call `Board` operations; local
//! screen state (view, selection, drag) lives in [`state::WallUi`].

mod arrange;
mod board_file;
mod board_gone;
mod board_menu;
mod canvas;
mod card;
mod card_actions;
mod cluster;
mod composer;
mod controls;
mod drag;
mod duplicate;
mod early_name;
mod facts;
mod field_size;
pub(crate) mod focus;
mod header;
mod incoming;
mod join_code;
mod join_panel;
mod keep_template;
mod keyboard;
pub mod layout;
mod link_check;
pub mod lock_icon;
pub mod messages;
pub mod name_dialog;
pub mod notice;
pub mod open;
mod outline;
mod paste;
mod presence;
mod presenter;
mod region;
mod rights;
mod search;
mod server_delete;
mod session;
mod share;
pub mod skip_links;
mod state;
mod title_editor;
mod toolbar;
pub mod viewport;

use leptos::prelude::*;

use crate::flow::{
    follow_the_facilitator, follow_the_summons, AgendaView, PositioningView, StepBar,
};
use crate::i18n::per_language;
use crate::phone::PhoneHome;
use crate::voting::{Results, RoundBar, RoundsDialog};
use crate::worksheets::WorkPage;
use board::Role;
use canvas::Canvas;
use card_actions::CardActions;
pub use composer::ColorPicker;
use controls::Controls;
pub use header::WallHeader;
use name_dialog::NameDialog;
use notice::{NoticeBar, StorageWarning};
use open::{OpenBoard, Opening};
use outline::Outline;
pub use session::Session;
use share::ShareTarget;
pub use state::{Notice, ViewMode, WallUi};
use toolbar::Toolbar;

/// The full app's board page: the wall and every tool this device's role may use.
#[component]
pub fn WallPage(id: String) -> impl IntoView {
    view! { <OpenBoard id page=board_view/> }
}

/// The board page itself, once it is clear the board can be shown.
fn board_view(opening: Opening) -> AnyView {
    let Opening {
        id,
        link,
        result,
        entry,
    } = opening;
    let (board, stored) = match result {
        Ok(loaded) => loaded,
        Err(e) => return open::unreadable(&e),
    };
    let i18n = crate::i18n::use_i18n();
    let Session {
        ctx,
        ui,
        voting,
        role,
        facilitator,
        me,
        token,
        ..
    } = Session::start(
        id.clone(),
        link,
        entry.as_ref().and_then(|e| e.token.clone()),
        board,
        &stored,
    );
    keyboard::install_shortcuts(ctx, ui);
    paste::install_paste(ctx, ui);
    search::install_search_shortcut(ui);
    search::WallQuery::provide(ui);
    facts::BoardTables::provide(ctx, ui);
    if !facilitator {
        follow_the_facilitator(ctx, ui, voting);
        if !ui.read_only {
            follow_the_summons(ctx, ui, i18n);
        } else {
            presenter::follow_on_projector(ctx, ui);
        }
    }
    // The phone entry handed over to show the wall ("Wand ansehen"): after the followers'
    // first run, which would put a participant's phone on its home.
    if crate::entry::take_wall_request(&id) {
        Effect::new(move |done: Option<()>| {
            if done.is_none() {
                ui.open_wall_fitted();
            }
        });
    }
    let controls = Controls::for_role(role);
    facts::FactsEditor::provide();
    let presenter_token = token.clone();
    let invites = entry.and_then(|e| e.invites);
    // Any holder of the facilitator token shares, the creator and co-facilitators alike.
    let share = token
        .filter(|_| role == Some(Role::Facilitator))
        .map(|facilitator_token| ShareTarget {
            board: id.clone(),
            invites,
            facilitator_token,
        });
    let page = move || {
        let share = share.clone();
        view! {
            <skip_links::SkipLinks toolbar=!ui.read_only/>
            <WallHeader/>
            <Toolbar controls share/>
            <search::SearchBar/>
            <presenter::Presenter board=id.clone() token=presenter_token.clone()/>
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
            <NameDialog open=ui.naming me/>
            {facilitator.then(|| view! { <RoundsDialog/> })}
            {facilitator.then(|| view! { <facts::FactsTableDialog/> })}
        }
    };
    view! {
        <main id="main-content" tabindex="-1" class="wall-page" class:projector=move || ui.projector.get() class:wall-page--phone=move || ui.phone_home() class:wall-page--home=move || ui.mode.get() == ViewMode::Home>
            {per_language(page)}
        </main>
    }
    .into_any()
}
