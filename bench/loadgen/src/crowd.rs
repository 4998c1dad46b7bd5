//! A crowd of simulated phones, what `loadgen vote` and `loadgen position` have in common: the
//! phones on their threads and what they share with the coordinator (who joined, the window's
//! start, what each phone reports, stop), the loop every phone runs around its mode's part
//! ([`Phone`]), and the figures of the summary that both modes report.
//!
//! `board::Board` is not `Send`, so phones run on a few threads, each with a single-threaded
//! runtime and a `LocalSet`; one clock (`Instant`) serves all of them. The coordinator holds
//! `Board`s too and runs on a local set of its own thread ([`coordinate`]).

mod phone;
mod report;

use std::future::Future;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Result};
use tokio::sync::{mpsc, watch, Semaphore};

pub use phone::{Event, Phone, PhoneResult, Spec};
pub use report::{ms, num, print_dist, print_usage, us, write_json, Figures, ReportArgs, Usage};

/// Flags of how the phones run.
#[derive(clap::Args, Debug)]
pub struct CrowdArgs {
    /// Threads the phones run on (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// Phones connecting (and syncing) at once.
    #[arg(long, default_value_t = 50)]
    connect_concurrency: usize,
}

/// Runs a mode's coordinator to its end. It holds `Board`s (not `Send`): a local set on this
/// thread.
pub fn coordinate(run: impl Future<Output = Result<()>>) -> Result<()> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    tokio::task::LocalSet::new().block_on(&rt, run)
}

/// A thread of phones: what each of them measured.
type PhoneThread<X> = JoinHandle<Result<Vec<PhoneResult<X>>>>;

/// The coordinator's side of the phones running on their threads.
pub struct Crowd<P: Phone> {
    joined: mpsc::UnboundedReceiver<Result<(), String>>,
    events: mpsc::UnboundedReceiver<Event<P::Event>>,
    start: watch::Sender<Option<Instant>>,
    stop: watch::Sender<bool>,
    phone_threads: Vec<PhoneThread<P::Extra>>,
    phones: u32,
    /// Threads the phones run on.
    pub threads: usize,
    /// When the phones (and whoever waits for them) give up.
    pub deadline: Instant,
    connect_started: Instant,
    ready: u32,
    failed: Vec<String>,
    /// Every phone task has ended.
    gone: bool,
}

impl<P: Phone> Crowd<P> {
    /// Starts the phones on their threads: each connects, joins and waits for the window.
    /// They give up a minute (for joining) plus `window_and_timeout` from now.
    pub fn spawn(
        specs: Vec<Spec<P::Plan>>,
        task: P::Task,
        args: &CrowdArgs,
        window_and_timeout: Duration,
    ) -> Self {
        let phones = specs.len() as u32;
        let threads = thread_count(args.threads, phones);
        let (joined_tx, joined) = mpsc::unbounded_channel();
        let (events_tx, events) = mpsc::unbounded_channel();
        let (start, start_rx) = watch::channel(None);
        let (stop, stop_rx) = watch::channel(false);
        let deadline = Instant::now() + Duration::from_secs(60) + window_and_timeout;
        // Every phone holds the senders: the channels close when every phone task has ended.
        let shared = Arc::new(phone::Shared {
            task,
            gate: Semaphore::new(args.connect_concurrency.max(1)),
            joined: joined_tx,
            start: start_rx,
            events: events_tx,
            stop: stop_rx,
            deadline,
        });
        let connect_started = Instant::now();
        let phone_threads = spawn_phones(
            specs,
            threads,
            move |spec| phone::run::<P>(spec, shared.clone()),
            PhoneResult::failed,
        );
        Crowd {
            joined,
            events,
            start,
            stop,
            phone_threads,
            phones,
            threads,
            deadline,
            connect_started,
            ready: 0,
            failed: Vec::new(),
            gone: false,
        }
    }

    /// Whether some phone has not yet said whether it joined.
    pub fn joining(&self) -> bool {
        !self.gone && self.ready + (self.failed.len() as u32) < self.phones
    }

    /// Waits for one phone to say whether it joined (cancel-safe: for `select!`).
    pub async fn join_one(&mut self) {
        match self.joined.recv().await {
            Some(Ok(())) => self.ready += 1,
            Some(Err(e)) => self.failed.push(e),
            None => self.gone = true,
        }
    }

    /// Once no phone is joining any more: says how it went, and fails (stopping the others)
    /// if any phone could not join; else returns the seconds joining took. `verb`: what
    /// joining is in this mode.
    pub fn joined(&self, verb: &str) -> Result<f64> {
        let secs = self.connect_started.elapsed().as_secs_f64();
        eprintln!(
            "loadgen {}: {} phones {verb} in {secs:.1} s, {} failed",
            P::MODE,
            self.ready,
            self.failed.len()
        );
        if let Some(example) = self.failed.first() {
            let _ = self.stop.send(true);
            bail!(
                "{} phones could not join, e.g. {example}",
                self.failed.len()
            );
        }
        Ok(secs)
    }

    /// Opens the window: the phones' plans count from `at`.
    pub fn open_window(&self, at: Instant) {
        self.start.send_replace(Some(at));
    }

    /// The next thing a phone reports (cancel-safe); `None`: every phone task has ended.
    pub async fn next_event(&mut self) -> Option<Event<P::Event>> {
        self.events.recv().await
    }

    /// Stops the phones and collects what each measured.
    pub fn finish(self) -> Result<Vec<PhoneResult<P::Extra>>> {
        let _ = self.stop.send(true);
        let mut results = Vec::new();
        for handle in self.phone_threads {
            let thread = handle
                .join()
                .map_err(|_| anyhow!("a phone thread panicked"))?;
            results.extend(thread?);
        }
        Ok(results)
    }
}

/// How many phone threads: as asked, else one per core; at least one, at most one per phone.
fn thread_count(asked: Option<usize>, phones: u32) -> usize {
    asked
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, phones.max(1) as usize)
}

/// Runs `phone(spec)` for every spec, spread round-robin over `threads` threads. A phone holds
/// a `board::Board`, which is not `Send`: each thread has a single-threaded runtime and a
/// `LocalSet`. A phone task that panics becomes `failed(why)`.
pub(crate) fn spawn_phones<S, R, F, Fut>(
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
