//! The board task driven through its inbox, without sockets: a whole batch is queued
//! before the task first runs, so it is handled as one turn.

use super::*;
use crate::boards::Boards;
use crate::initial_doc;
use crate::peer::Closer;
use crate::policy::SchemaPolicy;
use crate::store::MemoryStore;
use axum::body::Bytes;
use protocol::{CLOSE_FORBIDDEN, CLOSE_POLICY};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{ClientID, Doc, StateVector, Transact, Update};
use yrs::{Map, MapPrelim};

/// The settings of the core's and the task's tests.
pub(super) fn settings() -> BoardSettings {
    BoardSettings {
        max_doc_bytes: 1 << 20,
        compact_after: 1000,
        relay_keep: Duration::from_secs(300),
        unload_after: Duration::from_secs(60),
        awareness_timeout: Duration::from_secs(30),
        refusal_cooldown: Duration::ZERO,
    }
}

fn key(n: u8) -> ParticipantKey {
    ParticipantKey::from_secret(&format!("{n}").repeat(24)).expect("valid secret")
}

/// One connection as the board sees it, and what arrives in its outbox.
struct Conn {
    id: ConnId,
    closer: Closer,
    outbox: mpsc::Receiver<Bytes>,
}

impl Conn {
    fn join(id: ConnId, role: Role, key: Option<ParticipantKey>) -> (Conn, BoardMsg) {
        let (tx, rx) = mpsc::channel(256);
        let closer = Closer::new();
        let peer = Peer {
            outbox: tx,
            closer: closer.clone(),
        };
        let msg = BoardMsg::Join {
            conn: id,
            role,
            key,
            peer,
        };
        let conn = Conn {
            id,
            closer,
            outbox: rx,
        };
        (conn, msg)
    }

    fn frames(&mut self) -> Vec<Frame> {
        let mut out = Vec::new();
        while let Ok(bytes) = self.outbox.try_recv() {
            out.push(Frame::decode(&bytes).expect("the board sends valid frames"));
        }
        out
    }
}

/// A map write from a fresh client: needs nothing of the board's state.
fn write(client: u64, root: &str, key: &str, value: MapPrelim) -> Frame {
    let doc = Doc::with_client_id(client);
    let map = doc.get_or_insert_map(root);
    let mut txn = doc.transact_mut();
    map.insert(&mut txn, key, value);
    txn.commit();
    Frame::Update(txn.encode_update_v1())
}

/// A round `r1` as the facilitator's client `facilitator` makes it, and the change of its
/// `field` to `value` that a participant's client `participant` makes on top of it.
fn round_and_change(
    facilitator: u64,
    participant: u64,
    field: &str,
    value: &str,
) -> (Vec<u8>, Vec<u8>) {
    let f_doc = Doc::with_client_id(facilitator);
    let rounds = f_doc.get_or_insert_map("rounds");
    let round = {
        let mut txn = f_doc.transact_mut();
        rounds.insert(&mut txn, "r1", MapPrelim::default());
        txn.commit();
        txn.encode_update_v1()
    };
    let m_doc = Doc::with_client_id(participant);
    m_doc
        .transact_mut()
        .apply_update(Update::decode_v1(&round).unwrap())
        .unwrap();
    let m_rounds = m_doc.get_or_insert_map("rounds");
    let change = {
        let mut txn = m_doc.transact_mut();
        let Some(yrs::Out::YMap(r1)) = m_rounds.get(&txn, "r1") else {
            panic!("r1 is there");
        };
        r1.insert(&mut txn, field, value);
        txn.commit();
        txn.encode_update_v1()
    };
    (round, change)
}

fn keys_of(doc: &Doc, root: &str) -> Vec<String> {
    let map = doc.get_or_insert_map(root);
    let txn = doc.transact();
    let mut keys: Vec<String> = map.keys(&txn).map(str::to_owned).collect();
    keys.sort();
    keys
}

#[tokio::test]
async fn a_refused_update_splits_its_batch_and_the_rest_goes_through() {
    let store = Arc::new(MemoryStore::new());
    let id = BoardId::parse("batchboard01").expect("valid id");
    let (title, snapshot) = initial_doc::new_board("T");
    store.create_board(&id, &title, snapshot).await.unwrap();
    let boards = Boards::new(store.clone(), Arc::new(SchemaPolicy), settings());
    let handle = boards.get_or_spawn(&id);

    let (mut a, join_a) = Conn::join(1, Role::Participant, Some(key(1)));
    let (mut m, join_m) = Conn::join(2, Role::Participant, Some(key(2)));
    let (mut f, join_f) = Conn::join(3, Role::Facilitator, None);
    let theirs = format!("r1/{}", key(1).id());
    let frame = |conn: ConnId, frame: Frame| BoardMsg::Frame { conn, frame };
    let batch = vec![
        join_a,
        join_m,
        join_f,
        frame(a.id, write(11, "cards", "a1", MapPrelim::default())),
        // m writes a's ballot: refused.
        frame(m.id, write(12, "ballots", &theirs, MapPrelim::default())),
        frame(f.id, write(13, "rounds", "r1", MapPrelim::default())),
        // m's connection is closed by now: dropped unapplied.
        frame(m.id, write(14, "cards", "m2", MapPrelim::default())),
        frame(a.id, write(15, "cards", "a2", MapPrelim::default())),
    ];
    // Queued before the task runs (this test's runtime has one thread): one batch.
    for msg in batch {
        handle.send(msg).await.unwrap();
    }
    let reason = tokio::time::timeout(Duration::from_secs(5), m.closer.closed())
        .await
        .expect("m is closed");
    assert_eq!(reason.code, Some(CLOSE_FORBIDDEN), "{}", reason.reason);
    assert!(reason.reason.contains("ballot"), "{}", reason.reason);

    // Everything else is stored, and nothing of m's.
    let deadline = Instant::now() + Duration::from_secs(5);
    let stored = loop {
        let loaded = store.load(&id).await.unwrap();
        let doc = build_doc(loaded.snapshot_v2.as_deref(), &loaded.updates).unwrap();
        if keys_of(&doc, "cards").len() == 2 && keys_of(&doc, "rounds").len() == 1 {
            break doc;
        }
        assert!(Instant::now() < deadline, "accepted updates never stored");
        tokio::task::yield_now().await;
    };
    assert_eq!(keys_of(&stored, "cards"), ["a1", "a2"]);
    assert_eq!(keys_of(&stored, "rounds"), ["r1"]);
    assert!(keys_of(&stored, "ballots").is_empty());

    // The task's document is the store's again: a newcomer gets exactly that.
    let (mut c, join_c) = Conn::join(4, Role::Viewer, None);
    handle.send(join_c).await.unwrap();
    let empty = StateVector::default().encode_v1();
    let ask = BoardMsg::Frame {
        conn: c.id,
        frame: Frame::SyncStep1(empty),
    };
    handle.send(ask).await.unwrap();
    let full = loop {
        let frames = c.frames();
        if let Some(Frame::SyncStep2(u)) = frames
            .into_iter()
            .find(|f| matches!(f, Frame::SyncStep2(_)))
        {
            break u;
        }
        tokio::task::yield_now().await;
    };
    let seen = Doc::new();
    seen.transact_mut()
        .apply_update(Update::decode_v1(&full).unwrap())
        .unwrap();
    assert_eq!(keys_of(&seen, "cards"), ["a1", "a2"]);
    assert!(keys_of(&seen, "ballots").is_empty());

    // Relays: a and f saw each other's writes, nobody saw m's; a and f were acked with a
    // state vector that does not contain m's client.
    let relayed = |frames: &[Frame]| {
        frames
            .iter()
            .filter(|f| matches!(f, Frame::Update(_)))
            .count()
    };
    let (fa, ff) = (a.frames(), f.frames());
    assert_eq!(relayed(&fa), 1, "f's round");
    assert_eq!(relayed(&ff), 2, "a's two cards");
    for frames in [&fa, &ff] {
        let Some(Frame::Stored(sv)) = frames.iter().rev().find(|f| matches!(f, Frame::Stored(_)))
        else {
            panic!("no Stored ack");
        };
        let sv = StateVector::decode_v1(sv).unwrap();
        assert_eq!(sv.get(&ClientID::new(12)), 0, "m's update is not covered");
        assert!(sv.get(&ClientID::new(15)) > 0, "a's last update is covered");
    }
    assert_eq!(
        relayed(&m.frames()),
        0,
        "m left before anything was relayed"
    );
}

#[tokio::test]
async fn a_participant_update_waiting_for_missing_history_is_not_kept() {
    // yrs would keep it aside and integrate it inside whichever update brings the missing
    // item, under that sender's rights; so it is refused at once (1008, reconnect).
    let store = Arc::new(MemoryStore::new());
    let id = BoardId::parse("pendingboard").expect("valid id");
    let (title, snapshot) = initial_doc::new_board("T");
    store.create_board(&id, &title, snapshot).await.unwrap();
    let boards = Boards::new(store.clone(), Arc::new(SchemaPolicy), settings());
    let handle = boards.get_or_spawn(&id);

    // The facilitator's client makes a round; m builds on it before the server has it.
    let (round, sneaky) = round_and_change(41, 42, "state", "revealed");
    let (m, join_m) = Conn::join(1, Role::Participant, Some(key(2)));
    let (mut f, join_f) = Conn::join(2, Role::Facilitator, None);
    let batch = vec![
        join_m,
        join_f,
        BoardMsg::Frame {
            conn: m.id,
            frame: Frame::Update(sneaky),
        },
        BoardMsg::Frame {
            conn: f.id,
            frame: Frame::Update(round),
        },
    ];
    for msg in batch {
        handle.send(msg).await.unwrap();
    }
    let reason = tokio::time::timeout(Duration::from_secs(5), m.closer.closed())
        .await
        .expect("m is closed");
    assert_eq!(reason.code, Some(CLOSE_POLICY), "{}", reason.reason);
    let acked = loop {
        if let Some(sv) = f.frames().into_iter().rev().find_map(|frame| match frame {
            Frame::Stored(sv) => Some(StateVector::decode_v1(&sv).unwrap()),
            _ => None,
        }) {
            if sv.get(&ClientID::new(41)) > 0 {
                break sv;
            }
        }
        tokio::task::yield_now().await;
    };
    assert_eq!(acked.get(&ClientID::new(42)), 0);
    let loaded = store.load(&id).await.unwrap();
    let stored = build_doc(loaded.snapshot_v2.as_deref(), &loaded.updates).unwrap();
    let rounds = stored.get_or_insert_map("rounds");
    let txn = stored.transact();
    let Some(yrs::Out::YMap(r1)) = rounds.get(&txn, "r1") else {
        panic!("the facilitator's round is stored");
    };
    assert!(
        r1.get(&txn, "state").is_none(),
        "m's change came in with it"
    );
}

#[tokio::test]
async fn a_held_update_is_checked_with_its_senders_rights_when_released() {
    let store = Arc::new(MemoryStore::new());
    let id = BoardId::parse("heldboard001").expect("valid id");
    let (title, snapshot) = initial_doc::new_board("T");
    store.create_board(&id, &title, snapshot).await.unwrap();
    let boards = Boards::new(store.clone(), Arc::new(SchemaPolicy), settings());
    let handle = boards.get_or_spawn(&id);

    // m's client makes two transactions: a card, then someone else's ballot.
    let doc = Doc::with_client_id(21);
    let cards = doc.get_or_insert_map("cards");
    let ballots = doc.get_or_insert_map("ballots");
    let first = {
        let mut txn = doc.transact_mut();
        cards.insert(&mut txn, "m1", "card");
        txn.commit();
        txn.encode_update_v1()
    };
    let second = {
        let mut txn = doc.transact_mut();
        ballots.insert(
            &mut txn,
            format!("r1/{}", key(1).id()),
            MapPrelim::default(),
        );
        txn.commit();
        txn.encode_update_v1()
    };
    let (m, join_m) = Conn::join(1, Role::Participant, Some(key(2)));
    let (mut f, join_f) = Conn::join(2, Role::Facilitator, None);
    let batch = vec![
        join_m,
        join_f,
        // The second arrives first: held until the first is there.
        BoardMsg::Frame {
            conn: m.id,
            frame: Frame::Update(second),
        },
        BoardMsg::Leave { conn: m.id },
        // The facilitator happens to relay m's first transaction (say, from its own
        // copy); that releases the held one, which is still m's and still forbidden.
        BoardMsg::Frame {
            conn: f.id,
            frame: Frame::Update(first),
        },
        BoardMsg::Frame {
            conn: f.id,
            frame: write(22, "rounds", "r1", MapPrelim::default()),
        },
    ];
    for msg in batch {
        handle.send(msg).await.unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    let stored = loop {
        let loaded = store.load(&id).await.unwrap();
        let doc = build_doc(loaded.snapshot_v2.as_deref(), &loaded.updates).unwrap();
        if keys_of(&doc, "rounds").len() == 1 {
            break doc;
        }
        assert!(Instant::now() < deadline, "accepted updates never stored");
        tokio::task::yield_now().await;
    };
    assert_eq!(keys_of(&stored, "cards"), ["m1"]);
    assert!(
        keys_of(&stored, "ballots").is_empty(),
        "the held ballot was refused"
    );
    let acked = f.frames().into_iter().rev().find_map(|frame| match frame {
        Frame::Stored(sv) => Some(StateVector::decode_v1(&sv).unwrap()),
        _ => None,
    });
    let acked = acked.expect("f is acknowledged");
    assert_eq!(
        acked.get(&ClientID::new(21)),
        1,
        "m's card only, not its ballot"
    );
}

/// A store whose appends wait for a go-ahead, or fail.
struct GatedStore {
    inner: MemoryStore,
    gate: tokio::sync::Semaphore,
    fail: std::sync::atomic::AtomicBool,
}

#[async_trait::async_trait]
impl Store for GatedStore {
    async fn create_board(&self, id: &BoardId, title: &str, s: Vec<u8>) -> Result<(), StoreError> {
        self.inner.create_board(id, title, s).await
    }
    async fn board_exists(&self, id: &BoardId) -> Result<bool, StoreError> {
        self.inner.board_exists(id).await
    }
    async fn boards(&self) -> Result<Vec<(BoardId, String)>, StoreError> {
        self.inner.boards().await
    }
    async fn put_template(&self, t: crate::store::StoredTemplate) -> Result<(), StoreError> {
        self.inner.put_template(t).await
    }
    async fn templates(&self) -> Result<Vec<crate::store::TemplateEntry>, StoreError> {
        self.inner.templates().await
    }
    async fn template(&self, id: &str) -> Result<crate::store::StoredTemplate, StoreError> {
        self.inner.template(id).await
    }
    async fn delete_template(&self, id: &str) -> Result<(), StoreError> {
        self.inner.delete_template(id).await
    }
    async fn load(&self, id: &BoardId) -> Result<crate::store::StoredBoard, StoreError> {
        self.inner.load(id).await
    }
    async fn append(&self, id: &BoardId, updates: Vec<Vec<u8>>) -> Result<u64, StoreError> {
        let _go = self.gate.acquire().await.expect("gate open");
        if self.fail.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(StoreError::Backend("disk full".into()));
        }
        self.inner.append(id, updates).await
    }
    async fn bind_clients(
        &self,
        id: &BoardId,
        owners: Vec<(u64, String)>,
    ) -> Result<Vec<(u64, String)>, StoreError> {
        self.inner.bind_clients(id, owners).await
    }
    async fn compact(&self, id: &BoardId, s: Vec<u8>, upto: u64) -> Result<u64, StoreError> {
        self.inner.compact(id, s, upto).await
    }
    async fn set_join_code(&self, id: &BoardId, code: &str) -> Result<(), StoreError> {
        self.inner.set_join_code(id, code).await
    }
    async fn join_code(&self, id: &BoardId) -> Result<Option<String>, StoreError> {
        self.inner.join_code(id).await
    }
    async fn board_for_join_code(&self, code: &str) -> Result<Option<BoardId>, StoreError> {
        self.inner.board_for_join_code(code).await
    }
    async fn delete_board(&self, id: &BoardId) -> Result<(), StoreError> {
        self.inner.delete_board(id).await
    }
    async fn touch_board(&self, id: &BoardId, now_ms: i64) -> Result<(), StoreError> {
        self.inner.touch_board(id, now_ms).await
    }
    async fn unused_since(&self, before_ms: i64) -> Result<Vec<BoardId>, StoreError> {
        self.inner.unused_since(before_ms).await
    }
}

fn stored_clock(frames: &[Frame], client: u64) -> Option<u32> {
    frames.iter().rev().find_map(|f| match f {
        Frame::Stored(sv) => Some(
            StateVector::decode_v1(sv)
                .unwrap()
                .get(&ClientID::new(client)),
        ),
        _ => None,
    })
}

#[tokio::test]
async fn no_stored_ack_before_the_write_is_durable_and_none_when_it_fails() {
    let store = Arc::new(GatedStore {
        inner: MemoryStore::new(),
        gate: tokio::sync::Semaphore::new(0),
        fail: std::sync::atomic::AtomicBool::new(false),
    });
    let id = BoardId::parse("slowstore001").expect("valid id");
    let (title, snapshot) = initial_doc::new_board("T");
    store.create_board(&id, &title, snapshot).await.unwrap();
    let boards = Boards::new(store.clone(), Arc::new(SchemaPolicy), settings());
    let handle = boards.get_or_spawn(&id);
    let (mut a, join) = Conn::join(1, Role::Participant, Some(key(1)));
    handle.send(join).await.unwrap();
    handle
        .send(BoardMsg::Frame {
            conn: 1,
            frame: write(31, "cards", "c1", MapPrelim::default()),
        })
        .await
        .unwrap();
    // The store has not finished: the update may be relayed, never acknowledged.
    let mut seen = Vec::new();
    for _ in 0..100 {
        tokio::task::yield_now().await;
        seen.extend(a.frames());
    }
    assert_eq!(
        stored_clock(&seen, 31).unwrap_or(0),
        0,
        "acknowledged before it was durable"
    );
    store.gate.add_permits(1);
    let acked = loop {
        seen.extend(a.frames());
        if let Some(clock) = stored_clock(&seen, 31).filter(|c| *c > 0) {
            break clock;
        }
        tokio::task::yield_now().await;
    };
    assert_eq!(acked, 1);

    // The next write fails: the connection is closed, and nothing acknowledges it.
    store.fail.store(true, std::sync::atomic::Ordering::SeqCst);
    store.gate.add_permits(10);
    handle
        .send(BoardMsg::Frame {
            conn: 1,
            frame: write(32, "cards", "c2", MapPrelim::default()),
        })
        .await
        .unwrap();
    let reason = tokio::time::timeout(Duration::from_secs(5), a.closer.closed())
        .await
        .expect("closed after the failed write");
    assert_eq!(reason.code, Some(CLOSE_INTERNAL), "{}", reason.reason);
    seen.extend(a.frames());
    assert_eq!(
        stored_clock(&seen, 32).unwrap_or(0),
        0,
        "a failed write was acknowledged"
    );
    let loaded = store.load(&id).await.unwrap();
    let doc = build_doc(loaded.snapshot_v2.as_deref(), &loaded.updates).unwrap();
    assert_eq!(keys_of(&doc, "cards"), ["c1"]);
}

/// A deletion in the middle of a batch: what came before it is stored first, the open
/// connection and the join queued after it are closed with 4410, the store forgets the
/// board, and a join that reaches a fresh task afterwards is told the same.
#[tokio::test]
async fn a_deleted_board_closes_every_connection_and_every_later_join_with_4410() {
    let store = Arc::new(MemoryStore::new());
    let id = BoardId::parse("deleteboard1").expect("valid id");
    let (title, snapshot) = initial_doc::new_board("T");
    store.create_board(&id, &title, snapshot).await.unwrap();
    let boards = Boards::new(store.clone(), Arc::new(SchemaPolicy), settings());
    let handle = boards.get_or_spawn(&id);
    let (a, join_a) = Conn::join(1, Role::Participant, Some(key(1)));
    let (b, join_b) = Conn::join(2, Role::Viewer, None);
    let (done, answer) = oneshot::channel();
    let batch = vec![
        join_a,
        BoardMsg::Frame {
            conn: 1,
            frame: write(31, "cards", "c1", MapPrelim::default()),
        },
        BoardMsg::Delete { done },
        join_b,
    ];
    for msg in batch {
        handle.send(msg).await.unwrap();
    }
    let answer = tokio::time::timeout(Duration::from_secs(5), answer)
        .await
        .expect("answered");
    assert!(matches!(answer, Ok(Ok(()))), "{answer:?}");
    for conn in [&a, &b] {
        let reason = conn.closer.closed().await;
        assert_eq!(reason.code, Some(CLOSE_BOARD_DELETED), "conn {}", conn.id);
        assert_eq!(reason.reason, DELETED_REASON);
    }
    assert!(!store.board_exists(&id).await.unwrap());
    assert_eq!(boards.loaded(), 0, "left the map");
    // A connection that checked the board just before: its join starts a fresh task.
    let (c, join_c) = Conn::join(3, Role::Participant, None);
    boards.get_or_spawn(&id).send(join_c).await.unwrap();
    let reason = tokio::time::timeout(Duration::from_secs(5), c.closer.closed())
        .await
        .expect("c is closed");
    assert_eq!(reason.code, Some(CLOSE_BOARD_DELETED), "{}", reason.reason);
    assert!(matches!(
        boards.delete(&id).await,
        Err(StoreError::NotFound)
    ));
}

/// Another node deleted the board: its relayed deletion closes this node's connections.
#[tokio::test]
async fn a_deletion_relayed_from_another_node_closes_the_connections_here() {
    let store = Arc::new(MemoryStore::new());
    let id = BoardId::parse("deleteboard2").expect("valid id");
    let (title, snapshot) = initial_doc::new_board("T");
    store.create_board(&id, &title, snapshot).await.unwrap();
    let boards = Boards::new(store.clone(), Arc::new(SchemaPolicy), settings());
    let handle = boards.get_or_spawn(&id);
    let (a, join_a) = Conn::join(1, Role::Participant, Some(key(1)));
    handle.send(join_a).await.unwrap();
    handle
        .send(BoardMsg::Relayed {
            change: Relayed::Deleted,
        })
        .await
        .unwrap();
    let reason = tokio::time::timeout(Duration::from_secs(5), a.closer.closed())
        .await
        .expect("a is closed");
    assert_eq!(reason.code, Some(CLOSE_BOARD_DELETED), "{}", reason.reason);
    // This node's task leaves memory; the store is the deleting node's business.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while boards.loaded() != 0 {
        assert!(tokio::time::Instant::now() < deadline, "still loaded");
        tokio::task::yield_now().await;
    }
}

/// Another node deleted the board from the shared store, and its relayed deletion has not
/// arrived: the next write here finds no board, and the writer hears "deleted" (4410), not
/// "failed" (1011).
#[tokio::test]
async fn a_write_to_a_board_deleted_underneath_closes_with_4410() {
    let store = Arc::new(MemoryStore::new());
    let id = BoardId::parse("deleteboard3").expect("valid id");
    let (title, snapshot) = initial_doc::new_board("T");
    store.create_board(&id, &title, snapshot).await.unwrap();
    let boards = Boards::new(store.clone(), Arc::new(SchemaPolicy), settings());
    let handle = boards.get_or_spawn(&id);
    let (a, join_a) = Conn::join(1, Role::Participant, Some(key(1)));
    handle.send(join_a).await.unwrap();
    handle
        .send(BoardMsg::Frame {
            conn: 1,
            frame: write(41, "cards", "c1", MapPrelim::default()),
        })
        .await
        .unwrap();
    tokio::task::yield_now().await;
    store.delete_board(&id).await.unwrap();
    handle
        .send(BoardMsg::Frame {
            conn: 1,
            frame: write(42, "cards", "c2", MapPrelim::default()),
        })
        .await
        .unwrap();
    let reason = tokio::time::timeout(Duration::from_secs(5), a.closer.closed())
        .await
        .expect("a is closed");
    assert_eq!(reason.code, Some(CLOSE_BOARD_DELETED), "{}", reason.reason);
}

/// Another node's channel, in memory: the changes it holds, and a subscription that stays
/// open and quiet (the board finds them by its catch-up read).
#[derive(Default)]
struct MemoryRelay {
    entries: std::sync::Mutex<Vec<(Position, Relayed)>>,
    subscribers: std::sync::Mutex<Vec<mpsc::Sender<Delivered>>>,
}

#[async_trait::async_trait]
impl Relay for MemoryRelay {
    async fn position(&self, _: &BoardId) -> Result<Position, crate::relay::RelayError> {
        Ok(self
            .entries
            .lock()
            .unwrap()
            .last()
            .map(|(at, _)| *at)
            .unwrap_or_default())
    }
    async fn read_after(
        &self,
        _: &BoardId,
        after: Position,
        limit: usize,
    ) -> Result<Vec<Delivered>, crate::relay::RelayError> {
        let entries = self.entries.lock().unwrap();
        Ok(entries
            .iter()
            .filter(|(at, _)| *at > after)
            .take(limit)
            .map(|(at, change)| Delivered {
                at: *at,
                change: Some(change.clone()),
            })
            .collect())
    }
    async fn publish(&self, _: &BoardId, _: Relayed) -> Result<(), crate::relay::RelayError> {
        Ok(())
    }
    fn subscribe(&self, _: &BoardId, _: Position) -> mpsc::Receiver<Delivered> {
        let (tx, rx) = mpsc::channel(16);
        self.subscribers.lock().unwrap().push(tx);
        rx
    }
    async fn trim(&self, _: &BoardId, _: Position) -> Result<(), crate::relay::RelayError> {
        Ok(())
    }
    async fn delete(&self, _: &BoardId) -> Result<(), crate::relay::RelayError> {
        Ok(())
    }
    async fn ping(&self) -> Result<(), crate::relay::RelayError> {
        Ok(())
    }
}

/// Another node publishes while it stores: its change can reach this node before its row
/// reaches the store. A refused update here then rebuilds the document from the store; the
/// other node's change must still be in it (else everyone who joins here misses it).
#[tokio::test]
async fn a_rebuild_keeps_what_another_node_published_before_storing_it() {
    let store = Arc::new(MemoryStore::new());
    let id = BoardId::parse("rebuildboard").expect("valid id");
    let (title, snapshot) = initial_doc::new_board("T");
    store.create_board(&id, &title, snapshot).await.unwrap();
    let relay = Arc::new(MemoryRelay::default());
    // The other node's card, published and not (yet) in the store.
    let Frame::Update(elsewhere) = write(61, "cards", "theirs", MapPrelim::default()) else {
        unreachable!("a write is an update");
    };
    relay.entries.lock().unwrap().push((
        Position {
            ms: crate::store::now_ms() as u64,
            seq: 0,
        },
        Relayed::Update {
            updates: vec![elsewhere],
            bindings: Vec::new(),
        },
    ));
    let boards = Boards::with_relay(
        store.clone(),
        Arc::new(SchemaPolicy),
        settings(),
        Some(relay),
    );
    let handle = boards.get_or_spawn(&id);

    // A round of the facilitator's, stored here.
    let (mut f, join_f) = Conn::join(1, Role::Facilitator, None);
    handle.send(join_f).await.unwrap();
    let (made, renamed) = round_and_change(63, 64, "title", "mine");
    handle
        .send(BoardMsg::Frame {
            conn: f.id,
            frame: Frame::Update(made.clone()),
        })
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while stored_clock(&f.frames(), 63).is_none() {
        assert!(Instant::now() < deadline, "the round is never stored");
        tokio::task::yield_now().await;
    }
    // A participant renames it: applied, then refused (only the facilitator sets rounds up),
    // and the document rebuilt. Its turn first reads the channel, so the other node's card
    // is applied here before.
    let (m, join_m) = Conn::join(2, Role::Participant, Some(key(1)));
    handle.send(join_m).await.unwrap();
    handle
        .send(BoardMsg::Frame {
            conn: m.id,
            frame: Frame::Update(renamed),
        })
        .await
        .unwrap();
    let reason = tokio::time::timeout(Duration::from_secs(5), m.closer.closed())
        .await
        .expect("m is closed");
    assert_eq!(reason.code, Some(CLOSE_FORBIDDEN), "{}", reason.reason);

    // A newcomer here gets the other node's card.
    let (mut c, join_c) = Conn::join(3, Role::Viewer, None);
    handle.send(join_c).await.unwrap();
    handle
        .send(BoardMsg::Frame {
            conn: c.id,
            frame: Frame::SyncStep1(StateVector::default().encode_v1()),
        })
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    let full = loop {
        if let Some(Frame::SyncStep2(u)) = c
            .frames()
            .into_iter()
            .find(|f| matches!(f, Frame::SyncStep2(_)))
        {
            break u;
        }
        assert!(Instant::now() < deadline, "no answer to the newcomer");
        tokio::task::yield_now().await;
    };
    let seen = Doc::new();
    seen.transact_mut()
        .apply_update(Update::decode_v1(&full).unwrap())
        .unwrap();
    assert_eq!(keys_of(&seen, "cards"), ["theirs"]);
    assert_eq!(keys_of(&seen, "rounds"), ["r1"]);
}
