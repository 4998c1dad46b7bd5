//! The name a newcomer gave before the app ran: index.html's loader (pwa/loader.js) asks a
//! participant without a name at once, while the app downloads, and leaves the answer in
//! `window.kartenwandName`; if the app starts while that dialog is still open, the answer
//! comes with the window's `kartenwand:name` event.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The loader's global the answer is in.
const GLOBAL: &str = "kartenwandName";
/// The event the loader sends when the dialog is answered.
pub const EVENT: &str = "kartenwand:name";

/// Where the loader's name dialog stands.
#[derive(Debug, Clone, PartialEq)]
pub enum EarlyName {
    /// The loader asked nothing (or its answer was taken already).
    NotAsked,
    /// Still open: the answer comes with [`EVENT`].
    Open,
    /// Answered with a name (the loader stored it as the nickname already) and the choice to
    /// be in the documentation's list of people.
    Given {
        /// The name, trimmed.
        name: String,
        /// Whether they chose to be listed.
        listed: bool,
    },
    /// Closed with Escape: no name for now, as with the app's own dialog.
    Dismissed,
}

fn field(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The loader's dialog now. An answer is taken once: a board opened later in the same
/// page does not apply it again.
pub fn take() -> EarlyName {
    let answer = field(&window(), GLOBAL);
    if !answer.is_object() {
        return EarlyName::NotAsked;
    }
    let state = field(&answer, "state").as_string().unwrap_or_default();
    let early = match state.as_str() {
        "open" => return EarlyName::Open,
        "given" => EarlyName::Given {
            name: field(&answer, "name").as_string().unwrap_or_default(),
            listed: field(&answer, "listed").as_bool().unwrap_or(false),
        },
        "dismissed" => EarlyName::Dismissed,
        _ => return EarlyName::NotAsked,
    };
    let _ = js_sys::Reflect::set(&answer, &"state".into(), &"taken".into());
    early
}
