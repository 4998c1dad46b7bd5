//! The board's own wording of a template's questions: the facilitator rewords a question
//! for this workshop ("… kennen Sie in Quakenbrück?"), every worksheet of that template on
//! the board shows it, and the export prints it. Stored in the root `wordings`, which only
//! the facilitator writes; participants keep writing answers only.

use std::collections::BTreeMap;

use yrs::{Map, MapRef, Out, ReadTxn, Transact};

use super::templates::Template;
use crate::board::Board;
use crate::error::BoardError;
use crate::read;

/// Longest wording of a question, in chars.
pub const MAX_WORDING: usize = 500;

/// The key of a question's wording in `wordings`.
pub fn wording_key(template: Template, question: &str) -> String {
    format!("{}/{question}", template.as_str())
}

/// The board's wordings of `template`'s questions: question key → wording (non-blank only).
pub(super) fn read_wordings<T: ReadTxn>(
    txn: &T,
    wordings: &MapRef,
    template: Template,
) -> BTreeMap<String, String> {
    let prefix = format!("{}/", template.as_str());
    crate::sort::collect_map(wordings.iter(txn).filter_map(|(k, v)| {
        let question = k.strip_prefix(&prefix)?;
        let text = match v {
            Out::Any(yrs::Any::String(s)) => s.to_string(),
            _ => return None,
        };
        let known = template.questions().iter().any(|q| q.key == question);
        (known && !text.trim().is_empty()).then(|| (question.to_owned(), text.trim().to_owned()))
    }))
}

impl Board {
    /// Rewords a fixed question of `template` for this board (blank: back to the template's
    /// wording). Facilitators only; the server refuses it from anyone else.
    pub fn set_question_wording(
        &mut self,
        template: Template,
        question: &str,
        text: &str,
    ) -> Result<(), BoardError> {
        if !template.questions().iter().any(|q| q.key == question) {
            return Err(BoardError::UnknownItem);
        }
        let text = text.trim();
        if text.chars().count() > MAX_WORDING {
            return Err(BoardError::TooLong { max: MAX_WORDING });
        }
        let wordings = self.roots.wordings.clone();
        let key = wording_key(template, question);
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        if text.is_empty() {
            read::remove(&mut txn, &wordings, &key);
        } else if read::string(&txn, &wordings, &key).as_deref() != Some(text) {
            wordings.insert(&mut txn, key, text);
        }
        Ok(())
    }

    /// Back to the template's wording of a question.
    pub fn reset_question_wording(
        &mut self,
        template: Template,
        question: &str,
    ) -> Result<(), BoardError> {
        self.set_question_wording(template, question, "")
    }

    /// The board's wordings of `template`'s questions: question key → wording.
    pub fn question_wordings(&self, template: Template) -> BTreeMap<String, String> {
        read_wordings(&self.doc.transact(), &self.roots.wordings, template)
    }
}
