//! One simulated phone of `loadgen join`: looks the join code up, asks whether the link
//! works (`GET /api/boards/{id}/access`, as the app does), connects with the participant
//! token and its own key, syncs, writes its name and one card as the app does,
//! waits for the server's `Stored`, then stays online until the coordinator stops it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Result};
use board::{NewCard, ParticipantKey};
use futures_util::StreamExt;
use tokio::sync::{mpsc, watch};
use tokio::time::{sleep_until, timeout_at};
use tokio_tungstenite::tungstenite::Error as WsError;

use crate::conn::{Conn, Step};
use crate::{http, percent_encode, room};

/// What every phone shares.
pub struct Shared {
    /// API host (`host:port`) and path prefix of the server.
    pub host: String,
    pub prefix: String,
    /// The code the facilitator shows.
    pub code: String,
    /// When all phones start at once.
    pub start: Instant,
    /// Give up here.
    pub deadline: Instant,
    /// Each phone reports once: stored, or failed.
    pub reported: mpsc::UnboundedSender<()>,
    /// `true`: close the connection and finish.
    pub stop: watch::Receiver<bool>,
}

/// One phone's part.
pub struct Spec {
    /// Its number, for its name and messages.
    pub idx: u32,
    /// Its identity (as the browser keeps it).
    pub key: ParticipantKey,
    pub shared: Arc<Shared>,
}

/// When a phone got how far, each since the common start.
#[derive(Debug, Default, Clone)]
pub struct Timeline {
    /// The lookup answered the board and its participant token.
    pub looked_up: Option<Duration>,
    /// The websocket is open.
    pub connected: Option<Duration>,
    /// The server's SyncStep2 arrived.
    pub synced: Option<Duration>,
    /// The name and the card were sent.
    pub written: Option<Duration>,
    /// The server's `Stored` covers both.
    pub stored: Option<Duration>,
}

/// What one phone measured.
#[derive(Debug, Default)]
pub struct Outcome {
    pub timeline: Timeline,
    /// Why it failed, if it did.
    pub error: Option<String>,
    /// How the server refused it, if it did: `HTTP 429` (lookup or websocket upgrade), another
    /// HTTP status, or a close code.
    pub refusal: Option<String>,
}

impl Outcome {
    /// A phone whose task ended before it measured anything.
    pub fn failed(why: String) -> Self {
        Outcome {
            error: Some(why),
            ..Outcome::default()
        }
    }
}

/// Runs one phone; never fails, the outcome says what went wrong.
pub async fn run(spec: Spec) -> Outcome {
    let shared = spec.shared.clone();
    let idx = spec.idx;
    let mut out = Outcome::default();
    let mut reported = false;
    if let Err(e) = run_inner(spec, &mut out, &mut reported).await {
        out.refusal = out.refusal.take().or_else(|| refusal(&e));
        out.error = Some(format!("phone {idx}: {e:#}"));
    }
    if !reported {
        let _ = shared.reported.send(());
    }
    out
}

async fn run_inner(spec: Spec, out: &mut Outcome, reported: &mut bool) -> Result<()> {
    let s = &*spec.shared;
    let since = |s: &Shared| Some(s.start.elapsed());
    sleep_until(s.start.into()).await;

    // The /j page: the code typed, looked up.
    let path = format!("{}/api/join/{}", s.prefix, percent_encode(&s.code));
    let (status, answer) = http::get_json(&s.host, &path, None).await?;
    if status != 200 {
        out.refusal = Some(format!("HTTP {status} (lookup)"));
        bail!("GET /api/join/{{code}}: HTTP {status}: {answer}");
    }
    let field = |k: &str| {
        answer[k]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("no {k} in {answer}"))
    };
    let (board, token) = (field("board")?, field("participant_token")?);
    out.timeline.looked_up = since(s);

    // The app asks whether the link works before it shows a board opened from a link.
    let path = format!("{}/api/boards/{}/access", s.prefix, percent_encode(&board));
    let (status, answer) = http::get_json(&s.host, &path, Some(&token)).await?;
    if status != 200 {
        out.refusal = Some(format!("HTTP {status} (access)"));
        bail!("GET /api/boards/{{board}}/access: HTTP {status}: {answer}");
    }

    // The participant link: connect with the token and this phone's key, sync.
    let url = room::sync_url(&s.host, &s.prefix, &board, &token, Some(&spec.key));
    let mut conn = timeout_at(s.deadline.into(), Conn::connect(&url, Some(spec.key)))
        .await
        .map_err(|_| anyhow!("timed out connecting"))??;
    out.timeline.connected = since(s);
    conn.sync(s.deadline).await?;
    out.timeline.synced = since(s);

    // The name dialog, then one card, as the app writes them (two updates).
    let idx = spec.idx;
    let name = format!("Telefon {}", idx + 1);
    let color = format!("hsl({} 70% 45%)", (idx * 47) % 360);
    conn.act(|b| b.set_participant(&name, &color))
        .await?
        .map_err(|e| anyhow!("set_participant: {e}"))?;
    let text = format!("These von Telefon {}: kürzere Wege zum Bahnhof", idx + 1);
    let (x, y) = (
        f64::from(idx % 7) * 260.0,
        2000.0 + f64::from(idx / 7) * 160.0,
    );
    conn.act(|b| b.add_card(NewCard::new(text, x, y)))
        .await?
        .map_err(|e| anyhow!("add_card: {e}"))?;
    out.timeline.written = since(s);
    let me = conn.board.doc().client_id();
    let own_stored = move |c: &Conn| {
        let mine = c.board.state_vector().get(&me);
        c.stored.get(&me) >= mine
    };
    conn.pump_until(s.deadline, "the Stored ack", own_stored)
        .await?;
    out.timeline.stored = since(s);
    let _ = s.reported.send(());
    *reported = true;

    // Online like a phone on the participant home, until the coordinator stops.
    let mut stop = s.stop.clone();
    loop {
        tokio::select! {
            changed = stop.changed() => {
                if changed.is_err() || *stop.borrow() {
                    break;
                }
            }
            msg = conn.stream.next() => {
                if let Step::Closed(why) = conn.on_message(msg).await? {
                    bail!("closed after its card was stored: {why}");
                }
            }
        }
    }
    if conn.errors > 0 {
        bail!(
            "{} updates did not apply, e.g. {}",
            conn.errors,
            conn.error_example.as_deref().unwrap_or("?")
        );
    }
    conn.close().await;
    Ok(())
}

/// How the server refused a phone, read from the error: an HTTP status on the websocket
/// upgrade, or a close frame (`Conn` says `closed while waiting for …: CODE reason`).
fn refusal(e: &anyhow::Error) -> Option<String> {
    if let Some(WsError::Http(response)) = e.downcast_ref::<WsError>() {
        return Some(format!("HTTP {} (websocket)", response.status().as_u16()));
    }
    let text = format!("{e:#}");
    let (_, after) = text.split_once("closed")?;
    let code = after.split(": ").nth(1)?.split_whitespace().next()?;
    code.parse::<u16>().ok().map(|c| format!("close {c}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_codes_are_read_from_errors() {
        let e = anyhow!("closed while waiting for the handshake: 4403 only the facilitator");
        assert_eq!(refusal(&e).as_deref(), Some("close 4403"));
        let e = anyhow!("closed after its card was stored: 1008 too slow");
        assert_eq!(refusal(&e).as_deref(), Some("close 1008"));
        assert_eq!(refusal(&anyhow!("timed out connecting")), None);
        let e = anyhow!("closed while waiting for the Stored ack: stream ended");
        assert_eq!(refusal(&e), None);
    }

    #[test]
    fn http_refusals_are_read_through_context() {
        let response = tokio_tungstenite::tungstenite::http::Response::builder()
            .status(429)
            .body(None)
            .map_err(|e| anyhow!("{e}"));
        let e = anyhow::Error::from(WsError::Http(Box::new(response.unwrap())))
            .context("connect ws://x");
        assert_eq!(refusal(&e).as_deref(), Some("HTTP 429 (websocket)"));
    }
}
