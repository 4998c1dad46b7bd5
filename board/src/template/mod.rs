//! Workshop templates (`.kartenwand-vorlage`) and duplicating a board.
//!
//! A template is a board's design without its people and their content: the agenda with its
//! days and times (not the dates, nor what ran when), the positioning exercises with their
//! questions and positions (no answers), the voting rounds' rules (no ballots; every round
//! back in preparation), the working groups' set-up (no members), the worksheets with the
//! board's wording of their questions and a custom worksheet's own questions (no answers),
//! the regions and facts tables, the cards and fields the facilitator locked (prepared material; their writer
//! is not kept; a field locked after the vote keeps none of the participants' cards in it),
//! the participants' rights and the title. Participants, their cards, ballots,
//! answers and memberships never enter it. Every item gets a fresh id in the template and
//! again in each board made from it: a round's id names anonymous ballots, so two boards
//! sharing one could be linked.
//!
//! A template file is laid out like a board file (see `board_file.rs`, docs/SCHEMA.md,
//! "Templates"), with no board id:
//!
//! ```text
//! bytes  field
//! 16     magic "KARTENWAND-VORLG" (ASCII)
//! 1      format version, FORMAT_VERSION (1)
//! 2      length m of the title, u16 little-endian, at most 4 · MAX_TITLE
//! m      title, UTF-8
//! 4      length s of the document, u32 little-endian
//! s      the design as a board document: Board::snapshot (Yjs update v2)
//! 32     SHA-256 of every byte before it
//! ```
//!
//! [`Board::duplicate`] is the other copy: everything, ids unchanged, in a fresh document
//! that the app keeps under a new board id (new links on the server; nothing shared).

mod copy;
pub mod seed;

use sha2::{Digest, Sha256};

use crate::board::{Board, BoardEnv};
use crate::board_file::{cut_to, FileError, Reader, MAX_FILE_LEN};
use crate::error::LoadError;
use crate::schema::MAX_TITLE;

/// The first bytes of every template file.
pub const MAGIC: &[u8; 16] = b"KARTENWAND-VORLG";
/// The version of the template format this crate writes and reads.
pub const FORMAT_VERSION: u8 = 1;
/// The file name extension, without the dot.
pub const EXTENSION: &str = "kartenwand-vorlage";
const MAX_TITLE_BYTES: usize = 4 * MAX_TITLE;
const CHECKSUM_LEN: usize = 32;

/// Why bytes are not a template this app can read.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// The file has no bytes at all.
    #[error("the file is empty")]
    Empty,
    /// A board file (`.kartenwand`), not a template: open it as a board instead.
    #[error("a board file, not a template")]
    BoardFile,
    /// The bytes do not start with [`MAGIC`]: some other kind of file.
    #[error("not a Kartenwand template")]
    NotATemplate,
    /// A template of a format version this app does not know (a newer app wrote it).
    #[error("template format {0} is not supported (this app reads {FORMAT_VERSION})")]
    UnsupportedVersion(u8),
    /// The file ends before its content does: it was cut off.
    #[error("the template is cut off")]
    Truncated,
    /// The file is damaged: its checksum does not match, or a field is invalid.
    #[error("the template is damaged: {0}")]
    Corrupt(String),
    /// The file is intact, but the document inside is not a Kartenwand board.
    #[error("the template holds no Kartenwand board")]
    NotABoard,
    /// Larger than [`MAX_FILE_LEN`].
    #[error("the file is larger than {max} bytes")]
    TooLarge {
        /// The limit.
        max: usize,
    },
}

impl From<FileError> for TemplateError {
    fn from(e: FileError) -> Self {
        match e {
            FileError::Truncated => TemplateError::Truncated,
            FileError::Corrupt(why) => TemplateError::Corrupt(why),
            FileError::NotABoard => TemplateError::NotABoard,
            other => TemplateError::Corrupt(other.to_string()),
        }
    }
}

impl From<LoadError> for TemplateError {
    fn from(e: LoadError) -> Self {
        match e {
            LoadError::NotABoard => TemplateError::NotABoard,
            LoadError::Decode(why) => TemplateError::Corrupt(why),
        }
    }
}

/// A decoded template file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateFile {
    /// The title of the board it was saved from.
    pub title: String,
    /// The design, a board document v2-encoded.
    pub snapshot_v2: Vec<u8>,
}

impl TemplateFile {
    /// A new board from the template, titled `title` (the template's title when blank):
    /// the design under fresh ids, nobody's content.
    pub fn to_board(&self, title: &str, env: BoardEnv) -> Result<Board, TemplateError> {
        let design = Board::load(&self.snapshot_v2, env.clone())?;
        let title = if title.trim().is_empty() {
            design.title()
        } else {
            title.to_owned()
        };
        let board = Board::new(&title, env);
        copy::copy_design(&design, &board);
        Ok(board)
    }
}

impl Board {
    /// This board's design as a template file (see the module doc for what it keeps).
    pub fn template(&self) -> Vec<u8> {
        let design = Board::new(&self.title(), self.env.clone());
        copy::copy_design(self, &design);
        encode(&design)
    }

    /// A new board from a template file's bytes, titled `title` (the template's when blank).
    pub fn from_template(bytes: &[u8], title: &str, env: BoardEnv) -> Result<Board, TemplateError> {
        decode(bytes)?.to_board(title, env)
    }

    /// A copy of the whole board in a fresh document, titled `title` (this board's when
    /// blank). Ids stay as they are, so ballots, answers and memberships keep their meaning;
    /// the copy shares no history with this board, and the app keeps it under a new id.
    pub fn duplicate(&self, title: &str) -> Board {
        let title = if title.trim().is_empty() {
            self.title()
        } else {
            title.to_owned()
        };
        let copy = Board::new(&title, self.env.clone());
        copy::copy_all(self, &copy);
        copy
    }
}

/// Writes a design document as a template file.
///
/// # Panics
/// If the document is larger than 4 GiB (a design stays far smaller).
fn encode(design: &Board) -> Vec<u8> {
    let full_title = design.title();
    let title = cut_to(&full_title, MAX_TITLE_BYTES);
    let snapshot = design.snapshot();
    let snapshot_len = u32::try_from(snapshot.len()).expect("a template is smaller than 4 GiB");
    let mut out =
        Vec::with_capacity(MAGIC.len() + 3 + title.len() + 4 + snapshot.len() + CHECKSUM_LEN);
    out.extend_from_slice(MAGIC);
    out.push(FORMAT_VERSION);
    out.extend_from_slice(&(title.len() as u16).to_le_bytes());
    out.extend_from_slice(title.as_bytes());
    out.extend_from_slice(&snapshot_len.to_le_bytes());
    out.extend_from_slice(&snapshot);
    let sum = Sha256::digest(&out);
    out.extend_from_slice(&sum);
    out
}

/// Reads a template file. Checks, in this order: size, magic (a board file is named as
/// such), version, the lengths against the bytes present, the checksum, the title, and
/// last that the document loads as a board.
pub fn decode(bytes: &[u8]) -> Result<TemplateFile, TemplateError> {
    if bytes.is_empty() {
        return Err(TemplateError::Empty);
    }
    if bytes.len() > MAX_FILE_LEN {
        return Err(TemplateError::TooLarge { max: MAX_FILE_LEN });
    }
    if bytes.starts_with(crate::board_file::MAGIC) {
        return Err(TemplateError::BoardFile);
    }
    if bytes.len() < MAGIC.len() {
        return Err(if MAGIC.starts_with(bytes) {
            TemplateError::Truncated
        } else {
            TemplateError::NotATemplate
        });
    }
    let mut r = Reader { bytes, pos: 0 };
    if r.take(MAGIC.len())? != MAGIC {
        return Err(TemplateError::NotATemplate);
    }
    let version = r.take(1)?[0];
    if version != FORMAT_VERSION {
        return Err(TemplateError::UnsupportedVersion(version));
    }
    let title_len = usize::from(u16::from_le_bytes(r.array()?));
    let title = r.take(title_len)?;
    let snapshot_len = u32::from_le_bytes(r.array()?) as usize;
    let snapshot = r.take(snapshot_len)?;
    let body_len = r.pos;
    let sum = r.take(CHECKSUM_LEN)?;
    if r.pos != bytes.len() {
        return Err(TemplateError::Corrupt("bytes after the end".into()));
    }
    if Sha256::digest(&bytes[..body_len]).as_slice() != sum {
        return Err(TemplateError::Corrupt("the checksum does not match".into()));
    }
    if title_len > MAX_TITLE_BYTES {
        return Err(TemplateError::Corrupt("title too long".into()));
    }
    let title = std::str::from_utf8(title)
        .map_err(|_| TemplateError::Corrupt("title is not UTF-8".into()))?;
    // A scratch board with a clock that is never read: it is only loaded, never edited.
    Board::load(snapshot, BoardEnv::new(std::sync::Arc::new(|| 0)))?;
    Ok(TemplateFile {
        title: title.to_owned(),
        snapshot_v2: snapshot.to_vec(),
    })
}

#[cfg(test)]
mod tests;
