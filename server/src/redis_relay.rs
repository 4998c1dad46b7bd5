//! [`RedisRelay`]: the [`Relay`] over Redis Streams (`--redis-url`), the design of y-redis
//! and Hocuspocus's Redis extension: one stream per board (`kartenwand:board:{id}`); a node
//! appends what it stored (`XADD`) and every node with the board loaded reads the stream
//! (`XREAD BLOCK`) from where it stood when it loaded the board. Entries carry the node's
//! id, so a node skips its own.
//!
//! Deleting a board appends a deletion entry (`k` = `x`, no content) and trims every entry
//! before it, so that the stream keeps nothing of the board; the stream itself expires a
//! minute later, once every node reading it has seen the entry.
//!
//! The stream is a live channel, not storage: the database has every update before it is
//! published, and streams are capped (`MAXLEN ~`), so a node that loads a board later
//! reads the database, not the stream.

use std::time::Duration;

use async_trait::async_trait;
use redis::aio::{ConnectionManager, MultiplexedConnection};
use redis::streams::{StreamId, StreamRangeReply, StreamReadReply};
use tokio::sync::mpsc;
use tracing::{debug, warn};

use crate::board_id::BoardId;
use crate::relay::{Delivered, Position, Relay, RelayError, Relayed};

/// Entries kept per board stream (approximately: Redis trims whole nodes).
const STREAM_MAX_LEN: usize = 10_000;
/// How long one `XREAD` waits for new entries before checking whether the board still
/// wants them.
const BLOCK: Duration = Duration::from_secs(1);
/// Entries read at once.
const READ_COUNT: usize = 512;
/// Changes queued for a board task before the reader waits.
const QUEUE: usize = 1024;
/// How long a deleted board's stream (only its deletion entry by then) stays for the nodes
/// reading it.
const DELETED_TTL_SECS: u64 = 60;
/// Wait before reconnecting after a failed read.
const RETRY: Duration = Duration::from_secs(1);

/// Live board changes between nodes over Redis Streams.
pub struct RedisRelay {
    client: redis::Client,
    /// For `XADD` and `XREVRANGE`: a multiplexed connection that reconnects by itself.
    conn: ConnectionManager,
    /// This node's id, random per process: tells its own entries from the others'.
    node: String,
}

fn err(e: impl std::fmt::Display) -> RelayError {
    RelayError(e.to_string())
}

fn stream_key(board: &BoardId) -> String {
    format!("kartenwand:board:{board}")
}

impl RedisRelay {
    /// Connects to `url` (`redis://host:port`).
    pub async fn connect(url: &str) -> Result<RedisRelay, RelayError> {
        // Without TCP_NODELAY (off by default in the redis crate) Nagle's algorithm holds a
        // small command back while an earlier one is unanswered: on the shared connection,
        // a catch-up read waits behind another board's append.
        let info = redis::IntoConnectionInfo::into_connection_info(url)
            .map_err(err)?
            .set_tcp_settings(redis::io::tcp::TcpSettings::default().set_nodelay(true));
        let client = redis::Client::open(info).map_err(err)?;
        let conn = client.get_connection_manager().await.map_err(err)?;
        let mut id = [0u8; 8];
        getrandom::fill(&mut id).map_err(err)?;
        let node = id.iter().map(|b| format!("{b:02x}")).collect();
        Ok(RedisRelay { client, conn, node })
    }
}

/// Frames a list of byte strings as one: each with its length (u32, little endian) first.
fn pack(parts: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(parts.iter().map(|p| p.len() + 4).sum());
    for part in parts {
        out.extend_from_slice(&(part.len() as u32).to_le_bytes());
        out.extend_from_slice(part);
    }
    out
}

/// The parts of [`pack`]; `None` if `bytes` is not such a framing.
fn unpack(mut bytes: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut parts = Vec::new();
    while !bytes.is_empty() {
        let (len, rest) = bytes.split_first_chunk::<4>()?;
        let len = u32::from_le_bytes(*len) as usize;
        if rest.len() < len {
            return None;
        }
        parts.push(rest[..len].to_vec());
        bytes = &rest[len..];
    }
    Some(parts)
}

/// The node that published an entry.
fn publisher(entry: &StreamId) -> Option<String> {
    entry.get("n")
}

/// The change an entry carries.
fn parse(entry: &StreamId) -> Option<Relayed> {
    let kind: String = entry.get("k")?;
    let data: Vec<u8> = entry.get("d")?;
    let change = match kind.as_str() {
        "u" => {
            let bindings: Vec<u8> = entry.get("b").unwrap_or_default();
            let bindings = if bindings.is_empty() {
                Vec::new()
            } else {
                serde_json::from_slice(&bindings).ok()?
            };
            Relayed::Update {
                updates: unpack(&data)?,
                bindings,
            }
        }
        "a" => Relayed::Awareness(data),
        "x" => Relayed::Deleted,
        _ => return None,
    };
    Some(change)
}

#[async_trait]
impl Relay for RedisRelay {
    async fn position(&self, board: &BoardId) -> Result<Position, RelayError> {
        let reply: StreamRangeReply = redis::cmd("XREVRANGE")
            .arg(stream_key(board))
            .arg("+")
            .arg("-")
            .arg("COUNT")
            .arg(1)
            .query_async(&mut self.conn.clone())
            .await
            .map_err(err)?;
        match reply.ids.first() {
            Some(entry) => entry.id.parse(),
            None => Ok(Position::default()),
        }
    }

    async fn read_after(
        &self,
        board: &BoardId,
        after: Position,
        limit: usize,
    ) -> Result<Vec<Delivered>, RelayError> {
        // `(` makes the start exclusive (Redis 6.2 and later).
        let reply: StreamRangeReply = redis::cmd("XRANGE")
            .arg(stream_key(board))
            .arg(format!("({after}"))
            .arg("+")
            .arg("COUNT")
            .arg(limit)
            .query_async(&mut self.conn.clone())
            .await
            .map_err(err)?;
        Ok(reply
            .ids
            .iter()
            .filter_map(|entry| delivered(entry, &self.node, stream_key(board).as_str()))
            .collect())
    }

    async fn publish(&self, board: &BoardId, change: Relayed) -> Result<(), RelayError> {
        let mut cmd = redis::cmd("XADD");
        cmd.arg(stream_key(board))
            .arg("MAXLEN")
            .arg("~")
            .arg(STREAM_MAX_LEN)
            .arg("*")
            .arg("n")
            .arg(&self.node);
        match change {
            Relayed::Update { updates, bindings } => {
                cmd.arg("k").arg("u").arg("d").arg(pack(&updates));
                if !bindings.is_empty() {
                    cmd.arg("b")
                        .arg(serde_json::to_vec(&bindings).map_err(err)?);
                }
            }
            Relayed::Awareness(bytes) => {
                cmd.arg("k").arg("a").arg("d").arg(bytes);
            }
            Relayed::Deleted => {
                cmd.arg("k").arg("x").arg("d").arg(Vec::<u8>::new());
            }
        }
        let _id: String = cmd.query_async(&mut self.conn.clone()).await.map_err(err)?;
        Ok(())
    }

    async fn delete(&self, board: &BoardId) -> Result<(), RelayError> {
        let key = stream_key(board);
        let mut cmd = redis::cmd("XADD");
        cmd.arg(&key)
            .arg("*")
            .arg("n")
            .arg(&self.node)
            .arg("k")
            .arg("x")
            .arg("d")
            .arg(Vec::<u8>::new());
        let id: String = cmd.query_async(&mut self.conn.clone()).await.map_err(err)?;
        // Exact (no `~`): every entry before the deletion goes, with the board's content.
        let _trimmed: u64 = redis::cmd("XTRIM")
            .arg(&key)
            .arg("MINID")
            .arg(&id)
            .query_async(&mut self.conn.clone())
            .await
            .map_err(err)?;
        let _set: bool = redis::cmd("EXPIRE")
            .arg(&key)
            .arg(DELETED_TTL_SECS)
            .query_async(&mut self.conn.clone())
            .await
            .map_err(err)?;
        Ok(())
    }

    async fn ping(&self) -> Result<(), RelayError> {
        let _pong: String = redis::cmd("PING")
            .query_async(&mut self.conn.clone())
            .await
            .map_err(err)?;
        Ok(())
    }

    async fn trim(&self, board: &BoardId, before: Position) -> Result<(), RelayError> {
        let _trimmed: u64 = redis::cmd("XTRIM")
            .arg(stream_key(board))
            .arg("MINID")
            .arg(before.to_string())
            .query_async(&mut self.conn.clone())
            .await
            .map_err(err)?;
        Ok(())
    }

    fn subscribe(&self, board: &BoardId, from: Position) -> mpsc::Receiver<Delivered> {
        let (tx, rx) = mpsc::channel(QUEUE);
        let (client, node, key) = (self.client.clone(), self.node.clone(), stream_key(board));
        tokio::spawn(read_stream(client, node, key, from, tx));
        rx
    }
}

/// What `entry` of stream `key` delivers to a board of node `node`: own and unreadable
/// entries without their change (they still move the board's position on); `None` for an
/// id that is no position.
fn delivered(entry: &StreamId, node: &str, key: &str) -> Option<Delivered> {
    let Ok(at) = entry.id.parse::<Position>() else {
        warn!(
            id = entry.id,
            stream = key,
            "relay: an entry id that is no position"
        );
        return None;
    };
    // The node's own entries are not decoded: it has their changes already.
    let change = match publisher(entry) {
        Some(from) if from == node => None,
        _ => {
            let change = parse(entry);
            if change.is_none() {
                debug!(id = entry.id, "relay: skipping an entry of another format");
            }
            change
        }
    };
    Some(Delivered { at, change })
}

/// A reader's connection: its answers may take the whole `BLOCK` time, longer than the
/// client's default response timeout.
fn reader_config() -> redis::AsyncConnectionConfig {
    redis::AsyncConnectionConfig::new().set_response_timeout(Some(BLOCK + Duration::from_secs(5)))
}

/// Reads `key` after `from` and passes the other nodes' entries to `tx`, until `tx` is
/// closed (the board unloaded). Its own connection: a blocking `XREAD` holds it.
async fn read_stream(
    client: redis::Client,
    node: String,
    key: String,
    mut last: Position,
    tx: mpsc::Sender<Delivered>,
) {
    let mut conn: Option<MultiplexedConnection> = None;
    while !tx.is_closed() {
        let c = match conn.as_mut() {
            Some(c) => c,
            None => match client
                .get_multiplexed_async_connection_with_config(&reader_config())
                .await
            {
                Ok(c) => conn.insert(c),
                Err(e) => {
                    warn!(error = %e, stream = key, "relay: cannot connect; retrying");
                    tokio::time::sleep(RETRY).await;
                    continue;
                }
            },
        };
        let reply: redis::RedisResult<Option<StreamReadReply>> = redis::cmd("XREAD")
            .arg("BLOCK")
            .arg(BLOCK.as_millis() as u64)
            .arg("COUNT")
            .arg(READ_COUNT)
            .arg("STREAMS")
            .arg(&key)
            .arg(last.to_string())
            .query_async(c)
            .await;
        let reply = match reply {
            Ok(reply) => reply,
            Err(e) => {
                warn!(error = %e, stream = key, "relay: read failed; reconnecting");
                conn = None;
                tokio::time::sleep(RETRY).await;
                continue;
            }
        };
        for entry in reply.into_iter().flat_map(|r| r.keys).flat_map(|k| k.ids) {
            let Some(delivered) = delivered(&entry, &node, &key) else {
                continue;
            };
            last = delivered.at;
            if tx.send(delivered).await.is_err() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_updates_come_back_as_they_were() {
        let parts = vec![vec![1, 2, 3], Vec::new(), vec![9; 300]];
        assert_eq!(unpack(&pack(&parts)), Some(parts));
        assert_eq!(unpack(&[5, 0, 0, 0, 1]), None, "shorter than it says");
        assert_eq!(unpack(&[1, 0]), None, "a cut length");
    }
}
