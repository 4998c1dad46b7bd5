//! Which of the app's two builds runs on this page, and the hand-over from the participant's
//! phone entry to the full app. index.html's loader (pwa/loader.js) picks the build before any
//! wasm loads: the phone entry for a participant's link on a narrow screen, the full app for
//! everything else. A participant who wants the wall, or who holds more than a participant's
//! link on this device, is handed over: this tab then keeps the full app until it closes.

use leptos::prelude::window;
use web_sys::Storage;

/// Session storage key the loader reads: `full` once this tab needs the full app.
const ENTRY_KEY: &str = "kartenwand.entry";
/// Session storage key naming the board whose wall the full app opens first ("Wand ansehen").
const WALL_KEY: &str = "kartenwand.open-wall";

fn session() -> Option<Storage> {
    window().session_storage().ok().flatten()
}

/// Reloads this page with the full app; `wall`: the board whose wall it opens first (else it
/// opens the page as the address names it).
pub fn open_full(wall: Option<&str>) {
    let location = window().location();
    let remembered = session().is_some_and(|session| {
        let kept = session.set_item(ENTRY_KEY, "full").is_ok();
        if let (true, Some(board)) = (kept, wall) {
            let _ = session.set_item(WALL_KEY, board);
        }
        kept
    });
    if remembered {
        let _ = location.reload();
    } else {
        // No session storage (blocked by the browser): the address asks for the full app
        // instead, or the loader would pick this entry again and again.
        let path = location.pathname().unwrap_or_default();
        let _ = location.replace(&format!("{path}?app=full"));
    }
}

/// In the full app: whether the phone entry handed over to open `board`'s wall; asks once.
pub fn take_wall_request(board: &str) -> bool {
    let Some(session) = session() else {
        return false;
    };
    let asked = session
        .get_item(WALL_KEY)
        .ok()
        .flatten()
        .is_some_and(|b| b == board);
    if asked {
        let _ = session.remove_item(WALL_KEY);
    }
    asked
}
