//! Kartenwand's web app, built as two entries that share this library: the full app
//! (`src/main.rs`: the board list, the facilitator's desk, the wall, the projector) and the
//! participant's phone (`src/bin/participant.rs`: joining, writing cards, voting, positioning,
//! group work), small enough to load in a couple of seconds on a venue's hotspot.
//! index.html's loader picks one per page load (pwa/loader.js); [`entry`] hands over to the
//! full app when a participant needs more than the phone entry has.

mod app;
mod clock;
mod desk;
mod dialog;
mod entry;
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

/// Starts the full app.
pub fn start_full() {
    console_error_panic_hook::set_once();
    mark("kartenwand:start");
    remove_boot_screen();
    leptos::mount::mount_to_body(app::App);
    // At once: a facilitator may take the laptop offline right after the first visit.
    offline::register_service_worker();
}

/// Starts the participant's phone entry.
pub fn start_participant() {
    console_error_panic_hook::set_once();
    mark("kartenwand:start");
    remove_boot_screen();
    leptos::mount::mount_to_body(phone::ParticipantApp);
    offline::register_service_worker_when_idle();
}
