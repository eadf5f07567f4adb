//! `lessons check [PATH…]`: parse and link everything, print every problem, one summary line.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use super::{Loaded, load};
use crate::diagnostic::{Diagnostic, Printer};

/// What a check found, for callers and tests.
#[derive(Debug, Default)]
pub struct Report {
    pub files: usize,
    pub bytes: u64,
    pub challenges: usize,
    pub hints: usize,
    pub solutions: usize,
    pub languages: BTreeSet<String>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Checks every path and gathers all problems; nothing is printed.
pub fn run(paths: &[PathBuf]) -> anyhow::Result<Report> {
    let mut report = Report::default();
    for path in paths {
        match load(path, &mut report.diagnostics)? {
            Loaded::Curriculum(c) => {
                report.files += c.files;
                report.bytes += c.bytes;
                report
                    .languages
                    .extend(c.languages.iter().map(|l| l.code.clone()));
                for lesson in c.lessons() {
                    for ch in lesson.english.iter().chain(lesson.translations.values()) {
                        report.challenges += 1;
                        report.hints += ch.tests.len();
                        report.solutions += ch.solutions.len();
                    }
                }
            }
            Loaded::Files {
                challenges,
                files,
                bytes,
            } => {
                report.files += files;
                report.bytes += bytes;
                report.challenges += challenges.len();
                for ch in &challenges {
                    report.hints += ch.tests.len();
                    report.solutions += ch.solutions.len();
                    if let Some(lang) = language_of(&ch.source.path) {
                        report.languages.insert(lang);
                    }
                }
            }
        }
    }
    report
        .diagnostics
        .sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    Ok(report)
}

/// A loose file's language: a `name.uk.md` suffix, or the nearest folder named like a language.
fn language_of(path: &std::path::Path) -> Option<String> {
    let suffix = path
        .file_stem()
        .and_then(|s| s.to_str())
        .and_then(|s| s.rsplit_once('.'))
        .and_then(|(_, code)| crate::curriculum::root::code_of(code));
    if let Some(code) = suffix {
        return Some(code.to_string());
    }
    path.ancestors()
        .filter_map(|p| p.file_name()?.to_str())
        .find_map(crate::curriculum::root::code_of)
        .map(str::to_string)
}

/// `lessons check`: prints problems and the summary line; returns whether there were errors.
pub fn main(paths: &[PathBuf], out: &mut dyn Write) -> anyhow::Result<bool> {
    let started = Instant::now();
    let report = run(paths)?;
    let mut printer = Printer::new();
    for d in &report.diagnostics {
        printer.print(out, d)?;
    }
    let warnings = report.warnings();
    if warnings > 0 {
        writeln!(
            out,
            "{warnings} warning{}",
            if warnings == 1 { "" } else { "s" }
        )?;
    }
    writeln!(
        out,
        "{} files, {} challenges, {} languages, {} errors in {} ms",
        report.files,
        report.challenges,
        report.languages.len(),
        report.errors(),
        started.elapsed().as_millis()
    )?;
    Ok(report.errors() > 0)
}
