//! Text set into boxes without a font at hand: every character gets an approximate width
//! (in ems, for a system sans-serif), and words are wrapped greedily. The same text always
//! wraps the same way, so pictures are identical on every device and in every test.

/// Approximate width of `c` in ems: narrow letters and punctuation, wide ones, capitals,
/// digits and the rest. Errs on the wide side, so text rather wraps early than overflows.
fn char_em(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | 'ı' => 0.3,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | ' ' | '"' | '/' => 0.4,
        'm' | 'w' | 'M' | 'W' | '@' | '%' | '&' | '—' => 0.92,
        '0'..='9' => 0.62,
        c if c.is_uppercase() => 0.72,
        c if c.is_alphabetic() && (c as u32) >= 0x2E80 => 1.0, // CJK and other full-width scripts
        _ => 0.58,
    }
}

/// How much wider bold headings run than the widths above.
pub(crate) const BOLD: f64 = 1.15;

/// Approximate width of `text` at `size` (font size in the picture's units).
pub(crate) fn width(text: &str, size: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * size
}

/// `text` wrapped into lines at most `max` wide at font `size`: its own line breaks kept,
/// words wrapped greedily, words longer than a line cut where the line is full.
pub(crate) fn wrap(text: &str, size: f64, max: f64) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let joined = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if width(&joined, size) <= max {
                line = joined;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word too long for a line of its own is cut into pieces that fit, with a
            // hyphen where the cut falls between two letters, and never leaving fewer than
            // three characters for the last piece.
            let mut rest = word;
            while !rest.is_empty() {
                if width(&line, size) + width(rest, size) <= max {
                    line.push_str(rest);
                    break;
                }
                let chars: Vec<(usize, char)> = rest.char_indices().collect();
                let end = |k: usize| chars.get(k).map_or(rest.len(), |c| c.0);
                let room = max - width(&line, size) - char_em('-') * size;
                let mut n = 0;
                while n < chars.len() && width(&rest[..end(n + 1)], size) <= room {
                    n += 1;
                }
                if n == 0 && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    continue;
                }
                let left = chars.len() - n.max(1);
                if left < 3 && n > 3 {
                    n -= (3 - left).min(n - 3);
                }
                let n = n.max(1);
                line.push_str(&rest[..end(n)]);
                if chars[n - 1].1.is_alphabetic()
                    && chars.get(n).is_some_and(|c| c.1.is_alphabetic())
                {
                    line.push('-');
                }
                lines.push(std::mem::take(&mut line));
                rest = &rest[end(n)..];
            }
        }
        lines.push(line);
    }
    // Blank lines at the ends say nothing on a card.
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// `text` on one line at most `max` wide, cut with "…" when longer.
pub(crate) fn one_line(text: &str, size: f64, max: f64) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if width(&text, size) <= max {
        return text;
    }
    let mut out = String::new();
    for c in text.chars() {
        if width(&out, size) + (char_em(c) + char_em('…')) * size > max {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_greedily_and_keep_line_breaks() {
        let lines = wrap("Alle Kinder besuchen jeden Tag die Schule", 20.0, 192.0);
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(lines.iter().all(|l| width(l, 20.0) <= 192.0), "{lines:?}");
        assert_eq!(lines.join(" "), "Alle Kinder besuchen jeden Tag die Schule");
        assert_eq!(wrap("eins\nzwei", 20.0, 192.0), ["eins", "zwei"]);
        assert_eq!(wrap("  \n", 20.0, 192.0), [""]);
    }

    #[test]
    fn a_word_longer_than_a_line_is_cut() {
        let lines = wrap(&"x".repeat(60), 20.0, 192.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat().replace('-', ""), "x".repeat(60));
        assert!(lines[0].ends_with('-'), "{lines:?}");
        assert_eq!(
            wrap("1234567890123456789012345678901234567890", 20.0, 192.0).concat(),
            "1234567890123456789012345678901234567890",
            "no hyphen between digits"
        );
        let cut = wrap("Wirtschaftsstandort", 20.0, 192.0);
        assert!(
            cut.last().is_some_and(|l| l.chars().count() >= 3),
            "no short last piece: {cut:?}"
        );
        assert!(lines.iter().all(|l| width(l, 20.0) <= 192.0));
    }

    #[test]
    fn long_titles_end_in_an_ellipsis() {
        assert_eq!(one_line("Tag 1", 26.0, 400.0), "Tag 1");
        let cut = one_line(&"Sammeln ".repeat(20), 26.0, 400.0);
        assert!(cut.ends_with('…') && width(&cut, 26.0) <= 400.0, "{cut}");
    }
}
