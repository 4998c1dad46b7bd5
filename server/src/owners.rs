//! [`Owners`]: which writer each document client id belongs to, and how much each writer has
//! written. A Yjs update says under which client id its blocks were made, and nothing stops
//! a client from writing under somebody else's: writing an offline participant's next clocks
//! would make the server skip that participant's real edits as duplicates when they
//! reconnect, and still acknowledge them. So each client id is bound to the first writer
//! (its [`Principal`]) that used it, the binding is stored with the board, and a participant
//! writing under another writer's id has those blocks dropped.

use std::collections::HashMap;

use protocol::UpdateShape;

use crate::auth::Role;
use crate::policy::Writer;

/// Who owns a client id: a writer as the server can tell writers apart.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Principal {
    /// Any facilitator connection (co-facilitators share the role and the board).
    Facilitator,
    /// A participant that presented its key: its participant id.
    Participant(String),
    /// Participants without a key (stock Yjs clients): the server cannot tell them apart.
    Anonymous,
}

impl Principal {
    /// The principal of a writer; `None` for viewers, who write nothing.
    pub fn of(writer: &Writer) -> Option<Principal> {
        match (writer.role, &writer.key) {
            (Role::Facilitator, _) => Some(Principal::Facilitator),
            (Role::Participant, Some(key)) => Some(Principal::Participant(key.id())),
            (Role::Participant, None) => Some(Principal::Anonymous),
            (Role::Viewer, _) => None,
        }
    }

    /// As stored: `f`, `a` or `p:{participant id}`.
    pub fn encode(&self) -> String {
        match self {
            Principal::Facilitator => "f".into(),
            Principal::Anonymous => "a".into(),
            Principal::Participant(id) => format!("p:{id}"),
        }
    }

    /// The inverse of [`Principal::encode`].
    pub fn decode(s: &str) -> Option<Principal> {
        match s {
            "f" => Some(Principal::Facilitator),
            "a" => Some(Principal::Anonymous),
            _ => s
                .strip_prefix("p:")
                .map(|id| Principal::Participant(id.to_owned())),
        }
    }

    /// Whether blocks under a client id owned by `owner` may come from this principal. The
    /// facilitator may relay anybody's (it is trusted with the whole board, and re-offers what
    /// it has after a server restart); everyone else only their own.
    fn may_write_for(&self, owner: &Principal) -> bool {
        *self == Principal::Facilitator || self == owner
    }
}

/// A board's client-id owners and what each writer wrote since the board was loaded.
#[derive(Debug, Default)]
pub struct Owners {
    by_client: HashMap<u64, Principal>,
    written: HashMap<Principal, usize>,
}

impl Owners {
    /// The owners as stored (rows that do not decode are skipped: the id is then unowned).
    pub fn load(rows: &[(u64, String)]) -> Owners {
        let by_client = rows
            .iter()
            .filter_map(|(client, owner)| Some((*client, Principal::decode(owner)?)))
            .collect();
        Owners {
            by_client,
            written: HashMap::new(),
        }
    }

    /// The client sections of `shape` that `who` may not write: owned by someone else.
    pub fn foreign(&self, who: &Principal, shape: &UpdateShape) -> Vec<u64> {
        let mut foreign: Vec<u64> = shape
            .sections
            .iter()
            .filter(|s| {
                self.by_client
                    .get(&s.client)
                    .is_some_and(|owner| !who.may_write_for(owner))
            })
            .map(|s| s.client)
            .collect();
        foreign.dedup();
        foreign
    }

    /// Binds the unowned client ids of `shape`'s sections (other than `except`) to `who`;
    /// returns the new bindings, to be stored.
    pub fn bind(
        &mut self,
        who: &Principal,
        shape: &UpdateShape,
        except: &[u64],
    ) -> Vec<(u64, String)> {
        let mut new = Vec::new();
        for section in &shape.sections {
            if except.contains(&section.client) || section.clocks.is_empty() {
                continue;
            }
            if let std::collections::hash_map::Entry::Vacant(slot) =
                self.by_client.entry(section.client)
            {
                slot.insert(who.clone());
                new.push((section.client, who.encode()));
            }
        }
        new
    }

    /// Takes bindings another node made and stored (relayed to this one); an id bound here
    /// already keeps its owner, as in the store, where the first binding stays.
    pub fn learn(&mut self, rows: &[(u64, String)]) {
        for (client, owner) in rows {
            if let Some(owner) = Principal::decode(owner) {
                self.by_client.entry(*client).or_insert(owner);
            }
        }
    }

    /// Bytes of updates accepted from `who` since the board was loaded.
    pub fn written(&self, who: &Principal) -> usize {
        self.written.get(who).copied().unwrap_or(0)
    }

    /// Counts `bytes` accepted from `who`.
    pub fn add_written(&mut self, who: &Principal, bytes: usize) {
        *self.written.entry(who.clone()).or_default() += bytes;
    }

    /// The owner of a client id, if bound.
    #[cfg(test)]
    pub fn owner(&self, client: u64) -> Option<&Principal> {
        self.by_client.get(&client)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::ClientSection;

    fn shape(clients: &[u64]) -> UpdateShape {
        UpdateShape {
            sections: clients
                .iter()
                .map(|&client| ClientSection {
                    client,
                    clocks: 0..1,
                    bytes: 0..0,
                })
                .collect(),
            ..UpdateShape::default()
        }
    }

    fn p(id: &str) -> Principal {
        Principal::Participant(id.into())
    }

    #[test]
    fn the_first_writer_owns_an_id_and_others_are_foreign_to_it() {
        let mut owners = Owners::default();
        assert_eq!(
            owners.bind(&p("anna"), &shape(&[1, 2]), &[2]),
            vec![(1, "p:anna".into())]
        );
        assert!(owners.bind(&p("mallory"), &shape(&[1]), &[]).is_empty());
        assert_eq!(owners.owner(1), Some(&p("anna")));
        assert_eq!(owners.foreign(&p("mallory"), &shape(&[1, 3])), vec![1]);
        assert_eq!(owners.foreign(&Principal::Anonymous, &shape(&[1])), vec![1]);
        assert!(owners.foreign(&p("anna"), &shape(&[1])).is_empty());
        // The facilitator may relay anybody's blocks; its own ids are nobody else's.
        assert!(owners
            .foreign(&Principal::Facilitator, &shape(&[1]))
            .is_empty());
        owners.bind(&Principal::Facilitator, &shape(&[7]), &[]);
        assert_eq!(owners.foreign(&p("anna"), &shape(&[7])), vec![7]);
    }

    #[test]
    fn bindings_survive_a_round_trip_through_the_store() {
        for who in [Principal::Facilitator, Principal::Anonymous, p("x-1")] {
            assert_eq!(Principal::decode(&who.encode()), Some(who));
        }
        let owners = Owners::load(&[(1, "p:anna".into()), (2, "??".into())]);
        assert_eq!(owners.owner(1), Some(&p("anna")));
        assert_eq!(owners.owner(2), None);
    }
}
