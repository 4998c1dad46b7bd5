//! The board page's first Tab stops: links that skip past the header to the wall and to
//! the toolbar, visible while they have focus.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::*;

/// Focuses the first element `selector` finds; returns whether there was one.
fn focus_first(selector: &str) -> bool {
    let found = document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    found.is_some_and(|el| el.focus().is_ok())
}

/// "Zur Wand springen" and "Zu den Werkzeugen springen". Where there is no wall (list view,
/// a phone's home), the first goes to the page's main area; without a toolbar (projector)
/// the second is not shown.
#[component]
pub fn SkipLinks(toolbar: bool) -> impl IntoView {
    let i18n = use_i18n();
    let to_wall = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let _ = focus_first("#wall") || focus_first("#main-content");
    };
    let to_toolbar = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        focus_first("#toolbar button:not([disabled])");
    };
    view! {
        <nav class="skip-links" aria-label=t!(i18n, skip_links)>
            <a class="skip-link" href="#wall" on:click=to_wall>{t!(i18n, skip_to_wall)}</a>
            {toolbar.then(|| view! { <a class="skip-link" href="#toolbar" on:click=to_toolbar>{t!(i18n, skip_to_toolbar)}</a> })}
        </nav>
    }
}
