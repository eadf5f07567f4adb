//! The dev server's HTTP side: site pages from memory (rendered when first asked for, never
//! read from disk, so nothing outside the site can be reached), the live-reload event stream,
//! the problems (on the pages they belong to, and all of them at `/__problems/`), and the
//! preview pages. Only requests addressed to this machine are answered (the `Host` and
//! `Origin` checks keep other sites' pages from reaching the server through DNS rebinding).

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
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

use super::Shared;
use super::live::{Live, Lookup};
use super::pages::{self, View};
use super::{preview, problems as problem_pages};
use crate::render::{i18n, templates};

/// Shared by every request.
#[derive(Clone)]
pub struct App {
    pub live: Shared,
    /// Each rebuild's generation number, for the reload stream.
    pub reloads: broadcast::Sender<u64>,
    /// The address the server listens on, for the `Host` check.
    pub addr: SocketAddr,
}

pub fn router(app: App) -> Router {
    Router::new()
        .route("/__lessons/events", get(events))
        .route("/__lessons/status", get(status))
        .route("/__lessons/preview.css", get(preview_css))
        .route("/__lessons/preview.js", get(preview_js))
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
    let now = app.live.load().generation;
    let rx = app.reloads.subscribe();
    let stream = tokio_stream::once(now)
        .chain(BroadcastStream::new(rx).filter_map(Result::ok))
        .map(|g| Ok::<_, Infallible>(Event::default().data(g.to_string())));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn status(State(app): State<App>) -> impl IntoResponse {
    let live = app.live.load();
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

/// The site as it is now: taken without waiting, even during a rebuild.
fn read(app: &App) -> Arc<Live> {
    app.live.load_full()
}

/// The stylesheet and script of the server's own pages.
async fn preview_css() -> Response {
    with_type(
        "preview.css",
        templates::PREVIEW_CSS.as_bytes(),
        StatusCode::OK,
        0,
        "",
    )
}

async fn preview_js() -> Response {
    with_type(
        "preview.js",
        templates::PREVIEW_JS.as_bytes(),
        StatusCode::OK,
        0,
        "",
    )
}

/// The locale a site path is in (its first folder when that is a locale of the site), else
/// the default one: the language of the error pages shown there.
fn locale_of<'a>(live: &'a Live, path: &'a str) -> &'a str {
    let first = path.split('/').next().unwrap_or("");
    // A failing templates folder leaves no site, hence no locales: then any locale with
    // interface strings.
    if live.site.locales.iter().any(|l| l == first) || i18n::has_ui(first) {
        first
    } else {
        live.config.default_locale.as_str()
    }
}

async fn site_file(State(app): State<App>, uri: Uri) -> Response {
    let Some(path) = site_path(uri.path()) else {
        return not_found(&read(&app), "");
    };
    // A rebuild may replace the renderer while a page is on its way: then the new one is asked.
    for _ in 0..3 {
        let pending = {
            let live = read(&app);
            let is_html = path.ends_with(".html");
            let locale = locale_of(&live, &path);
            if is_html && !live.problems.fatal.is_empty() {
                return error_page(&live, locale);
            }
            if let Some(errors) = live.problems.by_page.get(&path) {
                let view = problem_pages::of_page(&live, errors, locale);
                let errors = live.problems.error_count();
                return page(&live, &view, StatusCode::INTERNAL_SERVER_ERROR, errors);
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
                    let errors = live.problems.error_count();
                    return with_type(&path, &bytes, StatusCode::OK, errors, locale);
                }
                Some(Lookup::Pending(rx)) => rx,
                // The site's stylesheet is built in: the error pages have it even when a
                // failing templates folder left the site without one.
                None if path == "static/style.css" => {
                    let css = templates::STYLE_CSS.as_bytes();
                    return with_type(&path, css, StatusCode::OK, 0, "");
                }
                None => return not_found(&live, &path),
            }
        };
        match pending.await {
            Ok(Ok(bytes)) => {
                let live = read(&app);
                let errors = live.problems.error_count();
                return with_type(
                    &path,
                    &bytes,
                    StatusCode::OK,
                    errors,
                    locale_of(&live, &path),
                );
            }
            Ok(Err(message)) => {
                let live = read(&app);
                let view = problem_pages::render_failure(&path, &message, locale_of(&live, &path));
                let errors = live.problems.error_count();
                return page(&live, &view, StatusCode::INTERNAL_SERVER_ERROR, errors);
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

/// A response of the right type; an HTML page gets the problems banner (in `locale`) and the
/// reload script.
fn with_type(
    path: &str,
    bytes: &[u8],
    status: StatusCode,
    errors: usize,
    locale: &str,
) -> Response {
    let mut response = if path.ends_with(".html") {
        inject(bytes, &pages::banner(locale, errors)).into_response()
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

/// The page with the banner after `<body>` and the reload script before `</body>`.
fn inject(bytes: &[u8], banner: &str) -> String {
    let html = String::from_utf8_lossy(bytes);
    let (head, tail) = match html.rfind("</body>") {
        Some(i) => (&html[..i], &html[i..]),
        None => (&html[..], ""),
    };
    let at = head
        .find("<body")
        .and_then(|i| head[i..].find('>').map(|j| i + j + 1))
        .unwrap_or(0);
    [&head[..at], banner, &head[at..], RELOAD, tail].concat()
}

/// The 404 page for `path`: that of its locale's folder (`uk/404.html`), else the root one.
fn not_found(live: &Live, path: &str) -> Response {
    match live.site.not_found_for(path) {
        Some((page, bytes)) => with_type(
            page,
            &bytes,
            StatusCode::NOT_FOUND,
            live.problems.error_count(),
            locale_of(live, page),
        ),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// One of the server's own pages; a built-in template that fails is a plain-text error.
fn page(live: &Live, view: &View, status: StatusCode, errors: usize) -> Response {
    match pages::render(view, &live.config.title) {
        Ok(html) => with_type("page.html", html.as_bytes(), status, errors, &view.locale),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the server's page `{}` failed: {e:#}", view.template),
        )
            .into_response(),
    }
}

/// The whole site's error page: the content root cannot be read or a template fails. It
/// reloads by itself once the files are fixed.
pub fn error_page(live: &Live, locale: &str) -> Response {
    let view = problem_pages::fatal(live, locale);
    page(live, &view, StatusCode::INTERNAL_SERVER_ERROR, 0)
}

/// Runs `f` on the site off the async threads: preview pages highlight and judge text.
async fn with_live<F>(app: App, f: F) -> Response
where
    F: FnOnce(&Live) -> Response + Send + 'static,
{
    let live = read(&app);
    let done = tokio::task::spawn_blocking(move || f(&live)).await;
    done.unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

async fn problems(State(app): State<App>) -> Response {
    with_live(app, |live| {
        let view = problem_pages::index(live, &live.config.default_locale);
        page(live, &view, StatusCode::OK, 0)
    })
    .await
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
        let left = preview::unchecked(&read(&app), &locale);
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

fn preview_page(live: &Live, view: Option<View>) -> Response {
    if !live.problems.fatal.is_empty() {
        return error_page(live, &live.config.default_locale);
    }
    match view {
        Some(view) => page(live, &view, StatusCode::OK, live.problems.error_count()),
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
