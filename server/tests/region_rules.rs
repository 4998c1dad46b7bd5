//! Locked regions and leading the room, enforced by a real server over websockets: a
//! participant cannot drag anything out of or into a locked region or a locked cluster, nor
//! lay out regions, nor pose as the facilitator in its presence to move everyone's view.

mod common;

use board::ParticipantKey;
use common::{closed, Member, TestServer};
use protocol::CLOSE_FORBIDDEN;
use yrs::{Map, MapPrelim, MapRef, Out, TransactionMut};

fn key(n: u32) -> ParticipantKey {
    ParticipantKey::from_secret(&format!("regionrules{n:0>16}")).expect("valid secret")
}

/// The root maps a crafted update writes to (handles made before the transaction: making
/// one inside it would wait for the transaction itself).
struct Roots {
    cards: MapRef,
    clusters: MapRef,
    regions: MapRef,
}

impl Roots {
    fn of(doc: &yrs::Doc) -> Roots {
        Roots {
            cards: doc.get_or_insert_map("cards"),
            clusters: doc.get_or_insert_map("clusters"),
            regions: doc.get_or_insert_map("regions"),
        }
    }
}

/// The entry `id` of a root map in the participant's copy.
fn item(root: &MapRef, txn: &TransactionMut, id: &str) -> MapRef {
    match root.get(txn, id) {
        Some(Out::YMap(m)) => m,
        _ => panic!("{id} is synced"),
    }
}

type Craft = Box<dyn FnOnce(&Roots, &mut TransactionMut)>;

async fn nothing_leaves_or_enters_a_locked_region_or_cluster_but_through_the_facilitator(
    server: TestServer,
) {
    let board = server.create_board().await;
    let mut facilitator = Member::join(&board, &board.facilitator, None).await;
    let (region, inside, field, in_field, outside, in_locked_field) = facilitator
        .act(|w| {
            w.set_facilitator(true);
            let region = w
                .add_region("Daten und Fakten", 0.0, 0.0, 800.0, 600.0)
                .unwrap();
            let inside = w
                .add_card(board::NewCard::new("27 %", 500.0, 300.0))
                .unwrap();
            let field = w.add_cluster("Statistik", 100.0, 100.0).unwrap();
            let in_field = w
                .add_card(board::NewCard::new("Vereine", 0.0, 0.0))
                .unwrap();
            w.put_card_in_cluster(&in_field, &field, 0).unwrap();
            let outside = w
                .add_card(board::NewCard::new("Meine These", 1000.0, 0.0))
                .unwrap();
            // A locked cluster outside the region: its cards stay in it.
            let locked_field = w.add_cluster("Vorgaben", 1000.0, 800.0).unwrap();
            let in_locked_field = w.add_card(board::NewCard::new("Budget", 0.0, 0.0)).unwrap();
            w.put_card_in_cluster(&in_locked_field, &locked_field, 0)
                .unwrap();
            w.set_cluster_locked(&locked_field, true).unwrap();
            w.set_region_locked(&region, true).unwrap();
            (region, inside, field, in_field, outside, in_locked_field)
        })
        .await;
    facilitator.client.wait_stored().await;

    let (i1, i2, k1, c1, o1, l1, r1, r2) = (
        inside.clone(),
        inside.clone(),
        field.clone(),
        in_field.clone(),
        outside.clone(),
        in_locked_field.clone(),
        region.clone(),
        region.clone(),
    );
    let cases: Vec<(&str, Craft, &str)> = vec![
        (
            "dragging a card out of a locked region",
            Box::new(move |d, t| {
                item(&d.cards, t, &i1).insert(t, "x", 5000.0);
            }),
            "locked",
        ),
        (
            "deleting a card in a locked region",
            Box::new(move |d, t| {
                d.cards.remove(t, &i2);
            }),
            "locked",
        ),
        (
            "moving a field that lies in a locked region",
            Box::new(move |d, t| {
                item(&d.clusters, t, &k1).insert(t, "x", 5000.0);
            }),
            "locked",
        ),
        (
            "taking a card out of a field in a locked region",
            Box::new(move |d, t| {
                item(&d.cards, t, &c1).remove(t, "cluster");
            }),
            "locked",
        ),
        (
            "dropping a card into a locked region",
            Box::new(move |d, t| {
                let card = item(&d.cards, t, &o1);
                card.insert(t, "x", 50.0);
                card.insert(t, "y", 50.0);
            }),
            "locked",
        ),
        (
            "taking a card out of a locked cluster",
            Box::new(move |d, t| {
                item(&d.cards, t, &l1).remove(t, "cluster");
            }),
            "locked",
        ),
        (
            "unlocking the region",
            Box::new(move |d, t| {
                item(&d.regions, t, &r1).remove(t, "locked");
            }),
            "region",
        ),
        (
            "moving the region",
            Box::new(move |d, t| {
                item(&d.regions, t, &r2).insert(t, "x", 3000.0);
            }),
            "region",
        ),
        (
            "laying out a region",
            Box::new(|d, t| {
                d.regions
                    .insert(t, "mine", MapPrelim::from([("title", "Meins")]));
            }),
            "region",
        ),
    ];
    for (n, (what, craft, why)) in (1..).zip(cases) {
        let mut m = Member::join(&board, &board.participant, Some(key(n))).await;
        let roots = Roots::of(m.wall.doc());
        m.client.edit(|txn| craft(&roots, txn)).await;
        let (code, reason) = closed(&mut m.client).await;
        assert_eq!(code, CLOSE_FORBIDDEN, "{what}: {reason}");
        assert!(reason.contains(why), "{what}: {reason}");
    }

    // Outside the region the wall stays everyone's.
    let mut p = Member::join(&board, &board.participant, Some(key(99))).await;
    p.act(|w| w.place_card(&outside, 1200.0, 40.0).unwrap())
        .await;
    p.client.wait_stored().await;
    assert_eq!(p.client.ended, None);

    let fresh = Member::join(&board, &board.viewer, None).await;
    let w = &fresh.wall;
    let r = w.region(&region).expect("the region is still there");
    assert!(r.locked);
    assert_eq!((r.x, r.title.as_str()), (0.0, "Daten und Fakten"));
    assert_eq!(w.regions().len(), 1);
    assert_eq!(w.card(&inside).map(|c| (c.x, c.y)), Some((500.0, 300.0)));
    assert_eq!(w.cluster(&field).map(|c| c.x), Some(100.0));
    assert_eq!(
        w.card(&in_field).and_then(|c| c.cluster),
        Some(field.clone())
    );
    assert!(w
        .card(&in_locked_field)
        .is_some_and(|c| c.cluster.is_some()));
    assert_eq!(w.card(&outside).map(|c| (c.x, c.y)), Some((1200.0, 40.0)));
}

async fn only_the_facilitator_brings_everyone_to_its_view(server: TestServer) {
    let board = server.create_board().await;
    let mut watcher = Member::join(&board, &board.participant, Some(key(1))).await;

    let mut lead = Member::join(&board, &board.facilitator, None).await;
    let summon = r##"{"user":{"id":"f","name":"Moderation","color":"#000000","role":"facilitator","summon":{"at":1,"x":0,"y":0,"w":1280,"h":800}}}"##;
    lead.client.set_awareness(1, summon).await;
    let lead_id = lead.wall.doc().client_id();
    watcher
        .client
        .wait_until("the facilitator's summons", |c| {
            c.awareness_of(lead_id)
                .is_some_and(|s| s.contains("summon"))
        })
        .await;

    for (n, state) in [
        (
            2,
            r##"{"user":{"id":"p","name":"Mallory","color":"#000000","role":"facilitator"}}"##,
        ),
        (
            3,
            r##"{"user":{"id":"p","name":"Mallory","color":"#000000","role":"participant","summon":{"at":9,"x":5000,"y":5000,"w":10,"h":10}}}"##,
        ),
    ] {
        let mut p = Member::join(&board, &board.participant, Some(key(n))).await;
        p.client.set_awareness(1, state).await;
        let (code, reason) = closed(&mut p.client).await;
        assert_eq!(code, CLOSE_FORBIDDEN, "{state}: {reason}");
        assert!(reason.contains("facilitator"), "{reason}");
    }
    // An honest participant's presence still goes through.
    let mut anna = Member::join(&board, &board.participant, Some(key(4))).await;
    anna.client.set_awareness(1, r##"{"user":{"id":"a","name":"Anna","color":"#000000","role":"participant","summon":null}}"##).await;
    let anna_id = anna.wall.doc().client_id();
    watcher
        .client
        .wait_until("Anna's presence", |c| c.awareness_of(anna_id).is_some())
        .await;
    assert_eq!(anna.client.ended, None);
}

on_one_and_two_nodes!(
    nothing_leaves_or_enters_a_locked_region_or_cluster_but_through_the_facilitator,
    only_the_facilitator_brings_everyone_to_its_view,
);
