//! The facilitator's own words for the documentation: a day's goals (`days.rs`) and a step's
//! text section (welcome, input, closing words; `agenda.rs`). Both are plain text with
//! paragraphs separated by blank lines and "- " lists, checked here alike.

use crate::error::BoardError;
use crate::schema::MAX_SECTION_TEXT;

/// A section text as stored: line breaks as `\n`, no blank lines or spaces at either end;
/// "" (no text) stays "". Longer than [`MAX_SECTION_TEXT`] characters is refused.
pub fn clean_section_text(text: &str) -> Result<String, BoardError> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim();
    if text.chars().count() > MAX_SECTION_TEXT {
        return Err(BoardError::TooLong {
            max: MAX_SECTION_TEXT,
        });
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(
            clean_section_text("\r\n  Herzlich willkommen!\r\n\r\n- Ziel 1\r- Ziel 2 \n\n")
                .unwrap(),
            "Herzlich willkommen!\n\n- Ziel 1\n- Ziel 2"
        );
        assert_eq!(clean_section_text(" \n ").unwrap(), "");
        assert_eq!(
            clean_section_text(&"ä".repeat(MAX_SECTION_TEXT))
                .unwrap()
                .chars()
                .count(),
            MAX_SECTION_TEXT
        );
        assert_eq!(
            clean_section_text(&"ä".repeat(MAX_SECTION_TEXT + 1)),
            Err(BoardError::TooLong {
                max: MAX_SECTION_TEXT
            })
        );
    }
}
