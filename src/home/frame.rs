//! The frame of the start page and the `/j` page: the app's name and the language switch above
//! the page's content.

use leptos::prelude::*;

use crate::app::LanguageSwitch;
use crate::i18n::*;

/// The home pages' header, then `children` as the page's main content.
#[component]
pub fn HomeFrame(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="home">
            <header class="home-header">
                <h1 class="brand">{t!(i18n, app_name)}</h1>
                <LanguageSwitch/>
            </header>
            <main class="home-main">{children()}</main>
        </div>
    }
}
