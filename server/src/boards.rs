//! [`Boards`]: the map from board id to the running board task's [`BoardHandle`]. Boards
//! load on demand (the new task loads itself while joins queue up) and leave the map when
//! their task unloads.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::oneshot;

use crate::board_id::BoardId;
use crate::board_task::{self, BoardHandle, BoardMsg, BoardSettings};
use crate::policy::WritePolicy;
use crate::relay::Relay;
use crate::store::{Store, StoreError};

/// The loaded boards. Cheap to clone.
#[derive(Clone)]
pub struct Boards {
    shared: Arc<Shared>,
}

/// State shared by [`Boards`] clones and (weakly) by the board tasks.
pub struct Shared {
    /// A std `Mutex`: held only for map lookups and inserts, never across an `.await`.
    map: Mutex<HashMap<BoardId, BoardHandle>>,
    /// Tells a task's handle from that of an earlier task for the same board.
    next_generation: AtomicU64,
    store: Arc<dyn Store>,
    policy: Arc<dyn WritePolicy>,
    settings: BoardSettings,
    /// The other nodes, if any: every board task publishes to and reads from it.
    relay: Option<Arc<dyn Relay>>,
}

impl Boards {
    /// No board loaded yet; a node alone.
    pub fn new(
        store: Arc<dyn Store>,
        policy: Arc<dyn WritePolicy>,
        settings: BoardSettings,
    ) -> Boards {
        Boards::with_relay(store, policy, settings, None)
    }

    /// No board loaded yet; with `relay`, one node of several sharing live boards.
    pub fn with_relay(
        store: Arc<dyn Store>,
        policy: Arc<dyn WritePolicy>,
        settings: BoardSettings,
        relay: Option<Arc<dyn Relay>>,
    ) -> Boards {
        Boards {
            shared: Arc::new(Shared {
                map: Mutex::new(HashMap::new()),
                next_generation: AtomicU64::new(1),
                store,
                policy,
                settings,
                relay,
            }),
        }
    }

    /// The channel to the other nodes, if there are any.
    pub fn relay(&self) -> Option<&Arc<dyn Relay>> {
        self.shared.relay.as_ref()
    }

    /// The store boards load from.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.shared.store
    }

    /// The running task of board `id`, started (and loading) if there is none.
    pub fn get_or_spawn(&self, id: &BoardId) -> BoardHandle {
        let shared = &self.shared;
        let mut map = shared.map();
        if let Some(handle) = map.get(id) {
            // A task that died without retiring (it cannot, but be safe) is replaced.
            if !handle.is_closed() {
                return handle.clone();
            }
        }
        let generation = shared.next_generation.fetch_add(1, Ordering::Relaxed);
        let handle = board_task::spawn(
            id.clone(),
            generation,
            Arc::downgrade(shared),
            shared.store.clone(),
            shared.policy.clone(),
            shared.settings.clone(),
            shared.relay.clone(),
        );
        map.insert(id.clone(), handle.clone());
        handle
    }

    /// Whether the board is loaded or stored.
    pub async fn exists(&self, id: &BoardId) -> Result<bool, StoreError> {
        if self.shared.map().contains_key(id) {
            return Ok(true);
        }
        self.shared.store.board_exists(id).await
    }

    /// Deletes board `id` everywhere: its task (loaded for this if it was not, so that no
    /// join can slip past) closes its connections with `CLOSE_BOARD_DELETED` and removes it
    /// from the store and the relay. `NotFound` for an unknown board.
    pub async fn delete(&self, id: &BoardId) -> Result<(), StoreError> {
        if !self.exists(id).await? {
            return Err(StoreError::NotFound);
        }
        for _ in 0..3 {
            let handle = self.get_or_spawn(id);
            let (done, answer) = oneshot::channel();
            if handle.send(BoardMsg::Delete { done }).await.is_err() {
                continue; // unloading just now: the next task takes it
            }
            if let Ok(result) = answer.await {
                return result;
            }
        }
        // No task took it (the board does not load): delete what the store holds directly.
        self.shared.store.delete_board(id).await?;
        if let Some(relay) = &self.shared.relay {
            if let Err(e) = relay.delete(id).await {
                tracing::warn!(board = %id, error = %e, "telling the other nodes of the deletion failed");
            }
        }
        Ok(())
    }

    /// Whether board `id` is loaded on this node now.
    pub fn is_loaded(&self, id: &BoardId) -> bool {
        self.shared.map().contains_key(id)
    }

    /// How many boards are loaded.
    pub fn loaded(&self) -> usize {
        self.shared.map().len()
    }

    /// Closes every connection (1001), lets each board write its final snapshot, and
    /// waits for that (at most `timeout`).
    pub async fn shutdown(&self, timeout: Duration) {
        let handles: Vec<BoardHandle> = self.shared.map().values().cloned().collect();
        let mut waits = Vec::new();
        for handle in handles {
            let (done, wait) = oneshot::channel();
            if handle.send(BoardMsg::Shutdown { done }).await.is_ok() {
                waits.push(wait);
            }
        }
        let all = async {
            for wait in waits {
                let _ = wait.await;
            }
        };
        if tokio::time::timeout(timeout, all).await.is_err() {
            tracing::warn!("some boards did not finish within {timeout:?}");
        }
    }
}

impl Shared {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<BoardId, BoardHandle>> {
        // Nothing panics while holding the lock; recover the map if something did.
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Removes board `id` if its entry belongs to task `generation` and `allowed()` says
    /// yes (evaluated under the lock). Returns whether the entry is gone.
    pub(crate) fn retire(
        &self,
        id: &BoardId,
        generation: u64,
        allowed: impl FnOnce() -> bool,
    ) -> bool {
        let mut map = self.map();
        match map.get(id) {
            Some(handle) if handle.generation == generation => {
                if allowed() {
                    map.remove(id);
                    true
                } else {
                    false
                }
            }
            // Already replaced or removed.
            _ => true,
        }
    }
}
