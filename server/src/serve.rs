//! Serving connections: our own accept loop over hyper (instead of `axum::serve`, which has no
//! timeouts), so that slow clients cannot hold the server and a stop cannot hang.
//!
//! - a request's head must arrive within `--header-timeout-secs` (hyper's header timer, which
//!   also runs while a kept-alive connection waits for its next request);
//! - its body within `--body-timeout-secs` of the head, else 408 and the connection closes;
//! - a connection where no byte moves either way for `--idle-timeout-secs` is closed;
//! - at most `--max-connections` are served at once (the rest wait in the kernel's queue);
//! - on SIGTERM or Ctrl-C the listener closes, requests in flight finish, and after
//!   `--shutdown-grace-secs` every connection still open is cut.

use crate::config::Serve;
use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;
use tower::ServiceExt;

/// How long clients get, how many are served at once, and how long a stop waits.
#[derive(Clone, Copy, Debug)]
pub struct Timeouts {
    /// For a request's head (and between requests on a kept-alive connection).
    pub header: Duration,
    /// For a request's whole body, from its head.
    pub body: Duration,
    /// With no byte moving either way.
    pub idle: Duration,
    /// For requests in flight when the server is asked to stop.
    pub grace: Duration,
    /// Connections served at once.
    pub max_connections: usize,
}

impl Timeouts {
    /// The timeouts set by flags (a zero is taken as one second: a timeout cannot be turned off).
    pub fn from_settings(s: &Serve) -> Timeouts {
        let secs = |n: u64| Duration::from_secs(n.max(1));
        Timeouts {
            header: secs(s.header_timeout_secs),
            body: secs(s.body_timeout_secs),
            idle: secs(s.idle_timeout_secs),
            grace: Duration::from_secs(s.shutdown_grace_secs),
            max_connections: s.max_connections.max(1),
        }
    }
}

/// Serves `router` on `listener` until `stop` completes, then stops as the module says. The
/// router sees each connection's peer as `ConnectInfo<SocketAddr>`.
pub async fn run(
    listener: TcpListener,
    router: Router,
    t: Timeouts,
    stop: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(t.max_connections));
    let (stopping_tx, stopping) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(stop);
    loop {
        let slot = tokio::select! {
            _ = &mut stop => break,
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
        };
        let (stream, peer) = tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
        };
        while connections.try_join_next().is_some() {}
        let (router, stopping) = (router.clone(), stopping.clone());
        connections.spawn(async move {
            connection(stream, peer, router, t, stopping).await;
            drop(slot);
        });
    }
    drop(listener);
    let _ = stopping_tx.send(true);
    tracing::info!(
        open = connections.len(),
        grace_secs = t.grace.as_secs(),
        "stopped listening; finishing requests in flight"
    );
    let finished = tokio::time::timeout(t.grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if finished.is_err() {
        tracing::warn!(
            cut = connections.len(),
            "the grace period is over: closing the connections still open"
        );
        connections.shutdown().await;
    }
}

/// Resolves on SIGTERM or Ctrl-C (SIGINT).
pub async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("asked to stop");
}

/// A failed `accept`: a connection that went away before it was taken needs nothing; out of
/// file descriptors or memory, wait a little instead of spinning.
async fn accept_failed(e: io::Error) {
    use io::ErrorKind::*;
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | ConnectionRefused | Interrupted
    ) {
        return;
    }
    tracing::warn!(error = %e, "cannot accept connections (out of file descriptors?); retrying in 100 ms");
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// Serves one connection until it ends, idles too long, or the server stops.
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    t: Timeouts,
    mut stopping: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let moved = Arc::new(LastMoved::now());
    let io = TokioIo::new(Watched {
        inner: stream,
        moved: moved.clone(),
    });
    let service = hyper::service::service_fn(move |req: Request<Incoming>| {
        let router = router.clone();
        async move { Ok::<_, Infallible>(request(router, peer, t.body, req).await) }
    });
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(t.header)
        .keep_alive(true);
    let conn = http.serve_connection(io, service);
    tokio::pin!(conn);
    let mut asked_to_stop = false;
    loop {
        if !asked_to_stop && *stopping.borrow() {
            asked_to_stop = true;
            conn.as_mut().graceful_shutdown();
        }
        tokio::select! {
            done = conn.as_mut() => {
                if let Err(e) = done {
                    tracing::debug!(%peer, error = %e, "connection ended with an error");
                }
                return;
            }
            _ = stopping.changed(), if !asked_to_stop => {
                asked_to_stop = true;
                conn.as_mut().graceful_shutdown();
            }
            _ = moved.idle_for(t.idle) => {
                tracing::debug!(%peer, "connection idle too long: closed");
                return;
            }
        }
    }
}

/// One request through the router, with the peer's address and a deadline on the body.
async fn request(
    router: Router,
    peer: SocketAddr,
    body_time: Duration,
    req: Request<Incoming>,
) -> Response {
    let late = Arc::new(AtomicBool::new(false));
    let deadline = Box::pin(tokio::time::sleep(body_time));
    let mut req = req.map(|inner| {
        Body::new(BodyDeadline {
            inner,
            deadline,
            late: late.clone(),
        })
    });
    req.extensions_mut().insert(ConnectInfo(peer));
    let res = match router.oneshot(req).await {
        Ok(res) => res,
        Err(never) => match never {},
    };
    if late.load(Ordering::Relaxed) {
        tracing::info!(%peer, "a request body took too long: 408");
        return body_too_slow();
    }
    res
}

/// The answer to a body that did not arrive in time; the connection closes after it.
fn body_too_slow() -> Response {
    let body = serde_json::json!({
        "error": "request_timeout",
        "message": {
            "id": "Permintaan terlalu lama terkirim. Coba lagi.",
            "en": "The request took too long to arrive. Try again."
        }
    });
    let mut res = (
        StatusCode::REQUEST_TIMEOUT,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response();
    res.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// A request body that fails once its deadline has passed (and says so in `late`).
struct BodyDeadline {
    inner: Incoming,
    deadline: Pin<Box<tokio::time::Sleep>>,
    late: Arc<AtomicBool>,
}

impl hyper::body::Body for BodyDeadline {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        if hyper::body::Body::is_end_stream(&this.inner) {
            return Poll::Ready(None);
        }
        if this.deadline.as_mut().poll(cx).is_ready() {
            this.late.store(true, Ordering::Relaxed);
            return Poll::Ready(Some(Err("the request body took too long to arrive".into())));
        }
        Pin::new(&mut this.inner).poll_frame(cx).map_err(Into::into)
    }

    fn is_end_stream(&self) -> bool {
        hyper::body::Body::is_end_stream(&self.inner)
    }

    fn size_hint(&self) -> SizeHint {
        hyper::body::Body::size_hint(&self.inner)
    }
}

/// When a byte last moved on a connection, in milliseconds since the process began serving.
struct LastMoved(AtomicU64);

/// The instant [`LastMoved`] counts from.
fn epoch() -> Instant {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

impl LastMoved {
    fn now() -> LastMoved {
        LastMoved(AtomicU64::new(Self::millis()))
    }

    fn millis() -> u64 {
        epoch().elapsed().as_millis() as u64
    }

    fn touch(&self) {
        self.0.store(Self::millis(), Ordering::Relaxed);
    }

    /// Resolves once nothing has moved for `limit`.
    async fn idle_for(&self, limit: Duration) {
        loop {
            let quiet = Duration::from_millis(
                Self::millis().saturating_sub(self.0.load(Ordering::Relaxed)),
            );
            if quiet >= limit {
                return;
            }
            tokio::time::sleep(limit - quiet).await;
        }
    }
}

/// A TCP stream that notes in `moved` every read or write that moved a byte.
struct Watched {
    inner: TcpStream,
    moved: Arc<LastMoved>,
}

impl AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let r = Pin::new(&mut this.inner).poll_read(cx, buf);
        if matches!(r, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            this.moved.touch();
        }
        r
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.inner).poll_write(cx, buf);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            this.moved.touch();
        }
        r
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            this.moved.touch();
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}
