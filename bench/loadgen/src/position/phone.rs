//! One simulated phone of `loadgen position`: joins with its own key and a nickname, answers
//! at its moments, and watches its own document until the standings show the final counts.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Result};
use board::ParticipantKey;
use futures_util::StreamExt;
use tokio::sync::{mpsc, watch, Semaphore};
use tokio::time::sleep_until;
use yrs::Transact;

use super::plan::{counts, Expected, Move};
use crate::conn::{Conn, Step};

/// One phone's part.
pub struct PhoneSpec {
    /// Its number, for names and messages.
    pub idx: u32,
    /// Websocket URL with the participant token and this phone's key.
    pub url: String,
    /// Its identity.
    pub key: ParticipantKey,
    /// Its answers, in order.
    pub moves: Vec<Move>,
}

/// What every phone shares (all `Send`, since phones run on several threads).
pub struct PhoneShared {
    /// The exercise and its open question.
    pub exercise: String,
    pub question: String,
    /// The final counts and answers.
    pub expected: Expected,
    /// Limits how many phones connect at once.
    pub gate: Arc<Semaphore>,
    /// Each phone reports once: joined (sees the open question, name written), or why not.
    pub ready: mpsc::UnboundedSender<Result<(), String>>,
    /// The window's start, once every phone is ready.
    pub start: watch::Receiver<Option<Instant>>,
    /// Phones report here when their standings are final, or when they failed after joining.
    pub events: mpsc::UnboundedSender<PhoneEvent>,
    /// `true`: close the connection and finish.
    pub stop: watch::Receiver<bool>,
    /// Give up here.
    pub deadline: Instant,
}

/// What a phone tells the coordinator after it joined.
pub enum PhoneEvent {
    /// Its standings show the final counts.
    Done,
    /// It failed (the coordinator stops waiting for it).
    Failed,
}

/// What one phone measured.
#[derive(Debug, Default)]
pub struct PhoneResult {
    /// Why it failed, if it did.
    pub error: Option<String>,
    /// Reported ready to the coordinator.
    pub ready: bool,
    /// When each answer was given (just before the board operation).
    pub sent: Vec<Instant>,
    /// Answer → the server's `Stored` covering it, per answer.
    pub acks: Vec<Duration>,
    /// When the message that brought the last missing final answer was read.
    pub complete_at: Option<Instant>,
    /// How long computing the standings took then (the phone's own work before showing them).
    pub standings: Option<Duration>,
    /// When its standings showed the final counts.
    pub done_at: Option<Instant>,
    /// Updates applied.
    pub updates: u64,
    /// Updates that did not apply.
    pub apply_errors: u64,
}

/// Runs one phone; never fails, the result says what went wrong.
pub async fn phone(spec: PhoneSpec, shared: Arc<PhoneShared>) -> PhoneResult {
    let mut result = PhoneResult::default();
    if let Err(e) = run(&spec, &shared, &mut result).await {
        let why = format!("phone {}: {e:#}", spec.idx);
        // Whoever waits for this phone must not wait forever.
        if result.ready {
            let _ = shared.events.send(PhoneEvent::Failed);
        } else {
            let _ = shared.ready.send(Err(why.clone()));
        }
        result.error = Some(why);
    }
    result
}

async fn run(spec: &PhoneSpec, shared: &PhoneShared, result: &mut PhoneResult) -> Result<()> {
    let (exercise, question) = (shared.exercise.as_str(), shared.question.as_str());
    let permit = shared.gate.acquire().await?;
    let mut conn = Conn::connect(&spec.url, Some(spec.key.clone())).await?;
    conn.sync(shared.deadline).await?;
    conn.pump_until(shared.deadline, "the open question", |c| {
        c.board
            .exercise(exercise)
            .is_some_and(|e| e.open.as_deref() == Some(question))
    })
    .await?;
    // The app asks for a nickname on joining; the projector lists names at each place.
    let name = format!("Telefon {}", spec.idx + 1);
    let color = format!("hsl({} 70% 45%)", (spec.idx * 47) % 360);
    conn.act(|b| b.set_participant(&name, &color))
        .await?
        .map_err(|e| anyhow!("set_participant: {e}"))?;
    drop(permit);
    let _ = shared.ready.send(Ok(()));
    result.ready = true;

    let answers = conn.board.doc().get_or_insert_map(board::schema::ANSWERS);
    let me = conn.board.doc().client_id();
    let mut start_rx = shared.start.clone();
    let mut stop_rx = shared.stop.clone();
    let mut start = *start_rx.borrow_and_update();
    let mut next = 0;
    // (clock after the answer, when it was given), oldest first.
    let mut unacked: VecDeque<(u32, Instant)> = VecDeque::new();
    loop {
        let due = start.and_then(|s| Some(s + spec.moves.get(next)?.at));
        let mut changed = false;
        let mut read_at = None;
        tokio::select! {
            msg = conn.stream.next() => {
                read_at = Some(Instant::now());
                match conn.on_message(msg).await? {
                    Step::Applied => {
                        result.updates += 1;
                        changed = true;
                    }
                    Step::Other => {}
                    Step::Closed(why) => bail!("closed by the server: {why}"),
                }
            }
            _ = sleep_until(due.unwrap_or(shared.deadline).into()), if due.is_some() => {
                let position = spec.moves[next].position;
                let given = Instant::now();
                conn.act(|b| b.answer(exercise, question, position)).await?
                    .map_err(|e| anyhow!("answer: {e}"))?;
                result.sent.push(given);
                unacked.push_back((conn.board.state_vector().get(&me), given));
                read_at = Some(given);
                next += 1;
                changed = true;
            }
            r = start_rx.changed(), if start.is_none() => {
                r.map_err(|_| anyhow!("the coordinator is gone"))?;
                start = *start_rx.borrow_and_update();
            }
            r = stop_rx.changed() => {
                if r.is_err() || *stop_rx.borrow() {
                    break;
                }
            }
            _ = sleep_until(shared.deadline.into()) => bail!("timed out"),
        }
        let stored = conn.stored.get(&me);
        while let Some(&(clock, given)) = unacked.front() {
            if clock > stored {
                break;
            }
            unacked.pop_front();
            result.acks.push(given.elapsed());
        }
        if !changed || result.done_at.is_some() {
            continue;
        }
        // Cheap first: whether every last answer is here; the standings only then.
        if !shared
            .expected
            .all_final(&answers, &conn.board.doc().transact())
        {
            continue;
        }
        if result.complete_at.is_none() {
            result.complete_at = read_at;
            // The phones of this thread share its CPU, a real room does not: let the others
            // read the same update before this one computes its standings, so that reading
            // times show the server's delivery, not the simulation.
            tokio::task::yield_now().await;
        }
        let started = Instant::now();
        let standings = conn.board.standings(exercise, question);
        if !shared.expected.shown_by(&standings) {
            // Every last answer is here: nothing can still change these counts.
            bail!(
                "standings show {:?}, expected {:?}",
                counts(&standings),
                shared.expected.counts
            );
        }
        result.done_at = Some(Instant::now());
        result.standings = Some(started.elapsed());
        let _ = shared.events.send(PhoneEvent::Done);
    }
    result.apply_errors = conn.errors;
    if let Some(e) = &conn.error_example {
        eprintln!(
            "loadgen position: phone {}: an update did not apply: {e}",
            spec.idx
        );
    }
    conn.close().await;
    Ok(())
}
