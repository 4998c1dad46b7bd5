//! [`covers`]: the client's test of the server's `Stored` acknowledgement. A device's
//! changes are safe on the server once the stored state vector covers its own.

use yrs::StateVector;

use crate::frame::check_state_vector;
use crate::ProtocolError;

/// Whether a state vector `stored` covers every clock in `local` (all local changes are
/// stored).
///
/// Both arguments are v1-encoded state vectors: `stored` from a [`Frame::Stored`], `local`
/// from the client's document (`txn.state_vector().encode_v1()`). Deletions carry no clock,
/// so a delete is covered once the insertion that made its transaction visible is; Yjs
/// sends both in the same update.
///
/// [`Frame::Stored`]: crate::Frame::Stored
pub fn covers(stored_sv_v1: &[u8], local_sv_v1: &[u8]) -> Result<bool, ProtocolError> {
    let stored: StateVector = check_state_vector(stored_sv_v1)?;
    let local: StateVector = check_state_vector(local_sv_v1)?;
    Ok(covers_sv(&stored, &local))
}

/// [`covers`] on decoded state vectors (a client that keeps the server's state decoded).
pub fn covers_sv(stored: &StateVector, local: &StateVector) -> bool {
    local
        .iter()
        .all(|(client, &clock)| stored.get(client) >= clock)
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::updates::encoder::Encode;
    use yrs::ClientID;

    fn sv(entries: &[(u64, u32)]) -> Vec<u8> {
        entries
            .iter()
            .map(|&(c, k)| (ClientID::new(c), k))
            .collect::<StateVector>()
            .encode_v1()
    }

    #[test]
    fn covers_compares_every_client() {
        assert_eq!(covers(&sv(&[]), &sv(&[])), Ok(true));
        assert_eq!(covers(&sv(&[(1, 5)]), &sv(&[])), Ok(true));
        assert_eq!(covers(&sv(&[(1, 5)]), &sv(&[(1, 5)])), Ok(true));
        assert_eq!(covers(&sv(&[(1, 6), (2, 1)]), &sv(&[(1, 5)])), Ok(true));
        assert_eq!(covers(&sv(&[(1, 4)]), &sv(&[(1, 5)])), Ok(false));
        assert_eq!(covers(&sv(&[(1, 9)]), &sv(&[(1, 5), (2, 1)])), Ok(false));
        assert_eq!(covers(&sv(&[]), &sv(&[(2, 1)])), Ok(false));
    }

    #[test]
    fn covers_rejects_bad_state_vectors() {
        assert!(matches!(
            covers(&[1], &sv(&[])),
            Err(ProtocolError::Malformed(_))
        ));
        assert!(matches!(
            covers(&sv(&[]), &[]),
            Err(ProtocolError::Malformed(_))
        ));
    }
}
