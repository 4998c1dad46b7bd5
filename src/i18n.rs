//! Every user-visible string, in German (the default) and English: one [`Strings`] table per
//! language, so the compiler checks that both carry every key. Texts are plain `&'static str`
//! (templates with `{{ name }}` placeholders where values go in), which keeps them out of the
//! code size: a generated function per key and language cost the bundle tens of kilobytes.
//!
//! Components read them through [`t!`] (a reactive text that follows the language) and
//! [`t_string!`] (the text now, with placeholders filled), from the [`I18n`] context.

use leptos::prelude::*;

/// A language of the interface.
#[allow(non_camel_case_types)] // the codes as written in `lang` attributes and preferences
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    /// Deutsch, the default.
    #[default]
    de,
    /// English.
    en,
}

impl Locale {
    /// Every language, default first.
    pub fn get_all() -> &'static [Locale] {
        &[Locale::de, Locale::en]
    }

    /// The language code ("de", "en").
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::de => "de",
            Locale::en => "en",
        }
    }

    /// The texts of this language.
    pub fn strings(self) -> &'static Strings {
        match self {
            Locale::de => &DE,
            Locale::en => &EN,
        }
    }

    /// German unless the browser prefers English over German.
    fn from_browser() -> Locale {
        let languages = window().navigator().languages();
        for lang in languages.iter().filter_map(|l| l.as_string()) {
            match lang.get(..2) {
                Some("de") => return Locale::de,
                Some("en") => return Locale::en,
                _ => {}
            }
        }
        Locale::de
    }
}

/// The language context of the app.
#[derive(Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    /// The texts of the current language (tracked: a view using them follows a switch).
    pub fn strings(&self) -> &'static Strings {
        self.locale.get().strings()
    }

    /// The current language, tracked.
    pub fn get_locale(&self) -> Locale {
        self.locale.get()
    }

    /// The current language, untracked.
    pub fn get_locale_untracked(&self) -> Locale {
        self.locale.get_untracked()
    }

    /// Switches the language.
    pub fn set_locale(&self, locale: Locale) {
        self.locale.set(locale);
    }
}

/// The language context provided by [`I18nContextProvider`].
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// Provides the language context (starting from the browser's preference) and keeps the
/// page's `lang` attribute in step with it.
#[component]
pub fn I18nContextProvider(children: Children) -> impl IntoView {
    let i18n = I18n { locale: RwSignal::new(Locale::from_browser()) };
    provide_context(i18n);
    Effect::new(move |_| {
        let locale = i18n.get_locale();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", locale.as_str());
        }
    });
    children()
}

/// Fills the `{{ name }}` placeholders of a template.
pub fn fill(template: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find("}}") else {
            rest = &rest[start..];
            break;
        };
        let name = rest[start + 2..start + len].trim();
        match args.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => out.push_str(&value.to_string()),
            None => out.push_str(&rest[start..start + len + 2]),
        }
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out
}

/// A text as a reactive view: `{t!(i18n, key)}` re-renders when the language changes.
macro_rules! t {
    ($i18n:expr, $key:ident) => {{
        let i18n = $i18n;
        move || i18n.strings().$key
    }};
}
pub(crate) use t;

/// A text now: `t_string!(i18n, key)` is a `&'static str`; with `name = value` pairs, the
/// template filled in, as a `String`.
macro_rules! t_string {
    ($i18n:expr, $key:ident) => {
        $i18n.strings().$key
    };
    ($i18n:expr, $key:ident, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::fill($i18n.strings().$key, &[$((stringify!($name), &($value) as &dyn ::std::fmt::Display)),+])
    };
}
pub(crate) use t_string;

/// Every text of the interface.
pub struct Strings {
    pub app_name: &'static str,
    pub language: &'static str,
    pub lang_de: &'static str,
    pub lang_en: &'static str,
    // Board list
    pub boards_heading: &'static str,
    pub boards_intro: &'static str,
    pub boards_empty: &'static str,
    pub new_board_heading: &'static str,
    pub board_title_label: &'static str,
    pub board_title_placeholder: &'static str,
    pub create_board: &'static str,
    pub rename_board: &'static str,
    pub delete_board: &'static str,
    pub board_stats: &'static str,
    pub board_stats_one: &'static str,
    pub rename: &'static str,
    pub delete_board_question: &'static str,
    pub delete_board_detail: &'static str,
    pub confirm_delete: &'static str,
    pub cancel: &'static str,
    pub save: &'static str,
    pub board_not_found: &'static str,
    pub board_damaged: &'static str,
    pub back_to_boards: &'static str,
    // Wall toolbar
    pub wall_toolbar: &'static str,
    pub add_card: &'static str,
    pub add_card_long: &'static str,
    pub add_cluster: &'static str,
    pub add_cluster_long: &'static str,
    pub undo: &'static str,
    pub redo: &'static str,
    pub zoom: &'static str,
    pub zoom_in: &'static str,
    pub zoom_out: &'static str,
    pub zoom_level: &'static str,
    pub fit_all: &'static str,
    pub view_list: &'static str,
    pub view_list_short: &'static str,
    pub wall_region: &'static str,
    pub wall_help: &'static str,
    pub rename_wall: &'static str,
    // Cards
    pub card_text_label: &'static str,
    pub card_color_label: &'static str,
    pub card_placeholder: &'static str,
    pub add: &'static str,
    pub card_actions: &'static str,
    pub edit_card: &'static str,
    pub delete_card: &'static str,
    pub move_to_cluster: &'static str,
    pub no_cluster: &'static str,
    pub close_actions: &'static str,
    pub card_deleted: &'static str,
    pub color_yellow: &'static str,
    pub color_green: &'static str,
    pub color_blue: &'static str,
    pub color_pink: &'static str,
    pub color_orange: &'static str,
    pub color_white: &'static str,
    pub free_cards: &'static str,
    // Clusters
    pub cluster_title_label: &'static str,
    pub cluster_placeholder: &'static str,
    pub cluster_label: &'static str,
    pub cluster_cards: &'static str,
    pub rename_cluster: &'static str,
    pub delete_cluster: &'static str,
    pub cluster_count: &'static str,
    pub cluster_count_one: &'static str,
    pub cluster_empty: &'static str,
    // Errors and status
    pub error_empty_text: &'static str,
    pub error_empty_title: &'static str,
    pub error_too_long: &'static str,
    pub error_unknown: &'static str,
    pub storage_full: &'static str,
    pub storage_failed: &'static str,
    pub saved: &'static str,
    pub dismiss: &'static str,
    pub list_heading: &'static str,
    // Sync, presence, sharing
    pub sync_local: &'static str,
    pub sync_connecting: &'static str,
    pub sync_stored: &'static str,
    pub sync_pending: &'static str,
    pub sync_offline: &'static str,
    pub sync_denied: &'static str,
    pub sync_status: &'static str,
    pub online_count: &'static str,
    pub people_here: &'static str,
    pub share: &'static str,
    pub share_heading: &'static str,
    pub share_participants: &'static str,
    pub share_participants_help: &'static str,
    pub share_projector: &'static str,
    pub share_facilitator: &'static str,
    pub copy_link: &'static str,
    pub copied: &'static str,
    pub qr_alt: &'static str,
    pub projector_view: &'static str,
    pub leave_projector: &'static str,
    pub name_heading: &'static str,
    pub name_help: &'static str,
    pub name_label: &'static str,
    pub name_placeholder: &'static str,
    pub join: &'static str,
    // Voting
    pub voting: &'static str,
    pub close: &'static str,
    pub round_bar: &'static str,
    pub round_draft: &'static str,
    pub round_open: &'static str,
    pub round_closed: &'static str,
    pub round_revealed: &'static str,
    pub ballots_in: &'static str,
    pub ballots_in_one: &'static str,
    pub vote_now: &'static str,
    pub show_results: &'static str,
    pub back_to_wall: &'static str,
    pub timer_over: &'static str,
    pub timer_left: &'static str,
    pub timer_minutes: &'static str,
    pub timer_group: &'static str,
    pub timer_label: &'static str,
    pub timer_stop: &'static str,
    pub rules_fields: &'static str,
    pub rules_cards: &'static str,
    pub rule_no_dots_left: &'static str,
    pub rule_max_per_field: &'static str,
    pub rule_max_per_card: &'static str,
    pub rule_min_fields: &'static str,
    pub rule_min_cards: &'static str,
    pub rule_over_budget: &'static str,
    pub rule_bad_count: &'static str,
    pub rule_empty: &'static str,
    pub dots_left: &'static str,
    pub dot_more: &'static str,
    pub dot_less: &'static str,
    pub dots_on: &'static str,
    pub ballot_items: &'static str,
    pub ballot_nothing: &'static str,
    pub ballot_round_closed: &'static str,
    pub ballot_submit: &'static str,
    pub ballot_change: &'static str,
    pub ballot_submitted: &'static str,
    pub ballot_pending: &'static str,
    pub points_one: &'static str,
    pub points_many: &'static str,
    pub voters_count: &'static str,
    pub rank_label: &'static str,
    pub ranking: &'static str,
    pub results_heading: &'static str,
    pub results_summary: &'static str,
    pub results_only_you: &'static str,
    pub results_hidden: &'static str,
    pub invalid_heading: &'static str,
    pub invalid_ballots: &'static str,
    pub someone: &'static str,
    pub removed_dots: &'static str,
    pub merged_from: &'static str,
    pub merge_pick: &'static str,
    pub merge_pick_short: &'static str,
    pub merge_title: &'static str,
    pub merge_action: &'static str,
    pub merged_notice: &'static str,
    pub unmerge: &'static str,
    pub unmerge_short: &'static str,
    pub export_csv: &'static str,
    pub download_failed: &'static str,
    pub rounds_heading: &'static str,
    pub rounds_empty: &'static str,
    pub round_new: &'static str,
    pub round_default_title: &'static str,
    pub round_title: &'static str,
    pub round_target: &'static str,
    pub round_target_fields: &'static str,
    pub round_target_cards: &'static str,
    pub round_dots: &'static str,
    pub round_max: &'static str,
    pub round_min: &'static str,
    pub round_anonymous: &'static str,
    pub round_anonymous_short: &'static str,
    pub round_live: &'static str,
    pub round_live_short: &'static str,
    pub round_create: &'static str,
    pub round_open_action: &'static str,
    pub round_close_action: &'static str,
    pub round_reveal_action: &'static str,
    pub round_reopen_action: &'static str,
    pub round_delete: &'static str,
    pub round_delete_question: &'static str,
    pub error_round_started: &'static str,
    pub error_round_state: &'static str,
    pub error_no_identity: &'static str,
    pub error_not_on_ballot: &'static str,
    pub error_merge: &'static str,
}

/// Deutsch.
pub static DE: Strings = Strings {
    app_name: "Kartenwand",
    language: "Sprache",
    lang_de: "Deutsch",
    lang_en: "English",
    // Board list
    boards_heading: "Deine Wände",
    boards_intro: "Wände, die in diesem Browser gespeichert sind.",
    boards_empty: "Noch keine Wand. Lege die erste an.",
    new_board_heading: "Neue Wand",
    board_title_label: "Titel der Wand",
    board_title_placeholder: "z. B. Integrationsworkshop Quakenbrück",
    create_board: "Wand anlegen",
    rename_board: "Umbenennen: {{ title }}",
    delete_board: "Löschen: {{ title }}",
    board_stats: "{{ cards }} Karten · geändert {{ when }}",
    board_stats_one: "1 Karte · geändert {{ when }}",
    rename: "Umbenennen",
    delete_board_question: "Wand „{{ title }}“ löschen?",
    delete_board_detail: "Alle Karten und Rubriken dieser Wand werden aus diesem Browser entfernt. Das lässt sich nicht rückgängig machen.",
    confirm_delete: "Endgültig löschen",
    cancel: "Abbrechen",
    save: "Speichern",
    board_not_found: "Diese Wand gibt es in diesem Browser nicht (mehr).",
    board_damaged: "Diese Wand ist beschädigt und kann nicht geöffnet werden: {{ reason }}",
    back_to_boards: "Zurück zu den Wänden",
    // Wall toolbar
    wall_toolbar: "Werkzeuge der Wand",
    add_card: "Karte",
    add_card_long: "Karte hinzufügen",
    add_cluster: "Rubrik",
    add_cluster_long: "Rubrik hinzufügen",
    undo: "Rückgängig",
    redo: "Wiederholen",
    zoom: "Zoom",
    zoom_in: "Vergrößern",
    zoom_out: "Verkleinern",
    zoom_level: "Zoom {{ percent }} %",
    fit_all: "Alles zeigen",
    view_list: "Listenansicht",
    view_list_short: "Liste",
    wall_region: "Wand: {{ title }}",
    wall_help: "Karten mit der Maus, dem Stift oder dem Finger ziehen. Mit Tab eine Karte wählen, mit den Pfeiltasten verschieben, Enter bearbeitet, Entf löscht.",
    rename_wall: "Titel der Wand ändern",
    // Cards
    card_text_label: "Kartentext",
    card_color_label: "Farbe",
    card_placeholder: "Eine These, kurz und lesbar",
    add: "Hinzufügen",
    card_actions: "Kartenaktionen",
    edit_card: "Bearbeiten",
    delete_card: "Löschen",
    move_to_cluster: "In Rubrik",
    no_cluster: "Keine Rubrik (frei auf der Wand)",
    close_actions: "Auswahl aufheben",
    card_deleted: "Karte gelöscht.",
    color_yellow: "Gelb",
    color_green: "Grün",
    color_blue: "Blau",
    color_pink: "Rosa",
    color_orange: "Orange",
    color_white: "Weiß",
    free_cards: "Freie Karten",
    // Clusters
    cluster_title_label: "Überschrift der Rubrik",
    cluster_placeholder: "z. B. Bildung",
    cluster_label: "Rubrik: {{ title }}",
    cluster_cards: "Karten in {{ title }}",
    rename_cluster: "Rubrik umbenennen: {{ title }}",
    delete_cluster: "Rubrik auflösen: {{ title }}",
    cluster_count: "{{ count }} Karten",
    cluster_count_one: "1 Karte",
    cluster_empty: "Karten hierher ziehen",
    // Errors and status
    error_empty_text: "Die Karte braucht einen Text.",
    error_empty_title: "Bitte einen Titel eingeben.",
    error_too_long: "Zu lang: höchstens {{ max }} Zeichen.",
    error_unknown: "Dieses Element gibt es nicht mehr (von jemand anderem gelöscht?).",
    storage_full: "Der Speicher dieses Browsers ist voll: Die letzten Änderungen sind noch nicht gespeichert. Alles bisher Gespeicherte bleibt erhalten. Lösche nicht mehr benötigte Wände, dann wird erneut gespeichert.",
    storage_failed: "Speichern im Browser ist fehlgeschlagen: {{ reason }}",
    saved: "Gespeichert",
    dismiss: "Schließen",
    list_heading: "Alle Karten als Liste",
    // Sync, presence, sharing
    sync_local: "Nur in diesem Browser",
    sync_connecting: "Verbinde …",
    sync_stored: "Synchron · alles gespeichert",
    sync_pending: "Synchron · wird gespeichert …",
    sync_offline: "Offline · Änderungen bleiben hier und werden später abgeglichen",
    sync_denied: "Zugang verweigert: {{ reason }}",
    sync_status: "Verbindung",
    online_count: "{{ count }} online",
    people_here: "Auf der Wand",
    share: "Teilen",
    share_heading: "Wand teilen",
    share_participants: "Link für Teilnehmende",
    share_participants_help: "Mit dem Handy scannen oder den Link schicken: kein Konto, keine Installation.",
    share_projector: "Link für den Projektor (nur ansehen)",
    share_facilitator: "Link für weitere Moderierende",
    copy_link: "Link kopieren",
    copied: "Kopiert",
    qr_alt: "QR-Code für den Link der Teilnehmenden",
    projector_view: "Projektor",
    leave_projector: "Projektoransicht verlassen",
    name_heading: "Wie heißt du?",
    name_help: "Dein Name ist für alle auf dieser Wand sichtbar. Er bleibt in diesem Browser gespeichert.",
    name_label: "Dein Name",
    name_placeholder: "z. B. Anna",
    join: "Los geht’s",
    // Voting
    voting: "Abstimmung",
    close: "Schließen",
    round_bar: "Abstimmung",
    round_draft: "in Vorbereitung",
    round_open: "läuft",
    round_closed: "geschlossen",
    round_revealed: "aufgedeckt",
    ballots_in: "{{ count }} Stimmen abgegeben",
    ballots_in_one: "1 Stimme abgegeben",
    vote_now: "Jetzt abstimmen",
    show_results: "Ergebnis",
    back_to_wall: "Zurück zur Wand",
    timer_over: "Zeit ist um",
    timer_left: "Noch {{ minutes }} Minuten",
    timer_minutes: "{{ minutes }} Min.",
    timer_group: "Countdown",
    timer_label: "Countdown:",
    timer_stop: "Countdown stoppen",
    rules_fields: "{{ dots }} Punkte · höchstens {{ max }} pro Feld · mindestens {{ min }} Felder",
    rules_cards: "{{ dots }} Punkte · höchstens {{ max }} pro Karte · mindestens {{ min }} Karten",
    rule_no_dots_left: "Alle {{ dots }} Punkte sind verteilt. Nimm erst woanders einen Punkt weg.",
    rule_max_per_field: "Höchstens {{ max }} Punkte pro Feld.",
    rule_max_per_card: "Höchstens {{ max }} Punkte pro Karte.",
    rule_min_fields: "Bitte mindestens {{ min }} verschiedene Felder bepunkten (bisher {{ have }}).",
    rule_min_cards: "Bitte mindestens {{ min }} verschiedene Karten bepunkten (bisher {{ have }}).",
    rule_over_budget: "Mehr Punkte vergeben als erlaubt ({{ used }} statt höchstens {{ dots }}).",
    rule_bad_count: "Ein Punktwert ist keine ganze Zahl.",
    rule_empty: "Noch keine Punkte vergeben.",
    dots_left: "Noch {{ left }} von {{ dots }} Punkten übrig",
    dot_more: "Einen Punkt mehr: {{ title }}",
    dot_less: "Einen Punkt weniger: {{ title }}",
    dots_on: "Punkte für {{ title }}",
    ballot_items: "Zur Wahl",
    ballot_nothing: "Es gibt noch nichts zu bepunkten.",
    ballot_round_closed: "Die Abstimmung ist geschlossen.",
    ballot_submit: "Stimme abgeben",
    ballot_change: "Stimme ändern",
    ballot_submitted: "Deine Stimme ist abgegeben. Du kannst sie ändern, solange die Abstimmung läuft.",
    ballot_pending: " Sie wird übertragen, sobald die Verbindung steht.",
    points_one: "1 Punkt",
    points_many: "{{ count }} Punkte",
    voters_count: "{{ count }} Personen",
    rank_label: "Platz {{ rank }}:",
    ranking: "Rangfolge",
    results_heading: "Ergebnis: {{ title }}",
    results_summary: "{{ ballots }} gültige Stimmen · {{ points }} Punkte",
    results_only_you: "Noch nicht aufgedeckt: Nur du als Moderation siehst das Ergebnis.",
    results_hidden: "Das Ergebnis wird gezeigt, sobald die Moderation es aufdeckt.",
    invalid_heading: "Nicht gezählte Stimmen",
    invalid_ballots: "Nicht gezählt: {{ count }}",
    someone: "Anonym",
    removed_dots: "{{ count }} Punkte lagen auf inzwischen gelöschten Einträgen.",
    merged_from: "aus {{ sources }}",
    merge_pick: "Zum Zusammenlegen wählen: {{ title }}",
    merge_pick_short: "wählen",
    merge_title: "Titel des zusammengelegten Felds",
    merge_action: "Felder zusammenlegen",
    merged_notice: "Felder zusammengelegt.",
    unmerge: "Wieder trennen: {{ title }}",
    unmerge_short: "Trennen",
    export_csv: "CSV herunterladen",
    download_failed: "Der Browser hat den Download verweigert.",
    rounds_heading: "Abstimmungen",
    rounds_empty: "Noch keine Abstimmung. Lege unten eine an.",
    round_new: "Neue Abstimmung",
    round_default_title: "Welche Handlungsfelder sind am wichtigsten?",
    round_title: "Frage",
    round_target: "Abgestimmt wird über",
    round_target_fields: "Felder (Rubriken)",
    round_target_cards: "Karten",
    round_dots: "Punkte pro Person",
    round_max: "Höchstens pro Eintrag",
    round_min: "Mindestens verschiedene",
    round_anonymous: "Anonym (Namen werden nie gezeigt)",
    round_anonymous_short: "anonym",
    round_live: "Punkte schon während der Abstimmung zeigen",
    round_live_short: "live",
    round_create: "Abstimmung anlegen",
    round_open_action: "Öffnen",
    round_close_action: "Schließen",
    round_reveal_action: "Aufdecken",
    round_reopen_action: "Wieder öffnen",
    round_delete: "Löschen",
    round_delete_question: "Abstimmung mit allen Stimmen löschen?",
    error_round_started: "Die Abstimmung läuft schon; ihre Regeln stehen fest.",
    error_round_state: "Das geht in diesem Stand der Abstimmung nicht.",
    error_no_identity: "Ohne Teilnehmerkennung kann nicht abgestimmt werden.",
    error_not_on_ballot: "Das steht nicht zur Wahl.",
    error_merge: "Bitte mindestens zwei Felder wählen, die noch nicht zusammengelegt sind.",
};

/// English.
pub static EN: Strings = Strings {
    app_name: "Kartenwand",
    language: "Language",
    lang_de: "Deutsch",
    lang_en: "English",
    // Board list
    boards_heading: "Your boards",
    boards_intro: "Boards stored in this browser.",
    boards_empty: "No board yet. Create the first one.",
    new_board_heading: "New board",
    board_title_label: "Board title",
    board_title_placeholder: "e.g. Integration workshop Quakenbrück",
    create_board: "Create board",
    rename_board: "Rename: {{ title }}",
    delete_board: "Delete: {{ title }}",
    board_stats: "{{ cards }} cards · changed {{ when }}",
    board_stats_one: "1 card · changed {{ when }}",
    rename: "Rename",
    delete_board_question: "Delete board “{{ title }}”?",
    delete_board_detail: "All cards and clusters of this board are removed from this browser. This cannot be undone.",
    confirm_delete: "Delete for good",
    cancel: "Cancel",
    save: "Save",
    board_not_found: "This board does not exist in this browser (any more).",
    board_damaged: "This board is damaged and cannot be opened: {{ reason }}",
    back_to_boards: "Back to boards",
    // Wall toolbar
    wall_toolbar: "Board tools",
    add_card: "Card",
    add_card_long: "Add card",
    add_cluster: "Cluster",
    add_cluster_long: "Add cluster",
    undo: "Undo",
    redo: "Redo",
    zoom: "Zoom",
    zoom_in: "Zoom in",
    zoom_out: "Zoom out",
    zoom_level: "Zoom {{ percent }} %",
    fit_all: "Fit all",
    view_list: "List view",
    view_list_short: "List",
    wall_region: "Board: {{ title }}",
    wall_help: "Drag cards with mouse, pen or finger. Tab selects a card, arrow keys move it, Enter edits, Delete removes.",
    rename_wall: "Change board title",
    // Cards
    card_text_label: "Card text",
    card_color_label: "Colour",
    card_placeholder: "One thesis, short and readable",
    add: "Add",
    card_actions: "Card actions",
    edit_card: "Edit",
    delete_card: "Delete",
    move_to_cluster: "Into cluster",
    no_cluster: "No cluster (free on the wall)",
    close_actions: "Clear selection",
    card_deleted: "Card deleted.",
    color_yellow: "Yellow",
    color_green: "Green",
    color_blue: "Blue",
    color_pink: "Pink",
    color_orange: "Orange",
    color_white: "White",
    free_cards: "Free cards",
    // Clusters
    cluster_title_label: "Cluster heading",
    cluster_placeholder: "e.g. Education",
    cluster_label: "Cluster: {{ title }}",
    cluster_cards: "Cards in {{ title }}",
    rename_cluster: "Rename cluster: {{ title }}",
    delete_cluster: "Dissolve cluster: {{ title }}",
    cluster_count: "{{ count }} cards",
    cluster_count_one: "1 card",
    cluster_empty: "Drag cards here",
    // Errors and status
    error_empty_text: "The card needs a text.",
    error_empty_title: "Please enter a title.",
    error_too_long: "Too long: at most {{ max }} characters.",
    error_unknown: "This item no longer exists (deleted by someone else?).",
    storage_full: "This browser's storage is full: the latest changes are not saved yet. Everything saved before is kept. Delete boards you no longer need and saving resumes.",
    storage_failed: "Saving in the browser failed: {{ reason }}",
    saved: "Saved",
    dismiss: "Dismiss",
    list_heading: "All cards as a list",
    // Sync, presence, sharing
    sync_local: "Only in this browser",
    sync_connecting: "Connecting …",
    sync_stored: "In sync · all saved",
    sync_pending: "In sync · saving …",
    sync_offline: "Offline · changes stay here and merge later",
    sync_denied: "Access refused: {{ reason }}",
    sync_status: "Connection",
    online_count: "{{ count }} online",
    people_here: "On the board",
    share: "Share",
    share_heading: "Share board",
    share_participants: "Link for participants",
    share_participants_help: "Scan with a phone or send the link: no account, no install.",
    share_projector: "Link for the projector (view only)",
    share_facilitator: "Link for co-facilitators",
    copy_link: "Copy link",
    copied: "Copied",
    qr_alt: "QR code of the participants' link",
    projector_view: "Projector",
    leave_projector: "Leave projector view",
    name_heading: "What is your name?",
    name_help: "Everyone on this board sees your name. It is kept in this browser.",
    name_label: "Your name",
    name_placeholder: "e.g. Anna",
    join: "Let’s go",
    // Voting
    voting: "Voting",
    close: "Close",
    round_bar: "Voting",
    round_draft: "in preparation",
    round_open: "open",
    round_closed: "closed",
    round_revealed: "revealed",
    ballots_in: "{{ count }} votes in",
    ballots_in_one: "1 vote in",
    vote_now: "Vote now",
    show_results: "Results",
    back_to_wall: "Back to the wall",
    timer_over: "Time is up",
    timer_left: "{{ minutes }} minutes left",
    timer_minutes: "{{ minutes }} min",
    timer_group: "Countdown",
    timer_label: "Countdown:",
    timer_stop: "Stop countdown",
    rules_fields: "{{ dots }} dots · at most {{ max }} per field · at least {{ min }} fields",
    rules_cards: "{{ dots }} dots · at most {{ max }} per card · at least {{ min }} cards",
    rule_no_dots_left: "All {{ dots }} dots are given. Take one away elsewhere first.",
    rule_max_per_field: "At most {{ max }} dots per field.",
    rule_max_per_card: "At most {{ max }} dots per card.",
    rule_min_fields: "Please give dots to at least {{ min }} different fields (so far {{ have }}).",
    rule_min_cards: "Please give dots to at least {{ min }} different cards (so far {{ have }}).",
    rule_over_budget: "More dots than allowed ({{ used }} instead of at most {{ dots }}).",
    rule_bad_count: "A dot count is not a whole number.",
    rule_empty: "No dots given yet.",
    dots_left: "{{ left }} of {{ dots }} dots left",
    dot_more: "One more dot: {{ title }}",
    dot_less: "One dot less: {{ title }}",
    dots_on: "Dots on {{ title }}",
    ballot_items: "To vote on",
    ballot_nothing: "There is nothing to vote on yet.",
    ballot_round_closed: "Voting is closed.",
    ballot_submit: "Submit vote",
    ballot_change: "Change vote",
    ballot_submitted: "Your vote is in. You can change it while voting is open.",
    ballot_pending: " It is sent as soon as there is a connection.",
    points_one: "1 point",
    points_many: "{{ count }} points",
    voters_count: "{{ count }} people",
    rank_label: "Rank {{ rank }}:",
    ranking: "Ranking",
    results_heading: "Result: {{ title }}",
    results_summary: "{{ ballots }} valid votes · {{ points }} points",
    results_only_you: "Not revealed yet: only you, facilitating, see the result.",
    results_hidden: "The result shows once the facilitator reveals it.",
    invalid_heading: "Votes not counted",
    invalid_ballots: "Not counted: {{ count }}",
    someone: "Anonymous",
    removed_dots: "{{ count }} dots were on entries deleted since.",
    merged_from: "from {{ sources }}",
    merge_pick: "Pick for merging: {{ title }}",
    merge_pick_short: "pick",
    merge_title: "Title of the merged field",
    merge_action: "Merge fields",
    merged_notice: "Fields merged.",
    unmerge: "Split again: {{ title }}",
    unmerge_short: "Split",
    export_csv: "Download CSV",
    download_failed: "The browser refused the download.",
    rounds_heading: "Voting rounds",
    rounds_empty: "No voting round yet. Set one up below.",
    round_new: "New voting round",
    round_default_title: "Which fields of action matter most?",
    round_title: "Question",
    round_target: "Vote on",
    round_target_fields: "Fields (clusters)",
    round_target_cards: "Cards",
    round_dots: "Dots per person",
    round_max: "At most per entry",
    round_min: "At least different",
    round_anonymous: "Anonymous (names are never shown)",
    round_anonymous_short: "anonymous",
    round_live: "Show dots while voting",
    round_live_short: "live",
    round_create: "Set up round",
    round_open_action: "Open",
    round_close_action: "Close",
    round_reveal_action: "Reveal",
    round_reopen_action: "Reopen",
    round_delete: "Delete",
    round_delete_question: "Delete the round with all its votes?",
    error_round_started: "The round has started; its rules are fixed.",
    error_round_state: "Not possible at this stage of the round.",
    error_no_identity: "Voting needs a participant identity.",
    error_not_on_ballot: "That is not on the ballot.",
    error_merge: "Pick at least two fields that are not merged yet.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_by_name() {
        assert_eq!(fill("Noch {{ left }} von {{ dots }}", &[("dots", &5), ("left", &3)]), "Noch 3 von 5");
        assert_eq!(fill("{{ unknown }} bleibt", &[]), "{{ unknown }} bleibt");
        assert_eq!(fill("offen {{ x", &[("x", &1)]), "offen {{ x");
    }
}
