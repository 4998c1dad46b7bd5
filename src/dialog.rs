//! Modal dialogs on the native `<dialog>` element: focus stays inside, Escape closes, and
//! screen readers announce the dialog by its heading.

use leptos::html;
use leptos::prelude::*;

/// A modal dialog shown while `open` is true. `label` names it (its heading).
#[component]
pub fn Modal(open: RwSignal<bool>, #[prop(into)] label: Signal<String>, children: Children) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let heading_id = format!("dlg-{}", board::new_id());
    let labelled_by = heading_id.clone();
    Effect::new(move |_| {
        let Some(el) = dialog.get() else { return };
        if open.get() {
            if !el.open() {
                let _ = el.show_modal();
            }
        } else if el.open() {
            el.close();
        }
    });
    view! {
        <dialog node_ref=dialog class="modal" aria-labelledby=labelled_by on:close=move |_| open.set(false)>
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
