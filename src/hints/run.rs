//! What each kind of lesson runs against: backend lessons against an app URL (the sandbox by
//! default), JavaScript lessons against their solutions (and their seed must fail), everything
//! else skipped with its reason.

use serde::Serialize;

use super::engine::{self, Job, Limits};
use crate::challenge::{Challenge, ChallengeFile};

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
    Skip(String),
}

pub fn plan(c: &Challenge) -> Plan {
    match c.challenge_type() {
        2 | 4 => Plan::Backend,
        1 | 5 | 26 | 28 => Plan::JavaScript,
        t => Plan::Skip(
            match t {
                0 | 6 | 14 | 25 => {
                    "HTML/CSS lessons need a browser DOM, which `lessons test` does not run"
                }
                10 | 20 | 23 | 27 | 29 => {
                    "Python lessons need a Python runtime, which `lessons test` does not run"
                }
                8 | 19 | 22 | 21 | 11 => "questions, quizzes and videos have no hint tests to run",
                3 | 7 | 12 | 13 | 15 | 16 | 17 | 18 | 30 | 32 | 33 => {
                    "this challenge type has no tests that run outside freeCodeCamp's platform"
                }
                _ => "this challenge type is not run by `lessons test`",
            }
            .to_string(),
        ),
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
    };
    Report {
        id: c.id().to_string(),
        title: c.title().to_string(),
        challenge_type: c.challenge_type(),
        path: c.source.path.clone(),
        status,
    }
}

fn javascript(c: &Challenge, cx: &Context<'_>) -> Status {
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
    if solutions.is_empty() {
        return Status::Skipped {
            reason: "the lesson has no solution to run its hints against".into(),
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
    if !c.challenge_files.is_empty() {
        let (setup, code) = program(c, &c.challenge_files, cx.loop_protect);
        let seed = run_hints(c, cx, &code, Some(&setup), None, None);
        let all_pass = seed.iter().all(|r| r.passed);
        results.push(HintResult {
            number: 0,
            text: "the seed fails at least one hint".into(),
            passed: !all_pass,
            message: all_pass.then(|| "the seed code passes every hint, so the hints do not check what the lesson asks for".into()),
            console: Vec::new(),
            solution: None,
        });
    }
    Status::Ran { results }
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
    if let Some(before_all) = &c.hooks.before_all {
        setup.push_str(before_all);
        setup.push_str(";\n");
    }
    // Heads and tails come from the challenge's own seed: a solution or the next seed has none.
    for f in &js {
        let seed = c.challenge_files.iter().find(|s| s.ext == f.ext);
        let head = if f.head.is_empty() {
            seed.map_or("", |s| s.head.as_str())
        } else {
            &f.head
        };
        let tail = if f.tail.is_empty() {
            seed.map_or("", |s| s.tail.as_str())
        } else {
            &f.tail
        };
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
    c.tests
        .iter()
        .enumerate()
        .map(|(i, hint)| {
            let outcome = engine::run(&Job {
                test: &hint.test_string,
                form: hint.form,
                code,
                app_url,
                setup,
                before_each: c.hooks.before_each.as_deref(),
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
