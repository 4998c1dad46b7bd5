//! [`MemoryStore`]: a [`Store`] in a `HashMap`, for tests and benchmarks. Forgets everything
//! when the process ends.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;

use super::{now_ms, Store, StoreError, StoredBoard, StoredTemplate, TemplateEntry};
use crate::board_id::BoardId;

/// Boards in memory.
#[derive(Debug, Default)]
pub struct MemoryStore {
    /// A std `Mutex`: every method is a few map operations with no `.await` inside.
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    next_seq: u64,
    /// Boards created so far (orders [`Store::boards`]).
    created: u64,
    boards: HashMap<BoardId, Board>,
    /// Join code → board; each board holds at most one.
    join_codes: HashMap<String, BoardId>,
    /// Kept templates by id.
    templates: HashMap<String, StoredTemplate>,
}

#[derive(Debug, Default)]
struct Board {
    title: String,
    /// In the order boards were created (for [`Store::boards`]).
    created: u64,
    snapshot: Option<Vec<u8>>,
    snapshot_seq: u64,
    log: Vec<(u64, Vec<u8>)>,
    owners: HashMap<u64, String>,
    /// Last use (created, touched), ms since the Unix epoch.
    used_ms: i64,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves consistent data (each method finishes its
        // changes before it can panic), so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[async_trait]
impl Store for MemoryStore {
    async fn create_board(
        &self,
        id: &BoardId,
        title: &str,
        snapshot_v2: Vec<u8>,
    ) -> Result<(), StoreError> {
        let mut state = self.state();
        if state.boards.contains_key(id) {
            return Err(StoreError::AlreadyExists);
        }
        state.created += 1;
        let created = state.created;
        state.boards.insert(
            id.clone(),
            Board {
                title: title.to_owned(),
                created,
                snapshot: Some(snapshot_v2),
                used_ms: now_ms(),
                ..Board::default()
            },
        );
        Ok(())
    }

    async fn board_exists(&self, id: &BoardId) -> Result<bool, StoreError> {
        Ok(self.state().boards.contains_key(id))
    }

    async fn put_template(&self, template: StoredTemplate) -> Result<(), StoreError> {
        let mut state = self.state();
        if state.templates.contains_key(&template.id) {
            return Err(StoreError::AlreadyExists);
        }
        state.templates.insert(template.id.clone(), template);
        Ok(())
    }

    async fn templates(&self) -> Result<Vec<TemplateEntry>, StoreError> {
        let state = self.state();
        let mut list: Vec<TemplateEntry> = state
            .templates
            .values()
            .map(|t| TemplateEntry {
                id: t.id.clone(),
                title: t.title.clone(),
                created_ms: t.created_ms,
                bytes: t.data.len() as u64,
            })
            .collect();
        list.sort_by(|a, b| {
            b.created_ms
                .cmp(&a.created_ms)
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(list)
    }

    async fn template(&self, id: &str) -> Result<StoredTemplate, StoreError> {
        self.state()
            .templates
            .get(id)
            .cloned()
            .ok_or(StoreError::NotFound)
    }

    async fn delete_template(&self, id: &str) -> Result<(), StoreError> {
        self.state()
            .templates
            .remove(id)
            .map(|_| ())
            .ok_or(StoreError::NotFound)
    }

    async fn boards(&self) -> Result<Vec<(BoardId, String)>, StoreError> {
        let state = self.state();
        let mut boards: Vec<_> = state.boards.iter().collect();
        boards.sort_by_key(|(_, b)| b.created);
        Ok(boards
            .into_iter()
            .map(|(id, b)| (id.clone(), b.title.clone()))
            .collect())
    }

    async fn load(&self, id: &BoardId) -> Result<StoredBoard, StoreError> {
        let state = self.state();
        let board = state.boards.get(id).ok_or(StoreError::NotFound)?;
        Ok(StoredBoard {
            snapshot_v2: board.snapshot.clone(),
            updates: board.log.iter().map(|(_, u)| u.clone()).collect(),
            last_seq: board.log.last().map_or(board.snapshot_seq, |(s, _)| *s),
            owners: board.owners.iter().map(|(c, o)| (*c, o.clone())).collect(),
        })
    }

    async fn append(&self, id: &BoardId, updates: Vec<Vec<u8>>) -> Result<u64, StoreError> {
        let mut state = self.state();
        let State {
            next_seq, boards, ..
        } = &mut *state;
        let board = boards.get_mut(id).ok_or(StoreError::NotFound)?;
        for update in updates {
            *next_seq += 1;
            board.log.push((*next_seq, update));
        }
        Ok(*next_seq)
    }

    async fn bind_clients(
        &self,
        id: &BoardId,
        owners: Vec<(u64, String)>,
    ) -> Result<Vec<(u64, String)>, StoreError> {
        let mut state = self.state();
        let board = state.boards.get_mut(id).ok_or(StoreError::NotFound)?;
        let mut lost = Vec::new();
        for (client, owner) in owners {
            let held = board.owners.entry(client).or_insert_with(|| owner.clone());
            if *held != owner {
                lost.push((client, owner));
            }
        }
        Ok(lost)
    }

    async fn compact(
        &self,
        id: &BoardId,
        snapshot_v2: Vec<u8>,
        upto_seq: u64,
    ) -> Result<u64, StoreError> {
        let mut state = self.state();
        let board = state.boards.get_mut(id).ok_or(StoreError::NotFound)?;
        let before = board.log.len();
        board.log.retain(|(seq, _)| *seq > upto_seq);
        if upto_seq >= board.snapshot_seq {
            board.snapshot = Some(snapshot_v2);
            board.snapshot_seq = upto_seq;
        }
        Ok((before - board.log.len()) as u64)
    }

    async fn set_join_code(&self, id: &BoardId, code: &str) -> Result<(), StoreError> {
        let mut state = self.state();
        if !state.boards.contains_key(id) {
            return Err(StoreError::NotFound);
        }
        if state
            .join_codes
            .get(code)
            .is_some_and(|holder| holder != id)
        {
            return Err(StoreError::AlreadyExists);
        }
        state.join_codes.retain(|_, holder| holder != id);
        state.join_codes.insert(code.to_owned(), id.clone());
        Ok(())
    }

    async fn join_code(&self, id: &BoardId) -> Result<Option<String>, StoreError> {
        let state = self.state();
        let code = state.join_codes.iter().find(|(_, holder)| *holder == id);
        Ok(code.map(|(code, _)| code.clone()))
    }

    async fn board_for_join_code(&self, code: &str) -> Result<Option<BoardId>, StoreError> {
        Ok(self.state().join_codes.get(code).cloned())
    }

    async fn delete_board(&self, id: &BoardId) -> Result<(), StoreError> {
        let mut state = self.state();
        state.boards.remove(id).ok_or(StoreError::NotFound)?;
        state.join_codes.retain(|_, holder| holder != id);
        Ok(())
    }

    async fn touch_board(&self, id: &BoardId, now_ms: i64) -> Result<(), StoreError> {
        let mut state = self.state();
        state
            .boards
            .get_mut(id)
            .ok_or(StoreError::NotFound)?
            .used_ms = now_ms;
        Ok(())
    }

    async fn unused_since(&self, before_ms: i64) -> Result<Vec<BoardId>, StoreError> {
        let state = self.state();
        let old = state.boards.iter().filter(|(_, b)| b.used_ms < before_ms);
        Ok(old.map(|(id, _)| id.clone()).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::super::contract;
    use super::*;

    #[tokio::test]
    async fn create_and_exists() {
        contract::create_and_exists(&MemoryStore::new()).await;
    }

    #[tokio::test]
    async fn append_and_load() {
        contract::append_and_load(&MemoryStore::new()).await;
    }

    #[tokio::test]
    async fn concurrent_appends_keep_each_boards_order() {
        contract::concurrent_appends_keep_each_boards_order(&MemoryStore::new()).await;
    }

    #[tokio::test]
    async fn compact_keeps_later_rows() {
        contract::compact_keeps_later_rows(&MemoryStore::new()).await;
    }

    #[tokio::test]
    async fn an_older_snapshot_does_not_replace_a_newer_one() {
        contract::an_older_snapshot_does_not_replace_a_newer_one(&MemoryStore::new()).await;
    }

    #[tokio::test]
    async fn the_first_owner_of_a_client_stays() {
        contract::the_first_owner_of_a_client_stays(&MemoryStore::new()).await;
    }

    #[tokio::test]
    async fn a_renewed_join_code_replaces_the_old_one() {
        contract::a_renewed_join_code_replaces_the_old_one(&MemoryStore::new()).await;
    }

    #[tokio::test]
    async fn templates_are_kept_listed_and_deleted() {
        contract::templates_are_kept_listed_and_deleted(&MemoryStore::new()).await;
    }

    #[tokio::test]
    async fn a_deleted_board_is_gone_entirely() {
        contract::a_deleted_board_is_gone_entirely(&MemoryStore::new()).await;
    }

    #[tokio::test]
    async fn unused_boards_are_found_by_their_last_use() {
        contract::unused_boards_are_found_by_their_last_use(&MemoryStore::new()).await;
    }
}
