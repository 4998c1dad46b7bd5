//! The documentation as a list of blocks (headings, paragraphs, lists, tables) with its words
//! already in one language. Markdown and HTML render these alike; neither knows the board.

use crate::language::Language;

/// A whole document: title, the line under it, and the blocks that follow.
pub(super) struct Document {
    /// Language of the words (the HTML page's `lang`).
    pub lang: Language,
    /// The board title.
    pub title: String,
    /// "Dokumentation vom …": what the document is and when it was made.
    pub subtitle: String,
    /// Everything below the title, in order.
    pub blocks: Vec<Block>,
}

/// One block. All strings are plain text (user text unescaped); line breaks in them are kept.
pub(super) enum Block {
    /// A heading of level 2 to 5 (level 1 is the document title).
    Heading(u8, String),
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A bulleted list, each item a run of inlines.
    List(Vec<Vec<Inline>>),
    /// A table.
    Table(Table),
}

/// A run of text inside a paragraph or list item.
pub(super) enum Inline {
    /// Plain text.
    Text(String),
    /// Strong text (labels such as "Regeln:").
    Strong(String),
    /// Emphasised text (notes such as "aus Bildung + Sprache").
    Em(String),
}

/// A table with a header row, body rows and an optional total row.
pub(super) struct Table {
    /// CSS class in HTML (`qa`, `ranking`, `goals`, …), so the page can size columns.
    pub class: &'static str,
    /// Header cells.
    pub head: Vec<String>,
    /// Body rows (as many cells as the header).
    pub rows: Vec<Vec<String>>,
    /// A total row, shown bold.
    pub foot: Option<Vec<String>>,
    /// Columns holding numbers (right-aligned).
    pub numeric: Vec<usize>,
    /// Whether the first cell of each row labels the row (a question, "Jahresziele").
    pub row_heads: bool,
}

impl Table {
    /// A table of text columns with `head`.
    pub fn new(class: &'static str, head: Vec<String>) -> Table {
        Table {
            class,
            head,
            rows: Vec::new(),
            foot: None,
            numeric: Vec::new(),
            row_heads: false,
        }
    }
}

impl Block {
    /// A paragraph of plain text.
    pub fn text(text: impl Into<String>) -> Block {
        Block::Paragraph(vec![Inline::Text(text.into())])
    }

    /// A list of plain-text items.
    pub fn list(items: impl IntoIterator<Item = String>) -> Block {
        Block::List(items.into_iter().map(|i| vec![Inline::Text(i)]).collect())
    }
}

/// `s` with every line break as `\n`: `\r\n` and a lone `\r` end a line in Markdown and
/// CSV readers too, but `str::lines` keeps a lone `\r` inside a line, where it could start a
/// heading or a table row that the escaping never saw.
pub(super) fn unify_line_breaks(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// An inline run escaped by `text` (a renderer's escaping, which trims), with a space kept
/// at either edge: it separates the run from its neighbour ("**Regeln:** 5 Punkte").
pub(super) fn run(s: &str, text: fn(&str) -> String) -> String {
    if s.trim().is_empty() {
        return if s.is_empty() {
            String::new()
        } else {
            " ".to_owned()
        };
    }
    let lead = if s.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let trail = if s.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    format!("{lead}{}{trail}", text(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_break_becomes_a_newline() {
        assert_eq!(unify_line_breaks("a\r\nb\rc\nd\r\r"), "a\nb\nc\nd\n\n");
    }
}
