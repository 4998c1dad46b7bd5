//! The rights the facilitator sets (move cards, create fields, edit others' cards), enforced
//! by a real server over websockets: each forbidden write over a participant connection is
//! closed with 4403 and kept nowhere; own cards stay editable and the facilitator is never
//! limited.

mod common;

use board::{NewCard, ParticipantKey, Rights};
use common::{assert_nothing_kept, assert_refused, Member, TestServer};
use yrs::{Any, Map, MapPrelim, MapRef, Out, Text, TextPrelim, TransactionMut};

fn key(n: u32) -> ParticipantKey {
    ParticipantKey::from_secret(&format!("rightsrule{n:0>16}")).expect("valid secret")
}

/// A crafted change, written with yrs directly (no check on the client).
type Craft = Box<dyn FnOnce(&MapRef, &MapRef, &mut TransactionMut)>;

/// The card or cluster map `id` of `map`, as synced.
fn item(map: &MapRef, txn: &TransactionMut, id: &str) -> MapRef {
    match map.get(txn, id) {
        Some(Out::YMap(m)) => m,
        _ => panic!("{id} is synced"),
    }
}

/// Joins as a participant with key `n`, sends `craft` and expects a 4403 naming `why`.
async fn refused(board: &common::Board, n: u32, what: &str, why: &str, craft: Craft) {
    let mut m = Member::join(board, &board.participant, Some(key(n))).await;
    let cards = m.wall.doc().get_or_insert_map("cards");
    let clusters = m.wall.doc().get_or_insert_map("clusters");
    m.client.edit(|txn| craft(&cards, &clusters, txn)).await;
    assert_refused(&mut m.client, what, why).await;
}

/// A board with a facilitator (key 1) who wrote one card, and participant Anna (key 2) who
/// wrote one; returns the facilitator, Anna, the facilitator's card and Anna's card.
async fn two_cards(board: &common::Board) -> (Member, Member, String, String) {
    let mut fac = Member::join(board, &board.facilitator, Some(key(1))).await;
    let theirs = fac
        .act(|w| {
            w.set_facilitator(true);
            w.add_card(NewCard::new("Moderation", 0.0, 0.0)).unwrap()
        })
        .await;
    fac.client.wait_stored().await;
    let mut anna = Member::join(board, &board.participant, Some(key(2))).await;
    anna.client
        .wait_until("the facilitator's card", |c| {
            common::cards(&c.doc).contains_key(&theirs)
        })
        .await;
    let mine = anna
        .act(|w| w.add_card(NewCard::new("Annas Karte", 0.0, 300.0)).unwrap())
        .await;
    anna.client.wait_stored().await;
    assert_eq!(anna.client.ended, None, "a participant writes its own card");
    (fac, anna, theirs, mine)
}

async fn by_default_participants_edit_and_delete_only_their_own_cards(server: TestServer) {
    let board = server.create_board().await;
    let (mut fac, mut anna, theirs, mine) = two_cards(&board).await;

    let (t1, t2, t3, m1, m2, m3) = (
        theirs.clone(),
        theirs.clone(),
        theirs.clone(),
        mine.clone(),
        mine.clone(),
        mine.clone(),
    );
    let cases: Vec<(&str, &str, Craft)> = vec![
        (
            "editing the facilitator's card",
            "not this participant's card",
            Box::new(move |c, _, t| {
                if let Some(Out::YText(text)) = item(c, t, &t1).get(t, "text") {
                    text.insert(t, 0, "!");
                }
            }),
        ),
        (
            "recolouring the facilitator's card",
            "not this participant's card",
            Box::new(move |c, _, t| {
                item(c, t, &t2).insert(t, "color", "pink");
            }),
        ),
        (
            "deleting the facilitator's card",
            "not this participant's card",
            Box::new(move |c, _, t| {
                c.remove(t, &t3);
            }),
        ),
        (
            "deleting Anna's card",
            "not this participant's card",
            Box::new(move |c, _, t| {
                c.remove(t, &m1);
            }),
        ),
        (
            "replacing Anna's card",
            "not this participant's card",
            Box::new(move |c, _, t| {
                c.insert(
                    t,
                    m2.as_str(),
                    MapPrelim::from([("author", Any::from(key(2).id()))]),
                );
            }),
        ),
        (
            "taking Anna's card as author",
            "author",
            Box::new(move |c, _, t| {
                item(c, t, &m3).insert(t, "author", key(3).id());
            }),
        ),
        (
            "writing a card in Anna's name",
            "author",
            Box::new(|c, _, t| {
                let card = c.insert(t, "forged", MapPrelim::default());
                card.insert(t, "text", TextPrelim::new("gefälscht"));
                card.insert(t, "author", key(2).id());
            }),
        ),
    ];
    for (what, why, craft) in cases {
        refused(&board, 3, what, why, craft).await;
    }
    // Anna cannot overwrite her own card's author either.
    let m4 = mine.clone();
    refused(
        &board,
        2,
        "Anna rewriting her card's author",
        "author",
        Box::new(move |c, _, t| {
            item(c, t, &m4).insert(t, "author", key(3).id());
        }),
    )
    .await;
    // Without a key, a participant owns no card, not even one it wrote with no author.
    let mut keyless = Member::join(&board, &board.participant, None).await;
    let cards = keyless.wall.doc().get_or_insert_map("cards");
    keyless
        .client
        .edit(|t| {
            let card = cards.insert(t, "anon", MapPrelim::default());
            card.insert(t, "text", TextPrelim::new("ohne Schlüssel"));
        })
        .await;
    keyless.client.wait_stored().await;
    assert_eq!(
        keyless.client.ended, None,
        "a keyless participant writes a card"
    );
    keyless
        .client
        .edit(|t| {
            item(&cards, t, "anon").insert(t, "color", "blue");
        })
        .await;
    assert_refused(
        &mut keyless.client,
        "a keyless participant editing",
        "not this participant's card",
    )
    .await;

    // Anna edits, recolours and moves her own card, and moves the facilitator's.
    anna.act(|w| {
        w.set_card_text(&mine, "Annas Karte, überarbeitet").unwrap();
        w.set_card_color(&mine, board::CardColor::Blue).unwrap();
        w.place_card(&theirs, 500.0, 500.0).unwrap();
    })
    .await;
    anna.client.wait_stored().await;
    assert_eq!(anna.client.ended, None, "own cards stay editable");

    let (theirs2, mine2) = (theirs.clone(), mine.clone());
    assert_nothing_kept(
        server,
        &board,
        &mut fac,
        (&mut anna, "Anna"),
        &[],
        move |m, label| {
            let t = m
                .wall
                .card(&theirs2)
                .expect("the facilitator's card is there");
            assert_eq!(
                (t.text.as_str(), t.color, t.x),
                ("Moderation", board::CardColor::Yellow, 500.0),
                "{label}"
            );
            let a = m.wall.card(&mine2).expect("Anna's card is there");
            assert_eq!(a.text, "Annas Karte, überarbeitet", "{label}");
            assert_eq!(a.author, key(2).id(), "{label}");
            assert!(m.wall.card("forged").is_none(), "{label}");
            assert_eq!(
                m.wall.card("anon").map(|c| c.color),
                Some(board::CardColor::Yellow),
                "{label}"
            );
        },
    )
    .await;
}

async fn rights_the_facilitator_switched_off_are_refused(server: TestServer) {
    let board = server.create_board().await;
    let (mut fac, mut anna, theirs, mine) = two_cards(&board).await;
    let field = fac
        .act(|w| {
            let field = w.add_cluster("Bildung", 800.0, 0.0).unwrap();
            w.set_rights(Rights {
                move_cards: false,
                fields: false,
                edit_others: false,
            })
            .unwrap();
            field
        })
        .await;
    fac.client.wait_stored().await;
    anna.client
        .wait_until("the rights", |c| {
            !board::read_rights(&yrs::Transact::transact(&c.doc)).fields
        })
        .await;

    let (m1, m2, t1, f1, f2) = (
        mine.clone(),
        mine.clone(),
        theirs.clone(),
        field.clone(),
        field.clone(),
    );
    let cases: Vec<(&str, &str, Craft)> = vec![
        (
            "moving her own card",
            "moving cards",
            Box::new(move |c, _, t| {
                item(c, t, &m1).insert(t, "x", 42.0);
            }),
        ),
        (
            "putting her card into a field",
            "moving cards",
            Box::new(move |c, _, t| {
                let card = item(c, t, &m2);
                card.insert(t, "cluster", f1.as_str());
                card.insert(t, "order", 1.0);
            }),
        ),
        (
            "moving the facilitator's card",
            "moving cards",
            Box::new(move |c, _, t| {
                item(c, t, &t1).insert(t, "y", 42.0);
            }),
        ),
        (
            "creating a field",
            "fields",
            Box::new(|_, k, t| {
                let f = k.insert(t, "neu", MapPrelim::default());
                f.insert(t, "title", TextPrelim::new("Neu"));
            }),
        ),
        (
            "renaming a field",
            "fields",
            Box::new(move |_, k, t| {
                if let Some(Out::YText(title)) = item(k, t, &f2).get(t, "title") {
                    title.insert(t, 0, "x");
                }
            }),
        ),
    ];
    for (what, why, craft) in cases {
        refused(&board, 2, what, why, craft).await;
    }
    // The board refuses the same locally.
    let mut bert = Member::join(&board, &board.participant, Some(key(3))).await;
    assert_eq!(
        bert.wall.add_cluster("Lokal", 0.0, 0.0),
        Err(board::BoardError::NotAllowed(board::Right::Fields))
    );
    // Own cards stay editable; the facilitator is not limited.
    bert.act(|w| {
        let own = w.add_card(NewCard::new("Berts Karte", 0.0, 600.0)).unwrap();
        w.set_card_text(&own, "Berts Karte!").unwrap();
        w.delete_card(&own).unwrap();
    })
    .await;
    bert.client.wait_stored().await;
    assert_eq!(bert.client.ended, None, "own cards stay editable");
    fac.act(|w| {
        w.place_card(&mine, 10.0, 10.0).unwrap();
        w.rename_cluster(&field, "Bildung!").unwrap();
        w.add_cluster("Arbeit", 1200.0, 0.0).unwrap();
    })
    .await;
    fac.client.wait_stored().await;
    assert_eq!(fac.client.ended, None, "the facilitator is never limited");

    // Switched on, editing others' cards goes through.
    fac.act(|w| {
        w.set_rights(Rights {
            move_cards: false,
            fields: false,
            edit_others: true,
        })
        .unwrap()
    })
    .await;
    fac.client.wait_stored().await;
    bert.client
        .wait_until("the new rights", |c| {
            board::read_rights(&yrs::Transact::transact(&c.doc)).edit_others
        })
        .await;
    bert.act(|w| w.set_card_text(&theirs, "Moderation, ergänzt").unwrap())
        .await;
    bert.client.wait_stored().await;
    assert_eq!(
        bert.client.ended, None,
        "editing others' cards when allowed"
    );

    let (mine2, field2) = (mine.clone(), field.clone());
    assert_nothing_kept(
        server,
        &board,
        &mut fac,
        (&mut anna, "Anna"),
        &[],
        move |m, label| {
            let a = m.wall.card(&mine2).expect("Anna's card");
            assert_eq!((a.x, a.cluster.clone()), (10.0, None), "{label}");
            assert!(m.wall.cluster("neu").is_none(), "{label}");
            assert_eq!(
                m.wall.cluster(&field2).map(|f| f.title),
                Some("Bildung!".to_owned()),
                "{label}"
            );
        },
    )
    .await;
}

on_one_and_two_nodes!(
    by_default_participants_edit_and_delete_only_their_own_cards,
    rights_the_facilitator_switched_off_are_refused,
);
