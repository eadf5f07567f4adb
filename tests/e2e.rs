//! End to end in a real browser: builds the bundled course, starts two sandboxes in-process (the
//! reference project, and a fixture project without the disconnect handler), serves the site
//! over HTTP on 127.0.0.1, and drives headless Chromium through `tests/e2e/browser.mjs`
//! (playwright-core from npm with Debian's `chromium`; no browser download). The scenarios run
//! a backend lesson's tests against both sandboxes, a JavaScript lesson's tests with a correct
//! solution and with an endless loop, a DOM lesson's live preview and tests with its solution,
//! its seed and a script that throws, check the live user count, check that pages opened from
//! disk (`file://`) say at once when their tests need the site served, run axe-core on every
//! kind of page, and save screenshots under `target/screenshots/`. A second test validates every
//! generated page with html-validate. A third drives the lesson pages' code editor
//! (`static/editor.js`) through `tests/e2e/editor.mjs`. A fourth (`tests/e2e/questions.mjs`)
//! checks what a learner reads when they answer: a failed hint's message in the page's language
//! with the assertion folded, and a question, a quiz and blanks answered from the keyboard with
//! the lesson's feedback, with and without JavaScript.
//!
//! All skip with a printed reason when Chromium, Node or the npm packages are missing, unless
//! `LESSONS_REQUIRE_BROWSER=1` (CI) makes that a failure (or, for the HTML check, which needs no
//! browser, `LESSONS_REQUIRE_NODE=1`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use lessons::curriculum::{self, Curriculum};
use lessons::hints::run::{self, Context, Status};
use lessons::render::Config;
use serde_json::json;
use tempfile::TempDir;

const BACKEND_BLOCK: &str = "realtime-user-counter";
const BACKEND_LESSON: &str = "handle-a-disconnect";
const JS_BLOCK: &str = "learn-functions-by-building-a-tip-calculator";
const JS_LESSON: &str = "split-the-bill";
const DOM_BLOCK: &str = "workshop-bill-receipt";
const DOM_LESSON: &str = "show-the-total-on-the-page";

fn has_node() -> bool {
    Command::new("node").arg("--version").output().is_ok()
}

fn has_package(name: &str) -> bool {
    common::repo()
        .join("node_modules")
        .join(name)
        .join("package.json")
        .is_file()
}

/// Debian's Chromium, or the one `LESSONS_CHROMIUM` names.
fn chromium() -> Option<PathBuf> {
    let named = std::env::var("LESSONS_CHROMIUM").ok();
    named
        .into_iter()
        .chain([
            "/usr/bin/chromium".into(),
            "/usr/bin/chromium-browser".into(),
        ])
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

/// Chromium when everything a browser test needs is here (the browser, node, playwright-core and
/// axe-core); `None`, after saying why, when the test must skip.
fn browser_ready() -> Option<PathBuf> {
    let browser = chromium();
    let missing = common::skip_unless(
        "LESSONS_REQUIRE_BROWSER",
        &[
            (
                "chromium is not installed (apt-get install chromium)",
                browser.is_some(),
            ),
            ("node is not installed", has_node()),
            (
                "node_modules has no playwright-core or axe-core: run `npm ci`",
                has_package("playwright-core") && has_package("axe-core"),
            ),
        ],
    );
    browser.filter(|_| !missing)
}

/// Runs `script` (in `tests/e2e/`) on the served site at `site` with `scenario`, as the scripts
/// that take one expect (`LESSONS_CHROMIUM`, `LESSONS_SITE_URL`, `LESSONS_SCENARIO`,
/// `LESSONS_SCREENSHOTS`); returns its output.
fn scenario_in_chromium(
    script: &str,
    browser: &Path,
    site: String,
    scenario: &serde_json::Value,
) -> String {
    node(
        script,
        &[
            ("LESSONS_CHROMIUM", browser.to_string_lossy().into_owned()),
            ("LESSONS_SITE_URL", site),
            ("LESSONS_SCENARIO", scenario.to_string()),
            (
                "LESSONS_SCREENSHOTS",
                screenshots().to_string_lossy().into_owned(),
            ),
        ],
    )
}

/// The English challenge whose dashedName is `dashed`.
fn english<'c>(c: &'c Curriculum, dashed: &str) -> &'c lessons::challenge::Challenge {
    c.lessons()
        .find_map(|l| l.english.as_deref().filter(|e| e.dashed_name() == dashed))
        .unwrap_or_else(|| panic!("no English lesson {dashed}"))
}

/// `target/screenshots/`, beside the build's other output.
fn screenshots() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("screenshots")
}

fn model() -> Curriculum {
    curriculum::load(&common::repo().join("content"), &mut Vec::new()).unwrap()
}

/// Builds the bundled course into a temp dir, with `sandbox_url` as the pages' default app.
fn build(sandbox_url: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let config = Config {
        content: common::repo().join("content"),
        output: out.clone(),
        cache: dir.path().join("cache"),
        sandbox_url: sandbox_url.to_string(),
        ..Config::default()
    };
    let outcome = lessons::commands::build::run(&config, false, false).unwrap();
    assert!(!outcome.failed(), "the build failed: {outcome:#?}");
    (dir, out)
}

/// Serves `root` on 127.0.0.1 (any free port) until the runtime is dropped.
fn serve(root: &Path) -> (tokio::runtime::Runtime, String) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new().fallback_service(tower_http::services::ServeDir::new(root));
    runtime.spawn(async move { axum::serve(listener, app).await });
    (runtime, format!("http://{addr}/"))
}

/// The path of a block's page under a locale folder.
fn block_path(c: &Curriculum, block: &str) -> String {
    lesson_path(c, block, "").replace("//", "/")
}

/// The path of a lesson page under a locale folder (`learn/<superblock>/<block>/<lesson>/…`).
fn lesson_path(c: &Curriculum, block: &str, lesson: &str) -> String {
    let b = c
        .blocks
        .iter()
        .find(|b| b.meta.dashed_name == block)
        .unwrap();
    format!(
        "learn/{}/{block}/{lesson}/index.html",
        b.meta.superblock.as_deref().unwrap()
    )
}

/// Runs a node script from `tests/e2e/` with the given environment; panics with its output
/// when it fails.
fn node(script: &str, env: &[(&str, String)]) -> String {
    let started = std::time::Instant::now();
    let out = Command::new("node")
        .arg(common::repo().join("tests/e2e").join(script))
        .current_dir(common::repo())
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!(
        "{script} ({:.1} s):\n{stdout}{stderr}",
        started.elapsed().as_secs_f64()
    );
    assert!(out.status.success(), "{script} failed:\n{stdout}\n{stderr}");
    stdout
}

#[test]
fn lesson_pages_run_their_tests_in_chromium() {
    let Some(browser) = browser_ready() else {
        return;
    };

    let good = sandbox::start_blocking(sandbox::Config::ephemeral()).unwrap();
    let broken = sandbox::start_blocking(sandbox::Config {
        project_dir: Some(common::repo().join("tests/fixtures/projects/no-disconnect")),
        ..sandbox::Config::ephemeral()
    })
    .unwrap();
    let good_url = good.url().trim_end_matches('/').to_string();
    let broken_url = broken.url().trim_end_matches('/').to_string();

    let (_dir, out) = build(&good_url);
    let (_server, site) = serve(&out);

    let c = model();
    let backend = lesson_path(&c, BACKEND_BLOCK, BACKEND_LESSON);
    let javascript = lesson_path(&c, JS_BLOCK, JS_LESSON);
    let dom = lesson_path(&c, DOM_BLOCK, DOM_LESSON);
    for locale in ["en", "uk"] {
        for p in [&backend, &javascript, &dom] {
            assert!(out.join(locale).join(p).is_file(), "{locale}/{p} not built");
        }
    }

    // What `lessons test` says for the Ukrainian backend lesson against the broken project:
    // the page must say the same, hint by hint.
    let lesson = c
        .lessons()
        .find(|l| {
            l.english
                .as_ref()
                .is_some_and(|e| e.dashed_name() == BACKEND_LESSON)
        })
        .unwrap();
    let uk = &lesson.translations["uk"];
    let report = run::run(
        uk,
        &Context {
            app_url: Some(&broken_url),
            next_seed: None,
            limits: Default::default(),
            loop_protect: true,
            dom: Default::default(),
            required: &[],
            template: None,
        },
    );
    let Status::Ran { results } = &report.status else {
        panic!("the CLI did not run {BACKEND_LESSON}: {report:?}");
    };
    assert!(
        !results[0].passed,
        "the fixture should fail the first hint in the CLI too"
    );
    let expected: Vec<_> = results
        .iter()
        .map(|r| json!({ "passed": r.passed, "message": r.message }))
        .collect();

    let js = english(&c, JS_LESSON);
    // The DOM lesson's files in editor (seed) order, and its solution's files in the same order.
    let page = english(&c, DOM_LESSON);
    let dom_seed: Vec<&str> = page
        .challenge_files
        .iter()
        .map(|f| f.contents.as_str())
        .collect();
    let dom_solution: Vec<&str> = page
        .challenge_files
        .iter()
        .map(|f| {
            page.solutions[0]
                .iter()
                .find(|s| s.ext == f.ext)
                .unwrap()
                .contents
                .as_str()
        })
        .collect();
    let scenario = json!({
        "backend": backend,
        "javascript": {
            "path": javascript,
            "seed": js.challenge_files[0].contents,
            "solution": js.solutions[0][0].contents,
        },
        "dom": {
            "path": dom,
            "seed": dom_seed,
            "solution": dom_solution,
        },
        // One page of each kind, for axe.
        "pages": [
            "index.html".to_string(),
            "uk/index.html".to_string(),
            format!("uk/{}", block_path(&c, BACKEND_BLOCK)),
            format!("uk/{backend}"),
            format!("en/{javascript}"),
            format!("uk/{javascript}"),
            format!("en/{dom}"),
            format!("uk/{}", untranslated_lesson(&c)),
            format!("en/{}", question_lesson(&c)),
            "404.html".to_string(),
        ],
        "broken": expected,
    });

    let output = node(
        "browser.mjs",
        &[
            ("LESSONS_CHROMIUM", browser.to_string_lossy().into_owned()),
            ("LESSONS_SITE_URL", site),
            ("LESSONS_SITE_DIR", out.to_string_lossy().into_owned()),
            ("LESSONS_SANDBOX_URL", good_url),
            ("LESSONS_BROKEN_URL", broken_url),
            ("LESSONS_DEAD_URL", dead_url()),
            ("LESSONS_SCENARIO", scenario.to_string()),
            (
                "LESSONS_SCREENSHOTS",
                screenshots().to_string_lossy().into_owned(),
            ),
        ],
    );
    assert!(output.contains("all browser scenarios passed"), "{output}");
    for name in ["uk-backend-lesson", "en-backend-lesson", "en-dom-lesson"] {
        for scheme in ["light", "dark"] {
            let shot = screenshots().join(format!("{name}-{scheme}.png"));
            assert!(shot.is_file(), "no {}", shot.display());
        }
    }
    good.shutdown().unwrap();
    broken.shutdown().unwrap();
}

/// An address on 127.0.0.1 where nothing listens: a port the OS just handed out and took
/// back (a fixed one such as 1 is refused by Chromium before it tries).
fn dead_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

/// A lesson with no Ukrainian translation (its Ukrainian page is English under a notice).
fn untranslated_lesson(c: &Curriculum) -> String {
    let (block, lesson) = c
        .blocks
        .iter()
        .flat_map(|b| b.lessons.iter().map(move |l| (b, l)))
        .find(|(_, l)| !l.translations.contains_key("uk"))
        .unwrap();
    lesson_path(
        c,
        &block.meta.dashed_name,
        lesson.english.as_deref().unwrap().dashed_name(),
    )
}

/// A lesson with questions (a review or a quiz).
fn question_lesson(c: &Curriculum) -> String {
    let (block, lesson) = c
        .blocks
        .iter()
        .flat_map(|b| b.lessons.iter().map(move |l| (b, l)))
        .find(|(_, l)| {
            l.english
                .as_ref()
                .is_some_and(|e| !e.questions.is_empty() || !e.quizzes.is_empty())
        })
        .unwrap();
    lesson_path(
        c,
        &block.meta.dashed_name,
        lesson.english.as_deref().unwrap().dashed_name(),
    )
}

#[test]
fn generated_pages_are_valid_html() {
    // Needs Node packages only, not the browser: required under either flag.
    let required = if std::env::var_os("LESSONS_REQUIRE_NODE").is_some_and(|v| v == "1") {
        "LESSONS_REQUIRE_NODE"
    } else {
        "LESSONS_REQUIRE_BROWSER"
    };
    if common::skip_unless(
        required,
        &[
            ("node is not installed", has_node()),
            (
                "node_modules has no html-validate: run `npm ci`",
                has_package("html-validate"),
            ),
        ],
    ) {
        return;
    }
    let (_dir, out) = build("http://127.0.0.1:3000");
    let output = node(
        "validate.mjs",
        &[("LESSONS_SITE_DIR", out.to_string_lossy().into_owned())],
    );
    assert!(output.contains("0 errors"), "{output}");
}

/// The lesson page's editor (templates/static/editor.js) through `tests/e2e/editor.mjs`: the
/// editable region enforced (typing, paste, cut, Backspace and Delete at its edges, changes
/// that get past `beforeinput`), line numbers, highlighting, Tab and the way out with Escape,
/// the code kept across a reload and cleared by Reset, storage that throws, the tests run on
/// the edited code, tabs for several files, no editor without JavaScript, axe, screenshots.
#[test]
fn the_lesson_editor_keeps_the_region_and_the_code_in_chromium() {
    let Some(browser) = browser_ready() else {
        return;
    };
    let (_dir, out) = build("http://127.0.0.1:3000");
    let (_server, site) = serve(&out);
    let c = model();
    let js = english(&c, JS_LESSON);
    let dom = english(&c, DOM_LESSON);
    let scenario = json!({
        "javascript": {
            "path": lesson_path(&c, JS_BLOCK, JS_LESSON),
            "seed": js.challenge_files[0].contents,
            "solution": js.solutions[0][0].contents,
            // Declares the function (the first hint passes) but gets the sum wrong.
            "wrong": "function splitBill(bill, percent, people) {\n  return bill / people;\n}\n",
        },
        "dom": {
            "path": lesson_path(&c, DOM_BLOCK, DOM_LESSON),
            "files": dom.challenge_files.len(),
        },
    });
    let output = scenario_in_chromium("editor.mjs", &browser, site, &scenario);
    assert!(output.contains("all editor scenarios passed"), "{output}");
    for locale in ["en", "uk"] {
        for scheme in ["light", "dark"] {
            for width in ["", "-390"] {
                let shot = screenshots().join(format!("editor-{locale}-{scheme}{width}.png"));
                assert!(shot.is_file(), "no {}", shot.display());
            }
        }
    }
}

/// The first lesson (block, lesson) whose English file satisfies `pred`, as a page path.
fn lesson_where(c: &Curriculum, pred: impl Fn(&lessons::challenge::Challenge) -> bool) -> String {
    let (block, lesson) = c
        .blocks
        .iter()
        .flat_map(|b| b.lessons.iter().map(move |l| (b, l)))
        .find(|(_, l)| l.english.as_deref().is_some_and(&pred))
        .unwrap();
    lesson_path(
        c,
        &block.meta.dashed_name,
        lesson.english.as_deref().unwrap().dashed_name(),
    )
}

#[test]
fn failures_questions_quizzes_and_blanks_give_the_lessons_feedback_in_chromium() {
    let Some(browser) = browser_ready() else {
        return;
    };
    let (_dir, out) = build("http://127.0.0.1:3000");
    let (_server, site) = serve(&out);
    let c = model();
    let js = english(&c, JS_LESSON);
    // `splitBill` without `calculateTip` and `roundToCents`: the value hints that round fail,
    // and so do the ones that look for the calls with a regular expression.
    let wrong = format!(
        "{}\nfunction splitBill(bill, percent, people) {{\n  return (bill + bill * percent / 100) / people;\n}}\n",
        js.challenge_files[0].contents
    );
    let scenario = json!({
        "javascript": { "path": lesson_path(&c, JS_BLOCK, JS_LESSON), "wrong": wrong },
        "question": lesson_where(&c, |e| !e.questions.is_empty()),
        "quiz": lesson_where(&c, |e| !e.quizzes.is_empty()),
        "blanks": lesson_where(&c, |e| e.fill_in_the_blank.is_some()),
    });
    let output = scenario_in_chromium("questions.mjs", &browser, site, &scenario);
    assert!(output.contains("all question scenarios passed"), "{output}");
    for locale in ["en", "uk"] {
        for scheme in ["light", "dark"] {
            let shot = screenshots().join(format!("quiz-{locale}-{scheme}-390.png"));
            assert!(shot.is_file(), "no {}", shot.display());
        }
    }
}
