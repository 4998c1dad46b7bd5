//! Phones follow the facilitator: when a step starts, each participant's screen switches to
//! what it runs (the ballot when its round is open, the positioning question, the group's
//! worksheets), once per step, so someone who steps away is not pulled back every second.

use board::{Activity, RoundState};
use leptos::prelude::*;

use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::voting::VotingCtx;
use crate::wall::layout::region_rect;
use crate::wall::viewport::Rect;
use crate::wall::{Notice, ViewMode, WallUi};

/// The view a step's activity asks for.
pub fn mode_of(activity: Activity) -> ViewMode {
    match activity {
        Activity::Wall | Activity::Round => ViewMode::Wall,
        Activity::Exercise => ViewMode::Positioning,
        Activity::Worksheets | Activity::Feedback => ViewMode::Work,
    }
}

/// The view a step asks for on this page: the wall's part of the day is the phone home on
/// a participant's phone, unless the step runs one region of the wall, which the phone then
/// shows; tracked.
pub fn step_mode(ui: WallUi, activity: Activity, target: Option<&str>) -> ViewMode {
    match mode_of(activity) {
        ViewMode::Wall if activity == Activity::Wall && target.is_some() => ViewMode::Wall,
        ViewMode::Wall => ui.wall_mode(),
        mode => mode,
    }
}

/// Installs the following for a participant's page.
pub fn follow_the_facilitator(ctx: BoardCtx, ui: WallUi, voting: VotingCtx) {
    let step = Memo::new(move |_| {
        ctx.track(|b| b.current_step())
            .map(|s| (s.id, s.plan.activity, s.plan.target))
    });
    Effect::new(move |seen: Option<Option<String>>| {
        let current = step.get();
        let id = current.as_ref().map(|s| s.0.clone());
        if seen.as_ref() == Some(&id) {
            return id;
        }
        if let Some((_, activity, target)) = current {
            let mode = step_mode(ui, activity, target.as_deref());
            ui.mode.set(mode);
            // A wall step may run one region: show it, once the wall has its size (it may
            // just have replaced the phone home).
            if let Some(region) = ctx
                .read(|b| b.current_region())
                .filter(|_| mode == ViewMode::Wall)
            {
                let rect = region_rect(&region);
                request_animation_frame(move || request_animation_frame(move || ui.show(rect)));
            }
            if activity == Activity::Round {
                let open = target
                    .and_then(|r| ctx.read(|b| b.round(&r)))
                    .is_some_and(|r| r.state == RoundState::Open);
                if open && voting.can_vote {
                    voting.ballot_open.set(true);
                }
            }
        }
        id
    });
}

/// Follows the facilitator's "bring everyone here": each new summons shows its part of the
/// wall once, then `after` runs (a participant's notice saying why the view moved; nothing on
/// the projector, which holds it); panning away afterwards is free.
pub fn follow_summons(ctx: BoardCtx, ui: WallUi, after: impl Fn() + 'static) {
    let summons = Memo::new(move |_| {
        ctx.peers.with(|peers| {
            peers
                .iter()
                .filter(|p| p.role == "facilitator")
                .filter_map(|p| p.summon.clone())
                .max_by(|a, b| a.at.total_cmp(&b.at))
        })
    });
    Effect::new(move |seen: Option<f64>| {
        let seen = seen.unwrap_or(f64::NEG_INFINITY);
        let Some(s) = summons.get() else { return seen };
        if s.at <= seen {
            return seen;
        }
        ui.mode.set(ViewMode::Wall);
        ui.show(Rect {
            x: s.x,
            y: s.y,
            w: s.w,
            h: s.h,
        });
        after();
        s.at
    });
}

/// A participant's page follows each summons, with a notice saying why the view moved.
pub fn follow_the_summons(ctx: BoardCtx, ui: WallUi, i18n: I18n) {
    follow_summons(ctx, ui, move || {
        ui.notice.set(Some(Notice {
            text: t_string!(i18n, summoned).to_string(),
            undo: false,
            error: false,
        }));
    });
}
