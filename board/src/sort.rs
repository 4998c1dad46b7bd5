//! Stable sorting through one shared instance of the standard library's sort.
//!
//! `slice::sort_by` is generic over the element type *and* the comparator, so each call
//! site links its own copy of the sort (about 3.7 KB of wasm each; the board and the app
//! had 31 of them). These helpers sort a list of indices with a comparator behind `dyn`,
//! which links the sort once, and then swap the elements into that order. The result is
//! the same as `slice::sort_by`'s: stable, equal elements keep their order.
//!
//! `BTreeMap::from_iter` (`collect()` into a map) stable-sorts its pairs first, another sort
//! instance per key and value type; [`collect_map`] inserts them one by one instead.

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Sorts `v` stably by `cmp`, like `v.sort_by(cmp)`.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_indices(&mut order, &mut |a, b| cmp(&v[a], &v[b]));
    permute(&mut order, &mut |a, b| v.swap(a, b));
}

/// Sorts `v` stably by the key `f` gives, like `v.sort_by_key(f)`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut f: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| f(a).cmp(&f(b)));
}

/// Sorts `v` stably, like `v.sort()`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Collects pairs into a map like `pairs.collect::<BTreeMap<_, _>>()`: a later value for
/// the same key wins.
pub fn collect_map<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (k, v) in pairs {
        map.insert(k, v);
    }
    map
}

#[inline(never)]
fn sort_indices(order: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// Moves element `order[i]` to place `i` for every `i`, by swaps along the permutation's
/// cycles. `order` is used up (each visited place is marked as its own).
#[inline(never)]
fn permute(order: &mut [usize], swap: &mut dyn FnMut(usize, usize)) {
    for start in 0..order.len() {
        let mut place = start;
        while order[place] != place {
            let next = std::mem::replace(&mut order[place], place);
            if next == start {
                break;
            }
            swap(place, next);
            place = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn same_order_as_the_standard_sort(v in proptest::collection::vec((0u8..5, any::<u16>()), 0..64)) {
            let mut expected = v.clone();
            expected.sort_by_key(|a| a.0);
            let mut got = v.clone();
            sort_by(&mut got, |a, b| a.0.cmp(&b.0));
            prop_assert_eq!(&got, &expected);
            let mut got = v.clone();
            sort_by_key(&mut got, |x| x.0);
            prop_assert_eq!(&got, &expected);
            let mut expected = v.clone();
            expected.sort();
            let mut got = v;
            sort(&mut got);
            prop_assert_eq!(got, expected);
        }

        #[test]
        fn collect_map_is_collect(v in proptest::collection::vec((0u8..5, any::<u16>()), 0..64)) {
            let expected: BTreeMap<u8, u16> = v.iter().copied().collect();
            prop_assert_eq!(collect_map(v), expected);
        }
    }
}
