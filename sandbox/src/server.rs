//! The accept loop: HTTP/1.1 with WebSocket upgrades, a deadline on request headers, a cap on
//! open connections, and a graceful stop.
//!
//! `axum::serve` has no setting for either limit, and its first read (to tell HTTP/2 from
//! HTTP/1) has no deadline at all: 2,000 connections that never sent a byte stayed open for as
//! long as their clients liked. Here hyper's `header_read_timeout` runs from the moment a
//! connection is ready for a request — just accepted, or idle after a response — until the end
//! of the request's headers, so a silent, idle or slow-header connection is closed when it runs
//! out. Upgraded WebSockets leave hyper and are watched by Engine.IO's heartbeat instead.
//!
//! Every connection holds a permit for as long as its socket is open, WebSockets included; when
//! none is left a new connection is answered 503 and closed, with a log line.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, oneshot, watch};

use crate::throttle::Throttle;

/// How long to wait before accepting again after an error such as "too many open files".
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(100);

/// What a connection over the cap is told before it is closed.
const OVER_CAP: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain\r\n\
content-length: 21\r\nconnection: close\r\n\r\ntoo many connections\n";

/// The limits of one server.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) header_read_timeout: Duration,
    pub(crate) max_connections: usize,
}

/// Serves `app` on `listener` until `stop` fires (or its sender is dropped), then stops
/// accepting, asks every open HTTP connection to finish its request, and returns when all have.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    mut stop: oneshot::Receiver<()>,
) -> io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let (closing_tx, closing) = watch::channel(false);
    // Every connection task holds a clone; `recv` returns `None` once all have ended.
    let (running_tx, mut running) = mpsc::channel::<()>(1);
    let cap_log = Throttle::default();
    let accept_log = Throttle::default();

    loop {
        let tcp = tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((tcp, _peer)) => tcp,
                // The client gave up while queued: nothing to serve, nothing wrong here.
                Err(e) if is_connection_error(&e) => continue,
                Err(e) => {
                    accept_log.warn(|| format!(
                        "cannot accept connections: {e} (with \"too many open files\", raise \
                         `ulimit -n` or lower --max-connections)"
                    ));
                    tokio::time::sleep(ACCEPT_ERROR_PAUSE).await;
                    continue;
                }
            },
        };
        let Ok(permit) = Arc::clone(&permits).try_acquire_owned() else {
            // Best effort: a full socket buffer just gets the close without the explanation.
            let _ = tcp.try_write(OVER_CAP);
            cap_log.warn(|| {
                format!(
                    "{} connections are open, the most allowed: refusing new ones with 503 \
                     until some close (--max-connections raises the cap)",
                    limits.max_connections
                )
            });
            continue;
        };
        // Nagle's algorithm held small frames back ~36 ms per round trip on the prototype. A
        // socket that refuses the option still works, only slower; nothing to report.
        let _ = tcp.set_nodelay(true);
        let io = TokioIo::new(Counted {
            tcp,
            _permit: permit,
        });
        let conn = http
            .serve_connection(io, TowerToHyperService::new(app.clone()))
            .with_upgrades();
        let mut closing = closing.clone();
        let running = running_tx.clone();
        tokio::spawn(async move {
            let _running = running;
            let mut conn = std::pin::pin!(conn);
            // Errors are the client's doing (a reset, a header timeout): nobody to tell.
            tokio::select! {
                _ = conn.as_mut() => return,
                _ = closing.wait_for(|closing| *closing) => {}
            }
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        });
    }
    // Closing the listener first frees the port while open requests finish.
    drop(listener);
    // Nobody may be listening any more; the tasks then just run to their end.
    let _ = closing_tx.send(true);
    drop(running_tx);
    let _ = running.recv().await;
    Ok(())
}

/// Errors of one queued connection, after which the listener is still fine.
fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// A TCP stream that holds a connection permit until it is dropped, however far it travels
/// (into a WebSocket after an upgrade).
#[derive(Debug)]
struct Counted {
    tcp: TcpStream,
    _permit: OwnedSemaphorePermit,
}

impl AsyncRead for Counted {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_read(cx, buf)
    }
}

impl AsyncWrite for Counted {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.tcp).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.tcp).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.tcp.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_shutdown(cx)
    }
}
