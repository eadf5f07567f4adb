//! The real-time user counter that backend lesson hints run against (issue 4).
//!
//! freeCodeCamp never runs its backend hints: they need "a full working project". This crate is
//! that project. It serves a learner project directory the way freeCodeCamp's boilerplates do
//! (`/_api/server.js`, `/_api/package.json`, `/public/*`) and runs the counter those lessons
//! teach: every connect and disconnect broadcasts `'user count'` with the new number.
//!
//! It listens on 127.0.0.1 and expects hostile neighbours all the same: requests for a foreign
//! `Host` (DNS rebinding) and Socket.IO connections from foreign pages are refused (`guard`),
//! request headers have a deadline and open connections a cap (`server`), every transport
//! enforces the payload limit, and a CONNECT whose auth payload is not an object is refused.
//!
//! Several sandboxes can share one count through Redis (`--redis`, [`Config::redis`]): each
//! client then sees the number of users over all of them (see the `cluster` module).
//!
//! ```no_run
//! # async fn demo() -> Result<(), sandbox::Error> {
//! let handle = sandbox::start(sandbox::Config::ephemeral()).await?;
//! println!("hints can fetch {}_api/server.js", handle.url());
//! handle.shutdown().await?;
//! # Ok(()) }
//! ```
#![warn(missing_docs)]

pub mod cli;
mod client;
mod cluster;
mod cors;
mod counter;
mod engine_echo;
mod files;
mod first_ping;
mod guard;
mod protocol_test;
mod server;
mod throttle;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use socketioxide::SocketIo;
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How many connections may wait in the kernel's accept queue. The prototype lost connects in a
/// 2,000-client burst with the default of 1,024; the kernel caps this at `net.core.somaxconn`.
const LISTEN_BACKLOG: u32 = 8192;

/// How long a graceful shutdown waits for open HTTP requests before giving up on them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The most bytes one Engine.IO payload may have, on every transport (Socket.IO's default
/// `maxHttpBufferSize` is 1 MB; socketioxide's, which the counter announces, is 100 kB).
const MAX_PAYLOAD: u64 = 100_000;

/// What to serve and how.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on. Port 0 picks any free port; read it back from [`Handle::local_addr`].
    pub addr: SocketAddr,
    /// The learner project whose files `/_api/*`, `/public/*` and `/` serve; `None` serves the
    /// reference project compiled into the binary (`sandbox/project/` at build time).
    pub project_dir: Option<PathBuf>,
    /// Run the Socket.IO conformance-suite server instead of the counter (see `--protocol-test`).
    pub protocol_test: bool,
    /// How often the server pings each client (Engine.IO `pingInterval`).
    pub ping_interval: Duration,
    /// How long a client has to answer a ping before it is counted out (`pingTimeout`).
    pub ping_timeout: Duration,
    /// Host names answered besides the addresses the sandbox listens on (a forwarded port's
    /// name in a cloud editor, say). Every other `Host` gets 421: see `--allow-host`.
    pub allowed_hosts: Vec<String>,
    /// How long a client may take to send a request's headers, counted from the moment the
    /// connection is ready for one: a connection that stays silent or idle that long, or sends
    /// half its headers, is closed. WebSockets are watched by the heartbeat instead.
    pub header_read_timeout: Duration,
    /// The most connections open at once, WebSockets included; more are answered 503.
    pub max_connections: usize,
    /// `--redis`: share the count with every sandbox using this Redis (e.g.
    /// `redis://127.0.0.1:6379`) through socketioxide's Redis adapter; `None` keeps it in memory.
    /// Not with `protocol_test`.
    pub redis: Option<String>,
}

impl Default for Config {
    /// 127.0.0.1:3000, the built-in reference project, Socket.IO's default heartbeat
    /// (25 s + 20 s), 10 s for a request's headers, 16,384 connections.
    fn default() -> Self {
        Config {
            addr: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 3000),
            project_dir: None,
            protocol_test: false,
            ping_interval: Duration::from_secs(25),
            ping_timeout: Duration::from_secs(20),
            allowed_hosts: Vec::new(),
            header_read_timeout: Duration::from_secs(10),
            max_connections: 16_384,
            redis: None,
        }
    }
}

impl Config {
    /// The defaults, on any free loopback port: what tests and `lessons test` want.
    pub fn ephemeral() -> Self {
        Config {
            addr: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            ..Config::default()
        }
    }
}

/// Why the sandbox could not start or stop.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Another process already listens on the address.
    #[error("{addr} is already in use: stop the other server or pass --port 0 / another port")]
    AddrInUse {
        /// The address asked for.
        addr: SocketAddr,
    },
    /// Any other failure to listen (permission denied for ports < 1024, unknown address, ...).
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address asked for.
        addr: SocketAddr,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The project directory is missing or not a directory.
    #[error("project directory {}: {source}", path.display())]
    Project {
        /// The directory asked for.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// `--redis`: the Redis server could not be reached or set up.
    #[error("redis at {url}: {message}")]
    Redis {
        /// The URL asked for, without its password.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// `--redis` and `--protocol-test` together: the conformance server has no count to share.
    #[error("--redis cannot be combined with --protocol-test")]
    RedisWithProtocolTest,
    /// The server stopped with an I/O error, or its runtime could not be built.
    #[error("sandbox server: {0}")]
    Server(#[source] std::io::Error),
}

/// A running sandbox. Dropping it without [`Handle::shutdown`] also stops the server, so a test
/// that panics does not leave a listener behind.
#[derive(Debug)]
pub struct Handle {
    local_addr: SocketAddr,
    io: Io,
    counter: counter::Counter,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl Handle {
    /// The address actually bound (the real port when the config asked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Base URL with a trailing slash, e.g. `http://127.0.0.1:3000/`. An unspecified bind address
    /// (0.0.0.0, ::) is reported as loopback, because that is the address a local browser can use.
    pub fn url(&self) -> String {
        let ip = match self.local_addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        format!("http://{}/", SocketAddr::new(ip, self.local_addr.port()))
    }

    /// The number of users connected now, which every client gets with the counter's next
    /// broadcast (0 in protocol-test mode).
    pub fn user_count(&self) -> usize {
        self.counter.published()
    }

    /// Stops accepting connections, disconnects every Socket.IO client and waits (at most a few
    /// seconds) for open HTTP requests to finish.
    pub async fn shutdown(mut self) -> Result<(), Error> {
        self.shutdown_inner().await
    }

    async fn shutdown_inner(&mut self) -> Result<(), Error> {
        self.counter.close();
        // With a cluster, the broadcaster removes this instance from the shared count first, so
        // the other instances do not wait for its lease to run out.
        self.counter.stopped(SHUTDOWN_GRACE).await;
        // Upgraded WebSocket connections are not tracked by axum's graceful shutdown, so close
        // the Socket.IO sessions ourselves; clients then see a clean "io server disconnect".
        self.io.disconnect_local().await;
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let Some(task) = self.task.take() else {
            return Ok(());
        };
        match tokio::time::timeout(SHUTDOWN_GRACE, task).await {
            Ok(Ok(result)) => result.map_err(Error::Server),
            Ok(Err(join)) => Err(Error::Server(std::io::Error::other(join))),
            // Requests still open after the grace period are dropped with the runtime.
            Err(_elapsed) => Ok(()),
        }
    }
}

/// The Socket.IO server, on the in-memory adapter or on the Redis one.
#[derive(Debug)]
enum Io {
    Local(SocketIo),
    Redis(SocketIo<socketioxide_redis::RedisAdapter<socketioxide::adapter::Emitter>>),
}

impl Io {
    /// Disconnects this instance's clients (only those: with Redis, `disconnect()` would end the
    /// other instances' sessions too).
    async fn disconnect_local(&self) {
        // A socket that is already gone is exactly what we want: nothing to report.
        match self {
            Io::Local(io) => {
                for ns in io.nsps() {
                    let _ = ns.disconnect().await;
                }
            }
            Io::Redis(io) => {
                for ns in io.nsps() {
                    let _ = ns.local().disconnect().await;
                }
            }
        }
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        self.counter.close();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Binds `config.addr` and serves the sandbox in the background on the current tokio runtime.
pub async fn start(config: Config) -> Result<Handle, Error> {
    if config.protocol_test && config.redis.is_some() {
        return Err(Error::RedisWithProtocolTest);
    }
    let project = match &config.project_dir {
        Some(dir) => files::Project::open(dir)?,
        None => files::Project::reference(),
    };
    let listener = bind(config.addr)?;
    let local_addr = listener.local_addr().map_err(Error::Server)?;

    let (builder, max_payload) = if config.protocol_test {
        (protocol_test::builder(), protocol_test::MAX_PAYLOAD)
    } else {
        let builder = SocketIo::builder()
            .ping_interval(config.ping_interval)
            .ping_timeout(config.ping_timeout)
            .max_payload(MAX_PAYLOAD)
            // Room for bursts: a 2,000-client connect storm sends each client thousands of
            // counts; a full buffer drops an emit, which the counter then has to repair.
            .max_buffer_size(1024);
        (builder, MAX_PAYLOAD)
    };
    // `max_payload` bounds long-polling only; a WebSocket message (64 MiB by default) and frame
    // get the same bound, so the limit the handshake announces holds on every transport.
    let ws_max = usize::try_from(max_payload).unwrap_or(usize::MAX);
    let builder = builder
        .ws_max_message_size(ws_max)
        .ws_max_frame_size(ws_max);
    let app: Router = Router::new()
        .merge(files::routes(Arc::new(project)))
        .merge(client::routes());
    // socketioxide answers everything under /socket.io/, so it must come last: the client
    // script above has a route of its own and wins.
    let (app, io, counter) = if let Some(url) = &config.redis {
        let redis_error = |message: String| Error::Redis {
            url: cluster::redacted(url),
            message,
        };
        let (adapter, cluster) = cluster::connect(url).await.map_err(|e| redis_error(e.0))?;
        let (socket_service, io) = builder
            .with_adapter::<socketioxide_redis::RedisAdapter<_>>(adapter)
            .build_svc();
        let counter = counter::Counter::clustered(cluster);
        // Subscribed before the first client can connect, so no broadcast is missed.
        if let Err(e) = counter.install(&io).await {
            // Stops the broadcaster and the change listener that `install` started.
            counter.close();
            return Err(redis_error(e.to_string()));
        }
        (app.fallback_service(socket_service), Io::Redis(io), counter)
    } else {
        let (socket_service, io) = builder.build_svc();
        let counter = counter::Counter::default();
        if config.protocol_test {
            protocol_test::install(&io);
        } else {
            counter.install(&io);
        }
        (
            local_app(app, &config, socket_service, max_payload, ws_max),
            Io::Local(io),
            counter,
        )
    };
    let app = app
        .layer(cors::layer())
        // Outermost: a request for a foreign Host gets nothing, not even a CORS answer.
        .layer(axum::middleware::from_fn_with_state(
            guard::Guard::new(config.addr.ip(), local_addr.port(), &config.allowed_hosts),
            guard::check,
        ));

    let limits = server::Limits {
        header_read_timeout: config.header_read_timeout,
        max_connections: config.max_connections.max(1),
    };
    // Both an explicit shutdown and a dropped handle end the server.
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(server::serve(listener, app, limits, stopped));

    Ok(Handle {
        local_addr,
        io,
        counter,
        stop: Some(stop),
        task: Some(task),
    })
}

/// The routes of the in-memory server: the counter, or the conformance-suite server with its
/// Engine.IO echo endpoint and first-ping shims.
fn local_app(
    app: Router,
    config: &Config,
    socket_service: socketioxide::service::SocketIoService<engineioxide::service::NotFoundService>,
    max_payload: u64,
    ws_max: usize,
) -> Router {
    if config.protocol_test {
        let echo = first_ping::FirstPing::new(
            engine_echo::service(
                protocol_test::PING_INTERVAL,
                protocol_test::PING_TIMEOUT,
                max_payload,
            ),
            engine_echo::PATH,
            ws_max,
        );
        app.route_service(&format!("{}/", engine_echo::PATH), echo.clone())
            .route_service(engine_echo::PATH, echo)
            .fallback_service(first_ping::FirstPing::new(
                socket_service,
                "/socket.io",
                ws_max,
            ))
    } else {
        app.fallback_service(socket_service)
    }
}

/// Opens the listening socket with a backlog big enough for a connect storm.
fn bind(addr: SocketAddr) -> Result<TcpListener, Error> {
    let listen_error = |source: std::io::Error| {
        if source.kind() == std::io::ErrorKind::AddrInUse {
            Error::AddrInUse { addr }
        } else {
            Error::Listen { addr, source }
        }
    };
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()
    } else {
        TcpSocket::new_v6()
    }
    .map_err(listen_error)?;
    // Lets a restarted sandbox reuse its port while old connections sit in TIME_WAIT; a live
    // listener on the port still makes bind fail with AddrInUse.
    socket.set_reuseaddr(true).map_err(listen_error)?;
    socket.bind(addr).map_err(listen_error)?;
    socket.listen(LISTEN_BACKLOG).map_err(listen_error)
}

/// A sandbox running on its own tokio runtime, for callers without one (a synchronous hint
/// runner, a test harness). Dropping it stops the server.
#[derive(Debug)]
pub struct BlockingHandle {
    handle: Option<Handle>,
    runtime: tokio::runtime::Runtime,
}

impl BlockingHandle {
    /// See [`Handle::local_addr`].
    pub fn local_addr(&self) -> SocketAddr {
        self.handle.as_ref().map_or_else(
            || SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            Handle::local_addr,
        )
    }

    /// See [`Handle::url`].
    pub fn url(&self) -> String {
        self.handle.as_ref().map(Handle::url).unwrap_or_default()
    }

    /// See [`Handle::user_count`].
    pub fn user_count(&self) -> usize {
        self.handle.as_ref().map_or(0, Handle::user_count)
    }

    /// See [`Handle::shutdown`]; blocks until the server has stopped.
    pub fn shutdown(mut self) -> Result<(), Error> {
        match self.handle.take() {
            Some(handle) => self.runtime.block_on(handle.shutdown()),
            None => Ok(()),
        }
    }
}

impl Drop for BlockingHandle {
    fn drop(&mut self) {
        if let Some(mut handle) = self.handle.take() {
            // Best effort: errors on the way down have nobody left to read them.
            let _ = self.runtime.block_on(handle.shutdown_inner());
        }
    }
}

/// The tokio runtime for [`start`] with `config` when a program serves nothing else: `sandbox`
/// and `lessons sandbox` build theirs here.
///
/// In `--protocol-test` mode it has one thread. The suites send requests on different
/// connections one right after the other (a long-polling GET, then a POST with a close packet)
/// and expect them handled in that order, as the single-threaded reference server does. On
/// several threads the connection accepted second can be served first (tokio runs the task
/// spawned last next), and the GET then finds its session closed: 1 in 10 in a tight loop, and
/// "forcefully closes the session" in engineioxide's v4 suite failed once in 20 runs. The
/// counter mode keeps several threads for its thousands of clients.
pub fn runtime(config: &Config) -> Result<tokio::runtime::Runtime, Error> {
    let mut builder = if config.protocol_test {
        tokio::runtime::Builder::new_current_thread()
    } else {
        tokio::runtime::Builder::new_multi_thread()
    };
    builder.enable_all().build().map_err(Error::Server)
}

/// [`start`] for callers without a tokio runtime: builds a small one that serves in background
/// threads until the returned handle is shut down or dropped.
///
/// Its runtime has two threads in every mode, `--protocol-test` included (a one-thread runtime
/// would serve only while someone blocks on it): such a sandbox may serve requests sent on
/// different connections out of order (see [`runtime`]).
pub fn start_blocking(config: Config) -> Result<BlockingHandle, Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("sandbox")
        .enable_all()
        .build()
        .map_err(Error::Server)?;
    let handle = runtime.block_on(start(config))?;
    Ok(BlockingHandle {
        handle: Some(handle),
        runtime,
    })
}
