//! `lessons serve`: the site from memory on 127.0.0.1, pages rendered when first asked for,
//! rebuilt as files change, with open pages reloading by themselves. A file with an error shows
//! it on its own page while every other page is served (with a banner, and every problem at
//! `/__problems/`); only a content root that cannot be read or a failing template makes the
//! whole site an error page, which recovers when fixed. The translator preview is under
//! `/__preview/<locale>/<block>/<id>/`.

pub mod http;
pub mod live;
pub mod preview;
pub mod watch;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::sync::{broadcast, oneshot};

use crate::render::Config;
use live::{Live, Rebuilt};
use watch::Change;

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

    let mut live = Live::new(opts.config.clone());
    let first = tokio::task::spawn_blocking(move || {
        let r = live.rebuild_all();
        (live, r)
    })
    .await?;
    let (live, rebuilt) = first;
    report(&live, &rebuilt, addr);
    let live = Arc::new(RwLock::new(live));
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
    let rebuilds = tokio::spawn(async move {
        while let Some(paths) = watch::batch(&mut changes, debounce).await {
            let Some(change) = watch::classify(&paths, &content) else {
                continue;
            };
            let live = live.clone();
            let config_file = config_file.clone();
            let done = tokio::task::spawn_blocking(move || {
                rebuild(&live, change, config_file.as_deref(), addr)
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

/// Rebuilds what `change` needs and returns the new generation. A full rebuild loads the
/// content without holding the lock, so pages are served meanwhile.
fn rebuild(
    live: &RwLock<Live>,
    change: Change,
    config_file: Option<&Path>,
    addr: SocketAddr,
) -> Option<u64> {
    match change {
        Change::Lessons(files) => {
            let mut live = live.write().ok()?;
            let mut last = None;
            for f in files {
                last = Some(live.rebuild_file(&f));
            }
            report(&live, &last?, addr);
            Some(live.generation)
        }
        Change::Everything => {
            let (mut config, highlighter) = live.read().ok()?.inputs();
            if let Some(file) = config_file
                && let Ok(read) = Config::read(file)
            {
                config = Config {
                    templates: read.templates.clone().or(config.templates),
                    ..read
                };
            }
            let prepared = Live::prepare(&config, &highlighter);
            let mut live = live.write().ok()?;
            live.config = config;
            let rebuilt = live.install(prepared);
            report(&live, &rebuilt, addr);
            Some(live.generation)
        }
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
