//! The wall as the photo shows it, read from the document: regions, fields settled apart
//! (as [`crate::field_layout::settle`] does on every screen) with their cards, free cards,
//! facts tables, the dots of revealed rounds and the locks. Sizes follow the wall's stylesheet
//! (style/main.css); heights come from the wrapped text, not from a screen's measurement,
//! so every device draws the same picture.

use std::collections::{HashMap, HashSet};

use yrs::{Map, Out, ReadTxn, Transact};

use crate::board::Board;
use crate::card::{CardColor, CardView};
use crate::cluster::ClusterView;
use crate::field_layout::{settle, FieldBox};
use crate::round::RoundState;

use super::wrap::{one_line, wrap, BOLD};

/// Width of a card (CSS `--card-w`).
pub(super) const CARD_W: f64 = 220.0;
/// Padding inside a card, left and right, and top and bottom.
pub(super) const CARD_PAD_X: f64 = 14.0;
pub(super) const CARD_PAD_Y: f64 = 12.0;
/// Card text: font size and line height.
pub(super) const CARD_FONT: f64 = 20.0;
pub(super) const CARD_LINE: f64 = 26.0;
/// Shortest card.
const CARD_MIN_H: f64 = 90.0;
/// Width of a field (CSS `--cluster-w`) and its inner padding left and right.
pub(super) const FIELD_W: f64 = 252.0;
pub(super) const FIELD_PAD: f64 = 16.0;
/// A field's heading: top border, title font and line height, the row of count and dots.
pub(super) const FIELD_TOP: f64 = 8.0;
pub(super) const TITLE_FONT: f64 = 22.0;
pub(super) const TITLE_LINE: f64 = 28.0;
pub(super) const META_H: f64 = 36.0;
/// The "aus A + B" line under a merged field's heading.
pub(super) const MERGED_H: f64 = 22.0;
/// Gap between cards in a field.
const CARD_GAP: f64 = 12.0;
/// An empty field's placeholder.
const EMPTY_H: f64 = 52.0;
/// Space below a field's last card.
const FIELD_BOTTOM: f64 = 16.0;
/// Room a lock mark takes at the end of a heading.
pub(super) const LOCK_ROOM: f64 = 26.0;
/// How far a region's heading stands above its frame, its height and its title's size.
pub(super) const REGION_HEAD_ABOVE: f64 = 26.0;
pub(super) const REGION_HEAD_H: f64 = 48.0;
pub(super) const REGION_FONT: f64 = 26.0;

/// A box in wall units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Area {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Area {
    pub(super) fn intersects(&self, o: &Area) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }

    pub(super) fn union(self, o: Area) -> Area {
        let (x, y) = (self.x.min(o.x), self.y.min(o.y));
        Area {
            x,
            y,
            w: (self.x + self.w).max(o.x + o.w) - x,
            h: (self.y + self.h).max(o.y + o.h) - y,
        }
    }

    pub(super) fn inflate(self, by: f64) -> Area {
        Area {
            x: self.x - by,
            y: self.y - by,
            w: self.w + 2.0 * by,
            h: self.h + 2.0 * by,
        }
    }
}

/// Dots one item got in one revealed round: the round's place in [`Scene::rounds`] and points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Dot {
    pub round: usize,
    pub points: u32,
}

/// A card as drawn.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CardShape {
    pub area: Area,
    pub color: CardColor,
    pub lines: Vec<String>,
    /// Locked by itself (a lock of its field or region shows there, not on every card).
    pub locked: bool,
    pub dots: Vec<Dot>,
}

/// A field (Rubrik) as drawn, with its cards.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FieldShape {
    pub area: Area,
    pub color: CardColor,
    pub title: Vec<String>,
    /// "A + B": the fields merged into this one.
    pub merged_from: Option<String>,
    pub locked: bool,
    pub dots: Vec<Dot>,
    pub cards: Vec<CardShape>,
}

/// A region as drawn: its frame, and its heading above the frame's top edge.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RegionShape {
    pub id: String,
    pub frame: Area,
    pub title: String,
    pub locked: bool,
}

impl RegionShape {
    /// The frame with the heading standing above it.
    pub(super) fn outline(&self) -> Area {
        Area {
            y: self.frame.y - REGION_HEAD_ABOVE,
            h: self.frame.h + REGION_HEAD_ABOVE,
            ..self.frame
        }
    }

    /// The heading's box: as wide as its title, at most the frame's width.
    pub(super) fn head(&self) -> (Area, String) {
        let room = (self.frame.w - 24.0).max(60.0);
        let lock = if self.locked { LOCK_ROOM } else { 0.0 };
        let title = one_line(&self.title, REGION_FONT * BOLD, room - 24.0 - lock);
        let w = (super::wrap::width(&title, REGION_FONT * BOLD) + 24.0 + lock + 4.0).min(room);
        (
            Area {
                x: self.frame.x + 12.0,
                y: self.frame.y - REGION_HEAD_ABOVE,
                w,
                h: REGION_HEAD_H,
            },
            title,
        )
    }
}

/// Facts tables (Faktentabellen): title and cell font, line height, cell padding, the widest
/// column, and the space between the title and the grid.
pub(super) const TABLE_TITLE_FONT: f64 = 20.0;
pub(super) const TABLE_FONT: f64 = 17.0;
pub(super) const TABLE_LINE: f64 = 30.0;
pub(super) const TABLE_PAD: f64 = 10.0;
const TABLE_MAX_COLUMN: f64 = 320.0;
pub(super) const TABLE_TITLE_H: f64 = 40.0;

/// A facts table as drawn: a title above a grid whose first row is the header.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TableShape {
    pub area: Area,
    pub title: String,
    /// Each column's width.
    pub widths: Vec<f64>,
    /// The header row first, each cell cut to its column.
    pub rows: Vec<Vec<String>>,
}

/// A facts table at its place, its columns as wide as their widest cell (up to a limit).
fn table_shape(t: &crate::facts::FactsTable) -> TableShape {
    let all: Vec<&Vec<String>> = std::iter::once(&t.columns).chain(&t.rows).collect();
    let columns = t.columns.len().max(1);
    let widths: Vec<f64> = (0..columns)
        .map(|i| {
            let widest = all
                .iter()
                .filter_map(|row| row.get(i))
                .map(|cell| super::wrap::width(cell, TABLE_FONT * BOLD))
                .fold(40.0, f64::max);
            widest.min(TABLE_MAX_COLUMN) + 2.0 * TABLE_PAD
        })
        .collect();
    let rows = all
        .iter()
        .map(|row| {
            widths
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    one_line(
                        row.get(i).map_or("", String::as_str),
                        TABLE_FONT,
                        w - 2.0 * TABLE_PAD,
                    )
                })
                .collect()
        })
        .collect::<Vec<Vec<String>>>();
    let grid_w: f64 = widths.iter().sum();
    let title_w = super::wrap::width(&t.title, TABLE_TITLE_FONT * BOLD) + 2.0 * TABLE_PAD;
    let w = grid_w.max(title_w.min(TABLE_MAX_COLUMN * 2.0));
    let title = one_line(&t.title, TABLE_TITLE_FONT * BOLD, w - 2.0 * TABLE_PAD);
    let h = TABLE_TITLE_H + rows.len() as f64 * TABLE_LINE + TABLE_PAD;
    TableShape {
        area: Area {
            x: t.x,
            y: t.y,
            w,
            h,
        },
        title,
        widths,
        rows,
    }
}

/// A revealed round, for the legend of the dots.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RoundMark {
    pub title: String,
}

/// Everything on the wall as the photo draws it.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Scene {
    pub regions: Vec<RegionShape>,
    pub fields: Vec<FieldShape>,
    pub free: Vec<CardShape>,
    pub tables: Vec<TableShape>,
    pub rounds: Vec<RoundMark>,
}

impl Scene {
    /// Reads the board.
    pub(crate) fn read(board: &Board) -> Scene {
        let (rounds, dots) = revealed_dots(board);
        let dots_of = |id: &str| dots.get(id).cloned().unwrap_or_default();
        let regions: Vec<RegionShape> = board
            .regions()
            .into_iter()
            .map(|r| RegionShape {
                id: r.id,
                frame: Area {
                    x: r.x,
                    y: r.y,
                    w: r.w,
                    h: r.h,
                },
                title: r.title,
                locked: r.locked,
            })
            .collect();
        let in_locked_region = |x: f64, y: f64| {
            regions.iter().any(|r| {
                r.locked
                    && r.frame.x <= x
                    && x <= r.frame.x + r.frame.w
                    && r.frame.y <= y
                    && y <= r.frame.y + r.frame.h
            })
        };
        let groups = board.card_groups();
        let own_locks = own_locked_cards(board);
        let clusters = board.clusters();
        let mut shapes: Vec<FieldShape> = clusters
            .iter()
            .filter(|c| c.merged_into.is_none())
            .map(|c| {
                let sources: Vec<&str> = clusters
                    .iter()
                    .filter(|s| s.merged_into.as_deref() == Some(c.id.as_str()))
                    .map(|s| s.title.as_str())
                    .collect();
                let members = groups
                    .clusters
                    .get(&c.id)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                // A lock the field itself shows: its own, or its region's.
                let locked = c.locked || in_locked_region(c.x, c.y);
                let cards = members.iter().map(|card| {
                    (
                        card,
                        own_locks.contains(&card.id) && !locked,
                        dots_of(&card.id),
                    )
                });
                field_shape(c, &sources, locked, dots_of(&c.id), cards)
            })
            .collect();
        // Settled apart as the wall does it; the cards were laid out relative to the field.
        let boxes: Vec<FieldBox> = shapes
            .iter()
            .map(|f| FieldBox {
                x: f.area.x,
                y: f.area.y,
                w: f.area.w,
                h: f.area.h,
            })
            .collect();
        for (field, (x, y)) in shapes.iter_mut().zip(settle(&boxes)) {
            field.area.x = x;
            field.area.y = y;
            for card in &mut field.cards {
                card.area.x += x;
                card.area.y += y;
            }
        }
        let free = groups
            .free
            .iter()
            .filter(|c| !c.incoming)
            .map(|c| card_shape(c, c.x, c.y, own_locks.contains(&c.id), dots_of(&c.id)))
            .collect();
        let tables = board.tables().iter().map(table_shape).collect();
        Scene {
            regions,
            fields: shapes,
            free,
            tables,
            rounds,
        }
    }

    /// Everything on the wall, regions' headings included; `None` for an empty wall.
    pub(crate) fn bounds(&self) -> Option<Area> {
        let regions = self.regions.iter().map(RegionShape::outline);
        let fields = self.fields.iter().map(|f| f.area);
        let cards = self.free.iter().map(|c| c.area);
        let tables = self.tables.iter().map(|t| t.area);
        regions
            .chain(fields)
            .chain(cards)
            .chain(tables)
            .reduce(Area::union)
    }

    /// Only what lies (at least partly) in `area`: the picture of a part of the wall.
    pub(crate) fn within(&self, area: &Area) -> Scene {
        Scene {
            regions: self
                .regions
                .iter()
                .filter(|r| r.outline().intersects(area))
                .cloned()
                .collect(),
            fields: self
                .fields
                .iter()
                .filter(|f| f.area.intersects(area))
                .cloned()
                .collect(),
            free: self
                .free
                .iter()
                .filter(|c| c.area.intersects(area))
                .cloned()
                .collect(),
            tables: self
                .tables
                .iter()
                .filter(|t| t.area.intersects(area))
                .cloned()
                .collect(),
            rounds: self.rounds.clone(),
        }
    }

    /// Whether any dot is drawn.
    pub(crate) fn has_dots(&self) -> bool {
        let cards = self.fields.iter().flat_map(|f| &f.cards).chain(&self.free);
        self.fields.iter().any(|f| !f.dots.is_empty())
            || cards.into_iter().any(|c| !c.dots.is_empty())
    }
}

/// A field at its stored place, as tall as its heading and its cards (given with whether
/// each shows its own lock, and its dots) laid out below it.
fn field_shape<'a>(
    c: &ClusterView,
    sources: &[&str],
    locked: bool,
    dots: Vec<Dot>,
    cards: impl Iterator<Item = (&'a CardView, bool, Vec<Dot>)>,
) -> FieldShape {
    let lock_room = if locked { LOCK_ROOM } else { 0.0 };
    let title = wrap(
        &c.title,
        TITLE_FONT * BOLD,
        FIELD_W - 2.0 * FIELD_PAD - lock_room,
    );
    let merged_from = (!sources.is_empty()).then(|| sources.join(" + "));
    let head = FIELD_TOP
        + 8.0
        + title.len() as f64 * TITLE_LINE
        + META_H
        + if merged_from.is_some() { MERGED_H } else { 0.0 };
    let mut y = head;
    let cards: Vec<CardShape> = cards
        .map(|(card, own_lock, dots)| {
            let shape = card_shape(card, FIELD_PAD, y, own_lock, dots);
            y += shape.area.h + CARD_GAP;
            shape
        })
        .collect();
    let body = if cards.is_empty() {
        EMPTY_H + CARD_GAP
    } else {
        y - head
    };
    FieldShape {
        area: Area {
            x: c.x,
            y: c.y,
            w: FIELD_W,
            h: head + body - CARD_GAP + FIELD_BOTTOM,
        },
        color: c.color,
        title,
        merged_from,
        locked,
        dots,
        cards,
    }
}

/// The cards the facilitator locked one by one (a card in a locked field or region is
/// locked too, but the mark shows on the field or region).
fn own_locked_cards(board: &Board) -> HashSet<String> {
    let txn = board.doc().transact();
    let Some(cards) = txn.get_map(crate::schema::CARDS) else {
        return HashSet::new();
    };
    cards
        .iter(&txn)
        .filter_map(|(id, v)| match v {
            Out::YMap(m) if crate::lock::is_locked(&txn, &m) => Some(id.to_owned()),
            _ => None,
        })
        .collect()
}

/// A card's box at `x`,`y`, as tall as its wrapped text.
fn card_shape(card: &CardView, x: f64, y: f64, locked: bool, dots: Vec<Dot>) -> CardShape {
    let lock_room = if locked { LOCK_ROOM - 6.0 } else { 0.0 };
    let lines = wrap(&card.text, CARD_FONT, CARD_W - 2.0 * CARD_PAD_X - lock_room);
    let dot_row = if dots.is_empty() { 0.0 } else { 32.0 };
    let h = (2.0 * CARD_PAD_Y + lines.len() as f64 * CARD_LINE + dot_row).max(CARD_MIN_H);
    CardShape {
        area: Area { x, y, w: CARD_W, h },
        color: card.color,
        lines,
        locked,
        dots,
    }
}

/// The rounds whose results everyone sees because the facilitator revealed them, oldest
/// first, and each item's points in them (items with no dots left out). Rounds still open,
/// closed or in draft add nothing: the photo shows what the room has seen.
fn revealed_dots(board: &Board) -> (Vec<RoundMark>, HashMap<String, Vec<Dot>>) {
    let mut marks = Vec::new();
    let mut dots: HashMap<String, Vec<Dot>> = HashMap::new();
    for round in board
        .rounds()
        .into_iter()
        .filter(|r| r.state == RoundState::Revealed)
    {
        let Some(tally) = board.tally(&round.id) else {
            continue;
        };
        let index = marks.len();
        marks.push(RoundMark {
            title: round.settings.title.clone(),
        });
        for item in tally.items.iter().filter(|i| i.points > 0) {
            // Dots on merged fields count for the field they were merged into, as in the tally.
            dots.entry(item.id.clone()).or_default().push(Dot {
                round: index,
                points: item.points,
            });
        }
    }
    (marks, dots)
}
