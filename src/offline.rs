//! Registers the service worker (`pwa/sw.js`, served at `/sw.js`), which keeps the app itself
//! in the browser's cache so it opens with no network after one visit. Boards are not its
//! business: they live in IndexedDB (see `storage`).
//!
//! Everything here is best effort: without service workers (an insecure origin such as a LAN
//! address over plain http, or an old browser) or when registration fails, the app works as
//! before, it just needs the network to load.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Registers the service worker once the page has loaded and is idle: installing it fetches
/// both of the app's builds for the cache, which must not compete with a phone's first load.
pub fn register_service_worker_when_idle() {
    let window = leptos::prelude::window();
    let when_idle = Closure::once_into_js(|| {
        let window = leptos::prelude::window();
        let register = Closure::once_into_js(register_service_worker);
        // Safari has no requestIdleCallback: a second's wait stands in for it.
        let idle = Reflect::get(&window, &JsValue::from_str("requestIdleCallback"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok());
        let options = js_sys::Object::new();
        let _ = Reflect::set(
            &options,
            &JsValue::from_str("timeout"),
            &JsValue::from_f64(IDLE_TIMEOUT_MS),
        );
        let queued = match idle {
            Some(idle) => idle.call2(&window, &register, &options).is_ok(),
            None => false,
        };
        if !queued {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                register.unchecked_ref(),
                1000,
            );
        }
    });
    let loaded = window
        .document()
        .is_some_and(|d| d.ready_state() == "complete");
    if loaded {
        let _ = js_sys::Function::from(when_idle).call0(&JsValue::NULL);
    } else {
        let options = web_sys::AddEventListenerOptions::new();
        options.set_once(true);
        let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
            "load",
            when_idle.unchecked_ref(),
            &options,
        );
    }
}

/// The longest wait for an idle moment before registering anyway.
const IDLE_TIMEOUT_MS: f64 = 5000.0;

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
