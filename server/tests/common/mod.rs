//! Test harness: a server on 127.0.0.1:0 with a memory store, a tiny HTTP client, and a
//! websocket client that speaks raw y-websocket bytes around a yrs `Doc`, behaving like a
//! stock `WebsocketProvider`. Every wait is for a condition, bounded by [`TIMEOUT`].

#![allow(dead_code)] // each test file uses a different part

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use board::{Board as Wall, BoardEnv, ParticipantKey};
use futures_util::{SinkExt, StreamExt};
use protocol::{covers, Frame};
use server::{Config, MemoryStore, Secret, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use yrs::sync::awareness::{AwarenessUpdate, AwarenessUpdateEntry};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{
    ClientID, Doc, GetString, Map, Out, ReadTxn, StateVector, Transact, TransactionMut, Update,
};

#[cfg(all(feature = "postgres", feature = "redis"))]
pub mod nodes;
#[cfg(feature = "postgres")]
#[path = "../support/postgres.rs"]
pub mod postgres;
#[cfg(feature = "redis")]
#[path = "../support/redis.rs"]
pub mod redis;

/// Runs each named test, an `async fn(TestServer)`, against one node (memory store) and, in
/// a module `two_nodes`, against two nodes sharing PostgreSQL and Redis, where participants'
/// connections go to the node that reads the relay late (see `nodes.rs`).
#[macro_export]
macro_rules! on_one_and_two_nodes {
    ($($name:ident),* $(,)?) => {
        mod one_node {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::common::TestServer::start().await).await;
                }
            )*
        }
        #[cfg(all(feature = "postgres", feature = "redis"))]
        mod two_nodes {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::common::TestServer::two_nodes().await).await;
                }
            )*
        }
    };
}

/// Upper bound for any single wait.
pub const TIMEOUT: Duration = Duration::from_secs(15);

/// A server in this process, or two nodes of one deployment.
pub struct TestServer {
    /// The (first) node's address.
    pub addr: SocketAddr,
    /// The single node's memory store; `None` for two nodes (they share PostgreSQL).
    pub store: Option<Arc<MemoryStore>>,
    servers: Vec<Server>,
    /// What two nodes share, kept running while they run.
    #[cfg(all(feature = "postgres", feature = "redis"))]
    services: Option<Arc<nodes::Services>>,
}

/// Test defaults: loopback, port 0, no rate limit.
pub fn test_config() -> Config {
    Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        connections_per_second: 0.0,
        // The write-rule tests try many refused writes with one key in a row.
        refusal_cooldown: Duration::ZERO,
        ..Config::default()
    }
}

impl TestServer {
    pub async fn start() -> TestServer {
        TestServer::start_with(|_| {}).await
    }

    pub async fn start_with(tweak: impl FnOnce(&mut Config)) -> TestServer {
        TestServer::start_on(Arc::new(MemoryStore::new()), tweak).await
    }

    /// A server on an existing store (a restart: same store, same secret, so same tokens).
    pub async fn start_on(store: Arc<MemoryStore>, tweak: impl FnOnce(&mut Config)) -> TestServer {
        let mut config = test_config();
        tweak(&mut config);
        let server = Server::start_with(config, store.clone(), Secret::from_bytes([42; 32]))
            .await
            .expect("server starts");
        TestServer {
            addr: server.local_addr(),
            store: Some(store),
            servers: vec![server],
            #[cfg(all(feature = "postgres", feature = "redis"))]
            services: None,
        }
    }

    /// Two nodes on a new PostgreSQL and Redis; the second reads the relay late.
    #[cfg(all(feature = "postgres", feature = "redis"))]
    pub async fn two_nodes() -> TestServer {
        TestServer::two_nodes_with(|_| {}).await
    }

    /// [`TestServer::two_nodes`] with `tweak` applied to each node's configuration.
    #[cfg(all(feature = "postgres", feature = "redis"))]
    pub async fn two_nodes_with(tweak: fn(&mut Config)) -> TestServer {
        TestServer::nodes_on(Arc::new(nodes::Services::start().await), tweak).await
    }

    /// The services' URLs (two nodes only).
    #[cfg(all(feature = "postgres", feature = "redis"))]
    pub fn services(&self) -> Option<&nodes::Services> {
        self.services.as_deref()
    }

    #[cfg(all(feature = "postgres", feature = "redis"))]
    async fn nodes_on(services: Arc<nodes::Services>, tweak: fn(&mut Config)) -> TestServer {
        let mut servers = Vec::new();
        for n in 0..2 {
            let mut config = test_config();
            tweak(&mut config);
            let secret = Secret::from_bytes([42; 32]);
            servers.push(nodes::start_node(&services, n, config, secret).await);
        }
        TestServer {
            addr: servers[0].local_addr(),
            store: None,
            servers,
            services: Some(services),
        }
    }

    /// The nodes' addresses, the first one first.
    pub fn addrs(&self) -> Vec<SocketAddr> {
        self.servers.iter().map(Server::local_addr).collect()
    }

    /// A new board, reached on every node of this deployment.
    pub async fn create_board(&self) -> Board {
        create_board(self.addr, "Test")
            .await
            .on_nodes(&self.addrs())
    }

    pub async fn health(&self) -> serde_json::Value {
        let (status, body) = http(self.addr, "GET", "/api/health", None).await;
        assert_eq!(status, 200);
        serde_json::from_str(&body).unwrap()
    }

    pub async fn shutdown(mut self) {
        for server in self.servers.drain(..) {
            server.shutdown().await;
        }
    }

    /// Shuts this server (or both nodes) down and starts it anew on its store (a restart:
    /// same secret, so the same tokens); returns it and `board` as reached there.
    pub async fn restart(self, board: &Board) -> (TestServer, Board) {
        #[cfg(all(feature = "postgres", feature = "redis"))]
        if let Some(services) = self.services.clone() {
            self.shutdown().await;
            let server = TestServer::nodes_on(services, |_| {}).await;
            let board = board.on_nodes(&server.addrs());
            return (server, board);
        }
        let store = self.store.clone().expect("one node has a memory store");
        self.shutdown().await;
        let server = TestServer::start_on(store, |_| {}).await;
        let board = board.on(server.addr);
        (server, board)
    }
}

/// A created board and its tokens.
#[derive(Debug, Clone)]
pub struct Board {
    /// The (first) node's address: the facilitator's, and the one for HTTP.
    pub addr: SocketAddr,
    pub id: String,
    pub facilitator: String,
    pub participant: String,
    pub viewer: String,
    /// Every node's address; with several, other tokens' connections go round them,
    /// starting with the second.
    pub nodes: Vec<SocketAddr>,
    turn: Arc<std::sync::atomic::AtomicUsize>,
}

impl Board {
    /// The sync URL for `token`: the facilitator's on the first node, others' in turn.
    pub fn url(&self, token: &str) -> String {
        let addr = if self.nodes.len() < 2 || token == self.facilitator {
            self.addr
        } else {
            let turn = self.turn.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            self.nodes[(turn + 1) % self.nodes.len()]
        };
        format!("ws://{}/sync/{}?token={}&acks=1", addr, self.id, token)
    }

    pub async fn join(&self, token: &str) -> Client {
        let mut client = Client::connect(&self.url(token)).await.expect("connects");
        client.sync().await;
        client
    }

    /// The sync URL with a participant key (`&key=` its secret).
    pub fn url_with_key(&self, token: &str, key: Option<&ParticipantKey>) -> String {
        match key {
            Some(key) => format!("{}&key={}", self.url(token), key.secret()),
            None => self.url(token),
        }
    }

    /// The board `POST /api/boards` on `addr` answered with `created`.
    pub fn created(addr: SocketAddr, created: &serde_json::Value) -> Board {
        let s = |k: &str| created[k].as_str().expect(k).to_string();
        Board {
            addr,
            id: s("id"),
            facilitator: s("facilitator_token"),
            participant: s("participant_token"),
            viewer: s("viewer_token"),
            nodes: vec![addr],
            turn: Arc::default(),
        }
    }

    /// The same board on another server address (after a restart).
    pub fn on(&self, addr: SocketAddr) -> Board {
        self.on_nodes(&[addr])
    }

    /// The same board on these nodes, the first one first.
    pub fn on_nodes(&self, nodes: &[SocketAddr]) -> Board {
        Board {
            addr: nodes[0],
            nodes: nodes.to_vec(),
            turn: Arc::default(),
            ..self.clone()
        }
    }
}

/// A `board::Board` synced over a [`Client`]: both work on one yrs document, so the board's
/// operations (`submit_ballot`, `add_cluster`, …) run against what the server sent.
pub struct Member {
    pub wall: Wall,
    pub client: Client,
}

impl Member {
    /// Connects with `token` and, if given, a participant key (also the board's identity),
    /// and syncs.
    pub async fn join(board: &Board, token: &str, key: Option<ParticipantKey>) -> Member {
        let mut wall = Wall::joined(BoardEnv::default());
        let url = board.url_with_key(token, key.as_ref());
        if let Some(key) = key {
            wall.set_identity(key);
        }
        let mut client = Client::connect_with(&url, wall.doc().clone())
            .await
            .expect("connects");
        client.sync().await;
        Member { wall, client }
    }

    /// Connects again (after its connection ended) with the same document and key, as the
    /// app does, and syncs: what the server lacks goes up in the handshake.
    pub async fn rejoin(self, board: &Board, token: &str, key: Option<&ParticipantKey>) -> Member {
        let url = board.url_with_key(token, key);
        let mut client = Client::connect_with(&url, self.wall.doc().clone())
            .await
            .expect("connects");
        client.sync().await;
        Member {
            wall: self.wall,
            client,
        }
    }

    /// Runs a board operation and sends what it changed (as the app's provider does).
    pub async fn act<R>(&mut self, f: impl FnOnce(&mut Wall) -> R) -> R {
        let before = self.wall.doc().transact().state_vector();
        let out = f(&mut self.wall);
        self.client.send_changes_since(&before).await;
        out
    }
}

/// Refused updates left nothing behind. The facilitator writes a marker after them; once
/// `witness` (a member who was there all along, with its label) has it, anything relayed
/// would have arrived too. Then `check` holds, and no change of the `refused` clients is
/// there, on the witness, whose connection stayed open, and, after a restart on the same
/// store, on a fresh viewer. Shuts the server down.
pub async fn assert_nothing_kept(
    server: TestServer,
    board: &Board,
    facilitator: &mut Member,
    (witness, label): (&mut Member, &str),
    refused: &[ClientID],
    check: impl Fn(&Member, &str),
) {
    let marker = "after the refused updates";
    facilitator.client.set("marker", marker).await;
    witness
        .client
        .wait_until("the facilitator's marker", |c| c.get("marker").is_some())
        .await;
    let check = |m: &Member, label: &str| {
        check(m, label);
        let sv = m.client.doc.transact().state_vector();
        for client in refused {
            assert_eq!(sv.get(client), 0, "{label}: a refused change arrived");
        }
    };
    check(witness, label);
    assert_eq!(witness.client.ended, None, "{label}");

    let (server, board) = server.restart(board).await;
    let fresh = Member::join(&board, &board.viewer, None).await;
    assert_eq!(fresh.client.get("marker").as_deref(), Some(marker));
    check(&fresh, "after a restart");
    server.shutdown().await;
}

pub async fn create_board(addr: SocketAddr, title: &str) -> Board {
    let body = serde_json::json!({ "title": title }).to_string();
    let (status, body) = http(addr, "POST", "/api/boards", Some(&body)).await;
    assert_eq!(status, 201, "{body}");
    Board::created(addr, &serde_json::from_str(&body).unwrap())
}

/// A minimal HTTP/1.1 request; returns status and body.
pub async fn http(addr: SocketAddr, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
    let json = [("Content-Type", "application/json")];
    let (status, _, body) = http_with(addr, method, path, &json, body.unwrap_or("")).await;
    (status, body)
}

/// `method path` with extra header lines and a body; returns the status, the response's head
/// (lower case, for header checks) and its body.
pub async fn http_with(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String, String) {
    let (status, head, body) = http_bytes(addr, method, path, headers, body.as_bytes()).await;
    (status, head, String::from_utf8_lossy(&body).into_owned())
}

/// [`http_with`] with a body of bytes, answering the body's bytes (binary files).
pub async fn http_bytes(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let extra: String = headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}\r\n"))
        .collect();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{extra}\
         Content-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut response = Vec::new();
    tokio::time::timeout(TIMEOUT, stream.read_to_end(&mut response))
        .await
        .expect("HTTP response in time")
        .unwrap();
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(response.len());
    let head = String::from_utf8_lossy(&response[..split]).to_ascii_lowercase();
    let status = head[9..12].parse().unwrap();
    let body = response.get(split + 4..).unwrap_or_default().to_vec();
    (status, head, body)
}

/// How a connection ended, as the client saw it.
#[derive(Debug, Clone, PartialEq)]
pub enum Ended {
    /// A close frame with this code and reason.
    Close(u16, String),
    /// The socket ended without a close frame (or with an error).
    Dropped,
}

/// A y-websocket client around a yrs document.
pub struct Client {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    pub doc: Doc,
    /// Latest `Stored` state vector from the server.
    pub stored: Option<Vec<u8>>,
    /// Awareness states the server relayed: client id → (clock, JSON).
    pub awareness: HashMap<u64, (u32, String)>,
    /// Whether the server's SyncStep2 arrived.
    pub synced: bool,
    /// Document updates received (SyncStep2 and Update).
    pub updates_received: usize,
    /// Awareness messages received.
    pub awareness_received: usize,
    pub ended: Option<Ended>,
    /// The reason of a "permission denied" auth message, if one came.
    pub denied: Option<String>,
    /// Cut sync answers into updates of at most this many bytes, as the app does
    /// (`protocol::answer_frames`); `None`: one message, as a stock client sends it.
    pub piece_bytes: Option<usize>,
    /// The largest message received from the server, in bytes.
    pub largest_received: usize,
}

impl Client {
    /// Connects; `Err(status)` if the server refused the upgrade.
    pub async fn connect(url: &str) -> Result<Client, u16> {
        Client::connect_with(url, Doc::new()).await
    }

    /// Connects with an existing document (a client coming back online).
    pub async fn connect_with(url: &str, doc: Doc) -> Result<Client, u16> {
        match tokio_tungstenite::connect_async(url).await {
            Ok((ws, _)) => Ok(Client {
                ws,
                doc,
                stored: None,
                awareness: HashMap::new(),
                synced: false,
                updates_received: 0,
                awareness_received: 0,
                ended: None,
                denied: None,
                piece_bytes: None,
                largest_received: 0,
            }),
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                Err(response.status().as_u16())
            }
            Err(e) => panic!("connect {url}: {e}"),
        }
    }

    /// What y-websocket does on open: send SyncStep1, then wait until the server's
    /// SyncStep2 arrived and everything local is stored.
    pub async fn sync(&mut self) {
        let sv = self.doc.transact().state_vector().encode_v1();
        self.send(Frame::SyncStep1(sv)).await;
        self.wait_until("synced and stored", |c| c.synced && c.all_stored())
            .await;
    }

    pub async fn send(&mut self, frame: Frame) {
        self.send_raw(frame.encode()).await;
    }

    pub async fn send_raw(&mut self, bytes: Vec<u8>) {
        self.ws
            .send(Message::Binary(bytes.into()))
            .await
            .expect("send");
    }

    pub async fn send_text(&mut self, text: &str) {
        self.ws
            .send(Message::Text(text.into()))
            .await
            .expect("send");
    }

    /// Changes the local document and sends the update (as a provider does).
    pub async fn edit(&mut self, f: impl FnOnce(&mut TransactionMut)) -> Vec<u8> {
        let update = self.edit_offline(f);
        self.send(Frame::Update(update.clone())).await;
        update
    }

    /// Sends everything the local document has beyond `sv` as one update.
    pub async fn send_changes_since(&mut self, sv: &StateVector) -> Vec<u8> {
        let update = self.doc.transact().encode_state_as_update_v1(sv);
        self.send(Frame::Update(update.clone())).await;
        update
    }

    /// Changes the local document without sending anything.
    pub fn edit_offline(&mut self, f: impl FnOnce(&mut TransactionMut)) -> Vec<u8> {
        let mut txn = self.doc.transact_mut();
        f(&mut txn);
        txn.commit();
        txn.encode_update_v1()
    }

    /// Sets `cards[key] = value` and sends it.
    pub async fn set(&mut self, key: &str, value: &str) -> Vec<u8> {
        let cards = self.doc.get_or_insert_map("cards");
        let (key, value) = (key.to_string(), value.to_string());
        self.edit(move |txn| {
            cards.insert(txn, key, value);
        })
        .await
    }

    /// `cards[key]` as a string.
    pub fn get(&self, key: &str) -> Option<String> {
        get(&self.doc, key)
    }

    /// Whether the server's last `Stored` covers the local document.
    pub fn all_stored(&self) -> bool {
        let local = self.doc.transact().state_vector().encode_v1();
        self.stored
            .as_ref()
            .is_some_and(|stored| covers(stored, &local).unwrap())
    }

    /// Waits until the local changes are stored (`true`) or the connection ends (`false`).
    pub async fn stored_or_ended(&mut self) -> bool {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        while !self.all_stored() {
            if self.ended.is_some() {
                return false;
            }
            match tokio::time::timeout_at(deadline, self.ws.next()).await {
                Err(_) => panic!("timed out waiting for an ack or the end"),
                Ok(next) => self.handle(next).await,
            }
        }
        true
    }

    pub async fn wait_stored(&mut self) {
        self.wait_until("all local changes stored", |c| c.all_stored())
            .await;
    }

    /// Processes incoming frames until `done(self)`; panics after [`TIMEOUT`].
    pub async fn wait_until(&mut self, what: &str, done: impl Fn(&Client) -> bool) {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        while !done(self) {
            if self.ended.is_some() {
                panic!("waiting for {what}: connection ended: {:?}", self.ended);
            }
            match tokio::time::timeout_at(deadline, self.ws.next()).await {
                Err(_) => panic!("timed out waiting for {what}"),
                Ok(next) => self.handle(next).await,
            }
        }
    }

    /// Reads until the connection ends; returns how.
    pub async fn wait_end(&mut self) -> Ended {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        while self.ended.is_none() {
            match tokio::time::timeout_at(deadline, self.ws.next()).await {
                Err(_) => panic!("timed out waiting for the connection to end"),
                Ok(next) => self.handle(next).await,
            }
        }
        self.ended.clone().unwrap()
    }

    async fn handle(
        &mut self,
        next: Option<Result<Message, tokio_tungstenite::tungstenite::Error>>,
    ) {
        let msg = match next {
            None | Some(Err(_)) => {
                self.ended.get_or_insert(Ended::Dropped);
                return;
            }
            Some(Ok(msg)) => msg,
        };
        let bytes = match msg {
            Message::Binary(bytes) => {
                self.largest_received = self.largest_received.max(bytes.len());
                bytes
            }
            Message::Close(frame) => {
                let ended = frame.map_or(Ended::Dropped, |f| {
                    Ended::Close(u16::from(f.code), f.reason.to_string())
                });
                self.ended.get_or_insert(ended);
                return;
            }
            _ => return,
        };
        match Frame::decode(&bytes).expect("the server sends valid frames") {
            Frame::SyncStep1(sv) => {
                let sv = StateVector::decode_v1(&sv).unwrap();
                let diff = self.doc.transact().encode_state_as_update_v1(&sv);
                match self.piece_bytes {
                    Some(max) => {
                        for frame in protocol::answer_frames(diff, max) {
                            // The server may close the connection part-way (a bound); the
                            // next read reports how.
                            let sent = self.ws.send(Message::Binary(frame.encode().into()));
                            if sent.await.is_err() {
                                break;
                            }
                        }
                    }
                    None => self.send(Frame::SyncStep2(diff)).await,
                }
            }
            Frame::SyncStep2(update) => {
                self.apply(&update);
                self.synced = true;
            }
            Frame::Update(update) => self.apply(&update),
            Frame::Awareness(bytes) => {
                self.awareness_received += 1;
                let update = AwarenessUpdate::decode_v1(&bytes).unwrap();
                for (id, entry) in update.clients {
                    let current = self.awareness.get(&id.get()).map_or(0, |(c, _)| *c);
                    if entry.clock >= current {
                        self.awareness
                            .insert(id.get(), (entry.clock, entry.json.to_string()));
                    }
                }
            }
            Frame::Stored(sv) => self.stored = Some(sv),
            Frame::Auth(reason) => self.denied = Some(reason),
            Frame::QueryAwareness => {}
        }
    }

    fn apply(&mut self, update: &[u8]) {
        self.updates_received += 1;
        self.doc
            .transact_mut()
            .apply_update(Update::decode_v1(update).unwrap())
            .unwrap();
    }

    /// Sends this client's awareness state (`null` removes it).
    pub async fn set_awareness(&mut self, clock: u32, json: &str) {
        let mut update = AwarenessUpdate {
            clients: HashMap::new(),
        };
        update.clients.insert(
            self.doc.client_id(),
            AwarenessUpdateEntry {
                clock,
                json: json.into(),
            },
        );
        self.send(Frame::Awareness(update.encode_v1())).await;
    }

    /// The awareness state the server relayed for `client`, unless removed.
    pub fn awareness_of(&self, client: ClientID) -> Option<String> {
        self.awareness
            .get(&client.get())
            .map(|(_, json)| json.clone())
            .filter(|json| json != "null")
    }

    /// Closes politely.
    pub async fn close(mut self) -> Doc {
        let _ = self.ws.close(None).await;
        self.doc
    }
}

/// `cards[key]` of a document, as a string.
pub fn get(doc: &Doc, key: &str) -> Option<String> {
    let cards = doc.get_or_insert_map("cards");
    let txn = doc.transact();
    match cards.get(&txn, key)? {
        Out::Any(yrs::Any::String(s)) => Some(s.to_string()),
        Out::Any(any) => Some(any.to_string()),
        Out::YText(text) => Some(text.get_string(&txn)),
        other => Some(format!("{other:?}")),
    }
}

/// All of `cards` as key → string, for comparing documents.
pub fn cards(doc: &Doc) -> std::collections::BTreeMap<String, String> {
    let cards = doc.get_or_insert_map("cards");
    let txn = doc.transact();
    cards
        .iter(&txn)
        .map(|(k, v)| (k.to_string(), v.to_string(&txn)))
        .collect()
}

/// Waits until the server closed `client`; returns the close code and reason.
pub async fn closed(client: &mut Client) -> (u16, String) {
    match client.wait_end().await {
        Ended::Close(code, reason) => (code, reason),
        Ended::Dropped => panic!("dropped without a close frame"),
    }
}

/// Waits until the server closed `client` as forbidden, for a reason that names `why`;
/// `what` was refused.
pub async fn assert_refused(client: &mut Client, what: &str, why: &str) {
    let (code, reason) = closed(client).await;
    assert_eq!(code, protocol::CLOSE_FORBIDDEN, "{what}: {reason}");
    assert!(reason.contains(why), "{what}: {reason}");
}

/// The named root maps of a document as JSON (keys sorted), for comparing documents.
pub fn roots_json(doc: &Doc, roots: &[&str]) -> serde_json::Value {
    use yrs::types::ToJson;
    let maps: Vec<(&str, yrs::MapRef)> = roots
        .iter()
        .map(|name| (*name, doc.get_or_insert_map(*name)))
        .collect();
    let txn = doc.transact();
    maps.into_iter()
        .map(|(name, map)| {
            let value = serde_json::to_value(map.to_json(&txn)).expect("JSON");
            (name.to_string(), value)
        })
        .collect()
}
