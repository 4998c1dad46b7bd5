//! The attacks of the security review (issue 12), each over real websockets against a server
//! in this process: a crafted frame must close only its own connection, cost little memory,
//! and leave this board and others working. Memory is this process's peak (`VmHWM`), so it
//! bounds every test in the file together.

mod common;

use board::ParticipantKey;
use common::{closed, get, Board, Client, Ended, Member, TestServer};
use protocol::{Frame, CLOSE_MALFORMED, CLOSE_POLICY};
use yrs::sync::awareness::{AwarenessUpdate, AwarenessUpdateEntry};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{ClientID, Doc, Map, MapPrelim, ReadTxn, StateVector, Transact, Update};

/// Peak memory this test process may reach, in MB (it idles at about 20).
const PEAK_MB: u64 = 300;

fn key(n: u32) -> ParticipantKey {
    ParticipantKey::from_secret(&format!("attacks{n:0>18}")).expect("valid secret")
}

/// Peak resident memory of this process, in MB.
fn peak_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("procfs");
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM");
    let kb: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .expect("a number");
    kb / 1024
}

fn assert_memory_bounded() {
    let peak = peak_mb();
    assert!(peak < PEAK_MB, "peak memory {peak} MB, bound {PEAK_MB} MB");
}

/// The server answers, and on each board two new participants still see each other's cards.
async fn still_serving(server: &TestServer, boards: &[&Board]) {
    assert_eq!(server.health().await["status"], "ok");
    for (i, board) in boards.iter().enumerate() {
        let mut a = board.join(&board.participant).await;
        let mut b = board.join(&board.participant).await;
        let card = format!("after-{i}");
        a.set(&card, "still here").await;
        b.wait_until("a's card", |c| c.get(&card).is_some()).await;
        a.wait_stored().await;
    }
}

/// An update writing `cards.c1` = one value nested `depth` arrays deep (about 2 bytes a level).
fn nested_update(depth: usize) -> Vec<u8> {
    // clients 1, blocks 1, client 5, clock 0, info: Any with a parent key, parent named
    // "cards", key "c1", one value.
    let mut bytes = vec![1, 1, 5, 0, 8 | 0x20, 1, 5];
    bytes.extend_from_slice(b"cards");
    bytes.extend_from_slice(&[2, b'c', b'1', 1]);
    for _ in 0..depth {
        bytes.extend_from_slice(&[117, 1]);
    }
    bytes.push(126); // null
    bytes.push(0); // empty delete set
    bytes
}

fn awareness(entries: &[(u64, u32, &str)]) -> Frame {
    let update = AwarenessUpdate {
        clients: entries
            .iter()
            .map(|&(client, clock, json)| {
                (
                    ClientID::new(client),
                    AwarenessUpdateEntry {
                        clock,
                        json: json.into(),
                    },
                )
            })
            .collect(),
    };
    Frame::Awareness(update.encode_v1())
}

async fn expect_close(client: &mut Client, code: u16, what: &str) -> String {
    let (got, reason) = closed(client).await;
    assert_eq!(got, code, "{what}: {reason}");
    reason
}

#[tokio::test]
async fn one_deeply_nested_value_closes_only_its_connection() {
    let server = TestServer::start().await;
    let board = server.create_board().await;
    let other = server.create_board().await;
    let bomb = Frame::Update(nested_update(10_000)).encode();
    assert!(bomb.len() < 21_000, "about 20 KB");

    // The projector's read-only token: dropped before decoding, the projector stays.
    let mut viewer = board.join(&board.viewer).await;
    viewer.send_raw(bomb.clone()).await;
    let mut participant = board.join(&board.participant).await;
    participant.send_raw(bomb).await;
    let reason = expect_close(&mut participant, CLOSE_MALFORMED, "nested update").await;
    assert!(reason.contains("nested"), "{reason}");
    // The projector still gets what others write.
    let mut writer = board.join(&board.participant).await;
    writer.set("seen", "by the projector").await;
    viewer
        .wait_until("the card", |c| c.get("seen").is_some())
        .await;
    assert_eq!(viewer.ended, None);
    assert!(get(&viewer.doc, "c1").is_none());
    still_serving(&server, &[&board, &other]).await;
    assert_memory_bounded();
    server.shutdown().await;
}

#[tokio::test]
async fn declared_counts_beyond_the_bytes_allocate_nothing() {
    let server = TestServer::start().await;
    let board = server.create_board().await;
    let other = server.create_board().await;
    let cases: Vec<(&str, &String, Vec<u8>)> = vec![
        // 7 bytes: a state vector declaring 2^29 entries.
        (
            "state vector of 2^29 entries",
            &board.viewer,
            vec![0, 0, 5, 0x80, 0x80, 0x80, 0x80, 0x02],
        ),
        (
            "update of 2^28 clients",
            &board.participant,
            Frame::Update(vec![0x80, 0x80, 0x80, 0x80, 0x01, 0]).encode(),
        ),
        (
            "awareness update of a million clients",
            &board.viewer,
            Frame::Awareness(vec![0xc0, 0x84, 0x3d, 1, 1, 0]).encode(),
        ),
        (
            "an array of 2^30 values",
            &board.participant,
            Frame::Update({
                let mut b = nested_update(0);
                b.truncate(b.len() - 2);
                b.extend_from_slice(&[117, 0x80, 0x80, 0x80, 0x80, 0x04, 0]);
                b
            })
            .encode(),
        ),
    ];
    for (what, token, bytes) in cases {
        let mut c = board.join(token).await;
        c.send_raw(bytes).await;
        expect_close(&mut c, CLOSE_MALFORMED, what).await;
    }
    still_serving(&server, &[&board, &other]).await;
    assert_memory_bounded();
    server.shutdown().await;
}

#[tokio::test]
async fn presence_is_limited_per_connection_and_cannot_be_forged() {
    let server = TestServer::start().await;
    let board = server.create_board().await;
    let mut watcher = board.join(&board.participant).await;

    // A viewer inventing client ids: the fifth is one too many.
    let mut flood = board.join(&board.viewer).await;
    for id in 1..=10u64 {
        flood
            .send(awareness(&[(1000 + id, 1, r#"{"user":{"name":"x"}}"#)]))
            .await;
    }
    let reason = expect_close(&mut flood, CLOSE_POLICY, "presence flood").await;
    assert!(reason.contains("presence"), "{reason}");
    // And a thousand in one message.
    let mut flood = board.join(&board.viewer).await;
    let many: Vec<(u64, u32, &str)> = (0..1000).map(|i| (5000 + i, 1, "{}")).collect();
    flood.send(awareness(&many)).await;
    expect_close(&mut flood, CLOSE_POLICY, "a thousand ids").await;
    // A state too large.
    let mut big = board.join(&board.participant).await;
    let huge = format!(r#"{{"user":{{"name":"{}"}}}}"#, "x".repeat(10_000));
    big.send(awareness(&[(77, 1, &huge)])).await;
    expect_close(&mut big, CLOSE_POLICY, "a 10 KB state").await;

    // Anna (a keyed participant) and the facilitator are present.
    let mut anna = Member::join(&board, &board.participant, Some(key(1))).await;
    let anna_id = anna.client.doc.client_id();
    anna.client
        .set_awareness(1, r##"{"user":{"name":"Anna","color":"#ff0000"}}"##)
        .await;
    let mut fac = board.join(&board.facilitator).await;
    let fac_id = fac.doc.client_id();
    let fac_state = r#"{"user":{"name":"Moderation","role":"facilitator"}}"#;
    fac.set_awareness(1, fac_state).await;
    watcher
        .wait_until("both states", |c| {
            c.awareness_of(anna_id).is_some() && c.awareness_of(fac_id).is_some()
        })
        .await;

    // Mallory takes both ids with the highest clock, and a colour with CSS in it.
    let mut mallory = Member::join(&board, &board.participant, Some(key(2))).await;
    let forged = r#"{"user":{"name":"Anna","color":"red;position:fixed;inset:0"}}"#;
    mallory
        .client
        .send(awareness(&[
            (anna_id.get(), u32::MAX, forged),
            (fac_id.get(), u32::MAX, forged),
        ]))
        .await;
    // A stock client relays the facilitator's state as it received it: ignored, not refused.
    let mut stock = board.join(&board.participant).await;
    stock.send(awareness(&[(fac_id.get(), 1, fac_state)])).await;

    // Their renewals still count, and nobody saw the forgery.
    anna.client
        .set_awareness(2, r##"{"user":{"name":"Anna","color":"#ff0000"}}"##)
        .await;
    fac.set_awareness(2, fac_state).await;
    watcher
        .wait_until("both renewals", |c| {
            c.awareness
                .get(&anna_id.get())
                .is_some_and(|(clock, _)| *clock == 2)
                && c.awareness
                    .get(&fac_id.get())
                    .is_some_and(|(clock, _)| *clock == 2)
        })
        .await;
    assert!(!watcher.awareness_of(anna_id).unwrap().contains("fixed"));
    // The stock client and Mallory are still connected and syncing.
    stock.set("stock", "here").await;
    stock.wait_stored().await;
    assert_eq!(mallory.client.ended, None);
    assert_memory_bounded();
    server.shutdown().await;
}

/// A document with the victim's client id that continues at the victim's next clock.
fn impostor(of: &Doc, server_state: &Doc) -> Doc {
    let doc = Doc::with_client_id(of.client_id().get());
    let state = server_state
        .transact()
        .encode_state_as_update_v1(&StateVector::default());
    doc.transact_mut()
        .apply_update(Update::decode_v1(&state).unwrap())
        .unwrap();
    doc
}

#[tokio::test]
async fn writing_under_another_writers_client_id_drops_nothing_of_theirs() {
    let server = TestServer::start().await;
    let board = server.create_board().await;
    let mut victim = Member::join(&board, &board.participant, Some(key(3))).await;
    victim.client.set("v1", "first").await;
    victim.client.wait_stored().await;
    let mut fac = board.join(&board.facilitator).await;
    fac.set("f1", "facilitator's").await;
    fac.wait_stored().await;

    // The victim goes offline and writes a card there.
    let victim_doc = victim.client.close().await;
    let cards = victim_doc.get_or_insert_map("cards");
    cards.insert(&mut victim_doc.transact_mut(), "v2", "written offline");

    // Mallory writes under the victim's next clocks and under the facilitator's.
    let mut mallory = Member::join(&board, &board.participant, Some(key(4))).await;
    for of in [&victim_doc, &fac.doc] {
        let fake = impostor(of, &mallory.client.doc);
        let before = fake.transact().state_vector();
        let cards = fake.get_or_insert_map("cards");
        cards.insert(&mut fake.transact_mut(), "evil", "squatted");
        let update = fake.transact().encode_state_as_update_v1(&before);
        mallory.client.send(Frame::Update(update)).await;
    }
    mallory.client.set("m1", "mallory's own").await;
    mallory.client.wait_stored().await;

    // The victim comes back: its card is stored, and acknowledged only because it is.
    let mut back = Client::connect_with(
        &board.url_with_key(&board.participant, Some(&key(3))),
        victim_doc,
    )
    .await
    .unwrap();
    back.sync().await;
    fac.set("f2", "facilitator again").await;
    fac.wait_stored().await;
    let (server, board) = server.restart(&board).await;
    let fresh = board.join(&board.viewer).await;
    for card in ["v1", "v2", "f1", "f2", "m1"] {
        assert!(get(&fresh.doc, card).is_some(), "{card} is stored");
    }
    assert!(
        get(&fresh.doc, "evil").is_none(),
        "the squatter's card is not"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_participants_share_of_the_board_is_capped() {
    let server = TestServer::start_with(|c| c.max_doc_bytes = 256 * 1024).await;
    let board = server.create_board().await;
    let mut filler = Member::join(&board, &board.participant, Some(key(5))).await;
    let text = "x".repeat(8 * 1024);
    let mut written = 0;
    let ended = loop {
        filler.client.set(&format!("big{written}"), &text).await;
        written += 1;
        assert!(written < 40, "never capped");
        filler
            .client
            .wait_until("stored or closed", |c| c.ended.is_some() || c.all_stored())
            .await;
        if let Some(ended) = filler.client.ended.clone() {
            break ended;
        }
    };
    match ended {
        Ended::Close(code, reason) => {
            assert_eq!(code, CLOSE_POLICY, "{reason}");
            assert!(reason.contains("share"), "{reason}");
        }
        Ended::Dropped => panic!("dropped without a close frame"),
    }
    // 64 KiB of 256 KiB: about eight cards of 8 KiB.
    assert!((6..=9).contains(&written), "{written} cards");
    // Everyone else goes on.
    let mut fac = board.join(&board.facilitator).await;
    fac.set("fac", &text).await;
    fac.wait_stored().await;
    still_serving(&server, &[&board]).await;
    server.shutdown().await;
}

#[tokio::test]
async fn refusals_after_applying_cool_their_writer_down_and_root_level_ones_cost_nothing() {
    let server =
        TestServer::start_with(|c| c.refusal_cooldown = std::time::Duration::from_secs(600)).await;
    let board = server.create_board().await;
    let mut fac = Member::join(&board, &board.facilitator, None).await;
    let field = fac
        .act(|w| w.add_cluster("Bildung", 0.0, 0.0).unwrap())
        .await;
    fac.client.wait_stored().await;

    // A new entry of a root map (a voting round) is refused before it is applied: the same
    // participant may come straight back.
    let mut m = Member::join(&board, &board.participant, Some(key(6))).await;
    let rounds = m.client.doc.get_or_insert_map("rounds");
    m.client
        .edit(|txn| {
            rounds.insert(txn, "r9", MapPrelim::default());
        })
        .await;
    common::assert_refused(&mut m.client, "a round", "round").await;
    let mut m = Member::join(&board, &board.participant, Some(key(6))).await;

    // Merging a field is a write inside the field: refused once applied, which costs a
    // rebuild; then this participant stays out for a while.
    let clusters = m.client.doc.get_or_insert_map("clusters");
    let id = field.to_string();
    m.client
        .edit(|txn| {
            let Some(yrs::Out::YMap(c)) = clusters.get(txn, &id) else {
                panic!("the field is there");
            };
            c.insert(txn, "merged_into", "elsewhere");
        })
        .await;
    common::assert_refused(&mut m.client, "merge", "merge").await;
    let mut again = Client::connect(&board.url_with_key(&board.participant, Some(&key(6))))
        .await
        .unwrap();
    let reason = expect_close(&mut again, CLOSE_POLICY, "rejoin during the cool-down").await;
    assert!(reason.contains("try again"), "{reason}");
    // Others are not affected.
    still_serving(&server, &[&board]).await;
    server.shutdown().await;
}

/// xorshift64*: a reproducible stream of random numbers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Real messages of every kind to mutate.
fn samples() -> Vec<Vec<u8>> {
    let doc = Doc::with_client_id(99);
    let cards = doc.get_or_insert_map("cards");
    {
        let mut txn = doc.transact_mut();
        let card = cards.insert(&mut txn, "c1", MapPrelim::default());
        card.insert(&mut txn, "text", yrs::TextPrelim::new("Kernthese"));
        card.insert(&mut txn, "x", 10.0);
        card.insert(&mut txn, "tags", yrs::Any::from(vec![yrs::Any::from("a")]));
    }
    cards.remove(&mut doc.transact_mut(), "c1");
    let update = doc
        .transact()
        .encode_state_as_update_v1(&StateVector::default());
    let sv = doc.transact().state_vector().encode_v1();
    vec![
        Frame::Update(update.clone()).encode(),
        Frame::SyncStep2(update).encode(),
        Frame::SyncStep1(sv).encode(),
        awareness(&[(99, 3, r#"{"user":{"name":"A"}}"#)]).encode(),
        Frame::Update(nested_update(40)).encode(),
    ]
}

#[tokio::test]
async fn random_and_mutated_frames_never_take_the_server_down() {
    let server = TestServer::start().await;
    let board = server.create_board().await;
    let other = server.create_board().await;
    let samples = samples();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let tokens = [&board.participant, &board.viewer, &board.facilitator];
    let mut conn = board.join(&board.participant).await;
    let mut closes = 0;
    for round in 0..400 {
        let mut bytes = samples[rng.below(samples.len())].clone();
        match rng.below(4) {
            // Flip bytes.
            0 | 1 => {
                for _ in 0..=rng.below(4) {
                    let i = rng.below(bytes.len());
                    bytes[i] = rng.next() as u8;
                }
            }
            // Cut.
            2 => bytes.truncate(1 + rng.below(bytes.len())),
            // Random bytes after a valid message type.
            _ => {
                let len = rng.below(64);
                bytes.truncate(2);
                bytes.extend((0..len).map(|_| rng.next() as u8));
            }
        }
        conn.send_raw(bytes).await;
        // After a few frames, see whether the connection was closed, and reconnect.
        if round % 8 == 7 {
            conn.send(Frame::QueryAwareness).await;
            let seen = conn.awareness_received;
            let _ = tokio::time::timeout(
                std::time::Duration::from_secs(5),
                conn.wait_until("an answer or the end", |c| {
                    c.awareness_received > seen || c.ended.is_some()
                }),
            )
            .await;
            if conn.ended.is_some() {
                closes += 1;
            }
            let token = tokens[rng.below(tokens.len())];
            conn = Client::connect(&board.url(token)).await.unwrap();
        }
    }
    assert!(closes > 0, "some garbage was refused");
    still_serving(&server, &[&board, &other]).await;
    assert_memory_bounded();
    server.shutdown().await;
}
