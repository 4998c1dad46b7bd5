//! The document as one standalone HTML page with embedded CSS, made to be printed: the
//! browser's "Save as PDF" gives an A4 document with readable type, headings that stay with
//! what follows them and table rows that are never cut. Every text is HTML-escaped.

use crate::language::Language;

use super::blocks::{run, unify_line_breaks, Block, Document, Inline, Table};

/// The page's style: calm on screen, A4 on paper.
const CSS: &str = r#"
:root { color-scheme: light; }
body {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  line-height: 1.45; color: #1a1a1a; background: #fff;
  max-width: 52rem; margin: 2rem auto; padding: 0 1.25rem;
}
header { margin-bottom: 1.5rem; }
h1 { font-size: 1.9rem; margin: 0 0 .3rem; }
.subtitle { color: #555; margin: 0; }
h2 { font-size: 1.4rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid #444; }
h3 { font-size: 1.2rem; margin: 1.6rem 0 .5rem; }
h4 { font-size: 1.05rem; margin: 1.3rem 0 .4rem; }
h5 { font-size: 1rem; margin: 1rem 0 .3rem; color: #444; }
p { margin: .4rem 0 .8rem; }
ul { margin: .3rem 0 1rem; padding-left: 1.4rem; }
li { margin: .15rem 0; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1.2rem; }
th, td { border: 1px solid #999; padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #ececec; }
tbody th { background: #f7f7f7; font-weight: 600; }
tfoot th, tfoot td { font-weight: 700; border-top: 2px solid #444; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.qa tbody th { width: 40%; }
table.goals tbody th { width: 16%; }
table.pairs td:first-child { width: 40%; }
table.seats, table.timeline, table.groups, table.standings, table.moves { width: auto; min-width: 60%; }
table.agenda td:last-child { white-space: nowrap; }
@page { size: A4; margin: 20mm 18mm 22mm 20mm; }
@media print {
  body { font-size: 11pt; max-width: none; margin: 0; padding: 0; color: #000; }
  h1 { font-size: 20pt; }
  h2 { font-size: 15pt; }
  h3 { font-size: 13pt; }
  h4 { font-size: 11.5pt; }
  h5 { font-size: 11pt; }
  h1, h2, h3, h4, h5 { break-after: avoid; page-break-after: avoid; break-inside: avoid; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  tfoot { display: table-row-group; }
  p, li { orphans: 3; widows: 3; }
  th, td { border-color: #666; }
  thead th, tbody th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// Renders the document as a complete page; `appendix` (ready HTML: the photo record) goes
/// after the blocks.
pub(super) fn render(doc: &Document, appendix: &str) -> String {
    let lang = match doc.lang {
        Language::De => "de",
        Language::En => "en",
    };
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n");
    out.push_str(&format!("<html lang=\"{lang}\">\n<head>\n"));
    out.push_str("<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"Kartenwand\">\n");
    out.push_str(&format!(
        "<title>{} – {}</title>\n",
        escape(&doc.title),
        escape(&doc.subtitle)
    ));
    out.push_str(&format!(
        "<style>{CSS}{}</style>\n</head>\n<body>\n",
        super::photos::CSS
    ));
    out.push_str(&format!(
        "<header>\n<h1>{}</h1>\n<p class=\"subtitle\">{}</p>\n</header>\n<main>\n",
        text(&doc.title),
        text(&doc.subtitle)
    ));
    for block in &doc.blocks {
        match block {
            Block::Heading(level, t) => {
                let level = (*level).clamp(2, 6);
                out.push_str(&format!("<h{level}>{}</h{level}>\n", text(t)));
            }
            Block::Paragraph(inlines) => {
                out.push_str(&format!("<p>{}</p>\n", inlines_html(inlines)));
            }
            Block::List(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    out.push_str(&format!("<li>{}</li>\n", inlines_html(item)));
                }
                out.push_str("</ul>\n");
            }
            Block::Table(table) => out.push_str(&render_table(table)),
        }
    }
    out.push_str(appendix);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn inlines_html(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(t) => run(t, text),
            Inline::Strong(t) => format!("<strong>{}</strong>", text(t)),
            Inline::Em(t) => format!("<em>{}</em>", text(t)),
        })
        .collect()
}

fn render_table(table: &Table) -> String {
    let class = |i: usize| {
        if table.numeric.contains(&i) {
            " class=\"num\""
        } else {
            ""
        }
    };
    let mut out = format!("<table class=\"{}\">\n<thead>\n<tr>", table.class);
    for (i, h) in table.head.iter().enumerate() {
        if h.trim().is_empty() {
            out.push_str("<td></td>");
        } else {
            out.push_str(&format!("<th scope=\"col\"{}>{}</th>", class(i), text(h)));
        }
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    let row = |cells: &[String], heads: bool| {
        let mut r = String::from("<tr>");
        for (i, c) in cells.iter().enumerate() {
            if heads && i == 0 {
                r.push_str(&format!("<th scope=\"row\">{}</th>", text(c)));
            } else {
                r.push_str(&format!("<td{}>{}</td>", class(i), text(c)));
            }
        }
        r.push_str("</tr>\n");
        r
    };
    for r in &table.rows {
        out.push_str(&row(r, table.row_heads));
    }
    out.push_str("</tbody>\n");
    if let Some(foot) = &table.foot {
        out.push_str(&format!("<tfoot>\n{}</tfoot>\n", row(foot, true)));
    }
    out.push_str("</table>\n");
    out
}

/// Escaped text with its line breaks as `<br>`.
fn text(s: &str) -> String {
    unify_line_breaks(s)
        .trim()
        .lines()
        .map(|l| escape(l.trim_end()))
        .collect::<Vec<_>>()
        .join("<br>")
}

/// Escapes the five characters that could end a text or an attribute value.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_keeps_its_line_breaks() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(text(" eins\nzwei & drei\r\n"), "eins<br>zwei &amp; drei");
        assert_eq!(text("&amp;"), "&amp;amp;");
        // A lone `\r` is a line break too (as in Markdown), not a stray character.
        assert_eq!(text("eins\rzwei"), "eins<br>zwei");
    }

    #[test]
    fn a_page_is_complete_and_escapes_its_title() {
        let doc = Document {
            lang: Language::En,
            title: "A <b> & B".into(),
            subtitle: "Documentation".into(),
            blocks: vec![Block::text("x")],
        };
        let page = render(&doc, "");
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        assert!(page.contains("<title>A &lt;b&gt; &amp; B – Documentation</title>"));
        assert!(page.contains("<h1>A &lt;b&gt; &amp; B</h1>"));
        assert!(page.contains("@media print") && page.contains("@page"));
        assert!(page.ends_with("</html>\n"));
    }
}
