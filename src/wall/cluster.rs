//! A cluster (Rubrik): a heading and its cards in a column. Dragging the heading moves the
//! whole cluster; cards dropped on it join it.

use board::ClusterView;
use leptos::prelude::*;

use super::card::Card;
use super::drag::{offset_of, press_drag};
use super::keyboard::cluster_key_action;
use super::lock_icon::LockIcon;
use super::messages::board_error_text;
use super::state::{Drag, DragItem, Notice, WallUi};
use super::title_editor::TitleEditor;
use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::voting::{MergedFrom, VoteBadge};

/// Which card of a field holds its one Tab stop (a roving tabindex): the card last focused
/// in it while it is still there, else the first. Provided by [`Cluster`] to its cards.
#[derive(Clone, Copy)]
pub struct FieldFocus {
    /// The card focused last in this field.
    pub current: RwSignal<Option<String>>,
    /// The card that is the field's Tab stop; `None` when the field is empty.
    pub stop: Memo<Option<String>>,
}

/// A key that changes when the cluster itself (not its cards, nor where it is) changes: a
/// field that moves keeps its element, and keyboard focus stays inside it.
pub fn cluster_key(c: &ClusterView) -> (String, String, &'static str, bool) {
    (c.id.clone(), c.title.clone(), c.color.as_str(), c.locked)
}

/// A cluster with its cards.
#[component]
pub fn Cluster(cluster: ClusterView) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let ClusterView {
        id,
        title,
        color,
        locked,
        ..
    } = cluster;
    // Locked material stays where the facilitator put it; only the facilitator handles it.
    let held = locked && !ui.facilitator;
    let sid = StoredValue::new(id.clone());
    let stitle = StoredValue::new(title.clone());
    // A match of the open search, marked like the current one but quieter.
    let query = expect_context::<super::search::WallQuery>().0;
    let hit = Memo::new(move |_| query.with(|query| query.matches(&stitle.get_value())));
    let offset = offset_of(ui, DragItem::Cluster(id.clone()));
    // Where the wall shows the field: it moves when dragged, and when a field above grows.
    let at = Memo::new(move |_| {
        ui.snapshot.with(|s| {
            s.clusters
                .iter()
                .find(|c| c.id == sid.get_value())
                .map_or((0.0, 0.0), |c| (c.x, c.y))
        })
    });
    let section = NodeRef::<leptos::html::Section>::new();
    super::field_size::report_height(ui, section, sid);
    let members = Memo::new(move |_| {
        ui.snapshot
            .with(|s| s.members.get(&sid.get_value()).cloned().unwrap_or_default())
    });
    // A card dragged out of this cluster must paint above the other clusters.
    let holds_drag = Memo::new(move |_| {
        ui.drag.with(|d| match d {
            Some(Drag {
                item: DragItem::Card(card),
                ..
            }) => members.with(|m| m.contains(card)),
            _ => false,
        })
    });
    let current = RwSignal::new(None::<String>);
    let stop = Memo::new(move |_| {
        members
            .with(|m| current.with(|c| c.as_ref().filter(|c| m.contains(c)).or(m.first()).cloned()))
    });
    provide_context(FieldFocus { current, stop });
    // The heading's tools are Tab stops only while the field itself (not a card) has focus:
    // Escape on a card leads there, Tab then reaches them.
    let head_active = RwSignal::new(false);
    let tool_tab = move || if head_active.get() { "0" } else { "-1" };
    let renaming = Memo::new(move |_| {
        ui.renaming
            .with(|r| r.as_deref() == Some(sid.get_value().as_str()))
    });

    let style = move || {
        let (dx, dy) = offset.get().unwrap_or((0.0, 0.0));
        let (x, y) = at.get();
        format!("transform: translate({}px, {}px)", x + dx, y + dy)
    };
    // Fields the facilitator keeps to themself: no drag, no rename, no delete.
    let fields = Memo::new(move |_| ui.may(board::Right::Fields));
    let press = press_drag(
        ui,
        DragItem::Cluster(id.clone()),
        move || !renaming.get_untracked() && !held && fields.get_untracked(),
        move |dx, dy| {
            let (x, y) = at.get_untracked();
            if let Err(e) =
                ctx.edit(|b| b.move_cluster(&sid.get_value(), (x + dx).round(), (y + dy).round()))
            {
                ui.complain(board_error_text(i18n, &e));
            }
        },
    );
    let dissolve = move |_: ()| {
        if ctx.edit(|b| b.delete_cluster(&sid.get_value())).is_ok() {
            ui.notice.set(Some(Notice {
                text: t_string!(i18n, delete_cluster, title = stitle.get_value()).to_string(),
                undo: true,
                error: false,
            }));
        }
    };
    let count = move || members.with(Vec::len);
    let heading_id = format!("cluster-{id}");

    view! {
        <section
            node_ref=section
            class=move || {
                let mut class = format!("cluster cluster--{}", color.as_str());
                if offset.with(Option::is_some) {
                    class.push_str(" cluster--dragging");
                }
                if holds_drag.get() {
                    class.push_str(" cluster--holds-drag");
                }
                if locked {
                    class.push_str(" cluster--locked");
                }
                if ui.found.with(|f| matches!(f, Some(board::search::Hit::Field(found)) if *found == sid.get_value())) {
                    class.push_str(" cluster--found");
                } else if hit.get() {
                    class.push_str(" cluster--hit");
                }
                class
            }
            data-cluster-id=id.clone()
            style=style
            tabindex=move || if stop.with(Option::is_none) { "0" } else { "-1" }
            on:focusin=move |ev| {
                let on_cards = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()).is_some_and(|t| t.closest(".card").ok().flatten().is_some());
                head_active.set(!on_cards);
            }
            on:focusout=move |ev: leptos::ev::FocusEvent| {
                let inside = ev.related_target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Node>(t).ok())
                    .zip(ev.current_target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Node>(t).ok()))
                    .is_some_and(|(to, me)| me.contains(Some(&to)));
                if !inside {
                    head_active.set(false);
                }
            }
            aria-label=move || {
                let label = t_string!(i18n, cluster_label, title = stitle.get_value());
                if locked { format!("{label} ({})", t_string!(i18n, locked_mark)) } else { label }
            }
            on:keydown=move |ev| {
                let on_self = ev.target() == ev.current_target();
                if on_self && !ui.read_only && !held && fields.get_untracked() && ev.key() == "Delete" {
                    ev.prevent_default();
                    dissolve(());
                } else if on_self && !ui.read_only && !held && cluster_key_action(ctx, ui, &sid.get_value(), at.get_untracked(), &ev) {
                    ev.prevent_default();
                }
            }
        >
            <header
                class="cluster-head"
                on:pointerdown=press.down
                on:pointermove=press.moved
                on:pointerup=press.up
                on:pointercancel=press.cancel
            >
                <Show when=move || renaming.get() fallback=move || view! {
                    <h2 id=heading_id.clone() class="cluster-title" dir="auto" on:dblclick=move |_| if fields.get_untracked() { ui.renaming.set(Some(sid.get_value())) }>
                        {stitle.get_value()}
                    </h2>
                }>
                    <TitleEditor title=stitle.get_value() label=text_signal(i18n, |s| s.cluster_title_label)
                        save=move |new_title: String| if let Err(e) = ctx.edit(|b| b.rename_cluster(&sid.get_value(), &new_title)) { ui.complain(board_error_text(i18n, &e)) }/>
                </Show>
                // The heading is as tall for every role and with or without dots, so fields
                // settle the same on every screen (the tools keep their room when hidden).
                <div class="cluster-meta">
                    <span class="cluster-count">{move || t_count!(i18n, cluster_count, count())}</span>
                    <VoteBadge item=sid.get_value()/>
                </div>
                <Show when=move || locked>
                    <span class="lock-mark" role="img" aria-label=t!(i18n, locked_mark)><LockIcon/></span>
                </Show>
                <div class="cluster-tools" hidden=move || ui.read_only || held || !fields.get()>
                    <button type="button" class="button icon small" tabindex=tool_tab
                        aria-label=move || t_string!(i18n, rename_cluster, title = stitle.get_value()).to_string()
                        title=move || t_string!(i18n, rename_cluster, title = stitle.get_value()).to_string()
                        on:pointerdown=|ev| ev.stop_propagation()
                        on:click=move |_| ui.renaming.set(Some(sid.get_value()))>"✎"</button>
                    <button type="button" class="button icon small" tabindex=tool_tab
                        aria-label=move || t_string!(i18n, delete_cluster, title = stitle.get_value()).to_string()
                        title=move || t_string!(i18n, delete_cluster, title = stitle.get_value()).to_string()
                        on:pointerdown=|ev| ev.stop_propagation()
                        on:click=move |_| dissolve(())>"✕"</button>
                    <Show when=move || ui.facilitator>
                        <button type="button" class="button icon small" tabindex=tool_tab aria-pressed=locked.to_string()
                            aria-label=move || t_string!(i18n, cluster_lock, title = stitle.get_value()).to_string()
                            title=move || t_string!(i18n, cluster_lock, title = stitle.get_value()).to_string()
                            on:pointerdown=|ev| ev.stop_propagation()
                            on:click=move |_| if let Err(e) = ctx.edit(|b| b.set_cluster_locked(&sid.get_value(), !locked)) { ui.complain(board_error_text(i18n, &e)) }>
                            <LockIcon open=locked/>
                        </button>
                    </Show>
                </div>
            </header>
            <MergedFrom cluster=sid.get_value()/>
            <ul class="cluster-cards" aria-label=move || t_string!(i18n, cluster_cards, title = stitle.get_value()).to_string()>
                <For each=move || members.get() key=|id| id.clone() children=|id| view! { <Card id/> }/>
            </ul>
            <Show when=move || count() == 0>
                <p class="cluster-empty" aria-hidden="true">{t!(i18n, cluster_empty)}</p>
            </Show>
        </section>
    }
}
