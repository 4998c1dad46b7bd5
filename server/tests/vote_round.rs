//! The seed workshop's vote, simulated through the server: a facilitator sets up the fields
//! and a round with the seed's rules, one participant per ballot (the seed's 207 dots need
//! 42 to 46 ballots) votes over its own websocket with its own key, and a fresh client's
//! tally gives exactly the seed's points. One more participant writes an over-budget
//! ballot by hand: the server accepts it (it is that participant's own), the tally shows it
//! as invalid and does not count it.

mod common;

use std::collections::BTreeMap;

use board::seed::{ballots_reaching, SEED_POINTS};
use board::{Breach, ParticipantKey, RoundSettings, RoundState, Rules};
use common::{Member, TestServer};
use yrs::{Any, Map, MapPrelim, Transact};

fn key(n: usize) -> ParticipantKey {
    ParticipantKey::from_secret(&format!("seedvoter{n:0>20}")).expect("valid secret")
}

#[tokio::test]
async fn the_seed_vote_through_the_server_tallies_exactly() {
    let server = TestServer::start().await;
    let board = server.create_board().await;

    // The facilitator: the seed's fields, then the round, opened.
    let mut facilitator = Member::join(&board, &board.facilitator, None).await;
    let (round, field_of) = facilitator
        .act(|w| {
            let mut field_of = BTreeMap::new();
            for (i, (title, _)) in SEED_POINTS.iter().enumerate() {
                let (x, y) = ((i % 5) as f64 * 320.0, (i / 5) as f64 * 400.0);
                field_of.insert(*title, w.add_cluster(title, x, y).unwrap());
            }
            let round = w
                .add_round(&RoundSettings::seed(
                    "Welche Handlungsfelder sind am wichtigsten?",
                ))
                .unwrap();
            w.set_round_state(&round, RoundState::Open).unwrap();
            (round, field_of)
        })
        .await;
    facilitator.client.wait_stored().await;

    let points: Vec<(String, u32)> = SEED_POINTS
        .iter()
        .map(|(title, p)| (field_of[title].clone(), *p))
        .collect();
    let ballots = ballots_reaching(&points, Rules::SEED, points.len()).expect("a split");
    let voters = ballots.len();
    assert!((42..=46).contains(&voters), "{voters} ballots");

    // Every participant on its own socket, with its own key; all connected before voting.
    let mut participants = Vec::with_capacity(voters + 1);
    for n in 0..=voters {
        participants.push(Member::join(&board, &board.participant, Some(key(n))).await);
    }
    let (rule_breaker, voting) = participants.split_last_mut().expect("participants");
    // Everyone submits at once; only then does anyone wait for the server.
    for (n, (p, dots)) in voting.iter_mut().zip(&ballots).enumerate() {
        p.act(|w| {
            w.set_participant(&format!("Teilnehmerin {n}"), "#30bced")
                .unwrap();
            w.submit_ballot(&round, dots).unwrap();
        })
        .await;
    }
    // Six dots where five are allowed, written past the board's checks: the server only
    // sees that it is the participant's own ballot.
    let ballot_key = board::ballot_key(&round, &key(voters).id());
    let fields: Vec<String> = points.iter().take(3).map(|(id, _)| id.clone()).collect();
    rule_breaker
        .act(|w| w.set_participant("Regelbrecherin", "#d9668f").unwrap())
        .await;
    let ballots_map = rule_breaker.wall.doc().get_or_insert_map("ballots");
    rule_breaker
        .client
        .edit(|txn| {
            let ballot = ballots_map.insert(
                txn,
                ballot_key,
                MapPrelim::from([("submitted", Any::from(true)), ("updated", Any::from(1.0))]),
            );
            let dots: MapPrelim = fields.iter().map(|f| (f.clone(), Any::from(2.0))).collect();
            ballot.insert(txn, "dots", dots);
        })
        .await;
    // Every ballot acknowledged as stored (type 100), and nobody was refused.
    for p in participants.iter_mut() {
        p.client.wait_stored().await;
        assert_eq!(p.client.ended, None);
    }

    facilitator
        .client
        .wait_until("every ballot", |c| {
            let ballots = c.doc.get_or_insert_map("ballots");
            let txn = c.doc.transact();
            ballots.len(&txn) as usize == voters + 1
        })
        .await;
    facilitator
        .act(|w| {
            w.set_round_state(&round, RoundState::Closed).unwrap();
            w.set_round_state(&round, RoundState::Revealed).unwrap();
        })
        .await;
    facilitator.client.wait_stored().await;

    // A fresh client loads the board and tallies it.
    let projector = Member::join(&board, &board.viewer, None).await;
    let view = projector.wall.round(&round).expect("the round");
    assert_eq!(view.state, RoundState::Revealed);
    let tally = projector.wall.tally(&round).expect("a tally");
    let got: BTreeMap<String, u32> = tally
        .items
        .iter()
        .map(|i| (i.title.clone(), i.points))
        .collect();
    let want: BTreeMap<String, u32> = SEED_POINTS
        .iter()
        .map(|(t, p)| (t.to_string(), *p))
        .collect();
    assert_eq!(got, want);
    assert_eq!(tally.total(), 207);
    assert_eq!(tally.items[0].title, "Bildung");
    assert_eq!(tally.items[0].points, 42);
    assert_eq!(tally.counted as usize, voters);
    assert_eq!(tally.unsubmitted, 0);
    assert_eq!(tally.invalid.len(), 1, "{:?}", tally.invalid);
    assert_eq!(
        tally.invalid[0].breach,
        Breach::OverBudget { dots: 5, used: 6 }
    );
    assert_eq!(tally.invalid[0].voter.as_deref(), Some("Regelbrecherin"));
    server.shutdown().await;
}
