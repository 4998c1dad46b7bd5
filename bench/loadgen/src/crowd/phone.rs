//! One simulated phone of a crowd: joins with its own key, acts at its moments, applies what
//! the server relays and notes when its document shows the final result. What a phone waits
//! for, does and computes is its mode's [`Phone`]; the rest is here.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Result};
use board::ParticipantKey;
use futures_util::StreamExt;
use tokio::sync::{mpsc, watch, Semaphore};
use tokio::time::sleep_until;

use crate::conn::{Conn, Step};

/// A phone's part in one mode: what it waits for on joining, what it does when, and how it
/// knows that it shows the final result. A value is one phone's state during the window.
pub trait Phone: Sized + 'static {
    /// One phone's plan (its ballot and moment; its answers and their moments).
    type Plan: Send + 'static;
    /// What every phone of the mode knows: what they work on and the expected result.
    type Task: Send + Sync + 'static;
    /// What a phone reports besides [`Event::Done`] and [`Event::Failed`].
    type Event: Send + 'static;
    /// What a phone measures besides the figures of every mode.
    type Extra: Default + Send + 'static;
    /// The mode's name, for messages.
    const MODE: &'static str;

    /// After the handshake: waits for what the phones work on and does what joining takes
    /// in the app; the phone counts as joined after it.
    async fn join(
        plan: Self::Plan,
        conn: &mut Conn,
        task: &Self::Task,
        idx: u32,
        deadline: Instant,
    ) -> Result<Self>;
    /// When action number `n` is due, the window having opened at `start`; `None`: none left.
    fn due(&self, start: Instant, n: usize) -> Option<Instant>;
    /// Takes action number `n`; returns the moment it counts as given.
    async fn act(&self, conn: &mut Conn, task: &Self::Task, n: usize) -> Result<Instant>;
    /// Cheap: whether everything the final result depends on is in the document.
    fn complete(&self, conn: &Conn, task: &Self::Task) -> bool;
    /// The phone's own work before it can show the result (a tally, standings): whether it
    /// shows the expected one; an error if it is wrong and can no longer change.
    fn shows_final(&self, conn: &Conn, task: &Self::Task) -> Result<bool>;
    /// After each change once the phone shows the final result: what to report, if anything.
    fn after_final(
        &self,
        _conn: &Conn,
        _task: &Self::Task,
        _read_at: Option<Instant>,
        _extra: &mut Self::Extra,
    ) -> Option<Self::Event> {
        None
    }
}

/// One phone's part.
pub struct Spec<Plan> {
    /// Its number, for names and messages.
    pub idx: u32,
    /// Websocket URL with the participant token and this phone's key.
    pub url: String,
    /// Its identity.
    pub key: ParticipantKey,
    /// What it will do.
    pub plan: Plan,
}

/// What a phone tells the coordinator after it joined.
pub enum Event<E> {
    /// It shows the final result.
    Done,
    /// It failed (the coordinator stops waiting for it).
    Failed,
    /// What its mode reports besides.
    Mode(E),
}

/// What every phone shares (all `Send`, since phones run on several threads).
pub(super) struct Shared<P: Phone> {
    pub task: P::Task,
    /// Limits how many phones connect at once.
    pub gate: Semaphore,
    /// Each phone reports once: joined, or why not.
    pub joined: mpsc::UnboundedSender<Result<(), String>>,
    /// The window's start, once every phone has joined.
    pub start: watch::Receiver<Option<Instant>>,
    /// Phones report here once they have joined.
    pub events: mpsc::UnboundedSender<Event<P::Event>>,
    /// `true`: close the connection and finish.
    pub stop: watch::Receiver<bool>,
    /// Give up here.
    pub deadline: Instant,
}

/// What one phone measured.
#[derive(Debug, Default)]
pub struct PhoneResult<X> {
    /// Why it failed, if it did.
    pub error: Option<String>,
    /// Reported joined to the coordinator.
    pub ready: bool,
    /// When each action was given.
    pub sent: Vec<Instant>,
    /// Action → the server's `Stored` covering it, per action.
    pub acks: Vec<Duration>,
    /// When the message that brought the last missing part of the final result was read.
    pub complete_at: Option<Instant>,
    /// How long the phone's own work took then (the tally, the standings), before it could
    /// show the result.
    pub own_work: Option<Duration>,
    /// When it showed the final result.
    pub done_at: Option<Instant>,
    /// Updates applied.
    pub updates: u64,
    /// Updates that did not apply.
    pub apply_errors: u64,
    /// What only this mode measures.
    pub extra: X,
}

impl<X: Default> PhoneResult<X> {
    /// A phone that failed before it measured anything.
    pub fn failed(why: String) -> Self {
        PhoneResult {
            error: Some(why),
            ..PhoneResult::default()
        }
    }
}

/// Runs one phone; never fails, the result says what went wrong.
pub(super) async fn run<P: Phone>(
    spec: Spec<P::Plan>,
    shared: Arc<Shared<P>>,
) -> PhoneResult<P::Extra> {
    let mut result = PhoneResult::default();
    let idx = spec.idx;
    if let Err(e) = run_inner(spec, &shared, &mut result).await {
        let why = format!("phone {idx}: {e:#}");
        // Whoever waits for this phone must not wait forever.
        if result.ready {
            let _ = shared.events.send(Event::Failed);
        } else {
            let _ = shared.joined.send(Err(why.clone()));
        }
        result.error = Some(why);
    }
    result
}

async fn run_inner<P: Phone>(
    spec: Spec<P::Plan>,
    shared: &Shared<P>,
    result: &mut PhoneResult<P::Extra>,
) -> Result<()> {
    let (task, deadline) = (&shared.task, shared.deadline);
    let permit = shared.gate.acquire().await?;
    let mut conn = Conn::connect(&spec.url, Some(spec.key)).await?;
    conn.sync(deadline).await?;
    let phone = P::join(spec.plan, &mut conn, task, spec.idx, deadline).await?;
    drop(permit);
    let _ = shared.joined.send(Ok(()));
    result.ready = true;

    let me = conn.board.doc().client_id();
    let mut start_rx = shared.start.clone();
    let mut stop_rx = shared.stop.clone();
    let mut start = *start_rx.borrow_and_update();
    // (clock after an action, when it was given), oldest first.
    let mut unacked: VecDeque<(u32, Instant)> = VecDeque::new();
    loop {
        let due = start.and_then(|s| phone.due(s, result.sent.len()));
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
            _ = sleep_until(due.unwrap_or(deadline).into()), if due.is_some() => {
                let given = phone.act(&mut conn, task, result.sent.len()).await?;
                result.sent.push(given);
                unacked.push_back((conn.board.state_vector().get(&me), given));
                read_at = Some(given);
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
            _ = sleep_until(deadline.into()) => bail!("timed out"),
        }
        let stored = conn.stored.get(&me);
        while let Some(&(clock, given)) = unacked.front() {
            if clock > stored {
                break;
            }
            unacked.pop_front();
            result.acks.push(given.elapsed());
        }
        if !changed {
            continue;
        }
        // Cheap first: whether everything is here; the phone's own work only then.
        if result.done_at.is_none() && phone.complete(&conn, task) {
            if result.complete_at.is_none() {
                result.complete_at = read_at;
                // The phones of this thread share its CPU, a real room does not: let the
                // others read the same update before this one does its own work, so that
                // reading times show the server's delivery, not the simulation.
                tokio::task::yield_now().await;
            }
            let started = Instant::now();
            if phone.shows_final(&conn, task)? {
                result.done_at = Some(Instant::now());
                result.own_work = Some(started.elapsed());
                let _ = shared.events.send(Event::Done);
            }
        }
        if result.done_at.is_some() {
            if let Some(event) = phone.after_final(&conn, task, read_at, &mut result.extra) {
                let _ = shared.events.send(Event::Mode(event));
            }
        }
    }
    result.apply_errors = conn.errors;
    if let Some(e) = &conn.error_example {
        eprintln!(
            "loadgen {}: phone {}: an update did not apply: {e}",
            P::MODE,
            spec.idx
        );
    }
    conn.close().await;
    Ok(())
}
