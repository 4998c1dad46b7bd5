//! The SMART check of a goal: the group ticks specific, measurable, attractive, realistic
//! and terminated; "terminated" holds only with a date. What is missing is listed plainly;
//! nothing blocks writing the goal down.

use super::Item;

/// The five SMART criteria.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Criterion {
    /// S: specific, concrete.
    Specific,
    /// M: measurable.
    Measurable,
    /// A: attractive and appropriate.
    Attractive,
    /// R: realistic, achievable by us.
    Realistic,
    /// T: terminated: has a date.
    Terminated,
}

impl Criterion {
    /// All five, in SMART order.
    pub const ALL: [Criterion; 5] = [
        Criterion::Specific,
        Criterion::Measurable,
        Criterion::Attractive,
        Criterion::Realistic,
        Criterion::Terminated,
    ];

    /// Key in the goal's `smart` map.
    pub fn key(self) -> &'static str {
        match self {
            Criterion::Specific => "specific",
            Criterion::Measurable => "measurable",
            Criterion::Attractive => "attractive",
            Criterion::Realistic => "realistic",
            Criterion::Terminated => "terminated",
        }
    }

    /// The criterion's name in German and English.
    pub fn name(self) -> (&'static str, &'static str) {
        match self {
            Criterion::Specific => ("spezifisch", "specific"),
            Criterion::Measurable => ("messbar", "measurable"),
            Criterion::Attractive => ("attraktiv", "attractive"),
            Criterion::Realistic => ("realistisch", "realistic"),
            Criterion::Terminated => ("terminiert", "terminated"),
        }
    }
}

/// Something a goal still lacks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Gap {
    /// The goal has no text yet.
    NoText,
    /// The group has not ticked this criterion.
    Unticked(Criterion),
    /// "Terminated" is ticked but the goal has no date (target year or due date).
    NoDate,
    /// A Leitziel without Jahresziele.
    NoAnnualGoal,
    /// A Leitziel without Indikator.
    NoIndicator,
}

/// What a Leitziel (`text`, `year`, `smart`, lists `annual` and `indicators`) lacks.
pub fn leitziel_gaps(goal: &Item) -> Vec<Gap> {
    let mut gaps = goal_gaps(
        goal,
        goal.number("year").is_some() || !goal.string("year").trim().is_empty(),
    );
    if goal.list(super::list::ANNUAL).is_empty() {
        gaps.push(Gap::NoAnnualGoal);
    }
    if goal
        .list(super::list::INDICATORS)
        .iter()
        .all(|i| i.text("text").trim().is_empty())
    {
        gaps.push(Gap::NoIndicator);
    }
    gaps
}

/// What a Jahresziel (`text`, `due`, `smart`) lacks.
pub fn annual_gaps(goal: &Item) -> Vec<Gap> {
    goal_gaps(goal, !goal.string("due").trim().is_empty())
}

fn goal_gaps(goal: &Item, dated: bool) -> Vec<Gap> {
    let mut gaps = Vec::new();
    if goal.text("text").trim().is_empty() {
        gaps.push(Gap::NoText);
    }
    for c in Criterion::ALL {
        if !goal.ticked(c) {
            gaps.push(Gap::Unticked(c));
        } else if c == Criterion::Terminated && !dated {
            gaps.push(Gap::NoDate);
        }
    }
    gaps
}
