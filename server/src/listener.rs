//! The accept loop (in place of `axum::serve`): takes TCP connections, closes at once those
//! over the connection caps, and serves the others with hyper's HTTP/1.1 under a header-read
//! timeout, websocket upgrades included, until shutdown. Routes are `http.rs`'s business.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::connect_info::IntoMakeServiceWithConnectInfo;
use axum::extract::ConnectInfo;
use axum::middleware::AddExtension;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tower_service::Service;
use tracing::{debug, trace, warn};

use crate::conn_slots::{Full, Slots, Tracked};

/// What a refused connection reads, if it reads at all before the socket closes.
const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\
Content-Type: text/plain\r\nContent-Length: 27\r\nRetry-After: 5\r\n\r\ntoo many open connections\r\n";

/// Pause after an accept error that is not about one connection (out of descriptors): the
/// error would repeat at once, and connections that close meanwhile free what it lacks.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// How connections are served.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Counts and caps open connections.
    pub slots: Arc<Slots>,
    /// A connection that has not sent a request's complete headers this long after it opened
    /// (or after its previous response) is closed: slowloris clients and idle keep-alives.
    pub header_timeout: Duration,
}

/// Serves `router` on `listener` until `shutdown` completes, then stops accepting, lets each
/// HTTP connection finish its request and returns once all have ended. Upgraded websockets
/// are not waited for: their board tasks close them.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let mut make_service = router.into_make_service_with_connect_info::<SocketAddr>();
    // Dropping `stop_rx` tells every connection to finish; each task holds a `done_rx`
    // until it ends, so `done_tx.closed()` waits for all of them.
    let (stop_tx, stop_rx) = watch::channel(());
    let (done_tx, done_rx) = watch::channel(());
    let refused = AtomicU64::new(0);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(e) if is_connection_error(&e) => continue,
            Err(e) => {
                warn!(error = %e, "accept failed; retrying shortly");
                tokio::select! {
                    () = tokio::time::sleep(ACCEPT_BACKOFF) => continue,
                    () = &mut shutdown => break,
                }
            }
        };
        let slot = match limits.slots.try_acquire(peer.ip()) {
            Ok(slot) => slot,
            Err(full) => {
                refuse(stream, peer, full, &refused);
                continue;
            }
        };
        // Small frames that must go out now: no Nagle delay (the writer batches itself).
        if let Err(e) = stream.set_nodelay(true) {
            debug!(error = %e, "could not set TCP_NODELAY");
        }
        let service = connection_service(&mut make_service, peer).await;
        let io = TokioIo::new(Tracked::new(stream, slot));
        let (stop_tx, done_rx) = (stop_tx.clone(), done_rx.clone());
        let header_timeout = limits.header_timeout;
        tokio::spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            // Zero turns the timeout off (hyper's default would be 30 s).
            let timeout = (!header_timeout.is_zero()).then_some(header_timeout);
            http.timer(TokioTimer::new()).header_read_timeout(timeout);
            let conn = http.serve_connection(io, service).with_upgrades();
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                result = conn.as_mut() => log_end(result, peer),
                () = stop_tx.closed() => {
                    // Finish the request in flight (headers still have their timeout), then close.
                    conn.as_mut().graceful_shutdown();
                    log_end(conn.await, peer);
                }
            }
            drop(done_rx);
        });
    }
    drop(listener);
    drop(stop_rx);
    drop(done_rx);
    done_tx.closed().await;
}

/// The router for one connection, with its peer address as `ConnectInfo` (what
/// `axum::serve` gives handlers with `into_make_service_with_connect_info`).
async fn connection_service(
    make_service: &mut IntoMakeServiceWithConnectInfo<Router, SocketAddr>,
    peer: SocketAddr,
) -> TowerToHyperService<AddExtension<Router, ConnectInfo<SocketAddr>>> {
    let service = match make_service.call(peer).await {
        Ok(service) => service,
        Err(never) => match never {},
    };
    TowerToHyperService::new(service)
}

/// Closes a connection over a cap at once. A 503 is written if the socket takes it without
/// waiting (a fresh socket's buffer is empty), so a person sees why; nothing waits for the
/// client, so a flood of refusals holds no descriptors.
fn refuse(stream: TcpStream, peer: SocketAddr, full: Full, refused: &AtomicU64) {
    let _ = stream.try_write(BUSY);
    let n = refused.fetch_add(1, Ordering::Relaxed) + 1;
    // The first refusal and then every thousandth: a flood must not flood the log too.
    if n == 1 || n.is_multiple_of(1000) {
        let cap = match full {
            Full::Total => "--max-connections",
            Full::PerIp => "--max-connections-per-ip",
        };
        warn!(%peer, refused = n, "connection refused: {cap} reached");
    } else {
        trace!(%peer, ?full, "connection refused");
    }
    drop(stream);
}

fn log_end(result: hyper::Result<()>, peer: SocketAddr) {
    if let Err(e) = result {
        // Timeouts and resets are the client's business; they are worth a trace only.
        trace!(%peer, error = %e, "connection ended");
    }
}

/// Errors about one connection that the next accept does not repeat (from axum::serve).
fn is_connection_error(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}
