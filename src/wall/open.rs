//! Opening a board on this page, whichever entry shows it: the token of an invitation link,
//! the document from IndexedDB, and a check with the server for a link whose board this
//! browser never received; then the page the entry draws for it.

use leptos::prelude::*;

use super::link_check::{check_link, LinkMessage, LinkState};
use super::messages::boards_error_text;
use crate::i18n::*;
use crate::route::Route;
use crate::storage::boards::{self, BoardsError};
use crate::storage::{BoardEntry, BoardIndex};
use board::TokenChoice;

/// A board read from storage, with the keys of the entries it was read from.
pub type Loaded = Result<(board::Board, Vec<f64>), BoardsError>;

/// A board that can be shown: its id, what an invitation link in the address did, and what
/// storage gave.
pub struct Opening {
    /// The board's id.
    pub id: String,
    /// The token choice of an invitation link in the address, if there was one.
    pub link: Option<TokenChoice>,
    /// The stored document, or why there is none.
    pub result: Loaded,
    /// The board's entry in this browser's list (its token, the invitation links).
    pub entry: Option<BoardEntry>,
}

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

/// Opens a board from this browser's storage (or from an invitation) and shows it with
/// `page`; a link whose board this browser never received is checked with the server first
/// ([`check_link`]).
#[component]
pub fn OpenBoard(id: String, page: fn(Opening) -> AnyView) -> impl IntoView {
    // A link never downgrades this device: a facilitator who opens a participant link stays one.
    let link = token_from_address().and_then(|token| match boards::take_link_token(&id, token) {
        Ok(choice) => Some(choice),
        Err(e) => {
            leptos::logging::warn!("kartenwand: could not keep the board's token: {e}");
            None
        }
    });
    let entry = BoardIndex::load().get(&id).cloned();
    let token = entry.as_ref().and_then(|e| e.token.clone());
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
        let Some(result) = loaded.try_update_value(Option::take).flatten() else {
            return ().into_any();
        };
        let never_received = matches!(&result, Ok((_, stored)) if stored.is_empty());
        match token.clone().filter(|_| never_received) {
            Some(token) => {
                let state = check_link(id.clone(), token);
                let result = StoredValue::new_local(Some(result));
                let (id, entry) = (id.clone(), entry.clone());
                (move || match state.get() {
                    LinkState::Usable => match result.try_update_value(Option::take).flatten() {
                        Some(result) => show(
                            page,
                            Opening {
                                id: id.clone(),
                                link,
                                result,
                                entry: entry.clone(),
                            },
                        ),
                        None => ().into_any(),
                    },
                    other => view! { <LinkMessage state=other/> }.into_any(),
                })
                .into_any()
            }
            None => show(
                page,
                Opening {
                    id: id.clone(),
                    link,
                    result,
                    entry: entry.clone(),
                },
            ),
        }
    }
}

/// Draws `page` untracked: it reads signals while it sets up (the screen's width, the
/// document), and the closure around it must not draw the whole page again when they change.
fn show(page: fn(Opening) -> AnyView, opening: Opening) -> AnyView {
    untrack(move || page(opening))
}

/// The page for a board that could not be read: why, and the way back to the list.
pub fn unreadable(e: &BoardsError) -> AnyView {
    let i18n = use_i18n();
    let text = boards_error_text(i18n, e);
    view! {
        <main class="home-main">
            <p role="alert" class="field-error">{text}</p>
            <a class="button" href=Route::Boards.path()>{t!(i18n, back_to_boards)}</a>
        </main>
    }
    .into_any()
}
