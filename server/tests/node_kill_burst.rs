//! A node killed with SIGKILL in the middle of a vote: two `kartenwand-server` processes on
//! one PostgreSQL and one Redis, 200 participants spread over both, each with its own key
//! and ballot. The second wave of ballots is on its way when node B is killed. B's
//! participants then connect to node A with the documents they have (as the app does after
//! a dropped connection) and their ballots go up in the handshake. Every ballot that was
//! acknowledged (`Stored`) before the kill is in the tally, and after the resume all 200 are.

#![cfg(all(feature = "postgres", feature = "redis"))]

mod common;
#[path = "support/node.rs"]
mod node;

use std::collections::BTreeMap;

use board::{Dots, ParticipantKey, RoundSettings, RoundState};
use common::{create_board, postgres, redis, Member};
use futures_util::future::join_all;
use node::start_node_args;

const VOTERS: usize = 200;

fn key(n: usize) -> ParticipantKey {
    ParticipantKey::from_secret(&format!("burstvoter{n:0>20}")).expect("valid secret")
}

/// Voter `n`'s ballot over `fields`: one dot on each of three fields, which three depends
/// on `n`, so that the tally tells ballots apart.
fn ballot(n: usize, fields: &[String]) -> Dots {
    (0..3)
        .map(|i| {
            (
                fields[(n + i) % fields.len()].clone(),
                1 + ((n + i) % 2) as u32,
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_ballot_survives_a_node_killed_during_the_vote() {
    let pg = tokio::task::spawn_blocking(postgres::Postgres::start);
    let rd = tokio::task::spawn_blocking(redis::Redis::start);
    let (pg, rd) = (pg.await.expect("PostgreSQL"), rd.await.expect("Redis"));
    let url = pg.new_database();
    let dir = tempfile::tempdir().expect("a temporary directory");
    // Many voters come from one address here: no cap on new keys per hour.
    let extra = ["--new-keys-per-hour", "100000"];
    let (mut node_a, addr_a) =
        start_node_args(&dir.path().join("a"), &url, Some(&rd.url()), None, &extra).await;
    let secret = dir.path().join("a").join("secret.key");
    let (mut node_b, addr_b) = start_node_args(
        &dir.path().join("b"),
        &url,
        Some(&rd.url()),
        Some(&secret),
        &extra,
    )
    .await;

    let board = create_board(addr_a, "Abstimmung").await;
    let (on_a, on_b) = (board.on(addr_a), board.on(addr_b));
    let mut facilitator = Member::join(&on_a, &board.facilitator, None).await;
    let (round, fields) = facilitator
        .act(|w| {
            let fields: Vec<String> = ["Bildung", "Sprache", "Arbeit", "Wohnen", "Vereine"]
                .iter()
                .enumerate()
                .map(|(i, t)| w.add_cluster(t, 320.0 * i as f64, 0.0).unwrap())
                .collect();
            let round = w
                .add_round(&RoundSettings::seed("Handlungsfelder"))
                .unwrap();
            w.set_round_state(&round, RoundState::Open).unwrap();
            (round, fields)
        })
        .await;
    facilitator.client.wait_stored().await;

    // Even voters on node A, odd ones on node B.
    let mut voters = Vec::new();
    for n in 0..VOTERS {
        let at = if n % 2 == 0 { &on_a } else { &on_b };
        voters.push(Member::join(at, &board.participant, Some(key(n))).await);
    }

    // First wave: half of the voters send their ballots; all are acknowledged.
    let mut second = voters.split_off(VOTERS / 2);
    for (n, voter) in voters.iter_mut().enumerate() {
        let dots = ballot(n, &fields);
        voter.act(|w| w.submit_ballot(&round, &dots).unwrap()).await;
    }
    let acks = join_all(voters.iter_mut().map(|v| v.client.stored_or_ended())).await;
    assert!(acks.iter().all(|a| *a), "the first wave is acknowledged");
    // Second wave: node A's voters send, then node B's, and node B is killed at once, with
    // its ballots in flight (read, applied, being stored or acknowledged).
    let first = VOTERS / 2;
    let mut order: Vec<usize> = (0..second.len()).collect();
    order.sort_by_key(|i| (first + i) % 2);
    for i in order {
        let dots = ballot(first + i, &fields);
        second[i]
            .act(|w| w.submit_ballot(&round, &dots).unwrap())
            .await;
    }
    node_b.start_kill().expect("SIGKILL node B");
    let acks2 = join_all(second.iter_mut().map(|v| v.client.stored_or_ended())).await;
    node_b.wait().await.expect("node B is gone");
    let done: Vec<(usize, Member, bool)> = voters
        .into_iter()
        .chain(second)
        .zip(acks.into_iter().chain(acks2))
        .enumerate()
        .map(|(n, (voter, acked))| (n, voter, acked))
        .collect();
    let acked: Vec<usize> = done
        .iter()
        .filter(|(_, _, a)| *a)
        .map(|(n, _, _)| *n)
        .collect();
    let unacked = VOTERS - acked.len();
    assert!(
        unacked > 0,
        "the kill came during the burst: some ballots were not acknowledged"
    );

    // What was acknowledged before the kill is there, before anyone resumes.
    let tally = |m: &Member| -> BTreeMap<String, Dots> {
        m.wall
            .ballots(&round)
            .into_iter()
            .filter(|b| b.submitted)
            .filter_map(|b| Some((b.voter.to_string(), b.dots.ok()?)))
            .collect()
    };
    let before = Member::join(&on_a, &board.viewer, None).await;
    let stored = tally(&before);
    for &n in &acked {
        let voter = key(n).id();
        assert_eq!(
            stored.get(&voter),
            Some(&ballot(n, &fields)),
            "voter {n}'s acknowledged ballot"
        );
    }

    // B's voters resume on node A with their documents; every ballot is then stored.
    for (n, voter, acked) in done {
        if voter.client.ended.is_some() {
            let mut voter = voter.rejoin(&on_a, &board.participant, Some(&key(n))).await;
            voter.client.wait_stored().await;
            assert!(
                n % 2 == 1 || !acked,
                "only node B's voters lost their connection"
            );
        }
    }
    let after = Member::join(&on_a, &board.viewer, None).await;
    let all = tally(&after);
    assert_eq!(all.len(), VOTERS, "every ballot after the resume");
    for n in 0..VOTERS {
        assert_eq!(
            all.get(&key(n).id()),
            Some(&ballot(n, &fields)),
            "voter {n}"
        );
    }
    node_a.kill().await.expect("SIGKILL node A");
}
