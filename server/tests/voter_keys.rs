//! One device must not become many voters: each network may bring only so many new
//! participant keys to a board per hour (`--new-keys-per-hour`). Over the cap a join is
//! closed with 4429; keys the board has seen always come back, facilitators and keyless
//! connections are not counted, and other boards keep their own count.

mod common;

use board::ParticipantKey;
use common::{closed, Client, Member, TestServer};

const CAP: u32 = 3;

fn key(n: u32) -> ParticipantKey {
    ParticipantKey::from_secret(&format!("voterkeys{n:0>16}")).expect("valid secret")
}

#[tokio::test]
async fn one_address_introduces_at_most_the_cap_of_new_keys_per_board() {
    let server = TestServer::start_with(|c| c.new_keys_per_hour = CAP).await;
    let board = server.create_board().await;
    let other = server.create_board().await;
    let mut joined = Vec::new();
    for n in 0..CAP {
        joined.push(Member::join(&board, &board.participant, Some(key(n))).await);
    }

    // The next fresh key from the same address is refused, with a reason the app shows.
    let url = board.url_with_key(&board.participant, Some(&key(CAP)));
    let mut stuffed = Client::connect(&url).await.expect("upgraded, then closed");
    let (code, reason) = closed(&mut stuffed).await;
    assert_eq!(code, 4429, "{reason}");
    assert!(reason.contains("too many new participants"), "{reason}");
    assert!(reason.contains("try again in"), "{reason}");

    // Keys seen before still join, also after their connection ended (a reload).
    drop(joined.pop());
    let again = Member::join(&board, &board.participant, Some(key(CAP - 1))).await;
    assert_eq!(again.client.ended, None);
    let second_tab = Member::join(&board, &board.participant, Some(key(0))).await;
    assert_eq!(second_tab.client.ended, None);
    // No key (cannot vote) and the facilitator's own key are not counted.
    let keyless = Member::join(&board, &board.participant, None).await;
    assert_eq!(keyless.client.ended, None);
    let facilitator = Member::join(&board, &board.facilitator, Some(key(90))).await;
    assert_eq!(facilitator.client.ended, None);
    // Still refused: the cap holds for the hour.
    let mut still = Client::connect(&board.url_with_key(&board.participant, Some(&key(91))))
        .await
        .expect("upgraded, then closed");
    assert_eq!(closed(&mut still).await.0, 4429);

    // Another board counts on its own: the refused key and fresh ones join there.
    for n in CAP..2 * CAP {
        let m = Member::join(&other, &other.participant, Some(key(n))).await;
        assert_eq!(m.client.ended, None, "key {n} on the other board");
    }
    server.shutdown().await;
}
