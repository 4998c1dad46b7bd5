//! Who takes part: each participant writes its own name and colour under its own id in
//! `participants`, so concurrent joins never conflict, and decides whether their name
//! appears in the documentation's list of people (opt-in). Not part of undo.

use yrs::{Any, Map, MapPrelim, MapRef, Out, ReadTxn, Transact};

use crate::board::Board;
use crate::color::CssColor;
use crate::error::BoardError;
use crate::ids::ParticipantId;
use crate::read;
use crate::schema::{participant as key, MAX_TITLE};

/// A participant as the board shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParticipantView {
    /// The participant's id (also `author` of their cards).
    pub id: ParticipantId,
    /// Nickname.
    pub name: String,
    /// Colour chosen by the participant's app; anything but `#rgb`, `#rrggbb` or a palette
    /// name reads as the fallback grey, so it is safe in a `style` attribute.
    pub color: CssColor,
    /// Whether they chose to appear in the documentation's list of people.
    pub listed: bool,
}

impl ParticipantView {
    /// Reads one entry of `participants`; a missing name reads as empty, a missing or
    /// unsafe colour as [`CssColor::FALLBACK`].
    fn read<T: ReadTxn>(txn: &T, id: &str, map: &MapRef) -> Self {
        ParticipantView {
            id: id.to_owned(),
            name: read::string(txn, map, key::NAME).unwrap_or_default(),
            color: CssColor::parse(&read::string(txn, map, key::COLOR).unwrap_or_default()),
            listed: read::boolean(txn, map, key::LISTED).unwrap_or(false),
        }
    }
}

impl Board {
    /// Writes this board's author (see [`Board::set_author`]) into `participants` with a
    /// nickname and colour. Trimmed; empty → [`BoardError::EmptyTitle`], too long → `TooLong`.
    /// A colour that is not `#rgb`, `#rrggbb` or a palette name is written as the fallback.
    pub fn set_participant(&mut self, name: &str, color: &str) -> Result<(), BoardError> {
        let name = name.trim();
        let color = CssColor::parse(color);
        if name.is_empty() {
            return Err(BoardError::EmptyTitle);
        }
        if name.chars().count() > MAX_TITLE {
            return Err(BoardError::TooLong { max: MAX_TITLE });
        }
        let id = self.author().to_owned();
        let before = self.participant(&id);
        if before
            .as_ref()
            .is_some_and(|p| p.name == name && p.color == color)
        {
            return Ok(());
        }
        // A new name keeps the choice about the list of people.
        let listed = before.is_some_and(|p| p.listed);
        let participants = self.roots.participants.clone();
        // Outside `step`: a name is not an edit of the wall, so it is never undone.
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        let mut entry = MapPrelim::from([
            (key::NAME, Any::from(name)),
            (key::COLOR, Any::from(color.as_str())),
        ]);
        if listed {
            entry.insert(key::LISTED.into(), Any::Bool(true).into());
        }
        participants.insert(&mut txn, id, entry);
        Ok(())
    }

    /// Whether this board's author (who wrote their name with [`Board::set_participant`])
    /// appears in the documentation's list of people; off unless they choose it.
    pub fn set_listed(&mut self, listed: bool) -> Result<(), BoardError> {
        let id = self.author().to_owned();
        let participants = self.roots.participants.clone();
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        let entry = read::map(&txn, &participants, &id).ok_or(BoardError::NoIdentity)?;
        if listed {
            entry.insert(&mut txn, key::LISTED, true);
        } else {
            entry.remove(&mut txn, key::LISTED);
        }
        Ok(())
    }

    /// The names of the people who chose to appear in the documentation's list, by name.
    pub fn listed_names(&self) -> Vec<String> {
        self.participants()
            .into_iter()
            .filter(|p| p.listed && !p.name.trim().is_empty())
            .map(|p| p.name.trim().to_owned())
            .collect()
    }

    /// One participant, if they have written their name.
    pub fn participant(&self, id: &str) -> Option<ParticipantView> {
        let txn = self.doc.transact();
        let map = read::map(&txn, &self.roots.participants, id)?;
        Some(ParticipantView::read(&txn, id, &map))
    }

    /// Everyone's name by participant id (for showing who voted, stands or works where).
    pub fn participant_names(&self) -> std::collections::HashMap<ParticipantId, String> {
        self.participants()
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect()
    }

    /// Everyone who has written their name, sorted by name then id.
    pub fn participants(&self) -> Vec<ParticipantView> {
        let txn = self.doc.transact();
        let mut out: Vec<ParticipantView> = self
            .roots
            .participants
            .iter(&txn)
            .filter_map(|(id, value)| match value {
                Out::YMap(map) => Some(ParticipantView::read(&txn, id, &map)),
                _ => None,
            })
            .collect();
        crate::sort::sort_by(&mut out, |a, b| {
            a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id))
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::board::testing::board;

    #[test]
    fn participants_write_their_own_entry_and_undo_ignores_it() {
        let mut b = board();
        b.set_author("p1".into());
        b.set_participant("  Gülcan ", "#d9668f").unwrap();
        assert_eq!(b.participant("p1").unwrap().name, "Gülcan");
        assert!(!b.can_undo(), "joining is not an undoable edit");
        b.set_participant("Gülcan Y.", "#d9668f").unwrap();
        let all = b.participants();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].name, "Gülcan Y.");
        assert_eq!(
            b.set_participant("   ", "#000"),
            Err(crate::BoardError::EmptyTitle)
        );
    }

    #[test]
    fn each_participant_opts_in_to_the_list_of_people() {
        let mut b = board();
        assert_eq!(
            b.set_listed(true),
            Err(crate::BoardError::NoIdentity),
            "a name comes first"
        );
        b.set_author("p1".into());
        b.set_participant("Zeynep", "#d9668f").unwrap();
        b.set_author("p2".into());
        b.set_participant("Bernd", "#336699").unwrap();
        b.set_author("p3".into());
        b.set_participant("Anna", "#336699").unwrap();
        assert!(
            b.listed_names().is_empty(),
            "nobody is listed unless they choose it"
        );
        b.set_listed(true).unwrap();
        b.set_author("p1".into());
        b.set_listed(true).unwrap();
        assert_eq!(b.listed_names(), ["Anna", "Zeynep"]);
        b.set_participant("Zeynep K.", "#d9668f").unwrap();
        assert!(
            b.participant("p1").unwrap().listed,
            "a new name keeps the choice"
        );
        b.set_listed(false).unwrap();
        assert_eq!(b.listed_names(), ["Anna"]);
        assert!(!b.can_undo());
    }

    #[test]
    fn colours_are_checked_when_written_and_when_read() {
        use yrs::{Map, MapPrelim, Transact};
        let mut b = board();
        b.set_author("p1".into());
        b.set_participant("Anna", "red;position:fixed").unwrap();
        assert_eq!(
            b.participant("p1").unwrap().color.as_str(),
            crate::CssColor::FALLBACK
        );
        // Another client may write anything into its own entry.
        {
            let mut txn = b.doc.transact_mut();
            let entry = MapPrelim::from([
                ("name", "Evil"),
                ("color", "#fff;background:url(http://x/)"),
            ]);
            b.roots.participants.insert(&mut txn, "p2", entry);
        }
        assert_eq!(
            b.participant("p2").unwrap().color.as_str(),
            crate::CssColor::FALLBACK
        );
        b.set_participant("Anna", "#2B6CB0").unwrap();
        assert_eq!(b.participant("p1").unwrap().color.as_str(), "#2b6cb0");
    }
}
