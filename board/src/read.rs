//! Tolerant readers and change-only writers for values inside a Y.Map.
//! Remote peers may write anything; readers return `None` for missing keys or wrong types.

use yrs::{Any, GetString, Map, MapRef, Out, ReadTxn, TransactionMut};

/// A finite number stored under `key` (Yjs numbers arrive as integers or floats).
pub(crate) fn number<T: ReadTxn>(txn: &T, map: &MapRef, key: &str) -> Option<f64> {
    match map.get(txn, key)? {
        Out::Any(Any::Number(n)) => Some(to_f64(n)).filter(|v| v.is_finite()),
        _ => None,
    }
}

/// A boolean stored under `key`.
pub(crate) fn boolean<T: ReadTxn>(txn: &T, map: &MapRef, key: &str) -> Option<bool> {
    match map.get(txn, key)? {
        Out::Any(Any::Bool(b)) => Some(b),
        _ => None,
    }
}

/// A plain string stored under `key`.
pub(crate) fn string<T: ReadTxn>(txn: &T, map: &MapRef, key: &str) -> Option<String> {
    match map.get(txn, key)? {
        Out::Any(Any::String(s)) => Some(s.to_string()),
        _ => None,
    }
}

/// Text stored under `key`: a Y.Text, or a plain string written by a less careful tool.
pub(crate) fn text<T: ReadTxn>(txn: &T, map: &MapRef, key: &str) -> Option<String> {
    match map.get(txn, key)? {
        Out::YText(t) => Some(t.get_string(txn)),
        Out::Any(Any::String(s)) => Some(s.to_string()),
        _ => None,
    }
}

/// A nested Y.Map stored under `key`.
pub(crate) fn map<T: ReadTxn>(txn: &T, map: &MapRef, key: &str) -> Option<MapRef> {
    match map.get(txn, key)? {
        Out::YMap(m) => Some(m),
        _ => None,
    }
}

/// Writes a number unless the same value is already there (saves a tombstone and an update).
pub(crate) fn set_number(txn: &mut TransactionMut, map: &MapRef, key: &str, value: f64) {
    if number(txn, map, key) != Some(value) {
        map.insert(txn, key, value);
    }
}

/// Writes a string unless the same value is already there.
pub(crate) fn set_string(txn: &mut TransactionMut, map: &MapRef, key: &str, value: &str) {
    if string(txn, map, key).as_deref() != Some(value) {
        map.insert(txn, key, value);
    }
}

/// Removes `key` if it is present at all (whatever its type).
pub(crate) fn remove(txn: &mut TransactionMut, map: &MapRef, key: &str) {
    if map.get(txn, key).is_some() {
        map.remove(txn, key);
    }
}

/// Non-finite coordinates (NaN, ±∞) cannot be shared with JSON tools or compared; store 0.
pub(crate) fn finite(v: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        0.0
    }
}

/// A Yjs number (integer or float encoding) as f64.
pub(crate) fn to_f64(n: yrs::any::Number) -> f64 {
    match n {
        yrs::any::Number::Int(i) => i as f64,
        yrs::any::Number::Float(f) => f,
    }
}
