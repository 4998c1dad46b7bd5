//! What a board's access tokens grant, read from their prefix, and which of two tokens a
//! device keeps when it opens an invitation link: never the weaker one.

/// What a token lets its holder do on a board, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Runs the workshop: everything, and hands out links.
    Facilitator,
    /// Takes part: edits the wall.
    Participant,
    /// The projector: sees everything, changes nothing.
    Viewer,
}

impl Role {
    /// The role a token grants, from its prefix (`{role}.{signature}`, see docs/API.md); the
    /// server checks the signature. An unknown prefix reads as a participant.
    pub fn of_token(token: &str) -> Role {
        match token.split('.').next() {
            Some("facilitator") => Role::Facilitator,
            Some("viewer") => Role::Viewer,
            _ => Role::Participant,
        }
    }

    /// Higher is stronger: facilitator > participant > viewer.
    fn rank(self) -> u8 {
        match self {
            Role::Facilitator => 2,
            Role::Participant => 1,
            Role::Viewer => 0,
        }
    }
}

/// What to do with the token of a link this device opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenChoice {
    /// Store the link's token (none held yet, or the link grants as much or more).
    Take,
    /// Keep the token held: it grants `held`, more than the link's `offered`.
    Keep {
        /// The role this device keeps.
        held: Role,
        /// The weaker role the link would have given.
        offered: Role,
    },
}

/// Chooses between the token a device holds for a board and the one a link brings: the link
/// never downgrades the device; an equal role takes the link's (it may be newer).
pub fn choose_token(held: Option<&str>, offered: &str) -> TokenChoice {
    let offered = Role::of_token(offered);
    match held.map(Role::of_token) {
        Some(held) if held.rank() > offered.rank() => TokenChoice::Keep { held, offered },
        _ => TokenChoice::Take,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_come_from_the_token_prefix() {
        assert_eq!(Role::of_token("facilitator.abc"), Role::Facilitator);
        assert_eq!(Role::of_token("viewer.abc"), Role::Viewer);
        assert_eq!(Role::of_token("participant.abc"), Role::Participant);
        assert_eq!(Role::of_token("garbage"), Role::Participant);
        assert_eq!(Role::of_token(""), Role::Participant);
    }

    #[test]
    fn a_weaker_link_never_replaces_a_stronger_token() {
        let keep = |held, offered| TokenChoice::Keep { held, offered };
        assert_eq!(
            choose_token(Some("facilitator.F"), "participant.P"),
            keep(Role::Facilitator, Role::Participant)
        );
        assert_eq!(
            choose_token(Some("facilitator.F"), "viewer.V"),
            keep(Role::Facilitator, Role::Viewer)
        );
        assert_eq!(
            choose_token(Some("participant.P"), "viewer.V"),
            keep(Role::Participant, Role::Viewer)
        );
    }

    #[test]
    fn a_first_equal_or_stronger_link_is_taken() {
        assert_eq!(choose_token(None, "participant.P"), TokenChoice::Take);
        assert_eq!(choose_token(None, "viewer.V"), TokenChoice::Take);
        assert_eq!(
            choose_token(Some("participant.P"), "facilitator.F"),
            TokenChoice::Take
        );
        assert_eq!(
            choose_token(Some("viewer.V"), "participant.P"),
            TokenChoice::Take
        );
        assert_eq!(
            choose_token(Some("participant.old"), "participant.new"),
            TokenChoice::Take
        );
        assert_eq!(
            choose_token(Some("facilitator.old"), "facilitator.new"),
            TokenChoice::Take
        );
    }
}
