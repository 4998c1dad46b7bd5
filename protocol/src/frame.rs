//! [`Frame`]: one y-websocket binary message, decoded from and encoded to bytes. Framing
//! only: update payloads stay opaque bytes here (the receiver decodes and applies them);
//! state vectors and awareness updates are checked because they are small.

use yrs::encoding::read::{Cursor, Read};
use yrs::encoding::write::Write;
use yrs::sync::AwarenessUpdate;
use yrs::updates::decoder::Decode;
use yrs::StateVector;

use crate::ProtocolError;

/// Message type of document sync messages (y-protocols `messageSync`).
pub const MSG_SYNC: u64 = 0;
/// Message type of awareness updates (y-protocols `messageAwareness`).
pub const MSG_AWARENESS: u64 = 1;
/// Message type of auth messages (y-protocols `messageAuth`).
pub const MSG_AUTH: u64 = 2;
/// Message type of awareness queries (y-websocket `messageQueryAwareness`).
pub const MSG_QUERY_AWARENESS: u64 = 3;
/// Kartenwand: the state vector of what the server has durably stored for this board.
pub const MSG_STORED: u64 = 100;

/// Sync sub-type: a state vector, asking for what the sender lacks.
pub const SYNC_STEP1: u64 = 0;
/// Sync sub-type: the answer to a step 1, an update with what the asker lacks.
pub const SYNC_STEP2: u64 = 1;
/// Sync sub-type: an incremental update.
pub const SYNC_UPDATE: u64 = 2;

/// y-protocols `messagePermissionDenied`, the only auth sub-type.
const AUTH_PERMISSION_DENIED: u64 = 0;

/// One websocket binary message.
#[derive(Debug, Clone, PartialEq)]
pub enum Frame {
    /// Type 0/0: encoded (v1) state vector.
    SyncStep1(Vec<u8>),
    /// Type 0/1: update v1.
    SyncStep2(Vec<u8>),
    /// Type 0/2: update v1.
    Update(Vec<u8>),
    /// Type 1: encoded awareness update (as yrs `AwarenessUpdate::encode_v1`).
    Awareness(Vec<u8>),
    /// Type 2: permission denied + reason (y-websocket: varUint(2), varUint(0),
    /// varString(reason)).
    Auth(String),
    /// Type 3: asks the peer to send all awareness states it knows.
    QueryAwareness,
    /// Type 100: encoded (v1) state vector of what the server has durably stored for this
    /// board; stock clients ignore types they don't know.
    Stored(Vec<u8>),
}

impl Frame {
    /// Decodes one websocket binary message.
    ///
    /// Checks the framing, that state vectors ([`Frame::SyncStep1`], [`Frame::Stored`]) and
    /// awareness updates decode, and that nothing follows the message. Update payloads are
    /// not decoded here.
    pub fn decode(bytes: &[u8]) -> Result<Frame, ProtocolError> {
        if bytes.is_empty() {
            return Err(ProtocolError::Empty);
        }
        let mut cur = Cursor::new(bytes);
        let kind: u64 = cur
            .read_var()
            .map_err(|e| ProtocolError::malformed("message type", e))?;
        let frame = match kind {
            MSG_SYNC => {
                let sub: u64 = cur
                    .read_var()
                    .map_err(|e| ProtocolError::malformed("sync message type", e))?;
                let payload = read_payload(&mut cur, "sync payload")?;
                match sub {
                    SYNC_STEP1 => {
                        check_state_vector(payload)?;
                        Frame::SyncStep1(payload.to_vec())
                    }
                    SYNC_STEP2 => Frame::SyncStep2(payload.to_vec()),
                    SYNC_UPDATE => Frame::Update(payload.to_vec()),
                    other => {
                        return Err(ProtocolError::Malformed(format!(
                            "unknown sync message type {other}"
                        )))
                    }
                }
            }
            MSG_AWARENESS => {
                let payload = read_payload(&mut cur, "awareness payload")?;
                crate::shape::inspect_awareness(payload)
                    .map_err(|e| ProtocolError::malformed("awareness update", e))?;
                AwarenessUpdate::decode_v1(payload)
                    .map_err(|e| ProtocolError::malformed("awareness update", e))?;
                Frame::Awareness(payload.to_vec())
            }
            MSG_AUTH => {
                let sub: u64 = cur
                    .read_var()
                    .map_err(|e| ProtocolError::malformed("auth message type", e))?;
                if sub != AUTH_PERMISSION_DENIED {
                    return Err(ProtocolError::Malformed(format!(
                        "unknown auth message type {sub}"
                    )));
                }
                let reason = cur
                    .read_string()
                    .map_err(|e| ProtocolError::malformed("auth reason", e))?;
                Frame::Auth(reason.to_owned())
            }
            MSG_QUERY_AWARENESS => Frame::QueryAwareness,
            MSG_STORED => {
                let payload = read_payload(&mut cur, "stored state vector")?;
                check_state_vector(payload)?;
                Frame::Stored(payload.to_vec())
            }
            other => return Err(ProtocolError::UnknownType(other)),
        };
        if cur.has_content() {
            return Err(ProtocolError::TrailingBytes);
        }
        Ok(frame)
    }

    /// Encodes this frame as one websocket binary message.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.payload_len() + 8);
        match self {
            Frame::SyncStep1(sv) => sync(&mut out, SYNC_STEP1, sv),
            Frame::SyncStep2(update) => sync(&mut out, SYNC_STEP2, update),
            Frame::Update(update) => sync(&mut out, SYNC_UPDATE, update),
            Frame::Awareness(update) => {
                out.write_var(MSG_AWARENESS);
                out.write_buf(update);
            }
            Frame::Auth(reason) => {
                out.write_var(MSG_AUTH);
                out.write_var(AUTH_PERMISSION_DENIED);
                out.write_string(reason);
            }
            Frame::QueryAwareness => out.write_var(MSG_QUERY_AWARENESS),
            Frame::Stored(sv) => {
                out.write_var(MSG_STORED);
                out.write_buf(sv);
            }
        }
        out
    }

    fn payload_len(&self) -> usize {
        match self {
            Frame::SyncStep1(b)
            | Frame::SyncStep2(b)
            | Frame::Update(b)
            | Frame::Awareness(b)
            | Frame::Stored(b) => b.len(),
            Frame::Auth(s) => s.len(),
            Frame::QueryAwareness => 0,
        }
    }
}

fn sync(out: &mut Vec<u8>, sub: u64, payload: &[u8]) {
    out.write_var(MSG_SYNC);
    out.write_var(sub);
    out.write_buf(payload);
}

fn read_payload<'a>(cur: &mut Cursor<'a>, what: &str) -> Result<&'a [u8], ProtocolError> {
    // `Read::read_buf` borrows from the cursor; read the length and slice the buffer
    // ourselves so the payload keeps the input's lifetime.
    let len: u32 = cur
        .read_var()
        .map_err(|e| ProtocolError::malformed(what, e))?;
    let start = cur.next;
    let end = start
        .checked_add(len as usize)
        .filter(|&end| end <= cur.buf.len())
        .ok_or_else(|| {
            ProtocolError::Malformed(format!(
                "{what}: length {len} exceeds the {} remaining bytes",
                cur.buf.len() - start
            ))
        })?;
    cur.next = end;
    Ok(&cur.buf[start..end])
}

pub(crate) fn check_state_vector(bytes: &[u8]) -> Result<StateVector, ProtocolError> {
    // Counts first: yrs reserves room for as many entries as the vector declares.
    crate::shape::inspect_state_vector(bytes)
        .map_err(|e| ProtocolError::malformed("state vector", e))?;
    StateVector::decode_v1(bytes).map_err(|e| ProtocolError::malformed("state vector", e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::sync::{Awareness, Message, SyncMessage};
    use yrs::updates::encoder::Encode;
    use yrs::{Doc, GetString, ReadTxn, Text, Transact, Update};

    fn text_doc(client: u64, s: &str) -> Doc {
        let doc = Doc::with_client_id(client);
        let text = doc.get_or_insert_text("t");
        text.push(&mut doc.transact_mut(), s);
        doc
    }

    fn samples() -> Vec<Frame> {
        let doc = text_doc(7, "hallo");
        let sv = doc.transact().state_vector().encode_v1();
        let update = doc
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        let mut awareness = Awareness::new(doc);
        awareness.set_local_state_raw(r##"{"user":{"name":"Anna","color":"#ffcc00"}}"##);
        let aw = awareness.update().unwrap().encode_v1();
        vec![
            Frame::SyncStep1(sv.clone()),
            Frame::SyncStep1(StateVector::default().encode_v1()),
            Frame::SyncStep2(update.clone()),
            Frame::SyncStep2(Update::EMPTY_V1.to_vec()),
            Frame::Update(update),
            Frame::Awareness(aw),
            Frame::Auth("Kein Zugang / no access".into()),
            Frame::Auth(String::new()),
            Frame::QueryAwareness,
            Frame::Stored(sv),
            Frame::Stored(StateVector::default().encode_v1()),
        ]
    }

    #[test]
    fn every_variant_round_trips() {
        for frame in samples() {
            let bytes = frame.encode();
            assert_eq!(Frame::decode(&bytes), Ok(frame.clone()), "{bytes:?}");
        }
    }

    #[test]
    fn matches_yrs_sync_message_encoding() {
        // What yrs' own y-sync implementation (byte-compatible with y-protocols) writes.
        for frame in samples() {
            let expected = match &frame {
                Frame::SyncStep1(sv) => Some(Message::Sync(SyncMessage::SyncStep1(
                    StateVector::decode_v1(sv).unwrap(),
                ))),
                Frame::SyncStep2(u) => Some(Message::Sync(SyncMessage::SyncStep2(u.clone()))),
                Frame::Update(u) => Some(Message::Sync(SyncMessage::Update(u.clone()))),
                Frame::Awareness(a) => {
                    Some(Message::Awareness(AwarenessUpdate::decode_v1(a).unwrap()))
                }
                Frame::Auth(r) => Some(Message::Auth(Some(r.clone()))),
                Frame::QueryAwareness => Some(Message::AwarenessQuery),
                Frame::Stored(_) => None,
            };
            if let Some(msg) = expected {
                assert_eq!(frame.encode(), msg.encode_v1(), "{frame:?}");
            }
        }
    }

    #[test]
    fn byte_exact_stock_client_messages() {
        // y-websocket's first message for an empty Y.Doc: sync, step 1, buf len 1, sv {}.
        assert_eq!(Frame::decode(&[0, 0, 1, 0]), Ok(Frame::SyncStep1(vec![0])));
        assert_eq!(Frame::SyncStep1(vec![0]).encode(), vec![0, 0, 1, 0]);
        // Its answer to a step 1 when it has nothing: the empty update [0, 0].
        assert_eq!(
            Frame::decode(&[0, 1, 2, 0, 0]),
            Ok(Frame::SyncStep2(vec![0, 0]))
        );
        // Query awareness is the lone type byte.
        assert_eq!(Frame::decode(&[3]), Ok(Frame::QueryAwareness));
        assert_eq!(Frame::QueryAwareness.encode(), vec![3]);
        // Permission denied, reason "no".
        assert_eq!(Frame::Auth("no".into()).encode(), vec![2, 0, 2, b'n', b'o']);
        // Stored ack: type 100 fits one varUint byte.
        assert_eq!(Frame::Stored(vec![0]).encode(), vec![100, 1, 0]);
        // An awareness update from client 1, clock 1, state {"a":1}:
        // [1, len, count 1, client 1, clock 1, strlen 7, '{"a":1}'].
        let mut bytes = vec![1, 11, 1, 1, 1, 7];
        bytes.extend_from_slice(br#"{"a":1}"#);
        let Ok(Frame::Awareness(payload)) = Frame::decode(&bytes) else {
            panic!("not an awareness frame");
        };
        let update = AwarenessUpdate::decode_v1(&payload).unwrap();
        let entry = &update.clients[&yrs::ClientID::new(1)];
        assert_eq!((entry.clock, &*entry.json), (1, r#"{"a":1}"#));
        assert_eq!(Frame::Awareness(payload).encode(), bytes);
    }

    #[test]
    fn a_stock_update_applies_after_a_round_trip() {
        let doc = text_doc(3, "Kernthese");
        let update = doc
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        let Ok(Frame::Update(bytes)) = Frame::decode(&Frame::Update(update).encode()) else {
            panic!("not an update");
        };
        let other = Doc::new();
        other
            .transact_mut()
            .apply_update(Update::decode_v1(&bytes).unwrap())
            .unwrap();
        let text = other.get_or_insert_text("t");
        assert_eq!(text.get_string(&other.transact()), "Kernthese");
    }

    #[test]
    fn bad_input_is_an_error() {
        use ProtocolError::*;
        assert_eq!(Frame::decode(&[]), Err(Empty));
        assert_eq!(Frame::decode(&[4]), Err(UnknownType(4)));
        assert_eq!(Frame::decode(&[99]), Err(UnknownType(99)));
        assert_eq!(Frame::decode(&[0x80, 0x01]), Err(UnknownType(128)));
        assert!(matches!(Frame::decode(&[0x80]), Err(Malformed(_))));
        // Sync without a sub-type, unknown sub-type, truncated payloads.
        assert!(matches!(Frame::decode(&[0]), Err(Malformed(_))));
        assert!(matches!(Frame::decode(&[0, 3, 0]), Err(Malformed(_))));
        assert!(matches!(Frame::decode(&[0, 0]), Err(Malformed(_))));
        assert!(matches!(Frame::decode(&[0, 2, 5, 1, 2]), Err(Malformed(_))));
        assert!(matches!(
            Frame::decode(&[0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f]),
            Err(Malformed(_))
        ));
        // A state vector that claims an entry it does not have.
        assert!(matches!(Frame::decode(&[0, 0, 1, 1]), Err(Malformed(_))));
        assert!(matches!(Frame::decode(&[100, 2, 1, 5]), Err(Malformed(_))));
        // Awareness: count 1 but no entry; auth: granted (1) is not a Kartenwand message.
        assert!(matches!(Frame::decode(&[1, 1, 1]), Err(Malformed(_))));
        assert!(matches!(Frame::decode(&[2, 1]), Err(Malformed(_))));
        // Auth reason that is not UTF-8.
        assert!(matches!(Frame::decode(&[2, 0, 1, 0xff]), Err(Malformed(_))));
        // One message per websocket message.
        assert_eq!(Frame::decode(&[0, 0, 1, 0, 0]), Err(TrailingBytes));
        assert_eq!(Frame::decode(&[3, 3]), Err(TrailingBytes));
    }

    #[test]
    fn every_truncation_of_a_valid_frame_is_an_error() {
        for frame in samples() {
            let bytes = frame.encode();
            for cut in 0..bytes.len() {
                assert!(
                    Frame::decode(&bytes[..cut]).is_err(),
                    "{frame:?} cut at {cut}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64)) {
            let _ = Frame::decode(&bytes);
        }

        #[test]
        fn random_payload_after_each_type_never_panics(
            kind in 0u8..=4,
            sub in 0u8..=3,
            rest in proptest::collection::vec(proptest::num::u8::ANY, 0..48),
        ) {
            let mut bytes = vec![kind, sub];
            bytes.extend(rest);
            let _ = Frame::decode(&bytes);
            bytes[0] = 100;
            let _ = Frame::decode(&bytes);
        }

        #[test]
        fn decoded_frames_survive_a_round_trip(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..48),
        ) {
            // lib0 accepts non-minimal varUints, so compare frames, not bytes.
            if let Ok(frame) = Frame::decode(&bytes) {
                proptest::prop_assert_eq!(Frame::decode(&frame.encode()), Ok(frame));
            }
        }
    }
}
