//! The page at `/j`: the app's name and the join code form, nothing else, for a phone that
//! typed the server's address plus `/j`.

use leptos::prelude::*;

use crate::i18n::*;
use crate::route::Route;

use super::frame::HomeFrame;
use super::join_form::JoinForm;

/// Joining a board by its code.
#[component]
pub fn JoinPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <HomeFrame>
            <JoinForm/>
            <a class="button" href=Route::Boards.path()>{t!(i18n, back_to_boards)}</a>
        </HomeFrame>
    }
}
