//! The room's clock: instants the board stores (milliseconds since the epoch) as this
//! device's local time of day.

/// Minutes east of UTC at `ms` since the epoch here (JavaScript counts them westwards).
pub fn utc_offset_at(ms: f64) -> i32 {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    (-date.get_timezone_offset()).round() as i32
}

/// "HH:MM" of `ms` since the epoch, local time; `None` for a time that is no number.
pub fn local_time(ms: f64) -> Option<String> {
    board::export::clock_time(ms, utc_offset_at(ms))
}
