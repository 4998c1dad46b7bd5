//! [`WritePolicy`]: the one place that decides what a connection may write. It decides from
//! the writer (role and participant key) before an update is applied, and from the key
//! paths the update touched ([`KeyPath`], collected by `touched.rs`) after applying it and
//! before it is relayed or stored. [`SchemaPolicy`] holds the rules of docs/SCHEMA.md.

use board::schema::{
    card as card_key, cluster::MERGED_INTO, AGENDA, ANSWERS, BALLOTS, CARDS, CLUSTERS, EXERCISES,
    FLOW, GROUPS, LOCKED, MEMBERSHIPS, META, PARTICIPANTS, REGIONS, ROOTS, ROUNDS, TABLES,
    WORDINGS,
};
use board::{split_ballot_key, ParticipantKey};

use protocol::RootWrite;

use crate::auth::Role;
use crate::touched::{CardChange, Facts, KeyPath};

/// Why an update was refused; the text goes into the log and the close frame, so it stays
/// short (a close reason holds 123 bytes).
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
#[error("{0}")]
pub struct Refusal(pub String);

/// Who sent an update: the connection's role, and the participant key it presented
/// (`?key=` on `/sync`), if any.
#[derive(Debug, Clone)]
pub struct Writer {
    /// The role its token grants.
    pub role: Role,
    /// Its participant key; proves which ballots and `participants` entry are its own.
    pub key: Option<ParticipantKey>,
}

/// What the board does with a writer's update before applying it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admission {
    /// Apply it; nothing to check afterwards.
    Trusted,
    /// Apply it, then ask [`WritePolicy::check`] before relaying or storing it.
    Checked,
    /// Drop it unapplied (the connection stays; it may still send presence).
    Refused(Refusal),
}

/// Decides about each document update a board receives.
pub trait WritePolicy: Send + Sync + 'static {
    /// The root maps whose changes [`WritePolicy::check`] needs to see. Changes elsewhere
    /// (cards, the bulk of the traffic) are not even collected.
    fn guarded_roots(&self) -> &[&'static str];

    /// Before applying an update from `writer`.
    fn admit(&self, writer: &Writer) -> Admission;

    /// After applying a [`Admission::Checked`] writer's update: `Ok` if it may make the
    /// changes at `touched` (under [`WritePolicy::guarded_roots`] only), else the update is
    /// refused and its connection closed.
    /// `facts` holds the rights before the update and the touched cards' authors.
    fn check(&self, writer: &Writer, touched: &[KeyPath], facts: &Facts) -> Result<(), Refusal>;

    /// Before applying a [`Admission::Checked`] writer's update: the writes whose parent is
    /// a root type, as `protocol::inspect_update` reports them, against the same rules. What
    /// these alone show to be forbidden is refused unapplied (no rebuild); passing is no
    /// promise, [`WritePolicy::check`] still runs after applying.
    fn precheck(
        &self,
        writer: &Writer,
        roots: &[RootWrite],
        rights: board::Rights,
    ) -> Result<(), Refusal> {
        let paths: Vec<KeyPath> = roots
            .iter()
            .map(|w| match &w.key {
                Some(key) => KeyPath::keys(&[&w.root, key]),
                None => KeyPath::keys(&[&w.root]),
            })
            .collect();
        self.check(writer, &paths, &Facts::before(rights))
    }
}

/// The write rules of docs/SCHEMA.md. Facilitators write everything; viewers nothing.
/// Participants write everything except: `meta` and `rounds` (facilitator only),
/// `clusters.{id}.merged_into` (merging fields is a facilitator action), `ballots` other
/// than their own (`"{round}/{voter}"` where the voter is their id or their pseudonym in that
/// round), `participants` and `memberships` other than their own id's entry, `groups`
/// (setting up working groups is the facilitator's), `agenda`, `flow`, `exercises` and
/// `regions`, `tables` (facts tables), `wordings` (the board's wording of worksheet questions), answers other than their own, locked cards and clusters (locked by their
/// own flag, their cluster, or the region they lie in), and any root not in the schema. Without a key, a participant writes no
/// ballot, no `participants` and no `memberships` entry at all. The facilitator's rights
/// (`board::Rights`) decide on moving cards, on fields, and on editing or deleting cards
/// whose `author` (before the update) is not the participant's id; `author` never changes.
#[derive(Debug, Default, Clone, Copy)]
pub struct SchemaPolicy;

impl WritePolicy for SchemaPolicy {
    fn guarded_roots(&self) -> &[&'static str] {
        &[
            META,
            ROUNDS,
            BALLOTS,
            PARTICIPANTS,
            CLUSTERS,
            GROUPS,
            MEMBERSHIPS,
            AGENDA,
            FLOW,
            EXERCISES,
            ANSWERS,
            CARDS,
            REGIONS,
            WORDINGS,
            TABLES,
        ]
    }

    fn admit(&self, writer: &Writer) -> Admission {
        match writer.role {
            Role::Facilitator => Admission::Trusted,
            Role::Participant => Admission::Checked,
            Role::Viewer => Admission::Refused(Refusal("viewers cannot change the board".into())),
        }
    }

    fn check(&self, writer: &Writer, touched: &[KeyPath], facts: &Facts) -> Result<(), Refusal> {
        match writer.role {
            Role::Facilitator => Ok(()),
            Role::Viewer => Err(Refusal("viewers cannot change the board".into())),
            // Locks first: "locked" says more than "not this participant's card".
            Role::Participant => {
                let (locks, rest): (Vec<&KeyPath>, Vec<&KeyPath>) =
                    touched.iter().partition(|p| p.key(2) == Some(LOCKED));
                locks
                    .into_iter()
                    .chain(rest)
                    .try_for_each(|path| participant_may(writer.key.as_ref(), path, facts))
            }
        }
    }
}

/// One path against the participant rules.
fn participant_may(
    key: Option<&ParticipantKey>,
    path: &KeyPath,
    facts: &Facts,
) -> Result<(), Refusal> {
    let refuse = |why: String| Err(Refusal(why));
    match path.key(0) {
        Some(META) => refuse("only the facilitator may change the board's title (meta)".into()),
        Some(ROUNDS) => refuse("only the facilitator may change voting rounds".into()),
        Some(GROUPS) => refuse("only the facilitator may set up working groups".into()),
        Some(AGENDA | FLOW) => refuse("only the facilitator may change the agenda".into()),
        Some(EXERCISES) => refuse("only the facilitator may change positioning exercises".into()),
        Some(REGIONS) => refuse("only the facilitator may lay out or lock regions".into()),
        Some(WORDINGS) => refuse("only the facilitator may reword worksheet questions".into()),
        Some(TABLES) => refuse("only the facilitator may set up facts tables".into()),
        Some(ANSWERS) => {
            let Some(key) = key else {
                return refuse("answering needs a participant key (?key=)".into());
            };
            // "{exercise}/{question}/{voter}": the voter is the participant or its pseudonym
            // in that exercise.
            let own = path.key(1).and_then(|k| {
                let (exercise, rest) = k.split_once('/')?;
                let (_, voter) = rest.split_once('/')?;
                Some(key.owns_voter(exercise, voter))
            });
            if own == Some(true) {
                Ok(())
            } else {
                refuse(format!("{}: not this participant's answer", short(path)))
            }
        }
        Some(CARDS | CLUSTERS) if path.key(2) == Some(LOCKED) => refuse(format!(
            "{}: locked by the facilitator (only the facilitator changes, moves, deletes, locks or unlocks it)",
            short(path)
        )),
        Some(BALLOTS) => {
            let Some(key) = key else {
                return refuse("writing a ballot needs a participant key (?key=)".into());
            };
            let own = path
                .key(1)
                .and_then(split_ballot_key)
                .is_some_and(|(round, voter)| key.owns_voter(round, voter));
            if own {
                Ok(())
            } else {
                refuse(format!("{}: not this participant's ballot", short(path)))
            }
        }
        Some(root @ (PARTICIPANTS | MEMBERSHIPS)) => {
            let Some(key) = key else {
                return refuse(format!("writing {root} needs a participant key (?key=)"));
            };
            if path.key(1) == Some(key.id().as_str()) {
                Ok(())
            } else {
                refuse(format!("{}: not this participant's entry", short(path)))
            }
        }
        Some(CLUSTERS) if path.key(2) == Some(MERGED_INTO) => {
            refuse("only the facilitator may merge fields".into())
        }
        Some(CLUSTERS) if !facts.rights.fields => {
            refuse("the facilitator does not let participants create or change fields".into())
        }
        Some(CARDS) => match path.key(1).and_then(|id| facts.cards.get(id)) {
            Some(change) => card_may(key, path, change, &facts.rights),
            // Not known before applying; judged afterwards.
            None => Ok(()),
        },
        Some(root) if ROOTS.contains(&root) => Ok(()),
        // A root the app never shows: writing it would only fill the board (up to "board is
        // full") with data no one can see or clean up.
        _ => refuse(format!("{}: not part of the board", short(path))),
    }
}

/// A change to one card against the rights: creating with its own id (or none) as author,
/// moving if allowed, editing and deleting its own cards (others' if allowed); `author` is
/// never rewritten.
fn card_may(
    key: Option<&ParticipantKey>,
    path: &KeyPath,
    change: &CardChange,
    rights: &board::Rights,
) -> Result<(), Refusal> {
    let me = key.map(|k| k.id()).unwrap_or_default();
    let refuse = |why: &str| Err(Refusal(format!("{}: {why}", short(path))));
    match (&change.before, &change.after) {
        (None, None) => Ok(()),
        (None, Some(author)) if author.is_empty() || *author == me => Ok(()),
        (None, Some(_)) => refuse("a new card's author must be its writer"),
        (Some(author), Some(after)) if after != author => {
            refuse("a card's author cannot be changed")
        }
        // Still there and only moved: the right to move decides, whoever wrote it.
        (Some(_), Some(_)) if moves(path) => {
            if rights.move_cards {
                Ok(())
            } else {
                refuse("moving cards is not allowed")
            }
        }
        // Edited, recoloured, replaced or deleted.
        (Some(author), _) if rights.edit_others || board::owns(author, &me) => Ok(()),
        (Some(_), _) => refuse("not this participant's card"),
    }
}

/// Whether the path writes where a card lies: `x`, `y`, `cluster`, `order`, or whether it
/// waits in the incoming area (`incoming`: taking a card out of it places it).
fn moves(path: &KeyPath) -> bool {
    matches!(
        path.key(2),
        Some(card_key::X | card_key::Y | card_key::CLUSTER | card_key::ORDER | card_key::INCOMING)
    )
}

/// A path for a refusal's text, cut to fit a close frame: keys come from the client and may
/// be long.
fn short(path: &KeyPath) -> String {
    // Bytes, not characters: the close frame's limit is in bytes.
    const MAX: usize = 80;
    let text = path.to_string();
    if text.len() <= MAX {
        return text;
    }
    let end = (0..=MAX)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    format!("{}…", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> ParticipantKey {
        ParticipantKey::from_secret(&format!("{n}").repeat(24)).unwrap()
    }

    fn writer(role: Role, key: Option<ParticipantKey>) -> Writer {
        Writer { role, key }
    }

    fn check(w: &Writer, paths: &[&[&str]]) -> Result<(), Refusal> {
        let paths: Vec<KeyPath> = paths.iter().map(|p| KeyPath::keys(p)).collect();
        SchemaPolicy.check(w, &paths, &Facts::before(board::Rights::default()))
    }

    #[test]
    fn admission_follows_the_role() {
        let p = SchemaPolicy;
        assert_eq!(
            p.admit(&writer(Role::Facilitator, None)),
            Admission::Trusted
        );
        assert_eq!(
            p.admit(&writer(Role::Participant, None)),
            Admission::Checked
        );
        assert!(matches!(
            p.admit(&writer(Role::Viewer, Some(key(1)))),
            Admission::Refused(_)
        ));
    }

    #[test]
    fn participants_write_their_own_ballots_and_entry_only() {
        let k = key(1);
        let me = writer(Role::Participant, Some(k.clone()));
        let id = k.id();
        let pseudonym = k.pseudonym("r1");
        let other = key(2).id();
        assert_eq!(
            check(&me, &[&["ballots", &format!("r1/{id}"), "dots"]]),
            Ok(())
        );
        assert_eq!(
            check(&me, &[&["ballots", &format!("r1/{pseudonym}")]]),
            Ok(())
        );
        assert_eq!(check(&me, &[&["participants", &id, "name"]]), Ok(()));
        assert!(check(&me, &[&["ballots", &format!("r1/{other}")]]).is_err());
        // A pseudonym is only this participant's in its own round.
        assert!(check(&me, &[&["ballots", &format!("r2/{pseudonym}")]]).is_err());
        assert!(check(&me, &[&["ballots", "garbage"]]).is_err());
        let long = format!("r1/{}", "x".repeat(500));
        let refusal = check(&me, &[&["ballots", &long]]).expect_err("refused");
        assert!(refusal.0.len() < 123, "{refusal}");
        assert!(check(&me, &[&["ballots"]]).is_err());
        assert!(check(&me, &[&["participants", &other]]).is_err());
        // Working groups: the facilitator sets them up; each joins or leaves by itself.
        assert_eq!(check(&me, &[&["memberships", &id, "group"]]), Ok(()));
        assert!(check(&me, &[&["memberships", &other]]).is_err());
        assert!(check(&me, &[&["groups", "g1", "title"]]).is_err());
        assert!(check(&writer(Role::Participant, None), &[&["memberships", &id]]).is_err());
        // The day's flow: the facilitator's; answers: each its own.
        assert!(check(&me, &[&["agenda", "s1", "title"]]).is_err());
        assert!(check(&me, &[&["flow", "current_step"]]).is_err());
        assert!(check(&me, &[&["exercises", "e1", "open"]]).is_err());
        assert_eq!(check(&me, &[&["answers", &format!("e1/q1/{id}")]]), Ok(()));
        assert_eq!(
            check(
                &me,
                &[&["answers", &format!("e1/q1/{}", k.pseudonym("e1"))]]
            ),
            Ok(())
        );
        assert!(check(&me, &[&["answers", &format!("e1/q1/{other}")]]).is_err());
        assert!(check(&me, &[&["answers", "e1"]]).is_err());
        assert!(check(&me, &[&["cards", "c1", "locked"]]).is_err());
        assert!(check(&me, &[&["clusters", "c1", "locked"]]).is_err());
        assert_eq!(check(&me, &[&["cards", "c1", "x"]]), Ok(()));
        // One forbidden path refuses the whole update.
        assert!(check(
            &me,
            &[&["participants", &id], &["ballots", &format!("r1/{other}")]]
        )
        .is_err());
    }

    #[test]
    fn facilitator_only_paths() {
        let me = writer(Role::Participant, Some(key(1)));
        for path in [
            &["meta", "title"][..],
            &["rounds", "r1", "state"],
            &["rounds", "r1"],
            &["clusters", "c1", "merged_into"],
            // The workshop's days and a step's day: the agenda is the facilitator's plan.
            &["flow", "days", "d2", "date"],
            &["flow", "days"],
            &["agenda", "s1", "day"],
            // The documentation's own words: a day's goals and a step's text section.
            &["flow", "days", "d2", "goals"],
            &["agenda", "s1", "text"],
            // Facts tables are the facilitator's prepared material.
            &["tables", "t1", "cells"],
            &["tables"],
        ] {
            let refusal = check(&me, &[path]).expect_err("refused");
            assert!(refusal.0.len() <= 123, "{refusal}");
            assert_eq!(check(&writer(Role::Facilitator, None), &[path]), Ok(()));
        }
        // The rest of a cluster, and the unguarded roots of the schema, are anyone's.
        assert_eq!(
            check(
                &me,
                &[
                    &["clusters", "c1", "title"],
                    &["clusters", "c1"],
                    &["cards", "x", "y"],
                    &["worksheets"],
                ]
            ),
            Ok(())
        );
    }

    #[test]
    fn only_the_facilitator_rewords_worksheet_questions() {
        let me = writer(Role::Participant, Some(key(1)));
        for path in [&["wordings", "field_analysis/projects"][..], &["wordings"]] {
            let refusal = check(&me, &[path]).expect_err("refused");
            assert!(refusal.0.contains("reword"), "{refusal}");
            assert_eq!(check(&writer(Role::Facilitator, None), &[path]), Ok(()));
        }
        // Answering the reworded question stays the group's.
        assert_eq!(
            check(&me, &[&["worksheets", "s1", "answers", "projects"]]),
            Ok(())
        );
        assert!(
            SchemaPolicy.guarded_roots().contains(&"wordings"),
            "changes there are seen"
        );
    }

    #[test]
    fn roots_outside_the_schema_are_the_facilitators() {
        let me = writer(Role::Participant, Some(key(1)));
        for root in ["zzz", "Cards", "", "(unwatched)"] {
            let refusal = check(&me, &[&[root]]).expect_err(root);
            assert!(refusal.0.contains("not part of the board"), "{refusal}");
            assert_eq!(check(&writer(Role::Facilitator, None), &[&[root]]), Ok(()));
        }
        for long in ["z".repeat(5000), "ü".repeat(5000)] {
            let refusal = check(&me, &[&[&long]]).expect_err("refused");
            assert!(refusal.0.len() <= 123, "{refusal}");
        }
    }

    #[test]
    fn without_a_key_no_ballot_and_no_entry() {
        let anon = writer(Role::Participant, None);
        assert!(check(&anon, &[&["ballots", "r1/abc"]]).is_err());
        assert!(check(&anon, &[&["participants", "abc"]]).is_err());
        assert_eq!(check(&anon, &[&["clusters", "c1", "x"]]), Ok(()));
        assert!(check(&writer(Role::Viewer, None), &[]).is_err());
    }

    /// Facts after applying: `card` with authors `before` → `after`, under `rights`.
    fn facts(
        card: &str,
        before: Option<&str>,
        after: Option<&str>,
        rights: board::Rights,
    ) -> Facts {
        let change = CardChange {
            before: before.map(Into::into),
            after: after.map(Into::into),
        };
        Facts {
            rights,
            cards: [(card.to_owned(), change)].into(),
            complete: true,
        }
    }

    #[test]
    fn cards_follow_the_rights_and_their_author() {
        let k = key(1);
        let me = writer(Role::Participant, Some(k.clone()));
        let id = k.id();
        let other = key(2).id();
        let on = board::Rights::default();
        let judge =
            |w: &Writer, path: &[&str], f: &Facts| SchemaPolicy.check(w, &[KeyPath::keys(path)], f);
        // Own card: edited, deleted; another's: neither, unless allowed.
        assert_eq!(
            judge(
                &me,
                &["cards", "c", "text"],
                &facts("c", Some(&id), Some(&id), on)
            ),
            Ok(())
        );
        assert_eq!(
            judge(&me, &["cards", "c"], &facts("c", Some(&id), None, on)),
            Ok(())
        );
        assert!(judge(
            &me,
            &["cards", "c", "color"],
            &facts("c", Some(&other), Some(&other), on)
        )
        .is_err());
        assert!(judge(&me, &["cards", "c"], &facts("c", Some(&other), None, on)).is_err());
        assert!(
            judge(&me, &["cards", "c"], &facts("c", Some(""), None, on)).is_err(),
            "no one owns an empty author"
        );
        let others = board::Rights {
            edit_others: true,
            ..on
        };
        assert_eq!(
            judge(
                &me,
                &["cards", "c"],
                &facts("c", Some(&other), None, others)
            ),
            Ok(())
        );
        // Author: never rewritten; a new card carries the writer's id or none.
        assert!(judge(
            &me,
            &["cards", "c", "author"],
            &facts("c", Some(&id), Some(&other), others)
        )
        .is_err());
        assert_eq!(
            judge(&me, &["cards", "n", "x"], &facts("n", None, Some(&id), on)),
            Ok(())
        );
        assert_eq!(
            judge(&me, &["cards", "n", "x"], &facts("n", None, Some(""), on)),
            Ok(())
        );
        assert!(judge(&me, &["cards", "n"], &facts("n", None, Some(&other), on)).is_err());
        let anon = writer(Role::Participant, None);
        assert!(judge(&anon, &["cards", "n"], &facts("n", None, Some(&id), on)).is_err());
        // Moving: anyone's card while allowed, no one's when not.
        assert_eq!(
            judge(
                &me,
                &["cards", "c", "cluster"],
                &facts("c", Some(&other), Some(&other), on)
            ),
            Ok(())
        );
        let still = board::Rights {
            move_cards: false,
            ..on
        };
        assert!(judge(
            &me,
            &["cards", "c", "x"],
            &facts("c", Some(&id), Some(&id), still)
        )
        .is_err());
        // Taking someone's card out of the incoming area is moving it.
        assert_eq!(
            judge(
                &me,
                &["cards", "c", "incoming"],
                &facts("c", Some(&other), Some(&other), on)
            ),
            Ok(())
        );
        assert!(judge(
            &me,
            &["cards", "c", "incoming"],
            &facts("c", Some(&other), Some(&other), still)
        )
        .is_err());
        // Fields: any change under `clusters` when switched off.
        let no_fields = Facts::before(board::Rights {
            fields: false,
            ..on
        });
        assert!(judge(&me, &["clusters", "k"], &no_fields).is_err());
        assert_eq!(judge(&me, &["clusters", "k"], &Facts::before(on)), Ok(()));
        // The facilitator is never limited.
        let fac = writer(Role::Facilitator, None);
        assert_eq!(judge(&fac, &["clusters", "k"], &no_fields), Ok(()));
        assert_eq!(
            judge(
                &fac,
                &["cards", "c"],
                &facts("c", Some(&other), None, still)
            ),
            Ok(())
        );
    }
}
