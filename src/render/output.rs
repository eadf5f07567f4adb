//! Writing a site to disk, all or nothing: pages go into a temporary folder beside the output,
//! links are checked, and only a complete site replaces the old one (two renames). The output
//! carries a marker file, and a non-empty folder without it is never touched, so a mistyped
//! `--output ~` cannot delete anything.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use indicatif::ProgressBar;
use rayon::prelude::*;

use super::links::{BrokenLink, check_page};
use super::site::Site;
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Pos};

/// The file that marks a folder as made by `lessons build`.
pub const MARKER: &str = ".lessons-build";
const MARKER_TEXT: &str = "This folder was made by `lessons build`, which replaces all of it on \
                           every build. Keep nothing else here.\n";

/// What writing a site did.
#[derive(Debug, Default)]
pub struct Written {
    /// HTML pages.
    pub pages: usize,
    /// All files, pages included.
    pub files: usize,
    /// Internal links the templates make that name no generated file; when there are any, the
    /// old site stays.
    pub broken: Vec<BrokenLink>,
    /// Broken links written in lesson content: warnings at the link in the lesson's file; the
    /// site is written with them as they are.
    pub content_links: Vec<Diagnostic>,
}

/// Checks that `out` may be replaced: it does not exist, is empty, or carries the marker.
pub fn check_output(out: &Path) -> anyhow::Result<()> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        bail!(
            "{} exists and is not a folder; choose another --output",
            out.display()
        );
    }
    if out.join(MARKER).is_file() {
        return Ok(());
    }
    let mut entries =
        std::fs::read_dir(out).with_context(|| format!("cannot read {}", out.display()))?;
    if entries.next().is_some() {
        bail!(
            "refusing to build into {}: it is not empty and was not made by `lessons build` \
             (it has no {MARKER} file), and building replaces the whole folder. Choose a new \
             or empty folder with --output, or empty this one yourself.",
            out.display()
        );
    }
    Ok(())
}

/// A new site being written beside the output. Dropped without [`Staging::commit`], it removes
/// itself and the old site stays as it was.
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    /// Where the replaced site is kept for the next build to rewrite.
    prev: PathBuf,
    /// Whether `tmp` started as an older site (so it may hold files this build does not make).
    reused: bool,
    committed: bool,
}

impl Staging {
    pub fn begin(out: &Path) -> anyhow::Result<Staging> {
        check_output(out)?;
        let name = out
            .file_name()
            .with_context(|| format!("name the output folder: {} has no name", out.display()))?
            .to_string_lossy()
            .into_owned();
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        // Beside the output, so the final rename stays on one file system.
        let tmp = parent.join(format!(".{name}.lessons-tmp-{}", std::process::id()));
        let prev = parent.join(format!(".{name}.lessons-prev"));
        if tmp.exists() {
            // Left by an earlier build of this same process id that was killed: ours only if it
            // carries the marker; anything else of that name is not ours to delete.
            if !tmp.join(MARKER).is_file() {
                bail!(
                    "{} is in the way and was not made by `lessons build`; move it and build again",
                    tmp.display()
                );
            }
            std::fs::remove_dir_all(&tmp)
                .with_context(|| format!("cannot remove {}", tmp.display()))?;
        }
        // The site before the current one, kept by the last build, is rewritten in place:
        // overwriting files reuses their inodes, where creating tens of thousands of new ones
        // (right after deleting as many) is what made rebuilds slow on ext4.
        let reused = prev.join(MARKER).is_file() && std::fs::rename(&prev, &tmp).is_ok();
        if !reused {
            std::fs::create_dir(&tmp)
                .with_context(|| format!("cannot create {}", tmp.display()))?;
        }
        let staging = Staging {
            out: out.to_path_buf(),
            tmp,
            prev,
            reused,
            committed: false,
        };
        staging.write(MARKER, MARKER_TEXT.as_bytes())?;
        Ok(staging)
    }

    /// Writes one file; `rel` is `/`-separated and comes from [`Site`] (no `..`).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let path = self.tmp.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
    }

    /// Removes what an older site left in a reused staging folder: files this build did not
    /// write (`keep`, `/`-separated, relative) and the folders they leave empty.
    pub fn prune(&self, keep: &HashSet<String>) -> anyhow::Result<()> {
        if !self.reused {
            return Ok(());
        }
        let mut dirs = Vec::new();
        for entry in walkdir::WalkDir::new(&self.tmp).min_depth(1) {
            let entry = entry.with_context(|| format!("cannot read {}", self.tmp.display()))?;
            let rel = entry
                .path()
                .strip_prefix(&self.tmp)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            if entry.file_type().is_dir() {
                dirs.push(entry.into_path());
            } else if rel != MARKER && !keep.contains(&rel) {
                std::fs::remove_file(entry.path())
                    .with_context(|| format!("cannot remove {}", entry.path().display()))?;
            }
        }
        // Deepest first; a folder that still has files simply stays.
        for dir in dirs.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
        Ok(())
    }

    /// Swaps the new site in: the old output (empty or ours) moves aside, where the next build
    /// rewrites it, and the new one takes its name.
    pub fn commit(mut self) -> anyhow::Result<()> {
        // Checked again: something may have been put there during the build.
        check_output(&self.out)?;
        if self.out.exists() {
            let aside = if self.prev.exists() {
                // Not ours to reuse (no marker): leave it, and delete the old site instead.
                self.tmp.with_file_name(format!(
                    ".{}.lessons-old-{}",
                    self.out.file_name().unwrap_or_default().to_string_lossy(),
                    std::process::id()
                ))
            } else {
                self.prev.clone()
            };
            std::fs::rename(&self.out, &aside)
                .with_context(|| format!("cannot move {} aside", self.out.display()))?;
            if let Err(e) = std::fs::rename(&self.tmp, &self.out) {
                // Put the old site back rather than leave nothing.
                let _ = std::fs::rename(&aside, &self.out);
                return Err(e).with_context(|| {
                    format!("cannot move the new site to {}", self.out.display())
                });
            }
            self.committed = true;
            if aside != self.prev || !aside.join(MARKER).is_file() {
                // An empty folder we replaced, or no room to keep it.
                std::fs::remove_dir_all(&aside).with_context(|| {
                    format!(
                        "the new site is in place, but {} could not be removed",
                        aside.display()
                    )
                })?;
            }
        } else {
            std::fs::rename(&self.tmp, &self.out)
                .with_context(|| format!("cannot move the new site to {}", self.out.display()))?;
            self.committed = true;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            // Kept for the next build to rewrite when possible, else removed.
            if self.prev.exists() || std::fs::rename(&self.tmp, &self.prev).is_err() {
                let _ = std::fs::remove_dir_all(&self.tmp);
            }
        }
    }
}

/// Renders every page of `site` in parallel into a staging folder, checks every internal link,
/// and swaps the site in when all is well.
pub fn write_site(site: &Site<'_>, out: &Path, progress: &ProgressBar) -> anyhow::Result<Written> {
    let staging = Staging::begin(out)?;
    let mut extra = site.assets();
    extra.push(site.sitemap());
    let mut files: HashSet<String> = site.pages().iter().map(|p| p.path.clone()).collect();
    files.extend(extra.iter().map(|r| r.path.clone()));
    for r in &extra {
        staging.write(&r.path, &r.bytes)?;
    }
    let base_path = site.base_path();
    let checked: Vec<(Vec<BrokenLink>, Vec<Diagnostic>)> = site
        .pages()
        .par_iter()
        .map(|page| {
            let r = site.render(page)?;
            staging.write(&r.path, &r.bytes)?;
            progress.inc(1);
            let html = String::from_utf8_lossy(&r.bytes);
            let broken = check_page(&r.path, &html, &files, &base_path);
            Ok(split_content_links(site, page, broken))
        })
        .collect::<anyhow::Result<_>>()?;
    let (broken, content): (Vec<_>, Vec<_>) = checked.into_iter().unzip();
    let mut content_links: Vec<Diagnostic> = content.into_iter().flatten().collect();
    // A lesson shown on several pages (its English fallback in every locale) is said once.
    content_links.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    content_links.dedup_by(|a, b| (&a.path, a.line, a.col) == (&b.path, b.line, b.col));
    let mut written = Written {
        pages: site.pages().len(),
        files: files.len() + 1,
        broken: broken.into_iter().flatten().collect(),
        content_links,
    };
    written
        .broken
        .sort_by(|a, b| (&a.page, &a.link).cmp(&(&b.page, &b.link)));
    if written.broken.is_empty() {
        staging.prune(&files)?;
        staging.commit()?;
    }
    Ok(written)
}

/// Sorts a page's broken links into those its lesson's author wrote (found in the lesson's
/// file: a warning there) and those the templates made (errors).
fn split_content_links(
    site: &Site<'_>,
    page: &super::site::Page,
    broken: Vec<BrokenLink>,
) -> (Vec<BrokenLink>, Vec<Diagnostic>) {
    if broken.is_empty() {
        return (broken, Vec::new());
    }
    let Some(challenge) = site.source_of(page) else {
        return (broken, Vec::new());
    };
    let path = &challenge.source.path;
    let text = std::fs::read(path)
        .map(|b| crate::source::normalize(&String::from_utf8_lossy(&b)).into_owned())
        .unwrap_or_default();
    let mut template = Vec::new();
    let mut content = Vec::new();
    for b in broken {
        // The link as written: in a Markdown link, an `src`/`href` attribute, or with its
        // `&` escaped in the page.
        let written = [b.link.clone(), b.link.replace("&amp;", "&")];
        match written.iter().find_map(|l| text.find(l.as_str())) {
            Some(at) => content.push(Diagnostic::new(
                Code::BrokenContentLink,
                path,
                &Pos::of(&text, at..at + b.link.len()),
                format!(
                    "link `{}` points at no page or file of the site (on {}): written as it is",
                    b.link, b.page
                ),
            )),
            None => template.push(b),
        }
    }
    (template, content)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_foreign_folder_and_leaves_it_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("precious.txt"), "keep").unwrap();
        let e = Staging::begin(&out).err().unwrap().to_string();
        assert!(e.contains("refusing"), "{e}");
        assert!(out.join("precious.txt").exists());
        // Nothing was left beside it either.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn replaces_its_own_output_and_keeps_the_old_one_for_reuse() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let prev = dir.path().join(".site.lessons-prev");
        let keep =
            |files: &[&str]| -> HashSet<String> { files.iter().map(|f| f.to_string()).collect() };
        let s = Staging::begin(&out).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.prune(&keep(&["a/index.html"])).unwrap();
        s.commit().unwrap();
        assert!(out.join(MARKER).is_file());
        assert!(!prev.exists());
        // A build that fails: the site stays, the scratch folder is kept for reuse.
        let s = Staging::begin(&out).unwrap();
        s.write("b.html", b"two").unwrap();
        drop(s);
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");
        assert!(!out.join("b.html").exists());
        assert!(prev.join(MARKER).is_file());
        // The next build rewrites that folder, drops what it did not write, and swaps.
        let s = Staging::begin(&out).unwrap();
        assert!(!prev.exists(), "reused as staging");
        s.write("c/index.html", b"three").unwrap();
        s.prune(&keep(&["c/index.html"])).unwrap();
        s.commit().unwrap();
        assert_eq!(crate_files(&out), ["c/index.html"]);
        assert_eq!(
            crate_files(&prev),
            ["a/index.html"],
            "the old site, kept aside"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    fn crate_files(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|p| p != MARKER)
            .collect();
        v.sort();
        v
    }
}
