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

/// The connection state of each board being synced, by board id.
#[derive(Clone, Default)]
pub struct BoardSyncs(pub HashMap<String, RwSignal<SyncStatus>>);

/// Connects every stored server board; they disconnect (and are saved) when the page goes.
pub fn sync_stored_boards() -> BoardSyncs {
    let key = prefs::participant_key();
    let mut syncs = BoardSyncs::default();
    for entry in BoardIndex::load().boards.into_iter().take(MAX_BOARDS) {
        let Some(token) = entry.token.clone() else { continue };
        let Ok(board) = boards::open(&entry.id) else { continue };
        let ctx = BoardCtx::new(entry.id.clone(), board);
        ctx.connect_quietly(sync_url(&entry.id, &token, &key));
        on_cleanup(move || {
            ctx.disconnect();
            ctx.save_now();
        });
        syncs.0.insert(entry.id, ctx.sync);
    }
    syncs
}
