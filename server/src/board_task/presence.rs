//! Awareness (presence) on a board: which connection owns which awareness client id, and
//! the limits on what a connection may announce. Part of [`BoardDoc`]'s sans-IO core.

use std::time::Instant;

use protocol::{Frame, CLOSE_FORBIDDEN, CLOSE_MALFORMED, CLOSE_POLICY};
use tracing::warn;
use yrs::sync::awareness::AwarenessUpdate;
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;

use super::doc::BoardDoc;
use super::turn::{Staged, Target};
use super::ConnId;
use crate::auth::Role;
use crate::awareness::{check_claims, check_json};

/// Most awareness client ids one connection may set (an app or stock client uses one).
const MAX_PRESENCE_PER_CONN: usize = 4;
/// Most awareness entries a board keeps (present states and recent removals).
const MAX_PRESENCE: usize = 1024;
/// Largest awareness state, as JSON text.
const MAX_PRESENCE_STATE: usize = 8 * 1024;

impl BoardDoc {
    /// Applies an awareness update from `conn` and stages its relay to the others.
    pub(super) fn awareness(&mut self, conn: ConnId, bytes: &[u8], staged: &mut Staged) {
        let mut update = match AwarenessUpdate::decode_v1(bytes) {
            Ok(update) => update,
            Err(e) => {
                let reason = format!("awareness update does not decode: {e}");
                return self.kick(conn, CLOSE_MALFORMED, &reason, staged);
            }
        };
        // A client id belongs to the connection that set it. Stock y-websocket clients relay
        // every state they receive, so others' entries are dropped, not refused; a device
        // that reconnected (same writer) takes its own over.
        update.clients.retain(|id, entry| {
            self.presence.is_newer(id, entry)
                && self
                    .presence_owners
                    .get(id)
                    .is_none_or(|&owner| owner == conn || self.same_writer(owner, conn))
        });
        if update.clients.is_empty() {
            return;
        }
        if let Some(entry) = update
            .clients
            .values()
            .find(|e| e.json.len() > MAX_PRESENCE_STATE)
        {
            let reason = format!(
                "presence state of {} bytes; at most {MAX_PRESENCE_STATE}",
                entry.json.len()
            );
            return self.kick(conn, CLOSE_POLICY, &reason, staged);
        }
        if let Err(reason) = check_json(&update) {
            return self.kick(conn, CLOSE_MALFORMED, &reason, staged);
        }
        let facilitator = self
            .conns
            .get(&conn)
            .is_some_and(|c| c.writer.role == Role::Facilitator);
        if let Err(reason) = check_claims(&update, facilitator) {
            return self.kick(conn, CLOSE_FORBIDDEN, &reason, staged);
        }
        let owned = self
            .presence_owners
            .values()
            .filter(|&&o| o == conn)
            .count();
        let new = update
            .clients
            .keys()
            .filter(|id| !self.presence_owners.contains_key(id))
            .count();
        if owned + new > MAX_PRESENCE_PER_CONN {
            let reason = format!("at most {MAX_PRESENCE_PER_CONN} presence states per connection");
            return self.kick(conn, CLOSE_POLICY, &reason, staged);
        }
        let unknown = update
            .clients
            .keys()
            .filter(|id| !self.presence.knows(id))
            .count();
        if unknown > 0 && self.presence.entries() + unknown > MAX_PRESENCE {
            // The board's presence is full: new faces wait for old entries to time out;
            // the document keeps syncing.
            warn!(
                conn,
                "awareness limit of the board reached; new states ignored"
            );
            let presence = &self.presence;
            update.clients.retain(|id, _| presence.knows(id));
        }
        let changes = self.presence.apply(update, Instant::now());
        if changes.is_empty() {
            return;
        }
        // The connection that last set a state owns it: after a reconnect the new socket
        // renews the state before the server notices the old one is dead.
        for id in changes.set.iter().chain(&changes.updated) {
            self.presence_owners.insert(*id, conn);
        }
        for id in &changes.removed {
            self.presence_owners.remove(id);
        }
        let relay = self.presence.update_for(&changes.all()).encode_v1();
        staged.presence_out.push(relay.clone());
        staged.send(Target::AllBut(conn), Frame::Awareness(relay));
    }

    /// Applies an awareness update relayed from another node (whose clients own its states)
    /// and stages it for this node's connections.
    pub(super) fn remote_awareness(&mut self, bytes: &[u8], staged: &mut Staged) {
        let Ok(mut update) = AwarenessUpdate::decode_v1(bytes) else {
            warn!("a relayed awareness update does not decode; dropped");
            return;
        };
        update
            .clients
            .retain(|id, entry| self.presence.is_newer(id, entry));
        let changes = self.presence.apply(update, Instant::now());
        if changes.is_empty() {
            return;
        }
        for id in &changes.removed {
            self.presence_owners.remove(id);
        }
        let relay = self.presence.update_for(&changes.all());
        staged.send(Target::All, Frame::Awareness(relay.encode_v1()));
    }

    /// Whether two connections are the same writer (a device that reconnected): the same
    /// role and participant key (facilitators are one writer). Connections without a key
    /// cannot be told apart, so they can take over each other's presence; nobody else can
    /// take over a facilitator's or a keyed participant's.
    fn same_writer(&self, a: ConnId, b: ConnId) -> bool {
        let (Some(a), Some(b)) = (self.conns.get(&a), self.conns.get(&b)) else {
            // The old connection is gone already.
            return true;
        };
        let (a, b) = (&a.writer, &b.writer);
        a.role == b.role
            && (a.role == Role::Facilitator
                || a.key.as_ref().map(|k| k.id()) == b.key.as_ref().map(|k| k.id()))
    }
}
