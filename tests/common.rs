//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the repo, or `None` with the reason printed (a fresh clone has no
/// `../shared`, and its tests must still pass). Under CI (`LESSONS_REQUIRE_SHARED=1`) a missing
/// `../shared` fails the test instead.
pub fn shared(sub: &str) -> Option<PathBuf> {
    let path = repo().join("..").join("shared").join(sub);
    if path.exists() {
        Some(path)
    } else if std::env::var_os("LESSONS_REQUIRE_SHARED").is_some_and(|v| v == "1") {
        panic!(
            "{} is absent and LESSONS_REQUIRE_SHARED=1: put ../shared beside this clone",
            path.display()
        );
    } else {
        eprintln!(
            "skipped: {} is absent (../shared is not beside this clone)",
            path.display()
        );
        None
    }
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
