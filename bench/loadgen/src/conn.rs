//! One simulated device for `loadgen vote` and `loadgen position`: a `board::Board` synced
//! with the server over its own websocket (y-websocket framing), as the app's provider does.

use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use board::{Board, BoardEnv, ParticipantKey};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio::time::timeout_at;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use yrs::updates::decoder::Decode;
use yrs::StateVector;

use protocol::{Frame, ProtocolError};

/// `10s`, `1.5s`, `500ms`, or a plain number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let (number, scale) = if let Some(ms) = s.strip_suffix("ms") {
        (ms, 0.001)
    } else if let Some(secs) = s.strip_suffix('s') {
        (secs, 1.0)
    } else {
        (s, 1.0)
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("not a duration: {s:?} (e.g. 10s, 500ms)"))?;
    if !value.is_finite() || value < 0.0 {
        return Err(format!("not a duration: {s:?}"));
    }
    Ok(Duration::from_secs_f64(value * scale))
}

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// What one received message did.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    /// The document changed.
    Applied,
    /// Anything else (acks, presence, handshake).
    Other,
    /// The server closed the connection.
    Closed(String),
}

/// One client: a `Board` synced over one websocket (y-websocket framing).
pub struct Conn {
    sink: SplitSink<Ws, Message>,
    /// Incoming messages, for callers that `select!` over several sources.
    pub stream: SplitStream<Ws>,
    /// The device's document.
    pub board: Board,
    synced: bool,
    /// The latest `Stored` state vector.
    pub stored: StateVector,
    /// Updates that did not decode or apply, with an example.
    pub errors: u64,
    pub error_example: Option<String>,
}

impl Conn {
    /// Opens the websocket; `key` is the participant's identity on its `Board`.
    pub async fn connect(url: &str, key: Option<ParticipantKey>) -> Result<Conn> {
        // A small read buffer, as in the sync load (tungstenite's default is 128 KiB each).
        let config = WebSocketConfig::default().read_buffer_size(16 * 1024);
        let (ws, _) = tokio_tungstenite::connect_async_with_config(url, Some(config), true)
            .await
            .with_context(|| format!("connect {}", url.split('?').next().unwrap_or(url)))?;
        let (sink, stream) = ws.split();
        let mut board = Board::joined(BoardEnv::default());
        if let Some(key) = key {
            board.set_identity(key);
        }
        Ok(Conn {
            sink,
            stream,
            board,
            synced: false,
            stored: StateVector::default(),
            errors: 0,
            error_example: None,
        })
    }

    /// Sends one frame.
    pub async fn send(&mut self, frame: Frame) -> Result<()> {
        self.sink
            .send(Message::Binary(frame.encode().into()))
            .await
            .context("send")
    }

    /// Handles one message from the socket; sends a reply if the protocol asks for one.
    pub async fn on_message(&mut self, msg: Option<Result<Message, WsError>>) -> Result<Step> {
        let data = match msg {
            None => return Ok(Step::Closed("stream ended".into())),
            Some(Err(e)) => return Ok(Step::Closed(format!("error: {e}"))),
            Some(Ok(Message::Binary(data))) => data,
            Some(Ok(Message::Close(frame))) => {
                let why = frame.map_or("no close frame".into(), |f| {
                    format!("{} {}", f.code, f.reason)
                });
                return Ok(Step::Closed(why));
            }
            Some(Ok(_)) => return Ok(Step::Other),
        };
        match Frame::decode(&data) {
            Ok(Frame::SyncStep1(sv)) => {
                let diff = self.board.diff_v1(&sv).map_err(|e| anyhow!("{e}"))?;
                self.send(Frame::SyncStep2(diff)).await?;
                Ok(Step::Other)
            }
            Ok(Frame::SyncStep2(update)) => {
                self.apply(&update);
                self.synced = true;
                Ok(Step::Applied)
            }
            Ok(Frame::Update(update)) => {
                self.apply(&update);
                Ok(Step::Applied)
            }
            Ok(Frame::Stored(sv)) => {
                self.stored = StateVector::decode_v1(&sv).map_err(|e| anyhow!("Stored: {e}"))?;
                Ok(Step::Other)
            }
            Ok(Frame::Auth(reason)) => bail!("permission denied: {reason}"),
            Ok(Frame::Awareness(_) | Frame::QueryAwareness) => Ok(Step::Other),
            // Like a stock client: skip message types we do not know.
            Err(ProtocolError::UnknownType(_)) => Ok(Step::Other),
            Err(e) => bail!("bad frame from the server: {e}"),
        }
    }

    /// Handles one message of a connection that must stay open; `who` names it if it closed.
    pub async fn keep_open(
        &mut self,
        msg: Option<Result<Message, WsError>>,
        who: &str,
    ) -> Result<()> {
        if let Step::Closed(why) = self.on_message(msg).await? {
            bail!("{who} was disconnected: {why}");
        }
        Ok(())
    }

    fn apply(&mut self, update: &[u8]) {
        if let Err(e) = self.board.apply_update_v1(update) {
            self.errors += 1;
            self.error_example.get_or_insert_with(|| e.to_string());
        }
    }

    /// Reads until `done(self)` holds; fails at `deadline` or if the server closes.
    pub async fn pump_until(
        &mut self,
        deadline: Instant,
        what: &str,
        done: impl Fn(&Conn) -> bool,
    ) -> Result<()> {
        while !done(self) {
            let msg = timeout_at(deadline.into(), self.stream.next())
                .await
                .map_err(|_| anyhow!("timed out waiting for {what}"))?;
            if let Step::Closed(why) = self.on_message(msg).await? {
                bail!("closed while waiting for {what}: {why}");
            }
        }
        Ok(())
    }

    /// The y-websocket handshake: our state vector, then wait for the server's answer.
    pub async fn sync(&mut self, deadline: Instant) -> Result<()> {
        let sv = self.board.state_vector_v1();
        self.send(Frame::SyncStep1(sv)).await?;
        self.pump_until(deadline, "the handshake", |c| c.synced)
            .await
    }

    /// Runs a board operation and sends what it changed, as the app's provider does.
    pub async fn act<R>(&mut self, f: impl FnOnce(&mut Board) -> R) -> Result<R> {
        let before = self.board.state_vector_v1();
        let out = f(&mut self.board);
        let diff = self.board.diff_v1(&before).map_err(|e| anyhow!("{e}"))?;
        self.send(Frame::Update(diff)).await?;
        Ok(out)
    }

    /// Whether the server's last `Stored` covers everything in this document.
    pub fn all_stored(&self) -> bool {
        self.board
            .state_vector()
            .iter()
            .all(|(client, &clock)| self.stored.get(client) >= clock)
    }

    /// Closes the websocket and waits briefly for the server's close frame.
    pub async fn close(mut self) {
        let _ = self.sink.send(Message::Close(None)).await;
        let _ = tokio::time::timeout(Duration::from_secs(2), async {
            while let Some(Ok(m)) = self.stream.next().await {
                if matches!(m, Message::Close(_)) {
                    break;
                }
            }
        })
        .await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2.5"), Ok(Duration::from_millis(2500)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("-1s").is_err());
    }
}
