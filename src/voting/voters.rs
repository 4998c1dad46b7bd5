//! The facilitator's list of who voted in a round: every ballot by name (named rounds) or
//! by a short tag (anonymous ones), with its dots and status, and a button to exclude it
//! from the tally or count it again. The list and the exclusion are `board`'s
//! (`Tally::voters`, `Board::set_ballot_excluded`); this only renders and calls them.

use board::{VoterRow, VoterStatus};
use leptos::prelude::*;

use super::messages::points_text;
use super::VotingCtx;
use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::wall::messages::board_error_text;
use crate::wall::WallUi;

/// "1 vote" / "n votes".
fn votes_text(i18n: I18n, count: usize) -> String {
    t_count!(i18n, votes, count)
}

/// "1 person with a name" / "n people with a name".
fn named_people_text(i18n: I18n, count: usize) -> String {
    t_count!(i18n, named_people, count)
}

/// A ballot's status in words.
fn status_text(i18n: I18n, status: VoterStatus) -> &'static str {
    match status {
        VoterStatus::Counted => t_string!(i18n, voter_counted),
        VoterStatus::Invalid => t_string!(i18n, voter_invalid),
        VoterStatus::Unsubmitted => t_string!(i18n, voter_unsubmitted),
        VoterStatus::Excluded => t_string!(i18n, voter_excluded),
    }
}

/// How a ballot is called in the list: the nickname, else a tag of the voter.
fn voter_label(i18n: I18n, row: &VoterRow, anonymous: bool) -> String {
    match &row.name {
        _ if anonymous => t_string!(i18n, anonymous_ballot, tag = row.tag()),
        Some(name) => name.clone(),
        None => t_string!(i18n, unnamed_voter, tag = row.tag()),
    }
}

/// The list of voters, for the facilitator (inside the results view).
#[component]
pub fn VoterList() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let v = expect_context::<VotingCtx>();
    let ui = expect_context::<WallUi>();
    let named_people = Memo::new(move |_| ctx.track(|b| b.participants().len()));
    let set = move |round: String, voter: String, exclude: bool| {
        if let Err(e) = ctx.try_edit(move |b| b.set_ballot_excluded(&round, &voter, exclude)) {
            ui.complain(board_error_text(i18n, &e));
        }
    };
    view! {
        {move || v.tally.get().map(|t| {
            let anonymous = t.round.settings.anonymous;
            let round = t.round.id.clone();
            let mut summary = votes_text(i18n, t.voters.len());
            if t.excluded > 0 {
                summary.push_str(&format!(" · {}", t_string!(i18n, excluded_count, count = t.excluded)));
            }
            if anonymous {
                summary.push_str(&format!(" · {}", named_people_text(i18n, named_people.get())));
            }
            let rows: Vec<_> = t.voters.iter().map(|row| {
                let label = voter_label(i18n, row, anonymous);
                let excluded = row.status == VoterStatus::Excluded;
                let (round, voter) = (round.clone(), row.voter.clone());
                let (button, aria) = if excluded {
                    (t_string!(i18n, include_voter), t_string!(i18n, include_voter_label, name = label.clone()))
                } else {
                    (t_string!(i18n, exclude_voter), t_string!(i18n, exclude_voter_label, name = label.clone()))
                };
                view! {
                    <li class="voter-row" class:voter-row--excluded=excluded>
                        <span class="voter-name">{label}</span>
                        <span class="voter-meta">{format!("{} · {}", points_text(i18n, row.dots), status_text(i18n, row.status))}</span>
                        <button type="button" class="button small" aria-label=aria
                            on:click=move |_| set(round.clone(), voter.clone(), !excluded)>
                            {button}
                        </button>
                    </li>
                }
            }).collect();
            view! {
                <section class="results-voters" aria-labelledby="voters-heading">
                    <h3 id="voters-heading">{t!(i18n, voters_heading)}</h3>
                    <p class="voters-summary">{summary}</p>
                    {anonymous.then(|| view! { <p class="voters-note">{t!(i18n, voters_anonymous_note)}</p> })}
                    <ul class="voter-list" aria-labelledby="voters-heading">{rows}</ul>
                </section>
            }
        })}
    }
}
