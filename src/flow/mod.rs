//! The day's flow: the agenda with the step running now, following the facilitator to it,
//! and positioning exercises ("Aufstellung") answered from phones.

mod agenda;
mod agenda_day;
mod agenda_drag;
mod agenda_step;
mod follow;
mod positioning;
mod step_bar;
mod step_form;

pub use agenda::AgendaView;
pub use follow::{follow_summons, follow_the_facilitator, follow_the_summons};
pub use positioning::{ExerciseSetup, PositioningView};
pub use step_bar::StepBar;

use board::Activity;

use crate::i18n::*;

/// An activity in words.
pub fn activity_text(i18n: I18n, a: Activity) -> &'static str {
    match a {
        Activity::Wall => t_string!(i18n, activity_wall),
        Activity::Round => t_string!(i18n, activity_round),
        Activity::Exercise => t_string!(i18n, activity_exercise),
        Activity::Worksheets => t_string!(i18n, activity_worksheets),
        Activity::Feedback => t_string!(i18n, activity_feedback),
    }
}
