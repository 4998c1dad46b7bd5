//! Boards larger than one websocket message (issue 17): a client that made a 5 MB board
//! offline sends it in pieces (`protocol::answer_frames`), each an ordinary update under the
//! server's 1 MiB message limit; every other client gets all of it, also in pieces, and so
//! does one after a restart. The bounds stay the server's usual ones, now per piece: a board
//! that would outgrow `--max-doc-bytes` and a participant's full share close with 1008, a
//! forbidden write in any piece with 4403, and other boards go on meanwhile.

mod common;

use common::{assert_refused, cards, closed, Client, TestServer};
use protocol::{Frame, CLOSE_POLICY, PIECE_BYTES};
use yrs::updates::encoder::Encode;
use yrs::{Doc, Map, ReadTxn, StateVector, Transact};

/// Framing around a piece: message type, sync type, payload length.
const FRAMING: usize = 16;

/// A document with cards `card{from}` … of about `len` characters each, written in
/// transactions of 500 cards, as a board file import does.
fn board_doc(from: usize, count: usize, len: usize) -> Doc {
    let doc = Doc::new();
    let cards = doc.get_or_insert_map("cards");
    let ids: Vec<usize> = (from..from + count).collect();
    for chunk in ids.chunks(500) {
        let mut txn = doc.transact_mut();
        for i in chunk {
            let text = format!(
                "Karte {i}: {}",
                "Moderation über Grenzen. ".repeat(len / 25)
            );
            cards.insert(&mut txn, format!("card{i}"), text);
        }
    }
    doc
}

fn size(doc: &Doc) -> usize {
    doc.transact()
        .encode_state_as_update_v1(&StateVector::default())
        .len()
}

/// Connects with `doc` as the app does: its sync answer in pieces.
async fn connect_in_pieces(url: &str, doc: Doc) -> Client {
    let mut client = Client::connect_with(url, doc).await.expect("connects");
    client.piece_bytes = Some(PIECE_BYTES);
    client
}

#[tokio::test]
async fn a_five_megabyte_board_made_offline_reaches_everyone_in_pieces() {
    let server = TestServer::start().await;
    let board = server.create_board().await;
    let doc = board_doc(0, 2600, 2000);
    assert!(size(&doc) > 5_000_000, "{} bytes", size(&doc));

    let mut a = connect_in_pieces(&board.url(&board.facilitator), doc).await;
    a.sync().await; // until the server's `Stored` covers all of it
    assert_eq!(cards(&a.doc).len(), 2600);

    // A newcomer gets all of it from the server, also in pieces, and counts itself synced
    // (y-websocket: at the step 2) only with the last one.
    let b = board.join(&board.viewer).await;
    assert_eq!(cards(&b.doc), cards(&a.doc));
    assert!(b.updates_received > 5, "{} messages", b.updates_received);
    assert!(
        b.largest_received <= PIECE_BYTES + FRAMING,
        "{} bytes",
        b.largest_received
    );

    // The store has it: after a restart, a newcomer gets it again.
    let expected = cards(&a.doc);
    drop((a, b));
    let (server, board) = server.restart(&board).await;
    let c = board.join(&board.viewer).await;
    assert_eq!(cards(&c.doc), expected);
    server.shutdown().await;
}

#[tokio::test]
async fn an_offline_board_that_outgrows_the_limit_is_refused_and_other_boards_go_on() {
    let server = TestServer::start_with(|c| c.max_doc_bytes = 2 << 20).await;
    let full = server.create_board().await;
    let other = server.create_board().await;
    let mut d = other.join(&other.participant).await;
    let mut e = other.join(&other.participant).await;

    // 3 MB in pieces onto a board that may hold 2 MiB: the pieces that fit are stored, the
    // one that would not is refused with the usual reason.
    let doc = board_doc(0, 1500, 2000);
    let mut a = connect_in_pieces(&full.url(&full.facilitator), doc).await;
    let sv = a.doc.transact().state_vector().encode_v1();
    a.send(Frame::SyncStep1(sv)).await;
    let (code, reason) = closed(&mut a).await;
    assert_eq!(code, CLOSE_POLICY, "{reason}");
    assert!(reason.contains("board is full"), "{reason}");

    // The board still serves what it holds, whole pieces only.
    let v = full.join(&full.viewer).await;
    let kept = cards(&v.doc).len();
    assert!(kept > 0 && kept < 1500, "{kept} cards kept");

    // The other board never noticed.
    d.set("other-board", "fine").await;
    e.wait_until("d's card", |c| c.get("other-board").is_some())
        .await;
    d.wait_stored().await;
    assert_eq!(e.ended, None);
    server.shutdown().await;
}

#[tokio::test]
async fn a_participants_pieces_count_against_its_share() {
    // A participant may write a quarter of the board's limit: 512 KiB here.
    let server = TestServer::start_with(|c| c.max_doc_bytes = 2 << 20).await;
    let board = server.create_board().await;
    let doc = board_doc(0, 500, 2000);
    assert!(size(&doc) > 1 << 20);
    let mut p = connect_in_pieces(&board.url(&board.participant), doc).await;
    let sv = p.doc.transact().state_vector().encode_v1();
    p.send(Frame::SyncStep1(sv)).await;
    let (code, reason) = closed(&mut p).await;
    assert_eq!(code, CLOSE_POLICY, "{reason}");
    assert!(reason.contains("share of this board is full"), "{reason}");
    let f = board.join(&board.facilitator).await;
    assert!(cards(&f.doc).len() < 500);
    server.shutdown().await;
}

#[tokio::test]
async fn a_forbidden_write_cannot_hide_in_a_piece() {
    let server = TestServer::start().await;
    let board = server.create_board().await;
    // A participant's 2 MB of cards, the facilitator-only `agenda` written in the same
    // transaction at the end: it lands in the last piece.
    for agenda_first in [false, true] {
        let doc = Doc::new();
        let cards_map = doc.get_or_insert_map("cards");
        let agenda = doc.get_or_insert_map("agenda");
        {
            let mut txn = doc.transact_mut();
            if agenda_first {
                agenda.insert(&mut txn, "smuggled", "first");
            }
            for i in 0..1000 {
                cards_map.insert(&mut txn, format!("p{i}"), "Schmuggelware ".repeat(140));
            }
            if !agenda_first {
                agenda.insert(&mut txn, "smuggled", "last");
            }
        }
        assert!(size(&doc) > 4 * PIECE_BYTES);
        let mut p = connect_in_pieces(&board.url(&board.participant), doc).await;
        let sv = p.doc.transact().state_vector().encode_v1();
        p.send(Frame::SyncStep1(sv)).await;
        assert_refused(&mut p, "agenda in a piece", "agenda").await;
    }
    // Nothing of `agenda` reached the store, before or after a restart.
    let (server, board) = server.restart(&board).await;
    let f = board.join(&board.facilitator).await;
    let agenda = f.doc.get_or_insert_map("agenda");
    assert_eq!(
        agenda.len(&f.doc.transact()),
        0,
        "the smuggled entry is not there"
    );
    server.shutdown().await;
}
