//! A region: a named area of the wall behind the cards ("Daten und Fakten"). The facilitator
//! lays it out, drags its heading to move it with everything inside, drags its corner to
//! resize it, and locks it; everyone sees its name and whether it is locked.

use board::RegionView;
use leptos::prelude::*;
use web_sys::{KeyboardEvent, PointerEvent};

use super::drag::{offset_of, Press, Release};
use super::messages::board_error_text;
use super::state::{Drag, DragItem, Notice, WallUi};
use super::title_editor::TitleEditor;
use super::lock_icon::LockIcon;
use crate::i18n::*;
use crate::sync::BoardCtx;

/// Wall units an arrow key moves or resizes a region.
const STEP: f64 = 20.0;

/// A key that changes when anything the region shows changes.
pub fn region_key(r: &RegionView) -> (String, String, [u64; 4], bool) {
    (r.id.clone(), r.title.clone(), [r.x.to_bits(), r.y.to_bits(), r.w.to_bits(), r.h.to_bits()], r.locked)
}

/// One pointer press that drags `item` (the heading moves, the corner resizes) and commits
/// `commit(dx, dy)` in wall units on release.
fn drag_handlers(
    ui: WallUi,
    item: DragItem,
    commit: impl Fn(f64, f64) + Copy + 'static,
) -> (impl Fn(PointerEvent) + Copy, impl Fn(PointerEvent) + Copy, impl Fn(PointerEvent) + Copy) {
    let press = StoredValue::new_local(None::<Press>);
    let item = StoredValue::new(item);
    let down = move |ev: PointerEvent| {
        if ev.button() != 0 || !ui.facilitator || ui.read_only {
            return;
        }
        ev.stop_propagation();
        if let Some(el) = ev.current_target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()) {
            press.set_value(Some(Press::begin(&ev, &el)));
        }
    };
    let moved = move |ev: PointerEvent| {
        if let Some((dx, dy)) = press.try_update_value(|p| p.as_mut().and_then(|p| p.track(&ev))).flatten() {
            ui.drag.set(Some(Drag { item: item.get_value(), dx, dy }));
        }
    };
    let up = move |ev: PointerEvent| {
        let Some(p) = press.try_update_value(|p| p.take_if(|p| p.owns(&ev))).flatten() else { return };
        if let Release::Drop { dx, dy, .. } = p.release(&ev) {
            let zoom = ui.viewport.get_untracked().zoom;
            commit(dx / zoom, dy / zoom);
        }
        ui.drag.set(None);
    };
    (down, moved, up)
}

/// One region of the wall.
#[component]
pub fn Region(region: RegionView) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let RegionView { id, title, x, y, w, h, locked, .. } = region;
    let sid = StoredValue::new(id.clone());
    let stitle = StoredValue::new(title);
    let report = move |result: Result<(), board::BoardError>| {
        if let Err(e) = result {
            ui.complain(board_error_text(i18n, &e));
        }
    };
    let moving = offset_of(ui, DragItem::Region(id.clone()));
    let sizing = offset_of(ui, DragItem::RegionSize(id.clone()));
    let renaming = Memo::new(move |_| ui.renaming.with(|r| r.as_deref() == Some(sid.get_value().as_str())));

    let (head_down, head_move, head_up) = drag_handlers(ui, DragItem::Region(id.clone()), move |dx, dy| {
        report(ctx.edit(|b| b.move_region(&sid.get_value(), (x + dx).round(), (y + dy).round())));
    });
    let (corner_down, corner_move, corner_up) = drag_handlers(ui, DragItem::RegionSize(id.clone()), move |dx, dy| {
        report(ctx.edit(|b| b.resize_region(&sid.get_value(), (w + dx).round(), (h + dy).round())));
    });
    let style = move || {
        let (dx, dy) = moving.get().unwrap_or_default();
        let (dw, dh) = sizing.get().unwrap_or_default();
        let (rw, rh) = ((w + dw).max(board::MIN_REGION_SIZE), (h + dh).max(board::MIN_REGION_SIZE));
        format!("transform: translate({}px, {}px); width: {rw}px; height: {rh}px", x + dx, y + dy)
    };
    let class = move || {
        let mut class = String::from("region");
        if locked {
            class.push_str(" region--locked");
        }
        if moving.with(Option::is_some) || sizing.with(Option::is_some) {
            class.push_str(" region--dragging");
        }
        class
    };
    let label = move || {
        let title = stitle.get_value();
        if locked { t_string!(i18n, region_locked_label, title = title) } else { t_string!(i18n, region_label, title = title) }.to_string()
    };
    let remove = move || {
        if ctx.edit(|b| b.delete_region(&sid.get_value())).is_ok() {
            ui.notice.set(Some(Notice { text: t_string!(i18n, region_deleted, title = stitle.get_value()).to_string(), undo: true, error: false }));
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        let on_self = ev.target() == ev.current_target();
        if !on_self || !ui.facilitator || ui.read_only || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let (dx, dy) = match ev.key().as_str() {
            "ArrowLeft" => (-STEP, 0.0),
            "ArrowRight" => (STEP, 0.0),
            "ArrowUp" => (0.0, -STEP),
            "ArrowDown" => (0.0, STEP),
            "Enter" | "F2" => {
                ev.prevent_default();
                ui.renaming.set(Some(sid.get_value()));
                return;
            }
            "Delete" | "Backspace" => {
                ev.prevent_default();
                remove();
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        let id = sid.get_value();
        report(if ev.shift_key() { ctx.edit(|b| b.resize_region(&id, w + dx, h + dy)) } else { ctx.edit(|b| b.move_region(&id, x + dx, y + dy)) });
        focus_region_soon(id);
    };
    let tool = move |label: fn(I18n, String) -> String| move || label(i18n, stitle.get_value());

    view! {
        <section class=class style=style data-region-id=id role="group" aria-label=label
            aria-describedby=ui.facilitator.then_some("region-keys")
            tabindex=if ui.facilitator && !ui.read_only { "0" } else { "-1" } on:keydown=on_keydown>
            <header class="region-head" on:pointerdown=head_down on:pointermove=head_move on:pointerup=head_up
                on:pointercancel=move |_| ui.drag.set(None)>
                <Show when=move || locked>
                    <span class="lock-mark" role="img" aria-label=t!(i18n, locked_mark)><LockIcon/></span>
                </Show>
                <Show when=move || renaming.get() fallback=move || view! { <h2 class="region-title">{stitle.get_value()}</h2> }>
                    <TitleEditor title=stitle.get_value() label=text_signal(i18n, |s| s.region_title_label)
                        save=move |new_title: String| report(ctx.edit(|b| b.rename_region(&sid.get_value(), &new_title)))/>
                </Show>
                <Show when=move || ui.facilitator && !ui.read_only>
                    <div class="cluster-tools region-tools">
                        <button type="button" class="button icon small" on:pointerdown=|ev| ev.stop_propagation()
                            aria-label=tool(|i, t| t_string!(i, region_rename, title = t).to_string()) title=tool(|i, t| t_string!(i, region_rename, title = t).to_string())
                            on:click=move |_| ui.renaming.set(Some(sid.get_value()))>"✎"</button>
                        <button type="button" class="button icon small" aria-pressed=locked.to_string() on:pointerdown=|ev| ev.stop_propagation()
                            aria-label=tool(|i, t| t_string!(i, region_lock, title = t).to_string()) title=tool(|i, t| t_string!(i, region_lock, title = t).to_string())
                            on:click=move |_| report(ctx.edit(|b| b.set_region_locked(&sid.get_value(), !locked)))>
                            <LockIcon open=locked/>
                        </button>
                        <button type="button" class="button icon small" on:pointerdown=|ev| ev.stop_propagation()
                            aria-label=tool(|i, t| t_string!(i, region_delete, title = t).to_string()) title=tool(|i, t| t_string!(i, region_delete, title = t).to_string())
                            on:click=move |_| remove()>"✕"</button>
                    </div>
                </Show>
            </header>
            <Show when=move || ui.facilitator && !ui.read_only>
                <div class="region-resize" aria-hidden="true" title=t!(i18n, region_resize)
                    on:pointerdown=corner_down on:pointermove=corner_move on:pointerup=corner_up
                    on:pointercancel=move |_| ui.drag.set(None)></div>
            </Show>
        </section>
    }
}

/// Moves keyboard focus back to a region once the view has re-rendered it.
fn focus_region_soon(id: String) {
    request_animation_frame(move || {
        let selector = format!(".region[data-region-id=\"{id}\"]");
        if let Some(el) = document().query_selector(&selector).ok().flatten().and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()) {
            let _ = el.focus();
        }
    });
}
