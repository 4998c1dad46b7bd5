//! [`Presence`]: the server's copy of a board's awareness states (who is here, what they
//! drag), with the semantics of y-protocols' `awareness.js`: per-client clocks, `null` to
//! remove, removal keeping the clock, and dropping states not renewed within a timeout.
//!
//! yrs has `yrs::sync::Awareness`, but without yrs' `sync` feature it is not `Send` (its
//! observers are plain boxed closures), and that feature would force `Send` closures on
//! the browser-side `board` crate. This is the small part the server needs.
//! Spec: <https://github.com/yjs/y-protocols/blob/master/awareness.js>

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use yrs::sync::awareness::{AwarenessUpdate, AwarenessUpdateEntry};
use yrs::ClientID;

/// JSON text of a removed state.
const NULL: &str = "null";

#[derive(Debug, Clone)]
struct Meta {
    clock: u32,
    last_updated: Instant,
    /// The state as JSON text; `None` once removed (the clock is kept, as in y-protocols).
    state: Option<Arc<str>>,
}

/// What an [`Presence::apply`] changed, by awareness client id.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// New states (and states that came back after a removal).
    pub set: Vec<ClientID>,
    /// States renewed or changed (renewals must be relayed too, or peers time them out).
    pub updated: Vec<ClientID>,
    /// States removed.
    pub removed: Vec<ClientID>,
}

impl Changes {
    /// Every client id in the change, for the relayed update.
    pub fn all(&self) -> Vec<ClientID> {
        let mut all = self.set.clone();
        all.extend(&self.updated);
        all.extend(&self.removed);
        all
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty() && self.updated.is_empty() && self.removed.is_empty()
    }
}

/// A board's awareness states.
#[derive(Debug, Default)]
pub struct Presence {
    clients: HashMap<ClientID, Meta>,
}

impl Presence {
    /// No states.
    pub fn new() -> Presence {
        Presence::default()
    }

    /// Applies an update from a client (y-protocols `applyAwarenessUpdate`).
    pub fn apply(&mut self, update: AwarenessUpdate, now: Instant) -> Changes {
        let mut changes = Changes::default();
        for (client, entry) in update.clients {
            if !self.is_newer(&client, &entry) {
                continue;
            }
            let state = (&*entry.json != NULL).then_some(entry.json);
            let known = self.clients.contains_key(&client);
            let previous = self.clients.insert(
                client,
                Meta {
                    clock: entry.clock,
                    last_updated: now,
                    state: state.clone(),
                },
            );
            match (&state, known) {
                (None, true) => changes.removed.push(client),
                (None, false) => {}
                (Some(_), false) => changes.set.push(client),
                (Some(_), true) if previous.is_some_and(|p| p.state.is_none()) => {
                    changes.set.push(client)
                }
                (Some(_), true) => changes.updated.push(client),
            }
        }
        changes
    }

    /// Whether `entry` would change the state of `client` (y-protocols: a newer clock, or a
    /// removal with the same clock). Echoes of known states are not.
    pub fn is_newer(&self, client: &ClientID, entry: &AwarenessUpdateEntry) -> bool {
        let current = self.clients.get(client);
        let current_clock = current.map_or(0, |m| m.clock);
        let has_state = current.is_some_and(|m| m.state.is_some());
        current_clock < entry.clock
            || (current_clock == entry.clock && &*entry.json == NULL && has_state)
    }

    /// Removes the states of `clients` (a connection left); the clocks stay, so the
    /// clients' next renewal is accepted. Returns the ids whose state was present.
    pub fn remove(&mut self, clients: impl IntoIterator<Item = ClientID>) -> Vec<ClientID> {
        self.remove_at(clients, Instant::now())
    }

    fn remove_at(
        &mut self,
        clients: impl IntoIterator<Item = ClientID>,
        now: Instant,
    ) -> Vec<ClientID> {
        let mut removed = Vec::new();
        for client in clients {
            if let Some(meta) = self.clients.get_mut(&client) {
                if meta.state.take().is_some() {
                    // The removal's clock is remembered for a timeout, then forgotten.
                    meta.last_updated = now;
                    removed.push(client);
                }
            }
        }
        removed
    }

    /// Removes states not renewed within `timeout` (y-protocols' outdated check), and
    /// forgets removals older than `timeout`: a client id that never comes back must not
    /// cost memory until the board unloads.
    pub fn sweep(&mut self, now: Instant, timeout: Duration) -> Vec<ClientID> {
        self.clients
            .retain(|_, m| m.state.is_some() || now.duration_since(m.last_updated) < timeout);
        let stale: Vec<ClientID> = self
            .clients
            .iter()
            .filter(|(_, m)| m.state.is_some() && now.duration_since(m.last_updated) >= timeout)
            .map(|(id, _)| *id)
            .collect();
        self.remove_at(stale, now)
    }

    /// Number of entries kept, removed ones included (what the board's limit counts).
    pub fn entries(&self) -> usize {
        self.clients.len()
    }

    /// Whether an entry (present or recently removed) exists for `client`.
    pub fn knows(&self, client: &ClientID) -> bool {
        self.clients.contains_key(client)
    }

    /// The encoded update for `clients` (removed ones as `null` with their clock).
    pub fn update_for(&self, clients: &[ClientID]) -> AwarenessUpdate {
        let clients = clients
            .iter()
            .filter_map(|id| {
                let meta = self.clients.get(id)?;
                let json = meta.state.clone().unwrap_or_else(|| NULL.into());
                Some((
                    *id,
                    AwarenessUpdateEntry {
                        clock: meta.clock,
                        json,
                    },
                ))
            })
            .collect();
        AwarenessUpdate { clients }
    }

    /// Every present state, for a client that joins or asks.
    pub fn current(&self) -> Option<AwarenessUpdate> {
        let present: Vec<ClientID> = self
            .clients
            .iter()
            .filter(|(_, m)| m.state.is_some())
            .map(|(id, _)| *id)
            .collect();
        (!present.is_empty()).then(|| self.update_for(&present))
    }

    /// Number of present states.
    pub fn len(&self) -> usize {
        self.clients.values().filter(|m| m.state.is_some()).count()
    }

    /// Whether no state is present.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Checks that every state in `update` is JSON, as stock clients `JSON.parse` it and would
/// fail on anything else.
pub fn check_json(update: &AwarenessUpdate) -> Result<(), String> {
    for (client, entry) in &update.clients {
        serde_json::from_str::<serde::de::IgnoredAny>(&entry.json)
            .map_err(|e| format!("awareness state of client {client} is not JSON: {e}"))?;
    }
    Ok(())
}

/// Checks that a state claims nothing its connection's role does not grant: only the
/// facilitator shows itself as facilitator and brings everyone to its view (`summon`), since
/// participants' apps follow whoever does.
pub fn check_claims(update: &AwarenessUpdate, facilitator: bool) -> Result<(), String> {
    if facilitator {
        return Ok(());
    }
    for (client, entry) in &update.clients {
        let Ok(state) = serde_json::from_str::<serde_json::Value>(&entry.json) else {
            continue;
        };
        let claims_role =
            state.pointer("/user/role").and_then(|r| r.as_str()) == Some("facilitator");
        let summons = state.pointer("/user/summon").is_some_and(|s| !s.is_null());
        if claims_role || summons {
            return Err(format!(
                "awareness state of client {client}: only the facilitator leads the room"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(entries: &[(u64, u32, &str)]) -> AwarenessUpdate {
        AwarenessUpdate {
            clients: entries
                .iter()
                .map(|&(c, clock, json)| {
                    (
                        ClientID::new(c),
                        AwarenessUpdateEntry {
                            clock,
                            json: json.into(),
                        },
                    )
                })
                .collect(),
        }
    }

    fn id(c: u64) -> ClientID {
        ClientID::new(c)
    }

    #[test]
    fn set_renew_change_remove() {
        let t0 = Instant::now();
        let mut p = Presence::new();
        let c = p.apply(update(&[(1, 1, r#"{"name":"A"}"#)]), t0);
        assert_eq!(c.set, vec![id(1)]);
        // An old clock is ignored; a renewal (same state, newer clock) is an update.
        assert!(p.apply(update(&[(1, 1, r#"{"name":"B"}"#)]), t0).is_empty());
        assert_eq!(
            p.apply(update(&[(1, 2, r#"{"name":"A"}"#)]), t0).updated,
            vec![id(1)]
        );
        // null with the same clock removes (what a leaving y-protocols client sends).
        assert_eq!(p.apply(update(&[(1, 2, "null")]), t0).removed, vec![id(1)]);
        assert!(p.is_empty());
        assert_eq!(
            p.apply(update(&[(1, 3, r#"{"name":"A"}"#)]), t0).set,
            vec![id(1)]
        );
        assert_eq!(p.len(), 1);
    }

    #[test]
    fn removal_keeps_the_clock_so_the_next_renewal_counts() {
        let t0 = Instant::now();
        let mut p = Presence::new();
        p.apply(update(&[(1, 5, "{}"), (2, 1, "{}")]), t0);
        assert_eq!(p.remove([id(1), id(9)]), vec![id(1)]);
        let sent = p.update_for(&[id(1)]);
        let entry = &sent.clients[&id(1)];
        assert_eq!((entry.clock, &*entry.json), (5, "null"));
        assert_eq!(p.apply(update(&[(1, 6, "{}")]), t0).set, vec![id(1)]);
    }

    #[test]
    fn sweep_drops_only_stale_states() {
        let t0 = Instant::now();
        let mut p = Presence::new();
        p.apply(update(&[(1, 1, "{}")]), t0);
        p.apply(update(&[(2, 1, "{}")]), t0 + Duration::from_secs(20));
        let removed = p.sweep(t0 + Duration::from_secs(30), Duration::from_secs(30));
        assert_eq!(removed, vec![id(1)]);
        assert_eq!(p.current().unwrap().clients.len(), 1);
    }

    #[test]
    fn removals_are_forgotten_after_the_timeout() {
        let t0 = Instant::now();
        let timeout = Duration::from_secs(30);
        let mut p = Presence::new();
        p.apply(update(&[(1, 1, "{}"), (2, 1, "null")]), t0);
        assert_eq!(
            p.entries(),
            2,
            "a removal of an unknown id is remembered too"
        );
        assert_eq!(
            p.remove_at([id(1)], t0 + Duration::from_secs(10)),
            vec![id(1)]
        );
        // Id 2's removal is older than the timeout; id 1's is not yet.
        p.sweep(t0 + Duration::from_secs(35), timeout);
        assert!(p.knows(&id(1)) && !p.knows(&id(2)));
        p.sweep(t0 + Duration::from_secs(41), timeout);
        assert_eq!(p.entries(), 0);
    }

    #[test]
    fn json_is_checked() {
        assert!(check_json(&update(&[(1, 1, r#"{"a":[1,2]}"#), (2, 1, "null")])).is_ok());
        assert!(check_json(&update(&[(1, 1, "{not json")])).is_err());
    }
}
