//! The Engine.IO echo server of `--protocol-test`, at `/engine.io/`: what the engine.io-protocol
//! `test-suite/` (and socketioxide's port of it) talks to. Every message, text or binary, is sent
//! straight back to the session it came from, with the suite's timings (pingInterval 300 ms,
//! pingTimeout 200 ms, maxPayload 1,000,000).
//!
//! It is engineioxide, socketioxide's own Engine.IO layer, with a four-line handler: the protocol
//! (handshake, polling, upgrade, heartbeat) is the same code the Socket.IO side runs on, so the
//! suite checks what the counter actually uses.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use engineioxide::Str;
use engineioxide::config::EngineIoConfig;
use engineioxide::handler::EngineIoHandler;
use engineioxide::service::EngineIoService;
use engineioxide::socket::{DisconnectReason, Socket};

/// Where the suites look for the Engine.IO server.
pub(crate) const PATH: &str = "/engine.io";

/// Sends every message back where it came from.
#[derive(Debug)]
pub(crate) struct Echo;

impl EngineIoHandler for Echo {
    type Data = ();

    fn on_connect(self: Arc<Self>, _socket: Arc<Socket<()>>) {}

    fn on_disconnect(&self, _socket: Arc<Socket<()>>, _reason: DisconnectReason) {}

    fn on_message(self: &Arc<Self>, msg: Str, socket: Arc<Socket<()>>) {
        // A full buffer or a closed session drops the echo, as the reference server would.
        let _ = socket.emit(msg);
    }

    fn on_binary(self: &Arc<Self>, data: Bytes, socket: Arc<Socket<()>>) {
        let _ = socket.emit_binary(data);
    }
}

/// The echo service with the suites' settings. `max_payload` bounds polling payloads and, like
/// on the Socket.IO side, WebSocket messages and frames too.
pub(crate) fn service(
    ping_interval: Duration,
    ping_timeout: Duration,
    max_payload: u64,
) -> EngineIoService<Echo> {
    let ws_max = usize::try_from(max_payload).unwrap_or(usize::MAX);
    let config = EngineIoConfig::builder()
        .req_path(PATH)
        .ping_interval(ping_interval)
        .ping_timeout(ping_timeout)
        .max_payload(max_payload)
        .ws_max_message_size(ws_max)
        .ws_max_frame_size(ws_max)
        .build();
    EngineIoService::with_config(Arc::new(Echo), config)
}
