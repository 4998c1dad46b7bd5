//! What the projector shows beside the wall, as the facilitator decides it: the join panel
//! (QR code and join code), a flag in `flow` so every projector follows it. Not undoable.

use yrs::Transact;

use crate::board::Board;
use crate::error::BoardError;
use crate::read;
use crate::schema::flow;

impl Board {
    /// Whether the projector shows the join panel.
    pub fn join_panel(&self) -> bool {
        read::boolean(&self.doc.transact(), &self.roots.flow, flow::JOIN_PANEL).unwrap_or(false)
    }

    /// Shows or hides the join panel on the projector (a facilitator's operation).
    pub fn set_join_panel(&mut self, shown: bool) -> Result<(), BoardError> {
        if !self.facilitator {
            return Err(BoardError::FacilitatorOnly);
        }
        let flow_map = self.roots.flow.clone();
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        yrs::Map::insert(&flow_map, &mut txn, flow::JOIN_PANEL, shown);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::board::testing::board;
    use crate::BoardError;

    #[test]
    fn the_facilitator_shows_and_hides_the_join_panel_and_undo_leaves_it() {
        let mut b = board();
        assert!(!b.join_panel(), "hidden until the facilitator shows it");
        assert_eq!(b.set_join_panel(true), Err(BoardError::FacilitatorOnly));
        b.set_facilitator(true);
        b.set_join_panel(true).unwrap();
        assert!(b.join_panel());
        assert!(!b.can_undo(), "the flow is not part of undo");
        b.set_join_panel(false).unwrap();
        assert!(!b.join_panel());
    }

    #[test]
    fn another_device_sees_the_join_panel() {
        let mut a = board();
        a.set_facilitator(true);
        a.set_join_panel(true).unwrap();
        let mut b = crate::Board::joined(crate::board::testing::env());
        b.apply_update_v2(&a.snapshot()).unwrap();
        assert!(b.join_panel());
    }
}
