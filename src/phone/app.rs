//! The participant's phone entry (`src/bin/participant.rs`): joining by code and a board opened
//! with a participant's link, nothing else. The board list and any board this device runs
//! belong to the full app, which a page load of their address brings.

use leptos::prelude::*;

use super::page::participant_page;
use crate::app::Shell;
use crate::home::JoinPage;
use crate::i18n::*;
use crate::route::{use_route, Route};
use crate::wall::open::OpenBoard;

/// The phone entry's root: language and routing, as in the full app.
#[component]
pub fn ParticipantApp() -> impl IntoView {
    view! { <Shell><Pages/></Shell> }
}

#[component]
fn Pages() -> impl IntoView {
    let route = use_route();
    move || match route.get() {
        Route::Board(id) => view! { <OpenBoard id page=participant_page/> }.into_any(),
        Route::Join => per_language(|| view! { <JoinPage/> }).into_any(),
        Route::JoinCode(code) => {
            per_language(move || view! { <JoinPage code=code.clone()/> }).into_any()
        }
        Route::Boards => {
            // The board list is the full app's: loading its address lets the loader pick it.
            let _ = window().location().assign(&Route::Boards.path());
            view! { <p class="muted home-main" role="status">{t!(use_i18n(), app_loading)}</p> }
                .into_any()
        }
    }
}
