//! The scene as SVG text: no fonts, no images, no ids, no scripts; every user text
//! XML-escaped. Numbers are written with at most one decimal, so the same board gives the
//! same bytes everywhere.

use std::fmt::Write;

use crate::card::CardColor;
use crate::language::Language;

use super::layout::*;

/// The wall's background (CSS `--wall`).
const WALL: &str = "#f6f3ea";
/// Ink for text (CSS `--ink`) and quieter text (CSS `--muted`).
const INK: &str = "#1d2433";
const MUTED: &str = "#5b6475";
/// The colours of the dots, one per revealed round, in order.
const DOT_COLORS: [&str; 6] = [
    "#b3261e", "#1f5fa8", "#2e7d32", "#7b1fa2", "#b35900", "#00737a",
];
/// Fonts the picture names: whatever sans-serif the viewing system has.
const FONTS: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";
/// The picture's heading above the wall: font size and line height.
const HEADING_FONT: f64 = 28.0;
const HEADING_LINE: f64 = 36.0;
/// Height of one line of the dots' legend below the picture.
const LEGEND_LINE: f64 = 34.0;

/// A card's colour (CSS `--yellow` …).
fn card_fill(color: CardColor) -> &'static str {
    match color {
        CardColor::Yellow => "#fff3a3",
        CardColor::Green => "#c9efc0",
        CardColor::Blue => "#c4def8",
        CardColor::Pink => "#fbd0e0",
        CardColor::Orange => "#ffd7a8",
        CardColor::White => "#ffffff",
    }
}

/// A field's top border in its colour (CSS `.cluster--yellow` …).
fn field_accent(color: CardColor) -> &'static str {
    match color {
        CardColor::Yellow => "#e5c700",
        CardColor::Green => "#5aa84b",
        CardColor::Blue => "#4a8bd0",
        CardColor::Pink => "#d9668f",
        CardColor::Orange => "#e08a2a",
        CardColor::White => "#9aa3b0",
    }
}

/// A number with at most one decimal and no "-0".
pub(super) fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    let r = if r == 0.0 || !r.is_finite() { 0.0 } else { r };
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// Escapes text for XML content and attribute values as HTML does (`export::html`), and
/// drops the characters XML 1.0 does not allow (a control character would make the whole
/// picture unreadable); line breaks become spaces.
pub(crate) fn escape(s: &str) -> String {
    let allowed: String = s
        .chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if (c as u32) < 0x20 || matches!(c as u32, 0xFFFE | 0xFFFF) => None,
            c => Some(c),
        })
        .collect();
    crate::export::html::escape(&allowed)
}

/// What the picture says around the wall: its heading and the words for locks and dots.
pub(super) struct Frame<'a> {
    /// The heading above the picture ("Fotoprotokoll – Workshop – Tag 1").
    pub heading: &'a str,
    /// The part of the wall shown, in wall units.
    pub area: Area,
    pub lang: Language,
}

/// The picture: `area` of the scene with a heading above and the dots' legend below.
/// Returns the SVG text and its size in wall units.
pub(super) fn render(scene: &Scene, frame: &Frame) -> (String, f64, f64) {
    let Frame {
        heading,
        area,
        lang,
    } = *frame;
    let legend = if scene.has_dots() {
        16.0 + scene.rounds.len() as f64 * LEGEND_LINE
    } else {
        0.0
    };
    // The heading wraps in a narrow picture (a small region), on at most three lines.
    let mut head_lines =
        super::wrap::wrap(heading, HEADING_FONT * super::wrap::BOLD, area.w - 32.0);
    if head_lines.len() > 3 {
        let rest = head_lines.split_off(2).join(" ");
        head_lines.push(super::wrap::one_line(
            &rest,
            HEADING_FONT * super::wrap::BOLD,
            area.w - 32.0,
        ));
    }
    let header = 28.0 + head_lines.len() as f64 * HEADING_LINE;
    let (x0, y0) = (area.x, area.y - header);
    let (w, h) = (area.w, area.h + header + legend);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{} {} {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\" font-family=\"{FONTS}\">",
        num(x0), num(y0), num(w), num(h), num(w), num(h), escape(heading)
    );
    let _ = write!(s, "<title>{}</title>", escape(heading));
    let _ = write!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{WALL}\"/>",
        num(x0),
        num(y0),
        num(w),
        num(h)
    );
    for (i, line) in head_lines.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"700\" fill=\"{INK}\">{}</text>",
            num(x0 + 16.0),
            num(y0 + 14.0 + HEADING_FONT + i as f64 * HEADING_LINE),
            num(HEADING_FONT),
            escape(line)
        );
    }
    let locked = lang.pick("festgesetzt", "locked");
    for region in &scene.regions {
        region_svg(&mut s, region, locked);
    }
    for field in &scene.fields {
        field_svg(&mut s, field, locked, lang);
    }
    for card in &scene.free {
        card_svg(&mut s, card, locked);
    }
    for table in &scene.tables {
        table_svg(&mut s, table);
    }
    if legend > 0.0 {
        let top = area.y + area.h + 16.0;
        for (i, round) in scene.rounds.iter().enumerate() {
            let cy = top + i as f64 * LEGEND_LINE + LEGEND_LINE / 2.0;
            let _ = write!(
                s,
                "<circle cx=\"{}\" cy=\"{}\" r=\"10\" fill=\"{}\"/>",
                num(x0 + 28.0),
                num(cy),
                DOT_COLORS[i % DOT_COLORS.len()]
            );
            let label = format!("{}: {}", lang.pick("Punkte", "Points"), round.title);
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" font-size=\"20\" fill=\"{INK}\">{}</text>",
                num(x0 + 46.0),
                num(cy + 7.0),
                escape(&super::wrap::one_line(&label, 20.0, w - 62.0))
            );
        }
    }
    s.push_str("</svg>");
    (s, w, h)
}

fn region_svg(s: &mut String, r: &RegionShape, locked: &str) {
    let f = r.frame;
    let (stroke, dash, fill) = if r.locked {
        ("#6b7485", "", "#dfe3ea")
    } else {
        ("#9aa3b0", " stroke-dasharray=\"12 8\"", "#eef1f6")
    };
    let _ = write!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"18\" fill=\"{fill}\" fill-opacity=\"0.4\" stroke=\"{stroke}\" stroke-width=\"3\"{dash}/>",
        num(f.x), num(f.y), num(f.w), num(f.h)
    );
    let (head, title) = r.head();
    let border = if r.locked { "#6b7485" } else { "#c6cdd8" };
    let _ = write!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"12\" fill=\"#f7f8fa\" stroke=\"{border}\" stroke-width=\"2\"/>",
        num(head.x), num(head.y), num(head.w), num(head.h)
    );
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"800\" fill=\"{INK}\">{}</text>",
        num(head.x + 12.0),
        num(head.y + 33.0),
        num(REGION_FONT),
        escape(&title)
    );
    if r.locked {
        lock(s, head.x + head.w - LOCK_ROOM - 4.0, head.y + 13.0, locked);
    }
}

fn field_svg(s: &mut String, f: &FieldShape, locked: &str, lang: Language) {
    let a = f.area;
    let (border, width) = if f.locked {
        ("#8891a0", 3.0)
    } else {
        ("#c6cdd8", 2.0)
    };
    // The coloured top edge (CSS: an 8 px top border) shows above the white body.
    let _ = write!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"12\" fill=\"{}\"/>",
        num(a.x),
        num(a.y),
        num(a.w),
        num(a.h),
        field_accent(f.color)
    );
    let _ = write!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"10\" fill=\"#ffffff\" stroke=\"{border}\" stroke-width=\"{}\"/>",
        num(a.x), num(a.y + FIELD_TOP), num(a.w), num(a.h - FIELD_TOP), num(width)
    );
    // The title in a viewport of the field's width, like a card's text.
    let mut y = a.y + FIELD_TOP + 8.0;
    let title_h = f.title.len() as f64 * TITLE_LINE + 8.0;
    let _ = write!(
        s,
        "<svg x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\">",
        num(a.x),
        num(y),
        num(a.w - 4.0),
        num(title_h)
    );
    for (i, line) in f.title.iter().enumerate() {
        let _ =
            write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"800\" fill=\"{INK}\">{}</text>",
            num(FIELD_PAD), num(TITLE_FONT + i as f64 * TITLE_LINE), num(TITLE_FONT), escape(line)
        );
    }
    s.push_str("</svg>");
    y += f.title.len() as f64 * TITLE_LINE;
    if f.locked {
        lock(
            s,
            a.x + a.w - LOCK_ROOM - 8.0,
            a.y + FIELD_TOP + 10.0,
            locked,
        );
    }
    // The row under the title: the field's dots.
    dots(s, &f.dots, a.x + FIELD_PAD + 14.0, y + META_H / 2.0);
    y += META_H;
    if let Some(from) = &f.merged_from {
        let from = format!("{} {from}", lang.pick("aus", "from"));
        let text = super::wrap::one_line(&from, 14.0, a.w - 2.0 * FIELD_PAD);
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"14\" fill=\"{MUTED}\">{}</text>",
            num(a.x + FIELD_PAD),
            num(y + 14.0),
            escape(&text)
        );
    }
    for card in &f.cards {
        card_svg(s, card, locked);
    }
}

fn card_svg(s: &mut String, c: &CardShape, locked: &str) {
    let a = c.area;
    let _ = write!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"{}\" stroke=\"#00000026\" stroke-width=\"1\"/>",
        num(a.x), num(a.y), num(a.w), num(a.h), card_fill(c.color)
    );
    // The text in a viewport of the card's size: should a line run wider than its
    // estimate, the card's edge cuts it, as paper would.
    let _ = write!(
        s,
        "<svg x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\">",
        num(a.x),
        num(a.y),
        num(a.w - 4.0),
        num(a.h)
    );
    for (i, line) in c.lines.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"500\" fill=\"{INK}\">{}</text>",
            num(CARD_PAD_X),
            num(CARD_PAD_Y + CARD_FONT + i as f64 * CARD_LINE),
            num(CARD_FONT),
            escape(line)
        );
    }
    s.push_str("</svg>");
    if c.locked {
        lock(s, a.x + a.w - LOCK_ROOM, a.y + 8.0, locked);
    }
    dots(
        s,
        &c.dots,
        a.x + CARD_PAD_X + 14.0,
        a.y + a.h - CARD_PAD_Y - 14.0,
    );
}

/// A facts table: white, its title above a grid, the header row bold.
fn table_svg(s: &mut String, t: &TableShape) {
    let a = t.area;
    let _ = write!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"#ffffff\" stroke=\"#9aa3b0\" stroke-width=\"1.5\"/>",
        num(a.x), num(a.y), num(a.w), num(a.h)
    );
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"700\" fill=\"{INK}\">{}</text>",
        num(a.x + TABLE_PAD),
        num(a.y + TABLE_PAD + TABLE_TITLE_FONT),
        num(TABLE_TITLE_FONT),
        escape(&t.title)
    );
    for (r, row) in t.rows.iter().enumerate() {
        let top = a.y + TABLE_TITLE_H + r as f64 * TABLE_LINE;
        let _ =
            write!(
            s,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#c9ced6\" stroke-width=\"1\"/>",
            num(a.x), num(top), num(a.x + a.w), num(top)
        );
        let weight = if r == 0 { "700" } else { "400" };
        let mut x = a.x;
        for (cell, w) in row.iter().zip(&t.widths) {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"{weight}\" fill=\"{INK}\">{}</text>",
                num(x + TABLE_PAD), num(top + TABLE_LINE - 9.0), num(TABLE_FONT), escape(cell)
            );
            x += w;
        }
    }
}

/// A row of dots, one per revealed round that gave any, each with its points inside.
fn dots(s: &mut String, dots: &[Dot], x: f64, cy: f64) {
    for (i, dot) in dots.iter().enumerate() {
        let cx = x + i as f64 * 34.0;
        let _ = write!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"15\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" font-size=\"15\" font-weight=\"700\" fill=\"#ffffff\" text-anchor=\"middle\">{}</text>",
            num(cx), num(cy), DOT_COLORS[dot.round % DOT_COLORS.len()], num(cx), num(cy + 5.0), dot.points
        );
    }
}

/// A padlock, 18 wide and 22 tall, from its top-left corner, named for screen readers.
fn lock(s: &mut String, x: f64, y: f64, name: &str) {
    let _ = write!(
        s,
        "<g transform=\"translate({} {})\" fill=\"#4b5464\"><title>{}</title><path d=\"M4 10V7a5 5 0 0 1 10 0v3\" fill=\"none\" stroke=\"#4b5464\" stroke-width=\"2.5\"/><rect x=\"1\" y=\"10\" width=\"16\" height=\"12\" rx=\"2\"/></g>",
        num(x), num(y), escape(name)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(1.25), "1.3");
        assert_eq!(num(-7.5), "-7.5");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        assert_eq!(escape("<b>&\"'"), "&lt;b&gt;&amp;&quot;&#39;");
        assert_eq!(escape("a\u{1}b\u{b}c\nd"), "abc d");
    }
}
