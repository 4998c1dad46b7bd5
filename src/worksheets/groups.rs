//! Working groups: participants join one (until it is full) and see which they are in; the
//! facilitator sets groups up, one per chosen field or free, and can count everyone off.

use board::GroupView;
use leptos::prelude::*;

use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::wall::messages::board_error_text;
use crate::wall::WallUi;

/// The groups section of the group-work view.
#[component]
pub fn Groups(facilitator: bool) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let groups = Memo::new(move |_| ctx.track(|b| b.groups()));
    let me = ctx.read(|b| b.author().to_string());
    let names = Memo::new(move |_| ctx.track(|b| b.participant_names()));
    let mine = Memo::new(move |_| ctx.track(|b| b.my_group().map(|g| g.id)));
    let complain = move |e: board::BoardError| ui.complain(board_error_text(i18n, &e));

    let row = move |g: GroupView| {
        let id = StoredValue::new(g.id.clone());
        let members: Vec<String> = g
            .members
            .iter()
            .map(|m| names.with_untracked(|n| n.get(m).cloned().unwrap_or_else(|| "?".into())))
            .collect();
        let count = match g.cap {
            Some(cap) => t_count!(i18n, group_count_cap, cap, members = g.members.len()),
            None => t_count!(i18n, group_count, g.members.len()),
        };
        let is_mine = g.members.contains(&me);
        let full = g.is_full();
        let title = g.title.clone();
        let heading_id = format!("group-{}", g.id);
        let labelled = heading_id.clone();
        view! {
            <li class=if is_mine { "group group--mine" } else { "group" } aria-labelledby=labelled>
                <h4 id=heading_id class="group-title" dir="auto">{title.clone()}</h4>
                <p class="group-meta">{count}</p>
                <p class="group-members">{members.join(", ")}</p>
                <div class="group-actions">
                    {if is_mine {
                        view! {
                            <span class="group-you">{t!(i18n, group_yours)}</span>
                            <button type="button" class="button small" on:click=move |_| { ctx.edit(|b| b.leave_group()); }>{t!(i18n, group_leave)}</button>
                        }.into_any()
                    } else {
                        let label = t_string!(i18n, group_join_label, title = title.clone());
                        view! {
                            <button type="button" class="button" disabled=full aria-label=label
                                on:click=move |_| if let Err(e) = ctx.edit(|b| b.join_group(&id.get_value())) { complain(e) }>
                                {if full { t_string!(i18n, group_full) } else { t_string!(i18n, group_join) }}
                            </button>
                        }.into_any()
                    }}
                    {facilitator.then(|| {
                        let label = t_string!(i18n, group_delete_label, title = title.clone());
                        view! {
                            <button type="button" class="button small button--danger" aria-label=label
                                on:click=move |_| if let Err(e) = ctx.edit(|b| b.delete_group(&id.get_value())) { complain(e) }>"✕"</button>
                        }
                    })}
                </div>
            </li>
        }
    };
    view! {
        <section class="groups" aria-labelledby="groups-heading">
            <h3 id="groups-heading">{t!(i18n, groups_heading)}</h3>
            <Show when=move || !facilitator && mine.with(Option::is_none) && groups.with(|g| !g.is_empty())>
                <p class="groups-hint">{t!(i18n, groups_choose)}</p>
            </Show>
            <Show when=move || groups.with(Vec::is_empty)>
                <p class="muted">{move || if facilitator { t_string!(i18n, groups_none_facilitator) } else { t_string!(i18n, groups_none) }}</p>
            </Show>
            <ul class="group-list">
                <For each=move || groups.get() key=|g| format!("{g:?}") children=row/>
            </ul>
            {crate::desk::part(|d| d.group_setup).filter(|_| facilitator).map(|setup| setup())}
        </section>
    }
}

/// The facilitator's tools: a group per field, a free group, counting off.
#[component]
pub fn GroupSetup() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let title = RwSignal::new(String::new());
    let field = RwSignal::new(String::new());
    let cap = RwSignal::new(String::new());
    let fields = Memo::new(move |_| {
        ctx.track(|b| {
            b.clusters()
                .into_iter()
                .filter(|c| c.merged_into.is_none())
                .collect::<Vec<_>>()
        })
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = field.get_untracked();
        let f = (!f.is_empty()).then_some(f);
        let name = match title.get_untracked().trim() {
            "" => f
                .as_deref()
                .and_then(|f| ctx.read(|b| b.cluster(f)))
                .map(|c| c.title)
                .unwrap_or_default(),
            t => t.to_string(),
        };
        let cap = cap.get_untracked().trim().parse::<u32>().ok();
        match ctx.edit(|b| b.add_group(&name, f.as_deref(), cap)) {
            Ok(_) => {
                title.set(String::new());
                field.set(String::new());
            }
            Err(e) => ui.complain(board_error_text(i18n, &e)),
        }
    };
    let count_off = move |_| {
        let result = ctx.edit(|b| {
            let people: Vec<String> = b.participants().into_iter().map(|p| p.id).collect();
            let groups: Vec<String> = b.groups().into_iter().map(|g| g.id).collect();
            b.count_off(&people, &groups, |v| {
                // Fisher–Yates with the browser's random numbers.
                for i in (1..v.len()).rev() {
                    let j = (js_sys::Math::random() * (i + 1) as f64) as usize;
                    v.swap(i, j.min(i));
                }
            })
        });
        if let Err(e) = result {
            ui.complain(board_error_text(i18n, &e));
        }
    };
    view! {
        <form class="group-setup" on:submit=add>
            <h4>{t!(i18n, group_new)}</h4>
            <label class="field">
                <span>{t!(i18n, group_field)}</span>
                <select aria-label=t!(i18n, group_field) on:change=move |ev| field.set(event_target_value(&ev)) prop:value=move || field.get()>
                    <option value="">{t!(i18n, group_no_field)}</option>
                    <For each=move || fields.get() key=|c| (c.id.clone(), c.title.clone()) children=move |c| view! { <option value=c.id.clone()>{c.title.clone()}</option> }/>
                </select>
            </label>
            <label class="field">
                <span>{t!(i18n, group_title)}</span>
                <input type="text" maxlength="200" bind:value=title placeholder=t!(i18n, group_title_placeholder)/>
            </label>
            <label class="field">
                <span>{t!(i18n, group_cap)}</span>
                <input type="number" inputmode="numeric" min="0" bind:value=cap/>
            </label>
            <div class="modal-actions">
                <button type="button" class="button" on:click=count_off>{t!(i18n, group_count_off)}</button>
                <button type="submit" class="button button--primary">{t!(i18n, group_add)}</button>
            </div>
        </form>
    }
}
