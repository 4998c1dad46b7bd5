//! A facilitator deletes a board on the server (`DELETE /api/boards/{board}`, DSGVO): only
//! with the facilitator token; its open connections are closed with 4410; afterwards its
//! links, its join code and the endpoint answer 404; and nothing of it is left in the store:
//! no row of any table mentions it, and its card's text is in no byte of the database files.
//! The same on PostgreSQL with two nodes and Redis (both started by the test, loopback only).
//! The retention period (`--retention-days`) deletes unused boards the same way.

mod common;
#[cfg(feature = "postgres")]
use common::postgres;
#[cfg(feature = "redis")]
use common::redis;

use std::net::SocketAddr;
use std::path::Path;

use board::ParticipantKey;
use common::{http_with, test_config, Board, Client, Ended};
use protocol::CLOSE_BOARD_DELETED;
use server::Server;

/// Text of the card the deleted board holds: searched for in the store's bytes afterwards.
const MARKER: &str = "Vertraulich-4f1c9e2b-Gehaltsliste";

/// `method path` with the board's `token` as bearer; returns the status.
async fn with_token(addr: SocketAddr, method: &str, path: &str, token: Option<&str>) -> u16 {
    let bearer = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = bearer
        .iter()
        .map(|b| ("Authorization", b.as_str()))
        .collect();
    http_with(addr, method, path, &headers, "").await.0
}

/// Everything a board has: a card with [`MARKER`] written by a participant with a key (so a
/// client-id owner and a voter key), enough edits for compactions, and a join code.
async fn fill(board: &Board) -> (Client, Client, Client) {
    let key = ParticipantKey::from_secret("deleteboard0000000000000001").expect("valid secret");
    let mut participant = Client::connect(&board.url_with_key(&board.participant, Some(&key)))
        .await
        .expect("connects");
    participant.sync().await;
    participant.set("secret", MARKER).await;
    for i in 0..12 {
        participant
            .set(&format!("card{i}"), &format!("{MARKER} {i}"))
            .await;
        participant.wait_stored().await;
    }
    let status = with_token(
        board.addr,
        "POST",
        &format!("/api/boards/{}/join-code", board.id),
        Some(&board.facilitator),
    )
    .await;
    assert_eq!(status, 200, "a join code");
    let facilitator = board.join(&board.facilitator).await;
    let viewer = board.join(&board.viewer).await;
    (participant, facilitator, viewer)
}

/// Refused for other roles and without a token; then deleted; every open connection is
/// closed with 4410; afterwards the board is unknown everywhere.
async fn delete_and_check_the_api(board: &Board, open: &mut [&mut Client], code: &str) {
    let path = format!("/api/boards/{}", board.id);
    let addr = board.addr;
    assert_eq!(
        with_token(addr, "DELETE", &path, Some(&board.participant)).await,
        403
    );
    assert_eq!(
        with_token(addr, "DELETE", &path, Some(&board.viewer)).await,
        403
    );
    assert_eq!(with_token(addr, "DELETE", &path, None).await, 401);
    assert_eq!(
        with_token(
            addr,
            "DELETE",
            "/api/boards/nosuchboard1",
            Some(&board.facilitator)
        )
        .await,
        404
    );
    for client in open.iter() {
        assert_eq!(client.ended, None, "a refused deletion closed nothing");
    }
    assert_eq!(
        with_token(addr, "DELETE", &path, Some(&board.facilitator)).await,
        204
    );
    for client in open.iter_mut() {
        match client.wait_end().await {
            Ended::Close(code, reason) => {
                assert_eq!(code, CLOSE_BOARD_DELETED, "{reason}");
                assert!(reason.contains("deleted"), "{reason}");
            }
            Ended::Dropped => panic!("closed without a close frame"),
        }
    }
    // Every link to it is a link to a board that never existed.
    assert_eq!(
        with_token(addr, "DELETE", &path, Some(&board.facilitator)).await,
        404
    );
    let access = format!("/api/boards/{}/access", board.id);
    assert_eq!(
        with_token(addr, "GET", &access, Some(&board.facilitator)).await,
        404
    );
    assert_eq!(
        with_token(addr, "GET", &format!("/api/join/{code}"), None).await,
        404
    );
    assert_eq!(
        Client::connect(&board.url(&board.participant)).await.err(),
        Some(404)
    );
}

/// The board's join code, as the facilitator's share dialog gets it.
async fn join_code(board: &Board) -> String {
    let path = format!("/api/boards/{}/join-code", board.id);
    let bearer = format!("Bearer {}", board.facilitator);
    let (status, _, body) =
        http_with(board.addr, "POST", &path, &[("Authorization", &bearer)], "").await;
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    v["code"].as_str().expect("a code").to_string()
}

/// Rows of any table of the SQLite database (from `sqlite_master`, so a table added later is
/// searched too) with a value containing `needle`, as "table: row".
fn sqlite_rows_with(db: &rusqlite::Connection, needle: &[u8]) -> Vec<String> {
    let tables: Vec<String> = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut found = Vec::new();
    for table in tables {
        let mut stmt = db.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..columns {
                let bytes = match row.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Text(b) | rusqlite::types::ValueRef::Blob(b) => {
                        b.to_vec()
                    }
                    other => format!("{other:?}").into_bytes(),
                };
                if contains(&bytes, needle) {
                    found.push(format!("{table}: column {i}"));
                }
            }
        }
    }
    found
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Whether any of the database's files (the database, its WAL and shared memory) holds
/// `needle`, byte for byte.
fn files_contain(dir: &Path, needle: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with(server::store::DB_FILE) {
            let bytes = std::fs::read(entry.path()).unwrap();
            if contains(&bytes, needle) {
                found.push(name);
            }
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_board_leaves_nothing_in_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = test_config();
    config.data_dir = dir.path().to_path_buf();
    config.compact_after = 4; // the marker goes through snapshots too
    let server = Server::start(config).await.expect("starts");
    let addr = server.local_addr();
    let board = common::create_board(addr, "Zu löschen").await;
    let other = common::create_board(addr, "Bleibt").await;
    let mut keeps = other.join(&other.participant).await;
    keeps.set("kept", "still here").await;
    keeps.wait_stored().await;
    let (mut participant, mut facilitator, mut viewer) = fill(&board).await;
    let code = join_code(&board).await;

    let db = rusqlite::Connection::open(dir.path().join(server::store::DB_FILE)).unwrap();
    // The searches can fail: before the deletion they find the board everywhere.
    let before = sqlite_rows_with(&db, board.id.as_bytes());
    for table in [
        "boards",
        "snapshots",
        "updates",
        "client_owners",
        "join_codes",
    ] {
        assert!(
            before.iter().any(|r| r.starts_with(&format!("{table}:"))),
            "{table}: {before:?}"
        );
    }
    db.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    assert!(!files_contain(dir.path(), MARKER.as_bytes()).is_empty());

    delete_and_check_the_api(
        &board,
        &mut [&mut participant, &mut facilitator, &mut viewer],
        &code,
    )
    .await;

    assert_eq!(
        sqlite_rows_with(&db, board.id.as_bytes()),
        Vec::<String>::new()
    );
    assert_eq!(
        sqlite_rows_with(&db, MARKER.as_bytes()),
        Vec::<String>::new()
    );
    // Without a VACUUM: the server overwrote the deleted rows and truncated the WAL.
    db.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    assert_eq!(
        files_contain(dir.path(), MARKER.as_bytes()),
        Vec::<String>::new()
    );
    db.execute_batch("VACUUM").unwrap();
    db.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    assert_eq!(
        files_contain(dir.path(), MARKER.as_bytes()),
        Vec::<String>::new()
    );
    assert_eq!(
        files_contain(dir.path(), board.id.as_bytes()),
        Vec::<String>::new()
    );

    // The other board is untouched and still served.
    assert_eq!(keeps.ended, None);
    let fresh = other.join(&other.viewer).await;
    assert_eq!(fresh.get("kept").as_deref(), Some("still here"));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_board_not_loaded_is_deleted_too() {
    let server =
        common::TestServer::start_with(|c| c.unload_after = std::time::Duration::from_millis(50))
            .await;
    let board = server.create_board().await;
    let mut c = board.join(&board.participant).await;
    c.set("card", MARKER).await;
    c.wait_stored().await;
    drop(c.close().await);
    // Unloaded once the board has had no connection for a moment.
    let deadline = tokio::time::Instant::now() + common::TIMEOUT;
    while server.health().await["boards_loaded"] != 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the board did not unload"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let path = format!("/api/boards/{}", board.id);
    assert_eq!(
        with_token(server.addr, "DELETE", &path, Some(&board.facilitator)).await,
        204
    );
    assert_eq!(server.health().await["boards_loaded"], 0, "not left loaded");
    assert_eq!(
        with_token(server.addr, "DELETE", &path, Some(&board.facilitator)).await,
        404
    );
    server.shutdown().await;
}

/// `--retention-days 30`: at start, a board last used 31 days ago is deleted, one used 29
/// days ago is kept. The clock is not waited for: the test sets the stored times back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn boards_unused_longer_than_the_retention_period_are_deleted_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = test_config();
    config.data_dir = dir.path().to_path_buf();
    let server = Server::start(config.clone()).await.expect("starts");
    let old = common::create_board(server.local_addr(), "Alt").await;
    let recent = common::create_board(server.local_addr(), "Neu").await;
    let mut c = old.join(&old.participant).await;
    c.set("card", MARKER).await;
    c.wait_stored().await;
    drop(c.close().await);
    server.shutdown().await;

    let day_ms: i64 = 24 * 3600 * 1000;
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    {
        let db = rusqlite::Connection::open(dir.path().join(server::store::DB_FILE)).unwrap();
        for (board, days) in [(&old, 31), (&recent, 29)] {
            let set = db
                .execute(
                    "UPDATE boards SET used_ms = ?2 WHERE id = ?1",
                    rusqlite::params![board.id, now_ms - days * day_ms],
                )
                .unwrap();
            assert_eq!(set, 1);
        }
    }
    config.retention_days = Some(30);
    let server = Server::start(config).await.expect("starts again");
    let addr = server.local_addr();
    let old = old.on(addr);
    let recent = recent.on(addr);
    let access = |b: &Board| format!("/api/boards/{}/access", b.id);
    let deadline = tokio::time::Instant::now() + common::TIMEOUT;
    while with_token(addr, "GET", &access(&old), Some(&old.facilitator)).await != 404 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the unused board was not deleted"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(
        with_token(addr, "GET", &access(&recent), Some(&recent.facilitator)).await,
        200
    );
    let db = rusqlite::Connection::open(dir.path().join(server::store::DB_FILE)).unwrap();
    assert_eq!(
        sqlite_rows_with(&db, old.id.as_bytes()),
        Vec::<String>::new()
    );
    assert_eq!(
        sqlite_rows_with(&db, MARKER.as_bytes()),
        Vec::<String>::new()
    );
    // A connection is a use: the kept board's time moves to now.
    let _c = recent.join(&recent.viewer).await;
    let deadline = tokio::time::Instant::now() + common::TIMEOUT;
    loop {
        let used: i64 = db
            .query_row(
                "SELECT used_ms FROM boards WHERE id = ?1",
                [&recent.id],
                |r| r.get(0),
            )
            .unwrap();
        if used >= now_ms {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "a connection did not count as a use"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    server.shutdown().await;
}

/// Two nodes on one PostgreSQL and one Redis: a client of the board on each; deleting on
/// node A closes both (node B's through Redis), and no row of any table, nor the board's
/// Redis stream, holds anything of it.
#[cfg(all(feature = "postgres", feature = "redis"))]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_board_leaves_nothing_in_postgres_and_redis() {
    use ::redis::AsyncCommands;

    let pg = tokio::task::spawn_blocking(postgres::Postgres::start)
        .await
        .expect("PostgreSQL starts");
    let redis = tokio::task::spawn_blocking(redis::Redis::start)
        .await
        .expect("Redis starts");
    let url = pg.new_database();
    let dir = tempfile::tempdir().unwrap();
    let node = |compact_after| {
        let mut config = test_config();
        config.data_dir = dir.path().to_path_buf(); // one secret for both nodes
        config.database_url = Some(url.clone());
        config.redis_url = Some(redis.url());
        config.compact_after = compact_after;
        Server::start(config)
    };
    let node_a = node(4).await.expect("node A starts");
    let node_b = node(4).await.expect("node B starts");
    let board = common::create_board(node_a.local_addr(), "Zu löschen").await;
    let other = common::create_board(node_a.local_addr(), "Bleibt").await;
    let (mut participant, mut facilitator, mut viewer) = fill(&board).await;
    let code = join_code(&board).await;
    let on_b = board.on(node_b.local_addr());
    let mut on_node_b = on_b.join(&board.participant).await;
    on_node_b
        .wait_until("the marker on node B", |c| {
            c.get("secret").as_deref() == Some(MARKER)
        })
        .await;

    let (db, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    let marker_hex: String = MARKER.bytes().map(|b| format!("{b:02x}")).collect();
    let rows_with = |needle: String| {
        let db = &db;
        async move {
            let tables = db
                .query(
                    "SELECT table_name::text FROM information_schema.tables
                     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
                    &[],
                )
                .await
                .unwrap();
            let mut found = Vec::new();
            for table in tables {
                let table: String = table.get(0);
                // A row as text: bytea columns in hex, so both the id and the hex marker show.
                let n: i64 = db
                    .query_one(
                        &format!("SELECT count(*) FROM \"{table}\" t WHERE position($1 in lower(t::text)) > 0"),
                        &[&needle],
                    )
                    .await
                    .unwrap()
                    .get(0);
                if n > 0 {
                    found.push(format!("{table}: {n}"));
                }
            }
            found
        }
    };
    let before = rows_with(board.id.to_lowercase()).await;
    for table in ["boards", "snapshots", "client_owners", "join_codes"] {
        assert!(
            before.iter().any(|r| r.starts_with(&format!("{table}:"))),
            "{table}: {before:?}"
        );
    }
    assert!(
        !rows_with(marker_hex.clone()).await.is_empty(),
        "the marker is stored"
    );
    let mut redis_conn = ::redis::Client::open(redis.url())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    let stream = format!("kartenwand:board:{}", board.id);
    let entries: u64 = redis_conn.xlen(&stream).await.unwrap();
    assert!(entries > 0, "the board's changes went through its stream");

    delete_and_check_the_api(
        &board,
        &mut [
            &mut participant,
            &mut facilitator,
            &mut viewer,
            &mut on_node_b,
        ],
        &code,
    )
    .await;
    assert_eq!(
        Client::connect(&on_b.url(&board.viewer)).await.err(),
        Some(404),
        "node B too"
    );

    // Board ids are mixed case; the search is on lower case text, the id's too.
    assert_eq!(
        rows_with(board.id.to_lowercase()).await,
        Vec::<String>::new()
    );
    assert_eq!(rows_with(marker_hex).await, Vec::<String>::new());
    // Only the deletion entry is left in the stream, without content, and it expires.
    let range: ::redis::streams::StreamRangeReply = redis_conn.xrange_all(&stream).await.unwrap();
    assert_eq!(range.ids.len(), 1, "only the deletion entry");
    let ttl: i64 = redis_conn.ttl(&stream).await.unwrap();
    assert!(ttl > 0, "the stream expires (ttl {ttl})");
    let raw: Vec<Vec<u8>> = ::redis::cmd("XRANGE")
        .arg(&stream)
        .arg("-")
        .arg("+")
        .query_async::<::redis::Value>(&mut redis_conn)
        .await
        .map(|v| vec![format!("{v:?}").into_bytes()])
        .unwrap();
    assert!(!raw.iter().any(|b| contains(b, MARKER.as_bytes())));

    // The other board is untouched.
    let fresh = other.join(&other.viewer).await;
    assert!(fresh.synced);
    node_a.shutdown().await;
    node_b.shutdown().await;
}
