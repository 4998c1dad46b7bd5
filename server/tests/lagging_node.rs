//! A participant cannot use a node that is behind to get a forbidden write through: two
//! nodes on one PostgreSQL and Redis, the second reading the relay late (`common/nodes.rs`).
//! The participants are connected to the late node before the facilitator, on the other,
//! locks a card and takes away the right to move cards; right after the facilitator's
//! `Stored`, their writes against either are refused, and allowed writes still go through.

#![cfg(all(feature = "postgres", feature = "redis"))]

mod common;

use board::{ParticipantKey, Rights};
use common::{closed, Member, TestServer};
use protocol::CLOSE_FORBIDDEN;

fn key(n: u32) -> ParticipantKey {
    ParticipantKey::from_secret(&format!("laggingnode{n:0>16}")).expect("valid secret")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lock_or_a_right_taken_away_on_one_node_holds_on_a_lagging_one() {
    let server = TestServer::two_nodes().await;
    let board = server.create_board().await;
    let late = board.nodes[1];
    let mut facilitator = Member::join(&board, &board.facilitator, None).await;
    let (card, other) = facilitator
        .act(|w| {
            w.set_facilitator(true);
            let card = w.add_card(board::NewCard::new("27 %", 400.0, 0.0)).unwrap();
            let other = w
                .add_card(board::NewCard::new("Vereine", 800.0, 0.0))
                .unwrap();
            (card, other)
        })
        .await;
    facilitator.client.wait_stored().await;

    // Participants on the late node, joined while cards are free to move: their documents
    // say so, and nothing tells them otherwise before they write.
    let on_late = board.on(late);
    let mut mover = Member::join(&on_late, &board.participant, Some(key(1))).await;
    let mut shifter = Member::join(&on_late, &board.participant, Some(key(2))).await;
    let mut bystander = Member::join(&on_late, &board.participant, Some(key(3))).await;
    assert!(mover.wall.card(&card).is_some_and(|c| !c.locked));

    facilitator
        .act(|w| {
            w.set_card_locked(&card, true).unwrap();
            let rights = Rights {
                move_cards: false,
                ..w.rights()
            };
            w.set_rights(rights).unwrap();
        })
        .await;
    facilitator.client.wait_stored().await;
    // The late node has not applied the lock yet (it reads the relay `LAG` late): the
    // participants still see the card free and moving allowed.
    assert!(mover.wall.card(&card).is_some_and(|c| !c.locked));
    assert!(shifter.wall.rights().move_cards);

    mover
        .act(|w| w.place_card(&card, 900.0, 900.0).unwrap())
        .await;
    let (code, reason) = closed(&mut mover.client).await;
    assert_eq!(code, CLOSE_FORBIDDEN, "moving the locked card: {reason}");

    shifter
        .act(|w| w.place_card(&other, 1.0, 1.0).unwrap())
        .await;
    let (code, reason) = closed(&mut shifter.client).await;
    assert_eq!(
        code, CLOSE_FORBIDDEN,
        "moving a card without the right: {reason}"
    );

    // An allowed write on the late node goes through, and the store has none of the refused.
    bystander
        .act(|w| {
            w.add_card(board::NewCard::new("Sprache", 50.0, 700.0))
                .unwrap()
        })
        .await;
    bystander.client.wait_stored().await;
    assert_eq!(bystander.client.ended, None);
    let (server, board) = server.restart(&board).await;
    let fresh = Member::join(&board, &board.viewer, None).await;
    let w = &fresh.wall;
    assert_eq!(w.card(&card).map(|c| (c.x, c.locked)), Some((400.0, true)));
    assert!(w.cards().iter().any(|c| c.text == "Sprache"));
    assert_eq!(w.card(&other).map(|c| c.x), Some(800.0));
    server.shutdown().await;
}
