//! The participant's phone entry: joining, the phone home, the ballot, positioning and group
//! work, without the facilitator's tools and the large wall (index.html's loader picks it for
//! a participant's link on a narrow screen).

fn main() {
    kartenwand::start_participant();
}
