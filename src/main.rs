//! Kartenwand's browser entry point: installs the panic hook, removes index.html's loading
//! screen and mounts the app.

mod app;
mod dialog;
mod export;
mod flow;
mod home;
mod i18n;
mod offline;
mod phone;
mod route;
mod storage;
mod sync;
mod voting;
mod wall;
mod worksheets;

/// Sets a User Timing mark, so benchmarks and DevTools can split load time into phases.
pub fn mark(name: &str) {
    if let Some(performance) = leptos::prelude::window().performance() {
        let _ = performance.mark(name);
    }
}

/// Removes index.html's inline loading screen (`#boot`): the app is about to show itself.
fn remove_boot_screen() {
    if let Some(boot) = leptos::prelude::document().get_element_by_id("boot") {
        boot.remove();
    }
}

fn main() {
    console_error_panic_hook::set_once();
    mark("kartenwand:start");
    remove_boot_screen();
    leptos::mount::mount_to_body(app::App);
    offline::register_service_worker();
}
