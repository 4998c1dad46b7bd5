//! `kartenwand-server migrate --from-sqlite DIR --database-url …`: the boards of a
//! single-node data directory (with logs, compacted or not, client-id owners, join codes)
//! arrive in PostgreSQL byte for byte; a second run copies nothing again.

#![cfg(feature = "postgres")]

#[path = "support/postgres.rs"]
mod postgres;

use std::path::Path;

use server::store::StoredBoard;
use server::{BoardId, PostgresStore, SqliteStore, Store};

async fn migrate(dir: &Path, url: &str) -> String {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_kartenwand-server"))
        .arg("migrate")
        .arg("--from-sqlite")
        .arg(dir)
        .env("KARTENWAND_DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .output()
        .await
        .expect("the server binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What must arrive: everything but the sequence numbers, which are the target's own.
fn content(mut board: StoredBoard) -> StoredBoard {
    board.owners.sort();
    board.last_seq = 0;
    board
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_board_arrives_byte_for_byte_and_only_once() {
    let pg = tokio::task::spawn_blocking(postgres::Postgres::start)
        .await
        .expect("PostgreSQL starts");
    let url = pg.new_database();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let id = |s: &str| BoardId::parse(s).expect("valid id");
    let (logged, compacted, fresh) = (id("loggedboard1"), id("compacted123"), id("freshboard12"));
    {
        let sqlite = SqliteStore::open(dir.path(), false).expect("opens");
        sqlite
            .create_board(&logged, "With a log", vec![1, 2, 3])
            .await
            .unwrap();
        sqlite
            .append(&logged, vec![vec![4], vec![5, 6]])
            .await
            .unwrap();
        sqlite
            .bind_clients(&logged, vec![(7, "f".into()), (u64::MAX - 1, "a".into())])
            .await
            .unwrap();
        sqlite.set_join_code(&logged, "ABC234").await.unwrap();
        sqlite
            .create_board(&compacted, "Compacted", vec![9])
            .await
            .unwrap();
        let upto = sqlite
            .append(&compacted, vec![vec![10], vec![11]])
            .await
            .unwrap();
        sqlite
            .compact(&compacted, vec![9, 10, 11], upto)
            .await
            .unwrap();
        sqlite.append(&compacted, vec![vec![12]]).await.unwrap();
        sqlite.create_board(&fresh, "Fresh", vec![0]).await.unwrap();
    }
    // The target has one of them already (an earlier run that stopped): left alone.
    let target = PostgresStore::connect(&url).await.expect("connects");
    target.create_board(&fresh, "Fresh", vec![0]).await.unwrap();

    let said = migrate(dir.path(), &url).await;
    assert!(said.contains("2 boards copied, 1 there already"), "{said}");

    let sqlite = SqliteStore::open(dir.path(), false).expect("opens");
    for board in [&logged, &compacted, &fresh] {
        let before = content(sqlite.load(board).await.unwrap());
        let after = content(target.load(board).await.unwrap());
        assert_eq!(before, after, "{board}");
        assert_eq!(
            sqlite.join_code(board).await.unwrap(),
            target.join_code(board).await.unwrap()
        );
    }
    assert_eq!(
        target.board_for_join_code("ABC234").await.unwrap(),
        Some(logged.clone())
    );
    let said = migrate(dir.path(), &url).await;
    assert!(said.contains("0 boards copied, 3 there already"), "{said}");
}
