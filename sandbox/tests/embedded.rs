//! The reference project is compiled into the binary: an installed or moved `sandbox` (or
//! `lessons`) serves it with no source tree on the machine.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::http;

fn reference_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("project")
}

/// Every file of `sandbox/project/`, relative, with `/` separators.
fn reference_files() -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("read the reference project") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                let relative = path.strip_prefix(root).expect("inside");
                let parts: Vec<_> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    let mut files = Vec::new();
    walk(&reference_dir(), &reference_dir(), &mut files);
    files.sort();
    files
}

/// The default config serves the compiled-in copy, and that copy is the project as it is now
/// (a stale build would fail here).
#[test]
fn the_default_project_is_the_compiled_in_reference() {
    let config = sandbox::Config::ephemeral();
    assert!(config.project_dir.is_none());
    let server = sandbox::start_blocking(config).expect("start");
    let files = reference_files();
    assert!(files.contains(&"server.js".to_owned()), "{files:?}");
    for file in &files {
        let res = http(server.local_addr(), "GET", &format!("/_api/{file}"), &[]);
        assert_eq!(res.status, 200, "{file}");
        let on_disk = std::fs::read_to_string(reference_dir().join(file)).expect("read");
        assert_eq!(
            res.body, on_disk,
            "{file} differs from the compiled-in copy"
        );
    }
    let page = http(server.local_addr(), "GET", "/", &[]);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("/public/client.js"));
    server.shutdown().expect("shutdown");
}

/// The `sandbox` binary copied elsewhere and run from an empty folder, with the source tree
/// hidden (a tmpfs mounted over `sandbox/` in a mount namespace of its own, where `unshare` can
/// make one), serves the reference project.
#[test]
fn a_moved_binary_serves_the_reference_without_the_source_tree() {
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let binary = elsewhere.path().join("sandbox");
    std::fs::copy(env!("CARGO_BIN_EXE_sandbox"), &binary).expect("copy the binary");
    let cwd = tempfile::tempdir().expect("temp dir");
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));

    let hidden = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "true"])
        .status()
        .is_ok_and(|s| s.success());
    let mut command = if hidden {
        let mut c = Command::new("unshare");
        c.args(["--user", "--map-root-user", "--mount", "sh", "-c"])
            .arg(
                r#"mount -t tmpfs none "$1" || exit 97
                   test -e "$1/project/server.js" && exit 98
                   exec "$2" --port 0"#,
            )
            .arg("sh")
            .arg(source)
            .arg(&binary);
        c
    } else {
        eprintln!("unshare cannot make a mount namespace here: the source tree stays visible");
        let mut c = Command::new(&binary);
        c.args(["--port", "0"]);
        c
    };
    let mut child = command
        .current_dir(cwd.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the copied binary");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut url = None;
    let mut seen = Vec::new();
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(20)) {
        if let Some(at) = line.find("http://") {
            url = Some(line[at..].trim().to_owned());
            seen.push(line);
            break;
        }
        seen.push(line);
    }
    let Some(url) = url else {
        let _ = child.kill();
        let status = child.wait();
        panic!("the copied binary did not start ({status:?}): {seen:?}");
    };
    assert!(
        seen.iter()
            .any(|l| l.contains("built-in reference project")),
        "{seen:?}"
    );
    let addr: std::net::SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .expect("an address");
    let server_js = http(addr, "GET", "/_api/server.js", &[]);
    let package = http(addr, "GET", "/_api/package.json", &[]);
    let client = http(addr, "GET", "/public/client.js", &[]);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(server_js.status, 200);
    assert!(server_js.body.contains("currentUsers"));
    assert_eq!(package.status, 200);
    assert!(package.body.contains("socket.io"));
    assert_eq!(client.status, 200);
}
