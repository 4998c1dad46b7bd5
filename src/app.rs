//! The root component: language context, routing between the board list and a board.

use leptos::prelude::*;

use crate::i18n::*;
use crate::route::{provide_route, use_route, Route};
use crate::storage::prefs;
use crate::{
    home::{BoardsPage, JoinPage},
    wall::WallPage,
};

/// The whole app: picks the page from the address and keeps the language choice.
#[component]
pub fn App() -> impl IntoView {
    crate::desk::provide();
    view! { <Shell><Pages/></Shell> }
}

/// What both builds' roots share: routing, the language context and the stored choice.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    provide_route();
    view! {
        <I18nContextProvider>
            <LanguageFromPrefs/>
            {children()}
        </I18nContextProvider>
    }
}

/// Applies the language stored in this browser, if the user ever chose one; otherwise the
/// i18n context already follows `navigator.languages` (German unless English is preferred).
#[component]
fn LanguageFromPrefs() -> impl IntoView {
    let i18n = use_i18n();
    // In an effect: the context sets its first locale from the browser in one of its own,
    // which runs before this one.
    Effect::new(move |done: Option<()>| {
        if done.is_some() {
            return;
        }
        let chosen = prefs::language().and_then(|code| {
            Locale::get_all()
                .iter()
                .find(|l| l.as_str() == code)
                .copied()
        });
        if let Some(locale) = chosen {
            i18n.set_locale(locale);
        }
    });
}

#[component]
fn Pages() -> impl IntoView {
    let route = use_route();
    // A board's page follows a language switch inside (`per_language` in `board_view`):
    // drawing it anew from here would open the board again.
    move || match route.get() {
        Route::Boards => per_language(|| view! { <BoardsPage/> }).into_any(),
        Route::Board(id) => view! { <WallPage id/> }.into_any(),
        Route::Join => per_language(|| view! { <JoinPage/> }).into_any(),
        Route::JoinCode(code) => {
            per_language(move || view! { <JoinPage code=code.clone()/> }).into_any()
        }
    }
}

/// The language select's element id.
const LANGUAGE_ID: &str = "language";

/// A select that switches between German and English and remembers the choice.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |ev: leptos::ev::Event| {
        let code = event_target_value(&ev);
        if let Some(locale) = Locale::get_all().iter().find(|l| l.as_str() == code) {
            i18n.set_locale(*locale);
            prefs::set_language(locale.as_str());
            // The page is drawn anew in the new language (`per_language`), this select with
            // it: the focus goes to its successor.
            crate::wall::focus::focus_id_soon(LANGUAGE_ID.to_owned());
        }
    };
    view! {
        <label class="lang-switch">
            <span class="visually-hidden">{t!(i18n, language)}</span>
            <select id=LANGUAGE_ID aria-label=t!(i18n, language) on:change=on_change prop:value=move || i18n.get_locale().as_str()>
                <option value="de">{t!(i18n, lang_de)}</option>
                <option value="en">{t!(i18n, lang_en)}</option>
            </select>
        </label>
    }
}
