//! The photo record (Fotoprotokoll): pictures of the whole wall and of each region, drawn
//! from the document (not from what one screen shows) as SVG, with the fields and their
//! cards, free cards, the dots of revealed rounds, locks and the regions' frames and titles.
//! The app turns them into PNG at print resolution ([`Photo::print_size`]); the print
//! documentation carries one per region ([`record`]).
//!
//! - `layout.rs`: the wall read into boxes, fields settled apart as on every screen.
//! - `wrap.rs`: text wrapped by approximate character widths (no font needed).
//! - `svg.rs`: the boxes as escaped SVG text, byte for byte the same for the same board.

mod layout;
mod svg;
mod wrap;

use crate::board::Board;
use crate::language::Language;

use layout::{Area, Scene};

/// Margin around the whole wall in its picture.
const WALL_MARGIN: f64 = 40.0;
/// Margin around a region in its picture.
const REGION_MARGIN: f64 = 24.0;
/// The long side of a PNG at print resolution: A4 at 300 dpi (297 mm).
pub const PRINT_LONG_SIDE: u32 = 3508;
/// The long side a PNG never exceeds, however large the wall: A2 at 300 dpi, far below
/// what browsers' canvases allow and still quick to encode.
pub const MAX_LONG_SIDE: u32 = 7016;

/// One picture of the photo record.
#[derive(Clone, Debug, PartialEq)]
pub struct Photo {
    /// What it shows: "Gesamte Wand", or the region's title.
    pub subject: String,
    /// The region it shows; `None` for the whole wall.
    pub region: Option<String>,
    /// The picture as a standalone SVG document.
    pub svg: String,
    /// Its width in wall units (CSS pixels at 100 %).
    pub width: f64,
    /// Its height in wall units.
    pub height: f64,
}

impl Photo {
    /// The size of a PNG of this picture for print, in pixels: the long side at least A4
    /// at 300 dpi, more for a large wall (two pixels per wall unit, so small text stays
    /// legible), at most [`MAX_LONG_SIDE`]; the short side in proportion.
    pub fn print_size(&self) -> (u32, u32) {
        let long = self.width.max(self.height).max(1.0);
        let side = (2.0 * long).clamp(f64::from(PRINT_LONG_SIDE), f64::from(MAX_LONG_SIDE));
        let scale = side / long;
        let px = |v: f64| ((v * scale).round() as u32).max(1);
        (px(self.width), px(self.height))
    }
}

/// The heading written into a picture: "Fotoprotokoll – Board – subject".
fn heading(board: &Board, subject: &str, lang: Language) -> String {
    let title = board.title();
    let record = lang.pick("Fotoprotokoll", "Photo record");
    if title.trim().is_empty() {
        format!("{record} – {subject}")
    } else {
        format!("{record} – {} – {subject}", title.trim())
    }
}

fn picture(
    board: &Board,
    scene: &Scene,
    area: Area,
    subject: String,
    region: Option<String>,
    lang: Language,
) -> Photo {
    let heading = heading(board, &subject, lang);
    let part = scene.within(&area);
    let (svg, width, height) = svg::render(
        &part,
        &svg::Frame {
            heading: &heading,
            area,
            lang,
        },
    );
    Photo {
        subject,
        region,
        svg,
        width,
        height,
    }
}

/// What the whole-wall picture is called.
fn whole_wall(lang: Language) -> String {
    lang.pick("Gesamte Wand", "Whole wall").to_owned()
}

/// The picture of the whole wall; `None` when the wall is empty.
pub fn wall(board: &Board, lang: Language) -> Option<Photo> {
    let scene = Scene::read(board);
    let area = scene.bounds()?.inflate(WALL_MARGIN);
    Some(picture(board, &scene, area, whole_wall(lang), None, lang))
}

/// Whether the wall has anything to picture (a region, a field or a placed card).
pub fn has_content(board: &Board) -> bool {
    !board.regions().is_empty()
        || !board.clusters().is_empty()
        || board.free_cards().iter().any(|c| !c.incoming)
}

/// The picture of one region with what lies in it; `None` for an unknown region.
pub fn region(board: &Board, id: &str, lang: Language) -> Option<Photo> {
    let scene = Scene::read(board);
    region_in(board, &scene, id, lang)
}

fn region_in(board: &Board, scene: &Scene, id: &str, lang: Language) -> Option<Photo> {
    let shape = scene.regions.iter().find(|r| r.id == id)?;
    let area = shape.outline().inflate(REGION_MARGIN);
    let subject = if shape.title.trim().is_empty() {
        lang.pick("Bereich", "Region").to_owned()
    } else {
        shape.title.trim().to_owned()
    };
    Some(picture(
        board,
        scene,
        area,
        subject,
        Some(id.to_owned()),
        lang,
    ))
}

/// The photo record of the board: one picture per region in reading order, or the whole
/// wall when it has no regions; nothing for an empty wall.
pub fn record(board: &Board, lang: Language) -> Vec<Photo> {
    let scene = Scene::read(board);
    if scene.regions.is_empty() {
        let Some(area) = scene.bounds() else {
            return Vec::new();
        };
        return vec![picture(
            board,
            &scene,
            area.inflate(WALL_MARGIN),
            whole_wall(lang),
            None,
            lang,
        )];
    }
    scene
        .regions
        .iter()
        .filter_map(|r| region_in(board, &scene, &r.id, lang))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::testing::board;
    use crate::card::NewCard;

    #[test]
    fn an_empty_wall_has_no_pictures() {
        let b = board();
        assert!(wall(&b, Language::De).is_none());
        assert!(!has_content(&b));
        assert!(record(&b, Language::De).is_empty());
        assert!(region(&b, "nope", Language::De).is_none());
    }

    #[test]
    fn a_merged_field_shows_its_sources_and_all_their_cards() {
        let mut b = board();
        let bildung = b.add_cluster("Bildung", 0.0, 0.0).unwrap();
        let sprache = b.add_cluster("Sprache", 300.0, 0.0).unwrap();
        let mut card = NewCard::new("Sprachkurse", 0.0, 0.0);
        card.cluster = Some(sprache.clone());
        b.add_card(card).unwrap();
        b.merge_clusters(&[bildung, sprache], "Lernen").unwrap();
        let svg = wall(&b, Language::De).unwrap().svg;
        assert!(svg.contains(">Lernen<"), "{svg}");
        assert!(
            svg.contains(">aus Bildung + Sprache<") || svg.contains(">aus Sprache + Bildung<"),
            "{svg}"
        );
        assert!(
            svg.contains(">Sprachkurse<"),
            "the merged field's card shows in the new one"
        );
        assert_eq!(
            svg.matches("fill=\"#e5c700\"").count(),
            1,
            "one field: the merged ones are not drawn on their own"
        );
    }

    #[test]
    fn print_size_is_a4_at_300_dpi_at_least_and_capped() {
        let small = Photo {
            subject: String::new(),
            region: None,
            svg: String::new(),
            width: 1000.0,
            height: 500.0,
        };
        assert_eq!(small.print_size(), (3508, 1754));
        let tall = Photo {
            width: 500.0,
            height: 1000.0,
            ..small.clone()
        };
        assert_eq!(tall.print_size(), (1754, 3508));
        let large = Photo {
            width: 2500.0,
            height: 1000.0,
            ..small.clone()
        };
        assert_eq!(large.print_size(), (5000, 2000));
        let huge = Photo {
            width: 40_000.0,
            height: 10_000.0,
            ..small
        };
        assert_eq!(huge.print_size(), (7016, 1754));
    }

    #[test]
    fn a_region_picture_shows_what_lies_in_it_and_not_the_rest() {
        let mut b = board();
        let inside = b.add_card(NewCard::new("Drinnen", 100.0, 100.0)).unwrap();
        b.add_card(NewCard::new("Draußen", 3000.0, 3000.0)).unwrap();
        b.set_facilitator(true);
        let r = b.add_region("Tag 1", 0.0, 0.0, 800.0, 600.0).unwrap();
        assert!(has_content(&b));
        let photo = region(&b, &r, Language::De).unwrap();
        assert!(
            photo.svg.contains("Drinnen") && !photo.svg.contains("Draußen"),
            "{}",
            photo.svg
        );
        assert!(photo.svg.contains("Tag 1"));
        assert!(
            !photo.svg.contains(&inside) && !photo.svg.contains(&r),
            "no ids in the picture"
        );
        let whole = wall(&b, Language::En).unwrap();
        assert!(whole.svg.contains("Drinnen") && whole.svg.contains("Draußen"));
        assert!(whole.svg.contains("Whole wall"));
    }
}
