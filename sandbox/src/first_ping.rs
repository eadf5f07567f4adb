//! In front of engineioxide for `--protocol-test` only: the first heartbeat one `pingInterval`
//! after the open packet, as the reference Engine.IO server sends it, and the order of a
//! session's requests across its connections while it upgrades to WebSocket. The sandbox's
//! normal (counter) mode does not use this module: there engineioxide serves every request
//! itself.
//!
//! # The first ping
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
//! reference timeline.
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
//! interval)`, or make the first delay a setting); this part can go once a release has it.
//!
//! # Upgrades
//!
//! engineioxide serves each connection of a session on its own task, so requests a client sends
//! one after the other on different connections can reach it in either order. The suites count
//! on that order right after an upgrade: they send `2probe` and `5` on the upgrade WebSocket and
//! at once a long-polling GET (or a second WebSocket) with the same sid, and expect 400 (the
//! WebSocket closed): the session is on WebSocket by then. engineioxide answers such a GET `6`
//! (noop, as while upgrading) when it gets there before its WebSocket task has read the `5`, and
//! takes such a WebSocket for one more upgrade, which ended the whole session in our tests.
//!
//! So the shim relays the WebSockets of existing sessions (upgrades) too, as it relays new ones,
//! and notes per session how far the upgrade got: `2probe` relayed, `5` relayed, `5` taken by
//! engineioxide. That last step it learns from a WebSocket ping the relay sends right behind the
//! `5`: engineioxide's WebSocket library answers it only when engineioxide reads on past the `5`,
//! which it does after it has put the session on WebSocket. A long-polling GET or another
//! WebSocket of that session first has the relay take in what the client has sent so far: the
//! relay reads what is readable, without waiting for more, since what the client sent before
//! this request is in the socket's buffer by now (when the client sends each frame at once, as
//! the `ws` package and browsers do with `TCP_NODELAY`; a frame the client's own TCP stack holds
//! back can come after the request, and then no server can tell). If that included the `5`, the
//! request waits until engineioxide has taken it (at most `UPGRADE_ORDER_WAIT`, a safety net).
//! Then it goes to engineioxide as usual, which answers `6` while the upgrade is under way and
//! 400 once the session is on WebSocket, and then refuses another WebSocket. Nothing waits before
//! the client's `2probe` (the suites poll then and want `6` at once), nor in sessions without a
//! relayed upgrade.
//!
//! One more difference from engineioxide's own WebSocket path: when an upgrade fails there (the
//! client closes, or sends something else than `2probe`, `5`), engineioxide closes the session;
//! through the raw-stream service it leaves the session waiting for the upgrade, unpinged, for
//! ever. A relayed upgrade that ends before engineioxide took its `5` therefore closes the
//! session itself, with a close packet over long-polling.

use std::collections::HashMap;
use std::convert::Infallible;
use std::pin::Pin;
use std::str::FromStr;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, Request, Response, StatusCode, header};
use axum::response::IntoResponse;
use engineioxide::sid::Sid;
use futures_util::stream::SplitSink;
use futures_util::{FutureExt, SinkExt, StreamExt};
use hyper::upgrade::OnUpgrade;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, DuplexStream};
use tokio::sync::{mpsc, oneshot, watch};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};
use tokio_tungstenite::tungstenite::{self, Message};
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

/// The longest a request of an upgrading session waits for the upgrade WebSocket's relay (see
/// "Upgrades" in the module documentation). A safety net, not a delay: the wait ends as soon as
/// the relay has caught up, within a millisecond, unless engineioxide is stuck; the request then
/// goes on as without the wait.
const UPGRADE_ORDER_WAIT: Duration = Duration::from_secs(1);

/// Requests that may queue up for one relay to catch up (the rest wait for room).
const CATCH_UP_QUEUE: usize = 16;

/// The payload of the WebSocket ping the relay sends engineioxide right behind an upgrade's `5`.
const UPGRADE_MARK: &[u8] = b"sandbox: upgraded";

/// Boxed response future of [`FirstPing`].
type ResponseFuture = Pin<Box<dyn Future<Output = Result<Response<Body>, Infallible>> + Send>>;

/// The relay's sending half towards engineioxide.
type EngineTx = SplitSink<WebSocketStream<DuplexStream>, Message>;

/// An Engine.IO service whose new sessions get their first ping one `pingInterval` after the
/// open packet, and whose upgrades keep the order of the client's requests. See the module
/// documentation.
#[derive(Debug, Clone)]
pub(crate) struct FirstPing<S> {
    inner: S,
    /// The Engine.IO path of `inner`, without a trailing slash (`/socket.io`, `/engine.io`).
    path: &'static str,
    /// The WebSocket limits the client side of the relay enforces (those engineioxide has).
    ws_config: WebSocketConfig,
    /// The upgrades under way on relayed WebSockets, shared by all clones.
    upgrades: Arc<Upgrades>,
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
            upgrades: Arc::default(),
            log: Throttle::default(),
        }
    }
}

/// What the shim does with a request.
#[derive(Debug, PartialEq, Eq)]
enum Route {
    /// Anything else, invalid requests included: straight to engineioxide, which answers it as
    /// usual.
    Through,
    /// A long-polling handshake (a new session).
    OpenPolling,
    /// A WebSocket handshake that opens a new session.
    OpenWebSocket,
    /// A long-polling GET of an existing session.
    Poll(Sid),
    /// A WebSocket for an existing session: an upgrade (or a second, unwanted one).
    Upgrade(Sid),
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

/// How the shim handles `req`, an Engine.IO 4 request at `path` or anything else. A sid that
/// engineioxide could not parse leaves the request to engineioxide.
fn route(req: &Request<Body>, path: &str) -> Route {
    let req_path = req.uri().path();
    if req.method() != Method::GET
        || req_path
            .strip_prefix(path)
            .is_none_or(|rest| !rest.is_empty() && rest != "/")
    {
        return Route::Through;
    }
    let (mut eio, mut transport, mut sid) = (None, None, None);
    for pair in req.uri().query().unwrap_or_default().split('&') {
        match pair.split_once('=').unwrap_or((pair, "")) {
            ("EIO", value) => eio = Some(value),
            ("transport", value) => transport = Some(value),
            ("sid", value) => sid = Some(value),
            _ => {}
        }
    }
    if eio != Some("4") {
        return Route::Through;
    }
    let sid = sid.map(Sid::from_str);
    match transport {
        Some("polling") => match sid {
            None => Route::OpenPolling,
            Some(Ok(sid)) => Route::Poll(sid),
            Some(Err(_)) => Route::Through,
        },
        Some("websocket") if req.headers().contains_key(header::SEC_WEBSOCKET_KEY) => match sid {
            None => Route::OpenWebSocket,
            Some(Ok(sid)) => Route::Upgrade(sid),
            Some(Err(_)) => Route::Through,
        },
        _ => Route::Through,
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

/// How far a relayed upgrade has got, in the client's frames and engineioxide's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// No `2probe` from the client yet.
    Opened,
    /// `2probe` relayed: the client is probing, polls get `6` (noop).
    Probing,
    /// `5` relayed; engineioxide has not read past it yet.
    Completing,
    /// engineioxide has taken `5`: the session is on WebSocket, polls get 400 and another
    /// WebSocket is refused.
    Upgraded,
}

impl Stage {
    /// The stage after the client's `message`, if it moves the upgrade on.
    fn after(self, message: &Message) -> Option<Stage> {
        match (self, message) {
            (Stage::Opened, Message::Text(text)) if text.as_str() == "2probe" => {
                Some(Stage::Probing)
            }
            (Stage::Probing, Message::Text(text)) if text.as_str() == "5" => {
                Some(Stage::Completing)
            }
            _ => None,
        }
    }
}

/// The upgrade WebSockets the shim relays, by session: the first WebSocket of each existing
/// session, for as long as its relay runs.
#[derive(Debug, Default)]
struct Upgrades {
    by_sid: Mutex<HashMap<Sid, Arc<UpgradeWatch>>>,
}

/// What the other requests of a session see of its upgrade WebSocket's relay.
#[derive(Debug)]
struct UpgradeWatch {
    sid: Sid,
    /// Asks the relay to take in what the client has sent so far; answered once it has.
    catch_up: mpsc::Sender<oneshot::Sender<()>>,
    stage: watch::Receiver<Stage>,
}

/// The relay's end of an [`UpgradeWatch`]; dropping it takes the session out of [`Upgrades`].
#[derive(Debug)]
struct Tracker {
    sid: Sid,
    catch_up: mpsc::Receiver<oneshot::Sender<()>>,
    stage: watch::Sender<Stage>,
    upgrades: Arc<Upgrades>,
    watch: Arc<UpgradeWatch>,
}

impl Drop for Tracker {
    fn drop(&mut self) {
        let mut by_sid = self
            .upgrades
            .by_sid
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if by_sid
            .get(&self.sid)
            .is_some_and(|watch| Arc::ptr_eq(watch, &self.watch))
        {
            by_sid.remove(&self.sid);
        }
    }
}

impl Upgrades {
    /// Registers an upgrade WebSocket of session `sid`; when the session has one already (this
    /// is a second one), that one's watch.
    fn register(self: &Arc<Self>, sid: Sid) -> Result<Tracker, Arc<UpgradeWatch>> {
        let mut by_sid = self.by_sid.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(watch) = by_sid.get(&sid) {
            return Err(Arc::clone(watch));
        }
        let (catch_up_tx, catch_up_rx) = mpsc::channel(CATCH_UP_QUEUE);
        let (stage_tx, stage_rx) = watch::channel(Stage::Opened);
        let watch = Arc::new(UpgradeWatch {
            sid,
            catch_up: catch_up_tx,
            stage: stage_rx,
        });
        by_sid.insert(sid, Arc::clone(&watch));
        Ok(Tracker {
            sid,
            catch_up: catch_up_rx,
            stage: stage_tx,
            upgrades: Arc::clone(self),
            watch,
        })
    }

    /// The relayed upgrade of session `sid`, if there is one.
    fn watch(&self, sid: Sid) -> Option<Arc<UpgradeWatch>> {
        self.by_sid
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&sid)
            .cloned()
    }
}

impl UpgradeWatch {
    /// Waits until engineioxide has seen what the client sent on the upgrade WebSocket before
    /// the request that calls this: the relay takes it all in, and if that includes `5`,
    /// engineioxide takes the `5`. Says so on `log` when [`UPGRADE_ORDER_WAIT`] runs out.
    async fn catch_up(&self, log: &Throttle) {
        let caught_up = tokio::time::timeout(UPGRADE_ORDER_WAIT, async {
            let (done_tx, done_rx) = oneshot::channel();
            if self.catch_up.send(done_tx).await.is_ok() {
                // An error here: the relay ended meanwhile.
                let _ = done_rx.await;
            }
            let mut stage = self.stage.clone();
            // An error here: the relay ended, the stage stays where it is.
            let _ = stage.wait_for(|stage| *stage != Stage::Completing).await;
        })
        .await;
        if caught_up.is_err() {
            log.warn(|| {
                format!(
                    "the upgrade WebSocket of session {} did not catch up within \
                     {UPGRADE_ORDER_WAIT:?}; a request of that session goes on regardless",
                    self.sid
                )
            });
        }
    }
}

/// The WebSocket a relay carries.
enum Relayed {
    /// A new session's: engineioxide's first ping is taken out and answered.
    NewSession,
    /// The upgrade WebSocket of an existing session, whose progress the relay reports.
    Upgrade(Tracker),
    /// Another WebSocket for a session that has one already (whose watch this is): it goes to
    /// engineioxide (which refuses it once the session is on WebSocket) once the first one has
    /// caught up.
    Another(Arc<UpgradeWatch>),
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
        match route(&req, self.path) {
            Route::Through => Box::pin(async move { Ok(inner.call(req).await?.map(Body::new)) }),
            Route::OpenPolling => {
                let this = self.clone();
                Box::pin(async move { Ok(this.open_polling(inner, req).await) })
            }
            Route::Poll(sid) => match self.upgrades.watch(sid) {
                // No relayed upgrade: straight through, as any other request.
                None => Box::pin(async move { Ok(inner.call(req).await?.map(Body::new)) }),
                Some(watch) => {
                    let log = self.log.clone();
                    Box::pin(async move {
                        watch.catch_up(&log).await;
                        Ok(inner.call(req).await?.map(Body::new))
                    })
                }
            },
            Route::OpenWebSocket => {
                let response = self.relay_websocket(inner, req, Relayed::NewSession);
                Box::pin(async move { Ok(response) })
            }
            Route::Upgrade(sid) => {
                // Registered before the 101 goes out, so every later request of the client
                // finds it.
                let relayed = match self.upgrades.register(sid) {
                    Ok(tracker) => Relayed::Upgrade(tracker),
                    Err(first) => Relayed::Another(first),
                };
                let response = self.relay_websocket(inner, req, relayed);
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
        // A session closed meanwhile needs no pong.
        self.post_packet(inner, sid, "3").await;
    }

    /// Posts one packet into session `sid` over long-polling, as its client would; the answer
    /// does not matter (a session that is gone, or on WebSocket, answers 400).
    async fn post_packet(&self, mut inner: S, sid: &str, packet: &'static str) {
        let uri = format!("{}/?EIO=4&transport=polling&sid={sid}", self.path);
        let Ok(post) = Request::post(&uri)
            .header(header::CONTENT_TYPE, "text/plain;charset=UTF-8")
            .body(Body::from(packet))
        else {
            return;
        };
        let _ = ready_call(&mut inner, post).await;
    }

    /// A WebSocket handshake: answers 101 and relays the connection to engineioxide.
    fn relay_websocket(
        &self,
        inner: S,
        mut req: Request<Body>,
        relayed: Relayed,
    ) -> Response<Body> {
        let Some(key) = req.headers().get(header::SEC_WEBSOCKET_KEY) else {
            return StatusCode::BAD_REQUEST.into_response();
        };
        let Ok(accept) = HeaderValue::from_str(&derive_accept_key(key.as_bytes())) else {
            return StatusCode::BAD_REQUEST.into_response();
        };
        let upgrade = hyper::upgrade::on(&mut req);
        let (parts, _body) = req.into_parts();
        let this = self.clone();
        tokio::spawn(async move { this.run_relay(inner, upgrade, parts, relayed).await });
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
        let headers = response.headers_mut();
        headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
        headers.insert(header::CONNECTION, HeaderValue::from_static("Upgrade"));
        headers.insert(header::SEC_WEBSOCKET_ACCEPT, accept);
        response
    }

    /// Hands the upgraded connection's other end to engineioxide and relays between the two.
    async fn run_relay(self, mut inner: S, upgrade: OnUpgrade, parts: Parts, relayed: Relayed) {
        // The client went away before the upgrade finished: nothing to relay (engineioxide has
        // not seen this WebSocket).
        let Ok(upgraded) = upgrade.await else { return };
        let client = WebSocketStream::from_raw_socket(
            TokioIo::new(upgraded),
            Role::Server,
            Some(self.ws_config),
        )
        .await;
        let (hide_first_ping, mut tracker) = match relayed {
            Relayed::NewSession => (true, None),
            Relayed::Upgrade(tracker) => (false, Some(tracker)),
            Relayed::Another(first) => {
                first.catch_up(&self.log).await;
                (false, None)
            }
        };
        let (engine_end, relay_end) = tokio::io::duplex(PIPE_BUFFER);
        // engineioxide takes its end of the pipe as any upgraded connection: a new session
        // (open packet, heartbeat, messages) or the upgrade of an existing one.
        if ready_call(&mut inner, (engine_end, Request::from_parts(parts, ())))
            .await
            .is_err()
        {
            return;
        }
        let engine = WebSocketStream::from_raw_socket(relay_end, Role::Client, None).await;
        relay(client, engine, hide_first_ping, tracker.as_mut()).await;
        if let Some(tracker) = tracker
            && *tracker.stage.borrow() != Stage::Upgraded
        {
            self.close_failed_upgrade(inner, tracker.sid).await;
        }
    }

    /// Closes session `sid` after its relayed upgrade ended before engineioxide took the `5`,
    /// as engineioxide does when an upgrade on a WebSocket of its own fails. (Through the
    /// raw-stream service it does not: the session would wait for the upgrade, unpinged, for
    /// ever.) The close packet goes in over long-polling, where the session still is.
    async fn close_failed_upgrade(&self, inner: S, sid: Sid) {
        self.post_packet(inner, &sid.to_string(), "1").await;
    }
}

/// What a relay turns to next.
enum Event {
    Client(Option<Result<Message, tungstenite::Error>>),
    Engine(Option<Result<Message, tungstenite::Error>>),
    /// A request of the session asks the relay to take in what the client has sent so far.
    CatchUp(oneshot::Sender<()>),
}

/// The next catch-up request for an upgrade relay; never for other relays.
async fn next_catch_up(tracker: &mut Option<&mut Tracker>) -> Option<oneshot::Sender<()>> {
    match tracker {
        Some(tracker) => tracker.catch_up.recv().await,
        None => std::future::pending().await,
    }
}

/// Relays messages both ways until either side closes. For a new session (`hide_first_ping`)
/// it drops engineioxide's first ping and answers it itself; for an upgrade (`tracker`) it
/// reports the upgrade's progress and catches up with the client when asked to.
async fn relay<C>(
    client: WebSocketStream<C>,
    engine: WebSocketStream<DuplexStream>,
    mut hide_first_ping: bool,
    mut tracker: Option<&mut Tracker>,
) where
    C: AsyncRead + AsyncWrite + Unpin,
{
    let (mut client_tx, mut client_rx) = client.split();
    let (mut engine_tx, mut engine_rx) = engine.split();
    loop {
        let event = tokio::select! {
            message = client_rx.next() => Event::Client(message),
            message = engine_rx.next() => Event::Engine(message),
            Some(done) = next_catch_up(&mut tracker) => Event::CatchUp(done),
        };
        let go_on = match event {
            Event::Client(message) => {
                from_client(message, &mut engine_tx, tracker.as_deref()).await
            }
            Event::CatchUp(done) => {
                // What the client sent before the request that asks is in the socket's buffer
                // by now (the request came after it): take in all that is readable, without
                // waiting for more.
                let mut go_on = true;
                while go_on && let Some(message) = client_rx.next().now_or_never() {
                    go_on = from_client(message, &mut engine_tx, tracker.as_deref()).await;
                }
                // The asker may have given up waiting.
                let _ = done.send(());
                go_on
            }
            Event::Engine(message) => match message {
                Some(Ok(Message::Text(text))) if hide_first_ping && text.as_str() == "2" => {
                    hide_first_ping = false;
                    engine_tx.send(Message::text("3")).await.is_ok()
                }
                Some(Ok(Message::Pong(payload))) if payload.as_ref() == UPGRADE_MARK => {
                    if let Some(tracker) = tracker.as_deref() {
                        tracker.stage.send_replace(Stage::Upgraded);
                    }
                    true
                }
                // WebSocket-level pings are answered by each side's own library.
                Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => true,
                Some(Ok(Message::Close(frame))) => {
                    let _ = client_tx.send(Message::Close(frame)).await;
                    false
                }
                Some(Ok(message)) => client_tx.send(message).await.is_ok(),
                Some(Err(_)) | None => false,
            },
        };
        if !go_on {
            break;
        }
    }
    // Whichever side ended, the other one ends too: engineioxide then closes the session.
    let _ = client_tx.close().await;
    let _ = engine_tx.close().await;
}

/// Passes one message from the client on to engineioxide, moving `tracker`'s upgrade on;
/// `false` when the relay is to end.
async fn from_client(
    message: Option<Result<Message, tungstenite::Error>>,
    engine_tx: &mut EngineTx,
    tracker: Option<&Tracker>,
) -> bool {
    match message {
        // WebSocket-level pings are answered by each side's own library.
        Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => true,
        Some(Ok(Message::Close(frame))) => {
            let _ = engine_tx.send(Message::Close(frame)).await;
            false
        }
        Some(Ok(message)) => {
            let next = tracker.and_then(|tracker| tracker.stage.borrow().after(&message));
            if engine_tx.send(message).await.is_err() {
                return false;
            }
            // engineioxide's WebSocket library answers this ping when engineioxide reads on
            // past the `5`, which it does once it has put the session on WebSocket.
            if next == Some(Stage::Completing)
                && engine_tx
                    .send(Message::Ping(Bytes::from_static(UPGRADE_MARK)))
                    .await
                    .is_err()
            {
                return false;
            }
            if let (Some(tracker), Some(next)) = (tracker, next) {
                tracker.stage.send_replace(next);
            }
            true
        }
        // A reset, an oversized message or a protocol error: engineioxide would have dropped
        // the session the same way.
        Some(Err(_)) | None => false,
    }
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
    fn routes_engine_io_4_requests() {
        let path = "/socket.io";
        let sid = Sid::from_str("lv_VI97HAXpY6yYW").unwrap();
        let route = |uri, ws| route(&get(uri, ws), path);
        assert_eq!(
            route("/socket.io/?EIO=4&transport=polling", false),
            Route::OpenPolling
        );
        assert_eq!(
            route("/socket.io/?EIO=4&transport=polling&t=x", false),
            Route::OpenPolling
        );
        assert_eq!(
            route("/socket.io?transport=websocket&EIO=4", true),
            Route::OpenWebSocket
        );
        assert_eq!(
            route(
                "/socket.io/?EIO=4&transport=polling&sid=lv_VI97HAXpY6yYW",
                false
            ),
            Route::Poll(sid)
        );
        assert_eq!(
            route(
                "/socket.io/?EIO=4&sid=lv_VI97HAXpY6yYW&transport=websocket",
                true
            ),
            Route::Upgrade(sid)
        );
        // Sids engineioxide cannot parse, other versions and bad requests are engineioxide's.
        assert_eq!(
            route("/socket.io/?EIO=4&transport=polling&sid=abc", false),
            Route::Through
        );
        assert_eq!(
            route("/socket.io/?EIO=4&transport=websocket&sid=abc", true),
            Route::Through
        );
        assert_eq!(
            route("/socket.io/?EIO=3&transport=polling", false),
            Route::Through
        );
        assert_eq!(
            route("/socket.io/?EIO=4&transport=websocket", false),
            Route::Through
        );
        assert_eq!(route("/socket.io/?EIO=4", false), Route::Through);
        assert_eq!(
            route("/socket.io/x?EIO=4&transport=polling", false),
            Route::Through
        );
        assert_eq!(
            route("/socket.iox/?EIO=4&transport=polling", false),
            Route::Through
        );
        assert_eq!(
            route("/engine.io/?EIO=4&transport=polling", false),
            Route::Through
        );
        for method in [Method::POST, Method::OPTIONS] {
            let other = Request::builder()
                .method(method)
                .uri("/socket.io/?EIO=4&transport=polling&sid=lv_VI97HAXpY6yYW")
                .body(Body::empty())
                .unwrap();
            assert_eq!(super::route(&other, path), Route::Through);
        }
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

    #[test]
    fn an_upgrade_moves_on_with_2probe_then_5() {
        let text = Message::text;
        assert_eq!(Stage::Opened.after(&text("2probe")), Some(Stage::Probing));
        assert_eq!(Stage::Probing.after(&text("5")), Some(Stage::Completing));
        // Out of order, or anything else, changes nothing: engineioxide fails the upgrade.
        assert_eq!(Stage::Opened.after(&text("5")), None);
        assert_eq!(Stage::Probing.after(&text("2probe")), None);
        assert_eq!(Stage::Completing.after(&text("5")), None);
        assert_eq!(Stage::Opened.after(&text("4hello")), None);
        assert_eq!(Stage::Opened.after(&Message::binary(&b"2probe"[..])), None);
    }

    #[tokio::test]
    async fn a_session_leaves_the_registry_with_its_relay() {
        let upgrades = Arc::new(Upgrades::default());
        let sid = Sid::from_str("lv_VI97HAXpY6yYW").unwrap();
        let tracker = upgrades.register(sid).expect("first WebSocket");
        let first = upgrades
            .register(sid)
            .expect_err("a second one is not registered");
        assert!(Arc::ptr_eq(&first, &upgrades.watch(sid).unwrap()));
        drop(tracker);
        assert!(upgrades.watch(sid).is_none());
        // Nor is there anything to wait for once the relay has ended.
        tokio::time::timeout(Duration::from_secs(5), first.catch_up(&Throttle::default()))
            .await
            .expect("no wait after the relay");
    }
}
