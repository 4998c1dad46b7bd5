//! Who is on the board right now, through y-websocket awareness (ephemeral, never stored):
//! each client publishes its name and colour; the others list them.

use board::CssColor;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use yrs::sync::{Awareness, AwarenessUpdate};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::Doc;

use super::JsClock;

/// One person on the board, as their awareness state says (the `user` field, as Yjs apps use it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Peer {
    /// Participant id (stable per browser).
    pub id: String,
    /// Nickname.
    pub name: String,
    /// Colour, checked as it is read: another client's state may carry any text here, and
    /// only `#rgb`, `#rrggbb` or a palette name may reach a `style` (else the fallback grey).
    #[serde(
        default,
        serialize_with = "write_color",
        deserialize_with = "read_color"
    )]
    pub color: CssColor,
    /// "facilitator", "participant" or "viewer".
    #[serde(default)]
    pub role: String,
    /// The card this person is dragging right now, and where it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drag: Option<DragHint>,
    /// The facilitator's "bring everyone here": the part of the wall to show (the server
    /// refuses it from anyone else).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summon: Option<Summon>,
}

impl Peer {
    /// No one: the identity of a connection that does not show itself on the board.
    pub fn nobody() -> Peer {
        Peer {
            id: String::new(),
            name: String::new(),
            color: CssColor::default(),
            role: String::new(),
            drag: None,
            summon: None,
        }
    }
}

fn write_color<S: Serializer>(color: &CssColor, out: S) -> Result<S::Ok, S::Error> {
    out.serialize_str(color.as_str())
}

/// Any JSON value reads as a colour: a string that is not a safe colour, or no string at
/// all, is the fallback (the rest of the state still counts).
fn read_color<'de, D: Deserializer<'de>>(input: D) -> Result<CssColor, D::Error> {
    let value = serde_json::Value::deserialize(input)?;
    Ok(value.as_str().map(CssColor::parse).unwrap_or_default())
}

/// A card on its way: others see it move before the drop becomes a document edit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DragHint {
    /// The card's id.
    pub card: String,
    /// Wall position of the card's top-left corner.
    pub x: f64,
    /// See `x`.
    pub y: f64,
}

/// A part of the wall everyone is asked to look at, in wall units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summon {
    /// When it was asked (ms since the epoch): each press is new, also after a reload.
    pub at: f64,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

#[derive(Serialize, Deserialize)]
struct State {
    user: Peer,
}

/// This client's awareness and everyone else's.
pub struct Presence {
    awareness: Awareness,
}

impl Presence {
    /// Awareness over the board's document.
    pub fn new(doc: Doc) -> Self {
        Presence {
            awareness: Awareness::with_clock(doc, JsClock),
        }
    }

    /// Publishes who this client is; returns the update to send.
    pub fn set_me(&mut self, me: &Peer) -> Option<Vec<u8>> {
        let json = serde_json::to_string(&State { user: me.clone() }).ok()?;
        self.awareness.set_local_state_raw(json);
        self.encoded()
    }

    /// The periodic renewal: the same state under the next clock, as y-protocols renews it.
    /// Peers and the server take only a newer clock as a sign of life; the same clock again
    /// would let the state time out after 30 s.
    pub fn renewed(&mut self) -> Option<Vec<u8>> {
        let state = self.awareness.local_state_raw()?;
        self.awareness.set_local_state_raw(state);
        self.encoded()
    }

    /// This client's current state, encoded for the wire.
    pub fn encoded(&self) -> Option<Vec<u8>> {
        let me = self.awareness.client_id();
        self.awareness
            .update_with_clients([me])
            .ok()
            .map(|u| u.encode_v1())
    }

    /// Everyone's states, encoded (the answer to a query).
    pub fn encoded_all(&self) -> Option<Vec<u8>> {
        self.awareness.update().ok().map(|u| u.encode_v1())
    }

    /// The update that tells the others this client left.
    pub fn leave(&mut self) -> Option<Vec<u8>> {
        self.awareness.clean_local_state();
        self.encoded()
    }

    /// Applies an awareness update from the server.
    pub fn apply(&mut self, bytes: &[u8]) -> Result<(), String> {
        let update = AwarenessUpdate::decode_v1(bytes).map_err(|e| e.to_string())?;
        self.awareness
            .apply_update(update)
            .map_err(|e| e.to_string())
    }

    /// Everyone on the board with a readable state, one entry per person (a person with two
    /// tabs open counts once), sorted by name.
    pub fn peers(&self) -> Vec<Peer> {
        let mut peers: Vec<Peer> = self.states().map(|(_, peer)| peer).collect();
        board::sort::sort_by(&mut peers, |a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then_with(|| a.id.cmp(&b.id))
        });
        peers.dedup_by(|a, b| a.id == b.id);
        peers
    }

    /// Cards other clients are dragging right now (not this client's own drag).
    pub fn remote_drags(&self) -> Vec<Peer> {
        let me = self.awareness.client_id();
        self.states()
            .filter(|(client, peer)| *client != me && peer.drag.is_some())
            .map(|(_, peer)| peer)
            .collect()
    }

    fn states(&self) -> impl Iterator<Item = (yrs::ClientID, Peer)> + '_ {
        self.awareness.iter().filter_map(|(client, state)| {
            Some((
                client,
                serde_json::from_str::<State>(&state.data?).ok()?.user,
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn color_of(json: &str) -> String {
        let state: State = serde_json::from_str(json).expect("a readable state");
        state.user.color.to_string()
    }

    #[test]
    fn another_clients_colour_is_checked_as_it_is_read() {
        let evil = r#"{"user":{"id":"e","name":"Evil","color":"red;position:fixed;inset:0;z-index:99999;background:url(http://x/)"}}"#;
        assert_eq!(color_of(evil), CssColor::FALLBACK);
        assert_eq!(
            color_of(r#"{"user":{"id":"e","name":"E","color":42}}"#),
            CssColor::FALLBACK
        );
        assert_eq!(
            color_of(r#"{"user":{"id":"e","name":"E"}}"#),
            CssColor::FALLBACK
        );
        assert_eq!(
            color_of(r##"{"user":{"id":"e","name":"E","color":"#30BCED"}}"##),
            "#30bced"
        );
    }

    #[test]
    fn this_clients_colour_is_written_as_text() {
        let me = Peer {
            color: CssColor::parse("#2b6cb0"),
            ..Peer::nobody()
        };
        let json = serde_json::to_string(&State { user: me }).expect("serialisable");
        assert!(json.contains(r##""color":"#2b6cb0""##), "{json}");
    }
}
