//! The document as GitHub-flavoured Markdown. User text is escaped so that it reads as
//! written: a card starting with "# " or "1. " or holding `*`, `|` or `<b>` stays text.
//! Line breaks inside a text become `<br>`, which keeps table cells and list items whole.

use super::blocks::{run, unify_line_breaks, Block, Document, Inline, Table};

/// Renders the document.
pub(super) fn render(doc: &Document) -> String {
    let mut out = format!(
        "# {}\n\n{}\n",
        heading(&doc.title),
        block_text(&doc.subtitle)
    );
    for block in &doc.blocks {
        out.push('\n');
        match block {
            Block::Heading(level, text) => {
                let hashes = "#".repeat(usize::from((*level).clamp(2, 6)));
                out.push_str(&format!("{hashes} {}\n", heading(text)));
            }
            Block::Paragraph(inlines) => {
                out.push_str(&line_start(&inlines_text(inlines)));
                out.push('\n');
            }
            Block::List(items) => {
                for item in items {
                    out.push_str(&format!("- {}\n", line_start(&inlines_text(item))));
                }
            }
            Block::Table(table) => out.push_str(&render_table(table)),
        }
    }
    out
}

fn inlines_text(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(t) => run(t, text),
            // Markers only around non-blank text: `** x**` would not be bold.
            Inline::Strong(t) if !t.trim().is_empty() => format!("**{}**", text(t.trim())),
            Inline::Em(t) if !t.trim().is_empty() => format!("*{}*", text(t.trim())),
            Inline::Strong(_) | Inline::Em(_) => String::new(),
        })
        .collect()
}

fn render_table(table: &Table) -> String {
    let cell_row = |cells: &[String], bold: bool| {
        let cells: Vec<String> = cells
            .iter()
            .map(|c| match (bold, c.trim().is_empty()) {
                (true, false) => format!("**{}**", text(c.trim())),
                _ => text(c),
            })
            .collect();
        format!("| {} |\n", cells.join(" | "))
    };
    let mut out = cell_row(&table.head, false);
    let rule: Vec<&str> = (0..table.head.len())
        .map(|i| {
            if table.numeric.contains(&i) {
                "---:"
            } else {
                "---"
            }
        })
        .collect();
    out.push_str(&format!("| {} |\n", rule.join(" | ")));
    for row in &table.rows {
        out.push_str(&cell_row(row, false));
    }
    if let Some(foot) = &table.foot {
        out.push_str(&cell_row(foot, true));
    }
    out
}

/// Heading text: inline-escaped, and a trailing `#` kept (it would close the heading).
fn heading(s: &str) -> String {
    let mut t = text(s);
    if t.ends_with('#') {
        t.insert(t.len() - 1, '\\');
    }
    t
}

/// Text that starts a paragraph or list item.
fn block_text(s: &str) -> String {
    line_start(&text(s))
}

/// Escapes what Markdown would read as block syntax at the start of a line: a heading,
/// quote, list bullet, rule or setext underline, or an ordered-list number ("1." / "1)").
fn line_start(escaped: &str) -> String {
    if escaped.starts_with(['#', '>', '-', '+', '=']) {
        return format!("\\{escaped}");
    }
    let digits = escaped.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) && escaped[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &escaped[..digits], &escaped[digits..]);
    }
    escaped.to_owned()
}

/// Escapes inline syntax in user text and turns its line breaks into `<br>`. Only what
/// could change the meaning is escaped, so the Markdown file stays readable as text.
pub(super) fn text(s: &str) -> String {
    unify_line_breaks(s)
        .trim()
        .lines()
        .map(|line| escape_inline(line.trim_end()))
        .collect::<Vec<_>>()
        .join("<br>")
}

fn escape_inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let escape = match c {
            // Emphasis, code, links, table cells, strikethrough, math, escapes.
            '\\' | '*' | '_' | '`' | '[' | ']' | '|' | '~' | '$' => true,
            // Raw HTML and autolinks start with `<` and a letter, `/`, `!` or `?`.
            '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
            // An entity such as `&amp;` or `&#60;` would be decoded.
            '&' => is_entity(&chars[i + 1..]),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether `rest` (after a `&`) reads as an HTML entity: `name;`, `#123;` or `#x1F;`.
fn is_entity(rest: &[char]) -> bool {
    let body = rest.strip_prefix(&['#']).unwrap_or(rest);
    let len = body
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    len > 0 && body.get(len) == Some(&';')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_syntax_is_escaped_and_plain_text_left_alone() {
        assert_eq!(
            text("Lehrer*innen & Schüler_innen"),
            "Lehrer\\*innen & Schüler\\_innen"
        );
        assert_eq!(text("a | b"), "a \\| b");
        assert_eq!(
            text("<script>alert(1)</script>"),
            "\\<script>alert(1)\\</script>"
        );
        assert_eq!(text("1 < 2 > 0"), "1 < 2 > 0");
        assert_eq!(text("&amp; &#60; & x;"), "\\&amp; \\&#60; & x;");
        assert_eq!(
            text("[Link](x) `code` ~~weg~~ $x$ \\"),
            "\\[Link\\](x) \\`code\\` \\~\\~weg\\~\\~ \\$x\\$ \\\\"
        );
        assert_eq!(text("Kita \u{1F44D}"), "Kita \u{1F44D}");
    }

    #[test]
    fn line_breaks_become_br_and_block_syntax_is_escaped_at_the_start() {
        assert_eq!(
            text("  eins\r\nzwei  \n\ndrei "),
            "eins<br>zwei<br><br>drei"
        );
        assert_eq!(block_text("# Titel"), "\\# Titel");
        assert_eq!(block_text("- Punkt\n- zwei"), "\\- Punkt<br>- zwei");
        assert_eq!(block_text("> Zitat"), "\\> Zitat");
        assert_eq!(block_text("1. Leitziel"), "1\\. Leitziel");
        assert_eq!(block_text("2011) Jahr"), "2011\\) Jahr");
        assert_eq!(block_text("2011 war gut"), "2011 war gut");
        assert_eq!(block_text("==="), "\\===");
        assert_eq!(heading("C#"), "C\\#");
        assert_eq!(heading("#1 Thema"), "#1 Thema");
    }

    #[test]
    fn a_lone_carriage_return_cannot_start_a_line() {
        // Markdown readers end a line at a lone `\r`: the text after it must stay in the
        // paragraph, the heading or the table cell it belongs to.
        assert_eq!(text("Punkt\r# Überschrift"), "Punkt<br># Überschrift");
        let doc = Document {
            lang: crate::language::Language::De,
            title: "Titel\r# gekapert".into(),
            subtitle: "Dokumentation\r\r---".into(),
            blocks: vec![
                Block::Heading(2, "Feld\r## falsch".into()),
                Block::text("Karte\r# Überschrift\r- Punkt"),
                Block::list(["eins\r1. zwei".to_owned()]),
                Block::Table(Table {
                    rows: vec![vec!["a\r| b | c |".into(), "d".into()]],
                    ..Table::new("qa", vec!["Frage".into(), "Antwort".into()])
                }),
            ],
        };
        let out = render(&doc);
        assert!(!out.contains('\r'), "{out:?}");
        for line in out.lines() {
            // Every line is one the renderer wrote: the title, a block, or the table rows.
            let ours = line.is_empty()
                || line.starts_with("# Titel")
                || line.starts_with("## Feld")
                || line.starts_with("Dokumentation")
                || line.starts_with("Karte")
                || line.starts_with("- eins")
                || line.starts_with("| ");
            assert!(ours, "a card started a line of its own: {line:?}\n{out}");
        }
        assert_eq!(
            out.lines().filter(|l| l.starts_with("| ")).count(),
            3,
            "{out}"
        );
    }
}
