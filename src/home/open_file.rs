//! "Open board from file" on the start page: a `.kartenwand` file from another device is
//! merged into the board of the same id stored here, or stored as a new board; then the
//! list shows it. A damaged or foreign file is explained and nothing stored changes.

use board::board_file;
use leptos::prelude::*;

use crate::export::board_file::{
    cards_text, import_error_text, keep_in_browser, read_file, take_chosen, ImportError, Kept,
};
use crate::i18n::*;

/// The file picker with its message; `on_change` re-reads the board list.
#[component]
pub fn OpenFile(on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    // The outcome: Ok(sentence) or Err(sentence).
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let choose = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        let Some(chosen) = take_chosen(&input) else {
            return;
        };
        outcome.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let file = read_file(chosen)
                .await
                .and_then(|bytes| board_file::decode(&bytes).map_err(ImportError::from));
            let kept = match file {
                Ok(file) => keep_in_browser(&file).await,
                Err(e) => Err(e),
            };
            busy.try_set(false);
            let text = match kept {
                Ok(Kept {
                    title,
                    cards,
                    merged,
                    ..
                }) => {
                    let cards = cards_text(i18n, cards);
                    Ok(if merged {
                        t_string!(i18n, file_opened_merged, title = title, cards = cards)
                    } else {
                        t_string!(i18n, file_opened_new, title = title, cards = cards)
                    })
                }
                Err(e) => Err(import_error_text(i18n, &e)),
            };
            outcome.try_set(Some(text));
            on_change();
        });
    };
    view! {
        <section class="open-file" aria-labelledby="open-file-heading">
            <h2 id="open-file-heading">{t!(i18n, open_file_heading)}</h2>
            <p class="muted">{t!(i18n, open_file_help)}</p>
            <label class="button file-button" class:file-button--busy=move || busy.get()>
                {t!(i18n, open_file)}
                <input type="file" accept=".kartenwand" class="visually-hidden" on:change=choose/>
            </label>
            <div aria-live="polite">
                {move || outcome.get().map(|o| match o {
                    Ok(text) => view! { <p class="file-note" role="status">{text}</p> }.into_any(),
                    Err(text) => view! { <p class="field-error" role="alert">{text}</p> }.into_any(),
                })}
            </div>
        </section>
    }
}
