//! What `loadgen vote` and `loadgen position` share around their phones: the board on the
//! server with its invitation tokens, participant keys, and the threads the phones run on.

use std::future::Future;
use std::thread::JoinHandle;

use anyhow::{anyhow, Context, Result};
use board::ParticipantKey;
use serde_json::json;

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

    /// The websocket URL with a token and, for a participant, its secret key.
    pub fn sync_url(&self, token: &str, key: Option<&ParticipantKey>) -> String {
        let id = self.created["id"].as_str().unwrap_or_default();
        let mut url = format!(
            "ws://{}{}/sync/{}?token={}",
            self.host,
            self.prefix,
            percent_encode(id),
            percent_encode(token)
        );
        if let Some(key) = key {
            url.push_str("&key=");
            url.push_str(key.secret());
        }
        url
    }
}

/// A participant key as a phone's browser makes one: 32 random base62 characters.
pub fn random_key(rng: &mut fastrand::Rng) -> ParticipantKey {
    let secret: String = (0..32).map(|_| rng.alphanumeric()).collect();
    ParticipantKey::from_secret(&secret).expect("32 base62 characters")
}

/// How many phone threads: as asked, else one per core; at least one, at most one per phone.
pub fn thread_count(asked: Option<usize>, phones: u32) -> usize {
    asked
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, phones.max(1) as usize)
}

/// Runs `phone(spec)` for every spec, spread round-robin over `threads` threads. A phone holds
/// a `board::Board`, which is not `Send`: each thread has a single-threaded runtime and a
/// `LocalSet`. A phone task that panics becomes `failed(why)`.
pub fn spawn_phones<S, R, F, Fut>(
    specs: Vec<S>,
    threads: usize,
    phone: F,
    failed: fn(String) -> R,
) -> Vec<JoinHandle<Result<Vec<R>>>>
where
    S: Send + 'static,
    R: Send + 'static,
    F: Fn(S) -> Fut + Send + Clone + 'static,
    Fut: Future<Output = R> + 'static,
{
    let mut per_thread: Vec<Vec<S>> = (0..threads.max(1)).map(|_| Vec::new()).collect();
    let n = per_thread.len();
    for (i, spec) in specs.into_iter().enumerate() {
        per_thread[i % n].push(spec);
    }
    per_thread
        .into_iter()
        .map(|specs| {
            let phone = phone.clone();
            std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()?;
                let local = tokio::task::LocalSet::new();
                Ok(local.block_on(&rt, async move {
                    let tasks: Vec<_> = specs
                        .into_iter()
                        .map(|spec| tokio::task::spawn_local(phone(spec)))
                        .collect();
                    let mut results = Vec::with_capacity(tasks.len());
                    for task in tasks {
                        results.push(
                            task.await
                                .unwrap_or_else(|e| failed(format!("phone task failed: {e}"))),
                        );
                    }
                    results
                }))
            })
        })
        .collect()
}

/// Waits for the phone threads and collects every phone's result.
pub fn join_phones<R>(handles: Vec<JoinHandle<Result<Vec<R>>>>) -> Result<Vec<R>> {
    let mut results = Vec::new();
    for handle in handles {
        let thread = handle
            .join()
            .map_err(|_| anyhow!("a phone thread panicked"))?;
        results.extend(thread?);
    }
    Ok(results)
}
