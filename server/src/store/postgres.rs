//! [`PostgresStore`]: boards in PostgreSQL, for several server nodes sharing one database
//! (`--database-url postgres://…`). Same tables as `sqlite.rs`; the schema comes from the
//! numbered migrations in `migrations.rs`, applied at start.
//!
//! # Several writers
//!
//! Any node may append to any board; only compaction needs care:
//! - An append locks its board's row (`FOR NO KEY UPDATE`) before it takes sequence
//!   numbers, so per board the sequence numbers commit in order: a reader never sees row
//!   n+1 without row n, and a snapshot's `upto_seq` can never skip a row that commits late.
//!   Appends of several boards waiting at once go out as one statement
//!   (`postgres_appends.rs`), which locks their rows in id order.
//! - A compaction runs in one transaction under a per-board advisory lock
//!   (`pg_try_advisory_xact_lock`); a second node that tries meanwhile skips it. A snapshot
//!   replaces the stored one only if it covers at least as many rows, so a slow node cannot
//!   put an older snapshot over a newer one.
//! - `load` reads snapshot and log in one REPEATABLE READ transaction: a compaction that
//!   commits in between is seen entirely or not at all.
//!
//! The snapshot itself must cover every row up to `upto_seq`, including rows other nodes
//! appended: the board task builds it from what the store holds when the store is shared
//! ([`Store::shared`]).

use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::error::SqlState;
use tokio_postgres::{IsolationLevel, NoTls};

use super::migrations;
use super::postgres_appends::Appends;
use super::{Store, StoreError, StoredBoard, StoredTemplate, TemplateEntry};
use crate::board_id::BoardId;

/// Connections each node keeps at most.
const POOL_SIZE: usize = 16;

/// Boards in a PostgreSQL database, shared by any number of nodes.
#[derive(Clone)]
pub struct PostgresStore {
    /// A pool: board tasks commit concurrently, each on a connection of its own.
    pool: Pool,
    /// Appends, several boards' in one statement.
    appends: Appends,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore").finish_non_exhaustive()
    }
}

/// Any other failure (a pool, a connection) as a backend error.
pub(super) fn backend(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

/// A database error, with unique violations as `AlreadyExists`.
pub(super) fn db(e: tokio_postgres::Error) -> StoreError {
    if e.code() == Some(&SqlState::UNIQUE_VIOLATION) {
        StoreError::AlreadyExists
    } else {
        // `{:#}` would repeat the cause; the source carries the server's message.
        let detail = std::error::Error::source(&e).map_or_else(|| e.to_string(), |s| s.to_string());
        StoreError::Backend(detail)
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

impl PostgresStore {
    /// Connects to `url` (`postgres://user:password@host:port/database`, no TLS) and
    /// brings the schema up to date.
    pub async fn connect(url: &str) -> Result<PostgresStore, StoreError> {
        let config = tokio_postgres::Config::from_str(url)
            .map_err(|e| StoreError::Backend(format!("database URL: {e}")))?;
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .build()
            .map_err(backend)?;
        let store = PostgresStore {
            appends: Appends::start(pool.clone()),
            pool,
        };
        let mut client = store.client().await?;
        migrations::run(&mut client).await?;
        Ok(store)
    }

    async fn client(&self) -> Result<deadpool_postgres::Object, StoreError> {
        self.pool.get().await.map_err(backend)
    }
}

/// `NotFound` unless board `id` exists.
async fn require_board(
    tx: &deadpool_postgres::Transaction<'_>,
    id: &str,
) -> Result<(), StoreError> {
    let row = tx
        .query_opt("SELECT 1 FROM boards WHERE id = $1", &[&id])
        .await
        .map_err(db)?;
    row.map(|_| ()).ok_or(StoreError::NotFound)
}

/// Locks the board's row for this transaction (appends to one board then take their
/// sequence numbers one transaction after another); `NotFound` if there is none.
async fn lock_board(tx: &deadpool_postgres::Transaction<'_>, id: &str) -> Result<(), StoreError> {
    let row = tx
        .query_opt(
            "SELECT 1 FROM boards WHERE id = $1 FOR NO KEY UPDATE",
            &[&id],
        )
        .await
        .map_err(db)?;
    row.map(|_| ()).ok_or(StoreError::NotFound)
}

#[async_trait]
impl Store for PostgresStore {
    async fn create_board(
        &self,
        id: &BoardId,
        title: &str,
        snapshot_v2: Vec<u8>,
    ) -> Result<(), StoreError> {
        let id = id.to_string();
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(db)?;
        let inserted = tx
            .execute(
                "INSERT INTO boards (id, title, created_ms, used_ms) VALUES ($1, $2, $3, $3)
                 ON CONFLICT (id) DO NOTHING",
                &[&id, &title, &now_ms()],
            )
            .await
            .map_err(db)?;
        if inserted == 0 {
            return Err(StoreError::AlreadyExists);
        }
        tx.execute(
            "INSERT INTO snapshots (board, upto_seq, data) VALUES ($1, 0, $2)",
            &[&id, &snapshot_v2],
        )
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)
    }

    async fn board_exists(&self, id: &BoardId) -> Result<bool, StoreError> {
        let client = self.client().await?;
        let row = client
            .query_opt("SELECT 1 FROM boards WHERE id = $1", &[&id.to_string()])
            .await
            .map_err(db)?;
        Ok(row.is_some())
    }

    async fn put_template(&self, t: StoredTemplate) -> Result<(), StoreError> {
        let client = self.client().await?;
        let inserted = client
            .execute(
                "INSERT INTO templates (id, title, created_ms, data, delete_hash)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
                &[&t.id, &t.title, &t.created_ms, &t.data, &t.delete_hash],
            )
            .await
            .map_err(db)?;
        if inserted == 0 {
            return Err(StoreError::AlreadyExists);
        }
        Ok(())
    }

    async fn templates(&self) -> Result<Vec<TemplateEntry>, StoreError> {
        let client = self.client().await?;
        let rows = client
            .query(
                "SELECT id, title, created_ms, octet_length(data)::BIGINT FROM templates
                 ORDER BY created_ms DESC, id",
                &[],
            )
            .await
            .map_err(db)?;
        Ok(rows
            .iter()
            .map(|row| TemplateEntry {
                id: row.get(0),
                title: row.get(1),
                created_ms: row.get(2),
                bytes: row.get::<_, i64>(3).max(0) as u64,
            })
            .collect())
    }

    async fn template(&self, id: &str) -> Result<StoredTemplate, StoreError> {
        let client = self.client().await?;
        let row = client
            .query_opt(
                "SELECT title, created_ms, data, delete_hash FROM templates WHERE id = $1",
                &[&id],
            )
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
        Ok(StoredTemplate {
            id: id.to_owned(),
            title: row.get(0),
            created_ms: row.get(1),
            data: row.get(2),
            delete_hash: row.get(3),
        })
    }

    async fn delete_template(&self, id: &str) -> Result<(), StoreError> {
        let client = self.client().await?;
        match client
            .execute("DELETE FROM templates WHERE id = $1", &[&id])
            .await
            .map_err(db)?
        {
            0 => Err(StoreError::NotFound),
            _ => Ok(()),
        }
    }

    async fn boards(&self) -> Result<Vec<(BoardId, String)>, StoreError> {
        let client = self.client().await?;
        let rows = client
            .query("SELECT id, title FROM boards ORDER BY created_ms, id", &[])
            .await
            .map_err(db)?;
        // An id this version would not issue is skipped rather than guessed at.
        Ok(rows
            .iter()
            .filter_map(|row| Some((BoardId::parse(row.get(0))?, row.get(1))))
            .collect())
    }

    async fn load(&self, id: &BoardId) -> Result<StoredBoard, StoreError> {
        let id = id.to_string();
        let mut client = self.client().await?;
        // One snapshot of the database for all three reads (see the module doc).
        let tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await
            .map_err(db)?;
        require_board(&tx, &id).await?;
        let mut board = StoredBoard::default();
        let snapshot = tx
            .query_opt(
                "SELECT data, upto_seq FROM snapshots WHERE board = $1",
                &[&id],
            )
            .await
            .map_err(db)?;
        let mut upto = 0i64;
        if let Some(row) = snapshot {
            board.snapshot_v2 = Some(row.try_get(0).map_err(db)?);
            upto = row.try_get(1).map_err(db)?;
        }
        board.last_seq = upto as u64;
        let rows = tx
            .query(
                "SELECT seq, data FROM updates WHERE board = $1 AND seq > $2 ORDER BY seq",
                &[&id, &upto],
            )
            .await
            .map_err(db)?;
        for row in rows {
            let seq: i64 = row.try_get(0).map_err(db)?;
            board.updates.push(row.try_get(1).map_err(db)?);
            board.last_seq = board.last_seq.max(seq as u64);
        }
        let owners = tx
            .query(
                "SELECT client, owner FROM client_owners WHERE board = $1",
                &[&id],
            )
            .await
            .map_err(db)?;
        for row in owners {
            // Client ids are u64 in Yjs; the column holds their bit pattern.
            let client: i64 = row.try_get(0).map_err(db)?;
            board
                .owners
                .push((client as u64, row.try_get(1).map_err(db)?));
        }
        tx.commit().await.map_err(db)?;
        Ok(board)
    }

    async fn append(&self, id: &BoardId, updates: Vec<Vec<u8>>) -> Result<u64, StoreError> {
        let id = id.to_string();
        if updates.is_empty() {
            // Nothing to insert: only whether the board is there.
            let row = self
                .client()
                .await?
                .query_opt("SELECT 1 FROM boards WHERE id = $1", &[&id])
                .await
                .map_err(db)?;
            return row.map(|_| 0).ok_or(StoreError::NotFound);
        }
        self.appends.append(id, updates).await
    }

    async fn bind_clients(
        &self,
        id: &BoardId,
        owners: Vec<(u64, String)>,
    ) -> Result<Vec<(u64, String)>, StoreError> {
        let id = id.to_string();
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(db)?;
        require_board(&tx, &id).await?;
        // Another node may bind the same id at the same moment: the row that is there after
        // the insert (ours or theirs) is the owner.
        let insert = tx
            .prepare_cached(
                "INSERT INTO client_owners (board, client, owner) VALUES ($1, $2, $3)
                 ON CONFLICT (board, client) DO UPDATE SET owner = client_owners.owner
                 RETURNING owner",
            )
            .await
            .map_err(db)?;
        let mut lost = Vec::new();
        for (client_id, owner) in owners {
            let row = tx
                .query_one(&insert, &[&id, &(client_id as i64), &owner])
                .await
                .map_err(db)?;
            let holder: String = row.get(0);
            if holder != owner {
                lost.push((client_id, owner));
            }
        }
        tx.commit().await.map_err(db)?;
        Ok(lost)
    }

    async fn compact(
        &self,
        id: &BoardId,
        snapshot_v2: Vec<u8>,
        upto_seq: u64,
    ) -> Result<u64, StoreError> {
        let id = id.to_string();
        let upto = upto_seq as i64;
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(db)?;
        let locked: bool = tx
            .query_one(
                "SELECT pg_try_advisory_xact_lock(hashtextextended('kartenwand.compact:' || $1, 0))",
                &[&id],
            )
            .await
            .map_err(db)?
            .try_get(0)
            .map_err(db)?;
        if !locked {
            // Another node compacts this board right now; its snapshot will do.
            return Ok(0);
        }
        require_board(&tx, &id).await?;
        tx.execute(
            "INSERT INTO snapshots (board, upto_seq, data) VALUES ($1, $2, $3)
             ON CONFLICT (board) DO UPDATE SET upto_seq = excluded.upto_seq, data = excluded.data
             WHERE snapshots.upto_seq <= excluded.upto_seq",
            &[&id, &upto, &snapshot_v2],
        )
        .await
        .map_err(db)?;
        // Every row up to `upto` is covered, by this snapshot or a newer one.
        let deleted = tx
            .execute(
                "DELETE FROM updates WHERE board = $1 AND seq <= $2",
                &[&id, &upto],
            )
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(deleted)
    }

    async fn set_join_code(&self, id: &BoardId, code: &str) -> Result<(), StoreError> {
        let id = id.to_string();
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(db)?;
        lock_board(&tx, &id).await?;
        let holder = tx
            .query_opt("SELECT board FROM join_codes WHERE code = $1", &[&code])
            .await
            .map_err(db)?;
        if let Some(row) = holder {
            let holder: String = row.try_get(0).map_err(db)?;
            if holder != id {
                return Err(StoreError::AlreadyExists);
            }
        }
        // A code taken by another node meanwhile fails on the unique index: `AlreadyExists`.
        tx.execute(
            "INSERT INTO join_codes (board, code, created_ms) VALUES ($1, $2, $3)
             ON CONFLICT (board) DO UPDATE SET code = excluded.code, created_ms = excluded.created_ms",
            &[&id, &code, &now_ms()],
        )
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)
    }

    async fn join_code(&self, id: &BoardId) -> Result<Option<String>, StoreError> {
        let client = self.client().await?;
        let row = client
            .query_opt(
                "SELECT code FROM join_codes WHERE board = $1",
                &[&id.to_string()],
            )
            .await
            .map_err(db)?;
        row.map(|r| r.try_get(0).map_err(db)).transpose()
    }

    async fn board_for_join_code(&self, code: &str) -> Result<Option<BoardId>, StoreError> {
        let client = self.client().await?;
        let row = client
            .query_opt("SELECT board FROM join_codes WHERE code = $1", &[&code])
            .await
            .map_err(db)?;
        let board: Option<String> = row.map(|r| r.try_get(0).map_err(db)).transpose()?;
        Ok(board.as_deref().and_then(BoardId::parse))
    }

    /// In one transaction: the board's row locked first (appends on other nodes finish
    /// before, or find no board after), then every table with a `board` column, then
    /// `boards`. PostgreSQL frees the old row versions at its next (auto)vacuum.
    async fn delete_board(&self, id: &BoardId) -> Result<(), StoreError> {
        let id = id.to_string();
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(db)?;
        let row = tx
            .query_opt("SELECT 1 FROM boards WHERE id = $1 FOR UPDATE", &[&id])
            .await
            .map_err(db)?;
        if row.is_none() {
            return Err(StoreError::NotFound);
        }
        let tables = tx
            .query(
                "SELECT table_name::text FROM information_schema.columns
                 WHERE table_schema = current_schema() AND column_name = 'board'
                 ORDER BY table_name",
                &[],
            )
            .await
            .map_err(db)?;
        for table in tables {
            let table: String = table.try_get(0).map_err(db)?;
            let table = table.replace('"', "\"\"");
            tx.execute(&format!("DELETE FROM \"{table}\" WHERE board = $1"), &[&id])
                .await
                .map_err(db)?;
        }
        tx.execute("DELETE FROM boards WHERE id = $1", &[&id])
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)
    }

    async fn touch_board(&self, id: &BoardId, now_ms: i64) -> Result<(), StoreError> {
        let client = self.client().await?;
        let changed = client
            .execute(
                "UPDATE boards SET used_ms = $2 WHERE id = $1",
                &[&id.to_string(), &now_ms],
            )
            .await
            .map_err(db)?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn unused_since(&self, before_ms: i64) -> Result<Vec<BoardId>, StoreError> {
        let client = self.client().await?;
        let rows = client
            .query(
                "SELECT id FROM boards WHERE used_ms < $1 ORDER BY used_ms",
                &[&before_ms],
            )
            .await
            .map_err(db)?;
        let mut ids = Vec::new();
        for row in rows {
            let id: String = row.try_get(0).map_err(db)?;
            ids.extend(BoardId::parse(&id));
        }
        Ok(ids)
    }

    fn shared(&self) -> bool {
        true
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.client()
            .await?
            .simple_query("SELECT 1")
            .await
            .map_err(db)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    //! The store contract, and several writers on one board, against a PostgreSQL server
    //! that the test starts itself.

    use std::collections::BTreeSet;
    use std::sync::Arc;

    use super::super::contract;
    use super::super::test_postgres as instance;
    use super::*;

    async fn store(pg: &instance::Postgres) -> PostgresStore {
        PostgresStore::connect(&pg.new_database())
            .await
            .expect("connects and migrates")
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_store_contract_holds_on_postgres() {
        let pg = tokio::task::spawn_blocking(instance::Postgres::start)
            .await
            .expect("PostgreSQL starts");
        contract::create_and_exists(&store(&pg).await).await;
        contract::append_and_load(&store(&pg).await).await;
        let crowd = store(&pg).await;
        contract::concurrent_appends_keep_each_boards_order(&crowd).await;
        // 40 boards × 4 appends, one missing board, two appends to one board: written in
        // fewer statements than appends (several boards' in one).
        assert!(
            crowd.appends.statements() < 163,
            "{} statements for 163 appends",
            crowd.appends.statements()
        );
        contract::compact_keeps_later_rows(&store(&pg).await).await;
        contract::an_older_snapshot_does_not_replace_a_newer_one(&store(&pg).await).await;
        contract::the_first_owner_of_a_client_stays(&store(&pg).await).await;
        contract::a_renewed_join_code_replaces_the_old_one(&store(&pg).await).await;
        contract::a_deleted_board_is_gone_entirely(&store(&pg).await).await;
        contract::templates_are_kept_listed_and_deleted(&store(&pg).await).await;
        contract::unused_boards_are_found_by_their_last_use(&store(&pg).await).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn migrations_run_once_however_many_nodes_start() {
        let pg = tokio::task::spawn_blocking(instance::Postgres::start)
            .await
            .expect("PostgreSQL starts");
        let url = pg.new_database();
        let starts = (0..4).map(|_| {
            let url = url.clone();
            tokio::spawn(async move { PostgresStore::connect(&url).await })
        });
        for start in starts {
            start.await.expect("joins").expect("connects and migrates");
        }
        let (mut client, conn) = tokio_postgres::connect(&url, NoTls)
            .await
            .expect("connects");
        tokio::spawn(conn);
        assert_eq!(migrations::run(&mut client).await.expect("runs"), 0);
        let rows = client
            .query("SELECT version FROM schema_migrations", &[])
            .await
            .expect("reads");
        assert_eq!(rows.len(), migrations::MIGRATIONS.len());
    }

    /// Payloads of a snapshot in this test: the 4-byte ids of the rows it covers.
    fn ids(bytes: &[u8]) -> Vec<u32> {
        bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    }

    /// Two nodes (two pools) append to one board while both compact it over and over, each
    /// snapshot built from what the store holds, as the board task does on a shared store:
    /// no row is lost and none is counted twice.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_nodes_append_and_compact_one_board_without_losing_a_row() {
        let pg = tokio::task::spawn_blocking(instance::Postgres::start)
            .await
            .expect("PostgreSQL starts");
        let url = pg.new_database();
        let nodes = [
            Arc::new(PostgresStore::connect(&url).await.expect("node 1")),
            Arc::new(PostgresStore::connect(&url).await.expect("node 2")),
        ];
        let board = BoardId::parse("sharedboard1").expect("valid id");
        nodes[0]
            .create_board(&board, "B", Vec::new())
            .await
            .expect("created");
        let mut appenders = Vec::new();
        for writer in 0u32..4 {
            let (node, board) = (nodes[writer as usize % 2].clone(), board.clone());
            appenders.push(tokio::spawn(async move {
                for batch in 0u32..60 {
                    let rows = (0..1 + batch % 3)
                        .map(|i| (writer << 24 | batch << 8 | i).to_le_bytes().to_vec())
                        .collect();
                    node.append(&board, rows).await.expect("appends");
                }
            }));
        }
        let running = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let mut compactors = Vec::new();
        for node in &nodes {
            let (node, board, running) = (node.clone(), board.clone(), running.clone());
            compactors.push(tokio::spawn(async move {
                let mut compactions = 0;
                while running.load(std::sync::atomic::Ordering::SeqCst) {
                    let stored = node.load(&board).await.expect("loads");
                    let mut snapshot = stored.snapshot_v2.unwrap_or_default();
                    snapshot.extend(stored.updates.concat());
                    node.compact(&board, snapshot, stored.last_seq)
                        .await
                        .expect("compacts");
                    compactions += 1;
                }
                compactions
            }));
        }
        for appender in appenders {
            appender.await.expect("appender finished");
        }
        running.store(false, std::sync::atomic::Ordering::SeqCst);
        for compactor in compactors {
            assert!(compactor.await.expect("compactor finished") > 0);
        }
        let stored = nodes[1].load(&board).await.expect("loads");
        let mut seen = ids(stored.snapshot_v2.as_deref().unwrap_or_default());
        for row in &stored.updates {
            seen.extend(ids(row));
        }
        let unique: BTreeSet<u32> = seen.iter().copied().collect();
        assert_eq!(
            unique.len(),
            seen.len(),
            "a row in the snapshot and the log both"
        );
        let expected: BTreeSet<u32> = (0u32..4)
            .flat_map(|w| {
                (0u32..60).flat_map(move |b| (0..1 + b % 3).map(move |i| w << 24 | b << 8 | i))
            })
            .collect();
        assert_eq!(
            unique, expected,
            "every appended row is in the snapshot or the log"
        );
    }
}
