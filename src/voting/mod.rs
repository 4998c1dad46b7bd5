//! Dot voting in the app: the round bar everyone sees, the phone ballot, the facilitator's
//! round set-up and controls, the ranking with merging, the list of who voted (with
//! exclusion), and the dots on the wall's fields.
//! The rules and the tally are `board`'s; these components render them and call its
//! operations.

mod badge;
mod ballot;
mod manage;
mod messages;
mod results;
mod results_desk;
mod round_bar;
mod setup;
mod timer;
mod voters;

pub use badge::{MergedFrom, VoteBadge};
pub use manage::RoundsDialog;
pub use messages::{breach_text, points_text};
pub use results::Results;
pub use results_desk::ResultsDesk;
pub use round_bar::RoundBar;
pub use timer::Countdown;

use board::{RoundView, Tally};
use leptos::prelude::*;

use crate::sync::BoardCtx;

/// What the voting components share on one board page.
#[derive(Clone, Copy)]
pub struct VotingCtx {
    /// The round participants see now (the newest open one, else the newest shown one).
    pub current: Memo<Option<RoundView>>,
    /// The round the results view shows: one the facilitator picked, else `current`.
    pub focus: RwSignal<Option<String>>,
    /// The tally of the focused round.
    pub tally: Memo<Option<Tally>>,
    /// Runs the workshop: sets up, opens, closes and reveals rounds, merges fields.
    pub facilitator: bool,
    /// May cast a ballot (everyone but the projector link).
    pub can_vote: bool,
    /// The ballot sheet is open.
    pub ballot_open: RwSignal<bool>,
    /// The facilitator's rounds dialog is open.
    pub manage_open: RwSignal<bool>,
    /// The clock for countdowns, in ms; ticks every second while a countdown runs.
    pub now: RwSignal<f64>,
}

impl VotingCtx {
    /// Sets up voting for a board page and provides it as context.
    pub fn provide(ctx: BoardCtx, facilitator: bool, can_vote: bool) -> VotingCtx {
        let current = Memo::new(move |_| ctx.track(|b| b.current_round()));
        let focus = RwSignal::new(None::<String>);
        let tally = Memo::new(move |_| {
            let id = focus
                .get()
                .or_else(|| current.with(|r| r.as_ref().map(|r| r.id.clone())))?;
            ctx.track(|b| b.tally(&id))
        });
        let v = VotingCtx {
            current,
            focus,
            tally,
            facilitator,
            can_vote,
            ballot_open: RwSignal::new(false),
            manage_open: RwSignal::new(false),
            now: RwSignal::new(js_sys::Date::now()),
        };
        timer::tick_while_counting(v);
        provide_context(v);
        v
    }

    /// Whether this person may see the points now: when the round shows them, and always
    /// for the facilitator, who has to know before revealing.
    pub fn sees_points(&self) -> bool {
        self.tally.with(|t| {
            t.as_ref()
                .is_some_and(|t| self.facilitator || t.round.results_visible())
        })
    }
}
