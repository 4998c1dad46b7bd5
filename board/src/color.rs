//! Colours that go into a `style` attribute: [`CssColor`] holds only `#rgb`, `#rrggbb` or a
//! palette name, so text from the document or from another client never becomes CSS.

use std::fmt;

use crate::card::CardColor;

/// A colour that is safe to write into CSS; any other text reads as [`CssColor::FALLBACK`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CssColor(String);

impl CssColor {
    /// What anything that is not an accepted colour shows as: a neutral grey that white
    /// initials stay readable on.
    pub const FALLBACK: &'static str = "#4a5568";

    /// The colour `raw` names, if it is `#rgb`, `#rrggbb` (hex digits in either case, kept
    /// lowercase) or one of the palette names ([`CardColor`]); nothing else, not even with
    /// surrounding spaces.
    pub fn checked(raw: &str) -> Option<CssColor> {
        if let Some(color) = CardColor::parse(raw) {
            return Some(CssColor(color.as_str().to_owned()));
        }
        let hex = raw.strip_prefix('#')?;
        let digits = hex.len() == 3 || hex.len() == 6;
        (digits && hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| CssColor(raw.to_ascii_lowercase()))
    }

    /// The colour `raw` names, or the fallback grey for anything else (missing, mistyped,
    /// `rgb(…)`, or CSS smuggled in after a colour).
    pub fn parse(raw: &str) -> CssColor {
        CssColor::checked(raw).unwrap_or_default()
    }

    /// The colour as CSS text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for CssColor {
    fn default() -> Self {
        CssColor(CssColor::FALLBACK.to_owned())
    }
}

impl fmt::Display for CssColor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(raw: &str) -> String {
        CssColor::parse(raw).to_string()
    }

    #[test]
    fn hex_colours_pass_in_lowercase() {
        assert_eq!(shown("#2b6cb0"), "#2b6cb0");
        assert_eq!(shown("#2B6CB0"), "#2b6cb0");
        assert_eq!(shown("#fA0"), "#fa0");
        assert_eq!(shown("#000"), "#000");
    }

    #[test]
    fn palette_names_pass() {
        for color in CardColor::ALL {
            assert_eq!(shown(color.as_str()), color.as_str());
        }
    }

    #[test]
    fn css_smuggled_after_a_colour_reads_as_the_fallback() {
        for raw in [
            "red;position:fixed;inset:0;z-index:99999;background:url(http://x/)",
            "#fff;position:fixed",
            "#fff; inset:0",
            "url(http://x/)",
            "#fff url(http://x/)",
            "expression(alert(1))",
            "#000\" onclick=\"x",
            "yellow;",
            ";",
        ] {
            assert_eq!(CssColor::checked(raw), None, "{raw}");
            assert_eq!(shown(raw), CssColor::FALLBACK, "{raw}");
        }
    }

    #[test]
    fn anything_but_the_exact_forms_reads_as_the_fallback() {
        for raw in [
            "",
            "#",
            "#ff",
            "#ffff",
            "#fffff",
            "#fffffff",
            "#ggg",
            "#12345g",
            "fff",
            "ffffff",
            " #fff",
            "#fff ",
            "#f f",
            "\t#fff",
            "#fff\n",
            "Yellow",
            "YELLOW",
            " yellow",
            "red",
            "rgb(1,2,3)",
            "hsl(0 0% 0%)",
            "transparent",
            "inherit",
            "var(--x)",
            "#ｆｆｆ",
        ] {
            assert_eq!(CssColor::checked(raw), None, "{raw:?}");
            assert_eq!(shown(raw), CssColor::FALLBACK, "{raw:?}");
        }
    }

    #[test]
    fn the_fallback_is_itself_accepted() {
        assert_eq!(
            CssColor::checked(CssColor::FALLBACK),
            Some(CssColor::default())
        );
    }
}
