//! Error enums the UI branches on: [`BoardError`] for rejected operations,
//! [`LoadError`] for bytes that are not (or not yet) a board.

use crate::ids::{CardId, ClusterId, RoundId};
use crate::rights::Right;
use crate::round::RoundState;
use crate::rules::Breach;

/// Why a board operation was rejected. Nothing was written to the document.
#[derive(thiserror::Error, Debug, Clone, PartialEq)]
pub enum BoardError {
    /// No card with this id (never existed or deleted, maybe by another peer).
    #[error("unknown card {0}")]
    UnknownCard(CardId),
    /// No cluster with this id (never existed or deleted, maybe by another peer).
    #[error("unknown cluster {0}")]
    UnknownCluster(ClusterId),
    /// Card text is empty or only whitespace.
    #[error("card text is empty")]
    EmptyText,
    /// Title is empty or only whitespace.
    #[error("title is empty")]
    EmptyTitle,
    /// Text longer than `max` characters (Unicode scalar values).
    #[error("text is longer than {max} characters")]
    TooLong {
        /// The limit that was exceeded.
        max: usize,
    },
    /// No voting round with this id.
    #[error("unknown round {0}")]
    UnknownRound(RoundId),
    /// A round's rules can only be changed before it is first opened.
    #[error("the round has started; its rules are fixed")]
    RoundStarted,
    /// The round cannot go from its state to the one asked for.
    #[error("a round cannot go from {from:?} to {to:?}")]
    RoundState {
        /// Where it is.
        from: RoundState,
        /// Where it was asked to go.
        to: RoundState,
    },
    /// Ballots are taken only while the round is open.
    #[error("the round is not open")]
    RoundNotOpen,
    /// Voting needs an identity (see `Board::set_identity`).
    #[error("no participant identity to vote with")]
    NoIdentity,
    /// A dot on something that is not on this round's ballot.
    #[error("{0} is not on the ballot")]
    NotOnBallot(String),
    /// The ballot breaks a rule of the round.
    #[error("the ballot breaks a rule: {0}")]
    Ballot(Breach),
    /// No working group with this id.
    #[error("unknown group {0}")]
    UnknownGroup(String),
    /// The group has as many members as its cap allows.
    #[error("the group is full")]
    GroupFull,
    /// No worksheet with this id.
    #[error("unknown worksheet {0}")]
    UnknownWorksheet(String),
    /// No such item on the worksheet (deleted meanwhile, maybe by someone else).
    #[error("unknown worksheet item")]
    UnknownItem,
    /// The list holds as many items as its template allows (three Leitziele).
    #[error("the list is full")]
    ListFull,
    /// A question needs 2 to `max` positions, each 1–200 characters.
    #[error("a question needs 2 to {max} positions")]
    Positions {
        /// Most positions.
        max: usize,
    },
    /// Answers are taken only while the question is open.
    #[error("the question is not open")]
    QuestionNotOpen,
    /// No region with this id.
    #[error("unknown region {0}")]
    UnknownRegion(String),
    /// The item is locked by the facilitator.
    #[error("locked by the facilitator")]
    Locked,
    /// The facilitator does not let participants do this on this board.
    #[error("not allowed for participants on this board: {0:?}")]
    NotAllowed(Right),
    /// Only the facilitator does this.
    #[error("only the facilitator may do this")]
    FacilitatorOnly,
    /// A time of day that is not "HH:MM".
    #[error("not a time of day (HH:MM)")]
    BadTime,
    /// A date that is not a calendar day "YYYY-MM-DD".
    #[error("not a date (YYYY-MM-DD)")]
    BadDate,
    /// The workshop keeps at least one day.
    #[error("the only day cannot be removed")]
    OnlyDay,
    /// No such day in the agenda (removed meanwhile, maybe by another facilitator).
    #[error("unknown day {0}")]
    UnknownDay(String),
    /// Merging needs at least two fields that are not merged already.
    #[error("cannot merge: {0}")]
    Merge(&'static str),
}

/// Why bytes could not be loaded or applied as a board update.
#[derive(thiserror::Error, Debug)]
pub enum LoadError {
    /// The bytes are not a valid Yjs update (or could not be integrated).
    #[error("cannot decode update: {0}")]
    Decode(String),
    /// A valid Yjs document, but without `meta.schema`: not a Kartenwand board.
    #[error("not a Kartenwand board (no meta.schema)")]
    NotABoard,
}
