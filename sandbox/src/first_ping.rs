//! The first heartbeat one `pingInterval` after the open packet, as the reference Engine.IO
//! server sends it, in front of engineioxide (`--protocol-test` only).
//!
//! engineioxide 0.17 (the newest release, used by socketioxide 0.18) pings a session right after
//! its open packet: its heartbeat task starts with `tokio::time::interval`, whose first tick is
//! immediate (`Socket::heartbeat_job_v4`; the earlier delay was removed upstream in
//! socketioxide#437). Nothing configures this. The conformance suites do not expect that ping:
//! they read the next packet after the handshake as their answer, do not answer the ping, and
//! the session is closed `pingTimeout` later. The Node server's first ping comes after
//! `pingInterval`.
//!
//! This service wraps an Engine.IO service (socketioxide's or the echo one) and hides that one
//! early ping from the client, answering it on the client's behalf, so the client's first ping
//! is the one engineioxide sends at `pingInterval`, with `pingTimeout` to answer it: exactly the
//! reference timeline. Only new sessions are touched; everything else goes straight through.
//!
//! - Long-polling: the handshake's response is held back until the ping has been taken out of the
//!   new session with one internal poll (nobody else knows the sid yet, so no client poll can
//!   race it) and answered with an internal `3` (pong).
//! - WebSocket: the sandbox takes the upgrade itself and relays messages between the client and
//!   engineioxide (over an in-memory pipe, through engineioxide's public raw-stream service),
//!   dropping the first `2` (ping) engineioxide writes and answering it with `3`.
//!
//! Taking the ping out after it was sent (not sending a pong ahead of it) matters: engineioxide
//! throws away a pong that arrives before its first ping, and would keep a second early one as
//! the answer to its next ping.
//!
//! The fix belongs in engineioxide (start the heartbeat with `interval_at(now + interval,
//! interval)`, or make the first delay a setting); this module can go once a release has it.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, HttpBody};
use axum::http::{HeaderValue, Method, Request, Response, StatusCode, header};
use axum::response::IntoResponse;
use futures_util::{SinkExt, StreamExt};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, DuplexStream};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};
use tower_service::Service;

use crate::throttle::Throttle;

/// How long the handshake waits for engineioxide's first ping before giving up on hiding it
/// (it comes within a millisecond or so; the client then simply gets it, as without this shim).
const FIRST_PING_WAIT: Duration = Duration::from_secs(1);

/// The most bytes read of a handshake answer or of a new session's first poll: both are a few
/// dozen.
const SMALL_BODY_LIMIT: usize = 4096;

/// Room in the in-memory pipe between the relay and engineioxide.
const PIPE_BUFFER: usize = 64 * 1024;

/// Boxed response future of [`FirstPing`].
type ResponseFuture = Pin<Box<dyn Future<Output = Result<Response<Body>, Infallible>> + Send>>;

/// An Engine.IO service whose new sessions get their first ping one `pingInterval` after the
/// open packet. See the module documentation.
#[derive(Debug, Clone)]
pub(crate) struct FirstPing<S> {
    inner: S,
    /// The Engine.IO path of `inner`, without a trailing slash (`/socket.io`, `/engine.io`).
    path: &'static str,
    /// The WebSocket limits the client side of the relay enforces (those engineioxide has).
    ws_config: WebSocketConfig,
    log: Throttle,
}

impl<S> FirstPing<S> {
    /// Wraps `inner`, which answers Engine.IO requests at `path`; `max_message` is its WebSocket
    /// message and frame limit.
    pub(crate) fn new(inner: S, path: &'static str, max_message: usize) -> Self {
        FirstPing {
            inner,
            path,
            ws_config: WebSocketConfig::default()
                .max_message_size(Some(max_message))
                .max_frame_size(Some(max_message)),
            log: Throttle::default(),
        }
    }
}

/// The kind of a request that opens a new Engine.IO session.
#[derive(Debug, PartialEq, Eq)]
enum Open {
    Polling,
    WebSocket,
}

/// Waits until `service` is ready, then calls it: tower's contract for every call, the internal
/// ones included.
async fn ready_call<S, R>(service: &mut S, req: R) -> Result<S::Response, S::Error>
where
    S: Service<R>,
{
    std::future::poll_fn(|cx| service.poll_ready(cx)).await?;
    service.call(req).await
}

/// Whether `req` opens a new Engine.IO 4 session at `path`. Anything else, invalid requests
/// included, is left to engineioxide, which answers it as usual.
fn opens_session(req: &Request<Body>, path: &str) -> Option<Open> {
    let req_path = req.uri().path();
    if req.method() != Method::GET
        || req_path
            .strip_prefix(path)
            .is_none_or(|rest| !rest.is_empty() && rest != "/")
    {
        return None;
    }
    let (mut eio, mut transport, mut sid) = (None, None, false);
    for pair in req.uri().query().unwrap_or_default().split('&') {
        match pair.split_once('=').unwrap_or((pair, "")) {
            ("EIO", value) => eio = Some(value),
            ("transport", value) => transport = Some(value),
            ("sid", _) => sid = true,
            _ => {}
        }
    }
    if eio != Some("4") || sid {
        return None;
    }
    match transport {
        Some("polling") => Some(Open::Polling),
        Some("websocket") if req.headers().contains_key(header::SEC_WEBSOCKET_KEY) => {
            Some(Open::WebSocket)
        }
        _ => None,
    }
}

/// The session id in an open packet (`0{"sid":"…",…}`).
fn open_packet_sid(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Handshake {
        sid: String,
    }
    let json = body.strip_prefix(b"0")?;
    serde_json::from_slice::<Handshake>(json)
        .ok()
        .map(|h| h.sid)
}

impl<S, B> Service<Request<Body>> for FirstPing<S>
where
    S: Service<Request<Body>, Response = Response<B>, Error = Infallible>
        + Service<(DuplexStream, Request<()>)>
        + Clone
        + Send
        + Sync
        + 'static,
    <S as Service<Request<Body>>>::Future: Send,
    <S as Service<(DuplexStream, Request<()>)>>::Future: Send,
    B: HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = ResponseFuture;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Service::<Request<Body>>::poll_ready(&mut self.inner, cx)
    }

    fn call(&mut self, req: Request<Body>) -> ResponseFuture {
        // The clone that was made ready serves this request (tower's usual dance).
        let fresh = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, fresh);
        match opens_session(&req, self.path) {
            None => Box::pin(async move { Ok(inner.call(req).await?.map(Body::new)) }),
            Some(Open::Polling) => {
                let this = self.clone();
                Box::pin(async move { Ok(this.open_polling(inner, req).await) })
            }
            Some(Open::WebSocket) => {
                let response = self.open_websocket(inner, req);
                Box::pin(async move { Ok(response) })
            }
        }
    }
}

impl<S, B> FirstPing<S>
where
    S: Service<Request<Body>, Response = Response<B>, Error = Infallible>
        + Service<(DuplexStream, Request<()>)>
        + Clone
        + Send
        + Sync
        + 'static,
    <S as Service<Request<Body>>>::Future: Send,
    <S as Service<(DuplexStream, Request<()>)>>::Future: Send,
    B: HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    /// A long-polling handshake: engineioxide's answer, sent once the session's early ping has
    /// been taken out and answered.
    async fn open_polling(&self, mut inner: S, req: Request<Body>) -> Response<Body> {
        let Ok(response) = inner.call(req).await;
        let (parts, body) = response.into_parts();
        if parts.status != StatusCode::OK {
            return Response::from_parts(parts, Body::new(body));
        }
        let bytes = match axum::body::to_bytes(Body::new(body), SMALL_BODY_LIMIT).await {
            Ok(bytes) => bytes,
            // engineioxide's handshake bodies are in memory; this is only for the type's sake.
            Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        };
        if let Some(sid) = open_packet_sid(&bytes) {
            self.answer_polling_ping(inner, &sid).await;
        }
        Response::from_parts(parts, Body::from(bytes))
    }

    /// Polls session `sid` once for its early ping, then posts the pong.
    async fn answer_polling_ping(&self, mut inner: S, sid: &str) {
        let uri = format!("{}/?EIO=4&transport=polling&sid={sid}", self.path);
        let Ok(poll) = Request::get(&uri).body(Body::empty()) else {
            return;
        };
        let polled = tokio::time::timeout(FIRST_PING_WAIT, ready_call(&mut inner, poll)).await;
        let body = match polled {
            Ok(Ok(response)) if response.status() == StatusCode::OK => {
                axum::body::to_bytes(Body::new(response.into_body()), SMALL_BODY_LIMIT).await
            }
            _ => {
                // Dropping the poll leaves the ping queued: the client gets it, as without us.
                self.log.warn(|| {
                    "engineioxide sent no first ping within 1 s of a handshake; \
                     the client will get it early"
                        .to_owned()
                });
                return;
            }
        };
        if !matches!(&body, Ok(packets) if packets.as_ref() == b"2") {
            // Nothing else can be queued this early (neither service sends anything before the
            // client speaks); say so if that ever changes, since those packets are now gone.
            self.log
                .warn(|| format!("first poll of a new session held {body:?}, not a ping"));
        }
        let Ok(pong) = Request::post(&uri)
            .header(header::CONTENT_TYPE, "text/plain;charset=UTF-8")
            .body(Body::from("3"))
        else {
            return;
        };
        // A session closed meanwhile needs no pong.
        let _ = ready_call(&mut inner, pong).await;
    }

    /// A WebSocket handshake: answers 101 and relays the connection to engineioxide.
    fn open_websocket(&self, mut inner: S, mut req: Request<Body>) -> Response<Body> {
        let Some(key) = req.headers().get(header::SEC_WEBSOCKET_KEY) else {
            return StatusCode::BAD_REQUEST.into_response();
        };
        let Ok(accept) = HeaderValue::from_str(&derive_accept_key(key.as_bytes())) else {
            return StatusCode::BAD_REQUEST.into_response();
        };
        let upgrade = hyper::upgrade::on(&mut req);
        let (parts, _body) = req.into_parts();
        let ws_config = self.ws_config;
        tokio::spawn(async move {
            // The client went away before the upgrade finished: nothing to relay.
            let Ok(upgraded) = upgrade.await else { return };
            let client = WebSocketStream::from_raw_socket(
                TokioIo::new(upgraded),
                Role::Server,
                Some(ws_config),
            )
            .await;
            let (engine_end, relay_end) = tokio::io::duplex(PIPE_BUFFER);
            // engineioxide starts the session on its end of the pipe as on any upgraded
            // connection: open packet, heartbeat, messages.
            if ready_call(&mut inner, (engine_end, Request::from_parts(parts, ())))
                .await
                .is_err()
            {
                return;
            }
            let engine = WebSocketStream::from_raw_socket(relay_end, Role::Client, None).await;
            relay(client, engine).await;
        });
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
        let headers = response.headers_mut();
        headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
        headers.insert(header::CONNECTION, HeaderValue::from_static("Upgrade"));
        headers.insert(header::SEC_WEBSOCKET_ACCEPT, accept);
        response
    }
}

/// Relays messages both ways until either side closes, dropping engineioxide's first ping and
/// answering it itself.
async fn relay<C>(client: WebSocketStream<C>, engine: WebSocketStream<DuplexStream>)
where
    C: AsyncRead + AsyncWrite + Unpin,
{
    let (mut client_tx, mut client_rx) = client.split();
    let (mut engine_tx, mut engine_rx) = engine.split();
    let mut first_ping_answered = false;
    loop {
        tokio::select! {
            from_client = client_rx.next() => match from_client {
                // WebSocket-level pings are answered by each side's own library.
                Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => {}
                Some(Ok(Message::Close(frame))) => {
                    let _ = engine_tx.send(Message::Close(frame)).await;
                    break;
                }
                Some(Ok(message)) => {
                    if engine_tx.send(message).await.is_err() {
                        break;
                    }
                }
                // A reset, an oversized message or a protocol error: engineioxide would have
                // dropped the session the same way.
                Some(Err(_)) | None => break,
            },
            from_engine = engine_rx.next() => match from_engine {
                Some(Ok(Message::Text(text))) if !first_ping_answered && text.as_str() == "2" => {
                    first_ping_answered = true;
                    if engine_tx.send(Message::text("3")).await.is_err() {
                        break;
                    }
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => {}
                Some(Ok(Message::Close(frame))) => {
                    let _ = client_tx.send(Message::Close(frame)).await;
                    break;
                }
                Some(Ok(message)) => {
                    if client_tx.send(message).await.is_err() {
                        break;
                    }
                }
                Some(Err(_)) | None => break,
            },
        }
    }
    // Whichever side ended, the other one ends too: engineioxide then closes the session.
    let _ = client_tx.close().await;
    let _ = engine_tx.close().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(uri: &str, ws: bool) -> Request<Body> {
        let mut builder = Request::get(uri);
        if ws {
            builder = builder.header(header::SEC_WEBSOCKET_KEY, "dGhlIHNhbXBsZSBub25jZQ==");
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn only_new_engine_io_4_sessions_are_taken() {
        let path = "/socket.io";
        let open = |uri, ws| opens_session(&get(uri, ws), path);
        assert_eq!(
            open("/socket.io/?EIO=4&transport=polling", false),
            Some(Open::Polling)
        );
        assert_eq!(
            open("/socket.io/?EIO=4&transport=polling&t=x", false),
            Some(Open::Polling)
        );
        assert_eq!(
            open("/socket.io?transport=websocket&EIO=4", true),
            Some(Open::WebSocket)
        );
        // Existing sessions, upgrades, other versions and bad requests are engineioxide's.
        assert_eq!(
            open("/socket.io/?EIO=4&transport=polling&sid=abc", false),
            None
        );
        assert_eq!(
            open("/socket.io/?EIO=4&transport=websocket&sid=abc", true),
            None
        );
        assert_eq!(open("/socket.io/?EIO=3&transport=polling", false), None);
        assert_eq!(open("/socket.io/?EIO=4&transport=websocket", false), None);
        assert_eq!(open("/socket.io/?EIO=4", false), None);
        assert_eq!(open("/socket.io/x?EIO=4&transport=polling", false), None);
        assert_eq!(open("/socket.iox/?EIO=4&transport=polling", false), None);
        assert_eq!(open("/engine.io/?EIO=4&transport=polling", false), None);
        let post = Request::post("/socket.io/?EIO=4&transport=polling")
            .body(Body::empty())
            .unwrap();
        assert_eq!(opens_session(&post, path), None);
    }

    #[test]
    fn reads_the_sid_of_an_open_packet() {
        let packet =
            br#"0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":300}"#;
        assert_eq!(
            open_packet_sid(packet).as_deref(),
            Some("lv_VI97HAXpY6yYWAAAC")
        );
        assert_eq!(open_packet_sid(b"4hello"), None);
        assert_eq!(open_packet_sid(b"0{}"), None);
    }
}
