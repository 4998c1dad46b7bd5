//! The board's menu in the toolbar: sharing, the board file, the documentation and the
//! projector, behind one menu button (the WAI-ARIA menu button pattern). Enter, Space or
//! ArrowDown open it on its first item, ArrowUp on its last; arrows, Home and End move;
//! Escape closes it and focus returns to the button; Tab closes it.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::i18n::*;

/// One entry of the menu: its label, its accessible name when longer, a tooltip, whether it
/// is disabled now, and what it does.
#[derive(Clone)]
pub struct MenuEntry {
    /// The visible label.
    pub label: Signal<String>,
    /// The accessible name, when it says more than the label.
    pub long: Option<Signal<String>>,
    /// A tooltip.
    pub title: Option<Signal<String>>,
    /// Whether the entry cannot be chosen now.
    pub disabled: Signal<bool>,
    /// What choosing it does (after the menu closed and focus is back on the button).
    pub action: Callback<()>,
}

/// The items of the open menu, in order.
fn items(menu: &HtmlElement) -> Vec<HtmlElement> {
    let Ok(list) = menu.query_selector_all("[role=menuitem]:not([aria-disabled=true])") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// Which item to focus after `key`, from `current` among `count` items; `None` for a key the
/// menu leaves alone.
fn next_index(key: &str, current: Option<usize>, count: usize) -> Option<usize> {
    if count == 0 {
        return None;
    }
    let last = count - 1;
    match key {
        "ArrowDown" => Some(current.map_or(0, |i| if i >= last { 0 } else { i + 1 })),
        "ArrowUp" => Some(current.map_or(last, |i| if i == 0 { last } else { i - 1 })),
        "Home" | "PageUp" => Some(0),
        "End" | "PageDown" => Some(last),
        _ => None,
    }
}

/// The menu button and its menu; nothing at all when there is no entry.
#[component]
pub fn BoardMenu(entries: Vec<MenuEntry>) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let button = NodeRef::<html::Button>::new();
    let menu = NodeRef::<html::Ul>::new();
    let menu_id = format!("board-menu-{}", board::new_id());
    let controls = menu_id.clone();
    // Where the popup stands: fixed under the button's right edge, so a toolbar that scrolls
    // sideways (a phone) does not clip it.
    let place = RwSignal::new(String::new());
    let focus_item = move |which: Option<usize>| {
        request_animation_frame(move || {
            let Some(menu) = menu.get_untracked() else {
                return;
            };
            let items = items(&menu);
            let index = which.unwrap_or(items.len().saturating_sub(1));
            if let Some(item) = items.get(index) {
                let _ = item.focus();
            }
        });
    };
    let show = move |first: bool| {
        if let Some(b) = button.get_untracked() {
            let r = b.get_bounding_client_rect();
            let width = window()
                .inner_width()
                .ok()
                .and_then(|w| w.as_f64())
                .unwrap_or(r.right());
            place.set(format!(
                "top: {}px; right: {}px;",
                (r.bottom() + 4.0).round(),
                (width - r.right()).max(4.0).round()
            ));
        }
        open.set(true);
        focus_item(if first { Some(0) } else { None });
    };
    let close = move |refocus: bool| {
        open.set(false);
        if refocus {
            if let Some(b) = button.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    // Enter and Space press the button (its click opens the menu on the first item, for a
    // screen reader's click as much as a key); the arrows open it from the keyboard.
    let on_button_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" => {
            ev.prevent_default();
            show(true);
        }
        "ArrowUp" => {
            ev.prevent_default();
            show(false);
        }
        "Escape" if open.get_untracked() => {
            ev.prevent_default();
            close(true);
        }
        _ => {}
    };
    let on_menu_key = move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        match key.as_str() {
            "Escape" => {
                ev.prevent_default();
                ev.stop_propagation();
                close(true);
            }
            "Tab" => close(false),
            _ => {
                let Some(menu) = menu.get_untracked() else {
                    return;
                };
                let items = items(&menu);
                let active = document().active_element();
                let current = items
                    .iter()
                    .position(|i| active.as_ref().is_some_and(|a| a.is_same_node(Some(i))));
                if let Some(i) = next_index(&key, current, items.len()) {
                    ev.prevent_default();
                    let _ = items[i].focus();
                }
            }
        }
    };
    // A press outside the open menu closes it, as a click elsewhere does in any menu.
    let outside = window_event_listener(leptos::ev::pointerdown, move |ev| {
        if !open.get_untracked() {
            return;
        }
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        let inside =
            |el: Option<web_sys::Element>| el.is_some_and(|el| el.contains(target.as_ref()));
        if !inside(menu.get_untracked().map(Into::into))
            && !inside(button.get_untracked().map(Into::into))
        {
            close(false);
        }
    });
    on_cleanup(move || outside.remove());
    let any = !entries.is_empty();
    let rows = entries
        .into_iter()
        .map(|entry| {
            let MenuEntry { label, long, title, disabled, action } = entry;
            let choose = move || {
                if disabled.get_untracked() {
                    return;
                }
                // Focus on the button first: a dialog the entry opens returns focus there.
                close(true);
                action.run(());
            };
            view! {
                <li role="none">
                    <button type="button" role="menuitem" class="menu-item" tabindex="-1"
                        aria-label=move || long.map(|l| l.get()) title=move || title.map(|t| t.get())
                        aria-disabled=move || disabled.get().to_string()
                        on:click=move |_| choose()>
                        {move || label.get()}
                    </button>
                </li>
            }
        })
        .collect_view();
    any.then(|| {
        view! {
            <div class="board-menu">
                <button node_ref=button type="button" class="button board-menu-button" aria-haspopup="menu"
                    aria-expanded=move || open.get().to_string() aria-controls=controls aria-label=t!(i18n, board_menu_long)
                    on:click=move |_| if open.get_untracked() { close(false) } else { show(true) }
                    on:keydown=on_button_key>
                    <span aria-hidden="true">{t!(i18n, board_menu)}</span>
                    <span class="menu-caret" aria-hidden="true">"▾"</span>
                </button>
                <ul node_ref=menu id=menu_id class="menu" role="menu" aria-label=t!(i18n, board_menu_long)
                    hidden=move || !open.get() style=move || place.get() on:keydown=on_menu_key>
                    {rows}
                </ul>
            </div>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::next_index;

    #[test]
    fn arrows_wrap_and_home_end_jump() {
        assert_eq!(next_index("ArrowDown", None, 3), Some(0));
        assert_eq!(next_index("ArrowDown", Some(2), 3), Some(0));
        assert_eq!(next_index("ArrowUp", Some(0), 3), Some(2));
        assert_eq!(next_index("ArrowUp", None, 3), Some(2));
        assert_eq!(next_index("End", Some(0), 4), Some(3));
        assert_eq!(next_index("Home", Some(3), 4), Some(0));
        assert_eq!(next_index("a", Some(1), 4), None);
        assert_eq!(next_index("ArrowDown", None, 0), None);
    }
}
