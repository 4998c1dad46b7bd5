//! The whole board as JSON for other tools: every root map of the document under its name
//! (texts as strings), plus `"schema"`. Keys are sorted and the output is indented, so two
//! exports of similar boards diff line by line.

use yrs::any::Number;
use yrs::types::ToJson;
use yrs::{Any, ReadTxn, Transact};

use crate::board::Board;

/// Renders the board's document.
pub(super) fn render(board: &Board) -> String {
    // Read before the transaction: the board's readers open their own.
    let schema = f64::from(board.schema_version());
    let txn = board.doc.transact();
    let mut roots: Vec<(String, Any)> = txn
        .root_refs()
        .map(|(name, value)| (name.to_owned(), value.to_json(&txn)))
        .collect();
    roots.retain(|(name, _)| name != "schema");
    roots.push(("schema".to_owned(), Any::from(schema)));
    crate::sort::sort_by(&mut roots, |a, b| a.0.cmp(&b.0));
    let mut out = String::new();
    write_object(&mut out, roots.iter().map(|(k, v)| (k.as_str(), v)), 0);
    out.push('\n');
    out
}

fn write_value(out: &mut String, value: &Any, depth: usize) {
    match value {
        // `undefined` (a type this yrs does not know) has no JSON form; null says "nothing".
        Any::Null | Any::Undefined => out.push_str("null"),
        Any::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Any::Number(Number::Int(i)) => out.push_str(&i.to_string()),
        // Rust prints finite floats without exponent, which JSON accepts ("3", "0.5").
        Any::Number(Number::Float(f)) if f.is_finite() => out.push_str(&f.to_string()),
        Any::Number(Number::Float(_)) => out.push_str("null"),
        Any::String(s) => write_string(out, s),
        Any::Buffer(bytes) => {
            let items: Vec<Any> = bytes.iter().map(|b| Any::from(f64::from(*b))).collect();
            write_array(out, &items, depth);
        }
        Any::Array(items) => write_array(out, items, depth),
        Any::Map(map) => {
            let mut entries: Vec<(&str, &Any)> = map.iter().map(|(k, v)| (k.as_str(), v)).collect();
            crate::sort::sort_by(&mut entries, |a, b| a.0.cmp(b.0));
            write_object(out, entries.into_iter(), depth);
        }
    }
}

fn indent(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn write_object<'a>(
    out: &mut String,
    entries: impl ExactSizeIterator<Item = (&'a str, &'a Any)>,
    depth: usize,
) {
    if entries.len() == 0 {
        out.push_str("{}");
        return;
    }
    out.push('{');
    for (i, (key, value)) in entries.enumerate() {
        if i > 0 {
            out.push(',');
        }
        indent(out, depth + 1);
        write_string(out, key);
        out.push_str(": ");
        write_value(out, value, depth + 1);
    }
    indent(out, depth);
    out.push('}');
}

fn write_array(out: &mut String, items: &[Any], depth: usize) {
    if items.is_empty() {
        out.push_str("[]");
        return;
    }
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        indent(out, depth + 1);
        write_value(out, item, depth + 1);
    }
    indent(out, depth);
    out.push(']');
}

/// A JSON string literal (RFC 8259: quote, backslash and control characters escaped).
fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn values_are_written_as_json_with_sorted_keys() {
        let map: HashMap<String, Any> = HashMap::from([
            (
                "b".to_owned(),
                Any::from(vec![Any::from(1.5), Any::Null, Any::from(f64::NAN)]),
            ),
            ("a".to_owned(), Any::from("x\"\n\u{1}")),
            ("c".to_owned(), Any::Map(Default::default())),
        ]);
        let mut out = String::new();
        write_value(&mut out, &Any::from(map), 0);
        assert_eq!(out, "{\n  \"a\": \"x\\\"\\n\\u0001\",\n  \"b\": [\n    1.5,\n    null,\n    null\n  ],\n  \"c\": {}\n}");
        let parsed = Any::from_json(&out).expect("valid JSON");
        assert!(matches!(parsed, Any::Map(_)));
    }
}
