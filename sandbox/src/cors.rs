//! CORS for lesson pages on other local origins.
//!
//! Hints run in the lesson page and `fetch` the sandbox's `/_api/*`, so the browser asks the
//! sandbox whether that page's origin may read the answer. Allowed: `http(s)://localhost`,
//! `127.0.0.1` and `[::1]` on any port (`lessons serve`, another dev server) and `null`, the
//! origin browsers give `file://` pages. Nothing else: the sandbox only ever listens on loopback
//! by default, and a public web page has no business reading a learner's sources.
//!
//! Credentials are not allowed: hints send no cookies, and leaving them out keeps the `null`
//! origin harmless.

use std::time::Duration;

use axum::http::{HeaderValue, Method, request::Parts};
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer};

/// The layer for the whole router, Socket.IO's long-polling included.
pub(crate) fn layer() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(|origin: &HeaderValue, _: &Parts| {
            origin.to_str().is_ok_and(is_local_origin)
        }))
        .allow_methods([Method::GET, Method::HEAD, Method::POST, Method::OPTIONS])
        .allow_headers(AllowHeaders::mirror_request())
        .max_age(Duration::from_secs(600))
}

/// `null`, or an http(s) origin whose host is a loopback name, with any port or none.
pub(crate) fn is_local_origin(origin: &str) -> bool {
    if origin == "null" {
        return true;
    }
    let Some(rest) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return false;
    };
    let (host, port) = match rest.rsplit_once(':') {
        // `[::1]` alone has colons too; only a colon after the closing bracket starts a port.
        Some((host, port)) if !port.contains(']') => (host, Some(port)),
        _ => (rest, None),
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.parse::<u16>().is_ok());
    port_ok && matches!(host, "localhost" | "127.0.0.1" | "[::1]")
}

#[cfg(test)]
mod tests {
    use super::is_local_origin;

    #[test]
    fn local_origins_only() {
        for ok in [
            "null",
            "http://localhost",
            "http://localhost:8080",
            "http://127.0.0.1:3000",
            "https://localhost:1",
            "http://[::1]:4000",
            "http://[::1]",
        ] {
            assert!(is_local_origin(ok), "{ok}");
        }
        for bad in [
            "http://example.com",
            "http://localhost.example.com",
            "http://evil.com:localhost",
            "http://127.0.0.1.nip.io:3000",
            "http://localhost:",
            "http://localhost:99999",
            "http://localhost:80/path",
            "file://",
            "localhost:3000",
        ] {
            assert!(!is_local_origin(bad), "{bad}");
        }
    }
}
