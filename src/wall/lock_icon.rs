//! The lock drawn as an icon (emoji locks are missing from many fonts, projectors included).

use leptos::prelude::*;

/// A closed lock, or an open one (`open`), sized by the surrounding text; decorative: the
/// element around it carries the words.
#[component]
pub fn LockIcon(#[prop(optional)] open: bool) -> impl IntoView {
    // The shackle swings up and to the left when open.
    let shackle = if open {
        "M8 11V7a4 4 0 0 1 7.75-1.4"
    } else {
        "M8 11V7a4 4 0 0 1 8 0v4"
    };
    view! {
        <svg class="lock-icon" viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false">
            <path d=shackle fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/>
            <rect x="4.5" y="11" width="15" height="10" rx="2" fill="currentColor"/>
        </svg>
    }
}
