//! Positioning exercises ("Aufstellung"): the facilitator asks a sequence of questions, each
//! with its positions (places, or an ordered scale); everyone taps their answer and may change
//! it while the question is open; the room sees who stands where, and how people moved from
//! one question to the next. Each voter writes only its own answer key, so offline answers
//! merge without conflicts. Exercise definitions are facilitator-only; outside undo.

use std::collections::{BTreeMap, HashMap};

use yrs::{Any, Array, ArrayRef, Map, MapPrelim, MapRef, Out, ReadTxn, Transact};

use crate::board::{clean_title, Board};
use crate::error::BoardError;
use crate::ids::{new_id, ParticipantId};
use crate::read;
use crate::schema::{exercise as key, question as qkey};

/// Id of an exercise: a key of `exercises`.
pub type ExerciseId = String;

/// Most positions a question offers (a phone list of big buttons).
pub const MAX_POSITIONS: usize = 12;

/// A question with its positions.
#[derive(Clone, Debug, PartialEq)]
pub struct QuestionView {
    /// Key in the exercise's `questions`.
    pub id: String,
    /// What is asked.
    pub text: String,
    /// The positions, in order.
    pub positions: Vec<String>,
    /// Whether the positions form an ordered scale.
    pub scale: bool,
    /// Sort key.
    pub order: f64,
}

/// An exercise as read from the document.
#[derive(Clone, Debug, PartialEq)]
pub struct ExerciseView {
    /// Key in `exercises`.
    pub id: ExerciseId,
    /// Its title.
    pub title: String,
    /// Whether answers are cast under a pseudonym and names never shown.
    pub anonymous: bool,
    /// Its questions, in order.
    pub questions: Vec<QuestionView>,
    /// The question open now.
    pub open: Option<String>,
    /// Creation time.
    pub created: f64,
}

impl ExerciseView {
    /// The last question's positions and whether they form a scale: what the next question
    /// starts from, since an Aufstellung usually keeps its sheets on the floor ("Quakenbrück",
    /// …, "Ausland") from question to question. `None` before the first question.
    pub fn last_positions(&self) -> Option<(Vec<String>, bool)> {
        self.questions
            .last()
            .map(|q| (q.positions.clone(), q.scale))
    }
}

/// Who stands at one position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing {
    /// The position's label.
    pub position: String,
    /// How many stand there.
    pub count: u32,
    /// Their names (named exercises only), sorted.
    pub names: Vec<String>,
}

/// How people moved between two questions: `moves[from][to]` counts those who answered both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Movement {
    /// Positions of the first question.
    pub from: Vec<String>,
    /// Positions of the second question.
    pub to: Vec<String>,
    /// People per (from, to) pair.
    pub moves: Vec<Vec<u32>>,
    /// Answered only the first.
    pub only_first: u32,
    /// Answered only the second.
    pub only_second: u32,
}

/// The key of a voter's answer.
pub fn answer_key(exercise: &str, question: &str, voter: &str) -> String {
    format!("{exercise}/{question}/{voter}")
}

fn clean_positions(positions: &[String]) -> Result<Vec<String>, BoardError> {
    let positions: Vec<String> = positions
        .iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    if positions.len() < 2 || positions.len() > MAX_POSITIONS {
        return Err(BoardError::Positions { max: MAX_POSITIONS });
    }
    for p in &positions {
        clean_title(p)?;
    }
    Ok(positions)
}

fn read_question<T: ReadTxn>(txn: &T, id: &str, m: &MapRef) -> QuestionView {
    let positions = match m.get(txn, qkey::POSITIONS) {
        Some(Out::Any(Any::Array(items))) => items
            .iter()
            .map(|a| match a {
                Any::String(s) => s.to_string(),
                _ => String::new(),
            })
            .collect(),
        Some(Out::YArray(a)) => read_array(txn, &a),
        _ => Vec::new(),
    };
    QuestionView {
        id: id.to_owned(),
        text: read::string(txn, m, qkey::TEXT).unwrap_or_default(),
        positions,
        scale: read::boolean(txn, m, qkey::SCALE).unwrap_or(false),
        order: read::number(txn, m, qkey::ORDER).unwrap_or(0.0),
    }
}

/// Another tool may have written the positions as a Y.Array of strings.
fn read_array<T: ReadTxn>(txn: &T, a: &ArrayRef) -> Vec<String> {
    a.iter(txn)
        .map(|v| match v {
            Out::Any(Any::String(s)) => s.to_string(),
            _ => String::new(),
        })
        .collect()
}

fn read_exercise<T: ReadTxn>(txn: &T, id: &str, m: &MapRef) -> ExerciseView {
    let mut questions: Vec<QuestionView> = read::map(txn, m, key::QUESTIONS)
        .map(|qs| {
            qs.iter(txn)
                .filter_map(|(qid, v)| match v {
                    Out::YMap(q) => Some(read_question(txn, qid, &q)),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    crate::sort::sort_by(&mut questions, |a, b| {
        a.order.total_cmp(&b.order).then_with(|| a.id.cmp(&b.id))
    });
    ExerciseView {
        id: id.to_owned(),
        title: read::string(txn, m, key::TITLE).unwrap_or_default(),
        anonymous: read::boolean(txn, m, key::ANONYMOUS).unwrap_or(false),
        open: read::string(txn, m, key::OPEN).filter(|q| questions.iter().any(|x| &x.id == q)),
        questions,
        created: read::number(txn, m, key::CREATED).unwrap_or(0.0),
    }
}

impl Board {
    /// Adds a positioning exercise (no questions yet, none open).
    pub fn add_exercise(&mut self, title: &str, anonymous: bool) -> Result<ExerciseId, BoardError> {
        let title = clean_title(title)?;
        let now = self.now();
        let exercises = self.roots.exercises.clone();
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        let mut id = new_id();
        while exercises.contains_key(&txn, &id) {
            id = new_id();
        }
        let map = exercises.insert(
            &mut txn,
            id.as_str(),
            MapPrelim::from([
                (key::TITLE, Any::from(title)),
                (key::ANONYMOUS, Any::from(anonymous)),
                (key::CREATED, Any::from(now)),
            ]),
        );
        map.insert(&mut txn, key::QUESTIONS, MapPrelim::default());
        Ok(id)
    }

    /// Adds a question with 2–12 positions at the end of the exercise.
    pub fn add_question(
        &mut self,
        exercise: &str,
        text: &str,
        positions: &[String],
        scale: bool,
    ) -> Result<String, BoardError> {
        let text = clean_title(text)?.to_owned();
        let positions = clean_positions(positions)?;
        let last = self
            .exercise(exercise)
            .ok_or(BoardError::UnknownItem)?
            .questions
            .last()
            .map_or(0.0, |q| q.order);
        let map = self.exercise_map(exercise)?;
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        let questions = match read::map(&txn, &map, key::QUESTIONS) {
            Some(q) => q,
            None => map.insert(&mut txn, key::QUESTIONS, MapPrelim::default()),
        };
        let mut id = new_id();
        while questions.contains_key(&txn, &id) {
            id = new_id();
        }
        let list: Vec<Any> = positions.into_iter().map(Any::from).collect();
        questions.insert(
            &mut txn,
            id.as_str(),
            MapPrelim::from([
                (qkey::TEXT, Any::from(text)),
                (qkey::POSITIONS, Any::from(list)),
                (qkey::SCALE, Any::from(scale)),
                (qkey::ORDER, Any::from(last + 1.0)),
            ]),
        );
        Ok(id)
    }

    /// Adds a question at the end of the exercise with the previous question's positions
    /// (and scale). Without a previous question there are no positions to take:
    /// [`BoardError::Positions`].
    pub fn add_question_like_last(
        &mut self,
        exercise: &str,
        text: &str,
    ) -> Result<String, BoardError> {
        let view = self.exercise(exercise).ok_or(BoardError::UnknownItem)?;
        let (positions, scale) = view
            .last_positions()
            .ok_or(BoardError::Positions { max: MAX_POSITIONS })?;
        self.add_question(exercise, text, &positions, scale)
    }

    /// Opens a question (closing the one open before): everyone can answer it now.
    pub fn open_question(&mut self, exercise: &str, question: &str) -> Result<(), BoardError> {
        let view = self.exercise(exercise).ok_or(BoardError::UnknownItem)?;
        if !view.questions.iter().any(|q| q.id == question) {
            return Err(BoardError::UnknownItem);
        }
        let map = self.exercise_map(exercise)?;
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        read::set_string(&mut txn, &map, key::OPEN, question);
        Ok(())
    }

    /// Closes the open question; answers stay.
    pub fn close_question(&mut self, exercise: &str) -> Result<(), BoardError> {
        let map = self.exercise_map(exercise)?;
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        read::remove(&mut txn, &map, key::OPEN);
        Ok(())
    }

    /// This participant stands at `position` (an index into the question's positions).
    /// Only while the question is open; a later answer replaces the earlier one.
    pub fn answer(
        &mut self,
        exercise: &str,
        question: &str,
        position: usize,
    ) -> Result<(), BoardError> {
        let view = self.exercise(exercise).ok_or(BoardError::UnknownItem)?;
        if view.open.as_deref() != Some(question) {
            return Err(BoardError::QuestionNotOpen);
        }
        let q = view
            .questions
            .iter()
            .find(|q| q.id == question)
            .ok_or(BoardError::UnknownItem)?;
        if position >= q.positions.len() {
            return Err(BoardError::UnknownItem);
        }
        let key = self.key.clone().ok_or(BoardError::NoIdentity)?;
        let voter = key.voter(exercise, view.anonymous);
        let answers = self.roots.answers.clone();
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        answers.insert(
            &mut txn,
            answer_key(exercise, question, &voter),
            position as f64,
        );
        Ok(())
    }

    /// This participant's answer to a question.
    pub fn my_answer(&self, exercise: &str, question: &str) -> Option<usize> {
        let view = self.exercise(exercise)?;
        let voter = self.key.as_ref()?.voter(exercise, view.anonymous);
        self.answers_of(exercise, question).get(&voter).copied()
    }

    /// Who stands where for a question, position by position (answers out of range are
    /// ignored: another tool may write anything).
    pub fn standings(&self, exercise: &str, question: &str) -> Vec<Standing> {
        let Some(view) = self.exercise(exercise) else {
            return Vec::new();
        };
        let Some(q) = view.questions.iter().find(|q| q.id == question) else {
            return Vec::new();
        };
        let names: HashMap<String, String> = if view.anonymous {
            HashMap::new()
        } else {
            self.participant_names()
        };
        let mut out: Vec<Standing> = q
            .positions
            .iter()
            .map(|p| Standing {
                position: p.clone(),
                count: 0,
                names: Vec::new(),
            })
            .collect();
        for (voter, pos) in self.answers_of(exercise, question) {
            if let Some(s) = out.get_mut(pos) {
                s.count += 1;
                if !view.anonymous {
                    s.names.push(names.get(&voter).cloned().unwrap_or(voter));
                }
            }
        }
        for s in &mut out {
            crate::sort::sort(&mut s.names);
        }
        out
    }

    /// How people moved from question `a` to question `b` of an exercise.
    pub fn movement(&self, exercise: &str, a: &str, b: &str) -> Option<Movement> {
        let view = self.exercise(exercise)?;
        let qa = view.questions.iter().find(|q| q.id == a)?;
        let qb = view.questions.iter().find(|q| q.id == b)?;
        let (first, second) = (self.answers_of(exercise, a), self.answers_of(exercise, b));
        let mut moves = vec![vec![0u32; qb.positions.len()]; qa.positions.len()];
        let mut m = Movement {
            from: qa.positions.clone(),
            to: qb.positions.clone(),
            moves: Vec::new(),
            only_first: 0,
            only_second: 0,
        };
        for (voter, from) in &first {
            match second.get(voter) {
                Some(to) => {
                    if let Some(cell) = moves.get_mut(*from).and_then(|row| row.get_mut(*to)) {
                        *cell += 1;
                    }
                }
                None => m.only_first += 1,
            }
        }
        m.only_second = second.keys().filter(|v| !first.contains_key(*v)).count() as u32;
        m.moves = moves;
        Some(m)
    }

    /// One exercise.
    pub fn exercise(&self, id: &str) -> Option<ExerciseView> {
        let txn = self.doc.transact();
        let map = read::map(&txn, &self.roots.exercises, id)?;
        Some(read_exercise(&txn, id, &map))
    }

    /// Every exercise, oldest first.
    pub fn exercises(&self) -> Vec<ExerciseView> {
        let txn = self.doc.transact();
        let mut out: Vec<ExerciseView> = self
            .roots
            .exercises
            .iter(&txn)
            .filter_map(|(id, v)| match v {
                Out::YMap(m) => Some(read_exercise(&txn, id, &m)),
                _ => None,
            })
            .collect();
        crate::sort::sort_by(&mut out, |a, b| {
            a.created
                .total_cmp(&b.created)
                .then_with(|| a.id.cmp(&b.id))
        });
        out
    }

    /// Voter → position index for one question.
    fn answers_of(&self, exercise: &str, question: &str) -> BTreeMap<ParticipantId, usize> {
        let prefix = format!("{exercise}/{question}/");
        let txn = self.doc.transact();
        crate::sort::collect_map(self.roots.answers.iter(&txn).filter_map(|(k, v)| {
            let voter = k
                .strip_prefix(&prefix)
                .filter(|v| !v.is_empty() && !v.contains('/'))?;
            match v {
                Out::Any(Any::Number(n)) => {
                    let n = read::to_f64(n);
                    (n >= 0.0 && n.fract() == 0.0 && n < MAX_POSITIONS as f64)
                        .then(|| (voter.to_owned(), n as usize))
                }
                _ => None,
            }
        }))
    }

    fn exercise_map(&self, id: &str) -> Result<MapRef, BoardError> {
        read::map(&self.doc.transact(), &self.roots.exercises, id).ok_or(BoardError::UnknownItem)
    }
}
