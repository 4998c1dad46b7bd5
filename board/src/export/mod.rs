//! The documentation of a board as pure functions: document in, text out. Markdown and a
//! print-ready HTML page in German or English, and the whole document as JSON for other
//! tools. Nothing here reads the clock or writes to the board.
//!
//! - `context.rs`: [`ExportContext`], the exporting device's date and UTC offset.
//! - `outline.rs`: what the documentation says, read from the board once (no language;
//!   votes only as aggregates, never who voted what).
//! - `compose.rs`, `sheets.rs`: the outline in words, as renderer-neutral blocks (`blocks.rs`).
//! - `agenda.rs`, `exercises.rs`: the day's agenda with when each step really started, and the
//!   positioning exercises (counts per position and the movement between questions, never who
//!   stood where), each read from the board and put into words.
//! - `sections.rs`: the facilitator's own words (a day's goals, a step's text section) as
//!   paragraphs and lists.
//! - `markdown.rs`, `html.rs`: the blocks as GitHub-flavoured Markdown or a standalone page.
//! - `photos.rs`: the photo record (`crate::photo`) in the print page, a landscape page per
//!   picture.
//! - `json.rs`: the document's root maps as sorted, indented JSON.
//! - `date.rs`: [`format_date`], today's date in words for the caller to pass in, and local
//!   clock times.

mod agenda;
mod blocks;
mod compose;
mod context;
mod date;
mod exercises;
pub(crate) mod html;
mod json;
mod markdown;
mod outline;
mod photos;
mod sections;
mod sheets;

pub use context::ExportContext;
pub use date::{clock_time, format_date, format_day};

use crate::board::Board;
use crate::language::Language;

/// The documentation as GitHub-flavoured Markdown: title and `ctx.date`, the day's agenda
/// with each day's goals and the steps' text sections (when each step really started, as
/// local time at `ctx.utc_offset_minutes`), the positioning exercises (counts and movement;
/// never who stood where), the facts tables, the fields with their cards, every voting round
/// past the draft (rules, state, ranking; never who voted what), merges, working groups,
/// every worksheet as a table, and the list of the people who chose to be in it. The board
/// never reads the clock.
pub fn markdown(board: &Board, lang: Language, ctx: &ExportContext) -> String {
    let doc = compose::document(&outline::Outline::read(board), lang, ctx);
    markdown::render(&doc)
}

/// The same documentation as [`markdown`], as a complete HTML page (`<!DOCTYPE html>`, embedded
/// CSS with a print section for A4), so that the browser's "Save as PDF" gives a clean
/// document, followed by the photo record: a picture of each region (of the whole wall when
/// there are no regions), each on a landscape page of its own. Every user text is escaped.
pub fn html(board: &Board, lang: Language, ctx: &ExportContext) -> String {
    let doc = compose::document(&outline::Outline::read(board), lang, ctx);
    html::render(&doc, &photos::section(board, lang))
}

/// The whole board document as JSON for other tools: an object with each root map's name
/// (`meta`, `cards`, `clusters`, `rounds`, `ballots`, `agenda`, `exercises`, `answers`, …)
/// mapped to its content, texts as strings, plus `"schema"` (the document's format version).
/// Keys are sorted and the output indented, so exports diff well. Unlike the documentation
/// it holds everything, ids, ballots and answers included: it is what every participant's
/// device has anyway (anonymous ballots and answers are keyed by unlinkable pseudonyms).
pub fn json(board: &Board) -> String {
    json::render(board)
}
