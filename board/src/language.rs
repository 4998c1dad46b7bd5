//! The language of what the board writes out (CSV headers, exported documents).

/// German (the default, as in the seed workshop) or English.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Language {
    /// Deutsch.
    #[default]
    De,
    /// English.
    En,
}

impl Language {
    /// Picks the German or English text.
    pub fn pick<'a>(self, de: &'a str, en: &'a str) -> &'a str {
        match self {
            Language::De => de,
            Language::En => en,
        }
    }
}
