//! The sync endpoint against real websocket clients on 127.0.0.1: convergence, offline
//! edits, refusals, limits, viewers, slow clients, awareness, compaction and unloading.

mod common;

use common::{cards, get, http, Client, Ended, TestServer};
use protocol::{Frame, CLOSE_MALFORMED, CLOSE_POLICY, CLOSE_TOO_BIG, CLOSE_UNSUPPORTED};
use server::{BoardId, Store};
use yrs::updates::decoder::Decode;
use yrs::{Doc, Map, Text, Transact, Update};

#[tokio::test]
async fn two_clients_converge() {
    let server = TestServer::start().await;
    let board = server.create_board().await;
    let mut a = board.join(&board.facilitator).await;
    let mut b = board.join(&board.participant).await;
    a.set("a1", "Bildung").await;
    b.set("b1", "Sprache").await;
    a.wait_until("b's card", |c| c.get("b1").is_some()).await;
    b.wait_until("a's card", |c| c.get("a1").is_some()).await;
    a.wait_stored().await;
    b.wait_stored().await;
    assert_eq!(cards(&a.doc), cards(&b.doc));
    // The server seeded the document: every client gets a valid board (docs/SCHEMA.md).
    let meta = a.doc.get_or_insert_map("meta");
    let txn = a.doc.transact();
    assert_eq!(meta.get(&txn, "title").unwrap().to_string(&txn), "Test");
    assert_eq!(
        meta.get(&txn, "schema").unwrap().cast::<i64>().ok(),
        Some(1)
    );
    drop(txn);
    server.shutdown().await;
}

#[tokio::test]
async fn offline_edits_converge_on_reconnect_both_ways() {
    let server = TestServer::start().await;
    let board = server.create_board().await;
    let mut a = board.join(&board.participant).await;
    let mut b = board.join(&board.participant).await;
    b.set("shared", "before").await;
    a.wait_until("b's first card", |c| c.get("shared").is_some())
        .await;
    b.wait_stored().await;

    // b goes offline and keeps working; a works online meanwhile.
    let mut b_doc = b.close().await;
    {
        let cards = b_doc.get_or_insert_map("cards");
        let mut txn = b_doc.transact_mut();
        cards.insert(&mut txn, "offline-b", "written on the train");
        let text = cards.insert(&mut txn, "text-b", yrs::TextPrelim::new("Kernthese"));
        text.push(&mut txn, " 1");
    }
    a.set("online-a", "written in the room").await;
    a.wait_stored().await;

    // b reconnects with its document: the handshake sends both ways.
    let mut b = Client::connect_with(&board.url(&board.participant), std::mem::take(&mut b_doc))
        .await
        .unwrap();
    b.sync().await;
    assert_eq!(b.get("online-a").as_deref(), Some("written in the room"));
    a.wait_until("b's offline edits", |c| {
        c.get("offline-b").is_some() && c.get("text-b").is_some()
    })
    .await;
    assert_eq!(a.get("text-b").as_deref(), Some("Kernthese 1"));
    assert_eq!(cards(&a.doc), cards(&b.doc));
    // A newcomer sees the merged board.
    let c = board.join(&board.viewer).await;
    assert_eq!(cards(&c.doc), cards(&a.doc));
    server.shutdown().await;
}

#[tokio::test]
async fn bad_frames_close_only_their_connection() {
    let server = TestServer::start_with(|c| c.max_frame_bytes = 64 * 1024).await;
    let one = server.create_board().await;
    let two = server.create_board().await;
    let mut a = one.join(&one.participant).await;
    let mut b = one.join(&one.participant).await;
    let mut d = two.join(&two.participant).await;
    let mut e = two.join(&two.participant).await;

    let cases: Vec<(&str, Vec<u8>, u16)> = vec![
        ("unknown message type", vec![42, 1, 2], CLOSE_MALFORMED),
        ("truncated sync message", vec![0, 2, 10, 1], CLOSE_MALFORMED),
        ("trailing bytes", vec![3, 3], CLOSE_MALFORMED),
        // Frames fine, but the update inside is garbage.
        (
            "update that does not decode",
            Frame::Update(vec![5, 200, 1, 2, 3]).encode(),
            CLOSE_MALFORMED,
        ),
        // Awareness whose state is not JSON (stock clients would JSON.parse it).
        (
            "awareness that is not JSON",
            {
                let mut payload = vec![1, 7, 1, 3];
                payload.extend_from_slice(b"{no");
                Frame::Awareness(payload).encode()
            },
            CLOSE_MALFORMED,
        ),
        (
            "oversized frame",
            Frame::Update(vec![0; 100 * 1024]).encode(),
            CLOSE_TOO_BIG,
        ),
    ];
    for (what, bytes, code) in cases {
        let mut bad = one.join(&one.participant).await;
        bad.send_raw(bytes).await;
        match bad.wait_end().await {
            Ended::Close(got, reason) => assert_eq!(got, code, "{what}: {reason}"),
            Ended::Dropped => panic!("{what}: dropped without a close frame"),
        }
    }
    // A text message is not part of the protocol either.
    let mut text = Client::connect(&one.url(&one.participant)).await.unwrap();
    text.send_text("hello").await;
    assert!(matches!(
        text.wait_end().await,
        Ended::Close(CLOSE_UNSUPPORTED, _)
    ));

    // Everyone else, on this board and the other, keeps syncing.
    a.set("after", "still here").await;
    b.wait_until("a's card", |c| c.get("after").is_some()).await;
    d.set("other-board", "fine").await;
    e.wait_until("d's card", |c| c.get("other-board").is_some())
        .await;
    a.wait_stored().await;
    d.wait_stored().await;
    assert_eq!(b.ended, None);
    assert_eq!(e.ended, None);
    server.shutdown().await;
}

#[tokio::test]
async fn bad_tokens_are_refused_and_unknown_boards_are_404() {
    let server = TestServer::start().await;
    let board = server.create_board().await;
    let other = server.create_board().await;
    let url = |id: &str, token: Option<&str>| match token {
        Some(t) => format!("ws://{}/sync/{id}?token={t}&acks=1", server.addr),
        None => format!("ws://{}/sync/{id}?acks=1", server.addr),
    };
    let status = |r: Result<Client, u16>| r.err().expect("refused");
    // A bad token: upgraded, told "permission denied", closed with 4401; nothing synced.
    let refused = |url: String| async move {
        let mut client = Client::connect(&url).await.expect("upgraded");
        let end = client.wait_end().await;
        assert!(!client.synced, "a refused client gets no document");
        assert!(client.denied.is_some(), "told why (auth message)");
        assert_eq!(client.updates_received, 0);
        match end {
            Ended::Close(code, _) => code,
            Ended::Dropped => 0,
        }
    };
    assert_eq!(refused(url(&board.id, None)).await, 4401);
    assert_eq!(refused(url(&board.id, Some("viewer.AAAA"))).await, 4401);
    assert_eq!(refused(url(&board.id, Some("garbage"))).await, 4401);
    // A valid token of another board.
    assert_eq!(
        refused(url(&board.id, Some(&other.facilitator))).await,
        4401
    );
    // A role prefix swapped onto another role's signature.
    let sig = board.viewer.split_once('.').unwrap().1;
    let forged = format!("facilitator.{sig}");
    assert_eq!(refused(url(&board.id, Some(&forged))).await, 4401);
    assert_eq!(
        status(Client::connect(&url("NoSuchBoard12", Some(&board.facilitator))).await),
        404
    );
    assert_eq!(
        status(Client::connect(&url("bad%20id", Some(&board.facilitator))).await),
        404
    );
    server.shutdown().await;
}

#[tokio::test]
async fn connection_rate_is_limited_per_ip() {
    let server = TestServer::start_with(|c| {
        c.connections_per_second = 0.01;
        c.connection_burst = 3;
    })
    .await;
    let board = server.create_board().await; // takes one token
    let _a = Client::connect(&board.url(&board.participant))
        .await
        .unwrap();
    let _b = Client::connect(&board.url(&board.participant))
        .await
        .unwrap();
    let refused = Client::connect(&board.url(&board.participant)).await;
    assert_eq!(refused.err(), Some(429));
    let (status, body) = http(server.addr, "POST", "/api/boards", None).await;
    assert_eq!(status, 429, "{body}");
    server.shutdown().await;
}

#[tokio::test]
async fn viewers_receive_everything_but_cannot_change_the_document() {
    let server = TestServer::start().await;
    let board = server.create_board().await;
    let mut p = board.join(&board.participant).await;
    let mut v = board.join(&board.viewer).await;
    p.set("card", "from a participant").await;
    v.wait_until("the participant's card", |c| c.get("card").is_some())
        .await;

    // The viewer writes: the server drops the update and keeps the connection.
    v.set("viewer-card", "should not exist").await;
    v.send(Frame::SyncStep2(Update::EMPTY_V1.to_vec())).await;
    // Frames of one connection are handled in order: once the query is answered, the
    // updates before it have been handled (and dropped).
    let seen = v.awareness_received;
    v.send(Frame::QueryAwareness).await;
    v.wait_until("the query's answer", |c| c.awareness_received > seen)
        .await;
    assert_eq!(v.ended, None, "the viewer stays connected");
    v.set_awareness(1, r#"{"user":{"name":"Beamer"}}"#).await; // awareness is allowed
    p.wait_until("the viewer's awareness", |c| {
        c.awareness_of(v.doc.client_id()).is_some()
    })
    .await;

    p.set("later", "x").await;
    v.wait_until("later card", |c| c.get("later").is_some())
        .await;
    assert_eq!(p.get("viewer-card"), None);
    let fresh = board.join(&board.facilitator).await;
    assert_eq!(fresh.get("viewer-card"), None);
    assert_eq!(fresh.get("card").as_deref(), Some("from a participant"));
    // The server never claims the viewer's change is stored.
    assert!(!v.all_stored());
    server.shutdown().await;
}

#[tokio::test]
async fn a_document_over_the_size_limit_is_refused() {
    let server = TestServer::start_with(|c| c.max_doc_bytes = 16 * 1024).await;
    let board = server.create_board().await;
    let mut a = board.join(&board.participant).await;
    let mut b = board.join(&board.participant).await;
    a.set("small", "fits").await;
    a.wait_stored().await;
    a.set("big", &"x".repeat(32 * 1024)).await;
    match a.wait_end().await {
        Ended::Close(code, reason) => {
            assert_eq!(code, CLOSE_POLICY);
            assert!(reason.contains("board is full"), "{reason}");
        }
        Ended::Dropped => panic!("no close frame"),
    }
    b.wait_until("the small card", |c| c.get("small").is_some())
        .await;
    b.set("b", "still fine").await;
    b.wait_stored().await;
    let fresh = board.join(&board.participant).await;
    assert_eq!(fresh.get("big"), None);
    assert_eq!(fresh.get("b").as_deref(), Some("still fine"));
    server.shutdown().await;
}

#[tokio::test]
async fn a_slow_client_is_disconnected_explicitly() {
    const UPDATES: usize = 60;
    let server = TestServer::start_with(|c| {
        c.outbox_frames = 4;
        c.max_doc_bytes = 256 << 20;
    })
    .await;
    let board = server.create_board().await;
    // The facilitator: only the facilitator writes roots outside the schema (`blobs`).
    let mut writer = board.join(&board.facilitator).await;
    let mut reader = board.join(&board.participant).await;
    // Joins, then never reads: the server's writes fill the socket, then its outbox.
    let mut slow = board.join(&board.participant).await;
    let blobs = writer.doc.get_or_insert_map("blobs");
    let chunk: std::sync::Arc<[u8]> = vec![7u8; 512 * 1024].into();
    for i in 0..UPDATES {
        let (blobs, chunk) = (blobs.clone(), chunk.clone());
        writer
            .edit(move |txn| {
                blobs.insert(txn, i.to_string(), yrs::Any::Buffer(chunk));
            })
            .await;
        writer.wait_stored().await;
        // Keep the fast reader's socket drained.
        reader
            .wait_until("the writer's update", |c| c.updates_received > i)
            .await;
    }
    match slow.wait_end().await {
        Ended::Close(code, reason) => {
            assert_eq!(code, CLOSE_POLICY);
            assert!(reason.contains("too slow"), "{reason}");
        }
        // The close frame may not fit through a full socket; then the socket just ends,
        // and the server must have let go of the connection.
        Ended::Dropped => {
            let deadline = tokio::time::Instant::now() + common::TIMEOUT;
            while server.health().await["connections"] != 2 {
                assert!(
                    tokio::time::Instant::now() < deadline,
                    "the server kept the slow connection"
                );
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
        }
    }
    assert!(
        slow.updates_received < UPDATES,
        "the slow client got everything ({}), so it was not slow",
        slow.updates_received
    );
    assert_eq!(reader.ended, None);
    assert_eq!(writer.ended, None);
    server.shutdown().await;
}

#[tokio::test]
async fn awareness_is_relayed_and_removed_when_its_connection_leaves() {
    let server = TestServer::start().await;
    let board = server.create_board().await;
    let mut a = board.join(&board.participant).await;
    let mut b = board.join(&board.participant).await;
    let a_id = a.doc.client_id();
    a.set_awareness(1, r##"{"user":{"name":"Anna","color":"#30bced"}}"##)
        .await;
    b.wait_until("a's state", |c| c.awareness_of(a_id).is_some())
        .await;
    assert!(b.awareness_of(a_id).unwrap().contains("Anna"));
    // A newcomer gets the current states on join.
    let mut c = Client::connect(&board.url(&board.viewer)).await.unwrap();
    c.wait_until("states on join", |c| c.awareness_of(a_id).is_some())
        .await;
    // A drag in progress: a changed state is relayed.
    a.set_awareness(2, r#"{"user":{"name":"Anna"},"drag":{"card":"x","x":10}}"#)
        .await;
    b.wait_until("a's drag", |c| {
        c.awareness_of(a_id).is_some_and(|s| s.contains("drag"))
    })
    .await;
    // a vanishes without saying goodbye: its state is removed for the others.
    drop(a);
    b.wait_until("a's state removed", |c| c.awareness_of(a_id).is_none())
        .await;
    c.wait_until("a's state removed", |c| c.awareness_of(a_id).is_none())
        .await;
    server.shutdown().await;
}

#[tokio::test]
async fn awareness_survives_a_reconnect_that_overlaps_the_old_socket() {
    let server = TestServer::start().await;
    let board = server.create_board().await;
    let mut b = board.join(&board.participant).await;
    let mut old = board.join(&board.participant).await;
    let id = old.doc.client_id();
    old.set_awareness(1, r#"{"user":{"name":"Anna"}}"#).await;
    b.wait_until("a's state", |c| c.awareness_of(id).is_some())
        .await;
    // The phone reconnects (same document, same client id) and renews its state before
    // the server has noticed that the old socket is gone.
    let mut new = Client::connect_with(&board.url(&board.participant), old.doc.clone())
        .await
        .unwrap();
    new.sync().await;
    new.set_awareness(2, r#"{"user":{"name":"Anna"}}"#).await;
    b.wait_until("the renewal", |c| {
        c.awareness
            .get(&id.get())
            .is_some_and(|(clock, _)| *clock == 2)
    })
    .await;
    drop(old);
    let deadline = tokio::time::Instant::now() + common::TIMEOUT;
    while server.health().await["connections"] != 2 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "old socket never closed"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    // The old connection's leave was handled before this query: the state must survive it.
    let seen = b.awareness_received;
    b.send(Frame::QueryAwareness).await;
    b.wait_until("the query's answer", |c| c.awareness_received > seen)
        .await;
    assert!(
        b.awareness_of(id).is_some(),
        "the renewed state was removed with the old socket"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn awareness_not_renewed_times_out() {
    let server =
        TestServer::start_with(|c| c.awareness_timeout = std::time::Duration::from_millis(300))
            .await;
    let board = server.create_board().await;
    let mut a = board.join(&board.participant).await;
    let mut b = board.join(&board.participant).await;
    let a_id = a.doc.client_id();
    a.set_awareness(1, r#"{"user":{"name":"Anna"}}"#).await;
    b.wait_until("a's state", |c| c.awareness_of(a_id).is_some())
        .await;
    // a stays connected but stops renewing.
    b.wait_until("a's stale state swept", |c| c.awareness_of(a_id).is_none())
        .await;
    // Its next renewal (clock 2) counts again.
    a.set_awareness(2, r#"{"user":{"name":"Anna"}}"#).await;
    b.wait_until("a's renewed state", |c| c.awareness_of(a_id).is_some())
        .await;
    assert_eq!(a.ended, None);
    server.shutdown().await;
}

#[tokio::test]
async fn updates_out_of_order_are_held_until_their_history_arrives() {
    let server = TestServer::start().await;
    let board = server.create_board().await;
    let mut a = board.join(&board.participant).await;
    let mut b = board.join(&board.participant).await;
    let map = a.doc.get_or_insert_map("cards");
    let m = map.clone();
    let first = a.edit_offline(move |txn| {
        m.insert(txn, "first", "1");
    });
    let second = a.edit_offline(move |txn| {
        map.insert(txn, "second", "2");
    });
    a.send(Frame::Update(second)).await;
    a.send(Frame::QueryAwareness).await;
    a.send(Frame::Update(first)).await;
    a.wait_stored().await;
    b.wait_until("both cards", |c| {
        c.get("first").is_some() && c.get("second").is_some()
    })
    .await;
    assert_eq!(cards(&a.doc), cards(&b.doc));
    server.shutdown().await;
}

#[tokio::test]
async fn boards_compact_unload_and_reload() {
    let server = TestServer::start_with(|c| {
        c.compact_after = 5;
        c.unload_after = std::time::Duration::from_millis(200);
    })
    .await;
    let board = server.create_board().await;
    let id = BoardId::parse(&board.id).unwrap();
    let mut a = board.join(&board.participant).await;
    for i in 0..30 {
        a.set(&format!("card{i}"), &format!("text {i}")).await;
        a.wait_stored().await;
    }
    let expected = cards(&a.doc);
    drop(a.close().await);
    // Unloaded after 200 ms without connections (with a final compaction).
    let deadline = tokio::time::Instant::now() + common::TIMEOUT;
    while server.health().await["boards_loaded"] != 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "board never unloaded"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let stored = server
        .store
        .as_ref()
        .expect("a memory store")
        .load(&id)
        .await
        .unwrap();
    assert!(
        stored.updates.is_empty(),
        "{} log rows left",
        stored.updates.len()
    );
    // The snapshot alone (v2) holds every card.
    let doc = Doc::new();
    doc.transact_mut()
        .apply_update(Update::decode_v2(stored.snapshot_v2.as_ref().unwrap()).unwrap())
        .unwrap();
    assert_eq!(cards(&doc), expected);
    assert_eq!(get(&doc, "card29").as_deref(), Some("text 29"));
    // Reloaded on the next connection.
    let b = board.join(&board.participant).await;
    assert_eq!(cards(&b.doc), expected);
    assert_eq!(server.health().await["boards_loaded"], 1);
    server.shutdown().await;
}

#[tokio::test]
async fn http_api_creates_boards_and_reports_health() {
    let server = TestServer::start().await;
    let (status, body) = http(server.addr, "POST", "/api/boards", None).await;
    assert_eq!(status, 201, "{body}");
    let created: serde_json::Value = serde_json::from_str(&body).unwrap();
    let id = created["id"].as_str().unwrap();
    assert_eq!(id.len(), 12);
    assert!(id.bytes().all(|b| b.is_ascii_alphanumeric()));
    for (key, role) in [
        ("facilitator_token", "facilitator."),
        ("participant_token", "participant."),
        ("viewer_token", "viewer."),
    ] {
        assert!(created[key].as_str().unwrap().starts_with(role));
    }
    let (status, _) = http(server.addr, "POST", "/api/boards", Some("{\"title\": 5}")).await;
    assert_eq!(status, 400);
    let health = server.health().await;
    assert_eq!(health["status"], "ok");
    // Where phones can reach it: the test server listens on loopback only.
    let (status, body) = http(server.addr, "GET", "/api/addresses", None).await;
    assert_eq!(status, 200, "{body}");
    let addresses: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        addresses["urls"],
        serde_json::json!([format!("http://{}/", server.addr)])
    );
    let (status, _) = http(server.addr, "GET", "/api/nothing", None).await;
    assert_eq!(status, 404);
    // The app when trunk has built it (debug builds read dist/ at run time), else the
    // "not built" page.
    let (status, body) = http(server.addr, "GET", "/", None).await;
    let built = concat!(env!("CARGO_MANIFEST_DIR"), "/../dist/index.html");
    if std::path::Path::new(built).exists() {
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("Kartenwand"), "{body}");
    } else {
        assert_eq!(status, 503, "{body}");
        assert!(body.contains("trunk build"), "{body}");
    }
    server.shutdown().await;
}
