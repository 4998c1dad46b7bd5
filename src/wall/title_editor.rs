//! A heading as a text field, for clusters and regions: Enter saves, Escape cancels, leaving
//! the field saves.

use leptos::html;
use leptos::prelude::*;

use super::state::WallUi;

/// Edits `title`; `save` gets the new text when it differs, and the field closes either way.
#[component]
pub fn TitleEditor(
    title: String,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] save: Callback<String>,
) -> impl IntoView {
    let ui = expect_context::<WallUi>();
    let input = NodeRef::<html::Input>::new();
    let draft = RwSignal::new(title.clone());
    let title = StoredValue::new(title);
    let done = StoredValue::new(false);
    // `try_`: removing the input blurs it, after this editor's values are disposed.
    let commit = move || {
        if done.try_get_value().unwrap_or(true) {
            return;
        }
        done.set_value(true);
        let new_title = draft.get_untracked();
        if new_title != title.get_value() {
            save.run(new_title);
        }
        ui.renaming.set(None);
    };
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
            el.select();
        }
    });
    view! {
        <input
            node_ref=input
            type="text"
            class="cluster-title-input"
            dir="auto"
            maxlength="200"
            aria-label=label
            bind:value=draft
            on:pointerdown=|ev| ev.stop_propagation()
            on:keydown=move |ev| {
                ev.stop_propagation();
                match ev.key().as_str() {
                    "Enter" => { ev.prevent_default(); commit(); }
                    "Escape" => { done.set_value(true); ui.renaming.set(None); }
                    _ => {}
                }
            }
            on:blur=move |_| commit()
        />
    }
}
