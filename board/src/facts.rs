//! Facts tables ("Daten und Fakten"): a table with a title, a header row and rows, typed or
//! pasted from a spreadsheet as tab-separated text, standing on the wall as an item and
//! printed as a table in the documentation (seed: the statistics on Quakenbrück, the
//! preparatory meeting's priorities). Facilitator-only: the server refuses participants'
//! writes to `tables`. Part of the wall, so adding, editing and moving one is undoable.

use yrs::{In, Map, MapPrelim, MapRef, Out, ReadTxn, Transact};

use crate::board::{clean_title, Board};
use crate::error::BoardError;
use crate::ids::new_id;
use crate::read;
use crate::schema::{table as key, MAX_SECTION_TEXT};

/// Id of a facts table: a key of `tables`.
pub type TableId = String;

/// Most columns a facts table keeps (a wider paste is cut).
pub const MAX_COLUMNS: usize = 20;

/// A facts table as read from the document.
#[derive(Clone, Debug, PartialEq)]
pub struct FactsTable {
    /// Key in `tables`.
    pub id: TableId,
    /// Its title ("Statistische Daten aus Quakenbrück").
    pub title: String,
    /// The header row; every row has as many cells.
    pub columns: Vec<String>,
    /// The body rows.
    pub rows: Vec<Vec<String>>,
    /// Left edge on the wall.
    pub x: f64,
    /// Top edge on the wall.
    pub y: f64,
    /// Creation time (ms since the epoch); orders the tables.
    pub created: f64,
}

impl FactsTable {
    /// The cells as tab-separated text, the way the editor shows them (header first).
    pub fn text(&self) -> String {
        std::iter::once(&self.columns)
            .chain(&self.rows)
            .map(|r| r.join("\t"))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Reads spreadsheet text: one row per line, cells split at tabs (what a spreadsheet puts on
/// the clipboard); a text without any tab splits at " | " or ";" when every line has one, so a
/// table can be typed too. Cells are trimmed, blank lines dropped, and short rows filled with
/// empty cells up to the widest (at most [`MAX_COLUMNS`]).
pub fn parse_cells(text: &str) -> Vec<Vec<String>> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let sep = if text.contains('\t') {
        "\t"
    } else if lines.iter().all(|l| l.contains(" | ")) {
        " | "
    } else if lines.iter().all(|l| l.contains(';')) {
        ";"
    } else {
        "\t"
    };
    let mut rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            l.split(sep)
                .map(|c| c.trim().to_owned())
                .take(MAX_COLUMNS)
                .collect()
        })
        .collect();
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    for r in &mut rows {
        r.resize(width, String::new());
    }
    rows
}

/// A table's title and cells as stored: the cells normalised to tab-separated lines.
fn clean(title: &str, text: &str) -> Result<(String, String), BoardError> {
    let title = clean_title(title)?.to_owned();
    let rows = parse_cells(text);
    if rows.is_empty() {
        return Err(BoardError::EmptyText);
    }
    let cells = rows
        .iter()
        .map(|r| r.join("\t"))
        .collect::<Vec<_>>()
        .join("\n");
    if cells.chars().count() > MAX_SECTION_TEXT {
        return Err(BoardError::TooLong {
            max: MAX_SECTION_TEXT,
        });
    }
    Ok((title, cells))
}

fn read_table<T: ReadTxn>(txn: &T, id: &str, m: &MapRef) -> FactsTable {
    let mut rows = parse_cells(&read::string(txn, m, key::CELLS).unwrap_or_default()).into_iter();
    FactsTable {
        id: id.to_owned(),
        title: read::string(txn, m, key::TITLE).unwrap_or_default(),
        columns: rows.next().unwrap_or_default(),
        rows: rows.collect(),
        x: read::number(txn, m, key::X).unwrap_or(0.0),
        y: read::number(txn, m, key::Y).unwrap_or(0.0),
        created: read::number(txn, m, key::CREATED).unwrap_or(0.0),
    }
}

impl Board {
    /// Puts a facts table on the wall at `x`,`y`: `title` and `text` (tab-separated rows,
    /// the header first; see [`parse_cells`]). No rows → [`BoardError::EmptyText`].
    pub fn add_table(
        &mut self,
        title: &str,
        text: &str,
        x: f64,
        y: f64,
    ) -> Result<TableId, BoardError> {
        let (title, cells) = clean(title, text)?;
        let created = self.now();
        Ok(self.step(|txn, r| {
            let mut id = new_id();
            while r.tables.contains_key(txn, &id) {
                id = new_id();
            }
            let fields: [(&str, In); 5] = [
                (key::TITLE, title.into()),
                (key::CELLS, cells.into()),
                (key::X, read::finite(x).into()),
                (key::Y, read::finite(y).into()),
                (key::CREATED, created.into()),
            ];
            r.tables.insert(txn, id.as_str(), MapPrelim::from(fields));
            id
        }))
    }

    /// Changes a facts table's title and cells.
    pub fn update_table(&mut self, id: &str, title: &str, text: &str) -> Result<(), BoardError> {
        let (title, cells) = clean(title, text)?;
        let map = self.table_map(id)?;
        self.step(|txn, _| {
            read::set_string(txn, &map, key::TITLE, &title);
            read::set_string(txn, &map, key::CELLS, &cells);
        });
        Ok(())
    }

    /// Moves a facts table to `x`,`y`.
    pub fn move_table(&mut self, id: &str, x: f64, y: f64) -> Result<(), BoardError> {
        let map = self.table_map(id)?;
        self.step(|txn, _| {
            read::set_number(txn, &map, key::X, read::finite(x));
            read::set_number(txn, &map, key::Y, read::finite(y));
        });
        Ok(())
    }

    /// Takes a facts table off the wall.
    pub fn delete_table(&mut self, id: &str) -> Result<(), BoardError> {
        self.table_map(id)?;
        self.step(|txn, r| {
            r.tables.remove(txn, id);
        });
        Ok(())
    }

    /// Every facts table, oldest first.
    pub fn tables(&self) -> Vec<FactsTable> {
        let txn = self.doc.transact();
        let mut out: Vec<FactsTable> = self
            .roots
            .tables
            .iter(&txn)
            .filter_map(|(id, v)| match v {
                Out::YMap(m) => Some(read_table(&txn, id, &m)),
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

    fn table_map(&self, id: &str) -> Result<MapRef, BoardError> {
        read::map(&self.doc.transact(), &self.roots.tables, id).ok_or(BoardError::UnknownItem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::testing::board;

    /// The seed's statistics, as a spreadsheet copies them.
    const STATISTICS: &str = "Kennzahl\tWert\r\nEinwohner\t13.400\r\nAusländeranteil\tüber 12 %\r\nMit Zuwanderungsgeschichte\tca. 35 %\r\n\r\n";

    #[test]
    fn a_pasted_table_stands_on_the_wall() {
        let mut b = board();
        let id = b
            .add_table(" Statistische Daten ", STATISTICS, 100.0, 200.0)
            .unwrap();
        let t = &b.tables()[0];
        assert_eq!(
            (t.id.as_str(), t.title.as_str(), t.x, t.y),
            (id.as_str(), "Statistische Daten", 100.0, 200.0)
        );
        assert_eq!(t.columns, ["Kennzahl", "Wert"]);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[1], ["Ausländeranteil", "über 12 %"]);
        assert_eq!(t.text(), "Kennzahl\tWert\nEinwohner\t13.400\nAusländeranteil\tüber 12 %\nMit Zuwanderungsgeschichte\tca. 35 %");
        b.move_table(&id, 300.0, 50.0).unwrap();
        b.update_table(&id, "Daten", "Priorität\nBildung\nVernetzung und Steuerung")
            .unwrap();
        let t = &b.tables()[0];
        assert_eq!(
            (t.title.as_str(), t.x, t.columns.len(), t.rows.len()),
            ("Daten", 300.0, 1, 2)
        );
        assert!(b.can_undo(), "a table is part of the wall");
        b.undo();
        assert_eq!(b.tables()[0].title, "Statistische Daten");
        assert_eq!(
            b.update_table(&id, "Daten", " \n "),
            Err(BoardError::EmptyText)
        );
        assert_eq!(b.update_table(&id, " ", "a"), Err(BoardError::EmptyTitle));
        assert_eq!(
            b.update_table("nope", "x", "a"),
            Err(BoardError::UnknownItem)
        );
        b.delete_table(&id).unwrap();
        assert!(b.tables().is_empty());
    }

    #[test]
    fn typed_tables_and_ragged_rows() {
        assert_eq!(
            parse_cells("Jahr | Wert\n2010 | 13.400"),
            [["Jahr", "Wert"], ["2010", "13.400"]]
        );
        assert_eq!(parse_cells("a;b;c\n1;2"), [["a", "b", "c"], ["1", "2", ""]]);
        assert_eq!(
            parse_cells("nur eine Spalte\nzweite Zeile"),
            [["nur eine Spalte"], ["zweite Zeile"]]
        );
        assert_eq!(parse_cells(&"x\t".repeat(30))[0].len(), MAX_COLUMNS);
        assert!(parse_cells("\n \n").is_empty());
    }
}
