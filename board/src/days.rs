//! The workshop's days: a workshop runs one or more days, each with an optional date and the
//! goals the facilitator writes for it ("Ziele und Tagesstruktur"); every agenda step
//! belongs to one. Facilitator-only (stored in `flow.days`), outside undo.

use yrs::{Any, Map, MapPrelim, MapRef, Out, ReadTxn, Transact, TransactionMut};

use crate::board::Board;
use crate::error::BoardError;
use crate::export::format_day;
use crate::ids::new_id;
use crate::language::Language;
use crate::read;
use crate::schema::{day as key, flow, step};
use crate::sections::clean_section_text;

/// Id of a day: a key of `flow.days`.
pub type DayId = String;

/// The id of the one day a document without days has.
pub const FIRST_DAY: &str = "day1";

/// A day as read from the document.
#[derive(Clone, Debug, PartialEq)]
pub struct DayView {
    /// Key in `flow.days`.
    pub id: DayId,
    /// 1 for the first day, 2 for the second …
    pub number: usize,
    /// The date, "YYYY-MM-DD", if fixed.
    pub date: Option<String>,
    /// The day's goals for the documentation (paragraphs and "- " lists); "" for none.
    pub goals: String,
    /// Sort key.
    pub order: f64,
}

impl DayView {
    /// The day's date in words ("11. März 2011"), if it has a valid one.
    pub fn date_in_words(&self, lang: Language) -> Option<String> {
        format_day(self.date.as_deref()?, lang)
    }
}

/// A calendar day "YYYY-MM-DD" as typed or picked (trimmed); "" stays "" (no date).
pub fn clean_date(s: &str) -> Result<String, BoardError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(String::new());
    }
    match format_day(s, Language::En) {
        Some(_) => Ok(s.to_owned()),
        None => Err(BoardError::BadDate),
    }
}

/// The days stored in `flow`, in order, numbered; one implicit day if none are stored.
pub(crate) fn read_days<T: ReadTxn>(txn: &T, flow_map: &MapRef) -> Vec<DayView> {
    let mut days: Vec<DayView> = read::map(txn, flow_map, flow::DAYS)
        .map(|m| {
            m.iter(txn)
                .filter_map(|(id, v)| match v {
                    Out::YMap(d) => Some(DayView {
                        id: id.to_owned(),
                        number: 0,
                        date: read::string(txn, &d, key::DATE).filter(|s| !s.is_empty()),
                        goals: read::string(txn, &d, key::GOALS).unwrap_or_default(),
                        order: read::number(txn, &d, key::ORDER).unwrap_or(0.0),
                    }),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    if days.is_empty() {
        days.push(DayView {
            id: FIRST_DAY.to_owned(),
            number: 0,
            date: None,
            goals: String::new(),
            order: 0.0,
        });
    }
    crate::sort::sort_by(&mut days, |a, b| {
        a.order.total_cmp(&b.order).then_with(|| a.id.cmp(&b.id))
    });
    for (i, d) in days.iter_mut().enumerate() {
        d.number = i + 1;
    }
    days
}

/// The `flow.days` map, created (with the implicit first day written out) if missing, so a
/// new day never leaves the old steps' day without an entry.
fn days_map(txn: &mut TransactionMut, flow_map: &MapRef) -> MapRef {
    let days = match read::map(txn, flow_map, flow::DAYS) {
        Some(m) => m,
        None => flow_map.insert(txn, flow::DAYS, MapPrelim::default()),
    };
    if days.len(txn) == 0 {
        days.insert(
            txn,
            FIRST_DAY,
            MapPrelim::from([(key::ORDER, Any::from(0.0))]),
        );
    }
    days
}

impl Board {
    /// The workshop's days, in order (at least one).
    pub fn days(&self) -> Vec<DayView> {
        read_days(&self.doc.transact(), &self.roots.flow)
    }

    /// Adds a day after the last one.
    pub fn add_day(&mut self) -> Result<DayId, BoardError> {
        let last = self.days().last().map_or(0.0, |d| d.order);
        let flow_map = self.roots.flow.clone();
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        let days = days_map(&mut txn, &flow_map);
        let mut id = new_id();
        while days.contains_key(&txn, &id) {
            id = new_id();
        }
        days.insert(
            &mut txn,
            id.as_str(),
            MapPrelim::from([(key::ORDER, Any::from(last + 1.0))]),
        );
        Ok(id)
    }

    /// Sets a day's date ("YYYY-MM-DD"); an empty one clears it.
    pub fn set_day_date(&mut self, id: &str, date: &str) -> Result<(), BoardError> {
        let date = clean_date(date)?;
        self.known_day(id)?;
        let flow_map = self.roots.flow.clone();
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        let days = days_map(&mut txn, &flow_map);
        let day =
            read::map(&txn, &days, id).ok_or_else(|| BoardError::UnknownDay(id.to_owned()))?;
        if date.is_empty() {
            read::remove(&mut txn, &day, key::DATE);
        } else {
            read::set_string(&mut txn, &day, key::DATE, &date);
        }
        Ok(())
    }

    /// Sets a day's goals for the documentation (see [`clean_section_text`]); a blank text
    /// clears them.
    pub fn set_day_goals(&mut self, id: &str, goals: &str) -> Result<(), BoardError> {
        let goals = clean_section_text(goals)?;
        self.known_day(id)?;
        let flow_map = self.roots.flow.clone();
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        let days = days_map(&mut txn, &flow_map);
        let day =
            read::map(&txn, &days, id).ok_or_else(|| BoardError::UnknownDay(id.to_owned()))?;
        if goals.is_empty() {
            read::remove(&mut txn, &day, key::GOALS);
        } else {
            read::set_string(&mut txn, &day, key::GOALS, &goals);
        }
        Ok(())
    }

    /// Removes a day; its steps move to the end of the day before (the first day's to the
    /// start of the next). The only day stays.
    pub fn remove_day(&mut self, id: &str) -> Result<(), BoardError> {
        let days = self.days();
        let at = days
            .iter()
            .position(|d| d.id == id)
            .ok_or_else(|| BoardError::UnknownDay(id.to_owned()))?;
        if days.len() == 1 {
            return Err(BoardError::OnlyDay);
        }
        let (heir, before) = match at.checked_sub(1) {
            Some(prev) => (&days[prev], true),
            None => (&days[1], false),
        };
        let agenda = self.agenda();
        let moving: Vec<_> = agenda.iter().filter(|s| s.plan.day == id).collect();
        let heirs: Vec<f64> = agenda
            .iter()
            .filter(|s| s.plan.day == heir.id)
            .map(|s| s.order)
            .collect();
        let (agenda_map, flow_map) = (self.roots.agenda.clone(), self.roots.flow.clone());
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        let count = moving.len() as f64;
        for (i, s) in moving.iter().enumerate() {
            let order = if before {
                heirs.last().copied().unwrap_or(0.0) + 1.0 + i as f64
            } else {
                heirs.first().copied().unwrap_or(0.0) - count + i as f64
            };
            if let Some(map) = read::map(&txn, &agenda_map, &s.id) {
                read::set_string(&mut txn, &map, step::DAY, &heir.id);
                read::set_number(&mut txn, &map, step::ORDER, order);
            }
        }
        let stored = days_map(&mut txn, &flow_map);
        stored.remove(&mut txn, id);
        Ok(())
    }

    /// `Ok` if the day exists.
    pub(crate) fn known_day(&self, id: &str) -> Result<(), BoardError> {
        match self.days().iter().any(|d| d.id == id) {
            true => Ok(()),
            false => Err(BoardError::UnknownDay(id.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::StepPlan;
    use crate::board::testing::board;

    fn plan(day: &str, start: &str, title: &str) -> StepPlan {
        StepPlan {
            day: day.into(),
            start: start.into(),
            title: title.into(),
            ..StepPlan::default()
        }
    }

    fn lines(b: &Board) -> Vec<String> {
        let days = b.days();
        b.agenda()
            .into_iter()
            .map(|s| {
                let n = days
                    .iter()
                    .find(|d| d.id == s.plan.day)
                    .map_or(0, |d| d.number);
                format!("{n} {} {}", s.plan.start, s.plan.title)
            })
            .collect()
    }

    #[test]
    fn a_document_without_days_has_one() {
        let mut b = board();
        assert_eq!(
            b.days(),
            [DayView {
                id: FIRST_DAY.into(),
                number: 1,
                date: None,
                goals: String::new(),
                order: 0.0
            }]
        );
        b.add_step(&plan("", "14:00", "Begrüßung")).unwrap();
        assert_eq!(b.agenda()[0].plan.day, FIRST_DAY);
        assert_eq!(b.remove_day(FIRST_DAY), Err(BoardError::OnlyDay));
        b.set_day_date(FIRST_DAY, "2011-03-11").unwrap();
        assert_eq!(
            b.days()[0].date_in_words(Language::De).as_deref(),
            Some("11. März 2011")
        );
        assert_eq!(
            b.days()[0].date_in_words(Language::En).as_deref(),
            Some("11 March 2011")
        );
    }

    #[test]
    fn the_seed_runs_two_days_in_order() {
        let mut b = board();
        // Typed out of order: day 2's opening is entered before day 1's end.
        b.add_step(&plan(FIRST_DAY, "14:00", "Begrüßung, Programm"))
            .unwrap();
        let second = b.add_day().unwrap();
        b.add_step(&plan(&second, "09:00", "Eröffnung des zweiten Tages"))
            .unwrap();
        b.add_step(&plan(FIRST_DAY, "18:00", "Ende")).unwrap();
        b.add_step(&plan(&second, "14:00", "Abschluss")).unwrap();
        b.set_day_date(FIRST_DAY, "2011-03-11").unwrap();
        b.set_day_date(&second, " 2011-03-12 ").unwrap();
        let days = b.days();
        assert_eq!(
            days.iter()
                .map(|d| (d.number, d.date.clone().unwrap()))
                .collect::<Vec<_>>(),
            [(1, "2011-03-11".to_owned()), (2, "2011-03-12".to_owned())]
        );
        assert_eq!(
            lines(&b),
            [
                "1 14:00 Begrüßung, Programm",
                "1 18:00 Ende",
                "2 09:00 Eröffnung des zweiten Tages",
                "2 14:00 Abschluss"
            ]
        );
        assert_eq!(
            b.set_day_date(&second, "12.03.2011"),
            Err(BoardError::BadDate)
        );
        assert_eq!(
            b.set_day_date(&second, "2011-02-30"),
            Err(BoardError::BadDate)
        );
        assert_eq!(
            b.set_day_date("nope", "2011-03-12"),
            Err(BoardError::UnknownDay("nope".into()))
        );
        b.set_day_date(&second, "").unwrap();
        assert_eq!(b.days()[1].date, None);
        assert!(!b.can_undo(), "days are not a wall edit");
    }

    #[test]
    fn each_day_has_its_goals() {
        let mut b = board();
        // The implicit first day takes goals like any other.
        b.set_day_goals(
            FIRST_DAY,
            "Sensibilisieren und positionieren\r\n- Was verstehen wir unter „Integration“?\n",
        )
        .unwrap();
        let second = b.add_day().unwrap();
        b.set_day_goals(
            &second,
            "- Wie kann strategische Steuerung hier angelegt werden?",
        )
        .unwrap();
        let goals: Vec<String> = b.days().into_iter().map(|d| d.goals).collect();
        assert_eq!(
            goals,
            [
                "Sensibilisieren und positionieren\n- Was verstehen wir unter „Integration“?",
                "- Wie kann strategische Steuerung hier angelegt werden?"
            ]
        );
        b.set_day_date(FIRST_DAY, "2011-03-11").unwrap();
        assert_eq!(b.days()[0].goals, goals[0], "dating a day keeps its goals");
        b.set_day_goals(&second, " \n").unwrap();
        assert_eq!(b.days()[1].goals, "");
        assert_eq!(
            b.set_day_goals("nope", "x"),
            Err(BoardError::UnknownDay("nope".into()))
        );
        assert_eq!(
            b.set_day_goals(FIRST_DAY, &"x".repeat(crate::MAX_SECTION_TEXT + 1)),
            Err(BoardError::TooLong {
                max: crate::MAX_SECTION_TEXT
            })
        );
        assert!(!b.can_undo(), "goals are not a wall edit");
    }

    #[test]
    fn removing_a_day_keeps_its_steps() {
        let mut b = board();
        let second = b.add_day().unwrap();
        let third = b.add_day().unwrap();
        b.add_step(&plan(FIRST_DAY, "14:00", "a")).unwrap();
        b.add_step(&plan(&second, "09:00", "b")).unwrap();
        b.add_step(&plan(&third, "09:00", "c")).unwrap();
        b.add_step(&plan(&second, "12:00", "d")).unwrap();
        b.remove_day(&second).unwrap();
        assert_eq!(
            lines(&b),
            ["1 14:00 a", "1 09:00 b", "1 12:00 d", "2 09:00 c"]
        );
        b.remove_day(FIRST_DAY).unwrap();
        assert_eq!(
            lines(&b),
            ["1 14:00 a", "1 09:00 b", "1 12:00 d", "1 09:00 c"]
        );
        assert_eq!(b.days().len(), 1);
        assert_eq!(b.days()[0].id, third);
        assert_eq!(b.remove_day(&third), Err(BoardError::OnlyDay));
        assert_eq!(
            b.remove_day(FIRST_DAY),
            Err(BoardError::UnknownDay(FIRST_DAY.into()))
        );
    }
}
