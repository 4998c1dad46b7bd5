//! A worksheet date of a day, a month or a year: a precision choice (Tag / Monat / Jahr) and
//! the input that takes it (date, month, or a year as a number). Stored as entered, so
//! "Juni 2011" stays a month.

use board::worksheet::{Precision, SheetDate};
use leptos::prelude::*;

use super::lists::{borrowed, find, Path, SheetEdits};
use super::pick;
use super::questions::SheetMemo;
use crate::i18n::*;

/// The date `field` of the item at `path`; `default` is the precision offered while it is
/// empty.
#[component]
pub fn DateInput(
    sheet: SheetMemo,
    path: Path,
    field: &'static str,
    default: Precision,
    #[prop(into)] label: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let edits = SheetEdits::of(sheet);
    let read_path = path.clone();
    let stored = Memo::new(move |_| {
        sheet.with(|s| {
            s.as_ref()
                .and_then(|s| find(s, &read_path))
                .and_then(|i| i.date(field))
        })
    });
    let precision = RwSignal::new(stored.get_untracked().map_or(default, SheetDate::precision));
    // Someone else changed the date (or this device wrote it): its precision is the choice now.
    Effect::new(move |_| {
        if let Some(d) = stored.get() {
            precision.set(d.precision());
        }
    });
    let write = {
        let path = path.clone();
        move |date: Option<SheetDate>| {
            edits.run(|b, id| b.set_item_date(id, &borrowed(&path), field, date));
        }
    };
    // A coarser choice keeps what is known of the date ("2011-06-10" → "2011-06"); a finer
    // one waits for the date to be entered instead of inventing a day.
    let choose = {
        let write = write.clone();
        move |p: Precision| {
            precision.set(p);
            if let Some(d) = stored.get_untracked() {
                let coarser = d.at_most(p);
                if coarser != d {
                    write(Some(coarser));
                }
            }
        }
    };
    let group = format!(
        "date-{}-{field}",
        path.iter()
            .map(|(_, id)| id.as_str())
            .collect::<Vec<_>>()
            .join("-")
    );
    let radios = Precision::ALL.map(|p| {
        let choose = choose.clone();
        view! {
            <label class="check date-precision-choice">
                <input type="radio" name=group.clone() prop:checked=move || precision.get() == p on:change=move |_| choose(p)/>
                {move || pick(i18n, p.name())}
            </label>
        }
    });
    let value = move || {
        stored
            .get()
            .filter(|d| d.precision() == precision.get())
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    view! {
        <fieldset class="date-field">
            <legend>{move || label.get()}</legend>
            <div class="date-precision" role="radiogroup" aria-label=move || t_string!(i18n, date_precision).to_string()>{radios}</div>
            <label class="field value-field">
                // The legend shows the name; the input is labelled for itself too.
                <span class="visually-hidden">{move || label.get()}</span>
                {move || {
                    let p = precision.get();
                    let write = write.clone();
                    let year = p == Precision::Year;
                    view! {
                        <input type=p.input_type() inputmode=if year { "numeric" } else { "text" }
                            min=year.then_some("1000") max=year.then_some("9999")
                            prop:value=value on:change=move |ev| {
                                let raw = event_target_value(&ev);
                                if raw.trim().is_empty() {
                                    write(None);
                                } else if let Some(d) = SheetDate::from_input(p, raw.trim()) {
                                    write(Some(d));
                                }
                            }/>
                    }
                }}
            </label>
        </fieldset>
    }
}
