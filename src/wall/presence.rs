//! The connection badge and who is on the board: small, always visible, never in the way.

use leptos::prelude::*;

use crate::i18n::*;
use crate::sync::{BoardCtx, SyncStatus};

/// "In sync · all saved", "Offline", …: the state of this device's changes.
#[component]
pub fn SyncBadge() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let text = move || match ctx.sync.get() {
        SyncStatus::LocalOnly => t_string!(i18n, sync_local).to_string(),
        SyncStatus::Connecting => t_string!(i18n, sync_connecting).to_string(),
        SyncStatus::Online { stored: true } => t_string!(i18n, sync_stored).to_string(),
        SyncStatus::Online { stored: false } => t_string!(i18n, sync_pending).to_string(),
        SyncStatus::Offline => t_string!(i18n, sync_offline).to_string(),
        SyncStatus::Denied(reason) => t_string!(i18n, sync_denied, reason = reason).to_string(),
        SyncStatus::Missing => t_string!(i18n, sync_missing).to_string(),
        SyncStatus::Deleted => t_string!(i18n, sync_deleted).to_string(),
    };
    let state = move || match ctx.sync.get() {
        SyncStatus::LocalOnly => "local",
        SyncStatus::Connecting => "connecting",
        SyncStatus::Online { stored: true } => "stored",
        SyncStatus::Online { stored: false } => "pending",
        SyncStatus::Offline => "offline",
        SyncStatus::Denied(_) | SyncStatus::Missing | SyncStatus::Deleted => "denied",
    };
    view! {
        <span class="sync-badge" data-state=state role="status" aria-label=move || format!("{}: {}", t_string!(i18n, sync_status), text())
            title=text>
            <span class="sync-dot" aria-hidden="true"></span>
            <span class="sync-text" aria-hidden="true">{text}</span>
        </span>
    }
}

/// Initials of everyone on the board, in their colours, with a count.
#[component]
pub fn PresenceBar() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let count = move || ctx.peers.with(Vec::len);
    let anyone = move || count() != 0;
    let shown = move || {
        ctx.peers
            .with(|p| p.iter().take(6).cloned().collect::<Vec<_>>())
    };
    view! {
        <Show when=anyone>
            <div class="presence" role="group" aria-label=t!(i18n, people_here)>
                <ul class="presence-list">
                    <For each=shown key=|p| (p.id.clone(), p.name.clone(), p.color.clone())
                        children=|peer| {
                            let initials: String = peer.name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect();
                            view! {
                                <li class="avatar" style=format!("background: {}", peer.color) title=peer.name.clone() aria-label=peer.name.clone()>
                                    <span aria-hidden="true">{initials.to_uppercase()}</span>
                                </li>
                            }
                        }/>
                </ul>
                <span class="presence-count">{move || t_string!(i18n, online_count, count = count()).to_string()}</span>
            </div>
        </Show>
    }
}
