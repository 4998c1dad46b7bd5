//! The open board: owns the `Board` document for the views, tells them when it changed,
//! keeps it saved in this browser, and keeps it in step with the server when it lives there.

pub mod api;
mod clock;
mod presence;
mod provider;
mod saver;
mod status;

use board::{Board, BoardError, Subscription};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

pub use clock::JsClock;
pub use presence::{DragHint, Peer, Summon};
use provider::Provider;
pub use saver::SaveStatus;
use saver::Saver;
pub use status::SyncStatus;

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
    /// The connection to the server, when the board lives there.
    provider: StoredValue<Option<Provider>, LocalStorage>,
    /// Keeps the observer that forwards local updates to the provider registered.
    forwarding: StoredValue<Option<Subscription>, LocalStorage>,
    /// Connection state, for the status badge.
    pub sync: RwSignal<SyncStatus>,
    /// Who is on the board now.
    pub peers: RwSignal<Vec<Peer>>,
    /// Cards others are dragging right now.
    pub drags: RwSignal<Vec<Peer>>,
}

impl BoardCtx {
    /// Wraps a board loaded from the stored log entries with keys `stored` and starts
    /// storing each change as it happens.
    pub fn new(id: String, board: Board, stored: &[f64]) -> Self {
        let saver = Saver::new(id, stored);
        let ctx = BoardCtx {
            board: StoredValue::new_local(board),
            changed: Trigger::new(),
            saver,
            provider: StoredValue::new_local(None),
            forwarding: StoredValue::new_local(None),
            sync: RwSignal::new(SyncStatus::LocalOnly),
            peers: RwSignal::new(Vec::new()),
            drags: RwSignal::new(Vec::new()),
        };
        saver.start(ctx);
        saver.watch_page_hide(ctx);
        ctx
    }

    /// Connects the board to the server at `url` and keeps it in step, presenting this
    /// browser as `me`. Local changes go out as they happen; on reconnect both sides
    /// exchange what the other lacks.
    pub fn connect(&self, url: String, me: Peer) {
        self.start_provider(url, Some(me));
    }

    /// Keeps the board in step with the server without showing this device to the others.
    pub fn connect_quietly(&self, url: String) {
        self.start_provider(url, None);
    }

    fn start_provider(&self, url: String, me: Option<Peer>) {
        // The server confirmed everything: the board list stops showing it as unsynced.
        let ctx = *self;
        Effect::new(move |_| {
            if matches!(ctx.sync.get(), SyncStatus::Online { stored: true }) {
                if let Some(id) = ctx.saver.id() {
                    let _ = crate::storage::boards::set_unsynced(&id, false);
                }
            }
        });
        let provider = Provider::start(*self, url, me, (self.sync, self.peers, self.drags));
        let forward = provider.clone();
        let subscription = self.read(|b| {
            b.observe_updates(move |update| {
                if update.local {
                    forward.send_update(update.v1.clone());
                }
            })
        });
        self.forwarding.set_value(Some(subscription));
        let online = provider.clone();
        let offline = provider.clone();
        let on_online = Closure::<dyn Fn()>::new(move || online.reconnect_now());
        let on_offline = Closure::<dyn Fn()>::new(move || offline.network_lost());
        for (event, handler) in [("online", &on_online), ("offline", &on_offline)] {
            let _ =
                window().add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
            let callback = send_wrapper::SendWrapper::new(
                handler.as_ref().unchecked_ref::<js_sys::Function>().clone(),
            );
            on_cleanup(move || {
                let _ = window().remove_event_listener_with_callback(event, &callback);
            });
        }
        on_online.forget();
        on_offline.forget();
        self.provider.set_value(Some(provider));
    }

    /// Updates this browser's name or colour for the others on the board.
    pub fn present_as(&self, me: &Peer) {
        self.provider.with_value(|p| {
            if let Some(p) = p {
                p.set_me(me);
            }
        });
    }

    /// Brings everyone to a part of the wall (facilitators; the server refuses others).
    pub fn summon(&self, summon: Summon) {
        self.provider.with_value(|p| {
            if let Some(p) = p {
                p.set_summon(summon);
            }
        });
    }

    /// Shows the others a card on its way (`None` when the drag ends).
    pub fn present_drag(&self, drag: Option<DragHint>) {
        self.provider.with_value(|p| {
            if let Some(p) = p {
                p.set_drag(drag);
            }
        });
    }

    /// Closes the connection (leaving the page).
    pub fn disconnect(&self) {
        if let Some(Some(provider)) = self.provider.try_update_value(Option::take) {
            provider.stop();
        }
        self.forwarding.try_update_value(Option::take);
    }

    /// The board's id.
    pub fn id(&self) -> Option<String> {
        self.saver.id()
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

    /// Runs one operation (or applies a remote update); views re-render and a save is
    /// scheduled.
    pub fn edit<R>(&self, f: impl FnOnce(&mut Board) -> R) -> R {
        let mut out = None;
        self.board.update_value(|b| out = Some(f(b)));
        self.changed.notify();
        self.saver.schedule(*self);
        out.expect("the board lives as long as its page")
    }

    /// Runs an operation that can be refused; a refusal leaves the board unchanged.
    pub fn try_edit(
        &self,
        f: impl FnOnce(&mut Board) -> Result<(), BoardError>,
    ) -> Result<(), BoardError> {
        self.edit(f)
    }

    /// Merges content from elsewhere (a board file) into the board: applied like a remote
    /// update, then what it brought goes to the server like a local edit, since the server
    /// may never have seen it. A refusal leaves the board unchanged.
    pub fn merge_in<E>(&self, f: impl FnOnce(&mut Board) -> Result<(), E>) -> Result<(), E> {
        let before = self.read(|b| b.state_vector_v1());
        self.edit(f)?;
        if let Ok(brought) = self.read(|b| b.diff_v1(&before)) {
            self.provider.with_value(|p| {
                if let Some(p) = p {
                    p.send_update(brought);
                }
            });
        }
        Ok(())
    }

    /// Renames the board (from the start page, for a board open there in the background).
    pub async fn rename(&self, title: &str) -> Result<(), crate::storage::boards::BoardsError> {
        self.try_edit(|b| b.set_title(title))?;
        self.save_now();
        Ok(())
    }

    /// Whether the last save worked, and if not, why.
    pub fn save_status(&self) -> ReadSignal<SaveStatus> {
        self.saver.status()
    }

    /// Stores what is pending now (leaving the page, hiding the tab).
    pub fn save_now(&self) {
        self.saver.save_now(*self);
    }
}
