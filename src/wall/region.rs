//! A region: a named area of the wall behind the cards ("Daten und Fakten"). The facilitator
//! lays it out, drags its heading to move it with everything inside, drags its corner to
//! resize it, and locks it; everyone sees its name and whether it is locked.

use board::RegionView;
use leptos::prelude::*;
use web_sys::KeyboardEvent;

use super::drag::{offset_of, press_drag};
use super::focus::focus_soon;
use super::keyboard::arrow_step;
use super::lock_icon::LockIcon;
use super::messages::board_error_text;
use super::state::{DragItem, Notice, WallUi};
use super::title_editor::TitleEditor;
use crate::i18n::*;
use crate::sync::BoardCtx;

/// Wall units an arrow key moves or resizes a region.
const STEP: f64 = 20.0;

/// A key that changes when anything the region shows changes.
pub fn region_key(r: &RegionView) -> (String, String, [u64; 4], bool) {
    (
        r.id.clone(),
        r.title.clone(),
        [r.x.to_bits(), r.y.to_bits(), r.w.to_bits(), r.h.to_bits()],
        r.locked,
    )
}

/// One region of the wall.
#[component]
pub fn Region(region: RegionView) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let RegionView {
        id,
        title,
        x,
        y,
        w,
        h,
        locked,
        ..
    } = region;
    let sid = StoredValue::new(id.clone());
    let stitle = StoredValue::new(title);
    let report = move |result: Result<(), board::BoardError>| {
        if let Err(e) = result {
            ui.complain(board_error_text(i18n, &e));
        }
    };
    let moving = offset_of(ui, DragItem::Region(id.clone()));
    let sizing = offset_of(ui, DragItem::RegionSize(id.clone()));
    let renaming = Memo::new(move |_| {
        ui.renaming
            .with(|r| r.as_deref() == Some(sid.get_value().as_str()))
    });

    let head = press_drag(
        ui,
        DragItem::Region(id.clone()),
        move || ui.facilitator,
        move |dx, dy| {
            report(
                ctx.edit(|b| b.move_region(&sid.get_value(), (x + dx).round(), (y + dy).round())),
            );
        },
    );
    let corner = press_drag(
        ui,
        DragItem::RegionSize(id.clone()),
        move || ui.facilitator,
        move |dx, dy| {
            report(
                ctx.edit(|b| b.resize_region(&sid.get_value(), (w + dx).round(), (h + dy).round())),
            );
        },
    );
    let style = move || {
        let (dx, dy) = moving.get().unwrap_or_default();
        let (dw, dh) = sizing.get().unwrap_or_default();
        let (rw, rh) = (
            (w + dw).max(board::MIN_REGION_SIZE),
            (h + dh).max(board::MIN_REGION_SIZE),
        );
        format!(
            "transform: translate({}px, {}px); width: {rw}px; height: {rh}px",
            x + dx,
            y + dy
        )
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
        if locked {
            t_string!(i18n, region_locked_label, title = title)
        } else {
            t_string!(i18n, region_label, title = title)
        }
        .to_string()
    };
    let remove = move || {
        if ctx.edit(|b| b.delete_region(&sid.get_value())).is_ok() {
            ui.notice.set(Some(Notice {
                text: t_string!(i18n, region_deleted, title = stitle.get_value()).to_string(),
                undo: true,
                error: false,
            }));
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        let on_self = ev.target() == ev.current_target();
        if !on_self
            || !ui.facilitator
            || ui.read_only
            || ev.ctrl_key()
            || ev.meta_key()
            || ev.alt_key()
        {
            return;
        }
        let (dx, dy) = match ev.key().as_str() {
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
            key => match arrow_step(key, STEP) {
                Some(step) => step,
                None => return,
            },
        };
        ev.prevent_default();
        let id = sid.get_value();
        report(if ev.shift_key() {
            ctx.edit(|b| b.resize_region(&id, w + dx, h + dy))
        } else {
            ctx.edit(|b| b.move_region(&id, x + dx, y + dy))
        });
        focus_soon(format!(".region[data-region-id=\"{id}\"]"));
    };
    let tool = move |label: fn(I18n, String) -> String| move || label(i18n, stitle.get_value());

    view! {
        <section class=class style=style data-region-id=id role="group" aria-label=label
            aria-describedby=ui.facilitator.then_some("region-keys")
            tabindex=if ui.facilitator && !ui.read_only { "0" } else { "-1" } on:keydown=on_keydown>
            <header class="region-head" on:pointerdown=head.down on:pointermove=head.moved on:pointerup=head.up
                on:pointercancel=head.cancel>
                <Show when=move || locked>
                    <span class="lock-mark" role="img" aria-label=t!(i18n, locked_mark)><LockIcon/></span>
                </Show>
                <Show when=move || renaming.get() fallback=move || view! { <h2 class="region-title" dir="auto">{stitle.get_value()}</h2> }>
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
                    on:pointerdown=corner.down on:pointermove=corner.moved on:pointerup=corner.up
                    on:pointercancel=corner.cancel></div>
            </Show>
        </section>
    }
}
