//! `lessons serve` end to end on 127.0.0.1: pages from memory, a changed lesson served anew with
//! a reload event within a second, an error page that recovers, the translator preview, and no
//! path outside the site.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use lessons::render::Config;
use lessons::serve::{self, Options};

const LESSON: &str = "ukrainian/blocks/realtime-user-counter/869297177b0249dd0ea8869e.md";
const PAGE: &str = "uk/learn/real-time-web-apps/realtime-user-counter/handle-a-disconnect/";

fn copy_content(to: &Path) {
    let from = common::repo().join("content");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// GET with a raw request line, so that `..` reaches the server exactly as written.
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Reads the server-sent events in a thread; each `data:` line arrives on the channel.
fn events(addr: &str) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET /__lessons/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { break };
            if let Some(data) = line.strip_prefix("data:")
                && tx.send(data.trim().to_string()).is_err()
            {
                break;
            }
        }
    });
    rx
}

fn edit(path: &PathBuf, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_rebuilds_reloads_recovers_and_stays_inside_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_content(&content);
    let handle = serve::start(Options {
        config: Config {
            content: content.clone(),
            ..Config::default()
        },
        config_file: None,
        addr: "127.0.0.1:0".parse().unwrap(),
        debounce: Duration::from_millis(50),
    })
    .await
    .unwrap();
    let addr = handle.local_addr().to_string();

    let checks = tokio::task::spawn_blocking(move || {
        let (status, page) = get(&addr, &format!("/{PAGE}"));
        assert_eq!(status, 200);
        assert!(page.contains("Оброблення відключення"));
        assert!(
            page.contains("/__lessons/events"),
            "the reload script is injected"
        );

        let reloads = events(&addr);
        let first = reloads.recv_timeout(Duration::from_secs(5)).unwrap();

        // A change to one lesson is served, and open pages are told, within a second.
        let file = content.join(LESSON);
        let started = Instant::now();
        edit(
            &file,
            "Наразі лічильник уміє лише зростати.",
            "Лічильник поки що вміє лише зростати — це виправимо.",
        );
        let next = reloads
            .recv_timeout(Duration::from_secs(1))
            .expect("a reload event within 1 s");
        assert_ne!(next, first);
        let (status, page) = get(&addr, &format!("/{PAGE}"));
        assert_eq!(status, 200);
        assert!(page.contains("це виправимо"), "the new text is served");
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );

        // A broken file shows the error (file, line, message) instead of the page…
        edit(&file, "# --hints--", "# --hint--");
        reloads
            .recv_timeout(Duration::from_secs(2))
            .expect("a reload event for the error");
        let (status, page) = get(&addr, &format!("/{PAGE}"));
        assert_eq!(status, 500);
        assert!(page.contains("869297177b0249dd0ea8869e.md"), "{page}");
        assert!(
            page.contains("unknown section marker `# --hint--`"),
            "{page}"
        );
        assert!(page.contains(".md:31:1"), "{page}");

        // …and the site recovers by itself once it is fixed.
        edit(&file, "# --hint--", "# --hints--");
        reloads
            .recv_timeout(Duration::from_secs(2))
            .expect("a reload event for the fix");
        let (status, page) = get(&addr, &format!("/{PAGE}"));
        assert_eq!(status, 200);
        assert!(page.contains("це виправимо"));

        // Editor temporary files are not changes.
        std::fs::write(file.with_file_name(".869297177b0249dd0ea8869e.md.swp"), "x").unwrap();
        assert!(
            reloads.recv_timeout(Duration::from_millis(400)).is_err(),
            "no rebuild for a swap file"
        );

        // The translator preview marks English left in the translation.
        edit(
            &file,
            "Усередині зробіть",
            "Nothing here has been translated into the other language yet, sadly. Усередині зробіть",
        );
        reloads.recv_timeout(Duration::from_secs(2)).unwrap();
        let (status, preview) = get(&addr, "/__preview/uk/869297177b0249dd0ea8869e/");
        assert_eq!(status, 200);
        assert!(
            preview.contains("<mark class=\"untranslated\""),
            "{preview}"
        );
        assert!(
            preview.contains("Handle a Disconnect") && preview.contains("Оброблення відключення")
        );
        let (status, index) = get(&addr, "/__preview/uk/");
        assert_eq!(status, 200);
        assert!(
            index.contains("English text left in the translation (1)"),
            "{index}"
        );
        assert!(index.contains("Not translated yet (1)"), "{index}");

        // Nothing outside the site is ever served.
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        for path in [
            "/../secret.txt",
            "/../../etc/passwd",
            "/%2e%2e/secret.txt",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/static/..%2f..%2fsecret.txt",
            "/static/%2e%2e/%2e%2e/secret.txt",
            "/..\\secret.txt",
            "/uk/%00/index.html",
        ] {
            let (status, body) = get(&addr, path);
            assert_eq!(status, 404, "{path}");
            assert!(
                !body.contains("secret") && !body.contains("root:"),
                "{path}"
            );
        }
        drop(dir);
    });
    checks.await.unwrap();
    handle.shutdown().await;
}

#[tokio::test]
async fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let e = serve::start(Options {
        config: Config {
            content: common::repo().join("content"),
            ..Config::default()
        },
        config_file: None,
        addr: taken.local_addr().unwrap(),
        debounce: Duration::from_millis(50),
    })
    .await
    .err()
    .unwrap()
    .to_string();
    assert!(
        e.contains("is already in use: stop the other server or pass --port"),
        "{e}"
    );
}
