//! The agenda in the documentation, day by day with each day's date: the day's goals, each
//! step with its planned start, title, length and what it ran, and the local clock time it
//! really started (or that it never did); then the facilitator's text sections (welcome,
//! input, closing words) in the order of the day's steps.

use crate::agenda::{Activity, StepView};
use crate::board::Board;
use crate::language::Language;

use super::blocks::{Block, Table};
use super::compose::{or_empty, EMPTY};
use super::date::{clock_time, format_day};
use super::sections::prose;

const MS_PER_MINUTE: f64 = 60_000.0;

/// A step as the documentation shows it.
pub(super) struct Step {
    /// Planned start "HH:MM", or empty.
    pub start: String,
    /// What happens.
    pub title: String,
    /// Planned length in minutes.
    pub minutes: Option<u32>,
    /// What it runs.
    pub activity: Activity,
    /// The title of the round or exercise it runs, if that still exists.
    pub target: Option<String>,
    /// When it really started (ms since the epoch).
    pub started: Option<f64>,
    /// Whole minutes it ran over its planned length, judged by when the next step started.
    pub over: Option<u32>,
    /// The facilitator's text for the documentation; "" for none.
    pub text: String,
}

/// A day of the workshop with its steps.
pub(super) struct Day {
    /// 1 for the first day …
    pub number: usize,
    /// Its date, "YYYY-MM-DD", if fixed.
    pub date: Option<String>,
    /// Its goals as the facilitator wrote them; "" for none.
    pub goals: String,
    /// Its steps, in order.
    pub steps: Vec<Step>,
}

/// The agenda, day by day; days without steps are left out.
pub(super) fn read(board: &Board) -> Vec<Day> {
    let steps = board.agenda();
    let rounds = board.rounds();
    let target = |s: &StepView| -> Option<String> {
        let id = s.plan.target.as_deref()?;
        let title = match s.plan.activity {
            Activity::Round => rounds.iter().find(|r| r.id == id)?.settings.title.clone(),
            Activity::Exercise => board.exercise(id)?.title,
            Activity::Wall => board.region(id)?.title,
            _ => return None,
        };
        Some(title.trim().to_owned()).filter(|t| !t.is_empty())
    };
    let days = board.days();
    let single = days.len() == 1;
    days.into_iter()
        .map(|d| {
            let of_day: Vec<&StepView> = steps.iter().filter(|s| s.plan.day == d.id).collect();
            // A step ends when the next one of the same day starts, never the next morning.
            let starts: Vec<f64> = of_day.iter().filter_map(|s| s.started).collect();
            let steps = of_day
                .iter()
                .map(|s| Step {
                    start: s.plan.start.trim().to_owned(),
                    title: s.plan.title.trim().to_owned(),
                    minutes: s.plan.minutes,
                    activity: s.plan.activity,
                    target: target(s),
                    started: s.started,
                    over: s
                        .started
                        .zip(s.plan.minutes)
                        .and_then(|(start, minutes)| overrun(start, minutes, &starts)),
                    text: s.plan.text.trim().to_owned(),
                })
                .collect();
            Day {
                number: d.number,
                date: d.date,
                goals: d.goals.trim().to_owned(),
                steps,
            }
        })
        .filter(|d| single || !d.steps.is_empty() || !d.goals.is_empty())
        .collect()
}

/// How long a step ran over. The board records only when steps started, so a step ends
/// when the next one (in time, not in the agenda) started; the last one has no known end.
fn overrun(start: f64, minutes: u32, starts: &[f64]) -> Option<u32> {
    let end = starts
        .iter()
        .copied()
        .filter(|t| *t > start)
        .min_by(f64::total_cmp)?;
    let ran = ((end - start) / MS_PER_MINUTE).floor();
    let over = ran - f64::from(minutes);
    (over >= 1.0).then(|| over.min(f64::from(u32::MAX)) as u32)
}

/// The agenda as a table per day, with start times in the local time `utc_offset_minutes`
/// east of UTC. One undated day keeps the plain "day's agenda"; otherwise each day gets a
/// heading "Tag 1 · 11. März 2011". Once a day has goals, the part is the seed's "Ziele und
/// Tagesstruktur": each day's goals come before its table. The steps' text sections follow
/// the table, each under the step's time and title, in the order of the day.
pub(super) fn blocks(out: &mut Vec<Block>, days: &[Day], lang: Language, utc_offset_minutes: i32) {
    if days
        .iter()
        .all(|d| d.steps.is_empty() && d.goals.is_empty())
    {
        return;
    }
    let plain = matches!(days, [d] if d.date.is_none());
    let goals = days.iter().any(|d| !d.goals.is_empty());
    let one = plain || days.len() == 1;
    out.push(Block::Heading(
        2,
        match (goals, one) {
            (false, true) => lang.pick("Ablauf des Tages", "The day’s agenda"),
            (false, false) => lang.pick("Ablauf der Tage", "The agenda, day by day"),
            (true, true) => lang.pick("Ziele und Tagesstruktur", "Goals and structure of the day"),
            (true, false) => {
                lang.pick("Ziele und Tagesstruktur", "Goals and structure of the days")
            }
        }
        .into(),
    ));
    // Below the day's heading, or right below the part's when the day has none.
    let sub = if plain { 3 } else { 4 };
    for d in days {
        if !plain {
            out.push(Block::Heading(3, day_heading(d, lang)));
        }
        if !d.goals.is_empty() {
            out.push(Block::Heading(sub, lang.pick("Ziele", "Goals").into()));
            out.extend(prose(&d.goals));
            if !d.steps.is_empty() {
                out.push(Block::Heading(
                    sub,
                    lang.pick("Tagesstruktur", "Structure of the day").into(),
                ));
            }
        }
        if !d.steps.is_empty() {
            out.push(Block::Table(table(&d.steps, lang, utc_offset_minutes)));
        }
        for s in d.steps.iter().filter(|s| !s.text.is_empty()) {
            out.push(Block::Heading(sub, section_heading(s)));
            out.extend(prose(&s.text));
        }
    }
}

/// A text section's heading: "14:00 · Begrüßung", or the title alone when no time is planned.
fn section_heading(s: &Step) -> String {
    match (s.start.is_empty(), s.title.is_empty()) {
        (_, true) => or_empty(&s.start),
        (true, false) => s.title.clone(),
        (false, false) => format!("{} · {}", s.start, s.title),
    }
}

/// "Tag 1 · 11. März 2011" / "Day 1 · 11 March 2011"; without a date "Tag 1".
fn day_heading(d: &Day, lang: Language) -> String {
    let name = format!("{} {}", lang.pick("Tag", "Day"), d.number);
    match d.date.as_deref().and_then(|iso| format_day(iso, lang)) {
        Some(date) => format!("{name} · {date}"),
        None => name,
    }
}

fn table(steps: &[Step], lang: Language, utc_offset_minutes: i32) -> Table {
    let head = match lang {
        Language::De => ["Geplant", "Programmpunkt", "Dauer", "Aktivität", "Begonnen"],
        Language::En => ["Planned", "Step", "Length", "Activity", "Started"],
    };
    let mut table = Table::new("agenda", head.map(str::to_owned).to_vec());
    table.numeric = vec![0, 2];
    for s in steps {
        table.rows.push(vec![
            or_empty(&s.start),
            or_empty(&s.title),
            s.minutes
                .map_or_else(|| EMPTY.to_owned(), |m| minutes(m, lang)),
            activity(s, lang),
            started(s, lang, utc_offset_minutes),
        ]);
    }
    table
}

/// "15 Min." / "15 min".
fn minutes(n: u32, lang: Language) -> String {
    format!("{n} {}", lang.pick("Min.", "min"))
}

fn activity(s: &Step, lang: Language) -> String {
    let name = match s.activity {
        Activity::Wall => lang.pick("Wand", "Wall"),
        Activity::Round => lang.pick("Punktabfrage", "Dot vote"),
        Activity::Exercise => lang.pick("Aufstellung", "Positioning"),
        Activity::Worksheets => lang.pick("Gruppenarbeit", "Group work"),
        Activity::Feedback => "Feedback",
    };
    match &s.target {
        Some(title) => format!("{name}: {title}"),
        None => name.to_owned(),
    }
}

fn started(s: &Step, lang: Language, utc_offset_minutes: i32) -> String {
    let Some(time) = s.started.and_then(|t| clock_time(t, utc_offset_minutes)) else {
        return lang.pick("nicht gestartet", "not started").to_owned();
    };
    match (s.over, lang) {
        (Some(over), Language::De) => format!("{time} ({} überzogen)", minutes(over, lang)),
        (Some(over), Language::En) => format!("{time} ({} over)", minutes(over, lang)),
        (None, _) => time,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_runs_over_until_the_next_one_starts() {
        let m = MS_PER_MINUTE;
        let starts = [0.0, 41.0 * m, 20.0 * m];
        assert_eq!(
            overrun(0.0, 15, &starts),
            Some(5),
            "ended when the 20-minute step began"
        );
        assert_eq!(overrun(0.0, 20, &starts), None, "on time");
        assert_eq!(overrun(0.0, 19, &starts), Some(1));
        assert_eq!(overrun(20.0 * m, 30, &starts), None);
        assert_eq!(
            overrun(41.0 * m, 1, &starts),
            None,
            "the last step has no known end"
        );
    }
}
