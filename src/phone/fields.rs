//! The wall as a phone reads it: each field with its cards, the incoming area and the free
//! cards, as lists at reading size; a tap on a field opens it.

use leptos::prelude::*;

use crate::i18n::*;
use crate::wall::WallUi;

/// One group of cards as the list shows it.
#[derive(Clone, Debug, PartialEq)]
struct Group {
    key: String,
    title: String,
    cards: Vec<board::CardView>,
}

/// The fields as lists.
#[component]
pub fn FieldList() -> impl IntoView {
    let i18n = use_i18n();
    let ui = expect_context::<WallUi>();
    let groups = Memo::new(move |_| {
        ui.snapshot.with(|s| {
            let cards = |ids: &[String]| {
                ids.iter()
                    .filter_map(|id| s.cards.get(id).cloned())
                    .collect::<Vec<_>>()
            };
            let mut out: Vec<Group> = s
                .clusters
                .iter()
                .map(|c| Group {
                    key: c.id.clone(),
                    title: c.title.clone(),
                    cards: cards(s.members.get(&c.id).map_or(&[][..], Vec::as_slice)),
                })
                .collect();
            let waiting = s.incoming_cards().cloned().collect::<Vec<_>>();
            if !waiting.is_empty() {
                out.push(Group {
                    key: "incoming".into(),
                    title: t_string!(i18n, inbox).to_string(),
                    cards: waiting,
                });
            }
            let free = s
                .free_cards()
                .filter(|c| !c.incoming)
                .cloned()
                .collect::<Vec<_>>();
            if !free.is_empty() {
                out.push(Group {
                    key: "free".into(),
                    title: t_string!(i18n, free_cards).to_string(),
                    cards: free,
                });
            }
            out
        })
    });
    let me = Memo::new(move |_| ui.snapshot.with(|s| s.me.clone()));
    let group = move |g: Group| {
        let n = g.cards.len();
        let count = move || t_count!(i18n, cluster_count, n as u64);
        let title = g.title.clone();
        view! {
            <li>
                <details class="phone-field">
                    <summary>
                        <span class="phone-field-title" dir="auto">{g.title}</span>
                        <span class="phone-field-count">{count}</span>
                    </summary>
                    <ul class="phone-field-cards" aria-label=title>
                        {g.cards.into_iter().map(|c| {
                            let yours = me.with_untracked(|me| board::owns(&c.author, me));
                            view! {
                                <li class=format!("phone-card card--{}", c.color.as_str())>
                                    <span dir="auto">{c.text}</span>
                                    {yours.then(|| view! { <span class="phone-card-yours">{t!(i18n, card_yours)}</span> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </details>
            </li>
        }
    };
    view! {
        <section class="phone-section" aria-labelledby="phone-wall-heading">
            <h2 id="phone-wall-heading">{t!(i18n, the_wall)}</h2>
            <Show when=move || groups.with(Vec::is_empty)>
                <p class="muted">{t!(i18n, the_wall_empty)}</p>
            </Show>
            <ul class="phone-fields" aria-label=t!(i18n, the_wall)>
                <For each=move || groups.get() key=|g| format!("{g:?}") children=group/>
            </ul>
        </section>
    }
}
