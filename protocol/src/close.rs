//! Websocket close codes the Kartenwand server sends (RFC 6455 §7.4 plus 4xxx for our own),
//! so the client can tell "reconnect later" from "this will never work". docs/API.md lists
//! them with the situations that lead to each.

/// Normal close (the client or the server is done).
pub const CLOSE_NORMAL: u16 = 1000;
/// The server is shutting down, or the connection stopped answering pings.
pub const CLOSE_GOING_AWAY: u16 = 1001;
/// A text message arrived; the protocol is binary only.
pub const CLOSE_UNSUPPORTED: u16 = 1003;
/// A frame that does not decode, an update that does not apply, or an invalid awareness
/// update. Only this connection is closed.
pub const CLOSE_MALFORMED: u16 = 1007;
/// Refused by policy: the document would exceed its maximum size, or the client read too
/// slowly and its outgoing queue overflowed ("too slow"). The reason text says which.
pub const CLOSE_POLICY: u16 = 1008;
/// A frame larger than the server's maximum frame size.
pub const CLOSE_TOO_BIG: u16 = 1009;
/// The server could not store an update (disk full, I/O error). Nothing unacknowledged is
/// lost on the client: reconnect later and the sync handshake resends it.
pub const CLOSE_INTERNAL: u16 = 1011;
/// The board was being unloaded just as this connection joined: reconnect right away.
pub const CLOSE_TRY_AGAIN: u16 = 1013;
/// The token is not valid for this board. The server upgrades, sends a "permission denied"
/// auth message, then closes with this code, because y-websocket clients retry a failed
/// upgrade forever but treat 4400–4499 as final.
pub const CLOSE_BAD_TOKEN: u16 = 4401;
/// An update wrote something this connection may not write (another participant's ballot,
/// a round, `meta`, a merge). The update was not relayed, stored or acknowledged. Final,
/// like every 44xx code: reconnecting would resend the same update.
pub const CLOSE_FORBIDDEN: u16 = 4403;
/// The board was deleted on the server (by its facilitator, or after the retention period).
/// Final, like every 44xx code: the link will never work again. Mirrors HTTP 410 Gone.
pub const CLOSE_BOARD_DELETED: u16 = 4410;
