//! The photo record in the print documentation: one picture per region (the whole wall when
//! there are none), each on a landscape A4 page of its own with a caption. The pictures are
//! `crate::photo`'s SVG, inline, so the page stays one standalone file.

use crate::board::Board;
use crate::language::Language;
use crate::photo::{self, Photo};

use super::html::escape;

/// The page style for the pictures: a named landscape page each.
pub(super) const CSS: &str = r#"
@page photo { size: A4 landscape; margin: 12mm 14mm; }
.photo-record { page: photo; break-before: page; page-break-before: always; }
.photo { margin: 0 0 2rem; break-inside: avoid; page-break-inside: avoid; }
.photo + .photo { break-before: page; page-break-before: always; }
.photo svg { display: block; width: 100%; height: auto; max-height: 85vh; border: 1px solid #bbb; }
.photo figcaption { margin-top: .4rem; color: #333; font-size: .95rem; }
@media print {
  .photo-record h2 { margin-top: 0; }
  .photo svg { max-height: 160mm; }
  .photo svg, .photo svg * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// "Bereich „Tag 1“" or "Gesamte Wand": what a caption says the picture shows.
fn subject(photo: &Photo, lang: Language) -> String {
    match (&photo.region, lang) {
        (None, _) => photo.subject.clone(),
        (Some(_), Language::De) => format!("Bereich „{}“", photo.subject),
        (Some(_), Language::En) => format!("Region “{}”", photo.subject),
    }
}

/// The section with the board's photo record, or nothing for an empty wall.
pub(super) fn section(board: &Board, lang: Language) -> String {
    let photos = photo::record(board, lang);
    if photos.is_empty() {
        return String::new();
    }
    let n = photos.len();
    let mut out = String::from("<section class=\"photo-record\">\n");
    out.push_str(&format!(
        "<h2>{}</h2>\n",
        lang.pick("Fotoprotokoll", "Photo record")
    ));
    for (i, photo) in photos.iter().enumerate() {
        let caption = match lang {
            Language::De => format!("Bild {} von {n}: {}", i + 1, subject(photo, lang)),
            Language::En => format!("Picture {} of {n}: {}", i + 1, subject(photo, lang)),
        };
        out.push_str(&format!(
            "<figure class=\"photo\">\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
            photo.svg,
            escape(&caption)
        ));
    }
    out.push_str("</section>\n");
    out
}
