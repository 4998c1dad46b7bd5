//! The goals worksheet: up to three Leitziele, each with a target date (a year, month or
//! day), Jahresziele with due dates, Indikatoren, and the SMART check the group ticks. What is missing is listed in
//! words next to each goal; nothing blocks writing.

use board::worksheet::{
    annual_gaps, leitziel_gaps, list, Criterion, Gap, Item, Precision, MAX_LEITZIELE,
};
use leptos::prelude::*;

use super::date_input::DateInput;
use super::lists::{borrowed, find, items, AddItem, ItemText, Path, RemoveItem, SheetEdits};
use super::pick;
use super::questions::SheetMemo;
use crate::i18n::*;

/// A gap in words.
fn gap_text(i18n: I18n, gap: &Gap) -> String {
    match gap {
        Gap::NoText => t_string!(i18n, gap_no_text).to_string(),
        Gap::Unticked(c) => t_string!(i18n, gap_unticked, criterion = pick(i18n, c.name())),
        Gap::NoDate => t_string!(i18n, gap_no_date).to_string(),
        Gap::NoAnnualGoal => t_string!(i18n, gap_no_annual).to_string(),
        Gap::NoIndicator => t_string!(i18n, gap_no_indicator).to_string(),
    }
}

/// The SMART checkboxes of the goal at `path`, and what it still lacks.
#[component]
fn Smart(sheet: SheetMemo, path: Path, leitziel: bool) -> impl IntoView {
    let i18n = use_i18n();
    let edits = SheetEdits::of(sheet);
    let read_path = path.clone();
    let goal =
        Memo::new(move |_| sheet.with(|s| s.as_ref().and_then(|s| find(s, &read_path)).cloned()));
    let gaps = move || {
        goal.with(|g| {
            g.as_ref()
                .map(|g| {
                    if leitziel {
                        leitziel_gaps(g)
                    } else {
                        annual_gaps(g)
                    }
                })
                .unwrap_or_default()
        })
    };
    let boxes = Criterion::ALL.map(|c| {
        let path = path.clone();
        let ticked = move || goal.with(|g| g.as_ref().is_some_and(|g| g.ticked(c)));
        view! {
            <label class="check smart-check">
                <input type="checkbox" prop:checked=ticked on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    let path = path.clone();
                    edits.run(move |b, id| b.set_smart(id, &borrowed(&path), c, on));
                }/>
                {move || pick(i18n, c.name())}
            </label>
        }
    });
    view! {
        <fieldset class="smart">
            <legend>{t!(i18n, smart_legend)}</legend>
            <div class="smart-boxes">{boxes}</div>
            {move || {
                let gaps = gaps();
                if gaps.is_empty() {
                    view! { <p class="smart-ok">{t!(i18n, smart_complete)}</p> }.into_any()
                } else {
                    let text = gaps.iter().map(|g| gap_text(i18n, g)).collect::<Vec<_>>().join(" · ");
                    view! { <p class="smart-gaps">{t_string!(i18n, smart_missing, list = text)}</p> }.into_any()
                }
            }}
        </fieldset>
    }
}

/// One Leitziel with its Jahresziele and Indikatoren.
#[component]
fn Leitziel(sheet: SheetMemo, goal: Item, number: usize) -> impl IntoView {
    let i18n = use_i18n();
    let path: Path = vec![(list::GOALS.into(), goal.id.clone())];
    let nested = {
        let path = path.clone();
        move |name: &'static str| {
            let path = path.clone();
            Memo::new(move |_| {
                sheet.with(|s| {
                    s.as_ref()
                        .and_then(|s| find(s, &path))
                        .map(|g| g.list(name).to_vec())
                        .unwrap_or_default()
                })
            })
        }
    };
    let annual = nested(list::ANNUAL);
    let indicators = nested(list::INDICATORS);
    let annual_path = path.clone();
    let indicator_path = path.clone();
    view! {
        <fieldset class="goal">
            <legend>{move || t_string!(i18n, leitziel_n, n = number)}</legend>
            <ItemText sheet path=path.clone() field="text" label=text_signal(i18n, |s| s.leitziel)/>
            <DateInput sheet path=path.clone() field="year" default=Precision::Year label=text_signal(i18n, |s| s.target_year)/>
            <Smart sheet path=path.clone() leitziel=true/>
            <h5>{t!(i18n, annual_goals)}</h5>
            <ol class="sheet-rows">
                <For each=move || annual.get() key=|a| a.id.clone() children=move |a| {
                    let mut p = annual_path.clone();
                    p.push((list::ANNUAL.into(), a.id.clone()));
                    view! {
                        <li class="annual">
                            <ItemText sheet path=p.clone() field="text" label=text_signal(i18n, |s| s.annual_goal)/>
                            <DateInput sheet path=p.clone() field="due" default=Precision::Month label=text_signal(i18n, |s| s.due_date)/>
                            <Smart sheet path=p.clone() leitziel=false/>
                            <RemoveItem sheet path=p label=t_string!(i18n, remove_annual)/>
                        </li>
                    }
                }/>
            </ol>
            <AddItem sheet parent=path.clone() list=list::ANNUAL texts=&["text"] label=text_signal(i18n, |s| s.add_annual)/>
            <h5>{t!(i18n, indicators)}</h5>
            <ol class="sheet-rows">
                <For each=move || indicators.get() key=|a| a.id.clone() children=move |a| {
                    let mut p = indicator_path.clone();
                    p.push((list::INDICATORS.into(), a.id.clone()));
                    view! {
                        <li class="sheet-row">
                            <ItemText sheet path=p.clone() field="text" single_line=true label=text_signal(i18n, |s| s.indicator)/>
                            <RemoveItem sheet path=p label=t_string!(i18n, remove_row)/>
                        </li>
                    }
                }/>
            </ol>
            <AddItem sheet parent=path.clone() list=list::INDICATORS texts=&["text"] label=text_signal(i18n, |s| s.add_indicator)/>
            <RemoveItem sheet path label=t_string!(i18n, remove_leitziel)/>
        </fieldset>
    }
}

/// The goals worksheet.
#[component]
pub fn GoalsSheet(sheet: SheetMemo) -> impl IntoView {
    let i18n = use_i18n();
    let goals = items(sheet, list::GOALS);
    let numbered = move || {
        goals
            .get()
            .into_iter()
            .enumerate()
            .collect::<Vec<(usize, Item)>>()
    };
    let has_room = move || goals.with(|g| g.len() < MAX_LEITZIELE);
    view! {
        <p class="muted">{t!(i18n, goals_help)}</p>
        <For each=numbered key=|(i, g)| (*i, g.id.clone()) children=move |(i, g)| {
            view! { <Leitziel sheet goal=g number=i + 1/> }
        }/>
        <Show when=has_room fallback=move || view! { <p class="muted">{t!(i18n, goals_full)}</p> }>
            <AddItem sheet parent=vec![] list=list::GOALS texts=&["text"] label=text_signal(i18n, |s| s.add_leitziel)/>
        </Show>
    }
}
