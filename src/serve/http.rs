//! The dev server's HTTP side: site pages from memory (rendered when first asked for, never
//! read from disk, so nothing outside the site can be reached), the live-reload event stream,
//! the problems (on the pages they belong to, and all of them at `/__problems/`), and the
//! preview pages. Only requests addressed to this machine are answered (the `Host` and
//! `Origin` checks keep other sites' pages from reaching the server through DNS rebinding).

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, RwLock, RwLockReadGuard};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::live::{Live, Lookup};
use super::preview;
use crate::diagnostic::{Diagnostic, Printer, Severity};
use crate::render::html::escape;

/// Shared by every request.
#[derive(Clone)]
pub struct App {
    pub live: Arc<RwLock<Live>>,
    /// Each rebuild's generation number, for the reload stream.
    pub reloads: broadcast::Sender<u64>,
    /// The address the server listens on, for the `Host` check.
    pub addr: SocketAddr,
}

pub fn router(app: App) -> Router {
    Router::new()
        .route("/__lessons/events", get(events))
        .route("/__lessons/status", get(status))
        .route("/__problems", get(to_slash))
        .route("/__problems/", get(problems))
        .route("/__preview", get(to_slash))
        .route("/__preview/", get(preview_root))
        .route("/__preview/{locale}", get(to_slash))
        .route("/__preview/{locale}/", get(preview_index))
        .route("/__preview/{locale}/{id}", get(preview_by_id))
        .route("/__preview/{locale}/{id}/", get(preview_by_id))
        .route("/__preview/{locale}/{block}/{id}", get(to_slash))
        .route("/__preview/{locale}/{block}/{id}/", get(preview_lesson))
        .fallback(get(site_file))
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// Answers only requests for this server by a name of this machine: `Host` must be
/// `localhost`, a loopback address or the address listened on (any name when listening on
/// all addresses, which the user asked for), and an `Origin`, when a browser sends one, must
/// be this very server.
async fn guard(State(app): State<App>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| request.uri().authority().map(|a| a.to_string()));
    let Some(host) = host else {
        return (StatusCode::BAD_REQUEST, "no Host header").into_response();
    };
    if !allowed_host(&host, app.addr.ip()) {
        return (
            StatusCode::FORBIDDEN,
            "this server answers only to localhost",
        )
            .into_response();
    }
    if let Some(origin) = request.headers().get(header::ORIGIN) {
        let same = origin
            .to_str()
            .ok()
            .and_then(|o| o.strip_prefix("http://"))
            .is_some_and(|o| o.eq_ignore_ascii_case(&host));
        if !same {
            return (StatusCode::FORBIDDEN, "cross-origin requests are refused").into_response();
        }
    }
    next.run(request).await
}

/// Whether `host` (a `Host` header: `name[:port]`, `[v6][:port]`) names this server.
pub fn allowed_host(host: &str, listening: IpAddr) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((ip, port)) if port.is_empty() || port.starts_with(':') => ip,
            _ => return false,
        }
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    if listening.is_unspecified() {
        return true;
    }
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback() || ip == listening)
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
        "pages": live.site.pages.len(),
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

/// What may not stay as it is in a path segment of a `Location`.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// `/<path>/` for a site folder, built from the checked site path (never from the raw request,
/// whose `//host` form would make it an address on another site), with the query kept.
fn folder_redirect(path: &str, uri: &Uri) -> Response {
    let mut to = String::from("/");
    for seg in path.split('/') {
        to.extend(utf8_percent_encode(seg, SEGMENT));
        to.push('/');
    }
    if let Some(q) = uri.query() {
        to.push('?');
        to.push_str(q);
    }
    Redirect::permanent(&to).into_response()
}

/// A route of the server's own pages without its trailing slash: the same with it. These
/// routes all start with `/__`, so the address stays on this server.
async fn to_slash(uri: Uri) -> Response {
    let mut to = format!("{}/", uri.path());
    if let Some(q) = uri.query() {
        to.push('?');
        to.push_str(q);
    }
    Redirect::permanent(&to).into_response()
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

fn read(app: &App) -> Option<RwLockReadGuard<'_, Live>> {
    app.live.read().ok()
}

async fn site_file(State(app): State<App>, uri: Uri) -> Response {
    let Some(path) = site_path(uri.path()) else {
        return match read(&app) {
            Some(live) => not_found(&live),
            None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        };
    };
    // A rebuild may replace the renderer while a page is on its way: then the new one is asked.
    for _ in 0..3 {
        let pending = {
            let Some(live) = read(&app) else {
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            };
            let is_html = path.ends_with(".html");
            if is_html && !live.problems.fatal.is_empty() {
                return error_page(&live);
            }
            if let Some(errors) = live.problems.by_page.get(&path) {
                return page_problems(&live, errors);
            }
            if live.site.is_dir(&path)
                || live
                    .problems
                    .by_page
                    .contains_key(&format!("{path}/index.html"))
            {
                return folder_redirect(&path, &uri);
            }
            match live.page(&path) {
                Some(Lookup::Ready(bytes)) => {
                    return with_type(&path, &bytes, StatusCode::OK, live.problems.error_count());
                }
                Some(Lookup::Pending(rx)) => rx,
                None => return not_found(&live),
            }
        };
        match pending.await {
            Ok(Ok(bytes)) => {
                let errors = read(&app).map_or(0, |l| l.problems.error_count());
                return with_type(&path, &bytes, StatusCode::OK, errors);
            }
            Ok(Err(message)) => {
                let Some(live) = read(&app) else {
                    return StatusCode::INTERNAL_SERVER_ERROR.into_response();
                };
                return render_failure(&live, &path, &message);
            }
            Err(_) => continue,
        }
    }
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "the site is being rebuilt: reload",
    )
        .into_response()
}

fn with_type(path: &str, bytes: &[u8], status: StatusCode, errors: usize) -> Response {
    let mut response = if path.ends_with(".html") {
        inject(bytes, errors).into_response()
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

/// The page with the problems banner after `<body>` (when the content has errors) and the
/// reload script before `</body>`.
fn inject(bytes: &[u8], errors: usize) -> String {
    let html = String::from_utf8_lossy(bytes);
    let (head, tail) = match html.rfind("</body>") {
        Some(i) => (&html[..i], &html[i..]),
        None => (&html[..], ""),
    };
    let banner = banner(errors);
    let at = head
        .find("<body")
        .and_then(|i| head[i..].find('>').map(|j| i + j + 1))
        .unwrap_or(0);
    format!("{}{banner}{}{RELOAD}{tail}", &head[..at], &head[at..])
}

/// "N problems in the content — see /__problems/", or nothing.
fn banner(errors: usize) -> String {
    if errors == 0 {
        return String::new();
    }
    format!(
        "<div id=\"lessons-problems\" role=\"status\" style=\"position:sticky;top:0;z-index:1000;\
margin:0;padding:.35rem 1rem;font:14px/1.4 system-ui,sans-serif;background:#fff3cd;color:#5c3c00;\
border-bottom:1px solid #e0c36a\">{errors} problem{} in the content — see \
<a href=\"/__problems/\" style=\"color:#0b5cad\">/__problems/</a></div>",
        if errors == 1 { "" } else { "s" }
    )
}

fn not_found(live: &Live) -> Response {
    match live.site.ready("404.html") {
        Some(bytes) => with_type(
            "404.html",
            &bytes,
            StatusCode::NOT_FOUND,
            live.problems.error_count(),
        ),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

const ERROR_STYLE: &str = "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:64rem;\
margin:2rem auto;padding:0 1rem}pre{background:#1e1e1e;color:#eee;padding:1rem;overflow:auto;\
border-radius:.5rem}h1{color:#b00020}li{margin:.4rem 0}.warning{color:#7a5b00}\
.note{color:#555}</style>";

fn html_page(title: &str, body: &str, status: StatusCode, errors: usize) -> Response {
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title>\
{ERROR_STYLE}</head><body>{body}</body></html>",
        escape(title)
    );
    with_type("page.html", page.as_bytes(), status, errors)
}

/// `path:line:col severity[code] message`, linked to the page it shows on.
fn line(d: &Diagnostic, page: Option<&str>) -> String {
    let link = page.map_or(String::new(), |p| {
        let dir = p.strip_suffix("index.html").unwrap_or(p);
        format!(" — on <a href=\"/{0}\">/{0}</a>", escape(dir))
    });
    format!(
        "<code>{}:{}:{}</code> <strong class=\"{}\">{}[{}]</strong> {}{link}",
        escape(&d.path.display().to_string()),
        d.line,
        d.col,
        d.severity,
        d.severity,
        d.code,
        escape(&d.message)
    )
}

/// The diagnostics as the terminal shows them: the line, then the source snippet.
fn snippets<'a>(printer: &mut Printer, ds: impl IntoIterator<Item = &'a Diagnostic>) -> String {
    let mut text = Vec::new();
    for d in ds {
        let _ = printer.print(&mut text, d);
    }
    format!("<pre>{}</pre>", escape(&String::from_utf8_lossy(&text)))
}

/// The whole site's error page: the content root cannot be read or a template fails. It
/// reloads by itself once the files are fixed.
pub fn error_page(live: &Live) -> Response {
    let fatal = &live.problems.fatal;
    let list: String = fatal
        .iter()
        .map(|d| format!("<li>{}</li>", line(d, None)))
        .collect();
    let body = format!(
        "<h1>The site could not be rebuilt</h1><p>Fix the problems below; this page reloads by \
itself when the files are saved.</p><ul>{list}</ul>{}",
        snippets(&mut Printer::new(), fatal)
    );
    html_page("Build error", &body, StatusCode::INTERNAL_SERVER_ERROR, 0)
}

/// A page whose file has errors: its errors, where they are, and the offending lines.
fn page_problems(live: &Live, indices: &[usize]) -> Response {
    let ds: Vec<&Diagnostic> = indices
        .iter()
        .filter_map(|&i| live.problems.all.get(i))
        .collect();
    let list: String = ds
        .iter()
        .map(|d| format!("<li>{}</li>", line(d, None)))
        .collect();
    let body = format!(
        "<h1>This lesson cannot be shown</h1><p>Its file has {} error{}; fix {} and this page \
reloads by itself. The other pages are served as usual.</p><ul>{list}</ul>{}",
        ds.len(),
        if ds.len() == 1 { "" } else { "s" },
        if ds.len() == 1 { "it" } else { "them" },
        snippets(&mut Printer::new(), ds.iter().copied())
    );
    html_page(
        "Problem in this lesson",
        &body,
        StatusCode::INTERNAL_SERVER_ERROR,
        live.problems.error_count(),
    )
}

/// A page the templates could not render.
fn render_failure(live: &Live, path: &str, message: &str) -> Response {
    let body = format!(
        "<h1>This page could not be rendered</h1><p><code>{}</code>: the templates failed on it. \
This page reloads by itself when the templates are saved.</p><pre>{}</pre>",
        escape(path),
        escape(message)
    );
    html_page(
        "Template error",
        &body,
        StatusCode::INTERNAL_SERVER_ERROR,
        live.problems.error_count(),
    )
}

/// Snippets are drawn for this many errors at most on the index (each means reading a file).
const SNIPPETS: usize = 500;

/// `/__problems/`: every problem of the content, errors first with their snippets and the page
/// they show on, then warnings and notes.
fn problems_page(live: &Live) -> Response {
    let p = &live.problems;
    let errors = p.error_count();
    let mut body = format!(
        "<h1>Problems in the content</h1><p>{errors} error{} — each shows on its own page; all \
other pages are served. This page reloads by itself when files are saved.</p>",
        if errors == 1 { "" } else { "s" }
    );
    let mut printer = Printer::new();
    if !p.fatal.is_empty() {
        body.push_str("<h2>The site cannot be shown</h2><ul>");
        for d in &p.fatal {
            body.push_str(&format!(
                "<li>{}{}</li>",
                line(d, None),
                snippets(&mut printer, [d])
            ));
        }
        body.push_str("</ul>");
    }
    let errors: Vec<(usize, &Diagnostic)> = p
        .all
        .iter()
        .enumerate()
        .filter(|(_, d)| d.is_error())
        .collect();
    if !errors.is_empty() {
        body.push_str("<h2>Errors</h2><ol>");
        for (n, (i, d)) in errors.iter().enumerate() {
            let page = p.page_of.get(i).map(String::as_str);
            let snippet = if n < SNIPPETS {
                snippets(&mut printer, [*d])
            } else {
                String::new()
            };
            body.push_str(&format!("<li>{}{snippet}</li>", line(d, page)));
        }
        body.push_str("</ol>");
    }
    for (severity, heading) in [(Severity::Warning, "Warnings"), (Severity::Note, "Notes")] {
        let list: Vec<&Diagnostic> = p.all.iter().filter(|d| d.severity == severity).collect();
        if list.is_empty() {
            continue;
        }
        body.push_str(&format!(
            "<h2>{heading} ({})</h2><details><summary>Show them</summary><ul>",
            list.len()
        ));
        for d in list {
            body.push_str(&format!("<li>{}</li>", line(d, None)));
        }
        body.push_str("</ul></details>");
    }
    html_page("Problems", &body, StatusCode::OK, 0)
}

/// Runs `f` on the site off the async threads: preview pages highlight and judge text.
async fn with_live<F>(app: App, f: F) -> Response
where
    F: FnOnce(&Live) -> Response + Send + 'static,
{
    let done = tokio::task::spawn_blocking(move || match app.live.read() {
        Ok(live) => f(&live),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    })
    .await;
    done.unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

async fn problems(State(app): State<App>) -> Response {
    with_live(app, problems_page).await
}

async fn preview_root(State(app): State<App>) -> Response {
    with_live(app, |live| preview_page(live, preview::root(live))).await
}

/// How long the status index waits for a few lessons being checked again (after an edit)
/// before showing the statuses checked so far; a whole locale being checked (at start) is not
/// waited for: the index shows its progress and refreshes itself.
const CHECK_WAIT: Duration = Duration::from_secs(2);
const FEW: usize = 64;

async fn preview_index(State(app): State<App>, UrlPath(locale): UrlPath<String>) -> Response {
    let started = Instant::now();
    while started.elapsed() < CHECK_WAIT {
        let left = read(&app).map_or(0, |live| preview::unchecked(&live, &locale));
        if left == 0 || left > FEW {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    with_live(app, move |live| {
        preview_page(live, preview::index(live, &locale))
    })
    .await
}

/// The old address by id alone: to the lesson's (block, id) address, or a choice when
/// several blocks have the id.
async fn preview_by_id(
    State(app): State<App>,
    UrlPath((locale, id)): UrlPath<(String, String)>,
) -> Response {
    with_live(app, move |live| {
        let blocks = preview::blocks_with(live, &id);
        match blocks.as_slice() {
            [block] => {
                let to = format!(
                    "/__preview/{}/{}/{}/",
                    utf8_percent_encode(&locale, SEGMENT),
                    utf8_percent_encode(block, SEGMENT),
                    utf8_percent_encode(&id, SEGMENT)
                );
                Redirect::permanent(&to).into_response()
            }
            [] => preview_page(live, None),
            _ => preview_page(live, preview::choose(live, &locale, &id, &blocks)),
        }
    })
    .await
}

async fn preview_lesson(
    State(app): State<App>,
    UrlPath((locale, block, id)): UrlPath<(String, String, String)>,
) -> Response {
    with_live(app, move |live| {
        preview_page(live, preview::lesson(live, &locale, &block, &id))
    })
    .await
}

fn preview_page(live: &Live, page: Option<String>) -> Response {
    if !live.problems.fatal.is_empty() {
        return error_page(live);
    }
    match page {
        Some(body) => with_type(
            "preview.html",
            body.as_bytes(),
            StatusCode::OK,
            live.problems.error_count(),
        ),
        None => (StatusCode::NOT_FOUND, "no such preview page").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::{allowed_host, site_path};

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

    #[test]
    fn hosts() {
        let local: std::net::IpAddr = "127.0.0.1".parse().unwrap();
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST",
            "[::1]:1111",
            "127.0.0.1",
        ] {
            assert!(allowed_host(ok, local), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "evil.example",
            "127.0.0.1.evil.example",
            "[::1",
            "10.0.0.1:1111",
        ] {
            assert!(!allowed_host(bad, local), "{bad}");
        }
        assert!(allowed_host("anything:1", "0.0.0.0".parse().unwrap()));
    }
}
