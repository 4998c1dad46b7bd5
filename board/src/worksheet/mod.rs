//! Worksheets: the structured sheets groups fill for their field (seed sections 7, 11, 12).
//! A worksheet is a map with its template, the field and group it belongs to, `answers`
//! (question key → Y.Text) and named lists of items (Leitziele, rows, seats, …), each item a
//! map with an `order`, its fields and its own lists. Every text is a Y.Text, so several
//! people can type in the same answer and every keystroke survives the merge.
//!
//! Outside the undo scope: the inputs have their own undo, and Ctrl+Z on the wall should not
//! take back what a group typed.

mod date;
mod smart;
mod templates;
mod wording;

pub use date::{Precision, SheetDate};
pub use smart::{annual_gaps, leitziel_gaps, Criterion, Gap};
pub use templates::{list, Question, Template, ACTION_PLAN, FIELD_ANALYSIS, MAX_LEITZIELE};
pub use wording::{wording_key, MAX_WORDING};

use std::collections::BTreeMap;

use yrs::{Any, Map, MapPrelim, MapRef, Out, ReadTxn, TextPrelim, Transact};

use crate::board::Board;
use crate::card::write_text;
use crate::error::BoardError;
use crate::ids::new_id;
use crate::language::Language;
use crate::read;
use crate::schema::{worksheet as key, MAX_TITLE};

/// Id of a worksheet: a key of `worksheets`.
pub type WorksheetId = String;

/// Longest answer or item text, in chars (a page of text; worksheets are notes, not essays).
pub const MAX_ANSWER: usize = 5_000;

/// Where an item sits: `(list, item id)` steps from the worksheet down, e.g.
/// `[("goals", g), ("annual", a)]` for a Jahresziel.
pub type ItemPath<'a> = &'a [(&'a str, &'a str)];

/// A value of an item field, as read.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A Y.Text or string.
    Text(String),
    /// A number.
    Number(f64),
    /// A map of flags (the SMART ticks).
    Flags(BTreeMap<String, bool>),
}

/// One item of a worksheet list, with its fields and its own lists.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// Key in its list.
    pub id: String,
    /// Sort key in its list.
    pub order: f64,
    /// Fields by name (texts, numbers, flags).
    pub fields: BTreeMap<String, Value>,
    /// Nested lists by name, each sorted by (order, id).
    pub lists: BTreeMap<String, Vec<Item>>,
}

impl Item {
    /// A text field ("" if missing).
    pub fn text(&self, field: &str) -> &str {
        match self.fields.get(field) {
            Some(Value::Text(t)) => t,
            _ => "",
        }
    }

    /// A plain-string field, e.g. a date ("" if missing).
    pub fn string(&self, field: &str) -> &str {
        self.text(field)
    }

    /// A date field of a day, a month or a year; an old target year stored as a number
    /// reads as that year. `None` if missing or free text.
    pub fn date(&self, field: &str) -> Option<SheetDate> {
        match self.fields.get(field) {
            Some(Value::Text(t)) => SheetDate::parse(t),
            Some(Value::Number(n)) if n.fract() == 0.0 && (1000.0..=9999.0).contains(n) => {
                SheetDate::year(*n as u16)
            }
            _ => None,
        }
    }

    /// A number field.
    pub fn number(&self, field: &str) -> Option<f64> {
        match self.fields.get(field) {
            Some(Value::Number(n)) => Some(*n),
            _ => None,
        }
    }

    /// Whether the SMART criterion is ticked.
    pub fn ticked(&self, c: Criterion) -> bool {
        match self.fields.get("smart") {
            Some(Value::Flags(f)) => f.get(c.key()).copied().unwrap_or(false),
            _ => false,
        }
    }

    /// A nested list (empty if missing).
    pub fn list(&self, name: &str) -> &[Item] {
        self.lists.get(name).map_or(&[], Vec::as_slice)
    }
}

/// A worksheet as read from the document.
#[derive(Clone, Debug, PartialEq)]
pub struct Worksheet {
    /// Key in `worksheets`.
    pub id: WorksheetId,
    /// Its template (`None`: made by a newer app; shown read-only by its answers).
    pub template: Option<Template>,
    /// The custom worksheet's title (empty for standard ones).
    pub title: String,
    /// The field it is about.
    pub field: Option<String>,
    /// The group filling it.
    pub group: Option<String>,
    /// Creation time.
    pub created: f64,
    /// Answers by question key (custom worksheets: by question id).
    pub answers: BTreeMap<String, String>,
    /// Top-level lists by name.
    pub lists: BTreeMap<String, Vec<Item>>,
    /// The board's own wording of its template's questions, by question key (from the root
    /// `wordings`; the same for every worksheet of the template).
    pub wordings: BTreeMap<String, String>,
}

impl Worksheet {
    /// A top-level list (empty if missing).
    pub fn list(&self, name: &str) -> &[Item] {
        self.lists.get(name).map_or(&[], Vec::as_slice)
    }

    /// A fixed question as this board asks it: the facilitator's wording, else the
    /// template's in `lang`.
    pub fn question_text(&self, q: &Question, lang: Language) -> String {
        match self.wordings.get(q.key) {
            Some(w) => w.clone(),
            None => lang.pick(q.de, q.en).to_owned(),
        }
    }

    /// Whether the board rewords question `key`.
    pub fn reworded(&self, key: &str) -> bool {
        self.wordings.contains_key(key)
    }

    /// An answer ("" if not written).
    pub fn answer(&self, key: &str) -> &str {
        self.answers.get(key).map_or("", String::as_str)
    }
}

/// Reads the lists of a map: every value that is a map of item maps (those with `order`).
fn read_lists<T: ReadTxn>(
    txn: &T,
    map: &MapRef,
    names: &mut dyn Iterator<Item = String>,
) -> BTreeMap<String, Vec<Item>> {
    let mut lists = BTreeMap::new();
    for name in names {
        if let Some(list) = read::map(txn, map, &name) {
            let mut items: Vec<Item> = list
                .iter(txn)
                .filter_map(|(id, v)| match v {
                    Out::YMap(m) => Some(read_item(txn, id, &m)),
                    _ => None,
                })
                .collect();
            crate::sort::sort_by(&mut items, |a, b| {
                a.order.total_cmp(&b.order).then_with(|| a.id.cmp(&b.id))
            });
            lists.insert(name, items);
        }
    }
    lists
}

fn read_item<T: ReadTxn>(txn: &T, id: &str, map: &MapRef) -> Item {
    let mut fields = BTreeMap::new();
    let mut nested = Vec::new();
    for (k, v) in map.iter(txn) {
        match v {
            Out::YText(t) => {
                fields.insert(
                    k.to_owned(),
                    Value::Text(yrs::GetString::get_string(&t, txn)),
                );
            }
            Out::Any(Any::String(s)) => {
                fields.insert(k.to_owned(), Value::Text(s.to_string()));
            }
            Out::Any(Any::Number(_)) if k != key::ORDER => {
                if let Some(n) = read::number(txn, map, k) {
                    fields.insert(k.to_owned(), Value::Number(n));
                }
            }
            Out::YMap(m) if k == "smart" => {
                let flags = crate::sort::collect_map(m.iter(txn).filter_map(|(c, v)| match v {
                    Out::Any(Any::Bool(b)) => Some((c.to_owned(), b)),
                    _ => None,
                }));
                fields.insert(k.to_owned(), Value::Flags(flags));
            }
            Out::YMap(_) => nested.push(k.to_owned()),
            _ => {}
        }
    }
    Item {
        id: id.to_owned(),
        order: read::number(txn, map, key::ORDER).unwrap_or(0.0),
        fields,
        lists: read_lists(txn, map, &mut nested.into_iter()),
    }
}

fn read_worksheet<T: ReadTxn>(txn: &T, id: &str, map: &MapRef, wordings: &MapRef) -> Worksheet {
    let answers = read::map(txn, map, key::ANSWERS)
        .map(|a| {
            crate::sort::collect_map(
                a.iter(txn)
                    .filter_map(|(k, _)| Some((k.to_owned(), read::text(txn, &a, k)?))),
            )
        })
        .unwrap_or_default();
    let template = read::string(txn, map, key::TEMPLATE).and_then(|t| Template::parse(&t));
    let names = template
        .map_or(&[][..], Template::lists)
        .iter()
        .map(|s| s.to_string());
    Worksheet {
        id: id.to_owned(),
        template,
        title: read::string(txn, map, key::TITLE).unwrap_or_default(),
        field: read::string(txn, map, key::FIELD),
        group: read::string(txn, map, key::GROUP),
        created: read::number(txn, map, key::CREATED).unwrap_or(0.0),
        answers,
        lists: read_lists(txn, map, &mut names.into_iter()),
        wordings: template
            .map(|t| wording::read_wordings(txn, wordings, t))
            .unwrap_or_default(),
    }
}

fn check_answer(text: &str) -> Result<(), BoardError> {
    if text.chars().count() > MAX_ANSWER {
        return Err(BoardError::TooLong { max: MAX_ANSWER });
    }
    Ok(())
}

impl Board {
    /// Adds a worksheet of `template` for a field and/or group. Custom worksheets need a title.
    pub fn add_worksheet(
        &mut self,
        template: Template,
        title: &str,
        field: Option<&str>,
        group: Option<&str>,
    ) -> Result<WorksheetId, BoardError> {
        let title = title.trim();
        if template == Template::Custom && title.is_empty() {
            return Err(BoardError::EmptyTitle);
        }
        if title.chars().count() > MAX_TITLE {
            return Err(BoardError::TooLong { max: MAX_TITLE });
        }
        let now = self.now();
        let sheets = self.roots.worksheets.clone();
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        let mut id = new_id();
        while sheets.contains_key(&txn, &id) {
            id = new_id();
        }
        let mut fields = vec![
            (key::TEMPLATE, Any::from(template.as_str())),
            (key::TITLE, Any::from(title)),
            (key::CREATED, Any::from(now)),
        ];
        if let Some(f) = field {
            fields.push((key::FIELD, Any::from(f)));
        }
        if let Some(g) = group {
            fields.push((key::GROUP, Any::from(g)));
        }
        let sheet = sheets.insert(
            &mut txn,
            id.as_str(),
            fields.into_iter().collect::<MapPrelim>(),
        );
        sheet.insert(&mut txn, key::ANSWERS, MapPrelim::default());
        for list in template.lists() {
            sheet.insert(&mut txn, *list, MapPrelim::default());
        }
        Ok(id)
    }

    /// Deletes a worksheet with everything written on it.
    pub fn delete_worksheet(&mut self, id: &str) -> Result<(), BoardError> {
        self.sheet_map(id)?;
        let sheets = self.roots.worksheets.clone();
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        sheets.remove(&mut txn, id);
        Ok(())
    }

    /// Writes an answer, changing only the part of the text that differs.
    pub fn set_answer(
        &mut self,
        sheet: &str,
        question: &str,
        text: &str,
    ) -> Result<(), BoardError> {
        check_answer(text)?;
        let map = self.sheet_map(sheet)?;
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        let answers = match read::map(&txn, &map, key::ANSWERS) {
            Some(a) => a,
            None => map.insert(&mut txn, key::ANSWERS, MapPrelim::default()),
        };
        write_text(&mut txn, &answers, question, text);
        Ok(())
    }

    /// Adds an item at the end of `list` under `parent` (empty: the worksheet itself), with
    /// empty texts for `texts`. Goals worksheets hold at most three Leitziele.
    pub fn add_item(
        &mut self,
        sheet: &str,
        parent: ItemPath,
        list: &str,
        texts: &[&str],
    ) -> Result<String, BoardError> {
        let template = self.worksheet(sheet).and_then(|w| w.template);
        let map = self.sheet_map(sheet)?;
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        let owner = walk(&txn, &map, parent).ok_or(BoardError::UnknownItem)?;
        let items = match read::map(&txn, &owner, list) {
            Some(l) => l,
            None => owner.insert(&mut txn, list, MapPrelim::default()),
        };
        let len = items.len(&txn) as usize;
        if parent.is_empty() && template.is_some_and(|t| !t.has_room(list, len)) {
            return Err(BoardError::ListFull);
        }
        let last = items
            .iter(&txn)
            .filter_map(|(_, v)| match v {
                Out::YMap(m) => read::number(&txn, &m, key::ORDER),
                _ => None,
            })
            .fold(0.0_f64, f64::max);
        let mut id = new_id();
        while items.contains_key(&txn, &id) {
            id = new_id();
        }
        let item = items.insert(
            &mut txn,
            id.as_str(),
            MapPrelim::from([(key::ORDER, Any::from(last + 1.0))]),
        );
        for t in texts {
            item.insert(&mut txn, *t, TextPrelim::new(""));
        }
        Ok(id)
    }

    /// Removes an item (with its nested lists).
    pub fn remove_item(&mut self, sheet: &str, path: ItemPath) -> Result<(), BoardError> {
        let ((list, id), parent) = path.split_last().ok_or(BoardError::UnknownItem)?;
        let map = self.sheet_map(sheet)?;
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        let owner = walk(&txn, &map, parent).ok_or(BoardError::UnknownItem)?;
        let items = read::map(&txn, &owner, list).ok_or(BoardError::UnknownItem)?;
        if read::map(&txn, &items, id).is_none() {
            return Err(BoardError::UnknownItem);
        }
        items.remove(&mut txn, id);
        Ok(())
    }

    /// Writes an item's text field (a Y.Text: concurrent typing merges).
    pub fn set_item_text(
        &mut self,
        sheet: &str,
        path: ItemPath,
        field: &str,
        text: &str,
    ) -> Result<(), BoardError> {
        check_answer(text)?;
        let item = self.item_map(sheet, path)?;
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        write_text(&mut txn, &item, field, text);
        Ok(())
    }

    /// Writes an item's plain value (a seat count, an author; dates go through
    /// [`Board::set_item_date`]);
    /// `None` removes it.
    pub fn set_item_value(
        &mut self,
        sheet: &str,
        path: ItemPath,
        field: &str,
        value: Option<Any>,
    ) -> Result<(), BoardError> {
        if let Some(Any::String(s)) = &value {
            check_answer(s)?;
        }
        let item = self.item_map(sheet, path)?;
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        match value {
            Some(v) => {
                item.insert(&mut txn, field, v);
            }
            None => read::remove(&mut txn, &item, field),
        }
        Ok(())
    }

    /// Writes an item's date as entered ("2011-06-10", "2011-06" or "2011"); `None` removes it.
    pub fn set_item_date(
        &mut self,
        sheet: &str,
        path: ItemPath,
        field: &str,
        date: Option<SheetDate>,
    ) -> Result<(), BoardError> {
        self.set_item_value(sheet, path, field, date.map(|d| Any::from(d.to_string())))
    }

    /// Ticks or unticks a SMART criterion of a goal (each tick its own key: no conflicts).
    pub fn set_smart(
        &mut self,
        sheet: &str,
        path: ItemPath,
        criterion: Criterion,
        ticked: bool,
    ) -> Result<(), BoardError> {
        let item = self.item_map(sheet, path)?;
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        let smart = match read::map(&txn, &item, "smart") {
            Some(s) => s,
            None => item.insert(&mut txn, "smart", MapPrelim::default()),
        };
        smart.insert(&mut txn, criterion.key(), ticked);
        Ok(())
    }

    /// One worksheet with everything written on it.
    pub fn worksheet(&self, id: &str) -> Option<Worksheet> {
        let txn = self.doc.transact();
        let map = read::map(&txn, &self.roots.worksheets, id)?;
        Some(read_worksheet(&txn, id, &map, &self.roots.wordings))
    }

    /// Every worksheet, oldest first.
    pub fn worksheets(&self) -> Vec<Worksheet> {
        let txn = self.doc.transact();
        let mut out: Vec<Worksheet> = self
            .roots
            .worksheets
            .iter(&txn)
            .filter_map(|(id, v)| match v {
                Out::YMap(m) => Some(read_worksheet(&txn, id, &m, &self.roots.wordings)),
                _ => None,
            })
            .collect();
        crate::sort::sort_by(&mut out, |a, b| {
            a.created
                .total_cmp(&b.created)
                .then_with(|| a.id.cmp(&b.id))
        });
        out
    }

    /// The worksheets a group works on: its own, and those of its field.
    pub fn group_worksheets(&self, group: &str) -> Vec<Worksheet> {
        let field = self.group(group).and_then(|g| g.field);
        self.worksheets()
            .into_iter()
            .filter(|w| w.group.as_deref() == Some(group) || (field.is_some() && w.field == field))
            .collect()
    }

    fn sheet_map(&self, id: &str) -> Result<MapRef, BoardError> {
        read::map(&self.doc.transact(), &self.roots.worksheets, id)
            .ok_or_else(|| BoardError::UnknownWorksheet(id.to_owned()))
    }

    fn item_map(&self, sheet: &str, path: ItemPath) -> Result<MapRef, BoardError> {
        let map = self.sheet_map(sheet)?;
        if path.is_empty() {
            return Err(BoardError::UnknownItem);
        }
        walk(&self.doc.transact(), &map, path).ok_or(BoardError::UnknownItem)
    }
}

/// Follows `path` down from a worksheet map to an item map.
fn walk<T: ReadTxn>(txn: &T, from: &MapRef, path: ItemPath) -> Option<MapRef> {
    let mut here = from.clone();
    for (list, id) in path {
        let items = read::map(txn, &here, list)?;
        here = read::map(txn, &items, id)?;
    }
    Some(here)
}
