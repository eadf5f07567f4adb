//! `lessons-serve`, `lessons serve`: the site from memory on 127.0.0.1, pages rendered when first asked for,
//! rebuilt as files change, with open pages reloading by themselves. A file with an error shows
//! it on its own page while every other page is served (with a banner, and every problem at
//! `/__problems/`); only a content root that cannot be read or a failing template makes the
//! whole site an error page, which recovers when fixed. The translator preview is under
//! `/__preview/<locale>/<block>/<id>/`.

// The parts it serves, under the names the server has always used (`crate::render` …): the
// model, the site builder and the translation checks.
use lessons_check as check;
use lessons_model::{challenge, codes, curriculum, diagnostic};
use lessons_render as render;

pub mod checker;
pub mod http;
pub mod live;
pub mod pages;
pub mod preview;
pub mod problems;
pub mod watch;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use arc_swap::ArcSwap;

use tokio::sync::{broadcast, oneshot};

use crate::render::Config;
use live::{Live, Rebuilt};
use watch::Change;

/// The site being served: readers take the current state without waiting, a rebuild makes the
/// next state beside it and swaps it in.
pub type Shared = Arc<ArcSwap<Live>>;

#[derive(Debug, Clone)]
pub struct Options {
    pub config: Config,
    /// The settings file to re-read when it changes, if there is one.
    pub config_file: Option<PathBuf>,
    pub addr: SocketAddr,
    /// How long to wait for a burst of saves to end before rebuilding.
    pub debounce: Duration,
}

/// A running dev server.
pub struct Handle {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
    /// Rebuilds as changes arrive.
    rebuilds: tokio::task::JoinHandle<()>,
    /// Kept alive for the watch to last.
    watcher: Option<notify::RecommendedWatcher>,
}

impl Handle {
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Stops watching and serving. Requests in flight get a moment to finish; live-reload
    /// streams never end by themselves, so after that the server stops regardless.
    pub async fn shutdown(mut self) {
        // Changes made after this (a test removing its folder) are not rebuilt.
        self.watcher.take();
        self.rebuilds.abort();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if tokio::time::timeout(Duration::from_secs(1), &mut self.task)
            .await
            .is_err()
        {
            self.task.abort();
        }
    }
}

/// Builds the site once, starts serving it, and watches for changes. Needs a tokio runtime.
pub async fn start(opts: Options) -> anyhow::Result<Handle> {
    let listener = tokio::net::TcpListener::bind(opts.addr)
        .await
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AddrInUse {
                anyhow::anyhow!(
                    "{} is already in use: stop the other server or pass --port with another port",
                    opts.addr
                )
            } else {
                anyhow::anyhow!("cannot listen on {}: {e}", opts.addr)
            }
        })?;
    let addr = listener.local_addr()?;

    let empty = Live::new(opts.config.clone());
    let (live, rebuilt) = tokio::task::spawn_blocking(move || empty.rebuild_all()).await?;
    report(&live, &rebuilt, addr);
    let live: Shared = Arc::new(ArcSwap::from_pointee(live));
    let (reloads, _) = broadcast::channel(64);
    let app = http::App {
        live: live.clone(),
        reloads: reloads.clone(),
        addr,
    };

    let mut watched = vec![opts.config.content.clone()];
    watched.extend(opts.config.templates.clone());
    watched.extend(opts.config_file.clone());
    let (watcher, mut changes) = watch::watch(&watched)?;
    let debounce = opts.debounce;
    let content = opts.config.content.clone();
    let config_file = opts.config_file.clone();
    let flags = Flags::of(&opts);
    let rebuilds = tokio::spawn(async move {
        while let Some(paths) = watch::batch(&mut changes, debounce).await {
            let Some(change) = watch::classify(&paths, &content) else {
                continue;
            };
            let live = live.clone();
            let config_file = config_file.clone();
            let flags = flags.clone();
            let done = tokio::task::spawn_blocking(move || {
                rebuild(&live, change, config_file.as_deref(), &flags, addr)
            })
            .await;
            if let Ok(Some(generation)) = done {
                // No open page is not an error.
                let _ = reloads.send(generation);
            }
        }
    });

    let (stop, stopped) = oneshot::channel::<()>();
    let router = http::router(app);
    let task = tokio::spawn(async move {
        let server = axum::serve(listener, router).with_graceful_shutdown(async {
            let _ = stopped.await;
        });
        if let Err(e) = server.await {
            eprintln!("serve: {e}");
        }
    });
    Ok(Handle {
        addr,
        stop: Some(stop),
        task,
        rebuilds,
        watcher: Some(watcher),
    })
}

/// Rebuilds what `change` needs, swaps the new state in and returns its generation. Only this
/// task writes, one rebuild at a time; pages are served from the current state meanwhile.
fn rebuild(
    live: &Shared,
    change: Change,
    config_file: Option<&Path>,
    flags: &Flags,
    addr: SocketAddr,
) -> Option<u64> {
    let current = live.load_full();
    let (next, rebuilt) = match change {
        Change::Lessons(files) => {
            let mut state = None;
            for f in files {
                let from = state.as_ref().map_or(&current, |(l, _)| l);
                let (next, rebuilt) = from.rebuild_file(&f);
                state = Some((Arc::new(next), rebuilt));
            }
            state?
        }
        Change::Everything => {
            let (mut config, highlighter) = current.inputs();
            if let Some(file) = config_file
                && let Ok(read) = Config::read(file)
            {
                // The flags stay on top of the file, as when the server started.
                let mut keep = read.keep_language.clone();
                keep.extend(flags.keep_language.iter().cloned());
                config = Config {
                    templates: read.templates.clone().or(config.templates),
                    keep_language: keep,
                    ..read
                };
            }
            let prepared = Live::prepare(&config, &highlighter);
            let (next, rebuilt) = current.install(config, prepared);
            (Arc::new(next), rebuilt)
        }
    };
    report(&next, &rebuilt, addr);
    let generation = next.generation;
    live.store(next);
    Some(generation)
}

/// What the command line added to the settings file, kept when the file is read again.
#[derive(Clone, Default)]
struct Flags {
    keep_language: Vec<String>,
}

impl Flags {
    /// The keep-language names of `opts` that its settings file does not list.
    fn of(opts: &Options) -> Flags {
        let in_file = opts
            .config_file
            .as_deref()
            .and_then(|f| Config::read(f).ok())
            .map(|c| c.keep_language)
            .unwrap_or_default();
        Flags {
            keep_language: opts
                .config
                .keep_language
                .iter()
                .filter(|k| !in_file.contains(k))
                .cloned()
                .collect(),
        }
    }
}

/// Content roots whose single-lesson rebuilds a test slows down, to see that pages are served
/// meanwhile (`delay_rebuilds`).
static DELAYS: Mutex<Option<HashMap<PathBuf, Duration>>> = Mutex::new(None);

/// For tests: every single-lesson rebuild of the site at `content` takes `by` longer, as a
/// large curriculum's would. Other servers in the process are not slowed.
#[doc(hidden)]
pub fn delay_rebuilds(content: &Path, by: Duration) {
    if let Ok(mut delays) = DELAYS.lock() {
        delays
            .get_or_insert_with(HashMap::new)
            .insert(content.to_path_buf(), by);
    }
}

fn test_delay(content: &Path) {
    let by = DELAYS
        .lock()
        .ok()
        .and_then(|d| d.as_ref().and_then(|d| d.get(content).copied()));
    if let Some(by) = by {
        std::thread::sleep(by);
    }
}

/// Errors shown in the terminal after a full rebuild; the rest are at `/__problems/`.
const SHOWN: usize = 10;

fn report(live: &Live, rebuilt: &Rebuilt, addr: SocketAddr) {
    let took = rebuilt.took.as_millis();
    let mut printer = crate::diagnostic::Printer::new();
    let mut err = std::io::stderr();
    let errors: Vec<_> = match &rebuilt.file {
        Some(file) => live.errors().filter(|d| &d.path == file).collect(),
        None => live.errors().collect(),
    };
    for d in errors.iter().take(SHOWN) {
        let _ = printer.print(&mut err, d);
    }
    let what = match &rebuilt.file {
        Some(file) => format!("rebuilt {}", file.display()),
        None => format!(
            "loaded the site ({} pages, rendered as they are asked for)",
            rebuilt.pages
        ),
    };
    let all = rebuilt.errors;
    let problems = if all == 0 {
        String::new()
    } else {
        format!(
            "; {all} error{} in the content, each shown on its own page — all at http://{addr}/__problems/",
            if all == 1 { "" } else { "s" }
        )
    };
    eprintln!("{what} in {took} ms{problems}");
}

/// `lessons serve`: serves until Ctrl-C.
pub fn main(opts: Options) -> anyhow::Result<bool> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async move {
        let watched = opts.config.content.display().to_string();
        let handle = start(opts).await?;
        eprintln!(
            "Serving {} — watching {watched}; translator preview at {}__preview/; Ctrl-C stops",
            handle.url(),
            handle.url()
        );
        tokio::signal::ctrl_c().await?;
        handle.shutdown().await;
        Ok(false)
    })
}
