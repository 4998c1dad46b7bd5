//! `kartenwand-server migrate --from-sqlite DIR --database-url …`: moves the boards of a
//! single-node data directory into another store (PostgreSQL), byte for byte: snapshot,
//! update log, client-id owners and join code, and the templates kept on the server. A board the target has already is skipped,
//! so a migration that stopped half-way can run again.

use tracing::info;

use crate::store::{Store, StoreError};

/// What a migration did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Migrated {
    /// Boards copied.
    pub boards: usize,
    /// Boards the target had already, left as they are.
    pub skipped: usize,
    /// Kept templates copied (those the target had already are left as they are).
    pub templates: usize,
}

/// Copies every board of `from` (a data directory's SQLite) into `to`.
pub async fn boards(from: &dyn Store, to: &dyn Store) -> Result<Migrated, StoreError> {
    let mut done = Migrated::default();
    for (id, title) in from.boards().await? {
        let stored = from.load(&id).await?;
        let snapshot = stored.snapshot_v2.unwrap_or_default();
        match to.create_board(&id, &title, snapshot).await {
            Ok(()) => {}
            Err(StoreError::AlreadyExists) => {
                info!(board = %id, "already in the target; skipped");
                done.skipped += 1;
                continue;
            }
            Err(e) => return Err(e),
        }
        if !stored.updates.is_empty() {
            to.append(&id, stored.updates).await?;
        }
        if !stored.owners.is_empty() {
            to.bind_clients(&id, stored.owners).await?;
        }
        if let Some(code) = from.join_code(&id).await? {
            to.set_join_code(&id, &code).await?;
        }
        done.boards += 1;
    }
    for entry in from.templates().await? {
        match to.put_template(from.template(&entry.id).await?).await {
            Ok(()) => done.templates += 1,
            Err(StoreError::AlreadyExists) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}
