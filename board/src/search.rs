//! Finding cards and fields on the wall by text ("Auf der Wand suchen"): ignoring case and
//! accents, so "uber" and "ueber" find "Über" and "strasse" finds "Straße"; matches in
//! reading order.

use crate::{CardId, CardView, ClusterId, ClusterView};

/// One search match.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Hit {
    /// A field whose heading matches.
    Field(ClusterId),
    /// A card whose text matches.
    Card(CardId),
}

/// A field as the wall shows it: the field and its cards in their order.
#[derive(Clone, Debug)]
pub struct FieldCards<'a> {
    /// The field (its place as laid out).
    pub field: &'a ClusterView,
    /// Its cards, top to bottom.
    pub cards: Vec<&'a CardView>,
}

/// What the user typed, folded once: every word must occur in a text for it to match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    words: Vec<String>,
}

impl Query {
    /// Reads a typed query; blank text finds nothing.
    pub fn new(typed: &str) -> Self {
        Query {
            words: fold(typed).split_whitespace().map(str::to_owned).collect(),
        }
    }

    /// Whether nothing was typed (besides spaces).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether `text` contains every word of the query, ignoring case and accents; German
    /// umlauts also match as written without them ("ueber" and "uber" both find "Über").
    pub fn matches(&self, text: &str) -> bool {
        if self.is_empty() {
            return false;
        }
        let plain = fold(text);
        let spelled = fold(&spell_umlauts(text));
        self.words
            .iter()
            .all(|w| plain.contains(w.as_str()) || spelled.contains(w.as_str()))
    }
}

/// `text` with the German umlauts spelled out as on a keyboard without them: "Über" →
/// "Ueber", "Größe" → "Groesse".
fn spell_umlauts(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for c in text.chars() {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'Ä' => out.push_str("Ae"),
            'Ö' => out.push_str("Oe"),
            'Ü' => out.push_str("Ue"),
            c => out.push(c),
        }
    }
    out
}

/// Base letters of U+00E0..=U+017F (lower case) without their accents; `.` keeps the char.
const LATIN_BASE: &str = "aaaaaa.ceeeeiiii.nooooo..uuuuy.yaaaaaaccccccccdd..eeeeeeeeeegggggggghh..iiiiiiiii...jjkk.llllll....nnnnnn...oooooo..rrrrrrsssssssstttt..uuuuuuuuuuuuwwyyyzzzzzz.";

/// `text` in lower case (Unicode) without the accents of Latin letters: "Über" → "uber",
/// "Straße" → "strasse", "Œuvre" → "oeuvre". Combining accents (decomposed text) are dropped.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ĳ' => out.push_str("ij"),
            'ø' => out.push('o'),
            'đ' | 'ð' => out.push('d'),
            'ł' => out.push('l'),
            'ı' => out.push('i'),
            '\u{300}'..='\u{36f}' => {}
            '\u{e0}'..='\u{17f}' => {
                let base = LATIN_BASE.as_bytes()[c as usize - 0xe0];
                out.push(if base == b'.' { c } else { char::from(base) });
            }
            c => out.push(c),
        }
    }
    out
}

/// How far (wall units) an item's top may lie below the top of the row it reads in: half a
/// card, so a grid of cards reads row by row and a field placed a little lower still reads
/// with its neighbours.
const ROW_TOLERANCE: f64 = 60.0;

/// `items` in reading order: rows from the top (a row starts with the highest item left and
/// takes those within [`ROW_TOLERANCE`] below it), each row left to right.
fn in_reading_order<T>(items: Vec<T>, at: impl Fn(&T) -> (f64, f64)) -> Vec<T> {
    let mut by_top: Vec<(f64, f64, T)> = items
        .into_iter()
        .map(|item| {
            let (x, y) = at(&item);
            (x, y, item)
        })
        .collect();
    crate::sort::sort_by(&mut by_top, |a, b| a.1.total_cmp(&b.1));
    let mut rows: Vec<(usize, f64, T)> = Vec::with_capacity(by_top.len());
    let mut row: Option<(usize, f64)> = None;
    for (x, y, item) in by_top {
        let n = match row {
            Some((n, top)) if y - top <= ROW_TOLERANCE => n,
            Some((n, _)) => {
                row = Some((n + 1, y));
                n + 1
            }
            None => {
                row = Some((0, y));
                0
            }
        };
        rows.push((n, x, item));
    }
    crate::sort::sort_by(&mut rows, |a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    rows.into_iter().map(|(_, _, item)| item).collect()
}

/// What matches `query`, in reading order: fields in reading order, each field (if its
/// heading matches) followed by its matching cards, then the matching free cards in reading
/// order.
pub fn search(query: &Query, fields: &[FieldCards<'_>], free: &[&CardView]) -> Vec<Hit> {
    if query.is_empty() {
        return Vec::new();
    }
    let fields = in_reading_order(fields.iter().collect(), |f: &&FieldCards<'_>| {
        (f.field.x, f.field.y)
    });
    let mut hits = Vec::new();
    for f in fields {
        if query.matches(&f.field.title) {
            hits.push(Hit::Field(f.field.id.clone()));
        }
        hits.extend(
            f.cards
                .iter()
                .filter(|c| query.matches(&c.text))
                .map(|c| Hit::Card(c.id.clone())),
        );
    }
    let free = in_reading_order(
        free.iter().filter(|c| query.matches(&c.text)).collect(),
        |c: &&&CardView| (c.x, c.y),
    );
    hits.extend(free.into_iter().map(|c| Hit::Card(c.id.clone())));
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CardColor;

    fn card(id: &str, text: &str, x: f64, y: f64) -> CardView {
        CardView {
            id: id.into(),
            text: text.into(),
            color: CardColor::default(),
            x,
            y,
            cluster: None,
            home: None,
            order: 0.0,
            author: String::new(),
            created: 0.0,
            locked: false,
            incoming: false,
        }
    }

    fn field(id: &str, title: &str, x: f64, y: f64) -> ClusterView {
        ClusterView {
            id: id.into(),
            title: title.into(),
            x,
            y,
            color: CardColor::default(),
            merged_into: None,
            locked: false,
        }
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Über"), "uber");
        assert_eq!(fold("STRASSE Straße"), "strasse strasse");
        assert_eq!(
            fold("Crème brûlée, Œuvre, Łódź, Ærø"),
            "creme brulee, oeuvre, lodz, aero"
        );
        assert_eq!(fold("Ünal İpek"), "unal ipek");
        // Decomposed: U + combining diaeresis.
        assert_eq!(fold("U\u{308}ber"), "uber");
        assert_eq!(fold("ΣΟΦΙΑ"), "σοφια");
        assert_eq!(fold("Ärger mit Öl"), "arger mit ol");
    }

    #[test]
    fn query_needs_every_word() {
        let q = Query::new("  über  Sprache ");
        assert!(q.matches("Sprachkurse? Nein: Sprache über alles"));
        assert!(q.matches("UEBER? nein: ÜBER die SPRACHE"));
        assert!(!q.matches("Sprache"));
        assert!(!Query::new("   ").matches("anything"));
        assert!(Query::new("   ").is_empty());
        assert!(Query::new("uber").matches("Über den Tellerrand"));
        // Typed without umlauts, as on a keyboard that has none.
        assert!(Query::new("ueber").matches("Über den Tellerrand"));
        assert!(Query::new("Muenchen groesse").matches("Größe von München"));
        assert!(
            !Query::new("ueber").matches("Uber"),
            "only an umlaut spells as two letters"
        );
        assert!(Query::new("kita").matches("Mehr KiTa-Plätze"));
    }

    #[test]
    fn hits_come_in_reading_order() {
        // Two fields in a row (the right one listed first), one below, and free cards.
        let right = field("f2", "Bildung", 600.0, 10.0);
        let left = field("f1", "Sprache", 100.0, 0.0);
        let below = field("f3", "Arbeit und Bildung", 0.0, 900.0);
        let (a, b, c) = (
            card("a", "Sprachkurs Bildung", 0.0, 0.0),
            card("b", "Kita", 0.0, 0.0),
            card("c", "Bildung im Alter", 0.0, 0.0),
        );
        let fields = [
            FieldCards {
                field: &right,
                cards: vec![&b, &c],
            },
            FieldCards {
                field: &below,
                cards: vec![],
            },
            FieldCards {
                field: &left,
                cards: vec![&a],
            },
        ];
        let (far, near, other) = (
            card("z", "bildung, frei", 5000.0, 3000.0),
            card("y", "Bildung frei", 10.0, 1500.0),
            card("x", "Wohnen", 0.0, 0.0),
        );
        let hits = search(&Query::new("BILDUNG"), &fields, &[&far, &other, &near]);
        let card_hit = |id: &str| Hit::Card(id.into());
        let field_hit = |id: &str| Hit::Field(id.into());
        assert_eq!(
            hits,
            vec![
                card_hit("a"),
                field_hit("f2"),
                card_hit("c"),
                field_hit("f3"),
                card_hit("y"),
                card_hit("z")
            ]
        );
        assert!(search(&Query::new(""), &fields, &[&far]).is_empty());
        assert!(search(&Query::new("nirgends"), &fields, &[&far]).is_empty());
    }

    #[test]
    fn a_grid_of_cards_reads_row_by_row() {
        // Rows 136 apart (a pasted block), columns 236 apart; the second row a little ragged.
        let grid: Vec<CardView> = (0..6)
            .map(|i| {
                let (col, row) = (f64::from(i % 3), f64::from(i / 3));
                card(
                    &format!("k{i}"),
                    "Idee",
                    100.0 + col * 236.0,
                    50.0 + row * 136.0 + if i == 4 { -20.0 } else { 0.0 },
                )
            })
            .collect();
        let mut shuffled: Vec<&CardView> = grid.iter().collect();
        shuffled.reverse();
        let ids: Vec<Hit> = (0..6).map(|i| Hit::Card(format!("k{i}"))).collect();
        assert_eq!(search(&Query::new("idee"), &[], &shuffled), ids);
        // Fields side by side, one dragged a little lower: still one row, left to right.
        let (a, b) = (
            field("a", "Idee", 0.0, 40.0),
            field("b", "Idee", 300.0, 0.0),
        );
        let fields = [
            FieldCards {
                field: &b,
                cards: vec![],
            },
            FieldCards {
                field: &a,
                cards: vec![],
            },
        ];
        assert_eq!(
            search(&Query::new("idee"), &fields, &[]),
            vec![Hit::Field("a".into()), Hit::Field("b".into())]
        );
    }

    #[test]
    fn finds_one_among_many() {
        let cards: Vec<CardView> = (0..500)
            .map(|i| {
                card(
                    &format!("c{i}"),
                    &format!("Karte {i}"),
                    f64::from(i % 25) * 200.0,
                    f64::from(i / 25) * 150.0,
                )
            })
            .collect();
        let mut free: Vec<&CardView> = cards.iter().collect();
        let special = card("special", "Der Leuchtturm am Hafen", 9000.0, 9000.0);
        free.push(&special);
        assert_eq!(
            search(&Query::new("leuchtturm"), &[], &free),
            vec![Hit::Card("special".into())]
        );
        assert_eq!(
            search(&Query::new("Karte 49"), &[], &free).len(),
            15,
            "49, 149, 249, 349, 449 and 490..=499"
        );
    }
}
