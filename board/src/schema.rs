//! Names of the root maps and their keys: the document format, as specified in docs/SCHEMA.md.
//! Only constants live here; reading and writing them is up to `card.rs`, `cluster.rs`, `board.rs`.

/// Version of the document format written into `meta.schema`.
pub const SCHEMA_VERSION: u32 = 1;

/// Longest card text accepted by the board operations, in Unicode scalar values (`char`s).
pub const MAX_CARD_TEXT: usize = 500;
/// Longest board or cluster title accepted by the board operations, in `char`s.
pub const MAX_TITLE: usize = 200;
/// Most characters of a text the facilitator writes for the documentation (a day's goals, a
/// step's text).
pub const MAX_SECTION_TEXT: usize = 20_000;

/// Root map `meta`: board-wide settings.
pub const META: &str = "meta";
/// Root map `cards`: card id → card map.
pub const CARDS: &str = "cards";
/// Root map `clusters`: cluster id → cluster map.
pub const CLUSTERS: &str = "clusters";
/// Root map `rounds`: round id → round map (written by facilitators only).
pub const ROUNDS: &str = "rounds";
/// Root map `ballots`: `"{round}/{voter}"` → ballot map (each voter writes only its own).
pub const BALLOTS: &str = "ballots";
/// Root map `groups`: group id → working group (written by facilitators only).
pub const GROUPS: &str = "groups";
/// Root map `memberships`: participant id → membership (each participant writes its own).
pub const MEMBERSHIPS: &str = "memberships";
/// Root map `worksheets`: worksheet id → worksheet (anyone writes).
pub const WORKSHEETS: &str = "worksheets";
/// Root map `agenda`: step id → agenda step (written by facilitators only).
pub const AGENDA: &str = "agenda";
/// Root map `flow`: where the day stands now (written by facilitators only; not part of undo,
/// unlike `meta`).
pub const FLOW: &str = "flow";
/// Keys of the `flow` map.
pub mod flow {
    /// The agenda step running now (string: a step id); absent before the day starts.
    pub const CURRENT_STEP: &str = "current_step";
    /// The projector shows the join panel (QR code and join code) (bool; absent: no).
    pub const JOIN_PANEL: &str = "join_panel";
    /// The workshop's days: Y.Map day id → day map (see [`super::day`]); absent or empty
    /// for a document written before days existed, which reads as one day.
    pub const DAYS: &str = "days";
}
/// Keys of one day map inside `flow.days`.
pub mod day {
    /// The calendar date, ISO "YYYY-MM-DD" (string); absent while not fixed.
    pub const DATE: &str = "date";
    /// The day's goals as the facilitator writes them for the documentation (string, at most
    /// [`MAX_SECTION_TEXT`](super::MAX_SECTION_TEXT) characters); absent while none.
    pub const GOALS: &str = "goals";
    /// Sort key (number).
    pub const ORDER: &str = "order";
}
/// Root map `exercises`: exercise id → positioning exercise (written by facilitators only).
pub const EXERCISES: &str = "exercises";
/// Root map `answers`: `"{exercise}/{question}/{voter}"` → position id (each voter its own).
pub const ANSWERS: &str = "answers";
/// Root map `regions`: region id → an area of the wall (written by facilitators only).
pub const REGIONS: &str = "regions";
/// Root map `participants`: participant id → participant map.
pub const PARTICIPANTS: &str = "participants";
/// Root map `wordings`: `"{template}/{question}"` → the board's own wording of a worksheet
/// template's question (string; written by facilitators only).
pub const WORDINGS: &str = "wordings";

/// Root map `tables`: table id → a facts table on the wall (written by facilitators only).
pub const TABLES: &str = "tables";

/// Every root map of the format. Writers outside the facilitator's role write no other root
/// (the server refuses it), so a board cannot be filled through a root the app never shows.
pub const ROOTS: [&str; 16] = [
    META,
    CARDS,
    CLUSTERS,
    ROUNDS,
    BALLOTS,
    GROUPS,
    MEMBERSHIPS,
    WORKSHEETS,
    AGENDA,
    FLOW,
    EXERCISES,
    ANSWERS,
    REGIONS,
    PARTICIPANTS,
    WORDINGS,
    TABLES,
];

/// Key `locked` (bool) on a card, cluster or region map: the facilitator locked it.
pub const LOCKED: &str = "locked";

/// Keys of the `meta` map.
pub mod meta {
    /// Schema version (number).
    pub const SCHEMA: &str = "schema";
    /// Board title (plain string).
    pub const TITLE: &str = "title";
    /// Participants may move cards (bool; absent: yes).
    pub const MOVE_CARDS: &str = "participants_move_cards";
    /// Participants may create and change fields (bool; absent: yes).
    pub const FIELDS: &str = "participants_fields";
    /// Participants may edit and delete cards they did not write (bool; absent: no).
    pub const EDIT_OTHERS: &str = "participants_edit_others";
}

/// Keys of one card map inside `cards`.
pub mod card {
    /// Card text (Y.Text).
    pub const TEXT: &str = "text";
    /// Left edge on the wall when free (number).
    pub const X: &str = "x";
    /// Top edge on the wall when free (number).
    pub const Y: &str = "y";
    /// Card colour name (string, see `CardColor`).
    pub const COLOR: &str = "color";
    /// Id of the cluster holding the card (string), absent for a free card.
    pub const CLUSTER: &str = "cluster";
    /// Participant id of the writer (string).
    pub const AUTHOR: &str = "author";
    /// Creation time, milliseconds since the Unix epoch (number).
    pub const CREATED: &str = "created";
    /// Sort key inside the cluster (number).
    pub const ORDER: &str = "order";
    /// `true` while the card waits in the incoming area ("Eingang"), where every device lays
    /// it out the same way; gone once the card is placed or put into a field.
    pub const INCOMING: &str = "incoming";
}

/// Keys of one cluster map inside `clusters`.
pub mod cluster {
    /// Cluster heading (Y.Text).
    pub const TITLE: &str = "title";
    /// Left edge on the wall (number).
    pub const X: &str = "x";
    /// Top edge on the wall (number).
    pub const Y: &str = "y";
    /// Colour name (string, see `CardColor`).
    pub const COLOR: &str = "color";
    /// Id of the cluster this one was merged into (string), absent otherwise.
    pub const MERGED_INTO: &str = "merged_into";
}

/// Keys of one region map inside `regions`.
pub mod region {
    /// Name of the area ("Daten und Fakten") (string).
    pub const TITLE: &str = "title";
    /// Left edge on the wall (number).
    pub const X: &str = "x";
    /// Top edge on the wall (number).
    pub const Y: &str = "y";
    /// Width (number).
    pub const W: &str = "w";
    /// Height (number).
    pub const H: &str = "h";
    /// Creation time (number).
    pub const CREATED: &str = "created";
}

/// Keys of one facts table inside `tables`.
pub mod table {
    /// Its title ("Statistische Daten aus Quakenbrück") (string).
    pub const TITLE: &str = "title";
    /// The cells: one line per row, the header first, cells separated by tabs (string, at
    /// most [`MAX_SECTION_TEXT`](super::MAX_SECTION_TEXT) characters).
    pub const CELLS: &str = "cells";
    /// Left edge on the wall (number).
    pub const X: &str = "x";
    /// Top edge on the wall (number).
    pub const Y: &str = "y";
    /// Creation time (number).
    pub const CREATED: &str = "created";
}

/// Keys of one round map inside `rounds`.
pub mod round {
    /// Round title (string).
    pub const TITLE: &str = "title";
    /// What gets dots: `"clusters"` or `"cards"`.
    pub const TARGET: &str = "target";
    /// Dots per participant (number).
    pub const DOTS: &str = "dots";
    /// Most dots one participant may put on one item (number).
    pub const MAX_PER_ITEM: &str = "max_per_item";
    /// Fewest different items a ballot must cover (number).
    pub const MIN_ITEMS: &str = "min_items";
    /// Whether ballots are anonymous (bool).
    pub const ANONYMOUS: &str = "anonymous";
    /// `"draft"`, `"open"`, `"closed"` or `"revealed"`.
    pub const STATE: &str = "state";
    /// `"live"` (everyone sees the dots while voting) or `"hidden"` (only after reveal).
    pub const RESULTS: &str = "results";
    /// End of the running countdown, ms since the epoch (number); absent without a timer.
    pub const TIMER_END: &str = "timer_end";
    /// Creation time, ms since the epoch (number); orders the rounds.
    pub const CREATED: &str = "created";
    /// Y.Map voter → `true`: ballots the facilitator excluded from the tally.
    pub const EXCLUDED: &str = "excluded";
}

/// Keys of one ballot map inside `ballots`.
pub mod ballot {
    /// Y.Map item id → dot count.
    pub const DOTS: &str = "dots";
    /// Whether the participant submitted the ballot (bool).
    pub const SUBMITTED: &str = "submitted";
    /// When it was last submitted, ms since the epoch (number).
    pub const UPDATED: &str = "updated";
}

/// Keys of one participant map inside `participants`.
pub mod participant {
    /// Nickname (string).
    pub const NAME: &str = "name";
    /// Colour (string).
    pub const COLOR: &str = "color";
    /// Whether the participant's name appears in the documentation's list of people (bool;
    /// absent: `false`). Each participant decides for themselves (opt-in).
    pub const LISTED: &str = "listed";
}

/// Keys of one group map inside `groups`.
pub mod group {
    /// Name of the group (string).
    pub const TITLE: &str = "title";
    /// The field (cluster id) the group works on (string); absent for a free group.
    pub const FIELD: &str = "field";
    /// Most members when people choose themselves (number); absent or 0 for no limit.
    pub const CAP: &str = "cap";
    /// Creation time (number).
    pub const CREATED: &str = "created";
}

/// Keys of one membership map inside `memberships`.
pub mod membership {
    /// The group id (string).
    pub const GROUP: &str = "group";
    /// When the participant joined, ms since the epoch (number).
    pub const JOINED: &str = "joined";
}

/// Keys of one worksheet map inside `worksheets`.
pub mod worksheet {
    /// Template name (string), see `Template`.
    pub const TEMPLATE: &str = "template";
    /// Title (string): the custom worksheet's name; empty for the standard ones.
    pub const TITLE: &str = "title";
    /// The field (cluster id) the worksheet is about (string), if any.
    pub const FIELD: &str = "field";
    /// The group that fills it (string), if any.
    pub const GROUP: &str = "group";
    /// Creation time (number).
    pub const CREATED: &str = "created";
    /// Y.Map question key → Y.Text answer.
    pub const ANSWERS: &str = "answers";
    /// Custom worksheets: Y.Map question id → Y.Map { `text`, `order` }.
    pub const QUESTIONS: &str = "questions";
    /// Sort key of an item in a list (number).
    pub const ORDER: &str = "order";
}

/// Keys of one agenda step inside `agenda`.
pub mod step {
    /// Planned start, "HH:MM" (string).
    pub const START: &str = "start";
    /// What happens ("Begrüßung, Programm") (string).
    pub const TITLE: &str = "title";
    /// Planned length in minutes (number); absent if open-ended.
    pub const MINUTES: &str = "minutes";
    /// What the step runs: `"wall"`, `"round"`, `"exercise"`, `"worksheets"`, `"feedback"` (string).
    pub const ACTIVITY: &str = "activity";
    /// The round or exercise it runs (string id), for those activities.
    pub const TARGET: &str = "target";
    /// When the facilitator really started it, ms since the epoch (number).
    pub const STARTED: &str = "started";
    /// The day it belongs to (string: a key of `flow.days`); absent or unknown: the first day.
    pub const DAY: &str = "day";
    /// The facilitator's text for the documentation at this step (welcome, input, closing
    /// words) (string, at most [`MAX_SECTION_TEXT`](super::MAX_SECTION_TEXT) characters);
    /// absent while none.
    pub const TEXT: &str = "text";
    /// Sort key (number).
    pub const ORDER: &str = "order";
}

/// Keys of one positioning exercise inside `exercises`.
pub mod exercise {
    /// Title ("Aufstellung") (string).
    pub const TITLE: &str = "title";
    /// Whether answers are cast under a per-exercise pseudonym (bool).
    pub const ANONYMOUS: &str = "anonymous";
    /// Y.Map question id → question map.
    pub const QUESTIONS: &str = "questions";
    /// The question open now (string: question id); absent while none is.
    pub const OPEN: &str = "open";
    /// Creation time (number).
    pub const CREATED: &str = "created";
}

/// Keys of one question inside an exercise's `questions`.
pub mod question {
    /// The question asked (string).
    pub const TEXT: &str = "text";
    /// Sort key (number).
    pub const ORDER: &str = "order";
    /// The positions, in order (JSON array of strings: `Y.Array` is avoided so a question is
    /// replaced whole, never half-edited by two facilitators).
    pub const POSITIONS: &str = "positions";
    /// Whether the positions are an ordered scale ("0–2 / 3–5 / 6–10 years") (bool).
    pub const SCALE: &str = "scale";
}
