//! `lessons test [PATH…]`: runs the hints of any set of challenge files and prints ✓/✗ per
//! hint, ending with `N passed, N failed, N skipped`.

use std::io::Write;
use std::path::Path;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::io::IsTerminal;

use super::{Loaded, load};
use crate::challenge::{Challenge, ChallengeFile};
use crate::curriculum::root;
use crate::diagnostic::Printer;
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
    let started = std::time::Instant::now();
    let locale = match &opts.locale {
        Some(l) => Some(
            root::code_of(root::folder_of(l).unwrap_or(l))
                .ok_or_else(|| anyhow::anyhow!("unknown language `{l}`: use a code such as `uk` or a folder name such as `ukrainian`"))?
                .to_string(),
        ),
        None => None,
    };
    let mut diags = Vec::new();
    let mut items = Vec::new();
    for path in &opts.paths {
        // A file or folder inside a content root is tested as part of it, so that a workshop
        // step finds the next step's seed whichever way it was named.
        match super::enclosing_root(path) {
            Some(root) => {
                let c =
                    crate::curriculum::load(&root, &mut diags).map_err(|e| anyhow::anyhow!(e))?;
                let within = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
                collect(
                    Loaded::Curriculum(Box::new(c)),
                    locale.as_deref(),
                    &mut items,
                    Some(&within),
                );
            }
            None => collect(load(path, &mut diags)?, locale.as_deref(), &mut items, None),
        }
    }
    // Content errors are printed (a lesson that cannot be read is not tested); warnings are
    // `lessons check`'s to list.
    let mut printer = Printer::new();
    for d in diags.iter().filter(|d| d.is_error()) {
        printer.print(err, d)?;
    }
    if let Some(line) = crate::diagnostic::warnings_line(&diags, "lessons check") {
        writeln!(err, "{line}")?;
    }
    let content_errors = diags.iter().any(|d| d.is_error());

    // Backend lessons without --url each get a sandbox of their own, started for the lesson and
    // stopped after it: every lesson starts from a user count of 0, with no session left open
    // by the one before. The first is started here, so that a sandbox that cannot start is
    // said once, before anything runs.
    let needs_app = items
        .iter()
        .any(|i| matches!(run::plan(&i.challenge), Plan::Backend));
    let shared_url = opts
        .url
        .as_ref()
        .map(|u| u.trim_end_matches('/').to_string());
    let start_sandbox = || -> anyhow::Result<sandbox::BlockingHandle> {
        let mut config = sandbox::Config::ephemeral();
        if let Some(project) = &opts.project {
            config.project_dir = Some(project.clone());
        }
        sandbox::start_blocking(config)
            .map_err(|e| anyhow::anyhow!("cannot start the sandbox for backend lessons: {e}"))
    };
    if needs_app && shared_url.is_none() {
        start_sandbox()?.shutdown().ok();
    }

    // Chromium only starts when a DOM lesson is to be run; without it they are skipped, unless
    // LESSONS_REQUIRE_BROWSER=1 (CI) makes that an error.
    let needs_browser = items
        .iter()
        .any(|i| matches!(run::plan(&i.challenge), Plan::Dom) && !i.challenge.tests.is_empty());
    let require_browser = std::env::var("LESSONS_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    let mut browser_error = None;
    let browser = match (needs_browser, dom::find_chromium()) {
        (false, _) => None,
        (true, None) if require_browser => {
            anyhow::bail!("LESSONS_REQUIRE_BROWSER=1 but {}", dom::NO_CHROMIUM)
        }
        (true, None) => None,
        (true, Some(path)) => match dom::Browser::start(&path, Libraries::find()) {
            Ok(b) => Some(b),
            Err(e) if require_browser => anyhow::bail!("DOM lessons cannot run: {e}"),
            Err(e) => {
                browser_error = Some(format!(
                    "DOM lessons need Chromium, which did not start: {e}"
                ));
                None
            }
        },
    };
    let dom = match (&browser, &browser_error) {
        (Some(b), _) => Dom::Browser(b),
        (None, Some(why)) => Dom::Missing(why),
        (None, None) => Dom::Missing(dom::NO_CHROMIUM),
    };

    let limits = Limits {
        timeout: opts.timeout,
        ..Limits::default()
    };
    // A progress bar on a terminal only: CI logs and pipes get the report alone.
    let bar = if std::io::stderr().is_terminal() && items.len() > 1 {
        let bar = ProgressBar::new(items.len() as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} lessons tested") {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        .stack_size(crate::hints::engine::THREAD_STACK_BYTES)
        .start_handler(|_| crate::hints::engine::big_stack_thread())
        .build()?;
    let reports: Vec<Report> = pool.install(|| {
        items
            .par_iter()
            .map(|item| {
                let own = (shared_url.is_none()
                    && matches!(run::plan(&item.challenge), Plan::Backend))
                .then(&start_sandbox)
                .transpose();
                let (own, app_url) = match own {
                    // Learners submit their app's URL without a trailing slash; old hints
                    // append paths.
                    Ok(Some(h)) => {
                        let url = h.url().trim_end_matches('/').to_string();
                        (Some(h), Some(url))
                    }
                    Ok(None) => (None, shared_url.clone()),
                    // Its hints then fail, saying no app answers.
                    Err(_) => (None, Some("http://127.0.0.1:1".to_string())),
                };
                let report = run::run(
                    &item.challenge,
                    &Context {
                        app_url: app_url.as_deref(),
                        next_seed: item.next_seed.as_deref(),
                        // Blocks of long computations (the same that turn loop protection
                        // off: Project Euler…) get six times the time: QuickJS is several times
                        // slower than a browser's JIT on them.
                        limits: if item.loop_protect {
                            limits
                        } else {
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
                bar.inc(1);
                report
            })
            .collect()
    });
    bar.finish_and_clear();
    drop(browser);

    let (passed, failed, skipped) = reports.iter().fold((0, 0, 0), |(p, f, s), r| {
        (p + r.passed(), f + r.failed(), s + r.skipped())
    });
    match opts.format {
        Format::Pretty => pretty(&reports, out)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &reports)?;
            writeln!(out)?;
        }
        Format::Junit => junit(&reports, out)?,
    }
    // The summary goes after the report (stdout) in pretty mode, else to stderr, so that the
    // JSON or JUnit on stdout stays whole.
    let summary: &mut dyn Write = if opts.format == Format::Pretty {
        out
    } else {
        err
    };
    skipped_by_reason(&reports, summary)?;
    writeln!(
        summary,
        "{} {} in {:.1} s",
        reports.len(),
        if reports.len() == 1 {
            "lesson"
        } else {
            "lessons"
        },
        started.elapsed().as_secs_f64()
    )?;
    writeln!(
        summary,
        "{passed} passed, {failed} failed, {skipped} skipped"
    )?;
    Ok(failed > 0 || content_errors)
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
