//! Keyboard focus after a redraw: an item that moved or changed is drawn anew, and focus
//! follows it there rather than falling to `<body>`.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Moves focus to the first element matching `selector` once the view has redrawn.
pub fn focus_soon(selector: String) {
    request_animation_frame(move || {
        if let Some(el) = document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}
