//! The built-in template: the seed's two-day integration workshop (Quakenbrück, March 2011),
//! in German and English, as its documentation describes it: the first day's structure
//! (14:00–18:00, seed section 2) and the second day's (09:00–14:00, section 9), the
//! biographical walk and the positioning on attitudes (sections 3 and 4), the regions for
//! core theses and facts (section 5), the weighting of the fields with five dots, at most
//! two per field, at least three fields (section 5), four thematic working groups and the
//! process steering group (sections 7, 11, 12) with their worksheets, Heckmann's four
//! dimensions of integration as a prepared, locked field (section 2), and the feedback; the
//! goals of each day (sections 2 and 9).
//! Times between the seed's fixed points are the facilitators' plan, not the record.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::board::{Board, BoardEnv};
use crate::worksheet::Template;
use crate::{Activity, CardColor, Language, NewCard, RoundSettings, StepPlan, FIRST_DAY};

/// One step: start, title in German and English, minutes, what it runs.
type Step = (
    &'static str,
    &'static str,
    &'static str,
    Option<u32>,
    Activity,
    Target,
);

/// What a seed step runs, before the ids exist.
#[derive(Clone, Copy)]
enum Target {
    None,
    Walk,
    Attitudes,
    Vote,
    Theses,
    Facts,
}

/// The first day (seed section 2, "Tagesstruktur").
const DAY_ONE: [Step; 10] = [
    (
        "14:00",
        "Begrüßung, Programm, Definitionen von Integration",
        "Welcome, programme, definitions of integration",
        Some(20),
        Activity::Wall,
        Target::None,
    ),
    (
        "14:20",
        "Vorstellungsrunde „Deutschland-Welt-Karte“",
        "Introductions: the “Germany–world map”",
        Some(25),
        Activity::Exercise,
        Target::Walk,
    ),
    (
        "14:45",
        "Bestandsaufnahme I: Einstellungen zum Thema",
        "Taking stock I: attitudes to the topic",
        Some(20),
        Activity::Exercise,
        Target::Attitudes,
    ),
    (
        "15:05",
        "Handlungsfelder identifizieren: Kernthesen",
        "Identifying fields of action: core theses",
        Some(40),
        Activity::Wall,
        Target::Theses,
    ),
    (
        "15:45",
        "Bestandsaufnahme II: Daten und Fakten",
        "Taking stock II: data and facts",
        Some(15),
        Activity::Wall,
        Target::Facts,
    ),
    (
        "16:00",
        "Handlungsfelder gewichten",
        "Weighting the fields of action",
        Some(15),
        Activity::Round,
        Target::Vote,
    ),
    (
        "16:15",
        "Interview „Normalfall – Migration“",
        "Interview “Migration as the normal case”",
        Some(20),
        Activity::Wall,
        Target::None,
    ),
    (
        "16:35",
        "Erste Analyse der Handlungsfelder",
        "First analysis of the fields of action",
        Some(70),
        Activity::Worksheets,
        Target::None,
    ),
    (
        "17:45",
        "Feedback",
        "Feedback",
        Some(15),
        Activity::Feedback,
        Target::None,
    ),
    ("18:00", "Ende", "End", None, Activity::Wall, Target::None),
];

/// The second day (seed section 9, "Tagesstruktur").
const DAY_TWO: [Step; 9] = [
    ("09:00", "Eröffnung des zweiten Tages: Ziele, Ablauf", "Opening of the second day: goals, schedule", Some(15), Activity::Wall, Target::None),
    ("09:15", "Input: Integration strategisch angehen", "Input: approaching integration strategically", Some(30), Activity::Wall, Target::None),
    ("09:45", "Arbeit in den Handlungsfeldern: Gewinn und Hindernisse, Leitziele, Jahresziele und Maßnahmen", "Work in the fields of action: gains and obstacles, guiding goals, annual goals and measures", Some(135), Activity::Worksheets, Target::None),
    ("12:00", "Mittagessen", "Lunch", Some(45), Activity::Wall, Target::None),
    ("12:45", "Interkulturelle Übung", "Intercultural exercise", Some(20), Activity::Wall, Target::None),
    ("13:05", "Konkretisierungsphase", "Making it concrete", Some(30), Activity::Worksheets, Target::None),
    ("13:35", "Feedback", "Feedback", Some(15), Activity::Feedback, Target::None),
    ("13:50", "Evaluation", "Evaluation", Some(10), Activity::Wall, Target::None),
    ("14:00", "Abschluss", "Closing", None, Activity::Wall, Target::None),
];

/// The first day's goals (seed section 2, "Ziele und Tagesstruktur des ersten Tages").
const GOALS_ONE: (&str, &str) = (
    "Das erste Modul verfolgt das Ziel zu sensibilisieren und zu positionieren: eine Quakenbrücker Bestandsaufnahme, \
     und die Notwendigkeit einer strategischen Herangehensweise betonen.

Folgende Zielsetzungen:
- Was verstehen wir unter dem Begriff „Integration“?
- Wie gelingt das Miteinander der Zugewanderten und der Einheimischen?
- Von welchen Zielgruppen reden wir, wenn wir über Integration sprechen?
- Welche Sichtweisen und subjektiven Wahrnehmungen finden sich bei den Menschen mit Zuwanderungsgeschichte?
- Welche emotionalen Betroffenheiten der jeweiligen Akteure sind zu beachten, sollten bewusst wahrgenommen werden?
- Welche Handlungsfelder sind auf kommunaler Ebene relevant und welche Kernaussagen gehen von ihnen aus?
- Was bedeuten die wesentlichen Daten und Fakten hinsichtlich Bevölkerung, Wirtschaft und Gesellschaft für die Zielsetzungen und Maßnahmen in dieser Stadt?
- Worauf sind wir stolz? Wo gibt es Verbesserungsbedarf?
- Welche Dialogstrukturen gibt es bereits auf kommunaler Ebene, um mit zugewanderten Menschen ins Gespräch zu kommen?
- Welche Leitziele werden in den jeweiligen kommunalpolitischen Handlungsfeldern verfolgt?",
    "The first module aims to raise awareness and to take positions: taking stock of the town, \
     and stressing the need for a strategic approach.

Our goals:
- What do we mean by “integration”?
- How do newcomers and locals live well together?
- Which target groups do we mean when we speak of integration?
- Which views and subjective perceptions do people with a history of migration hold?
- Which emotional concerns of those involved must be respected and consciously perceived?
- Which fields of action matter at the local level, and what are their core statements?
- What do the main data and facts on population, economy and society mean for the town’s goals and measures?
- What are we proud of? Where is there room for improvement?
- Which structures for dialogue with newcomers already exist at the local level?
- Which guiding goals are pursued in each field of local policy?",
);

/// The second day's goals (seed section 9, "Ziele und Tagesstruktur des zweiten Tages").
const GOALS_TWO: (&str, &str) = (
    "Der zweite Tag steht ganz im Zeichen der strategischen Neuausrichtung der kommunalen Integrationspolitik: \
     Integration als Standortfaktor, weniger als Nischenthema.

Folgende Ziele sollen heute umgesetzt werden:
- Welche Chancen bieten zugewanderte Menschen für die deutsche Gesellschaft?
- Wie kann strategische Steuerung hier angelegt werden?
- Welche Jahresziele und Projektideen könnten für die kommunale Integrationsarbeit formuliert und umgesetzt werden? Welche relevanten Kennzahlen und Wirkungen sind hinzuzufügen, damit Integration messbar wird?
- Wie könnte das kommunale Projektmanagement vor Ort aussehen? Wie lauten die Eckpunkte der Netzwerkarbeit kommunaler Integrationspolitik?
- Welche Ideen für die Organisation des Veränderungsprozesses vor Ort wirken Prozess verstärkend?
- Welche konkreten Umsetzungsschritte sind zu planen?
- Wie könnte dieser Prozess reflektiert und kontrolliert werden?",
    "The second day is about giving local integration policy a new strategic direction: \
     integration as an asset of the town rather than a niche topic.

Today’s goals:
- What opportunities do newcomers offer to society?
- How can strategic steering be set up here?
- Which annual goals and project ideas could local integration work set and carry out? Which indicators and effects must be added so that integration becomes measurable?
- What could local project management look like? What are the cornerstones of networking in local integration policy?
- Which ideas for organising the change on the ground strengthen the process?
- Which concrete steps must be planned?
- How could this process be reviewed and kept on track?",
);

/// The biographical walk's places (seed section 3).
const PLACES: [(&str, &str); 5] = [
    ("Quakenbrück", "Quakenbrück"),
    ("Samtgemeinde Artland", "Artland (joint municipality)"),
    ("Niedersachsen", "Lower Saxony"),
    ("Deutschland", "Germany"),
    ("Ausland", "Abroad"),
];

/// The walk's questions (seed section 3).
const WALK: [(&str, &str); 5] = [
    (
        "Wo wurde der Elternteil geboren, der am weitesten von Quakenbrück entfernt geboren wurde?",
        "Where was the parent born who was born farthest from Quakenbrück?",
    ),
    ("Wo sind Sie selbst geboren?", "Where were you born?"),
    (
        "Wo haben Sie Ihre Ausbildung oder Ihr Studium begonnen?",
        "Where did you begin your training or studies?",
    ),
    (
        "Wo haben Sie Ihre Familie gegründet, wo wurde Ihr erstes Kind geboren?",
        "Where did you start your family, where was your first child born?",
    ),
    (
        "Wo leben Ihre Kinder heute?",
        "Where do your children live today?",
    ),
];

/// The fields of action the positioning offers (the seed's, section 5).
const FIELDS: [(&str, &str); 6] = [
    ("Bildung und Sprache", "Education and language"),
    ("Frühkindliche Bildung", "Early education"),
    ("Arbeitsmarkt", "Labour market"),
    ("Bewusstseinsbildung", "Raising awareness"),
    ("Vernetzung und Steuerung", "Networking and steering"),
    ("Anderes", "Other"),
];

/// Heckmann's four dimensions of integration (seed section 2).
const DIMENSIONS: [(&str, &str); 4] = [
    ("Strukturelle Integration", "Structural integration"),
    ("Kulturelle Integration", "Cultural integration"),
    ("Soziale Integration", "Social integration"),
    ("Identifikative Integration", "Identificational integration"),
];

fn owned(lang: Language, list: &[(&str, &str)]) -> Vec<String> {
    list.iter()
        .map(|(de, en)| lang.pick(de, en).to_owned())
        .collect()
}

/// The seed workshop's design as a board titled in `lang` (no people, no content of theirs).
///
/// # Panics
/// Never for the fixed data here (every operation's limits are kept; a unit test builds both
/// languages).
pub fn board(lang: Language) -> Board {
    let t = |de: &'static str, en: &'static str| lang.pick(de, en);
    // A clock that ticks from 11 March 2011: what is made later sorts later (`created`).
    let tick = Arc::new(AtomicU64::new(1_299_830_400_000));
    let env = BoardEnv::new(Arc::new(move || tick.fetch_add(1, Ordering::Relaxed)));
    let mut b = Board::new(
        t(
            "Integrationsworkshop – zwei Tage",
            "Integration workshop – two days",
        ),
        env,
    );
    b.set_facilitator(true);
    const OK: &str = "the seed template keeps the board's limits";

    let theses = b
        .add_region(t("Kernthesen", "Core theses"), 0.0, 0.0, 1600.0, 900.0)
        .expect(OK);
    let facts = b
        .add_region(
            t("Daten und Fakten", "Data and facts"),
            1700.0,
            0.0,
            900.0,
            900.0,
        )
        .expect(OK);
    let dims = b
        .add_cluster(
            t("Dimensionen der Integration", "Dimensions of integration"),
            1760.0,
            80.0,
        )
        .expect(OK);
    for text in owned(lang, &DIMENSIONS) {
        let mut card = NewCard::new(text, 0.0, 0.0);
        card.cluster = Some(dims.clone());
        card.color = CardColor::Green;
        let id = b.add_card(card).expect(OK);
        b.set_card_locked(&id, true).expect(OK);
    }
    b.set_cluster_locked(&dims, true).expect(OK);

    let walk = b
        .add_exercise(t("Biographische Wanderung", "Biographical walk"), false)
        .expect(OK);
    let places = owned(lang, &PLACES);
    for question in owned(lang, &WALK) {
        b.add_question(&walk, &question, &places, false).expect(OK);
    }
    let attitudes = b
        .add_exercise(
            t(
                "Aufstellung: Einstellungen zum Thema",
                "Positioning: attitudes to the topic",
            ),
            false,
        )
        .expect(OK);
    let years = owned(
        lang,
        &[
            ("unter 3 Jahre", "under 3 years"),
            ("3–5 Jahre", "3–5 years"),
            ("6–10 Jahre", "6–10 years"),
            ("über 10 Jahre", "over 10 years"),
        ],
    );
    let fields = owned(lang, &FIELDS);
    let climate = owned(
        lang,
        &[
            ("sehr gut", "very good"),
            ("eher gut", "rather good"),
            ("eher schlecht", "rather poor"),
            ("schlecht", "poor"),
        ],
    );
    for (de, en, positions, scale) in [
        (
            "Seit wie vielen Jahren sind Sie im Bereich der Integrationsarbeit aktiv?",
            "For how many years have you been active in integration work?",
            &years,
            true,
        ),
        (
            "In welchem Handlungsfeld wirken Sie aktiv an der Integrationsarbeit mit?",
            "In which field of action do you take part in integration work?",
            &fields,
            false,
        ),
        (
            "Welche Handlungsfelder tragen nach Ihrer Einschätzung am meisten zur Integration bei?",
            "Which fields of action, in your view, contribute most to integration?",
            &fields,
            false,
        ),
        (
            "Wie nehmen Sie das Integrationsklima in Ihrer Stadt wahr?",
            "How do you perceive the climate for integration in your town?",
            &climate,
            true,
        ),
    ] {
        b.add_question(&attitudes, t(de, en), positions, scale)
            .expect(OK);
    }

    let vote = b
        .add_round(&RoundSettings::seed(t(
            "Welche Handlungsfelder sind für uns am wichtigsten?",
            "Which fields of action matter most to us?",
        )))
        .expect(OK);

    // Four thematic groups (their fields come from the vote) and the process steering group.
    for n in 1..=4 {
        let title = match lang {
            Language::De => format!("Handlungsfeld {n}"),
            Language::En => format!("Field of action {n}"),
        };
        let g = b.add_group(&title, None, None).expect(OK);
        for template in [
            Template::FieldAnalysis,
            Template::Goals,
            Template::ActionPlan,
        ] {
            b.add_worksheet(template, "", None, Some(&g)).expect(OK);
        }
    }
    let steering = b
        .add_group(t("Prozesssteuerung", "Process steering"), None, None)
        .expect(OK);
    b.add_worksheet(Template::Steering, "", None, Some(&steering))
        .expect(OK);
    b.add_worksheet(Template::Obstacles, "", None, Some(&steering))
        .expect(OK);
    b.add_worksheet(Template::Feedback, "", None, None)
        .expect(OK);

    let second = b.add_day().expect(OK);
    b.set_day_goals(FIRST_DAY, t(GOALS_ONE.0, GOALS_ONE.1))
        .expect(OK);
    b.set_day_goals(&second, t(GOALS_TWO.0, GOALS_TWO.1))
        .expect(OK);
    for (day, steps) in [(FIRST_DAY.to_owned(), &DAY_ONE[..]), (second, &DAY_TWO[..])] {
        for (start, de, en, minutes, activity, target) in steps {
            let target = match target {
                Target::None => None,
                Target::Walk => Some(walk.clone()),
                Target::Attitudes => Some(attitudes.clone()),
                Target::Vote => Some(vote.clone()),
                Target::Theses => Some(theses.clone()),
                Target::Facts => Some(facts.clone()),
            };
            let plan = StepPlan {
                day: day.clone(),
                start: (*start).into(),
                title: t(de, en).into(),
                minutes: *minutes,
                activity: *activity,
                target,
                text: String::new(),
            };
            b.add_step(&plan).expect(OK);
        }
    }
    b
}

/// The seed workshop as a template file in `lang`.
pub fn template(lang: Language) -> Vec<u8> {
    board(lang).template()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::testing::env;

    #[test]
    fn the_seed_template_has_both_days_and_their_steps() {
        for lang in [Language::De, Language::En] {
            let b = Board::from_template(&template(lang), "", env()).unwrap();
            let days = b.days();
            assert_eq!(days.len(), 2);
            // The goals of each day, as the seed's "Ziele und Tagesstruktur" lists them.
            let goals = |d: usize| {
                days[d]
                    .goals
                    .lines()
                    .filter(|l| l.starts_with("- "))
                    .count()
            };
            assert_eq!((goals(0), goals(1)), (10, 7));
            assert!(days[1].goals.contains(lang.pick(
                "Welche konkreten Umsetzungsschritte sind zu planen?",
                "Which concrete steps must be planned?"
            )));
            let agenda = b.agenda();
            let on = |d: usize| {
                agenda
                    .iter()
                    .filter(|s| s.plan.day == days[d].id)
                    .map(|s| s.plan.start.as_str())
                    .collect::<Vec<_>>()
            };
            assert_eq!(on(0).len(), DAY_ONE.len());
            assert_eq!(on(1).len(), DAY_TWO.len());
            assert_eq!((on(0)[0], *on(0).last().unwrap()), ("14:00", "18:00"));
            assert_eq!((on(1)[0], *on(1).last().unwrap()), ("09:00", "14:00"));
            let titles: Vec<String> = agenda.iter().map(|s| s.plan.title.clone()).collect();
            let walk_step = lang.pick(
                "Vorstellungsrunde „Deutschland-Welt-Karte“",
                "Introductions: the “Germany–world map”",
            );
            assert!(titles.iter().any(|t| t == walk_step), "{titles:?}");
            // Every step that runs something finds it.
            for s in &agenda {
                match s.plan.activity {
                    Activity::Exercise => {
                        assert!(b.exercise(s.plan.target.as_deref().unwrap()).is_some())
                    }
                    Activity::Round => {
                        assert!(b.round(s.plan.target.as_deref().unwrap()).is_some())
                    }
                    _ => {}
                }
            }
            let ex = b.exercises();
            assert_eq!(ex.len(), 2);
            assert_eq!(
                ex[0].title,
                lang.pick("Biographische Wanderung", "Biographical walk"),
                "in the order of the day"
            );
            assert_eq!(ex.iter().map(|e| e.questions.len()).sum::<usize>(), 9);
            let r = &b.rounds()[0];
            assert_eq!(r.settings.rules, crate::Rules::SEED);
            assert_eq!(b.groups().len(), 5);
            assert_eq!(b.worksheets().len(), 4 * 3 + 2 + 1);
            assert_eq!(b.regions().len(), 2);
            assert_eq!(b.card_count(), 4);
            assert!(b.cards().iter().all(|c| c.locked));
        }
        let en = board(Language::En);
        assert_eq!(en.title(), "Integration workshop – two days");
    }
}
