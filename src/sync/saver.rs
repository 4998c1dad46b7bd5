//! Keeps the open board saved: debounced after each change, at once when the page is hidden.
//! Writes the snapshot first and the board list second, so a full quota never leaves the list
//! pointing at a newer state than the stored snapshot.

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::{BoardCtx, SyncStatus};
use crate::storage::boards::{self, BoardsError};
use crate::storage::{snapshots, BoardIndex};
use crate::storage::StorageError;

/// Wait this long after the last change before saving, so a burst of edits is one write.
const DEBOUNCE_MS: u32 = 300;

/// What the user should know about saving.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveStatus {
    /// Everything is stored in this browser.
    Saved,
    /// A change waits for the debounced save.
    Pending,
    /// The last save failed; the stored copy is the previous one.
    Failed(StorageError),
}

#[derive(Clone, Copy)]
pub(super) struct Saver {
    id: StoredValue<String>,
    /// Fingerprint of the stored snapshot when this page last read or wrote it.
    seen: StoredValue<Option<u64>>,
    timer: StoredValue<Option<Timeout>, LocalStorage>,
    status: RwSignal<SaveStatus>,
}

impl Saver {
    pub fn new(id: String) -> Self {
        Saver {
            seen: StoredValue::new(snapshots::fingerprint(&id)),
            id: StoredValue::new(id),
            timer: StoredValue::new_local(None),
            status: RwSignal::new(SaveStatus::Saved),
        }
    }

    /// The board this saver saves.
    pub fn id(&self) -> Option<String> {
        self.id.try_get_value()
    }

    pub fn status(&self) -> ReadSignal<SaveStatus> {
        self.status.read_only()
    }

    pub fn schedule(&self, ctx: BoardCtx) {
        if !matches!(self.status.get_untracked(), SaveStatus::Failed(_)) {
            self.status.set(SaveStatus::Pending);
        }
        let saver = *self;
        // Replacing the timer drops (cancels) the previous one: that is the debounce.
        self.timer.set_value(Some(Timeout::new(DEBOUNCE_MS, move || saver.save_now(ctx))));
    }

    pub fn save_now(&self, ctx: BoardCtx) {
        self.timer.try_update_value(|t| t.take().map(Timeout::cancel));
        let Some(id) = self.id.try_get_value() else { return };
        // Deleted (or moved to the server) meanwhile: the list no longer has it. Saving would
        // bring it back.
        if BoardIndex::load().get(&id).is_none() {
            return;
        }
        // Another copy of this board saved since this page last did (a second tab, a rename
        // from the start page, the background sync): merge its state in first, so that no
        // copy ever overwrites another's changes.
        let stored = snapshots::fingerprint(&id);
        if stored.is_some() && stored != self.seen.try_get_value().flatten() {
            if let Ok(Some(bytes)) = snapshots::load(&id) {
                ctx.board.try_update_value(|b| {
                    if let Err(e) = b.apply_update_v2(&bytes) {
                        leptos::logging::warn!("kartenwand: the stored copy of the board did not merge: {e}");
                    }
                });
                ctx.changed.notify();
            }
        }
        let Some(result) = ctx.board.try_with_value(|b| boards::store(&id, b)) else {
            return;
        };
        // What is stored now: this save, or (when it failed) what was there before it.
        self.seen.try_set_value(result.as_ref().ok().copied().or(stored));
        if result.is_ok() {
            // Saved here, but is it on the server? Known only once the server confirms.
            let confirmed = matches!(ctx.sync.try_get_untracked(), Some(SyncStatus::Online { stored: true } | SyncStatus::LocalOnly) | None);
            if !confirmed {
                let _ = boards::set_unsynced(&id, true);
            }
        }
        self.status.try_set(match result {
            Ok(_) => SaveStatus::Saved,
            Err(BoardsError::Storage(e)) => SaveStatus::Failed(e),
            Err(other) => SaveStatus::Failed(StorageError::Failed(other.to_string())),
        });
    }

    /// Saves when the tab is hidden or the page is left: the debounce must not lose the
    /// last edit when a phone switches apps or the browser closes.
    pub fn watch_page_hide(&self, ctx: BoardCtx) {
        let saver = *self;
        let on_hide = Closure::<dyn Fn()>::new(move || {
            if saver.status.try_get_untracked().is_some_and(|s| s != SaveStatus::Saved) {
                saver.save_now(ctx);
            }
        });
        let target = window();
        let _ = target.add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
        let doc = document();
        let _ = doc.add_event_listener_with_callback("visibilitychange", on_hide.as_ref().unchecked_ref());
        // SendWrapper: cleanups must be Send, and this one runs on the only thread there is.
        let callback = send_wrapper::SendWrapper::new(on_hide.as_ref().unchecked_ref::<js_sys::Function>().clone());
        on_cleanup(move || {
            let _ = window().remove_event_listener_with_callback("pagehide", &callback);
            let _ = document().remove_event_listener_with_callback("visibilitychange", &callback);
        });
        on_hide.forget();
    }
}
