//! One simulated phone of `loadgen position`: joins with a nickname, answers at its moments,
//! and shows the final counts once its standings count every last answer (the rest of a
//! phone's life is `crowd`'s).

use std::convert::Infallible;
use std::time::Instant;

use anyhow::{anyhow, bail, Result};
use yrs::{MapRef, Transact};

use super::plan::{counts, Expected, Move};
use crate::conn::Conn;
use crate::crowd::Phone;

/// What every phone knows: the exercise and its open question, and the final counts and
/// answers.
pub struct Question {
    pub exercise: String,
    pub question: String,
    pub expected: Expected,
}

/// A phone of `loadgen position` during the window: its answers, and the answers it sees.
pub struct Answerer {
    moves: Vec<Move>,
    answers: MapRef,
}

impl Phone for Answerer {
    type Plan = Vec<Move>;
    type Task = Question;
    type Event = Infallible;
    type Extra = ();
    const MODE: &'static str = "position";

    async fn join(
        moves: Vec<Move>,
        conn: &mut Conn,
        task: &Question,
        idx: u32,
        deadline: Instant,
    ) -> Result<Self> {
        conn.pump_until(deadline, "the open question", |c| {
            c.board
                .exercise(&task.exercise)
                .is_some_and(|e| e.open.as_deref() == Some(task.question.as_str()))
        })
        .await?;
        // The app asks for a nickname on joining; the projector lists names at each place.
        let name = format!("Telefon {}", idx + 1);
        let color = format!("hsl({} 70% 45%)", (idx * 47) % 360);
        conn.act(|b| b.set_participant(&name, &color))
            .await?
            .map_err(|e| anyhow!("set_participant: {e}"))?;
        let answers = conn.board.doc().get_or_insert_map(board::schema::ANSWERS);
        Ok(Answerer { moves, answers })
    }

    fn due(&self, start: Instant, n: usize) -> Option<Instant> {
        Some(start + self.moves.get(n)?.at)
    }

    async fn act(&self, conn: &mut Conn, task: &Question, n: usize) -> Result<Instant> {
        let position = self.moves[n].position;
        let given = Instant::now();
        conn.act(|b| b.answer(&task.exercise, &task.question, position))
            .await?
            .map_err(|e| anyhow!("answer: {e}"))?;
        Ok(given)
    }

    /// Every phone's last answer is here (the standings only then).
    fn complete(&self, conn: &Conn, task: &Question) -> bool {
        task.expected
            .all_final(&self.answers, &conn.board.doc().transact())
    }

    fn shows_final(&self, conn: &Conn, task: &Question) -> Result<bool> {
        let standings = conn.board.standings(&task.exercise, &task.question);
        if !task.expected.shown_by(&standings) {
            // Every last answer is here: nothing can still change these counts.
            bail!(
                "standings show {:?}, expected {:?}",
                counts(&standings),
                task.expected.counts
            );
        }
        Ok(true)
    }
}
