//! The facilitator's own words in the documentation: the goals of each day before the day's
//! structure ("Ziele und Tagesstruktur") and the text sections on agenda steps (welcome,
//! input, closing words) at their step's place in the day, the facts tables, and the annex of the people who
//! chose to be listed, in Markdown and HTML, German and English, as golden files. `UPDATE_GOLDEN=1 cargo test -p board --test sections` rewrites
//! them in tests/golden/.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use board::export::{self, ExportContext};
use board::{Activity, Board, BoardEnv, Language, StepPlan, FIRST_DAY};

/// 11 March 2011, 9:00 UTC.
const MORNING: u64 = 1_299_834_000_000;

fn env() -> BoardEnv {
    let t = Arc::new(AtomicU64::new(MORNING));
    BoardEnv::new(Arc::new(move || t.fetch_add(1, Ordering::Relaxed)))
}

fn step(day: &str, start: &str, title: &str, activity: Activity, text: &str) -> StepPlan {
    StepPlan {
        day: day.into(),
        start: start.into(),
        title: title.into(),
        activity,
        text: text.into(),
        ..StepPlan::default()
    }
}

const WELCOME: &str = "Der Bürgermeister begrüßt die Teilnehmenden des Workshops sehr herzlich.\n\
                       Er wünscht allen Teilnehmenden zwei anregende Tage.";

const INPUT: &str = "Ziele haben vier strategische Vorteile:\n\
                     - Sie geben Orientierung.\n\
                     - Sie machen Erfolg messbar.\n\n\
                     Die Folien sind in Anlage 2 beigefügt.";

/// Written carelessly: markup, a heading mark and a table pipe must stay text.
const CLOSING: &str = "# Dank an alle <b>Teilnehmenden</b> & Gäste | bis bald";

/// The seed's statistics as a spreadsheet puts them on the clipboard; one cell holds a pipe.
const STATISTICS: &str = "Kennzahl\tWert\r\nEinwohner\tca. 13.400\r\nAusländeranteil\tüber 12 %\r\nMit Zuwanderungsgeschichte | Kinder 0–5 J.\tca. 40 %\r\n";

/// The seed's two days, with goals, a welcome, an input and closing words.
fn workshop() -> Board {
    let mut b = Board::new("Integrationsworkshop Quakenbrück", env());
    b.set_facilitator(true);
    let second = b.add_day().unwrap();
    b.set_day_date(FIRST_DAY, "2011-03-11").unwrap();
    b.set_day_date(&second, "2011-03-12").unwrap();
    b.set_day_goals(
        FIRST_DAY,
        "Das erste Modul verfolgt das Ziel zu sensibilisieren und zu positionieren.\n\n\
         - Was verstehen wir unter dem Begriff „Integration“?\n\
         - Worauf sind wir stolz? Wo gibt es Verbesserungsbedarf?",
    )
    .unwrap();
    b.set_day_goals(&second, "- Wie kann strategische Steuerung hier angelegt werden?\n- Welche konkreten Umsetzungsschritte sind zu planen?").unwrap();
    for plan in [
        step(FIRST_DAY, "14:00", "Begrüßung", Activity::Wall, WELCOME),
        step(
            FIRST_DAY,
            "14:20",
            "Vorstellungsrunde",
            Activity::Exercise,
            "",
        ),
        step(FIRST_DAY, "18:00", "Ende", Activity::Wall, ""),
        step(
            &second,
            "09:00",
            "Eröffnung des zweiten Tages",
            Activity::Wall,
            "",
        ),
        step(
            &second,
            "09:15",
            "Input: Integration strategisch angehen",
            Activity::Wall,
            INPUT,
        ),
        step(&second, "", "Abschluss", Activity::Feedback, CLOSING),
    ] {
        b.add_step(&plan).unwrap();
    }
    // The seed's statistics, pasted from a spreadsheet, and its priorities, typed.
    b.add_table("Statistische Daten aus Quakenbrück", STATISTICS, 0.0, 0.0)
        .unwrap();
    b.add_table(
        "Prioritäten des Vorbereitungstreffens",
        "Priorität\nBewusstseinsbildung/Bürgeraufklärung\nBildung\nVernetzung und Steuerung",
        600.0,
        0.0,
    )
    .unwrap();
    // Two of three people choose to be in the list of people.
    for (n, name, listed) in [
        (1, "Reinhard Scholz", true),
        (2, "Anna", false),
        (3, "Gülcan Yılmaz", true),
    ] {
        b.set_author(format!("p{n}"));
        b.set_participant(name, "#336699").unwrap();
        b.set_listed(listed).unwrap();
    }
    b
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

#[test]
fn goals_and_text_sections_match_the_golden_files() {
    let b = workshop();
    for (lang, code, date) in [
        (Language::De, "de", "12. März 2011"),
        (Language::En, "en", "12 March 2011"),
    ] {
        let ctx = ExportContext::new(date, 60);
        golden(
            &format!("sections.{code}.md"),
            &export::markdown(&b, lang, &ctx),
        );
        golden(
            &format!("sections.{code}.html"),
            &export::html(&b, lang, &ctx),
        );
    }
}

#[test]
fn goals_come_before_the_day_and_texts_at_their_step() {
    let md = export::markdown(&workshop(), Language::De, &ExportContext::new("", 60));
    let order = [
        "## Ziele und Tagesstruktur",
        "### Tag 1 · 11. März 2011",
        "#### Ziele",
        "- Was verstehen wir unter dem Begriff „Integration“?",
        "#### Tagesstruktur",
        "| 14:00 | Begrüßung |",
        "| 18:00 | Ende |",
        "#### 14:00 · Begrüßung",
        "Der Bürgermeister begrüßt die Teilnehmenden des Workshops sehr herzlich.<br>Er wünscht",
        "### Tag 2 · 12. März 2011",
        "- Wie kann strategische Steuerung hier angelegt werden?",
        "| 09:15 | Input: Integration strategisch angehen |",
        "#### 09:15 · Input: Integration strategisch angehen",
        "Ziele haben vier strategische Vorteile:",
        "- Sie geben Orientierung.",
        "Die Folien sind in Anlage 2 beigefügt.",
        "#### Abschluss",
        "\\# Dank an alle \\<b>Teilnehmenden\\</b> & Gäste \\| bis bald",
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|l| {
            md.find(l)
                .unwrap_or_else(|| panic!("{l} is missing:\n{md}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "out of order:\n{md}");
    let html = export::html(&workshop(), Language::En, &ExportContext::new("", 60));
    assert!(
        html.contains("<h2>Goals and structure of the days</h2>"),
        "{html}"
    );
    assert!(
        html.contains(
            "<p># Dank an alle &lt;b&gt;Teilnehmenden&lt;/b&gt; &amp; Gäste | bis bald</p>"
        ),
        "{html}"
    );
    assert!(!html.contains("<b>"));
    facts_in_order(&md);
    assert!(html.contains("<h2>Facts and figures</h2>"), "{html}");
    assert!(
        html.contains("<td>Mit Zuwanderungsgeschichte | Kinder 0–5 J.</td><td>ca. 40 %</td>"),
        "{html}"
    );
    // The annex comes last and names only who opted in.
    assert!(
        md.ends_with("## Anlage: Liste der Teilnehmenden\n\n- Gülcan Yılmaz\n- Reinhard Scholz\n"),
        "{md}"
    );
    assert!(!md.contains("Anna"), "{md}");
}

/// The facts tables: after the day's structure, each under its title, as tables.
fn facts_in_order(md: &str) {
    let order = [
        "## Daten und Fakten",
        "### Statistische Daten aus Quakenbrück",
        "| Kennzahl | Wert |",
        "| Einwohner | ca. 13.400 |",
        "| Mit Zuwanderungsgeschichte \\| Kinder 0–5 J. | ca. 40 % |",
        "### Prioritäten des Vorbereitungstreffens",
        "| Priorität |",
        "| Vernetzung und Steuerung |",
        "## Anlage: Liste der Teilnehmenden",
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|l| {
            md.find(l)
                .unwrap_or_else(|| panic!("{l} is missing:\n{md}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "out of order:\n{md}");
}

#[test]
fn without_goals_the_agenda_keeps_its_plain_heading() {
    let mut b = Board::new("Ein Tag", env());
    b.add_step(&step(
        "",
        "14:00",
        "Begrüßung",
        Activity::Wall,
        "Willkommen!",
    ))
    .unwrap();
    let md = export::markdown(&b, Language::De, &ExportContext::new("", 60));
    assert!(md.contains("## Ablauf des Tages\n"), "{md}");
    assert!(
        md.contains("### 14:00 · Begrüßung\n\nWillkommen!\n"),
        "one undated day: the section sits right below the part:\n{md}"
    );
    // Goals alone, before any step is planned, still print.
    let mut b = Board::new("Ein Tag", env());
    b.set_day_goals(FIRST_DAY, "Sensibilisieren").unwrap();
    let md = export::markdown(&b, Language::En, &ExportContext::new("", 60));
    assert!(
        md.contains("## Goals and structure of the day\n\n### Goals\n\nSensibilisieren\n"),
        "{md}"
    );
    assert!(
        !md.contains("Structure of the day\n"),
        "no empty structure heading:\n{md}"
    );
}
