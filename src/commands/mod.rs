//! The subcommands, as library functions that `main.rs` and the tests call alike.

pub mod build;
pub mod check;
pub mod parse;
pub mod test;

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::challenge::{self, Challenge};
use crate::curriculum::{self, Curriculum};
use crate::diagnostic::Diagnostic;

/// What a path on the command line turned out to be.
pub enum Loaded {
    /// A content root, linked.
    Curriculum(Box<Curriculum>),
    /// Loose challenge files (a single file, or a folder that is not a content root).
    Files {
        challenges: Vec<Challenge>,
        files: usize,
        bytes: u64,
    },
}

/// The content root a file or folder sits in (its nearest ancestor that is one), for commands
/// that need the whole curriculum around a part of it. `None` for a content root itself and for
/// files outside any.
pub fn enclosing_root(path: &Path) -> Option<PathBuf> {
    let path = std::fs::canonicalize(path).ok()?;
    if path.is_dir() && curriculum::root::find(&path).is_ok() {
        return None;
    }
    path.ancestors()
        .skip(1)
        .find(|a| {
            curriculum::root::find(a).is_ok_and(|r| {
                let dirs = [r.challenges.clone(), r.structure.clone()];
                r.structure.is_dir() && !dirs.iter().any(|d| d.starts_with(&path))
            })
        })
        .map(Path::to_path_buf)
}

/// Loads a path: a content root is loaded and linked; a file or any other folder is parsed
/// file by file.
pub fn load(path: &Path, diags: &mut Vec<Diagnostic>) -> anyhow::Result<Loaded> {
    if !path.exists() {
        anyhow::bail!("{} does not exist", path.display());
    }
    if path.is_dir()
        && let Ok(c) = curriculum::load(path, diags).map_err(|e| anyhow::anyhow!(e))
    {
        return Ok(Loaded::Curriculum(Box::new(c)));
    }
    let paths: Vec<PathBuf> = if path.is_file() {
        vec![path.to_path_buf()]
    } else {
        WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| e.into_path())
            .collect()
    };
    use rayon::prelude::*;
    let parsed: Vec<challenge::Parsed> =
        paths.par_iter().map(|p| challenge::parse_file(p)).collect();
    let files = parsed.len();
    let bytes = parsed.iter().map(|p| p.bytes).sum();
    let mut challenges = Vec::new();
    for p in parsed {
        diags.extend(p.diagnostics);
        challenges.extend(p.challenge);
    }
    Ok(Loaded::Files {
        challenges,
        files,
        bytes,
    })
}
