//! What each kind of lesson runs against: backend lessons against an app URL (the sandbox by
//! default), JavaScript lessons against their solutions in the embedded engine, DOM lessons
//! against their solutions in headless Chromium (for both, the seed must fail), everything else
//! skipped with its reason.

use serde::Serialize;

use super::dom;
use super::engine::{self, Job, Limits, Outcome};
use super::libraries::Libraries;
use crate::challenge::{Challenge, ChallengeFile, ChallengeKind};

/// The result of one hint (or of the seed check) for one challenge.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HintResult {
    /// 1-based number of the hint; 0 for the seed check.
    pub number: usize,
    pub text: String,
    pub passed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub console: Vec<String>,
    /// Which solution ran, when a lesson has several (1-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub solution: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase", tag = "status")]
pub enum Status {
    Ran { results: Vec<HintResult> },
    Skipped { reason: String, hints: usize },
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub id: String,
    pub title: String,
    pub challenge_type: u8,
    pub path: std::path::PathBuf,
    #[serde(flatten)]
    pub status: Status,
}

impl Report {
    pub fn passed(&self) -> usize {
        self.results().filter(|r| r.passed).count()
    }
    pub fn failed(&self) -> usize {
        self.results().filter(|r| !r.passed).count()
    }
    pub fn skipped(&self) -> usize {
        match &self.status {
            Status::Skipped { hints, .. } => *hints,
            Status::Ran { .. } => 0,
        }
    }
    pub fn results(&self) -> impl Iterator<Item = &HintResult> {
        match &self.status {
            Status::Ran { results } => results.as_slice(),
            Status::Skipped { .. } => &[],
        }
        .iter()
    }
}

/// What a challenge's hints run against, decided by its type (FORMAT.md §3).
pub enum Plan {
    Backend,
    JavaScript,
    /// HTML/CSS lessons, workshops and labs: a page in a browser.
    Dom,
    Skip(String),
}

pub fn plan(c: &Challenge) -> Plan {
    match c.kind() {
        ChallengeKind::Backend => Plan::Backend,
        ChallengeKind::JavaScript => Plan::JavaScript,
        ChallengeKind::Dom => Plan::Dom,
        other => Plan::Skip(other.skip_reason().unwrap_or_default().to_string()),
    }
}

/// Everything a run needs besides the challenge.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The app backend lessons are tested against.
    pub app_url: Option<&'a str>,
    /// The next lesson's seed, used as the solution when a step has none (as the curriculum's
    /// own suite does, FORMAT.md §4.4).
    pub next_seed: Option<&'a [ChallengeFile]>,
    pub limits: Limits,
    /// Break loops that run past 1.5 s, as freeCodeCamp does, unless the block turns it off
    /// (`disableLoopProtectTests`: Project Euler and other heavy computations).
    pub loop_protect: bool,
    /// Where DOM lessons run.
    pub dom: Dom<'a>,
    /// The block's `required` resources, which its DOM pages load before the lesson's own.
    pub required: &'a [dom::Required],
    /// The block's page template (React blocks), with `${ source || '' }` where the page goes.
    pub template: Option<&'a str>,
}

/// The browser DOM lessons run in, or why there is none (they are then skipped with that
/// reason).
#[derive(Clone, Copy)]
pub enum Dom<'a> {
    Browser(&'a dom::Browser),
    Missing(&'a str),
}

impl std::fmt::Debug for Dom<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Dom::Browser(_) => f.write_str("Dom::Browser"),
            Dom::Missing(why) => write!(f, "Dom::Missing({why:?})"),
        }
    }
}

impl Default for Dom<'_> {
    fn default() -> Self {
        Dom::Missing(dom::NO_CHROMIUM)
    }
}

pub fn run(c: &Challenge, cx: &Context<'_>) -> Report {
    let status = match plan(c) {
        Plan::Skip(reason) => Status::Skipped {
            reason,
            hints: c.tests.len(),
        },
        _ if c.tests.is_empty() => Status::Skipped {
            reason: "the lesson has no hints".into(),
            hints: 0,
        },
        Plan::Backend => match cx.app_url {
            Some(url) => Status::Ran {
                results: match app_answers(url) {
                    Ok(()) => run_hints(c, cx, url, None, Some(url), None),
                    // A backend hint tests an app; with none to talk to, none of them can pass
                    // (some only look at the URL, and would).
                    Err(why) => c
                        .tests
                        .iter()
                        .enumerate()
                        .map(|(i, hint)| HintResult {
                            number: i + 1,
                            text: hint.text.clone(),
                            passed: false,
                            message: Some(format!(
                                "no app answers at {url} ({why}): start it, or leave out --url \
                                 to test against the sandbox"
                            )),
                            console: Vec::new(),
                            solution: None,
                        })
                        .collect(),
                },
            },
            None => Status::Skipped {
                reason: "no app URL to test against".into(),
                hints: c.tests.len(),
            },
        },
        Plan::JavaScript => javascript(c, cx),
        Plan::Dom => dom_lesson(c, cx),
    };
    Report {
        id: c.id().to_string(),
        title: c.title().to_string(),
        challenge_type: c.challenge_type(),
        path: c.source.path.clone(),
        status,
    }
}

/// What the hints must pass against: the solutions that are not placeholders, or else the next
/// step's seed.
fn solutions<'a>(c: &'a Challenge, cx: &Context<'a>) -> Vec<&'a [ChallengeFile]> {
    let mut solutions: Vec<&[ChallengeFile]> = c
        .solutions
        .iter()
        .map(Vec::as_slice)
        .filter(|files| {
            !files
                .iter()
                .any(|f| f.contents.contains("// solution required"))
        })
        .collect();
    if solutions.is_empty()
        && let Some(next) = cx.next_seed
    {
        solutions.push(next);
    }
    solutions
}

/// Why a lesson with no solution to test against is skipped.
fn no_solution(c: &Challenge) -> String {
    if c.solutions.is_empty() {
        "the lesson has no solution, and no next step's seed, to run its hints against".into()
    } else {
        "the lesson's solution is `// solution required` (freeCodeCamp's own suite skips it too)"
            .into()
    }
}

fn javascript(c: &Challenge, cx: &Context<'_>) -> Status {
    let solutions = solutions(c, cx);
    if solutions.is_empty() {
        return Status::Skipped {
            reason: no_solution(c),
            hints: c.tests.len(),
        };
    }
    let many = solutions.len() > 1;
    let mut results = Vec::new();
    for (i, files) in solutions.iter().enumerate() {
        let (setup, code) = program(c, files, cx.loop_protect);
        results.extend(run_hints(
            c,
            cx,
            &code,
            Some(&setup),
            None,
            many.then_some(i + 1),
        ));
    }
    // The curriculum's own suite requires that the seed fails at least one hint: otherwise the
    // hints do not test what the lesson asks for.
    if !c.challenge_files.is_empty() && has_checks(c) {
        let (setup, code) = program(c, &c.challenge_files, cx.loop_protect);
        let seed = run_hints(c, cx, &code, Some(&setup), None, None);
        results.push(seed_check(seed.iter().all(|r| r.passed)));
    }
    Status::Ran { results }
}

/// Whether any hint has code: the curriculum's suite drops empty hints ("Submit to continue"),
/// and a lesson left with none passes, with no seed to fail.
fn has_checks(c: &Challenge) -> bool {
    c.tests.iter().any(|h| !h.test_string.trim().is_empty())
}

/// The curriculum's own suite requires that the seed fails at least one hint: otherwise the
/// hints do not test what the lesson asks for.
fn seed_check(all_pass: bool) -> HintResult {
    HintResult {
        number: 0,
        text: "the seed fails at least one hint".into(),
        passed: !all_pass,
        message: all_pass.then(|| {
            "the seed code passes every hint, so the hints do not check what the lesson asks for"
                .into()
        }),
        console: Vec::new(),
        solution: None,
    }
}

fn dom_lesson(c: &Challenge, cx: &Context<'_>) -> Status {
    let skip = |reason: &str| Status::Skipped {
        reason: reason.into(),
        hints: c.tests.len(),
    };
    let browser = match cx.dom {
        Dom::Browser(b) => b,
        Dom::Missing(why) => return skip(why),
    };
    let mut required: Vec<dom::Required> = cx.required.to_vec();
    required.extend(c.front.required.iter().map(|r| dom::Required {
        link: r.link.clone(),
        src: r.src.clone(),
    }));
    // A library the page loads from a CDN (React, Redux, D3…) comes from node_modules; one
    // that is not there leaves the hints nothing to test. jQuery is not needed: the page's `$`
    // does what the lessons use of it.
    if let Some(lib) = required
        .iter()
        .filter(|r| !r.is_jquery())
        .filter_map(|r| r.src.as_deref())
        .find(|src| !browser.serves(src))
    {
        let install = match Libraries::missing(lib) {
            Some(package) => format!(
                " (node_modules has no {package}: add it to package.json and run `npm install`)"
            ),
            None => String::new(),
        };
        return skip(&format!(
            "the lesson's page loads {lib}, which `lessons test` cannot serve without the network{install}"
        ));
    }
    // As freeCodeCamp: lessons that require React 16 get Enzyme.
    let enzyme = required.iter().any(|r| {
        r.src
            .as_deref()
            .is_some_and(|s| s.starts_with("https://cdnjs.cloudflare.com/ajax/libs/react/16."))
    });
    let solutions = solutions(c, cx);
    if solutions.is_empty() {
        return skip(&no_solution(c));
    }
    let mut runs: Vec<dom::PageRun> = solutions
        .iter()
        .map(|f| page_run(c, f, cx.loop_protect))
        .collect();
    let seed = !c.challenge_files.is_empty() && has_checks(c);
    if seed {
        runs.push(page_run(c, &c.challenge_files, cx.loop_protect));
    }
    let hints: Vec<(&str, crate::challenge::TestForm)> = c
        .tests
        .iter()
        .map(|h| (h.test_string.as_str(), h.form))
        .collect();
    // jQuery itself is left out: the request would fail, and `$` is already there.
    required.retain(|r| !r.is_jquery());
    let hooks = &c.hooks;
    let mut pages = browser
        .run(&dom::Lesson {
            runs: &runs,
            hints: &hints,
            required: &required,
            before_all: hooks.before_all.as_deref(),
            before_each: hooks.before_each.as_deref(),
            after_each: hooks.after_each.as_deref(),
            after_all: hooks.after_all.as_deref(),
            template: cx.template,
            enzyme,
            // freeCodeCamp's frame always has `__FakeTimers`; a page here gets it when the
            // lesson calls it (two English lessons do), which spares every other page the load.
            fake_timers: c
                .tests
                .iter()
                .map(|h| h.test_string.as_str())
                .chain(hooks.before_all.as_deref())
                .chain(hooks.before_each.as_deref())
                .chain(hooks.after_each.as_deref())
                .chain(hooks.after_all.as_deref())
                .any(|code| code.contains("__FakeTimers")),
            timeout: cx.limits.timeout,
        })
        .into_iter();
    let many = solutions.len() > 1;
    let mut results = Vec::new();
    for i in 0..solutions.len() {
        let outcomes = pages.next().unwrap_or_default();
        results.extend(hint_results(c, outcomes, many.then_some(i + 1)));
    }
    if seed {
        let outcomes = pages.next().unwrap_or_default();
        results.push(seed_check(outcomes.iter().all(|o| o.passed)));
    }
    Status::Ran { results }
}

fn hint_results(c: &Challenge, outcomes: Vec<Outcome>, solution: Option<usize>) -> Vec<HintResult> {
    c.tests
        .iter()
        .zip(outcomes)
        .enumerate()
        .map(|(i, (hint, o))| HintResult {
            number: i + 1,
            text: hint.text.clone(),
            passed: o.passed,
            message: o.message,
            console: o.console,
            solution,
        })
        .collect()
}

/// A page to run DOM hints against, from a set of files (a solution, a seed): the files in the
/// seed's order, each with the seed's head and tail, and `code` made of their original sources
/// (FCC-RUNNER.md §2).
fn page_run(c: &Challenge, files: &[ChallengeFile], loop_protect: bool) -> dom::PageRun {
    let mut ordered: Vec<&ChallengeFile> = Vec::with_capacity(files.len());
    for s in &c.challenge_files {
        if let Some(f) = files.iter().find(|f| f.ext == s.ext)
            && !ordered.iter().any(|o| std::ptr::eq(*o, f))
        {
            ordered.push(f);
        }
    }
    for f in files {
        if !ordered.iter().any(|o| std::ptr::eq(*o, f)) {
            ordered.push(f);
        }
    }
    let mut code = String::new();
    let mut editable = String::new();
    let mut out = Vec::with_capacity(ordered.len());
    for f in ordered {
        code.push_str(&f.contents);
        if let [start, end] = f.editable_region_boundaries.as_slice()
            && end > &(start + 1)
        {
            let lines: Vec<&str> = f.contents.split('\n').collect();
            let to = (end - 1).min(lines.len());
            if *start < to {
                editable.push_str(&lines[*start..to].join("\n"));
            }
        }
        let (head, tail) = head_and_tail(c, f);
        // Script files are loop-protected as freeCodeCamp does (not index.html's own scripts,
        // nor heads and tails).
        let protected = if loop_protect {
            super::loops::protect_file(&f.contents, &f.ext)
        } else {
            None
        };
        let learner = protected.as_deref().unwrap_or(&f.contents);
        let mut contents = String::with_capacity(learner.len() + head.len() + tail.len() + 2);
        for part in [head, learner, tail] {
            if part.is_empty() {
                continue;
            }
            if !contents.is_empty() {
                contents.push('\n');
            }
            contents.push_str(part);
        }
        out.push(dom::File {
            ext: f.ext.clone(),
            // As freeCodeCamp's build does: a no-break space in the code is a space.
            contents: contents.replace('\u{a0}', " "),
        });
    }
    dom::PageRun {
        files: out,
        code,
        editable_contents: editable,
    }
}

/// A file's head and tail: its own, or else those of the challenge's seed file of the same kind
/// (a solution or the next step's seed has none of its own).
fn head_and_tail<'a>(c: &'a Challenge, f: &'a ChallengeFile) -> (&'a str, &'a str) {
    let seed = c.challenge_files.iter().find(|s| s.ext == f.ext);
    let pick = |own: &'a str, from_seed: fn(&'a ChallengeFile) -> &'a str| {
        if own.is_empty() {
            seed.map_or("", from_seed)
        } else {
            own
        }
    };
    (
        pick(&f.head, |s| s.head.as_str()),
        pick(&f.tail, |s| s.tail.as_str()),
    )
}

/// The script to evaluate (hooks, head, learner code, tail) and the value of `code` (the
/// learner's code alone), from a set of js files.
fn program(c: &Challenge, files: &[ChallengeFile], loop_protect: bool) -> (String, String) {
    let js: Vec<&ChallengeFile> = files
        .iter()
        .filter(|f| matches!(f.ext.as_str(), "js" | "javascript"))
        .collect();
    let code = js
        .iter()
        .map(|f| f.contents.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let mut setup = String::new();
    // Heads and tails come from the challenge's own seed: a solution or the next seed has none.
    for f in &js {
        let (head, tail) = head_and_tail(c, f);
        // The learner's part is loop-protected as freeCodeCamp does (not heads and tails).
        let protected = if loop_protect {
            super::loops::protect(&f.contents)
        } else {
            None
        };
        let contents = protected.as_deref().unwrap_or(&f.contents);
        for part in [head, contents, tail] {
            setup.push_str(part);
            setup.push('\n');
        }
    }
    (setup, code)
}

/// Whether something accepts connections at the app's address (checked once per lesson, before
/// its hints run).
fn app_answers(url: &str) -> Result<(), String> {
    use std::net::{TcpStream, ToSocketAddrs};
    let parsed = url::Url::parse(url).map_err(|e| format!("not a URL: {e}"))?;
    let host = parsed.host_str().ok_or("the URL has no host")?;
    let port = parsed
        .port_or_known_default()
        .ok_or("the URL has no port")?;
    let addrs: Vec<_> = (host, port)
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {host}: {e}"))?
        .collect();
    let mut last = String::from("no address");
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, std::time::Duration::from_secs(3)) {
            Ok(_) => return Ok(()),
            Err(e) => last = e.to_string(),
        }
    }
    Err(last)
}

fn run_hints(
    c: &Challenge,
    cx: &Context<'_>,
    code: &str,
    setup: Option<&str>,
    app_url: Option<&str>,
    solution: Option<usize>,
) -> Vec<HintResult> {
    // With learner code (JavaScript lessons) the hooks come before it, in a script of their
    // own, as freeCodeCamp's worker evaluates before-all once and before-each before the code
    // (FCC-RUNNER.md §3); without (backend lessons) before-each opens the hint, as in the DOM
    // runner.
    let hooks: Option<String> = setup.and_then(|_| {
        let parts: Vec<&str> = [&c.hooks.before_all, &c.hooks.before_each]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        (!parts.is_empty()).then(|| parts.join(";\n"))
    });
    c.tests
        .iter()
        .enumerate()
        .map(|(i, hint)| {
            let outcome = engine::run(&Job {
                test: &hint.test_string,
                form: hint.form,
                code,
                app_url,
                hooks: hooks.as_deref(),
                setup,
                before_each: match setup {
                    Some(_) => None,
                    None => c.hooks.before_each.as_deref(),
                },
                limits: cx.limits,
            });
            HintResult {
                number: i + 1,
                text: hint.text.clone(),
                passed: outcome.passed,
                message: outcome.message,
                console: outcome.console,
                solution,
            }
        })
        .collect()
}
