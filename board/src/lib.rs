//! The Kartenwand board document over yrs: typed operations and views for a moderation wall
//! (cards, clusters; later voting, worksheets, export). Pure Rust, no web or server code;
//! builds natively and for `wasm32-unknown-unknown`. The format is specified in docs/SCHEMA.md.
//!
//! # Layout
//!
//! - `schema.rs`: names of the root maps and their keys, [`SCHEMA_VERSION`], text limits.
//! - `ids.rs`: random base62 ids ([`new_id`]; [`CardId`], [`ClusterId`], [`ParticipantId`]).
//! - `error.rs`: [`BoardError`] (rejected operations) and [`LoadError`] (bad bytes).
//! - `board.rs`: [`Board`] (document, root maps, undo manager), [`BoardEnv`] (injected clock),
//!   load/snapshot, remote updates, [`Board::observe_updates`] with its [`Subscription`],
//!   undo/redo, board title and author.
//! - `board_file.rs`: board files (`.kartenwand`) to carry a board to another device
//!   ([`board_file::encode`], [`board_file::decode`], merging with [`BoardFile::merge_into`]).
//! - `template/`: workshop templates (`.kartenwand-vorlage`: a board's design without its
//!   people, [`Board::template`], [`Board::from_template`]), [`Board::duplicate`], and the
//!   built-in template of the seed's two-day workshop ([`template::seed`]).
//! - `card.rs`: card operations, [`CardView`], [`NewCard`], [`CardColor`].
//! - `color.rs`: [`CssColor`], the only colours that reach a `style` attribute.
//! - `cluster.rs`: cluster operations, [`ClusterView`].
//! - `field_layout.rs`: where fields show so none covers another, and "Felder anordnen".
//! - `participant.rs`: who takes part ([`ParticipantView`]), each writing only its own entry.
//! - `agenda.rs`: the day's agenda and the step running now ([`StepView`]).
//! - `days.rs`: the workshop's days with their dates ([`DayView`]); steps belong to one.
//! - `exercise.rs`: positioning exercises, answers, standings and movement ([`ExerciseView`]).
//! - `lock.rs`: cards and clusters the facilitator locked.
//! - `rights.rs`: what the facilitator lets participants do ([`Rights`], [`Right`]).
//! - `access.rs`: the [`Role`] a token grants, and [`choose_token`]: a link never downgrades.
//! - `identity.rs`: [`ParticipantKey`], a participant's secret and the ids derived from it.
//! - `round.rs`: voting rounds ([`RoundSettings`], [`RoundView`], [`RoundState`]).
//! - `rules.rs`: the dot-vote rules ([`Rules`], [`Breach`]) as pure functions.
//! - `ballot.rs`: ballots, one per round and voter ([`BallotView`], [`BallotItem`]).
//! - `tally.rs`: [`Tally`], the result of a round as a pure function of the document.
//! - `voters.rs`: who voted, for the facilitator ([`VoterRow`]), and the ballots they
//!   excluded from the tally.
//! - `merge.rs`: merging fields after a vote, and unmerging; the one name of a merge
//!   ([`merge_name`], [`merge_name_with_points`]).
//! - `facts.rs`: facts tables on the wall ([`FactsTable`]), typed or pasted from a
//!   spreadsheet ([`parse_cells`]).
//! - `sections.rs`: the facilitator's texts for the documentation, a day's goals and a step's
//!   text section ([`clean_section_text`]).
//! - `seed.rs`: the seed workshop's vote, and splitting points into valid ballots.
//! - `group.rs`: working groups and who is in which ([`GroupView`]).
//! - `worksheet/`: worksheets, their templates, the board's wording of their questions, dates
//!   of a day, month or year, and the SMART check ([`Worksheet`]).
//! - `language.rs`: [`Language`] of exports.
//! - `photo/`: the photo record (Fotoprotokoll): SVG pictures of the whole wall and of each
//!   region, drawn from the document ([`photo::wall`], [`photo::region`], [`photo::record`]).
//! - `export/`: the documentation of a board as Markdown or a print-ready HTML page, and the
//!   whole document as JSON ([`export::markdown`], [`export::html`], [`export::json`]).
//! - `history.rs`: whether an update continues a document without a same-client gap
//!   (shared with the server, which holds such updates back too).
//! - `search.rs`: finding cards and fields by text, ignoring case and accents
//!   ([`search::search`], [`search::Query`]).
//! - `text.rs`: minimal-diff updates of a Y.Text so concurrent edits elsewhere survive.
//! - `read.rs`: tolerant readers of map values (remote peers may write anything).
//!
//! # Time
//!
//! The board never reads the system clock (it panics on wasm): all time comes from
//! [`BoardEnv::clock`].

#![warn(missing_docs)]

mod access;
mod agenda;
mod ballot;
mod board;
pub mod board_file;
mod card;
mod cluster;
mod color;
mod days;
mod error;
mod exercise;
pub mod export;
mod facts;
pub mod field_layout;
mod group;
pub mod history;
mod identity;
mod ids;
mod language;
pub mod lock;
mod merge;
mod participant;
pub mod photo;
mod presenter;
mod read;
mod region;
mod rights;
mod round;
mod rules;
pub mod schema;
pub mod search;
mod sections;
pub mod seed;
pub mod sort;
mod tally;
pub mod template;
mod text;
mod voters;
pub mod worksheet;

pub use access::{choose_token, Role, TokenChoice};
pub use agenda::{clean_time, Activity, StepId, StepPlan, StepView};
pub use ballot::{ballot_key, split_ballot_key, BallotItem, BallotView};
pub use board::{Board, BoardEnv, BoardUpdate, Clock, Subscription};
pub use board_file::{BoardFile, FileError};
pub use card::{cards_from_list, CardColor, CardGroups, CardView, NewCard};
pub use cluster::ClusterView;
pub use color::CssColor;
pub use days::{clean_date, DayId, DayView, FIRST_DAY};
pub use error::{BoardError, LoadError};
pub use exercise::{
    answer_key, ExerciseId, ExerciseView, Movement, QuestionView, Standing, MAX_POSITIONS,
};
pub use facts::{parse_cells, FactsTable, TableId, MAX_COLUMNS};
pub use group::{GroupId, GroupView};
pub use identity::{ParticipantKey, MIN_SECRET_LEN};
pub use ids::{new_id, CardId, ClusterId, ParticipantId, RoundId, ID_LEN};
pub use language::Language;
pub use merge::{merge_name, merge_name_with_points};
pub use participant::ParticipantView;
pub use region::{RegionId, RegionView, MIN_REGION_SIZE};
pub use rights::{owns, read_rights, Right, Rights};
pub use round::{RoundSettings, RoundState, RoundView, Target};
pub use rules::{covered, used, Breach, Dots, Rules, MAX_DOTS};
pub use schema::{MAX_CARD_TEXT, MAX_SECTION_TEXT, MAX_TITLE, SCHEMA_VERSION};
pub use sections::clean_section_text;
pub use tally::{InvalidBallot, ItemResult, SourceResult, Tally};
pub use template::{TemplateError, TemplateFile};
pub use voters::{VoterRow, VoterStatus, TAG_LEN};
pub use worksheet::{Template, Worksheet, WorksheetId};
