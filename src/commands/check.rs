//! `lessons check [PATH…]`: parse and link everything, print every problem, one summary line.
//! With `--locale`, also check each translation against its English source.

use crate::codes::Code;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use serde::Serialize;

use super::{Loaded, load};
use crate::challenge::{self, Challenge};
use crate::check::{self as translation, BlockRow};
use crate::curriculum::root;
use crate::diagnostic::{Diagnostic, Printer, Severity};

/// What a check found, for callers and tests.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub files: usize,
    pub bytes: u64,
    pub challenges: usize,
    /// Challenges, hints and solutions per language code.
    pub per_language: BTreeMap<String, Counts>,
    pub diagnostics: Vec<Diagnostic>,
    /// Per-block translation table (with `--locale`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<BlockRow>,
    /// With `--locale`: how many translated files were compared with English, how many of
    /// those the structure does not place, and how many have no English counterpart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translations: Option<TranslationCounts>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TranslationCounts {
    pub compared: usize,
    pub compared_unplaced: usize,
    pub without_english: usize,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
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

    pub fn errors(&self) -> usize {
        self.count_of(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count_of(Severity::Warning)
    }

    /// Findings per code, most frequent first, for the summary and the CI snapshot.
    pub fn by_code(&self) -> Vec<(Code, Severity, usize)> {
        let mut counts: BTreeMap<Code, usize> = BTreeMap::new();
        for d in &self.diagnostics {
            *counts.entry(d.code).or_default() += 1;
        }
        let mut out: Vec<_> = counts
            .into_iter()
            .map(|(c, n)| (c, c.severity(), n))
            .collect();
        out.sort_by(|a, b| {
            (a.1, std::cmp::Reverse(a.2), a.0).cmp(&(b.1, std::cmp::Reverse(b.2), b.0))
        });
        out
    }

    pub fn count_of(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Languages seen, not counting loose files of unknown language.
    pub fn languages(&self) -> usize {
        self.per_language.keys().filter(|l| *l != "und").count()
    }
}

/// What to check besides the model itself.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Check translations in this language (code or folder name) against English.
    pub locale: Option<String>,
    /// The English original of a lone translated file.
    pub source: Option<PathBuf>,
    /// Superblocks or blocks whose text stays in the language they teach.
    pub keep_language: Vec<String>,
}

/// Checks every path and gathers all problems; nothing is printed.
pub fn run(paths: &[PathBuf]) -> anyhow::Result<Report> {
    run_with(paths, &Options::default())
}

pub fn run_with(paths: &[PathBuf], opts: &Options) -> anyhow::Result<Report> {
    let translation = match &opts.locale {
        Some(l) => {
            let code = root::code_of(root::folder_of(l).unwrap_or(l)).ok_or_else(|| {
                anyhow::anyhow!("unknown language `{l}`: use a code such as `uk` or a folder name such as `ukrainian`")
            })?;
            // `keep_language` in ./lessons.toml too, so translation CI needs no extra flags.
            let settings = crate::render::Config::discover()?;
            let keep =
                translation::keep_list(opts.keep_language.iter().chain(&settings.keep_language));
            Some(translation::Options {
                locale: code.to_string(),
                keep_language: keep,
            })
        }
        None => None,
    };
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
                for u in &c.unplaced {
                    for ch in &u.challenges {
                        report.count(&u.lang, ch);
                    }
                }
                if let Some(t) = &translation {
                    if !c.languages.iter().any(|l| l.code == t.locale) {
                        anyhow::bail!(
                            "{} has no `{}` translation folder",
                            path.display(),
                            t.locale
                        );
                    }
                    let checked = translation::curriculum(&c, t);
                    report.diagnostics.extend(checked.diagnostics);
                    report.blocks.extend(checked.blocks);
                    let counts = report.translations.get_or_insert_with(Default::default);
                    counts.compared += checked.compared;
                    counts.compared_unplaced += checked.compared_unplaced;
                    counts.without_english += checked.without_english;
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
                if let Some(t) = &translation {
                    lone_files(&challenges, t, opts, &mut report)?;
                }
            }
        }
    }
    report
        .diagnostics
        .sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    Ok(report)
}

/// Loose translated files are compared with `--source`, the one English original given.
fn lone_files(
    challenges: &[Challenge],
    t: &translation::Options,
    opts: &Options,
    report: &mut Report,
) -> anyhow::Result<()> {
    let Some(source) = &opts.source else {
        anyhow::bail!(
            "to check a lone translated file, give its English original with --source ENGLISH.md \
             (or check a whole content root)"
        );
    };
    let parsed = challenge::parse_file(source);
    report.diagnostics.extend(parsed.diagnostics);
    let Some(english) = parsed.challenge else {
        return Ok(());
    };
    for c in challenges {
        if c.id() != english.id() {
            report.diagnostics.push(Diagnostic::new(
                Code::IdMismatch,
                &c.source.path,
                &c.front.id_pos,
                format!(
                    "id `{}` is not the id of the English source {} (`{}`)",
                    c.id(),
                    source.display(),
                    english.id()
                ),
            ));
            continue;
        }
        report
            .diagnostics
            .extend(translation::pair(&english, c, t, false));
    }
    Ok(())
}

/// A loose file's language: a `name.uk.md` suffix, or the nearest folder named like a language.
fn language_of(path: &std::path::Path) -> Option<String> {
    let suffix = path
        .file_stem()
        .and_then(|s| s.to_str())
        .and_then(|s| s.rsplit_once('.'))
        .and_then(|(_, code)| root::code_of(code));
    if let Some(code) = suffix {
        return Some(code.to_string());
    }
    path.ancestors()
        .filter_map(|p| p.file_name()?.to_str())
        .find_map(root::code_of)
        .map(str::to_string)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Pretty,
    Json,
}

/// `lessons check`: prints problems, the translation table and the summary line; returns
/// whether the run failed (errors, or warnings with `deny_warnings`).
pub fn main(
    paths: &[PathBuf],
    opts: &Options,
    format: Format,
    deny_warnings: bool,
    out: &mut dyn Write,
) -> anyhow::Result<bool> {
    let started = Instant::now();
    let report = run_with(paths, opts)?;
    let failed = report.errors() > 0 || (deny_warnings && report.warnings() > 0);
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)?;
        return Ok(failed);
    }
    let mut printer = Printer::new();
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Note)
    {
        printer.print(out, d)?;
    }
    // Missing translations are listed briefly: they are work to do, not problems.
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Note)
    {
        writeln!(out, "{d}")?;
    }
    if !report.blocks.is_empty() {
        table(&report.blocks, out)?;
    }
    if let (Some(t), Some(locale)) = (&report.translations, &opts.locale) {
        writeln!(
            out,
            "compared {} {locale} files with English ({} of them not placed by the structure, \
             linked by id); {} have no English counterpart yet",
            t.compared, t.compared_unplaced, t.without_english
        )?;
    }
    let by_code = report.by_code();
    if !by_code.is_empty() {
        let parts: Vec<String> = by_code
            .iter()
            .map(|(c, s, n)| format!("{n} {s}[{c}]"))
            .collect();
        writeln!(out, "by code: {}", parts.join(", "))?;
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
        "{} files, {} challenges, {} languages, {} error{} in {} ms",
        report.files,
        report.challenges,
        report.languages(),
        report.errors(),
        if report.errors() == 1 { "" } else { "s" },
        started.elapsed().as_millis()
    )?;
    Ok(failed)
}

fn table(rows: &[BlockRow], out: &mut dyn Write) -> std::io::Result<()> {
    let width = rows
        .iter()
        .map(|r| r.block.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    writeln!(out)?;
    writeln!(
        out,
        "{:<width$}  lessons  translated  clean   errors  warnings",
        "block"
    )?;
    for r in rows {
        writeln!(
            out,
            "{:<width$}  {:>7}  {:>10}  {:>5.0}%  {:>6}  {:>8}",
            r.block,
            r.lessons,
            r.translated,
            r.percent(),
            r.errors,
            r.warnings
        )?;
    }
    writeln!(out)
}
