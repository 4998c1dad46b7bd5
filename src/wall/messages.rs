//! Turns refusals from the board and from storage into sentences for the user.

use board::{BoardError, Role};

use crate::i18n::*;
use crate::storage::boards::BoardsError;
use crate::storage::StorageError;

/// A refused board operation, explained.
pub fn board_error_text(i18n: I18n, err: &BoardError) -> String {
    match err {
        BoardError::EmptyText => t_string!(i18n, error_empty_text).to_string(),
        BoardError::EmptyTitle => t_string!(i18n, error_empty_title).to_string(),
        BoardError::TooLong { max } => t_count!(i18n, error_too_long, *max),
        BoardError::UnknownCard(_)
        | BoardError::UnknownCluster(_)
        | BoardError::UnknownRound(_) => t_string!(i18n, error_unknown).to_string(),
        BoardError::RoundStarted => t_string!(i18n, error_round_started).to_string(),
        BoardError::RoundState { .. } => t_string!(i18n, error_round_state).to_string(),
        BoardError::RoundNotOpen => t_string!(i18n, ballot_round_closed).to_string(),
        BoardError::NoIdentity => t_string!(i18n, error_no_identity).to_string(),
        BoardError::NotOnBallot(_) => t_string!(i18n, error_not_on_ballot).to_string(),
        BoardError::Ballot(breach) => {
            crate::voting::breach_text(i18n, breach, board::Target::Clusters)
        }
        BoardError::Merge(_) => t_string!(i18n, error_merge).to_string(),
        BoardError::UnknownGroup(_)
        | BoardError::UnknownWorksheet(_)
        | BoardError::UnknownItem
        | BoardError::UnknownRegion(_) => t_string!(i18n, error_unknown).to_string(),
        BoardError::GroupFull => t_string!(i18n, group_full_error).to_string(),
        BoardError::Locked => t_string!(i18n, error_locked).to_string(),
        BoardError::NotAllowed(board::Right::MoveCards) => {
            t_string!(i18n, error_no_move).to_string()
        }
        BoardError::NotAllowed(board::Right::Fields) => {
            t_string!(i18n, error_no_fields).to_string()
        }
        BoardError::NotAllowed(board::Right::EditOthers) => {
            t_string!(i18n, error_not_own_card).to_string()
        }
        BoardError::FacilitatorOnly => t_string!(i18n, error_facilitator_only).to_string(),
        BoardError::BadTime => t_string!(i18n, error_bad_time).to_string(),
        BoardError::BadDate => t_string!(i18n, error_bad_date).to_string(),
        BoardError::OnlyDay => t_string!(i18n, error_only_day).to_string(),
        BoardError::UnknownDay(_) => t_string!(i18n, error_unknown_day).to_string(),
        BoardError::Positions { max } => t_string!(i18n, error_positions, max = *max),
        BoardError::QuestionNotOpen => t_string!(i18n, error_question_closed).to_string(),
        BoardError::ListFull => t_string!(i18n, goals_full).to_string(),
    }
}

/// An invitation link that was not taken because this device holds a stronger role.
pub fn link_kept_text(i18n: I18n, held: Role, offered: Role) -> String {
    let link = match offered {
        Role::Viewer => t_string!(i18n, link_projector),
        _ => t_string!(i18n, link_participant),
    };
    match held {
        Role::Facilitator => t_string!(i18n, link_kept_facilitator, link = link),
        _ => t_string!(i18n, link_kept_participant, link = link),
    }
}

/// A failure of browser storage, explained.
pub fn storage_error_text(i18n: I18n, err: &StorageError) -> String {
    match err {
        StorageError::QuotaFull => t_string!(i18n, storage_full).to_string(),
        other => t_string!(i18n, storage_failed, reason = other.to_string()).to_string(),
    }
}

/// A failure to open, create or rename a stored board, explained.
pub fn boards_error_text(i18n: I18n, err: &BoardsError) -> String {
    match err {
        BoardsError::NotFound => t_string!(i18n, board_not_found).to_string(),
        BoardsError::Damaged(reason) => {
            t_string!(i18n, board_damaged, reason = reason.clone()).to_string()
        }
        BoardsError::Board(e) => board_error_text(i18n, e),
        BoardsError::Storage(e) => storage_error_text(i18n, e),
    }
}
