//! Access tokens and roles. A token is `{role}.{base64url(HMAC-SHA256(secret, board ":" role))}`;
//! the secret is 32 random bytes in `{data dir}/secret.key`. No token store: the server can
//! check any token it ever issued, and a new secret revokes them all.

use std::fmt;
use std::io::{self, Read, Write};
use std::path::Path;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::board_id::BoardId;

/// File name of the secret inside the data directory.
pub const SECRET_FILE: &str = "secret.key";
const SECRET_LEN: usize = 32;

/// What a connection may do on a board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Runs the workshop: everything a participant can, plus (later) steering rounds.
    Facilitator,
    /// Edits the board.
    Participant,
    /// Read-only (projector): receives everything, its document updates are dropped.
    Viewer,
}

impl Role {
    /// All roles, in token order.
    pub const ALL: [Role; 3] = [Role::Facilitator, Role::Participant, Role::Viewer];

    /// The name used in tokens and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Facilitator => "facilitator",
            Role::Participant => "participant",
            Role::Viewer => "viewer",
        }
    }

    fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The HMAC key tokens are signed with.
#[derive(Clone)]
pub struct Secret([u8; SECRET_LEN]);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    /// A secret with the given bytes (tests).
    pub fn from_bytes(bytes: [u8; SECRET_LEN]) -> Secret {
        Secret(bytes)
    }

    /// Fresh random bytes from the operating system.
    pub fn random() -> io::Result<Secret> {
        let mut bytes = [0u8; SECRET_LEN];
        getrandom::fill(&mut bytes).map_err(io::Error::other)?;
        Ok(Secret(bytes))
    }

    /// Reads `{dir}/secret.key`, or creates it with fresh random bytes (mode 0600) on first
    /// start. The directory must exist.
    pub fn load_or_create(dir: &Path) -> io::Result<Secret> {
        let path = dir.join(SECRET_FILE);
        match crate::private_fs::file_options()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                let secret = Secret::random()?;
                file.write_all(&secret.0)?;
                file.sync_all()?;
                Ok(secret)
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                crate::private_fs::restrict(&path)?;
                Secret::load(&path)
            }
            Err(e) => Err(e),
        }
    }

    /// Reads a secret file of 32 bytes (a `secret.key` made by
    /// [`Secret::load_or_create`], or by `head -c 32 /dev/urandom`): how several server
    /// nodes share one secret, so that each accepts the links another issued.
    pub fn load(path: &Path) -> io::Result<Secret> {
        let mut bytes = Vec::new();
        std::fs::File::open(path)?.read_to_end(&mut bytes)?;
        let bytes: [u8; SECRET_LEN] = bytes.try_into().map_err(|b: Vec<u8>| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{} has {} bytes, expected {SECRET_LEN}",
                    path.display(),
                    b.len()
                ),
            )
        })?;
        Ok(Secret(bytes))
    }

    fn mac(&self, board: &BoardId, role: Role) -> Hmac<Sha256> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC accepts keys of any length");
        mac.update(board.as_str().as_bytes());
        mac.update(b":");
        mac.update(role.as_str().as_bytes());
        mac
    }

    /// The token that grants `role` on `board`.
    pub fn token(&self, board: &BoardId, role: Role) -> String {
        let tag = self.mac(board, role).finalize().into_bytes();
        format!("{}.{}", role.as_str(), URL_SAFE_NO_PAD.encode(tag))
    }

    /// The role `token` grants on `board`, if it is valid. The signature is compared in
    /// constant time.
    pub fn verify(&self, board: &BoardId, token: &str) -> Option<Role> {
        let (role, tag) = token.split_once('.')?;
        let role = Role::parse(role)?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        self.mac(board, role).verify_slice(&tag).ok()?;
        Some(role)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn board(s: &str) -> BoardId {
        BoardId::parse(s).unwrap()
    }

    #[test]
    fn tokens_verify_for_their_board_and_role_only() {
        let secret = Secret::from_bytes([7; 32]);
        let a = board("aaaaaaaaaaaa");
        let b = board("bbbbbbbbbbbb");
        for role in Role::ALL {
            let token = secret.token(&a, role);
            assert!(token.starts_with(&format!("{role}.")));
            assert_eq!(secret.verify(&a, &token), Some(role));
            assert_eq!(secret.verify(&b, &token), None);
        }
        let other = Secret::from_bytes([8; 32]);
        assert_eq!(other.verify(&a, &secret.token(&a, Role::Facilitator)), None);
    }

    #[test]
    fn forged_tokens_fail() {
        let secret = Secret::from_bytes([1; 32]);
        let a = board("aaaaaaaaaaaa");
        let viewer = secret.token(&a, Role::Viewer);
        let tag = viewer.split_once('.').unwrap().1;
        // Promoting a viewer token by renaming its role.
        assert_eq!(secret.verify(&a, &format!("facilitator.{tag}")), None);
        for bad in [
            "",
            ".",
            "viewer",
            "viewer.",
            "admin.abc",
            "viewer.!!!!",
            "viewer.AAAA",
        ] {
            assert_eq!(secret.verify(&a, bad), None, "{bad:?}");
        }
        let mut cut = viewer.clone();
        cut.pop();
        assert_eq!(secret.verify(&a, &cut), None);
    }

    #[test]
    fn secret_file_is_created_once_with_mode_0600() {
        let dir = tempfile::tempdir().unwrap();
        let first = Secret::load_or_create(dir.path()).unwrap();
        let again = Secret::load_or_create(dir.path()).unwrap();
        assert_eq!(first.0, again.0);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(SECRET_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(dir.path().join(SECRET_FILE), b"short").unwrap();
        assert!(Secret::load_or_create(dir.path()).is_err());
    }

    #[test]
    fn a_node_with_another_nodes_secret_file_accepts_its_tokens() {
        let dir = tempfile::tempdir().unwrap();
        let node_a = Secret::load_or_create(dir.path()).unwrap();
        let node_b = Secret::load(&dir.path().join(SECRET_FILE)).unwrap();
        let board = BoardId::parse("sharedboard1").unwrap();
        let token = node_a.token(&board, Role::Participant);
        assert_eq!(node_b.verify(&board, &token), Some(Role::Participant));
        std::fs::write(dir.path().join("other.key"), [7u8; 31]).unwrap();
        assert!(Secret::load(&dir.path().join("other.key")).is_err());
    }
}
