//! Two- and three-replica merge tests: concurrent operations, update delivery order,
//! undo across replicas, and documents written by another tool with plain yrs.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use board::{schema, Board, BoardEnv, CardColor, NewCard, Subscription};
use yrs::updates::decoder::Decode;
use yrs::{Any, Map, MapPrelim, ReadTxn, StateVector, TextPrelim, Transact};

fn env(start: u64) -> BoardEnv {
    let t = Arc::new(AtomicU64::new(start));
    BoardEnv::new(Arc::new(move || t.fetch_add(1, Ordering::Relaxed)))
}

/// A board and a second replica loaded from its snapshot.
fn pair() -> (Board, Board) {
    let a = facilitator(Board::new("Workshop", env(1_000)));
    let b = facilitator(Board::load(&a.snapshot(), env(2_000)).unwrap());
    (a, b)
}

/// Full-state exchange in both directions.
fn sync(a: &mut Board, b: &mut Board) {
    let (sa, sb) = (a.snapshot(), b.snapshot());
    a.apply_update_v2(&sb).unwrap();
    b.apply_update_v2(&sa).unwrap();
}

fn assert_same(a: &Board, b: &Board) {
    assert_eq!(a.cards(), b.cards());
    assert_eq!(a.clusters(), b.clusters());
    assert_eq!(a.title(), b.title());
}

/// Records the v1 updates a board makes itself.
fn record(b: &Board) -> (Rc<RefCell<Vec<Vec<u8>>>>, Subscription) {
    let log: Rc<RefCell<Vec<Vec<u8>>>> = Rc::default();
    let sink = log.clone();
    let sub = b.observe_updates(move |u| {
        if u.local {
            sink.borrow_mut().push(u.v1.clone());
        }
    });
    (log, sub)
}

#[test]
fn concurrent_adds_both_survive() {
    let (mut a, mut b) = pair();
    let x = a.add_card(NewCard::new("Sprache", 0.0, 0.0)).unwrap();
    let y = b.add_card(NewCard::new("Bildung", 0.0, 0.0)).unwrap();
    sync(&mut a, &mut b);
    assert_same(&a, &b);
    assert_eq!(a.card_count(), 2);
    assert!(a.card(&y).is_some() && b.card(&x).is_some());
}

#[test]
fn concurrent_text_edits_in_one_card_merge() {
    let (mut a, mut b) = pair();
    let id = a
        .add_card(NewCard::new("Bildung für alle", 0.0, 0.0))
        .unwrap();
    sync(&mut a, &mut b);
    a.set_card_text(&id, "Gute Bildung für alle").unwrap();
    b.set_card_text(&id, "Bildung für alle 👍").unwrap();
    sync(&mut a, &mut b);
    assert_same(&a, &b);
    assert_eq!(a.card(&id).unwrap().text, "Gute Bildung für alle 👍");
}

#[test]
fn concurrent_cluster_title_edits_merge() {
    let (mut a, mut b) = pair();
    let k = a.add_cluster("Bildung", 0.0, 0.0).unwrap();
    sync(&mut a, &mut b);
    a.rename_cluster(&k, "Bildung / Sprache").unwrap();
    b.rename_cluster(&k, "Frühe Bildung").unwrap();
    b.move_cluster(&k, 50.0, 60.0).unwrap();
    sync(&mut a, &mut b);
    assert_same(&a, &b);
    let c = a.cluster(&k).unwrap();
    assert_eq!(c.title, "Frühe Bildung / Sprache");
    assert_eq!((c.x, c.y), (50.0, 60.0));
}

#[test]
fn concurrent_put_in_two_clusters_ends_in_one() {
    let (mut a, mut b) = pair();
    let k1 = a.add_cluster("K1", 0.0, 0.0).unwrap();
    let k2 = a.add_cluster("K2", 400.0, 0.0).unwrap();
    let id = a.add_card(NewCard::new("umkämpft", 0.0, 0.0)).unwrap();
    sync(&mut a, &mut b);
    a.put_card_in_cluster(&id, &k1, 0).unwrap();
    b.put_card_in_cluster(&id, &k2, 0).unwrap();
    sync(&mut a, &mut b);
    assert_same(&a, &b);
    let in1 = a.cluster_cards(&k1).len();
    let in2 = a.cluster_cards(&k2).len();
    assert_eq!(in1 + in2, 1, "in exactly one cluster");
    assert!(a.free_cards().is_empty());
}

#[test]
fn card_put_into_a_concurrently_deleted_cluster_is_free() {
    let (mut a, mut b) = pair();
    let k = a.add_cluster("Weg", 100.0, 100.0).unwrap();
    let id = a.add_card(NewCard::new("heimatlos", 7.0, 8.0)).unwrap();
    sync(&mut a, &mut b);
    a.delete_cluster(&k).unwrap();
    b.put_card_in_cluster(&id, &k, 0).unwrap();
    sync(&mut a, &mut b);
    assert_same(&a, &b);
    let card = a.card(&id).unwrap();
    assert_eq!(
        card.cluster, None,
        "dangling cluster reference reads as free"
    );
    assert_eq!((card.x, card.y), (7.0, 8.0));
    assert_eq!(a.free_cards().len(), 1);
    assert!(a.clusters().is_empty());
    // The card can be used normally afterwards.
    let k2 = a.add_cluster("Neu", 0.0, 0.0).unwrap();
    a.put_card_in_cluster(&id, &k2, 0).unwrap();
    assert_eq!(a.cluster_cards(&k2).len(), 1);
}

#[test]
fn edit_of_a_concurrently_deleted_card_stays_deleted() {
    let (mut a, mut b) = pair();
    let id = a.add_card(NewCard::new("weg damit", 0.0, 0.0)).unwrap();
    sync(&mut a, &mut b);
    a.delete_card(&id).unwrap();
    b.set_card_text(&id, "doch nicht").unwrap();
    b.set_card_color(&id, CardColor::Pink).unwrap();
    b.place_card(&id, 1.0, 1.0).unwrap();
    sync(&mut a, &mut b);
    assert_same(&a, &b);
    assert_eq!(a.card_count(), 0);
}

#[test]
fn undo_never_touches_a_remote_update() {
    let (mut a, mut b) = pair();
    let mine = a.add_card(NewCard::new("von A", 0.0, 0.0)).unwrap();
    let theirs = b.add_card(NewCard::new("von B", 0.0, 0.0)).unwrap();
    sync(&mut a, &mut b);
    assert!(a.undo());
    assert!(a.card(&mine).is_none());
    assert!(a.card(&theirs).is_some(), "B's card survives A's undo");
    assert!(!a.undo(), "nothing of A's left to undo");
    assert!(a.card(&theirs).is_some());
    sync(&mut a, &mut b);
    assert_same(&a, &b);
    assert_eq!(b.card_count(), 1);
}

#[test]
fn undo_reverts_only_the_local_part_of_a_shared_card() {
    let (mut a, mut b) = pair();
    let id = a.add_card(NewCard::new("Kita", 0.0, 0.0)).unwrap();
    sync(&mut a, &mut b);
    a.set_card_color(&id, CardColor::Pink).unwrap();
    b.set_card_text(&id, "Kita-Plätze").unwrap();
    sync(&mut a, &mut b);
    assert!(a.undo());
    let card = a.card(&id).unwrap();
    assert_eq!(card.color, CardColor::Yellow);
    assert_eq!(card.text, "Kita-Plätze");
    sync(&mut a, &mut b);
    assert_same(&a, &b);
}

#[test]
fn undo_after_a_remote_delete() {
    // A adds a card, B deletes it; A's undo of the add finds nothing to remove.
    let (mut a, mut b) = pair();
    let id = a.add_card(NewCard::new("kurzlebig", 0.0, 0.0)).unwrap();
    sync(&mut a, &mut b);
    b.delete_card(&id).unwrap();
    sync(&mut a, &mut b);
    assert!(!a.undo(), "the card A added is already gone");
    assert!(a.card(&id).is_none());
    // B's undo brings it back for everyone.
    assert!(b.undo());
    sync(&mut a, &mut b);
    assert_same(&a, &b);
    assert_eq!(a.card(&id).unwrap().text, "kurzlebig");
}

#[test]
fn wire_updates_converge_out_of_order_and_duplicated() {
    let mut a = facilitator(Board::new("Workshop", env(1_000)));
    let mut b = facilitator(Board::load(&a.snapshot(), env(2_000)).unwrap());
    let (log, _sub) = record(&a);
    let k = a.add_cluster("Bildung", 0.0, 0.0).unwrap();
    let id = a
        .add_card(NewCard::new("Bildung für alle", 0.0, 0.0))
        .unwrap();
    a.put_card_in_cluster(&id, &k, 0).unwrap();
    a.set_card_text(&id, "Bildung für alle 👍").unwrap();
    assert!(a.undo());
    assert!(a.redo());
    let updates = log.borrow().clone();
    assert_eq!(updates.len(), 6);
    for u in updates.iter().rev() {
        b.apply_update_v1(u).unwrap();
    }
    for u in &updates {
        b.apply_update_v1(u).unwrap();
    }
    assert_same(&a, &b);
    assert_eq!(b.cluster_cards(&k)[0].text, "Bildung für alle 👍");
}

#[test]
fn three_replicas_converge_through_a_relay() {
    let mut a = facilitator(Board::new("Workshop", env(1_000)));
    let mut b = facilitator(Board::load(&a.snapshot(), env(2_000)).unwrap());
    let mut c = facilitator(Board::load(&a.snapshot(), env(3_000)).unwrap());
    let k = a.add_cluster("Bildung", 0.0, 0.0).unwrap();
    b.add_card(NewCard::new("b", 0.0, 0.0)).unwrap();
    c.add_card(NewCard::new("c", 0.0, 0.0)).unwrap();
    sync(&mut a, &mut b);
    sync(&mut b, &mut c);
    sync(&mut a, &mut b);
    for card in a.cards() {
        a.put_card_in_cluster(&card.id, &k, 0).unwrap();
    }
    sync(&mut a, &mut c);
    sync(&mut b, &mut c);
    assert_same(&a, &b);
    assert_same(&b, &c);
    assert_eq!(c.cluster_cards(&k).len(), 2);
}

#[test]
fn snapshot_of_a_merged_board_loads() {
    let (mut a, mut b) = pair();
    a.add_card(NewCard::new("a", 0.0, 0.0)).unwrap();
    b.add_card(NewCard::new("b", 0.0, 0.0)).unwrap();
    sync(&mut a, &mut b);
    let c = facilitator(Board::load(&b.snapshot(), env(5_000)).unwrap());
    assert_same(&a, &c);
}

#[test]
fn a_board_written_by_another_tool_reads() {
    // Another tool writing the documented format with plain yrs (default byte offsets).
    let other = yrs::Doc::new();
    let meta = other.get_or_insert_map(schema::META);
    let cards = other.get_or_insert_map(schema::CARDS);
    let clusters = other.get_or_insert_map(schema::CLUSTERS);
    {
        let mut txn = other.transact_mut();
        meta.insert(&mut txn, schema::meta::SCHEMA, 1);
        meta.insert(&mut txn, schema::meta::TITLE, "Fremd");
        let k = clusters.insert(&mut txn, "K0000000000k", MapPrelim::default());
        k.insert(&mut txn, schema::cluster::TITLE, TextPrelim::new("Sprache"));
        k.insert(&mut txn, schema::cluster::X, 10);
        k.insert(&mut txn, schema::cluster::Y, 20.5);
        k.insert(&mut txn, schema::cluster::COLOR, "green");
        let c = cards.insert(&mut txn, "C0000000000c", MapPrelim::default());
        c.insert(
            &mut txn,
            schema::card::TEXT,
            TextPrelim::new("Deutschkurse für Mütter 👩"),
        );
        c.insert(&mut txn, schema::card::X, 1);
        c.insert(&mut txn, schema::card::Y, 2);
        c.insert(&mut txn, schema::card::COLOR, "blue");
        c.insert(&mut txn, schema::card::CLUSTER, "K0000000000k");
        c.insert(&mut txn, schema::card::AUTHOR, "p-7");
        c.insert(
            &mut txn,
            schema::card::CREATED,
            Any::from(1_300_000_000_000_f64),
        );
        // no `order`: defaults to 0
    }
    let bytes = other
        .transact()
        .encode_state_as_update_v2(&StateVector::default());
    let mut b = facilitator(Board::load(&bytes, env(1)).unwrap());
    assert_eq!(b.title(), "Fremd");
    let card = b.card("C0000000000c").unwrap();
    assert_eq!(card.text, "Deutschkurse für Mütter 👩");
    assert_eq!(card.cluster.as_deref(), Some("K0000000000k"));
    assert_eq!(
        (card.x, card.y, card.order, card.created),
        (1.0, 2.0, 0.0, 1.3e12)
    );
    assert_eq!(card.color, CardColor::Blue);
    let k = b.cluster("K0000000000k").unwrap();
    assert_eq!(
        (k.title.as_str(), k.x, k.y, k.color),
        ("Sprache", 10.0, 20.5, CardColor::Green)
    );

    // Our edits flow back to the other tool, whose text offsets count bytes.
    let sv = other.transact().state_vector();
    b.set_card_text("C0000000000c", "Deutschkurse für Väter und Mütter 👩")
        .unwrap();
    let diff = b.doc().transact().encode_state_as_update_v1(&sv);
    other
        .transact_mut()
        .apply_update(yrs::Update::decode_v1(&diff).unwrap())
        .unwrap();
    let txn = other.transact();
    let Some(yrs::Out::YMap(c)) = cards.get(&txn, "C0000000000c") else {
        panic!("card map")
    };
    let Some(yrs::Out::YText(t)) = c.get(&txn, schema::card::TEXT) else {
        panic!("text")
    };
    use yrs::GetString;
    assert_eq!(t.get_string(&txn), "Deutschkurse für Väter und Mütter 👩");
}

/// 18 v1 updates from a failing run of `tests/convergence.rs`, in the shuffled order (with a
/// duplicate) one replica received them. Plain yrs 0.28.1 applying them in this order leaves
/// one stuck in pending (`has_missing_updates()` stays true) and loses the text " a", because
/// it integrates same-client out-of-order blocks around "skip" holes. `Board` holds such
/// updates back until the gap is filled.
const SHUFFLED: [&str; 18] = [
    "0101ddbfd2cff38280071084ddbfd2cff38280070f02c3a400",
    "0101ddbfd2cff382800726a8ddbfd2cff382800725017705677265656e01ddbfd2cff3828007012501",
    concat!(
        "0109ddbfd2cff38280070027010563617264730c777a7253474f6e58324c5555012800ddbfd2cff382800700",
        "05636f6c6f7201770679656c6c6f772700ddbfd2cff3828007000474657874020400ddbfd2cff38280070207",
        "42696c64756e672800ddbfd2cff38280070006617574686f720177002800ddbfd2cff3828007000179017c00",
        "0000002800ddbfd2cff3828007000763726561746564017c46ea60002800ddbfd2cff3828007000178017c00",
        "0000002800ddbfd2cff382800700056f72646572017c0000000000",
    ),
    concat!(
        "0109ddbfd2cff38280071527010563617264730c746b66635069466c446a4f49012800ddbfd2cff382800715",
        "0178017c000000002800ddbfd2cff3828007150763726561746564017c46ea74002800ddbfd2cff382800715",
        "056f72646572017c000000002800ddbfd2cff3828007150179017c000000002700ddbfd2cff3828007150474",
        "657874020400ddbfd2cff38280071a0742696c64756e672800ddbfd2cff38280071505636f6c6f7201770679",
        "656c6c6f772800ddbfd2cff38280071506617574686f7201770000",
    ),
    "0101ddbfd2cff382800711a8ddbfd2cff38280070b017c3f80000001ddbfd2cff3828007010b01",
    "0101ddbfd2cff382800746a8d69988fde2bcb80704017cbf80000001d69988fde2bcb807010401",
    "0101ddbfd2cff38280070f84ddbfd2cff38280070902c3b600",
    "0101ddbfd2cff382800725a8ddbfd2cff38280071301770679656c6c6f7701ddbfd2cff3828007011301",
    concat!(
        "0109ddbfd2cff38280073627010563617264730c3975515a6a356b65734e6e61012800ddbfd2cff382800736",
        "056f72646572017c000000002800ddbfd2cff3828007360179017c000000002800ddbfd2cff3828007360661",
        "7574686f720177002700ddbfd2cff3828007360474657874020400ddbfd2cff38280073a0742696c64756e67",
        "2800ddbfd2cff3828007360178017c000000002800ddbfd2cff38280073605636f6c6f7201770679656c6c6f",
        "772800ddbfd2cff3828007360763726561746564017c46ea820000",
    ),
    "0101ddbfd2cff38280074784d69988fde2bcb80700016100",
    "0101ddbfd2cff38280072484ddbfd2cff38280072102c3a400",
    concat!(
        "0109d69988fde2bcb8070127010563617264730c5a6a63494d6e686a42685a42012800d69988fde2bcb80701",
        "06617574686f720177002800d69988fde2bcb807010763726561746564017c469c42002800d69988fde2bcb8",
        "07010179017c000000002800d69988fde2bcb80701056f72646572017c000000002800d69988fde2bcb80701",
        "0178017c000000002700d69988fde2bcb807010474657874020400d69988fde2bcb807070742696c64756e67",
        "2800d69988fde2bcb8070105636f6c6f7201770679656c6c6f7700",
    ),
    "0101d69988fde2bcb8070084ddbfd2cff382800714012001ddbfd2cff3828007011401",
    "0101ddbfd2cff382800745a8ddbfd2cff382800726017704626c756501ddbfd2cff3828007012601",
    concat!(
        "0109ddbfd2cff38280072727010563617264730c306962614668516432366443012800ddbfd2cff382800727",
        "056f72646572017c000000002800ddbfd2cff3828007270178017c000000002700ddbfd2cff3828007270474",
        "657874020400ddbfd2cff38280072a0742696c64756e672800ddbfd2cff3828007270179017c000000002800",
        "ddbfd2cff38280072705636f6c6f7201770679656c6c6f772800ddbfd2cff38280072706617574686f720177",
        "002800ddbfd2cff3828007270763726561746564017c46ea7e0000",
    ),
    "0101ddbfd2cff382800713a8ddbfd2cff382800701017705677265656e01ddbfd2cff3828007010101",
    "0101ddbfd2cff38280071284ddbfd2cff38280071002c3bc00",
    "0101ddbfd2cff38280071484ddbfd2cff38280071202c3b601ddbfd2cff3828007011201",
];

/// The order in which the updates were made (a causal order), as indices into `SHUFFLED`.
const CAUSAL: [usize; 18] = [2, 6, 0, 4, 16, 15, 17, 3, 10, 12, 11, 7, 1, 14, 8, 13, 5, 9];

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn shuffled_and_duplicated_updates_converge() {
    let mut shuffled = facilitator(Board::new("Workshop", env(1)));
    for u in SHUFFLED {
        shuffled.apply_update_v1(&unhex(u)).unwrap();
    }
    let mut causal = facilitator(Board::new("Workshop", env(1)));
    for i in CAUSAL {
        causal.apply_update_v1(&unhex(SHUFFLED[i])).unwrap();
    }
    assert!(!shuffled.has_pending_updates());
    assert!(!causal.has_pending_updates());
    assert_eq!(shuffled.cards(), causal.cards());
    assert!(causal.cards().iter().any(|c| c.text == "Bildungöä a"));
}

#[test]
fn an_update_waits_for_the_ones_before_it() {
    let (mut a, mut b) = pair();
    let (log, _sub) = record(&a);
    let id = a.add_card(NewCard::new("Bildung", 0.0, 0.0)).unwrap();
    a.set_card_text(&id, "Bildung für alle").unwrap();
    let updates = log.borrow().clone();
    b.apply_update_v1(&updates[1]).unwrap();
    assert!(b.has_pending_updates());
    assert_eq!(b.card_count(), 0);
    b.apply_update_v1(&updates[0]).unwrap();
    assert!(!b.has_pending_updates());
    assert_same(&a, &b);
}

#[test]
fn a_joined_board_syncs_by_state_vector_and_diff() {
    let mut facilitator = facilitator(Board::new("Integrationsworkshop", BoardEnv::default()));
    facilitator
        .add_card(NewCard::new("Toleranz", 0.0, 0.0))
        .unwrap();
    let mut phone = Board::joined(BoardEnv::default());
    assert!(!phone.is_initialized());
    // A joined board that was stored before its first sync restores, but is not a board file.
    assert!(Board::restore(&phone.snapshot(), BoardEnv::default()).is_ok());
    assert!(matches!(
        Board::load(&phone.snapshot(), BoardEnv::default()),
        Err(board::LoadError::NotABoard)
    ));

    // Both sync steps, in both directions, as over the wire.
    let to_phone = facilitator.diff_v1(&phone.state_vector_v1()).unwrap();
    phone.apply_update_v1(&to_phone).unwrap();
    phone.add_card(NewCard::new("Offenheit", 0.0, 0.0)).unwrap();
    let to_facilitator = phone.diff_v1(&facilitator.state_vector_v1()).unwrap();
    facilitator.apply_update_v1(&to_facilitator).unwrap();

    assert!(phone.is_initialized());
    assert_eq!(phone.title(), "Integrationsworkshop");
    assert_eq!(phone.cards(), facilitator.cards());
    assert_eq!(facilitator.card_count(), 2);
    assert!(
        facilitator.diff_v1(b"\xff\xff").is_err(),
        "a garbage state vector is an error"
    );
}

/// Acts for the facilitator: these tests are about merging, not participants' rights.
fn facilitator(mut b: Board) -> Board {
    b.set_facilitator(true);
    b
}
