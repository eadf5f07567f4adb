//! Helpers shared by the integration tests: the Node gate, Node child processes, and a raw
//! HTTP/1.1 client (raw so that paths such as `/_api/../x` reach the server unnormalized).
#![allow(dead_code)] // each test binary uses its own subset

pub mod ws;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The repository root (the workspace holding `node_modules/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A script under `sandbox/tests/node/`.
pub fn node_script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/node")
        .join(name)
}

/// True when `node` and the npm packages the tests drive are installed. Otherwise prints why the
/// test is skipped and returns false — or panics when `LESSONS_REQUIRE_NODE=1` (CI), where a
/// silent skip would hide a broken setup.
pub fn node_ready(test: &str) -> bool {
    let problem = match Command::new("node").arg("--version").output() {
        Err(e) => Some(format!("`node` cannot be run ({e}); install Node.js 20+")),
        Ok(out) if !out.status.success() => Some("`node --version` failed".to_owned()),
        Ok(_) => ["socket.io-client", "socket.io", "express"]
            .iter()
            .find(|pkg| {
                !repo_root()
                    .join("node_modules")
                    .join(pkg)
                    .join("package.json")
                    .is_file()
            })
            .map(|pkg| format!("node_modules/{pkg} is missing; run `npm ci` at the repo root")),
    };
    match problem {
        None => true,
        Some(p) if std::env::var("LESSONS_REQUIRE_NODE").as_deref() == Ok("1") => {
            panic!("LESSONS_REQUIRE_NODE=1 but {p}")
        }
        Some(p) => {
            skipped(test, &p);
            false
        }
    }
}

/// Says that `test` is skipped and why, and lists it in `target/skipped-tests.txt` beside the
/// `lessons` tests' skips (`tests/common.rs`), which `.ci/run` prints after the tests.
pub fn skipped(test: &str, reason: &str) {
    eprintln!("skipping {test}: {reason}");
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let list = tmp.parent().unwrap_or(tmp).join("skipped-tests.txt");
    let line = format!("sandbox {test}: {reason}\n");
    let _ = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(list)
        .and_then(|mut f| f.write_all(line.as_bytes()));
}

/// Output of a finished Node script.
#[derive(Debug)]
pub struct ScriptRun {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

impl ScriptRun {
    /// The JSON line the script printed on success.
    pub fn json(&self) -> serde_json::Value {
        assert!(
            self.success,
            "node script failed:\n{}\n{}",
            self.stdout, self.stderr
        );
        let line = self.stdout.lines().last().unwrap_or_default();
        serde_json::from_str(line).unwrap_or_else(|e| panic!("bad JSON {line:?}: {e}"))
    }
}

/// Runs `node [node_args] sandbox/tests/node/<script> <args>` to completion, killing it after
/// `timeout`.
pub async fn run_script(
    node_args: &[&str],
    script: &str,
    args: &[&str],
    timeout: Duration,
) -> ScriptRun {
    let mut command = tokio::process::Command::new("node");
    command
        .args(node_args)
        .arg(node_script(script))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let child = command.spawn().expect("spawn node");
    match tokio::time::timeout(timeout, child.wait_with_output()).await {
        Ok(out) => {
            let out = out.expect("wait for node");
            ScriptRun {
                success: out.status.success(),
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            }
        }
        Err(_) => panic!("{script} {args:?} did not finish within {timeout:?}"),
    }
}

/// `node sandbox/project/server.js` on a free port, killed on drop.
pub struct NodeServer {
    child: Child,
    pub url: String,
}

impl NodeServer {
    /// Starts the reference project under Node; `heartbeat` = (pingInterval, pingTimeout) in ms.
    pub fn start(heartbeat: Option<(u64, u64)>) -> NodeServer {
        let port = free_port();
        let mut command = Command::new("node");
        command
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("project/server.js"))
            .env("PORT", port.to_string())
            // It logs every connect; nobody reads that, and a full pipe would stall it.
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        if let Some((interval, timeout)) = heartbeat {
            command
                .env("PING_INTERVAL_MS", interval.to_string())
                .env("PING_TIMEOUT_MS", timeout.to_string());
        }
        let child = command.spawn().expect("spawn node server.js");
        let server = NodeServer {
            child,
            url: format!("http://127.0.0.1:{port}/"),
        };
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        let started = Instant::now();
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "node server.js did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }
}

impl Drop for NodeServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port that was free a moment ago (below the ephemeral range is not guaranteed; the OS picks).
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind port 0");
    listener.local_addr().expect("local addr").port()
}

/// A child process, killed when dropped (a failing test leaves nothing running).
pub struct Process(pub Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The `sandbox` binary, as a learner or a suite runs it, on a free port with `args`; returns
/// once it listens.
pub fn spawn_sandbox(args: &[&str]) -> (Process, SocketAddr) {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_sandbox"))
        .args(["--port", &port.to_string()])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn sandbox");
    let mut process = Process(child);
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let started = Instant::now();
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        if let Ok(Some(status)) = process.0.try_wait() {
            panic!("sandbox {args:?} exited with {status} before listening");
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "sandbox {args:?} did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (process, addr)
}

/// A parsed HTTP response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    /// The first header with this (lower-case) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one request with the target exactly as given and reads the whole response.
pub fn http(addr: SocketAddr, method: &str, target: &str, headers: &[(&str, &str)]) -> Response {
    http_as(addr, &addr.to_string(), method, target, headers)
}

/// [`http`] with the `Host` header given.
pub fn http_as(
    addr: SocketAddr,
    host: &str,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
) -> Response {
    http_full(addr, host, method, target, headers, None)
}

/// [`http`] with a request body (sent with its `Content-Length`).
pub fn http_body(addr: SocketAddr, method: &str, target: &str, body: &[u8]) -> Response {
    http_full(addr, &addr.to_string(), method, target, &[], Some(body))
}

/// [`http`] (or [`http_body`] with a body) from async tests, off the runtime's threads.
pub async fn http_async(
    addr: SocketAddr,
    method: &'static str,
    target: String,
    body: Option<&'static [u8]>,
) -> Response {
    tokio::task::spawn_blocking(move || match body {
        Some(body) => http_body(addr, method, &target, body),
        None => http(addr, method, &target, &[]),
    })
    .await
    .expect("http thread")
}

fn http_full(
    addr: SocketAddr,
    host: &str,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut request =
        format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).expect("send");
    if let Some(body) = body {
        stream.write_all(body).expect("send body");
    }
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    parse_response(&raw)
}

/// Splits a complete HTTP/1.1 response (de-chunking the body).
pub fn parse_response(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..line_end]).trim(), 16)
            .expect("chunk size");
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        out.extend_from_slice(&data[start..start + size]);
        data = &data[start + size + 2..];
    }
    out
}
