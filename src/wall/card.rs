//! One card on the wall: its text at a readable size, dragging, in-place editing, and keys.

use leptos::html;
use leptos::prelude::*;
use web_sys::PointerEvent;

use super::cluster::FieldFocus;
use super::drag::{dragged_to, drop_card, focus_card_soon, offset_of, Press, Release};
use super::keyboard::card_key_action;
use super::messages::board_error_text;
use super::state::{Drag, DragItem, WallUi};
use crate::i18n::*;
use crate::sync::{BoardCtx, DragHint};

/// A card, by id. Free cards sit at their `x`,`y`; clustered cards flow in their cluster's
/// column. The element stays while the card moves, so focus and drag state stay with it.
#[component]
pub fn Card(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let el = NodeRef::<html::Li>::new();
    let press = StoredValue::new_local(None::<Press>);
    // In a field, only one card is a Tab stop; arrow keys lead to the others.
    let field = use_context::<FieldFocus>();
    let offset = offset_of(ui, DragItem::Card(id.clone()));
    let id = StoredValue::new(id);
    let data = Memo::new(move |_| {
        ui.snapshot
            .with(|s| id.with_value(|id| s.cards.get(id).cloned()))
    });
    let editing = Memo::new(move |_| {
        ui.editing
            .with(|e| e.as_deref() == Some(id.get_value().as_str()))
    });
    let selected = Memo::new(move |_| {
        ui.selected
            .with(|s| s.as_deref() == Some(id.get_value().as_str()))
    });
    let free = Memo::new(move |_| data.with(|d| d.as_ref().is_some_and(|c| c.cluster.is_none())));
    let text =
        Memo::new(move |_| data.with(|d| d.as_ref().map(|c| c.text.clone()).unwrap_or_default()));
    // A match of the open search: marked, so that all matches show at once (the current one
    // is also selected).
    let query = expect_context::<super::search::WallQuery>().0;
    let hit = Memo::new(move |_| query.with(|query| text.with(|t| query.matches(t))));

    let style = move || {
        let (dx, dy) = offset.get().unwrap_or((0.0, 0.0));
        let (x, y) = data.with(|d| d.as_ref().map_or((0.0, 0.0), |c| (c.x, c.y)));
        if free.get() {
            format!("transform: translate({}px, {}px)", x + dx, y + dy)
        } else if dx != 0.0 || dy != 0.0 {
            format!("transform: translate({dx}px, {dy}px)")
        } else {
            String::new()
        }
    };
    // One class string: mixing `class=` with `class:x=` lets one overwrite the other.
    let class = move || {
        let color = data.with(|d| d.as_ref().map_or("yellow", |c| c.color.as_str()));
        let mut class = format!("card card--{color}");
        let locked = data.with(|d| d.as_ref().is_some_and(|c| c.locked));
        let incoming = data.with(|d| d.as_ref().is_some_and(|c| c.incoming));
        for (on, name) in [
            (free.get(), " card--free"),
            (incoming, " card--incoming"),
            (offset.with(Option::is_some), " card--dragging"),
            (selected.get(), " card--selected"),
            (locked, " card--locked"),
            (hit.get(), " card--hit"),
        ] {
            if on {
                class.push_str(name);
            }
        }
        class
    };

    // Locked material stays where the facilitator put it; only the facilitator handles it.
    // So does every card when the facilitator does not let participants move cards.
    let held = Memo::new(move |_| {
        !ui.may(board::Right::MoveCards)
            || (!ui.facilitator && data.with(|d| d.as_ref().is_some_and(|c| c.locked)))
    });
    let may_edit = Memo::new(move |_| data.with(|d| d.as_ref().is_some_and(|c| ui.may_edit(c))));
    let on_pointerdown = move |ev: PointerEvent| {
        if editing.get_untracked() || ev.button() != 0 || ui.read_only {
            return;
        }
        // The wall behind would start panning otherwise.
        ev.stop_propagation();
        if let Some(node) = el.get_untracked() {
            press.set_value(Some(Press::begin(&ev, &node)));
        }
    };
    let on_pointermove = move |ev: PointerEvent| {
        if held.get_untracked() {
            return; // a tap still selects it, to read it or see why it does not move
        }
        let travel = press
            .try_update_value(|p| p.as_mut().and_then(|p| p.track(&ev).map(|d| (d, p.origin))))
            .flatten();
        if let Some(((dx, dy), origin)) = travel {
            ev.prevent_default();
            ui.drag.set(Some(Drag {
                item: DragItem::Card(id.get_value()),
                dx,
                dy,
            }));
            let (x, y) = dragged_to(ui, origin, dx, dy);
            ctx.present_drag(Some(DragHint {
                card: id.get_value(),
                x,
                y,
            }));
        }
    };
    let on_pointerup = move |ev: PointerEvent| {
        let Some(p) = press
            .try_update_value(|p| p.take_if(|p| p.owns(&ev)))
            .flatten()
        else {
            return;
        };
        let origin = p.origin;
        match p.release(&ev) {
            Release::Tap => {
                ui.selected.set(Some(id.get_value()));
                if let Some(node) = el.get_untracked() {
                    let _ = node.focus();
                }
            }
            Release::Drop { x, y, dx, dy } => {
                let card = id.get_value();
                let result = drop_card(ctx, ui, &card, origin, (x, y, dx, dy));
                ui.drag.set(None);
                ctx.present_drag(None);
                ui.selected.set(Some(card.clone()));
                match result {
                    Ok(()) => focus_card_soon(card),
                    Err(e) => ui.complain(board_error_text(i18n, &e)),
                }
            }
        }
    };
    let on_pointercancel = move |_ev: PointerEvent| {
        press.set_value(None);
        ui.drag.set(None);
        ctx.present_drag(None);
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if editing.get_untracked() || ui.read_only {
            return;
        }
        if card_key_action(ctx, ui, i18n, &id.get_value(), &ev) {
            ev.prevent_default();
            ev.stop_propagation();
        }
    };

    view! {
        <li
            node_ref=el
            class=class
            data-card-id=id.get_value()
            tabindex=move || match field {
                Some(f) if f.stop.with(|s| s.as_deref() != Some(id.get_value().as_str())) => "-1",
                _ => "0",
            }
            aria-describedby=field.map(|_| "field-card-keys")
            aria-label=move || if data.with(|d| d.as_ref().is_some_and(|c| c.locked)) { t_string!(i18n, card_locked_label, text = text.get()).to_string() } else { text.get() }
            style=style
            on:pointerdown=on_pointerdown
            on:pointermove=on_pointermove
            on:pointerup=on_pointerup
            on:pointercancel=on_pointercancel
            on:focus=move |_| {
                ui.selected.set(Some(id.get_value()));
                if let Some(f) = field {
                    f.current.set(Some(id.get_value()));
                }
            }
            on:dblclick=move |_| if may_edit.get_untracked() { ui.editing.set(Some(id.get_value())) }
            on:keydown=on_keydown
        >
            <Show when=move || editing.get() fallback=move || view! { <p class="card-text" dir="auto">{move || text.get()}</p> }>
                <CardEditor id=id.get_value() text=text.get_untracked()/>
            </Show>
        </li>
    }
}

/// The card's text in a textarea: Enter saves, Shift+Enter breaks the line, Escape cancels.
#[component]
fn CardEditor(id: String, text: String) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let area = NodeRef::<html::Textarea>::new();
    let draft = RwSignal::new(text.clone());
    let id = StoredValue::new(id);
    let done = StoredValue::new(false);
    let text = StoredValue::new(text);
    // `try_`: removing the textarea blurs it, after this editor's values are disposed.
    let commit = move || {
        if done.try_get_value().unwrap_or(true) {
            return;
        }
        done.set_value(true);
        let new_text = draft.get_untracked();
        let card = id.get_value();
        if new_text != text.get_value() {
            if let Err(e) = ctx.edit(|b| b.set_card_text(&card, &new_text)) {
                ui.complain(board_error_text(i18n, &e));
            }
        }
        ui.editing.set(None);
        focus_card_soon(card);
    };
    let cancel = move || {
        done.set_value(true);
        ui.editing.set(None);
        focus_card_soon(id.get_value());
    };
    Effect::new(move |_| {
        if let Some(a) = area.get() {
            let _ = a.focus();
            a.select();
        }
    });
    view! {
        <textarea
            node_ref=area
            class="card-editor"
            dir="auto"
            maxlength="500"
            aria-label=t!(i18n, card_text_label)
            bind:value=draft
            on:pointerdown=|ev| ev.stop_propagation()
            on:keydown=move |ev| {
                ev.stop_propagation();
                match ev.key().as_str() {
                    "Enter" if !ev.shift_key() => { ev.prevent_default(); commit(); }
                    "Escape" => { ev.prevent_default(); cancel(); }
                    _ => {}
                }
            }
            on:blur=move |_| commit()
        ></textarea>
    }
}
