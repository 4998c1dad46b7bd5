//! Registers the service worker (`pwa/sw.js`, served at `/sw.js`), which keeps the app itself
//! in the browser's cache so it opens with no network after one visit. Boards are not its
//! business: they live in localStorage (see `storage`).
//!
//! Everything here is best effort: without service workers (an insecure origin such as a LAN
//! address over plain http, or an old browser) or when registration fails, the app works as
//! before, it just needs the network to load.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Starts registering the service worker in the background.
pub fn register_service_worker() {
    let navigator = leptos::prelude::window().navigator();
    // Through `Reflect`: `navigator.serviceWorker` is simply absent where the browser offers
    // none, and a typed binding would throw on it.
    let Some(container) = Reflect::get(&navigator, &JsValue::from_str("serviceWorker"))
        .ok()
        .filter(|c| c.is_object())
    else {
        return;
    };
    let Some(register) = Reflect::get(&container, &JsValue::from_str("register"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return;
    };
    let promise = match register.call1(&container, &JsValue::from_str("/sw.js")) {
        Ok(p) => Promise::resolve(&p),
        Err(e) => return warn(&e),
    };
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = JsFuture::from(promise).await {
            warn(&e);
        }
    });
}

fn warn(e: &JsValue) {
    leptos::logging::warn!("kartenwand: no offline support ({e:?})");
}
