//! A throwaway PostgreSQL server for tests: `initdb` in a temporary directory (as the
//! `postgres` user when the tests run as root, since PostgreSQL refuses to run as root),
//! started on a free port of 127.0.0.1 only, and stopped and deleted on `Drop`. Uses
//! Debian's `postgresql` package (`scripts/install-tools.sh` installs it).

#![allow(dead_code)] // Each test binary uses a part of it.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A running PostgreSQL cluster; stopped when dropped.
pub struct Postgres {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    /// Whether the server runs as the `postgres` user (we are root).
    as_postgres: bool,
    databases: AtomicUsize,
    // Last: removed after `Drop::drop` stopped the server.
    _dir: tempfile::TempDir,
}

/// The directory with `initdb`, `pg_ctl` and `postgres`: Debian keeps them per version
/// under /usr/lib/postgresql; the newest wins. Else whatever `PATH` has.
fn bin_dir() -> PathBuf {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    match versions.pop() {
        Some((_, bin)) => bin,
        None => PathBuf::new(), // bare names: found on PATH, if at all
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

impl Postgres {
    /// Creates and starts a cluster; panics with the tool's output if that fails.
    pub fn start() -> Postgres {
        let bin = bin_dir();
        let dir = tempfile::Builder::new()
            .prefix("kartenwand-pg-")
            .tempdir()
            .expect("a temporary directory");
        let as_postgres = is_root();
        if as_postgres {
            run(
                Command::new("chown").arg("postgres:").arg(dir.path()),
                "chown",
            );
        }
        let mut pg = Postgres {
            bin,
            data: dir.path().join("data"),
            port: 0,
            as_postgres,
            databases: AtomicUsize::new(0),
            _dir: dir,
        };
        let data = pg.data.clone();
        let initdb = pg.tool("initdb");
        run(
            pg.command(&initdb).arg("-D").arg(&data).args([
                "-U",
                "kartenwand",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ]),
            "initdb (is Debian's postgresql installed? scripts/install-tools.sh installs it)",
        );
        // A port can be taken between the check and the start: try a few.
        for attempt in 0..5 {
            pg.port = free_port();
            let options = format!(
                "-h 127.0.0.1 -p {} -k {} -c fsync=off -c synchronous_commit=off \
                 -c full_page_writes=off -c max_connections=200",
                pg.port,
                pg.socket_dir().display()
            );
            let log = pg.socket_dir().join("postgres.log");
            let pg_ctl = pg.tool("pg_ctl");
            let started = pg
                .command(&pg_ctl)
                .arg("-D")
                .arg(&data)
                .args(["-o", &options, "-l"])
                .arg(&log)
                .args(["-w", "-t", "30", "start"])
                .output()
                .expect("pg_ctl runs");
            if started.status.success() {
                return pg;
            }
            let log = std::fs::read_to_string(&log).unwrap_or_default();
            if attempt == 4 {
                panic!("PostgreSQL did not start: {}\n{log}", describe(&started));
            }
        }
        unreachable!()
    }

    /// The URL of a new, empty database of this cluster.
    pub fn new_database(&self) -> String {
        let n = self.databases.fetch_add(1, Ordering::SeqCst);
        let name = format!("test{n}");
        let psql = self.tool("psql");
        run(
            self.command(&psql).args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "kartenwand",
                "-d",
                "postgres",
                "-q",
                "-c",
                &format!("CREATE DATABASE {name}"),
            ]),
            "CREATE DATABASE",
        );
        self.url(&name)
    }

    /// The URL of database `name` of this cluster.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://kartenwand@127.0.0.1:{}/{name}", self.port)
    }

    /// The directory for the server's socket and log (inside the data directory's parent).
    fn socket_dir(&self) -> PathBuf {
        self.data
            .parent()
            .unwrap_or(Path::new("/tmp"))
            .to_path_buf()
    }

    fn tool(&self, name: &str) -> PathBuf {
        self.bin.join(name)
    }

    /// `program` as a command, run as the `postgres` user when we are root.
    fn command(&self, program: &Path) -> Command {
        let mut c = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program);
            c
        } else {
            Command::new(program)
        };
        // A directory the `postgres` user may enter (not the test's working directory).
        c.current_dir(self.socket_dir());
        c
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        // Immediate: the data goes away with the directory anyway.
        let pg_ctl = self.tool("pg_ctl");
        let _ = self
            .command(&pg_ctl)
            .arg("-D")
            .arg(&self.data)
            .args(["-m", "immediate", "-w", "stop"])
            .output();
    }
}

fn describe(out: &Output) -> String {
    format!(
        "{}\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn run(command: &mut Command, what: &str) {
    match command.output() {
        Ok(out) if out.status.success() => {}
        Ok(out) => panic!("{what} failed: {}", describe(&out)),
        Err(e) => panic!("{what} could not run: {e}"),
    }
}
