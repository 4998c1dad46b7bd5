//! The worksheet templates of the seed workshop: their questions and lists, in German and
//! English (exports and the app show them in the reader's language).

/// A worksheet's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Template {
    /// Field analysis: the eight questions about a field of action.
    FieldAnalysis,
    /// Goals: up to three Leitziele with Jahresziele, Indikatoren and a SMART check.
    Goals,
    /// Action plan (Maßnahme) for a chosen Jahresziel.
    ActionPlan,
    /// Obstacles → solutions table.
    Obstacles,
    /// Process steering: a body's seats and tasks, and a timeline of milestones.
    Steering,
    /// Feedback: short statements anyone adds.
    Feedback,
    /// The facilitator's own questions.
    Custom,
}

/// One question of a template, in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Question {
    /// Key of the answer in `answers`.
    pub key: &'static str,
    /// German wording.
    pub de: &'static str,
    /// English wording.
    pub en: &'static str,
}

const fn q(key: &'static str, de: &'static str, en: &'static str) -> Question {
    Question { key, de, en }
}

/// The eight questions of the field analysis (seed section 7).
pub const FIELD_ANALYSIS: [Question; 8] = [
    q(
        "projects",
        "Welche Projekte zu diesem Handlungsfeld kennen Sie vor Ort?",
        "Which projects in this field do you know locally?",
    ),
    q(
        "strengths",
        "Welche besonderen Stärken haben wir in diesem Handlungsfeld?",
        "What particular strengths do we have in this field?",
    ),
    q(
        "potentials",
        "Welche Entwicklungspotenziale sehen Sie noch?",
        "What potential for development do you still see?",
    ),
    q(
        "challenges",
        "Welche Herausforderungen und Chancen sind noch zu meistern?",
        "Which challenges and chances are still to be mastered?",
    ),
    q(
        "actors",
        "Welche Akteure sind bereits heute mit diesen Themen vertraut?",
        "Which actors are already familiar with these topics?",
    ),
    q(
        "gain",
        "Welchen konkreten Gewinn werden wir für wen erzielen, wenn wir uns verbessert haben?",
        "What concrete gain will we achieve, and for whom, once we have improved?",
    ),
    q(
        "risks",
        "Welche Hindernisse und Risiken müssen wir bei der Weiterentwicklung beachten?",
        "Which obstacles and risks must we consider as we develop this?",
    ),
    q(
        "evidence",
        "Woran werden wir merken, dass wir uns verbessert haben?",
        "How will we notice that we have improved?",
    ),
];

/// The questions of the action plan for a Jahresziel (seed section 11).
pub const ACTION_PLAN: [Question; 9] = [
    q("goal", "Für welches Jahresziel?", "For which annual goal?"),
    q("what", "Was ist zu tun?", "What is to be done?"),
    q(
        "steps",
        "Welche Umsetzungsschritte sind denkbar?",
        "Which steps are conceivable?",
    ),
    q(
        "involved",
        "Wer muss einbezogen werden?",
        "Who must be involved?",
    ),
    q(
        "consider",
        "Was muss berücksichtigt werden?",
        "What must be considered?",
    ),
    q("who", "Wer soll es umsetzen?", "Who is to implement it?"),
    q(
        "resources",
        "Welche Ressourcen (Finanzen, Personal, Zeit …) müssen zur Verfügung stehen?",
        "Which resources (money, staff, time …) must be available?",
    ),
    q(
        "when",
        "Wann soll genau was geschehen?",
        "When exactly should what happen?",
    ),
    q(
        "success",
        "Woran erkennen wir in einem Jahr, dass wir erfolgreich waren?",
        "How will we know in a year that we succeeded?",
    ),
];

/// Most Leitziele on a goals worksheet.
pub const MAX_LEITZIELE: usize = 3;

/// Names of the lists and item fields the templates use.
pub mod list {
    /// Goals: the Leitziele (fields `text`, `year`, `smart`; lists `annual`, `indicators`).
    pub const GOALS: &str = "goals";
    /// Inside a Leitziel: its Jahresziele (fields `text`, `due`, `smart`).
    pub const ANNUAL: &str = "annual";
    /// Inside a Leitziel: its Indikatoren (field `text`).
    pub const INDICATORS: &str = "indicators";
    /// Obstacles: rows (fields `obstacle`, `solution`).
    pub const ROWS: &str = "rows";
    /// Steering: the body's seats (fields `who`, `count`).
    pub const SEATS: &str = "seats";
    /// Steering: the body's tasks (field `text`).
    pub const TASKS: &str = "tasks";
    /// Steering: the timeline (fields `date`, `text`).
    pub const MILESTONES: &str = "milestones";
    /// Feedback: statements (fields `text`, `author`).
    pub const STATEMENTS: &str = "statements";
    /// Custom: the facilitator's questions (field `text`); answers are keyed by their ids.
    pub const QUESTIONS: &str = "questions";
}

impl Template {
    /// Every template, in the order of the workshop.
    pub const ALL: [Template; 7] = [
        Template::FieldAnalysis,
        Template::Goals,
        Template::ActionPlan,
        Template::Obstacles,
        Template::Steering,
        Template::Feedback,
        Template::Custom,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Template::FieldAnalysis => "field_analysis",
            Template::Goals => "goals",
            Template::ActionPlan => "action_plan",
            Template::Obstacles => "obstacles",
            Template::Steering => "steering",
            Template::Feedback => "feedback",
            Template::Custom => "custom",
        }
    }

    /// Reads a stored name; unknown names are `None` (a newer app's template).
    pub fn parse(s: &str) -> Option<Template> {
        Template::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The template's name in German and English.
    pub fn name(self) -> (&'static str, &'static str) {
        match self {
            Template::FieldAnalysis => ("Analyse des Handlungsfelds", "Field analysis"),
            Template::Goals => ("Leitziele und Jahresziele", "Goals"),
            Template::ActionPlan => ("Maßnahme", "Action plan"),
            Template::Obstacles => ("Hindernisse und Lösungen", "Obstacles and solutions"),
            Template::Steering => ("Prozesssteuerung", "Process steering"),
            Template::Feedback => ("Feedback", "Feedback"),
            Template::Custom => ("Eigenes Arbeitsblatt", "Custom worksheet"),
        }
    }

    /// The fixed questions answered in `answers` (empty for templates made of lists).
    pub fn questions(self) -> &'static [Question] {
        match self {
            Template::FieldAnalysis => &FIELD_ANALYSIS,
            Template::ActionPlan => &ACTION_PLAN,
            _ => &[],
        }
    }

    /// The lists a template has at its top level.
    pub fn lists(self) -> &'static [&'static str] {
        match self {
            Template::Goals => &[list::GOALS],
            Template::Obstacles => &[list::ROWS],
            Template::Steering => &[list::SEATS, list::TASKS, list::MILESTONES],
            Template::Feedback => &[list::STATEMENTS],
            Template::Custom => &[list::QUESTIONS],
            Template::FieldAnalysis | Template::ActionPlan => &[],
        }
    }

    /// Whether `list` may hold another item when it has `len`.
    pub fn has_room(self, list: &str, len: usize) -> bool {
        !(self == Template::Goals && list == list::GOALS && len >= MAX_LEITZIELE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_questions_have_unique_keys() {
        for t in Template::ALL {
            assert_eq!(Template::parse(t.as_str()), Some(t));
            let mut keys: Vec<&str> = t.questions().iter().map(|q| q.key).collect();
            keys.dedup();
            assert_eq!(keys.len(), t.questions().len());
        }
        assert_eq!(Template::parse("kanban"), None);
        assert_eq!(FIELD_ANALYSIS.len(), 8);
        assert!(Template::Goals.has_room(list::GOALS, 2));
        assert!(!Template::Goals.has_room(list::GOALS, 3));
        assert!(Template::Goals.has_room(list::ANNUAL, 30));
    }
}
