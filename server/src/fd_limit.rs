//! The open-files limit against the connection cap: every connection is a file descriptor,
//! and a cap above the process's limit would let sockets exhaust it (accept fails, SQLite
//! cannot open its WAL). Raises the soft limit as far as needed and allowed, else lowers the cap.

/// Descriptors kept free for everything that is not a client connection: the database and
/// its WAL and shared-memory files, the listening socket, the runtime, logs.
pub const RESERVED_FDS: u64 = 64;

/// The connection cap this process can honour: raises the soft open-files limit towards
/// `wanted + RESERVED_FDS` (up to the hard limit) and returns `wanted`, or less when the
/// limit stays lower.
#[cfg(unix)]
pub fn fit_connection_cap(wanted: usize) -> usize {
    use rustix::process::{getrlimit, setrlimit, Resource};

    let need = (wanted as u64).saturating_add(RESERVED_FDS);
    let limit = getrlimit(Resource::Nofile);
    // `None` means unlimited.
    let Some(current) = limit.current else {
        return wanted;
    };
    if current >= need {
        return wanted;
    }
    let target = limit.maximum.map_or(need, |max| need.min(max));
    let raised = target > current
        && setrlimit(
            Resource::Nofile,
            rustix::process::Rlimit {
                current: Some(target),
                maximum: limit.maximum,
            },
        )
        .is_ok();
    let soft = if raised { target } else { current };
    let cap = usize::try_from(soft.saturating_sub(RESERVED_FDS)).unwrap_or(usize::MAX);
    if cap < wanted {
        tracing::warn!(
            open_files_limit = soft,
            wanted,
            cap,
            "the open-files limit is too low for --max-connections; capping connections lower \
             (raise it with `ulimit -n`)"
        );
    }
    cap.clamp(1, wanted.max(1))
}

/// Elsewhere the cap is taken as given.
#[cfg(not(unix))]
pub fn fit_connection_cap(wanted: usize) -> usize {
    wanted
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_cap_within_the_limit_stays() {
        let soft = rustix::process::getrlimit(rustix::process::Resource::Nofile).current;
        let small = soft.map_or(100, |s| (s.saturating_sub(RESERVED_FDS) / 2).max(1)) as usize;
        assert_eq!(fit_connection_cap(small), small);
    }

    #[test]
    fn the_cap_never_exceeds_the_limit() {
        let cap = fit_connection_cap(usize::MAX / 2);
        let soft = rustix::process::getrlimit(rustix::process::Resource::Nofile).current;
        if let Some(soft) = soft {
            assert!(
                cap as u64 + RESERVED_FDS <= soft,
                "{cap} with a limit of {soft}"
            );
        }
    }
}
