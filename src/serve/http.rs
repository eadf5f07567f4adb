//! The dev server's HTTP side: site files from memory (never from disk, so nothing outside the
//! site can be reached), the live-reload event stream, the error page, and the preview pages.

use std::convert::Infallible;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::live::Live;
use super::preview;
use crate::diagnostic::Printer;
use crate::render::html::escape;

/// Shared by every request.
#[derive(Clone)]
pub struct App {
    pub live: Arc<RwLock<Live>>,
    /// Each rebuild's generation number, for the reload stream.
    pub reloads: broadcast::Sender<u64>,
}

pub fn router(app: App) -> Router {
    Router::new()
        .route("/__lessons/events", get(events))
        .route("/__lessons/status", get(status))
        .route("/__preview", get(preview_root))
        .route("/__preview/", get(preview_root))
        .route("/__preview/{locale}", get(preview_index))
        .route("/__preview/{locale}/", get(preview_index))
        .route("/__preview/{locale}/{id}", get(preview_lesson))
        .route("/__preview/{locale}/{id}/", get(preview_lesson))
        .fallback(get(site_file))
        .with_state(app)
}

/// The script added to every HTML page: reload when a rebuild finishes.
const RELOAD: &str = "<script>(()=>{let seen=null;const s=new EventSource('/__lessons/events');\
s.onmessage=(e)=>{if(seen!==null&&e.data!==seen){location.reload();}seen=e.data;};})();</script>";

/// Server-sent events: the current generation at once, then one per rebuild.
async fn events(State(app): State<App>) -> impl IntoResponse {
    let now = app.live.read().map(|l| l.generation).unwrap_or(0);
    let rx = app.reloads.subscribe();
    let stream = tokio_stream::once(now)
        .chain(BroadcastStream::new(rx).filter_map(Result::ok))
        .map(|g| Ok::<_, Infallible>(Event::default().data(g.to_string())));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn status(State(app): State<App>) -> impl IntoResponse {
    let Ok(live) = app.live.read() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let body = serde_json::json!({
        "generation": live.generation,
        "pages": live.files.len(),
        "errors": live.errors().map(|d| d.to_string()).collect::<Vec<_>>(),
    });
    (
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// A site path from a request path: percent-decoded, and refused (None) when any segment is
/// `..`, `.`, or holds a backslash or NUL, encoded or not.
pub fn site_path(uri_path: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(uri_path)
        .decode_utf8()
        .ok()?;
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" => continue,
            "." | ".." => return None,
            s if s.contains(['\\', '\0']) => return None,
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if decoded.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

async fn site_file(State(app): State<App>, uri: Uri) -> Response {
    let Ok(live) = app.live.read() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let Some(path) = site_path(uri.path()) else {
        return not_found(&live);
    };
    let is_html = path.ends_with(".html");
    if is_html && live.errors().next().is_some() {
        return error_page(&live);
    }
    let found = live.files.get(&path).cloned().or_else(|| {
        // `/en/learn` without the slash: the folder's index page.
        live.files.get(&format!("{path}/index.html")).cloned()
    });
    match found {
        Some(bytes) => with_type(&path, &bytes, StatusCode::OK),
        None => not_found(&live),
    }
}

fn with_type(path: &str, bytes: &[u8], status: StatusCode) -> Response {
    let mut response = if path.ends_with(".html") {
        inject(bytes).into_response()
    } else {
        bytes.to_vec().into_response()
    };
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    // The pages change under the browser as the author types.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The page with the reload script before `</body>`.
fn inject(bytes: &[u8]) -> String {
    let html = String::from_utf8_lossy(bytes);
    match html.rfind("</body>") {
        Some(i) => format!("{}{RELOAD}{}", &html[..i], &html[i..]),
        None => format!("{html}{RELOAD}"),
    }
}

fn not_found(live: &Live) -> Response {
    match live.files.get("404.html") {
        Some(bytes) => with_type("404.html", bytes, StatusCode::NOT_FOUND),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// Every error of the last rebuild, as the terminal shows them, on a page that reloads by
/// itself once the files are fixed.
pub fn error_page(live: &Live) -> Response {
    let mut printer = Printer::new();
    let mut text = Vec::new();
    for d in live.errors() {
        let _ = printer.print(&mut text, d);
    }
    let list: String = live
        .errors()
        .map(|d| {
            format!(
                "<li><code>{}:{}:{}</code> {}</li>",
                escape(&d.path.display().to_string()),
                d.line,
                d.col,
                escape(&d.message)
            )
        })
        .collect();
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build error</title>\
<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}\
pre{{background:#1e1e1e;color:#eee;padding:1rem;overflow:auto;border-radius:.5rem}}h1{{color:#b00020}}</style></head>\
<body><h1>The site could not be rebuilt</h1><p>Fix the problems below; this page reloads by itself when the files are saved.</p>\
<ul>{list}</ul><pre>{}</pre></body></html>",
        escape(&String::from_utf8_lossy(&text))
    );
    let mut response = inject(body.as_bytes()).into_response();
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

async fn preview_root(State(app): State<App>) -> Response {
    let Ok(live) = app.live.read() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    html(preview::root(&live))
}

async fn preview_index(State(app): State<App>, UrlPath(locale): UrlPath<String>) -> Response {
    let Ok(live) = app.live.read() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    html(preview::index(&live, &locale))
}

async fn preview_lesson(
    State(app): State<App>,
    UrlPath((locale, id)): UrlPath<(String, String)>,
) -> Response {
    let Ok(live) = app.live.read() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    html(preview::lesson(&live, &locale, &id))
}

fn html(page: Option<String>) -> Response {
    match page {
        Some(body) => with_type("preview.html", body.as_bytes(), StatusCode::OK),
        None => (StatusCode::NOT_FOUND, "no such preview page").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::site_path;

    #[test]
    fn paths() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            site_path("/uk/learn/").as_deref(),
            Some("uk/learn/index.html")
        );
        assert_eq!(
            site_path("/static/style.css").as_deref(),
            Some("static/style.css")
        );
        assert_eq!(site_path("/%75k/").as_deref(), Some("uk/index.html"));
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/x",
            "/a/%2E%2E/%2E%2E/x",
            "/a/./b",
            "/a\\..\\b",
            "/a%5c..%5cb",
            "/a%00b",
            "/%ff",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }
}
