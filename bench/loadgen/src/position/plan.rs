//! What the room will answer, decided up front: each phone's answers and their moments, and
//! the counts per place that the last answers add up to.

use std::time::Duration;

use board::{answer_key, Board, BoardError, ParticipantKey, Standing};
use yrs::any::Number;
use yrs::{Any, Map, MapRef, Out, ReadTxn};

/// The seed's places (seed sections 2–4), in the order the question offers them.
pub const PLACES: [&str; 5] = [
    "Quakenbrück",
    "Samtgemeinde Artland",
    "Niedersachsen",
    "Deutschland",
    "Ausland",
];

/// How often each place is picked: most of a town's workshop live in the town, few abroad.
const WEIGHTS: [u32; 5] = [40, 25, 12, 15, 8];

/// One answer: which place, and when after the window opens.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Move {
    /// After the window's start.
    pub at: Duration,
    /// Index into [`PLACES`].
    pub position: usize,
}

/// The facilitator's part: a named exercise with one question over the seed's places, opened.
pub fn set_up(b: &mut Board) -> Result<(String, String), BoardError> {
    let exercise = b.add_exercise("Aufstellung", false)?;
    let places: Vec<String> = PLACES.iter().map(|p| p.to_string()).collect();
    let question = b.add_question(&exercise, "Wo wohnen Sie?", &places, false)?;
    b.open_question(&exercise, &question)?;
    Ok((exercise, question))
}

fn pick(rng: &mut fastrand::Rng, except: Option<usize>) -> usize {
    let weight = |i: usize| if Some(i) == except { 0 } else { WEIGHTS[i] };
    let total: u32 = (0..PLACES.len()).map(weight).sum();
    let mut n = rng.u32(0..total);
    for i in 0..PLACES.len() {
        if n < weight(i) {
            return i;
        }
        n -= weight(i);
    }
    unreachable!("n < total")
}

/// Every phone answers once at a random moment within `window`; a `change_share` of them
/// (rounded) answers a different place once more, later within the window. Returns each
/// phone's moves in order and the count per place of the last answers.
pub fn plan(
    phones: u32,
    window: Duration,
    change_share: f64,
    rng: &mut fastrand::Rng,
) -> (Vec<Vec<Move>>, Vec<u32>) {
    let changers = (f64::from(phones) * change_share.clamp(0.0, 1.0)).round() as usize;
    let mut changes = vec![false; phones as usize];
    changes[..changers].fill(true);
    rng.shuffle(&mut changes);
    let mut counts = vec![0u32; PLACES.len()];
    let moves = changes
        .into_iter()
        .map(|change| {
            let first = Move {
                at: window.mul_f64(rng.f64()),
                position: pick(rng, None),
            };
            let mut moves = vec![first];
            if change {
                moves.push(Move {
                    at: first.at + (window - first.at).mul_f64(rng.f64()),
                    position: pick(rng, Some(first.position)),
                });
            }
            counts[moves[moves.len() - 1].position] += 1;
            moves
        })
        .collect();
    (moves, counts)
}

/// What the standings must show once every answer is in.
#[derive(Clone, Debug)]
pub struct Expected {
    /// Count per place, in [`PLACES`] order.
    pub counts: Vec<u32>,
    /// Every phone's answer key with its last answer.
    pub finals: Vec<(String, usize)>,
}

impl Expected {
    /// From the phones' keys and moves (a named exercise: the voter is the participant id).
    pub fn new(exercise: &str, question: &str, phones: &[(ParticipantKey, Vec<Move>)]) -> Self {
        let mut counts = vec![0u32; PLACES.len()];
        let finals = phones
            .iter()
            .filter_map(|(key, moves)| {
                let last = moves.last()?.position;
                counts[last] += 1;
                Some((answer_key(exercise, question, &key.id()), last))
            })
            .collect();
        Expected { counts, finals }
    }

    /// Whether `standings` show exactly the expected count at every place.
    pub fn shown_by(&self, standings: &[Standing]) -> bool {
        standings.len() == self.counts.len()
            && standings
                .iter()
                .zip(&self.counts)
                .all(|(s, &c)| s.count == c)
    }

    /// Whether the `answers` map holds every phone's last answer: then no answer is still on
    /// its way, and counts that match are the final ones, not a coincidence.
    pub fn all_final<T: ReadTxn>(&self, answers: &MapRef, txn: &T) -> bool {
        answers.len(txn) as usize >= self.finals.len()
            && self.finals.iter().all(|(key, position)| {
                let n = match answers.get(txn, key) {
                    Some(Out::Any(Any::Number(Number::Float(f)))) => f,
                    Some(Out::Any(Any::Number(Number::Int(i)))) => i as f64,
                    _ => return false,
                };
                n == *position as f64
            })
    }
}

/// The counts the standings show, for the report.
pub fn counts(standings: &[Standing]) -> Vec<u32> {
    standings.iter().map(|s| s.count).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use board::BoardEnv;
    use yrs::Transact;

    #[test]
    fn plan_counts_the_last_answers() {
        let window = Duration::from_secs(5);
        let mut rng = fastrand::Rng::with_seed(3);
        let (moves, counts) = plan(50, window, 0.2, &mut rng);
        assert_eq!(moves.len(), 50);
        assert_eq!(moves.iter().filter(|m| m.len() == 2).count(), 10);
        let mut want = vec![0u32; PLACES.len()];
        for m in &moves {
            assert!(m.iter().all(|m| m.at < window && m.position < PLACES.len()));
            if let [a, b] = m.as_slice() {
                assert!(a.at <= b.at && a.position != b.position, "{m:?}");
            }
            want[m[m.len() - 1].position] += 1;
        }
        assert_eq!(counts, want);
        assert_eq!(counts.iter().sum::<u32>(), 50);
    }

    /// Three phones answer (one changes its mind) on their own boards; a projector board
    /// that has everything but the change must not count as final, with the change it must.
    #[test]
    fn final_only_with_every_last_answer() -> Result<(), Box<dyn std::error::Error>> {
        let mut facilitator = Board::joined(BoardEnv::default());
        let (exercise, question) = set_up(&mut facilitator)?;
        let setup = facilitator.diff_v1(&Board::joined(BoardEnv::default()).state_vector_v1())?;
        let mut projector = Board::joined(BoardEnv::default());
        projector.apply_update_v1(&setup)?;
        let plans = [vec![0], vec![1, 3], vec![3]];
        let mut phones = Vec::new();
        let mut last_change = Vec::new();
        for (i, positions) in plans.iter().enumerate() {
            let key = ParticipantKey::from_secret(&format!("{i}").repeat(24)).ok_or("key")?;
            let mut phone = Board::joined(BoardEnv::default());
            phone.set_identity(key.clone());
            phone.apply_update_v1(&setup)?;
            for (n, &position) in positions.iter().enumerate() {
                let before = phone.state_vector_v1();
                phone.answer(&exercise, &question, position)?;
                let update = phone.diff_v1(&before)?;
                if n + 1 < positions.len() || positions.len() == 1 {
                    projector.apply_update_v1(&update)?;
                } else {
                    last_change = update;
                }
            }
            let at = Duration::ZERO;
            let moves = positions
                .iter()
                .map(|&position| Move { at, position })
                .collect();
            phones.push((key, moves));
        }
        let expected = Expected::new(&exercise, &question, &phones);
        assert_eq!(expected.counts, vec![1, 0, 0, 2, 0]);
        let answers = projector.doc().get_or_insert_map(board::schema::ANSWERS);
        let standings = projector.standings(&exercise, &question);
        assert_eq!(counts(&standings), vec![1, 1, 0, 1, 0]);
        assert!(!expected.shown_by(&standings));
        assert!(!expected.all_final(&answers, &projector.doc().transact()));

        projector.apply_update_v1(&last_change)?;
        let standings = projector.standings(&exercise, &question);
        assert!(expected.shown_by(&standings));
        assert!(expected.all_final(&answers, &projector.doc().transact()));
        Ok(())
    }
}
