//! Fields report the height they are drawn with, so the wall can settle them apart
//! ([`super::state::WallSnapshot`]): a field that grows moves the ones below it.

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::{html, prelude::*};
use wasm_bindgen::{closure::Closure, JsCast};

use super::state::WallUi;

thread_local! {
    /// Heights measured since the last frame; written to the wall's state at once, so a board
    /// of fifty fields settles once on load, not fifty times.
    static PENDING: RefCell<HashMap<String, f64>> = RefCell::new(HashMap::new());
}

/// Keeps `ui.field_heights[id]` at the height the field `el` is drawn with, while it is.
pub fn report_height(ui: WallUi, el: NodeRef<html::Section>, id: StoredValue<String>) {
    Effect::new(move |_| {
        let Some(section) = el.get() else { return };
        let measure = move || {
            let (Some(section), Some(id)) = (el.try_get_untracked().flatten(), id.try_get_value())
            else {
                return;
            };
            let h = f64::from(section.offset_height());
            // A hidden wall (another view open) draws nothing: keep what was measured.
            if h <= 0.0 {
                return;
            }
            let known = ui
                .field_heights
                .try_with_untracked(|m| m.get(&id).copied())
                .flatten();
            if known.is_some_and(|k| (k - h).abs() < 1.0) {
                return;
            }
            let first = PENDING.with_borrow_mut(|p| {
                let first = p.is_empty();
                p.insert(id, h);
                first
            });
            if first {
                request_animation_frame(move || {
                    let measured = PENDING.with_borrow_mut(std::mem::take);
                    ui.field_heights.try_update(|m| m.extend(measured));
                });
            }
        };
        let callback = Closure::<dyn Fn()>::new(measure);
        if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            observer.observe(&section);
            let held = send_wrapper::SendWrapper::new((observer, callback));
            on_cleanup(move || held.0.disconnect());
        }
    });
}
