//! [`Appends`]: the PostgreSQL store's appends, several boards' in one statement. Each
//! board task appends one turn at a time; with hundreds of boards busy at once, a statement
//! (and a commit) per append was a third of a core of PostgreSQL's time at 2,000 writes a
//! second. A few writers take whatever appends are waiting when they are free, so a lone
//! append goes out at once and a crowd shares statements.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use deadpool_postgres::Pool;
use tokio::sync::{mpsc, oneshot, Mutex};
use tracing::warn;

use super::postgres::{backend, db};
use super::StoreError;

/// Statements in flight at once (each on a pooled connection of its own).
const WRITERS: usize = 4;
/// Appends waiting before a caller waits to queue.
const QUEUE: usize = 4096;
/// Most appends (boards' turns) in one statement.
const MAX_APPENDS: usize = 256;

/// One board's append, waiting for a writer.
struct Request {
    board: String,
    updates: Vec<Vec<u8>>,
    done: oneshot::Sender<Result<u64, StoreError>>,
}

/// The queue in front of the writers; cloned with the store.
#[derive(Clone)]
pub(super) struct Appends {
    tx: mpsc::Sender<Request>,
    /// Statements written so far (appends per statement tell how much batching happened).
    #[cfg(test)]
    statements: Arc<AtomicU64>,
}

impl Appends {
    /// Starts the writers on `pool`; they stop when every clone of the handle is dropped.
    pub fn start(pool: Pool) -> Appends {
        let (tx, rx) = mpsc::channel(QUEUE);
        let rx = Arc::new(Mutex::new(rx));
        let statements = Arc::new(AtomicU64::new(0));
        for _ in 0..WRITERS {
            tokio::spawn(write(pool.clone(), rx.clone(), statements.clone()));
        }
        Appends {
            tx,
            #[cfg(test)]
            statements,
        }
    }

    /// Statements written so far.
    #[cfg(test)]
    pub fn statements(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// Appends `updates` (not empty) to `board` in order; the sequence number of the last,
    /// `NotFound` if there is no such board.
    pub async fn append(&self, board: String, updates: Vec<Vec<u8>>) -> Result<u64, StoreError> {
        let (done, answer) = oneshot::channel();
        let request = Request {
            board,
            updates,
            done,
        };
        let stopped = || StoreError::Backend("the database writers stopped".into());
        self.tx.send(request).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

/// A writer: takes every append waiting (up to `MAX_APPENDS`), writes them in one
/// statement, answers each.
async fn write(pool: Pool, queue: Arc<Mutex<mpsc::Receiver<Request>>>, statements: Arc<AtomicU64>) {
    loop {
        let batch = {
            let mut rx = queue.lock().await;
            let Some(first) = rx.recv().await else { return };
            let mut batch = vec![first];
            while batch.len() < MAX_APPENDS {
                match rx.try_recv() {
                    Ok(next) => batch.push(next),
                    Err(_) => break,
                }
            }
            batch
        };
        statements.fetch_add(1, Ordering::Relaxed);
        match insert(&pool, &batch).await {
            Ok(mut seqs) => {
                for request in batch {
                    let answer = last_seq(&mut seqs, &request);
                    let _ = request.done.send(answer);
                }
            }
            Err(e) => {
                warn!(error = %e, appends = batch.len(), "appending to the database failed");
                for request in batch {
                    // The same error for each (not wrapped again in "storage failed").
                    let _ = request.done.send(Err(e.clone()));
                }
            }
        }
    }
}

/// Each board's new sequence numbers, ascending: rows take them in the statement's order,
/// so a board's first rows belong to its first append in the batch.
type Seqs = HashMap<String, std::collections::VecDeque<i64>>;

/// Inserts the batch's updates in one statement: it locks the boards' rows in id order
/// (appends to one board from any node take their sequence numbers one after another; the
/// fixed order keeps two nodes' batches from deadlocking), then inserts every update in
/// the batch's order. A board that is not there gets no rows.
async fn insert(pool: &Pool, batch: &[Request]) -> Result<Seqs, StoreError> {
    let mut boards: Vec<&str> = batch.iter().map(|r| r.board.as_str()).collect();
    boards.sort_unstable();
    boards.dedup();
    let (row_boards, row_data): (Vec<&str>, Vec<&[u8]>) = batch
        .iter()
        .flat_map(|r| r.updates.iter().map(|u| (r.board.as_str(), u.as_slice())))
        .unzip();
    let client = pool.get().await.map_err(backend)?;
    let statement = client
        .prepare_cached(
            "WITH locked AS (
                 SELECT id FROM boards WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE
             )
             INSERT INTO updates (board, data)
             SELECT u.board, u.data
             FROM unnest($2::text[], $3::bytea[]) WITH ORDINALITY AS u(board, data, n)
             JOIN locked ON locked.id = u.board
             ORDER BY u.n
             RETURNING board, seq",
        )
        .await
        .map_err(db)?;
    let rows = client
        .query(&statement, &[&boards, &row_boards, &row_data])
        .await
        .map_err(db)?;
    let mut seqs = Seqs::new();
    for row in rows {
        let board: String = row.try_get(0).map_err(db)?;
        let seq: i64 = row.try_get(1).map_err(db)?;
        seqs.entry(board).or_default().push_back(seq);
    }
    for list in seqs.values_mut() {
        list.make_contiguous().sort_unstable();
    }
    Ok(seqs)
}

/// The sequence number of `request`'s last update, taking its rows from `seqs`; `NotFound`
/// when its board got none (it is not there).
fn last_seq(seqs: &mut Seqs, request: &Request) -> Result<u64, StoreError> {
    let Some(list) = seqs.get_mut(&request.board).filter(|l| !l.is_empty()) else {
        return Err(StoreError::NotFound);
    };
    if list.len() < request.updates.len() {
        return Err(StoreError::Backend(format!(
            "{} of {} updates stored",
            list.len(),
            request.updates.len()
        )));
    }
    let mut last = 0;
    for _ in 0..request.updates.len() {
        last = list.pop_front().unwrap_or(last);
    }
    Ok(last as u64)
}
