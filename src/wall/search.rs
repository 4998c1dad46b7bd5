//! "Auf der Wand suchen": a search bar under the toolbar that finds cards and fields by text
//! ([`board::search`]), moves the wall to each match in turn and selects it; the list view
//! shows only the matches while it is open. Ctrl+F or "/" opens it (never from inside a text
//! field, where the browser's own find stays), Escape closes it and gives focus back.

use board::search::{search, FieldCards, Hit, Query};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};

use super::layout::{card_in_field_estimate, card_rect, CLUSTER_HEAD_H, CLUSTER_ROW_H};
use super::state::{ViewMode, WallSnapshot, WallUi};
use super::viewport::Rect;
use crate::i18n::*;

/// The search field's element id (the toggle's `aria-controls` names the bar).
const INPUT_ID: &str = "wall-search-input";
/// Wall units shown around a match, so it is seen with its neighbours.
const AROUND: f64 = 80.0;

/// The matches of `query` on the wall as it is drawn, in reading order.
pub fn hits_of(s: &WallSnapshot, query: &Query) -> Vec<Hit> {
    if query.is_empty() {
        return Vec::new();
    }
    let fields: Vec<FieldCards<'_>> = s
        .clusters
        .iter()
        .map(|field| FieldCards {
            field,
            cards: s
                .members
                .get(&field.id)
                .into_iter()
                .flatten()
                .filter_map(|id| s.cards.get(id))
                .collect(),
        })
        .collect();
    let free: Vec<&board::CardView> = s.free_cards().collect();
    search(query, &fields, &free)
}

/// The open search bar's text as a query (empty while the bar is closed), folded once for
/// every card, field and list entry that asks whether it matches. Provided by the full app's
/// wall page.
#[derive(Clone, Copy)]
pub struct WallQuery(pub Memo<Query>);

impl WallQuery {
    /// Derives the query from `ui`'s search bar and provides it to the wall's components.
    pub fn provide(ui: WallUi) {
        let query = Memo::new(move |_| {
            if ui.search_open.get() {
                ui.search_text.with(|t| Query::new(t))
            } else {
                Query::default()
            }
        });
        provide_context(WallQuery(query));
    }
}

/// Where a match is on the wall: a free card where it lies, a card in a field at its place
/// in the column (estimated, scaled to the field's measured height), a field by its top.
fn hit_rect(s: &WallSnapshot, hit: &Hit) -> Option<Rect> {
    let field_of = |id: &str| {
        s.clusters
            .iter()
            .find(|c| c.id == id)
            .map(|c| s.field_rect(c))
    };
    match hit {
        Hit::Field(id) => field_of(id).map(|r| Rect {
            h: r.h.min(CLUSTER_HEAD_H + 3.0 * CLUSTER_ROW_H),
            ..r
        }),
        Hit::Card(id) => {
            let card = s.cards.get(id)?;
            let Some(field_id) = card.cluster.as_deref() else {
                return Some(card_rect(card));
            };
            let field = field_of(field_id)?;
            let heights: Vec<(bool, f64)> = s
                .members
                .get(field_id)?
                .iter()
                .filter_map(|m| s.cards.get(m))
                .map(|c| (c.id == *id, card_in_field_estimate(&c.text)))
                .collect();
            let before: f64 = heights
                .iter()
                .take_while(|(me, _)| !me)
                .map(|(_, h)| h)
                .sum();
            let own = heights
                .iter()
                .find(|(me, _)| *me)
                .map_or(CLUSTER_ROW_H, |(_, h)| *h);
            let estimate = CLUSTER_HEAD_H + heights.iter().map(|(_, h)| h).sum::<f64>() + 24.0;
            let scale = if estimate > 0.0 {
                field.h / estimate
            } else {
                1.0
            };
            Some(Rect {
                x: field.x,
                y: field.y + (CLUSTER_HEAD_H + before) * scale,
                w: field.w,
                h: own * scale,
            })
        }
    }
}

/// Shows one match: the wall moves to it, or the list scrolls to it; a card is selected.
fn show_hit(ui: WallUi, hit: &Hit) {
    ui.found.set(Some(hit.clone()));
    ui.selected.set(match hit {
        Hit::Card(id) => Some(id.clone()),
        Hit::Field(_) => None,
    });
    match ui.mode.get_untracked() {
        ViewMode::List => {
            let selector = match hit {
                Hit::Card(id) => format!("[data-outline-card=\"{id}\"]"),
                Hit::Field(id) => format!("[data-outline-field=\"{id}\"]"),
            };
            request_animation_frame(move || {
                if let Some(el) = document().query_selector(&selector).ok().flatten() {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Center);
                    el.scroll_into_view_with_scroll_into_view_options(&options);
                }
            });
        }
        _ => {
            if let Some(rect) = ui.snapshot.with_untracked(|s| hit_rect(s, hit)) {
                ui.show(rect.inflate(AROUND));
            }
        }
    }
}

/// Opens the search bar (on the wall, if another view of the day is open) and puts focus in
/// its field, remembering where focus was.
pub fn open_search(ui: WallUi) {
    if !matches!(ui.mode.get_untracked(), ViewMode::Wall | ViewMode::List) {
        ui.mode.set(ViewMode::Wall);
    }
    if !ui.search_open.get_untracked() {
        let active = document()
            .active_element()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok());
        ui.search_opener.set_value(active.filter(|a| {
            a.id() != INPUT_ID && document().body().is_none_or(|b| !b.is_same_node(Some(a)))
        }));
        ui.search_open.set(true);
    }
    request_animation_frame(|| {
        if let Some(input) = document()
            .get_element_by_id(INPUT_ID)
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            let _ = input.focus();
            input.select();
        }
    });
}

/// Closes the search bar and gives focus back to where it was (else to the wall).
pub fn close_search(ui: WallUi) {
    ui.search_open.set(false);
    ui.found.set(None);
    let opener = ui.search_opener.try_update_value(Option::take).flatten();
    request_animation_frame(move || {
        let fallback = ["wall-search-toggle", "wall"]
            .into_iter()
            .filter_map(|id| document().get_element_by_id(id))
            .filter_map(|e| e.dyn_into::<HtmlElement>().ok());
        for target in opener
            .into_iter()
            .filter(|o| o.is_connected())
            .chain(fallback)
        {
            let _ = target.focus();
            if document()
                .active_element()
                .is_some_and(|a| a.is_same_node(Some(&target)))
            {
                return;
            }
        }
    });
}

/// Ctrl+F (Cmd+F) or "/" anywhere on the board page opens the search, except in a text field
/// or a dialog, where the keys keep their usual meaning.
pub fn install_search_shortcut(ui: WallUi) {
    let listener = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| {
        if ui.read_only
            || ui.projector.get_untracked()
            || ui.mode.get_untracked() == ViewMode::Home
            || ev.alt_key()
        {
            return;
        }
        let key = ev.key();
        let command = ev.ctrl_key() || ev.meta_key();
        let wanted = (command && key.eq_ignore_ascii_case("f")) || (!command && key == "/");
        if !wanted {
            return;
        }
        let elsewhere = document().active_element().is_some_and(|e| {
            matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || e.dyn_ref::<HtmlElement>()
                    .is_some_and(HtmlElement::is_content_editable)
                || e.closest("dialog[open], [role=dialog]")
                    .ok()
                    .flatten()
                    .is_some()
        });
        if elsewhere {
            return;
        }
        ev.prevent_default();
        open_search(ui);
    });
    on_cleanup(move || listener.remove());
}

/// The toolbar's button that opens and closes the search bar.
#[component]
pub fn SearchToggle() -> impl IntoView {
    let i18n = use_i18n();
    let ui = expect_context::<WallUi>();
    view! {
        <button type="button" id="wall-search-toggle" class="button" title=t!(i18n, search_help) aria-keyshortcuts="Control+F /"
            aria-expanded=move || ui.search_open.get().to_string() aria-controls="wall-search"
            on:click=move |_| if ui.search_open.get_untracked() { close_search(ui) } else { open_search(ui) }>
            <span aria-hidden="true">"⌕ "</span>{t!(i18n, search_open)}
        </button>
    }
}

/// The search bar: the field, the count of matches, "Zurück", "Weiter" and close.
#[component]
pub fn SearchBar() -> impl IntoView {
    let i18n = use_i18n();
    let ui = expect_context::<WallUi>();
    // Which match is shown, as an index into `hits`.
    let at = RwSignal::new(0usize);
    let query = expect_context::<WallQuery>().0;
    let hits = Memo::new(move |_| query.with(|query| ui.snapshot.with(|s| hits_of(s, query))));
    let go = move |index: usize| {
        let list = hits.get_untracked();
        if list.is_empty() {
            ui.found.set(None);
            return;
        }
        let i = index % list.len();
        at.set(i);
        show_hit(ui, &list[i]);
    };
    let step = move |back: bool| {
        let n = hits.with_untracked(Vec::len).max(1);
        let now = at.get_untracked().min(n - 1);
        go(if back { now + n - 1 } else { now + 1 });
    };
    let on_input = move |ev: leptos::ev::Event| {
        ui.search_text.set(event_target_value(&ev));
        go(0);
    };
    let on_keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            ev.prevent_default();
            step(ev.shift_key());
        }
        "Escape" => {
            ev.prevent_default();
            ev.stop_propagation();
            close_search(ui);
        }
        _ => {}
    };
    let count = move || {
        let n = hits.with(Vec::len);
        if ui.search_text.with(|t| t.trim().is_empty()) {
            String::new()
        } else if n == 0 {
            t_string!(i18n, search_none).to_string()
        } else {
            t_count!(i18n, search_hits, n, index = at.get().min(n - 1) + 1)
        }
    };
    let none = move || hits.with(Vec::is_empty);
    let shown = move || {
        ui.search_open.get()
            && !ui.read_only
            && !ui.projector.get()
            && matches!(ui.mode.get(), ViewMode::Wall | ViewMode::List)
    };
    view! {
        <Show when=shown>
            <div id="wall-search" class="wall-search" role="search" aria-label=t!(i18n, search_label) on:keydown=move |ev: KeyboardEvent| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    close_search(ui);
                }
            }>
                <input id=INPUT_ID type="search" class="wall-search-input" aria-label=t!(i18n, search_label) placeholder=t!(i18n, search_placeholder)
                    autocomplete="off" spellcheck="false" aria-describedby="wall-search-count"
                    prop:value=move || ui.search_text.get() on:input=on_input on:keydown=on_keydown/>
                <span id="wall-search-count" class="wall-search-count" role="status">{count}</span>
                <button type="button" class="button" title=t!(i18n, search_prev_long) disabled=none on:click=move |_| step(true)>{t!(i18n, search_prev)}</button>
                <button type="button" class="button" title=t!(i18n, search_next_long) disabled=none on:click=move |_| step(false)>{t!(i18n, search_next)}</button>
                <button type="button" class="button icon" aria-label=t!(i18n, search_close) title=t!(i18n, search_close) on:click=move |_| close_search(ui)>"×"</button>
            </div>
        </Show>
    }
}
