//! What one build learns about the content for the next: the files that parsed without a
//! problem, by path and text hash. A challenge is a function of its path and text, so such a
//! file parses without a problem again; a rebuild reads its front matter only (the lesson list,
//! titles and links need no more) and parses in full just the files whose pages it renders
//! ([`Curriculum::deepen`]). Parsing every file in full was nine tenths of a rebuild's work.
//!
//! Kept in the cache folder (`lessons build --no-cache` neither reads nor writes it) as lines of
//! `hash<TAB>path` under a header naming the `lessons` binary that wrote them: another binary
//! may parse differently, so it starts again from nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::curriculum::Curriculum;
use crate::diagnostic::Diagnostic;
use crate::site::tests_the_counter;

const FILE: &str = "parsed-clean";
const VERSION: &str = "lessons-parsed-clean-1";

/// Files that parsed without a problem: by path, their text's hash. Looked up by a hash of the
/// path's bytes (`Path`'s own `Hash` goes component by component: a tenth of a rebuild).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Clean(HashMap<u128, (PathBuf, u128)>);

fn key(path: &Path) -> u128 {
    twox_hash::XxHash3_128::oneshot(path.as_os_str().as_encoded_bytes())
}

impl Clean {
    /// The record in `cache`; empty when there is none, or another binary wrote it.
    pub fn read(cache: &Path) -> Clean {
        let Ok(text) = std::fs::read_to_string(cache.join(FILE)) else {
            return Clean::default();
        };
        let mut lines = text.lines();
        if lines.next() != Some(&header()) {
            return Clean::default();
        }
        Clean(
            lines
                .filter_map(|line| {
                    let (hash, path) = line.split_once('\t')?;
                    let path = PathBuf::from(path);
                    Some((key(&path), (path, u128::from_str_radix(hash, 16).ok()?)))
                })
                .collect(),
        )
    }

    /// Whether the file at `path` parsed without a problem when its text hashed to `hash`.
    pub fn contains(&self, path: &Path, hash: u128) -> bool {
        self.0
            .get(&key(path))
            .is_some_and(|(p, h)| *h == hash && p == path)
    }

    /// The files of `curriculum` that nothing in `diagnostics` is about, except the lessons
    /// whose hints test the sandbox's counter (a page shows that of other lessons: they are
    /// always parsed in full).
    pub fn of(curriculum: &Curriculum, diagnostics: &[Diagnostic]) -> Clean {
        let troubled: std::collections::HashSet<&Path> =
            diagnostics.iter().map(|d| d.path.as_path()).collect();
        Clean(
            curriculum
                .every_challenge()
                .filter(|c| !troubled.contains(c.source.path.as_path()) && !tests_the_counter(c))
                .map(|c| {
                    let path = c.source.path.clone();
                    (key(&path), (path, c.source.text_hash))
                })
                .collect(),
        )
    }

    /// Writes the record into `cache` (made if need be), unless it holds just that already:
    /// `old` is what [`Clean::read`] found there.
    pub fn save(&self, cache: &Path, old: &Clean) -> std::io::Result<()> {
        if self == old && cache.join(FILE).is_file() {
            return Ok(());
        }
        let mut text = header();
        text.push('\n');
        let mut files: Vec<_> = self.0.values().collect();
        files.sort();
        for (path, hash) in files {
            // A path that would break the line is left out: that file is parsed in full.
            match path.to_str() {
                Some(p) if !p.contains(['\t', '\n', '\r']) => {
                    text.push_str(&format!("{hash:032x}\t{p}\n"));
                }
                _ => {}
            }
        }
        std::fs::create_dir_all(cache)?;
        // Into place by rename: a build stopped halfway leaves the old record or the new one.
        let scratch = cache.join(format!("{FILE}.{}", std::process::id()));
        std::fs::write(&scratch, text)?;
        std::fs::rename(&scratch, cache.join(FILE))
    }
}

/// The first line: the format and the binary (its path, size and time).
fn header() -> String {
    let binary = crate::site::executable_identity()
        // Without it nothing can be trusted: a header no other build writes.
        .unwrap_or_else(|| format!("{:?}", std::time::SystemTime::now()));
    format!("{VERSION}\t{binary}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(files: &[(&str, u128)]) -> Clean {
        Clean(
            files
                .iter()
                .map(|(p, h)| (key(Path::new(p)), (PathBuf::from(p), *h)))
                .collect(),
        )
    }

    /// What is saved is read back; a line another binary wrote is not trusted; a path that
    /// would break its line is left out.
    #[test]
    fn the_record_is_read_back_by_the_binary_that_wrote_it_only() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        let record = clean(&[("/c/a.md", 1), ("/c/b b.md", u128::MAX), ("/c/t\tab.md", 3)]);
        assert_eq!(Clean::read(&cache), Clean::default(), "none yet");
        record.save(&cache, &Clean::default()).unwrap();
        let back = Clean::read(&cache);
        assert_eq!(back, clean(&[("/c/a.md", 1), ("/c/b b.md", u128::MAX)]));
        assert!(back.contains(Path::new("/c/a.md"), 1));
        assert!(!back.contains(Path::new("/c/a.md"), 2), "another text");
        assert!(!back.contains(Path::new("/c/t\tab.md"), 3));

        let text = std::fs::read_to_string(cache.join(FILE)).unwrap();
        let other = text.replacen(&header(), &format!("{VERSION}\tanother binary"), 1);
        std::fs::write(cache.join(FILE), other).unwrap();
        assert_eq!(Clean::read(&cache), Clean::default());
    }
}
