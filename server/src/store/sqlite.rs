//! [`SqliteStore`]: the default [`Store`], one SQLite file (`kartenwand.sqlite3`) in the
//! data directory. WAL journal with `synchronous=NORMAL`: a committed transaction survives
//! the process being killed; only an OS crash or power loss can undo the last few commits
//! (`--fsync` switches to `synchronous=FULL`, which survives those too).

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::{Store, StoreError, StoredBoard, StoredTemplate, TemplateEntry};
use crate::board_id::BoardId;

/// File name of the database inside the data directory.
pub const DB_FILE: &str = "kartenwand.sqlite3";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS boards (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    created_ms  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshots (
    board       TEXT PRIMARY KEY REFERENCES boards(id),
    upto_seq    INTEGER NOT NULL,
    data        BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS updates (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    board       TEXT NOT NULL REFERENCES boards(id),
    data        BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_by_board ON updates(board, seq);
CREATE TABLE IF NOT EXISTS client_owners (
    board       TEXT NOT NULL REFERENCES boards(id),
    client      INTEGER NOT NULL,
    owner       TEXT NOT NULL,
    PRIMARY KEY (board, client)
);
CREATE TABLE IF NOT EXISTS join_codes (
    board       TEXT PRIMARY KEY REFERENCES boards(id),
    code        TEXT NOT NULL UNIQUE,
    created_ms  INTEGER NOT NULL
);
";

/// Schema changes after version 1 (the tables above), each run once, in order: entry `i`
/// brings the database from `user_version` i + 1 to i + 2.
const MIGRATIONS: &[&str] = &[
    // 2: when each board was last used (created, connected to), for the
    // retention period; existing boards count as used when they were created.
    "ALTER TABLE boards ADD COLUMN used_ms INTEGER NOT NULL DEFAULT 0;
     UPDATE boards SET used_ms = created_ms;",
    // 3: templates kept for everyone on this server (no board's content: a design).
    "CREATE TABLE templates (
        id          TEXT PRIMARY KEY,
        title       TEXT NOT NULL,
        created_ms  INTEGER NOT NULL,
        data        BLOB NOT NULL,
        delete_hash TEXT NOT NULL
    );",
];

/// How often the background checkpoint runs.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// Boards in an SQLite database.
#[derive(Clone)]
pub struct SqliteStore {
    /// One connection behind a std `Mutex`: SQLite writes one transaction at a time
    /// anyway, and every use runs on a blocking thread (`spawn_blocking`), never across an
    /// `.await`.
    conn: Arc<Mutex<Connection>>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").finish_non_exhaustive()
    }
}

fn backend(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

impl SqliteStore {
    /// Opens (or creates) `{dir}/kartenwand.sqlite3`. `fsync` selects `synchronous=FULL`.
    pub fn open(dir: &Path, fsync: bool) -> Result<SqliteStore, StoreError> {
        let path = dir.join(DB_FILE);
        // Created before SQLite opens it, so with the private mode; SQLite gives its -wal and
        // -shm files the database's mode.
        crate::private_fs::ensure_file(&path).map_err(backend)?;
        let conn = Connection::open(&path).map_err(backend)?;
        let store = SqliteStore::init(conn, fsync)?;
        store.checkpoint_in_background(&path)?;
        Ok(store)
    }

    /// Moves the WAL into the database from a second connection every few seconds, instead
    /// of SQLite's automatic checkpoint inside whichever commit crosses 1000 pages: that
    /// commit (and every board waiting for the connection) would stall for the whole
    /// checkpoint. PASSIVE never blocks writers. The thread ends with the store.
    fn checkpoint_in_background(&self, path: &Path) -> Result<(), StoreError> {
        let checkpointer = Connection::open(path).map_err(backend)?;
        checkpointer
            .busy_timeout(std::time::Duration::from_secs(5))
            .map_err(backend)?;
        self.conn
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pragma_update(None, "wal_autocheckpoint", 0)
            .map_err(backend)?;
        let alive = Arc::downgrade(&self.conn);
        std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || {
                while alive.strong_count() > 0 {
                    std::thread::sleep(CHECKPOINT_EVERY);
                    if let Err(e) =
                        checkpointer.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
                    {
                        tracing::warn!(error = %e, "WAL checkpoint failed; retrying later");
                    }
                }
            })
            .map_err(backend)?;
        Ok(())
    }

    /// A private in-memory database (tests).
    pub fn open_in_memory() -> Result<SqliteStore, StoreError> {
        SqliteStore::init(Connection::open_in_memory().map_err(backend)?, false)
    }

    fn init(mut conn: Connection, fsync: bool) -> Result<SqliteStore, StoreError> {
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(backend)?;
        conn.pragma_update(None, "synchronous", if fsync { "FULL" } else { "NORMAL" })
            .map_err(backend)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(backend)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(backend)?;
        // Deleted rows are overwritten with zeros, so that a deleted board (or a compacted
        // log) leaves no readable bytes in free pages of the file (DSGVO).
        conn.pragma_update(None, "secure_delete", "ON")
            .map_err(backend)?;
        conn.execute_batch(SCHEMA).map_err(backend)?;
        migrate(&mut conn)?;
        Ok(SqliteStore {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` with the connection on a blocking thread.
    async fn with<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            // A panic inside `f` rolls its transaction back (rusqlite's Drop), so the
            // connection is fine to use after a poisoned lock.
            let mut conn = conn.lock().unwrap_or_else(|e| e.into_inner());
            f(&mut conn)
        })
        .await
        .map_err(backend)?
    }
}

/// Brings the schema to the newest version (`MIGRATIONS`), in one transaction.
fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(backend)?;
    // A new database is at 0 with the tables of version 1 just made.
    let version: i64 = tx
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(backend)?;
    let done = (version.max(1) - 1) as usize;
    for sql in MIGRATIONS.iter().skip(done) {
        tx.execute_batch(sql).map_err(backend)?;
    }
    tx.pragma_update(None, "user_version", MIGRATIONS.len() as i64 + 1)
        .map_err(backend)?;
    tx.commit().map_err(backend)
}

/// The tables with a `board` column (every table that holds something of a board, whatever
/// later versions add), for deleting a board.
fn board_tables(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
         WHERE m.type = 'table' AND p.name = 'board' ORDER BY m.name",
    )?;
    let names = stmt.query_map([], |r| r.get(0))?;
    names.collect()
}

/// A write transaction on an existing board: taken at once (IMMEDIATE), so it never fails
/// half-way on a lock, and refused with `NotFound` for an unknown board.
fn board_transaction<'c>(
    conn: &'c mut Connection,
    id: &str,
) -> Result<rusqlite::Transaction<'c>, StoreError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(backend)?;
    if !exists(&tx, id).map_err(backend)? {
        return Err(StoreError::NotFound);
    }
    Ok(tx)
}

fn exists(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    conn.query_row("SELECT 1 FROM boards WHERE id = ?1", [id], |_| Ok(()))
        .optional()
        .map(|r| r.is_some())
}

#[async_trait]
impl Store for SqliteStore {
    async fn create_board(
        &self,
        id: &BoardId,
        title: &str,
        snapshot_v2: Vec<u8>,
    ) -> Result<(), StoreError> {
        let (id, title) = (id.to_string(), title.to_owned());
        let now_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        self.with(move |conn| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(backend)?;
            if exists(&tx, &id).map_err(backend)? {
                return Err(StoreError::AlreadyExists);
            }
            tx.execute(
                "INSERT INTO boards (id, title, created_ms, used_ms) VALUES (?1, ?2, ?3, ?3)",
                params![id, title, now_ms],
            )
            .map_err(backend)?;
            tx.execute(
                "INSERT INTO snapshots (board, upto_seq, data) VALUES (?1, 0, ?2)",
                params![id, snapshot_v2],
            )
            .map_err(backend)?;
            tx.commit().map_err(backend)
        })
        .await
    }

    async fn board_exists(&self, id: &BoardId) -> Result<bool, StoreError> {
        let id = id.to_string();
        self.with(move |conn| exists(conn, &id).map_err(backend))
            .await
    }

    async fn boards(&self) -> Result<Vec<(BoardId, String)>, StoreError> {
        self.with(|conn| {
            let mut stmt = conn
                .prepare("SELECT id, title FROM boards ORDER BY created_ms, id")
                .map_err(backend)?;
            let rows = stmt
                .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get(1)?)))
                .map_err(backend)?;
            let mut boards = Vec::new();
            for row in rows {
                let (id, title) = row.map_err(backend)?;
                // An id this version would not issue is skipped rather than guessed at.
                if let Some(id) = BoardId::parse(&id) {
                    boards.push((id, title));
                }
            }
            Ok(boards)
        })
        .await
    }

    async fn load(&self, id: &BoardId) -> Result<StoredBoard, StoreError> {
        let id = id.to_string();
        self.with(move |conn| {
            // One read transaction: a concurrent compaction is seen entirely or not at all.
            let tx = conn.transaction().map_err(backend)?;
            if !exists(&tx, &id).map_err(backend)? {
                return Err(StoreError::NotFound);
            }
            let snapshot: Option<(Vec<u8>, i64)> = tx
                .query_row(
                    "SELECT data, upto_seq FROM snapshots WHERE board = ?1",
                    [&id],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()
                .map_err(backend)?;
            // Rows the snapshot covers may still be there (compaction deletes them in
            // batches after writing the snapshot): skip them.
            let upto = snapshot.as_ref().map_or(0, |(_, upto)| *upto);
            let mut stmt = tx
                .prepare("SELECT seq, data FROM updates WHERE board = ?1 AND seq > ?2 ORDER BY seq")
                .map_err(backend)?;
            let rows = stmt
                .query_map(params![&id, upto], |row| {
                    Ok((row.get::<_, i64>(0)?, row.get(1)?))
                })
                .map_err(backend)?;
            let mut board = StoredBoard::default();
            if let Some((data, upto)) = snapshot {
                board.snapshot_v2 = Some(data);
                board.last_seq = upto as u64;
            }
            for row in rows {
                let (seq, data) = row.map_err(backend)?;
                board.updates.push(data);
                board.last_seq = board.last_seq.max(seq as u64);
            }
            let mut stmt = tx
                .prepare("SELECT client, owner FROM client_owners WHERE board = ?1")
                .map_err(backend)?;
            let owners = stmt
                .query_map([&id], |row| Ok((row.get::<_, i64>(0)? as u64, row.get(1)?)))
                .map_err(backend)?;
            for owner in owners {
                board.owners.push(owner.map_err(backend)?);
            }
            Ok(board)
        })
        .await
    }

    async fn append(&self, id: &BoardId, updates: Vec<Vec<u8>>) -> Result<u64, StoreError> {
        let id = id.to_string();
        self.with(move |conn| {
            let tx = board_transaction(conn, &id)?;
            let mut last = 0;
            {
                let mut stmt = tx
                    .prepare_cached("INSERT INTO updates (board, data) VALUES (?1, ?2)")
                    .map_err(backend)?;
                for update in &updates {
                    stmt.execute(params![id, update]).map_err(backend)?;
                    last = tx.last_insert_rowid() as u64;
                }
            }
            tx.commit().map_err(backend)?;
            Ok(last)
        })
        .await
    }

    async fn bind_clients(
        &self,
        id: &BoardId,
        owners: Vec<(u64, String)>,
    ) -> Result<Vec<(u64, String)>, StoreError> {
        let id = id.to_string();
        self.with(move |conn| {
            let tx = board_transaction(conn, &id)?;
            let mut lost = Vec::new();
            {
                // Client ids are u64 in Yjs but below 2^53 in practice; SQLite stores the
                // bit pattern either way.
                let mut insert = tx
                    .prepare_cached(
                        "INSERT OR IGNORE INTO client_owners (board, client, owner) VALUES (?1, ?2, ?3)",
                    )
                    .map_err(backend)?;
                let mut held = tx
                    .prepare_cached("SELECT owner FROM client_owners WHERE board = ?1 AND client = ?2")
                    .map_err(backend)?;
                for (client, owner) in owners {
                    if insert
                        .execute(params![id, client as i64, owner])
                        .map_err(backend)?
                        == 0
                    {
                        let holder: String = held
                            .query_row(params![id, client as i64], |row| row.get(0))
                            .map_err(backend)?;
                        if holder != owner {
                            lost.push((client, owner));
                        }
                    }
                }
            }
            tx.commit().map_err(backend)?;
            Ok(lost)
        })
        .await
    }

    async fn compact(
        &self,
        id: &BoardId,
        snapshot_v2: Vec<u8>,
        upto_seq: u64,
    ) -> Result<u64, StoreError> {
        let id = id.to_string();
        // The snapshot first, in its own transaction: from then on `load` skips the rows it
        // covers, so they can go in small batches. One big DELETE would hold the connection
        // that every board's commits wait for (200 boards compacting at once stalled fan-out
        // for seconds in the benchmark).
        let board = id.clone();
        self.with(move |conn| {
            let tx = board_transaction(conn, &board)?;
            tx.execute(
                "INSERT INTO snapshots (board, upto_seq, data) VALUES (?1, ?2, ?3)
                 ON CONFLICT(board) DO UPDATE
                 SET upto_seq = excluded.upto_seq, data = excluded.data
                 WHERE snapshots.upto_seq <= excluded.upto_seq",
                params![board, upto_seq as i64, snapshot_v2],
            )
            .map_err(backend)?;
            tx.commit().map_err(backend)
        })
        .await?;
        let mut deleted = 0;
        loop {
            let board = id.clone();
            let batch = self
                .with(move |conn| {
                    conn.execute(
                        "DELETE FROM updates WHERE seq IN
                         (SELECT seq FROM updates WHERE board = ?1 AND seq <= ?2 ORDER BY seq LIMIT ?3)",
                        params![board, upto_seq as i64, DELETE_BATCH],
                    )
                    .map_err(backend)
                })
                .await?;
            deleted += batch as u64;
            if batch < DELETE_BATCH {
                return Ok(deleted);
            }
        }
    }

    async fn put_template(&self, t: StoredTemplate) -> Result<(), StoreError> {
        self.with(move |conn| {
            let inserted = conn
                .execute(
                    "INSERT OR IGNORE INTO templates (id, title, created_ms, data, delete_hash)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![t.id, t.title, t.created_ms, t.data, t.delete_hash],
                )
                .map_err(backend)?;
            if inserted == 0 {
                return Err(StoreError::AlreadyExists);
            }
            Ok(())
        })
        .await
    }

    async fn templates(&self) -> Result<Vec<TemplateEntry>, StoreError> {
        self.with(|conn| {
            let mut stmt = conn
                .prepare(
                    "SELECT id, title, created_ms, length(data) FROM templates
                     ORDER BY created_ms DESC, id",
                )
                .map_err(backend)?;
            let rows = stmt
                .query_map([], |row| {
                    Ok(TemplateEntry {
                        id: row.get(0)?,
                        title: row.get(1)?,
                        created_ms: row.get(2)?,
                        bytes: row.get::<_, i64>(3)?.max(0) as u64,
                    })
                })
                .map_err(backend)?;
            rows.collect::<Result<_, _>>().map_err(backend)
        })
        .await
    }

    async fn template(&self, id: &str) -> Result<StoredTemplate, StoreError> {
        let id = id.to_owned();
        self.with(move |conn| {
            conn.query_row(
                "SELECT title, created_ms, data, delete_hash FROM templates WHERE id = ?1",
                [&id],
                |row| {
                    Ok(StoredTemplate {
                        id: id.clone(),
                        title: row.get(0)?,
                        created_ms: row.get(1)?,
                        data: row.get(2)?,
                        delete_hash: row.get(3)?,
                    })
                },
            )
            .optional()
            .map_err(backend)?
            .ok_or(StoreError::NotFound)
        })
        .await
    }

    async fn delete_template(&self, id: &str) -> Result<(), StoreError> {
        let id = id.to_owned();
        self.with(move |conn| {
            match conn
                .execute("DELETE FROM templates WHERE id = ?1", [&id])
                .map_err(backend)?
            {
                0 => Err(StoreError::NotFound),
                _ => Ok(()),
            }
        })
        .await
    }

    async fn set_join_code(&self, id: &BoardId, code: &str) -> Result<(), StoreError> {
        let (id, code) = (id.to_string(), code.to_owned());
        let now_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        self.with(move |conn| {
            let tx = board_transaction(conn, &id)?;
            let holder: Option<String> = tx
                .query_row("SELECT board FROM join_codes WHERE code = ?1", [&code], |r| {
                    r.get(0)
                })
                .optional()
                .map_err(backend)?;
            if holder.is_some_and(|holder| holder != id) {
                return Err(StoreError::AlreadyExists);
            }
            tx.execute(
                "INSERT INTO join_codes (board, code, created_ms) VALUES (?1, ?2, ?3)
                 ON CONFLICT(board) DO UPDATE SET code = excluded.code, created_ms = excluded.created_ms",
                params![id, code, now_ms],
            )
            .map_err(backend)?;
            tx.commit().map_err(backend)
        })
        .await
    }

    async fn join_code(&self, id: &BoardId) -> Result<Option<String>, StoreError> {
        let id = id.to_string();
        self.with(move |conn| {
            conn.query_row("SELECT code FROM join_codes WHERE board = ?1", [&id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(backend)
        })
        .await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.with(|conn| conn.query_row("SELECT 1", [], |_| Ok(())).map_err(backend))
            .await
    }

    /// In one transaction, from every table with a `board` column, then `boards`; deleted
    /// content is overwritten with zeros (`secure_delete`), and the WAL is checkpointed and
    /// truncated afterwards, so that no copy of the old pages stays in it.
    async fn delete_board(&self, id: &BoardId) -> Result<(), StoreError> {
        let id = id.to_string();
        self.with(move |conn| {
            let tx = board_transaction(conn, &id)?;
            for table in board_tables(&tx).map_err(backend)? {
                tx.execute(&format!("DELETE FROM \"{table}\" WHERE board = ?1"), [&id])
                    .map_err(backend)?;
            }
            tx.execute("DELETE FROM boards WHERE id = ?1", [&id])
                .map_err(backend)?;
            tx.commit().map_err(backend)?;
            // Busy (another connection reading) leaves the WAL for the next checkpoint;
            // not an error of the deletion, which is committed.
            let busy: i64 = conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
                .map_err(backend)?;
            if busy != 0 {
                tracing::warn!(board = %id, "the WAL could not be truncated after deleting a board");
            }
            Ok(())
        })
        .await
    }

    async fn touch_board(&self, id: &BoardId, now_ms: i64) -> Result<(), StoreError> {
        let id = id.to_string();
        self.with(move |conn| {
            let changed = conn
                .execute(
                    "UPDATE boards SET used_ms = ?2 WHERE id = ?1",
                    params![id, now_ms],
                )
                .map_err(backend)?;
            if changed == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
        .await
    }

    async fn unused_since(&self, before_ms: i64) -> Result<Vec<BoardId>, StoreError> {
        self.with(move |conn| {
            let mut stmt = conn
                .prepare("SELECT id FROM boards WHERE used_ms < ?1 ORDER BY used_ms")
                .map_err(backend)?;
            let rows = stmt
                .query_map([before_ms], |r| r.get::<_, String>(0))
                .map_err(backend)?;
            let mut ids = Vec::new();
            for row in rows {
                ids.extend(BoardId::parse(&row.map_err(backend)?));
            }
            Ok(ids)
        })
        .await
    }

    async fn board_for_join_code(&self, code: &str) -> Result<Option<BoardId>, StoreError> {
        let code = code.to_owned();
        self.with(move |conn| {
            let board: Option<String> = conn
                .query_row(
                    "SELECT board FROM join_codes WHERE code = ?1",
                    [&code],
                    |r| r.get(0),
                )
                .optional()
                .map_err(backend)?;
            Ok(board.as_deref().and_then(BoardId::parse))
        })
        .await
    }
}

/// Log rows deleted per transaction while compacting.
const DELETE_BATCH: usize = 256;

#[cfg(test)]
mod tests {
    use super::super::contract;
    use super::*;

    #[tokio::test]
    async fn create_and_exists() {
        contract::create_and_exists(&SqliteStore::open_in_memory().unwrap()).await;
    }

    #[tokio::test]
    async fn append_and_load() {
        contract::append_and_load(&SqliteStore::open_in_memory().unwrap()).await;
    }

    #[tokio::test]
    async fn concurrent_appends_keep_each_boards_order() {
        contract::concurrent_appends_keep_each_boards_order(
            &SqliteStore::open_in_memory().unwrap(),
        )
        .await;
    }

    #[tokio::test]
    async fn compact_keeps_later_rows() {
        contract::compact_keeps_later_rows(&SqliteStore::open_in_memory().unwrap()).await;
    }

    #[tokio::test]
    async fn an_older_snapshot_does_not_replace_a_newer_one() {
        let store = SqliteStore::open_in_memory().unwrap();
        contract::an_older_snapshot_does_not_replace_a_newer_one(&store).await;
    }

    #[tokio::test]
    async fn reopening_the_file_keeps_everything_and_uses_wal() {
        let dir = tempfile::tempdir().unwrap();
        let a = BoardId::parse("board-a").unwrap();
        {
            let store = SqliteStore::open(dir.path(), false).unwrap();
            store.create_board(&a, "A", vec![1]).await.unwrap();
            store.append(&a, vec![vec![2], vec![3]]).await.unwrap();
            let conn = store.conn.lock().unwrap();
            let mode: String = conn
                .query_row("PRAGMA journal_mode", [], |r| r.get(0))
                .unwrap();
            assert_eq!(mode.to_lowercase(), "wal");
            let sync: i64 = conn
                .query_row("PRAGMA synchronous", [], |r| r.get(0))
                .unwrap();
            assert_eq!(sync, 1, "NORMAL");
        }
        let store = SqliteStore::open(dir.path(), true).unwrap();
        let loaded = store.load(&a).await.unwrap();
        assert_eq!(loaded.snapshot_v2, Some(vec![1]));
        assert_eq!(loaded.updates, vec![vec![2], vec![3]]);
    }

    #[tokio::test]
    async fn the_first_owner_of_a_client_stays() {
        contract::the_first_owner_of_a_client_stays(&SqliteStore::open_in_memory().unwrap()).await;
    }

    #[tokio::test]
    async fn a_renewed_join_code_replaces_the_old_one() {
        contract::a_renewed_join_code_replaces_the_old_one(&SqliteStore::open_in_memory().unwrap())
            .await;
    }

    #[tokio::test]
    async fn templates_are_kept_listed_and_deleted() {
        contract::templates_are_kept_listed_and_deleted(&SqliteStore::open_in_memory().unwrap())
            .await;
    }

    #[tokio::test]
    async fn a_deleted_board_is_gone_entirely() {
        contract::a_deleted_board_is_gone_entirely(&SqliteStore::open_in_memory().unwrap()).await;
    }

    #[tokio::test]
    async fn unused_boards_are_found_by_their_last_use() {
        let store = SqliteStore::open_in_memory().unwrap();
        contract::unused_boards_are_found_by_their_last_use(&store).await;
    }

    /// A database of the first version (no `used_ms`) gets the column, its boards counting
    /// as used when they were created; a second start changes nothing.
    #[tokio::test]
    async fn an_old_database_is_migrated() {
        let dir = tempfile::tempdir().unwrap();
        {
            let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
            conn.execute_batch(SCHEMA).unwrap();
            conn.execute_batch(
                "PRAGMA user_version = 1;
                 INSERT INTO boards (id, title, created_ms) VALUES ('old-board', 'Old', 1000);",
            )
            .unwrap();
        }
        for _ in 0..2 {
            let store = SqliteStore::open(dir.path(), false).unwrap();
            assert_eq!(
                store.unused_since(1001).await.unwrap(),
                vec![BoardId::parse("old-board").unwrap()]
            );
            assert!(store.unused_since(1000).await.unwrap().is_empty());
        }
    }
}
