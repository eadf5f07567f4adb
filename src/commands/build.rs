//! `lessons build`: content → a static site. Loads and links the content (any error stops the
//! build before the output is touched), renders every page in parallel, checks the links, swaps
//! the new site in, and ends with one summary line.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use crate::curriculum;
use crate::diagnostic::{Diagnostic, Printer};
use crate::render::highlight::HighlightStats;
use crate::render::links::BrokenLink;
use crate::render::{Config, Highlighter, Site, write_site};

/// Command-line settings; each one given overrides `lessons.toml`.
#[derive(Debug, Default, Clone)]
pub struct Args {
    /// A `lessons.toml` to read instead of the one in the working directory.
    pub config: Option<PathBuf>,
    pub content: Option<PathBuf>,
    pub output: Option<PathBuf>,
    pub cache: Option<PathBuf>,
    pub no_cache: bool,
    pub no_highlight: bool,
}

impl Args {
    /// The settings these arguments give: the config file's, with the flags on top.
    pub fn config(&self) -> anyhow::Result<Config> {
        let mut config = match &self.config {
            Some(path) => Config::read(path)?,
            None => Config::discover()?,
        };
        if let Some(c) = &self.content {
            config.content = c.clone();
        }
        if let Some(o) = &self.output {
            config.output = o.clone();
        }
        if let Some(c) = &self.cache {
            config.cache = c.clone();
        }
        if self.no_highlight {
            config.highlight = false;
        }
        Ok(config)
    }
}

/// What a build did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Content problems; with any error the output was not touched.
    pub diagnostics: Vec<Diagnostic>,
    pub warnings: Vec<String>,
    pub broken: Vec<BrokenLink>,
    pub pages: usize,
    pub lessons: usize,
    pub locales: usize,
    pub highlight: HighlightStats,
    pub elapsed: Duration,
}

impl Outcome {
    pub fn failed(&self) -> bool {
        !self.broken.is_empty() || self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Builds the site `config` describes; nothing is printed. `Err` is for problems that are not
/// the content's (an output folder that may not be replaced, I/O).
pub fn run(config: &Config, cache: bool, progress: bool) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let mut outcome = Outcome::default();
    let curriculum =
        curriculum::load_languages(&config.content, &config.languages, &mut outcome.diagnostics)
            .map_err(|e| anyhow::anyhow!(e))?;
    outcome
        .diagnostics
        .sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    if outcome.failed() {
        return Ok(outcome);
    }
    // Refuse a foreign output before spending time on rendering.
    crate::render::output::check_output(&config.output)?;
    let highlighter = Highlighter::new(cache.then_some(config.cache.as_path()), config.highlight);
    let site = Site::new(&curriculum, config, &highlighter)?;
    outcome.warnings = site.warnings.clone();
    let bar = if progress {
        let bar = ProgressBar::new(site.pages().len() as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} pages {msg}") {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let written = write_site(&site, &config.output, &bar)?;
    bar.finish_and_clear();
    if let Err(e) = highlighter.save() {
        outcome.warnings.push(format!(
            "cannot write the highlight cache in {}: {e}",
            config.cache.display()
        ));
    }
    outcome.broken = written.broken;
    outcome.diagnostics.extend(written.content_links);
    outcome.pages = written.pages;
    outcome.lessons = site.lesson_count();
    outcome.locales = site.locales().len();
    outcome.highlight = highlighter.stats();
    outcome.elapsed = started.elapsed();
    Ok(outcome)
}

/// `lessons build`: prints problems and the summary line; returns whether the build failed.
pub fn main(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<bool> {
    let config = args.config()?;
    let progress = std::io::stderr().is_terminal();
    let outcome = run(&config, !args.no_cache, progress)
        .with_context(|| format!("cannot build {}", config.content.display()))?;
    let mut printer = Printer::new();
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        // Only the errors: warnings and notes would bury them (`lessons check` lists all).
        for d in outcome.diagnostics.iter().filter(|d| d.is_error()) {
            printer.print(out, d)?;
        }
        writeln!(
            out,
            "{errors} error{} in the content; nothing was built and {} is unchanged",
            if errors == 1 { "" } else { "s" },
            config.output.display()
        )?;
        return Ok(true);
    }
    // Broken links in lesson content are printed: the build is what finds them.
    for d in outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == crate::codes::Code::BrokenContentLink)
    {
        printer.print(err, d)?;
    }
    let check = format!("lessons check {}", config.content.display());
    if let Some(line) = crate::diagnostic::warnings_line(&outcome.diagnostics, &check) {
        writeln!(err, "{line}")?;
    }
    for w in &outcome.warnings {
        writeln!(err, "warning: {w}")?;
    }
    if !outcome.broken.is_empty() {
        for b in &outcome.broken {
            writeln!(
                out,
                "{}:1:1: error[{}]: the templates make a link `{}` that points at no page or file of the site",
                b.page,
                crate::codes::Code::BrokenTemplateLink,
                b.link
            )?;
        }
        writeln!(
            out,
            "{} broken link{}; {} is unchanged",
            outcome.broken.len(),
            if outcome.broken.len() == 1 { "" } else { "s" },
            config.output.display()
        )?;
        return Ok(true);
    }
    writeln!(
        out,
        "Built {} pages ({} lessons × {} locales) in {} ms",
        outcome.pages,
        outcome.lessons,
        outcome.locales,
        outcome.elapsed.as_millis()
    )?;
    Ok(false)
}
