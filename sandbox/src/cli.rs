//! The command line of `sandbox` (and of `lessons sandbox`, which flattens [`SandboxArgs`] into
//! its own subcommand and calls [`SandboxArgs::run`]).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use crate::{Config, Error};

/// Run the real-time user counter that backend lesson hints test against.
#[derive(Debug, Clone, clap::Args)]
pub struct SandboxArgs {
    /// Port to listen on; 0 picks any free port.
    #[arg(long, default_value_t = 3000)]
    pub port: u16,

    /// Address to listen on. The default keeps the sandbox private to this machine.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub host: IpAddr,

    /// Serve this learner project instead of the built-in reference project.
    #[arg(long, value_name = "DIR")]
    pub project: Option<PathBuf>,

    /// Also answer requests for this host name (a forwarded port's name in a cloud editor).
    /// Others than the listening address get 421, so a web page cannot reach the sandbox by
    /// DNS rebinding. Repeatable.
    #[arg(long, value_name = "NAME")]
    pub allow_host: Vec<String>,

    /// The most connections open at once, WebSockets included; more are refused with 503.
    #[arg(long, value_name = "N", default_value_t = Config::default().max_connections)]
    pub max_connections: usize,

    /// Run the server the Socket.IO conformance suites expect (use with --port 3000).
    #[arg(long)]
    pub protocol_test: bool,

    /// Share one count with every sandbox using this Redis (socketioxide's Redis adapter), e.g.
    /// redis://127.0.0.1:6379. Each client sees the total over all instances; a killed
    /// instance's users drop out within about 4 s.
    #[arg(long, value_name = "URL", conflicts_with = "protocol_test")]
    pub redis: Option<String>,
}

impl SandboxArgs {
    /// The server configuration these arguments describe.
    pub fn config(&self) -> Config {
        Config {
            addr: SocketAddr::new(self.host, self.port),
            project_dir: self.project.clone(),
            protocol_test: self.protocol_test,
            allowed_hosts: self.allow_host.clone(),
            max_connections: self.max_connections,
            redis: self.redis.clone(),
            ..Config::default()
        }
    }

    /// Serves until Ctrl-C or SIGTERM, then shuts down gracefully. Needs a tokio runtime, the one
    /// [`crate::runtime`] builds for [`Self::config`].
    pub async fn run(&self) -> Result<(), Error> {
        // Listen for signals before the server exists, so a stop request that arrives while it
        // starts is not lost (the default action would kill us without a graceful shutdown).
        let stop = stop_signal();
        let config = self.config();
        let project = match &config.project_dir {
            Some(dir) => dir.display().to_string(),
            None => "the built-in reference project".to_owned(),
        };
        let handle = crate::start(config).await?;
        let mode = if self.protocol_test {
            " (Socket.IO protocol-test mode)".to_owned()
        } else if let Some(url) = &self.redis {
            format!(
                " (one count with every sandbox on {})",
                crate::cluster::redacted(url)
            )
        } else {
            String::new()
        };
        eprintln!(
            "sandbox{mode} serving {} at {}\n  hints read {}_api/server.js; Ctrl-C stops",
            project,
            handle.url(),
            handle.url(),
        );
        stop.await;
        eprintln!("sandbox: stopping");
        handle.shutdown().await
    }
}

/// Resolves on Ctrl-C (SIGINT) or, on Unix, SIGTERM — what `docker stop` and CI runners send.
/// On Unix the handlers are installed when this is called, not when the future is first polled.
#[cfg(unix)]
fn stop_signal() -> impl Future<Output = ()> {
    use tokio::signal::unix::{SignalKind, signal};
    let interrupt = signal(SignalKind::interrupt());
    let terminate = signal(SignalKind::terminate());
    async move {
        match (interrupt, terminate) {
            (Ok(mut interrupt), Ok(mut terminate)) => {
                tokio::select! {
                    _ = interrupt.recv() => {}
                    _ = terminate.recv() => {}
                }
            }
            (Err(e), _) | (_, Err(e)) => {
                // Without both handlers a signal would kill us mid-request; fall back to Ctrl-C.
                eprintln!(
                    "sandbox: cannot listen for SIGTERM/SIGINT ({e}); only Ctrl-C will stop it"
                );
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
}

/// Resolves on Ctrl-C.
#[cfg(not(unix))]
fn stop_signal() -> impl Future<Output = ()> {
    async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            eprintln!("sandbox: cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    }
}
