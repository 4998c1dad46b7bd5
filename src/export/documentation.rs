//! The facilitator's documentation of the day: the board as Markdown, as a print page (the
//! browser's "Save as PDF" makes the PDF), and as JSON for other tools. The texts come from
//! `board::export`; this only hands them to the browser.

use leptos::prelude::*;

use super::save_text;
use crate::dialog::Modal;
use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::wall::WallUi;

/// The export language: the interface's.
pub fn export_language(i18n: I18n) -> board::Language {
    if i18n.get_locale_untracked() == Locale::en {
        board::Language::En
    } else {
        board::Language::De
    }
}

/// Today's local date in words, for the documentation's title.
fn today(lang: board::Language) -> String {
    let now = js_sys::Date::new_0();
    let local = now.get_time() - now.get_timezone_offset() * 60_000.0;
    board::export::format_date(local, lang)
}

/// Today's date, and the UTC offset when the day's first step started (today's, if none
/// did): an export made after a switch to summer time still shows the room's clock times.
fn context(board: &board::Board, lang: board::Language) -> board::export::ExportContext {
    let first = board
        .agenda()
        .iter()
        .filter_map(|s| s.started)
        .min_by(f64::total_cmp);
    let offset = crate::clock::utc_offset_at(first.unwrap_or_else(js_sys::Date::now));
    board::export::ExportContext::new(today(lang), offset)
}

/// Opens `html` as a page of its own (a Blob URL in a new tab), ready to print.
fn open_page(html: &str) -> bool {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(html));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/html;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    // The URL stays valid while this page lives: the new tab may load it later.
    window()
        .open_with_url_and_target(&url, "_blank")
        .ok()
        .flatten()
        .is_some()
}

/// The documentation dialog.
#[component]
pub fn DocumentationDialog(open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let file_name = move |ext: &str| {
        let title = ctx.read(|b| b.title());
        format!(
            "{} – {}.{ext}",
            if title.is_empty() {
                "Kartenwand".to_string()
            } else {
                title
            },
            t_string!(i18n, documentation)
        )
    };
    let failed = move || ui.complain(t_string!(i18n, download_failed).to_string());
    let markdown = move |_| {
        let lang = export_language(i18n);
        let text = ctx.read(|b| board::export::markdown(b, lang, &context(b, lang)));
        if save_text(&file_name("md"), "text/markdown;charset=utf-8", &text).is_err() {
            failed();
        }
    };
    let print = move |_| {
        let lang = export_language(i18n);
        let page = ctx.read(|b| board::export::html(b, lang, &context(b, lang)));
        if !open_page(&page) {
            // A blocked pop-up: offer the page as a file instead.
            if save_text(&file_name("html"), "text/html;charset=utf-8", &page).is_err() {
                failed();
            }
        }
    };
    let html_file = move |_| {
        let lang = export_language(i18n);
        let page = ctx.read(|b| board::export::html(b, lang, &context(b, lang)));
        if save_text(&file_name("html"), "text/html;charset=utf-8", &page).is_err() {
            failed();
        }
    };
    let json = move |_| {
        let text = ctx.read(board::export::json);
        if save_text(&file_name("json"), "application/json", &text).is_err() {
            failed();
        }
    };
    view! {
        <Modal open label=text_signal(i18n, |s| s.documentation)>
            <p>{t!(i18n, documentation_help)}</p>
            <div class="export-actions">
                <button type="button" class="button button--primary" on:click=print>{t!(i18n, export_print)}</button>
                <button type="button" class="button" on:click=markdown>{t!(i18n, export_markdown)}</button>
                <button type="button" class="button" on:click=html_file>{t!(i18n, export_html)}</button>
                <button type="button" class="button" on:click=json>{t!(i18n, export_json)}</button>
            </div>
            <div class="modal-actions">
                <button type="button" class="button" on:click=move |_| open.set(false)>{t!(i18n, close)}</button>
            </div>
        </Modal>
    }
}
