//! `lessons check [PATH…]`: parse and link everything, print every problem, one summary line.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use super::{Loaded, load};
use crate::challenge::Challenge;
use crate::diagnostic::{Diagnostic, Printer};

/// What a check found, for callers and tests.
#[derive(Debug, Default)]
pub struct Report {
    pub files: usize,
    pub bytes: u64,
    pub challenges: usize,
    /// Challenges, hints and solutions per language code.
    pub per_language: BTreeMap<String, Counts>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub challenges: usize,
    pub hints: usize,
    pub solutions: usize,
}

impl Report {
    fn count(&mut self, lang: &str, ch: &Challenge) {
        self.challenges += 1;
        let c = self.per_language.entry(lang.to_string()).or_default();
        c.challenges += 1;
        c.hints += ch.tests.len();
        c.solutions += ch.solutions.len();
    }
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
                for lang in &c.languages {
                    report.per_language.entry(lang.code.clone()).or_default();
                }
                for lesson in c.lessons() {
                    if let Some(ch) = &lesson.english {
                        report.count("en", ch);
                    }
                    for (lang, ch) in &lesson.translations {
                        report.count(lang, ch);
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
                for ch in &challenges {
                    let lang = language_of(&ch.source.path).unwrap_or_else(|| "und".into());
                    report.count(&lang, ch);
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
        report.per_language.keys().filter(|l| *l != "und").count(),
        report.errors(),
        started.elapsed().as_millis()
    )?;
    Ok(report.errors() > 0)
}
