//! The HTTP side: project files for hints, path safety, CORS, start-up errors and shutdown.
//! Uses the blocking API, so these tests also cover callers without a tokio runtime.

mod common;

use std::fs;
use std::path::Path;

use common::{Response, http};
use sandbox::{BlockingHandle, Config, Error};

fn get(server: &BlockingHandle, target: &str) -> Response {
    http(server.local_addr(), "GET", target, &[])
}

fn start(project: &Path) -> BlockingHandle {
    sandbox::start_blocking(Config {
        project_dir: Some(project.to_path_buf()),
        ..Config::ephemeral()
    })
    .expect("start sandbox")
}

/// The hints of the real-time counter lessons (handle-a-disconnect and communicate-by-emitting),
/// copied here so the test does not depend on files outside this repository.
#[test]
fn default_project_passes_the_counter_hints() {
    let server = sandbox::start_blocking(Config::ephemeral()).expect("start");
    let server_js = get(&server, "/_api/server.js");
    assert_eq!(server_js.status, 200);
    let client_js = get(&server, "/public/client.js");
    assert_eq!(client_js.status, 200);

    let server_hints = [
        r#"(?s)socket.on.*('|")disconnect('|")"#,
        r"(?i)currentUsers",
        r#"(?s)io.emit.*('|")user count('|").*currentUsers"#,
        r"\+\+currentUsers",
        r"--currentUsers",
    ];
    for hint in server_hints {
        let re = regex::Regex::new(hint).unwrap();
        assert!(
            re.is_match(&server_js.body),
            "server.js fails hint /{hint}/"
        );
    }
    let client_hint = regex::Regex::new(r#"(?s)socket.on.*('|")user count('|")"#).unwrap();
    assert!(
        client_hint.is_match(&client_js.body),
        "client.js fails the hint"
    );

    let package = get(&server, "/_api/package.json");
    assert_eq!(package.status, 200);
    // As the boilerplates' `res.type('txt').send(...)`: the hints `JSON.parse` the text.
    assert_eq!(
        package.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    let json: serde_json::Value = serde_json::from_str(&package.body).unwrap();
    assert!(json["dependencies"]["socket.io"].is_string());

    let page = get(&server, "/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("/socket.io/socket.io.js"));
    assert!(page.body.contains("/public/client.js"));
    let script = get(&server, "/socket.io/socket.io.js");
    assert_eq!(script.status, 200);
    assert!(
        script
            .header("content-type")
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(script.body.contains("EIO=4&transport=websocket"));
    server.shutdown().unwrap();
}

/// A project inside a temp dir, with a secret next to it and every kind of forbidden file.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("secret.txt"), "outside").unwrap();
        fs::create_dir_all(root.join("elsewhere")).unwrap();
        fs::write(root.join("elsewhere/file.txt"), "outside").unwrap();
        let project = root.join("project");
        fs::create_dir_all(project.join("public/sub")).unwrap();
        fs::create_dir_all(project.join("node_modules/dep")).unwrap();
        fs::create_dir_all(project.join(".git")).unwrap();
        fs::write(project.join("server.js"), "// server").unwrap();
        fs::write(project.join("routes.js"), "// routes").unwrap();
        fs::write(project.join("package.json"), r#"{"name": "x"}"#).unwrap();
        fs::write(project.join(".env"), "SECRET=1").unwrap();
        fs::write(project.join(".git/config"), "[core]").unwrap();
        fs::write(project.join("node_modules/dep/index.js"), "dep").unwrap();
        fs::write(project.join("public/client.js"), "// client").unwrap();
        fs::write(project.join("public/sub/deep.css"), "p{}").unwrap();
        fs::write(project.join("public/.hidden"), "hidden").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink(root.join("secret.txt"), project.join("public/escape.txt")).unwrap();
            symlink(root.join("elsewhere"), project.join("public/linkdir")).unwrap();
            symlink(project.join(".env"), project.join("public/env-link")).unwrap();
            symlink(project.join("server.js"), project.join("public/inside.js")).unwrap();
        }
        Fixture { dir }
    }

    fn project(&self) -> std::path::PathBuf {
        self.dir.path().join("project")
    }
}

#[test]
fn serves_project_files() {
    let fixture = Fixture::new();
    let server = start(&fixture.project());
    for (target, body) in [
        ("/_api/server.js", "// server"),
        ("/_api/routes.js", "// routes"),
        ("/_api/public/client.js", "// client"),
        ("/public/client.js", "// client"),
        ("/public/sub/deep.css", "p{}"),
        ("/public/%63lient.js", "// client"),
    ] {
        let res = get(&server, target);
        assert_eq!((res.status, res.body.as_str()), (200, body), "{target}");
    }
    assert_eq!(
        get(&server, "/public/sub/deep.css").header("content-type"),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(
        get(&server, "/_api/package.json").body,
        r#"{"name": "x"}"#,
        "package.json is sent as it is, like the boilerplates do"
    );
    #[cfg(unix)]
    assert_eq!(
        get(&server, "/public/inside.js").status,
        200,
        "a link inside is fine"
    );
    server.shutdown().unwrap();
}

#[test]
fn refuses_everything_outside_the_project() {
    let fixture = Fixture::new();
    let server = start(&fixture.project());
    let refused = [
        // `..`, raw and percent-encoded in every spelling
        "/_api/../secret.txt",
        "/public/../../secret.txt",
        "/_api/%2e%2e/secret.txt",
        "/_api/%2E%2E%2Fsecret.txt",
        "/_api/..%2fsecret.txt",
        "/_api/..%5csecret.txt",
        "/public/..%2f..%2fsecret.txt",
        "/public/%2e%2e/%2e%2e/secret.txt",
        "/_api/public/../../secret.txt",
        // absolute paths
        "/_api//etc/passwd",
        "/_api/%2fetc%2fpasswd",
        "/public//etc/passwd",
        // dotfiles and hidden directories
        "/_api/.env",
        "/_api/%2eenv",
        "/_api/.git/config",
        "/public/.hidden",
        // node_modules
        "/_api/node_modules/dep/index.js",
        "/_api/Node_Modules/dep/index.js",
        // directories, missing files, malformed escapes
        "/_api/public",
        "/_api/nope.js",
        "/_api/%zz",
        "/_api/",
    ];
    for target in refused {
        let res = get(&server, target);
        assert_eq!(
            res.status, 404,
            "{target} answered {}: {}",
            res.status, res.body
        );
        assert!(!res.body.contains("outside") && !res.body.contains("SECRET"));
    }
    #[cfg(unix)]
    for target in [
        "/public/escape.txt",
        "/_api/public/escape.txt",
        "/public/linkdir/file.txt",
        "/public/env-link",
    ] {
        assert_eq!(get(&server, target).status, 404, "symlink {target}");
    }
    server.shutdown().unwrap();
}

#[test]
fn cors_allows_local_origins_and_file_pages_only() {
    let server = sandbox::start_blocking(Config::ephemeral()).expect("start");
    let addr = server.local_addr();
    for origin in [
        "http://localhost:8080",
        "http://127.0.0.1:5173",
        "http://localhost",
        "http://[::1]:3000",
        "null",
    ] {
        let res = http(addr, "GET", "/_api/server.js", &[("Origin", origin)]);
        assert_eq!(res.status, 200);
        assert_eq!(res.header("access-control-allow-origin"), Some(origin));

        let preflight = http(
            addr,
            "OPTIONS",
            "/_api/package.json",
            &[
                ("Origin", origin),
                ("Access-Control-Request-Method", "GET"),
                ("Access-Control-Request-Headers", "content-type"),
            ],
        );
        assert!(preflight.status < 300, "preflight {}", preflight.status);
        assert_eq!(
            preflight.header("access-control-allow-origin"),
            Some(origin)
        );
        assert!(
            preflight
                .header("access-control-allow-methods")
                .unwrap()
                .contains("GET")
        );
        assert!(
            preflight
                .header("access-control-allow-headers")
                .unwrap()
                .contains("content-type")
        );
    }
    for origin in [
        "https://example.com",
        "http://localhost.example.com",
        "http://evil:3000",
    ] {
        let res = http(addr, "GET", "/_api/server.js", &[("Origin", origin)]);
        assert_eq!(res.header("access-control-allow-origin"), None, "{origin}");
    }
    server.shutdown().unwrap();
}

#[test]
fn a_port_in_use_is_a_one_line_error_that_says_what_to_do() {
    let first = sandbox::start_blocking(Config::ephemeral()).expect("start");
    let err = sandbox::start_blocking(Config {
        addr: first.local_addr(),
        ..Config::default()
    })
    .expect_err("second bind must fail");
    assert!(matches!(err, Error::AddrInUse { .. }), "{err:?}");
    let message = err.to_string();
    assert!(!message.contains('\n'));
    assert!(
        message.contains(&first.local_addr().to_string()),
        "{message}"
    );
    assert!(
        message.contains("already in use") && message.contains("--port"),
        "{message}"
    );
    first.shutdown().unwrap();
}

#[test]
fn a_missing_project_is_reported() {
    let err = sandbox::start_blocking(Config {
        project_dir: Some("/definitely/not/here".into()),
        ..Config::ephemeral()
    })
    .expect_err("must fail");
    assert!(err.to_string().contains("/definitely/not/here"), "{err}");
}

#[test]
fn shutdown_releases_the_port() {
    let server = sandbox::start_blocking(Config::ephemeral()).expect("start");
    let addr = server.local_addr();
    assert!(server.url().starts_with("http://127.0.0.1:"));
    assert_eq!(get(&server, "/_api/server.js").status, 200);
    server.shutdown().unwrap();
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "still listening"
    );
    // The same port can be taken again right away.
    let again = sandbox::start_blocking(Config {
        addr,
        ..Config::default()
    })
    .expect("restart on the same port");
    again.shutdown().unwrap();
}

#[tokio::test]
async fn dropping_the_handle_stops_the_server() {
    let server = sandbox::start(Config::ephemeral()).await.expect("start");
    let addr = server.local_addr();
    drop(server);
    let mut refused = false;
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(
        refused,
        "server still accepting after its handle was dropped"
    );
}
