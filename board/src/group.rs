//! Working groups after the vote: one per chosen field, plus free groups such as "process
//! steering". Facilitators define the groups; each participant writes only its own
//! membership (self-selection, with an optional cap), or the facilitator counts everyone off
//! at random. Outside the undo scope, like rounds.

use yrs::{Any, Map, MapPrelim, MapRef, Out, Transact};

use crate::board::{clean_title, Board};
use crate::error::BoardError;
use crate::ids::{new_id, ClusterId, ParticipantId};
use crate::read;
use crate::schema::{group as key, membership};

/// Id of a working group: a key of `groups`.
pub type GroupId = String;

/// A working group as read from the document.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupView {
    /// Key in `groups`.
    pub id: GroupId,
    /// Its name ("Bildung / Sprache", "Prozesssteuerung").
    pub title: String,
    /// The field it works on, if any (and if that cluster still exists).
    pub field: Option<ClusterId>,
    /// Most members when people choose themselves; `None` for no limit.
    pub cap: Option<u32>,
    /// Its members, in the order they joined (then by id).
    pub members: Vec<ParticipantId>,
    /// Creation time.
    pub created: f64,
}

impl GroupView {
    /// Whether a participant choosing now would find the group full.
    pub fn is_full(&self) -> bool {
        self.cap
            .is_some_and(|cap| self.members.len() >= cap as usize)
    }
}

impl Board {
    /// Adds a working group, optionally for a field and with a cap on self-selection.
    pub fn add_group(
        &mut self,
        title: &str,
        field: Option<&str>,
        cap: Option<u32>,
    ) -> Result<GroupId, BoardError> {
        let title = clean_title(title)?;
        if let Some(f) = field {
            if self.cluster(f).is_none() {
                return Err(BoardError::UnknownCluster(f.to_owned()));
            }
        }
        let now = self.now();
        let groups = self.roots.groups.clone();
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        let mut id = new_id();
        while groups.contains_key(&txn, &id) {
            id = new_id();
        }
        let mut fields = vec![
            (key::TITLE, Any::from(title)),
            (key::CREATED, Any::from(now)),
        ];
        if let Some(f) = field {
            fields.push((key::FIELD, Any::from(f)));
        }
        if let Some(cap) = cap.filter(|c| *c > 0) {
            fields.push((key::CAP, Any::from(f64::from(cap))));
        }
        groups.insert(
            &mut txn,
            id.as_str(),
            fields.into_iter().collect::<MapPrelim>(),
        );
        Ok(id)
    }

    /// Renames a group and sets its cap (`None` or 0: no limit).
    pub fn update_group(
        &mut self,
        id: &str,
        title: &str,
        cap: Option<u32>,
    ) -> Result<(), BoardError> {
        let title = clean_title(title)?;
        let map = self.group_map(id)?;
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        read::set_string(&mut txn, &map, key::TITLE, title);
        match cap.filter(|c| *c > 0) {
            Some(cap) => read::set_number(&mut txn, &map, key::CAP, f64::from(cap)),
            None => read::remove(&mut txn, &map, key::CAP),
        }
        Ok(())
    }

    /// Deletes a group; its members are in no group afterwards.
    pub fn delete_group(&mut self, id: &str) -> Result<(), BoardError> {
        self.group_map(id)?;
        let members: Vec<String> = self.group(id).map(|g| g.members).unwrap_or_default();
        let (groups, memberships) = (self.roots.groups.clone(), self.roots.memberships.clone());
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        for m in members {
            memberships.remove(&mut txn, &m);
        }
        groups.remove(&mut txn, id);
        Ok(())
    }

    /// Puts this participant into a group (leaving any other). Refused when the group is full.
    pub fn join_group(&mut self, id: &str) -> Result<(), BoardError> {
        let me = self.author().to_owned();
        if me.is_empty() {
            return Err(BoardError::NoIdentity);
        }
        let group = self
            .group(id)
            .ok_or_else(|| BoardError::UnknownGroup(id.to_owned()))?;
        if group.members.contains(&me) {
            return Ok(());
        }
        if group.is_full() {
            return Err(BoardError::GroupFull);
        }
        self.set_membership(&me, Some(id));
        Ok(())
    }

    /// Takes this participant out of its group.
    pub fn leave_group(&mut self) {
        let me = self.author().to_owned();
        self.set_membership(&me, None);
    }

    /// Counts everyone off into the groups at random ("eins, zwei, drei, vier …"): shuffled,
    /// then dealt in turn, so group sizes differ by at most one. Caps do not apply (the
    /// facilitator decides). `shuffle` gets the list to reorder (random in the app, fixed in
    /// tests).
    pub fn count_off(
        &mut self,
        people: &[ParticipantId],
        groups: &[GroupId],
        shuffle: impl FnOnce(&mut Vec<ParticipantId>),
    ) -> Result<(), BoardError> {
        if groups.is_empty() {
            return Err(BoardError::UnknownGroup(String::new()));
        }
        for g in groups {
            self.group_map(g)?;
        }
        let mut people = people.to_vec();
        crate::sort::sort(&mut people);
        people.dedup();
        shuffle(&mut people);
        for (i, person) in people.iter().enumerate() {
            self.set_membership(person, Some(&groups[i % groups.len()]));
        }
        Ok(())
    }

    /// Writes (or removes) one participant's membership.
    fn set_membership(&mut self, person: &str, group: Option<&str>) {
        let now = self.now();
        let memberships = self.roots.memberships.clone();
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        match group {
            Some(g) => {
                let entry = MapPrelim::from([
                    (membership::GROUP, Any::from(g)),
                    (membership::JOINED, Any::from(now)),
                ]);
                memberships.insert(&mut txn, person, entry);
            }
            None => read::remove(&mut txn, &memberships, person),
        }
    }

    /// One group.
    pub fn group(&self, id: &str) -> Option<GroupView> {
        self.groups().into_iter().find(|g| g.id == id)
    }

    /// Every group, oldest first, with its members.
    pub fn groups(&self) -> Vec<GroupView> {
        let txn = self.doc.transact();
        let mut joined: Vec<(String, String, f64)> = self
            .roots
            .memberships
            .iter(&txn)
            .filter_map(|(person, v)| match v {
                Out::YMap(m) => Some((
                    person.to_owned(),
                    read::string(&txn, &m, membership::GROUP)?,
                    read::number(&txn, &m, membership::JOINED).unwrap_or(0.0),
                )),
                _ => None,
            })
            .collect();
        crate::sort::sort_by(&mut joined, |a, b| {
            a.2.total_cmp(&b.2).then_with(|| a.0.cmp(&b.0))
        });
        let mut out: Vec<GroupView> = self
            .roots
            .groups
            .iter(&txn)
            .filter_map(|(id, v)| match v {
                Out::YMap(m) => Some(GroupView {
                    id: id.to_owned(),
                    title: read::string(&txn, &m, key::TITLE).unwrap_or_default(),
                    field: read::string(&txn, &m, key::FIELD)
                        .filter(|f| read::map(&txn, &self.roots.clusters, f).is_some()),
                    cap: read::number(&txn, &m, key::CAP)
                        .filter(|c| *c >= 1.0)
                        .map(|c| c.min(10_000.0) as u32),
                    members: joined
                        .iter()
                        .filter(|j| j.1 == id)
                        .map(|j| j.0.clone())
                        .collect(),
                    created: read::number(&txn, &m, key::CREATED).unwrap_or(0.0),
                }),
                _ => None,
            })
            .collect();
        crate::sort::sort_by(&mut out, |a, b| {
            a.created
                .total_cmp(&b.created)
                .then_with(|| a.id.cmp(&b.id))
        });
        out
    }

    /// The group this participant is in.
    pub fn my_group(&self) -> Option<GroupView> {
        let me = self.author();
        self.groups()
            .into_iter()
            .find(|g| g.members.iter().any(|m| m == me))
    }

    fn group_map(&self, id: &str) -> Result<MapRef, BoardError> {
        read::map(&self.doc.transact(), &self.roots.groups, id)
            .ok_or_else(|| BoardError::UnknownGroup(id.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use crate::board::testing::board;
    use crate::error::BoardError;

    #[test]
    fn people_choose_a_group_until_it_is_full() {
        let mut b = board();
        let field = b.add_cluster("Bildung / Sprache", 0.0, 0.0).unwrap();
        let g = b
            .add_group("Bildung / Sprache", Some(&field), Some(2))
            .unwrap();
        let steering = b.add_group("Prozesssteuerung", None, None).unwrap();
        for p in ["p1", "p2"] {
            b.set_author(p.into());
            b.join_group(&g).unwrap();
        }
        b.set_author("p3".into());
        assert_eq!(b.join_group(&g), Err(BoardError::GroupFull));
        b.join_group(&steering).unwrap();
        assert_eq!(b.my_group().unwrap().id, steering);
        b.set_author("p1".into());
        b.join_group(&steering).unwrap();
        let groups = b.groups();
        assert_eq!(groups[0].members, vec!["p2".to_string()]);
        assert_eq!(groups[1].members, vec!["p3".to_string(), "p1".to_string()]);
        assert_eq!(groups[0].field.as_deref(), Some(field.as_str()));
        b.leave_group();
        assert!(b.my_group().is_none());
    }

    #[test]
    fn counting_off_deals_everyone_into_even_groups() {
        let mut b = board();
        let groups: Vec<String> = ["A", "B", "C"]
            .iter()
            .map(|t| b.add_group(t, None, Some(1)).unwrap())
            .collect();
        let people: Vec<String> = (0..10).map(|i| format!("p{i}")).collect();
        b.count_off(&people, &groups, |v| v.reverse()).unwrap();
        let sizes: Vec<usize> = b.groups().iter().map(|g| g.members.len()).collect();
        assert_eq!(
            sizes,
            vec![4, 3, 3],
            "caps do not apply when the facilitator counts off"
        );
        b.delete_group(&groups[0]).unwrap();
        assert_eq!(b.groups().len(), 2);
        b.set_author("p9".into());
        assert!(b.my_group().is_none() || b.my_group().unwrap().id != groups[0]);
    }
}
