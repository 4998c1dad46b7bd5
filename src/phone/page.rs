//! A board on the participant's phone entry: the phone home and what a participant's steps
//! open (the ballot, the ranking, positioning, the group's sheets). Whatever else the page is
//! asked to show (the wall, the list, the agenda), and a board this device holds more than a
//! participant's link to, is handed over to the full app.

use leptos::prelude::*;

use super::views::PhoneViews;
use super::PhoneHome;
use crate::flow::{follow_the_facilitator, follow_the_summons, PositioningView, StepBar};
use crate::i18n::*;
use crate::sync::{BoardCtx, SaveStatus};
use crate::voting::{Results, RoundBar};
use crate::wall::name_dialog::NameDialog;
use crate::wall::notice::{NoticeBar, StorageWarning};
use crate::wall::open::{self, Opening};
use crate::wall::skip_links::SkipLinks;
use crate::wall::{Session, ViewMode, WallHeader, WallUi};
use crate::worksheets::WorkPage;
use board::Role;

/// The page for a board opened on the phone entry.
pub fn participant_page(opening: Opening) -> AnyView {
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
    let token = entry.and_then(|e| e.token);
    if token.as_deref().map(Role::of_token) != Some(Role::Participant) {
        // This device runs the board, or projects it: the full app's tools.
        crate::entry::open_full(None);
        return opening_status();
    }
    let i18n = use_i18n();
    let Session {
        ctx,
        ui,
        voting,
        me,
        ..
    } = Session::start(id.clone(), link, token, board, &stored);
    follow_the_facilitator(ctx, ui, voting);
    follow_the_summons(ctx, ui, i18n);
    let page = move || {
        let id = id.clone();
        view! {
            <SkipLinks toolbar=false/>
            <WallHeader/>
            <PhoneViews/>
            <StepBar/>
            <RoundBar/>
            <StorageWarning/>
            {move || match ui.mode.get() {
                ViewMode::Home => view! { <PhoneHome/> }.into_any(),
                ViewMode::Results => view! { <Results/> }.into_any(),
                ViewMode::Work => view! { <WorkPage/> }.into_any(),
                ViewMode::Positioning => view! { <PositioningView/> }.into_any(),
                ViewMode::Wall | ViewMode::List | ViewMode::Agenda => view! { <HandOver id=id.clone()/> }.into_any(),
            }}
            <NoticeBar/>
            <NameDialog open=ui.naming me/>
        }
    };
    view! {
        <main id="main-content" tabindex="-1" class="wall-page" class:wall-page--phone=move || ui.phone_home() class:wall-page--home=move || ui.mode.get() == ViewMode::Home>
            {per_language(page)}
        </main>
    }
    .into_any()
}

fn opening_status() -> AnyView {
    view! { <p class="muted home-main" role="status">{t!(use_i18n(), board_opening)}</p> }
        .into_any()
}

/// Reloads the page with the full app once this board's changes are stored; a participant's
/// "Wand ansehen" asks it to open the wall (anything else it finds again by following the
/// facilitator). While a save fails, it stays: reloading would lose what is not stored.
#[component]
fn HandOver(id: String) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let status = ctx.save_status();
    let wall = ui.fit_to_width.get_value();
    ctx.save_now();
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let stored = matches!(status.get(), SaveStatus::Saved);
        if stored {
            ctx.disconnect();
            crate::entry::open_full(wall.then_some(id.as_str()));
        }
        stored
    });
    opening_status()
}
