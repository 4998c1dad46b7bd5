//! The board on the server that `loadgen vote`, `loadgen position` and `loadgen join` play
//! in: its invitation tokens and join code, connections with them, and participant keys for
//! the phones.

use std::time::Instant;

use anyhow::{anyhow, Context, Result};
use board::ParticipantKey;
use serde_json::json;

use crate::conn::Conn;
use crate::{http, percent_encode};

/// A board created on the server (`POST /api/boards`) and how to reach it.
pub struct Room {
    host: String,
    prefix: String,
    created: serde_json::Value,
}

impl Room {
    /// Creates a board with this title on the server at `url` (http://HOST:PORT).
    pub async fn create(url: &str, title: &str) -> Result<Room> {
        let (host, prefix) = http::split_url(url)?;
        let body = json!({ "title": title }).to_string();
        let created = http::post_json(&host, &format!("{prefix}/api/boards"), &body)
            .await
            .context("POST /api/boards")?;
        let room = Room {
            host,
            prefix,
            created,
        };
        room.field("id")?;
        Ok(room)
    }

    /// A string field of the server's answer (`facilitator_token`, `viewer_token`, …).
    pub fn field(&self, k: &str) -> Result<String> {
        self.created[k]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("no {k} in {}", self.created))
    }

    /// Connects with the token in the answer's `field` (`facilitator_token`, `viewer_token`)
    /// and syncs.
    pub async fn join(&self, field: &str, deadline: Instant) -> Result<Conn> {
        let mut conn = Conn::connect(&self.sync_url(&self.field(field)?, None), None).await?;
        conn.sync(deadline).await?;
        Ok(conn)
    }

    /// The board's join code, as the facilitator's share dialog asks for it
    /// (`POST /api/boards/{id}/join-code` with the facilitator token).
    pub async fn join_code(&self) -> Result<String> {
        let id = percent_encode(&self.field("id")?);
        let path = format!("{}/api/boards/{id}/join-code", self.prefix);
        let answer = http::post_bearer(&self.host, &path, &self.field("facilitator_token")?)
            .await
            .context("POST /api/boards/{id}/join-code")?;
        answer["code"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("no code in {answer}"))
    }

    /// The websocket URL with a token and, for a participant, its secret key.
    pub fn sync_url(&self, token: &str, key: Option<&ParticipantKey>) -> String {
        let id = self.created["id"].as_str().unwrap_or_default();
        sync_url(&self.host, &self.prefix, id, token, key)
    }
}

/// The websocket URL of board `id` on `host` (under `prefix`) with a token and, for a
/// participant, its secret key.
pub fn sync_url(
    host: &str,
    prefix: &str,
    id: &str,
    token: &str,
    key: Option<&ParticipantKey>,
) -> String {
    let mut url = format!(
        // `acks=1`: like the app, these clients read `Stored` acknowledgements.
        "ws://{host}{prefix}/sync/{}?token={}&acks=1",
        percent_encode(id),
        percent_encode(token)
    );
    if let Some(key) = key {
        url.push_str("&key=");
        url.push_str(key.secret());
    }
    url
}

/// A participant key as a phone's browser makes one: 32 random base62 characters.
pub fn random_key(rng: &mut fastrand::Rng) -> ParticipantKey {
    let secret: String = (0..32).map(|_| rng.alphanumeric()).collect();
    ParticipantKey::from_secret(&secret).expect("32 base62 characters")
}
