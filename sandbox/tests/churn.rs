//! Churn: 1,000 clients connecting and disconnecting concurrently for 10 s on 127.0.0.1, against
//! the Rust sandbox and the Node reference project. A file of its own so it does not run beside
//! the timing-sensitive heartbeat tests (cargo runs test binaries one after another).

mod common;

use std::time::Duration;

use common::{NodeServer, node_ready, run_script};

const CLIENTS: &str = "1000";
/// Two churns at once would share two cores and measure the machine, not the servers.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
const SECONDS: &str = "10";

async fn churn(url: &str) -> serde_json::Value {
    let _turn = ONE_AT_A_TIME.lock().await;
    // The default heartbeat: under this load a busy client may answer a ping late, and being
    // dropped for it would be a test artefact, not a counting error.
    let stats = run_script(
        &[],
        "churn.js",
        &[url, CLIENTS, SECONDS],
        Duration::from_secs(180),
    )
    .await
    .json();
    assert_eq!(stats["final"], 0, "{stats}");
    assert_eq!(stats["errors"], 0, "{stats}");
    assert!(stats["max"].as_u64().unwrap() <= 1001, "{stats}");
    assert!(stats["min"].as_u64().unwrap() >= 1, "{stats}");
    eprintln!("churn against {url}: {stats}");
    stats
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rust_churn_ends_at_zero() {
    if !node_ready("rust_churn_ends_at_zero") {
        return;
    }
    let server = sandbox::start(sandbox::Config::ephemeral())
        .await
        .expect("start");
    churn(&server.url()).await;
    assert_eq!(server.user_count(), 0);
    server.shutdown().await.expect("shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_churn_ends_at_zero() {
    if !node_ready("node_churn_ends_at_zero") {
        return;
    }
    let server = NodeServer::start(None);
    churn(&server.url).await;
}
