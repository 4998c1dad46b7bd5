//! [`ProtocolError`]: why a byte string is not a valid frame. Decoding never panics; every
//! malformed input ends here.

/// Why bytes could not be decoded as a [`Frame`](crate::Frame) (or a state vector).
#[derive(thiserror::Error, Debug, PartialEq)]
pub enum ProtocolError {
    /// A websocket message with no bytes at all.
    #[error("empty message")]
    Empty,
    /// The first varUint is not a message type this protocol knows.
    #[error("unknown message type {0}")]
    UnknownType(u64),
    /// The message type is known but its payload does not decode.
    #[error("malformed message: {0}")]
    Malformed(String),
    /// A complete message was followed by more bytes (y-websocket sends one message per
    /// websocket message).
    #[error("trailing bytes after the message")]
    TrailingBytes,
}

impl ProtocolError {
    pub(crate) fn malformed(what: &str, e: impl std::fmt::Display) -> ProtocolError {
        ProtocolError::Malformed(format!("{what}: {e}"))
    }
}
