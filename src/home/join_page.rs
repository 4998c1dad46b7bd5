//! The page at `/j`: the app's name and the join code form, nothing else, for a phone that
//! typed the server's address plus `/j`.

use leptos::prelude::*;

use crate::app::LanguageSwitch;
use crate::i18n::*;
use crate::route::Route;

use super::join_form::JoinForm;

/// Joining a board by its code.
#[component]
pub fn JoinPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="home">
            <header class="home-header">
                <h1 class="brand">{t!(i18n, app_name)}</h1>
                <LanguageSwitch/>
            </header>
            <main class="home-main">
                <JoinForm/>
                <a class="button" href=Route::Boards.path()>{t!(i18n, back_to_boards)}</a>
            </main>
        </div>
    }
}
