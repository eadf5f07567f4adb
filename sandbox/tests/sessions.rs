//! Every way the Engine.IO and Socket.IO conformance suites end a session also takes its user off
//! the count: a close packet, malformed packets of both layers, a namespace disconnect, and two
//! long-polls at once. Raw sockets against the counter (default settings), so a session the
//! server forgot to close would show as a count that never comes down.

mod common;

use std::time::{Duration, Instant};

use common::http_async;
use common::ws::{Sio, WAIT};

/// Waits until the counter has published `n`.
async fn wait_for_count(server: &sandbox::Handle, n: usize, what: &str) {
    let started = Instant::now();
    while server.user_count() != n {
        assert!(
            started.elapsed() < WAIT,
            "{what}: user count stuck at {}, expected {n}",
            server.user_count()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_way_the_suites_end_a_websocket_session_ends_its_count() {
    let server = sandbox::start(sandbox::Config::ephemeral())
        .await
        .expect("start");
    let addr = server.local_addr();
    // One user who stays, so "back to 1" cannot be mistaken for a server that emptied itself.
    let _stays = Sio::join(addr).await;
    wait_for_count(&server, 1, "first user").await;
    for (what, goodbye) in [
        ("an Engine.IO close packet", "1"),
        ("a malformed Engine.IO packet", "abc"),
        ("an unknown Socket.IO packet type", "4abc"),
        ("an event that is not an array", "42{}"),
        ("an invalid ack id", r#"42abc["message",1]"#),
        ("a namespace disconnect", "41"),
    ] {
        let mut sio = Sio::join(addr).await;
        wait_for_count(&server, 2, what).await;
        sio.ws.send_text(goodbye).await.expect("send");
        wait_for_count(&server, 1, what).await;
    }
    server.shutdown().await.expect("shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_long_polls_at_once_end_the_session_and_its_count() {
    let server = sandbox::start(sandbox::Config::ephemeral())
        .await
        .expect("start");
    let addr = server.local_addr();
    let open = http_async(
        addr,
        "GET",
        "/socket.io/?EIO=4&transport=polling".into(),
        None,
    )
    .await;
    assert_eq!(open.status, 200, "{}", open.body);
    let handshake: serde_json::Value =
        serde_json::from_str(open.body.strip_prefix('0').expect("open packet")).expect("JSON");
    let session = format!(
        "/socket.io/?EIO=4&transport=polling&sid={}",
        handshake["sid"].as_str().expect("sid")
    );
    let connect = http_async(addr, "POST", session.clone(), Some(b"40")).await;
    assert_eq!(connect.status, 200);
    wait_for_count(&server, 1, "polling user").await;
    // Take the CONNECT answer and the count (the broadcaster may send it a moment later).
    let mut received = String::new();
    while !received.contains(r#"42["user count",1]"#) {
        let queued = http_async(addr, "GET", session.clone(), None).await;
        assert_eq!(queued.status, 200, "{}", queued.body);
        received.push_str(&queued.body);
    }
    assert!(received.contains("40{"), "{received}");

    // The first poll must be waiting when the second arrives, or there is nothing to refuse.
    // Whatever is still queued (engineioxide's first ping, say) makes a poll return at once, so
    // poll until one stays.
    let waiting = loop {
        let poll = tokio::spawn(http_async(addr, "GET", session.clone(), None));
        tokio::time::sleep(Duration::from_millis(200)).await;
        if !poll.is_finished() {
            break poll;
        }
        let early = poll.await.expect("poll");
        assert_eq!(early.status, 200, "{}", early.body);
    };
    let second = http_async(addr, "GET", session.clone(), None).await;
    wait_for_count(&server, 0, "two polls at once").await;
    let first = waiting.await.expect("first poll");
    // Normally the second is refused and the first ends with the close packet; on a starved
    // machine the first may reach the server second, and then the roles swap.
    let mut statuses = [first.status, second.status];
    statuses.sort_unstable();
    assert!(
        statuses == [200, 400] || statuses == [200, 500],
        "polls answered {} and {}",
        first.status,
        second.status
    );
    let after = http_async(addr, "GET", session, None).await;
    assert_eq!(after.status, 400, "the session is gone");
    server.shutdown().await.expect("shutdown");
}
