//! `lessons test [PATH…]`: runs the hints of any set of challenge files and prints ✓/✗ per
//! hint, ending with `N passed, N failed, N skipped`.

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::io::IsTerminal;

use super::{Loaded, load};
use crate::challenge::{Challenge, ChallengeFile};
use crate::curriculum::root;
use crate::diagnostic::{Diagnostic, Printer};
use crate::hints::dom;
use crate::hints::engine::Limits;
use crate::hints::libraries::Libraries;
use crate::hints::run::{self, Context, Dom, Plan, Report, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Pretty,
    Json,
    Junit,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    /// Only this language (code or folder name); all languages when absent.
    pub locale: Option<String>,
    /// Test backend lessons against this app instead of the in-process sandbox.
    pub url: Option<String>,
    /// The learner project the in-process sandbox serves.
    pub project: Option<PathBuf>,
    pub jobs: Option<usize>,
    pub format: Format,
    pub timeout: Duration,
}

/// One challenge to test, with the seed of the lesson after it.
struct Item {
    challenge: Challenge,
    next_seed: Option<Vec<ChallengeFile>>,
    loop_protect: bool,
    /// The block's `required` resources (scripts and stylesheets every page of it loads).
    required: std::sync::Arc<[dom::Required]>,
    /// The block's page template (React blocks).
    template: Option<std::sync::Arc<str>>,
}

/// Runs the tests and prints the report; returns whether anything failed.
pub fn main(opts: &Options, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<bool> {
    // The time in the summary counts loading and starting the browser too, not the hints alone.
    let started = Instant::now();
    let locale = locale_code(opts.locale.as_deref())?;
    let (items, diags) = gather(&opts.paths, locale.as_deref())?;
    let content_errors = print_content_errors(&diags, err)?;
    let apps = Apps::new(opts);
    apps.check_sandbox_starts(&items)?;
    let chromium = start_chromium(&items)?;
    let reports = run_all(&items, &apps, chromium.dom(), opts)?;
    // Chromium is stopped before the report is written, as soon as nothing needs it.
    drop(chromium);

    print_report(&reports, opts.format, out)?;
    // The summary goes after the report (stdout) in pretty mode, else to stderr, so that the
    // JSON or JUnit on stdout stays whole.
    let summary: &mut dyn Write = if opts.format == Format::Pretty {
        out
    } else {
        err
    };
    let failed = print_summary(&reports, started, summary)?;
    Ok(failed > 0 || content_errors)
}

/// The language code `--locale` names (it takes a code or a folder name), `None` for all.
fn locale_code(locale: Option<&str>) -> anyhow::Result<Option<String>> {
    let Some(l) = locale else {
        return Ok(None);
    };
    let code = root::code_of(root::folder_of(l).unwrap_or(l)).ok_or_else(|| {
        anyhow::anyhow!(
            "unknown language `{l}`: use a code such as `uk` or a folder name such as `ukrainian`"
        )
    })?;
    Ok(Some(code.to_string()))
}

/// Loads every path on the command line into the lessons to test, with what loading them
/// found wrong. The first path that cannot be loaded at all stops the command.
fn gather(paths: &[PathBuf], locale: Option<&str>) -> anyhow::Result<(Vec<Item>, Vec<Diagnostic>)> {
    let mut diags = Vec::new();
    let mut items = Vec::new();
    for path in paths {
        // A file or folder inside a content root is tested as part of it, so that a workshop
        // step finds the next step's seed whichever way it was named.
        match super::enclosing_root(path) {
            Some(root) => {
                let c =
                    crate::curriculum::load(&root, &mut diags).map_err(|e| anyhow::anyhow!(e))?;
                let within = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
                collect(
                    Loaded::Curriculum(Box::new(c)),
                    locale,
                    &mut items,
                    Some(&within),
                );
            }
            None => collect(load(path, &mut diags)?, locale, &mut items, None),
        }
    }
    Ok((items, diags))
}

/// Prints the content errors (a lesson that cannot be read is not tested, and the run fails
/// for it) and returns whether there were any. Warnings are only counted: listing them is
/// `lessons check`'s job.
fn print_content_errors(diags: &[Diagnostic], err: &mut dyn Write) -> std::io::Result<bool> {
    let mut printer = Printer::new();
    for d in diags.iter().filter(|d| d.is_error()) {
        printer.print(err, d)?;
    }
    if let Some(line) = crate::diagnostic::warnings_line(diags, "lessons check") {
        writeln!(err, "{line}")?;
    }
    Ok(diags.iter().any(|d| d.is_error()))
}

/// Where backend lessons find the app they test: the one `--url` names, shared by all, or
/// else a sandbox of their own each (serving `--project` when given), started for the lesson
/// and stopped after it, so that every lesson starts from a user count of 0, with no session
/// left open by the one before.
struct Apps<'a> {
    /// `--url` without its trailing slash.
    shared_url: Option<String>,
    project: Option<&'a Path>,
}

impl<'a> Apps<'a> {
    fn new(opts: &'a Options) -> Self {
        Apps {
            shared_url: opts
                .url
                .as_ref()
                .map(|u| u.trim_end_matches('/').to_string()),
            project: opts.project.as_deref(),
        }
    }

    fn start_sandbox(&self) -> anyhow::Result<sandbox::BlockingHandle> {
        let mut config = sandbox::Config::ephemeral();
        if let Some(project) = self.project {
            config.project_dir = Some(project.to_path_buf());
        }
        sandbox::start_blocking(config)
            .map_err(|e| anyhow::anyhow!("cannot start the sandbox for backend lessons: {e}"))
    }

    /// Starts and stops one sandbox when backend lessons will need them, so that a sandbox
    /// that cannot start is said once, before anything runs, rather than as every backend
    /// lesson's failure.
    fn check_sandbox_starts(&self, items: &[Item]) -> anyhow::Result<()> {
        let needs_app = items
            .iter()
            .any(|i| matches!(run::plan(&i.challenge), Plan::Backend));
        if needs_app && self.shared_url.is_none() {
            self.start_sandbox()?.shutdown().ok();
        }
        Ok(())
    }

    /// The app one lesson is tested against: its own sandbox (returned, for the caller to stop
    /// once the lesson has run) and its URL.
    fn for_lesson(
        &self,
        challenge: &Challenge,
    ) -> (Option<sandbox::BlockingHandle>, Option<String>) {
        let own = (self.shared_url.is_none() && matches!(run::plan(challenge), Plan::Backend))
            .then(|| self.start_sandbox())
            .transpose();
        match own {
            // Learners submit their app's URL without a trailing slash; old hints append paths.
            Ok(Some(h)) => {
                let url = h.url().trim_end_matches('/').to_string();
                (Some(h), Some(url))
            }
            Ok(None) => (None, self.shared_url.clone()),
            // Its hints then fail, saying no app answers.
            Err(_) => (None, Some("http://127.0.0.1:1".to_string())),
        }
    }
}

/// Where DOM lessons run: a Chromium started for this run, or why there is none (the reason
/// their skip gives).
enum Chromium {
    Running(Box<dom::Browser>),
    Missing(Cow<'static, str>),
}

impl Chromium {
    fn dom(&self) -> Dom<'_> {
        match self {
            Chromium::Running(b) => Dom::Browser(b),
            Chromium::Missing(why) => Dom::Missing(why),
        }
    }
}

/// Starts Chromium, only when a DOM lesson with hints is to be run: it is slow to start and
/// may not be installed. Without it those lessons are skipped, unless
/// LESSONS_REQUIRE_BROWSER=1 (CI) makes that an error.
fn start_chromium(items: &[Item]) -> anyhow::Result<Chromium> {
    let needs_browser = items
        .iter()
        .any(|i| matches!(run::plan(&i.challenge), Plan::Dom) && !i.challenge.tests.is_empty());
    if !needs_browser {
        return Ok(Chromium::Missing(dom::NO_CHROMIUM.into()));
    }
    let require_browser = std::env::var("LESSONS_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    match dom::find_chromium() {
        None if require_browser => {
            anyhow::bail!("LESSONS_REQUIRE_BROWSER=1 but {}", dom::NO_CHROMIUM)
        }
        None => Ok(Chromium::Missing(dom::NO_CHROMIUM.into())),
        Some(path) => match dom::Browser::start(&path, Libraries::find()) {
            Ok(b) => Ok(Chromium::Running(Box::new(b))),
            Err(e) if require_browser => anyhow::bail!("DOM lessons cannot run: {e}"),
            Err(e) => Ok(Chromium::Missing(
                format!("DOM lessons need Chromium, which did not start: {e}").into(),
            )),
        },
    }
}

/// Runs every lesson, `--jobs` at a time, and returns their reports in the order of `items`.
fn run_all(items: &[Item], apps: &Apps, dom: Dom, opts: &Options) -> anyhow::Result<Vec<Report>> {
    let limits = Limits {
        timeout: opts.timeout,
        ..Limits::default()
    };
    let bar = progress_bar(items.len());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        // Hints may recurse as deep as the JavaScript stack allows, which needs a native
        // stack bigger than rayon's default.
        .stack_size(crate::hints::engine::THREAD_STACK_BYTES)
        .start_handler(|_| crate::hints::engine::big_stack_thread())
        .build()?;
    let reports = pool.install(|| {
        items
            .par_iter()
            .map(|item| {
                let report = run_one(item, apps, limits, dom);
                bar.inc(1);
                report
            })
            .collect()
    });
    bar.finish_and_clear();
    Ok(reports)
}

/// A progress bar on a terminal only: CI logs and pipes get the report alone.
fn progress_bar(lessons: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() || lessons <= 1 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(lessons as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} lessons tested") {
        bar.set_style(style);
    }
    bar
}

/// Runs one lesson's hints, with its own sandbox around it when it is a backend lesson.
fn run_one(item: &Item, apps: &Apps, limits: Limits, dom: Dom) -> Report {
    let (own, app_url) = apps.for_lesson(&item.challenge);
    let report = run::run(
        &item.challenge,
        &Context {
            app_url: app_url.as_deref(),
            next_seed: item.next_seed.as_deref(),
            limits: if item.loop_protect {
                limits
            } else {
                // Blocks of long computations (the same that turn loop protection off:
                // Project Euler…) get six times the time: QuickJS is several times slower
                // than a browser's JIT on them.
                Limits {
                    timeout: limits.timeout * 6,
                    ..limits
                }
            },
            loop_protect: item.loop_protect,
            dom,
            required: &item.required,
            template: item.template.as_deref(),
        },
    );
    if let Some(h) = own {
        // A failure to stop cleanly does not change what the hints said.
        let _ = h.shutdown();
    }
    report
}

/// Writes the reports to stdout in the format asked for.
fn print_report(reports: &[Report], format: Format, out: &mut dyn Write) -> anyhow::Result<()> {
    match format {
        Format::Pretty => pretty(reports, out)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, reports)?;
            writeln!(out)?;
        }
        Format::Junit => junit(reports, out)?,
    }
    Ok(())
}

/// Writes what was skipped and why, the lesson count and time, and the closing
/// `N passed, N failed, N skipped` line (the one CI reads); returns the number of hints that
/// failed.
fn print_summary(
    reports: &[Report],
    started: Instant,
    summary: &mut dyn Write,
) -> std::io::Result<usize> {
    let (passed, failed, skipped) = reports.iter().fold((0, 0, 0), |(p, f, s), r| {
        (p + r.passed(), f + r.failed(), s + r.skipped())
    });
    skipped_by_reason(reports, summary)?;
    let lessons = if reports.len() == 1 {
        "lesson"
    } else {
        "lessons"
    };
    writeln!(
        summary,
        "{} {lessons} in {:.1} s",
        reports.len(),
        started.elapsed().as_secs_f64()
    )?;
    writeln!(
        summary,
        "{passed} passed, {failed} failed, {skipped} skipped"
    )?;
    Ok(failed)
}

/// The challenges to test (only those under `within`, when given), each with the next lesson's
/// seed when its block is made of steps: there a lesson without a solution is tested against the
/// seed of the step after it, as freeCodeCamp's own suite does; elsewhere it has none.
fn collect(loaded: Loaded, locale: Option<&str>, items: &mut Vec<Item>, within: Option<&Path>) {
    let wanted = |c: &Challenge| {
        within.is_none_or(|w| {
            std::fs::canonicalize(&c.source.path)
                .map(|p| p.starts_with(w))
                .unwrap_or(false)
        })
    };
    match loaded {
        Loaded::Curriculum(c) => {
            for block in c.blocks {
                let steps = block.meta.is_step_based();
                let loop_protect = block.meta.loop_protect_tests();
                let required: std::sync::Arc<[dom::Required]> =
                    dom::Required::list(block.meta.meta.get("required")).into();
                let template: Option<std::sync::Arc<str>> = block
                    .meta
                    .meta
                    .get("template")
                    .and_then(|t| t.as_str())
                    .map(Into::into);
                let seeds: Vec<Option<Vec<ChallengeFile>>> = block
                    .lessons
                    .iter()
                    .map(|l| {
                        l.english
                            .as_ref()
                            .filter(|_| steps)
                            .map(|e| e.challenge_files.clone())
                    })
                    .collect();
                for (i, lesson) in block.lessons.into_iter().enumerate() {
                    let next_seed = seeds.get(i + 1).cloned().flatten();
                    let english = lesson.english.into_iter().map(|c| ("en".to_string(), c));
                    for (lang, challenge) in english.chain(lesson.translations) {
                        if locale.is_none_or(|l| l == lang) && wanted(&challenge) {
                            items.push(Item {
                                // The only holder once the curriculum is consumed: no copy.
                                challenge: Arc::unwrap_or_clone(challenge),
                                next_seed: next_seed.clone(),
                                loop_protect,
                                required: required.clone(),
                                template: template.clone(),
                            });
                        }
                    }
                }
            }
        }
        Loaded::Files { challenges, .. } => {
            items.extend(challenges.into_iter().map(|challenge| Item {
                challenge,
                next_seed: None,
                loop_protect: true,
                required: Vec::new().into(),
                template: None,
            }));
        }
    }
}

/// What was skipped, by reason, most hints first: a reason a run can act on (install Chromium,
/// run `npm ci`) stands out from those it cannot (Python, videos).
fn skipped_by_reason(reports: &[Report], out: &mut dyn Write) -> std::io::Result<()> {
    let mut by: Vec<(&str, usize, usize)> = Vec::new();
    for r in reports {
        if let Status::Skipped { reason, hints } = &r.status {
            match by.iter_mut().find(|(why, ..)| *why == reason.as_str()) {
                Some(entry) => {
                    entry.1 += hints;
                    entry.2 += 1;
                }
                None => by.push((reason, *hints, 1)),
            }
        }
    }
    if by.is_empty() {
        return Ok(());
    }
    by.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(b.0)));
    writeln!(out, "skipped, by reason:")?;
    for (reason, hints, lessons) in by {
        let hints_word = if hints == 1 { "hint" } else { "hints" };
        let lessons_word = if lessons == 1 { "lesson" } else { "lessons" };
        writeln!(
            out,
            "  {hints} {hints_word} in {lessons} {lessons_word}: {reason}"
        )?;
    }
    Ok(())
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pretty(reports: &[Report], out: &mut dyn Write) -> std::io::Result<()> {
    for r in reports {
        match &r.status {
            Status::Skipped { reason, .. } => {
                writeln!(out, "- {} — skipped: {reason}", r.title)?;
                writeln!(out, "  {}", r.path.display())?;
            }
            Status::Ran { results } => {
                let mark = if results.iter().all(|h| h.passed) {
                    "✓"
                } else {
                    "✗"
                };
                writeln!(out, "{mark} {}", r.title)?;
                writeln!(out, "  {}", r.path.display())?;
                for h in results {
                    let mark = if h.passed { "✓" } else { "✗" };
                    let number = if h.number == 0 {
                        "seed".to_string()
                    } else {
                        format!("{}.", h.number)
                    };
                    let solution = h
                        .solution
                        .map(|s| format!(" (solution {s})"))
                        .unwrap_or_default();
                    writeln!(out, "  {mark} {number} {}{solution}", one_line(&h.text))?;
                    if let Some(m) = &h.message {
                        writeln!(out, "      {m}")?;
                    }
                    if !h.passed {
                        for line in &h.console {
                            writeln!(out, "      console: {line}")?;
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn junit(reports: &[Report], out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, "<testsuites name=\"lessons test\">")?;
    for r in reports {
        let count = r.passed() + r.failed() + r.skipped();
        writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{count}\" failures=\"{}\" skipped=\"{}\" file=\"{}\">",
            xml(&r.title),
            r.failed(),
            r.skipped(),
            xml(&r.path.display().to_string())
        )?;
        match &r.status {
            Status::Skipped { reason, hints } => {
                for i in 0..*hints {
                    writeln!(
                        out,
                        "    <testcase name=\"hint {}\"><skipped message=\"{}\"/></testcase>",
                        i + 1,
                        xml(reason)
                    )?;
                }
            }
            Status::Ran { results } => {
                for h in results {
                    let name = xml(&format!("{}. {}", h.number, one_line(&h.text)));
                    match &h.message {
                        None => writeln!(out, "    <testcase name=\"{name}\"/>")?,
                        Some(m) => {
                            writeln!(out, "    <testcase name=\"{name}\">")?;
                            writeln!(out, "      <failure message=\"{}\"/>", xml(m))?;
                            if !h.console.is_empty() {
                                writeln!(
                                    out,
                                    "      <system-out>{}</system-out>",
                                    xml(&h.console.join("\n"))
                                )?;
                            }
                            writeln!(out, "    </testcase>")?;
                        }
                    }
                }
            }
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}
