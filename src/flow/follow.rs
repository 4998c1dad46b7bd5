//! Phones follow the facilitator: when a step starts, each participant's screen switches to
//! what it runs (the ballot when its round is open, the positioning question, the group's
//! worksheets), once per step, so someone who steps away is not pulled back every second.

use board::{Activity, RoundState};
use leptos::prelude::*;

use crate::sync::BoardCtx;
use crate::voting::VotingCtx;
use crate::wall::{ViewMode, WallUi};

/// The view a step's activity asks for.
pub fn mode_of(activity: Activity) -> ViewMode {
    match activity {
        Activity::Wall | Activity::Round => ViewMode::Wall,
        Activity::Exercise => ViewMode::Positioning,
        Activity::Worksheets | Activity::Feedback => ViewMode::Work,
    }
}

/// Installs the following for a participant's page.
pub fn follow_the_facilitator(ctx: BoardCtx, ui: WallUi, voting: VotingCtx) {
    let step = Memo::new(move |_| ctx.track(|b| b.current_step()).map(|s| (s.id, s.plan.activity, s.plan.target)));
    Effect::new(move |seen: Option<Option<String>>| {
        let current = step.get();
        let id = current.as_ref().map(|s| s.0.clone());
        if seen.as_ref() == Some(&id) {
            return id;
        }
        if let Some((_, activity, target)) = current {
            ui.mode.set(mode_of(activity));
            if activity == Activity::Round {
                let open = target.and_then(|r| ctx.read(|b| b.round(&r))).is_some_and(|r| r.state == RoundState::Open);
                if open && voting.can_vote {
                    voting.ballot_open.set(true);
                }
            }
        }
        id
    });
}
