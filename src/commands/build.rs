//! `lessons build`: content → a static site. Loads and links the content of the languages it
//! builds (any error stops the build before the output is touched), renders in parallel the
//! pages that may have changed since the last build, checks the links, writes only the files
//! whose contents changed (see [`crate::render::output`]), and ends with one summary line.

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use crate::curriculum::{self, Curriculum};
use crate::diagnostic::{Diagnostic, Printer};
use crate::render::highlight::HighlightStats;
use crate::render::links::BrokenLink;
use crate::render::output::{self, phase};
use crate::render::reuse::Clean;
use crate::render::{Config, Highlighter, Site};

/// From this many pages to render on, the highlight cache is loaded from disk; below it (unless
/// that is every page), their code blocks are highlighted afresh, which is quicker than reading
/// the whole cache. Measured on the real English curriculum (2 cores): highlighting afresh costs
/// about 0.2 ms of wall time per lesson page, reading its 195 MB cache 0.3–0.9 s.
const DISK_CACHE_FROM: usize = 2000;

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
    /// Pages rendered; the others could not have changed.
    pub rendered: usize,
    /// Files of the site (pages, sitemap, stylesheets, scripts), and their size in bytes.
    pub files: usize,
    pub site_bytes: u64,
    /// Files written because they are new or changed, and their size in bytes.
    pub written: usize,
    pub written_bytes: u64,
    /// Files an earlier build made that this one no longer makes, removed.
    pub removed: usize,
    pub lessons: usize,
    pub locales: usize,
    pub highlight: HighlightStats,
    /// Content files read as far as their front matter (they parsed without a problem in an
    /// earlier build, see [`Clean`]), and how many of those were then parsed in full because a
    /// page that shows them was rendered.
    pub shallow: usize,
    pub deepened: usize,
    pub elapsed: Duration,
    /// The parsed content, kept until the outcome goes (see [`Leftover`]).
    pub leftover: Leftover,
}

/// What a build parsed and no longer needs. Freeing it, every string of the model one by one,
/// takes 40 ms (English) to 90 ms (English + Ukrainian) of one core: dropped, it is freed on a
/// thread of its own; a process about to exit [`leak`](Leftover::leak)s it instead and leaves it
/// to the kernel. (Before, a thread freed it while the summary printed and the exit cut it
/// short at a point that varied from run to run: up to 0.3 G instructions a build, measured
/// with cachegrind, that did nothing anyone needed.)
#[derive(Default)]
pub struct Leftover(Option<Box<dyn Send + Sync>>);

impl Leftover {
    fn new(parsed: impl Send + Sync + 'static) -> Self {
        Leftover(Some(Box::new(parsed)))
    }

    /// Never frees it: for a process that exits next.
    pub fn leak(mut self) {
        std::mem::forget(self.0.take());
    }
}

impl Drop for Leftover {
    fn drop(&mut self) {
        if let Some(parsed) = self.0.take() {
            std::thread::spawn(move || drop(parsed));
        }
    }
}

impl std::fmt::Debug for Leftover {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Leftover(..)"
        } else {
            "Leftover(none)"
        })
    }
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
    // Files that parsed without a problem last time are read as far as their front matter,
    // unless there is no site yet (every page will be rendered: every file parsed in full).
    let clean = if cache && config.output.join(crate::render::MARKER).is_file() {
        Clean::read(&config.cache)
    } else {
        Clean::default()
    };
    let mut curriculum = curriculum::load_languages_reusing(
        &config.content,
        &config.languages,
        &mut outcome.diagnostics,
        &|path, hash| clean.contains(path, hash),
    )
    .map_err(|e| anyhow::anyhow!(e))?;
    phase("load", started);
    outcome.shallow = shallow_count(&curriculum);
    // Which files parsed cleanly is known now: written on a thread while the site is made.
    let remembering = cache.then(|| {
        let record = Clean::of(&curriculum, &outcome.diagnostics);
        let dir = config.cache.clone();
        std::thread::spawn(move || record.save(&dir, &clean))
    });
    let remembered = |outcome: &mut Outcome| {
        let result = remembering.map(|thread| thread.join());
        if let Some(Ok(Err(e))) = result {
            outcome.warnings.push(format!(
                "cannot write which files parsed cleanly in {}: {e}",
                config.cache.display()
            ));
        }
    };
    outcome
        .diagnostics
        .sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    if outcome.failed() {
        remembered(&mut outcome);
        return Ok(outcome);
    }
    // Refuse a foreign output before spending time on rendering.
    output::check_output(&config.output)?;
    // Which pages to render is known before any is: the highlight cache is only read when there
    // are enough of them.
    let fresh = Highlighter::new(None, config.highlight);
    let mut site = Site::new(&curriculum, config, &fresh)?;
    let plan = output::plan(&site, &config.output)?;
    // The pages to render that show a file read shallowly: that file is parsed in full, and the
    // site made again around it (the same pages, keys and links: only what the pages show of
    // those files is new).
    let deeper: HashSet<PathBuf> = plan
        .rendering(site.pages())
        .filter_map(|page| site.source_of(page))
        .filter(|c| c.source.shallow)
        .map(|c| c.source.path.clone())
        .collect();
    if !deeper.is_empty() {
        drop(site);
        let found = curriculum.deepen(|c| deeper.contains(&c.source.path));
        outcome.deepened = outcome.shallow - shallow_count(&curriculum);
        outcome.diagnostics.extend(found);
        if outcome.failed() {
            remembered(&mut outcome);
            return Ok(outcome);
        }
        site = Site::new(&curriculum, config, &fresh)?;
    }
    outcome.warnings = site.warnings.clone();
    phase("plan", started);
    let rendering = plan.to_render();
    let every_page = rendering == site.pages().len();
    let cached;
    let (site, highlighter) =
        if cache && config.highlight && (every_page || rendering >= DISK_CACHE_FROM) {
            cached = Highlighter::new(Some(&config.cache), true);
            phase("highlight cache", started);
            (site.with_highlighter(&cached), &cached)
        } else {
            (site, &fresh)
        };
    let bar = if progress {
        let bar = ProgressBar::new(site.pages().len() as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} pages {msg}") {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let written = output::write(plan, &site, &bar, started)?;
    bar.finish_and_clear();
    phase("write", started);
    // Only a build that rendered every page knows every code block the content has: saving after
    // a partial one would drop the rest from the cache.
    if every_page && let Err(e) = highlighter.save() {
        outcome.warnings.push(format!(
            "cannot write the highlight cache in {}: {e}",
            config.cache.display()
        ));
    }
    phase("highlight cache saved", started);
    outcome.highlight = highlighter.stats();
    if std::env::var_os("LESSONS_TIMING").is_some() {
        let h = &outcome.highlight;
        eprintln!(
            "[timing] highlighting: {} distinct blocks, {} highlighted, {} lines parsed",
            h.distinct, h.highlighted, h.lines_parsed
        );
        eprintln!(
            "[timing] files read as far as their front matter: {}, of which parsed in full later: {}",
            outcome.shallow, outcome.deepened
        );
    }
    outcome.broken = written.broken;
    outcome.diagnostics.extend(written.content_links);
    outcome.pages = written.pages;
    outcome.rendered = written.rendered;
    outcome.files = written.files;
    outcome.site_bytes = written.site_bytes;
    outcome.written = written.written;
    outcome.written_bytes = written.written_bytes;
    outcome.removed = written.removed;
    outcome.lessons = site.lesson_count();
    outcome.locales = site.locales().len();
    drop(site);
    remembered(&mut outcome);
    outcome.elapsed = started.elapsed();
    outcome.leftover = Leftover::new((curriculum, fresh));
    Ok(outcome)
}

/// Challenges of `curriculum` read as far as their front matter.
fn shallow_count(curriculum: &Curriculum) -> usize {
    curriculum
        .every_challenge()
        .filter(|c| c.source.shallow)
        .count()
}

/// `lessons build`: prints problems and the summary line; returns whether the build failed.
pub fn main(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<bool> {
    let config = args.config()?;
    let progress = std::io::stderr().is_terminal();
    let mut outcome = run(&config, !args.no_cache, progress)
        .with_context(|| format!("cannot build {}", config.content.display()))?;
    // The command ends after printing: the kernel frees the model faster than `drop` would.
    std::mem::take(&mut outcome.leftover).leak();
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
    writeln!(out, "{}", summary(&outcome))?;
    Ok(false)
}

/// The last line of a build: `Built 44 pages (13 lessons × 2 locales) in 812 ms; wrote 3 of 57
/// files (42 KB), site 1.2 MB`, with `, removed N` when files the site no longer has went.
pub fn summary(o: &Outcome) -> String {
    let mut line = format!(
        "Built {} pages ({} lessons × {} locales) in {} ms; wrote {} of {} files ({})",
        o.pages,
        o.lessons,
        o.locales,
        o.elapsed.as_millis(),
        o.written,
        o.files,
        size(o.written_bytes)
    );
    if o.removed > 0 {
        line.push_str(&format!(", removed {}", o.removed));
    }
    line.push_str(&format!(", site {}", size(o.site_bytes)));
    line
}

/// A size in decimal units: `0 B`, `950 B`, `42 KB`, `3.4 MB`, `181 MB`, `1.2 GB`.
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 999.5 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if value < 9.95 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.0} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_well() {
        assert_eq!(size(0), "0 B");
        assert_eq!(size(999), "999 B");
        assert_eq!(size(1000), "1.0 KB");
        assert_eq!(size(42_400), "42 KB");
        assert_eq!(size(999_600), "1.0 MB");
        assert_eq!(size(181_224_891), "181 MB");
        assert_eq!(size(1_234_000_000), "1.2 GB");
    }

    #[test]
    fn the_summary_is_one_line() {
        let o = Outcome {
            pages: 14295,
            lessons: 13580,
            locales: 1,
            files: 14305,
            written: 3,
            written_bytes: 42_000,
            site_bytes: 181_000_000,
            elapsed: Duration::from_millis(812),
            ..Outcome::default()
        };
        assert_eq!(
            summary(&o),
            "Built 14295 pages (13580 lessons × 1 locales) in 812 ms; wrote 3 of 14305 files \
             (42 KB), site 181 MB"
        );
        let o = Outcome { removed: 2, ..o };
        assert!(summary(&o).contains("(42 KB), removed 2, site 181 MB"));
    }
}
