//! The projector of `loadgen position`: a read-only observer (viewer token) that, like the
//! app's positioning view, recomputes the standings after every change it receives, and
//! notes when they first show the final counts.

use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use yrs::{MapRef, Transact};

use super::plan::{counts, Expected};
use crate::conn::{Conn, Step};

/// The projector's connection and what it saw.
pub struct Projector {
    /// Its connection (read `conn.stream` in `select!`, hand messages to `on_message`).
    pub conn: Conn,
    answers: MapRef,
    exercise: String,
    question: String,
    /// Time to compute the standings, per change received.
    pub standings_cost: Vec<Duration>,
    /// When the message that brought the last missing final answer was read.
    pub complete_at: Option<Instant>,
    /// When the standings, recomputed after it, showed the final counts.
    pub done_at: Option<Instant>,
    /// Every last answer was here but the standings showed other counts.
    pub wrong: Option<Vec<u32>>,
    /// The counts shown last.
    pub shown: Vec<u32>,
}

impl Projector {
    /// Watches over `conn` (synced, with the viewer token) once the question is open.
    pub async fn watch(
        mut conn: Conn,
        exercise: &str,
        question: &str,
        deadline: Instant,
    ) -> Result<Self> {
        conn.pump_until(deadline, "the open question", |c| {
            c.board
                .exercise(exercise)
                .is_some_and(|e| e.open.as_deref() == Some(question))
        })
        .await?;
        let answers = conn.board.doc().get_or_insert_map(board::schema::ANSWERS);
        Ok(Projector {
            conn,
            answers,
            exercise: exercise.to_owned(),
            question: question.to_owned(),
            standings_cost: Vec::new(),
            complete_at: None,
            done_at: None,
            wrong: None,
            shown: Vec::new(),
        })
    }

    /// Handles a message read at `read_at`: after a change, the standings are recomputed.
    pub async fn on_message(
        &mut self,
        msg: Option<Result<Message, WsError>>,
        read_at: Instant,
        expected: &Expected,
    ) -> Result<()> {
        match self.conn.on_message(msg).await? {
            Step::Applied => {}
            Step::Other => return Ok(()),
            Step::Closed(why) => bail!("the projector was disconnected: {why}"),
        }
        let started = Instant::now();
        let standings = self.conn.board.standings(&self.exercise, &self.question);
        self.standings_cost.push(started.elapsed());
        self.shown = counts(&standings);
        if self.done_at.is_some() || self.wrong.is_some() {
            return Ok(());
        }
        if expected.all_final(&self.answers, &self.conn.board.doc().transact()) {
            if expected.shown_by(&standings) {
                self.complete_at = Some(read_at);
                self.done_at = Some(Instant::now());
            } else {
                self.wrong = Some(self.shown.clone());
            }
        }
        Ok(())
    }

    /// Whether it is finished: final counts shown, or wrong ones.
    pub fn settled(&self) -> bool {
        self.done_at.is_some() || self.wrong.is_some()
    }

    /// Updates that did not apply, with an example.
    pub fn errors(&self) -> (u64, Option<&str>) {
        (self.conn.errors, self.conn.error_example.as_deref())
    }

    /// Closes the connection.
    pub async fn close(self) {
        self.conn.close().await;
    }
}
