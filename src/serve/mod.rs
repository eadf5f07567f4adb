//! `lessons serve`: the site from memory on 127.0.0.1, rebuilt as files change, with open pages
//! reloading by themselves, an error page that recovers when the file is fixed, and the
//! translator preview under `/__preview/`.

pub mod http;
pub mod live;
pub mod preview;
pub mod watch;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

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
    report(&live, &rebuilt, Duration::ZERO);
    let live = Arc::new(RwLock::new(live));
    let (reloads, _) = broadcast::channel(64);
    let app = http::App {
        live: live.clone(),
        reloads: reloads.clone(),
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
            let started = Instant::now();
            let done = tokio::task::spawn_blocking(move || {
                let Ok(mut live) = live.write() else {
                    return None;
                };
                let rebuilt = match change {
                    Change::Lessons(files) => {
                        let mut last = None;
                        for f in files {
                            last = Some(live.rebuild_file(&f));
                        }
                        last?
                    }
                    Change::Everything => {
                        if let Some(file) = &config_file
                            && let Ok(config) = Config::read(file)
                        {
                            let templates = live.config.templates.clone();
                            live.config = Config {
                                templates: config.templates.clone().or(templates),
                                ..config
                            };
                        }
                        live.rebuild_all()
                    }
                };
                report(&live, &rebuilt, started.elapsed());
                Some(live.generation)
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

fn report(live: &Live, rebuilt: &Rebuilt, took: Duration) {
    let what = if rebuilt.full { "site" } else { "lesson" };
    if rebuilt.errors > 0 {
        let mut printer = crate::diagnostic::Printer::new();
        let mut err = std::io::stderr();
        for d in live.errors() {
            let _ = printer.print(&mut err, d);
        }
        eprintln!(
            "{} error{}: the pages show them until the files are fixed",
            rebuilt.errors,
            if rebuilt.errors == 1 { "" } else { "s" }
        );
    } else {
        eprintln!(
            "rebuilt the {what}: {} pages in {} ms",
            rebuilt.pages,
            took.as_millis()
        );
    }
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
