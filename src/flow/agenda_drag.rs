//! Reordering the agenda by dragging a step's grip (mouse, pen or touch), also onto another
//! day. The keyboard does the same with "Nach oben"/"Nach unten" or Alt+↑/↓.

use board::StepId;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, PointerEvent};

use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::wall::messages::board_error_text;
use crate::wall::WallUi;

/// Marks the row a dragged step would land before (or, at a day's end, after).
const DROP: &str = "data-drop";

/// The grip of `step`: press and drag it to a new place in the agenda.
#[component]
pub fn Grip(step: StepId) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let step = StoredValue::new(step);
    let target = RwSignal::new(None::<(String, usize)>);
    let down = move |ev: PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        ev.prevent_default();
        if let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<Element>().ok())
        {
            let _ = el.set_pointer_capture(ev.pointer_id());
            if let Some(row) = el.closest("[data-step]").ok().flatten() {
                let _ = row.set_attribute("data-dragging", "true");
            }
        }
        target.set(drop_place(ev.client_x(), ev.client_y(), &step.get_value()));
    };
    let moved = move |ev: PointerEvent| {
        if target.with_untracked(Option::is_some) {
            target.set(drop_place(ev.client_x(), ev.client_y(), &step.get_value()));
        }
    };
    let end = move |drop: bool| {
        clear_marks("[data-drop], [data-dragging]");
        if let Some((day, index)) = target.get_untracked() {
            target.set(None);
            if drop {
                if let Err(e) = ctx.edit(|b| b.move_step_to(&step.get_value(), &day, index)) {
                    ui.complain(board_error_text(i18n, &e));
                }
            }
        }
    };
    view! {
        <span class="agenda-grip" aria-hidden="true" on:pointerdown=down on:pointermove=moved
            on:pointerup=move |_| end(true) on:pointercancel=move |_| end(false)>"⠿"</span>
    }
}

/// Where a step dropped at (`x`, `y`) lands: the day under the pointer, after each of its
/// other steps whose middle is above the pointer. Marks that place on the page.
fn drop_place(x: i32, y: i32, dragged: &str) -> Option<(String, usize)> {
    clear_marks("[data-drop]");
    let doc = document();
    let day = doc
        .element_from_point(x as f32, y as f32)?
        .closest("[data-day]")
        .ok()??;
    let id = day.get_attribute("data-day")?;
    let rows = day.query_selector_all("[data-step]").ok()?;
    let others: Vec<Element> = (0..rows.length())
        .filter_map(|i| rows.item(i)?.dyn_into::<Element>().ok())
        .filter(|r| r.get_attribute("data-step").as_deref() != Some(dragged))
        .collect();
    let index = others
        .iter()
        .filter(|r| {
            let rect = r.get_bounding_client_rect();
            rect.top() + rect.height() / 2.0 < f64::from(y)
        })
        .count();
    let _ = match (others.get(index), others.last()) {
        (Some(row), _) => row.set_attribute(DROP, "before"),
        (None, Some(last)) => last.set_attribute(DROP, "after"),
        (None, None) => day.set_attribute(DROP, "into"),
    };
    Some((id, index))
}

/// Removes the drop marks (and the dragged row's) from the elements `selector` finds.
fn clear_marks(selector: &str) {
    let Ok(marked) = document().query_selector_all(selector) else {
        return;
    };
    for i in 0..marked.length() {
        if let Some(el) = marked.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            let _ = el.remove_attribute(DROP);
            let _ = el.remove_attribute("data-dragging");
        }
    }
}
