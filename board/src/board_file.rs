//! Board files (`.kartenwand`): a whole board in one file, to carry it to another device or
//! server when the two never share a network. Reading a file of a board one already has
//! merges the two (CRDT): it never overwrites anything. The format is specified in
//! docs/SCHEMA.md, "Board files".
//!
//! ```text
//! bytes  field
//! 16     magic "KARTENWAND-BOARD" (ASCII)
//! 1      format version, FORMAT_VERSION (1)
//! 1      length n of the board id, 1..=64
//! n      board id, [0-9A-Za-z_-]
//! 2      length m of the title, u16 little-endian, at most 4 · MAX_TITLE
//! m      title, UTF-8 (for display before loading; meta.title is the truth)
//! 4      length s of the document, u32 little-endian
//! s      the document: Board::snapshot (Yjs update v2 of the whole state)
//! 32     SHA-256 of every byte before it
//! ```
//!
//! [`decode`] never panics and never allocates more than the file's own size: every length
//! is checked against the bytes that are actually there before it is used. The checksum
//! turns any damage (a flipped bit, a cut) into an error before the document is read, and a
//! document that passed it is still loaded into a scratch [`Board`] before it is accepted.
//! (A hand-crafted document with a valid checksum and a client id over 53 bits trips a
//! `debug_assert!` inside yrs 0.28 in debug builds; release builds decode it without one.)

use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::board::{Board, BoardEnv};
use crate::error::LoadError;
use crate::schema::MAX_TITLE;

/// The first bytes of every board file.
pub const MAGIC: &[u8; 16] = b"KARTENWAND-BOARD";
/// The version of the file format this crate writes and reads.
pub const FORMAT_VERSION: u8 = 1;
/// The file name extension, without the dot.
pub const EXTENSION: &str = "kartenwand";
/// The largest file [`decode`] accepts (a board in browser storage stays far below).
pub const MAX_FILE_LEN: usize = 32 * 1024 * 1024;
/// The longest board id, in bytes (as the server accepts).
pub const MAX_ID_LEN: usize = 64;
/// The longest title in the header, in bytes (`MAX_TITLE` characters of up to 4 bytes).
const MAX_TITLE_BYTES: usize = 4 * MAX_TITLE;
const CHECKSUM_LEN: usize = 32;

/// Why bytes are not a board file this app can read, or cannot go into a board.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    /// The file has no bytes at all.
    #[error("the file is empty")]
    Empty,
    /// The bytes do not start with [`MAGIC`]: some other kind of file.
    #[error("not a Kartenwand board file")]
    NotABoardFile,
    /// A board file of a format version this app does not know (a newer app wrote it).
    #[error("board file format {0} is not supported (this app reads {FORMAT_VERSION})")]
    UnsupportedVersion(u8),
    /// The file ends before its content does: it was cut off.
    #[error("the board file is cut off")]
    Truncated,
    /// The file is damaged: its checksum does not match, or a field is invalid.
    #[error("the board file is damaged: {0}")]
    Corrupt(String),
    /// The file is intact, but the document inside is not a Kartenwand board.
    #[error("the file holds no Kartenwand board")]
    NotABoard,
    /// Larger than [`MAX_FILE_LEN`].
    #[error("the file is larger than {max} bytes")]
    TooLarge {
        /// The limit.
        max: usize,
    },
    /// The file is another board than the one it was to be merged into.
    #[error("the file belongs to board {found}, not to board {expected}")]
    OtherBoard {
        /// The board it was to be merged into.
        expected: String,
        /// The board in the file.
        found: String,
    },
}

impl From<LoadError> for FileError {
    fn from(e: LoadError) -> Self {
        match e {
            LoadError::NotABoard => FileError::NotABoard,
            LoadError::Decode(reason) => FileError::Corrupt(reason),
        }
    }
}

/// A decoded board file whose document loads as a board.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardFile {
    /// The board's id (its address `/b/{id}`, its name on a server).
    pub id: String,
    /// The title when the file was saved.
    pub title: String,
    /// The whole document, v2-encoded (as [`Board::snapshot`]).
    pub snapshot_v2: Vec<u8>,
}

/// Writes `board`, whose id is `board_id`, as a board file.
///
/// # Panics
/// If `board_id` is not a valid id (1–64 characters of `[0-9A-Za-z_-]`) or the document is
/// larger than 4 GiB: the app's ids always are valid, and its boards stay far smaller.
pub fn encode(board_id: &str, board: &Board) -> Vec<u8> {
    assert!(valid_id(board_id), "not a board id: {board_id:?}");
    let full_title = board.title();
    let title = cut_to(&full_title, MAX_TITLE_BYTES);
    let snapshot = board.snapshot();
    let snapshot_len = u32::try_from(snapshot.len()).expect("a board is smaller than 4 GiB");
    let mut out = Vec::with_capacity(
        MAGIC.len() + 4 + board_id.len() + title.len() + 4 + snapshot.len() + CHECKSUM_LEN,
    );
    out.extend_from_slice(MAGIC);
    out.push(FORMAT_VERSION);
    out.push(board_id.len() as u8);
    out.extend_from_slice(board_id.as_bytes());
    out.extend_from_slice(&(title.len() as u16).to_le_bytes());
    out.extend_from_slice(title.as_bytes());
    out.extend_from_slice(&snapshot_len.to_le_bytes());
    out.extend_from_slice(&snapshot);
    let sum = Sha256::digest(&out);
    out.extend_from_slice(&sum);
    out
}

/// Reads a board file. Checks, in this order: size, magic, version, the header's lengths
/// against the bytes present, the checksum, the header's fields, and finally that the
/// document loads as a board.
pub fn decode(bytes: &[u8]) -> Result<BoardFile, FileError> {
    if bytes.is_empty() {
        return Err(FileError::Empty);
    }
    if bytes.len() > MAX_FILE_LEN {
        return Err(FileError::TooLarge { max: MAX_FILE_LEN });
    }
    if bytes.len() < MAGIC.len() {
        // The beginning of a board file that was cut early, or something else entirely.
        return Err(if MAGIC.starts_with(bytes) {
            FileError::Truncated
        } else {
            FileError::NotABoardFile
        });
    }
    let mut r = Reader { bytes, pos: 0 };
    if r.take(MAGIC.len())? != MAGIC {
        return Err(FileError::NotABoardFile);
    }
    let version = r.take(1)?[0];
    if version != FORMAT_VERSION {
        return Err(FileError::UnsupportedVersion(version));
    }
    let id_len = usize::from(r.take(1)?[0]);
    let id = r.take(id_len)?;
    let title_len = usize::from(u16::from_le_bytes(r.array()?));
    let title = r.take(title_len)?;
    let snapshot_len = u32::from_le_bytes(r.array()?) as usize;
    let snapshot = r.take(snapshot_len)?;
    let body_len = r.pos;
    let sum = r.take(CHECKSUM_LEN)?;
    if r.pos != bytes.len() {
        return Err(corrupt("bytes after the end"));
    }
    if Sha256::digest(&bytes[..body_len]).as_slice() != sum {
        return Err(corrupt("the checksum does not match"));
    }

    let id = std::str::from_utf8(id)
        .ok()
        .filter(|id| valid_id(id))
        .ok_or_else(|| corrupt("invalid board id"))?;
    if title_len > MAX_TITLE_BYTES {
        return Err(corrupt("title too long"));
    }
    let title = std::str::from_utf8(title).map_err(|_| corrupt("title is not UTF-8"))?;
    // A scratch board with a clock that is never read: it is only loaded, never edited.
    Board::load(snapshot, BoardEnv::new(Arc::new(|| 0)))?;
    Ok(BoardFile {
        id: id.to_owned(),
        title: title.to_owned(),
        snapshot_v2: snapshot.to_vec(),
    })
}

impl BoardFile {
    /// A new [`Board`] holding the file's document (for a board not yet on this device).
    pub fn to_board(&self, env: BoardEnv) -> Result<Board, FileError> {
        Ok(Board::load(&self.snapshot_v2, env)?)
    }

    /// Merges the file into `board`, the board whose id is `board_id`: afterwards `board`
    /// holds everything of both, as after a sync (nothing is overwritten, concurrent edits
    /// resolve as they would online). A file of another board is refused and `board` stays
    /// as it was.
    pub fn merge_into(&self, board_id: &str, board: &mut Board) -> Result<(), FileError> {
        if self.id != board_id {
            return Err(FileError::OtherBoard {
                expected: board_id.to_owned(),
                found: self.id.clone(),
            });
        }
        board.apply_update_v2(&self.snapshot_v2)?;
        Ok(())
    }
}

/// Whether `id` can name a board: 1–[`MAX_ID_LEN`] characters of `[0-9A-Za-z_-]`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
pub(crate) fn cut_to(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn corrupt(why: &str) -> FileError {
    FileError::Corrupt(why.to_owned())
}

/// Reads fields front to back; running past the end is [`FileError::Truncated`].
pub(crate) struct Reader<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], FileError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|end| *end <= self.bytes.len())
            .ok_or(FileError::Truncated)?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], FileError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::testing::board;
    use crate::NewCard;

    fn file() -> (Board, Vec<u8>) {
        let mut b = board();
        b.add_card(NewCard::new("Sprache", 0.0, 0.0)).unwrap();
        let bytes = encode("abcDEF123_-x", &b);
        (b, bytes)
    }

    #[test]
    fn round_trips() {
        let (b, bytes) = file();
        assert!(bytes.starts_with(b"KARTENWAND-BOARD\x01\x0cabcDEF123_-x"));
        let f = decode(&bytes).unwrap();
        assert_eq!(f.id, "abcDEF123_-x");
        assert_eq!(f.title, "Test");
        assert_eq!(f.snapshot_v2, b.snapshot());
    }

    #[test]
    fn long_titles_are_cut_on_a_character_boundary() {
        assert_eq!(cut_to("äöü", 5), "äö");
        assert_eq!(cut_to("abc", 10), "abc");
        let mut b = board();
        b.set_title(&"ä".repeat(MAX_TITLE)).unwrap();
        let f = decode(&encode("x", &b)).unwrap();
        assert_eq!(f.title, "ä".repeat(MAX_TITLE));
    }

    #[test]
    fn the_first_checks_name_what_is_wrong() {
        let (_, bytes) = file();
        assert_eq!(decode(&[]), Err(FileError::Empty));
        assert_eq!(decode(b"KARTEN"), Err(FileError::Truncated));
        assert_eq!(decode(b"hello"), Err(FileError::NotABoardFile));
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0"),
            Err(FileError::NotABoardFile)
        );
        let mut newer = bytes.clone();
        newer[16] = 2;
        assert_eq!(decode(&newer), Err(FileError::UnsupportedVersion(2)));
        assert_eq!(decode(&bytes[..bytes.len() - 1]), Err(FileError::Truncated));
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(matches!(decode(&longer), Err(FileError::Corrupt(_))));
    }

    #[test]
    fn a_lying_length_is_truncated_not_an_allocation() {
        let (_, bytes) = file();
        let mut lying = bytes[..16 + 1 + 1 + 12 + 2 + 4].to_vec();
        let at = lying.len() - 4;
        lying[at..].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(decode(&lying), Err(FileError::Truncated));
    }

    #[test]
    #[should_panic(expected = "not a board id")]
    fn encoding_refuses_a_bad_id() {
        encode("a/b", &board());
    }
}
