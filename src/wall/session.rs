//! A board open on this page, whichever entry draws it: the document's context, this
//! device's role and screen state, voting, this person's presence and name (asked for in
//! `WallUi::naming`) and the connection to the server. The page that draws it adds what it
//! follows and shows.

use leptos::prelude::*;

use super::early_name::{self, EarlyName};
use super::messages::link_kept_text;
use super::name_dialog::take_name;
use super::state::{Notice, WallUi};
use crate::i18n::*;
use crate::storage::prefs;
use crate::sync::api::sync_url;
use crate::sync::{BoardCtx, Peer};
use crate::voting::VotingCtx;
use board::{Role, TokenChoice};

/// A board open on this page.
pub struct Session {
    /// The document and its sync.
    pub ctx: BoardCtx,
    /// This page's screen state.
    pub ui: WallUi,
    /// The voting round as this person sees it.
    pub voting: VotingCtx,
    /// The role of this device's token; `None` for a board kept only in this browser.
    pub role: Option<Role>,
    /// Whether this device runs the board (the facilitator, or the owner of a local board).
    pub facilitator: bool,
    /// This person as the others see them.
    pub me: RwSignal<Peer>,
    /// This device's token for the board.
    pub token: Option<String>,
}

impl Session {
    /// Opens `board` (read with the storage keys `stored`) on this page: provides its
    /// contexts, and connects to the server with `token` when the board lives there.
    pub fn start(
        id: String,
        link: Option<TokenChoice>,
        token: Option<String>,
        board: board::Board,
        stored: &[f64],
    ) -> Session {
        let i18n = use_i18n();
        crate::mark("kartenwand:board-open");
        let ctx = BoardCtx::new(id.clone(), board, stored);
        provide_context(ctx);
        let role = token.as_deref().map(Role::of_token);
        // A board only in this browser has no server roles: its owner runs it.
        let facilitator = matches!(role, Some(Role::Facilitator) | None);
        let ui = WallUi::new(ctx, role == Some(Role::Viewer), facilitator);
        provide_context(ui);
        if let Some(TokenChoice::Keep { held, offered }) = link {
            ui.notice.set(Some(Notice {
                text: link_kept_text(i18n, held, offered),
                undo: false,
                error: false,
            }));
        }
        crate::phone::watch_width(ui);
        // Locked cards and clusters stay movable for the one who locked them.
        ctx.edit(|b| b.set_facilitator(facilitator));
        let voting = VotingCtx::provide(ctx, facilitator, !ui.read_only);

        let key = prefs::participant_key();
        let participant = key.id();
        let nickname = prefs::nickname();
        let me = RwSignal::new(Peer {
            color: board::CssColor::parse(prefs::participant_color(&participant)),
            id: participant,
            name: nickname.clone().unwrap_or_default(),
            role: match role {
                Some(Role::Facilitator) => "facilitator",
                Some(Role::Viewer) => "viewer",
                _ => "participant",
            }
            .to_string(),
            drag: None,
            summon: None,
        });
        if let Some(token) = token.clone() {
            if ui.read_only {
                me.update(|m| m.name = t_string!(i18n, projector_view).to_string());
            } else {
                ask_name(ctx, me, ui.naming, nickname.as_deref());
            }
            ctx.connect(sync_url(&id, &token, &key), me.get_untracked());
        }
        // Leaving the page: say goodbye to the others and save at once.
        on_cleanup(move || {
            ctx.disconnect();
            ctx.save_now();
        });
        Session {
            ctx,
            ui,
            voting,
            role,
            facilitator,
            me,
            token,
        }
    }
}

/// Gives this person their name on the board: the one this browser keeps, the one they
/// typed into the loader's dialog before the app ran (now, or when they answer it), or the
/// app's name dialog opens.
fn ask_name(ctx: BoardCtx, me: RwSignal<Peer>, naming: RwSignal<bool>, kept: Option<&str>) {
    let answered = move |early: EarlyName| match early {
        EarlyName::Given { name, listed } => {
            // A name the board refuses: the app's dialog says why.
            if take_name(ctx, me, &name, listed).is_err() {
                naming.set(true);
            }
        }
        EarlyName::Dismissed => {}
        EarlyName::NotAsked | EarlyName::Open => naming.set(true),
    };
    match (early_name::take(), kept) {
        (EarlyName::Open, _) => {
            let listener = window_event_listener_untyped(early_name::EVENT, move |_| {
                answered(early_name::take());
            });
            on_cleanup(move || listener.remove());
        }
        (early @ (EarlyName::Given { .. } | EarlyName::Dismissed), _) => answered(early),
        (EarlyName::NotAsked, Some(name)) => {
            let color = me.with_untracked(|m| m.color.clone());
            let _ = ctx.edit(|b| b.set_participant(name, color.as_str()));
        }
        (EarlyName::NotAsked, None) => naming.set(true),
    }
}
