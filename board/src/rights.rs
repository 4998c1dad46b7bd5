//! What the facilitator lets participants do on a board ([`Rights`], stored as flags in
//! `meta`): move cards, create and change fields, edit or delete other people's cards. The
//! board refuses what a participant may not do; the server refuses it all the same.

use yrs::{Map, ReadTxn, Transact};

use crate::board::Board;
use crate::error::BoardError;
use crate::read;
use crate::schema::{card as card_key, meta, META};

/// One right the facilitator grants or withholds; named in [`BoardError::NotAllowed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Right {
    /// Moving cards (`x`, `y`, `cluster`, `order`).
    MoveCards,
    /// Creating, renaming, recolouring, moving and deleting fields (clusters).
    Fields,
    /// Editing, recolouring and deleting cards someone else wrote.
    EditOthers,
}

/// The participants' rights on one board. Absent flags read as the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rights {
    /// Participants may move cards (default: yes).
    pub move_cards: bool,
    /// Participants may create and change fields (default: yes, as the app always allowed).
    pub fields: bool,
    /// Participants may edit and delete cards they did not write (default: no).
    pub edit_others: bool,
}

impl Default for Rights {
    fn default() -> Self {
        Rights {
            move_cards: true,
            fields: true,
            edit_others: false,
        }
    }
}

impl Rights {
    /// Whether this right is granted.
    pub fn allows(&self, right: Right) -> bool {
        match right {
            Right::MoveCards => self.move_cards,
            Right::Fields => self.fields,
            Right::EditOthers => self.edit_others,
        }
    }
}

/// The rights as the document holds them, in any transaction (the server reads them too).
pub fn read_rights<T: ReadTxn>(txn: &T) -> Rights {
    let Some(m) = txn.get_map(META) else {
        return Rights::default();
    };
    let d = Rights::default();
    Rights {
        move_cards: read::boolean(txn, &m, meta::MOVE_CARDS).unwrap_or(d.move_cards),
        fields: read::boolean(txn, &m, meta::FIELDS).unwrap_or(d.fields),
        edit_others: read::boolean(txn, &m, meta::EDIT_OTHERS).unwrap_or(d.edit_others),
    }
}

/// Whether a card by `author` is `me`'s own: an empty author or an empty id owns nothing.
pub fn owns(author: &str, me: &str) -> bool {
    !author.is_empty() && author == me
}

impl Board {
    /// The participants' rights on this board.
    pub fn rights(&self) -> Rights {
        read_rights(&self.doc.transact())
    }

    /// Sets the participants' rights (a facilitator's operation).
    pub fn set_rights(&mut self, rights: Rights) -> Result<(), BoardError> {
        if !self.facilitator {
            return Err(BoardError::FacilitatorOnly);
        }
        self.step(|txn, r| {
            r.meta.insert(txn, meta::MOVE_CARDS, rights.move_cards);
            r.meta.insert(txn, meta::FIELDS, rights.fields);
            r.meta.insert(txn, meta::EDIT_OTHERS, rights.edit_others);
        });
        Ok(())
    }

    /// Whether this board's user may do what `right` covers (a facilitator always may).
    pub fn may(&self, right: Right) -> bool {
        self.facilitator || self.rights().allows(right)
    }

    /// Whether this board's user may edit, recolour or delete the card: a facilitator, the
    /// card's author, or anyone if the facilitator allows editing others' cards.
    pub fn may_edit_card(&self, id: &str) -> bool {
        if self.may(Right::EditOthers) {
            return true;
        }
        let txn = self.doc.transact();
        let author = read::map(&txn, &self.roots.cards, id)
            .and_then(|card| read::string(&txn, &card, card_key::AUTHOR))
            .unwrap_or_default();
        owns(&author, &self.author)
    }

    /// Refuses what `right` covers unless this board's user may do it.
    pub(crate) fn guard_right(&self, right: Right) -> Result<(), BoardError> {
        if self.may(right) {
            Ok(())
        } else {
            Err(BoardError::NotAllowed(right))
        }
    }

    /// Refuses editing or deleting a card this board's user may not edit.
    pub(crate) fn guard_edit_card(&self, id: &str) -> Result<(), BoardError> {
        let exists = read::map(&self.doc.transact(), &self.roots.cards, id).is_some();
        if !exists || self.may_edit_card(id) {
            Ok(())
        } else {
            Err(BoardError::NotAllowed(Right::EditOthers))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::testing::board;
    use crate::card::{CardColor, NewCard};

    /// A facilitator's board with one card by `p-fac` and one by `p-anna`, then handed to
    /// participant `p-anna` (a second device with the same document).
    fn setup(rights: Rights) -> (crate::Board, String, String) {
        let mut b = board();
        b.set_facilitator(true);
        b.set_rights(rights).unwrap();
        b.set_author("p-fac".into());
        let theirs = b.add_card(NewCard::new("Moderation", 0.0, 0.0)).unwrap();
        b.set_author("p-anna".into());
        let mine = b.add_card(NewCard::new("Meins", 0.0, 200.0)).unwrap();
        b.set_facilitator(false);
        (b, theirs, mine)
    }

    #[test]
    fn defaults_own_cards_only_moving_and_fields_allowed() {
        let (mut b, theirs, mine) = setup(Rights::default());
        assert_eq!(b.rights(), Rights::default());
        assert!(
            !b.may_edit_card(&theirs),
            "the facilitator's card is not the participant's"
        );
        assert!(b.may_edit_card(&mine));
        assert_eq!(
            b.set_card_text(&theirs, "x"),
            Err(BoardError::NotAllowed(Right::EditOthers))
        );
        assert_eq!(
            b.set_card_color(&theirs, CardColor::Blue),
            Err(BoardError::NotAllowed(Right::EditOthers))
        );
        assert_eq!(
            b.delete_card(&theirs),
            Err(BoardError::NotAllowed(Right::EditOthers))
        );
        b.set_card_text(&mine, "Meins!").unwrap();
        b.set_card_color(&mine, CardColor::Blue).unwrap();
        b.place_card(&theirs, 50.0, 50.0).unwrap();
        let field = b.add_cluster("Bildung", 400.0, 0.0).unwrap();
        b.put_card_in_cluster(&theirs, &field, 0).unwrap();
        b.delete_card(&mine).unwrap();
        assert_eq!(
            b.card(&theirs).map(|c| c.text),
            Some("Moderation".to_owned())
        );
    }

    #[test]
    fn withheld_rights_are_refused_and_granted_ones_allowed() {
        let (mut b, theirs, mine) = setup(Rights {
            move_cards: false,
            fields: false,
            edit_others: true,
        });
        assert!(!b.may(Right::MoveCards) && !b.may(Right::Fields) && b.may(Right::EditOthers));
        assert_eq!(
            b.place_card(&mine, 9.0, 9.0),
            Err(BoardError::NotAllowed(Right::MoveCards))
        );
        assert_eq!(
            b.add_cluster("Neu", 0.0, 0.0),
            Err(BoardError::NotAllowed(Right::Fields))
        );
        b.set_card_text(&theirs, "geändert").unwrap();
        b.delete_card(&theirs).unwrap();
        // Writing cards stays allowed.
        b.add_card(NewCard::new("Noch eine", 0.0, 400.0)).unwrap();
        assert_eq!(
            b.set_rights(Rights::default()),
            Err(BoardError::FacilitatorOnly)
        );
    }

    #[test]
    fn the_facilitator_is_never_limited() {
        let (mut b, theirs, mine) = setup(Rights {
            move_cards: false,
            fields: false,
            edit_others: false,
        });
        b.set_facilitator(true);
        b.place_card(&mine, 9.0, 9.0).unwrap();
        let field = b.add_cluster("Neu", 0.0, 0.0).unwrap();
        b.rename_cluster(&field, "Neuer").unwrap();
        b.set_card_text(&mine, "x").unwrap();
        b.delete_card(&theirs).unwrap();
    }

    #[test]
    fn fields_off_refuses_every_field_change() {
        let mut b = board();
        b.set_facilitator(true);
        let field = b.add_cluster("Bildung", 0.0, 0.0).unwrap();
        b.set_rights(Rights {
            fields: false,
            ..Rights::default()
        })
        .unwrap();
        b.set_facilitator(false);
        let no = Err(BoardError::NotAllowed(Right::Fields));
        assert_eq!(b.rename_cluster(&field, "X"), no);
        assert_eq!(b.move_cluster(&field, 1.0, 1.0), no);
        assert_eq!(b.set_cluster_color(&field, CardColor::Blue), no);
        assert_eq!(b.delete_cluster(&field), no);
    }

    #[test]
    fn owning_needs_a_matching_non_empty_id() {
        assert!(owns("p1", "p1"));
        assert!(!owns("", ""));
        assert!(!owns("p1", ""));
        assert!(!owns("p1", "p2"));
    }
}
