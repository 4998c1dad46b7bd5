//! The data directory and its files, readable by the server's user only: the database holds
//! every board and `secret.key` signs every link, so other local users must not read them.
//! Unix modes; elsewhere the platform's defaults apply.

use std::fs::{DirBuilder, OpenOptions};
use std::io;
use std::path::Path;

/// Mode of the data directory (and of parents created with it).
pub const DIR_MODE: u32 = 0o700;
/// Mode of the database and the secret.
pub const FILE_MODE: u32 = 0o600;

/// Creates `dir` and its missing parents, each with [`DIR_MODE`]. A directory that exists is
/// left as it is: it may be one the user chose and shares on purpose.
pub fn create_dir(dir: &Path) -> io::Result<()> {
    let mut builder = DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, DIR_MODE);
    builder.create(dir)
}

/// Options that create a file with [`FILE_MODE`] (the mode applies only when it is created).
pub fn file_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    options
}

/// Makes sure `path` exists with [`FILE_MODE`]: creates it empty if missing, and takes group
/// and other permissions away from one an earlier version created with the umask's mode.
pub fn ensure_file(path: &Path) -> io::Result<()> {
    file_options()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    restrict(path)
}

/// Takes group and other permissions away from an existing file of ours (a warning, not an
/// error, if it is not ours to change).
pub fn restrict(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            // A file of another owner cannot be changed; it still works, so say it and go on.
            match std::fs::set_permissions(path, std::fs::Permissions::from_mode(FILE_MODE)) {
                Ok(()) => tracing::info!(path = %path.display(), "made readable by this user only"),
                Err(e) => tracing::warn!(
                    path = %path.display(),
                    error = %e,
                    "other users may read this file; could not change its mode"
                ),
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn directories_and_files_are_private() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b");
        create_dir(&dir).unwrap();
        assert_eq!(mode(&dir), DIR_MODE);
        assert_eq!(mode(&tmp.path().join("a")), DIR_MODE);
        let file = dir.join("f");
        ensure_file(&file).unwrap();
        assert_eq!(mode(&file), FILE_MODE);
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        ensure_file(&file).unwrap();
        assert_eq!(mode(&file), FILE_MODE);
    }
}
