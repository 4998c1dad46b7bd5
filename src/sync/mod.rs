//! The open board: owns the `Board` document for the views, tells them when it changed, and
//! keeps it saved in this browser. The websocket provider of the sync issue joins here.

mod clock;
mod saver;

use board::{Board, BoardError};
use leptos::prelude::*;

pub use clock::JsClock;
pub use saver::SaveStatus;
use saver::Saver;

/// The board of the current page, shared through context. Cheap to copy: every field is an
/// arena handle. Views read it through memos that track `changed`, so an unchanged snapshot
/// does not re-render.
#[derive(Clone, Copy)]
pub struct BoardCtx {
    /// The document. Local storage: a yrs `Doc` with its undo manager stays on this thread.
    board: StoredValue<Board, LocalStorage>,
    /// Notified after every change of the document.
    pub changed: Trigger,
    saver: Saver,
}

impl BoardCtx {
    /// Wraps a loaded board and starts saving it after each change.
    pub fn new(id: String, board: Board) -> Self {
        let saver = Saver::new(id);
        let ctx = BoardCtx {
            board: StoredValue::new_local(board),
            changed: Trigger::new(),
            saver,
        };
        saver.watch_page_hide(ctx);
        ctx
    }

    /// Reads the board. Call inside a memo after `self.changed.track()` to follow changes.
    pub fn read<R>(&self, f: impl FnOnce(&Board) -> R) -> R {
        self.board.with_value(f)
    }

    /// Reads the board and re-runs when it changes: the building block of every view.
    pub fn track<R>(&self, f: impl FnOnce(&Board) -> R) -> R {
        self.changed.track();
        self.board.with_value(f)
    }

    /// Runs one operation; views re-render and a save is scheduled.
    pub fn edit<R>(&self, f: impl FnOnce(&mut Board) -> R) -> R {
        let mut out = None;
        self.board.update_value(|b| out = Some(f(b)));
        self.changed.notify();
        self.saver.schedule(*self);
        out.expect("the board lives as long as its page")
    }

    /// Runs an operation that can be refused; a refusal leaves the board unchanged.
    pub fn try_edit(&self, f: impl FnOnce(&mut Board) -> Result<(), BoardError>) -> Result<(), BoardError> {
        self.edit(f)
    }

    /// Whether the last save worked, and if not, why.
    pub fn save_status(&self) -> ReadSignal<SaveStatus> {
        self.saver.status()
    }

    /// Saves now (leaving the page, hiding the tab).
    pub fn save_now(&self) {
        self.saver.save_now(*self);
    }
}
