//! `/socket.io/socket.io.js`: the browser's Socket.IO client.
//!
//! Nothing may be vendored, so this is a small client written for this project
//! (`client/socket.io.js`): WebSocket transport only, `io()`, `on`, `emit`, acknowledgements,
//! `disconnect`, heartbeat and bounded reconnection. It gets a route of its own because
//! socketioxide, as the router's fallback, would answer every other path under `/socket.io/`.

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

/// The client source, compiled into the binary so `--project DIR` never needs to provide it.
pub(crate) const SOURCE: &str = include_str!("client/socket.io.js");

/// Where the client is served.
pub(crate) const PATH: &str = "/socket.io/socket.io.js";

pub(crate) fn routes() -> Router {
    Router::new().route(PATH, get(script))
}

async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            // It changes only with the binary; a reload after rebuilding should see it.
            (header::CACHE_CONTROL, "no-cache"),
        ],
        SOURCE,
    )
}
