//! The sandbox against hostile clients, each attack sent with a raw TCP socket: DNS rebinding
//! (a foreign `Host`), foreign pages opening Socket.IO, idle and slow connections, too many
//! connections, oversized messages, broken CONNECT payloads. Every test asserts the refusal and
//! that honest clients are still served.

mod common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use common::ws::{Connect, Sio, WAIT, Ws};
use common::{http, http_as};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn start(config: sandbox::Config) -> sandbox::Handle {
    sandbox::start(config).await.expect("start sandbox")
}

/// Blocking HTTP from async tests, off the runtime's threads.
async fn http_async(
    addr: SocketAddr,
    host: &str,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
) -> common::Response {
    let host = host.to_owned();
    let method = method.to_owned();
    let target = target.to_owned();
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    tokio::task::spawn_blocking(move || {
        let headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        http_as(addr, &host, &method, &target, &headers)
    })
    .await
    .expect("http thread")
}

/// Waits until the counter has published `n`.
async fn wait_for_count(server: &sandbox::Handle, n: usize) {
    let started = Instant::now();
    while server.user_count() != n {
        assert!(
            started.elapsed() < WAIT,
            "user count stuck at {}, expected {n}",
            server.user_count()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[test]
fn a_foreign_host_is_refused() {
    let server = sandbox::start_blocking(sandbox::Config::ephemeral()).expect("start");
    let addr = server.local_addr();
    let port = addr.port();
    for host in [
        "attacker.example".to_owned(),
        format!("attacker.example:{port}"),
        format!("localhost.attacker.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost:{}", port.wrapping_add(1)),
        "localhost".to_owned(),
    ] {
        for target in [
            "/_api/server.js",
            "/_api/package.json",
            "/public/client.js",
            "/",
            "/socket.io/?EIO=4&transport=polling",
        ] {
            let res = http_as(addr, &host, "GET", target, &[]);
            assert_eq!(res.status, 421, "Host {host} {target}: {}", res.body);
            assert!(!res.body.contains("currentUsers"), "{host} {target}");
            assert!(!res.body.contains("\"sid\""), "{host} {target}");
        }
        // A preflight from the rebinding page gets nothing either.
        let preflight = http_as(
            addr,
            &host,
            "OPTIONS",
            "/_api/server.js",
            &[
                ("Origin", "http://localhost:3000"),
                ("Access-Control-Request-Method", "GET"),
            ],
        );
        assert_eq!(preflight.status, 421, "preflight for {host}");
        assert_eq!(preflight.header("access-control-allow-origin"), None);
    }
    // An absolute-form target naming another host is refused even with a good Host header.
    let absolute = http(addr, "GET", "http://attacker.example/_api/server.js", &[]);
    assert_eq!(absolute.status, 421);

    // The names of the address it listens on are served.
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
    ] {
        let res = http_as(addr, &host, "GET", "/_api/server.js", &[]);
        assert_eq!(res.status, 200, "Host {host}");
        assert!(res.body.contains("currentUsers"), "{host}");
    }
    server.shutdown().expect("shutdown");
}

#[test]
fn allow_host_admits_a_name() {
    let server = sandbox::start_blocking(sandbox::Config {
        allowed_hosts: vec!["box.example".into()],
        ..sandbox::Config::ephemeral()
    })
    .expect("start");
    let addr = server.local_addr();
    assert_eq!(
        http_as(addr, "box.example", "GET", "/_api/server.js", &[]).status,
        200
    );
    assert_eq!(
        http_as(addr, "box2.example", "GET", "/_api/server.js", &[]).status,
        421
    );
    server.shutdown().expect("shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_foreign_origin_cannot_open_socket_io() {
    let server = start(sandbox::Config::ephemeral()).await;
    let addr = server.local_addr();
    let host = addr.to_string();
    for origin in [
        "https://evil.example",
        "http://evil.example:3000",
        "http://localhost.evil.example",
    ] {
        // WebSocket: browsers apply no CORS here, so the server must say no.
        let refused = Ws::open(addr, &[("Origin", origin)])
            .await
            .expect_err("a foreign WebSocket must not be upgraded");
        assert_eq!(refused.status, 403, "{origin}: {}", refused.head);

        // Long-polling: the handshake, and a blind POST to someone else's session.
        let res = http_async(
            addr,
            &host,
            "GET",
            "/socket.io/?EIO=4&transport=polling",
            &[("Origin", origin)],
        )
        .await;
        assert_eq!(res.status, 403, "{origin} polling: {}", res.body);
        assert!(!res.body.contains("\"sid\""));
        let res = http_async(
            addr,
            &host,
            "POST",
            "/socket.io/?EIO=4&transport=polling&sid=AAAAAAAAAAAAAAAA",
            &[("Origin", origin), ("Content-Length", "0")],
        )
        .await;
        assert_eq!(res.status, 403, "{origin} POST");
    }
    assert_eq!(server.user_count(), 0);

    // Local pages, the sandbox's own page included, are welcome.
    let own_page = format!("http://{addr}");
    for origin in ["http://localhost:8080", own_page.as_str(), "null"] {
        let mut ws = Ws::open(addr, &[("Origin", origin)])
            .await
            .unwrap_or_else(|r| panic!("{origin} refused: {}", r.head));
        assert!(ws.recv_text().await.starts_with("0{"));
    }
    let mut ws = Ws::open(addr, &[("Origin", "http://localhost:5173")])
        .await
        .expect("local page");
    assert!(ws.recv_text().await.starts_with("0{"));
    ws.send_text("40").await.expect("send");
    let mut sio = Sio { ws };
    assert_eq!(sio.next_count().await, 1);
    server.shutdown().await.expect("shutdown");
}

/// Reads until the server closes the connection; the time it took, or `None` if it stayed open
/// for `wait`.
async fn time_to_close(stream: &mut TcpStream, wait: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(
            wait.saturating_sub(started.elapsed()),
            stream.read(&mut buf),
        )
        .await
        {
            Err(_elapsed) => return None,
            Ok(Ok(0) | Err(_)) => return Some(started.elapsed()),
            // A 408 or the end of a response: keep reading until the close.
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_and_slow_header_connections_are_cut() {
    const TIMEOUT: Duration = Duration::from_millis(600);
    // Generous for a loaded 2-core machine, yet far below "never".
    const BOUND: Duration = Duration::from_secs(5);
    let server = start(sandbox::Config {
        header_read_timeout: TIMEOUT,
        ..sandbox::Config::ephemeral()
    })
    .await;
    let addr = server.local_addr();

    let mut silent = Vec::new();
    let mut half = Vec::new();
    for _ in 0..20 {
        silent.push(TcpStream::connect(addr).await.expect("connect"));
        let mut s = TcpStream::connect(addr).await.expect("connect");
        s.write_all(format!("GET /_api/server.js HTTP/1.1\r\nHost: {addr}\r\nX-Slow: ").as_bytes())
            .await
            .expect("half a request");
        half.push(s);
    }
    // A connection that was served once and then sits idle (keep-alive).
    let mut idle = TcpStream::connect(addr).await.expect("connect");
    idle.write_all(format!("GET /_api/package.json HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .await
        .expect("request");
    let mut head = [0u8; 12];
    idle.read_exact(&mut head).await.expect("response");
    assert_eq!(&head, b"HTTP/1.1 200");

    for (what, streams) in [("silent", &mut silent), ("half-sent headers", &mut half)] {
        for stream in streams.iter_mut() {
            let closed = time_to_close(stream, BOUND).await;
            let Some(after) = closed else {
                panic!("a {what} connection was still open after {BOUND:?}");
            };
            assert!(after <= BOUND, "{what}: {after:?}");
        }
    }
    assert!(
        time_to_close(&mut idle, BOUND).await.is_some(),
        "an idle keep-alive connection was still open after {BOUND:?}"
    );

    // The deadline is for the headers: a client that sends them in time is served, and a fresh
    // connection is not cut before its time is up.
    let mut prompt = TcpStream::connect(addr).await.expect("connect");
    let started = Instant::now();
    assert!(
        time_to_close(&mut prompt, TIMEOUT / 3).await.is_none(),
        "a fresh connection was cut after {:?}, before its header timeout",
        started.elapsed()
    );
    prompt
        .write_all(
            format!("GET /_api/server.js HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .await
        .expect("request");
    let mut response = Vec::new();
    prompt.read_to_end(&mut response).await.expect("response");
    assert!(response.starts_with(b"HTTP/1.1 200"));
    server.shutdown().await.expect("shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_over_the_cap_are_refused() {
    const CAP: usize = 4;
    let server = start(sandbox::Config {
        max_connections: CAP,
        ..sandbox::Config::ephemeral()
    })
    .await;
    let addr = server.local_addr();
    let request = format!("GET /_api/package.json HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    // Served keep-alive connections: accepted and holding their permits. One is a WebSocket,
    // which holds its permit after the upgrade too.
    let mut held = Vec::new();
    for _ in 0..CAP - 1 {
        let mut s = TcpStream::connect(addr).await.expect("connect");
        s.write_all(request.as_bytes()).await.expect("request");
        let mut head = [0u8; 12];
        s.read_exact(&mut head).await.expect("response");
        assert_eq!(&head, b"HTTP/1.1 200");
        held.push(s);
    }
    let mut sio = Sio::join(addr).await;
    assert_eq!(sio.next_count().await, 1);

    let mut over = TcpStream::connect(addr)
        .await
        .expect("the kernel still accepts");
    // Sending may already fail: the server may have closed it.
    let _ = over.write_all(request.as_bytes()).await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(WAIT, over.read_to_end(&mut answer))
        .await
        .expect("the connection over the cap is closed");
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 503"),
        "over the cap, got {answer:?}"
    );
    assert!(
        !answer.contains("realtime-user-counter"),
        "served over the cap"
    );

    // Closing the WebSocket frees a place.
    drop(sio);
    wait_for_count(&server, 0).await;
    let started = Instant::now();
    loop {
        let mut s = TcpStream::connect(addr).await.expect("connect");
        let _ = s.write_all(request.as_bytes()).await;
        let mut head = [0u8; 12];
        let answer = tokio::time::timeout(WAIT, s.read_exact(&mut head)).await;
        if matches!(answer, Ok(Ok(_))) && &head == b"HTTP/1.1 200" {
            break;
        }
        assert!(started.elapsed() < WAIT, "no place freed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server.shutdown().await.expect("shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_websocket_messages_are_refused_and_the_server_stays_up() {
    let server = start(sandbox::Config::ephemeral()).await;
    let addr = server.local_addr();

    // Just under the announced 100,000-byte maxPayload: fine, the connection stays.
    let mut honest = Sio::join(addr).await;
    assert_eq!(honest.next_count().await, 1);
    let event = format!("42[\"noise\",\"{}\"]", "a".repeat(90_000));
    honest.ws.send_text(&event).await.expect("send 90 kB");

    // 10 MB in one frame: the server closes as soon as it reads the frame's length.
    let mut big = Sio::join(addr).await;
    assert_eq!(big.next_count().await, 2);
    assert_eq!(honest.next_count().await, 2);
    let started = Instant::now();
    // The write fails part-way when the server hangs up; that is the point.
    let _ = big.ws.send_huge_text(10_000_000).await;
    assert!(
        big.ws.closed_within(WAIT).await,
        "a 10 MB WebSocket message was accepted"
    );
    eprintln!(
        "10 MB frame: connection closed after {:?}",
        started.elapsed()
    );
    assert_eq!(honest.next_count().await, 1, "the other client sees it go");

    // 200 kB in 50 kB fragments: the message as a whole is too big too.
    let mut fragmented = Sio::join(addr).await;
    assert_eq!(fragmented.next_count().await, 2);
    assert_eq!(honest.next_count().await, 2);
    let piece = vec![b'a'; 50_000];
    let mut prefix = b"42[\"noise\",\"".to_vec();
    prefix.extend_from_slice(&piece);
    let _ = fragmented.ws.send_frame(1, false, &prefix).await;
    for _ in 0..3 {
        let _ = fragmented.ws.send_frame(0, false, &piece).await;
    }
    let _ = fragmented.ws.send_frame(0, true, b"\"]").await;
    assert!(
        fragmented.ws.closed_within(WAIT).await,
        "a 200 kB fragmented WebSocket message was accepted"
    );
    assert_eq!(honest.next_count().await, 1);

    // The server is still up: a newcomer is counted and everyone hears it.
    let mut late = Sio::join(addr).await;
    assert_eq!(late.next_count().await, 2);
    assert_eq!(honest.next_count().await, 2);
    assert_eq!(server.user_count(), 2);
    server.shutdown().await.expect("shutdown");
}

#[test]
fn oversized_polling_payloads_are_refused() {
    let server = sandbox::start_blocking(sandbox::Config::ephemeral()).expect("start");
    let addr = server.local_addr();
    let open = http(addr, "GET", "/socket.io/?EIO=4&transport=polling", &[]);
    assert_eq!(open.status, 200);
    let handshake: serde_json::Value =
        serde_json::from_str(open.body.strip_prefix('0').expect("open packet")).expect("JSON");
    assert_eq!(handshake["maxPayload"], 100_000);
    let sid = handshake["sid"].as_str().expect("sid");
    let target = format!("/socket.io/?EIO=4&transport=polling&sid={sid}");
    let body = format!("42[\"noise\",\"{}\"]", "a".repeat(200_000));
    // Sent raw: the body must go out even if the server answers early.
    let res = post_raw(addr, &target, &body);
    assert!(
        (400..500).contains(&res.status),
        "a 200 kB polling payload got {}",
        res.status
    );
    server.shutdown().expect("shutdown");
}

fn post_raw(addr: SocketAddr, target: &str, body: &str) -> common::Response {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(WAIT)).expect("read timeout");
    let head = format!(
        "POST {target} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/plain;charset=UTF-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    // The server may answer and close before reading everything.
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    common::parse_response(&raw)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_connect_payloads_are_not_counted() {
    let server = start(sandbox::Config::ephemeral()).await;
    let addr = server.local_addr();
    // A watcher that hears every broadcast.
    let mut watcher = Sio::join(addr).await;
    assert_eq!(watcher.next_count().await, 1);

    for auth in ["{bad", "[1,2]", "null", "\"token\"", "true", "{\"a\":1"] {
        match Sio::connect(addr, auth).await {
            Connect::Error(packet) => assert!(packet.contains("invalid auth"), "{packet}"),
            Connect::Closed => {}
            Connect::Ok(_) => panic!("40{auth} was accepted"),
        }
        assert_eq!(server.user_count(), 1, "40{auth} was counted");
    }
    // Nothing was broadcast for them.
    let quiet_until = Instant::now() + Duration::from_millis(300);
    while let Some(frame) = watcher
        .ws
        .recv_within(quiet_until.saturating_duration_since(Instant::now()))
        .await
    {
        match frame {
            // An Engine.IO ping: answer it and keep listening.
            common::ws::Frame::Text(t) if t == "2" => {
                let _ = watcher.ws.send_text("3").await;
            }
            other => panic!("a broadcast for a refused client: {other:?}"),
        }
    }

    // Good payloads: none, or an object.
    let mut with_token = match Sio::connect(addr, r#"{"token":"x"}"#).await {
        Connect::Ok(sio) => sio,
        other => panic!("an object auth was refused: {other:?}"),
    };
    assert_eq!(with_token.next_count().await, 2);
    assert_eq!(watcher.next_count().await, 2);
    server.shutdown().await.expect("shutdown");
}

#[test]
fn package_json_is_sent_as_the_boilerplates_send_it() {
    let server = sandbox::start_blocking(sandbox::Config::ephemeral()).expect("start");
    let res = http(server.local_addr(), "GET", "/_api/package.json", &[]);
    assert_eq!(res.status, 200);
    // Express's `res.type('txt')`: jQuery's `$.get` then hands the hint a string to `JSON.parse`.
    assert_eq!(
        res.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    let on_disk = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("project/package.json"),
    )
    .expect("the reference package.json");
    assert_eq!(res.body, on_disk, "the file as it is, not re-serialized");
    let parsed: serde_json::Value = serde_json::from_str(&res.body).expect("JSON text");
    assert!(parsed["dependencies"]["socket.io"].is_string());
    server.shutdown().expect("shutdown");
}
