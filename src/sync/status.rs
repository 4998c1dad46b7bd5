//! What the user sees of the connection: online or not, and whether this device's changes
//! are all stored on the server.

/// The state of a board's connection to the server.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncStatus {
    /// The board lives only in this browser.
    LocalOnly,
    /// Opening the connection.
    Connecting,
    /// Connected. `stored`: every change of this device is durably on the server.
    Online {
        /// Whether the server has acknowledged everything this device has.
        stored: bool,
    },
    /// No connection; work goes on locally and merges on reconnect.
    Offline,
    /// The server refused this link (wrong or outdated token).
    Denied(String),
    /// The server has no board with this id (it answered 404 before the websocket upgrade).
    Missing,
    /// The board was deleted on the server while this device was connected (close 4410):
    /// the link will never work again.
    Deleted,
}
