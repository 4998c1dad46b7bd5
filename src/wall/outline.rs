//! The list view: every cluster with all its cards, then the free cards, as nested lists, and
//! the facts tables as tables. Complete (never virtualised), for screen readers and for
//! reading on a phone. While the wall's search bar holds a text, only the matches show:
//! matching cards, fields whose heading matches with all their cards, and tables whose title
//! or a cell matches.

use board::search::Query;
use leptos::prelude::*;

use super::facts::{BoardTables, FactsGrid};
use super::state::WallUi;
use crate::i18n::*;

/// The whole board as lists.
#[component]
pub fn Outline() -> impl IntoView {
    let i18n = use_i18n();
    let ui = expect_context::<WallUi>();
    let query = expect_context::<super::search::WallQuery>().0;
    // The cards of a list that show: all of them, or while searching only the matches.
    let shown = move |cards: Vec<board::CardView>| {
        query.with(|q| {
            if q.is_empty() {
                cards
            } else {
                cards.into_iter().filter(|c| q.matches(&c.text)).collect()
            }
        })
    };
    let item = move |card: board::CardView| {
        let id = card.id.clone();
        let selected = {
            let id = id.clone();
            move || ui.selected.get().as_deref() == Some(id.as_str())
        };
        view! {
            <li class=format!("outline-card card--{}", card.color.as_str())>
                <button type="button" class="outline-card-button" dir="auto" data-outline-card=id.clone() aria-pressed=move || selected().to_string()
                    on:click=move |_| ui.selected.set(Some(id.clone()))>
                    {card.text}
                </button>
            </li>
        }
    };
    let inbox_cards = move || {
        shown(
            ui.snapshot
                .with(|s| s.incoming_cards().cloned().collect::<Vec<_>>()),
        )
    };
    let free_cards = move || {
        shown(ui.snapshot.with(|s| {
            s.free_cards()
                .filter(|c| !c.incoming)
                .cloned()
                .collect::<Vec<_>>()
        }))
    };
    let all_tables = expect_context::<BoardTables>().0;
    let tables = move || {
        let all = all_tables.get();
        query.with(|q| {
            if q.is_empty() {
                return all;
            }
            let hit = |t: &board::FactsTable| {
                q.matches(&t.title)
                    || t.columns
                        .iter()
                        .chain(t.rows.iter().flatten())
                        .any(|c| q.matches(c))
            };
            all.into_iter().filter(hit).collect()
        })
    };
    let table = move |t: board::FactsTable| {
        let label = t_string!(i18n, facts_table_label, title = t.title.clone()).to_string();
        view! {
            <section class="outline-cluster outline-facts" aria-label=label>
                <h3 dir="auto">{t.title}</h3>
                <FactsGrid columns=t.columns rows=t.rows/>
            </section>
        }
    };
    view! {
        <div class="outline">
            <h2 class="visually-hidden">{t!(i18n, list_heading)}</h2>
            <For
                each=move || {
                    let clusters = ui.snapshot.get().clusters;
                    query.with(|q| {
                        if q.is_empty() {
                            return clusters;
                        }
                        ui.snapshot.with(|s| {
                            clusters.into_iter().filter(|c| {
                                q.matches(&c.title) || s.members.get(&c.id).into_iter().flatten().filter_map(|m| s.cards.get(m)).any(|card| q.matches(&card.text))
                            }).collect()
                        })
                    })
                }
                key=|c| (c.id.clone(), c.title.clone())
                children=move |cluster| {
                    let id = cluster.id.clone();
                    let field_id = id.clone();
                    let title_matches = cluster.title.clone();
                    let cards = Memo::new(move |_| {
                        let all = ui.snapshot.with(|s| {
                            s.members.get(&id).into_iter().flatten().filter_map(|c| s.cards.get(c).cloned()).collect::<Vec<_>>()
                        });
                        if query.with(|q| q.matches(&title_matches)) { all } else { shown(all) }
                    });
                    let (title, label, list_label) = (cluster.title.clone(), cluster.title.clone(), cluster.title.clone());
                    view! {
                        <section class="outline-cluster" aria-label=label data-outline-field=field_id>
                            <h3 dir="auto">{title}</h3>
                            <ul aria-label=list_label>
                                <For each=move || cards.get() key=|c| (c.id.clone(), c.text.clone(), c.color) children=item/>
                            </ul>
                        </section>
                    }
                }
            />
            <Show when=move || ui.snapshot.with(|s| !s.incoming.is_empty()) && !inbox_cards().is_empty()>
                <section class="outline-cluster" aria-label=t!(i18n, inbox)>
                    <h3>{t!(i18n, inbox)}</h3>
                    <ul aria-label=t!(i18n, inbox)>
                        <For each=inbox_cards key=|c| (c.id.clone(), c.text.clone(), c.color) children=item/>
                    </ul>
                </section>
            </Show>
            <Show when=move || query.with(Query::is_empty) || !free_cards().is_empty()>
            <section class="outline-cluster" aria-label=t!(i18n, free_cards)>
                <h3>{t!(i18n, free_cards)}</h3>
                <ul aria-label=t!(i18n, free_cards)>
                    <For each=free_cards key=|c| (c.id.clone(), c.text.clone(), c.color) children=item/>
                </ul>
            </section>
            </Show>
            <For each=tables key=|t| format!("{t:?}") children=table/>
        </div>
    }
}
