//! Group work: the working groups (join one, or be counted off) and the worksheets each
//! group fills for its field. Phones show one worksheet at a time, one question per section.

mod date_input;
mod goals;
mod groups;
mod lists;
mod new_sheet;
mod questions;
mod shared_text;
mod wording;

use board::{Template, Worksheet};
use leptos::prelude::*;

use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::voting::VotingCtx;
pub use groups::GroupSetup;
use groups::Groups;
pub use new_sheet::NewSheet;
pub use wording::Rewording;

/// A template's name in the interface language.
pub fn template_name(i18n: I18n, t: Template) -> &'static str {
    let (de, en) = t.name();
    if i18n.get_locale() == Locale::en {
        en
    } else {
        de
    }
}

/// Picks the German or English text of a pair.
pub fn pick(i18n: I18n, pair: (&'static str, &'static str)) -> &'static str {
    if i18n.get_locale() == Locale::en {
        pair.1
    } else {
        pair.0
    }
}

/// The interface language as the board's exports and wordings take it.
pub fn language(i18n: I18n) -> board::Language {
    if i18n.get_locale() == Locale::en {
        board::Language::En
    } else {
        board::Language::De
    }
}

/// How a worksheet is named in lists: its template (or custom title) and its field or group.
fn sheet_label(i18n: I18n, ctx: BoardCtx, w: &Worksheet) -> String {
    let name = match w.template {
        Some(Template::Custom) | None => w.title.clone(),
        Some(t) => template_name(i18n, t).to_string(),
    };
    let about = ctx.read(|b| {
        w.field
            .as_deref()
            .and_then(|f| b.cluster(f))
            .map(|c| c.title)
            .or_else(|| w.group.as_deref().and_then(|g| b.group(g)).map(|g| g.title))
    });
    match about {
        Some(about) => format!("{name}: {about}"),
        None => name,
    }
}

/// The group-work view: groups, the worksheets in reach, and the one being filled.
#[component]
pub fn WorkPage() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let facilitator = use_context::<VotingCtx>().is_some_and(|v| v.facilitator);
    let open = RwSignal::new(None::<String>);
    // Participants see their group's worksheets and every feedback sheet; the facilitator all.
    let sheets = Memo::new(move |_| {
        ctx.track(|b| {
            let mine = b.my_group().map(|g| g.id);
            b.worksheets()
                .into_iter()
                .filter(|w| {
                    facilitator
                        || w.template == Some(Template::Feedback)
                        || mine
                            .as_ref()
                            .is_some_and(|g| b.group_worksheets(g).iter().any(|s| s.id == w.id))
                })
                .collect::<Vec<_>>()
        })
    });
    // The first sheet opens by itself (one's own group's first); a deleted one closes; and
    // whoever joins a group lands on that group's sheet, whatever was open before.
    let my_group = Memo::new(move |_| ctx.track(|b| b.my_group().map(|g| g.id)));
    let group_sheet =
        move |group: &str| ctx.read(|b| b.group_worksheets(group).first().map(|w| w.id.clone()));
    Effect::new(move |seen_group: Option<Option<String>>| {
        let list = sheets.get();
        let group = my_group.get();
        let joined = seen_group.is_some_and(|seen| seen != group) && group.is_some();
        let current = open.get_untracked();
        if joined
            || current
                .as_ref()
                .is_none_or(|c| !list.iter().any(|w| &w.id == c))
        {
            let first = group
                .as_deref()
                .and_then(group_sheet)
                .or_else(|| list.first().map(|w| w.id.clone()));
            open.set(first);
        }
        group
    });
    let tab = move |w: Worksheet| {
        let id = w.id.clone();
        let label = sheet_label(i18n, ctx, &w);
        let pressed = {
            let id = id.clone();
            move || (open.get().as_deref() == Some(id.as_str())).to_string()
        };
        view! {
            <li><button type="button" class="button sheet-tab" aria-pressed=pressed on:click=move |_| open.set(Some(id.clone()))>{label}</button></li>
        }
    };
    view! {
        <section class="work" aria-labelledby="work-heading">
            <h2 id="work-heading" class="work-title">{t!(i18n, work_heading)}</h2>
            <Groups facilitator/>
            <nav class="sheet-tabs" aria-label=t!(i18n, worksheets_heading)>
                <h3>{t!(i18n, worksheets_heading)}</h3>
                <Show when=move || sheets.with(Vec::is_empty)>
                    <p class="muted">{move || if facilitator { t_string!(i18n, worksheets_none_facilitator) } else { t_string!(i18n, worksheets_none) }}</p>
                </Show>
                <ul>
                    <For each=move || sheets.get() key=|w| (w.id.clone(), w.title.clone(), w.field.clone(), w.group.clone()) children=tab/>
                </ul>
            </nav>
            {move || open.get().map(|id| view! { <questions::SheetEditor id facilitator/> })}
            {crate::desk::part(|d| d.new_sheet).filter(|_| facilitator).map(|new_sheet| new_sheet(open))}
        </section>
    }
}
