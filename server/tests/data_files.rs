//! The data directory the server creates is its user's alone: the directory 0700, the
//! database (and its WAL files) and the token secret 0600, whatever the umask allows.

#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::test_config;
use server::Server;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[tokio::test]
async fn the_data_directory_and_its_files_are_private() {
    // The usual umask lets everyone read new files; the server must not rely on a stricter one.
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o022));
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("venue").join("data");
    let mut config = test_config();
    config.data_dir = dir.clone();
    let server = Server::start(config).await.expect("starts");
    // A board, so the database has been written to.
    common::create_board(server.local_addr(), "Modes").await;

    assert_eq!(mode(&dir), 0o700, "data directory");
    assert_eq!(
        mode(&tmp.path().join("venue")),
        0o700,
        "its parent, created with it"
    );
    assert_eq!(mode(&dir.join("kartenwand.sqlite3")), 0o600, "database");
    assert_eq!(mode(&dir.join("secret.key")), 0o600, "secret");
    for extra in ["kartenwand.sqlite3-wal", "kartenwand.sqlite3-shm"] {
        let path = dir.join(extra);
        if path.exists() {
            assert_eq!(mode(&path), 0o600, "{extra}");
        }
    }
    server.shutdown().await;

    // Files an older version left readable are closed on the next start.
    std::fs::set_permissions(
        dir.join("kartenwand.sqlite3"),
        PermissionsExt::from_mode(0o644),
    )
    .unwrap();
    std::fs::set_permissions(dir.join("secret.key"), PermissionsExt::from_mode(0o644)).unwrap();
    let mut config = test_config();
    config.data_dir = dir.clone();
    let server = Server::start(config).await.expect("starts again");
    assert_eq!(
        mode(&dir.join("kartenwand.sqlite3")),
        0o600,
        "database after a restart"
    );
    assert_eq!(
        mode(&dir.join("secret.key")),
        0o600,
        "secret after a restart"
    );
    server.shutdown().await;
}
