//! `lessons serve` end to end on 127.0.0.1: pages from memory, a changed lesson served anew with
//! a reload event within a second, a broken file's error on its own page while the rest of the
//! site is served, a whole-site error page when the content root goes (and recovery), folder
//! addresses redirected to their slash form, the translator preview by (block, id), only
//! requests for this machine answered, and no path outside the site. With `../shared`, the
//! real curriculum is served and answers within 15 s.

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
const SIBLING: &str = "uk/learn/real-time-web-apps/realtime-user-counter/emit-the-user-count/";

/// Held by the test that loads the whole real curriculum and by the one that times a reload
/// within a second, so that the first does not eat the second's CPU (on two cores).
static HEAVY: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

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

/// An HTTP response, as the tests read it.
struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    /// A header's value (names are matched case-insensitively).
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// GET with a raw request line, so that `..` reaches the server exactly as written, and any
/// extra header lines.
fn request(addr: &str, path: &str, headers: &str) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    let host = if headers.contains("Host:") {
        String::new()
    } else {
        format!("Host: {addr}\r\n")
    };
    write!(
        s,
        "GET {path} HTTP/1.1\r\n{host}{headers}Connection: close\r\n\r\n"
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
    let (head, body) = text
        .split_once("\r\n\r\n")
        .map(|(h, b)| (h.to_string(), b.to_string()))
        .unwrap_or_default();
    Reply { status, head, body }
}

fn get(addr: &str, path: &str) -> (u16, String) {
    let r = request(addr, path, "");
    (r.status, r.body)
}

async fn start(content: &Path) -> serve::Handle {
    serve::start(Options {
        config: Config {
            content: content.to_path_buf(),
            ..Config::default()
        },
        config_file: None,
        addr: "127.0.0.1:0".parse().unwrap(),
        debounce: Duration::from_millis(50),
    })
    .await
    .unwrap()
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
    let _alone = HEAVY.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_content(&content);
    let handle = start(&content).await;
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

        // A broken file shows its error (file, line, code, message) instead of its page; the
        // other pages are served, with a banner…
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
        assert!(page.contains("unknown-marker"), "{page}");
        let (status, sibling) = get(&addr, &format!("/{SIBLING}"));
        assert_eq!(status, 200);
        // The banner is in the page's language.
        assert!(sibling.contains("1 проблема у вмісті"), "{sibling}");
        let (status, _) = get(&addr, &format!("/{}", PAGE.replacen("uk/", "en/", 1)));
        assert_eq!(status, 200, "English is not the broken file");

        // …and the page recovers by itself once it is fixed.
        edit(&file, "# --hint--", "# --hints--");
        reloads
            .recv_timeout(Duration::from_secs(2))
            .expect("a reload event for the fix");
        let (status, page) = get(&addr, &format!("/{PAGE}"));
        assert_eq!(status, 200);
        assert!(page.contains("це виправимо"));
        assert!(!page.contains("lessons-problems"), "no banner");

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
        let (status, preview) = get(
            &addr,
            "/__preview/uk/realtime-user-counter/869297177b0249dd0ea8869e/",
        );
        assert_eq!(status, 200);
        // Marked, and said so in the preview's language.
        assert!(
            preview.contains("<mark class=\"untranslated\" title=\"неперекладений текст\">"),
            "{preview}"
        );
        assert!(
            preview.contains("Handle a Disconnect") && preview.contains("Оброблення відключення")
        );
        let (status, index) = get(&addr, "/__preview/uk/");
        assert_eq!(status, 200);
        assert!(
            index.contains("У перекладі лишився англійський текст (1)"),
            "{index}"
        );
        assert!(index.contains("Ще не перекладено (1)"), "{index}");
        assert!(
            index.contains("/__preview/uk/realtime-user-counter/869297177b0249dd0ea8869e/"),
            "the index links lessons by (block, id)"
        );
        // The address by id alone leads to the lesson's (block, id) address.
        let old = request(&addr, "/__preview/uk/869297177b0249dd0ea8869e/", "");
        assert_eq!(old.status, 308);
        assert_eq!(
            old.header("location"),
            Some("/__preview/uk/realtime-user-counter/869297177b0249dd0ea8869e/")
        );

        // Only requests for this machine are answered.
        let other = request(&addr, "/", "Host: evil.example\r\n");
        assert_eq!(other.status, 403);
        let other = request(
            &addr,
            "/__lessons/status",
            "Origin: http://evil.example\r\n",
        );
        assert_eq!(other.status, 403);
        let same = request(
            &addr,
            &format!("/{PAGE}"),
            &format!("Origin: http://{addr}\r\n"),
        );
        assert_eq!(same.status, 200);
        let (status, _) = get(&addr, "/en/");
        assert_eq!(status, 200);

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

/// Files broken before the server starts: each shows its error on its own page (an English
/// file whose front matter cannot be read, at the address its page would have), every other
/// page is served with a banner, and `/__problems/` lists them all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_files_show_on_their_own_pages_and_the_rest_is_served() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_content(&content);
    edit(&content.join(LESSON), "# --hints--", "# --hint--");
    let english = content.join(
        "english/blocks/learn-functions-by-building-a-tip-calculator/6de260b7428dc0b9e7760e2e.md",
    );
    edit(&english, "challengeType: 1\n", "challengeType: [1\n");
    let handle = start(&content).await;
    let addr = handle.local_addr().to_string();

    let checks = tokio::task::spawn_blocking(move || {
        let (status, page) = get(&addr, &format!("/{PAGE}"));
        assert_eq!(status, 500);
        assert!(page.contains(".md:31:1"), "{page}");
        assert!(page.contains("unknown-marker"), "{page}");
        assert!(page.contains("31 │ # --hint--"), "the snippet: {page}");

        let (status, page) = get(
            &addr,
            "/en/learn/javascript-fundamentals/learn-functions-by-building-a-tip-calculator/split-the-bill/",
        );
        assert_eq!(status, 500);
        assert!(page.contains("6de260b7428dc0b9e7760e2e.md"), "{page}");
        assert!(page.contains("front-matter-yaml"), "{page}");

        for sibling in [
            SIBLING,
            "en/learn/real-time-web-apps/realtime-user-counter/handle-a-disconnect/",
            "en/learn/javascript-fundamentals/learn-functions-by-building-a-tip-calculator/",
            "uk/",
            "",
        ] {
            let (status, page) = get(&addr, &format!("/{sibling}"));
            assert_eq!(status, 200, "/{sibling}");
            let banner = if sibling.starts_with("uk/") {
                "проблеми у вмісті"
            } else {
                "problems in the content"
            };
            assert!(page.contains(banner), "/{sibling}: {page}");
            assert!(page.contains("href=\"/__problems/\""), "/{sibling}");
        }

        let (status, index) = get(&addr, "/__problems/");
        assert_eq!(status, 200);
        assert!(
            index.contains("869297177b0249dd0ea8869e.md:31:1"),
            "{index}"
        );
        assert!(index.contains("6de260b7428dc0b9e7760e2e.md"), "{index}");
        assert!(
            index.contains(&format!("href=\"/{PAGE}\"")),
            "links to the page: {index}"
        );
        let status = request(&addr, "/__lessons/status", "");
        assert!(
            status.body.contains("unknown section marker"),
            "{}",
            status.body
        );
        drop(dir);
    });
    checks.await.unwrap();
    handle.shutdown().await;
}

/// Folder addresses without their slash redirect to it (never elsewhere); unsafe paths stay
/// 404.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn folders_redirect_to_their_slash_form() {
    let handle = start(&common::repo().join("content")).await;
    let addr = handle.local_addr().to_string();
    let checks = tokio::task::spawn_blocking(move || {
        for (from, to) in [
            ("/en", "/en/"),
            ("/uk", "/uk/"),
            (
                "/en/learn/real-time-web-apps",
                "/en/learn/real-time-web-apps/",
            ),
            (
                "/uk/learn/real-time-web-apps/realtime-user-counter/handle-a-disconnect",
                "/uk/learn/real-time-web-apps/realtime-user-counter/handle-a-disconnect/",
            ),
            ("/en?x=1", "/en/?x=1"),
            ("//en", "/en/"),
            ("/%65n", "/en/"),
            ("/__preview", "/__preview/"),
            ("/__preview/uk", "/__preview/uk/"),
            ("/__problems", "/__problems/"),
        ] {
            let r = request(&addr, from, "");
            assert!(matches!(r.status, 301 | 308), "{from}: {}", r.status);
            assert_eq!(r.header("location"), Some(to), "{from}");
            let (status, _) = get(&addr, to);
            assert_eq!(status, 200, "{to}");
        }
        for missing in [
            "/en/learn/nothing-here",
            "/static",
            "/../en",
            "/en/%2e%2e/uk",
        ] {
            let (status, _) = get(&addr, missing);
            assert_eq!(status, 404, "{missing}");
        }
        let r = request(&addr, "/static/style.css", "");
        assert_eq!(r.status, 200);
        assert!(
            r.header("content-type")
                .is_some_and(|t| t.starts_with("text/css"))
        );
    });
    checks.await.unwrap();
    handle.shutdown().await;
}

/// The same id in two blocks (legacy blocks and their workshops share ids on purpose): each
/// (block, id) previews its own pair.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preview_tells_apart_two_blocks_that_share_an_id() {
    let handle = start(&common::repo().join("tests/fixtures/serve-shared-id")).await;
    let addr = handle.local_addr().to_string();
    let checks = tokio::task::spawn_blocking(move || {
        const ID: &str = "5f0000000000000000000001";
        let (status, legacy) = get(&addr, &format!("/__preview/uk/legacy-greetings/{ID}/"));
        assert_eq!(status, 200);
        assert!(legacy.contains("Say Hello the Legacy Way"), "{legacy}");
        assert!(legacy.contains("Привітання по-старому"), "{legacy}");
        assert!(!legacy.contains("Workshop") && !legacy.contains("практикумі"));

        let (status, workshop) = get(&addr, &format!("/__preview/uk/workshop-greetings/{ID}/"));
        assert_eq!(status, 200);
        assert!(workshop.contains("Say Hello in the Workshop"), "{workshop}");
        assert!(workshop.contains("Привітання в практикумі"), "{workshop}");
        assert!(!workshop.contains("Legacy") && !workshop.contains("по-старому"));

        let (status, index) = get(&addr, "/__preview/uk/");
        assert_eq!(status, 200);
        for block in ["legacy-greetings", "workshop-greetings"] {
            assert!(
                index.contains(&format!("/__preview/uk/{block}/{ID}/")),
                "{block}: {index}"
            );
        }
        // By id alone the address is ambiguous: both are offered.
        let (status, choice) = get(&addr, &format!("/__preview/uk/{ID}/"));
        assert_eq!(status, 200);
        assert!(choice.contains(&format!("/__preview/uk/legacy-greetings/{ID}/")));
        assert!(choice.contains(&format!("/__preview/uk/workshop-greetings/{ID}/")));
        let (status, _) = get(&addr, &format!("/__preview/uk/no-such-block/{ID}/"));
        assert_eq!(status, 404);

        // Both lessons have their own pages too.
        for block in ["legacy-greetings", "workshop-greetings"] {
            let (status, _) = get(&addr, &format!("/uk/learn/greetings/{block}/say-hello/"));
            assert_eq!(status, 200, "{block}");
        }
    });
    checks.await.unwrap();
    handle.shutdown().await;
}

/// When the content root itself cannot be read, every page is the error page; it recovers by
/// itself when the root is back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_content_root_is_the_whole_site_error_until_it_is_back() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_content(&content);
    let handle = start(&content).await;
    let addr = handle.local_addr().to_string();
    let checks = tokio::task::spawn_blocking(move || {
        let reloads = events(&addr);
        reloads.recv_timeout(Duration::from_secs(5)).unwrap();
        let english = content.join("english");
        let moved = content.join("english-moved");
        std::fs::rename(&english, &moved).unwrap();
        reloads
            .recv_timeout(Duration::from_secs(5))
            .expect("a reload event for the error");
        for (path, title) in [
            (format!("/{PAGE}"), "Не вдалося перебудувати сайт"),
            (format!("/{SIBLING}"), "Не вдалося перебудувати сайт"),
            ("/".to_string(), "The site could not be rebuilt"),
        ] {
            let (status, page) = get(&addr, &path);
            assert_eq!(status, 500, "{path}");
            assert!(page.contains(title), "{page}");
            assert!(page.contains("content-root"), "{page}");
        }
        std::fs::rename(&moved, &english).unwrap();
        let started = Instant::now();
        loop {
            let (status, _) = get(&addr, &format!("/{PAGE}"));
            if status == 200 {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the site did not recover: {status}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let (status, _) = get(&addr, &format!("/{SIBLING}"));
        assert_eq!(status, 200);
        drop(dir);
    });
    checks.await.unwrap();
    handle.shutdown().await;
}

/// The content root of the real curriculum (`../shared/curriculum/unpack.sh` prints it), or
/// `None` with the reason printed; with `LESSONS_REQUIRE_SHARED=1` its absence fails instead.
fn real_curriculum() -> Option<PathBuf> {
    let required = std::env::var("LESSONS_REQUIRE_SHARED").is_ok_and(|v| v == "1");
    let Some(script) = common::shared("curriculum/unpack.sh") else {
        assert!(
            !required,
            "LESSONS_REQUIRE_SHARED=1 but ../shared is absent"
        );
        return None;
    };
    let out = std::process::Command::new("bash")
        .arg(&script)
        .output()
        .expect("run unpack.sh");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let root = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    assert!(root.is_dir(), "{}", root.display());
    Some(root)
}

/// What the real curriculum must answer within: its ~30,000 files are loaded and a page is
/// rendered when asked for. Debug builds (`cargo test`) parse several times slower than the
/// release build the budget is for, so they get a larger one; either way the time is printed.
const REAL_BUDGET: Duration = if cfg!(debug_assertions) {
    Duration::from_secs(60)
} else {
    Duration::from_secs(15)
};

/// The whole real curriculum: a Ukrainian lesson page and the preview's status index answer
/// 200 within the budget of starting, and every other page is not held hostage by a broken file.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_real_curriculum_is_served_quickly() {
    let Some(root) = real_curriculum() else {
        return;
    };
    let _alone = HEAVY.lock().await;
    let started = Instant::now();
    let handle = start(&root).await;
    let addr = handle.local_addr().to_string();
    let checks = tokio::task::spawn_blocking(move || {
        // Any Ukrainian lesson: the first one of the first block the home page links to.
        let (status, home) = get(&addr, "/uk/");
        assert_eq!(status, 200, "{home}");
        let block = uk_link(&home, 2).expect("a block link on /uk/");
        let (status, page) = get(&addr, &block);
        assert_eq!(status, 200, "{block}: {page}");
        let lesson = uk_link(&page, 3).expect("a lesson link on the block page");
        let (status, page) = get(&addr, &lesson);
        assert_eq!(status, 200, "{lesson}: {page}");
        let lesson_at = started.elapsed();
        let (status, index) = get(&addr, "/__preview/uk/");
        assert_eq!(status, 200, "{index}");
        assert!(index.contains("Перегляд перекладу: uk"));
        let index_at = started.elapsed();
        eprintln!(
            "real curriculum: {lesson} answered 200 after {lesson_at:?}, /__preview/uk/ after {index_at:?} (budget {REAL_BUDGET:?})"
        );
        assert!(
            index_at.max(lesson_at) < REAL_BUDGET,
            "{lesson_at:?} / {index_at:?}"
        );
    });
    checks.await.unwrap();
    handle.shutdown().await;
}

/// The first link in `html` to a Ukrainian page `depth` folders under `uk/learn/`, as an
/// address (`/uk/learn/<superblock>/<block>/`).
fn uk_link(html: &str, depth: usize) -> Option<String> {
    html.split("href=\"").skip(1).find_map(|rest| {
        let href = &rest[..rest.find('"')?];
        let at = href.find("uk/learn/")?;
        let dir = href[at..].strip_suffix("index.html")?;
        (dir.matches('/').count() == depth + 2).then(|| format!("/{dir}"))
    })
}

/// A template that fails makes the whole site the error page, which recovers when it is fixed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_template_is_the_whole_site_error_until_it_is_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    for entry in walkdir::WalkDir::new(common::repo().join("templates")) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(common::repo().join("templates"))
            .unwrap();
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(templates.join(rel)).unwrap();
        } else {
            std::fs::copy(entry.path(), templates.join(rel)).unwrap();
        }
    }
    let handle = serve::start(Options {
        config: Config {
            content: common::repo().join("content"),
            templates: Some(templates.clone()),
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
        let (status, _) = get(&addr, &format!("/{PAGE}"));
        assert_eq!(status, 200);
        let reloads = events(&addr);
        reloads.recv_timeout(Duration::from_secs(5)).unwrap();
        let lesson = templates.join("lesson.html");
        edit(&lesson, "{% block main %}", "{% block main %}{% if %}");
        reloads
            .recv_timeout(Duration::from_secs(5))
            .expect("a reload event for the error");
        for (path, title) in [
            (format!("/{PAGE}"), "Не вдалося перебудувати сайт"),
            ("/en/".to_string(), "The site could not be rebuilt"),
        ] {
            let (status, page) = get(&addr, &path);
            assert_eq!(status, 500, "{path}");
            assert!(page.contains(title), "{page}");
            assert!(page.contains("template"), "{page}");
        }
        edit(&lesson, "{% block main %}{% if %}", "{% block main %}");
        reloads
            .recv_timeout(Duration::from_secs(5))
            .expect("a reload event for the fix");
        let (status, _) = get(&addr, &format!("/{PAGE}"));
        assert_eq!(status, 200);
        drop(dir);
    });
    checks.await.unwrap();
    handle.shutdown().await;
}

/// The preview address of the bundled course's Ukrainian lesson, and of its one lesson with
/// no Ukrainian file.
const PREVIEW: &str = "/__preview/uk/realtime-user-counter/869297177b0249dd0ea8869e/";
const UNTRANSLATED: &str =
    "/__preview/uk/learn-functions-by-building-a-tip-calculator/3aa64be844f59e4241d7e3d0/";

/// The translator preview for `uk` is a page of the site: its layout (header, stylesheet, the
/// empty icon), Ukrainian throughout, block titles rather than folder names, a way back to the
/// lesson and the index, "no problem found" under both columns, and test code highlighted as
/// the site highlights it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_preview_is_in_the_site_layout_and_the_locale_language() {
    let handle = start(&common::repo().join("content")).await;
    let addr = handle.local_addr().to_string();
    let checks = tokio::task::spawn_blocking(move || {
        let (status, page) = get(&addr, PREVIEW);
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("<html lang=\"uk\""), "{page}");
        assert!(
            page.contains("<header class=\"site\">"),
            "the site's header"
        );
        assert!(
            page.contains("href=\"/static/style.css\""),
            "the site's styles"
        );
        assert!(
            page.contains("<link rel=\"icon\" href=\"data:,\">"),
            "no favicon request"
        );
        for text in [
            "Усі уроки (uk)",
            "Цей урок на сайті",
            "Англійська",
            "Опис",
            "Тести",
            // The block's Ukrainian title from intro.json, not its folder name.
            "<p class=\"block-title\">Створіть лічильник користувачів у реальному часі</p>",
        ] {
            assert!(page.contains(text), "{text}: {page}");
        }
        assert!(
            page.contains(&format!("href=\"/{PAGE}\"")),
            "back to the lesson on the site: {page}"
        );
        assert!(
            page.contains("href=\"/__preview/uk/\""),
            "back to the index"
        );
        assert_eq!(
            page.matches("Проблем не знайдено.").count(),
            2,
            "under both columns: {page}"
        );
        for english in ["No problem found", "All lessons", "Not translated yet"] {
            assert!(
                !page.contains(english),
                "{english} in the Ukrainian preview"
            );
        }
        // The hints' test code, highlighted by the site's highlighter.
        let code = page
            .split("<pre class=\"code\" tabindex=\"0\"><code class=\"language-js\">")
            .nth(1)
            .expect("a highlighted test");
        assert!(code.starts_with("<span"), "{code}");

        // The index: by status, with block titles.
        let (status, index) = get(&addr, "/__preview/uk/");
        assert_eq!(status, 200);
        assert!(index.contains("<html lang=\"uk\""));
        assert!(index.contains("Перегляд перекладу: uk"), "{index}");
        assert!(index.contains("<header class=\"site\">"));
        assert!(
            index.contains("Створіть лічильник користувачів у реальному часі › "),
            "{index}"
        );
        assert!(!index.contains("realtime-user-counter › "), "{index}");

        // The preview's own stylesheet and script are served.
        for asset in ["/__lessons/preview.css", "/__lessons/preview.js"] {
            let (status, _) = get(&addr, asset);
            assert_eq!(status, 200, "{asset}");
        }
    });
    checks.await.unwrap();
    handle.shutdown().await;
}

/// A lesson with no translation: the file to create (under the Ukrainian folder, as the
/// English one is under the English folder), a button that copies the English file, and that
/// file's text to start from.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_untranslated_lesson_shows_the_file_to_create_and_copies_the_english() {
    let handle = start(&common::repo().join("content")).await;
    let addr = handle.local_addr().to_string();
    let checks = tokio::task::spawn_blocking(move || {
        let (status, page) = get(&addr, UNTRANSLATED);
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("Ще не перекладено"), "{page}");
        assert!(
            page.contains(
                "<code class=\"path\" id=\"create-path\">ukrainian/blocks/learn-functions-by-building-a-tip-calculator/3aa64be844f59e4241d7e3d0.md</code>"
            ),
            "the file to create: {page}"
        );
        assert!(
            page.contains("data-copy=\"english-source\""),
            "the copy button: {page}"
        );
        assert!(page.contains("Копіювати англійський файл"));
        let source = page
            .split("<pre id=\"english-source\" lang=\"en\" tabindex=\"0\">")
            .nth(1)
            .and_then(|s| s.split("</pre>").next())
            .expect("the English file");
        let english = std::fs::read_to_string(common::repo().join(
            "content/english/blocks/learn-functions-by-building-a-tip-calculator/3aa64be844f59e4241d7e3d0.md",
        ))
        .unwrap();
        // The whole file, escaped.
        let unescaped = source
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        assert_eq!(unescaped, english);
        // The English text rendered beside it, to start from.
        assert!(page.contains("A bare number does not tell the group much."));
        assert!(
            page.contains("src=\"/__lessons/preview.js\""),
            "the copy script"
        );
    });
    checks.await.unwrap();
    handle.shutdown().await;
}

/// An unknown address under a locale's folder is that locale's 404 page; elsewhere the root
/// one (English).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_addresses_get_the_404_page_of_their_locale() {
    let handle = start(&common::repo().join("content")).await;
    let addr = handle.local_addr().to_string();
    let checks = tokio::task::spawn_blocking(move || {
        let (status, page) = get(&addr, "/uk/nope/");
        assert_eq!(status, 404);
        assert!(page.contains("<html lang=\"uk\""), "{page}");
        assert!(page.contains("Сторінку не знайдено"), "{page}");
        assert!(page.contains("href=\"/uk/index.html\""), "{page}");
        for path in ["/nope/", "/en/nope/", "/static/nope.css"] {
            let (status, page) = get(&addr, path);
            assert_eq!(status, 404, "{path}");
            assert!(page.contains("<html lang=\"en\""), "{path}: {page}");
            assert!(page.contains("Page not found"), "{path}: {page}");
        }
        let (status, page) = get(&addr, "/uk/learn/nothing-here/at-all");
        assert_eq!(status, 404);
        assert!(page.contains("Сторінку не знайдено"), "{page}");
    });
    checks.await.unwrap();
    handle.shutdown().await;
}

/// Pages are served while a lesson is being rebuilt: the rebuild is made slow (as a large
/// curriculum's is), and a page, the preview and the status answer at once meanwhile. With the
/// site behind a lock held for the rebuild, each would wait for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_do_not_wait_for_a_rebuild() {
    const SLOW: Duration = Duration::from_secs(3);
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_content(&content);
    serve::delay_rebuilds(&content, SLOW);
    let handle = start(&content).await;
    let addr = handle.local_addr().to_string();
    let checks = tokio::task::spawn_blocking(move || {
        let (status, _) = get(&addr, &format!("/{SIBLING}"));
        assert_eq!(status, 200);
        let reloads = events(&addr);
        let first = reloads.recv_timeout(Duration::from_secs(5)).unwrap();
        let edited = Instant::now();
        edit(
            &content.join(LESSON),
            "Наразі лічильник уміє лише зростати.",
            "Лічильник поки що вміє лише зростати — це виправимо.",
        );
        // Past the debounce: the rebuild is under way (and held up).
        std::thread::sleep(Duration::from_millis(600));
        for path in [
            format!("/{SIBLING}"),
            PREVIEW.to_string(),
            "/__lessons/status".into(),
        ] {
            let asked = Instant::now();
            let (status, body) = get(&addr, &path);
            assert_eq!(status, 200, "{path}");
            assert!(
                asked.elapsed() < Duration::from_secs(1),
                "{path} waited {:?} for the rebuild",
                asked.elapsed()
            );
            if path == format!("/{SIBLING}") {
                assert!(!body.contains("це виправимо"));
            }
        }
        assert!(edited.elapsed() < SLOW, "the checks ran during the rebuild");
        // And the rebuild lands.
        let next = reloads
            .recv_timeout(SLOW + Duration::from_secs(5))
            .expect("the rebuild finishes");
        assert_ne!(next, first);
        let (status, page) = get(&addr, &format!("/{PAGE}"));
        assert_eq!(status, 200);
        assert!(page.contains("це виправимо"));
        drop(dir);
    });
    checks.await.unwrap();
    handle.shutdown().await;
}

/// `keep_language` (lessons.toml, or `--keep-language`) reaches the preview: English left in a
/// block that keeps its language is not marked there, as `check --locale` does not report it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_preview_honours_keep_language() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_content(&content);
    edit(
        &content.join(LESSON),
        "Усередині зробіть",
        "Nothing here has been translated into the other language yet, sadly. Усередині зробіть",
    );
    let mut servers = Vec::new();
    for keep in [vec![], vec!["realtime-user".to_string()]] {
        servers.push(
            serve::start(Options {
                config: Config {
                    content: content.clone(),
                    keep_language: keep,
                    ..Config::default()
                },
                config_file: None,
                addr: "127.0.0.1:0".parse().unwrap(),
                debounce: Duration::from_millis(50),
            })
            .await
            .unwrap(),
        );
    }
    let addrs: Vec<String> = servers.iter().map(|h| h.local_addr().to_string()).collect();
    let checks = tokio::task::spawn_blocking(move || {
        let (status, judged) = get(&addrs[0], PREVIEW);
        assert_eq!(status, 200);
        assert!(judged.contains("<mark class=\"untranslated\""), "{judged}");
        let (status, kept) = get(&addrs[1], PREVIEW);
        assert_eq!(status, 200);
        assert!(!kept.contains("<mark class=\"untranslated\""), "{kept}");
        assert!(kept.contains("sadly"));
    });
    checks.await.unwrap();
    for h in servers {
        h.shutdown().await;
    }
    drop(dir);
}

/// The translator preview in headless Chromium at 390 px (`tests/e2e/preview.mjs`):
/// screenshots in light and dark in `target/screenshots/preview-*.png`, no failing request,
/// and the copy button's clipboard. Skipped without node, playwright-core or Chromium, unless
/// `LESSONS_REQUIRE_BROWSER=1`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_preview_in_chromium_at_phone_width() {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .map(PathBuf::from)
        .into_iter()
        .find(|p| p.is_file());
    let node = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok();
    let playwright = common::repo()
        .join("node_modules/playwright-core/package.json")
        .is_file();
    if common::skip_unless(
        "LESSONS_REQUIRE_BROWSER",
        &[
            ("chromium is not installed", chromium.is_some()),
            ("node is not installed", node),
            (
                "node_modules has no playwright-core: run `npm ci`",
                playwright,
            ),
        ],
    ) {
        return;
    }
    let Some(chromium) = chromium else { return };
    let handle = start(&common::repo().join("content")).await;
    let url = handle.url();
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map_or_else(|| PathBuf::from("target"), Path::to_path_buf)
        .join("screenshots");
    let english = std::fs::read_to_string(common::repo().join(
        "content/english/blocks/learn-functions-by-building-a-tip-calculator/3aa64be844f59e4241d7e3d0.md",
    ))
    .unwrap();
    let run = tokio::task::spawn_blocking(move || {
        std::process::Command::new("node")
            .arg(common::repo().join("tests/e2e/preview.mjs"))
            .current_dir(common::repo())
            .env("LESSONS_CHROMIUM", chromium)
            .env("LESSONS_SERVE_URL", url)
            .env("LESSONS_PREVIEW", PREVIEW.trim_start_matches('/'))
            .env("LESSONS_UNTRANSLATED", UNTRANSLATED.trim_start_matches('/'))
            .env("LESSONS_ENGLISH", english)
            .env("LESSONS_SCREENSHOTS", shots)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    handle.shutdown().await;
    let stdout = String::from_utf8_lossy(&run.stdout);
    eprintln!("{stdout}{}", String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "preview.mjs failed:\n{stdout}");
}
