//! A board with a design and with people's content, saved as a template and made anew.

use std::collections::BTreeSet;

use super::*;
use crate::board::testing::{board, env};
use crate::worksheet::{list, Template};
use crate::{Activity, NewCard, ParticipantKey, RoundSettings, RoundState, StepPlan};

fn key(n: usize) -> ParticipantKey {
    ParticipantKey::from_secret(&format!("templateparticipant{n:0>8}")).unwrap()
}

/// The ids a board holds in each root map, to compare two boards.
fn ids(b: &Board) -> BTreeSet<String> {
    let mut all = BTreeSet::new();
    all.extend(b.cards().into_iter().map(|c| c.id));
    all.extend(b.clusters().into_iter().map(|c| c.id));
    all.extend(b.regions().into_iter().map(|r| r.id));
    all.extend(b.rounds().into_iter().map(|r| r.id));
    all.extend(b.groups().into_iter().map(|g| g.id));
    all.extend(b.worksheets().into_iter().map(|w| w.id));
    all.extend(b.agenda().into_iter().map(|s| s.id));
    all.extend(b.exercises().into_iter().map(|e| e.id));
    all
}

/// Everything a facilitator prepares, and then a day's worth of people's content.
struct Workshop {
    board: Board,
    participant_card: String,
}

fn workshop() -> Workshop {
    let mut b = board();
    b.set_facilitator(true);
    // Regions, a locked prepared card, a locked field with a prepared card.
    let facts = b
        .add_region("Daten und Fakten", 0.0, 0.0, 800.0, 600.0)
        .unwrap();
    b.set_region_locked(&facts, true).unwrap();
    b.add_region("Kernthesen", 1000.0, 0.0, 800.0, 600.0)
        .unwrap();
    b.add_table(
        "Statistische Daten",
        "Kennzahl\tWert\nEinwohner\t13.400",
        100.0,
        100.0,
    )
    .unwrap();
    let prepared = b
        .add_card(NewCard::new("Ca. 13.400 Menschen leben hier", 2000.0, 50.0))
        .unwrap();
    b.set_card_locked(&prepared, true).unwrap();
    let dims = b
        .add_cluster("Dimensionen der Integration", 2000.0, 400.0)
        .unwrap();
    let mut c = NewCard::new("Strukturelle Integration", 0.0, 0.0);
    c.cluster = Some(dims.clone());
    b.add_card(c).unwrap();
    b.set_cluster_locked(&dims, true).unwrap();
    // A field the participants made, which a group works on, and one the facilitator locked
    // after the participants had filled it.
    let bildung = b.add_cluster("Bildung", 3000.0, 0.0).unwrap();
    let result = b.add_cluster("Ergebnis", 4000.0, 0.0).unwrap();
    // Voting, positioning, groups, worksheets, wording.
    let mut settings = RoundSettings::seed("Welche Handlungsfelder sind am wichtigsten?");
    settings.anonymous = true;
    settings.rules = crate::Rules {
        dots: 5,
        max_per_item: 2,
        min_items: 1,
    };
    let round = b.add_round(&settings).unwrap();
    let walk = b.add_exercise("Biographische Wanderung", false).unwrap();
    let places: Vec<String> = ["Hier", "Land", "Ausland"].map(str::to_owned).to_vec();
    let q = b
        .add_question(&walk, "Wo wurden Sie geboren?", &places, false)
        .unwrap();
    let g = b
        .add_group("Bildung / Sprache", Some(&bildung), Some(6))
        .unwrap();
    let fa = b
        .add_worksheet(Template::FieldAnalysis, "", Some(&bildung), Some(&g))
        .unwrap();
    let own = b
        .add_worksheet(Template::Custom, "Unsere Fragen", None, Some(&g))
        .unwrap();
    let own_q = b.add_item(&own, &[], list::QUESTIONS, &["text"]).unwrap();
    b.set_item_text(
        &own,
        &[(list::QUESTIONS, own_q.as_str())],
        "text",
        "Was nehmen Sie mit?",
    )
    .unwrap();
    b.set_question_wording(
        Template::FieldAnalysis,
        "projects",
        "Welche Projekte kennen Sie in Quakenbrück?",
    )
    .unwrap();
    // Two days with dates, steps that run the round, the exercise and a region.
    let second = b.add_day().unwrap();
    b.set_day_date(crate::FIRST_DAY, "2011-03-11").unwrap();
    b.set_day_date(&second, "2011-03-12").unwrap();
    b.set_day_goals(
        crate::FIRST_DAY,
        "Sensibilisieren und positionieren:\n- Was verstehen wir unter „Integration“?",
    )
    .unwrap();
    b.set_day_goals(
        &second,
        "- Wie kann strategische Steuerung hier angelegt werden?",
    )
    .unwrap();
    let plans = [
        StepPlan {
            start: "14:00".into(),
            title: "Begrüßung".into(),
            minutes: Some(15),
            target: Some(facts.clone()),
            text: "Der Bürgermeister begrüßt die Teilnehmenden.".into(),
            ..StepPlan::default()
        },
        StepPlan {
            start: "14:15".into(),
            title: "Wanderung".into(),
            activity: Activity::Exercise,
            target: Some(walk.clone()),
            ..StepPlan::default()
        },
        StepPlan {
            start: "15:30".into(),
            title: "Gewichten".into(),
            activity: Activity::Round,
            target: Some(round.clone()),
            ..StepPlan::default()
        },
        StepPlan {
            day: second.clone(),
            start: "09:00".into(),
            title: "Eröffnung".into(),
            ..StepPlan::default()
        },
    ];
    let steps: Vec<String> = plans.iter().map(|p| b.add_step(p).unwrap()).collect();
    b.start_step(&steps[0]).unwrap();

    // The day runs: the round opens, the question is open, people take part.
    b.set_round_state(&round, RoundState::Open).unwrap();
    b.start_timer(&round, 60).unwrap();
    b.open_question(&walk, &q).unwrap();
    b.set_facilitator(false);
    b.set_identity(key(1));
    b.set_participant("Anna", "#336699").unwrap();
    let mut mine = NewCard::new("Sprachkurse vor Ort", 3000.0, 300.0);
    mine.cluster = Some(bildung.clone());
    let participant_card = b.add_card(mine).unwrap();
    b.add_card(NewCard::new("Toleranz", 5000.0, 5000.0))
        .unwrap();
    let mut filled = NewCard::new("Mehr Kitaplätze", 0.0, 0.0);
    filled.cluster = Some(result.clone());
    b.add_card(filled).unwrap();
    b.submit_ballot(&round, &[(bildung.clone(), 2)].into_iter().collect())
        .unwrap();
    b.answer(&walk, &q, 2).unwrap();
    b.join_group(&g).unwrap();
    b.set_answer(&fa, "projects", "Familienbesucherinnen")
        .unwrap();
    b.set_answer(&own, &own_q, "Viel").unwrap();
    // Back on the facilitator's device, which saves the template.
    b.set_author("p-test".into());
    b.set_facilitator(true);
    b.set_cluster_locked(&result, true).unwrap();
    Workshop {
        board: b,
        participant_card,
    }
}

#[test]
fn a_template_keeps_the_design_and_none_of_the_people() {
    let w = workshop();
    let old = &w.board;
    assert!(
        !old.ballots(&old.rounds()[0].id).is_empty(),
        "the original has a ballot"
    );
    let bytes = old.template();
    assert!(bytes.starts_with(b"KARTENWAND-VORLG\x01"));
    let b = Board::from_template(&bytes, "Integrationsworkshop Bramsche", env()).unwrap();

    assert_eq!(b.title(), "Integrationsworkshop Bramsche");
    assert_eq!(b.rights(), old.rights());
    // Nothing of the people: no participants, their cards, ballots, answers or members.
    assert!(b.participants().is_empty());
    let texts: BTreeSet<String> = b.cards().into_iter().map(|c| c.text).collect();
    assert_eq!(
        texts,
        BTreeSet::from([
            "Ca. 13.400 Menschen leben hier".to_owned(),
            "Strukturelle Integration".to_owned()
        ])
    );
    assert!(b.cards().iter().all(|c| c.author.is_empty() && c.locked));
    assert!(b.card(&w.participant_card).is_none());
    // The design, under fresh ids.
    assert!(
        ids(&b).is_disjoint(&ids(old)),
        "no id is shared with the original"
    );
    let regions: Vec<(String, bool)> = b
        .regions()
        .into_iter()
        .map(|r| (r.title, r.locked))
        .collect();
    assert_eq!(regions.len(), 2);
    assert!(regions.contains(&("Daten und Fakten".to_owned(), true)));
    let fields: BTreeSet<String> = b.clusters().into_iter().map(|c| c.title).collect();
    assert_eq!(
        fields,
        BTreeSet::from([
            "Bildung".to_owned(),
            "Dimensionen der Integration".to_owned(),
            "Ergebnis".to_owned()
        ])
    );
    // The locked field stays, the participant's card in it does not.
    assert!(b
        .cluster_cards(
            &b.clusters()
                .iter()
                .find(|c| c.title == "Ergebnis")
                .unwrap()
                .id
        )
        .is_empty());
    assert!(b
        .cluster_cards(
            &b.clusters()
                .iter()
                .find(|c| c.title == "Bildung")
                .unwrap()
                .id
        )
        .is_empty());

    let round = &b.rounds()[0];
    assert_eq!(round.state, RoundState::Draft);
    assert_eq!(round.settings, old.rounds()[0].settings);
    assert!(round.timer_end.is_none());
    assert!(b.ballots(&round.id).is_empty());

    let ex = &b.exercises()[0];
    assert_eq!(ex.title, "Biographische Wanderung");
    assert_eq!(ex.questions[0].positions, vec!["Hier", "Land", "Ausland"]);
    assert!(ex.open.is_none());
    assert!(b
        .standings(&ex.id, &ex.questions[0].id)
        .iter()
        .all(|s| s.count == 0));

    let group = &b.groups()[0];
    assert_eq!(
        (group.title.as_str(), group.cap),
        ("Bildung / Sprache", Some(6))
    );
    assert!(group.members.is_empty());
    let bildung = b
        .clusters()
        .into_iter()
        .find(|c| c.title == "Bildung")
        .unwrap();
    assert_eq!(group.field.as_deref(), Some(bildung.id.as_str()));

    let sheets = b.worksheets();
    assert_eq!(sheets.len(), 2);
    assert!(sheets
        .iter()
        .all(|s| s.group.as_deref() == Some(group.id.as_str())));
    assert!(sheets
        .iter()
        .all(|s| s.answers.values().all(|a| a.is_empty())));
    let fa = sheets
        .iter()
        .find(|s| s.template == Some(Template::FieldAnalysis))
        .unwrap();
    assert_eq!(fa.field.as_deref(), Some(bildung.id.as_str()));
    assert_eq!(
        fa.wordings.get("projects").map(String::as_str),
        Some("Welche Projekte kennen Sie in Quakenbrück?")
    );
    let own = sheets
        .iter()
        .find(|s| s.template == Some(Template::Custom))
        .unwrap();
    assert_eq!(own.title, "Unsere Fragen");
    assert_eq!(
        own.list(list::QUESTIONS)[0].text("text"),
        "Was nehmen Sie mit?"
    );

    let days = b.days();
    assert_eq!(days.len(), 2);
    assert!(
        days.iter().all(|d| d.date.is_none()),
        "dates belong to one occasion"
    );
    assert_eq!(
        days[0].goals,
        "Sensibilisieren und positionieren:\n- Was verstehen wir unter „Integration“?",
        "the goals are the method's"
    );
    assert_eq!(
        days[1].goals,
        "- Wie kann strategische Steuerung hier angelegt werden?"
    );
    let agenda = b.agenda();
    assert_eq!(
        agenda[0].plan.text, "Der Bürgermeister begrüßt die Teilnehmenden.",
        "a step's text section stays"
    );
    let tables = b.tables();
    assert_eq!(tables.len(), 1, "facts tables are prepared material");
    assert_eq!(
        (tables[0].title.as_str(), tables[0].rows[0][1].as_str()),
        ("Statistische Daten", "13.400")
    );
    let titles: Vec<&str> = agenda.iter().map(|s| s.plan.title.as_str()).collect();
    assert_eq!(titles, ["Begrüßung", "Wanderung", "Gewichten", "Eröffnung"]);
    assert_eq!(agenda[0].plan.start, "14:00");
    assert_eq!(agenda[3].plan.day, days[1].id);
    assert!(agenda.iter().all(|s| s.started.is_none()));
    assert!(b.current_step().is_none());
    assert_eq!(agenda[1].plan.target.as_deref(), Some(ex.id.as_str()));
    assert_eq!(agenda[2].plan.target.as_deref(), Some(round.id.as_str()));
    let facts = b
        .regions()
        .into_iter()
        .find(|r| r.title == "Daten und Fakten")
        .unwrap();
    assert_eq!(agenda[0].plan.target.as_deref(), Some(facts.id.as_str()));
}

#[test]
fn two_boards_from_one_template_share_no_ids() {
    let bytes = workshop().board.template();
    let a = Board::from_template(&bytes, "", env()).unwrap();
    let b = Board::from_template(&bytes, "", env()).unwrap();
    assert_eq!(a.title(), "Test", "a blank title keeps the template's");
    assert_eq!(ids(&a).len(), ids(&b).len());
    assert!(ids(&a).is_disjoint(&ids(&b)));
    // A participant's anonymous ballot in one is not the same key in the other.
    let (ra, rb) = (&a.rounds()[0].id, &b.rounds()[0].id);
    assert_ne!(key(1).pseudonym(ra), key(1).pseudonym(rb));
}

#[test]
fn a_template_of_a_template_board_is_the_same_design() {
    let bytes = workshop().board.template();
    let a = Board::from_template(&bytes, "A", env()).unwrap();
    let again = Board::from_template(&a.template(), "A", env()).unwrap();
    let titles = |b: &Board| {
        b.agenda()
            .into_iter()
            .map(|s| (s.plan.start, s.plan.title))
            .collect::<Vec<_>>()
    };
    assert_eq!(titles(&a), titles(&again));
    assert_eq!(a.card_count(), again.card_count());
    assert_eq!(a.worksheets().len(), again.worksheets().len());
}

#[test]
fn bad_and_newer_files_are_named() {
    let bytes = workshop().board.template();
    assert_eq!(decode(&[]), Err(TemplateError::Empty));
    assert_eq!(decode(b"hello"), Err(TemplateError::NotATemplate));
    assert_eq!(decode(b"KARTENWAND-V"), Err(TemplateError::Truncated));
    let board_file = crate::board_file::encode("abc", &board());
    assert_eq!(decode(&board_file), Err(TemplateError::BoardFile));
    let mut newer = bytes.clone();
    newer[16] = 2;
    assert_eq!(decode(&newer), Err(TemplateError::UnsupportedVersion(2)));
    assert_eq!(
        decode(&bytes[..bytes.len() - 1]),
        Err(TemplateError::Truncated)
    );
    let mut flipped = bytes.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 1;
    assert!(matches!(decode(&flipped), Err(TemplateError::Corrupt(_))));
    assert!(matches!(
        Board::from_template(&flipped, "x", env()),
        Err(TemplateError::Corrupt(_))
    ));
    // A board file's reader refuses a template too.
    assert_eq!(
        crate::board_file::decode(&bytes),
        Err(crate::FileError::NotABoardFile)
    );
}

#[test]
fn a_duplicate_has_everything_and_shares_no_history() {
    let w = workshop();
    let old = &w.board;
    let copy = old.duplicate("Kopie");
    assert_eq!(copy.title(), "Kopie");
    assert_eq!(old.duplicate("  ").title(), "Test");
    assert_eq!(copy.cards(), old.cards());
    assert_eq!(copy.clusters(), old.clusters());
    assert_eq!(copy.agenda(), old.agenda());
    assert_eq!(copy.participants(), old.participants());
    let round = &old.rounds()[0].id;
    assert_eq!(copy.ballots(round), old.ballots(round));
    assert_eq!(copy.groups(), old.groups());
    assert_eq!(copy.worksheets(), old.worksheets());
    assert_eq!(copy.days(), old.days());
    // A fresh document: no client of the original's history is in it.
    let theirs: BTreeSet<_> = old.state_vector().iter().map(|(c, _)| *c).collect();
    let ours: BTreeSet<_> = copy.state_vector().iter().map(|(c, _)| *c).collect();
    assert!(theirs.is_disjoint(&ours));
    // Editing the copy leaves the original alone.
    let mut copy = copy;
    copy.set_facilitator(true);
    copy.add_card(NewCard::new("Nur in der Kopie", 0.0, 0.0))
        .unwrap();
    assert_eq!(copy.card_count(), old.card_count() + 1);
}
