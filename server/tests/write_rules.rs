//! The voting issue's write rules, enforced by a real server over websockets: a participant
//! writes its own ballots and `participants` entry and the wall, but no one else's ballot,
//! no round, no `meta`, no merge. Refused updates close their connection with 4403 and reach
//! neither the other clients nor the store; everything else keeps flowing.

mod common;

use board::{Dots, ParticipantKey, RoundSettings, RoundState};
use common::{assert_nothing_kept, assert_refused, closed, Client, Member, TestServer};
use protocol::CLOSE_FORBIDDEN;
use yrs::{Any, Array, Map, MapPrelim, MapRef, Out, ReadTxn, Text, Transact, TransactionMut};

fn key(n: u32) -> ParticipantKey {
    ParticipantKey::from_secret(&format!("writerules{n:0>16}")).expect("valid secret")
}

/// A board with fields A, B, C and an open seed round; returns the facilitator, the round
/// and the field ids.
async fn voting_board(board: &common::Board) -> (Member, String, Vec<String>) {
    let mut facilitator = Member::join(board, &board.facilitator, None).await;
    let (round, fields) = facilitator
        .act(|w| {
            let fields: Vec<String> = ["A", "B", "C"]
                .iter()
                .enumerate()
                .map(|(i, t)| w.add_cluster(t, 300.0 * i as f64, 0.0).unwrap())
                .collect();
            let round = w.add_round(&RoundSettings::seed("Runde")).unwrap();
            w.set_round_state(&round, RoundState::Open).unwrap();
            (round, fields)
        })
        .await;
    facilitator.client.wait_stored().await;
    (facilitator, round, fields)
}

fn dots(fields: &[String], counts: &[u32]) -> Dots {
    fields
        .iter()
        .zip(counts)
        .filter(|(_, &n)| n > 0)
        .map(|(f, &n)| (f.clone(), n))
        .collect()
}

/// Writes a ballot under `key` as `Board::submit_ballot` does, but with yrs directly (no
/// ownership or rule check on the client).
fn put_ballot(txn: &mut TransactionMut, ballots: &MapRef, key: String, dots: &Dots) {
    let ballot = ballots.insert(
        txn,
        key,
        MapPrelim::from([("submitted", Any::from(true)), ("updated", Any::from(1.0))]),
    );
    let dots: MapPrelim = dots
        .iter()
        .map(|(k, &n)| (k.clone(), Any::from(f64::from(n))))
        .collect();
    ballot.insert(txn, "dots", dots);
}

/// The root maps a crafted update writes to, fetched before the transaction (fetching one
/// opens a transaction of its own).
struct Roots {
    ballots: MapRef,
    rounds: MapRef,
    clusters: MapRef,
    meta: MapRef,
    participants: MapRef,
    cards: MapRef,
    groups: MapRef,
    memberships: MapRef,
}

impl Roots {
    fn of(doc: &yrs::Doc) -> Roots {
        Roots {
            ballots: doc.get_or_insert_map("ballots"),
            rounds: doc.get_or_insert_map("rounds"),
            clusters: doc.get_or_insert_map("clusters"),
            meta: doc.get_or_insert_map("meta"),
            participants: doc.get_or_insert_map("participants"),
            cards: doc.get_or_insert_map("cards"),
            groups: doc.get_or_insert_map("groups"),
            memberships: doc.get_or_insert_map("memberships"),
        }
    }
}

fn one_dot() -> Dots {
    [("x".to_string(), 1)].into()
}

async fn forbidden_writes_are_refused_never_relayed_and_never_stored(server: TestServer) {
    let board = server.create_board().await;
    let (mut facilitator, round, fields) = voting_board(&board).await;
    let anna = key(1);
    let mut p1 = Member::join(&board, &board.participant, Some(anna.clone())).await;
    let mine = dots(&fields, &[2, 2, 1]);
    p1.act(|w| {
        w.set_participant("Anna", "#30bced").unwrap();
        w.submit_ballot(&round, &mine).unwrap();
    })
    .await;
    p1.client.wait_stored().await;

    let (a, b) = (fields[0].clone(), fields[1].clone());
    let theirs = format!("{round}/{}", anna.id());
    let pseudonym = format!("{round}/{}", anna.pseudonym(&round));
    type Craft = Box<dyn FnOnce(&Roots, &mut TransactionMut)>;
    let r = round.clone();
    let cases: Vec<(&str, Option<ParticipantKey>, Craft, &str)> = vec![
        (
            "another participant's ballot",
            Some(key(9)),
            Box::new(move |roots, txn| put_ballot(txn, &roots.ballots, theirs, &one_dot())),
            "ballot",
        ),
        (
            "another participant's anonymous ballot",
            Some(key(9)),
            Box::new(move |roots, txn| put_ballot(txn, &roots.ballots, pseudonym, &one_dot())),
            "ballot",
        ),
        (
            "a round's state",
            Some(key(9)),
            Box::new(move |roots, txn| {
                let Some(Out::YMap(round)) = roots.rounds.get(txn, &r) else {
                    panic!("the round is synced");
                };
                round.insert(txn, "state", "closed");
            }),
            "rounds",
        ),
        (
            "merged_into",
            Some(key(9)),
            Box::new(move |roots, txn| {
                let Some(Out::YMap(field)) = roots.clusters.get(txn, &a) else {
                    panic!("the field is synced");
                };
                field.insert(txn, "merged_into", b.as_str());
            }),
            "merge",
        ),
        (
            "meta.title",
            Some(key(9)),
            Box::new(|roots, txn| {
                roots.meta.insert(txn, "title", "Übernommen");
            }),
            "meta",
        ),
        (
            "another participant's entry",
            Some(key(9)),
            Box::new(move |roots, txn| {
                let entry = MapPrelim::from([("name", Any::from("Nicht Anna"))]);
                roots.participants.insert(txn, key(1).id(), entry);
            }),
            "entry",
        ),
        (
            "a working group",
            Some(key(9)),
            Box::new(|roots, txn| {
                let group = MapPrelim::from([("title", Any::from("Eigene Gruppe"))]);
                roots.groups.insert(txn, "g1", group);
            }),
            "groups",
        ),
        (
            "another participant's group membership",
            Some(key(9)),
            Box::new(|roots, txn| {
                let entry = MapPrelim::from([("group", Any::from("g1"))]);
                roots.memberships.insert(txn, key(1).id(), entry);
            }),
            "entry",
        ),
        (
            "an entry without a key",
            None,
            Box::new(|roots, txn| {
                let entry = MapPrelim::from([("name", Any::from("Ich"))]);
                roots.participants.insert(txn, "me", entry);
            }),
            "key",
        ),
    ];
    let mut attackers = Vec::new();
    for (what, key, craft, why) in cases {
        let mut m = Member::join(&board, &board.participant, key).await;
        attackers.push(m.wall.doc().client_id());
        let roots = Roots::of(m.wall.doc());
        m.client
            .edit(|txn| {
                // A legitimate card in the same update does not save it: the update is
                // refused whole.
                roots.cards.insert(txn, format!("card of {what}"), "ok");
                craft(&roots, txn);
            })
            .await;
        assert_refused(&mut m.client, what, why).await;
        assert!(!m.client.all_stored(), "{what}: never acknowledged");
    }

    assert_nothing_kept(
        server,
        &board,
        &mut facilitator,
        (&mut p1, "second client"),
        &attackers,
        |m, label| {
            let w = &m.wall;
            assert_eq!(w.title(), "Test", "{label}");
            assert_eq!(w.round(&round).unwrap().state, RoundState::Open, "{label}");
            assert_eq!(w.cluster(&fields[0]).unwrap().merged_into, None, "{label}");
            assert_eq!(w.participant(&anna.id()).unwrap().name, "Anna", "{label}");
            assert_eq!(w.participants().len(), 1, "{label}");
            let ballots = w.ballots(&round);
            assert_eq!(ballots.len(), 1, "{label}: {ballots:?}");
            assert_eq!(ballots[0].voter, anna.id(), "{label}");
            assert_eq!(ballots[0].dots, Ok(mine.clone()), "{label}");
            assert!(w.cards().is_empty(), "{label}: {:?}", w.cards());
        },
    )
    .await;
}

async fn participants_write_their_own_ballots_entry_and_the_wall(server: TestServer) {
    let board = server.create_board().await;
    let (mut facilitator, named, fields) = voting_board(&board).await;
    let anonymous = facilitator
        .act(|w| {
            let mut settings = RoundSettings::seed("Geheim");
            settings.anonymous = true;
            let round = w.add_round(&settings).unwrap();
            w.set_round_state(&round, RoundState::Open).unwrap();
            round
        })
        .await;
    facilitator.client.wait_stored().await;

    let anna = key(1);
    let mut p = Member::join(&board, &board.participant, Some(anna.clone())).await;
    let first = dots(&fields, &[1, 1, 1]);
    let second = dots(&fields, &[2, 2, 1]);
    let card = p
        .act(|w| {
            w.set_participant("Anna", "#30bced").unwrap();
            w.submit_ballot(&named, &first).unwrap();
            w.submit_ballot(&anonymous, &second).unwrap();
            // Resubmitting replaces the ballot; still one's own.
            w.submit_ballot(&named, &second).unwrap();
            let card = w
                .add_card(board::NewCard::new("Sprachkurse für alle", 10.0, 10.0))
                .unwrap();
            w.put_card_in_cluster(&card, &fields[0], 0).unwrap();
            card
        })
        .await;
    p.client.wait_stored().await;
    // One transaction per operation, as the app sends them.
    p.act(|w| {
        w.set_card_text(&card, "Sprachkurse für alle Eltern")
            .unwrap()
    })
    .await;
    p.act(|w| w.rename_cluster(&fields[1], "Sprache").unwrap())
        .await;
    p.act(|w| w.move_cluster(&fields[2], 900.0, 40.0).unwrap())
        .await;
    let own = p
        .act(|w| w.add_cluster("Neues Feld", 0.0, 600.0).unwrap())
        .await;
    p.act(|w| w.delete_cluster(&own).unwrap()).await;
    p.act(|w| w.set_participant("Anna B.", "#30bced").unwrap())
        .await;
    p.client.wait_stored().await;
    assert_eq!(p.client.ended, None);

    let fresh = Member::join(&board, &board.viewer, None).await;
    let w = &fresh.wall;
    let named_ballots = w.ballots(&named);
    assert_eq!(named_ballots.len(), 1);
    assert_eq!(named_ballots[0].voter, anna.id());
    assert_eq!(named_ballots[0].dots, Ok(second.clone()));
    let secret_ballots = w.ballots(&anonymous);
    assert_eq!(secret_ballots.len(), 1);
    assert_eq!(secret_ballots[0].voter, anna.pseudonym(&anonymous));
    assert_eq!(w.participant(&anna.id()).unwrap().name, "Anna B.");
    assert_eq!(w.card(&card).unwrap().text, "Sprachkurse für alle Eltern");
    assert_eq!(w.card(&card).unwrap().author, anna.id());
    assert_eq!(w.cluster(&fields[1]).unwrap().title, "Sprache");
    assert_eq!(w.cluster(&fields[2]).unwrap().x, 900.0);
    assert!(w.cluster(&own).is_none());
    server.shutdown().await;
}

async fn after_a_refusal_the_others_updates_of_the_same_moment_go_through(server: TestServer) {
    const EACH: usize = 20;
    let board = server.create_board().await;
    let (mut facilitator, round, _) = voting_board(&board).await;
    let mut a = Member::join(&board, &board.participant, Some(key(1))).await;
    let mut b = Member::join(&board, &board.participant, Some(key(2))).await;
    let mut m = Member::join(&board, &board.participant, Some(key(3))).await;
    let before = Member::join(&board, &board.viewer, None).await;
    let expected = yrs::Doc::new();
    let copy = before
        .client
        .doc
        .transact()
        .encode_state_as_update_v1(&yrs::StateVector::default());
    apply(&expected, &copy);

    // Everything is written to the sockets before anyone waits: the server sees it all at
    // about the same moment, most of it in the same turns as the refused update.
    let roots = Roots::of(m.wall.doc());
    let theirs = format!("{round}/{}", key(1).id());
    // The order sockets become readable in tends to be the order of the board's batch: b
    // first, then m, then the rest, so the refusal usually falls between accepted updates
    // of one batch (the unit test in board_task.rs pins that order down; here it is real
    // sockets).
    let mut accepted = vec![b.client.set("b-first", "from b").await];
    m.client
        .edit(|txn| put_ballot(txn, &roots.ballots, theirs, &one_dot()))
        .await;
    for i in 0..EACH {
        accepted.push(a.client.set(&format!("a{i}"), "from a").await);
        accepted.push(b.client.set(&format!("b{i}"), "from b").await);
        accepted.push(facilitator.client.set(&format!("f{i}"), "from f").await);
    }
    let (code, _) = closed(&mut m.client).await;
    assert_eq!(code, CLOSE_FORBIDDEN);
    a.client.wait_stored().await;
    b.client.wait_stored().await;
    facilitator.client.wait_stored().await;
    assert_eq!(a.client.ended, None);
    assert_eq!(b.client.ended, None);

    for update in &accepted {
        apply(&expected, update);
    }
    let after = Member::join(&board, &board.viewer, None).await;
    assert_eq!(json(&after.client.doc), json(&expected));
    // The clients that stayed converge on the same state (on two nodes, b's last cards may
    // reach a after f's: wait for the whole state, not for the last writer's cards).
    let want = json(&expected);
    a.client
        .wait_until("the same state as the store", |c| json(&c.doc) == want)
        .await;
    server.shutdown().await;
}

async fn a_malformed_key_is_refused_before_the_upgrade(server: TestServer) {
    let board = server.create_board().await;
    for bad in [
        "short",
        "",
        "abcdefghijklmnopqrstuvwxyz%2F",
        &"a".repeat(129),
    ] {
        let url = format!("{}&key={bad}", board.url(&board.participant));
        assert_eq!(Client::connect(&url).await.err(), Some(400), "key {bad:?}");
    }
    // The body says why (the app shows it).
    let url = format!("{}&key=short", board.url(&board.participant));
    match tokio_tungstenite::connect_async(&url).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            let body = String::from_utf8_lossy(response.body().as_deref().unwrap_or_default());
            assert!(body.contains("invalid participant key"), "{body}");
        }
        other => panic!("not refused: {:?}", other.map(|_| ())),
    }
    // A valid key is upgraded; so is no key at all.
    let ok = Client::connect(&board.url_with_key(&board.participant, Some(&key(1)))).await;
    assert!(ok.is_ok());
    server.shutdown().await;
}

fn apply(doc: &yrs::Doc, update: &[u8]) {
    use yrs::updates::decoder::Decode;
    doc.transact_mut()
        .apply_update(yrs::Update::decode_v1(update).unwrap())
        .unwrap();
}

/// Every root map the voting issue writes, as JSON, for comparing whole documents.
fn json(doc: &yrs::Doc) -> serde_json::Value {
    common::roots_json(
        doc,
        &[
            "meta",
            "cards",
            "clusters",
            "rounds",
            "ballots",
            "participants",
        ],
    )
}

async fn locked_cards_and_clusters_are_the_facilitators(server: TestServer) {
    let board = server.create_board().await;
    let mut facilitator = Member::join(&board, &board.facilitator, None).await;
    let (locked_card, free_card, locked_cluster) = facilitator
        .act(|w| {
            w.set_facilitator(true);
            let stats = w.add_cluster("Daten und Fakten", 0.0, 0.0).unwrap();
            let card = w.add_card(board::NewCard::new("27 %", 400.0, 0.0)).unwrap();
            let free = w.add_card(board::NewCard::new("frei", 800.0, 0.0)).unwrap();
            w.set_card_locked(&card, true).unwrap();
            w.set_cluster_locked(&stats, true).unwrap();
            (card, free, stats)
        })
        .await;
    facilitator.client.wait_stored().await;

    type Craft = Box<dyn FnOnce(&Roots, &mut TransactionMut)>;
    let item = |roots: &Roots, txn: &TransactionMut, root: &str, id: &str| -> MapRef {
        let map = if root == "cards" {
            &roots.cards
        } else {
            &roots.clusters
        };
        match map.get(txn, id) {
            Some(Out::YMap(m)) => m,
            _ => panic!("{id} is synced"),
        }
    };
    let (c1, c2, c3, c4, k1, k2) = (
        locked_card.clone(),
        locked_card.clone(),
        locked_card.clone(),
        free_card.clone(),
        locked_cluster.clone(),
        locked_cluster.clone(),
    );
    let cases: Vec<(&str, Craft)> = vec![
        (
            "moving a locked card",
            Box::new(move |r, t| {
                item(r, t, "cards", &c1).insert(t, "x", 10.0);
            }),
        ),
        (
            "editing a locked card",
            Box::new(move |r, t| {
                item(r, t, "cards", &c2).insert(t, "color", "pink");
            }),
        ),
        (
            "deleting a locked card",
            Box::new(move |r, t| {
                r.cards.remove(t, &c3);
            }),
        ),
        (
            "putting a card into a locked cluster",
            Box::new(move |r, t| {
                item(r, t, "cards", &c4).insert(t, "cluster", k1.as_str());
            }),
        ),
        (
            "moving a locked cluster",
            Box::new(move |r, t| {
                item(r, t, "clusters", &k2).insert(t, "y", 99.0);
            }),
        ),
    ];
    for (what, craft) in cases {
        let mut m = Member::join(&board, &board.participant, Some(key(5))).await;
        let roots = Roots::of(m.wall.doc());
        m.client.edit(|txn| craft(&roots, txn)).await;
        assert_refused(&mut m.client, what, "locked").await;
    }
    // Unlocked cards stay everyone's.
    let mut p = Member::join(&board, &board.participant, Some(key(6))).await;
    p.act(|w| w.place_card(&free_card, 5.0, 5.0).unwrap()).await;
    p.client.wait_stored().await;
    assert_eq!(p.client.ended, None);
    let fresh = Member::join(&board, &board.viewer, None).await;
    let card = fresh
        .wall
        .card(&locked_card)
        .expect("the locked card is still there");
    assert_eq!((card.x, card.color), (400.0, board::CardColor::Yellow));
    assert!(card.locked);
    assert_eq!(fresh.wall.cluster(&locked_cluster).unwrap().y, 0.0);
    assert_eq!(fresh.wall.card(&free_card).unwrap().x, 5.0);
    server.shutdown().await;
}

async fn only_the_facilitator_excludes_a_ballot(server: TestServer) {
    let board = server.create_board().await;
    let (mut facilitator, round, fields) = voting_board(&board).await;
    let mine = dots(&fields, &[2, 2, 1]);
    let mut voters = Vec::new();
    for (n, name) in [(1, "Anna"), (2, "Anna2")] {
        let mut p = Member::join(&board, &board.participant, Some(key(n))).await;
        p.act(|w| {
            w.set_participant(name, "#30bced").unwrap();
            w.submit_ballot(&round, &mine).unwrap();
        })
        .await;
        p.client.wait_stored().await;
        voters.push(p);
    }
    let sock = key(2).id();
    facilitator
        .act(|w| w.set_ballot_excluded(&round, &sock, true).unwrap())
        .await;
    facilitator.client.wait_stored().await;

    // The excluded voter counts itself in again; the other excludes a rival.
    let anna = key(1).id();
    let cases = [
        ("its own exclusion lifted", 2, sock.clone(), false),
        ("a rival excluded", 1, anna.clone(), true),
    ];
    let mut attackers = Vec::new();
    for (what, n, voter, exclude) in cases {
        let mut m = Member::join(&board, &board.participant, Some(key(n))).await;
        attackers.push(m.wall.doc().client_id());
        let rounds = Roots::of(m.wall.doc()).rounds;
        let r = round.clone();
        m.client
            .edit(|txn| {
                let Some(Out::YMap(round)) = rounds.get(txn, &r) else {
                    panic!("the round is synced");
                };
                let Some(Out::YMap(excluded)) = round.get(txn, "excluded") else {
                    panic!("the exclusion is synced");
                };
                if exclude {
                    excluded.insert(txn, voter, true);
                } else {
                    excluded.remove(txn, &voter);
                }
            })
            .await;
        assert_refused(&mut m.client, what, "voting rounds").await;
    }
    let mut witness = voters.remove(0);
    assert_nothing_kept(
        server,
        &board,
        &mut facilitator,
        (&mut witness, "a voter"),
        &attackers,
        |m, label| {
            let t = m.wall.tally(&round).expect("the round");
            assert_eq!((t.counted, t.excluded), (1, 1), "{label}");
            let excluded: Vec<&str> = t
                .voters
                .iter()
                .filter(|v| v.status == board::VoterStatus::Excluded)
                .filter_map(|v| v.name.as_deref())
                .collect();
            assert_eq!(excluded, ["Anna2"], "{label}");
        },
    )
    .await;
}

/// The root types of a document, by name.
fn root_names(doc: &yrs::Doc) -> Vec<String> {
    let txn = doc.transact();
    let mut names: Vec<String> = txn.root_refs().map(|(name, _)| name.to_string()).collect();
    names.sort();
    names
}

/// Roots outside the schema, fetched before the transaction that writes them (fetching one
/// opens a transaction of its own).
struct Others {
    zzz: MapRef,
    notes: yrs::TextRef,
    list: yrs::ArrayRef,
    own: MapRef,
    cards: MapRef,
}

impl Others {
    fn of(doc: &yrs::Doc) -> Others {
        Others {
            zzz: doc.get_or_insert_map("zzz"),
            notes: doc.get_or_insert_text("notes"),
            list: doc.get_or_insert_array("list"),
            own: doc.get_or_insert_map("facilitators_own"),
            cards: doc.get_or_insert_map("cards"),
        }
    }
}

async fn roots_outside_the_schema_are_refused_to_participants(server: TestServer) {
    let board = server.create_board().await;
    let mut facilitator = Member::join(&board, &board.facilitator, None).await;
    // A root the facilitator made (trusted): a participant may not write it either.
    let theirs = facilitator.client.doc.get_or_insert_map("facilitators_own");
    facilitator
        .client
        .edit(|txn| {
            theirs.insert(txn, "note", "kept");
        })
        .await;
    facilitator.client.wait_stored().await;
    let mut p1 = Member::join(&board, &board.participant, Some(key(1))).await;

    // Half the largest message, as a board-filling attack would send, 32 times over.
    let blob: std::sync::Arc<[u8]> = vec![7u8; 512 * 1024].into();
    type Craft = Box<dyn FnOnce(&Others, &mut TransactionMut)>;
    let cases: Vec<(&str, Craft)> = vec![
        (
            "a map entry under zzz",
            Box::new(move |o, txn| {
                o.zzz.insert(txn, "1", Any::Buffer(blob));
            }),
        ),
        (
            "a raw top-level Y.Text",
            Box::new(|o, txn| o.notes.insert(txn, 0, &"x".repeat(4096))),
        ),
        (
            "a raw top-level Y.Array",
            Box::new(|o, txn| {
                o.list.push_back(txn, "x");
            }),
        ),
        (
            "a root the facilitator made",
            Box::new(|o, txn| {
                o.own.insert(txn, "note", "overwritten");
            }),
        ),
    ];
    let mut attackers = Vec::new();
    for (what, craft) in cases {
        let mut m = Member::join(&board, &board.participant, Some(key(9))).await;
        attackers.push(m.wall.doc().client_id());
        let others = Others::of(&m.client.doc);
        m.client
            .edit(|txn| {
                // A legitimate card in the same update goes too.
                others.cards.insert(txn, format!("card of {what}"), "ok");
                craft(&others, txn);
            })
            .await;
        assert_refused(&mut m.client, what, "not part of the board").await;
        assert!(!m.client.all_stored(), "{what}: never acknowledged");
    }

    // The others keep working.
    p1.act(|w| w.add_card(board::NewCard::new("weiter", 0.0, 0.0)).unwrap())
        .await;
    p1.client.wait_stored().await;
    assert_eq!(p1.client.ended, None);

    assert_nothing_kept(
        server,
        &board,
        &mut facilitator,
        (&mut p1, "another participant"),
        &attackers,
        |m, label| {
            let names = root_names(&m.client.doc);
            for refused in ["zzz", "notes", "list"] {
                assert!(!names.contains(&refused.to_string()), "{label}: {names:?}");
            }
            let own = m.client.doc.get_or_insert_map("facilitators_own");
            let txn = m.client.doc.transact();
            assert_eq!(
                own.get(&txn, "note").map(|v| v.to_string(&txn)).as_deref(),
                Some("kept"),
                "{label}"
            );
            let texts: Vec<String> = m.wall.cards().into_iter().map(|c| c.text).collect();
            assert_eq!(texts, ["weiter"], "{label}");
        },
    )
    .await;
}

on_one_and_two_nodes!(
    forbidden_writes_are_refused_never_relayed_and_never_stored,
    participants_write_their_own_ballots_entry_and_the_wall,
    after_a_refusal_the_others_updates_of_the_same_moment_go_through,
    a_malformed_key_is_refused_before_the_upgrade,
    locked_cards_and_clusters_are_the_facilitators,
    only_the_facilitator_excludes_a_ballot,
    roots_outside_the_schema_are_refused_to_participants,
);
