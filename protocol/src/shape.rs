//! [`UpdateShape`]: a walk over an encoded Yjs update (v1), state vector or awareness update
//! before yrs decodes it. yrs reserves memory from the counts a message declares and decodes
//! nested values recursively, so a few crafted bytes can ask for gigabytes or overflow the
//! stack; this walk checks every count against the bytes really there and bounds the nesting,
//! reading with yrs' own cursor so that both see the same boundaries. It also reports what
//! the server's write rules need before applying: which clients the blocks are written
//! under, and which root maps they name.

use std::ops::Range;

use yrs::encoding::read::{Cursor, Read};
use yrs::encoding::write::Write;

/// Deepest nesting of a value (arrays and maps inside each other) an update may carry. The
/// board schema nests two levels; stock Yjs has no limit, but the decoder recurses per level.
pub const MAX_DEPTH: usize = 32;

/// Why a message's bytes were refused before decoding.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum ShapeError {
    /// The bytes end inside a value, or a field does not decode.
    #[error("{0}: truncated or malformed")]
    Truncated(&'static str),
    /// A count declares more entries than the remaining bytes can hold.
    #[error("{what} declares {count} entries but only {left} bytes follow")]
    Count {
        /// What was counted.
        what: &'static str,
        /// The declared count.
        count: u64,
        /// Bytes left in the message.
        left: usize,
    },
    /// Values nested deeper than [`MAX_DEPTH`].
    #[error("values nested deeper than {MAX_DEPTH} levels")]
    TooDeep,
    /// A block's content or type tag that yrs does not know, or that the board never uses
    /// (sub-documents).
    #[error("unsupported {0}")]
    Unsupported(&'static str),
    /// A client's clock would pass 2^32.
    #[error("clock overflow for client {0}")]
    ClockOverflow(u64),
    /// Bytes after the end of the message.
    #[error("trailing bytes")]
    Trailing,
}

/// The blocks one update writes under one client id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSection {
    /// The client id the blocks are written under.
    pub client: u64,
    /// Their clocks.
    pub clocks: Range<u32>,
    /// Where the section lies in the update's bytes (from its block count on).
    pub bytes: Range<usize>,
}

/// A block whose parent is named: a root type (and the key in it, for a map entry).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RootWrite {
    /// The root type's name.
    pub root: String,
    /// The map key, if the block is a map entry.
    pub key: Option<String>,
}

/// What an update writes, as far as it can be told without the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateShape {
    /// The client sections, in order.
    pub sections: Vec<ClientSection>,
    /// Blocks whose parent is a root type, by name (deduplicated, sorted).
    pub roots: Vec<RootWrite>,
    /// Where the delete set starts in the update's bytes.
    pub delete_set_at: usize,
    /// Number of blocks in all sections.
    pub blocks: usize,
}

impl UpdateShape {
    /// The update with the sections for which `keep` is false left out (their delete set is
    /// kept: deletions name the deleted items, not their writer).
    pub fn filter(&self, update: &[u8], keep: impl Fn(&ClientSection) -> bool) -> Vec<u8> {
        let kept: Vec<&ClientSection> = self.sections.iter().filter(|s| keep(s)).collect();
        let mut out = Vec::with_capacity(update.len());
        out.write_var(kept.len() as u64);
        for section in kept {
            out.extend_from_slice(&update[section.bytes.clone()]);
        }
        out.extend_from_slice(&update[self.delete_set_at..]);
        out
    }
}

/// A cursor that fails with [`ShapeError`]s and checks counts against what is left.
pub(crate) struct Walk<'a> {
    pub(crate) cur: Cursor<'a>,
}

impl<'a> Walk<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Walk<'a> {
        Walk {
            cur: Cursor::new(bytes),
        }
    }

    pub(crate) fn left(&self) -> usize {
        self.cur.buf.len() - self.cur.next
    }

    pub(crate) fn u8(&mut self, what: &'static str) -> Result<u8, ShapeError> {
        self.cur.read_u8().map_err(|_| ShapeError::Truncated(what))
    }

    pub(crate) fn u32(&mut self, what: &'static str) -> Result<u32, ShapeError> {
        self.cur
            .read_var::<u32>()
            .map_err(|_| ShapeError::Truncated(what))
    }

    pub(crate) fn u64(&mut self, what: &'static str) -> Result<u64, ShapeError> {
        self.cur
            .read_var::<u64>()
            .map_err(|_| ShapeError::Truncated(what))
    }

    fn skip(&mut self, n: usize, what: &'static str) -> Result<(), ShapeError> {
        self.cur
            .read_exact(n)
            .map(|_| ())
            .map_err(|_| ShapeError::Truncated(what))
    }

    pub(crate) fn string(&mut self, what: &'static str) -> Result<&str, ShapeError> {
        self.cur
            .read_string()
            .map_err(|_| ShapeError::Truncated(what))
    }

    fn buf(&mut self, what: &'static str) -> Result<(), ShapeError> {
        self.cur
            .read_buf()
            .map(|_| ())
            .map_err(|_| ShapeError::Truncated(what))
    }

    /// A count of entries that take at least `min_bytes` each.
    pub(crate) fn count(
        &mut self,
        what: &'static str,
        min_bytes: usize,
    ) -> Result<u64, ShapeError> {
        let count = self.u64(what)?;
        let left = self.left();
        if count.saturating_mul(min_bytes as u64) > left as u64 {
            return Err(ShapeError::Count { what, count, left });
        }
        Ok(count)
    }

    /// One lib0 `Any` value (yrs `Any::decode`), nested at most `depth` more levels.
    pub(crate) fn any(&mut self, depth: usize) -> Result<(), ShapeError> {
        match self.u8("value")? {
            127 | 126 | 121 | 120 => Ok(()),
            125 => self
                .cur
                .read_var::<i64>()
                .map(|_| ())
                .map_err(|_| ShapeError::Truncated("integer")),
            124 => self.skip(4, "float32"),
            123 | 122 => self.skip(8, "float64"),
            119 => self.string("string").map(|_| ()),
            118 => {
                let depth = depth.checked_sub(1).ok_or(ShapeError::TooDeep)?;
                for _ in 0..self.count("map entries", 2)? {
                    self.string("map key")?;
                    self.any(depth)?;
                }
                Ok(())
            }
            117 => {
                let depth = depth.checked_sub(1).ok_or(ShapeError::TooDeep)?;
                for _ in 0..self.count("array entries", 1)? {
                    self.any(depth)?;
                }
                Ok(())
            }
            116 => self.buf("buffer"),
            _ => Err(ShapeError::Unsupported("value type")),
        }
    }
}

/// Content refs and flags of a block's info byte (yrs `block.rs`).
const GC: u8 = 0;
const SKIP: u8 = 10;
pub(crate) const HAS_ORIGIN: u8 = 0b1000_0000;
const HAS_RIGHT_ORIGIN: u8 = 0b0100_0000;
const HAS_PARENT_SUB: u8 = 0b0010_0000;
/// The info byte's bits that hold the content ref.
pub(crate) const CONTENT: u8 = 0b1111;
/// Content refs the splitter can cut (yrs `BLOCK_ITEM_STRING_REF_NUMBER`, `…_ANY_…`).
pub(crate) const STRING: u8 = 4;
pub(crate) const ANY: u8 = 8;

/// Walks an update (v1) the way yrs' `Update::decode_v1` reads it, refusing what would make
/// yrs allocate far beyond the message's size or recurse without bound.
pub fn inspect_update(bytes: &[u8]) -> Result<UpdateShape, ShapeError> {
    let mut w = Walk::new(bytes);
    let mut shape = UpdateShape::default();
    let mut roots = std::collections::BTreeSet::new();
    // A section is at least: block count, client, clock, one info byte.
    let sections = w.count("clients", 4)?;
    for _ in 0..sections {
        let start = w.cur.next;
        let blocks = w.count("blocks", 2)?;
        let client = w.u64("client")?;
        let first = w.u32("clock")?;
        let mut clock = first;
        for _ in 0..blocks {
            let len = block(&mut w, &mut roots)?;
            clock = clock
                .checked_add(len)
                .ok_or(ShapeError::ClockOverflow(client))?;
        }
        shape.blocks += blocks as usize;
        shape.sections.push(ClientSection {
            client,
            clocks: first..clock,
            bytes: start..w.cur.next,
        });
    }
    shape.delete_set_at = w.cur.next;
    delete_set(&mut w)?;
    if w.left() > 0 {
        return Err(ShapeError::Trailing);
    }
    shape.roots = roots.into_iter().collect();
    Ok(shape)
}

/// One block; returns its length in clock ticks.
fn block(
    w: &mut Walk<'_>,
    roots: &mut std::collections::BTreeSet<RootWrite>,
) -> Result<u32, ShapeError> {
    let head = block_head(w, Some(roots))?;
    match head.range {
        Some(len) => Ok(len),
        None => content(w, head.info & CONTENT),
    }
}

/// A block id: client and clock.
pub(crate) type Id = (u64, u32);

/// What precedes a block's content: its info byte and the blocks it names.
pub(crate) struct BlockHead {
    /// The info byte (content ref in the low four bits, as yrs reads it, flags in the high ones).
    pub info: u8,
    /// The item to its left when it was inserted.
    pub origin: Option<Id>,
    /// The item to its right when it was inserted.
    pub right: Option<Id>,
    /// The item of the type it belongs to, when that is not a root named by its name.
    pub parent: Option<Id>,
    /// For a GC or skip range: its length (it has no content).
    pub range: Option<u32>,
}

/// Reads a block up to its content, reporting root-level writes to `roots`.
pub(crate) fn block_head(
    w: &mut Walk<'_>,
    roots: Option<&mut std::collections::BTreeSet<RootWrite>>,
) -> Result<BlockHead, ShapeError> {
    let info = w.u8("block info")?;
    let mut head = BlockHead {
        info,
        origin: None,
        right: None,
        parent: None,
        range: None,
    };
    if info == SKIP || info == GC {
        let len = w.u32("range length")?;
        if len == 0 {
            return Err(ShapeError::Unsupported("empty block"));
        }
        head.range = Some(len);
        return Ok(head);
    }
    if info & HAS_ORIGIN != 0 {
        head.origin = Some((w.u64("origin client")?, w.u32("origin clock")?));
    }
    if info & HAS_RIGHT_ORIGIN != 0 {
        head.right = Some((w.u64("right origin client")?, w.u32("right origin clock")?));
    }
    if info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN) == 0 {
        let named = w.u32("parent info")? == 1;
        let root = if named {
            Some(w.string("parent name")?.to_owned())
        } else {
            head.parent = Some((w.u64("parent client")?, w.u32("parent clock")?));
            None
        };
        let key = if info & HAS_PARENT_SUB != 0 {
            Some(w.string("parent key")?.to_owned())
        } else {
            None
        };
        if let (Some(root), Some(roots)) = (root, roots) {
            roots.insert(RootWrite { root, key });
        }
    }
    Ok(head)
}

/// A block's content (yrs `ItemContent::decode`); returns its length.
pub(crate) fn content(w: &mut Walk<'_>, kind: u8) -> Result<u32, ShapeError> {
    match kind {
        // Deleted: a length only.
        1 => {
            let len = w.u32("deleted length")?;
            Ok(len)
        }
        // JSON: yrs reads `len + 1` strings.
        2 => {
            let len = w.u32("json count")?;
            let count = u64::from(len) + 1;
            if count > w.left() as u64 {
                return Err(ShapeError::Count {
                    what: "json strings",
                    count,
                    left: w.left(),
                });
            }
            for _ in 0..count {
                w.string("json string")?;
            }
            u32::try_from(count).map_err(|_| ShapeError::Unsupported("json count"))
        }
        3 => w.buf("binary").map(|_| 1),
        4 => {
            let s = w.string("string")?;
            // Yjs counts text in UTF-16 units.
            Ok(s.encode_utf16().count() as u32)
        }
        // Embed (JSON text, parsed by serde_json with its own depth limit).
        5 => w.string("embed").map(|_| 1),
        6 => {
            w.string("format key")?;
            w.string("format value")?;
            Ok(1)
        }
        7 => {
            match w.u8("type ref")? {
                0 | 1 | 2 | 4 | 5 | 6 => {}
                3 => {
                    w.string("xml element name")?;
                }
                _ => return Err(ShapeError::Unsupported("shared type")),
            }
            Ok(1)
        }
        8 => {
            let len = w.count("values", 1)?;
            for _ in 0..len {
                w.any(MAX_DEPTH)?;
            }
            u32::try_from(len).map_err(|_| ShapeError::Unsupported("value count"))
        }
        9 => Err(ShapeError::Unsupported("sub-document")),
        _ => Err(ShapeError::Unsupported("block content")),
    }
}

/// A delete set (yrs `IdSet::decode`).
pub(crate) fn delete_set(w: &mut Walk<'_>) -> Result<(), ShapeError> {
    delete_set_with(w, |_, _| {})
}

/// A delete set, telling `seen` each client as it starts (`None`) and each of its ranges
/// (`Some((clock, length))`).
pub(crate) fn delete_set_with(
    w: &mut Walk<'_>,
    mut seen: impl FnMut(u64, Option<(u32, u32)>),
) -> Result<(), ShapeError> {
    // Client, range count, and one range (clock, length) at least.
    for _ in 0..w.count("delete set clients", 4)? {
        let client = w.u64("delete set client")?;
        seen(client, None);
        for _ in 0..w.count("delete ranges", 2)? {
            let clock = w.u32("delete clock")?;
            let len = w.u32("delete length")?;
            clock
                .checked_add(len)
                .ok_or(ShapeError::ClockOverflow(client))?;
            seen(client, Some((clock, len)));
        }
    }
    Ok(())
}

/// Checks a state vector (v1) before yrs decodes it: its entry count against its bytes.
pub fn inspect_state_vector(bytes: &[u8]) -> Result<(), ShapeError> {
    let mut w = Walk::new(bytes);
    for _ in 0..w.count("state vector entries", 2)? {
        w.u64("client")?;
        w.u32("clock")?;
    }
    if w.left() > 0 {
        return Err(ShapeError::Trailing);
    }
    Ok(())
}

/// Checks an awareness update before yrs decodes it: its entry count against its bytes.
pub fn inspect_awareness(bytes: &[u8]) -> Result<(), ShapeError> {
    let mut w = Walk::new(bytes);
    for _ in 0..w.count("awareness entries", 3)? {
        w.u64("client")?;
        w.u32("clock")?;
        w.string("state")?;
    }
    if w.left() > 0 {
        return Err(ShapeError::Trailing);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::updates::decoder::Decode;
    use yrs::updates::encoder::Encode;
    use yrs::{Any, Array, Doc, Map, MapPrelim, ReadTxn, StateVector, Text, Transact, Update};

    fn full(doc: &Doc) -> Vec<u8> {
        doc.transact()
            .encode_state_as_update_v1(&StateVector::default())
    }

    /// A document using every kind of content the board writes.
    fn board_like() -> Doc {
        let doc = Doc::with_client_id(7);
        let cards = doc.get_or_insert_map("cards");
        let order = doc.get_or_insert_array("order");
        let mut txn = doc.transact_mut();
        let card = cards.insert(&mut txn, "c1", MapPrelim::default());
        card.insert(&mut txn, "x", 12.5);
        card.insert(&mut txn, "y", -3);
        card.insert(&mut txn, "color", "#ffcc00");
        card.insert(
            &mut txn,
            "tags",
            Any::from(vec![Any::from("a"), Any::Null, Any::Bool(true)]),
        );
        let text = card.insert(&mut txn, "text", yrs::TextPrelim::new("Kernthese 😀"));
        text.insert(&mut txn, 2, "x");
        order.push_back(&mut txn, "c1");
        cards.remove(&mut txn, "c0");
        drop(txn);
        let other = Doc::with_client_id(9);
        other
            .get_or_insert_map("meta")
            .insert(&mut other.transact_mut(), "title", "T");
        doc.transact_mut()
            .apply_update(Update::decode_v1(&full(&other)).unwrap())
            .unwrap();
        // A deletion, so the delete set is not empty.
        let mut txn = doc.transact_mut();
        cards.remove(&mut txn, "c1");
        drop(txn);
        doc
    }

    #[test]
    fn real_updates_pass_and_report_their_sections_and_roots() {
        let bytes = full(&board_like());
        let shape = inspect_update(&bytes).expect("a real update passes");
        let mut clients: Vec<u64> = shape.sections.iter().map(|s| s.client).collect();
        clients.sort();
        assert_eq!(clients, [7, 9]);
        let roots: Vec<&str> = shape.roots.iter().map(|r| r.root.as_str()).collect();
        assert!(roots.contains(&"cards") && roots.contains(&"meta") && roots.contains(&"order"));
        assert!(shape
            .roots
            .iter()
            .any(|r| r.root == "meta" && r.key.as_deref() == Some("title")));
        let seven = shape.sections.iter().find(|s| s.client == 7).unwrap();
        let sv = board_like().transact().state_vector();
        assert_eq!(seven.clocks.end, sv.get(&yrs::ClientID::new(7)));
    }

    #[test]
    fn filtering_drops_a_clients_blocks_and_keeps_the_rest() {
        let bytes = full(&board_like());
        let shape = inspect_update(&bytes).unwrap();
        let only_nine = shape.filter(&bytes, |s| s.client == 9);
        let doc = Doc::new();
        doc.transact_mut()
            .apply_update(Update::decode_v1(&only_nine).unwrap())
            .unwrap();
        let sv = doc.transact().state_vector();
        assert_eq!(sv.get(&yrs::ClientID::new(7)), 0);
        assert!(sv.get(&yrs::ClientID::new(9)) > 0);
        assert_eq!(shape.filter(&bytes, |_| true), bytes);
    }

    #[test]
    fn deep_nesting_is_refused_before_yrs_recurses() {
        // One root-level Any block holding `[[[…]]]` nested 10,000 deep: yrs' decoder would
        // recurse once per level and overflow the stack.
        let mut bytes = vec![1, 1, 5, 0, 8, 1, 1, b'a', 1];
        for _ in 0..10_000 {
            bytes.extend_from_slice(&[117, 1]);
        }
        bytes.push(126);
        bytes.push(0);
        assert_eq!(inspect_update(&bytes), Err(ShapeError::TooDeep));
        // Within the limit it passes, and yrs agrees it is an update.
        let mut ok = vec![1, 1, 5, 0, 8, 1, 1, b'a', 1];
        for _ in 0..MAX_DEPTH {
            ok.extend_from_slice(&[117, 1]);
        }
        ok.push(126);
        ok.push(0);
        inspect_update(&ok).expect("32 levels pass");
        Update::decode_v1(&ok).expect("and decode");
    }

    #[test]
    fn declared_counts_beyond_the_bytes_are_refused() {
        // 2^28 clients in a handful of bytes.
        let bytes = [0x80, 0x80, 0x80, 0x80, 0x01, 0];
        assert!(matches!(
            inspect_update(&bytes),
            Err(ShapeError::Count { .. })
        ));
        // 2^29 state vector entries.
        assert!(matches!(
            inspect_state_vector(&[0x80, 0x80, 0x80, 0x80, 0x02]),
            Err(ShapeError::Count { .. })
        ));
        // An awareness update declaring a million clients.
        assert!(matches!(
            inspect_awareness(&[0xc0, 0x84, 0x3d, 1, 1, 0]),
            Err(ShapeError::Count { .. })
        ));
        // An Any array declaring 2^30 values.
        let bytes = [
            1, 1, 5, 0, 8, 1, 1, b'a', 1, 117, 0x80, 0x80, 0x80, 0x80, 0x04, 0,
        ];
        assert!(matches!(
            inspect_update(&bytes),
            Err(ShapeError::Count { .. })
        ));
    }

    #[test]
    fn clocks_that_would_overflow_are_refused() {
        // A GC block of length u32::MAX at clock 5.
        let bytes = [1, 1, 3, 5, 0, 0xff, 0xff, 0xff, 0xff, 0x0f, 0];
        assert_eq!(inspect_update(&bytes), Err(ShapeError::ClockOverflow(3)));
        let ds = [0, 1, 3, 1, 5, 0xff, 0xff, 0xff, 0xff, 0x0f];
        assert_eq!(inspect_update(&ds), Err(ShapeError::ClockOverflow(3)));
    }

    #[test]
    fn empty_and_stock_messages_pass() {
        inspect_update(Update::EMPTY_V1).unwrap();
        inspect_state_vector(&StateVector::default().encode_v1()).unwrap();
        inspect_awareness(&[0]).unwrap();
        assert_eq!(inspect_update(&[0, 0, 0]), Err(ShapeError::Trailing));
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_yrs_on_mutated_updates(
            at in 0usize..400,
            byte in proptest::num::u8::ANY,
            cut in 0usize..400,
        ) {
            let mut bytes = full(&board_like());
            let i = at % bytes.len();
            bytes[i] = byte;
            bytes.truncate(bytes.len() - cut % bytes.len());
            // Whatever passes the walk, yrs reads with the same boundaries: the sections it
            // reports are exactly the clients whose blocks yrs decodes. (Not the update's state
            // vector: that leaves out a client whose blocks do not start at clock 0.)
            if let Ok(shape) = inspect_update(&bytes) {
                if let Ok(update) = Update::decode_v1(&bytes) {
                    let mut ours: Vec<u64> = shape.sections.iter()
                        .filter(|s| !s.clocks.is_empty())
                        .map(|s| s.client).collect();
                    ours.sort();
                    ours.dedup();
                    let blocks = update.insertions(true);
                    let mut theirs: Vec<u64> = blocks.iter().map(|(c, _)| c.get()).collect();
                    theirs.sort();
                    proptest::prop_assert_eq!(ours, theirs);
                }
            }
        }
    }
}
