//! A board's sync state in the board list: synced, syncing, waiting for a network (with
//! "not yet on the server" when this browser has unconfirmed changes), or refused.

use leptos::prelude::*;

use super::background_sync::BoardSyncs;
use crate::i18n::*;
use crate::sync::SyncStatus;

/// The note for board `id`; nothing for boards only in this browser.
#[component]
pub fn SyncNote(id: String, unsynced: bool) -> impl IntoView {
    let i18n = use_i18n();
    let status = use_context::<BoardSyncs>().and_then(|s| s.status(&id));
    move || {
        let status = status?.get();
        let (state, text) = match status {
            SyncStatus::Online { stored: true } => ("stored", t_string!(i18n, row_synced)),
            SyncStatus::Online { stored: false } | SyncStatus::Connecting => {
                ("pending", t_string!(i18n, row_syncing))
            }
            SyncStatus::Offline if unsynced => ("offline", t_string!(i18n, row_unsynced)),
            SyncStatus::Offline => ("offline", t_string!(i18n, row_offline)),
            SyncStatus::Denied(_) => ("denied", t_string!(i18n, row_denied)),
            SyncStatus::Missing => ("denied", t_string!(i18n, row_missing)),
            SyncStatus::Deleted => ("denied", t_string!(i18n, sync_deleted)),
            SyncStatus::LocalOnly => return None,
        };
        Some(view! { <span class="sync-note" data-state=state role="status">{text}</span> })
    }
}
