//! What one person's screen holds about the wall and nobody else needs: the view, the
//! selection, the card being edited, a drag in progress, the last notice. Never in the document.

use board::field_layout::{self, FieldBox};
use board::{CardView, ClusterView, RegionView, Right, Rights};
use leptos::prelude::*;
use std::collections::HashMap;

use super::incoming;
use super::layout::{card_rect, field_estimate, region_head_rect, region_rect, CLUSTER_W};
use super::viewport::{Rect, Viewport};
use crate::sync::BoardCtx;

/// Wall (spatial) or list (outline) presentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewMode {
    /// Cards and clusters laid out on the wall.
    Wall,
    /// Clusters with their cards as nested lists.
    List,
    /// The result of a voting round.
    Results,
    /// Working groups and their worksheets.
    Work,
    /// The day's agenda.
    Agenda,
    /// A positioning exercise.
    Positioning,
    /// A participant's phone home: the current step, their cards, the fields as lists.
    Home,
}

/// What is being dragged.
#[derive(Clone, Debug, PartialEq)]
pub enum DragItem {
    /// A card, by id.
    Card(String),
    /// A cluster with its cards, by id.
    Cluster(String),
    /// A region with everything in it, by id.
    Region(String),
    /// A region's lower right corner, resizing it.
    RegionSize(String),
    /// A facts table, by id.
    Table(String),
}

/// A drag in progress: the item and how far the pointer moved, in screen pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct Drag {
    /// The dragged item.
    pub item: DragItem,
    /// Horizontal pointer travel.
    pub dx: f64,
    /// Vertical pointer travel.
    pub dy: f64,
}

/// A short message with an optional undo, announced to screen readers.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// The text.
    pub text: String,
    /// Whether to offer "undo".
    pub undo: bool,
    /// Whether this is an error.
    pub error: bool,
}

/// The board as the wall draws it: one memo, recomputed only when the document changes.
/// Lists hold ids, so a card keeps its element (and keyboard focus) while it moves.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WallSnapshot {
    /// Every card by id.
    pub cards: HashMap<String, CardView>,
    /// Clusters, left to right, each where the wall shows it: settled so that none covers
    /// another (see [`board::field_layout`]), so `x`,`y` may lie below the stored place.
    pub clusters: Vec<ClusterView>,
    /// Each cluster's height as laid out: measured on this screen, else estimated.
    pub field_heights: HashMap<String, f64>,
    /// Each cluster's card ids in order.
    pub members: HashMap<String, Vec<String>>,
    /// Ids of cards in no cluster (those waiting in the incoming area included).
    pub free: Vec<String>,
    /// Ids of the cards waiting in the incoming area, in its order; their `x`,`y` in
    /// `cards` are the area's layout.
    pub incoming: Vec<String>,
    /// The incoming area's frame, while cards wait there.
    pub inbox: Option<Rect>,
    /// The regions, in reading order.
    pub regions: Vec<RegionView>,
    /// What the facilitator lets participants do.
    pub rights: Rights,
    /// This device's participant id (the `author` of the cards it writes).
    pub me: String,
    /// Where the facts tables stand, roughly (see `layout::table_rect`).
    pub tables: Vec<Rect>,
}

impl WallSnapshot {
    /// Reads the board; `measured` holds the fields' heights as this screen drew them, and
    /// `tables` where its facts tables stand.
    pub fn of(board: &board::Board, measured: &HashMap<String, f64>, tables: &[Rect]) -> Self {
        let groups = board.card_groups();
        let ids = |list: &[CardView]| list.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        let members = groups
            .clusters
            .iter()
            .map(|(cluster, list)| (cluster.clone(), ids(list)))
            .collect();
        let free = ids(&groups.free);
        let incoming: Vec<String> = groups
            .free
            .iter()
            .filter(|c| c.incoming)
            .map(|c| c.id.clone())
            .collect();
        let cards = groups
            .clusters
            .into_values()
            .flatten()
            .chain(groups.free)
            .map(|c| (c.id.clone(), c))
            .collect();
        // Fields merged into another are shown inside it, not on their own.
        let clusters = board
            .clusters()
            .into_iter()
            .filter(|c| c.merged_into.is_none())
            .collect();
        let mut snapshot = WallSnapshot {
            cards,
            clusters,
            field_heights: HashMap::new(),
            members,
            free,
            incoming,
            inbox: None,
            regions: board.regions(),
            rights: board.rights(),
            me: board.author().to_owned(),
            tables: tables.to_vec(),
        };
        snapshot.settle_fields(measured);
        snapshot.lay_out_incoming(board.current_region().map(|r| region_rect(&r).y));
        snapshot
    }

    /// Moves fields down where one would cover another, the same way on every screen.
    fn settle_fields(&mut self, measured: &HashMap<String, f64>) {
        let heights: Vec<f64> = self
            .clusters
            .iter()
            .map(|c| {
                measured.get(&c.id).copied().unwrap_or_else(|| {
                    let members = self
                        .members
                        .get(&c.id)
                        .map(Vec::as_slice)
                        .unwrap_or_default();
                    field_estimate(
                        members
                            .iter()
                            .filter_map(|id| self.cards.get(id))
                            .map(|card| card.text.as_str()),
                    )
                })
            })
            .collect();
        let boxes: Vec<FieldBox> = self
            .clusters
            .iter()
            .zip(&heights)
            .map(|(c, &h)| FieldBox {
                x: c.x,
                y: c.y,
                w: CLUSTER_W,
                h,
            })
            .collect();
        for ((cluster, (x, y)), h) in self
            .clusters
            .iter_mut()
            .zip(field_layout::settle(&boxes))
            .zip(heights)
        {
            (cluster.x, cluster.y) = (x, y);
            self.field_heights.insert(cluster.id.clone(), h);
        }
    }

    /// Where a field is on the wall, as laid out.
    pub fn field_rect(&self, cluster: &ClusterView) -> Rect {
        let h = self
            .field_heights
            .get(&cluster.id)
            .copied()
            .unwrap_or_else(|| field_estimate(std::iter::empty()));
        Rect {
            x: cluster.x,
            y: cluster.y,
            w: CLUSTER_W,
            h,
        }
    }

    /// Puts the waiting cards where the incoming area shows them, beside everything else.
    fn lay_out_incoming(&mut self, region_top: Option<f64>) {
        if self.incoming.is_empty() {
            return;
        }
        // `inbox` is still `None` here, and waiting cards are left out of `occupied`.
        let beside = Rect::union_all(
            self.occupied()
                .into_iter()
                .chain(self.regions.iter().map(region_rect)),
        );
        let fields_top = self.clusters.iter().map(|c| c.y).reduce(f64::min);
        let area = incoming::layout(self.incoming.len(), beside, region_top.or(fields_top));
        for (id, (x, y)) in self.incoming.iter().zip(area.spots) {
            if let Some(card) = self.cards.get_mut(id) {
                (card.x, card.y) = (x, y);
            }
        }
        self.inbox = area.frame;
    }

    /// Free cards, in order.
    pub fn free_cards(&self) -> impl Iterator<Item = &CardView> {
        self.free.iter().filter_map(|id| self.cards.get(id))
    }

    /// The cards waiting in the incoming area, in its order.
    pub fn incoming_cards(&self) -> impl Iterator<Item = &CardView> {
        self.incoming.iter().filter_map(|id| self.cards.get(id))
    }

    /// Rough bounds of everything on the wall, regions included.
    pub fn bounds(&self) -> Option<Rect> {
        Rect::union_all(
            self.occupied()
                .into_iter()
                .chain(self.regions.iter().map(region_rect))
                .chain(self.inbox),
        )
    }

    /// Rough boxes of everything on the wall, for placing new items beside them; locked
    /// regions count as taken, since nothing new may go in, and so do regions' headings and
    /// the incoming area.
    pub fn occupied(&self) -> Vec<Rect> {
        let clusters = self.clusters.iter().map(|c| self.field_rect(c));
        let regions = self.regions.iter().map(|r| {
            if r.locked {
                region_rect(r)
            } else {
                region_head_rect(r)
            }
        });
        let placed = self.free_cards().filter(|c| !c.incoming).map(card_rect);
        clusters
            .chain(placed)
            .chain(regions)
            .chain(self.inbox)
            .chain(self.tables.iter().copied())
            .collect()
    }
}

/// The local state of one wall page, shared by its components through context.
#[derive(Clone, Copy)]
pub struct WallUi {
    /// Pan and zoom.
    pub viewport: RwSignal<Viewport>,
    /// Size of the wall's screen area in CSS pixels.
    pub screen: RwSignal<(f64, f64)>,
    /// The selected card.
    pub selected: RwSignal<Option<String>>,
    /// The card whose text is being edited.
    pub editing: RwSignal<Option<String>>,
    /// The cluster whose heading is being edited.
    pub renaming: RwSignal<Option<String>>,
    /// A drag in progress.
    pub drag: RwSignal<Option<Drag>>,
    /// Wall or list.
    pub mode: RwSignal<ViewMode>,
    /// The latest notice.
    pub notice: RwSignal<Option<Notice>>,
    /// The board as drawn.
    pub snapshot: Memo<WallSnapshot>,
    /// The fields' heights as this screen drew them (the wall settles fields with them).
    pub field_heights: RwSignal<HashMap<String, f64>>,
    /// Where the facts tables stand, roughly: kept by the full app's wall page (the phone
    /// entry shows no tables, and links none of their code).
    pub table_rects: RwSignal<Vec<Rect>>,
    /// A projector link: everything shows, nothing can be changed.
    pub read_only: bool,
    /// The facilitator's page: locks do not hold it back, and it lays out regions.
    pub facilitator: bool,
    /// The projector view: the wall large, without editing chrome.
    pub projector: RwSignal<bool>,
    /// Until the user pans or zooms, the view fits the board as it arrives (a joined board
    /// fills on its first sync, and its cards may lie far from the origin).
    pub auto_fit: StoredValue<bool>,
    /// The screen is phone-narrow (below 600 px): participants get the phone home.
    pub narrow: RwSignal<bool>,
    /// Whether the name dialog is open: asked once on arrival, again from "Name ändern".
    pub naming: RwSignal<bool>,
    /// Whether the wall's search bar is open ("Auf der Wand suchen").
    pub search_open: RwSignal<bool>,
    /// What the search bar holds: the wall shows its matches, the list view only them.
    pub search_text: RwSignal<String>,
    /// The search match shown now, highlighted on the wall.
    pub found: RwSignal<Option<board::search::Hit>>,
    /// The control that had focus when the search opened, to return to when it closes.
    pub search_opener: StoredValue<Option<web_sys::HtmlElement>, LocalStorage>,
    /// The view a toolbar toggle left, to go back to when it is pressed again.
    came_from: StoredValue<ViewMode>,
    /// While `auto_fit` holds: fit the wall's width at a readable zoom rather than all of it
    /// (a phone's "Wand ansehen").
    pub fit_to_width: StoredValue<bool>,
}

impl WallUi {
    /// Creates the state for a board and derives its snapshot.
    pub fn new(ctx: BoardCtx, read_only: bool, facilitator: bool) -> Self {
        let field_heights = RwSignal::new(HashMap::new());
        let table_rects = RwSignal::new(Vec::new());
        let snapshot = Memo::new(move |_| {
            field_heights.with(|measured| {
                table_rects.with(|tables| ctx.track(|b| WallSnapshot::of(b, measured, tables)))
            })
        });
        WallUi {
            viewport: RwSignal::new(Viewport::default()),
            screen: RwSignal::new((1024.0, 768.0)),
            selected: RwSignal::new(None),
            editing: RwSignal::new(None),
            renaming: RwSignal::new(None),
            drag: RwSignal::new(None),
            mode: RwSignal::new(ViewMode::Wall),
            notice: RwSignal::new(None),
            snapshot,
            field_heights,
            table_rects,
            read_only,
            facilitator,
            projector: RwSignal::new(read_only),
            auto_fit: StoredValue::new(true),
            narrow: RwSignal::new(false),
            naming: RwSignal::new(false),
            search_open: RwSignal::new(false),
            search_text: RwSignal::new(String::new()),
            found: RwSignal::new(None),
            search_opener: StoredValue::new_local(None),
            came_from: StoredValue::new(ViewMode::Wall),
            fit_to_width: StoredValue::new(false),
        }
    }

    /// A toolbar toggle: shows `mode`, or, if it shows already, goes back to the base view
    /// it was opened from: the wall, or a phone's home (the other views are tabs over it).
    pub fn toggle(&self, mode: ViewMode) {
        let current = self.mode.get_untracked();
        if current == mode {
            let back = self.came_from.get_value();
            self.mode.set(match back {
                ViewMode::Home if !self.phone_home() => ViewMode::Wall,
                base => base,
            });
        } else {
            if matches!(current, ViewMode::Wall | ViewMode::Home) {
                self.came_from.set_value(current);
            }
            self.mode.set(mode);
        }
    }

    /// Whether this page is a participant's on a phone, which shows the phone home in place
    /// of the wall; tracked.
    pub fn phone_home(&self) -> bool {
        !self.facilitator && !self.read_only && self.narrow.get()
    }

    /// The view for the wall's part of the day: the phone home on a participant's phone,
    /// else the wall; tracked.
    pub fn wall_mode(&self) -> ViewMode {
        if self.phone_home() {
            ViewMode::Home
        } else {
            ViewMode::Wall
        }
    }

    /// Opens the wall fitted to its width at a readable zoom (a phone's "Wand ansehen"): the
    /// wall keeps that fit, as its size becomes known and the board changes, until the user
    /// pans or zooms.
    pub fn open_wall_fitted(&self) {
        self.selected.set(None);
        self.auto_fit.set_value(true);
        self.fit_to_width.set_value(true);
        self.mode.set(ViewMode::Wall);
    }

    /// Shows the wall from its top left, as wide as fits at a zoom where card text is still
    /// readable.
    pub fn fit_width(&self) {
        // Card text is 20 px at 100 %: below about 55 % it is too small to read on a phone.
        const READABLE: f64 = 0.55;
        let Some(bounds) = self.snapshot.get_untracked().bounds() else {
            return;
        };
        // On a participant's phone the way back to the home floats over the wall's top left
        // (`.back-home`, style/phone.css: 10 px from the top, a 44 px tap target): the wall
        // starts below it.
        const BELOW_BACK_HOME: f64 = 66.0;
        let (w, _) = self.screen.get_untracked();
        let margin = 12.0;
        let top = if self.phone_home() {
            BELOW_BACK_HOME
        } else {
            margin
        };
        let zoom = ((w - 2.0 * margin) / bounds.w).clamp(READABLE, 1.0);
        self.viewport.set(Viewport {
            pan_x: margin - bounds.x * zoom,
            pan_y: top - bounds.y * zoom,
            zoom,
        });
    }

    /// Whether this page may do what `right` covers (the facilitator always may); tracked.
    pub fn may(&self, right: Right) -> bool {
        !self.read_only && (self.facilitator || self.snapshot.with(|s| s.rights.allows(right)))
    }

    /// Whether this page may edit, recolour or delete `card`: the facilitator, its author,
    /// or anyone the facilitator allows to edit others' cards; tracked.
    pub fn may_edit(&self, card: &CardView) -> bool {
        self.may(Right::EditOthers)
            || (!self.read_only && self.snapshot.with(|s| board::owns(&card.author, &s.me)))
    }

    /// The part of the wall on screen, in wall units.
    pub fn visible(&self) -> Rect {
        let (w, h) = self.screen.get();
        self.viewport.get().visible(w, h)
    }

    /// Shows everything on the wall; the projector view enlarges a small wall.
    pub fn fit_all(&self) {
        if let Some(bounds) = self.snapshot.get_untracked().bounds() {
            let (w, h) = self.screen.get_untracked();
            self.viewport
                .set(Viewport::fit(bounds, w, h, self.fit_zoom_limit()));
        }
    }

    /// How far fitting may zoom in: the projector view enlarges a small wall or region.
    fn fit_zoom_limit(&self) -> f64 {
        if self.projector.get_untracked() {
            super::viewport::PRESENTER_MAX_ZOOM
        } else {
            1.0
        }
    }

    /// Shows a wall rectangle as large as the screen allows (a region, the facilitator's view).
    pub fn show(&self, rect: Rect) {
        self.auto_fit.set_value(false);
        let (w, h) = self.screen.get_untracked();
        self.viewport
            .set(Viewport::fit(rect, w, h, self.fit_zoom_limit()));
    }

    /// Pans so that a wall rectangle is on screen, if it is not already.
    pub fn reveal(&self, rect: Rect) {
        let (w, h) = self.screen.get_untracked();
        let view = self.viewport.get_untracked();
        let seen = view.visible(w, h);
        if seen.contains(rect.x, rect.y)
            && seen.contains(rect.x + rect.w.min(seen.w), rect.y + rect.h.min(seen.h))
        {
            return;
        }
        let dx = (seen.x + seen.w / 2.0) - (rect.x + rect.w / 2.0);
        let dy = (seen.y + seen.h / 3.0) - (rect.y + rect.h / 2.0);
        self.viewport
            .set(view.pan_by(dx * view.zoom, dy * view.zoom));
    }

    /// Tells the user an operation was refused.
    pub fn complain(&self, text: String) {
        self.notice.set(Some(Notice {
            text,
            undo: false,
            error: true,
        }));
    }
}
