//! The list view: every cluster with all its cards, then the free cards, as nested lists.
//! Complete (never virtualised), for screen readers and for reading on a phone.

use leptos::prelude::*;

use super::state::WallUi;
use crate::i18n::*;

/// The whole board as lists.
#[component]
pub fn Outline() -> impl IntoView {
    let i18n = use_i18n();
    let ui = expect_context::<WallUi>();
    let item = move |card: board::CardView| {
        let id = card.id.clone();
        let selected = {
            let id = id.clone();
            move || ui.selected.get().as_deref() == Some(id.as_str())
        };
        view! {
            <li class=format!("outline-card card--{}", card.color.as_str())>
                <button type="button" class="outline-card-button" dir="auto" aria-pressed=move || selected().to_string()
                    on:click=move |_| ui.selected.set(Some(id.clone()))>
                    {card.text}
                </button>
            </li>
        }
    };
    view! {
        <div class="outline">
            <h2 class="visually-hidden">{t!(i18n, list_heading)}</h2>
            <For
                each=move || ui.snapshot.get().clusters
                key=|c| (c.id.clone(), c.title.clone())
                children=move |cluster| {
                    let id = cluster.id.clone();
                    let cards = Memo::new(move |_| ui.snapshot.with(|s| {
                        s.members.get(&id).into_iter().flatten().filter_map(|c| s.cards.get(c).cloned()).collect::<Vec<_>>()
                    }));
                    let (title, label, list_label) = (cluster.title.clone(), cluster.title.clone(), cluster.title.clone());
                    view! {
                        <section class="outline-cluster" aria-label=label>
                            <h3 dir="auto">{title}</h3>
                            <ul aria-label=list_label>
                                <For each=move || cards.get() key=|c| (c.id.clone(), c.text.clone(), c.color) children=item/>
                            </ul>
                        </section>
                    }
                }
            />
            <Show when=move || ui.snapshot.with(|s| !s.incoming.is_empty())>
                <section class="outline-cluster" aria-label=t!(i18n, inbox)>
                    <h3>{t!(i18n, inbox)}</h3>
                    <ul aria-label=t!(i18n, inbox)>
                        <For each=move || ui.snapshot.with(|s| s.incoming_cards().cloned().collect::<Vec<_>>()) key=|c| (c.id.clone(), c.text.clone(), c.color) children=item/>
                    </ul>
                </section>
            </Show>
            <section class="outline-cluster" aria-label=t!(i18n, free_cards)>
                <h3>{t!(i18n, free_cards)}</h3>
                <ul aria-label=t!(i18n, free_cards)>
                    <For each=move || ui.snapshot.with(|s| s.free_cards().filter(|c| !c.incoming).cloned().collect::<Vec<_>>()) key=|c| (c.id.clone(), c.text.clone(), c.color) children=item/>
                </ul>
            </section>
        </div>
    }
}
