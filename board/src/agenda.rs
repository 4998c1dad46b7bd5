//! The day's agenda: steps with a planned start, a title, an optional length and the
//! activity they run; the facilitator marks the step running now, and the board remembers
//! when each step really started (for the documentation). A step may carry the facilitator's
//! text for the documentation at its place in the day (welcome, input, closing words). Steps belong to the workshop's
//! days (`days.rs`) and are listed day by day. Facilitator-only, outside undo.

use yrs::{Any, Map, MapPrelim, MapRef, Out, ReadTxn, Transact};

use crate::board::{clean_title, Board};
use crate::days::{read_days, DayId};
use crate::error::BoardError;
use crate::ids::new_id;
use crate::read;
use crate::schema::{flow, step as key};
use crate::sections::clean_section_text;

/// Id of an agenda step: a key of `agenda`.
pub type StepId = String;

/// What a step runs; phones follow the facilitator to it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Activity {
    /// Work on the wall (collecting, clustering), or nothing in particular; `target` may
    /// name the region phones show.
    #[default]
    Wall,
    /// A voting round (its id in `target`).
    Round,
    /// A positioning exercise (its id in `target`).
    Exercise,
    /// Group work on the worksheets.
    Worksheets,
    /// The feedback round.
    Feedback,
}

impl Activity {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Activity::Wall => "wall",
            Activity::Round => "round",
            Activity::Exercise => "exercise",
            Activity::Worksheets => "worksheets",
            Activity::Feedback => "feedback",
        }
    }

    fn parse(s: &str) -> Activity {
        match s {
            "round" => Activity::Round,
            "exercise" => Activity::Exercise,
            "worksheets" => Activity::Worksheets,
            "feedback" => Activity::Feedback,
            _ => Activity::Wall,
        }
    }
}

/// A step as the facilitator writes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepPlan {
    /// The day it belongs to; "" for the first day. Read steps always name their day.
    pub day: DayId,
    /// Planned start, "HH:MM" (24 h); empty if not fixed.
    pub start: String,
    /// What happens.
    pub title: String,
    /// Planned length in minutes.
    pub minutes: Option<u32>,
    /// What it runs.
    pub activity: Activity,
    /// The round or exercise it runs, or the region of a wall step.
    pub target: Option<String>,
    /// The facilitator's text for the documentation at this step (welcome, input, closing
    /// words); "" for none.
    pub text: String,
}

/// A step as read from the document.
#[derive(Clone, Debug, PartialEq)]
pub struct StepView {
    /// Key in `agenda`.
    pub id: StepId,
    /// The plan.
    pub plan: StepPlan,
    /// When it really started (ms since the epoch), once started.
    pub started: Option<f64>,
    /// Sort key.
    pub order: f64,
}

impl StepView {
    /// Whether the step ran over its planned length at `now_ms` (only a started step with a
    /// length can).
    pub fn running_over(&self, now_ms: f64) -> bool {
        match (self.started, self.plan.minutes) {
            (Some(start), Some(min)) => now_ms > start + f64::from(min) * 60_000.0,
            _ => false,
        }
    }
}

/// "H:MM" or "HH:MM" with hours 0–23 and minutes 0–59, normalised to "HH:MM"; "" stays "".
pub fn clean_time(s: &str) -> Result<String, BoardError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(String::new());
    }
    let parsed = s.split_once([':', '.']).and_then(|(h, m)| {
        let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
        (h < 24 && m < 60 && !m.to_string().is_empty()).then(|| format!("{h:02}:{m:02}"))
    });
    parsed.ok_or(BoardError::BadTime)
}

/// A plan's title, start and text as stored, or why not.
fn clean_plan(plan: &StepPlan) -> Result<(String, String, String), BoardError> {
    Ok((
        clean_title(&plan.title)?.to_owned(),
        clean_time(&plan.start)?,
        clean_section_text(&plan.text)?,
    ))
}

fn write_plan(
    txn: &mut yrs::TransactionMut,
    map: &MapRef,
    plan: &StepPlan,
    (title, start, text): &(String, String, String),
) {
    if plan.day.is_empty() {
        read::remove(txn, map, key::DAY);
    } else {
        read::set_string(txn, map, key::DAY, &plan.day);
    }
    read::set_string(txn, map, key::START, start);
    read::set_string(txn, map, key::TITLE, title);
    match plan.minutes.filter(|m| *m > 0) {
        Some(m) => read::set_number(txn, map, key::MINUTES, f64::from(m)),
        None => read::remove(txn, map, key::MINUTES),
    }
    read::set_string(txn, map, key::ACTIVITY, plan.activity.as_str());
    match &plan.target {
        Some(t) => read::set_string(txn, map, key::TARGET, t),
        None => read::remove(txn, map, key::TARGET),
    }
    if text.is_empty() {
        read::remove(txn, map, key::TEXT);
    } else {
        read::set_string(txn, map, key::TEXT, text);
    }
}

/// The sort key between two neighbours (either may be missing).
fn between(prev: Option<f64>, next: Option<f64>) -> f64 {
    match (prev, next) {
        (None, None) => 0.0,
        (Some(p), None) => p + 1.0,
        (None, Some(n)) => n - 1.0,
        (Some(p), Some(n)) => p + (n - p) / 2.0,
    }
}

impl Board {
    /// Adds a step at the end of its day.
    pub fn add_step(&mut self, plan: &StepPlan) -> Result<StepId, BoardError> {
        let clean = clean_plan(plan)?;
        self.check_day(&plan.day)?;
        let last = self.agenda().iter().map(|s| s.order).fold(0.0, f64::max);
        let agenda = self.roots.agenda.clone();
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        let mut id = new_id();
        while agenda.contains_key(&txn, &id) {
            id = new_id();
        }
        let map = agenda.insert(
            &mut txn,
            id.as_str(),
            MapPrelim::from([(key::ORDER, Any::from(last + 1.0))]),
        );
        write_plan(&mut txn, &map, plan, &clean);
        Ok(id)
    }

    /// Changes a step's plan; a step given another day goes to that day's end.
    pub fn update_step(&mut self, id: &str, plan: &StepPlan) -> Result<(), BoardError> {
        let clean = clean_plan(plan)?;
        self.check_day(&plan.day)?;
        let map = self.step_map(id)?;
        let steps = self.agenda();
        let old_day = steps
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.plan.day.clone())
            .unwrap_or_default();
        let day = if plan.day.is_empty() {
            self.days()[0].id.clone()
        } else {
            plan.day.clone()
        };
        let moved_to_end =
            (day != old_day).then(|| steps.iter().map(|s| s.order).fold(0.0, f64::max) + 1.0);
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        write_plan(&mut txn, &map, plan, &clean);
        if let Some(order) = moved_to_end {
            read::set_number(&mut txn, &map, key::ORDER, order);
        }
        Ok(())
    }

    /// Removes a step (if it runs now, no step runs afterwards).
    pub fn remove_step(&mut self, id: &str) -> Result<(), BoardError> {
        self.step_map(id)?;
        let (agenda, flow_map) = (self.roots.agenda.clone(), self.roots.flow.clone());
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        if read::string(&txn, &flow_map, flow::CURRENT_STEP).as_deref() == Some(id) {
            flow_map.remove(&mut txn, flow::CURRENT_STEP);
        }
        agenda.remove(&mut txn, id);
        Ok(())
    }

    /// Moves a step to `index` among the other steps of its day (clamped).
    pub fn move_step(&mut self, id: &str, index: usize) -> Result<(), BoardError> {
        let day = self
            .agenda()
            .into_iter()
            .find(|s| s.id == id)
            .ok_or(BoardError::UnknownItem)?
            .plan
            .day;
        self.move_step_to(id, &day, index)
    }

    /// Moves a step to `day`, at `index` among that day's other steps (clamped).
    pub fn move_step_to(&mut self, id: &str, day: &str, index: usize) -> Result<(), BoardError> {
        let map = self.step_map(id)?;
        self.check_day(day)?;
        let others: Vec<StepView> = self
            .agenda()
            .into_iter()
            .filter(|s| s.id != id && s.plan.day == day)
            .collect();
        let index = index.min(others.len());
        let prev = index.checked_sub(1).map(|i| others[i].order);
        let order = between(prev, others.get(index).map(|s| s.order));
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        read::set_string(&mut txn, &map, key::DAY, day);
        read::set_number(&mut txn, &map, key::ORDER, order);
        Ok(())
    }

    /// Moves a step one place up (`up`) or down; past the start or end of its day it goes to
    /// the end of the day before or the start of the day after. `false` if it cannot move.
    pub fn nudge_step(&mut self, id: &str, up: bool) -> Result<bool, BoardError> {
        let steps = self.agenda();
        let at = steps
            .iter()
            .position(|s| s.id == id)
            .ok_or(BoardError::UnknownItem)?;
        let day = steps[at].plan.day.clone();
        let same_day: Vec<&StepView> = steps.iter().filter(|s| s.plan.day == day).collect();
        let in_day = same_day.iter().position(|s| s.id == id).unwrap_or(0);
        let days = self.days();
        let day_at = days.iter().position(|d| d.id == day).unwrap_or(0);
        match (up, in_day, day_at) {
            (true, 0, 0) => Ok(false),
            (true, 0, d) => self
                .move_step_to(id, &days[d - 1].id, usize::MAX)
                .map(|()| true),
            (true, i, _) => self.move_step_to(id, &day, i - 1).map(|()| true),
            (false, i, d) if i + 1 == same_day.len() => match days.get(d + 1) {
                Some(next) => self.move_step_to(id, &next.id, 0).map(|()| true),
                None => Ok(false),
            },
            (false, i, _) => self.move_step_to(id, &day, i + 1).map(|()| true),
        }
    }

    /// Starts a step now: it becomes the current one and remembers when it started (a
    /// restart keeps the first start).
    pub fn start_step(&mut self, id: &str) -> Result<(), BoardError> {
        let map = self.step_map(id)?;
        let now = self.now();
        let flow_map = self.roots.flow.clone();
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        read::set_string(&mut txn, &flow_map, flow::CURRENT_STEP, id);
        if read::number(&txn, &map, key::STARTED).is_none() {
            read::set_number(&mut txn, &map, key::STARTED, now);
        }
        Ok(())
    }

    /// The agenda, day by day, each day in order.
    pub fn agenda(&self) -> Vec<StepView> {
        let txn = self.doc.transact();
        let days = read_days(&txn, &self.roots.flow);
        let mut steps: Vec<(usize, StepView)> = self
            .roots
            .agenda
            .iter(&txn)
            .filter_map(|(id, v)| match v {
                Out::YMap(m) => {
                    let mut s = read_step(&txn, id, &m);
                    // A step without a day, or whose day was removed meanwhile, is on the first.
                    let at = days.iter().position(|d| d.id == s.plan.day).unwrap_or(0);
                    s.plan.day = days[at].id.clone();
                    Some((at, s))
                }
                _ => None,
            })
            .collect();
        crate::sort::sort_by(&mut steps, |(da, a), (db, b)| {
            da.cmp(db)
                .then_with(|| a.order.total_cmp(&b.order))
                .then_with(|| a.id.cmp(&b.id))
        });
        steps.into_iter().map(|(_, s)| s).collect()
    }

    /// The step running now, if the facilitator started one.
    pub fn current_step(&self) -> Option<StepView> {
        let current = read::string(&self.doc.transact(), &self.roots.flow, flow::CURRENT_STEP)?;
        self.agenda().into_iter().find(|s| s.id == current)
    }

    /// `Ok` for "" (the first day) or a day that exists.
    fn check_day(&self, day: &str) -> Result<(), BoardError> {
        if day.is_empty() {
            return Ok(());
        }
        self.known_day(day)
    }

    fn step_map(&self, id: &str) -> Result<MapRef, BoardError> {
        read::map(&self.doc.transact(), &self.roots.agenda, id).ok_or(BoardError::UnknownItem)
    }
}

fn read_step<T: ReadTxn>(txn: &T, id: &str, m: &MapRef) -> StepView {
    StepView {
        id: id.to_owned(),
        plan: StepPlan {
            day: read::string(txn, m, key::DAY).unwrap_or_default(),
            start: read::string(txn, m, key::START).unwrap_or_default(),
            title: read::string(txn, m, key::TITLE).unwrap_or_default(),
            minutes: read::number(txn, m, key::MINUTES)
                .filter(|n| *n >= 1.0)
                .map(|n| n.min(1440.0) as u32),
            activity: Activity::parse(&read::string(txn, m, key::ACTIVITY).unwrap_or_default()),
            target: read::string(txn, m, key::TARGET),
            text: read::string(txn, m, key::TEXT).unwrap_or_default(),
        },
        started: read::number(txn, m, key::STARTED),
        order: read::number(txn, m, key::ORDER).unwrap_or(0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::testing::board;

    fn plan(start: &str, title: &str, minutes: Option<u32>) -> StepPlan {
        StepPlan {
            start: start.into(),
            title: title.into(),
            minutes,
            ..StepPlan::default()
        }
    }

    #[test]
    fn the_seed_day_runs_step_by_step_and_remembers_real_starts() {
        let mut b = board();
        let greet = b
            .add_step(&plan("14.00", "Begrüßung, Programm", Some(15)))
            .unwrap();
        let intro = b
            .add_step(&plan("14:15", "Vorstellung der Teilnehmenden", Some(30)))
            .unwrap();
        let end = b.add_step(&plan("18:00", "Ende", None)).unwrap();
        let titles: Vec<String> = b
            .agenda()
            .into_iter()
            .map(|s| format!("{} {}", s.plan.start, s.plan.title))
            .collect();
        assert_eq!(
            titles,
            [
                "14:00 Begrüßung, Programm",
                "14:15 Vorstellung der Teilnehmenden",
                "18:00 Ende"
            ]
        );
        assert!(b.current_step().is_none());
        b.start_step(&greet).unwrap();
        let now = b.current_step().unwrap();
        assert_eq!(now.id, greet);
        let started = now.started.unwrap();
        assert!(!now.running_over(started + 14.0 * 60_000.0));
        assert!(now.running_over(started + 16.0 * 60_000.0));
        b.start_step(&intro).unwrap();
        b.start_step(&greet).unwrap();
        assert_eq!(
            b.current_step().unwrap().started,
            Some(started),
            "a restart keeps the first start"
        );
        b.move_step(&end, 0).unwrap();
        assert_eq!(b.agenda()[0].id, end);
        b.remove_step(&greet).unwrap();
        assert!(b.current_step().is_none());
        assert!(!b.can_undo(), "the agenda is not a wall edit");
    }

    #[test]
    fn steps_move_within_and_across_days() {
        let mut b = board();
        let a = b.add_step(&plan("14:00", "a", None)).unwrap();
        let c = b.add_step(&plan("15:00", "c", None)).unwrap();
        let second = b.add_day().unwrap();
        let d = b
            .add_step(&StepPlan {
                day: second.clone(),
                ..plan("09:00", "d", None)
            })
            .unwrap();
        let order = |b: &Board| {
            b.agenda()
                .into_iter()
                .map(|s| format!("{}{}", s.plan.title, u8::from(s.plan.day == second)))
                .collect::<Vec<_>>()
        };
        assert_eq!(order(&b), ["a0", "c0", "d1"]);
        assert!(!b.nudge_step(&a, true).unwrap(), "the first step stays");
        assert!(b.nudge_step(&a, false).unwrap());
        assert_eq!(order(&b), ["c0", "a0", "d1"]);
        assert!(
            b.nudge_step(&a, false).unwrap(),
            "past the day's end onto the next day"
        );
        assert_eq!(order(&b), ["c0", "a1", "d1"]);
        assert!(
            b.nudge_step(&d, false).is_ok_and(|moved| !moved),
            "the last step stays"
        );
        assert!(
            b.nudge_step(&a, true).unwrap(),
            "back to the end of the day before"
        );
        assert_eq!(order(&b), ["c0", "a0", "d1"]);
        b.move_step_to(&c, &second, 1).unwrap();
        assert_eq!(order(&b), ["a0", "d1", "c1"]);
        b.move_step(&c, 0).unwrap();
        assert_eq!(order(&b), ["a0", "c1", "d1"]);
        assert_eq!(
            b.move_step_to(&c, "nope", 0),
            Err(BoardError::UnknownDay("nope".into()))
        );
        // Editing a step onto another day puts it at that day's end.
        let mut edited = b.agenda()[0].plan.clone();
        edited.day = second.clone();
        edited.title = "a, edited".into();
        b.update_step(&a, &edited).unwrap();
        assert_eq!(order(&b), ["c1", "d1", "a, edited1"]);
    }

    #[test]
    fn a_step_keeps_its_text_for_the_documentation() {
        let mut b = board();
        let text = "Herzlich willkommen!\r\n\r\n- zwei anregende Tage ";
        let greet = b
            .add_step(&StepPlan {
                text: text.into(),
                ..plan("14:00", "Begrüßung", Some(15))
            })
            .unwrap();
        assert_eq!(
            b.agenda()[0].plan.text,
            "Herzlich willkommen!\n\n- zwei anregende Tage"
        );
        let mut edited = b.agenda()[0].plan.clone();
        edited.text = "Herzlich willkommen in Quakenbrück!".into();
        b.update_step(&greet, &edited).unwrap();
        assert_eq!(
            b.agenda()[0].plan.text,
            "Herzlich willkommen in Quakenbrück!"
        );
        edited.text = "x".repeat(crate::MAX_SECTION_TEXT + 1);
        assert_eq!(
            b.update_step(&greet, &edited),
            Err(BoardError::TooLong {
                max: crate::MAX_SECTION_TEXT
            })
        );
        edited.text = "  ".into();
        b.update_step(&greet, &edited).unwrap();
        assert_eq!(b.agenda()[0].plan.text, "", "a blank text is no text");
        assert!(!b.can_undo());
    }

    #[test]
    fn times_are_checked_and_normalised() {
        assert_eq!(clean_time("9:05").unwrap(), "09:05");
        assert_eq!(clean_time(" 14.00 ").unwrap(), "14:00");
        assert_eq!(clean_time("").unwrap(), "");
        for bad in ["25:00", "12:60", "noon", "12", "-1:00"] {
            assert_eq!(clean_time(bad), Err(BoardError::BadTime), "{bad}");
        }
    }
}
