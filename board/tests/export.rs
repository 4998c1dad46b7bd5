//! The documentation export of a board that holds every kind of content: golden files for
//! Markdown and HTML in German and English, escaping of hostile card text, votes and
//! positions kept aggregate, the agenda's clock times in the viewer's time zone, and the
//! JSON export. `UPDATE_GOLDEN=1 cargo test -p board --test export`
//! rewrites the golden files in tests/golden/.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use board::export::{self, format_date, ExportContext};
use board::worksheet::{list, Criterion};
use board::{
    Activity, Board, BoardEnv, CardColor, Dots, Language, NewCard, ParticipantKey, RoundSettings,
    RoundState, Rules, StepPlan, Target, Template,
};
use yrs::{Any, Map, MapPrelim, Transact};

/// The card a hostile or careless participant writes: HTML, an ampersand, a table pipe.
const HOSTILE: &str = "Sprachkurse <script>alert('x')</script> & Kita | Schule";

/// 11 March 2011, 9:00 UTC.
const MORNING: u64 = 1_299_834_000_000;

/// A clock at `MORNING`, one millisecond further at every read, and its hand to set it.
fn clock() -> (BoardEnv, Arc<AtomicU64>) {
    let t = Arc::new(AtomicU64::new(MORNING));
    let hand = t.clone();
    let env = BoardEnv::new(Arc::new(move || t.fetch_add(1, Ordering::Relaxed)));
    (env, hand)
}

fn env() -> BoardEnv {
    clock().0
}

/// The documentation's date and time zone: CET, as in Quakenbrück in March.
fn cet(date: &str) -> ExportContext {
    ExportContext::new(date, 60)
}

/// The five places of the seed's biographical walk.
const PLACES: [&str; 5] = [
    "Quakenbrück",
    "Samtgemeinde Artland",
    "Niedersachsen",
    "Deutschland",
    "Ausland",
];

fn key(n: usize) -> ParticipantKey {
    ParticipantKey::from_secret(&format!("exportparticipant{n:0>16}")).expect("valid secret")
}

fn card(b: &mut Board, text: &str, cluster: Option<&str>) -> String {
    let mut c = NewCard::new(text, 40.0, 900.0);
    c.cluster = cluster.map(str::to_owned);
    b.add_card(c).unwrap()
}

fn dots(pairs: &[(&String, u32)]) -> Dots {
    pairs.iter().map(|(k, n)| ((*k).clone(), *n)).collect()
}

fn vote(b: &mut Board, who: usize, round: &str, d: Dots) {
    b.set_identity(key(who));
    b.submit_ballot(round, &d).unwrap();
}

/// Participants: 0 Anna, 1 Bernd, 2 Cem, 3 Dora, 4 Emil, 5 (no name), 6 Gülcan.
const NAMES: [(usize, &str); 6] = [
    (0, "Anna"),
    (1, "Bernd"),
    (2, "Cem"),
    (3, "Dora"),
    (4, "Emil"),
    (6, "Gülcan"),
];

/// The mayor's welcome (seed section 1), as the facilitator writes it into the agenda.
const WELCOME: &str = "Der Bürgermeister begrüßt die Teilnehmenden des Workshops sehr herzlich.";
/// The closing words (seed section 15).
const CLOSING: &str = "Die Moderatoren danken allen Teilnehmenden für zwei engagierte Tage.";

/// The seed workshop in small: cards, fields, a vote, the Bildung + Sprache merge, groups,
/// one worksheet of each template, two positioning exercises and the first day's agenda.
fn workshop() -> Board {
    let (env, hand) = clock();
    let mut b = Board::new("Integrationsworkshop Quakenbrück", env);
    for (i, name) in NAMES {
        b.set_identity(key(i));
        b.set_participant(name, "#336699").unwrap();
        // Who chose to be in the documentation's list of people (seed annex 1): not Cem,
        // Dora and Emil (who must then be named nowhere, see below).
        b.set_listed(matches!(i, 0 | 1 | 6)).unwrap();
    }
    b.set_identity(key(0));
    // Facts and figures on the wall (seed section 5): the town's statistics, pasted from a
    // spreadsheet, and the preparatory meeting's priorities, typed.
    b.add_table(
        "Statistische Daten aus Quakenbrück",
        "Kennzahl\tWert\nEinwohner\tca. 13.400\nAusländeranteil\tüber 12 %",
        0.0,
        2000.0,
    )
    .unwrap();
    b.add_table(
        "Prioritäten des Vorbereitungstreffens",
        "Priorität\nBewusstseinsbildung/Bürgeraufklärung\nBildung\nVernetzung und Steuerung",
        600.0,
        2000.0,
    )
    .unwrap();

    // The wall: five fields, cards in them, free cards.
    let bildung = b.add_cluster("Bildung", 0.0, 0.0).unwrap();
    let sprache = b.add_cluster("Sprache", 300.0, 0.0).unwrap();
    let fruh = b.add_cluster("Frühkindliche Bildung", 600.0, 0.0).unwrap();
    let arbeit = b.add_cluster("Arbeitsmarkt", 900.0, 0.0).unwrap();
    let segregation = b
        .add_cluster("Segregation entgegenwirken", 1200.0, 0.0)
        .unwrap();
    card(&mut b, "Zugang zur Bildung", Some(&bildung));
    card(
        &mut b,
        "Alle Kinder besuchen jeden Tag die Schule!",
        Some(&bildung),
    );
    card(&mut b, "Gleicher Zugang zu Sprache", Some(&sprache));
    card(&mut b, HOSTILE, Some(&sprache));
    card(
        &mut b,
        "Alle Kinder haben zwei Jahre den Kindergarten besucht.",
        Some(&fruh),
    );
    card(
        &mut b,
        "Quakenbrück als Wirtschaftsstandort interessanter machen",
        Some(&arbeit),
    );
    let toleranz = card(&mut b, "Toleranz", None);
    b.set_card_color(&toleranz, CardColor::Green).unwrap();
    card(&mut b, "Geduld\nund Offenheit", None);
    card(&mut b, "# Keine Gettoisierung", None);
    card(&mut b, "1. Willkommenskultur ausbauen!", None);
    let fields = [&bildung, &sprache, &fruh, &arbeit, &segregation];

    // Round 1, the seed's rules: four named ballots, then one a foreign client wrote.
    let prio = b
        .add_round(&RoundSettings::seed(
            "Welche Handlungsfelder sind am wichtigsten?",
        ))
        .unwrap();
    b.set_round_state(&prio, RoundState::Open).unwrap();
    let [bi, sp, fr, ar, _] = fields;
    vote(&mut b, 0, &prio, dots(&[(bi, 2), (sp, 2), (fr, 1)]));
    vote(&mut b, 1, &prio, dots(&[(bi, 2), (fr, 2), (ar, 1)]));
    vote(&mut b, 2, &prio, dots(&[(bi, 1), (fr, 2), (sp, 2)]));
    vote(&mut b, 3, &prio, dots(&[(bi, 2), (sp, 1), (ar, 1)]));
    {
        // Emil's client ignores the rules: six dots. The tally names him to the facilitator;
        // the documentation must not.
        let doc = b.doc();
        let ballots = doc.get_or_insert_map(board::schema::BALLOTS);
        let mut txn = doc.transact_mut();
        let ballot = ballots.insert(
            &mut txn,
            board::ballot_key(&prio, &key(4).id()),
            MapPrelim::from([("submitted", Any::from(true))]),
        );
        let over: Vec<(String, Any)> = [bi, sp, fr]
            .iter()
            .map(|f| ((*f).clone(), Any::from(2.0)))
            .collect();
        ballot.insert(&mut txn, "dots", over.into_iter().collect::<MapPrelim>());
    }
    b.set_round_state(&prio, RoundState::Closed).unwrap();
    b.set_round_state(&prio, RoundState::Revealed).unwrap();

    // After the vote, Bildung and Sprache become one field, as in the seed.
    let merged = b
        .merge_clusters(&[bildung.clone(), sprache.clone()], "Bildung / Sprache")
        .unwrap();
    card(&mut b, "Sprachförderung ab der Kita", Some(&merged));

    // Round 2: single cards, anonymous, results live; closed (so visible without reveal).
    let mut cards_round = RoundSettings::seed("Welche Karten sprechen Sie besonders an?");
    cards_round.target = Target::Cards;
    cards_round.anonymous = true;
    cards_round.live_results = true;
    cards_round.rules = Rules {
        dots: 2,
        max_per_item: 1,
        min_items: 0,
    };
    let kr = b.add_round(&cards_round).unwrap();
    b.set_round_state(&kr, RoundState::Open).unwrap();
    let items = b.ballot_items(&kr);
    let id_of = |text: &str| {
        items
            .iter()
            .find(|i| i.title == text)
            .map(|i| i.id.clone())
            .unwrap()
    };
    let (zugang, toleranz) = (id_of("Zugang zur Bildung"), id_of("Toleranz"));
    let hostile = id_of(HOSTILE);
    vote(&mut b, 0, &kr, dots(&[(&zugang, 1), (&toleranz, 1)]));
    vote(&mut b, 1, &kr, dots(&[(&hostile, 1), (&toleranz, 1)]));
    b.set_round_state(&kr, RoundState::Closed).unwrap();

    // Round 3: still open, results hidden: the documentation shows no ranking yet.
    let next = b
        .add_round(&RoundSettings::seed("Welche Gruppe stellt zuerst vor?"))
        .unwrap();
    b.set_round_state(&next, RoundState::Open).unwrap();
    vote(
        &mut b,
        2,
        &next,
        dots(&[(&merged, 2), (&fruh, 2), (&arbeit, 1)]),
    );

    // Round 4: a draft, not part of the documentation.
    b.add_round(&RoundSettings::seed("Entwurf einer weiteren Runde"))
        .unwrap();

    // Groups: two for fields, one for the process; Dora and Emil join none.
    let g_bs = b
        .add_group("Bildung / Sprache", Some(&merged), None)
        .unwrap();
    let g_fr = b
        .add_group("Frühkindliche Bildung", Some(&fruh), Some(6))
        .unwrap();
    let g_ps = b.add_group("Prozesssteuerung", None, None).unwrap();
    for (who, group) in [(0, &g_bs), (1, &g_bs), (2, &g_fr), (5, &g_ps), (6, &g_ps)] {
        b.set_identity(key(who));
        b.join_group(group).unwrap();
    }

    // Field analysis (one answer left empty, one on several lines).
    let fa = b
        .add_worksheet(Template::FieldAnalysis, "", Some(&merged), Some(&g_bs))
        .unwrap();
    for (q, a) in [
        ("projects", "Familienbesucherinnen\nFamilienklassenzimmer\nAusbildungspaten"),
        ("strengths", "Aufsuchende Arbeit, Brückenbauer mit Migrationshintergrund"),
        ("challenges", "- Schulverweigerung durch Schüler und Eltern\n- Zu wenig Unterstützung durch die Politik"),
        ("actors", "Schulen, Kindergarten, VHS, Vereine, FIZ"),
        ("gain", "Starke Eltern; bessere Zukunftsperspektiven für die Kinder"),
        ("risks", "Freiwilligkeit der Eltern | Elternwille"),
        ("evidence", "Regelmäßiger Schulbesuch, Schulabschlüsse"),
    ] {
        b.set_answer(&fa, q, a).unwrap();
    }

    // Goals: a complete Leitziel and one with gaps.
    let goals = b
        .add_worksheet(Template::Goals, "", Some(&merged), Some(&g_bs))
        .unwrap();
    let g1 = b.add_item(&goals, &[], list::GOALS, &["text"]).unwrap();
    let p1 = [(list::GOALS, g1.as_str())];
    b.set_item_text(
        &goals,
        &p1,
        "text",
        "Alle Kinder besuchen regelmäßig die Schule",
    )
    .unwrap();
    b.set_item_value(&goals, &p1, "year", Some(Any::from(2020.0)))
        .unwrap();
    for c in Criterion::ALL {
        b.set_smart(&goals, &p1, c, true).unwrap();
    }
    let a1 = b.add_item(&goals, &p1, list::ANNUAL, &["text"]).unwrap();
    let pa1 = [(list::GOALS, g1.as_str()), (list::ANNUAL, a1.as_str())];
    b.set_item_text(
        &goals,
        &pa1,
        "text",
        "„Runder Tisch“ → besserer Austausch → Maßnahmen",
    )
    .unwrap();
    b.set_item_value(&goals, &pa1, "due", Some(Any::from("2012-03-31")))
        .unwrap();
    for c in Criterion::ALL {
        b.set_smart(&goals, &pa1, c, true).unwrap();
    }
    let a2 = b.add_item(&goals, &p1, list::ANNUAL, &["text"]).unwrap();
    let pa2 = [(list::GOALS, g1.as_str()), (list::ANNUAL, a2.as_str())];
    b.set_item_text(
        &goals,
        &pa2,
        "text",
        "Reduzierung Anzahl der Schulverweigerer",
    )
    .unwrap();
    b.set_smart(&goals, &pa2, Criterion::Specific, true)
        .unwrap();
    b.set_smart(&goals, &pa2, Criterion::Terminated, true)
        .unwrap();
    for text in [
        "Verbesserte Schulabschlüsse (qualitativ, quantitativ)",
        "Schulsozialarbeit an jeder Schule",
    ] {
        let i = b
            .add_item(&goals, &p1, list::INDICATORS, &["text"])
            .unwrap();
        b.set_item_text(
            &goals,
            &[(list::GOALS, &g1), (list::INDICATORS, &i)],
            "text",
            text,
        )
        .unwrap();
    }
    let g2 = b.add_item(&goals, &[], list::GOALS, &["text"]).unwrap();
    let p2 = [(list::GOALS, g2.as_str())];
    b.set_item_text(
        &goals,
        &p2,
        "text",
        "Alle Bürger haben die deutsche Sprache gelernt",
    )
    .unwrap();
    b.set_smart(&goals, &p2, Criterion::Specific, true).unwrap();
    b.set_smart(&goals, &p2, Criterion::Attractive, true)
        .unwrap();
    let a3 = b.add_item(&goals, &p2, list::ANNUAL, &["text"]).unwrap();
    b.set_item_text(
        &goals,
        &[(list::GOALS, &g2), (list::ANNUAL, &a3)],
        "text",
        "Sprachkurse vor Ort",
    )
    .unwrap();
    b.set_item_value(
        &goals,
        &[(list::GOALS, &g2), (list::ANNUAL, &a3)],
        "due",
        Some(Any::from("Herbst 2011")),
    )
    .unwrap();

    // Action plan for the other field.
    let plan = b
        .add_worksheet(Template::ActionPlan, "", Some(&fruh), Some(&g_fr))
        .unwrap();
    for (q, a) in [
        (
            "goal",
            "Feste, langfristige Ansprechpartner für alle Kitas und Schulen",
        ),
        ("steps", "- Finanzierung sicherstellen\n- Konzept erstellen"),
        ("who", "a) Prozess: Politik\nb) Aktion: Akteure"),
        ("resources", "1 volle Stelle"),
        ("when", "Zeitnah"),
    ] {
        b.set_answer(&plan, q, a).unwrap();
    }

    // The process group's sheets: steering, obstacles, a custom one.
    let steering = b
        .add_worksheet(Template::Steering, "", None, Some(&g_ps))
        .unwrap();
    for (who, count) in [
        ("Migranten", 3.0),
        ("Rat", 3.0),
        ("Träger", 3.0),
        ("Verwaltung", 2.0),
    ] {
        let s = b.add_item(&steering, &[], list::SEATS, &["who"]).unwrap();
        b.set_item_text(&steering, &[(list::SEATS, &s)], "who", who)
            .unwrap();
        b.set_item_value(
            &steering,
            &[(list::SEATS, &s)],
            "count",
            Some(Any::from(count)),
        )
        .unwrap();
    }
    for task in [
        "Informationsaustausch",
        "Evaluation / Zielerreichung",
        "Öffentlichkeitsarbeit",
    ] {
        let t = b.add_item(&steering, &[], list::TASKS, &["text"]).unwrap();
        b.set_item_text(&steering, &[(list::TASKS, &t)], "text", task)
            .unwrap();
    }
    for (date, text) in [
        ("2011-04", "Dokumentation des Workshops"),
        ("2011-06-30", "Ratsbeschluss"),
        ("2012", "Zukunftsgipfel"),
    ] {
        let m = b
            .add_item(&steering, &[], list::MILESTONES, &["text"])
            .unwrap();
        b.set_item_text(&steering, &[(list::MILESTONES, &m)], "text", text)
            .unwrap();
        b.set_item_value(
            &steering,
            &[(list::MILESTONES, &m)],
            "date",
            Some(Any::from(date)),
        )
        .unwrap();
    }
    let obstacles = b
        .add_worksheet(Template::Obstacles, "", None, Some(&g_ps))
        .unwrap();
    for (obstacle, solution) in [
        (
            "fehlende Kommunikation",
            "- Brücken bauen\n- Stammtische organisieren",
        ),
        (
            "kein Geld für Personal- und Sozialarbeit",
            "Umverteilung von finanziellen Mitteln",
        ),
        ("„Macher“ fehlt", ""),
    ] {
        let r = b
            .add_item(&obstacles, &[], list::ROWS, &["obstacle", "solution"])
            .unwrap();
        b.set_item_text(&obstacles, &[(list::ROWS, &r)], "obstacle", obstacle)
            .unwrap();
        b.set_item_text(&obstacles, &[(list::ROWS, &r)], "solution", solution)
            .unwrap();
    }
    let custom = b
        .add_worksheet(
            Template::Custom,
            "Nachhaltigkeit sichern",
            None,
            Some(&g_ps),
        )
        .unwrap();
    for (question, answer) in [
        ("Wer lädt zum nächsten Treffen ein?", "Die Stadt"),
        ("Wann ist der Zukunftsgipfel?", ""),
    ] {
        let q = b
            .add_item(&custom, &[], list::QUESTIONS, &["text"])
            .unwrap();
        b.set_item_text(&custom, &[(list::QUESTIONS, &q)], "text", question)
            .unwrap();
        b.set_answer(&custom, &q, answer).unwrap();
    }

    // Feedback belongs to no field or group.
    let feedback = b.add_worksheet(Template::Feedback, "", None, None).unwrap();
    for s in [
        "Thematik sehr ernst genommen",
        "Wer fängt Montag mit was an?",
        "- bleibe skeptisch hinsichtlich Erfolg",
    ] {
        let i = b
            .add_item(&feedback, &[], list::STATEMENTS, &["text"])
            .unwrap();
        b.set_item_text(&feedback, &[(list::STATEMENTS, &i)], "text", s)
            .unwrap();
    }

    let walk = positioning(&mut b);
    agenda(&mut b, &hand, &walk, &prio);
    b.set_identity(key(0));
    b
}

fn stand(b: &mut Board, who: usize, exercise: &str, question: &str, at: usize) {
    b.set_identity(key(who));
    b.answer(exercise, question, at).unwrap();
}

/// The seed's biographical walk (named), two questions; and an anonymous one-question
/// scale. Dora and Emil stand in the walk, so the named exercise must not name them.
/// Returns the walk's id.
fn positioning(b: &mut Board) -> String {
    let places: Vec<String> = PLACES.map(str::to_owned).to_vec();
    let walk = b.add_exercise("Biographische Wanderung", false).unwrap();
    let parents = b
        .add_question(
            &walk,
            "Wo wurde der Elternteil geboren, der am weitesten von Quakenbrück entfernt geboren wurde?",
            &places,
            false,
        )
        .unwrap();
    let own = b
        .add_question(&walk, "Wo sind Sie selbst geboren?", &places, false)
        .unwrap();
    b.open_question(&walk, &parents).unwrap();
    // Anna, Bernd, Cem, Dora, Emil, Gülcan; the person without a name comes late.
    for (who, at) in [(0, 4), (1, 4), (2, 3), (3, 0), (4, 1), (6, 4)] {
        stand(b, who, &walk, &parents, at);
    }
    b.open_question(&walk, &own).unwrap();
    // Gülcan has left; Anna and Cem were born in Quakenbrück, Dora and Emil stay, Bernd too.
    for (who, at) in [(0, 0), (1, 4), (2, 0), (3, 0), (4, 1), (5, 2)] {
        stand(b, who, &walk, &own, at);
    }
    b.close_question(&walk).unwrap();

    let mood = b.add_exercise("Stimmung zum Start", true).unwrap();
    let scale: Vec<String> = ["gar nicht", "etwas", "ziemlich", "sehr"]
        .map(str::to_owned)
        .to_vec();
    let hope = b
        .add_question(
            &mood,
            "Wie zuversichtlich sind Sie für die Integration in Quakenbrück?",
            &scale,
            true,
        )
        .unwrap();
    b.open_question(&mood, &hope).unwrap();
    for (who, at) in [(0, 3), (1, 2), (2, 2)] {
        stand(b, who, &mood, &hope, at);
    }
    walk
}

/// The two days' agenda (seed sections 2 and 9), the facilitator starting five of the first
/// day's seven steps at these UTC times (the walk and the vote ran over) and the second
/// day's opening.
fn agenda(b: &mut Board, hand: &AtomicU64, walk: &str, prio: &str) {
    let steps = [
        (
            "14:00",
            "Begrüßung, Programm",
            Some(15),
            Activity::Wall,
            None,
            Some("13:02"),
        ),
        (
            "14:15",
            "Vorstellungsrunde „Deutschland-Welt-Karte“",
            Some(30),
            Activity::Exercise,
            Some(walk),
            Some("13:17"),
        ),
        (
            "14:45",
            "Handlungsfelder identifizieren",
            Some(45),
            Activity::Wall,
            None,
            Some("13:58"),
        ),
        (
            "15:30",
            "Handlungsfelder gewichten",
            Some(20),
            Activity::Round,
            Some(prio),
            Some("14:40"),
        ),
        (
            "16:00",
            "Erste Analyse der Handlungsfelder",
            Some(60),
            Activity::Worksheets,
            None,
            Some("15:05"),
        ),
        (
            "17:30",
            "Feedback",
            Some(15),
            Activity::Feedback,
            None,
            None,
        ),
        ("18:00", "Ende", None, Activity::Wall, None, None),
    ];
    // The second day (seed section 9), typed before the first day's steps: the agenda still
    // lists it second.
    let second = b.add_day().unwrap();
    b.set_day_date(board::FIRST_DAY, "2011-03-11").unwrap();
    b.set_day_date(&second, "2011-03-12").unwrap();
    // Each day's goals (seed sections 2 and 9).
    b.set_day_goals(
        board::FIRST_DAY,
        "Das erste Modul verfolgt das Ziel zu sensibilisieren und zu positionieren.",
    )
    .unwrap();
    b.set_day_goals(
        &second,
        "- Integration strategisch angehen\n- Prozesssteuerung konkretisieren",
    )
    .unwrap();
    let mut opening = String::new();
    for (start, title, minutes, activity) in [
        (
            "09:00",
            "Eröffnung des zweiten Tages: Ziele, Ablauf",
            Some(30),
            Activity::Wall,
        ),
        ("12:00", "Mittagessen", Some(45), Activity::Wall),
        (
            "12:45",
            "Interkulturelle Übung",
            Some(30),
            Activity::Exercise,
        ),
        ("14:00", "Abschluss", None, Activity::Feedback),
    ] {
        // The facilitators' closing words (seed section 15) stand at the last step.
        let text = if title == "Abschluss" {
            CLOSING.into()
        } else {
            String::new()
        };
        let plan = StepPlan {
            day: second.clone(),
            start: start.into(),
            title: title.into(),
            minutes,
            activity,
            target: None,
            text,
        };
        let id = b.add_step(&plan).unwrap();
        if opening.is_empty() {
            opening = id;
        }
    }
    let mut starts = Vec::new();
    for (start, title, minutes, activity, target, started) in steps {
        // The welcome (seed section 1) stands at the first step.
        let text = if start == "14:00" {
            WELCOME.to_owned()
        } else {
            String::new()
        };
        let plan = StepPlan {
            start: start.into(),
            title: title.into(),
            minutes,
            activity,
            target: target.map(str::to_owned),
            text,
            ..StepPlan::default()
        };
        let id = b.add_step(&plan).unwrap();
        starts.extend(started.map(|t| (id, t)));
    }
    for (id, utc) in starts {
        let (h, m) = utc.split_once(':').unwrap();
        let (h, m): (u64, u64) = (h.parse().unwrap(), m.parse().unwrap());
        hand.store(MORNING + ((h - 9) * 60 + m) * 60_000, Ordering::Relaxed);
        b.start_step(&id).unwrap();
    }
    // 12 March, 8:04 UTC: the day before's last started step does not run over into it.
    hand.store(MORNING + 86_400_000 - 56 * 60_000, Ordering::Relaxed);
    b.start_step(&opening).unwrap();
}

fn golden(name: &str, actual: &str) {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "golden", name]
        .iter()
        .collect();
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_GOLDEN=1 to create it)",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b);
        panic!(
            "{name} differs from the golden file (first at line {}); rerun with UPDATE_GOLDEN=1 \
             and review the diff.\n--- actual ---\n{actual}",
            line.map_or(expected.lines().count().min(actual.lines().count()), |l| l) + 1
        );
    }
}

/// Ids are random on every run, so they must never reach the documentation.
fn assert_no_ids(b: &Board, doc: &str) {
    let mut ids: Vec<String> = b.cards().into_iter().map(|c| c.id).collect();
    ids.extend(b.clusters().into_iter().map(|c| c.id));
    ids.extend(b.rounds().into_iter().map(|r| r.id));
    ids.extend(b.groups().into_iter().map(|g| g.id));
    ids.extend(b.worksheets().into_iter().map(|w| w.id));
    ids.extend(b.agenda().into_iter().map(|s| s.id));
    for e in b.exercises() {
        ids.extend((0..7).map(|i| key(i).pseudonym(&e.id)));
        ids.extend(e.questions.into_iter().map(|q| q.id));
        ids.push(e.id);
    }
    ids.extend((0..7).map(|i| key(i).id()));
    for id in ids {
        assert!(!doc.contains(&id), "id {id} in the documentation");
    }
}

#[test]
fn markdown_and_html_match_the_golden_files() {
    let b = workshop();
    for (lang, code, date) in [
        (Language::De, "de", "12. März 2011"),
        (Language::En, "en", "12 March 2011"),
    ] {
        let md = export::markdown(&b, lang, &cet(date));
        let html = export::html(&b, lang, &cet(date));
        assert_no_ids(&b, &md);
        assert_no_ids(&b, &html);
        golden(&format!("documentation.{code}.md"), &md);
        golden(&format!("documentation.{code}.html"), &html);
    }
}

#[test]
fn the_documentation_follows_the_seed_and_keeps_votes_aggregate() {
    let b = workshop();
    let md = export::markdown(&b, Language::De, &cet("12. März 2011"));
    let order = [
        "# Integrationsworkshop Quakenbrück",
        "Dokumentation vom 12. März 2011",
        "## Ziele und Tagesstruktur",
        "### Tag 1 · 11. März 2011",
        "#### Ziele",
        "Das erste Modul verfolgt das Ziel zu sensibilisieren und zu positionieren.",
        "#### Tagesstruktur",
        "| 14:00 | Begrüßung, Programm | 15 Min. | Wand | 14:02 |",
        "| Aufstellung: Biographische Wanderung | 14:17 (11 Min. überzogen) |",
        "| Punktabfrage: Welche Handlungsfelder sind am wichtigsten? | 15:40 (5 Min. überzogen) |",
        "| 17:30 | Feedback | 15 Min. | Feedback | nicht gestartet |",
        "| 18:00 | Ende | — | Wand | nicht gestartet |",
        // The welcome, at its step's place in the day.
        "#### 14:00 · Begrüßung, Programm",
        WELCOME,
        "### Tag 2 · 12. März 2011",
        "#### Ziele",
        "- Integration strategisch angehen\n- Prozesssteuerung konkretisieren",
        "| 09:00 | Eröffnung des zweiten Tages: Ziele, Ablauf | 30 Min. | Wand | 09:04 |",
        "| 14:00 | Abschluss | — | Feedback | nicht gestartet |",
        "#### 14:00 · Abschluss",
        CLOSING,
        "## Aufstellungen",
        "### Biographische Wanderung",
        "**Antworten:** namentlich (hier nur gezählt)",
        "#### Frage 1: Wo wurde der Elternteil geboren",
        "| Ausland | 3 |",
        "| **Summe** | **6** |",
        "#### Frage 2: Wo sind Sie selbst geboren?",
        "| Quakenbrück | 3 |",
        "#### Wie sich die Gruppe bewegt hat",
        "##### Frage 1 → Frage 2",
        "5 Personen haben beide Fragen beantwortet: 2 haben den Platz gewechselt, 3 sind geblieben. \
         1 Person hat nur Frage 1 beantwortet. 1 Person hat nur Frage 2 beantwortet.",
        "| Deutschland | Quakenbrück | 1 |",
        "| Ausland | Quakenbrück | 1 |",
        "| Ausland | Ausland | 1 |",
        "### Stimmung zum Start",
        "**Antworten:** anonym",
        // The facts tables of the seed's section 5.
        "## Daten und Fakten",
        "### Statistische Daten aus Quakenbrück",
        "| Einwohner | ca. 13.400 |",
        "### Prioritäten des Vorbereitungstreffens",
        "| Bewusstseinsbildung/Bürgeraufklärung |",
        "| Vernetzung und Steuerung |",
        "## Rubriken / Handlungsfelder",
        "### Bildung / Sprache",
        "*aus Bildung + Sprache*",
        "## Punktabfragen",
        "### Welche Handlungsfelder sind am wichtigsten?",
        "| 1 | Bildung / Sprache | 12 | 4 | Bildung (7) + Sprache (5) |",
        "### Welche Karten sprechen Sie besonders an?",
        "### Welche Gruppe stellt zuerst vor?",
        "Das Ergebnis ist noch nicht aufgedeckt.",
        "## Zusammengelegte Handlungsfelder",
        "- Bildung + Sprache → Bildung / Sprache",
        "## Arbeitsgruppen",
        "## Arbeitsblätter",
        "### Handlungsfeld: Bildung / Sprache",
        "#### Analyse des Handlungsfelds",
        "#### Leitziele und Jahresziele",
        "### Handlungsfeld: Frühkindliche Bildung",
        "#### Maßnahme",
        "### Arbeitsgruppe: Prozesssteuerung",
        "#### Hindernisse und Lösungen",
        "#### Prozesssteuerung",
        "#### Nachhaltigkeit sichern",
        "### Weitere Arbeitsblätter",
        "#### Feedback",
        // Annex 1: those who chose to be listed, and no one else.
        "## Anlage: Liste der Teilnehmenden",
        "- Anna\n- Bernd\n- Gülcan\n",
    ];
    let mut at = 0;
    for part in order {
        let found = md[at..]
            .find(part)
            .unwrap_or_else(|| panic!("{part:?} missing or out of order\n{md}"));
        at += found + part.len();
    }
    assert!(md.contains("4 gezählt, 1 ungültig (nicht gezählt)"), "{md}");
    assert!(md.contains("| **Summe** | **11** |"), "{md}");
    assert!(
        !md.contains("Entwurf einer weiteren Runde"),
        "drafts are not documented"
    );
    assert!(
        !md.contains("| Niedersachsen | Niedersachsen |"),
        "only moves that happened are listed"
    );
    for name in ["Dora", "Emil"] {
        // They voted (Emil invalidly) and stood in the named walk, but joined no group and
        // chose not to be in the list of people: nothing may name them.
        assert!(!md.contains(name), "{name} named in the documentation");
        assert!(!export::html(&b, Language::En, &ExportContext::default()).contains(name));
    }
    let en = export::markdown(&b, Language::En, &ExportContext::default());
    assert!(
        en.starts_with("# Integrationsworkshop Quakenbrück\n\nDocumentation\n"),
        "{en}"
    );
    assert!(en.contains("#### Field analysis") && en.contains("| Question | Answer |"));
    assert!(
        en.contains("## Goals and structure of the days")
            && en.contains("| 18:00 | Ende | — | Wall | not started |")
    );
    let at = |needle: &str| {
        en.find(needle)
            .unwrap_or_else(|| panic!("no {needle}: {en}"))
    };
    assert!(at("### Day 1 · 11 March 2011") < at("| 14:00 | Begrüßung, Programm |"));
    assert!(at("| 18:00 | Ende |") < at("### Day 2 · 12 March 2011"));
    assert!(
        at("### Day 2 · 12 March 2011")
            < at("| 09:00 | Eröffnung des zweiten Tages: Ziele, Ablauf | 30 min | Wall | 08:04 |")
    );
    assert!(
        at("| 12:00 | Mittagessen |") < at("| 14:00 | Abschluss | — | Feedback | not started |")
    );
    assert!(
        en.contains("| Positioning: Biographische Wanderung | 13:17 (11 min over) |"),
        "UTC by default: {en}"
    );
    assert!(en.contains(
        "5 people answered both questions: 2 moved, 3 stayed. 1 person answered only question 1."
    ));
}

#[test]
fn the_agenda_shows_when_steps_started_in_the_viewers_time_zone() {
    let b = workshop();
    let row = |offset: i32| {
        let md = export::markdown(&b, Language::De, &ExportContext::new("", offset));
        let line = md
            .lines()
            .find(|l| l.contains("| Begrüßung, Programm |"))
            .unwrap_or_else(|| panic!("no agenda row\n{md}"))
            .to_owned();
        line.rsplit('|')
            .nth(1)
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    // Quakenbrück in March, in summer, New York, Kathmandu; the same instant, 13:02 UTC.
    assert_eq!(row(60), "14:02");
    assert_eq!(row(120), "15:02");
    assert_eq!(row(-300), "08:02");
    assert_eq!(row(345), "18:47");
    assert_eq!(row(0), "13:02");
    let html = export::html(&b, Language::En, &ExportContext::new("", 120));
    assert!(
        html.contains("<td>Positioning: Biographische Wanderung</td><td>15:17 (11 min over)</td>"),
        "{html}"
    );
}

#[test]
fn hostile_text_is_escaped_in_html_and_markdown() {
    let b = workshop();
    let html = export::html(&b, Language::De, &cet("<b>heute</b>"));
    assert!(!html.contains("<script>"), "no live script tag");
    assert!(html.contains(
        "Sprachkurse &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Kita | Schule"
    ));
    assert!(html.contains("Dokumentation vom &lt;b&gt;heute&lt;/b&gt;"));
    assert!(
        html.contains("<li>Geduld<br>und Offenheit</li>"),
        "line breaks kept"
    );
    let md = export::markdown(&b, Language::De, &cet(""));
    assert!(
        md.contains("- Sprachkurse \\<script>alert('x')\\</script> & Kita \\| Schule\n"),
        "{md}"
    );
    assert!(md.contains("- \\# Keine Gettoisierung\n"), "{md}");
    assert!(md.contains("- 1\\. Willkommenskultur ausbauen!\n"), "{md}");
    assert!(md.contains("| Welche Hindernisse und Risiken müssen wir bei der Weiterentwicklung beachten? | Freiwilligkeit der Eltern \\| Elternwille |"), "{md}");
    assert!(
        md.contains("Familienbesucherinnen<br>Familienklassenzimmer<br>Ausbildungspaten"),
        "{md}"
    );
    assert!(
        md.contains("| Welche Entwicklungspotenziale sehen Sie noch? | — |"),
        "empty answers show a dash"
    );
}

#[test]
fn an_empty_board_gives_a_short_document() {
    let b = Board::new("", env());
    let md = export::markdown(&b, Language::En, &cet("1 January 2026"));
    assert_eq!(
        md,
        "# Untitled board\n\nDocumentation as of 1 January 2026\n"
    );
    let html = export::html(&b, Language::De, &ExportContext::default());
    assert!(html.contains("<html lang=\"de\">") && html.contains("<h1>Ohne Titel</h1>"));
    assert!(html.contains("<main>\n</main>"));
}

#[test]
fn a_document_written_by_another_tool_is_exported_without_panicking() {
    let b = workshop();
    {
        let doc = b.doc();
        // Root maps first: fetching one needs the document, which the transaction holds.
        let cards = doc.get_or_insert_map(board::schema::CARDS);
        let sheets = doc.get_or_insert_map(board::schema::WORKSHEETS);
        let rounds = doc.get_or_insert_map(board::schema::ROUNDS);
        let agenda = doc.get_or_insert_map(board::schema::AGENDA);
        let exercises = doc.get_or_insert_map(board::schema::EXERCISES);
        let answers = doc.get_or_insert_map(board::schema::ANSWERS);
        let mut txn = doc.transact_mut();
        agenda.insert(&mut txn, "junk", "not a step");
        agenda.insert(
            &mut txn,
            "odd",
            MapPrelim::from([
                ("started", Any::from("früh")),
                ("minutes", Any::from(-5.0)),
                ("activity", Any::from("dance")),
                ("target", Any::from("nowhere")),
            ]),
        );
        exercises.insert(&mut txn, "junk", 7);
        let odd = exercises.insert(
            &mut txn,
            "odd",
            MapPrelim::from([("title", Any::from(3.0))]),
        );
        odd.insert(
            &mut txn,
            "questions",
            MapPrelim::from([("q", Any::from("not a map"))]),
        );
        answers.insert(&mut txn, "odd/q/x", "Ausland");
        answers.insert(&mut txn, "odd/q/y", 99.0);
        cards.insert(&mut txn, "junk", 5);
        cards.insert(&mut txn, "empty", MapPrelim::default());
        sheets.insert(
            &mut txn,
            "future",
            MapPrelim::from([("template", Any::from("kanban"))]),
        );
        let broken = sheets.insert(
            &mut txn,
            "broken",
            MapPrelim::from([("template", Any::from("goals"))]),
        );
        broken.insert(
            &mut txn,
            "goals",
            MapPrelim::from([("g", Any::from("not a map"))]),
        );
        rounds.insert(
            &mut txn,
            "odd",
            MapPrelim::from([("state", Any::from("revealed")), ("dots", Any::from(-3.0))]),
        );
    }
    let md = export::markdown(&b, Language::De, &cet(""));
    assert!(
        md.contains("#### Arbeitsblatt\n\nNoch keine Einträge."),
        "{md}"
    );
    export::html(&b, Language::En, &cet(""));
}

#[test]
fn json_holds_the_whole_board_with_sorted_keys() {
    let b = workshop();
    let json = export::json(&b);
    let Ok(Any::Map(root)) = Any::from_json(&json) else {
        panic!("not a JSON object:\n{json}")
    };
    // Every root map is there (new ones may join: the export dumps whatever the document has).
    for name in [
        "agenda",
        "answers",
        "ballots",
        "cards",
        "clusters",
        "exercises",
        "flow",
        "groups",
        "memberships",
        "meta",
        "participants",
        "rounds",
        "schema",
        "worksheets",
    ] {
        assert!(root.contains_key(name), "{name} missing");
    }
    assert!(
        matches!(root.get("schema"), Some(Any::Number(n)) if *n == yrs::any::Number::Float(1.0) || *n == yrs::any::Number::Int(1))
    );
    let Some(Any::Map(cards)) = root.get("cards") else {
        panic!("cards")
    };
    let texts: Vec<String> = cards
        .values()
        .filter_map(|c| match c {
            Any::Map(c) => match c.get("text") {
                Some(Any::String(t)) => Some(t.to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    for card in b.cards() {
        assert!(texts.contains(&card.text), "{} missing", card.text);
    }
    assert!(json.contains("\"Welche Handlungsfelder sind am wichtigsten?\""));
    assert!(json.contains("\"Vorstellungsrunde „Deutschland-Welt-Karte“\""));
    assert!(
        json.contains("\"started\": 1299848520"),
        "when the first step started"
    );
    // Answers: the named walk's under participant ids, like named ballots; the anonymous
    // exercise's under pseudonyms that no participant id or name leads to.
    let Some(Any::Map(answers)) = root.get("answers") else {
        panic!("answers")
    };
    let exercises = b.exercises();
    let walk = &exercises[0];
    let mood = &exercises[1];
    assert!(!walk.anonymous && mood.anonymous);
    assert_eq!(answers.len(), 6 + 6 + 3);
    for k in answers.keys() {
        let voter = k.rsplit('/').next().unwrap_or_default();
        let named = (0..7).any(|i| key(i).id() == voter);
        assert_eq!(named, k.starts_with(&walk.id), "{k}");
        if k.starts_with(&mood.id) {
            assert!((0..7).any(|i| key(i).pseudonym(&mood.id) == voter), "{k}");
        }
    }
    assert!(json.contains("Sprachkurse <script>alert('x')</script> & Kita | Schule"));
    // Sorted keys: "ballots" comes before "cards" at the top level, and the export is stable.
    assert!(json.find("\"ballots\"") < json.find("\"cards\""));
    assert_eq!(json, export::json(&b));
    assert!(json.ends_with("}\n"));
}

#[test]
fn today_is_formatted_for_the_export() {
    assert_eq!(
        format_date(1_299_888_000_000.0, Language::De),
        "12. März 2011"
    );
    assert_eq!(
        format_date(1_299_888_000_000.0, Language::En),
        "12 March 2011"
    );
    assert_eq!(
        format_date(1_798_243_200_000.0, Language::De),
        "26. Dezember 2026"
    );
}
