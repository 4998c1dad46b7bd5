//! The facilitator's form to add a worksheet: a template, and the group or field it is for.

use board::Template;
use leptos::prelude::*;

use super::template_name;
use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::wall::messages::board_error_text;
use crate::wall::WallUi;

/// Adds a worksheet; `on_created` gets its id.
#[component]
pub fn NewSheet(on_created: impl Fn(String) + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let template = RwSignal::new(Template::FieldAnalysis.as_str().to_string());
    let group = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let groups = Memo::new(move |_| ctx.track(|b| b.groups()));
    let is_custom = move || template.get() == Template::Custom.as_str();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = Template::parse(&template.get_untracked()).unwrap_or(Template::FieldAnalysis);
        let g = group.get_untracked();
        let (field, group_id) = match ctx.read(|b| b.group(&g)) {
            // A group for a field: the sheet belongs to the field (the documentation lists it there).
            Some(found) => (
                found.field.clone(),
                found.field.is_none().then(|| found.id.clone()),
            ),
            None => (None, None),
        };
        match ctx.edit(|b| {
            b.add_worksheet(
                t,
                &title.get_untracked(),
                field.as_deref(),
                group_id.as_deref(),
            )
        }) {
            Ok(id) => {
                title.set(String::new());
                on_created(id);
            }
            Err(e) => ui.complain(board_error_text(i18n, &e)),
        }
    };
    view! {
        <form class="new-sheet" on:submit=add>
            <h3>{t!(i18n, sheet_new)}</h3>
            <label class="field">
                <span>{t!(i18n, sheet_template)}</span>
                <select aria-label=t!(i18n, sheet_template) on:change=move |ev| template.set(event_target_value(&ev)) prop:value=move || template.get()>
                    {Template::ALL.map(|t| view! { <option value=t.as_str()>{move || template_name(i18n, t)}</option> })}
                </select>
            </label>
            <label class="field">
                <span>{t!(i18n, sheet_for_group)}</span>
                <select aria-label=t!(i18n, sheet_for_group) on:change=move |ev| group.set(event_target_value(&ev)) prop:value=move || group.get()>
                    <option value="">{t!(i18n, sheet_everyone)}</option>
                    <For each=move || groups.get() key=|g| (g.id.clone(), g.title.clone()) children=move |g| view! { <option value=g.id.clone()>{g.title.clone()}</option> }/>
                </select>
            </label>
            <Show when=is_custom>
                <label class="field">
                    <span>{t!(i18n, sheet_title)}</span>
                    <input type="text" maxlength="200" bind:value=title/>
                </label>
            </Show>
            <button type="submit" class="button button--primary">{t!(i18n, sheet_add)}</button>
        </form>
    }
}
