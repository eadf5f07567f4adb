//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the repo, or `None` with the reason printed (a fresh clone has no
/// `../shared`, and its tests must still pass).
pub fn shared(sub: &str) -> Option<PathBuf> {
    let path = repo().join("..").join("shared").join(sub);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "skipped: {} is absent (../shared is not beside this clone)",
            path.display()
        );
        None
    }
}

pub fn rel(path: &Path) -> String {
    path.strip_prefix(repo())
        .unwrap_or(path)
        .display()
        .to_string()
}
