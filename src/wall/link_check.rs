//! Asks the server whether a link works before its board is shown for the first time: a
//! board that does not exist or a broken or revoked token gets a message saying what to do,
//! never an empty wall, a name dialog or a connection retried forever.

use leptos::prelude::*;

use crate::i18n::*;
use crate::route::Route;
use crate::storage::boards;
use crate::sync::api::{self, ApiError};

/// What the server said about a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkState {
    /// Asking.
    Checking,
    /// The board exists and the token is valid, or no server answered (offline: the board
    /// opens and syncs later).
    Usable,
    /// No board with this id on the server.
    NoBoard,
    /// The token is not valid for this board (broken, or of another board).
    BadToken,
}

impl LinkState {
    /// The state an answer of `GET /api/boards/{id}/access` means.
    fn from_answer(answer: &Result<(), ApiError>) -> LinkState {
        match answer {
            Err(ApiError::Status(404)) => LinkState::NoBoard,
            Err(ApiError::Status(401 | 403)) => LinkState::BadToken,
            _ => LinkState::Usable,
        }
    }
}

/// Starts the check; the returned signal leaves `Checking` once the server answered. A bad
/// link's board is forgotten again, so the start page does not list it.
pub fn check_link(board: String, token: String) -> ReadSignal<LinkState> {
    let state = RwSignal::new(LinkState::Checking);
    leptos::task::spawn_local(async move {
        let answer = api::check_access(&board, &token).await;
        let next = LinkState::from_answer(&answer);
        if next != LinkState::Usable {
            leptos::logging::warn!("kartenwand: the link does not work: {answer:?}");
            if let Err(e) = boards::delete(&board).await {
                leptos::logging::warn!("kartenwand: could not forget the board: {e}");
            }
        }
        let _ = state.try_set(next);
    });
    state.read_only()
}

/// What the page shows while checking, or instead of a board whose link does not work.
#[component]
pub fn LinkMessage(state: LinkState) -> impl IntoView {
    let i18n = use_i18n();
    let text = match state {
        LinkState::NoBoard => t_string!(i18n, link_no_board).to_string(),
        _ => t_string!(i18n, link_bad_token).to_string(),
    };
    if state == LinkState::Checking {
        return view! {
            <main class="home-main link-check">
                <p role="status">{t!(i18n, link_checking)}</p>
            </main>
        }
        .into_any();
    }
    view! {
        <main class="home-main link-check">
            <h1>{t!(i18n, link_broken_heading)}</h1>
            <p role="alert" class="field-error">{text}</p>
            <a class="button button--primary" href=Route::Join.path()>{t!(i18n, link_join_by_code)}</a>
            <a class="button" href=Route::Boards.path()>{t!(i18n, back_to_boards)}</a>
        </main>
    }
    .into_any()
}
