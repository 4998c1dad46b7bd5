//! Where boards live between restarts: [`Store`], the storage trait the board tasks use,
//! and [`StoreError`]. Bytes only; the store never decodes a document. `sqlite.rs` is the
//! default backend, `memory.rs` serves tests, `postgres.rs` (feature `postgres`, with its
//! schema in `migrations.rs`) is shared by several server nodes.
//!
//! A board is stored as an optional snapshot (v2-encoded full state) plus a log of v1
//! updates appended after it. Each log row has a sequence number, increasing per store;
//! a snapshot records the last sequence number it covers.

mod memory;
#[cfg(feature = "postgres")]
mod migrations;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "postgres")]
mod postgres_appends;
mod sqlite;
/// The throwaway PostgreSQL server of the integration tests, for the store's own tests too.
#[cfg(all(test, feature = "postgres"))]
#[path = "../../tests/support/postgres.rs"]
mod test_postgres;

pub use memory::MemoryStore;
#[cfg(feature = "postgres")]
pub use postgres::PostgresStore;
pub use sqlite::{SqliteStore, DB_FILE};

use async_trait::async_trait;

use crate::board_id::BoardId;

/// A board as loaded from the store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredBoard {
    /// The latest snapshot: the full document, Yjs update encoding v2.
    pub snapshot_v2: Option<Vec<u8>>,
    /// Updates (v1) appended after the snapshot, oldest first.
    pub updates: Vec<Vec<u8>>,
    /// Sequence number of the newest update (or of the last one the snapshot covers);
    /// 0 if there never was one.
    pub last_seq: u64,
    /// Which writer owns each document client id (see `owners.rs`), as recorded by
    /// [`Store::bind_clients`].
    pub owners: Vec<(u64, String)>,
}

/// A template kept on the server for everyone who uses it (`templates.rs`): a board's
/// design without its people, as the app saves it (`.kartenwand-vorlage`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTemplate {
    /// Its id (as random as a board id).
    pub id: String,
    /// The title of the board it was saved from.
    pub title: String,
    /// When it was kept, ms since the Unix epoch.
    pub created_ms: i64,
    /// The template file.
    pub data: Vec<u8>,
    /// SHA-256 (hex) of the token that deletes it; the token itself is not stored.
    pub delete_hash: String,
}

/// A kept template as listed: without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TemplateEntry {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// When it was kept, ms since the Unix epoch.
    pub created_ms: i64,
    /// The size of its file.
    pub bytes: u64,
}

/// Why a store operation failed.
#[derive(thiserror::Error, Debug, Clone)]
pub enum StoreError {
    /// No board with this id.
    #[error("no such board")]
    NotFound,
    /// A board with this id exists already.
    #[error("board exists already")]
    AlreadyExists,
    /// The backend failed (I/O, disk full, database error).
    #[error("storage failed: {0}")]
    Backend(String),
}

/// Durable storage of boards. Every method returns only once its effect is durable (as
/// durable as the backend is configured to be; see docs/API.md).
///
/// With a store of one process, one board task at a time writes a board, and implementations
/// need no per-board locking beyond making each call atomic. A [`Store::shared`] store is
/// written by several nodes at once: see `postgres.rs` for what that asks of it.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Records a new board with its title and initial document snapshot (v2).
    async fn create_board(
        &self,
        id: &BoardId,
        title: &str,
        snapshot_v2: Vec<u8>,
    ) -> Result<(), StoreError>;

    /// Whether the board exists.
    async fn board_exists(&self, id: &BoardId) -> Result<bool, StoreError>;

    /// Every board's id and title, oldest first (for moving boards out of the store).
    async fn boards(&self) -> Result<Vec<(BoardId, String)>, StoreError>;

    /// The board's snapshot and the log after it.
    async fn load(&self, id: &BoardId) -> Result<StoredBoard, StoreError>;

    /// Appends updates (v1) in one transaction (all or none) and returns the sequence
    /// number of the last one. `updates` is not empty.
    async fn append(&self, id: &BoardId, updates: Vec<Vec<u8>>) -> Result<u64, StoreError>;

    /// Records the owner of each client id in `owners` (a writer's principal, see
    /// `owners.rs`). An id that has an owner already keeps it; returns those of `owners`
    /// whose id the store holds for another owner (bound meanwhile on another node).
    async fn bind_clients(
        &self,
        id: &BoardId,
        owners: Vec<(u64, String)>,
    ) -> Result<Vec<(u64, String)>, StoreError>;

    /// Replaces the board's snapshot with `snapshot_v2`, which covers every log row up to
    /// and including `upto_seq`, and deletes those rows. A snapshot that covers fewer rows
    /// than the stored one does not replace it. Returns the number of rows deleted.
    async fn compact(
        &self,
        id: &BoardId,
        snapshot_v2: Vec<u8>,
        upto_seq: u64,
    ) -> Result<u64, StoreError>;

    /// Gives the board the join code `code` (upper case), replacing its previous one, which
    /// stops working. `AlreadyExists` if another board holds `code`, `NotFound` for an
    /// unknown board.
    async fn set_join_code(&self, id: &BoardId, code: &str) -> Result<(), StoreError>;

    /// The board's current join code, if it has one.
    async fn join_code(&self, id: &BoardId) -> Result<Option<String>, StoreError>;

    /// The board whose current join code is `code` (upper case), if any.
    async fn board_for_join_code(&self, code: &str) -> Result<Option<BoardId>, StoreError>;

    /// Deletes the board and everything stored with it (snapshot, log, client-id owners,
    /// join code): afterwards the store answers as if it had never held it. `NotFound` for
    /// an unknown board. Backends remove the bytes too, not only the rows, as far as they can
    /// (see each backend).
    async fn delete_board(&self, id: &BoardId) -> Result<(), StoreError>;

    /// Notes that the board is in use at `now_ms` (ms since the Unix epoch): its task does
    /// while it has connections, through which every write comes (appends do not, to keep
    /// commits small). `NotFound` for an unknown board.
    async fn touch_board(&self, id: &BoardId, now_ms: i64) -> Result<(), StoreError>;

    /// The boards last used (created or touched) before `before_ms`, for the retention
    /// period (`--retention-days`).
    async fn unused_since(&self, before_ms: i64) -> Result<Vec<BoardId>, StoreError>;

    /// Whether other server nodes write the same boards: then a board's snapshot must be
    /// built from what the store holds, not from one node's document, which may lack rows
    /// that other nodes appended.
    fn shared(&self) -> bool {
        false
    }

    /// Keeps `template`; `AlreadyExists` if its id is taken.
    async fn put_template(&self, template: StoredTemplate) -> Result<(), StoreError>;

    /// The kept templates, newest first.
    async fn templates(&self) -> Result<Vec<TemplateEntry>, StoreError>;

    /// The template `id`; `NotFound` if there is none.
    async fn template(&self, id: &str) -> Result<StoredTemplate, StoreError>;

    /// Removes the template `id`; `NotFound` if there is none.
    async fn delete_template(&self, id: &str) -> Result<(), StoreError>;

    /// Whether the backend answers now (`GET /api/ready`).
    async fn ping(&self) -> Result<(), StoreError> {
        Ok(())
    }
}

/// Milliseconds since the Unix epoch, now (0 if the clock is before 1970).
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Behaviour every [`Store`] must show; run against each backend by its own tests.
#[cfg(test)]
pub(crate) mod contract {
    use super::*;

    fn id(s: &str) -> BoardId {
        BoardId::parse(s).unwrap()
    }

    pub async fn create_and_exists(store: &dyn Store) {
        let a = id("board-a");
        assert!(!store.board_exists(&a).await.unwrap());
        assert!(matches!(store.load(&a).await, Err(StoreError::NotFound)));
        store
            .create_board(&a, "Workshop", vec![1, 2])
            .await
            .unwrap();
        assert!(store.board_exists(&a).await.unwrap());
        assert!(matches!(
            store.create_board(&a, "again", vec![]).await,
            Err(StoreError::AlreadyExists)
        ));
        let loaded = store.load(&a).await.unwrap();
        assert_eq!(loaded.snapshot_v2, Some(vec![1, 2]));
        assert!(loaded.updates.is_empty());
        assert!(matches!(
            store.append(&id("nope"), vec![vec![1]]).await,
            Err(StoreError::NotFound)
        ));
    }

    pub async fn append_and_load(store: &dyn Store) {
        let a = id("board-a");
        let b = id("board-b");
        store.create_board(&a, "A", vec![9]).await.unwrap();
        store.create_board(&b, "B", vec![8]).await.unwrap();
        let s1 = store.append(&a, vec![vec![1], vec![2]]).await.unwrap();
        let s2 = store.append(&b, vec![vec![3]]).await.unwrap();
        let s3 = store.append(&a, vec![vec![4]]).await.unwrap();
        assert!(s1 < s2 && s2 < s3, "{s1} {s2} {s3}");
        let la = store.load(&a).await.unwrap();
        assert_eq!(la.snapshot_v2, Some(vec![9]));
        assert_eq!(la.updates, vec![vec![1], vec![2], vec![4]]);
        assert_eq!(la.last_seq, s3);
        let lb = store.load(&b).await.unwrap();
        assert_eq!(lb.updates, vec![vec![3]]);
        assert_eq!(lb.last_seq, s2);
    }

    /// Many boards appending at once (a store may write them together): each board keeps
    /// its own order and learns the sequence number of its own last row; a board that is
    /// not there fails alone; two appends to one board at once stay whole.
    pub async fn concurrent_appends_keep_each_boards_order(store: &dyn Store) {
        let boards: Vec<BoardId> = (0..40).map(|i| id(&format!("crowd-{i:02}"))).collect();
        for board in &boards {
            store.create_board(board, "C", vec![]).await.unwrap();
        }
        let writes = boards.iter().enumerate().map(|(i, board)| async move {
            let mut last = 0;
            for round in 0..4u8 {
                let updates = vec![vec![i as u8, round, 0], vec![i as u8, round, 1]];
                let seq = store.append(board, updates).await.unwrap();
                assert!(seq > last, "sequence numbers grow per board");
                last = seq;
            }
            last
        });
        let missing = id("crowd-missing");
        let (lasts, lost) = futures_util::future::join(
            futures_util::future::join_all(writes),
            store.append(&missing, vec![vec![1]]),
        )
        .await;
        assert!(matches!(lost, Err(StoreError::NotFound)), "{lost:?}");
        for (i, (board, last)) in boards.iter().zip(lasts).enumerate() {
            let loaded = store.load(board).await.unwrap();
            let expected: Vec<Vec<u8>> = (0..4u8)
                .flat_map(|round| [vec![i as u8, round, 0], vec![i as u8, round, 1]])
                .collect();
            assert_eq!(loaded.updates, expected, "board {i}");
            assert_eq!(loaded.last_seq, last, "board {i}");
        }

        let both = id("crowd-both");
        store.create_board(&both, "B", vec![]).await.unwrap();
        let (x, y) = futures_util::future::join(
            store.append(&both, vec![vec![1], vec![2]]),
            store.append(&both, vec![vec![3], vec![4]]),
        )
        .await;
        let (x, y) = (x.unwrap(), y.unwrap());
        let loaded = store.load(&both).await.unwrap();
        let expected: Vec<Vec<u8>> = if x < y {
            vec![vec![1], vec![2], vec![3], vec![4]]
        } else {
            vec![vec![3], vec![4], vec![1], vec![2]]
        };
        assert_eq!(loaded.updates, expected);
        assert_eq!(loaded.last_seq, x.max(y));
    }

    pub async fn compact_keeps_later_rows(store: &dyn Store) {
        let a = id("board-a");
        store.create_board(&a, "A", vec![0]).await.unwrap();
        store.append(&a, vec![vec![1], vec![2]]).await.unwrap();
        let upto = store.append(&a, vec![vec![3]]).await.unwrap();
        // An append that lands while the snapshot is being written must survive it.
        let later = store.append(&a, vec![vec![4]]).await.unwrap();
        assert_eq!(store.compact(&a, vec![7, 7], upto).await.unwrap(), 3);
        let loaded = store.load(&a).await.unwrap();
        assert_eq!(loaded.snapshot_v2, Some(vec![7, 7]));
        assert_eq!(loaded.updates, vec![vec![4]]);
        assert_eq!(loaded.last_seq, later);
        // Compacting everything leaves an empty log whose last_seq is still known.
        assert_eq!(store.compact(&a, vec![8], later).await.unwrap(), 1);
        let loaded = store.load(&a).await.unwrap();
        assert_eq!(loaded.snapshot_v2, Some(vec![8]));
        assert!(loaded.updates.is_empty());
        assert_eq!(loaded.last_seq, later);
        // Sequence numbers keep increasing after a compaction.
        assert!(store.append(&a, vec![vec![5]]).await.unwrap() > later);
    }

    pub async fn an_older_snapshot_does_not_replace_a_newer_one(store: &dyn Store) {
        let a = id("board-a");
        store.create_board(&a, "A", vec![0]).await.unwrap();
        let old = store.append(&a, vec![vec![1]]).await.unwrap();
        let new = store.append(&a, vec![vec![2]]).await.unwrap();
        store.compact(&a, vec![2], new).await.unwrap();
        // A slower writer's compaction, with a snapshot of less, arrives late.
        store.compact(&a, vec![1], old).await.unwrap();
        let loaded = store.load(&a).await.unwrap();
        assert_eq!(loaded.snapshot_v2, Some(vec![2]));
        assert!(loaded.updates.is_empty());
        assert_eq!(loaded.last_seq, new);
    }

    pub async fn the_first_owner_of_a_client_stays(store: &dyn Store) {
        let a = id("board-a");
        let b = id("board-b");
        store.create_board(&a, "A", vec![0]).await.unwrap();
        store.create_board(&b, "B", vec![0]).await.unwrap();
        let big = u64::MAX - 1;
        let lost = store
            .bind_clients(&a, vec![(1, "p:anna".into()), (big, "f".into())])
            .await
            .unwrap();
        assert!(lost.is_empty(), "{lost:?}");
        let lost = store
            .bind_clients(&a, vec![(1, "p:mallory".into()), (2, "a".into())])
            .await
            .unwrap();
        assert_eq!(lost, vec![(1, "p:mallory".into())], "client 1 is Anna's");
        let again = store
            .bind_clients(&a, vec![(1, "p:anna".into())])
            .await
            .unwrap();
        assert!(
            again.is_empty(),
            "binding to the same owner again is no conflict"
        );
        let mut owners = store.load(&a).await.unwrap().owners;
        owners.sort();
        assert_eq!(
            owners,
            vec![(1, "p:anna".into()), (2, "a".into()), (big, "f".into())]
        );
        assert!(store.load(&b).await.unwrap().owners.is_empty());
        assert!(matches!(
            store.bind_clients(&id("nope"), vec![(1, "f".into())]).await,
            Err(StoreError::NotFound)
        ));
    }

    pub async fn a_renewed_join_code_replaces_the_old_one(store: &dyn Store) {
        let a = id("board-a");
        let b = id("board-b");
        store.create_board(&a, "A", vec![0]).await.unwrap();
        store.create_board(&b, "B", vec![0]).await.unwrap();
        assert_eq!(store.board_for_join_code("ABC234").await.unwrap(), None);
        assert_eq!(store.join_code(&a).await.unwrap(), None);
        store.set_join_code(&a, "ABC234").await.unwrap();
        assert_eq!(
            store.join_code(&a).await.unwrap().as_deref(),
            Some("ABC234")
        );
        assert_eq!(
            store.board_for_join_code("ABC234").await.unwrap(),
            Some(a.clone())
        );
        store.set_join_code(&a, "XYZ789").await.unwrap();
        assert_eq!(store.board_for_join_code("ABC234").await.unwrap(), None);
        assert_eq!(
            store.board_for_join_code("XYZ789").await.unwrap(),
            Some(a.clone())
        );
        assert_eq!(
            store.join_code(&a).await.unwrap().as_deref(),
            Some("XYZ789")
        );
        // Another board may not take a code in use; the freed one it may.
        assert!(matches!(
            store.set_join_code(&b, "XYZ789").await,
            Err(StoreError::AlreadyExists)
        ));
        store.set_join_code(&b, "ABC234").await.unwrap();
        assert_eq!(store.board_for_join_code("ABC234").await.unwrap(), Some(b));
        assert_eq!(store.board_for_join_code("XYZ789").await.unwrap(), Some(a));
        assert!(matches!(
            store.set_join_code(&id("nope"), "QQQ222").await,
            Err(StoreError::NotFound)
        ));
    }

    pub async fn templates_are_kept_listed_and_deleted(store: &dyn Store) {
        let kept = |id: &str, title: &str, created_ms: i64| StoredTemplate {
            id: id.into(),
            title: title.into(),
            created_ms,
            data: vec![7; 10],
            delete_hash: format!("hash-{id}"),
        };
        assert!(store.templates().await.unwrap().is_empty());
        store
            .put_template(kept("t1", "Integration", 100))
            .await
            .unwrap();
        store
            .put_template(kept("t2", "Leitbild", 200))
            .await
            .unwrap();
        assert!(matches!(
            store.put_template(kept("t1", "again", 300)).await,
            Err(StoreError::AlreadyExists)
        ));
        let listed = store.templates().await.unwrap();
        let ids: Vec<&str> = listed.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["t2", "t1"], "newest first");
        assert_eq!(
            (listed[1].title.as_str(), listed[1].bytes),
            ("Integration", 10)
        );
        assert_eq!(
            store.template("t1").await.unwrap(),
            kept("t1", "Integration", 100)
        );
        store.delete_template("t1").await.unwrap();
        assert!(matches!(
            store.template("t1").await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.delete_template("t1").await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(store.templates().await.unwrap().len(), 1);
    }

    pub async fn a_deleted_board_is_gone_entirely(store: &dyn Store) {
        let a = id("board-a");
        let b = id("board-b");
        store.create_board(&a, "A", vec![1]).await.unwrap();
        store.create_board(&b, "B", vec![2]).await.unwrap();
        store.append(&a, vec![vec![3], vec![4]]).await.unwrap();
        store.append(&b, vec![vec![5]]).await.unwrap();
        store.bind_clients(&a, vec![(1, "f".into())]).await.unwrap();
        store.set_join_code(&a, "ABC234").await.unwrap();
        store.delete_board(&a).await.unwrap();
        assert!(!store.board_exists(&a).await.unwrap());
        assert!(matches!(store.load(&a).await, Err(StoreError::NotFound)));
        assert_eq!(store.board_for_join_code("ABC234").await.unwrap(), None);
        assert_eq!(store.join_code(&a).await.unwrap(), None);
        assert!(matches!(
            store.delete_board(&a).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.append(&a, vec![vec![6]]).await,
            Err(StoreError::NotFound)
        ));
        // The other board is untouched, and the freed code may be taken again.
        let lb = store.load(&b).await.unwrap();
        assert_eq!((lb.snapshot_v2, lb.updates), (Some(vec![2]), vec![vec![5]]));
        store.set_join_code(&b, "ABC234").await.unwrap();
        // A board made again under the same id starts empty.
        store.create_board(&a, "A again", vec![7]).await.unwrap();
        let la = store.load(&a).await.unwrap();
        assert_eq!(
            (la.snapshot_v2, la.updates, la.owners),
            (Some(vec![7]), vec![], vec![])
        );
    }

    pub async fn unused_boards_are_found_by_their_last_use(store: &dyn Store) {
        let (a, b, c) = (id("board-a"), id("board-b"), id("board-c"));
        let start = now_ms();
        for board in [&a, &b, &c] {
            store.create_board(board, "X", vec![0]).await.unwrap();
        }
        // Created just now: none is unused since before the start.
        assert!(store.unused_since(start - 1000).await.unwrap().is_empty());
        let day = 24 * 3600 * 1000;
        store.touch_board(&a, start - 10 * day).await.unwrap();
        store.touch_board(&b, start - 10 * day).await.unwrap();
        store.touch_board(&c, start - 2 * day).await.unwrap();
        let mut old = store.unused_since(start - 5 * day).await.unwrap();
        old.sort_by(|x, y| x.as_str().cmp(y.as_str()));
        assert_eq!(old, vec![a.clone(), b.clone()]);
        // A use moves the board out of the old ones.
        store.touch_board(&b, start).await.unwrap();
        assert_eq!(
            store.unused_since(start - 5 * day).await.unwrap(),
            vec![a.clone()]
        );
        assert!(matches!(
            store.touch_board(&id("nope"), start).await,
            Err(StoreError::NotFound)
        ));
    }
}
