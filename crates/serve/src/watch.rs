//! Watching the content, the templates and the settings file, debounced, with editor
//! temporary files ignored, and sorting each batch of changes into what it needs rebuilt.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc;

/// What a batch of changes needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Lesson files changed (and nothing else): each can be re-parsed alone.
    Lessons(Vec<PathBuf>),
    /// Structure, intro texts, templates or settings: everything is rebuilt.
    Everything,
}

/// Files editors write while saving, which are not content: vim's `.swp`/`4913`, emacs's
/// `#file#`/`.#file`, backups ending in `~`, and `.tmp` files.
pub fn is_temporary(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".crdownload"]
            .iter()
            .any(|e| name.ends_with(e))
        || (name.starts_with('.') && name != ".lessons-build")
}

/// Sorts changed paths: `.md` files under the content folder that still exist are lessons;
/// anything else (a deleted file, JSON, a template, `lessons.toml`) rebuilds everything.
pub fn classify(paths: &[PathBuf], content: &Path) -> Option<Change> {
    let content = content
        .canonicalize()
        .unwrap_or_else(|_| content.to_path_buf());
    let relevant: Vec<&PathBuf> = paths.iter().filter(|p| !is_temporary(p)).collect();
    if relevant.is_empty() {
        return None;
    }
    let lesson = |p: &Path| {
        p.extension().is_some_and(|e| e == "md")
            && p.is_file()
            && p.canonicalize().is_ok_and(|c| c.starts_with(&content))
    };
    if relevant.iter().all(|p| lesson(p)) {
        let mut files: Vec<PathBuf> = relevant.into_iter().cloned().collect();
        files.sort();
        files.dedup();
        Some(Change::Lessons(files))
    } else {
        Some(Change::Everything)
    }
}

/// Starts watching `paths` (those that exist). Changed paths arrive on the returned channel
/// as they happen; [`batch`] gathers a burst of them. Keep the watcher alive as long as the
/// watch should last.
pub fn watch(
    paths: &[PathBuf],
) -> anyhow::Result<(RecommendedWatcher, mpsc::UnboundedReceiver<Vec<PathBuf>>)> {
    let (tx, rx) = mpsc::unbounded_channel();
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<Event>| {
        // Opening and reading a file is not a change: the rebuild itself reads every file,
        // and counting that would rebuild forever.
        if let Ok(event) = result
            && !matches!(event.kind, EventKind::Access(_) | EventKind::Other)
        {
            let _ = tx.send(event.paths);
        }
    })?;
    for path in paths.iter().filter(|p| p.exists()) {
        let mode = if path.is_dir() {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        watcher.watch(path, mode)?;
    }
    Ok((watcher, rx))
}

/// Waits for the next change, then keeps gathering until `quiet` passes with no more: an
/// editor's save is often several events (write, rename, attributes).
pub async fn batch(
    rx: &mut mpsc::UnboundedReceiver<Vec<PathBuf>>,
    quiet: Duration,
) -> Option<Vec<PathBuf>> {
    let mut paths = rx.recv().await?;
    while let Ok(Some(more)) = tokio::time::timeout(quiet, rx.recv()).await {
        paths.extend(more);
    }
    Some(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_files() {
        for t in [
            ".lesson.md.swp",
            "4913",
            "lesson.md~",
            ".#lesson.md",
            "#lesson.md#",
            "x.tmp",
        ] {
            assert!(is_temporary(Path::new(t)), "{t}");
        }
        for f in ["lesson.md", "block.json", "lesson.html", "lessons.toml"] {
            assert!(!is_temporary(Path::new(f)), "{f}");
        }
    }
}
