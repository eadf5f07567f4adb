//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where every skipped test is listed, one line each (`target/skipped-tests.txt`): `cargo test`
/// shows a skipped test as passed, so `.ci/run` empties this file before the tests and prints
/// it after them.
pub fn skipped_list() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("skipped-tests.txt")
}

/// The one way a test skips: when `reason` is `Some` (something it needs is missing), says so,
/// lists the test in [`skipped_list`] and returns true; when the variable `required` (such as
/// `LESSONS_REQUIRE_BROWSER`; empty: none) is 1, as under CI, the test fails instead.
pub fn skip(required: &str, reason: Option<&str>) -> bool {
    let Some(reason) = reason else {
        return false;
    };
    assert!(
        required.is_empty() || std::env::var_os(required).is_none_or(|v| v != "1"),
        "{required}=1 but {reason}"
    );
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    eprintln!("skipped: {reason}");
    let line = format!("{} {test}: {reason}\n", env!("CARGO_CRATE_NAME"));
    let _ = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(skipped_list())
        .and_then(|mut f| std::io::Write::write_all(&mut f, line.as_bytes()));
    true
}

/// [`skip`] with the first of `checks` (what is needed, and whether it is there) that fails.
pub fn skip_unless(required: &str, checks: &[(&str, bool)]) -> bool {
    skip(
        required,
        checks.iter().find(|(_, ok)| !ok).map(|(reason, _)| *reason),
    )
}

/// `../shared` beside the repo, or `None` with the test skipped (a fresh clone has no
/// `../shared`, and its tests must still pass). Under CI (`LESSONS_REQUIRE_SHARED=1`) a missing
/// `../shared` fails the test instead.
pub fn shared(sub: &str) -> Option<PathBuf> {
    let path = repo().join("..").join("shared").join(sub);
    let reason = format!(
        "{} is absent (put ../shared beside this clone)",
        path.display()
    );
    (!skip(
        "LESSONS_REQUIRE_SHARED",
        (!path.exists()).then_some(&reason),
    ))
    .then_some(path)
}

/// The real curriculum (`../shared/curriculum`), unpacked once by its own `unpack.sh`: the
/// content root, or `None` as [`shared`] says.
pub fn real_curriculum() -> Option<PathBuf> {
    static ROOT: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    ROOT.get_or_init(|| {
        let script = shared("curriculum/unpack.sh")?;
        let out = std::process::Command::new("bash")
            .arg(&script)
            .output()
            .expect("cannot run unpack.sh");
        assert!(
            out.status.success(),
            "{} failed: {}",
            script.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let root = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        assert!(root.is_dir(), "unpack.sh printed {}", root.display());
        Some(root)
    })
    .clone()
}

pub fn rel(path: &Path) -> String {
    path.strip_prefix(repo())
        .unwrap_or(path)
        .display()
        .to_string()
}
