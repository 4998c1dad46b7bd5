//! The browser's wall clock for the board (undo grouping, card creation times).

use board::Clock;

/// Milliseconds since epoch from `Date.now()`; `SystemTime` is unavailable in wasm.
#[derive(Debug, Default, Clone, Copy)]
pub struct JsClock;

impl Clock for JsClock {
    fn now(&self) -> u64 {
        js_sys::Date::now() as u64
    }
}
