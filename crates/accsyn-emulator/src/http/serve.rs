//! The listener: one task per connection, at most `max_connections` at
//! once, each connection watched so a client that is slow or silent is cut
//! off instead of holding a file descriptor for ever.
//!
//! A connection has three phases. Until its request's head is read, the
//! client has `header_timeout` from its first byte (or from accepting the
//! connection); while the emulator handles the request, the handler bounds
//! the body's arrival by `body_timeout`; after the reply, an idle
//! keep-alive connection is closed when nothing moved for `idle_timeout`.
//! hyper's own header timeout also runs while a connection is idle, which
//! would make the two the same, so both are kept here instead.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::time::{Instant, Sleep};
use tower::ServiceExt as _;

use super::PayloadLimits;
use super::bare_errors::JsonErrors;

/// What one request and one connection may cost; the defaults are far
/// from anything a test run or the official client reaches.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// The largest request body, in bytes.
    pub(crate) body: usize,
    /// Bounds on the payload once the body is read.
    pub(crate) payload: PayloadLimits,
    /// From a connection's first byte (or its accept) to the end of its
    /// request's head.
    pub(crate) header_timeout: Duration,
    /// For a request's body to arrive, once its head has.
    pub(crate) body_timeout: Duration,
    /// How long a keep-alive connection may sit idle between requests.
    pub(crate) idle_timeout: Duration,
    /// Connections served at once; more wait to be accepted.
    pub(crate) max_connections: usize,
}

/// How long a stopping server waits for requests in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Serves `app` on `listener` until `stop` completes, then lets requests
/// in flight finish (for a few seconds at most).
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    stop: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    // The phases above replace hyper's header timeout, which needs a timer.
    http.header_read_timeout(None);
    tokio::pin!(stop);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot,
            () = &mut stop => break,
        };
        let Ok(slot) = slot else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors, or a connection reset before it
                // was accepted: wait a moment rather than spin.
                tracing::debug!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let activity = Arc::new(Activity::default());
        let io = Watched::new(JsonErrors::new(stream), activity.clone(), &limits);
        let service = Tracked {
            app: app.clone(),
            activity,
        };
        let conn = graceful.watch(http.serve_connection(TokioIo::new(io), service));
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended");
            }
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::debug!("connections still open after the grace period were cut");
    }
}

/// Whether a connection's request is being handled, shared between the
/// connection's I/O and its service.
#[derive(Debug, Default)]
struct Activity {
    busy: AtomicBool,
    handled: AtomicU64,
}

/// Marks a request handled when its handler ends, even if cancelled.
struct Busy(Arc<Activity>);

impl Busy {
    fn start(activity: Arc<Activity>) -> Self {
        activity.busy.store(true, Ordering::Release);
        Busy(activity)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.handled.fetch_add(1, Ordering::AcqRel);
        self.0.busy.store(false, Ordering::Release);
    }
}

/// The router, marking the connection busy while it handles a request.
#[derive(Clone)]
struct Tracked {
    app: Router,
    activity: Arc<Activity>,
}

impl hyper::service::Service<Request<Incoming>> for Tracked {
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn call(&self, request: Request<Incoming>) -> Self::Future {
        let busy = Busy::start(self.activity.clone());
        let app = self.app.clone();
        Box::pin(async move {
            let response = app.oneshot(request.map(Body::new)).await;
            drop(busy);
            response
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Waiting for (the rest of) a request's head.
    Head,
    /// A request is being handled.
    Busy,
    /// After a reply: idle, or writing the reply.
    Idle,
}

/// A connection's I/O with the header and idle deadlines.
struct Watched<S> {
    inner: S,
    activity: Arc<Activity>,
    phase: Phase,
    handled: u64,
    deadline: Pin<Box<Sleep>>,
    header_timeout: Duration,
    idle_timeout: Duration,
}

fn timed_out(phase: Phase) -> io::Error {
    let what = match phase {
        Phase::Head => "the request head did not arrive in time",
        _ => "the connection was idle too long",
    };
    io::Error::new(io::ErrorKind::TimedOut, what)
}

impl<S> Watched<S> {
    fn new(inner: S, activity: Arc<Activity>, limits: &Limits) -> Self {
        Watched {
            inner,
            activity,
            // A new connection must send its first request's head in time.
            phase: Phase::Head,
            handled: 0,
            deadline: Box::pin(tokio::time::sleep(limits.header_timeout)),
            header_timeout: limits.header_timeout,
            idle_timeout: limits.idle_timeout,
        }
    }

    fn restart(&mut self, phase: Phase, after: Duration) {
        self.phase = phase;
        self.deadline.as_mut().reset(Instant::now() + after);
    }

    /// Follows the service: busy while it handles a request, idle after.
    fn sync_phase(&mut self) {
        if self.activity.busy.load(Ordering::Acquire) {
            self.phase = Phase::Busy;
            return;
        }
        let handled = self.activity.handled.load(Ordering::Acquire);
        if self.phase == Phase::Busy || handled != self.handled {
            self.handled = handled;
            self.restart(Phase::Idle, self.idle_timeout);
        }
    }

    /// Whether the phase's deadline passed. Polled on every read and
    /// write, whatever their outcome, so the connection's task is woken
    /// when a deadline set during a write (the end of a reply) passes.
    fn expired(&mut self, cx: &mut Context<'_>) -> bool {
        self.phase != Phase::Busy && self.deadline.as_mut().poll(cx).is_ready()
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        this.sync_phase();
        let before = buf.filled().len();
        let read = Pin::new(&mut this.inner).poll_read(cx, buf);
        if buf.filled().len() > before && this.phase == Phase::Idle {
            // The next request's first bytes: its head must follow in time.
            this.restart(Phase::Head, this.header_timeout);
        }
        if this.expired(cx) && read.is_pending() {
            return Poll::Ready(Err(timed_out(this.phase)));
        }
        read
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        this.sync_phase();
        let written = Pin::new(&mut this.inner).poll_write(cx, buf);
        if matches!(written, Poll::Ready(Ok(n)) if n > 0) && this.phase == Phase::Idle {
            // A reply moving is not idleness.
            this.restart(Phase::Idle, this.idle_timeout);
        }
        if this.expired(cx) && written.is_pending() {
            return Poll::Ready(Err(timed_out(this.phase)));
        }
        written
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
