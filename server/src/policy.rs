//! [`WritePolicy`]: the one place that decides whether a connection may apply a document
//! update. Today only the role counts (viewers never write); the voting issue will look
//! at which keys an update touches (e.g. only one's own ballot) behind the same trait.

use yrs::Update;

use crate::auth::Role;

/// Why an update was refused (logged; the update is dropped, the connection stays).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

/// Decides about each decoded document update before the board applies it.
pub trait WritePolicy: Send + Sync + 'static {
    /// `Ok` to apply `update` from a connection with `role`; `Err` to drop it.
    fn check(&self, role: Role, update: &Update) -> Result<(), Refusal>;
}

/// Today's policy: viewers (projector links) may not change the document; facilitators
/// and participants may change anything.
#[derive(Debug, Default, Clone, Copy)]
pub struct RolePolicy;

impl WritePolicy for RolePolicy {
    fn check(&self, role: Role, _update: &Update) -> Result<(), Refusal> {
        match role {
            Role::Viewer => Err(Refusal("viewers cannot change the board".into())),
            Role::Facilitator | Role::Participant => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_viewers_are_refused() {
        let update = Update::new();
        assert!(RolePolicy.check(Role::Viewer, &update).is_err());
        assert!(RolePolicy.check(Role::Participant, &update).is_ok());
        assert!(RolePolicy.check(Role::Facilitator, &update).is_ok());
    }
}
