//! The wall area: pans with a drag on the background or the wheel, zooms with Ctrl+wheel,
//! pinch and the toolbar, and renders only the clusters and cards in and near the view,
//! so a board of thousands of cards stays fast.

use leptos::html;
use leptos::prelude::*;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use web_sys::{PointerEvent, WheelEvent};

use super::card::Card;
use super::cluster::{cluster_key, Cluster};
use super::layout::{card_rect, region_rect};
use super::region::{region_key, Region};
use super::state::WallUi;
use super::toolbar::{BackHome, ZoomControls};
use super::viewport::Viewport;
use crate::i18n::*;
use crate::sync::BoardCtx;

/// Pointers down on the wall background, for panning and pinching.
#[derive(Default)]
struct Gesture {
    pointers: HashMap<i32, (f64, f64)>,
    /// Distance, midpoint and view when a second finger came down.
    pinch: Option<(f64, (f64, f64), Viewport)>,
    moved: bool,
}

impl Gesture {
    fn two(&self) -> Option<((f64, f64), (f64, f64))> {
        let mut it = self.pointers.values();
        Some((*it.next()?, *it.next()?))
    }
}

/// The wall with its clusters and free cards.
#[component]
pub fn Canvas() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let wall = NodeRef::<html::Div>::new();
    let gesture = StoredValue::new_local(Gesture::default());
    let title = Memo::new(move |_| ctx.track(|b| b.title()));

    // What is near the view: half a screen of margin, so short pans need no new elements.
    let area = Memo::new(move |_| {
        let visible = ui.visible();
        visible.inflate(visible.w.max(visible.h) / 2.0)
    });
    let visible_clusters = Memo::new(move |_| {
        let area = area.get();
        ui.snapshot.with(|s| {
            s.clusters
                .iter()
                .filter(|c| s.field_rect(c).intersects(&area))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let visible_free = Memo::new(move |_| {
        let area = area.get();
        ui.snapshot.with(|s| {
            s.free_cards()
                .filter(|c| !c.incoming && card_rect(c).intersects(&area))
                .map(|c| c.id.clone())
                .collect::<Vec<_>>()
        })
    });
    let visible_incoming = Memo::new(move |_| {
        let area = area.get();
        ui.snapshot.with(|s| {
            s.incoming_cards()
                .filter(|c| card_rect(c).intersects(&area))
                .map(|c| c.id.clone())
                .collect::<Vec<_>>()
        })
    });

    let local = move |ev: &PointerEvent| {
        let (ox, oy) = super::drag::wall_origin();
        (ev.client_x() as f64 - ox, ev.client_y() as f64 - oy)
    };
    let on_pointerdown = move |ev: PointerEvent| {
        let Some(el) = wall.get_untracked() else {
            return;
        };
        // Someone at the projector link's mouse looks around; the next change fits again.
        if !ui.read_only {
            ui.auto_fit.set_value(false);
        }
        let _ = el.set_pointer_capture(ev.pointer_id());
        let point = local(&ev);
        gesture.update_value(|g| {
            g.pointers.insert(ev.pointer_id(), point);
            g.moved = false;
            if let Some((a, b)) = g.two() {
                let mid = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
                g.pinch = Some((
                    (a.0 - b.0).hypot(a.1 - b.1),
                    mid,
                    ui.viewport.get_untracked(),
                ));
            }
        });
    };
    let on_pointermove = move |ev: PointerEvent| {
        let point = local(&ev);
        gesture.update_value(|g| {
            let Some(last) = g.pointers.insert(ev.pointer_id(), point) else {
                g.pointers.remove(&ev.pointer_id());
                return;
            };
            g.moved = true;
            match (g.pinch, g.two()) {
                (Some((dist0, mid0, view0)), Some((a, b))) => {
                    let dist = (a.0 - b.0).hypot(a.1 - b.1);
                    let mid = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
                    let view = view0
                        .zoom_at(dist / dist0.max(1.0), mid0.0, mid0.1)
                        .pan_by(mid.0 - mid0.0, mid.1 - mid0.1);
                    ui.viewport.set(view);
                }
                _ => ui
                    .viewport
                    .update(|v| *v = v.pan_by(point.0 - last.0, point.1 - last.1)),
            }
        });
    };
    let on_pointerup = move |ev: PointerEvent| {
        let tapped = gesture
            .try_update_value(|g| {
                // Card and cluster drags bubble up here too; they never pressed on the wall.
                let ours = g.pointers.remove(&ev.pointer_id()).is_some();
                if g.pointers.len() < 2 {
                    g.pinch = None;
                }
                ours && g.pointers.is_empty() && !g.moved
            })
            .unwrap_or(false);
        // A tap on the empty wall clears the selection.
        if tapped {
            ui.selected.set(None);
        }
    };

    // Until the user moves the view, bring the board into view when none of it is on
    // screen (a board joined from a link fills on its first sync, perhaps far from the
    // origin). The projector keeps fitting as the board grows, until the facilitator
    // steers it ("Alle hierher holen", or a pan or zoom on the facilitator's own projector
    // view); a new step fits again (`presenter.rs`). The projector link shows the region
    // the current step runs, if any.
    let step_region =
        Memo::new(move |_| ctx.track(|b| b.current_region().map(|r| region_rect(&r))));
    Effect::new(move |_| {
        let Some(bounds) = ui.snapshot.with(|s| s.bounds()) else {
            return;
        };
        let (w, h) = ui.screen.get();
        if w <= 0.0 || h <= 0.0 {
            return;
        }
        let seen = ui.viewport.get_untracked().visible(w, h);
        let presenting = ui.projector.get();
        match step_region.get() {
            Some(region) if ui.read_only => ui.show(region),
            _ if ui.auto_fit.get_value() && ui.fit_to_width.get_value() => ui.fit_width(),
            _ if ui.auto_fit.get_value() && (presenting || !seen.intersects(&bounds)) => {
                ui.fit_all()
            }
            _ => {}
        }
    });

    // Wheel needs a non-passive listener to keep the page from scrolling or zooming.
    Effect::new(move |_| {
        let Some(el) = wall.get() else { return };
        let on_wheel = Closure::<dyn Fn(WheelEvent)>::new(move |ev: WheelEvent| {
            ev.prevent_default();
            if !ui.read_only {
                ui.auto_fit.set_value(false);
            }
            let (ox, oy) = super::drag::wall_origin();
            let (ax, ay) = (ev.client_x() as f64 - ox, ev.client_y() as f64 - oy);
            // Lines (mouse wheels in Firefox) to pixels.
            let scale = if ev.delta_mode() == 1 { 16.0 } else { 1.0 };
            let (dx, dy) = (ev.delta_x() * scale, ev.delta_y() * scale);
            if ev.ctrl_key() || ev.meta_key() {
                ui.viewport
                    .update(|v| *v = v.zoom_at((-dy * 0.01).exp(), ax, ay));
            } else {
                ui.viewport.update(|v| *v = v.pan_by(-dx, -dy));
            }
        });
        let options = web_sys::AddEventListenerOptions::new();
        options.set_passive(false);
        let _ = el.add_event_listener_with_callback_and_add_event_listener_options(
            "wheel",
            on_wheel.as_ref().unchecked_ref(),
            &options,
        );
        on_wheel.forget();

        // Track the wall's size for virtualisation and "fit all". `try_`: a last resize can
        // arrive while the page is being torn down.
        let measure = move || {
            if let Some(el) = wall.try_get_untracked().flatten() {
                let r = el.get_bounding_client_rect();
                ui.screen.try_set((r.width(), r.height()));
            }
        };
        measure();
        let on_resize = Closure::<dyn Fn()>::new(measure);
        if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            observer.observe(&el);
            let observer = send_wrapper::SendWrapper::new(observer);
            on_cleanup(move || observer.disconnect());
        }
        on_resize.forget();
    });

    view! {
        <div
            node_ref=wall
            id="wall"
            tabindex="-1"
            class="wall"
            role="region"
            aria-label=move || t_string!(i18n, wall_region, title = title.get()).to_string()
            aria-describedby="wall-help"
            on:pointerdown=on_pointerdown
            on:pointermove=on_pointermove
            on:pointerup=on_pointerup
            on:pointercancel=on_pointerup
        >
            <p id="wall-help" class="visually-hidden">{t!(i18n, wall_help)}</p>
            <p id="region-keys" class="visually-hidden">{t!(i18n, region_keys)}</p>
            <p id="field-card-keys" class="visually-hidden">{t!(i18n, field_card_keys)}</p>
            <div class="plane" style=move || format!("transform: {}", ui.viewport.get().css())>
                // Behind everything else: a region frames cards, never covers them.
                <For each=move || ui.snapshot.with(|s| s.regions.clone()) key=region_key children=|region| view! { <Region region/> }/>
                <super::facts::FactsTables/>
                <For each=move || visible_clusters.get() key=cluster_key children=|cluster| view! { <Cluster cluster/> }/>
                <Inbox/>
                <ul class="free-cards" aria-label=t!(i18n, free_cards)>
                    <For each=move || visible_free.get() key=|id| id.clone() children=|id| view! { <Card id/> }/>
                </ul>
                <ul class="free-cards" aria-label=t!(i18n, inbox)>
                    <For each=move || visible_incoming.get() key=|id| id.clone() children=|id| view! { <Card id/> }/>
                </ul>
                <RemoteDrags/>
            </div>
            <BackHome/>
            <ZoomControls/>
        </div>
    }
}

/// The incoming area's frame and heading, behind the cards waiting in it.
#[component]
fn Inbox() -> impl IntoView {
    let i18n = use_i18n();
    let ui = expect_context::<WallUi>();
    let frame = Memo::new(move |_| ui.snapshot.with(|s| s.inbox.map(|f| (f, s.incoming.len()))));
    move || {
        frame.get().map(|(f, n)| view! {
            <div class="inbox" style=format!("transform: translate({}px, {}px); width: {}px; height: {}px", f.x, f.y, f.w, f.h)>
                <h3 class="inbox-head">
                    {t!(i18n, inbox)}
                    <span class="inbox-count">{move || t_count!(i18n, cards_count, n as u64)}</span>
                </h3>
            </div>
        })
    }
}

/// Cards other people are dragging right now, drawn where their pointer is, in their colour.
#[component]
fn RemoteDrags() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let ghosts = move || {
        ctx.drags.with(|drags| {
            ui.snapshot.with(|s| {
                drags
                    .iter()
                    .filter_map(|peer| {
                        let hint = peer.drag.as_ref()?;
                        let card = s.cards.get(&hint.card)?;
                        Some((
                            peer.name.clone(),
                            peer.color.clone(),
                            card.text.clone(),
                            card.color.as_str(),
                            hint.x,
                            hint.y,
                        ))
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    view! {
        <For each=ghosts key=|g| format!("{}/{}/{}/{}", g.0, g.2, g.4, g.5) children=|(name, color, text, card_color, x, y)| view! {
            <div class=format!("card card--{card_color} card--ghost") aria-hidden="true"
                style=format!("transform: translate({x}px, {y}px); outline-color: {color}")>
                <span class="ghost-name" style=format!("background: {color}")>{name}</span>
                <p class="card-text" dir="auto">{text}</p>
            </div>
        }/>
    }
}
