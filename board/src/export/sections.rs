//! The facilitator's own words in the documentation (a day's goals, a step's text section)
//! as blocks: paragraphs separated by blank lines, and lines starting with "- ", "* " or
//! "• " as a bulleted list. Nothing else is read as markup: the renderers escape the rest.

use super::blocks::{Block, Inline};

/// The bullets a list line may start with (followed by a space).
const BULLETS: [&str; 4] = ["- ", "* ", "• ", "– "];

/// A line's text without its bullet, if it is a list item.
fn item(line: &str) -> Option<&str> {
    BULLETS
        .iter()
        .find_map(|b| line.strip_prefix(b))
        .map(str::trim)
}

/// `text` as paragraphs and lists, in order; nothing for a blank text.
pub(super) fn prose(text: &str) -> Vec<Block> {
    let text = super::blocks::unify_line_breaks(text);
    let mut out = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    let flush_lines = |out: &mut Vec<Block>, lines: &mut Vec<&str>| {
        if !lines.is_empty() {
            out.push(Block::Paragraph(vec![Inline::Text(lines.join("\n"))]));
            lines.clear();
        }
    };
    let flush_items = |out: &mut Vec<Block>, items: &mut Vec<String>| {
        if !items.is_empty() {
            out.push(Block::list(std::mem::take(items)));
        }
    };
    for line in text.lines() {
        let line = line.trim();
        match item(line) {
            _ if line.is_empty() => {
                flush_lines(&mut out, &mut lines);
                flush_items(&mut out, &mut items);
            }
            Some(it) => {
                flush_lines(&mut out, &mut lines);
                items.push(it.to_owned());
            }
            None => {
                flush_items(&mut out, &mut items);
                lines.push(line);
            }
        }
    }
    flush_lines(&mut out, &mut lines);
    flush_items(&mut out, &mut items);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blocks in a short notation: `P(a/b)` a paragraph of lines a and b, `L[a|b]` a list.
    fn shape(blocks: &[Block]) -> Vec<String> {
        let runs = |inlines: &[Inline]| -> String {
            inlines
                .iter()
                .map(|i| match i {
                    Inline::Text(t) | Inline::Strong(t) | Inline::Em(t) => t.replace('\n', "/"),
                })
                .collect()
        };
        blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => format!("P({})", runs(p)),
                Block::List(items) => format!(
                    "L[{}]",
                    items.iter().map(|i| runs(i)).collect::<Vec<_>>().join("|")
                ),
                Block::Heading(..) | Block::Table(_) => "other".into(),
            })
            .collect()
    }

    #[test]
    fn paragraphs_and_lists_as_the_seed_writes_them() {
        let goals = "Das erste Modul verfolgt das Ziel zu sensibilisieren\nund zu positionieren.\n\n\
                     folgende Zielsetzungen formulieren:\n- Was verstehen wir unter „Integration“?\n• Wie gelingt das Miteinander?\n\n\
                     Diese Ziele sollen erreicht werden.";
        assert_eq!(
            shape(&prose(goals)),
            [
                "P(Das erste Modul verfolgt das Ziel zu sensibilisieren/und zu positionieren.)",
                "P(folgende Zielsetzungen formulieren:)",
                "L[Was verstehen wir unter „Integration“?|Wie gelingt das Miteinander?]",
                "P(Diese Ziele sollen erreicht werden.)",
            ]
        );
        assert!(prose(" \n\n").is_empty());
        assert_eq!(
            shape(&prose("-1 Grad\n-- nicht\n*Stern*")),
            ["P(-1 Grad/-- nicht/*Stern*)"],
            "only a bullet and a space make a list"
        );
    }
}
