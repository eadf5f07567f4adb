//! The counter's behaviour, driven by the real `socket.io-client` under Node, against both the
//! Rust sandbox and the reference project (`node sandbox/project/server.js`): the two must
//! behave alike, which is what keeps the project the lessons show honest.

mod common;

use std::time::Duration;

use common::{NodeServer, node_ready, run_script};

/// A short heartbeat so a vanished client is noticed in about two seconds.
const PING_INTERVAL_MS: u64 = 1000;
const PING_TIMEOUT_MS: u64 = 1000;
/// Scheduling slack on a loaded 2-core CI machine, on top of pingInterval + pingTimeout.
const MARGIN_MS: u64 = 1500;

async fn start_rust() -> sandbox::Handle {
    let config = sandbox::Config {
        ping_interval: Duration::from_millis(PING_INTERVAL_MS),
        ping_timeout: Duration::from_millis(PING_TIMEOUT_MS),
        ..sandbox::Config::ephemeral()
    };
    sandbox::start(config).await.expect("start sandbox")
}

fn start_node() -> NodeServer {
    NodeServer::start(Some((PING_INTERVAL_MS, PING_TIMEOUT_MS)))
}

async fn three_clients(url: &str, extra: &[&str]) {
    let mut args = vec![url];
    args.extend_from_slice(extra);
    let node_args: &[&str] = if extra.contains(&"--own-client") {
        &["--experimental-websocket", "--no-warnings"]
    } else {
        &[]
    };
    let seen = run_script(node_args, "basic.js", &args, Duration::from_secs(30))
        .await
        .json();
    assert_eq!(
        seen,
        serde_json::json!({"a": [1, 2, 3, 2], "b": [2, 3, 2], "c": [3]})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rust_three_clients_see_1_2_3_then_2() {
    if !node_ready("rust_three_clients_see_1_2_3_then_2") {
        return;
    }
    let server = start_rust().await;
    // Default transports: long-polling first, then the WebSocket upgrade.
    three_clients(&server.url(), &[]).await;
    three_clients(&server.url(), &["--websocket"]).await;
    assert_eq!(server.user_count(), 0);
    server.shutdown().await.expect("shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_three_clients_see_1_2_3_then_2() {
    if !node_ready("node_three_clients_see_1_2_3_then_2") {
        return;
    }
    let server = start_node();
    three_clients(&server.url, &[]).await;
    three_clients(&server.url, &["--websocket"]).await;
}

/// The page's own `/socket.io/socket.io.js` talks to socketioxide as well as the npm client does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn served_client_script_works_with_the_sandbox() {
    if !node_ready("served_client_script_works_with_the_sandbox") {
        return;
    }
    let server = start_rust().await;
    three_clients(&server.url(), &["--own-client"]).await;
    server.shutdown().await.expect("shutdown");
}

/// Runs vanish.js and returns milliseconds from the signal to the observer seeing 1.
async fn vanish(url: &str, mode: &str) -> u64 {
    let result = run_script(&[], "vanish.js", &[url, mode], Duration::from_secs(60))
        .await
        .json();
    assert_eq!(result["counts"], serde_json::json!([1, 2, 1]), "{result}");
    result["elapsed_ms"].as_u64().expect("elapsed_ms")
}

fn assert_counted_out_in_time(elapsed: u64, what: &str) {
    let bound = PING_INTERVAL_MS + PING_TIMEOUT_MS + MARGIN_MS;
    assert!(
        elapsed <= bound,
        "{what}: counted out after {elapsed} ms, bound {bound} ms"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rust_counts_out_a_killed_or_frozen_client() {
    if !node_ready("rust_counts_out_a_killed_or_frozen_client") {
        return;
    }
    let server = start_rust().await;
    // SIGKILL: the kernel closes the socket, so this is quick.
    assert_counted_out_in_time(vanish(&server.url(), "kill").await, "killed client");
    // SIGSTOP: the TCP connection stays open, only the heartbeat can tell.
    let frozen = vanish(&server.url(), "stop").await;
    assert_counted_out_in_time(frozen, "frozen client");
    assert!(
        frozen >= PING_TIMEOUT_MS / 2,
        "a frozen client was counted out after {frozen} ms: not by the heartbeat?"
    );
    assert_eq!(server.user_count(), 0);
    server.shutdown().await.expect("shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_counts_out_a_killed_or_frozen_client() {
    if !node_ready("node_counts_out_a_killed_or_frozen_client") {
        return;
    }
    let server = start_node();
    assert_counted_out_in_time(vanish(&server.url, "kill").await, "killed client");
    assert_counted_out_in_time(vanish(&server.url, "stop").await, "frozen client");
}
