//! Keeps the open board stored in this browser: each transaction's update is appended to the
//! board's log in IndexedDB as it happens (batched while a write is under way), the board
//! list's entry follows debounced, and the log is compacted into one snapshot when idle.
//! A failed append (full quota) keeps the update in memory and is retried with the next one.

use std::collections::BTreeSet;

use board::Subscription;
use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::{BoardCtx, SyncStatus};
use crate::storage::boards;
use crate::storage::log::{self, Format};
use crate::storage::{BoardIndex, StorageError};

/// Wait this long after the last change before updating the board list (title, cards).
const LIST_DEBOUNCE_MS: u32 = 300;
/// Compact once the board's log holds this many entries...
const COMPACT_AFTER: usize = 100;
/// ...and nothing changed for this long (compaction encodes the whole document).
const COMPACT_IDLE_MS: u32 = 2_000;

/// What the user should know about saving.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveStatus {
    /// Everything is stored in this browser.
    Saved,
    /// A change is on its way to storage.
    Pending,
    /// The last save failed; the changes since wait in memory, what was stored stays.
    Failed(StorageError),
}

/// The writer's state, on this page only.
#[derive(Default)]
struct Queue {
    /// Updates not stored yet, oldest first.
    pending: Vec<Vec<u8>>,
    /// A write (append or compaction) is under way: at most one at a time.
    busy: bool,
    /// Keys of log entries whose content the document holds (read at open, or written here).
    known: BTreeSet<u64>,
    /// Updates applied from the store are stored already: the observer skips them.
    applying: bool,
}

#[derive(Clone, Copy)]
pub(super) struct Saver {
    id: StoredValue<String>,
    queue: StoredValue<Queue, LocalStorage>,
    list_timer: StoredValue<Option<Timeout>, LocalStorage>,
    compact_timer: StoredValue<Option<Timeout>, LocalStorage>,
    /// Keeps the observer that queues every update registered.
    observer: StoredValue<Option<Subscription>, LocalStorage>,
    status: RwSignal<SaveStatus>,
}

impl Saver {
    /// A saver for board `id`, opened from the log entries with keys `known`.
    pub fn new(id: String, known: &[f64]) -> Self {
        let queue = Queue {
            known: known.iter().map(|k| *k as u64).collect(),
            ..Queue::default()
        };
        Saver {
            id: StoredValue::new(id),
            queue: StoredValue::new_local(queue),
            list_timer: StoredValue::new_local(None),
            compact_timer: StoredValue::new_local(None),
            observer: StoredValue::new_local(None),
            status: RwSignal::new(SaveStatus::Saved),
        }
    }

    /// Starts queueing every committed transaction of the board (local and remote alike).
    pub fn start(&self, ctx: BoardCtx) {
        let queue = self.queue;
        let subscription = ctx.read(|b| {
            b.observe_updates(move |update| {
                queue.try_update_value(|q| {
                    if !q.applying {
                        q.pending.push(update.v1.clone());
                    }
                });
            })
        });
        self.observer.set_value(Some(subscription));
        // Many entries at open (another tab's edits, a long session): compact when idle.
        self.schedule_compaction(ctx);
    }

    /// The board this saver saves.
    pub fn id(&self) -> Option<String> {
        self.id.try_get_value()
    }

    pub fn status(&self) -> ReadSignal<SaveStatus> {
        self.status.read_only()
    }

    /// After a change: store it now, the list entry soon, compact later.
    pub fn schedule(&self, ctx: BoardCtx) {
        if !matches!(self.status.get_untracked(), SaveStatus::Failed(_)) {
            self.status.set(SaveStatus::Pending);
        }
        let saver = *self;
        leptos::task::spawn_local(saver.flush());
        // Replacing the timer drops (cancels) the previous one: that is the debounce.
        self.list_timer
            .set_value(Some(Timeout::new(LIST_DEBOUNCE_MS, move || {
                saver.touch_list(ctx)
            })));
        self.schedule_compaction(ctx);
    }

    /// After a quiet spell, counts the log's entries (other tabs append too) and compacts
    /// when there are many.
    fn schedule_compaction(&self, ctx: BoardCtx) {
        let saver = *self;
        let timer = Timeout::new(COMPACT_IDLE_MS, move || {
            leptos::task::spawn_local(async move {
                let Some(id) = saver.id() else { return };
                if log::count(&id).await.is_ok_and(|n| n >= COMPACT_AFTER) {
                    saver.compact(ctx).await;
                }
            })
        });
        self.compact_timer.set_value(Some(timer));
    }

    /// Stores everything pending now (leaving the page, hiding the tab) and the list entry.
    /// The pending updates are taken out at once: the page's state may be gone before the
    /// write completes (its owner is disposed on leaving), the write must not need it.
    pub fn save_now(&self, ctx: BoardCtx) {
        self.list_timer
            .try_update_value(|t| t.take().map(Timeout::cancel));
        self.touch_list(ctx);
        let Some(id) = self.still_listed() else {
            return;
        };
        let batch = self
            .queue
            .try_update_value(|q| std::mem::take(&mut q.pending))
            .unwrap_or_default();
        if batch.is_empty() {
            return;
        }
        let saver = *self;
        leptos::task::spawn_local(async move {
            let updates: Vec<_> = batch.iter().map(|u| (Format::V1, u.clone())).collect();
            let result = log::append(&id, &updates).await;
            if result.is_ok()
                && saver
                    .queue
                    .try_with_value(|q| !q.busy && q.pending.is_empty())
                    == Some(true)
            {
                saver.status.try_set(SaveStatus::Saved);
            }
            if let Err(e) = result {
                // Still on the page (a hidden tab): back in the queue, and the warning shows.
                let back = saver.queue.try_update_value(|q| {
                    let newer = std::mem::replace(&mut q.pending, batch);
                    q.pending.extend(newer);
                });
                if back.is_some() {
                    saver.status.try_set(SaveStatus::Failed(e));
                } else {
                    leptos::logging::warn!("kartenwand: the last changes could not be stored: {e}");
                }
            }
        });
    }

    /// Whether the board is still in this browser's list: deleted (or moved to the server)
    /// meanwhile, storing would bring it back.
    fn still_listed(&self) -> Option<String> {
        let id = self.id.try_get_value()?;
        BoardIndex::load().get(&id).is_some().then_some(id)
    }

    /// Appends the pending updates, batch after batch, until none is left or a write fails.
    /// While another write is under way this returns at once: that one picks them up.
    async fn flush(self) {
        loop {
            let batch = self
                .queue
                .try_update_value(|q| {
                    (!q.busy && !q.pending.is_empty()).then(|| {
                        q.busy = true;
                        std::mem::take(&mut q.pending)
                    })
                })
                .flatten();
            let Some(batch) = batch else { break };
            let Some(id) = self.still_listed() else {
                self.queue.try_update_value(|q| q.busy = false);
                return;
            };
            let updates: Vec<_> = batch.iter().map(|u| (Format::V1, u.clone())).collect();
            let result = log::append(&id, &updates).await;
            self.queue.try_update_value(|q| {
                q.busy = false;
                match &result {
                    Ok(keys) => q.known.extend(keys.iter().map(|k| *k as u64)),
                    Err(_) => {
                        // Back to the front: the next change (or save) tries them again.
                        let newer = std::mem::replace(&mut q.pending, batch);
                        q.pending.extend(newer);
                    }
                }
            });
            if let Err(e) = result {
                self.status.try_set(SaveStatus::Failed(e));
                return;
            }
        }
        if self
            .queue
            .try_with_value(|q| !q.busy && q.pending.is_empty())
            == Some(true)
        {
            self.status.try_set(SaveStatus::Saved);
        }
    }

    /// Updates the board's entry in the list (title, card count, unconfirmed changes).
    fn touch_list(&self, ctx: BoardCtx) {
        let Some(id) = self.still_listed() else {
            return;
        };
        let Some(result) = ctx.board.try_with_value(|b| boards::touch(&id, b)) else {
            return;
        };
        match result {
            Ok(()) => {
                // Stored here, but is it on the server? Known only once the server confirms.
                let confirmed = matches!(
                    ctx.sync.try_get_untracked(),
                    Some(SyncStatus::Online { stored: true } | SyncStatus::LocalOnly) | None
                );
                if !confirmed {
                    let _ = boards::set_unsynced(&id, true);
                }
            }
            Err(e) => {
                self.status.try_set(SaveStatus::Failed(e));
            }
        }
    }

    /// Replaces the log by one snapshot: first merges what other tabs appended (so the
    /// snapshot holds every entry it replaces), then writes it and deletes exactly the
    /// entries it covers, in one transaction.
    async fn compact(self, ctx: BoardCtx) {
        let Some(id) = self.still_listed() else {
            return;
        };
        let ready = self.queue.try_update_value(|q| {
            let ready = !q.busy && q.pending.is_empty();
            q.busy |= ready;
            ready
        });
        if ready != Some(true) {
            return;
        }
        let outcome = async {
            let entries = log::read(&id).await?;
            let disposed = || StorageError::Failed("the page was left".into());
            let unseen: Vec<_> = self
                .queue
                .try_with_value(|q| {
                    entries
                        .iter()
                        .filter(|e| !q.known.contains(&(e.key as u64)))
                        .cloned()
                        .collect()
                })
                .ok_or_else(disposed)?;
            if !unseen.is_empty() {
                self.queue.try_update_value(|q| q.applying = true);
                ctx.board.try_update_value(|b| {
                    for entry in &unseen {
                        let applied = match entry.format {
                            Format::V1 => b.apply_update_v1(&entry.data),
                            Format::V2 => b.apply_update_v2(&entry.data),
                        };
                        if let Err(e) = applied {
                            leptos::logging::warn!(
                                "kartenwand: a stored update of the board did not merge: {e}"
                            );
                        }
                    }
                });
                self.queue.try_update_value(|q| q.applying = false);
                ctx.changed.notify();
            }
            let covered: Vec<f64> = entries.iter().map(|e| e.key).collect();
            let snapshot = ctx
                .board
                .try_with_value(|b| b.snapshot())
                .ok_or_else(disposed)?;
            let key = log::compact(&id, &snapshot, &covered).await?;
            Ok::<_, StorageError>((covered, key))
        }
        .await;
        self.queue.try_update_value(|q| {
            q.busy = false;
            if let Ok((covered, key)) = &outcome {
                for k in covered {
                    q.known.remove(&(*k as u64));
                }
                q.known.insert(*key as u64);
            }
        });
        if let Err(e) = outcome {
            leptos::logging::warn!(
                "kartenwand: compacting the stored board failed (the log stays): {e}"
            );
        }
        // Updates that came in while compacting.
        self.flush().await;
    }

    /// Stores at once when the tab is hidden or the page is left: the list's debounce must
    /// not lose the last change when a phone switches apps or the browser closes.
    pub fn watch_page_hide(&self, ctx: BoardCtx) {
        let saver = *self;
        let on_hide = Closure::<dyn Fn()>::new(move || {
            if saver
                .status
                .try_get_untracked()
                .is_some_and(|s| s != SaveStatus::Saved)
            {
                saver.save_now(ctx);
            }
        });
        let target = window();
        let _ =
            target.add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
        let doc = document();
        let _ = doc
            .add_event_listener_with_callback("visibilitychange", on_hide.as_ref().unchecked_ref());
        // SendWrapper: cleanups must be Send, and this one runs on the only thread there is.
        let callback = send_wrapper::SendWrapper::new(
            on_hide.as_ref().unchecked_ref::<js_sys::Function>().clone(),
        );
        on_cleanup(move || {
            let _ = window().remove_event_listener_with_callback("pagehide", &callback);
            let _ = document().remove_event_listener_with_callback("visibilitychange", &callback);
        });
        on_hide.forget();
    }
}
