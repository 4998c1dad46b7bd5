//! Facts tables on the wall ("Daten und Fakten"): each stands where the facilitator put it,
//! as a table under its title. The facilitator adds one from the toolbar, typed or pasted
//! from a spreadsheet, and edits, moves (dragging its heading, or the arrow keys) and removes
//! it; everyone else reads it. The full app only: the phone entry shows no wall.

use board::FactsTable;
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use super::drag::{offset_of, press_drag};
use super::focus::focus_soon;
use super::keyboard::arrow_step;
use super::layout::free_spot;
use super::messages::board_error_text;
use super::state::{DragItem, WallUi};
use super::viewport::Rect;
use crate::dialog::Modal;
use crate::i18n::*;
use crate::sync::BoardCtx;

/// How far an arrow key moves a table, in wall units.
const STEP: f64 = 20.0;
/// The room a new table is given on the wall, in wall units (a table of a few rows).
const TABLE_W: f64 = 420.0;
/// See [`TABLE_W`].
const TABLE_H: f64 = 240.0;

/// The facts table dialog: open or not, and the table it edits (`None`: a new one).
#[derive(Clone, Copy)]
pub struct FactsEditor {
    /// Whether the dialog is open.
    pub open: RwSignal<bool>,
    /// The table being edited; `None` adds one.
    pub editing: RwSignal<Option<String>>,
}

impl FactsEditor {
    /// Provides the editor to the toolbar and the wall.
    pub fn provide() -> FactsEditor {
        let editor = FactsEditor {
            open: RwSignal::new(false),
            editing: RwSignal::new(None),
        };
        provide_context(editor);
        editor
    }

    /// Opens the dialog on `table` (`None`: a new one).
    pub fn start(self, table: Option<String>) {
        self.editing.set(table);
        self.open.set(true);
    }
}

/// The dialog that adds or edits a facts table: its title and its rows, one line each with
/// the cells separated by tabs (as a spreadsheet copies them) or " | ".
#[component]
pub fn FactsTableDialog() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let editor = expect_context::<FactsEditor>();
    let title = RwSignal::new(String::new());
    let cells = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // Filled anew each time the dialog opens.
    Effect::new(move |_| {
        if !editor.open.get() {
            return;
        }
        let table = editor
            .editing
            .get_untracked()
            .and_then(|id| ctx.read(|b| b.tables().into_iter().find(|t| t.id == id)));
        title.set(table.as_ref().map(|t| t.title.clone()).unwrap_or_default());
        cells.set(table.map(|t| t.text()).unwrap_or_default());
        error.set(None);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (t, c) = (title.get_untracked(), cells.get_untracked());
        let saved = match editor.editing.get_untracked() {
            Some(id) => ctx.edit(|b| b.update_table(&id, &t, &c)),
            None => {
                // The wall's items and the tables already standing, at the size they are drawn.
                let mut occupied = ui.snapshot.with_untracked(|s| s.occupied());
                let zoom = ui.viewport.get_untracked().zoom;
                occupied.extend(
                    ctx.read(|b| b.tables())
                        .into_iter()
                        .map(|t| drawn(&t, zoom)),
                );
                // A new table's size is not known before it is drawn: room for its rows.
                let rows = board::parse_cells(&c).len() as f64;
                let (x, y) = free_spot(
                    ui.visible(),
                    TABLE_W,
                    TABLE_H.max(70.0 + 40.0 * rows),
                    &occupied,
                );
                ctx.edit(|b| b.add_table(&t, &c, x.round(), y.round()))
                    .map(|_| ())
            }
        };
        match saved {
            Ok(()) => editor.open.set(false),
            Err(e) => error.set(Some(board_error_text(i18n, &e))),
        }
    };
    let heading = Signal::derive(move || {
        if editor.editing.get().is_some() {
            t_string!(i18n, facts_edit_heading)
        } else {
            t_string!(i18n, facts_add_heading)
        }
        .to_string()
    });
    view! {
        <Modal open=editor.open label=heading>
            <form class="stack" on:submit=submit>
                <label class="field">
                    <span>{t!(i18n, facts_title_label)}</span>
                    <input type="text" maxlength="200" required dir="auto" bind:value=title/>
                </label>
                <label class="field">
                    <span>{t!(i18n, facts_cells_label)}</span>
                    <textarea rows="8" dir="auto" class="facts-cells" aria-describedby="facts-cells-hint" bind:value=cells></textarea>
                    <small id="facts-cells-hint" class="muted">{t!(i18n, facts_cells_hint)}</small>
                </label>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <div class="modal-actions">
                    <button type="button" class="button" on:click=move |_| editor.open.set(false)>{t!(i18n, step_cancel)}</button>
                    <button type="submit" class="button button--primary">{t!(i18n, facts_save)}</button>
                </div>
            </form>
        </Modal>
    }
}

/// The board's facts tables, read once per change of the document for the wall, the list
/// view and the wall's bounds. Provided by the full app's wall page.
#[derive(Clone, Copy)]
pub struct BoardTables(pub Memo<Vec<FactsTable>>);

impl BoardTables {
    /// Reads the tables, keeps `ui.table_rects` in step with them (for fitting the view and
    /// placing new items beside them), and provides them to the wall's components.
    pub fn provide(ctx: BoardCtx, ui: WallUi) {
        let tables = Memo::new(move |_| ctx.track(|b| b.tables()));
        Effect::new(move |_| {
            let rects: Vec<Rect> =
                tables.with(|t| t.iter().map(super::layout::table_rect).collect());
            if ui.table_rects.with_untracked(|r| *r != rects) {
                ui.table_rects.set(rects);
            }
        });
        provide_context(BoardTables(tables));
    }
}

/// Every facts table on the wall.
#[component]
pub fn FactsTables() -> impl IntoView {
    let tables = expect_context::<BoardTables>().0;
    view! { <For each=move || tables.get() key=|t| format!("{t:?}") children=|table| view! { <FactsTableItem table/> }/> }
}

/// One facts table where it stands.
#[component]
fn FactsTableItem(table: FactsTable) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let editor = use_context::<FactsEditor>();
    let FactsTable {
        id,
        title,
        columns,
        rows,
        x,
        y,
        ..
    } = table;
    let sid = StoredValue::new(id.clone());
    let stitle = StoredValue::new(title.clone());
    let facilitator = ui.facilitator && !ui.read_only;
    let report = move |result: Result<(), board::BoardError>| {
        if let Err(e) = result {
            ui.complain(board_error_text(i18n, &e));
        }
    };
    let moving = offset_of(ui, DragItem::Table(id.clone()));
    let head = press_drag(
        ui,
        DragItem::Table(id.clone()),
        move || facilitator,
        move |dx, dy| {
            report(
                ctx.edit(|b| b.move_table(&sid.get_value(), (x + dx).round(), (y + dy).round())),
            );
        },
    );
    let style = move || {
        let (dx, dy) = moving.get().unwrap_or_default();
        format!("transform: translate({}px, {}px)", x + dx, y + dy)
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if !facilitator
            || ev.target() != ev.current_target()
            || ev.ctrl_key()
            || ev.meta_key()
            || ev.alt_key()
        {
            return;
        }
        let Some((dx, dy)) = arrow_step(&ev.key(), STEP) else {
            return;
        };
        ev.prevent_default();
        let id = sid.get_value();
        report(ctx.edit(|b| b.move_table(&id, x + dx, y + dy)));
        focus_soon(format!(".facts-table[data-table-id=\"{id}\"]"));
    };
    let label = t_string!(i18n, facts_table_label, title = title.clone()).to_string();
    let edit_label = t_string!(i18n, facts_edit, title = title.clone()).to_string();
    let remove_label = t_string!(i18n, facts_remove, title = title.clone()).to_string();
    view! {
        <section class="facts-table" style=style data-table-id=id role="group" aria-label=label
            tabindex=if facilitator { "0" } else { "-1" } on:keydown=on_keydown>
            <header class="facts-table-head" on:pointerdown=head.down on:pointermove=head.moved on:pointerup=head.up on:pointercancel=head.cancel>
                <h2 class="facts-table-title" dir="auto">{title}</h2>
                {facilitator.then(|| view! {
                    <div class="cluster-tools">
                        <button type="button" class="button icon small" on:pointerdown=|ev| ev.stop_propagation()
                            aria-label=edit_label.clone() title=edit_label
                            on:click=move |_| { if let Some(e) = editor { e.start(Some(sid.get_value())) } }>"✎"</button>
                        <button type="button" class="button icon small" on:pointerdown=|ev| ev.stop_propagation()
                            aria-label=remove_label.clone() title=remove_label
                            on:click=move |_| {
                                if ctx.edit(|b| b.delete_table(&sid.get_value())).is_ok() {
                                    ui.notice.set(Some(super::state::Notice { text: t_string!(i18n, facts_removed, title = stitle.get_value()).to_string(), undo: true, error: false }));
                                }
                            }>"✕"</button>
                    </div>
                })}
            </header>
            <FactsGrid columns rows/>
        </section>
    }
}

/// A facts table's cells: the header row, then the rows (on the wall and in the list view).
#[component]
pub fn FactsGrid(columns: Vec<String>, rows: Vec<Vec<String>>) -> impl IntoView {
    view! {
        <table>
            <thead><tr>{columns.into_iter().map(|c| view! { <th scope="col" dir="auto">{c}</th> }).collect_view()}</tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! { <tr>{r.into_iter().map(|c| view! { <td dir="auto">{c}</td> }).collect_view()}</tr> }).collect_view()}
            </tbody>
        </table>
    }
}

/// Where a table stands and how large it is drawn, in wall units (the room for a new table if
/// it is not drawn, being out of view).
fn drawn(t: &FactsTable, zoom: f64) -> Rect {
    let selector = format!(".facts-table[data-table-id=\"{}\"]", t.id);
    let size = document()
        .query_selector(&selector)
        .ok()
        .flatten()
        .map(|el| el.get_bounding_client_rect());
    let (w, h) = size.map_or((TABLE_W, TABLE_H), |r| {
        (r.width() / zoom.max(0.01), r.height() / zoom.max(0.01))
    });
    Rect {
        x: t.x,
        y: t.y,
        w,
        h,
    }
}
