//! The update path against a model of the write rules: random writes (raw yrs changes and
//! presence states) by random people (the facilitator, two participants with keys, one
//! without, a projector) go to a real server, and a small model written from docs/API.md
//! ("Write rules") and docs/SCHEMA.md ("written by", "Locks"), not from the server's code,
//! says for each whether it is kept. Kept writes arrive at another client and are
//! acknowledged; refused ones close their connection with 4403 (a viewer's are dropped) and
//! leave nothing behind, at the other client and after a restart.

mod common;

use std::collections::BTreeMap;

use common::{Board, Client, Ended, TestServer};
use proptest::prelude::*;
use protocol::{covers, Frame, CLOSE_FORBIDDEN};
use serde_json::{json, Map as JsonMap, Value};
use sha2::{Digest, Sha256};
use yrs::updates::encoder::Encode;
use yrs::{Any, Array, ClientID, GetString, In, Map, MapPrelim, Out, ReadTxn, Text, Transact};

/// The root maps docs/SCHEMA.md names, and `zzz`, one it does not (the facilitator's markers
/// go there too).
const ROOTS: [&str; 17] = [
    "meta",
    "cards",
    "clusters",
    "participants",
    "rounds",
    "ballots",
    "groups",
    "memberships",
    "worksheets",
    "agenda",
    "flow",
    "exercises",
    "answers",
    "regions",
    "wordings",
    "tables",
    "zzz",
];

/// Roots outside the schema that are no map: a raw top-level `Y.Text` and `Y.Array`.
const RAW_TEXT: &str = "notiz";
const RAW_LIST: &str = "liste";

// ---------------------------------------------------------------------------------------
// Participant identity, as docs/SCHEMA.md ("Participant identity") derives it.
// ---------------------------------------------------------------------------------------

/// The two participants with a key, and their secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Person {
    Anna,
    Bert,
}

impl Person {
    fn secret(self) -> &'static str {
        match self {
            Person::Anna => "annasSchluesselFuerDenWorkshop1",
            Person::Bert => "bertsSchluesselFuerDenWorkshop2",
        }
    }

    /// The participant id: the `author` of cards, the key in `participants`.
    fn id(self) -> String {
        derive(&[b"kartenwand participant", self.secret().as_bytes()])
    }

    /// The voter name in an anonymous round or exercise.
    fn pseudonym(self, scope: &str) -> String {
        derive(&[
            b"kartenwand anonymous ballot",
            self.secret().as_bytes(),
            scope.as_bytes(),
        ])
    }

    /// Whether `voter` is this person in round or exercise `scope`.
    fn owns_voter(self, scope: &str, voter: &str) -> bool {
        voter == self.id() || voter == self.pseudonym(scope)
    }
}

/// SHA-256 over length-prefixed parts; the first 16 bytes as a little-endian number give 12
/// base62 characters, least significant digit first.
fn derive(parts: &[&[u8]]) -> String {
    const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut hash = Sha256::new();
    for part in parts {
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part);
    }
    let digest = hash.finalize();
    let mut n = u128::from_le_bytes(digest[..16].try_into().expect("16 bytes"));
    (0..12)
        .map(|_| {
            let digit = DIGITS[(n % 62) as usize];
            n /= 62;
            char::from(digit)
        })
        .collect()
}

#[test]
fn the_identity_derivation_matches_the_known_answers_of_the_schema() {
    let secret = b"abcdefghijklmnopqrstuvwxyz".as_slice();
    let id = derive(&[b"kartenwand participant", secret]);
    let pseudonym =
        |round: &str| derive(&[b"kartenwand anonymous ballot", secret, round.as_bytes()]);
    assert_eq!(id, "U9eQav6rOpBO");
    assert_eq!(pseudonym("r1"), "Buaz7jJk7bO3");
    assert_eq!(pseudonym("round-2"), "R988fgD39QqX");
}

// ---------------------------------------------------------------------------------------
// The writes.
// ---------------------------------------------------------------------------------------

/// Who connects: a role, and for participants the key they present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Actor {
    Facilitator,
    Participant(Person),
    /// A participant without `?key=` (a stock Yjs client).
    Keyless,
    /// The projector.
    Viewer,
}

/// A voter as a ballot or answer key names it.
#[derive(Debug, Clone, Copy)]
enum Voter {
    Id(Person),
    /// The person's pseudonym in this round or exercise (which may not be the key's own).
    Pseudonym(Person, &'static str),
}

impl Voter {
    fn name(self) -> String {
        match self {
            Voter::Id(p) => p.id(),
            Voter::Pseudonym(p, scope) => p.pseudonym(scope),
        }
    }
}

/// The key of an entry under a root map.
#[derive(Debug, Clone)]
enum Entry {
    /// A fixed key: `c1`, `k1`, `title`, …
    Plain(&'static str),
    /// `"{round}/{voter}"` in `ballots`.
    Ballot(&'static str, Voter),
    /// `"{exercise}/q1/{voter}"` in `answers`.
    Answer(&'static str, Voter),
    /// A participant id (`participants`, `memberships`).
    Of(Person),
}

impl Entry {
    fn key(&self) -> String {
        match self {
            Entry::Plain(k) => k.to_string(),
            Entry::Ballot(round, voter) => format!("{round}/{}", voter.name()),
            Entry::Answer(exercise, voter) => format!("{exercise}/q1/{}", voter.name()),
            Entry::Of(p) => p.id(),
        }
    }
}

/// A raw change to the document, or a presence state.
#[derive(Debug, Clone)]
enum Change {
    /// `root[entry][field] = value` (a new map under `entry` if it holds none).
    SetField(&'static str, Entry, &'static str, Value),
    /// `root[entry] = value`, a map inserted whole or a plain value.
    Put(&'static str, Entry, Value),
    /// `root[entry][field][key] = value`, a write inside a nested map (a ballot's dots); new
    /// maps where there are none.
    SetNested(&'static str, Entry, &'static str, &'static str, Value),
    /// Removes `root[entry]`.
    Delete(&'static str, Entry),
    /// Removes `root[entry][field]`.
    DeleteField(&'static str, Entry, &'static str),
    /// Text inserted at the start of the raw root [`RAW_TEXT`].
    RawText(&'static str),
    /// An item pushed onto the raw root [`RAW_LIST`].
    RawItem(&'static str),
    /// An awareness state with `user.role` (if any) and a `user.summon` (if true).
    Presence(Option<&'static str>, bool),
}

/// One write by one actor.
#[derive(Debug, Clone)]
struct Write {
    actor: Actor,
    change: Change,
}

/// A document change with its keys spelled out, as it is applied to the model and to yrs.
#[derive(Debug, Clone, PartialEq)]
enum Edit {
    SetField {
        root: String,
        entry: String,
        field: String,
        value: Value,
    },
    Put {
        root: String,
        entry: String,
        value: Value,
    },
    SetNested {
        root: String,
        entry: String,
        field: String,
        key: String,
        value: Value,
    },
    Delete {
        root: String,
        entry: String,
    },
    DeleteField {
        root: String,
        entry: String,
        field: String,
    },
    /// Text inserted at the start of a raw `Y.Text` root.
    Text {
        root: String,
        text: String,
    },
    /// An item pushed onto a raw `Y.Array` root.
    Push {
        root: String,
        item: String,
    },
}

impl Edit {
    fn root(&self) -> &str {
        match self {
            Edit::SetField { root, .. }
            | Edit::SetNested { root, .. }
            | Edit::Put { root, .. }
            | Edit::Delete { root, .. }
            | Edit::DeleteField { root, .. }
            | Edit::Text { root, .. }
            | Edit::Push { root, .. } => root,
        }
    }

    fn entry(&self) -> &str {
        match self {
            Edit::SetField { entry, .. }
            | Edit::SetNested { entry, .. }
            | Edit::Put { entry, .. }
            | Edit::Delete { entry, .. }
            | Edit::DeleteField { entry, .. } => entry,
            Edit::Text { .. } | Edit::Push { .. } => "",
        }
    }

    /// Whether it only deletes: that writes no new blocks, so no state vector (and no
    /// `Stored`) shows it.
    fn deletes(&self) -> bool {
        matches!(self, Edit::Delete { .. } | Edit::DeleteField { .. })
    }

    /// The fields of the entry it writes (those of a map inserted whole included; a
    /// deleted entry names none).
    fn fields(&self) -> Vec<&str> {
        match self {
            Edit::SetField { field, .. }
            | Edit::SetNested { field, .. }
            | Edit::DeleteField { field, .. } => {
                vec![field]
            }
            Edit::Put {
                value: Value::Object(map),
                ..
            } => map.keys().map(String::as_str).collect(),
            Edit::Put { .. } | Edit::Delete { .. } | Edit::Text { .. } | Edit::Push { .. } => {
                Vec::new()
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The model: the board as plain JSON, and the rules of the documentation.
// ---------------------------------------------------------------------------------------

/// What the model expects of one write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// Relayed, stored and acknowledged.
    Kept,
    /// The connection is closed with 4403; nothing of it is kept.
    Refused,
    /// A viewer's document update: dropped, the connection stays.
    Dropped,
    /// It changes nothing (removing what is not there): not sent.
    Unchanged,
}

/// The board as the model expects it: root map → entry key → value.
#[derive(Debug, Clone, PartialEq)]
struct Model {
    roots: BTreeMap<String, JsonMap<String, Value>>,
    /// The raw root [`RAW_TEXT`].
    text: String,
    /// The raw root [`RAW_LIST`].
    list: Vec<Value>,
}

impl Model {
    /// The model of a board as a client reads it.
    fn of(doc: &yrs::Doc) -> Model {
        let Value::Object(all) = common::roots_json(doc, &ROOTS) else {
            panic!("roots_json gives an object");
        };
        let roots = all
            .into_iter()
            .map(|(root, value)| match value {
                Value::Object(entries) => (root, entries),
                other => panic!("{root} is not a map: {other}"),
            })
            .collect();
        let (text, list) = raw_roots(doc);
        Model { roots, text, list }
    }

    fn json(&self) -> Value {
        let mut all: JsonMap<String, Value> = self
            .roots
            .iter()
            .map(|(root, entries)| (root.clone(), Value::Object(entries.clone())))
            .collect();
        all.insert(RAW_TEXT.into(), json!(self.text));
        all.insert(RAW_LIST.into(), Value::Array(self.list.clone()));
        numbers_as_floats(Value::Object(all))
    }

    fn entry(&self, root: &str, entry: &str) -> Option<&Value> {
        self.roots.get(root)?.get(entry)
    }

    /// A field of a map entry.
    fn field(&self, root: &str, entry: &str, field: &str) -> Option<&Value> {
        self.entry(root, entry)?.as_object()?.get(field)
    }

    /// Spells out a change's keys; a field set on an entry that is no map puts a new map
    /// there (what a client does); `None` for presence.
    fn edit(&self, change: &Change) -> Option<Edit> {
        Some(match change {
            Change::SetField(root, entry, field, value) => {
                let (root, entry, field) = (root.to_string(), entry.key(), field.to_string());
                if self.entry(&root, &entry).is_some_and(Value::is_object) {
                    Edit::SetField {
                        root,
                        entry,
                        field,
                        value: value.clone(),
                    }
                } else {
                    let value = json!({ field: value.clone() });
                    Edit::Put { root, entry, value }
                }
            }
            Change::SetNested(root, entry, field, key, value) => {
                let (root, entry) = (root.to_string(), entry.key());
                let (field, key) = (field.to_string(), key.to_string());
                if self
                    .field(&root, &entry, &field)
                    .is_some_and(Value::is_object)
                {
                    Edit::SetNested {
                        root,
                        entry,
                        field,
                        key,
                        value: value.clone(),
                    }
                } else if self.entry(&root, &entry).is_some_and(Value::is_object) {
                    let value = json!({ key: value.clone() });
                    Edit::SetField {
                        root,
                        entry,
                        field,
                        value,
                    }
                } else {
                    let value = json!({ field: { key: value.clone() } });
                    Edit::Put { root, entry, value }
                }
            }
            Change::Put(root, entry, value) => Edit::Put {
                root: root.to_string(),
                entry: entry.key(),
                value: value.clone(),
            },
            Change::Delete(root, entry) => Edit::Delete {
                root: root.to_string(),
                entry: entry.key(),
            },
            Change::DeleteField(root, entry, field) => Edit::DeleteField {
                root: root.to_string(),
                entry: entry.key(),
                field: field.to_string(),
            },
            Change::RawText(text) => Edit::Text {
                root: RAW_TEXT.into(),
                text: text.to_string(),
            },
            Change::RawItem(item) => Edit::Push {
                root: RAW_LIST.into(),
                item: item.to_string(),
            },
            Change::Presence(..) => return None,
        })
    }

    /// The board after `edit`.
    fn apply(&mut self, edit: &Edit) {
        match edit {
            Edit::Text { text, .. } => return self.text.insert_str(0, text),
            Edit::Push { item, .. } => return self.list.push(json!(item)),
            _ => {}
        }
        let entries = self.roots.entry(edit.root().to_string()).or_default();
        match edit {
            Edit::SetField {
                entry,
                field,
                value,
                ..
            } => {
                let Some(Value::Object(map)) = entries.get_mut(entry) else {
                    panic!("a field is set on a map only");
                };
                map.insert(field.clone(), value.clone());
            }
            Edit::Put { entry, value, .. } => {
                entries.insert(entry.clone(), value.clone());
            }
            Edit::SetNested {
                entry,
                field,
                key,
                value,
                ..
            } => {
                let Some(Value::Object(nested)) =
                    entries.get_mut(entry).and_then(|e| e.get_mut(field))
                else {
                    panic!("a nested key is set in a map only");
                };
                nested.insert(key.clone(), value.clone());
            }
            Edit::Delete { entry, .. } => {
                entries.remove(entry);
            }
            Edit::DeleteField { entry, field, .. } => {
                if let Some(Value::Object(map)) = entries.get_mut(entry) {
                    map.remove(field);
                }
            }
            Edit::Text { .. } | Edit::Push { .. } => unreachable!("applied above"),
        }
    }

    /// Whether `edit` changes anything (removing what is not there does not).
    fn changes(&self, edit: &Edit) -> bool {
        match edit {
            Edit::Delete { root, entry } => self.entry(root, entry).is_some(),
            Edit::DeleteField { root, entry, field } => self.field(root, entry, field).is_some(),
            Edit::SetField { .. }
            | Edit::SetNested { .. }
            | Edit::Put { .. }
            | Edit::Text { .. }
            | Edit::Push { .. } => true,
        }
    }

    /// docs/API.md, "Write rules": what becomes of `actor`'s document write.
    fn judge(&self, actor: Actor, edit: &Edit) -> Verdict {
        if !self.changes(edit) {
            return Verdict::Unchanged;
        }
        let may = match actor {
            Actor::Viewer => return Verdict::Dropped,
            Actor::Facilitator => true,
            Actor::Participant(person) => self.participant_may(Some(person), edit),
            Actor::Keyless => self.participant_may(None, edit),
        };
        if may {
            Verdict::Kept
        } else {
            Verdict::Refused
        }
    }

    /// The participant's column of the write rules table, and the locks of docs/SCHEMA.md.
    fn participant_may(&self, key: Option<Person>, edit: &Edit) -> bool {
        let (root, entry, fields) = (edit.root(), edit.entry(), edit.fields());
        match root {
            "cards" | "clusters" => {
                let mut after = self.clone();
                after.apply(edit);
                // `locked` is the facilitator's; so is merging fields.
                let facilitators = fields.contains(&"locked")
                    || (root == "clusters" && fields.contains(&"merged_into"));
                // Nothing locked before the update or after it changes.
                let locked = self.locked(root, entry) || after.locked(root, entry);
                let rights = root != "cards" || self.card_right(key, edit, &after);
                !facilitators && !locked && rights
            }
            "worksheets" => true,
            // "{round}/{voter}": the round is everything before the last `/`.
            "ballots" => key.is_some_and(|key| {
                entry
                    .rsplit_once('/')
                    .is_some_and(|(round, voter)| key.owns_voter(round, voter))
            }),
            // "{exercise}/{question}/{voter}".
            "answers" => key.is_some_and(|key| {
                let mut parts = entry.splitn(3, '/');
                match (parts.next(), parts.next(), parts.next()) {
                    (Some(exercise), Some(_), Some(voter)) => key.owns_voter(exercise, voter),
                    _ => false,
                }
            }),
            "participants" | "memberships" => key.is_some_and(|key| entry == key.id()),
            // meta, rounds, groups, agenda, flow, exercises, regions, wordings, tables: the
            // facilitator's;
            // a root outside the schema: no participant's.
            _ => false,
        }
    }

    /// docs/SCHEMA.md, "Participants' rights", with the default rights (moving on, editing
    /// others' cards off): a new card under its writer's id or none, `author` never changed,
    /// moves by anyone, edits, replacements and deletions of its own cards only.
    fn card_right(&self, key: Option<Person>, edit: &Edit, after: &Model) -> bool {
        let me = key.map(|k| k.id()).unwrap_or_default();
        let entry = edit.entry();
        let author = |m: &Model| {
            m.entry("cards", entry).map(|_| {
                m.field("cards", entry, "author")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            })
        };
        let moves_only = match edit {
            Edit::SetField { field, .. }
            | Edit::SetNested { field, .. }
            | Edit::DeleteField { field, .. } => {
                matches!(field.as_str(), "x" | "y" | "cluster" | "order")
            }
            _ => false,
        };
        match (author(self), author(after)) {
            (None, None) => true,
            (None, Some(a)) => a.is_empty() || a == me,
            (Some(b), Some(a)) if a != b => false,
            (Some(_), Some(_)) if moves_only => true,
            (Some(b), _) => !b.is_empty() && b == me,
        }
    }

    /// Whether a card or cluster is locked (docs/SCHEMA.md, "Locks").
    fn locked(&self, root: &str, id: &str) -> bool {
        match root {
            "cards" => self.card_locked(id),
            "clusters" => self.cluster_locked(id),
            _ => false,
        }
    }

    /// By its own flag, by its existing cluster, or, when free, by a locked region its
    /// anchor lies in.
    fn card_locked(&self, id: &str) -> bool {
        if !self.entry("cards", id).is_some_and(Value::is_object) {
            return false;
        }
        if self.flagged("cards", id) {
            return true;
        }
        let home = self.field("cards", id, "cluster").and_then(Value::as_str);
        match home.filter(|h| self.entry("clusters", h).is_some_and(Value::is_object)) {
            Some(home) => self.cluster_locked(home),
            None => self.in_locked_region(self.anchor("cards", id)),
        }
    }

    /// By its own flag, or the field it is merged into is locked or anchored in a locked
    /// region (a field not merged is its own field).
    fn cluster_locked(&self, id: &str) -> bool {
        if !self.entry("clusters", id).is_some_and(Value::is_object) {
            return false;
        }
        let field = self.field_of(id);
        self.flagged("clusters", id)
            || self.flagged("clusters", &field)
            || self.in_locked_region(self.anchor("clusters", &field))
    }

    /// The end of the `merged_into` chain, up to a missing cluster or a loop.
    fn field_of(&self, id: &str) -> String {
        let mut seen = vec![id.to_string()];
        loop {
            let at = seen.last().expect("not empty");
            let next = self
                .field("clusters", at, "merged_into")
                .and_then(Value::as_str);
            match next {
                Some(next)
                    if self.entry("clusters", next).is_some_and(Value::is_object)
                        && !seen.iter().any(|s| s == next) =>
                {
                    seen.push(next.to_string());
                }
                _ => return at.clone(),
            }
        }
    }

    /// `locked: true` on the entry itself.
    fn flagged(&self, root: &str, id: &str) -> bool {
        self.field(root, id, "locked") == Some(&Value::Bool(true))
    }

    /// The stored top-left corner (a missing coordinate reads as 0).
    fn anchor(&self, root: &str, id: &str) -> (f64, f64) {
        let number = |k| {
            self.field(root, id, k)
                .and_then(Value::as_f64)
                .unwrap_or(0.0)
        };
        (number("x"), number("y"))
    }

    /// Whether the point lies in a locked region (width and height read as at least 160).
    fn in_locked_region(&self, (x, y): (f64, f64)) -> bool {
        let Some(regions) = self.roots.get("regions") else {
            return false;
        };
        regions.iter().any(|(id, region)| {
            let Value::Object(r) = region else {
                return false;
            };
            let number =
                |k: &str, default: f64| r.get(k).and_then(Value::as_f64).unwrap_or(default);
            let (rx, ry) = (number("x", 0.0), number("y", 0.0));
            let (w, h) = (number("w", 160.0).max(160.0), number("h", 160.0).max(160.0));
            self.flagged("regions", id) && x >= rx && x <= rx + w && y >= ry && y <= ry + h
        })
    }
}

/// docs/API.md, "Awareness": only a facilitator may claim the role or summon everyone.
fn presence_allowed(actor: Actor, role: Option<&str>, summon: bool) -> bool {
    actor == Actor::Facilitator || (role != Some("facilitator") && !summon)
}

// ---------------------------------------------------------------------------------------
// Generating writes. Coordinates keep off region edges (items at 100 or 900, regions at 20
// or 800, at least 160 wide), and only `k1` is ever merged (into `k2` or a missing `k9`),
// so that no case depends on what the documentation leaves open.
// ---------------------------------------------------------------------------------------

fn person() -> impl Strategy<Value = Person> {
    prop_oneof![Just(Person::Anna), Just(Person::Bert)]
}

fn voter(scopes: [&'static str; 2]) -> impl Strategy<Value = Voter> {
    prop_oneof![
        person().prop_map(Voter::Id),
        (person(), prop::sample::select(scopes.to_vec()))
            .prop_map(|(p, scope)| Voter::Pseudonym(p, scope)),
    ]
}

fn root() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        4 => Just("cards"),
        4 => Just("clusters"),
        2 => Just("regions"),
        3 => Just("ballots"),
        2 => Just("answers"),
        1 => Just("participants"),
        1 => Just("memberships"),
        1 => Just("meta"),
        1 => Just("rounds"),
        1 => prop::sample::select(vec!["groups", "agenda", "flow", "exercises", "wordings", "tables"]),
        1 => Just("worksheets"),
        1 => Just("zzz"),
    ]
}

fn entry(root: &'static str) -> BoxedStrategy<Entry> {
    let plain = |keys: &[&'static str]| {
        prop::sample::select(keys.to_vec())
            .prop_map(Entry::Plain)
            .boxed()
    };
    match root {
        "cards" => plain(&["c1", "c2", "c3"]),
        "clusters" => plain(&["k1", "k2"]),
        "regions" => plain(&["g1", "g2"]),
        "ballots" => prop_oneof![
            6 => (prop::sample::select(vec!["r1", "r2"]), voter(["r1", "r2"]))
                .prop_map(|(round, v)| Entry::Ballot(round, v)),
            1 => Just(Entry::Plain("r1")),
        ]
        .boxed(),
        "answers" => prop_oneof![
            6 => (prop::sample::select(vec!["e1", "e2"]), voter(["e1", "e2"]))
                .prop_map(|(exercise, v)| Entry::Answer(exercise, v)),
            1 => Just(Entry::Plain("e1")),
        ]
        .boxed(),
        "participants" | "memberships" => prop_oneof![
            4 => person().prop_map(Entry::Of),
            1 => Just(Entry::Plain("jemand")),
        ]
        .boxed(),
        "meta" => plain(&["title", "note"]),
        "rounds" => plain(&["r1", "r2"]),
        "exercises" => plain(&["e1"]),
        "flow" => plain(&["current_step"]),
        _ => plain(&["a"]),
    }
}

/// A field of an entry of `root` and a value for it.
fn field(root: &'static str) -> BoxedStrategy<(&'static str, Value)> {
    let number = |values: &[f64]| prop::sample::select(values.to_vec()).prop_map(|n| json!(n));
    let text = || prop::sample::select(vec!["Bildung", "Sprache"]).prop_map(|s| json!(s));
    let flag = || any::<bool>().prop_map(|b| json!(b));
    match root {
        "cards" => prop_oneof![
            (
                prop::sample::select(vec!["x", "y"]),
                number(&[100.0, 900.0])
            ),
            (Just("text"), text()),
            (
                Just("cluster"),
                prop::sample::select(vec!["k1", "k2", "k9"]).prop_map(|s| json!(s))
            ),
            (Just("locked"), flag()),
            (Just("author"), text()),
        ]
        .boxed(),
        "clusters" => prop_oneof![
            (
                prop::sample::select(vec!["x", "y"]),
                number(&[100.0, 900.0])
            ),
            (Just("title"), text()),
            (Just("locked"), flag()),
            (
                Just("merged_into"),
                prop::sample::select(vec!["k2", "k9"]).prop_map(|s| json!(s))
            ),
        ]
        .boxed(),
        "regions" => prop_oneof![
            (prop::sample::select(vec!["x", "y"]), number(&[20.0, 800.0])),
            (
                prop::sample::select(vec!["w", "h"]),
                number(&[100.0, 500.0])
            ),
            (Just("locked"), flag()),
            (Just("title"), text()),
        ]
        .boxed(),
        "ballots" => prop_oneof![
            (
                Just("dots"),
                (1..3u8).prop_map(|n| json!({ "k1": f64::from(n) }))
            ),
            (Just("submitted"), flag()),
        ]
        .boxed(),
        "rounds" => (
            Just("state"),
            prop::sample::select(vec!["open", "closed"]).prop_map(|s| json!(s)),
        )
            .boxed(),
        _ => (prop::sample::select(vec!["title", "name"]), text()).boxed(),
    }
}

/// A nested map of an entry of `root`, a key in it and a value.
fn nested(root: &'static str) -> BoxedStrategy<(&'static str, &'static str, Value)> {
    match root {
        "ballots" => (prop::sample::select(vec!["k1", "k2"]), 0..3u8)
            .prop_map(|(item, n)| ("dots", item, json!(f64::from(n))))
            .boxed(),
        "rounds" => any::<bool>()
            .prop_map(|excluded| ("excluded", "jemand", json!(excluded)))
            .boxed(),
        _ => prop::sample::select(vec!["Bildung", "Sprache"])
            .prop_map(|text| ("answers", "gain", json!(text)))
            .boxed(),
    }
}

/// Only `k1` is merged: a field write or whole map naming `merged_into` goes to `k1`.
fn merged_only_into_k1(root: &'static str, entry: Entry, fields: &[&str]) -> Entry {
    if root == "clusters" && fields.contains(&"merged_into") {
        Entry::Plain("k1")
    } else {
        entry
    }
}

/// A card's or field's position: inside region `g1` or `g2`, or in neither.
fn position() -> impl Strategy<Value = (f64, f64)> {
    let coordinate = || prop::sample::select(vec![100.0, 900.0]);
    (coordinate(), coordinate())
}

fn change() -> impl Strategy<Value = Change> {
    let document = root().prop_flat_map(|root| {
        prop_oneof![
            5 => (entry(root), field(root)).prop_map(move |(e, (f, v))| {
                Change::SetField(root, merged_only_into_k1(root, e, &[f]), f, v)
            }),
            3 => (entry(root), position(), prop::collection::vec(field(root), 0..4)).prop_map(
                move |(e, (x, y), fields)| {
                    let names: Vec<&str> = fields.iter().map(|(f, _)| *f).collect();
                    let e = merged_only_into_k1(root, e, &names);
                    let mut map = JsonMap::new();
                    // Cards and fields are made whole with a position, as the app makes
                    // them: a quarter of them inside the locked region.
                    if root == "cards" || root == "clusters" {
                        map.insert("x".into(), json!(x));
                        map.insert("y".into(), json!(y));
                    }
                    map.extend(fields.into_iter().map(|(f, v)| (f.to_string(), v)));
                    Change::Put(root, e, Value::Object(map))
                }
            ),
            1 => (entry(root), prop_oneof![Just(json!(1.0)), Just(json!("lose"))])
                .prop_map(move |(e, v)| Change::Put(root, e, v)),
            1 => (entry(root), nested(root)).prop_map(move |(e, (f, k, v))| Change::SetNested(root, e, f, k, v)),
            1 => entry(root).prop_map(move |e| Change::Delete(root, e)),
            1 => (entry(root), field(root)).prop_map(move |(e, (f, _))| Change::DeleteField(root, e, f)),
        ]
    });
    let presence = (
        prop::option::of(prop::sample::select(vec![
            "participant",
            "facilitator",
            "viewer",
        ])),
        prop::bool::weighted(0.25),
    )
        .prop_map(|(role, summon)| Change::Presence(role, summon));
    let raw = prop_oneof![
        Just(Change::RawText("unsichtbar")),
        Just(Change::RawItem("unsichtbar")),
    ];
    prop_oneof![18 => document, 1 => raw, 2 => presence]
}

fn actor() -> impl Strategy<Value = Actor> {
    prop_oneof![
        2 => Just(Actor::Facilitator),
        3 => Just(Actor::Participant(Person::Anna)),
        1 => Just(Actor::Participant(Person::Bert)),
        1 => Just(Actor::Keyless),
        1 => Just(Actor::Viewer),
    ]
}

fn writes() -> impl Strategy<Value = Vec<Write>> {
    prop::collection::vec(
        (actor(), change()).prop_map(|(actor, change)| Write { actor, change }),
        1..=12,
    )
}

/// The facilitator's board before the random writes: a free card in the locked region `g1`
/// and one in field `k1`, fields `k1` and `k2` (locked) outside it, an unlocked region `g2`,
/// an open round and an exercise.
fn setup() -> Vec<Change> {
    vec![
        Change::Put(
            "regions",
            Entry::Plain("g1"),
            json!({"x": 20.0, "y": 20.0, "w": 500.0, "h": 500.0, "locked": true}),
        ),
        Change::Put(
            "regions",
            Entry::Plain("g2"),
            json!({"x": 800.0, "y": 800.0, "w": 500.0, "h": 500.0}),
        ),
        Change::Put(
            "clusters",
            Entry::Plain("k1"),
            json!({"x": 900.0, "y": 100.0, "title": "Bildung"}),
        ),
        Change::Put(
            "clusters",
            Entry::Plain("k2"),
            json!({"x": 100.0, "y": 900.0, "title": "Sprache", "locked": true}),
        ),
        Change::Put(
            "cards",
            Entry::Plain("c1"),
            json!({"x": 100.0, "y": 100.0, "text": "Daten"}),
        ),
        Change::Put(
            "cards",
            Entry::Plain("c2"),
            json!({"x": 900.0, "y": 900.0, "cluster": "k1"}),
        ),
        Change::Put(
            "rounds",
            Entry::Plain("r1"),
            json!({"state": "open", "dots": 5.0}),
        ),
        Change::Put(
            "exercises",
            Entry::Plain("e1"),
            json!({"title": "Aufstellung", "open": "q1"}),
        ),
    ]
}

// ---------------------------------------------------------------------------------------
// Running a case against a real server.
// ---------------------------------------------------------------------------------------

/// A yrs value for a JSON one (numbers as floats, as Yjs numbers are).
fn to_in(value: &Value) -> In {
    match value {
        Value::Null => In::Any(Any::Null),
        Value::Bool(b) => In::Any(Any::from(*b)),
        Value::Number(n) => In::Any(Any::from(n.as_f64().expect("a finite number"))),
        Value::String(s) => In::Any(Any::from(s.as_str())),
        Value::Array(_) => panic!("no arrays are generated"),
        Value::Object(map) => In::Map(
            map.iter()
                .map(|(k, v)| (k.as_str(), to_in(v)))
                .collect::<MapPrelim>(),
        ),
    }
}

/// Every root of [`ROOTS`] as JSON, numbers as floats (yrs gives whole numbers as integers).
fn board_json(doc: &yrs::Doc) -> Value {
    let mut all = common::roots_json(doc, &ROOTS);
    let (text, list) = raw_roots(doc);
    all[RAW_TEXT] = json!(text);
    all[RAW_LIST] = Value::Array(list);
    numbers_as_floats(all)
}

/// The raw roots [`RAW_TEXT`] and [`RAW_LIST`] of a document.
fn raw_roots(doc: &yrs::Doc) -> (String, Vec<Value>) {
    use yrs::types::ToJson;
    let (text, list) = (
        doc.get_or_insert_text(RAW_TEXT),
        doc.get_or_insert_array(RAW_LIST),
    );
    let txn = doc.transact();
    let items = list
        .iter(&txn)
        .map(|item| serde_json::to_value(item.to_json(&txn)).expect("JSON"))
        .collect();
    (text.get_string(&txn), items)
}

fn numbers_as_floats(value: Value) -> Value {
    match value {
        Value::Number(n) => json!(n.as_f64().expect("a number")),
        Value::Array(items) => Value::Array(items.into_iter().map(numbers_as_floats).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, numbers_as_floats(v)))
                .collect(),
        ),
        other => other,
    }
}

/// One case: a server, a board, a witness who only listens, and the model.
struct Session {
    server: TestServer,
    board: Board,
    /// A viewer connected all along: what is relayed arrives here.
    witness: Client,
    model: Model,
    /// Facilitator markers written so far.
    markers: u32,
}

impl Session {
    async fn start() -> Session {
        let server = TestServer::start().await;
        let board = server.create_board().await;
        let witness = board.join(&board.viewer).await;
        let model = Model::of(&witness.doc);
        Session {
            server,
            board,
            witness,
            model,
            markers: 0,
        }
    }

    /// A fresh connection of `actor`, synced (so its document is the board as it stands).
    async fn connect(&self, actor: Actor) -> Client {
        let b = &self.board;
        let url = match actor {
            Actor::Facilitator => b.url(&b.facilitator),
            Actor::Participant(p) => format!("{}&key={}", b.url(&b.participant), p.secret()),
            Actor::Keyless => b.url(&b.participant),
            Actor::Viewer => b.url(&b.viewer),
        };
        let mut client = Client::connect(&url).await.expect("connects");
        client.sync().await;
        client
    }

    /// The witness's document as JSON.
    fn seen(&self) -> Value {
        board_json(&self.witness.doc)
    }

    async fn run(&mut self, write: &Write) {
        match &write.change {
            Change::Presence(role, summon) => self.presence(write, *role, *summon).await,
            change => {
                let edit = self.model.edit(change).expect("a document change");
                self.document(write, edit).await;
            }
        }
    }

    async fn document(&mut self, write: &Write, edit: Edit) {
        let verdict = self.model.judge(write.actor, &edit);
        if verdict == Verdict::Unchanged {
            return;
        }
        let mut client = self.connect(write.actor).await;
        // Each root fetched as the type it has (a raw root's edit names no map).
        let map_root = match &edit {
            Edit::Text { .. } | Edit::Push { .. } => "zzz",
            _ => edit.root(),
        };
        let (map, text, list) = (
            client.doc.get_or_insert_map(map_root),
            client.doc.get_or_insert_text(RAW_TEXT),
            client.doc.get_or_insert_array(RAW_LIST),
        );
        let target = edit.clone();
        client
            .edit(move |txn| match &target {
                Edit::Text { text: inserted, .. } => text.insert(txn, 0, inserted),
                Edit::Push { item, .. } => {
                    list.push_back(txn, item.as_str());
                }
                Edit::SetField {
                    entry,
                    field,
                    value,
                    ..
                } => {
                    let Some(Out::YMap(inner)) = map.get(txn, entry) else {
                        panic!("{entry} is a map at the writer");
                    };
                    inner.insert(txn, field.as_str(), to_in(value));
                }
                Edit::Put { entry, value, .. } => {
                    map.insert(txn, entry.as_str(), to_in(value));
                }
                Edit::SetNested {
                    entry,
                    field,
                    key,
                    value,
                    ..
                } => {
                    let Some(Out::YMap(inner)) = map.get(txn, entry) else {
                        panic!("{entry} is a map at the writer");
                    };
                    let Some(Out::YMap(nested)) = inner.get(txn, field) else {
                        panic!("{entry}/{field} is a map at the writer");
                    };
                    nested.insert(txn, key.as_str(), to_in(value));
                }
                Edit::Delete { entry, .. } => {
                    map.remove(txn, entry);
                }
                Edit::DeleteField { entry, field, .. } => {
                    let Some(Out::YMap(inner)) = map.get(txn, entry) else {
                        panic!("{entry} is a map at the writer");
                    };
                    inner.remove(txn, field);
                }
            })
            .await;
        let writer = client.doc.client_id();
        match verdict {
            Verdict::Kept => {
                client
                    .wait_until("the write acknowledged", |c| {
                        c.all_stored() || c.ended.is_some()
                    })
                    .await;
                assert_eq!(client.ended, None, "{write:?} ({edit:?}) should be kept");
                // Everything it wrote arrives (a deletion moves no state vector: the board
                // as the model has it must arrive too).
                let sv = client.doc.transact().state_vector().encode_v1();
                self.model.apply(&edit);
                let expected = self.model.json();
                self.witness
                    .wait_until(&format!("{write:?} ({edit:?}) to arrive"), |w| {
                        let seen = w.doc.transact().state_vector().encode_v1();
                        covers(&seen, &sv).expect("state vectors decode")
                            && board_json(&w.doc) == expected
                    })
                    .await;
                client.close().await;
            }
            Verdict::Refused => {
                // Closed, or (sooner than a time-out) acknowledged: a deletion moves no state
                // vector, so only the close tells.
                let deletes = edit.deletes();
                client
                    .wait_until(&format!("{write:?} ({edit:?}) to be refused"), |c| {
                        c.ended.is_some() || (!deletes && c.all_stored())
                    })
                    .await;
                assert!(
                    matches!(&client.ended, Some(Ended::Close(code, _)) if *code == CLOSE_FORBIDDEN),
                    "{write:?} ({edit:?}) should be refused (4403); ended: {:?}",
                    client.ended
                );
                self.nothing_kept_of(writer, write).await;
            }
            Verdict::Dropped => {
                // A round trip on the same connection: the update before it was handled.
                client.synced = false;
                let sv = client.doc.transact().state_vector().encode_v1();
                client.send(Frame::SyncStep1(sv)).await;
                client.wait_until("the server's answer", |c| c.synced).await;
                assert_eq!(client.ended, None, "{write:?}: a viewer may stay");
                self.nothing_kept_of(writer, write).await;
                assert!(
                    edit.deletes() || !client.all_stored(),
                    "{write:?}: dropped but acknowledged"
                );
                client.close().await;
            }
            Verdict::Unchanged => unreachable!("not sent"),
        }
    }

    async fn presence(&mut self, write: &Write, role: Option<&str>, summon: bool) {
        let mut user = json!({ "id": "someone", "name": "Anna", "color": "#30bced" });
        if let Some(role) = role {
            user["role"] = json!(role);
        }
        if summon {
            user["summon"] = json!({ "at": 1.0, "x": 0.0, "y": 0.0, "w": 800.0, "h": 600.0 });
        }
        let state = json!({ "user": user });
        let mut client = self.connect(write.actor).await;
        let id = client.doc.client_id();
        client.set_awareness(1, &state.to_string()).await;
        if presence_allowed(write.actor, role, summon) {
            self.witness
                .wait_until("the presence relayed", |w| {
                    w.awareness_of(id).is_some_and(|json| {
                        serde_json::from_str::<Value>(&json).ok().as_ref() == Some(&state)
                    })
                })
                .await;
            client.close().await;
        } else {
            client
                .wait_until(&format!("{write:?} to be refused"), |c| c.ended.is_some())
                .await;
            assert!(
                matches!(&client.ended, Some(Ended::Close(code, _)) if *code == CLOSE_FORBIDDEN),
                "{write:?} should be refused (4403); ended: {:?}",
                client.ended
            );
            self.nothing_kept_of(id, write).await;
            assert_eq!(
                self.witness.awareness_of(id),
                None,
                "{write:?}: refused presence relayed"
            );
        }
    }

    /// After a refusal: once a facilitator's marker written later has reached the witness,
    /// anything of `writer` relayed would have too; the witness holds the model's board and
    /// nothing under `writer`'s client id.
    async fn nothing_kept_of(&mut self, writer: ClientID, write: &Write) {
        self.markers += 1;
        let marker = format!("nach Schreibversuch {}", self.markers);
        let edit = Edit::Put {
            root: "zzz".into(),
            entry: "marker".into(),
            value: json!(marker),
        };
        let mut facilitator = self.connect(Actor::Facilitator).await;
        let zzz = facilitator.doc.get_or_insert_map("zzz");
        let text = marker.clone();
        facilitator
            .edit(move |txn| {
                zzz.insert(txn, "marker", text);
            })
            .await;
        facilitator.wait_stored().await;
        facilitator.close().await;
        self.model.apply(&edit);
        let expected = json!(marker);
        self.witness
            .wait_until("the facilitator's marker", |w| {
                common::roots_json(&w.doc, &["zzz"])["zzz"]["marker"] == expected
            })
            .await;
        assert_eq!(
            self.seen(),
            self.model.json(),
            "after the refused {write:?}"
        );
        let sv = self.witness.doc.transact().state_vector();
        assert_eq!(sv.get(&writer), 0, "{write:?}: something of it was relayed");
        assert_eq!(self.witness.ended, None);
    }

    /// Restarts the server on the same store; a fresh client reads the model's board.
    async fn finish(self, writes: &[Write]) {
        let Session {
            server,
            board,
            witness,
            model,
            ..
        } = self;
        witness.close().await;
        let (server, board) = server.restart(&board).await;
        let fresh = board.join(&board.viewer).await;
        assert_eq!(
            board_json(&fresh.doc),
            model.json(),
            "after a restart, following {writes:#?}"
        );
        fresh.close().await;
        server.shutdown().await;
    }
}

async fn run_case(writes: Vec<Write>) {
    let mut session = Session::start().await;
    for change in setup() {
        let write = Write {
            actor: Actor::Facilitator,
            change,
        };
        session.run(&write).await;
    }
    for write in &writes {
        session.run(write).await;
    }
    session.finish(&writes).await;
}

/// 24 cases unless `PROPTEST_CASES` says otherwise.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(24);
    ProptestConfig {
        cases,
        max_shrink_iters: 64,
        // The input of a failure is printed; no regression file beside the tests.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_writes_by_random_roles_follow_the_documented_rules(writes in writes()) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(run_case(writes));
    }
}
