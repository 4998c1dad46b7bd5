//! Modal dialogs on the native `<dialog>` element: focus stays inside, Escape closes,
//! screen readers announce the dialog by its heading, and focus returns to the control that
//! opened it (or to the page's landing place, never to `<body>`).

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// Where focus goes when a dialog's opener is gone (or there was none, as for the name
/// dialog on arrival): the first of these on the page.
const FOCUS_FALLBACK: [&str; 2] = ["#wall", "#main-content"];

/// After `dialog` closed: unless something already took focus on purpose (a new card, say),
/// back to `opener` if it is still on the page, else to the wall or the page's main area.
/// Focus still inside the closed dialog counts as lost: the browser moves it to `<body>`
/// only at its next style update.
fn restore_focus(dialog: web_sys::HtmlDialogElement, opener: Option<HtmlElement>) {
    request_animation_frame(move || {
        let doc = document();
        let lost = doc.active_element().is_none_or(|e| {
            doc.body().is_some_and(|b| b.is_same_node(Some(&e)))
                || !e.is_connected()
                || dialog.contains(Some(&e))
        });
        if !lost {
            return;
        }
        let fallback = FOCUS_FALLBACK.iter().filter_map(|s| {
            doc.query_selector(s)
                .ok()
                .flatten()?
                .dyn_into::<HtmlElement>()
                .ok()
        });
        // The first that really takes focus: an opener can be on the page and yet hidden.
        for target in opener
            .into_iter()
            .filter(|o| o.is_connected())
            .chain(fallback)
        {
            let _ = target.focus();
            if doc
                .active_element()
                .is_some_and(|a| a.is_same_node(Some(&target)))
            {
                return;
            }
        }
    });
}

/// A modal dialog shown while `open` is true. `label` names it (its heading).
#[component]
pub fn Modal(
    open: RwSignal<bool>,
    #[prop(into)] label: Signal<String>,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let heading_id = format!("dlg-{}", board::new_id());
    let labelled_by = heading_id.clone();
    // The control that had focus when the dialog opened, to return to when it closes.
    let opener = StoredValue::new_local(None::<HtmlElement>);
    Effect::new(move |_| {
        let Some(el) = dialog.get() else { return };
        if open.get() {
            if !el.open() {
                let active = document()
                    .active_element()
                    .and_then(|e| e.dyn_into::<HtmlElement>().ok());
                opener.set_value(
                    active.filter(|a| document().body().is_none_or(|b| !b.is_same_node(Some(a)))),
                );
                let _ = el.show_modal();
            }
        } else if el.open() {
            el.close();
        }
    });
    // Escape closes the dialog at once, but its `close` event comes a task later: the
    // signal follows at `cancel` already, so a quick press on the opener reopens it, and a
    // `close` event that arrives after it reopened is stale and ignored.
    let on_cancel = move |_: web_sys::Event| open.set(false);
    let on_close = move |_| {
        let Some(el) = dialog.get_untracked() else {
            return;
        };
        if el.open() {
            return;
        }
        open.set(false);
        restore_focus(el, opener.try_update_value(Option::take).flatten());
    };
    view! {
        <dialog node_ref=dialog class="modal" aria-labelledby=labelled_by on:cancel=on_cancel on:close=on_close>
            <h2 id=heading_id class="modal-title">{move || label.get()}</h2>
            {children()}
        </dialog>
    }
}

/// Asks before something irreversible. `on_confirm` runs when the user confirms.
#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    #[prop(into)] question: Signal<String>,
    #[prop(into)] detail: Signal<String>,
    #[prop(into)] confirm: Signal<String>,
    #[prop(into)] cancel: Signal<String>,
    on_confirm: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <Modal open label=question>
            <p>{move || detail.get()}</p>
            <div class="modal-actions">
                <button type="button" class="button" on:click=move |_| open.set(false)>{move || cancel.get()}</button>
                <button type="button" class="button button--danger" on:click=move |_| { open.set(false); on_confirm(); }>
                    {move || confirm.get()}
                </button>
            </div>
        </Modal>
    }
}
