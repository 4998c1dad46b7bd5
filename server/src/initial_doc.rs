//! The document a new board starts with: `meta.schema` and `meta.title` as the `board`
//! crate writes them (docs/SCHEMA.md), so every client that joins gets a valid board.

use board::{Board, BoardEnv, MAX_TITLE};

/// The cleaned title (trimmed, at most [`MAX_TITLE`] characters) and the v2 snapshot of a
/// new board with it.
pub fn new_board(title: &str) -> (String, Vec<u8>) {
    let title: String = title.trim().chars().take(MAX_TITLE).collect();
    let snapshot = Board::new(&title, BoardEnv::default()).snapshot();
    (title, snapshot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snapshot_loads_as_a_board() {
        let (title, snapshot) = new_board("  Integrationsworkshop  ");
        assert_eq!(title, "Integrationsworkshop");
        let board = Board::load(&snapshot, BoardEnv::default()).unwrap();
        assert_eq!(board.schema_version(), board::SCHEMA_VERSION);
        assert_eq!(board.title(), "Integrationsworkshop");
    }
}
