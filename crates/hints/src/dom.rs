//! DOM lessons (HTML/CSS lessons, workshops and labs) in headless Chromium, as freeCodeCamp
//! runs them (FCC-RUNNER.md §2): the lesson's files made into one page, the page loaded, then
//! each hint evaluated in it as an awaited async IIFE, with the page's state kept from one hint
//! to the next.
//!
//! One browser per `lessons test` run, driven over the DevTools protocol (chromiumoxide, on a
//! tokio runtime of its own). A lesson takes a tab from a pool, so lessons on different threads
//! run in parallel. Each tab holds a host page (`http://tN.localhost/`, served by request
//! interception); each page to test is the srcdoc of a fresh hidden iframe in it, as in
//! freeCodeCamp's test runner, so a run costs no navigation and no new renderer process. The
//! frame's documents first load the same assert.js, helpers.js and wrap.js as the embedded
//! engine, plus dollar.js (`$`) and dom-runner.js (the page side of this module). Every request
//! but the host page fails (images get a placeholder, navigations stay put), so hint and learner
//! code reach neither the network nor the filesystem.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use chromiumoxide::browser::{Browser as Chrome, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::fetch::{
    self, EventRequestPaused, FailRequestParams, FulfillRequestParams, HeaderEntry, RequestPattern,
    RequestStage,
};
use chromiumoxide::cdp::browser_protocol::network::{ErrorReason, ResourceType};
use chromiumoxide::cdp::browser_protocol::page::{
    AddScriptToEvaluateOnNewDocumentParams, NavigateParams,
};
use chromiumoxide::cdp::js_protocol::runtime::{EvaluateParams, TerminateExecutionParams};
use chromiumoxide::page::Page;
use futures::StreamExt;
use serde::{Deserialize, Serialize};

use super::engine::{ASSERT_JS, HELPERS_JS, Outcome, WRAP_JS};
use super::libraries::Libraries;
use crate::challenge::TestForm;

pub const DOLLAR_JS: &str = include_str!("js/dollar.js");
pub const DOM_RUNNER_JS: &str = include_str!("js/dom-runner.js");

/// Why DOM lessons are skipped on a machine without Chromium.
pub const NO_CHROMIUM: &str =
    "DOM lessons need Chromium (apt-get install chromium), which was not found";

/// How long a page may take to load (freeCodeCamp's frame has 20 s to initialise).
const LOAD_TIMEOUT: Duration = Duration::from_secs(20);

/// The Chromium to use: `LESSONS_CHROMIUM`, else the first of Debian's and the usual names on
/// the PATH.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(named) = std::env::var_os("LESSONS_CHROMIUM") {
        let p = PathBuf::from(named);
        return p.is_file().then_some(p);
    }
    let names = ["chromium", "chromium-browser", "google-chrome", "chrome"];
    let path = std::env::var_os("PATH").unwrap_or_default();
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .map(PathBuf::from)
        .chain(std::env::split_paths(&path).flat_map(|dir| names.iter().map(move |n| dir.join(n))))
        .find(|p| p.is_file())
}

/// One file of a page, as the page is built from it.
#[derive(Debug, Clone, Serialize)]
pub struct File {
    pub ext: String,
    pub contents: String,
}

/// A resource from the challenge's `required` front matter (a stylesheet or a script).
#[derive(Debug, Clone, Serialize)]
pub struct Required {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub src: Option<String>,
}

impl Required {
    /// The entries of a `required` list (a block's meta, a challenge's front matter): objects
    /// with a `link` or a `src`; anything else is left out.
    pub fn list(value: Option<&serde_json::Value>) -> Vec<Required> {
        value
            .and_then(|v| v.as_array())
            .map(|items| {
                items
                    .iter()
                    .filter_map(|r| {
                        let get = |k: &str| r.get(k).and_then(|v| v.as_str()).map(String::from);
                        let (link, src) = (get("link"), get("src"));
                        (link.is_some() || src.is_some()).then_some(Required { link, src })
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether this is jQuery, which the page has anyway (`$` from dollar.js).
    pub fn is_jquery(&self) -> bool {
        self.src.as_deref().is_some_and(|s| {
            s.rsplit('/')
                .next()
                .is_some_and(|f| f.starts_with("jquery"))
        })
    }
}

/// One page to run every hint against: a solution, or the seed.
#[derive(Debug, Clone)]
pub struct PageRun {
    pub files: Vec<File>,
    /// The value of `code`: all files' original sources, in seed order.
    pub code: String,
    pub editable_contents: String,
}

/// A lesson's hints, hooks and the pages to run them against.
#[derive(Debug, Clone, Copy)]
pub struct Lesson<'a> {
    pub runs: &'a [PageRun],
    pub hints: &'a [(&'a str, TestForm)],
    pub required: &'a [Required],
    pub before_all: Option<&'a str>,
    pub before_each: Option<&'a str>,
    pub after_each: Option<&'a str>,
    pub after_all: Option<&'a str>,
    /// The block's page template (React blocks), with `${ source || '' }` where the page goes.
    pub template: Option<&'a str>,
    /// Whether the page gets Enzyme (the lesson requires React 16).
    pub enzyme: bool,
    /// Whether the page gets `__FakeTimers` (its hints or hooks call it).
    pub fake_timers: bool,
    pub timeout: Duration,
}

/// The running browser. `run` may be called from many threads at once.
pub struct Browser {
    rt: tokio::runtime::Runtime,
    chrome: Option<Chrome>,
    /// What the pages load from node_modules: Babel, Enzyme, the CDN libraries.
    served: Arc<Served>,
    idle: Mutex<Vec<Tab>>,
    /// Numbers the tabs, whose host pages each have an origin of their own.
    next: AtomicU64,
    /// Chromium's profile, removed when the browser is dropped.
    _profile: tempfile::TempDir,
}

/// The host page of a tab (the frames of the lesson pages go in its body), with Babel or not.
fn host_html(babel: bool) -> String {
    let script = if babel {
        "<script src=\"/babel.min.js\"></script>"
    } else {
        ""
    };
    format!(
        "<!DOCTYPE html><html><head><title>lessons test</title>{script}</head><body></body></html>"
    )
}

struct Tab {
    page: Page,
    interceptor: tokio::task::JoinHandle<()>,
}

impl Browser {
    /// Starts Chromium (headless, no sandbox needed for root, no network), with Babel for the
    /// learner's scripts and the libraries pages load, when `libraries` has them.
    pub fn start(executable: &std::path::Path, libraries: Libraries) -> Result<Browser, String> {
        let read = |path: Option<PathBuf>| -> Result<Option<Arc<String>>, String> {
            match path {
                Some(path) => Ok(Some(Arc::new(
                    base64::engine::general_purpose::STANDARD.encode(
                        std::fs::read(&path)
                            .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
                    ),
                ))),
                None => Ok(None),
            }
        };
        let served = Arc::new(Served {
            babel: read(libraries.babel().map(PathBuf::from))?,
            enzyme: read(libraries.enzyme())?,
            fake_timers: read(libraries.fake_timers())?,
            libraries,
        });
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .thread_name("lessons-chromium")
            .build()
            .map_err(|e| format!("cannot start the runtime for Chromium: {e}"))?;
        let profile = tempfile::Builder::new()
            .prefix("lessons-chromium-")
            .tempdir()
            .map_err(|e| format!("cannot make a profile folder for Chromium: {e}"))?;
        let config = BrowserConfig::builder()
            .chrome_executable(executable)
            .new_headless_mode()
            .no_sandbox()
            .user_data_dir(profile.path())
            .disable_https_first()
            .window_size(1280, 800)
            .viewport(None)
            .launch_timeout(Duration::from_secs(30))
            .request_timeout(Duration::from_secs(60))
            // Nothing leaves the machine: requests are intercepted per page, and whatever is
            // not (WebSockets, workers' own requests) goes to a proxy that is not there.
            .args([
                ("proxy-server", "http://127.0.0.1:9"),
                ("proxy-bypass-list", "<-loopback>"),
                ("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE localhost"),
                // Pages play audio and video without a click, as learners' pages do after one.
                ("autoplay-policy", "no-user-gesture-required"),
            ])
            .args([
                "disable-gpu",
                "disable-extensions",
                "disable-background-networking",
                "disable-component-update",
                "disable-domain-reliability",
                "no-default-browser-check",
                "deny-permission-prompts",
            ])
            .build()
            .map_err(|e| format!("cannot configure Chromium: {e}"))?;
        let chrome = rt.block_on(async {
            let (chrome, mut handler) = Chrome::launch(config)
                .await
                .map_err(|e| format!("cannot start {}: {e}", executable.display()))?;
            tokio::spawn(async move { while handler.next().await.is_some() {} });
            Ok::<_, String>(chrome)
        })?;
        let browser = Browser {
            rt,
            chrome: Some(chrome),
            served,
            idle: Mutex::new(Vec::new()),
            next: AtomicU64::new(1),
            _profile: profile,
        };
        // One tab now, so that a Chromium that cannot show a page fails here, once.
        let tab = browser.rt.block_on(browser.take_tab())?;
        if let Ok(mut idle) = browser.idle.lock() {
            idle.push(tab);
        }
        Ok(browser)
    }

    /// Whether a page's request for this address gets the library (from node_modules).
    pub fn serves(&self, url: &str) -> bool {
        self.served.libraries.body(url).is_some()
    }

    /// Runs every hint of a lesson against each of its pages: one list of outcomes per page,
    /// one outcome per hint.
    pub fn run(&self, lesson: &Lesson<'_>) -> Vec<Vec<Outcome>> {
        self.rt.block_on(self.run_async(lesson))
    }

    async fn run_async(&self, lesson: &Lesson<'_>) -> Vec<Vec<Outcome>> {
        let mut tab = match self.take_tab().await {
            Ok(t) => Some(t),
            Err(why) => {
                return lesson
                    .runs
                    .iter()
                    .map(|_| all_fail(lesson, &why, Vec::new()))
                    .collect();
            }
        };
        let mut out = Vec::new();
        for run in lesson.runs {
            let t = match tab.take() {
                Some(t) => t,
                None => match self.take_tab().await {
                    Ok(t) => t,
                    Err(why) => {
                        out.push(all_fail(lesson, &why, Vec::new()));
                        continue;
                    }
                },
            };
            let (outcomes, healthy) = self.run_page(&t, lesson, run).await;
            out.push(outcomes);
            if healthy {
                tab = Some(t);
            } else {
                t.close().await;
            }
        }
        if let Some(t) = tab {
            match t.call("__lessonsHost.unload", &[], LOAD_TIMEOUT).await {
                Ok(_) => {
                    if let Ok(mut idle) = self.idle.lock() {
                        idle.push(t);
                    }
                }
                Err(_) => t.close().await,
            }
        }
        out
    }

    async fn take_tab(&self) -> Result<Tab, String> {
        let idle = self.idle.lock().ok().and_then(|mut v| v.pop());
        match idle {
            Some(t) => Ok(t),
            None => {
                let chrome = self.chrome.as_ref().ok_or("Chromium has stopped")?;
                let n = self.next.fetch_add(1, Ordering::Relaxed);
                Tab::open(chrome, n, self.served.clone()).await
            }
        }
    }

    /// One page: build it, load it, run the hints. Also says whether the tab can be reused.
    async fn run_page(
        &self,
        tab: &Tab,
        lesson: &Lesson<'_>,
        run: &PageRun,
    ) -> (Vec<Outcome>, bool) {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct BuildInput<'a> {
            files: &'a [File],
            required: &'a [Required],
            template: &'a str,
            enzyme: bool,
            fake_timers: bool,
            before_all: &'a str,
        }
        let input = BuildInput {
            files: &run.files,
            required: lesson.required,
            template: lesson.template.unwrap_or(""),
            enzyme: lesson.enzyme && self.served.enzyme.is_some(),
            fake_timers: lesson.fake_timers && self.served.fake_timers.is_some(),
            before_all: lesson.before_all.unwrap_or(""),
        };
        #[derive(Deserialize, Default)]
        struct Built {
            html: String,
            errors: Vec<String>,
        }
        let built: Built = match tab
            .call("__lessonsHost.build", &[json(&input)], LOAD_TIMEOUT)
            .await
        {
            Ok(v) => serde_json::from_value(v).unwrap_or_default(),
            Err(e) => {
                let healthy = tab.recover().await;
                return (
                    all_fail(
                        lesson,
                        &format!("internal error: cannot build the page: {e}"),
                        Vec::new(),
                    ),
                    healthy,
                );
            }
        };
        let notes: Vec<String> = built
            .errors
            .into_iter()
            .map(|e| format!("[error] {e}"))
            .collect();
        self.hints_on(tab, lesson, run, &built.html, notes).await
    }

    async fn hints_on(
        &self,
        tab: &Tab,
        lesson: &Lesson<'_>,
        run: &PageRun,
        html: &str,
        notes: Vec<String>,
    ) -> (Vec<Outcome>, bool) {
        match tab
            .call("__lessonsHost.load", &[html.into()], LOAD_TIMEOUT)
            .await
        {
            Ok(_) => {}
            Err(Failed::TimedOut) => {
                let healthy = tab.recover().await;
                let why = format!(
                    "the page did not finish loading within {} s (a script that never ends?)",
                    LOAD_TIMEOUT.as_secs()
                );
                return (all_fail(lesson, &why, Vec::new()), healthy);
            }
            Err(Failed::Threw(e)) => {
                return (
                    all_fail(lesson, &format!("cannot load the page: {e}"), Vec::new()),
                    false,
                );
            }
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Setup<'a> {
            code: &'a str,
            editable_contents: &'a str,
            before_each: &'a str,
            after_each: &'a str,
            after_all: &'a str,
        }
        let setup = Setup {
            code: &run.code,
            editable_contents: &run.editable_contents,
            before_each: lesson.before_each.unwrap_or(""),
            after_each: lesson.after_each.unwrap_or(""),
            after_all: lesson.after_all.unwrap_or(""),
        };
        #[derive(Deserialize, Default)]
        struct Begun {
            errors: Vec<String>,
        }
        let page_errors: Vec<String> = match tab
            .call("__lessonsHost.begin", &[json(&setup)], LOAD_TIMEOUT)
            .await
        {
            Ok(v) => notes
                .into_iter()
                .chain(
                    serde_json::from_value::<Begun>(v)
                        .unwrap_or_default()
                        .errors
                        .into_iter()
                        .map(|e| format!("[error] the page's script threw: {e}")),
                )
                .collect(),
            Err(e) => {
                let healthy = tab.recover().await;
                return (
                    all_fail(
                        lesson,
                        &format!("the page cannot run hints: {e}"),
                        Vec::new(),
                    ),
                    healthy,
                );
            }
        };

        let mut outcomes = Vec::with_capacity(lesson.hints.len());
        for (i, (test, form)) in lesson.hints.iter().enumerate() {
            let form = match form {
                TestForm::Function => "function",
                TestForm::Statement => "statement",
            };
            match tab
                .call(
                    "__lessonsHost.hint",
                    &[serde_json::Value::from(*test), form.into()],
                    lesson.timeout,
                )
                .await
            {
                Ok(v) => {
                    #[derive(Deserialize)]
                    struct Hinted {
                        passed: bool,
                        message: Option<String>,
                        console: Vec<String>,
                    }
                    match serde_json::from_value::<Hinted>(v) {
                        Ok(h) => {
                            let mut console = h.console;
                            if !h.passed && !page_errors.is_empty() {
                                console.splice(0..0, page_errors.iter().cloned());
                            }
                            outcomes.push(Outcome {
                                passed: h.passed,
                                message: h.message,
                                console,
                            });
                        }
                        Err(e) => outcomes.push(fail(format!("internal error: {e}"), Vec::new())),
                    }
                }
                Err(Failed::Threw(e)) => outcomes.push(fail(
                    format!("the page could not run the hint: {e}"),
                    page_errors.clone(),
                )),
                Err(Failed::TimedOut) => {
                    outcomes.push(fail(
                        format!(
                            "the hint did not finish within {} s (an endless loop, or a promise that never settles); it was stopped",
                            lesson.timeout.as_secs_f64()
                        ),
                        page_errors.clone(),
                    ));
                    if !tab.recover().await {
                        let rest = lesson.hints.len() - i - 1;
                        outcomes.extend((0..rest).map(|_| {
                            fail(
                                "not run: the page stopped responding after an earlier hint",
                                Vec::new(),
                            )
                        }));
                        return (outcomes, false);
                    }
                }
            }
        }
        if lesson.after_all.is_some() {
            let _ = tab
                .call("__lessonsHost.afterAll", &[], lesson.timeout)
                .await;
        }
        (outcomes, true)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(mut chrome) = self.chrome.take() {
            self.rt.block_on(async {
                let closed = tokio::time::timeout(Duration::from_secs(5), chrome.close()).await;
                if closed.is_err() {
                    let _ = chrome.kill().await;
                }
                let _ = tokio::time::timeout(Duration::from_secs(5), chrome.wait()).await;
            });
        }
    }
}

fn json<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

fn fail(message: impl Into<String>, console: Vec<String>) -> Outcome {
    Outcome {
        passed: false,
        message: Some(message.into()),
        console,
    }
}

fn all_fail(lesson: &Lesson<'_>, why: &str, console: Vec<String>) -> Vec<Outcome> {
    lesson
        .hints
        .iter()
        .map(|_| fail(why, console.clone()))
        .collect()
}

/// What the runner serves its pages besides the lesson: Babel and Enzyme (base64, read once),
/// and the libraries of `node_modules`.
struct Served {
    babel: Option<Arc<String>>,
    enzyme: Option<Arc<String>>,
    fake_timers: Option<Arc<String>>,
    libraries: Libraries,
}

/// Compiles the Sass of a `<style type="text/scss">` (percent-encoded, as the page asks for
/// it): 200 and the CSS, or 422 and why not.
fn compile_sass(encoded: &str) -> (i64, String) {
    let scss = percent_encoding::percent_decode_str(encoded).decode_utf8_lossy();
    match grass::from_string(scss.into_owned(), &grass::Options::default()) {
        Ok(css) => (200, css),
        // grass's message is a first line, the code it points at, then `file:line:col`: the
        // first and the last make one line.
        Err(e) => {
            let text = e.to_string();
            let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
            let first = lines.next().unwrap_or("").trim_start_matches("Error: ");
            let at = lines.next_back().unwrap_or("").replace("./stdin", "line");
            (422, format!("{first} ({at})"))
        }
    }
}

/// A tenth of a second of silence as a WAV file (8 kHz, 8-bit mono), base64: what audio and
/// video requests get, so that `play()` plays.
fn silent_wav() -> &'static str {
    static WAV: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    WAV.get_or_init(|| {
        let samples = 800u32;
        let mut w = Vec::with_capacity(44 + samples as usize);
        w.extend_from_slice(b"RIFF");
        w.extend_from_slice(&(36 + samples).to_le_bytes());
        w.extend_from_slice(b"WAVEfmt ");
        w.extend_from_slice(&16u32.to_le_bytes()); // format chunk size
        w.extend_from_slice(&1u16.to_le_bytes()); // PCM
        w.extend_from_slice(&1u16.to_le_bytes()); // mono
        w.extend_from_slice(&8000u32.to_le_bytes()); // sample rate
        w.extend_from_slice(&8000u32.to_le_bytes()); // bytes per second
        w.extend_from_slice(&1u16.to_le_bytes()); // block align
        w.extend_from_slice(&8u16.to_le_bytes()); // bits per sample
        w.extend_from_slice(b"data");
        w.extend_from_slice(&samples.to_le_bytes());
        w.resize(44 + samples as usize, 0x80);
        base64::engine::general_purpose::STANDARD.encode(w)
    })
}

/// A 1×1 transparent PNG, base64.
const PLACEHOLDER_PNG: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

/// The scripts every document of a tab runs before its own: the hint globals in the lesson
/// frame only, then the runner (which knows whether it is in the host page or the frame).
fn prelude() -> String {
    let mut out = String::from(
        "(function () {\nlet frame = false;\ntry { frame = window.top !== window && window.parent === window.top && !!window.frameElement && window.frameElement.id === '__lessons-frame'; } catch (e) {}\nif (frame) {\n",
    );
    for js in [ASSERT_JS, HELPERS_JS, WRAP_JS, DOLLAR_JS] {
        out.push_str(js);
        out.push_str("\n;\n");
    }
    out.push_str("}\n})();\n");
    out.push_str(DOM_RUNNER_JS);
    out
}

/// Why an evaluation in a page gave no value.
#[derive(Debug)]
enum Failed {
    /// It threw, or the protocol failed (the page crashed, navigated away…).
    Threw(String),
    /// It did not finish in time.
    TimedOut,
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failed::Threw(e) => f.write_str(e),
            Failed::TimedOut => f.write_str("it did not finish in time"),
        }
    }
}

impl Tab {
    /// Opens a tab on its host page, with every request intercepted.
    async fn open(chrome: &Chrome, n: u64, served: Arc<Served>) -> Result<Tab, String> {
        let page = chrome
            .new_page("about:blank")
            .await
            .map_err(|e| format!("cannot open a tab in Chromium: {e}"))?;
        let mut paused = page
            .event_listener::<EventRequestPaused>()
            .await
            .map_err(|e| format!("cannot listen to the tab's requests: {e}"))?;
        page.execute(
            fetch::EnableParams::builder()
                .pattern(
                    RequestPattern::builder()
                        .url_pattern("*")
                        .request_stage(RequestStage::Request)
                        .build(),
                )
                .build(),
        )
        .await
        .map_err(|e| format!("cannot intercept the tab's requests: {e}"))?;
        page.execute(AddScriptToEvaluateOnNewDocumentParams::new(prelude()))
            .await
            .map_err(|e| format!("cannot install the hint runner: {e}"))?;

        let host = format!("http://t{n}.localhost/");
        let host_page =
            base64::engine::general_purpose::STANDARD.encode(host_html(served.babel.is_some()));
        let answer = page.clone();
        let origin = host.clone();
        let interceptor = tokio::spawn(async move {
            while let Some(event) = paused.next().await {
                let url = event.request.url.split('#').next().unwrap_or("");
                let id = event.request_id.clone();
                let reply = |status: i64, kind: &str, body: String| {
                    let mut params = FulfillRequestParams::new(id.clone(), status);
                    params.response_headers = Some(vec![
                        HeaderEntry::new("Content-Type", kind),
                        HeaderEntry::new("Cache-Control", "no-store"),
                    ]);
                    params.body = Some(body.into());
                    params
                };
                const JS: &str = "text/javascript; charset=utf-8";
                let local = url.strip_prefix(origin.as_str());
                // A CDN library the page loads, looked up once (the host's own paths are not).
                let library = match local {
                    Some(_) => None,
                    None => served.libraries.body(url),
                };
                let params = match (local, event.resource_type.clone()) {
                    (Some(""), _) => reply(200, "text/html; charset=utf-8", host_page.clone()),
                    (Some("babel.min.js"), _) if served.babel.is_some() => reply(
                        200,
                        JS,
                        served.babel.as_deref().cloned().unwrap_or_default(),
                    ),
                    (Some("__lessons/enzyme.js"), _) if served.enzyme.is_some() => reply(
                        200,
                        JS,
                        served.enzyme.as_deref().cloned().unwrap_or_default(),
                    ),
                    (Some("__lessons/fake-timers.js"), _) if served.fake_timers.is_some() => reply(
                        200,
                        JS,
                        served.fake_timers.as_deref().cloned().unwrap_or_default(),
                    ),
                    (Some(rest), _) if rest.starts_with("__lessons/sass?") => {
                        let (status, text) = compile_sass(&rest["__lessons/sass?".len()..]);
                        let b64 = base64::engine::general_purpose::STANDARD.encode(text);
                        reply(status, "text/plain; charset=utf-8", b64)
                    }
                    (None, _) if library.is_some() => {
                        reply(200, JS, library.as_deref().cloned().unwrap_or_default())
                    }
                    // Images the page links to (the curriculum's are on a CDN) get a 1×1
                    // transparent PNG, so that an `img` is still a replaced element that CSS
                    // sizes, as it is when the real image loads.
                    (_, ResourceType::Image) => reply(200, "image/png", PLACEHOLDER_PNG.into()),
                    (_, ResourceType::Media) => reply(200, "audio/wav", silent_wav().to_string()),
                    // A page that navigates (a link, a form without a submit handler) stays
                    // where it is, as in freeCodeCamp's sandboxed frame.
                    (_, ResourceType::Document) => FulfillRequestParams::new(id.clone(), 204),
                    _ => {
                        let _ = answer
                            .execute(FailRequestParams::new(id, ErrorReason::BlockedByClient))
                            .await;
                        continue;
                    }
                };
                let _ = answer.execute(params).await;
            }
        });
        let tab = Tab { page, interceptor };
        if let Err(e) = tab.open_host(&host).await {
            tab.close().await;
            return Err(e);
        }
        Ok(tab)
    }

    /// Navigates to the host page and waits until its runner is there.
    async fn open_host(&self, url: &str) -> Result<(), String> {
        let started = Instant::now();
        tokio::time::timeout(LOAD_TIMEOUT, self.page.execute(NavigateParams::new(url)))
            .await
            .map_err(|_| "Chromium did not open the host page in time".to_string())?
            .map_err(|e| format!("cannot open the host page: {e}"))?;
        let ready = "new Promise((resolve) => { const done = () => resolve(location.href + ' ' + typeof __lessonsHost); \
                     if (document.readyState === 'complete') done(); \
                     else addEventListener('load', done, { once: true }); })";
        let want = format!("{url} object");
        loop {
            let left = LOAD_TIMEOUT.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Err("Chromium did not open the host page in time".into());
            }
            match self.eval(ready, left).await {
                Ok(v) if v.as_str() == Some(want.as_str()) => return Ok(()),
                // Still the blank page, or its context went away under the evaluation.
                Ok(_) | Err(Failed::Threw(_)) => tokio::time::sleep(Duration::from_millis(5)).await,
                Err(Failed::TimedOut) => {
                    return Err("Chromium did not open the host page in time".into());
                }
            }
        }
    }

    /// Calls a function of the page with JSON arguments.
    async fn call(
        &self,
        function: &str,
        args: &[serde_json::Value],
        timeout: Duration,
    ) -> Result<serde_json::Value, Failed> {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        self.eval(&format!("{function}({})", args.join(", ")), timeout)
            .await
    }

    /// Evaluates an expression, awaiting a promise: the value as JSON.
    async fn eval(&self, expression: &str, timeout: Duration) -> Result<serde_json::Value, Failed> {
        let params = EvaluateParams::builder()
            .expression(expression)
            .await_promise(true)
            .return_by_value(true)
            .build()
            .map_err(Failed::Threw)?;
        match tokio::time::timeout(timeout, self.page.execute(params)).await {
            Err(_) => Err(Failed::TimedOut),
            Ok(Err(e)) => Err(Failed::Threw(e.to_string())),
            Ok(Ok(r)) => {
                let r = r.result;
                if let Some(ex) = r.exception_details {
                    let text = ex.exception.and_then(|o| o.description).unwrap_or(ex.text);
                    return Err(Failed::Threw(text));
                }
                Ok(r.result.value.unwrap_or(serde_json::Value::Null))
            }
        }
    }

    /// After a timeout: whether the page answers again, stopping a script that hogs it.
    async fn recover(&self) -> bool {
        let ping = Duration::from_millis(500);
        if self.eval("1", ping).await.is_ok() {
            return true;
        }
        let _ = tokio::time::timeout(
            Duration::from_secs(2),
            self.page.execute(TerminateExecutionParams::default()),
        )
        .await;
        self.eval("1", Duration::from_secs(2)).await.is_ok()
    }

    async fn close(self) {
        self.interceptor.abort();
        let _ = tokio::time::timeout(Duration::from_secs(2), self.page.close()).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_lists_keep_links_and_scripts_and_know_jquery() {
        let list = Required::list(Some(&serde_json::json!([
            { "link": "https://cdn.example/bootstrap.css" },
            { "src": "https://code.jquery.com/jquery-3.6.0.min.js" },
            { "src": "https://cdnjs.example/d3/5.7.0/d3.min.js" },
            { "raw": true },
            "not an object"
        ])));
        assert_eq!(list.len(), 3);
        let jquery: Vec<bool> = list.iter().map(Required::is_jquery).collect();
        assert_eq!(jquery, [false, true, false]);
        assert!(Required::list(None).is_empty());
    }

    #[test]
    fn the_silent_wav_is_a_whole_riff_file() {
        use base64::Engine as _;
        let wav = base64::engine::general_purpose::STANDARD
            .decode(silent_wav())
            .unwrap_or_default();
        assert_eq!(&wav[..4], b"RIFF");
        let riff = u32::from_le_bytes([wav[4], wav[5], wav[6], wav[7]]) as usize;
        assert_eq!(riff + 8, wav.len());
        assert_eq!(&wav[36..40], b"data");
    }

    #[test]
    fn the_prelude_loads_the_hint_globals_in_the_lesson_frame_only() {
        let p = prelude();
        let frame_check = p.find("if (frame) {").unwrap_or(usize::MAX);
        for js in [ASSERT_JS, HELPERS_JS, WRAP_JS, DOLLAR_JS] {
            let at = p.find(js).unwrap_or(0);
            assert!(
                at > frame_check,
                "a hint global loads outside the frame check"
            );
        }
        assert!(p.ends_with(DOM_RUNNER_JS));
    }
}
