//! Keyboard focus after a redraw: an item that moved or changed is drawn anew, and focus
//! follows it there rather than falling to `<body>`.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Moves focus to the first element matching `selector` once the view has redrawn.
pub fn focus_soon(selector: String) {
    focus_when_drawn(move || document().query_selector(&selector).ok().flatten());
}

/// Moves focus to the element with `id` once the view has redrawn (if it is still there).
pub fn focus_id_soon(id: String) {
    focus_when_drawn(move || document().get_element_by_id(&id));
}

fn focus_when_drawn(find: impl FnOnce() -> Option<web_sys::Element> + 'static) {
    request_animation_frame(move || {
        if let Some(el) = find().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}
