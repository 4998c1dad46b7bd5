//! The full app's entry: the board list, the facilitator's desk, the wall and the projector
//! (index.html's loader picks it for everything but a participant's phone).

fn main() {
    kartenwand::start_full();
}
