//! `--protocol-test` mode, checked with the npm `socket.io-client`: the settings the Socket.IO
//! conformance suites assume and the behaviour their reference server has.

mod common;

use std::time::Duration;

use common::{node_ready, run_script};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn protocol_test_mode_behaves_like_the_reference_server() {
    if !node_ready("protocol_test_mode_behaves_like_the_reference_server") {
        return;
    }
    let server = sandbox::start(sandbox::Config {
        protocol_test: true,
        ..sandbox::Config::ephemeral()
    })
    .await
    .expect("start");
    let result = run_script(
        &[],
        "protocol.js",
        &[&server.url()],
        Duration::from_secs(30),
    )
    .await
    .json();
    assert!(result["unknownNamespace"].is_string(), "{result}");
    server.shutdown().await.expect("shutdown");
}

/// The Engine.IO handshake carries the timings the suites expect.
#[test]
fn protocol_test_mode_announces_the_suite_timings() {
    let server = sandbox::start_blocking(sandbox::Config {
        protocol_test: true,
        ..sandbox::Config::ephemeral()
    })
    .expect("start");
    let res = common::http(
        server.local_addr(),
        "GET",
        "/socket.io/?EIO=4&transport=polling",
        &[],
    );
    assert_eq!(res.status, 200);
    let open = res
        .body
        .strip_prefix('0')
        .expect("an Engine.IO open packet");
    let handshake: serde_json::Value = serde_json::from_str(open).unwrap();
    assert_eq!(handshake["pingInterval"], 300);
    assert_eq!(handshake["pingTimeout"], 200);
    assert_eq!(handshake["maxPayload"], 1_000_000);
    server.shutdown().unwrap();
}

#[test]
fn counter_mode_keeps_socket_io_defaults() {
    let server = sandbox::start_blocking(sandbox::Config::ephemeral()).expect("start");
    let res = common::http(
        server.local_addr(),
        "GET",
        "/socket.io/?EIO=4&transport=polling",
        &[],
    );
    let handshake: serde_json::Value =
        serde_json::from_str(res.body.strip_prefix('0').unwrap()).unwrap();
    assert_eq!(handshake["pingInterval"], 25_000);
    assert_eq!(handshake["pingTimeout"], 20_000);
    server.shutdown().unwrap();
}
