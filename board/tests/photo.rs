//! The photo record (Fotoprotokoll): the SVG of a wall with regions (one locked), fields,
//! free cards and the dots of a revealed round, compared with golden files; dots of rounds
//! not revealed stay off the picture; facts tables stand on it; user text is escaped; the
//! print documentation holds one picture per region on landscape pages. `UPDATE_GOLDEN=1 cargo test -p board --test
//! photo` rewrites the golden files in tests/golden/.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use board::export::{self, ExportContext};
use board::{
    photo, Board, BoardEnv, CardColor, Dots, Language, NewCard, ParticipantKey, RoundSettings,
    RoundState,
};

fn env() -> BoardEnv {
    let t = Arc::new(AtomicU64::new(1_299_834_000_000));
    BoardEnv::new(Arc::new(move || t.fetch_add(1, Ordering::Relaxed)))
}

fn key(n: usize) -> ParticipantKey {
    ParticipantKey::from_secret(&format!("photoparticipant{n:0>16}")).expect("valid secret")
}

fn card(b: &mut Board, text: &str, x: f64, y: f64, cluster: Option<&str>) -> String {
    let mut c = NewCard::new(text, x, y);
    c.cluster = cluster.map(str::to_owned);
    b.add_card(c).unwrap()
}

fn vote(b: &mut Board, who: usize, round: &str, pairs: &[(&String, u32)]) {
    b.set_identity(key(who));
    let dots: Dots = pairs.iter().map(|(k, n)| ((*k).clone(), *n)).collect();
    b.submit_ballot(round, &dots).unwrap();
}

/// The seed's first day in small: a locked region of prepared facts, a region where the
/// room collected and sorted, a free card outside both, one revealed round and one still
/// closed.
struct Wall {
    board: Board,
    facts: String,
    collect: String,
    rounds: (String, String),
    fields: Vec<String>,
}

fn wall() -> Wall {
    let mut b = Board::new("Integrationsworkshop Quakenbrück", env());
    for (i, name) in [(0, "Anna"), (1, "Bernd"), (2, "Cem")] {
        b.set_identity(key(i));
        b.set_participant(name, "#336699").unwrap();
    }
    b.set_identity(key(0));
    b.set_facilitator(true);
    let facts = b
        .add_region("Daten und Fakten", 0.0, 0.0, 620.0, 520.0)
        .unwrap();
    let collect = b
        .add_region("Tag 1: Sammeln", 700.0, 0.0, 900.0, 700.0)
        .unwrap();

    // Prepared and locked: a field of figures, a locked free card.
    let stats = b.add_cluster("Zahlen", 30.0, 40.0).unwrap();
    card(
        &mut b,
        "Anteil mit Migrationshintergrund: 27 %",
        0.0,
        0.0,
        Some(&stats),
    );
    card(&mut b, "Einwohner: 13.000", 0.0, 0.0, Some(&stats));
    let note = card(&mut b, "Quelle: Landesamt für Statistik", 320.0, 60.0, None);
    b.set_card_locked(&note, true).unwrap();
    b.set_region_locked(&facts, true).unwrap();

    // What the room wrote and sorted.
    let bildung = b.add_cluster("Bildung", 730.0, 40.0).unwrap();
    let sprache = b.add_cluster("Sprache", 1010.0, 40.0).unwrap();
    let arbeit = b.add_cluster("Arbeitsmarkt", 1290.0, 40.0).unwrap();
    card(
        &mut b,
        "Alle Kinder besuchen jeden Tag die Schule!",
        0.0,
        0.0,
        Some(&bildung),
    );
    card(&mut b, "Zugang zur Bildung", 0.0, 0.0, Some(&bildung));
    card(
        &mut b,
        "Gleicher Zugang zu Sprache",
        0.0,
        0.0,
        Some(&sprache),
    );
    card(
        &mut b,
        "Quakenbrück als Wirtschaftsstandort interessanter machen",
        0.0,
        0.0,
        Some(&arbeit),
    );
    let toleranz = card(&mut b, "Toleranz", 1010.0, 420.0, None);
    b.set_card_color(&toleranz, CardColor::Green).unwrap();
    let pink = card(&mut b, "Geduld\nund Offenheit", 1290.0, 420.0, None);
    b.set_card_color(&pink, CardColor::Pink).unwrap();
    card(&mut b, "Parkplatz: später klären", 1700.0, 100.0, None);

    // Round 1, revealed: its dots are on the wall.
    let prio = b
        .add_round(&RoundSettings::seed(
            "Welche Handlungsfelder sind am wichtigsten?",
        ))
        .unwrap();
    b.set_round_state(&prio, RoundState::Open).unwrap();
    vote(
        &mut b,
        0,
        &prio,
        &[(&bildung, 2), (&sprache, 2), (&arbeit, 1)],
    );
    vote(
        &mut b,
        1,
        &prio,
        &[(&bildung, 2), (&sprache, 1), (&arbeit, 2)],
    );
    vote(
        &mut b,
        2,
        &prio,
        &[(&bildung, 1), (&stats, 2), (&sprache, 2)],
    );
    b.set_identity(key(0));
    b.set_round_state(&prio, RoundState::Closed).unwrap();
    b.set_round_state(&prio, RoundState::Revealed).unwrap();

    // Round 2, closed and not revealed: nobody has seen its dots.
    let later = b
        .add_round(&RoundSettings::seed("Welche Gruppe stellt zuerst vor?"))
        .unwrap();
    b.set_round_state(&later, RoundState::Open).unwrap();
    vote(
        &mut b,
        1,
        &later,
        &[(&arbeit, 2), (&stats, 2), (&bildung, 1)],
    );
    b.set_identity(key(0));
    b.set_round_state(&later, RoundState::Closed).unwrap();
    Wall {
        board: b,
        facts,
        collect,
        rounds: (prio, later),
        fields: vec![bildung, sprache, arbeit, stats],
    }
}

fn golden(name: &str, actual: &str) {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "golden", name]
        .iter()
        .collect();
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_GOLDEN=1 to create it)",
            path.display()
        )
    });
    assert!(expected == actual, "{name} differs from the golden file; rerun with UPDATE_GOLDEN=1 and review the diff.\n--- actual ---\n{actual}");
}

/// The text of every `<text>` element, in order.
fn texts(svg: &str) -> Vec<&str> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            t.split_once('>')
                .and_then(|(_, rest)| rest.split_once("</text>"))
                .map(|(text, _)| text)
        })
        .collect()
}

#[test]
fn the_whole_wall_and_a_region_match_the_golden_files() {
    let w = wall();
    let whole = photo::wall(&w.board, Language::De).unwrap();
    golden("photo.wall.de.svg", &format!("{}\n", whole.svg));
    let facts = photo::region(&w.board, &w.facts, Language::En).unwrap();
    golden("photo.region.en.svg", &format!("{}\n", facts.svg));
    // Drawn from the document: the same board gives the same bytes.
    assert_eq!(photo::wall(&w.board, Language::De).unwrap(), whole);
}

#[test]
fn the_picture_shows_fields_cards_regions_dots_and_locks() {
    let w = wall();
    let svg = photo::wall(&w.board, Language::De).unwrap().svg;
    let all = texts(&svg);
    for title in [
        "Daten und Fakten",
        "Tag 1: Sammeln",
        "Zahlen",
        "Bildung",
        "Sprache",
        "Arbeitsmarkt",
        "Toleranz",
    ] {
        assert!(all.contains(&title), "{title} in {all:?}");
    }
    assert!(all.contains(&"Einwohner: 13.000"));
    assert!(
        all.contains(&"Parkplatz: später") && all.contains(&"klären"),
        "the free card outside the regions"
    );
    // Wrapped, not cut: every word of a long card is there.
    let words: String = all.join(" ");
    assert!(
        words.contains("Quakenbrück als") && words.contains("interessanter machen"),
        "{words}"
    );
    assert!(
        all.contains(&"Geduld") && all.contains(&"und Offenheit"),
        "its own line break kept"
    );
    // Round 1's points: Bildung 5, Sprache 5, Arbeitsmarkt 3, Zahlen 2; round 2's never.
    let tally = w.board.tally(&w.rounds.0).unwrap();
    for (field, points) in w.fields.iter().zip([5, 5, 3, 2]) {
        assert_eq!(
            tally.items.iter().find(|i| &i.id == field).unwrap().points,
            points
        );
    }
    let mut numbers: Vec<&str> = all
        .iter()
        .copied()
        .filter(|t| t.parse::<u32>().is_ok())
        .collect();
    numbers.sort_unstable();
    assert_eq!(
        numbers,
        ["2", "3", "5", "5"],
        "one dot badge per field of the revealed round"
    );
    assert!(
        all.contains(&"Punkte: Welche Handlungsfelder sind am wichtigsten?"),
        "the legend names the round"
    );
    assert!(
        !svg.contains("Welche Gruppe stellt zuerst vor?"),
        "the closed round is not on the picture"
    );
    // Locks: the locked region's heading and the card locked by itself (the field in the
    // locked region shows it too); nothing in the open region.
    assert_eq!(
        svg.matches("<title>festgesetzt</title>").count(),
        3,
        "{svg}"
    );
    assert!(
        svg.contains("stroke-dasharray"),
        "the open region's frame is dashed"
    );
}

#[test]
fn dots_of_a_round_not_revealed_are_not_drawn() {
    let mut w = wall();
    let b = &mut w.board;
    let (prio, later) = w.rounds.clone();
    b.set_round_state(&prio, RoundState::Closed).unwrap();
    let svg = photo::wall(b, Language::De).unwrap().svg;
    assert!(
        !svg.contains("<circle"),
        "no dots while no round is revealed"
    );
    assert!(!svg.contains("Punkte:"), "no legend either");
    b.set_round_state(&later, RoundState::Revealed).unwrap();
    let svg = photo::wall(b, Language::De).unwrap().svg;
    assert!(svg.contains("Punkte: Welche Gruppe stellt zuerst vor?"));
    let mut numbers: Vec<&str> = texts(&svg)
        .into_iter()
        .filter(|t| t.parse::<u32>().is_ok())
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, ["1", "2", "2"], "round 2's dots once revealed");
    // An open round with live results shows dots on screens, but the record waits for the
    // reveal.
    let mut live = RoundSettings::seed("Live");
    live.live_results = true;
    let r = b.add_round(&live).unwrap();
    b.set_round_state(&later, RoundState::Closed).unwrap();
    b.set_round_state(&r, RoundState::Open).unwrap();
    vote(
        b,
        2,
        &r,
        &[(&w.fields[0], 2), (&w.fields[1], 2), (&w.fields[2], 1)],
    );
    assert!(!photo::wall(b, Language::De)
        .unwrap()
        .svg
        .contains("<circle"));
}

#[test]
fn user_text_is_escaped() {
    let mut b = Board::new("A <b> & \"B\"", env());
    b.set_facilitator(true);
    b.add_region("<script>alert('r')</script>", 0.0, 0.0, 900.0, 600.0)
        .unwrap();
    let field = b.add_cluster("Feld & <i>", 20.0, 40.0).unwrap();
    card(
        &mut b,
        "Sprachkurse <script>alert('x')</script> & Kita\u{1}",
        0.0,
        0.0,
        Some(&field),
    );
    card(
        &mut b,
        "\"quoted\" 'single' ]]> --> <!--",
        400.0,
        40.0,
        None,
    );
    for svg in [
        photo::wall(&b, Language::De).unwrap().svg,
        photo::record(&b, Language::En).remove(0).svg,
    ] {
        assert!(
            !svg.contains("<script")
                && !svg.contains("<i>")
                && !svg.contains("<b>")
                && !svg.contains("<!--"),
            "{svg}"
        );
        assert!(svg.contains("&lt;script&gt;alert(&#39;x&#39;)"), "{svg}");
        assert!(
            texts(&svg)
                .concat()
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Kita"),
            "{svg}"
        );
        assert!(svg.contains("Feld &amp; &lt;i&gt;"));
        assert!(
            svg.contains("A &lt;b&gt; &amp; &quot;B&quot;"),
            "the board title in the heading"
        );
        assert!(
            !svg.contains('\u{1}'),
            "no control character makes the picture unreadable"
        );
        // Every `<` opens one of our elements.
        for tag in svg.split('<').skip(1) {
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphabetic() || *c == '/')
                .collect();
            assert!(
                [
                    "svg", "/svg", "title", "/title", "rect", "text", "/text", "circle", "g", "/g",
                    "path"
                ]
                .contains(&name.as_str()),
                "<{name} in {svg}"
            );
        }
    }
}

#[test]
fn the_print_documentation_holds_one_picture_per_region_on_landscape_pages() {
    let w = wall();
    let ctx = ExportContext::new("12. März 2011", 60);
    let html = export::html(&w.board, Language::De, &ctx);
    assert_eq!(
        html.matches("<figure class=\"photo\">").count(),
        2,
        "two regions, two pictures"
    );
    assert_eq!(html.matches("<svg xmlns=").count(), 2);
    assert!(
        html.contains("@page photo { size: A4 landscape;"),
        "landscape pages"
    );
    assert!(html.contains(".photo-record { page: photo;"));
    assert!(html.contains("<figcaption>Bild 1 von 2: Bereich „Daten und Fakten“</figcaption>"));
    assert!(html.contains("<figcaption>Bild 2 von 2: Bereich „Tag 1: Sammeln“</figcaption>"));
    let first = html.find("Bild 1 von 2").unwrap();
    let second = html.find("Bild 2 von 2").unwrap();
    let region_pictures: Vec<&str> = html.split("<figure class=\"photo\">").skip(1).collect();
    assert!(
        region_pictures[0].contains("Einwohner: 13.000")
            && !region_pictures[0].contains("Toleranz")
    );
    assert!(
        region_pictures[1].contains("Toleranz")
            && !region_pictures[1].contains("Einwohner: 13.000")
    );
    assert!(first < second);
    let en = export::html(&w.board, Language::En, &ctx);
    assert!(
        en.contains("<h2>Photo record</h2>")
            && en.contains("Picture 2 of 2: Region “Tag 1: Sammeln”")
    );
    // The Markdown has no pictures to show.
    assert!(!export::markdown(&w.board, Language::De, &ctx).contains("<svg"));

    // Without regions: one picture of the whole wall; an empty wall: none.
    let mut b = Board::new("Ohne Bereiche", env());
    assert!(!export::html(&b, Language::De, &ctx).contains("<figure"));
    card(&mut b, "Eine Karte", 0.0, 0.0, None);
    let html = export::html(&b, Language::De, &ctx);
    assert_eq!(html.matches("<figure class=\"photo\">").count(), 1);
    assert!(html.contains("Bild 1 von 1: Gesamte Wand"));
    let mut b = w.board;
    b.delete_region(&w.collect).unwrap();
    assert_eq!(
        export::html(&b, Language::De, &ctx)
            .matches("<figure class=\"photo\">")
            .count(),
        1
    );
}

#[test]
fn facts_tables_stand_on_the_picture_of_the_wall_and_of_their_region() {
    let mut w = wall();
    let region = w.board.region(&w.facts).expect("the facts region");
    let (x, y) = (region.x + 24.0, region.y + 340.0); // below the field, inside the frame
    w.board
        .add_table(
            "Statistische Daten aus Quakenbrück",
            "Kennzahl\tWert\nEinwohner\tca. 13.400\nAusländeranteil\tüber 12 % <Stand 2010>",
            x,
            y,
        )
        .unwrap();
    let whole = photo::wall(&w.board, Language::De).unwrap().svg;
    let all = texts(&whole);
    for cell in [
        "Statistische Daten aus Quakenbrück",
        "Kennzahl",
        "Wert",
        "Einwohner",
        "ca. 13.400",
        "über 12 % &lt;Stand 2010&gt;",
    ] {
        assert!(all.contains(&cell), "{cell} in {all:?}");
    }
    // The table stands in its region: on that region's picture too, and nowhere else.
    let facts = photo::region(&w.board, &w.facts, Language::De).unwrap().svg;
    assert!(texts(&facts).contains(&"ca. 13.400"));
    let others: Vec<photo::Photo> = photo::record(&w.board, Language::De)
        .into_iter()
        .filter(|p| p.region.as_deref() != Some(w.facts.as_str()))
        .collect();
    assert!(!others.is_empty() && others.iter().all(|p| !p.svg.contains("ca. 13.400")));
}
