//! While the start page is open, every board of this browser that lives on a server syncs by
//! itself (quietly: nobody sees this device on those boards), so work done offline reaches
//! the server as soon as there is a network, without opening each board.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::storage::{boards, prefs, BoardIndex};
use crate::sync::api::sync_url;
use crate::sync::{BoardCtx, SyncStatus};

/// Most boards kept in step at once (the most recently changed ones).
const MAX_BOARDS: usize = 20;

/// The connection state of each board being synced, by board id, and its open document
/// once it is read from storage.
#[derive(Clone, Default)]
pub struct BoardSyncs(pub HashMap<String, (RwSignal<SyncStatus>, StoredValue<Option<BoardCtx>>)>);

impl BoardSyncs {
    /// The open document of a board being synced, once it is read.
    pub fn open(&self, id: &str) -> Option<BoardCtx> {
        self.0.get(id).and_then(|(_, ctx)| ctx.get_value())
    }

    /// The connection state of a board being synced.
    pub fn status(&self, id: &str) -> Option<RwSignal<SyncStatus>> {
        self.0.get(id).map(|(status, _)| *status)
    }
}

/// Connects every stored server board once it is read from storage; they disconnect (and
/// store what is pending) when the page goes.
pub fn sync_stored_boards() -> BoardSyncs {
    let key = prefs::participant_key();
    let mut syncs = BoardSyncs::default();
    let Some(owner) = Owner::current() else {
        return syncs;
    };
    for entry in BoardIndex::load().boards.into_iter().take(MAX_BOARDS) {
        let Some(token) = entry.token.clone() else {
            continue;
        };
        let status = RwSignal::new(SyncStatus::Connecting);
        let slot = StoredValue::new(None);
        syncs.0.insert(entry.id.clone(), (status, slot));
        let (owner, key) = (owner.clone(), key.clone());
        leptos::task::spawn_local(async move {
            let Ok((board, stored)) = boards::open_with_keys(&entry.id).await else {
                return;
            };
            // The page may have gone while the board was read.
            if status.try_get_untracked().is_none() {
                return;
            }
            owner.with(|| {
                let ctx = BoardCtx::new(entry.id.clone(), board, &stored);
                ctx.connect_quietly(sync_url(&entry.id, &token, &key));
                Effect::new(move |_| status.set(ctx.sync.get()));
                on_cleanup(move || {
                    ctx.disconnect();
                    ctx.save_now();
                });
                slot.set_value(Some(ctx));
            });
        });
    }
    syncs
}
