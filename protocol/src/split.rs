//! [`split_update`]: one update (v1) as several smaller, complete updates that, applied in
//! order, give the same document, each at most a given size. A board made offline can be
//! far larger than the server's largest websocket message (1 MiB by default); its first sync
//! sends it as such pieces, each an ordinary update frame, so the server checks, applies,
//! stores and relays each like any other update (docs/API.md, "Large updates").
//!
//! An update (v1) is a list of client sections, each a run of blocks with consecutive
//! clocks, followed by a delete set; every block names the blocks it depends on (its left
//! and right neighbour at insertion, the type it belongs to) by id and is encoded without
//! reference to the blocks around it. So a piece is a run of each client's blocks, copied
//! as bytes, behind a new section header. The pieces follow the blocks' dependencies: a
//! block goes into a piece only once every block of the update it names is in that piece or
//! an earlier one, so a piece never leaves the receiver waiting for a later one (the server
//! refuses a participant's update that leaves changes pending). The delete set follows the
//! blocks, cut by ranges. A block too large for a piece on its own is cut like Yjs cuts
//! items: text at a character, a list of values between values; the parts after the first
//! name the part before as their left neighbour.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::ops::Range;

use yrs::encoding::read::{Cursor, Read};
use yrs::encoding::write::Write;

use crate::frame::Frame;
use crate::shape::{
    block_head, content, delete_set_with, BlockHead, Id, ShapeError, Walk, ANY, CONTENT,
    HAS_ORIGIN, MAX_DEPTH, STRING,
};

/// The size (payload bytes) the app and the server cut updates to: a quarter of the server's
/// default frame limit, so a server configured well below the default still takes them.
pub const PIECE_BYTES: usize = 256 * 1024;

/// Most bytes a section header takes in a piece: block count, client, first clock.
const SECTION_HEAD: usize = 5 + 10 + 5;
/// Most bytes a piece's client count and its delete set's client count take.
const PIECE_HEAD: usize = 5 + 5;
/// Most bytes a delete set client header takes (client, range count).
const DELETE_CLIENT: usize = 10 + 5;
/// Most bytes one delete range takes (clock, length).
const DELETE_RANGE: usize = 5 + 5;
/// Most bytes the header of a cut block's later parts takes: info, left and right origin.
const PART_HEAD: usize = 1 + 15 + 15;
/// Most bytes a content's own length or count takes.
const CONTENT_LEN: usize = 5;

/// Cuts `update` (v1) into updates of at most `max_bytes` each that, applied in this order,
/// give the same document as `update`. One that fits is returned as it is. A piece is larger
/// than `max_bytes` only if it is a single block that cannot be cut: content other than text
/// or values (binary, embeds, formats), or a single value larger than `max_bytes`.
///
/// Reads `update` with the same checks as [`crate::inspect_update`], so it may come from
/// anyone.
pub fn split_update(update: &[u8], max_bytes: usize) -> Result<Vec<Vec<u8>>, ShapeError> {
    if update.len() <= max_bytes {
        return Ok(vec![update.to_vec()]);
    }
    let max_block = max_bytes.saturating_sub(PIECE_HEAD + SECTION_HEAD);
    let parsed = parse(update, max_block)?;
    let order = schedule(&parsed.sections);
    Ok(pack(update, &parsed, &order, max_bytes))
}

/// `update` as [`Frame::Update`]s of at most `max_bytes` payload each. An update that does
/// not read as one goes whole, in one frame: the receiver refuses it as it would anyway.
pub fn update_frames(update: Vec<u8>, max_bytes: usize) -> Vec<Frame> {
    pieces(update, max_bytes)
        .into_iter()
        .map(Frame::Update)
        .collect()
}

/// A sync step 2 answer as frames of at most `max_bytes` payload each: the pieces before the
/// last as [`Frame::Update`]s, the last as the [`Frame::SyncStep2`], since a stock
/// y-websocket client counts itself synced at the first step 2 it gets.
pub fn answer_frames(diff: Vec<u8>, max_bytes: usize) -> Vec<Frame> {
    let mut pieces = pieces(diff, max_bytes);
    let last = pieces.pop().map(Frame::SyncStep2);
    pieces.into_iter().map(Frame::Update).chain(last).collect()
}

fn pieces(update: Vec<u8>, max_bytes: usize) -> Vec<Vec<u8>> {
    if update.len() <= max_bytes {
        return vec![update];
    }
    split_update(&update, max_bytes).unwrap_or_else(|_| vec![update])
}

/// A block's bytes: a range of the update, or made when a block was cut.
enum Chunk {
    At(Range<usize>),
    Made(Vec<u8>),
}

impl Chunk {
    fn bytes<'a>(&'a self, update: &'a [u8]) -> &'a [u8] {
        match self {
            Chunk::At(range) => &update[range.clone()],
            Chunk::Made(bytes) => bytes,
        }
    }

    fn len(&self) -> usize {
        match self {
            Chunk::At(range) => range.len(),
            Chunk::Made(bytes) => bytes.len(),
        }
    }
}

/// One block of a section: its bytes, clocks and the ids it depends on.
struct Block {
    chunk: Chunk,
    clock: u32,
    deps: [Option<Id>; 3],
}

/// One client's run of blocks.
struct Section {
    client: u64,
    clocks: Range<u32>,
    blocks: Vec<Block>,
}

/// An update taken apart.
struct Parsed {
    sections: Vec<Section>,
    /// The delete set: per client, its (clock, length) ranges.
    deletes: Vec<(u64, Vec<(u32, u32)>)>,
}

/// Reads the update's sections and delete set, cutting blocks larger than `max_block`.
fn parse(update: &[u8], max_block: usize) -> Result<Parsed, ShapeError> {
    let mut w = Walk::new(update);
    let mut sections = Vec::new();
    for _ in 0..w.count("clients", 4)? {
        let count = w.count("blocks", 2)?;
        let client = w.u64("client")?;
        let start = w.u32("clock")?;
        let mut clock = start;
        let mut blocks = Vec::new();
        for _ in 0..count {
            let at = w.cur.next;
            let head = block_head(&mut w, None)?;
            let content_at = w.cur.next;
            let len = match head.range {
                Some(len) => len,
                None => content(&mut w, head.info & CONTENT)?,
            };
            let end = clock
                .checked_add(len)
                .ok_or(ShapeError::ClockOverflow(client))?;
            let whole = at..w.cur.next;
            if whole.len() > max_block && head.range.is_none() {
                let place = Place { client, clock };
                cut(
                    update,
                    &head,
                    whole,
                    content_at,
                    place,
                    max_block,
                    &mut blocks,
                )?;
            } else {
                blocks.push(Block {
                    chunk: Chunk::At(whole),
                    clock,
                    deps: [head.origin, head.right, head.parent],
                });
            }
            clock = end;
        }
        sections.push(Section {
            client,
            clocks: start..clock,
            blocks,
        });
    }
    let mut deletes: Vec<(u64, Vec<(u32, u32)>)> = Vec::new();
    delete_set_with(&mut w, |client, range| match range {
        None => deletes.push((client, Vec::new())),
        Some(range) => {
            if let Some((_, ranges)) = deletes.last_mut() {
                ranges.push(range);
            }
        }
    })?;
    if w.left() > 0 {
        return Err(ShapeError::Trailing);
    }
    Ok(Parsed { sections, deletes })
}

/// Where a block starts: its client and clock.
#[derive(Clone, Copy)]
struct Place {
    client: u64,
    clock: u32,
}

/// Cuts one block (bytes `whole`, content from `content_at`) into parts of at most
/// `max_block` bytes where its content allows; otherwise keeps it whole.
fn cut(
    update: &[u8],
    head: &BlockHead,
    whole: Range<usize>,
    content_at: usize,
    at: Place,
    max_block: usize,
    out: &mut Vec<Block>,
) -> Result<(), ShapeError> {
    let first_head = &update[whole.start..content_at];
    let room = max_block.saturating_sub(first_head.len().max(PART_HEAD) + CONTENT_LEN);
    let body = &update[content_at..whole.end];
    let parts = match head.info & CONTENT {
        // Room for at least one character of up to four bytes.
        STRING if room >= 4 => string_parts(body, room)?,
        ANY if room >= 1 => value_parts(body, room)?,
        _ => Vec::new(),
    };
    if parts.len() < 2 {
        out.push(Block {
            chunk: Chunk::At(whole),
            clock: at.clock,
            deps: [head.origin, head.right, head.parent],
        });
        return Ok(());
    }
    let mut offset = 0u32;
    for (content, len) in parts {
        let clock = at.clock + offset;
        let block = if offset == 0 {
            let mut bytes = first_head.to_vec();
            bytes.extend_from_slice(&content);
            Block {
                chunk: Chunk::Made(bytes),
                clock,
                deps: [head.origin, head.right, head.parent],
            }
        } else {
            // As Yjs splits an item: the left neighbour is the part before, the right one
            // stays; the parent is then taken from the left neighbour.
            let left = (at.client, clock - 1);
            let mut bytes = Vec::with_capacity(PART_HEAD + content.len());
            bytes.write_u8(head.info | HAS_ORIGIN);
            bytes.write_var(left.0);
            bytes.write_var(left.1);
            if let Some((client, clock)) = head.right {
                bytes.write_var(client);
                bytes.write_var(clock);
            }
            bytes.extend_from_slice(&content);
            Block {
                chunk: Chunk::Made(bytes),
                clock,
                deps: [Some(left), head.right, None],
            }
        };
        out.push(block);
        offset += len;
    }
    Ok(())
}

/// Text content cut at characters into encoded parts of at most `room` bytes of text, each
/// with its length in UTF-16 units (Yjs' text length).
fn string_parts(body: &[u8], room: usize) -> Result<Vec<(Vec<u8>, u32)>, ShapeError> {
    let mut cur = Cursor::new(body);
    let text = cur
        .read_string()
        .map_err(|_| ShapeError::Truncated("string"))?;
    let mut parts = Vec::new();
    let (mut start, mut bytes, mut units) = (0, 0, 0u32);
    for (i, c) in text.char_indices() {
        if bytes + c.len_utf8() > room && bytes > 0 {
            parts.push(encoded_string(&text[start..i], units));
            (start, bytes, units) = (i, 0, 0);
        }
        bytes += c.len_utf8();
        units += c.len_utf16() as u32;
    }
    if bytes > 0 {
        parts.push(encoded_string(&text[start..], units));
    }
    Ok(parts)
}

fn encoded_string(part: &str, units: u32) -> (Vec<u8>, u32) {
    let mut content = Vec::with_capacity(part.len() + CONTENT_LEN);
    content.write_string(part);
    (content, units)
}

/// A list of values cut between values into encoded parts of at most `room` bytes of
/// values each (a larger value is a part of its own), each with its count.
fn value_parts(body: &[u8], room: usize) -> Result<Vec<(Vec<u8>, u32)>, ShapeError> {
    let mut w = Walk::new(body);
    let count = w.count("values", 1)?;
    let mut parts = Vec::new();
    let mut part: Vec<u8> = Vec::new();
    let mut values = 0u32;
    for _ in 0..count {
        let at = w.cur.next;
        w.any(MAX_DEPTH)?;
        let value = &body[at..w.cur.next];
        if part.len() + value.len() > room && values > 0 {
            parts.push(encoded_values(&part, values));
            part.clear();
            values = 0;
        }
        part.extend_from_slice(value);
        values += 1;
    }
    if values > 0 {
        parts.push(encoded_values(&part, values));
    }
    Ok(parts)
}

fn encoded_values(values: &[u8], count: u32) -> (Vec<u8>, u32) {
    let mut content = Vec::with_capacity(values.len() + CONTENT_LEN);
    content.write_var(count);
    content.extend_from_slice(values);
    (content, count)
}

/// The order to send the blocks in, as (section, block) indices: each client's blocks in
/// clock order, and a block only after every block of the update it depends on. Ids outside
/// the update are the receiver's to have. Should the dependencies go in a circle (not in a
/// real document's history), the first waiting block goes next anyway.
///
/// A section that cannot go on waits for the section it depends on to pass the clock it
/// needs, and is woken then: every block is looked at a bounded number of times, whatever the
/// history (the server cuts documents that anyone may have written to).
fn schedule(sections: &[Section]) -> Vec<(usize, usize)> {
    let by_client: HashMap<u64, usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.client, i))
        .collect();
    let total: usize = sections.iter().map(|s| s.blocks.len()).sum();
    let mut order = Vec::with_capacity(total);
    let mut state = Schedule {
        next: vec![0; sections.len()],
        sent: sections.iter().map(|s| s.clocks.start).collect(),
        waiting: vec![BinaryHeap::new(); sections.len()],
        ready: (0..sections.len()).rev().collect(),
    };
    let mut first_open = 0;
    while order.len() < total {
        let Some(i) = state.ready.pop() else {
            // Nothing can go on: a circle. The first waiting block goes anyway.
            while state.next[first_open] == sections[first_open].blocks.len() {
                first_open += 1;
            }
            state.send(sections, first_open, &mut order);
            state.ready.push(first_open);
            continue;
        };
        while let Some(block) = sections[i].blocks.get(state.next[i]) {
            let missing = block.deps.iter().flatten().find_map(|&(client, clock)| {
                let &j = by_client.get(&client)?;
                let inside = sections[j].clocks.contains(&clock);
                (inside && clock >= state.sent[j]).then_some((j, clock))
            });
            match missing {
                Some((j, clock)) => {
                    state.waiting[j].push(Reverse((clock, i)));
                    break;
                }
                None => state.send(sections, i, &mut order),
            }
        }
    }
    order
}

/// Where [`schedule`] is.
struct Schedule {
    /// Each section's next block.
    next: Vec<usize>,
    /// Where the clocks sent of each section end.
    sent: Vec<u32>,
    /// Per section: the sections waiting for it to pass a clock, smallest clock first.
    waiting: Vec<BinaryHeap<Reverse<(u32, usize)>>>,
    /// Sections that may be able to go on.
    ready: Vec<usize>,
}

impl Schedule {
    /// Sends section `i`'s next block and wakes the sections that waited for it.
    fn send(&mut self, sections: &[Section], i: usize, order: &mut Vec<(usize, usize)>) {
        order.push((i, self.next[i]));
        self.next[i] += 1;
        self.sent[i] = end_of(&sections[i], self.next[i]);
        while let Some(&Reverse((clock, waiter))) = self.waiting[i].peek() {
            if clock >= self.sent[i] {
                break;
            }
            self.waiting[i].pop();
            self.ready.push(waiter);
        }
    }
}

/// Where the clocks of `section`'s first `n` blocks end.
fn end_of(section: &Section, n: usize) -> u32 {
    section
        .blocks
        .get(n)
        .map_or(section.clocks.end, |block| block.clock)
}

/// One piece being filled: runs of blocks per section, delete ranges per client.
struct Piece {
    runs: Vec<(usize, Range<usize>)>,
    /// Which run holds each section's blocks.
    run_of: HashMap<usize, usize>,
    deletes: Vec<(u64, Vec<(u32, u32)>)>,
    /// An upper bound of its encoded size.
    size: usize,
}

impl Piece {
    fn new() -> Piece {
        Piece {
            runs: Vec::new(),
            run_of: HashMap::new(),
            deletes: Vec::new(),
            size: PIECE_HEAD,
        }
    }

    fn is_empty(&self) -> bool {
        self.runs.is_empty() && self.deletes.is_empty()
    }

    fn encode(&self, update: &[u8], sections: &[Section]) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.size);
        out.write_var(self.runs.len() as u64);
        for (s, blocks) in &self.runs {
            let section = &sections[*s];
            out.write_var(blocks.len() as u64);
            out.write_var(section.client);
            out.write_var(section.blocks[blocks.start].clock);
            for block in &section.blocks[blocks.clone()] {
                out.extend_from_slice(block.chunk.bytes(update));
            }
        }
        out.write_var(self.deletes.len() as u64);
        for (client, ranges) in &self.deletes {
            out.write_var(*client);
            out.write_var(ranges.len() as u64);
            for &(clock, len) in ranges {
                out.write_var(clock);
                out.write_var(len);
            }
        }
        out
    }
}

/// Fills pieces of at most `max_bytes` with the blocks in `order`, then the delete set.
fn pack(
    update: &[u8],
    parsed: &Parsed,
    order: &[(usize, usize)],
    max_bytes: usize,
) -> Vec<Vec<u8>> {
    let sections = &parsed.sections;
    let mut pieces = Vec::new();
    let mut piece = Piece::new();
    for &(s, b) in order {
        let bytes = sections[s].blocks[b].chunk.len();
        let head = |piece: &Piece| {
            if piece.run_of.contains_key(&s) {
                0
            } else {
                SECTION_HEAD
            }
        };
        if piece.size + head(&piece) + bytes > max_bytes && !piece.is_empty() {
            pieces.push(piece.encode(update, sections));
            piece = Piece::new();
        }
        piece.size += head(&piece) + bytes;
        match piece.run_of.get(&s) {
            // A section's blocks go out in order, so a piece holds a contiguous run of them.
            Some(&run) => piece.runs[run].1.end = b + 1,
            None => {
                piece.run_of.insert(s, piece.runs.len());
                piece.runs.push((s, b..b + 1));
            }
        }
    }
    for (client, ranges) in &parsed.deletes {
        for &range in ranges {
            let head = |piece: &Piece| match piece.deletes.last() {
                Some((last, _)) if last == client => 0,
                _ => DELETE_CLIENT,
            };
            if piece.size + head(&piece) + DELETE_RANGE > max_bytes && !piece.is_empty() {
                pieces.push(piece.encode(update, sections));
                piece = Piece::new();
            }
            piece.size += head(&piece) + DELETE_RANGE;
            match piece.deletes.last_mut() {
                Some((last, ranges)) if last == client => ranges.push(range),
                _ => piece.deletes.push((*client, vec![range])),
            }
        }
    }
    if !piece.is_empty() || pieces.is_empty() {
        pieces.push(piece.encode(update, sections));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::types::ToJson;
    use yrs::updates::decoder::Decode;
    use yrs::{
        Any, Array, Doc, GetString, Map, MapPrelim, ReadTxn, StateVector, Text, TextPrelim,
        Transact, Update,
    };

    const ROOTS: [&str; 2] = ["cards", "order"];

    fn full(doc: &Doc) -> Vec<u8> {
        doc.transact()
            .encode_state_as_update_v1(&StateVector::default())
    }

    fn sync(from: &Doc, to: &Doc) {
        let sv = to.transact().state_vector();
        let diff = from.transact().encode_state_as_update_v1(&sv);
        to.transact_mut()
            .apply_update(Update::decode_v1(&diff).unwrap())
            .unwrap();
    }

    /// What a reader sees: every root as JSON, and the state vector.
    fn seen(doc: &Doc) -> (Vec<Any>, Vec<(u64, u32)>) {
        // A root is empty, not missing, where nothing was written to it.
        let (cards, order) = (
            doc.get_or_insert_map(ROOTS[0]),
            doc.get_or_insert_array(ROOTS[1]),
        );
        let txn = doc.transact();
        let roots = vec![cards.to_json(&txn), order.to_json(&txn)];
        let mut sv: Vec<(u64, u32)> = txn
            .state_vector()
            .iter()
            .map(|(c, k)| (c.get(), *k))
            .collect();
        sv.sort();
        (roots, sv)
    }

    /// Applies `pieces` in order to `doc`, checking each fits and leaves nothing pending.
    fn apply_all(doc: &Doc, pieces: &[Vec<u8>], max_bytes: usize) {
        for (i, piece) in pieces.iter().enumerate() {
            assert!(
                piece.len() <= max_bytes,
                "piece {i}: {} > {max_bytes}",
                piece.len()
            );
            crate::inspect_update(piece).expect("a piece is a well-formed update");
            let mut txn = doc.transact_mut();
            txn.apply_update(Update::decode_v1(piece).unwrap()).unwrap();
            assert!(
                !txn.has_missing_updates(),
                "piece {i} of {} leaves changes waiting for a later one",
                pieces.len()
            );
        }
    }

    /// Two devices editing each other's cards, with texts, a list and deletions.
    fn two_writers(cards: usize) -> Doc {
        let a = Doc::with_client_id(1);
        let b = Doc::with_client_id(2);
        for i in 0..cards {
            let (me, other) = if i % 3 == 0 { (&b, &a) } else { (&a, &b) };
            {
                let map = me.get_or_insert_map("cards");
                let order = me.get_or_insert_array("order");
                let mut txn = me.transact_mut();
                let card = map.insert(&mut txn, format!("c{i}"), MapPrelim::default());
                card.insert(&mut txn, "x", i as f64);
                let text = card.insert(&mut txn, "text", TextPrelim::new(format!("Karte {i} ✓")));
                text.push(&mut txn, " – mehr");
                order.push_back(&mut txn, format!("c{i}"));
            }
            sync(me, other);
            if i % 5 == 4 {
                // The other device edits this card's text and removes an older card.
                let map = other.get_or_insert_map("cards");
                let mut txn = other.transact_mut();
                if let Some(yrs::Out::YMap(card)) = map.get(&txn, &format!("c{i}")) {
                    if let Some(yrs::Out::YText(text)) = card.get(&txn, "text") {
                        text.insert(&mut txn, 2, "😀");
                        text.remove_range(&mut txn, 0, 1);
                    }
                }
                map.remove(&mut txn, &format!("c{}", i - 3));
                drop(txn);
                sync(other, me);
            }
        }
        sync(&b, &a);
        a
    }

    #[test]
    fn a_chain_across_two_of_many_clients_keeps_its_order() {
        // Two devices typing into one text by turns (each insert follows the other's), among
        // 300 others that wrote one card each: the pieces must follow the chain.
        let a = Doc::with_client_id(1);
        let b = Doc::with_client_id(2);
        a.get_or_insert_array("order")
            .push_back(&mut a.transact_mut(), Any::from("start"));
        sync(&a, &b);
        for i in 0..1500 {
            let (me, other) = if i % 2 == 0 { (&a, &b) } else { (&b, &a) };
            let order = me.get_or_insert_array("order");
            let mut txn = me.transact_mut();
            let len = order.len(&txn);
            order.insert(&mut txn, len, Any::from(f64::from(i)));
            drop(txn);
            sync(me, other);
        }
        for id in 10..310 {
            let doc = Doc::with_client_id(id);
            doc.get_or_insert_map("cards").insert(
                &mut doc.transact_mut(),
                format!("c{id}"),
                "Karte",
            );
            sync(&doc, &a);
        }
        let bytes = full(&a);
        let pieces = split_update(&bytes, 400).unwrap();
        let copy = Doc::new();
        apply_all(&copy, &pieces, 400);
        assert!(seen(&copy) == seen(&a), "the documents differ");
    }

    #[test]
    fn an_update_that_fits_is_returned_as_it_is() {
        let bytes = full(&two_writers(3));
        assert_eq!(
            split_update(&bytes, bytes.len()).unwrap(),
            vec![bytes.clone()]
        );
        assert_eq!(
            split_update(Update::EMPTY_V1, 16).unwrap(),
            vec![Update::EMPTY_V1.to_vec()]
        );
    }

    #[test]
    fn pieces_applied_in_order_give_the_same_document() {
        let doc = two_writers(300);
        let bytes = full(&doc);
        for max in [256, 1000, 4096, bytes.len() - 1] {
            let pieces = split_update(&bytes, max).unwrap();
            assert!(
                pieces.len() > 1,
                "{max}: {} bytes in one piece",
                bytes.len()
            );
            let copy = Doc::new();
            apply_all(&copy, &pieces, max);
            assert!(
                seen(&copy) == seen(&doc),
                "budget {max}: the documents differ"
            );
        }
    }

    #[test]
    fn a_diff_against_what_the_receiver_has_splits_too() {
        let doc = two_writers(200);
        let receiver = two_writers(40);
        let sv = receiver.transact().state_vector();
        let diff = doc.transact().encode_state_as_update_v1(&sv);
        let pieces = split_update(&diff, 512).unwrap();
        assert!(pieces.len() > 3);
        apply_all(&receiver, &pieces, 512);
        assert!(seen(&receiver) == seen(&doc), "the documents differ");
    }

    #[test]
    fn a_long_text_is_cut_at_characters() {
        let doc = Doc::with_client_id(5);
        let cards = doc.get_or_insert_map("cards");
        let long: String = "Ärger 😀 über Ölpreise. ".repeat(400);
        {
            let mut txn = doc.transact_mut();
            let card = cards.insert(&mut txn, "c1", MapPrelim::default());
            card.insert(&mut txn, "text", TextPrelim::new(long.clone()));
        }
        let bytes = full(&doc);
        let pieces = split_update(&bytes, 700).unwrap();
        assert!(pieces.len() > 10, "{} pieces", pieces.len());
        let copy = Doc::new();
        apply_all(&copy, &pieces, 700);
        let txn = copy.transact();
        let card = txn.get_map("cards").unwrap().get(&txn, "c1").unwrap();
        let yrs::Out::YMap(card) = card else {
            panic!("not a map")
        };
        let Some(yrs::Out::YText(text)) = card.get(&txn, "text") else {
            panic!("no text")
        };
        assert_eq!(text.get_string(&txn), long);
    }

    #[test]
    fn a_long_list_of_values_is_cut_between_values() {
        let doc = Doc::with_client_id(6);
        let order = doc.get_or_insert_array("order");
        let ids: Vec<Any> = (0..5000).map(|i| Any::from(format!("card{i}"))).collect();
        order.insert_range(&mut doc.transact_mut(), 0, ids);
        let bytes = full(&doc);
        let pieces = split_update(&bytes, 1024).unwrap();
        assert!(pieces.len() > 30, "{} pieces", pieces.len());
        let copy = Doc::new();
        apply_all(&copy, &pieces, 1024);
        assert!(seen(&copy) == seen(&doc), "the documents differ");
    }

    #[test]
    fn a_large_delete_set_is_spread_over_pieces() {
        let doc = Doc::with_client_id(8);
        let text = doc.get_or_insert_array("order");
        let values: Vec<Any> = (0..3000).map(|i| Any::from(i as f64)).collect();
        text.insert_range(&mut doc.transact_mut(), 0, values);
        // Every other value deleted: 1,500 separate delete ranges.
        for i in (0..1500).rev() {
            text.remove(&mut doc.transact_mut(), 2 * i);
        }
        let bytes = full(&doc);
        let pieces = split_update(&bytes, 300).unwrap();
        let copy = Doc::new();
        apply_all(&copy, &pieces, 300);
        assert!(seen(&copy) == seen(&doc), "the documents differ");
    }

    #[test]
    fn an_uncuttable_block_goes_alone() {
        let doc = Doc::with_client_id(9);
        let order = doc.get_or_insert_array("order");
        let mut txn = doc.transact_mut();
        order.push_back(&mut txn, Any::from("a"));
        order.push_back(&mut txn, Any::Buffer(vec![7u8; 2000].into()));
        order.push_back(&mut txn, Any::from("b"));
        drop(txn);
        let bytes = full(&doc);
        let pieces = split_update(&bytes, 500).unwrap();
        assert!(pieces.iter().filter(|p| p.len() > 500).count() == 1);
        let copy = Doc::new();
        for piece in &pieces {
            copy.transact_mut()
                .apply_update(Update::decode_v1(piece).unwrap())
                .unwrap();
        }
        assert!(seen(&copy) == seen(&doc), "the documents differ");
    }

    #[test]
    fn an_answer_ends_with_its_step_2() {
        let bytes = full(&two_writers(100));
        let frames = answer_frames(bytes.clone(), 1024);
        assert!(frames.len() > 2);
        let (last, rest) = frames.split_last().unwrap();
        assert!(matches!(last, Frame::SyncStep2(_)));
        assert!(rest.iter().all(|f| matches!(f, Frame::Update(_))));
        assert!(update_frames(bytes.clone(), 1024)
            .iter()
            .all(|f| matches!(f, Frame::Update(_))));
        assert_eq!(
            answer_frames(bytes.clone(), bytes.len()),
            vec![Frame::SyncStep2(bytes.clone())]
        );
        // What does not read as an update goes whole.
        assert_eq!(
            update_frames(vec![0xff; 2000], 1024),
            vec![Frame::Update(vec![0xff; 2000])]
        );
    }

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        let bytes = full(&two_writers(30));
        for cut in [1, 7, bytes.len() / 2, bytes.len() - 1] {
            let _ = split_update(&bytes[..cut], 64);
        }
        assert!(split_update(&[0x80, 0x80, 0x80, 0x80, 0x01, 0, 0, 0, 0], 2).is_err());
    }

    /// One random edit on one of three devices, or a sync between two.
    #[derive(Debug, Clone)]
    enum Op {
        Card {
            on: usize,
            id: u8,
            text: String,
        },
        Type {
            on: usize,
            id: u8,
            at: u8,
            text: String,
        },
        Erase {
            on: usize,
            id: u8,
            at: u8,
            len: u8,
        },
        Remove {
            on: usize,
            id: u8,
        },
        Push {
            on: usize,
            n: u8,
        },
        Sync {
            from: usize,
            to: usize,
        },
    }

    fn op() -> impl proptest::strategy::Strategy<Value = Op> {
        use proptest::prelude::*;
        let on = 0usize..3;
        prop_oneof![
            (on.clone(), 0u8..12, "[a-zäö😀 ]{0,40}").prop_map(|(on, id, text)| Op::Card {
                on,
                id,
                text
            }),
            (on.clone(), 0u8..12, any::<u8>(), "[a-z😀]{1,60}")
                .prop_map(|(on, id, at, text)| Op::Type { on, id, at, text }),
            (on.clone(), 0u8..12, any::<u8>(), 1u8..20).prop_map(|(on, id, at, len)| Op::Erase {
                on,
                id,
                at,
                len
            }),
            (on.clone(), 0u8..12).prop_map(|(on, id)| Op::Remove { on, id }),
            (on.clone(), 1u8..40).prop_map(|(on, n)| Op::Push { on, n }),
            (on.clone(), on).prop_map(|(from, to)| Op::Sync { from, to }),
        ]
    }

    fn text_of(doc: &Doc, id: u8) -> Option<yrs::TextRef> {
        let txn = doc.transact();
        let Some(yrs::Out::YMap(card)) = txn.get_map("cards")?.get(&txn, &format!("c{id}")) else {
            return None;
        };
        match card.get(&txn, "text") {
            Some(yrs::Out::YText(text)) => Some(text),
            _ => None,
        }
    }

    fn run(docs: &[Doc], op: &Op) {
        match op {
            Op::Card { on, id, text } => {
                let doc = &docs[*on];
                let cards = doc.get_or_insert_map("cards");
                let mut txn = doc.transact_mut();
                let card = cards.insert(&mut txn, format!("c{id}"), MapPrelim::default());
                card.insert(&mut txn, "text", TextPrelim::new(text.clone()));
            }
            Op::Type { on, id, at, text } => {
                if let Some(t) = text_of(&docs[*on], *id) {
                    let mut txn = docs[*on].transact_mut();
                    let len = t.len(&txn);
                    t.insert(&mut txn, u32::from(*at) % (len + 1), text);
                }
            }
            Op::Erase { on, id, at, len } => {
                if let Some(t) = text_of(&docs[*on], *id) {
                    let mut txn = docs[*on].transact_mut();
                    let total = t.len(&txn);
                    if total > 0 {
                        let at = u32::from(*at) % total;
                        t.remove_range(&mut txn, at, u32::from(*len).min(total - at));
                    }
                }
            }
            Op::Remove { on, id } => {
                let cards = docs[*on].get_or_insert_map("cards");
                cards.remove(&mut docs[*on].transact_mut(), &format!("c{id}"));
            }
            Op::Push { on, n } => {
                let order = docs[*on].get_or_insert_array("order");
                let values: Vec<Any> = (0..*n).map(|i| Any::from(f64::from(i))).collect();
                let mut txn = docs[*on].transact_mut();
                let len = order.len(&txn);
                order.insert_range(&mut txn, len / 2, values);
            }
            Op::Sync { from, to } => {
                if from != to {
                    sync(&docs[*from], &docs[*to]);
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(64))]
        #[test]
        fn random_histories_split_into_pieces_that_rebuild_them(
            ops in proptest::collection::vec(op(), 1..120),
            max in 96usize..800,
            base in 0usize..3,
        ) {
            // Text positions in UTF-16 units, as in Yjs and the board.
            let docs: Vec<Doc> = (1..=3)
                .map(|id| Doc::with_options(yrs::Options {
                    client_id: yrs::ClientID::new(id),
                    offset_kind: yrs::OffsetKind::Utf16,
                    ..yrs::Options::default()
                }))
                .collect();
            for op in &ops {
                run(&docs, op);
            }
            for i in 1..3 {
                sync(&docs[i], &docs[0]);
            }
            // What device 0 has that a new device (0) or device `base` lacks, as the first
            // sync would send it.
            let fresh = Doc::new();
            let receiver = if base == 0 { &fresh } else { &docs[base] };
            let sv = receiver.transact().state_vector();
            let diff = docs[0].transact().encode_state_as_update_v1(&sv);
            let pieces = split_update(&diff, max).unwrap();
            // Pieces are checked one by one as they arrive; the whole is the same.
            let copy = Doc::new();
            sync(receiver, &copy);
            apply_all(&copy, &pieces, max);
            proptest::prop_assert!(seen(&copy) == seen(&docs[0]), "the documents differ");
        }
    }
}
