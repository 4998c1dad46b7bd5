//! The facilitator's parts of views that both builds draw: setting up groups and worksheets,
//! rewording a question, the positioning exercise's set-up, and the results' tools. The full
//! app provides them ([`provide`]); the phone entry does not, so its build links none of
//! their code (its people hold a participant's link: the facilitator's tools are never theirs).

use std::collections::BTreeSet;

use board::worksheet::Question;
use board::{ExerciseView, Template};
use leptos::prelude::*;

/// The parts, as functions that draw them.
#[derive(Clone, Copy)]
pub struct Desk {
    /// Below the ranking: ballots that did not count, voters, merging, the CSV download.
    pub results: fn(RwSignal<BTreeSet<String>>, RwSignal<String>) -> AnyView,
    /// The positioning exercise's set-up, for the exercise shown.
    pub exercise_setup: fn(Memo<Option<ExerciseView>>) -> AnyView,
    /// Setting up working groups.
    pub group_setup: fn() -> AnyView,
    /// Adding a worksheet; the new sheet's id goes into the signal.
    pub new_sheet: fn(RwSignal<Option<String>>) -> AnyView,
    /// Rewording a template's question for this board.
    pub rewording: fn(Template, Question, Memo<String>, Memo<bool>) -> AnyView,
}

/// Provides the parts (the full app).
pub fn provide() {
    provide_context(Desk {
        results: |picked, merge_title| {
            view! { <crate::voting::ResultsDesk picked merge_title/> }.into_any()
        },
        exercise_setup: |exercise| view! { <crate::flow::ExerciseSetup exercise/> }.into_any(),
        group_setup: || view! { <crate::worksheets::GroupSetup/> }.into_any(),
        new_sheet: |open| {
            view! { <crate::worksheets::NewSheet on_created=move |id| open.set(Some(id))/> }
                .into_any()
        },
        rewording: |template, question, wording, reworded| {
            view! { <crate::worksheets::Rewording template question wording reworded/> }.into_any()
        },
    });
}

/// One of the parts, where this build has them.
pub fn part<T>(pick: impl FnOnce(Desk) -> T) -> Option<T> {
    use_context::<Desk>().map(pick)
}
