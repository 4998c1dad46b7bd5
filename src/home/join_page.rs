//! The page at `/j`: the app's name and the join code form, nothing else, for a phone that
//! typed the server's address plus `/j`; at `/j/{code}` the code is filled in and tried at once.

use leptos::prelude::*;

use crate::i18n::*;
use crate::route::Route;

use super::frame::HomeFrame;
use super::join_form::JoinForm;

/// Joining a board by its code; `code`: one from the address.
#[component]
pub fn JoinPage(#[prop(optional)] code: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <HomeFrame>
            <JoinForm initial=code/>
            <a class="button" href=Route::Boards.path()>{t!(i18n, back_to_boards)}</a>
        </HomeFrame>
    }
}
