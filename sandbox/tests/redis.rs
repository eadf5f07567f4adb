//! Several sandboxes behind one count (`--redis`): a real `redis-server`, two instances of the
//! compiled binary, and real `socket.io-client`s spread over both. Skipped with a printed reason
//! when `redis-server` (or Node) is missing, unless `LESSONS_REQUIRE_REDIS=1` or
//! `LESSONS_REQUIRE_SHARED=1` (CI), where a silent skip would hide a broken setup.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Process, free_port, node_ready, run_script, spawn_sandbox};

/// The lease of a killed instance (sandbox's `cluster::LEASE`) plus one sync interval
/// (`cluster::SYNC_INTERVAL`) plus the longest broadcast gap: the documented bound.
const KILLED_BOUND_MS: u64 = 3000 + 500 + 300;
/// A gracefully stopped instance leaves the count itself: a round trip or two, not the lease.
const STOPPED_BOUND_MS: u64 = 300;
/// Scheduling slack on a loaded 2-core CI machine.
const MARGIN_MS: u64 = 1500;

/// Clients on instance A and on instance B (each count includes that instance's watcher).
const ON_A: u64 = 4;
const ON_B: u64 = 3;

fn required() -> bool {
    ["LESSONS_REQUIRE_REDIS", "LESSONS_REQUIRE_SHARED"]
        .iter()
        .any(|var| std::env::var(var).is_ok_and(|v| v == "1"))
}

/// True when `redis-server` can be run; otherwise prints why the test is skipped and returns
/// false, or panics when it is required.
fn redis_ready(test: &str) -> bool {
    let problem = match Command::new("redis-server").arg("--version").output() {
        Ok(out) if out.status.success() => return true,
        Ok(_) => "`redis-server --version` failed".to_owned(),
        Err(e) => format!("`redis-server` cannot be run ({e}); apt-get install redis-server"),
    };
    if required() {
        panic!("LESSONS_REQUIRE_REDIS=1 or LESSONS_REQUIRE_SHARED=1 but {problem}");
    }
    common::skipped(test, &problem);
    false
}

/// A child process killed (SIGKILL) and reaped on drop.
/// A throwaway `redis-server` on a free port: no persistence, its files in a temp dir.
struct Redis {
    _process: Process,
    _dir: tempfile::TempDir,
    url: String,
}

fn start_redis() -> Redis {
    let dir = tempfile::tempdir().expect("temp dir");
    let port = free_port();
    let child = Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .args(["--save", "", "--appendonly", "no"])
        .arg("--dir")
        .arg(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn redis-server");
    let process = Process(child);
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let started = Instant::now();
    while !answers_ping(addr) {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "redis-server did not answer PING on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Redis {
        _process: process,
        _dir: dir,
        url: format!("redis://127.0.0.1:{port}"),
    }
}

fn answers_ping(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(200)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let mut reply = [0; 7];
    stream.write_all(b"PING\r\n").is_ok()
        && stream.read_exact(&mut reply).is_ok()
        && &reply == b"+PONG\r\n"
}

/// The `sandbox` binary on a free port with `--redis url`.
struct Instance {
    process: Process,
    url: String,
}

fn start_instance(redis: &str) -> Instance {
    let (process, addr) = spawn_sandbox(&["--redis", redis]);
    Instance {
        process,
        url: format!("http://{addr}/"),
    }
}

/// Spreads clients over two instances, checks both watchers reach the exact total, then sends
/// `signal` to B and returns A's watcher's counts after it and the time until A's clients all
/// saw the total without B's.
async fn two_instances(signal: &str) -> (Vec<u64>, u64) {
    let redis = start_redis();
    let a = start_instance(&redis.url);
    let b = start_instance(&redis.url);
    let pid_b = b.process.0.id().to_string();
    let (on_a, on_b) = (ON_A.to_string(), ON_B.to_string());
    let result = run_script(
        &[],
        "cluster.js",
        &[&a.url, &b.url, &on_a, &on_b, &pid_b, signal],
        Duration::from_secs(90),
    )
    .await
    .json();
    eprintln!("{signal}: {result}");
    let counts = |v: &serde_json::Value| -> Vec<u64> {
        v.as_array()
            .expect("an array of counts")
            .iter()
            .map(|n| n.as_u64().expect("a count"))
            .collect()
    };
    // While clients only arrive, no watcher may see a count go down, and both end on the total.
    for watcher in ["a", "b"] {
        let seen = counts(&result["fill"][watcher]);
        assert!(
            seen.is_sorted(),
            "watcher {watcher} went backwards: {seen:?}"
        );
        assert_eq!(
            seen.last(),
            Some(&(ON_A + ON_B)),
            "watcher {watcher}: {seen:?}"
        );
    }
    // B's watcher joined after A's: its very first count already includes A's user.
    assert_eq!(counts(&result["fill"]["b"]).first(), Some(&2), "{result}");
    let elapsed = result["elapsed_ms"].as_u64().expect("elapsed_ms");
    drop(a);
    drop(b);
    (counts(&result["after"]), elapsed)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_agree_and_drop_a_killed_one() {
    let test = "two_instances_agree_and_drop_a_killed_one";
    if !redis_ready(test) || !node_ready(test) {
        return;
    }
    let (after, elapsed) = two_instances("SIGKILL").await;
    // One step from the total to A's own clients: B's lease ran out for all of them at once.
    assert_eq!(after, [ON_A], "A's watcher after the kill");
    let bound = KILLED_BOUND_MS + MARGIN_MS;
    assert!(
        elapsed <= bound,
        "A's clients saw {ON_A} {elapsed} ms after B was killed, bound {bound} ms"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_instance_leaves_the_count_at_once() {
    let test = "a_stopped_instance_leaves_the_count_at_once";
    if !redis_ready(test) || !node_ready(test) {
        return;
    }
    let (after, elapsed) = two_instances("SIGTERM").await;
    assert_eq!(after, [ON_A], "A's watcher after B stopped");
    let bound = STOPPED_BOUND_MS + MARGIN_MS;
    assert!(
        elapsed <= bound,
        "A's clients saw {ON_A} {elapsed} ms after B was stopped, bound {bound} ms"
    );
}

/// A Redis that is not there is a clear error at startup, not a sandbox that counts alone.
#[test]
fn unreachable_redis_fails_at_startup() {
    let url = format!("redis://127.0.0.1:{}", free_port());
    let mut child = Command::new(env!("CARGO_BIN_EXE_sandbox"))
        .args(["--port", "0", "--redis", &url])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sandbox");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("sandbox --redis {url} still running after 20 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read stderr");
    assert!(!status.success(), "{stderr}");
    assert!(stderr.contains("redis at redis://127.0.0.1:"), "{stderr}");
}
