//! Worksheets made of lists: obstacles → solutions, process steering (seats with totals,
//! tasks, milestones), feedback statements. And the pieces every list form uses: a text
//! field of an item, add and remove buttons.

use board::worksheet::{list, Item, Precision};
use board::Worksheet;
use leptos::prelude::*;
use yrs::Any;

use super::date_input::DateInput;
use super::questions::SheetMemo;
use super::shared_text::SharedText;
use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::wall::messages::board_error_text;
use crate::wall::WallUi;

/// An item's place: `(list, id)` steps from the worksheet down.
pub type Path = Vec<(String, String)>;

/// The item at `path` on a worksheet.
pub fn find<'a>(sheet: &'a Worksheet, path: &[(String, String)]) -> Option<&'a Item> {
    let ((list, id), rest) = path.split_first()?;
    let mut item = sheet.list(list).iter().find(|i| &i.id == id)?;
    for (list, id) in rest {
        item = item.list(list).iter().find(|i| &i.id == id)?;
    }
    Some(item)
}

/// A path as the board's operations take it.
pub fn borrowed(path: &Path) -> Vec<(&str, &str)> {
    path.iter().map(|(l, i)| (l.as_str(), i.as_str())).collect()
}

/// Edits of the open worksheet, the one place that runs them and shows a refusal. Taken
/// while a component renders (that is where its context is), used in its event handlers.
#[derive(Clone, Copy)]
pub struct SheetEdits {
    sheet: SheetMemo,
    ctx: BoardCtx,
    ui: WallUi,
    i18n: I18n,
}

impl SheetEdits {
    /// The edits of `sheet`.
    pub fn of(sheet: SheetMemo) -> Self {
        SheetEdits {
            sheet,
            ctx: expect_context(),
            ui: expect_context(),
            i18n: use_i18n(),
        }
    }

    /// Runs `f` with the sheet's id; returns whether it was done (a refusal is shown).
    pub fn run(
        &self,
        f: impl FnOnce(&mut board::Board, &str) -> Result<(), board::BoardError>,
    ) -> bool {
        let Some(id) = self
            .sheet
            .with_untracked(|s| s.as_ref().map(|s| s.id.clone()))
        else {
            return false;
        };
        match self.ctx.edit(|b| f(b, &id)) {
            Ok(()) => true,
            Err(e) => {
                self.ui.complain(board_error_text(self.i18n, &e));
                false
            }
        }
    }
}

/// A text field of the item at `path`.
#[component]
pub fn ItemText(
    sheet: SheetMemo,
    path: Path,
    field: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(optional)] single_line: bool,
) -> impl IntoView {
    let read_path = path.clone();
    let value = Signal::derive(move || {
        sheet.with(|s| {
            s.as_ref()
                .and_then(|s| find(s, &read_path))
                .map(|i| i.text(field).to_string())
                .unwrap_or_default()
        })
    });
    let edits = SheetEdits::of(sheet);
    let on_edit = move |text: String| {
        edits.run(|b, id| b.set_item_text(id, &borrowed(&path), field, &text));
    };
    view! { <SharedText label value on_edit rows=2 single_line/> }
}

/// A button that removes the item at `path`.
#[component]
pub fn RemoveItem(sheet: SheetMemo, path: Path, #[prop(into)] label: String) -> impl IntoView {
    let edits = SheetEdits::of(sheet);
    view! {
        <button type="button" class="button small remove-item" aria-label=label.clone() title=label
            on:click=move |_| { edits.run(|b, id| b.remove_item(id, &borrowed(&path))); }>"✕"</button>
    }
}

/// A button that adds an item to `list` under `parent`, with empty `texts`.
#[component]
pub fn AddItem(
    sheet: SheetMemo,
    parent: Path,
    list: &'static str,
    texts: &'static [&'static str],
    #[prop(into)] label: Signal<String>,
) -> impl IntoView {
    let edits = SheetEdits::of(sheet);
    view! {
        <button type="button" class="button add-item" on:click=move |_| {
            edits.run(|b, id| b.add_item(id, &borrowed(&parent), list, texts).map(|_| ()));
        }>
            <span aria-hidden="true">"+ "</span>{move || label.get()}
        </button>
    }
}

/// The items of a top-level list, re-read when the sheet changes.
pub fn items(sheet: SheetMemo, name: &'static str) -> Memo<Vec<Item>> {
    Memo::new(move |_| {
        sheet.with(|s| {
            s.as_ref()
                .map(|s| s.list(name).to_vec())
                .unwrap_or_default()
        })
    })
}

/// Obstacles → solutions, as rows of two fields.
#[component]
pub fn ObstaclesSheet(sheet: SheetMemo) -> impl IntoView {
    let i18n = use_i18n();
    let rows = items(sheet, list::ROWS);
    view! {
        <ol class="sheet-rows">
            <For each=move || rows.get() key=|r| r.id.clone() children=move |r| {
                let path: Path = vec![(list::ROWS.into(), r.id.clone())];
                view! {
                    <li class="sheet-row">
                        <ItemText sheet path=path.clone() field="obstacle" label=text_signal(i18n, |s| s.obstacle)/>
                        <ItemText sheet path=path.clone() field="solution" label=text_signal(i18n, |s| s.solution)/>
                        <RemoveItem sheet path label=t_string!(i18n, remove_row)/>
                    </li>
                }
            }/>
        </ol>
        <AddItem sheet parent=vec![] list=list::ROWS texts=&["obstacle", "solution"] label=text_signal(i18n, |s| s.add_obstacle)/>
    }
}

/// Process steering: the body's seats (with the total), its tasks, and a timeline.
#[component]
pub fn SteeringSheet(sheet: SheetMemo) -> impl IntoView {
    let i18n = use_i18n();
    let seats = items(sheet, list::SEATS);
    let tasks = items(sheet, list::TASKS);
    let milestones = items(sheet, list::MILESTONES);
    // Seats are whole: the input takes any number, the total counts whole seats.
    let total = move || {
        seats
            .with(|s| s.iter().filter_map(|i| i.number("count")).sum::<f64>())
            .round()
            .max(0.0) as u64
    };
    let edits = SheetEdits::of(sheet);
    let set_value = move |path: Path, field: &'static str, value: Option<Any>| {
        edits.run(|b, id| b.set_item_value(id, &borrowed(&path), field, value));
    };
    view! {
        <section class="sheet-part">
            <h4>{t!(i18n, seats_heading)}</h4>
            <ol class="sheet-rows">
                <For each=move || seats.get() key=|r| r.id.clone() children=move |r| {
                    let path: Path = vec![(list::SEATS.into(), r.id.clone())];
                    let count_path = path.clone();
                    let count = r.number("count").map(|n| n.to_string()).unwrap_or_default();
                    view! {
                        <li class="sheet-row sheet-row--seat">
                            <ItemText sheet path=path.clone() field="who" single_line=true label=text_signal(i18n, |s| s.seat_who)/>
                            <label class="field seat-count">
                                <span>{t!(i18n, seat_count)}</span>
                                <input type="number" inputmode="numeric" min="0" prop:value=count
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev).trim().parse::<f64>().ok().filter(|n| *n >= 0.0);
                                        set_value(count_path.clone(), "count", v.map(Any::from));
                                    }/>
                            </label>
                            <RemoveItem sheet path label=t_string!(i18n, remove_row)/>
                        </li>
                    }
                }/>
            </ol>
            <p class="seat-total" role="status">{move || t_count!(i18n, seats_total, total())}</p>
            <AddItem sheet parent=vec![] list=list::SEATS texts=&["who"] label=text_signal(i18n, |s| s.add_seat)/>
        </section>
        <section class="sheet-part">
            <h4>{t!(i18n, tasks_heading)}</h4>
            <ol class="sheet-rows">
                <For each=move || tasks.get() key=|r| r.id.clone() children=move |r| {
                    let path: Path = vec![(list::TASKS.into(), r.id.clone())];
                    view! {
                        <li class="sheet-row">
                            <ItemText sheet path=path.clone() field="text" single_line=true label=text_signal(i18n, |s| s.task)/>
                            <RemoveItem sheet path label=t_string!(i18n, remove_row)/>
                        </li>
                    }
                }/>
            </ol>
            <AddItem sheet parent=vec![] list=list::TASKS texts=&["text"] label=text_signal(i18n, |s| s.add_task)/>
        </section>
        <section class="sheet-part">
            <h4>{t!(i18n, milestones_heading)}</h4>
            <ol class="sheet-rows">
                <For each=move || milestones.get() key=|r| r.id.clone() children=move |r| {
                    let path: Path = vec![(list::MILESTONES.into(), r.id.clone())];
                    view! {
                        <li class="sheet-row">
                            <DateInput sheet path=path.clone() field="date" default=Precision::Month label=text_signal(i18n, |s| s.milestone_date)/>
                            <ItemText sheet path=path.clone() field="text" single_line=true label=text_signal(i18n, |s| s.milestone)/>
                            <RemoveItem sheet path label=t_string!(i18n, remove_row)/>
                        </li>
                    }
                }/>
            </ol>
            <AddItem sheet parent=vec![] list=list::MILESTONES texts=&["text"] label=text_signal(i18n, |s| s.add_milestone)/>
        </section>
    }
}

/// Feedback: short statements anyone adds, each editable by everyone.
#[component]
pub fn FeedbackSheet(sheet: SheetMemo) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let statements = items(sheet, list::STATEMENTS);
    let draft = RwSignal::new(String::new());
    let edits = SheetEdits::of(sheet);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = draft.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        let author = ctx.read(|b| b.author().to_string());
        edits.run(|b, id| {
            let item = b.add_item(id, &[], list::STATEMENTS, &["text"])?;
            let path = [(list::STATEMENTS, item.as_str())];
            b.set_item_text(id, &path, "text", text.trim())?;
            b.set_item_value(id, &path, "author", Some(Any::from(author)))
        });
        draft.set(String::new());
    };
    view! {
        <ul class="statements">
            <For each=move || statements.get() key=|s| (s.id.clone(), s.text("text").to_string()) children=move |s| {
                view! { <li class="statement" dir="auto">{s.text("text").to_string()}</li> }
            }/>
        </ul>
        <form class="inline-form" on:submit=add>
            <label class="field">
                <span>{t!(i18n, feedback_new)}</span>
                <input type="text" maxlength="1000" dir="auto" bind:value=draft/>
            </label>
            <button type="submit" class="button button--primary">{t!(i18n, add)}</button>
        </form>
    }
}
