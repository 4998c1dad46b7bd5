//! A text field bound to a Y.Text that several people type in at once. Local typing is
//! written as a minimal edit; a remote edit replaces the field's value and moves the caret
//! with the text around it, so it never jumps while someone else types elsewhere.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Where the caret goes when `old` becomes `new`: positions before the changed part stay,
/// positions after it shift by the change in length, positions inside it go to its end.
/// Positions are UTF-16 code units, as the DOM counts them.
pub fn moved_caret(old: &str, new: &str, caret: u32) -> u32 {
    let old: Vec<u16> = old.encode_utf16().collect();
    let new: Vec<u16> = new.encode_utf16().collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let room = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    let caret = caret as usize;
    let moved = if caret <= prefix {
        caret
    } else if caret >= old.len() - suffix {
        caret + new.len() - old.len()
    } else {
        new.len() - suffix
    };
    moved.min(new.len()) as u32
}

/// A labelled multi-line field showing `value` (the document's text) and reporting each
/// edit to `on_edit`. `rows`: its initial height in lines.
#[component]
pub fn SharedText(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] value: Signal<String>,
    on_edit: impl Fn(String) + Send + Sync + 'static,
    #[prop(default = 3)] rows: u32,
    #[prop(optional)] single_line: bool,
) -> impl IntoView {
    let area = NodeRef::<html::Textarea>::new();
    let input = NodeRef::<html::Input>::new();
    let composing = StoredValue::new(false);
    let on_edit = std::sync::Arc::new(on_edit);
    let (edit_input, edit_end) = (on_edit.clone(), on_edit);
    // The document changed: show it, keeping the caret with its surrounding text.
    Effect::new(move |_| {
        let new = value.get();
        let el: Option<web_sys::HtmlElement> = if single_line {
            input.get().map(|e| e.unchecked_into())
        } else {
            area.get().map(|e| e.unchecked_into())
        };
        let Some(el) = el else { return };
        if composing.get_value() {
            return; // an IME is composing; its input event brings the value up to date
        }
        let (old, start, end) = read_field(&el);
        if old == new {
            return;
        }
        let focused = document()
            .active_element()
            .is_some_and(|a| a == *el.as_ref());
        write_field(&el, &new);
        if focused {
            let (s, e) = (moved_caret(&old, &new, start), moved_caret(&old, &new, end));
            set_selection(&el, s, e);
        }
    });
    let on_input = move |ev: leptos::ev::Event| {
        if !composing.get_value() {
            edit_input(event_target_value(&ev));
        }
    };
    let field = if single_line {
        view! {
            <input node_ref=input type="text" class="shared-text" dir="auto" prop:value=move || value.get_untracked()
                on:input=on_input on:compositionstart=move |_| composing.set_value(true)
                on:compositionend={
                    let edit_end = edit_end.clone();
                    move |ev| { composing.set_value(false); edit_end(event_target_value(&ev)); }
                }/>
        }
        .into_any()
    } else {
        view! {
            <textarea node_ref=area class="shared-text" dir="auto" rows=rows prop:value=move || value.get_untracked()
                on:input=on_input on:compositionstart=move |_| composing.set_value(true)
                on:compositionend={
                    let edit_end = edit_end.clone();
                    move |ev| { composing.set_value(false); edit_end(event_target_value(&ev)); }
                }></textarea>
        }
        .into_any()
    };
    view! {
        <label class="field shared-field">
            <span>{move || label.get()}</span>
            {field}
        </label>
    }
}

fn read_field(el: &web_sys::HtmlElement) -> (String, u32, u32) {
    if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        let start = t.selection_start().ok().flatten().unwrap_or(0);
        let end = t.selection_end().ok().flatten().unwrap_or(start);
        (t.value(), start, end)
    } else if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        let start = i.selection_start().ok().flatten().unwrap_or(0);
        let end = i.selection_end().ok().flatten().unwrap_or(start);
        (i.value(), start, end)
    } else {
        (String::new(), 0, 0)
    }
}

fn write_field(el: &web_sys::HtmlElement, value: &str) {
    if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        t.set_value(value);
    } else if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        i.set_value(value);
    }
}

fn set_selection(el: &web_sys::HtmlElement, start: u32, end: u32) {
    if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        let _ = t.set_selection_range(start, end);
    } else if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        let _ = i.set_selection_range(start, end);
    }
}

#[cfg(test)]
mod tests {
    use super::moved_caret;

    #[test]
    fn the_caret_stays_with_its_text() {
        // Someone types before the caret: it moves along.
        assert_eq!(moved_caret("Bildung", "Gute Bildung", 7), 12);
        // Someone types after the caret: it stays.
        assert_eq!(moved_caret("Bildung", "Bildung für alle", 3), 3);
        // A deletion before the caret pulls it back.
        assert_eq!(moved_caret("Gute Bildung", "Bildung", 12), 7);
        // Inside a replaced part: to the end of the replacement.
        assert_eq!(moved_caret("abcdef", "abXYef", 3), 4);
        // UTF-16: an emoji counts two.
        assert_eq!(moved_caret("ab", "😀ab", 2), 4);
    }
}
