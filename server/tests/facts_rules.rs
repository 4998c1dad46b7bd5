//! Facts tables (issue 19), enforced by a real server over websockets: the facilitator puts a
//! table on the wall; a participant can neither add one, nor change, move or remove it.

mod common;

use board::ParticipantKey;
use common::{closed, Member, TestServer};
use protocol::CLOSE_FORBIDDEN;
use yrs::{Map, MapPrelim, MapRef, Out, TransactionMut};

fn key(n: u32) -> ParticipantKey {
    ParticipantKey::from_secret(&format!("factsrules{n:0>16}")).expect("valid secret")
}

/// The facilitator's table in the participant's copy.
fn table(tables: &MapRef, txn: &TransactionMut, id: &str) -> MapRef {
    match tables.get(txn, id) {
        Some(Out::YMap(m)) => m,
        _ => panic!("{id} is synced"),
    }
}

type Craft = Box<dyn FnOnce(&MapRef, &mut TransactionMut)>;

#[tokio::test]
async fn only_the_facilitator_sets_up_facts_tables() {
    let server = TestServer::start().await;
    let board = server.create_board().await;
    let mut facilitator = Member::join(&board, &board.facilitator, None).await;
    let id = facilitator
        .act(|w| {
            w.set_facilitator(true);
            w.add_table(
                "Statistische Daten",
                "Kennzahl\tWert\nEinwohner\tca. 13.400",
                0.0,
                0.0,
            )
            .unwrap()
        })
        .await;
    facilitator.client.wait_stored().await;

    let (a, b, c) = (id.clone(), id.clone(), id.clone());
    let cases: Vec<(&str, Craft)> = vec![
        (
            "changing a cell",
            Box::new(move |t, txn| {
                table(t, txn, &a).insert(txn, "cells", "Kennzahl\tWert\nEinwohner\t1");
            }),
        ),
        (
            "moving the table",
            Box::new(move |t, txn| {
                table(t, txn, &b).insert(txn, "x", 900.0);
            }),
        ),
        (
            "removing the table",
            Box::new(move |t, txn| {
                t.remove(txn, &c);
            }),
        ),
        (
            "adding a table",
            Box::new(|t, txn| {
                t.insert(
                    txn,
                    "mine",
                    MapPrelim::from([("title", "Meine Zahlen"), ("cells", "a\tb")]),
                );
            }),
        ),
    ];
    for (n, (what, craft)) in (1..).zip(cases) {
        let mut m = Member::join(&board, &board.participant, Some(key(n))).await;
        let tables = m.wall.doc().get_or_insert_map("tables");
        m.client.edit(|txn| craft(&tables, txn)).await;
        let (code, reason) = closed(&mut m.client).await;
        assert_eq!(code, CLOSE_FORBIDDEN, "{what}: {reason}");
        assert!(reason.contains("facts tables"), "{what}: {reason}");
    }

    // Nothing of it reached the board.
    let fresh = Member::join(&board, &board.viewer, None).await;
    let tables = fresh.wall.tables();
    assert_eq!(tables.len(), 1);
    assert_eq!(
        (tables[0].title.as_str(), tables[0].x),
        ("Statistische Daten", 0.0)
    );
    assert_eq!(tables[0].rows, [["Einwohner", "ca. 13.400"]]);
}
