//! Dot voting across replicas: the seed's round, rule edge cases, ballots edited offline,
//! merged fields, and properties of the tally.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use board::seed::{ballots_reaching, SEED_POINTS};
use board::{
    Board, BoardEnv, Breach, Dots, ParticipantKey, RoundSettings, RoundState, Rules, Target,
    VoterStatus,
};
use proptest::prelude::*;
use yrs::{Any, Map, MapPrelim, Transact};

fn env() -> BoardEnv {
    let t = Arc::new(AtomicU64::new(1_700_000_000_000));
    BoardEnv::new(Arc::new(move || t.fetch_add(1, Ordering::Relaxed)))
}

fn key(n: usize) -> ParticipantKey {
    ParticipantKey::from_secret(&format!("participant{n:0>16}")).unwrap()
}

/// A board with the seed's fields and an open seed-rules round.
fn seed_board() -> (Board, Vec<String>, String) {
    let mut b = facilitator(Board::new("Integrationsworkshop", env()));
    let fields = SEED_POINTS
        .iter()
        .enumerate()
        .map(|(i, (t, _))| b.add_cluster(t, i as f64 * 300.0, 0.0).unwrap())
        .collect();
    let round = b.add_round(&RoundSettings::seed("Priorisierung")).unwrap();
    b.set_round_state(&round, RoundState::Open).unwrap();
    (b, fields, round)
}

fn vote(b: &mut Board, who: usize, round: &str, dots: &Dots) {
    b.set_identity(key(who));
    b.submit_ballot(round, dots).unwrap();
}

fn sync(a: &mut Board, b: &mut Board) {
    let (sa, sb) = (a.snapshot(), b.snapshot());
    a.apply_update_v2(&sb).unwrap();
    b.apply_update_v2(&sa).unwrap();
}

#[test]
fn the_seed_round_gives_the_seed_ranking() {
    let (mut b, fields, round) = seed_board();
    let points: Vec<(String, u32)> = fields
        .iter()
        .zip(SEED_POINTS)
        .map(|(id, (_, p))| (id.clone(), p))
        .collect();
    let ballots = ballots_reaching(&points, Rules::SEED, fields.len()).unwrap();
    for (i, dots) in ballots.iter().enumerate() {
        vote(&mut b, i, &round, dots);
    }
    b.set_round_state(&round, RoundState::Closed).unwrap();
    b.set_round_state(&round, RoundState::Revealed).unwrap();
    let tally = b.tally(&round).unwrap();
    assert_eq!(tally.counted as usize, ballots.len());
    assert!(tally.invalid.is_empty());
    assert_eq!(tally.total(), 207);
    let ranking: Vec<(&str, u32, u32)> = tally
        .items
        .iter()
        .map(|i| (i.title.as_str(), i.points, i.rank))
        .collect();
    assert_eq!(
        &ranking[..3],
        &[
            ("Bildung", 42, 1),
            ("Frühkindliche Bildung", 34, 2),
            ("Sprache", 32, 3)
        ]
    );
    assert_eq!(ranking[3].2, 4);
    assert_eq!(ranking[4].2, 4, "equal points share a rank (24 and 24)");
    assert_eq!(ranking[9], ("Segregation entgegenwirken", 0, 10));
    let csv = tally.to_csv(board::Language::De);
    assert!(
        csv.starts_with("Rang,Feld,Punkte,Stimmen,zusammengelegt aus,Namen\r\n"),
        "{csv}"
    );
    assert!(csv.contains("\r\n1,Bildung,42,"), "{csv}");
}

#[test]
fn invalid_ballots_are_reported_and_not_counted() {
    let (mut b, f, round) = seed_board();
    b.set_identity(key(1));
    b.set_participant("Anna", "#f00").unwrap();
    vote(
        &mut b,
        1,
        &round,
        &[(f[0].clone(), 2), (f[1].clone(), 2), (f[2].clone(), 1)].into(),
    );
    // Foreign writes: over budget, too many on one field, too few fields, a fractional count.
    let bad: [&[(usize, f64)]; 4] = [
        &[(0, 2.0), (1, 2.0), (2, 2.0)],
        &[(0, 3.0), (1, 1.0), (2, 1.0)],
        &[(0, 2.0), (1, 2.0)],
        &[(0, 1.5), (1, 1.0), (2, 1.0)],
    ];
    {
        let doc = b.doc();
        let ballots = doc.get_or_insert_map(board::schema::BALLOTS);
        let mut txn = doc.transact_mut();
        for (i, dots) in bad.iter().enumerate() {
            let entries: Vec<(String, Any)> = dots
                .iter()
                .map(|(k, n)| (f[*k].clone(), Any::from(*n)))
                .collect();
            let ballot = ballots.insert(
                &mut txn,
                format!("{round}/voter{i}"),
                MapPrelim::from([("submitted", Any::from(true))]),
            );
            ballot.insert(&mut txn, "dots", entries.into_iter().collect::<MapPrelim>());
        }
        // Saved but never submitted: not counted, but reported.
        ballots.insert(
            &mut txn,
            format!("{round}/drafter"),
            MapPrelim::from([("submitted", Any::from(false))]),
        );
    }
    let t = b.tally(&round).unwrap();
    assert_eq!(t.counted, 1);
    assert_eq!(t.unsubmitted, 1);
    assert_eq!(t.total(), 5);
    let mut breaches: Vec<Breach> = t.invalid.iter().map(|i| i.breach.clone()).collect();
    breaches.sort_by_key(|b| format!("{b:?}"));
    assert_eq!(
        breaches,
        vec![
            Breach::BadCount,
            Breach::MaxPerItem { max: 2 },
            Breach::MinItems { min: 3, have: 2 },
            Breach::OverBudget { dots: 5, used: 6 },
        ]
    );
    assert!(t
        .invalid
        .iter()
        .all(|i| i.voter.as_deref().is_some_and(|v| v.starts_with("voter"))));
    let anna = &t.items.iter().find(|i| i.id == f[0]).unwrap().names;
    assert_eq!(anna, &vec![("Anna".to_string(), 2)]);
}

#[test]
fn a_ballot_edited_offline_on_two_devices_resolves_to_one_whole_ballot() {
    let (mut phone, f, round) = seed_board();
    let mut laptop = facilitator(Board::load(&phone.snapshot(), env()).unwrap());
    // Same participant on two devices (same key), both offline.
    vote(
        &mut phone,
        7,
        &round,
        &[(f[0].clone(), 2), (f[1].clone(), 2), (f[2].clone(), 1)].into(),
    );
    vote(
        &mut laptop,
        7,
        &round,
        &[(f[3].clone(), 2), (f[4].clone(), 2), (f[5].clone(), 1)].into(),
    );
    sync(&mut phone, &mut laptop);
    let (a, b) = (phone.tally(&round).unwrap(), laptop.tally(&round).unwrap());
    assert_eq!(a, b, "both replicas agree");
    assert_eq!(a.counted, 1, "one ballot, not two");
    assert!(a.invalid.is_empty(), "never a mix of both edits");
    assert_eq!(a.total(), 5);
}

#[test]
fn ballots_cast_offline_by_different_people_all_count_after_merging() {
    let (mut a, f, round) = seed_board();
    let mut b = facilitator(Board::load(&a.snapshot(), env()).unwrap());
    vote(
        &mut a,
        1,
        &round,
        &[(f[0].clone(), 2), (f[1].clone(), 2), (f[2].clone(), 1)].into(),
    );
    vote(
        &mut b,
        2,
        &round,
        &[(f[0].clone(), 1), (f[3].clone(), 1), (f[4].clone(), 1)].into(),
    );
    sync(&mut a, &mut b);
    let t = a.tally(&round).unwrap();
    assert_eq!(t.counted, 2);
    assert_eq!(t.items[0].points, 3);
    assert_eq!(t.items[0].voters, 2);
}

#[test]
fn merged_fields_add_up_and_show_their_sources() {
    let (mut b, f, round) = seed_board();
    vote(
        &mut b,
        1,
        &round,
        &[(f[0].clone(), 2), (f[2].clone(), 2), (f[3].clone(), 1)].into(),
    );
    vote(
        &mut b,
        2,
        &round,
        &[(f[0].clone(), 1), (f[2].clone(), 1), (f[4].clone(), 1)].into(),
    );
    b.set_round_state(&round, RoundState::Revealed).unwrap();
    let merged = b
        .merge_clusters(&[f[0].clone(), f[2].clone()], "Bildung / Sprache")
        .unwrap();
    let t = b.tally(&round).unwrap();
    let top = &t.items[0];
    assert_eq!(
        (top.title.as_str(), top.points, top.voters),
        ("Bildung / Sprache", 6, 2)
    );
    let sources: Vec<(&str, u32)> = top
        .sources
        .iter()
        .map(|s| (s.title.as_str(), s.points))
        .collect();
    assert_eq!(sources, vec![("Bildung", 3), ("Sprache", 3)]);
    assert!(
        t.items.iter().all(|i| i.id != f[0] && i.id != f[2]),
        "sources are not listed alone"
    );
    assert_eq!(t.total(), 8);
    assert!(t
        .to_csv(board::Language::En)
        .contains("Bildung / Sprache,6,2,Bildung (3) + Sprache (3)"));
    b.unmerge_cluster(&merged).unwrap();
    let t = b.tally(&round).unwrap();
    assert_eq!(t.items[0].title, "Bildung");
    assert_eq!(t.total(), 8);
}

/// The issue's case: the merge list said "Sprache + Bildung" while the ranking said
/// "Bildung (42) + Sprache (32)". Now every place names the fields in the wall's order.
#[test]
fn a_merge_is_named_the_same_way_wherever_it_appears() {
    let mut b = facilitator(Board::new("Integrationsworkshop", env()));
    // Sprache stands left of Bildung on the wall but gets fewer points.
    let sprache = b.add_cluster("Sprache", 0.0, 0.0).unwrap();
    let bildung = b.add_cluster("Bildung", 300.0, 0.0).unwrap();
    let arbeit = b.add_cluster("Arbeitsmarkt", 600.0, 0.0).unwrap();
    let round = b.add_round(&RoundSettings::seed("Priorisierung")).unwrap();
    b.set_round_state(&round, RoundState::Open).unwrap();
    vote(
        &mut b,
        1,
        &round,
        &[
            (bildung.clone(), 2),
            (sprache.clone(), 1),
            (arbeit.clone(), 2),
        ]
        .into(),
    );
    vote(
        &mut b,
        2,
        &round,
        &[
            (bildung.clone(), 2),
            (sprache.clone(), 2),
            (arbeit.clone(), 1),
        ]
        .into(),
    );
    b.set_round_state(&round, RoundState::Revealed).unwrap();
    let merged = b
        .merge_clusters(&[bildung.clone(), sprache.clone()], "Bildung / Sprache")
        .unwrap();
    let wall: Vec<String> = b
        .merge_sources(&merged)
        .iter()
        .map(|id| b.cluster(id).unwrap().title)
        .collect();
    assert_eq!(board::merge_name(&wall), "Sprache + Bildung");
    let t = b.tally(&round).unwrap();
    let with_points: Vec<(&str, u32)> = t.items[0]
        .sources
        .iter()
        .map(|s| (s.title.as_str(), s.points))
        .collect();
    assert_eq!(
        board::merge_name_with_points(&with_points),
        "Sprache (3) + Bildung (4)",
        "the wall's order, not the points'"
    );
    assert!(t
        .to_csv(board::Language::De)
        .contains("Sprache (3) + Bildung (4)"));
    for lang in [board::Language::De, board::Language::En] {
        let md = board::export::markdown(&b, lang, &board::export::ExportContext::new("", 60));
        for name in [
            "Sprache + Bildung → Bildung / Sprache",
            "| Sprache (3) + Bildung (4) |",
            "*aus Sprache + Bildung*",
        ] {
            let name = if lang == board::Language::En {
                name.replace("*aus", "*merged from")
            } else {
                name.to_owned()
            };
            assert!(md.contains(&name), "{name} is missing:\n{md}");
        }
        assert!(
            !md.contains("Bildung + Sprache") && !md.contains("Bildung (4) + Sprache"),
            "{md}"
        );
    }
}

#[test]
fn anonymous_rounds_name_nobody() {
    let mut b = facilitator(Board::new("x", env()));
    let f: Vec<String> = (0..3)
        .map(|i| b.add_cluster(&format!("F{i}"), 0.0, 0.0).unwrap())
        .collect();
    let mut s = RoundSettings::seed("anon");
    s.anonymous = true;
    let round = b.add_round(&s).unwrap();
    b.set_round_state(&round, RoundState::Open).unwrap();
    b.set_identity(key(3));
    b.set_participant("Berta", "#0f0").unwrap();
    b.submit_ballot(
        &round,
        &[(f[0].clone(), 2), (f[1].clone(), 2), (f[2].clone(), 1)].into(),
    )
    .unwrap();
    let t = b.tally(&round).unwrap();
    assert!(t.items.iter().all(|i| i.names.is_empty()));
    let csv = t.to_csv(board::Language::En);
    assert!(
        !csv.contains("Berta") && !csv.contains(&key(3).id()),
        "{csv}"
    );
    assert!(csv.starts_with("rank,item,points,voters,merged from\r\n"));
}

#[test]
fn card_rounds_count_cards_and_forget_deleted_ones() {
    let mut b = facilitator(Board::new("x", env()));
    let c: Vec<String> = (0..3)
        .map(|i| {
            b.add_card(board::NewCard::new(format!("Karte {i}"), 0.0, 0.0))
                .unwrap()
        })
        .collect();
    let mut s = RoundSettings::seed("Karten");
    s.target = Target::Cards;
    let round = b.add_round(&s).unwrap();
    b.set_round_state(&round, RoundState::Open).unwrap();
    vote(
        &mut b,
        1,
        &round,
        &[(c[0].clone(), 2), (c[1].clone(), 2), (c[2].clone(), 1)].into(),
    );
    b.delete_card(&c[2]).unwrap();
    let t = b.tally(&round).unwrap();
    assert_eq!(t.counted, 1, "still valid: it was valid when cast");
    assert_eq!(t.removed_dots, 1);
    assert_eq!(t.total(), 4);
    assert_eq!(t.items.len(), 2);
}

/// Names `who` on the board and casts its ballot.
fn named_vote(b: &mut Board, who: usize, name: &str, round: &str, dots: &Dots) {
    b.set_identity(key(who));
    b.set_participant(name, "#123456").unwrap();
    b.submit_ballot(round, dots).unwrap();
}

#[test]
fn excluded_ballots_do_not_count_and_the_ranking_follows() {
    let (mut b, f, round) = seed_board();
    let d = |pairs: &[(usize, u32)]| -> Dots {
        pairs.iter().map(|&(i, n)| (f[i].clone(), n)).collect()
    };
    named_vote(&mut b, 1, "Anna", &round, &d(&[(0, 2), (1, 2), (2, 1)]));
    named_vote(&mut b, 2, "ben", &round, &d(&[(0, 1), (1, 2), (2, 2)]));
    // One phone, two more keys: the same ballot twice under other names.
    named_vote(&mut b, 3, "Anna2", &round, &d(&[(2, 2), (3, 2), (4, 1)]));
    named_vote(&mut b, 4, "Carla", &round, &d(&[(2, 2), (3, 2), (4, 1)]));
    let t = b.tally(&round).unwrap();
    assert_eq!((t.counted, t.excluded, t.total()), (4, 0, 20));
    assert_eq!(
        t.items[0].id, f[2],
        "the stuffed field leads: {:?}",
        t.items[0]
    );
    let listed: Vec<(Option<&str>, u32, VoterStatus)> = t
        .voters
        .iter()
        .map(|v| (v.name.as_deref(), v.dots, v.status))
        .collect();
    assert_eq!(
        listed,
        [
            (Some("Anna"), 5, VoterStatus::Counted),
            (Some("Anna2"), 5, VoterStatus::Counted),
            (Some("ben"), 5, VoterStatus::Counted),
            (Some("Carla"), 5, VoterStatus::Counted),
        ],
        "by name, case-insensitively"
    );

    // The facilitator, on another device, excludes the two extra ballots.
    let mut facilitator = facilitator(Board::new("x", env()));
    facilitator.apply_update_v2(&b.snapshot()).unwrap();
    facilitator
        .set_ballot_excluded(&round, &key(3).id(), true)
        .unwrap();
    facilitator
        .set_ballot_excluded(&round, &key(4).id(), true)
        .unwrap();
    sync(&mut b, &mut facilitator);
    for board in [&b, &facilitator] {
        let t = board.tally(&round).unwrap();
        assert_eq!((t.counted, t.excluded, t.total()), (2, 2, 10));
        assert!(t.invalid.is_empty() && t.unsubmitted == 0);
        let ranking: Vec<(&str, u32, u32)> = t
            .items
            .iter()
            .take(3)
            .map(|i| (i.id.as_str(), i.points, i.rank))
            .collect();
        assert_eq!(
            ranking,
            [
                (f[1].as_str(), 4, 1),
                (f[0].as_str(), 3, 2),
                (f[2].as_str(), 3, 2)
            ]
        );
        let excluded: Vec<&str> = t
            .voters
            .iter()
            .filter(|v| v.status == VoterStatus::Excluded)
            .filter_map(|v| v.name.as_deref())
            .collect();
        assert_eq!(excluded, ["Anna2", "Carla"]);
        assert!(t
            .items
            .iter()
            .all(|i| i.names.iter().all(|(n, _)| n != "Anna2" && n != "Carla")));
        let csv = t.to_csv(board::Language::De);
        assert!(
            !csv.contains("Carla"),
            "excluded voters are not exported: {csv}"
        );
    }

    // Counted again: back in the tally.
    facilitator
        .set_ballot_excluded(&round, &key(4).id(), false)
        .unwrap();
    let t = facilitator.tally(&round).unwrap();
    assert_eq!((t.counted, t.excluded, t.total()), (3, 1, 15));
}

#[test]
fn an_excluded_ballot_is_out_whatever_it_holds() {
    let (mut b, f, round) = seed_board();
    named_vote(
        &mut b,
        1,
        "Anna",
        &round,
        &[(f[0].clone(), 2), (f[1].clone(), 2), (f[2].clone(), 1)].into(),
    );
    {
        // A foreign client's ballots: one breaks the rules, one is never submitted.
        let doc = b.doc();
        let ballots = doc.get_or_insert_map(board::schema::BALLOTS);
        let mut txn = doc.transact_mut();
        let dots = MapPrelim::from([(f[0].clone(), Any::from(9.0))]);
        let bad = ballots.insert(
            &mut txn,
            format!("{round}/bad"),
            MapPrelim::from([("submitted", Any::from(true))]),
        );
        bad.insert(&mut txn, "dots", dots);
        ballots.insert(
            &mut txn,
            format!("{round}/draft"),
            MapPrelim::from([("submitted", Any::from(false))]),
        );
    }
    let t = b.tally(&round).unwrap();
    assert_eq!(
        (t.counted, t.invalid.len(), t.unsubmitted, t.excluded),
        (1, 1, 1, 0)
    );
    let status = |t: &board::Tally, voter: &str| {
        t.voters.iter().find(|v| v.voter == voter).map(|v| v.status)
    };
    assert_eq!(status(&t, "bad"), Some(VoterStatus::Invalid));
    assert_eq!(status(&t, "draft"), Some(VoterStatus::Unsubmitted));
    assert_eq!(
        t.voters.last().map(|v| v.name.clone()),
        Some(None),
        "unnamed voters last"
    );
    b.set_ballot_excluded(&round, "bad", true).unwrap();
    b.set_ballot_excluded(&round, "draft", true).unwrap();
    b.set_ballot_excluded(&round, &key(1).id(), true).unwrap();
    let t = b.tally(&round).unwrap();
    assert_eq!(
        (t.counted, t.invalid.len(), t.unsubmitted, t.excluded),
        (0, 0, 0, 3)
    );
    assert_eq!(t.total(), 0);
    assert!(t.voters.iter().all(|v| v.status == VoterStatus::Excluded));
    // Exclusions belong to their round.
    let other = b.add_round(&RoundSettings::seed("Zweite Runde")).unwrap();
    b.set_round_state(&other, RoundState::Open).unwrap();
    named_vote(
        &mut b,
        1,
        "Anna",
        &other,
        &[(f[0].clone(), 2), (f[1].clone(), 2), (f[2].clone(), 1)].into(),
    );
    assert_eq!(b.tally(&other).unwrap().counted, 1);
}

#[test]
fn anonymous_ballots_are_listed_by_time_without_names_and_can_be_excluded() {
    let mut b = facilitator(Board::new("x", env()));
    let f: Vec<String> = (0..3)
        .map(|i| b.add_cluster(&format!("F{i}"), 0.0, 0.0).unwrap())
        .collect();
    let mut s = RoundSettings::seed("anon");
    s.anonymous = true;
    let round = b.add_round(&s).unwrap();
    b.set_round_state(&round, RoundState::Open).unwrap();
    for (who, name) in [(5, "Berta"), (6, "Anton"), (7, "Zoe")] {
        named_vote(
            &mut b,
            who,
            name,
            &round,
            &[(f[0].clone(), 2), (f[1].clone(), 2), (f[2].clone(), 1)].into(),
        );
    }
    let t = b.tally(&round).unwrap();
    assert_eq!(t.voters.len(), 3);
    assert!(
        t.voters.iter().all(|v| v.name.is_none()),
        "anonymous: no names"
    );
    let order: Vec<String> = t.voters.iter().map(|v| v.voter.clone()).collect();
    assert_eq!(
        order,
        [5, 6, 7].map(|n| key(n).pseudonym(&round)),
        "in the order they voted"
    );
    assert!(t
        .voters
        .iter()
        .all(|v| v.voter.starts_with(v.tag()) && v.tag().len() == board::TAG_LEN));
    b.set_ballot_excluded(&round, &order[1], true).unwrap();
    let t = b.tally(&round).unwrap();
    assert_eq!((t.counted, t.excluded, t.total()), (2, 1, 10));
    let csv = t.to_csv(board::Language::En);
    assert!(
        !csv.contains("Anton") && !csv.contains(&key(6).id()),
        "{csv}"
    );
}

/// A random ballot that keeps `rules` over `n` items.
fn arb_ballot(n: usize, rules: Rules) -> impl Strategy<Value = Vec<u32>> {
    prop::collection::vec(0..=rules.max_per_item, n).prop_filter("keeps the rules", move |v| {
        let dots: Dots = v
            .iter()
            .enumerate()
            .map(|(i, &d)| (i.to_string(), d))
            .filter(|p| p.1 > 0)
            .collect();
        rules.check(&dots, n).is_ok()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// For random valid ballots, the tally is the sum of the dots; no sequence of merges
    /// and unmerges changes the total, and a merged field has its sources' points.
    #[test]
    fn tally_is_the_sum_of_dots_whatever_is_merged(
        ballots in prop::collection::vec(arb_ballot(6, Rules::SEED), 1..30),
        merges in prop::collection::vec((0usize..6, 0usize..6, any::<bool>()), 0..8),
    ) {
        let mut b = facilitator(Board::new("p", env()));
        let f: Vec<String> = (0..6).map(|i| b.add_cluster(&format!("F{i}"), i as f64, 0.0).unwrap()).collect();
        let round = b.add_round(&RoundSettings::seed("r")).unwrap();
        b.set_round_state(&round, RoundState::Open).unwrap();
        let mut expected = [0u32; 6];
        for (who, v) in ballots.iter().enumerate() {
            let dots: Dots = v.iter().enumerate().filter(|p| *p.1 > 0).map(|(i, &d)| (f[i].clone(), d)).collect();
            vote(&mut b, who, &round, &dots);
            for (i, d) in v.iter().enumerate() { expected[i] += d; }
        }
        let total: u32 = expected.iter().sum();
        prop_assert_eq!(b.tally(&round).unwrap().total(), total);
        for (x, y, unmerge) in merges {
            let fields: Vec<String> = b.clusters().into_iter().filter(|c| c.merged_into.is_none()).map(|c| c.id).collect();
            if unmerge {
                let merged: Vec<String> = fields.iter().filter(|id| !b.merge_sources(id).is_empty()).cloned().collect();
                if let Some(m) = merged.first() { b.unmerge_cluster(m).unwrap(); }
            } else if fields.len() >= 2 {
                let (x, y) = (x % fields.len(), y % fields.len());
                if x != y { b.merge_clusters(&[fields[x].clone(), fields[y].clone()], "M").unwrap(); }
            }
            let t = b.tally(&round).unwrap();
            prop_assert_eq!(t.total(), total);
            prop_assert_eq!(t.counted as usize, ballots.len());
            for item in &t.items {
                if !item.sources.is_empty() {
                    // Direct dots on the merged field itself are impossible here (it is new).
                    let from_sources: u32 = item.sources.iter().map(|s| s.points).sum::<u32>();
                    let nested: u32 = b.merge_sources(&item.id).iter()
                        .filter(|s| !b.merge_sources(s).is_empty()).count() as u32;
                    if nested == 0 { prop_assert_eq!(item.points, from_sources); }
                }
            }
        }
    }
}

/// Acts for the facilitator: these tests are about merging, not participants' rights.
fn facilitator(mut b: Board) -> Board {
    b.set_facilitator(true);
    b
}
