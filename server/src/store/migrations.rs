//! The PostgreSQL schema as numbered migrations, applied in order at start, each once:
//! `schema_migrations` records which ran. Nodes that start together take turns (an advisory
//! lock), so a migration never runs twice. A new version appends a migration; none changes.

use super::StoreError;

/// The migrations, oldest first; the version of each is its position, from 1.
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: boards, snapshots, the update log, client-id owners, join codes (as in SQLite).
    "
    CREATE TABLE boards (
        id          TEXT PRIMARY KEY,
        title       TEXT NOT NULL,
        created_ms  BIGINT NOT NULL
    );
    CREATE TABLE snapshots (
        board       TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
        upto_seq    BIGINT NOT NULL,
        data        BYTEA NOT NULL
    );
    CREATE TABLE updates (
        seq         BIGSERIAL PRIMARY KEY,
        board       TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        data        BYTEA NOT NULL
    );
    CREATE INDEX updates_by_board ON updates(board, seq);
    CREATE TABLE client_owners (
        board       TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        client      BIGINT NOT NULL,
        owner       TEXT NOT NULL,
        PRIMARY KEY (board, client)
    );
    CREATE TABLE join_codes (
        board       TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
        code        TEXT NOT NULL UNIQUE,
        created_ms  BIGINT NOT NULL
    );
    ",
    // 2: when each board was last used (created, connected to), for the retention
    // period; existing boards count as used when they were created.
    "
    ALTER TABLE boards ADD COLUMN used_ms BIGINT NOT NULL DEFAULT 0;
    UPDATE boards SET used_ms = created_ms;
    CREATE INDEX boards_by_use ON boards(used_ms);
    ",
    // 3: templates kept for everyone on this deployment (no board's content: a design).
    "
    CREATE TABLE templates (
        id          TEXT PRIMARY KEY,
        title       TEXT NOT NULL,
        created_ms  BIGINT NOT NULL,
        data        BYTEA NOT NULL,
        delete_hash TEXT NOT NULL
    );
    ",
];

/// Key of the advisory lock that serializes migrations across nodes.
const MIGRATION_LOCK: i64 = 0x4b61_7274_656e; // "Karten"

/// Applies the migrations the database lacks; returns how many ran.
pub async fn run(client: &mut tokio_postgres::Client) -> Result<usize, StoreError> {
    let backend = |e: tokio_postgres::Error| StoreError::Backend(format!("migration: {e:?}"));
    let tx = client.transaction().await.map_err(backend)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await
        .map_err(backend)?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version     INTEGER PRIMARY KEY,
            applied_ms  BIGINT NOT NULL
        )",
    )
    .await
    .map_err(backend)?;
    let done: i32 = tx
        .query_one(
            "SELECT coalesce(max(version), 0) FROM schema_migrations",
            &[],
        )
        .await
        .map_err(backend)?
        .try_get(0)
        .map_err(backend)?;
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    let mut ran = 0;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(done.max(0) as usize) {
        let version = i as i32 + 1;
        tx.batch_execute(sql).await.map_err(backend)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, applied_ms) VALUES ($1, $2)",
            &[&version, &now_ms],
        )
        .await
        .map_err(backend)?;
        ran += 1;
    }
    tx.commit().await.map_err(backend)?;
    Ok(ran)
}
