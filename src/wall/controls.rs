//! Which of the toolbar's controls a device shows, from the role it holds on the board.
//! Participants see no control for what they may not do, and nobody can copy a board that
//! is already shared: only a board kept in this browser alone is published to the server.

use board::Role;

/// How the toolbar offers to share the board.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sharing {
    /// A board only in this browser (no token): "Teilen" puts it on the server.
    Publish,
    /// A board on the server, for a holder of its facilitator token: the invitation links.
    Invite,
    /// Nothing to share from this device.
    Hidden,
}

/// The toolbar controls that depend on the device's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Controls {
    /// Publish, invite, or neither.
    pub sharing: Sharing,
    /// "Datei": save the board as a file or read one into it.
    pub file: bool,
    /// "Projektor": turn this screen into the projector view.
    pub projector: bool,
}

impl Controls {
    /// The controls for `role`; `None` is a board kept only in this browser, run by its owner.
    pub fn for_role(role: Option<Role>) -> Controls {
        let runs_it = matches!(role, None | Some(Role::Facilitator));
        let sharing = match role {
            None => Sharing::Publish,
            Some(Role::Facilitator) => Sharing::Invite,
            Some(Role::Participant | Role::Viewer) => Sharing::Hidden,
        };
        Controls {
            sharing,
            file: runs_it,
            projector: runs_it,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_board_in_this_browser_alone_is_published() {
        assert_eq!(Controls::for_role(None).sharing, Sharing::Publish);
        for role in [Role::Facilitator, Role::Participant, Role::Viewer] {
            assert_ne!(
                Controls::for_role(Some(role)).sharing,
                Sharing::Publish,
                "{role:?}"
            );
        }
    }

    #[test]
    fn every_facilitator_gets_the_invitations() {
        assert_eq!(
            Controls::for_role(Some(Role::Facilitator)),
            Controls {
                sharing: Sharing::Invite,
                file: true,
                projector: true
            }
        );
        assert!(Controls::for_role(None).file && Controls::for_role(None).projector);
    }

    #[test]
    fn participants_and_projectors_see_no_facilitator_controls() {
        for role in [Role::Participant, Role::Viewer] {
            assert_eq!(
                Controls::for_role(Some(role)),
                Controls {
                    sharing: Sharing::Hidden,
                    file: false,
                    projector: false
                },
                "{role:?}"
            );
        }
    }
}
