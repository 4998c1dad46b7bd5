//! "Vorlage auf dem Server ablegen" in the board menu: the board's design, as "Als Vorlage
//! speichern" writes it, kept on the server for everyone who uses it (docs/API.md,
//! "Templates kept on the server"). The delete token the server gives once stays in this
//! browser, which alone can delete the template again (on the start page).

use leptos::prelude::*;

use super::board_menu::MenuEntry;
use super::share::ShareTarget;
use super::state::{Notice, WallUi};
use crate::i18n::*;
use crate::storage::prefs;
use crate::sync::{api, BoardCtx};

/// The menu entry for a board this device holds the facilitator token of.
pub fn keep_template_entry(
    ctx: BoardCtx,
    ui: WallUi,
    i18n: I18n,
    target: ShareTarget,
) -> MenuEntry {
    let busy = RwSignal::new(false);
    MenuEntry {
        label: Signal::derive(move || t_string!(i18n, template_keep_server).to_string()),
        long: None,
        title: Some(Signal::derive(move || {
            t_string!(i18n, template_keep_server_help).to_string()
        })),
        disabled: busy.into(),
        action: Callback::new(move |()| {
            let bytes = ctx.read(|b| b.template());
            let target = target.clone();
            busy.set(true);
            leptos::task::spawn_local(async move {
                let kept =
                    api::keep_template(&target.board, &target.facilitator_token, &bytes).await;
                busy.try_set(false);
                match kept {
                    Ok(kept) => {
                        prefs::set_template_token(&kept.id, Some(&kept.delete_token));
                        let text =
                            t_string!(i18n, template_kept, title = kept.title.as_str()).to_string();
                        ui.notice.try_set(Some(Notice {
                            text,
                            undo: false,
                            error: false,
                        }));
                    }
                    Err(e) => {
                        leptos::logging::warn!("kartenwand: keeping the template failed ({e})");
                        ui.complain(t_string!(i18n, template_keep_failed).to_string());
                    }
                }
            });
        }),
    }
}
