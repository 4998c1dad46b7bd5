//! Dragging with mouse, pen and touch: one pointer press per item, a CSS transform while
//! it moves, and one document edit when it is dropped. The drop target is found from the
//! clusters' boxes on screen, so what the user sees is what decides.

use board::BoardError;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, PointerEvent};

use super::focus::focus_soon;
use super::state::{Drag, DragItem, WallUi};
use crate::sync::BoardCtx;

/// Pointer travel (CSS px) below which a press is a tap, not a drag.
const DRAG_THRESHOLD: f64 = 6.0;

/// One pointer pressed on an item.
#[derive(Clone, Debug)]
pub struct Press {
    pointer: i32,
    start: (f64, f64),
    /// The item's top-left when pressed, relative to the wall area (which does not move
    /// during a drag, so it is measured once here, not on every pointer move).
    pub origin: (f64, f64),
    moved: bool,
}

/// Outcome of a pointer leaving an item.
pub enum Release {
    /// The pointer barely moved: a tap or click.
    Tap,
    /// The item was dragged; the pointer is at this client point.
    Drop { x: f64, y: f64, dx: f64, dy: f64 },
}

impl Press {
    /// Starts a press on `el` and captures the pointer, so the drag follows a finger that
    /// leaves the element (and the page does not scroll: CSS `touch-action: none`).
    pub fn begin(ev: &PointerEvent, el: &Element) -> Press {
        let _ = el.set_pointer_capture(ev.pointer_id());
        let rect = el.get_bounding_client_rect();
        Press {
            pointer: ev.pointer_id(),
            start: (ev.client_x() as f64, ev.client_y() as f64),
            origin: {
                let (wx, wy) = wall_origin();
                (rect.left() - wx, rect.top() - wy)
            },
            moved: false,
        }
    }

    /// Follows the pointer; returns the travel once it counts as a drag.
    pub fn track(&mut self, ev: &PointerEvent) -> Option<(f64, f64)> {
        if ev.pointer_id() != self.pointer {
            return None;
        }
        let dx = ev.client_x() as f64 - self.start.0;
        let dy = ev.client_y() as f64 - self.start.1;
        if !self.moved && dx.hypot(dy) < DRAG_THRESHOLD {
            return None;
        }
        self.moved = true;
        Some((dx, dy))
    }

    /// Ends the press.
    pub fn release(self, ev: &PointerEvent) -> Release {
        let (x, y) = (ev.client_x() as f64, ev.client_y() as f64);
        if self.moved {
            Release::Drop {
                x,
                y,
                dx: x - self.start.0,
                dy: y - self.start.1,
            }
        } else {
            Release::Tap
        }
    }

    /// Whether this event belongs to the press.
    pub fn owns(&self, ev: &PointerEvent) -> bool {
        ev.pointer_id() == self.pointer
    }
}

/// The pointer handlers of an element that drags `item` as a whole (a cluster's or a region's
/// heading, a region's corner): a press starts when `may_start()` allows it, the travel shows
/// through [`offset_of`], and on release `commit(dx, dy)` gets the travel in wall units.
pub struct PressDrag<D, M, U, C> {
    /// `pointerdown`.
    pub down: D,
    /// `pointermove`.
    pub moved: M,
    /// `pointerup`.
    pub up: U,
    /// `pointercancel`.
    pub cancel: C,
}

/// A pointer event handler as the `on:` attributes take it.
pub trait Handler: Fn(PointerEvent) + Copy + 'static {}
impl<F: Fn(PointerEvent) + Copy + 'static> Handler for F {}

/// Builds the [`PressDrag`] handlers for `item`.
pub fn press_drag(
    ui: WallUi,
    item: DragItem,
    may_start: impl Fn() -> bool + Copy + 'static,
    commit: impl Fn(f64, f64) + Copy + 'static,
) -> PressDrag<impl Handler, impl Handler, impl Handler, impl Handler> {
    let press = StoredValue::new_local(None::<Press>);
    let item = StoredValue::new(item);
    let down = move |ev: PointerEvent| {
        if ev.button() != 0 || ui.read_only || !may_start() {
            return;
        }
        ev.stop_propagation();
        // Capture on the element with the handlers: captured events go to the capturing
        // element, and this is where the move and up handlers are.
        if let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<Element>().ok())
        {
            press.set_value(Some(Press::begin(&ev, &el)));
        }
    };
    let moved = move |ev: PointerEvent| {
        if let Some((dx, dy)) = press
            .try_update_value(|p| p.as_mut().and_then(|p| p.track(&ev)))
            .flatten()
        {
            ui.drag.set(Some(Drag {
                item: item.get_value(),
                dx,
                dy,
            }));
        }
    };
    let up = move |ev: PointerEvent| {
        let Some(p) = press
            .try_update_value(|p| p.take_if(|p| p.owns(&ev)))
            .flatten()
        else {
            return;
        };
        if let Release::Drop { dx, dy, .. } = p.release(&ev) {
            let zoom = ui.viewport.get_untracked().zoom;
            commit(dx / zoom, dy / zoom);
        }
        ui.drag.set(None);
    };
    let cancel = move |_: PointerEvent| {
        press.set_value(None);
        ui.drag.set(None);
    };
    PressDrag {
        down,
        moved,
        up,
        cancel,
    }
}

/// The travel of the current drag of `item`, in wall units, for its CSS transform.
pub fn offset_of(ui: WallUi, item: DragItem) -> Memo<Option<(f64, f64)>> {
    Memo::new(move |_| {
        let zoom = ui.viewport.with(|v| v.zoom);
        ui.drag.with(|d| match d {
            Some(Drag { item: i, dx, dy }) if *i == item => Some((dx / zoom, dy / zoom)),
            _ => None,
        })
    })
}

/// The screen position of the wall area (client coordinates of its top-left).
pub fn wall_origin() -> (f64, f64) {
    document()
        .query_selector(".wall")
        .ok()
        .flatten()
        .map(|el| {
            let r = el.get_bounding_client_rect();
            (r.left(), r.top())
        })
        .unwrap_or_default()
}

/// The cluster under a client point, and the index among its cards (other than `card`) at
/// which a card dropped there belongs.
pub fn cluster_at(x: f64, y: f64, card: &str) -> Option<(String, usize)> {
    let clusters = document()
        .query_selector_all(".cluster[data-cluster-id]")
        .ok()?;
    for i in 0..clusters.length() {
        let Some(el) = clusters.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let r = el.get_bounding_client_rect();
        if x < r.left() || x > r.right() || y < r.top() || y > r.bottom() {
            continue;
        }
        let id = el.get_attribute("data-cluster-id")?;
        let mut index = 0;
        if let Ok(cards) = el.query_selector_all("[data-card-id]") {
            for j in 0..cards.length() {
                let Some(c) = cards.item(j).and_then(|n| n.dyn_into::<Element>().ok()) else {
                    continue;
                };
                if c.get_attribute("data-card-id").as_deref() == Some(card) {
                    continue;
                }
                let cr = c.get_bounding_client_rect();
                if cr.top() + cr.height() / 2.0 < y {
                    index += 1;
                }
            }
        }
        return Some((id, index));
    }
    None
}

/// Where on the wall a dragged item's top-left is: its origin (see [`Press::origin`]) plus
/// the pointer's travel.
pub fn dragged_to(ui: WallUi, origin: (f64, f64), dx: f64, dy: f64) -> (f64, f64) {
    let (x, y) = ui
        .viewport
        .get_untracked()
        .wall_point(origin.0 + dx, origin.1 + dy);
    (x.round(), y.round())
}

/// Drops a card: into the cluster under the pointer, or free on the wall where it was let go.
pub fn drop_card(
    ctx: BoardCtx,
    ui: WallUi,
    id: &str,
    origin: (f64, f64),
    release: (f64, f64, f64, f64),
) -> Result<(), BoardError> {
    let (x, y, dx, dy) = release;
    match cluster_at(x, y, id) {
        Some((cluster, index)) => ctx.edit(|b| b.put_card_in_cluster(id, &cluster, index)),
        None => {
            let (wx, wy) = dragged_to(ui, origin, dx, dy);
            ctx.edit(|b| b.place_card(id, wx, wy))
        }
    }
}

/// Moves keyboard focus to a card once the view has re-rendered it.
pub fn focus_card_soon(id: String) {
    focus_soon(format!("[data-card-id=\"{id}\"]"));
}
