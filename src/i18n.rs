//! Every user-visible string, in German (the default) and English: one [`Strings`] table per
//! language, so the compiler checks that both carry every key. Texts are plain `&'static str`
//! (templates with `{{ name }}` placeholders where values go in), which keeps them out of the
//! code size: a generated function per key and language cost the bundle tens of kilobytes.
//!
//! Components read them through [`t!`] (a reactive text that follows the language) and
//! [`t_string!`] (the text now, with placeholders filled), from the [`I18n`] context.
//! Texts with a number are a [`Plural`] (one form per grammatical number), read through
//! [`t_count!`], which picks the form by the count with the language's rule.

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

/// The closure behind `t!`. It has one type for every text, so the view code that renders
/// a reactive text is linked once rather than once per `t!` (a closure written in the macro
/// would be a new type at each of its 178 uses).
pub fn text(i18n: I18n, get: fn(&'static Strings) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || get(i18n.strings())
}

/// A text as a `Signal<String>`, for components that take their label as a signal; like
/// `text`, one closure type for every text.
pub fn text_signal(i18n: I18n, get: fn(&'static Strings) -> &'static str) -> Signal<String> {
    Signal::derive(move || get(i18n.strings()).to_string())
}

/// A text as a reactive view: `{t!(i18n, key)}` re-renders when the language changes.
macro_rules! t {
    ($i18n:expr, $key:ident) => {
        $crate::i18n::text($i18n, |s| s.$key)
    };
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

/// A counted text: its form for one and for every other count, with `{{ count }}` where
/// the number goes (and other placeholders as in any text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plural {
    /// The singular ("1 gültige Stimme").
    pub one: &'static str,
    /// Every other count, zero included ("0 gültige Stimmen", "2 gültige Stimmen").
    pub other: &'static str,
}

impl Locale {
    /// Whether `count` takes the singular in this language: in German and English exactly 1
    /// does (zero takes the plural in both).
    pub fn is_singular(self, count: u64) -> bool {
        match self {
            Locale::de | Locale::en => count == 1,
        }
    }
}

impl Plural {
    /// The form of this text for `count` in `locale`.
    pub fn pick(&self, locale: Locale, count: u64) -> &'static str {
        if locale.is_singular(count) { self.one } else { self.other }
    }

    /// The form for `count` with `{{ count }}` and the other placeholders filled.
    pub fn fill(&self, locale: Locale, count: u64, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        let mut all: Vec<(&str, &dyn std::fmt::Display)> = Vec::with_capacity(args.len() + 1);
        all.push(("count", &count));
        all.extend_from_slice(args);
        fill(self.pick(locale, count), &all)
    }
}

/// The closure-free reader behind `t_count!`: the counted text `get` for `count` now, in
/// the current language (tracked).
pub fn counted<N: TryInto<u64>>(i18n: I18n, get: fn(&'static Strings) -> &'static Plural, count: N, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let locale = i18n.get_locale();
    get(locale.strings()).fill(locale, count.try_into().unwrap_or(u64::MAX), args)
}

/// A counted text now: `t_count!(i18n, key, count)` or with `name = value` pairs for its
/// other placeholders; the form follows the count ("1 Stimme", "2 Stimmen").
macro_rules! t_count {
    ($i18n:expr, $key:ident, $count:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::counted($i18n, |s| &s.$key, $count, &[$((stringify!($name), &($value) as &dyn ::std::fmt::Display)),*])
    };
}
pub(crate) use t_count;

/// Every text of the interface.
pub struct Strings {
    pub app_name: &'static str,
    pub join_heading: &'static str,
    pub join_intro: &'static str,
    pub join_code_label: &'static str,
    pub join_submit: &'static str,
    pub join_busy: &'static str,
    pub join_invalid: &'static str,
    pub join_unknown: &'static str,
    pub join_too_many: &'static str,
    pub join_unreachable: &'static str,
    pub share_code_heading: &'static str,
    pub share_code_help: &'static str,
    pub share_code_label: &'static str,
    pub share_code_renew: &'static str,
    pub share_code_renew_help: &'static str,
    pub share_code_loading: &'static str,
    pub share_code_failed: &'static str,
    pub link_checking: &'static str,
    pub link_broken_heading: &'static str,
    pub link_no_board: &'static str,
    pub link_bad_token: &'static str,
    pub link_join_by_code: &'static str,
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
    pub board_stats: Plural,
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
    pub cluster_count: Plural,
    pub cluster_empty: &'static str,
    // Errors and status
    pub error_empty_text: &'static str,
    pub error_empty_title: &'static str,
    pub error_too_long: Plural,
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
    pub sync_missing: &'static str,
    pub row_missing: &'static str,
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
    pub ballots_in: Plural,
    pub vote_now: &'static str,
    pub show_results: &'static str,
    pub back_to_wall: &'static str,
    pub timer_over: &'static str,
    pub timer_left: Plural,
    pub timer_minutes: &'static str,
    pub timer_group: &'static str,
    pub timer_label: &'static str,
    pub timer_stop: &'static str,
    pub rules_fields: &'static str,
    pub rules_cards: &'static str,
    pub fields_count: Plural,
    pub dots_count: Plural,
    pub rule_no_dots_left: Plural,
    pub rule_max_per_field: Plural,
    pub rule_max_per_card: Plural,
    pub rule_min_fields: Plural,
    pub rule_min_cards: Plural,
    pub rule_over_budget: &'static str,
    pub rule_bad_count: &'static str,
    pub rule_empty: &'static str,
    pub dots_left: Plural,
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
    pub points: Plural,
    pub voters_count: Plural,
    pub rank_label: &'static str,
    pub ranking: &'static str,
    pub results_heading: &'static str,
    pub results_summary: &'static str,
    pub valid_ballots: Plural,
    pub results_only_you: &'static str,
    pub results_hidden: &'static str,
    pub invalid_heading: &'static str,
    pub invalid_ballots: &'static str,
    pub someone: &'static str,
    pub voters_heading: &'static str,
    pub votes: Plural,
    pub excluded_count: &'static str,
    pub named_people: Plural,
    pub voters_anonymous_note: &'static str,
    pub voter_counted: &'static str,
    pub voter_invalid: &'static str,
    pub voter_unsubmitted: &'static str,
    pub voter_excluded: &'static str,
    pub anonymous_ballot: &'static str,
    pub unnamed_voter: &'static str,
    pub exclude_voter: &'static str,
    pub exclude_voter_label: &'static str,
    pub include_voter: &'static str,
    pub include_voter_label: &'static str,
    pub removed_dots: Plural,
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
    // Group work and worksheets
    pub work: &'static str,
    pub exercise_add: &'static str,
    pub exercise_anonymous: &'static str,
    pub exercise_title: &'static str,
    pub exercise_new: &'static str,
    pub question_add: &'static str,
    pub question_scale: &'static str,
    pub question_positions: &'static str,
    pub question_text: &'static str,
    pub question_new: &'static str,
    pub question_open: &'static str,
    pub question_close: &'static str,
    pub question_open_label: &'static str,
    pub movement_from_to: &'static str,
    pub movement_caption: &'static str,
    pub zones_label: &'static str,
    pub zone_label: &'static str,
    pub positioning_choose: &'static str,
    pub positioning_none_open: &'static str,
    pub positioning_heading: &'static str,
    pub step_add: &'static str,
    pub step_target: &'static str,
    pub step_activity: &'static str,
    pub step_title: &'static str,
    pub step_length: &'static str,
    pub step_time: &'static str,
    pub step_new: &'static str,
    pub agenda_empty_facilitator: &'static str,
    pub agenda_empty: &'static str,
    pub agenda_heading: &'static str,
    pub step_start: &'static str,
    pub step_remove_label: &'static str,
    pub step_start_label: &'static str,
    pub step_minutes: &'static str,
    pub step_back: &'static str,
    pub step_over: &'static str,
    pub step_bar: &'static str,
    pub activity_feedback: &'static str,
    pub activity_worksheets: &'static str,
    pub activity_exercise: &'static str,
    pub activity_round: &'static str,
    pub activity_wall: &'static str,
    pub lock: &'static str,
    pub region_add: &'static str,
    pub region_add_label: &'static str,
    pub region_default_title: &'static str,
    pub region_label: &'static str,
    pub region_locked_label: &'static str,
    pub region_rename: &'static str,
    pub region_delete: &'static str,
    pub region_deleted: &'static str,
    pub region_lock: &'static str,
    pub region_title_label: &'static str,
    pub region_keys: &'static str,
    pub region_resize: &'static str,
    pub locked_mark: &'static str,
    pub card_locked_label: &'static str,
    pub cluster_lock: &'static str,
    pub summon: &'static str,
    pub summon_label: &'static str,
    pub summon_sent: &'static str,
    pub summoned: &'static str,
    pub link_kept_facilitator: &'static str,
    pub link_kept_participant: &'static str,
    pub link_participant: &'static str,
    pub link_projector: &'static str,
    pub step_region: &'static str,
    pub step_region_none: &'static str,
    pub positioning: &'static str,
    pub agenda: &'static str,
    pub error_question_closed: &'static str,
    pub error_positions: &'static str,
    pub error_bad_time: &'static str,
    pub error_locked: &'static str,
    pub rights_heading: &'static str,
    pub rights_help: &'static str,
    pub rights_move: &'static str,
    pub rights_fields: &'static str,
    pub rights_edit_others: &'static str,
    pub error_no_move: &'static str,
    pub error_no_fields: &'static str,
    pub error_not_own_card: &'static str,
    pub error_facilitator_only: &'static str,
    pub action_pick_none: &'static str,
    pub action_pick_goal: &'static str,
    pub publish_unreachable: &'static str,
    pub publish_help: &'static str,
    pub publish: &'static str,
    pub row_denied: &'static str,
    pub row_offline: &'static str,
    pub row_unsynced: &'static str,
    pub row_syncing: &'static str,
    pub row_synced: &'static str,
    pub share_loopback_only: &'static str,
    pub share_lan: &'static str,
    pub share_invites_loading: &'static str,
    pub share_invites_failed: &'static str,
    pub share_invites_retry: &'static str,
    pub export_json: &'static str,
    pub export_html: &'static str,
    pub export_markdown: &'static str,
    pub export_print: &'static str,
    pub documentation_help: &'static str,
    pub documentation: &'static str,
    pub work_heading: &'static str,
    pub worksheets_heading: &'static str,
    pub worksheets_none: &'static str,
    pub worksheets_none_facilitator: &'static str,
    pub groups_heading: &'static str,
    pub groups_choose: &'static str,
    pub groups_none: &'static str,
    pub groups_none_facilitator: &'static str,
    pub group_count: Plural,
    pub group_count_cap: Plural,
    pub group_yours: &'static str,
    pub group_leave: &'static str,
    pub group_join: &'static str,
    pub group_join_label: &'static str,
    pub group_full: &'static str,
    pub group_full_error: &'static str,
    pub group_delete_label: &'static str,
    pub group_new: &'static str,
    pub group_field: &'static str,
    pub group_no_field: &'static str,
    pub group_title: &'static str,
    pub group_title_placeholder: &'static str,
    pub group_cap: &'static str,
    pub group_count_off: &'static str,
    pub group_add: &'static str,
    pub sheet_unknown: &'static str,
    pub sheet_delete: &'static str,
    pub sheet_new: &'static str,
    pub sheet_template: &'static str,
    pub sheet_for_group: &'static str,
    pub sheet_everyone: &'static str,
    pub sheet_title: &'static str,
    pub sheet_add: &'static str,
    pub custom_no_questions: &'static str,
    pub custom_new_question: &'static str,
    pub obstacle: &'static str,
    pub solution: &'static str,
    pub remove_row: &'static str,
    pub add_obstacle: &'static str,
    pub seats_heading: &'static str,
    pub seat_who: &'static str,
    pub seat_count: &'static str,
    pub seats_total: Plural,
    pub add_seat: &'static str,
    pub tasks_heading: &'static str,
    pub task: &'static str,
    pub add_task: &'static str,
    pub milestones_heading: &'static str,
    pub milestone_date: &'static str,
    pub milestone: &'static str,
    pub add_milestone: &'static str,
    pub feedback_new: &'static str,
    pub goals_help: &'static str,
    pub goals_full: &'static str,
    pub add_leitziel: &'static str,
    pub leitziel_n: &'static str,
    pub leitziel: &'static str,
    pub target_year: &'static str,
    pub annual_goals: &'static str,
    pub annual_goal: &'static str,
    pub due_date: &'static str,
    pub add_annual: &'static str,
    pub remove_annual: &'static str,
    pub indicators: &'static str,
    pub indicator: &'static str,
    pub add_indicator: &'static str,
    pub remove_leitziel: &'static str,
    pub smart_legend: &'static str,
    pub smart_complete: &'static str,
    pub smart_missing: &'static str,
    pub gap_no_text: &'static str,
    pub gap_unticked: &'static str,
    pub gap_no_date: &'static str,
    pub gap_no_annual: &'static str,
    pub gap_no_indicator: &'static str,
    // Board files
    pub file_menu: &'static str,
    pub file_menu_long: &'static str,
    pub file_heading: &'static str,
    pub file_help: &'static str,
    pub file_save: &'static str,
    pub file_save_failed: &'static str,
    pub file_import: &'static str,
    pub file_import_facilitator: &'static str,
    pub file_imported: &'static str,
    pub cards_count: Plural,
    pub file_other_board: &'static str,
    pub file_other_board_short: &'static str,
    pub file_open_as_own: &'static str,
    pub open_file_heading: &'static str,
    pub open_file_help: &'static str,
    pub open_file: &'static str,
    pub file_opened_new: &'static str,
    pub file_opened_merged: &'static str,
    pub file_error_empty: &'static str,
    pub file_error_foreign: &'static str,
    pub file_error_version: &'static str,
    pub file_error_truncated: &'static str,
    pub file_error_corrupt: &'static str,
    pub file_error_not_board: &'static str,
    pub file_error_too_large: &'static str,
    pub file_error_unreadable: &'static str,
    pub file_unchanged: &'static str,
    pub join_panel_heading: &'static str,
    pub join_panel_qr_alt: &'static str,
    pub join_panel_scan: &'static str,
    pub join_panel_address: &'static str,
    pub join_panel_code: &'static str,
    pub join_panel_failed: &'static str,
    pub presenter_controls: &'static str,
    pub join_panel_toggle: &'static str,
    pub join_panel_toggle_long: &'static str,
    pub fullscreen: &'static str,
    pub fullscreen_exit: &'static str,
}

/// Deutsch.
pub static DE: Strings = Strings {
    app_name: "Kartenwand",
    join_heading: "An einer Wand teilnehmen",
    join_intro: "Gib den Code ein, den die Moderation neben dem QR-Code zeigt.",
    join_code_label: "Beitrittscode (6 Zeichen)",
    join_submit: "Teilnehmen",
    join_busy: "Code wird geprüft …",
    join_invalid: "Ein Beitrittscode hat 6 Zeichen, Buchstaben und Ziffern.",
    join_unknown: "Diesen Code gibt es nicht (mehr). Prüfe ihn oder frag die Moderation nach dem aktuellen Code.",
    join_too_many: "Zu viele Versuche. Warte eine Minute und versuch es dann noch einmal.",
    join_unreachable: "Der Server ist nicht erreichbar. Prüfe, ob du im Netz der Veranstaltung bist, und versuch es noch einmal.",
    share_code_heading: "Oder mit Code teilnehmen",
    share_code_help: "Unter {{ url }} diesen Code eingeben:",
    share_code_label: "Beitrittscode",
    share_code_renew: "Neuen Code erzeugen",
    share_code_renew_help: "Der bisherige Code gilt dann nicht mehr; wer schon teilnimmt, bleibt dabei.",
    share_code_loading: "Beitrittscode wird geholt …",
    share_code_failed: "Der Beitrittscode konnte nicht vom Server geholt werden.",
    link_checking: "Link wird geprüft …",
    link_broken_heading: "Dieser Link funktioniert nicht",
    link_no_board: "Diese Wand gibt es auf diesem Server nicht. Prüfe, ob der Link vollständig ist, oder frag die Moderation nach dem aktuellen Link oder Beitrittscode.",
    link_bad_token: "Der Zugang in diesem Link ist ungültig oder wurde erneuert. Frag die Moderation nach dem aktuellen Link oder Beitrittscode.",
    link_join_by_code: "Mit Beitrittscode teilnehmen",
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
    board_stats: Plural { one: "{{ count }} Karte · geändert {{ when }}", other: "{{ count }} Karten · geändert {{ when }}" },
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
    view_list: "Liste (Listenansicht)",
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
    cluster_count: Plural { one: "{{ count }} Karte", other: "{{ count }} Karten" },
    cluster_empty: "Karten hierher ziehen",
    // Errors and status
    error_empty_text: "Die Karte braucht einen Text.",
    error_empty_title: "Bitte einen Titel eingeben.",
    error_too_long: Plural { one: "Zu lang: höchstens {{ count }} Zeichen.", other: "Zu lang: höchstens {{ count }} Zeichen." },
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
    sync_missing: "Diese Wand gibt es auf dem Server nicht (mehr); was hier steht, bleibt in diesem Browser.",
    row_missing: "Nicht mehr auf dem Server",
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
    ballots_in: Plural { one: "{{ count }} Stimme abgegeben", other: "{{ count }} Stimmen abgegeben" },
    vote_now: "Jetzt abstimmen",
    show_results: "Ergebnis",
    back_to_wall: "Zurück zur Wand",
    timer_over: "Zeit ist um",
    timer_left: Plural { one: "Noch {{ count }} Minute", other: "Noch {{ count }} Minuten" },
    timer_minutes: "{{ minutes }} Min.",
    timer_group: "Countdown",
    timer_label: "Countdown:",
    timer_stop: "Countdown stoppen",
    rules_fields: "{{ dots }} · höchstens {{ max }} pro Feld · mindestens {{ min }}",
    rules_cards: "{{ dots }} · höchstens {{ max }} pro Karte · mindestens {{ min }}",
    fields_count: Plural { one: "{{ count }} Feld", other: "{{ count }} Felder" },
    dots_count: Plural { one: "{{ count }} Punkt", other: "{{ count }} Punkte" },
    rule_no_dots_left: Plural { one: "Dein Punkt ist schon verteilt. Nimm ihn erst woanders weg.", other: "Alle {{ count }} Punkte sind verteilt. Nimm erst woanders einen Punkt weg." },
    rule_max_per_field: Plural { one: "Höchstens {{ count }} Punkt pro Feld.", other: "Höchstens {{ count }} Punkte pro Feld." },
    rule_max_per_card: Plural { one: "Höchstens {{ count }} Punkt pro Karte.", other: "Höchstens {{ count }} Punkte pro Karte." },
    rule_min_fields: Plural { one: "Bitte mindestens {{ count }} Feld bepunkten (bisher {{ have }}).", other: "Bitte mindestens {{ count }} verschiedene Felder bepunkten (bisher {{ have }})." },
    rule_min_cards: Plural { one: "Bitte mindestens {{ count }} Karte bepunkten (bisher {{ have }}).", other: "Bitte mindestens {{ count }} verschiedene Karten bepunkten (bisher {{ have }})." },
    rule_over_budget: "Mehr Punkte vergeben als erlaubt ({{ used }} statt höchstens {{ dots }}).",
    rule_bad_count: "Ein Punktwert ist keine ganze Zahl.",
    rule_empty: "Noch keine Punkte vergeben.",
    dots_left: Plural { one: "Noch {{ left }} von {{ count }} Punkt übrig", other: "Noch {{ left }} von {{ count }} Punkten übrig" },
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
    points: Plural { one: "{{ count }} Punkt", other: "{{ count }} Punkte" },
    voters_count: Plural { one: "{{ count }} Person", other: "{{ count }} Personen" },
    rank_label: "Platz {{ rank }}:",
    ranking: "Rangfolge",
    results_heading: "Ergebnis: {{ title }}",
    results_summary: "{{ ballots }} · {{ points }}",
    valid_ballots: Plural { one: "{{ count }} gültige Stimme", other: "{{ count }} gültige Stimmen" },
    results_only_you: "Noch nicht aufgedeckt: Nur du als Moderation siehst das Ergebnis.",
    results_hidden: "Das Ergebnis wird gezeigt, sobald die Moderation es aufdeckt.",
    invalid_heading: "Nicht gezählte Stimmen",
    invalid_ballots: "Nicht gezählt: {{ count }}",
    someone: "Anonym",
    voters_heading: "Wer abgestimmt hat",
    votes: Plural { one: "{{ count }} Stimme", other: "{{ count }} Stimmen" },
    excluded_count: "{{ count }} ausgeschlossen",
    named_people: Plural { one: "{{ count }} Person mit Namen auf der Wand", other: "{{ count }} Personen mit Namen auf der Wand" },
    voters_anonymous_note: "Anonyme Abstimmung: Die Stimmzettel stehen ohne Namen in der Reihenfolge der Abgabe. Gibt es mehr Stimmzettel als Menschen im Raum, lässt sich ein verdächtiger ausschließen, ohne zu erfahren, von wem er ist.",
    voter_counted: "gezählt",
    voter_invalid: "ungültig",
    voter_unsubmitted: "nicht abgegeben",
    voter_excluded: "ausgeschlossen",
    anonymous_ballot: "Stimmzettel {{ tag }}",
    unnamed_voter: "Ohne Namen ({{ tag }})",
    exclude_voter: "Ausschließen",
    exclude_voter_label: "{{ name }} ausschließen",
    include_voter: "Wieder zählen",
    include_voter_label: "{{ name }} wieder zählen",
    removed_dots: Plural { one: "{{ count }} Punkt lag auf einem inzwischen gelöschten Eintrag.", other: "{{ count }} Punkte lagen auf inzwischen gelöschten Einträgen." },
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
    // Group work and worksheets
    work: "Gruppenarbeit",
    exercise_add: "Aufstellung anlegen",
    exercise_anonymous: "Anonym (ohne Namen)",
    exercise_title: "Titel",
    exercise_new: "Neue Aufstellung",
    question_add: "Frage hinzufügen",
    question_scale: "Positionen sind eine Skala",
    question_positions: "Positionen (eine pro Zeile)",
    question_text: "Text der Frage",
    question_new: "Neue Frage",
    question_open: "Öffnen",
    question_close: "Frage schließen",
    question_open_label: "Frage öffnen: {{ question }}",
    movement_from_to: "von ↓ nach →",
    movement_caption: "Bewegung seit der vorigen Frage",
    zones_label: "Wer wo steht",
    zone_label: "{{ position }}: {{ count }}",
    positioning_choose: "Wo stehst du?",
    positioning_none_open: "Gerade ist keine Frage offen.",
    positioning_heading: "Aufstellung",
    step_add: "Schritt anlegen",
    step_target: "Welche",
    step_activity: "Aktivität",
    step_title: "Was passiert",
    step_length: "Dauer (Minuten)",
    step_time: "Uhrzeit",
    step_new: "Neuer Schritt",
    agenda_empty_facilitator: "Noch kein Ablauf. Lege unten die Schritte des Tages an.",
    agenda_empty: "Die Moderation hat noch keinen Ablauf angelegt.",
    agenda_heading: "Ablauf des Tages",
    step_start: "Starten",
    step_remove_label: "Entfernen: {{ title }}",
    step_start_label: "Starten: {{ title }}",
    step_minutes: "{{ minutes }} Min.",
    step_back: "Zum aktuellen Schritt",
    step_over: "Zeit überschritten",
    step_bar: "Aktueller Schritt",
    activity_feedback: "Feedback",
    activity_worksheets: "Gruppenarbeit",
    activity_exercise: "Aufstellung",
    activity_round: "Abstimmung",
    activity_wall: "Arbeit an der Wand",
    lock: "Festsetzen",
    region_add: "Bereich",
    region_add_label: "Neuen Bereich auf der Wand anlegen",
    region_default_title: "Bereich {{ n }}",
    region_label: "Bereich: {{ title }}",
    region_locked_label: "Bereich: {{ title }} (festgesetzt)",
    region_rename: "Bereich umbenennen: {{ title }}",
    region_delete: "Bereich entfernen: {{ title }}",
    region_deleted: "Bereich „{{ title }}“ entfernt; die Karten bleiben.",
    region_lock: "Bereich festsetzen: {{ title }}",
    region_title_label: "Name des Bereichs",
    region_keys: "Pfeiltasten verschieben den Bereich mit allem darin, mit Umschalt ändern sie seine Größe.",
    region_resize: "Größe ändern",
    locked_mark: "festgesetzt",
    card_locked_label: "{{ text }} (festgesetzt)",
    cluster_lock: "Rubrik festsetzen: {{ title }}",
    summon: "Alle hierher holen",
    summon_label: "Alle Teilnehmenden sehen dann diesen Ausschnitt der Wand",
    summon_sent: "Alle sehen jetzt diesen Ausschnitt.",
    summoned: "Die Moderation hat alle zu ihrem Ausschnitt der Wand geholt.",
    link_kept_facilitator: "Du moderierst diese Wand auf diesem Gerät weiter; der {{ link }} wurde nicht übernommen.",
    link_kept_participant: "Du nimmst auf diesem Gerät weiter an dieser Wand teil; der {{ link }} wurde nicht übernommen.",
    link_participant: "Teilnahmelink",
    link_projector: "Projektorlink",
    step_region: "Bereich der Wand",
    step_region_none: "ganze Wand",
    positioning: "Aufstellung",
    agenda: "Ablauf",
    error_question_closed: "Diese Frage ist gerade nicht offen.",
    error_positions: "Eine Frage braucht 2 bis {{ max }} Positionen.",
    error_bad_time: "Bitte eine Uhrzeit wie 14:00 angeben.",
    error_locked: "Die Moderation hat das festgesetzt.",
    rights_heading: "Rechte der Teilnehmenden",
    rights_help: "Gilt für alle mit dem Link für Teilnehmende; der Server setzt es durch.",
    rights_move: "Karten verschieben",
    rights_fields: "Rubriken anlegen und ändern",
    rights_edit_others: "Karten anderer bearbeiten und löschen",
    error_no_move: "Die Moderation hat das Verschieben von Karten abgeschaltet.",
    error_no_fields: "Rubriken legt hier nur die Moderation an.",
    error_not_own_card: "Das ist nicht deine Karte: Du kannst nur deine eigenen Karten ändern.",
    error_facilitator_only: "Das kann nur die Moderation.",
    action_pick_none: "— wählen —",
    action_pick_goal: "Jahresziel aus den Leitzielen übernehmen",
    publish_unreachable: "Kein Kartenwand-Server erreichbar. Die Wand bleibt in diesem Browser; versuch es wieder, sobald du online bist.",
    publish_help: "Diese Wand liegt nur in diesem Browser. Teilen legt sie auf den Kartenwand-Server, damit andere mitmachen können.",
    publish: "Teilen",
    row_denied: "Zugang verweigert",
    row_offline: "Offline",
    row_unsynced: "Offline: Änderungen noch nicht auf dem Server",
    row_syncing: "Wird abgeglichen …",
    row_synced: "Auf dem Server gespeichert",
    share_loopback_only: "Diese Adresse erreicht nur dieser Rechner. Starte den Server mit --listen 0.0.0.0:8080 und verbinde den Laptop mit dem WLAN oder Hotspot, damit Handys beitreten können.",
    share_lan: "Handys im selben Netz (WLAN oder Hotspot) öffnen die Wand unter {{ url }}.",
    share_invites_loading: "Die Links für Teilnehmende und Projektor werden vom Server geholt …",
    share_invites_failed: "Die Links für Teilnehmende und Projektor konnten nicht vom Server geholt werden. Prüfe die Verbindung und versuch es noch einmal.",
    share_invites_retry: "Noch einmal versuchen",
    export_json: "JSON der ganzen Wand",
    export_html: "HTML herunterladen",
    export_markdown: "Markdown herunterladen",
    export_print: "Druckansicht öffnen",
    documentation_help: "Die Dokumentation des Tages aus dieser Wand: Rubriken und Karten, Abstimmungen mit Rangfolge, zusammengelegte Felder, Arbeitsgruppen und alle Arbeitsblätter. Die Druckansicht wird im Browser mit „Als PDF speichern“ zum PDF.",
    documentation: "Dokumentation",
    work_heading: "Gruppenarbeit",
    worksheets_heading: "Arbeitsblätter",
    worksheets_none: "Für deine Gruppe gibt es noch kein Arbeitsblatt.",
    worksheets_none_facilitator: "Noch kein Arbeitsblatt. Lege unten eines an.",
    groups_heading: "Arbeitsgruppen",
    groups_choose: "Wähle deine Arbeitsgruppe.",
    groups_none: "Die Moderation hat noch keine Arbeitsgruppen angelegt.",
    groups_none_facilitator: "Noch keine Arbeitsgruppe. Lege für jedes gewählte Feld eine an.",
    group_count: Plural { one: "{{ count }} Person", other: "{{ count }} Personen" },
    group_count_cap: Plural { one: "{{ members }} von {{ count }} Platz", other: "{{ members }} von {{ count }} Plätzen" },
    group_yours: "Deine Gruppe",
    group_leave: "Verlassen",
    group_join: "Beitreten",
    group_join_label: "Beitreten: {{ title }}",
    group_full: "Voll",
    group_full_error: "Diese Gruppe ist schon voll.",
    group_delete_label: "Gruppe löschen: {{ title }}",
    group_new: "Neue Arbeitsgruppe",
    group_field: "Handlungsfeld",
    group_no_field: "kein Feld (freie Gruppe)",
    group_title: "Name der Gruppe",
    group_title_placeholder: "leer: wie das Feld",
    group_cap: "Höchstens Personen (leer: offen)",
    group_count_off: "Alle zufällig abzählen",
    group_add: "Gruppe anlegen",
    sheet_unknown: "Dieses Arbeitsblatt stammt aus einer neueren Version von Kartenwand.",
    sheet_delete: "Arbeitsblatt löschen",
    sheet_new: "Neues Arbeitsblatt",
    sheet_template: "Vorlage",
    sheet_for_group: "Für",
    sheet_everyone: "alle",
    sheet_title: "Titel des Arbeitsblatts",
    sheet_add: "Arbeitsblatt anlegen",
    custom_no_questions: "Noch keine Fragen auf diesem Arbeitsblatt.",
    custom_new_question: "Neue Frage",
    obstacle: "Hindernis",
    solution: "Lösungen",
    remove_row: "Zeile entfernen",
    add_obstacle: "Hindernis",
    seats_heading: "Besetzung des Steuerungsgremiums",
    seat_who: "Wer",
    seat_count: "Sitze",
    seats_total: Plural { one: "Insgesamt {{ count }} Sitz", other: "Insgesamt {{ count }} Sitze" },
    add_seat: "Sitz",
    tasks_heading: "Aufgaben",
    task: "Aufgabe",
    add_task: "Aufgabe",
    milestones_heading: "Zeitleiste",
    milestone_date: "Datum",
    milestone: "Meilenstein",
    add_milestone: "Meilenstein",
    feedback_new: "Dein Feedback in einem Satz",
    goals_help: "Bis zu drei Leitziele (langfristig, mit Zieljahr), je mit Jahreszielen (mit Termin) und mindestens einem Indikator. Prüft jedes Ziel mit SMART.",
    goals_full: "Drei Leitziele: mehr hat dieses Arbeitsblatt nicht.",
    add_leitziel: "Leitziel",
    leitziel_n: "{{ n }}. Leitziel",
    leitziel: "Leitziel",
    target_year: "Zieljahr",
    annual_goals: "Jahresziele",
    annual_goal: "Jahresziel",
    due_date: "Termin",
    add_annual: "Jahresziel",
    remove_annual: "Jahresziel entfernen",
    indicators: "Indikatoren",
    indicator: "Indikator",
    add_indicator: "Indikator",
    remove_leitziel: "Leitziel entfernen",
    smart_legend: "SMART-Prüfung",
    smart_complete: "Alles da.",
    smart_missing: "Es fehlt noch: {{ list }}",
    gap_no_text: "der Text",
    gap_unticked: "„{{ criterion }}“",
    gap_no_date: "ein Datum (für „terminiert“)",
    gap_no_annual: "ein Jahresziel",
    gap_no_indicator: "ein Indikator",
    // Board files
    file_menu: "Datei",
    file_menu_long: "Datei: speichern oder einlesen",
    file_heading: "Wand als Datei",
    file_help: "Eine Wand-Datei (.kartenwand) enthält die ganze Wand. Auf einem anderen Gerät oder Server eingelesen, wird sie mit der Wand dort zusammengeführt: Es geht nichts verloren, nichts wird überschrieben.",
    file_save: "Als Datei speichern",
    file_save_failed: "Die Wand konnte nicht als Datei gespeichert werden.",
    file_import: "Datei einlesen",
    file_import_facilitator: "Dateien in diese Wand einlesen kann nur die Moderation.",
    file_imported: "Datei eingelesen: {{ cards }}",
    cards_count: Plural { one: "{{ count }} Karte", other: "{{ count }} Karten" },
    file_other_board: "Diese Datei gehört zu einer anderen Wand („{{ title }}“) und wurde nicht eingelesen.",
    file_other_board_short: "Diese Datei gehört zu einer anderen Wand.",
    file_open_as_own: "Als eigene Wand öffnen",
    open_file_heading: "Wand aus Datei",
    open_file_help: "Eine Kartenwand-Datei von einem anderen Gerät. Liegt die Wand schon in diesem Browser, werden beide zusammengeführt.",
    open_file: "Wand aus Datei öffnen",
    file_opened_new: "„{{ title }}“ aus der Datei übernommen: {{ cards }}.",
    file_opened_merged: "Datei mit „{{ title }}“ zusammengeführt: {{ cards }}.",
    file_error_empty: "Die Datei ist leer.",
    file_error_foreign: "Diese Datei ist keine Kartenwand-Datei.",
    file_error_version: "Diese Datei stammt aus einer neueren Kartenwand-Version und kann hier nicht gelesen werden.",
    file_error_truncated: "Die Datei ist unvollständig (abgeschnitten).",
    file_error_corrupt: "Die Datei ist beschädigt.",
    file_error_not_board: "Die Datei enthält keine Kartenwand.",
    file_error_too_large: "Die Datei ist zu groß (höchstens {{ mb }} MB).",
    file_error_unreadable: "Der Browser konnte die Datei nicht lesen.",
    file_unchanged: "Es wurde nichts verändert.",
    join_panel_heading: "Mitmachen",
    join_panel_qr_alt: "QR-Code zum Mitmachen: mit der Kamera des Handys scannen",
    join_panel_scan: "Mit dem Handy scannen",
    join_panel_address: "oder im Browser öffnen:",
    join_panel_code: "und diesen Code eingeben:",
    join_panel_failed: "Der Beitrittscode ist gerade nicht zu haben (keine Verbindung zum Server).",
    presenter_controls: "Projektor steuern",
    join_panel_toggle: "Beitritt zeigen",
    join_panel_toggle_long: "Beitritt (QR-Code und Code) auf dem Projektor zeigen",
    fullscreen: "Vollbild",
    fullscreen_exit: "Vollbild beenden",
};

/// English.
pub static EN: Strings = Strings {
    app_name: "Kartenwand",
    join_heading: "Join a board",
    join_intro: "Enter the code the facilitator shows next to the QR code.",
    join_code_label: "Join code (6 characters)",
    join_submit: "Join",
    join_busy: "Checking the code …",
    join_invalid: "A join code has 6 characters, letters and digits.",
    join_unknown: "This code does not exist (any more). Check it or ask the facilitator for the current code.",
    join_too_many: "Too many attempts. Wait a minute, then try again.",
    join_unreachable: "The server cannot be reached. Check that you are on the event's network and try again.",
    share_code_heading: "Or join with a code",
    share_code_help: "Enter this code at {{ url }}:",
    share_code_label: "Join code",
    share_code_renew: "Make a new code",
    share_code_renew_help: "The current code then stops working; whoever has joined stays.",
    share_code_loading: "Fetching the join code …",
    share_code_failed: "The join code could not be fetched from the server.",
    link_checking: "Checking the link …",
    link_broken_heading: "This link does not work",
    link_no_board: "This board does not exist on this server. Check that the link is complete, or ask the facilitator for the current link or join code.",
    link_bad_token: "The access in this link is not valid or was renewed. Ask the facilitator for the current link or join code.",
    link_join_by_code: "Join with a code",
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
    board_stats: Plural { one: "{{ count }} card · changed {{ when }}", other: "{{ count }} cards · changed {{ when }}" },
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
    cluster_count: Plural { one: "{{ count }} card", other: "{{ count }} cards" },
    cluster_empty: "Drag cards here",
    // Errors and status
    error_empty_text: "The card needs a text.",
    error_empty_title: "Please enter a title.",
    error_too_long: Plural { one: "Too long: at most {{ count }} character.", other: "Too long: at most {{ count }} characters." },
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
    sync_missing: "This board does not exist on the server (any more); what is here stays in this browser.",
    row_missing: "No longer on the server",
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
    ballots_in: Plural { one: "{{ count }} vote in", other: "{{ count }} votes in" },
    vote_now: "Vote now",
    show_results: "Results",
    back_to_wall: "Back to the wall",
    timer_over: "Time is up",
    timer_left: Plural { one: "{{ count }} minute left", other: "{{ count }} minutes left" },
    timer_minutes: "{{ minutes }} min",
    timer_group: "Countdown",
    timer_label: "Countdown:",
    timer_stop: "Stop countdown",
    rules_fields: "{{ dots }} · at most {{ max }} per field · at least {{ min }}",
    rules_cards: "{{ dots }} · at most {{ max }} per card · at least {{ min }}",
    fields_count: Plural { one: "{{ count }} field", other: "{{ count }} fields" },
    dots_count: Plural { one: "{{ count }} dot", other: "{{ count }} dots" },
    rule_no_dots_left: Plural { one: "Your one dot is given. Take it away elsewhere first.", other: "All {{ count }} dots are given. Take one away elsewhere first." },
    rule_max_per_field: Plural { one: "At most {{ count }} dot per field.", other: "At most {{ count }} dots per field." },
    rule_max_per_card: Plural { one: "At most {{ count }} dot per card.", other: "At most {{ count }} dots per card." },
    rule_min_fields: Plural { one: "Please give dots to at least {{ count }} field (so far {{ have }}).", other: "Please give dots to at least {{ count }} different fields (so far {{ have }})." },
    rule_min_cards: Plural { one: "Please give dots to at least {{ count }} card (so far {{ have }}).", other: "Please give dots to at least {{ count }} different cards (so far {{ have }})." },
    rule_over_budget: "More dots than allowed ({{ used }} instead of at most {{ dots }}).",
    rule_bad_count: "A dot count is not a whole number.",
    rule_empty: "No dots given yet.",
    dots_left: Plural { one: "{{ left }} of {{ count }} dot left", other: "{{ left }} of {{ count }} dots left" },
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
    points: Plural { one: "{{ count }} point", other: "{{ count }} points" },
    voters_count: Plural { one: "{{ count }} person", other: "{{ count }} people" },
    rank_label: "Rank {{ rank }}:",
    ranking: "Ranking",
    results_heading: "Result: {{ title }}",
    results_summary: "{{ ballots }} · {{ points }}",
    valid_ballots: Plural { one: "{{ count }} valid vote", other: "{{ count }} valid votes" },
    results_only_you: "Not revealed yet: only you, facilitating, see the result.",
    results_hidden: "The result shows once the facilitator reveals it.",
    invalid_heading: "Votes not counted",
    invalid_ballots: "Not counted: {{ count }}",
    someone: "Anonymous",
    voters_heading: "Who voted",
    votes: Plural { one: "{{ count }} vote", other: "{{ count }} votes" },
    excluded_count: "{{ count }} excluded",
    named_people: Plural { one: "{{ count }} person with a name on the wall", other: "{{ count }} people with a name on the wall" },
    voters_anonymous_note: "Anonymous vote: the ballots are listed without names, in the order they were cast. If there are more ballots than people in the room, you can exclude a suspicious one without learning whose it is.",
    voter_counted: "counted",
    voter_invalid: "invalid",
    voter_unsubmitted: "not submitted",
    voter_excluded: "excluded",
    anonymous_ballot: "Ballot {{ tag }}",
    unnamed_voter: "No name ({{ tag }})",
    exclude_voter: "Exclude",
    exclude_voter_label: "Exclude {{ name }}",
    include_voter: "Count again",
    include_voter_label: "Count {{ name }} again",
    removed_dots: Plural { one: "{{ count }} dot was on an entry deleted since.", other: "{{ count }} dots were on entries deleted since." },
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
    // Group work and worksheets
    work: "Group work",
    exercise_add: "Set up exercise",
    exercise_anonymous: "Anonymous (no names)",
    exercise_title: "Title",
    exercise_new: "New positioning exercise",
    question_add: "Add question",
    question_scale: "Positions form a scale",
    question_positions: "Positions (one per line)",
    question_text: "Question text",
    question_new: "New question",
    question_open: "Open",
    question_close: "Close question",
    question_open_label: "Open question: {{ question }}",
    movement_from_to: "from ↓ to →",
    movement_caption: "Movement since the previous question",
    zones_label: "Who stands where",
    zone_label: "{{ position }}: {{ count }}",
    positioning_choose: "Where do you stand?",
    positioning_none_open: "No question is open right now.",
    positioning_heading: "Positioning",
    step_add: "Add step",
    step_target: "Which one",
    step_activity: "Activity",
    step_title: "What happens",
    step_length: "Length (minutes)",
    step_time: "Time",
    step_new: "New step",
    agenda_empty_facilitator: "No agenda yet. Add the day’s steps below.",
    agenda_empty: "The facilitator has not written an agenda yet.",
    agenda_heading: "The day’s agenda",
    step_start: "Start",
    step_remove_label: "Remove: {{ title }}",
    step_start_label: "Start: {{ title }}",
    step_minutes: "{{ minutes }} min",
    step_back: "Back to the current step",
    step_over: "Running over",
    step_bar: "Current step",
    activity_feedback: "Feedback",
    activity_worksheets: "Group work",
    activity_exercise: "Positioning",
    activity_round: "Voting",
    activity_wall: "Work on the wall",
    lock: "Lock",
    region_add: "Region",
    region_add_label: "Add a region to the wall",
    region_default_title: "Region {{ n }}",
    region_label: "Region: {{ title }}",
    region_locked_label: "Region: {{ title }} (locked)",
    region_rename: "Rename region: {{ title }}",
    region_delete: "Remove region: {{ title }}",
    region_deleted: "Region “{{ title }}” removed; its cards stay.",
    region_lock: "Lock region: {{ title }}",
    region_title_label: "Name of the region",
    region_keys: "Arrow keys move the region with everything in it; with Shift they resize it.",
    region_resize: "Resize",
    locked_mark: "locked",
    card_locked_label: "{{ text }} (locked)",
    cluster_lock: "Lock cluster: {{ title }}",
    summon: "Bring everyone here",
    summon_label: "Every participant then sees this part of the wall",
    summon_sent: "Everyone now sees this part of the wall.",
    summoned: "The facilitator brought everyone to this part of the wall.",
    link_kept_facilitator: "You still facilitate this wall on this device; the {{ link }} was not applied.",
    link_kept_participant: "You still take part in this wall on this device; the {{ link }} was not applied.",
    link_participant: "participant link",
    link_projector: "projector link",
    step_region: "Region of the wall",
    step_region_none: "whole wall",
    positioning: "Positioning",
    agenda: "Agenda",
    error_question_closed: "This question is not open right now.",
    error_positions: "A question needs 2 to {{ max }} positions.",
    error_bad_time: "Please give a time like 14:00.",
    error_locked: "The facilitator has locked this.",
    rights_heading: "Participants' rights",
    rights_help: "Applies to everyone with the participants' link; the server enforces it.",
    rights_move: "Move cards",
    rights_fields: "Create and change fields",
    rights_edit_others: "Edit and delete other people's cards",
    error_no_move: "The facilitator has turned off moving cards.",
    error_no_fields: "Only the facilitator creates fields here.",
    error_not_own_card: "This is not your card: you can only change your own cards.",
    error_facilitator_only: "Only the facilitator can do this.",
    action_pick_none: "— choose —",
    action_pick_goal: "Take an annual goal from the goals sheet",
    publish_unreachable: "No Kartenwand server reachable. The board stays in this browser; try again once you are online.",
    publish_help: "This board lives only in this browser. Sharing puts it on the Kartenwand server so others can join.",
    publish: "Share",
    row_denied: "Access refused",
    row_offline: "Offline",
    row_unsynced: "Offline: changes not on the server yet",
    row_syncing: "Syncing …",
    row_synced: "Stored on the server",
    share_loopback_only: "Only this computer reaches this address. Start the server with --listen 0.0.0.0:8080 and connect the laptop to the Wi-Fi or hotspot so that phones can join.",
    share_lan: "Phones on the same network (Wi-Fi or hotspot) open the board at {{ url }}.",
    share_invites_loading: "Fetching the links for participants and the projector from the server …",
    share_invites_failed: "The links for participants and the projector could not be fetched from the server. Check the connection and try again.",
    share_invites_retry: "Try again",
    export_json: "JSON of the whole board",
    export_html: "Download HTML",
    export_markdown: "Download Markdown",
    export_print: "Open print view",
    documentation_help: "The day’s documentation from this board: clusters and cards, votes with their ranking, merged fields, working groups and every worksheet. In the print view, the browser’s “Save as PDF” makes the PDF.",
    documentation: "Documentation",
    work_heading: "Group work",
    worksheets_heading: "Worksheets",
    worksheets_none: "There is no worksheet for your group yet.",
    worksheets_none_facilitator: "No worksheet yet. Add one below.",
    groups_heading: "Working groups",
    groups_choose: "Choose your working group.",
    groups_none: "The facilitator has not set up working groups yet.",
    groups_none_facilitator: "No working group yet. Set one up for each chosen field.",
    group_count: Plural { one: "{{ count }} person", other: "{{ count }} people" },
    group_count_cap: Plural { one: "{{ members }} of {{ count }} place", other: "{{ members }} of {{ count }} places" },
    group_yours: "Your group",
    group_leave: "Leave",
    group_join: "Join",
    group_join_label: "Join: {{ title }}",
    group_full: "Full",
    group_full_error: "This group is full already.",
    group_delete_label: "Delete group: {{ title }}",
    group_new: "New working group",
    group_field: "Field of action",
    group_no_field: "no field (free group)",
    group_title: "Name of the group",
    group_title_placeholder: "empty: as the field",
    group_cap: "At most people (empty: open)",
    group_count_off: "Count everyone off at random",
    group_add: "Set up group",
    sheet_unknown: "This worksheet comes from a newer version of Kartenwand.",
    sheet_delete: "Delete worksheet",
    sheet_new: "New worksheet",
    sheet_template: "Template",
    sheet_for_group: "For",
    sheet_everyone: "everyone",
    sheet_title: "Title of the worksheet",
    sheet_add: "Add worksheet",
    custom_no_questions: "No questions on this worksheet yet.",
    custom_new_question: "New question",
    obstacle: "Obstacle",
    solution: "Solutions",
    remove_row: "Remove row",
    add_obstacle: "Obstacle",
    seats_heading: "Seats of the steering body",
    seat_who: "Who",
    seat_count: "Seats",
    seats_total: Plural { one: "{{ count }} seat in all", other: "{{ count }} seats in all" },
    add_seat: "Seat",
    tasks_heading: "Tasks",
    task: "Task",
    add_task: "Task",
    milestones_heading: "Timeline",
    milestone_date: "Date",
    milestone: "Milestone",
    add_milestone: "Milestone",
    feedback_new: "Your feedback in one sentence",
    goals_help: "Up to three guiding goals (long term, with a target year), each with annual goals (with a date) and at least one indicator. Check every goal against SMART.",
    goals_full: "Three guiding goals: this worksheet has no more.",
    add_leitziel: "Guiding goal",
    leitziel_n: "Guiding goal {{ n }}",
    leitziel: "Guiding goal",
    target_year: "Target year",
    annual_goals: "Annual goals",
    annual_goal: "Annual goal",
    due_date: "Due",
    add_annual: "Annual goal",
    remove_annual: "Remove annual goal",
    indicators: "Indicators",
    indicator: "Indicator",
    add_indicator: "Indicator",
    remove_leitziel: "Remove guiding goal",
    smart_legend: "SMART check",
    smart_complete: "Complete.",
    smart_missing: "Still missing: {{ list }}",
    gap_no_text: "the text",
    gap_unticked: "“{{ criterion }}”",
    gap_no_date: "a date (for “terminated”)",
    gap_no_annual: "an annual goal",
    gap_no_indicator: "an indicator",
    // Board files
    file_menu: "File",
    file_menu_long: "File: save or import",
    file_heading: "Board as a file",
    file_help: "A board file (.kartenwand) holds the whole board. Imported on another device or server, it is merged with the board there: nothing is lost, nothing is overwritten.",
    file_save: "Save as file",
    file_save_failed: "The board could not be saved as a file.",
    file_import: "Import file",
    file_import_facilitator: "Only the facilitator can import files into this board.",
    file_imported: "File imported: {{ cards }}",
    cards_count: Plural { one: "{{ count }} card", other: "{{ count }} cards" },
    file_other_board: "This file belongs to another board (“{{ title }}”) and was not imported.",
    file_other_board_short: "This file belongs to another board.",
    file_open_as_own: "Open as a board of its own",
    open_file_heading: "Board from a file",
    open_file_help: "A Kartenwand file from another device. If the board is in this browser already, the two are merged.",
    open_file: "Open board from file",
    file_opened_new: "“{{ title }}” taken from the file: {{ cards }}.",
    file_opened_merged: "File merged into “{{ title }}”: {{ cards }}.",
    file_error_empty: "The file is empty.",
    file_error_foreign: "This file is not a Kartenwand file.",
    file_error_version: "This file comes from a newer version of Kartenwand and cannot be read here.",
    file_error_truncated: "The file is incomplete (cut off).",
    file_error_corrupt: "The file is damaged.",
    file_error_not_board: "The file holds no Kartenwand board.",
    file_error_too_large: "The file is too large (at most {{ mb }} MB).",
    file_error_unreadable: "The browser could not read the file.",
    file_unchanged: "Nothing was changed.",
    join_panel_heading: "Join in",
    join_panel_qr_alt: "QR code to join: scan it with a phone camera",
    join_panel_scan: "Scan with your phone",
    join_panel_address: "or open in a browser:",
    join_panel_code: "and enter this code:",
    join_panel_failed: "The join code is not available right now (no connection to the server).",
    presenter_controls: "Projector controls",
    join_panel_toggle: "Show how to join",
    join_panel_toggle_long: "Show how to join (QR code and code) on the projector",
    fullscreen: "Full screen",
    fullscreen_exit: "Exit full screen",
};

#[cfg(test)]
mod tests {
    use super::*;

    impl Strings {
        /// Every counted text by name (the test below checks that none is missing).
        fn plurals(&self) -> Vec<(&'static str, &Plural)> {
            vec![
            ("board_stats", &self.board_stats),
            ("cluster_count", &self.cluster_count),
            ("error_too_long", &self.error_too_long),
            ("ballots_in", &self.ballots_in),
            ("timer_left", &self.timer_left),
            ("fields_count", &self.fields_count),
            ("dots_count", &self.dots_count),
            ("rule_no_dots_left", &self.rule_no_dots_left),
            ("rule_max_per_field", &self.rule_max_per_field),
            ("rule_max_per_card", &self.rule_max_per_card),
            ("rule_min_fields", &self.rule_min_fields),
            ("rule_min_cards", &self.rule_min_cards),
            ("dots_left", &self.dots_left),
            ("points", &self.points),
            ("voters_count", &self.voters_count),
            ("valid_ballots", &self.valid_ballots),
            ("votes", &self.votes),
            ("named_people", &self.named_people),
            ("removed_dots", &self.removed_dots),
            ("group_count", &self.group_count),
            ("group_count_cap", &self.group_count_cap),
            ("seats_total", &self.seats_total),
            ("cards_count", &self.cards_count),
            ]
        }
    }

    /// Nouns after a number, singular and plural, per language: after 1 no plural may
    /// follow, after 0 or 2 no singular.
    fn nouns(locale: Locale) -> &'static [(&'static str, &'static str)] {
        match locale {
            Locale::de => &[
                ("Karte", "Karten"), ("Stimme", "Stimmen"), ("Person", "Personen"), ("Punkt", "Punkte"),
                ("Punkt", "Punkten"), ("Feld", "Felder"), ("Minute", "Minuten"), ("Sitz", "Sitze"),
                ("Platz", "Plätzen"), ("Eintrag", "Einträgen"), ("Eintrag", "Einträge"),
            ],
            Locale::en => &[
                ("card", "cards"), ("vote", "votes"), ("person", "people"), ("point", "points"), ("dot", "dots"),
                ("field", "fields"), ("minute", "minutes"), ("seat", "seats"), ("place", "places"),
                ("entry", "entries"), ("character", "characters"),
            ],
        }
    }

    /// What is wrong with `text`, the form of a counted text for `count`, if anything.
    fn wrong_form(locale: Locale, count: u64, text: &str) -> Option<String> {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let wrong = |w: &String| {
            nouns(locale).iter().any(|(one, other)| if locale.is_singular(count) { w == other } else { w == one })
        };
        let number = count.to_string();
        match words.iter().position(|w| *w == number) {
            // The two words after the number: "1 gültige Stimme", "2 Personen".
            Some(at) => words[at + 1..].iter().take(2).find(|w| wrong(w)).map(|w| format!("\"{w}\" after {count}")),
            None if locale.is_singular(count) => words.iter().find(|w| wrong(w)).map(|w| format!("\"{w}\" for one")),
            None => Some(format!("{count} does not show")),
        }
    }

    #[test]
    fn placeholders_are_filled_by_name() {
        assert_eq!(fill("Noch {{ left }} von {{ dots }}", &[("dots", &5), ("left", &3)]), "Noch 3 von 5");
        assert_eq!(fill("{{ unknown }} bleibt", &[]), "{{ unknown }} bleibt");
        assert_eq!(fill("offen {{ x", &[("x", &1)]), "offen {{ x");
    }

    #[test]
    fn every_counted_text_has_the_right_form_for_0_1_and_2_in_both_languages() {
        let mut failures = Vec::new();
        for &locale in Locale::get_all() {
            for (key, plural) in locale.strings().plurals() {
                if !plural.other.contains("{{ count }}") {
                    failures.push(format!("{locale:?} {key}: the plural does not show the count"));
                }
                for count in [0, 1, 2] {
                    // Other placeholders get words, so only the count is a number.
                    let text = plural.fill(locale, count, &[("when", &"heute"), ("left", &"X"), ("have", &"X"), ("members", &"X")]);
                    if text.contains("{{") {
                        failures.push(format!("{locale:?} {key}: unfilled placeholder in {text:?}"));
                    }
                    if let Some(why) = wrong_form(locale, count, &text) {
                        failures.push(format!("{locale:?} {key} = {text:?}: {why}"));
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
        assert_eq!(DE.valid_ballots.fill(Locale::de, 1, &[]), "1 gültige Stimme");
        assert_eq!(EN.valid_ballots.fill(Locale::en, 1, &[]), "1 valid vote");
        assert_eq!(DE.voters_count.fill(Locale::de, 2, &[]), "2 Personen");
        assert_eq!(EN.voters_count.fill(Locale::en, 1, &[]), "1 person");
    }

    #[test]
    fn the_check_catches_a_missing_singular() {
        assert!(wrong_form(Locale::de, 1, "1 gültige Stimmen").is_some());
        assert!(wrong_form(Locale::en, 1, "1 people").is_some());
        assert!(wrong_form(Locale::de, 2, "2 Karte").is_some());
        assert!(wrong_form(Locale::de, 1, "Noch X von 1 Punkten übrig").is_some());
        assert!(wrong_form(Locale::en, 1, "1 valid vote").is_none());
    }

    /// The source of this file: the test below reads the table itself, so a counted text
    /// added as a plain `&str`, or a `Plural` left out of `plurals()`, fails it.
    const SOURCE: &str = include_str!("i18n.rs");

    #[test]
    fn every_counted_text_is_a_plural_and_walked_by_the_test() {
        let declared = SOURCE.lines().filter(|l| l.trim_start().starts_with("pub ") && l.trim_end().ends_with(": Plural,")).count();
        assert_eq!(declared, DE.plurals().len(), "a Plural in Strings is missing from plurals()");
        // Plain texts with a number in them, each with no noun that would change with it.
        const NUMBER_WITHOUT_NOUN: &[&str] = &[
            "online_count", // "{{ count }} online"
            "invalid_ballots", // "Nicht gezählt: {{ count }}"
            "excluded_count", // "{{ count }} ausgeschlossen"
            "zone_label", // "{{ position }}: {{ count }}"
            "region_default_title", // a name: "Bereich 2"
            "leitziel_n", // an ordinal: "2. Leitziel"
            "timer_minutes", "step_minutes", // "{{ minutes }} Min."
            "error_positions", // "2 bis {{ max }} Positionen", max ≥ 2
            "rule_over_budget", // "({{ used }} statt höchstens {{ dots }})"
            "file_error_too_large", // "{{ mb }} MB"
            "zoom_level", // "{{ percent }} %"
            "rank_label", // "Platz {{ rank }}:"
            // Slots that take a counted text ("{{ ballots }} · {{ points }}"), or a number
            // before "pro Feld".
            "rules_fields", "rules_cards", "results_summary",
            "file_imported", "file_opened_new", "file_opened_merged",
        ];
        let numbers = ["count", "n", "cards", "minutes", "dots", "max", "min", "have", "left", "used", "cap", "mb", "percent", "rank", "ballots", "points"];
        let table = SOURCE.split("pub static DE: Strings").nth(1).and_then(|t| t.split("\n};").next()).unwrap_or_default();
        let mut plain_counted = Vec::new();
        for line in table.lines() {
            let Some((key, value)) = line.trim().split_once(": \"") else { continue };
            // Plain texts only (a Plural's own line reads `key: Plural { one: "…`).
            if !key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
                continue;
            }
            let has_number = numbers.iter().any(|n| value.contains(&format!("{{{{ {n} }}}}")));
            if has_number && !NUMBER_WITHOUT_NOUN.contains(&key) {
                plain_counted.push(key.to_string());
            }
        }
        assert!(plain_counted.is_empty(), "counted texts that are not a Plural: {plain_counted:?}");
    }
}
