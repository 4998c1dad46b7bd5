//! Minimal edits of a Y.Text: keep the common prefix and suffix, replace only the middle,
//! so that concurrent edits elsewhere in the same text survive the merge.
//!
//! The diff is computed over Unicode scalar values (`char`s), so a code point is never split,
//! and then converted to the offset unit of the document ([`OffsetKind`]). Board documents use
//! [`OffsetKind::Utf16`], the unit of stock Yjs, but both kinds work here.

use yrs::{GetString, OffsetKind, Text, TextRef, TransactionMut};

/// The middle part that differs between two strings, in `char` positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Splice {
    /// Chars kept at the start.
    pub start: usize,
    /// Chars removed after `start`.
    pub removed: usize,
    /// Text inserted at `start`.
    pub inserted: String,
}

/// The smallest single replacement turning `old` into `new`; `None` if they are equal.
pub(crate) fn splice(old: &str, new: &str) -> Option<Splice> {
    if old == new {
        return None;
    }
    let old: Vec<char> = old.chars().collect();
    let new: Vec<char> = new.chars().collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let max_suffix = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    Some(Splice {
        start: prefix,
        removed: old.len() - prefix - suffix,
        inserted: new[prefix..new.len() - suffix].iter().collect(),
    })
}

/// Length of `chars` in the given offset unit.
fn units(chars: &[char], kind: OffsetKind) -> u32 {
    let n: usize = match kind {
        OffsetKind::Bytes => chars.iter().map(|c| c.len_utf8()).sum(),
        OffsetKind::Utf16 => chars.iter().map(|c| c.len_utf16()).sum(),
    };
    n as u32
}

/// Makes `text` read `new`, touching only the part that changed.
pub(crate) fn replace(txn: &mut TransactionMut, text: &TextRef, new: &str) {
    let old = text.get_string(txn);
    let Some(s) = splice(&old, new) else {
        return;
    };
    let kind = txn.doc().offset_kind();
    let old_chars: Vec<char> = old.chars().collect();
    let start = units(&old_chars[..s.start], kind);
    let removed = units(&old_chars[s.start..s.start + s.removed], kind);
    if removed > 0 {
        text.remove_range(txn, start, removed);
    }
    if !s.inserted.is_empty() {
        text.insert(txn, start, &s.inserted);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::{updates::decoder::Decode, Doc, Options, ReadTxn, Transact, Update};

    fn sp(start: usize, removed: usize, inserted: &str) -> Option<Splice> {
        Some(Splice {
            start,
            removed,
            inserted: inserted.into(),
        })
    }

    #[test]
    fn splice_finds_the_middle() {
        assert_eq!(splice("abc", "abc"), None);
        assert_eq!(splice("", "abc"), sp(0, 0, "abc"));
        assert_eq!(splice("abc", ""), sp(0, 3, ""));
        assert_eq!(splice("abcdef", "abXYef"), sp(2, 2, "XY"));
        assert_eq!(splice("aa", "aaa"), sp(2, 0, "a"));
        assert_eq!(splice("aaa", "aa"), sp(2, 1, ""));
    }

    #[test]
    fn splice_counts_chars_not_bytes() {
        assert_eq!(
            splice("Bildung für alle", "Bildung für alle 👍"),
            sp(16, 0, " 👍")
        );
        assert_eq!(splice("für 👍 alle", "für 👎 alle"), sp(4, 1, "👎"));
        assert_eq!(splice("ä", "ö"), sp(0, 1, "ö"));
    }

    fn doc(kind: OffsetKind) -> Doc {
        Doc::with_options(Options {
            offset_kind: kind,
            ..Options::default()
        })
    }

    fn check_replace(kind: OffsetKind, old: &str, new: &str) {
        let d = doc(kind);
        let t = d.get_or_insert_text("t");
        t.insert(&mut d.transact_mut(), 0, old);
        replace(&mut d.transact_mut(), &t, new);
        assert_eq!(
            t.get_string(&d.transact()),
            new,
            "{kind:?}: {old:?} -> {new:?}"
        );
    }

    #[test]
    fn replace_with_umlauts_and_emoji_in_both_offset_kinds() {
        let cases = [
            ("Bildung für alle", "Bildung für alle 👍"),
            ("Bildung für alle 👍", "Bildung für alle"),
            ("👍 Sprache", "👍👍 Sprache ünd Kultur"),
            ("Grüße 👋🏽 aus Quakenbrück", "Grüße 👋 aus Quakenbrück"),
            ("äöü", "äXü"),
            ("", "ß"),
            ("ß", ""),
        ];
        for kind in [OffsetKind::Utf16, OffsetKind::Bytes] {
            for (old, new) in cases {
                check_replace(kind, old, new);
            }
        }
    }

    #[test]
    fn concurrent_edits_elsewhere_survive() {
        for kind in [OffsetKind::Utf16, OffsetKind::Bytes] {
            let a = doc(kind);
            let ta = a.get_or_insert_text("t");
            ta.insert(&mut a.transact_mut(), 0, "Bildung für alle");
            let b = doc(kind);
            let tb = b.get_or_insert_text("t");
            let full = a.transact().encode_state_as_update_v1(&Default::default());
            b.transact_mut()
                .apply_update(Update::decode_v1(&full).unwrap())
                .unwrap();

            let sv_a = a.transact().state_vector();
            let sv_b = b.transact().state_vector();
            replace(&mut a.transact_mut(), &ta, "Gute Bildung für alle");
            replace(&mut b.transact_mut(), &tb, "Bildung für alle 👍");
            let ua = a.transact().encode_state_as_update_v1(&sv_a);
            let ub = b.transact().encode_state_as_update_v1(&sv_b);
            a.transact_mut()
                .apply_update(Update::decode_v1(&ub).unwrap())
                .unwrap();
            b.transact_mut()
                .apply_update(Update::decode_v1(&ua).unwrap())
                .unwrap();

            assert_eq!(ta.get_string(&a.transact()), "Gute Bildung für alle 👍");
            assert_eq!(tb.get_string(&b.transact()), "Gute Bildung für alle 👍");
        }
    }
}
