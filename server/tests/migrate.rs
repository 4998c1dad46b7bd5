//! `kartenwand-server migrate --from-sqlite DIR --database-url …`: the boards of a
//! single-node data directory (with logs, compacted or not, client-id owners, join codes)
//! arrive in PostgreSQL byte for byte; a second run copies nothing again.

#![cfg(feature = "postgres")]

#[path = "support/postgres.rs"]
mod postgres;

use std::path::Path;

use board::export::ExportContext;
use board::{Board, BoardEnv, Language, NewCard, ParticipantKey, RoundSettings, RoundState};
use server::store::StoredBoard;
use server::{BoardId, PostgresStore, SqliteStore, Store};
use yrs::{ReadTxn, StateVector, Transact};

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

fn voter(n: usize) -> ParticipantKey {
    ParticipantKey::from_secret(&format!("migratevoter{n:0>20}")).expect("valid secret")
}

/// A board's changes since `since`, as the log row a server appends for them.
fn row_since(board: &Board, since: &StateVector) -> Vec<u8> {
    board.doc().transact().encode_diff_v1(since)
}

/// `kartenwand-server export --to DIR` with `env` (the store to read).
async fn export(dir: &Path, env: &[(&str, &str)], data_dir: &Path) -> String {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_kartenwand-server"))
        .arg("--data-dir")
        .arg(data_dir)
        .arg("export")
        .arg("--to")
        .arg(dir)
        .envs(env.iter().copied())
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_boards_export_the_same_from_sqlite_and_after_the_move() {
    let pg = tokio::task::spawn_blocking(postgres::Postgres::start)
        .await
        .expect("PostgreSQL starts");
    let url = pg.new_database();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let id = |s: &str| BoardId::parse(s).expect("valid id");

    // The seed's two-day workshop as prepared from the built-in template (agenda, exercises,
    // worksheets, regions, locked prepared cards), stored as one snapshot.
    let prepared = board::template::seed::board(Language::De);
    // A board after a vote: fields, cards, a revealed round with ballots of five people,
    // stored as a snapshot and a log of the later changes, as a server holds it.
    let mut voted = Board::new("Abstimmung", BoardEnv::default());
    let start = voted.snapshot();
    let mut since = voted.state_vector();
    let mut rows = Vec::new();
    let fields: Vec<String> = ["Bildung", "Sprache", "Arbeit"]
        .iter()
        .enumerate()
        .map(|(i, t)| voted.add_cluster(t, 320.0 * i as f64, 0.0).unwrap())
        .collect();
    voted
        .add_card(NewCard::new("Sprachkurse am Abend", 40.0, 400.0))
        .unwrap();
    let round = voted
        .add_round(&RoundSettings::seed("Handlungsfelder"))
        .unwrap();
    voted.set_round_state(&round, RoundState::Open).unwrap();
    rows.push(row_since(&voted, &since));
    since = voted.state_vector();
    for n in 0..5 {
        voted.set_identity(voter(n));
        let dots = fields
            .iter()
            .enumerate()
            .map(|(i, f)| (f.clone(), 1 + ((n + i) % 2) as u32))
            .collect();
        voted.submit_ballot(&round, &dots).unwrap();
        rows.push(row_since(&voted, &since));
        since = voted.state_vector();
    }
    voted.set_round_state(&round, RoundState::Revealed).unwrap();
    rows.push(row_since(&voted, &since));
    {
        let sqlite = SqliteStore::open(dir.path(), false).expect("opens");
        sqlite
            .create_board(&id("preparedday"), &prepared.title(), prepared.snapshot())
            .await
            .unwrap();
        sqlite
            .create_board(&id("votedboard1"), "Abstimmung", start)
            .await
            .unwrap();
        sqlite.append(&id("votedboard1"), rows).await.unwrap();
    }

    let from_sqlite = dir.path().join("from-sqlite");
    let said = export(&from_sqlite, &[], dir.path()).await;
    assert!(said.contains("2 boards written"), "{said}");
    let said = migrate(dir.path(), &url).await;
    assert!(said.contains("2 boards copied"), "{said}");
    let from_pg = dir.path().join("from-postgres");
    let said = export(&from_pg, &[("KARTENWAND_DATABASE_URL", &url)], dir.path()).await;
    assert!(said.contains("2 boards written"), "{said}");

    for (board, expect) in [("preparedday", "Tag 2"), ("votedboard1", "Handlungsfelder")] {
        let name = format!("{board}.kartenwand");
        let before = std::fs::read(from_sqlite.join(&name)).expect("exported from SQLite");
        let after = std::fs::read(from_pg.join(&name)).expect("exported after the move");
        assert_eq!(
            before, after,
            "{board}: the board file is the same byte for byte"
        );
        // And it is the whole board: the app's documentation of it says what the board holds.
        let file = board::board_file::decode(&after).expect("a board file");
        assert_eq!(file.id, board);
        let opened = file
            .to_board(BoardEnv::default())
            .expect("opens as a board");
        let doc = board::export::markdown(&opened, Language::De, &ExportContext::default());
        assert!(doc.contains(expect), "{board}: {doc}");
    }
    let opened =
        board::board_file::decode(&std::fs::read(from_pg.join("votedboard1.kartenwand")).unwrap())
            .unwrap()
            .to_board(BoardEnv::default())
            .unwrap();
    assert_eq!(opened.ballots(&round).len(), 5, "every ballot moved");
}
