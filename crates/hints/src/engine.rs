//! Runs one hint in a fresh QuickJS context (rquickjs), with a wall-clock limit, a memory
//! limit, no filesystem, and `fetch` only to the app under test. Hint code is untrusted:
//! lessons and translations come from outside contributors, and `lessons test` runs in CI.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rquickjs::module::WriteOptions;
use rquickjs::promise::PromiseState;
use rquickjs::{Context, Ctx, Function, Module, Object, Promise, Runtime, Value};

use super::fetch;
use crate::challenge::TestForm;

/// The same files the lesson pages load, so a hint means the same thing in both places.
pub const ASSERT_JS: &str = include_str!("js/assert.js");
pub const HELPERS_JS: &str = include_str!("js/helpers.js");
pub const WRAP_JS: &str = include_str!("js/wrap.js");
const PRELUDE_JS: &str = include_str!("js/prelude.js");

/// JavaScript stack per hint. Threads that call [`run`] need a native stack larger than this
/// ([`THREAD_STACK_BYTES`]).
pub const STACK_BYTES: usize = 8 << 20;
/// The native stack of threads that run hints.
pub const THREAD_STACK_BYTES: usize = 16 << 20;

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub timeout: Duration,
    pub memory_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout: Duration::from_secs(5),
            memory_bytes: 256 << 20,
        }
    }
}

/// One hint to run and what it runs against.
#[derive(Debug, Clone, Copy)]
pub struct Job<'a> {
    pub test: &'a str,
    pub form: TestForm,
    /// The value of `code`: the learner's source, or the app's URL for backend lessons.
    pub code: &'a str,
    /// The app under test; `fetch` may reach its origin and nothing else.
    pub app_url: Option<&'a str>,
    /// The lesson's before-all and before-each hooks, evaluated first as a script of their own
    /// (JavaScript lessons): a spy they set on `console.log` sees what the learner's code logs,
    /// and a name they assign that the learner's code declares again with `let` is the
    /// learner's, as it is after freeCodeCamp's Babel turns `let` into `var`.
    pub hooks: Option<&'a str>,
    /// Learner code evaluated next, as a script (head + solution + tail).
    pub setup: Option<&'a str>,
    /// Evaluated at the start of the hint's own function (backend lessons, which have no
    /// learner code).
    pub before_each: Option<&'a str>,
    pub limits: Limits,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub passed: bool,
    /// Why it failed, in words for the lesson author.
    pub message: Option<String>,
    /// What the hint (and the learner code) printed with `console.*`.
    pub console: Vec<String>,
}

impl Outcome {
    fn fail(message: impl Into<String>, console: Vec<String>) -> Self {
        Outcome {
            passed: false,
            message: Some(message.into()),
            console,
        }
    }
}

/// What a hint printed, capped: a hint that logs 50 MB in a loop must not make a 2 GB report.
#[derive(Default)]
struct Console {
    lines: Vec<String>,
    bytes: usize,
    /// Bytes not kept once the cap was reached.
    dropped: usize,
}

impl Console {
    /// Bytes of console output kept per hint.
    const CAP: usize = 64 << 10;

    fn push(&mut self, level: &str, text: String) {
        let line = if level == "log" {
            text
        } else {
            format!("[{level}] {text}")
        };
        let room = Self::CAP.saturating_sub(self.bytes);
        if line.len() <= room {
            self.bytes += line.len();
            self.lines.push(line);
            return;
        }
        let mut cut = room;
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        if cut > 0 {
            self.lines.push(line[..cut].to_string());
        }
        self.bytes += cut;
        self.dropped += line.len() - cut;
    }

    fn finish(self) -> Vec<String> {
        let mut lines = self.lines;
        if self.dropped > 0 {
            lines.push(format!("… {} bytes more", self.dropped));
        }
        lines
    }
}

/// Promises rejected with no handler while the hint ran: the promise, and why it was rejected.
/// A hint that leaves one behind fails, even when its own promise fulfilled: a
/// `$.get(…).then(d => assert…)` that nobody awaits must not pass because nothing waited for it.
type Unhandled = Rc<RefCell<Vec<(rquickjs::Persistent<Value<'static>>, String)>>>;

/// Globals that hints rely on, captured before learner code runs and put back after it, so
/// that learner code cannot replace them (`assert = () => {}`) to make a hint pass.
const TRUSTED: &[&str] = &[
    "assert",
    "__helpers",
    "$",
    "jQuery",
    "fetch",
    "getUserInput",
    "URL",
    "URLSearchParams",
    "Promise",
    "__lessonsDescribe",
];

pub fn run(job: &Job<'_>) -> Outcome {
    let console = Rc::new(RefCell::new(Console::default()));
    let deadline = Instant::now() + job.limits.timeout;
    let timed_out = Arc::new(AtomicBool::new(false));

    // A runtime is reused by the next hint on this thread (a fresh context each time keeps
    // hints apart); one that was interrupted or ran out of memory is thrown away.
    let runtime = RUNTIME.with(|r| r.borrow_mut().take());
    let outcome = (|| -> Result<(Outcome, Runtime), String> {
        let runtime = match runtime {
            Some(r) => r,
            None => {
                Runtime::new().map_err(|e| format!("cannot start the JavaScript engine: {e}"))?
            }
        };
        runtime.set_memory_limit(job.limits.memory_bytes);
        // Deep recursion in real lessons (Hofstadter Q) needs more than 1 MiB: threads made with
        // a large native stack (see `big_stack_thread`) allow 8 MiB, others keep 1 MiB.
        runtime.set_max_stack_size(if BIG_STACK.with(std::cell::Cell::get) {
            STACK_BYTES
        } else {
            1 << 20
        });
        let flag = timed_out.clone();
        // QuickJS calls this every few thousand operations; `true` throws an uncatchable
        // error, which stops tight loops, loops inside try/catch and runaway regexes alike.
        runtime.set_interrupt_handler(Some(Box::new(move || {
            let late = Instant::now() >= deadline;
            if late {
                flag.store(true, Ordering::Relaxed);
            }
            late
        })));
        let unhandled: Unhandled = Rc::new(RefCell::new(Vec::new()));
        let tracked = unhandled.clone();
        runtime.set_host_promise_rejection_tracker(Some(Box::new(
            move |ctx: Ctx<'_>, promise: Value<'_>, reason: Value<'_>, handled: bool| {
                let mut list = tracked.borrow_mut();
                if handled {
                    list.retain(|(p, _)| p.clone().restore(&ctx).ok().as_ref() != Some(&promise));
                } else if list.len() < 100 {
                    let why = reason_text(&reason);
                    list.push((rquickjs::Persistent::save(&ctx, promise), why));
                }
            },
        )));
        let outcome = {
            let context = Context::full(&runtime)
                .map_err(|e| format!("cannot create a JavaScript context: {e}"))?;
            let outcome =
                context.with(|ctx| run_in(&ctx, job, &console, &unhandled, deadline, &timed_out));
            unhandled.borrow_mut().clear();
            outcome
        };
        runtime.set_host_promise_rejection_tracker(None);
        Ok((outcome?, runtime))
    })();

    let console = console.take().finish();
    match outcome {
        Ok((mut o, runtime)) => {
            runtime.set_interrupt_handler(None);
            runtime.run_gc();
            RUNTIME.with(|r| *r.borrow_mut() = Some(runtime));
            o.console = console;
            o
        }
        Err(message) => Outcome::fail(message, console),
    }
}

thread_local! {
    static RUNTIME: RefCell<Option<Runtime>> = const { RefCell::new(None) };
    /// Whether this thread's native stack is [`THREAD_STACK_BYTES`].
    static BIG_STACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Marks the calling thread as one made with a [`THREAD_STACK_BYTES`] native stack (e.g. by
/// rayon's `stack_size` and `start_handler`), so hints on it may recurse as deep as
/// [`STACK_BYTES`]. Calling it on a thread with a smaller stack could crash the process.
pub fn big_stack_thread() {
    BIG_STACK.with(|b| b.set(true));
}

/// The trusted scripts, compiled once per process to QuickJS bytecode (as modules, the form
/// rquickjs can write and read), so that a fresh context only has to load them.
/// A script's name and its bytecode.
type Compiled = (&'static str, Vec<u8>);

fn prelude() -> Result<&'static [Compiled], String> {
    static COMPILED: OnceLock<Result<Vec<Compiled>, String>> = OnceLock::new();
    COMPILED
        .get_or_init(|| {
            let runtime = Runtime::new().map_err(|e| e.to_string())?;
            let context = Context::full(&runtime).map_err(|e| e.to_string())?;
            context.with(|ctx| {
                [
                    ("assert.js", ASSERT_JS),
                    ("helpers.js", HELPERS_JS),
                    ("prelude.js", PRELUDE_JS),
                    ("wrap.js", WRAP_JS),
                ]
                .into_iter()
                .map(|(name, source)| {
                    Module::declare(ctx.clone(), name, source)
                        .and_then(|m| m.write(WriteOptions::default()))
                        .map(|bytes| (name, bytes))
                        .map_err(|e| format!("{name} does not compile: {}", describe(&ctx, e)))
                })
                .collect()
            })
        })
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

fn run_in<'js>(
    ctx: &Ctx<'js>,
    job: &Job<'_>,
    console: &Rc<RefCell<Console>>,
    unhandled: &Unhandled,
    deadline: Instant,
    timed_out: &AtomicBool,
) -> Result<Outcome, String> {
    let js_err = |what: &str, e: rquickjs::Error| -> String {
        if timed_out.load(Ordering::Relaxed) {
            return timeout_message(job);
        }
        format!("{what}: {}", describe(ctx, e))
    };
    install_natives(ctx, job, console, deadline).map_err(|e| js_err("internal error", e))?;
    // `__helpers` is loaded only for code that mentions it: most hints never do.
    let wants_helpers = job.test.contains("__helpers")
        || job.hooks.is_some_and(|s| s.contains("__helpers"))
        || job.setup.is_some_and(|s| s.contains("__helpers"))
        || job.before_each.is_some_and(|s| s.contains("__helpers"));
    for (name, bytes) in prelude()? {
        if *name == "helpers.js" && !wants_helpers {
            continue;
        }
        // SAFETY: the bytes were written by `Module::write` of this same QuickJS build, in this
        // process, from our own scripts, and live for the rest of the process (QuickJS may keep
        // pointing into them).
        let module = unsafe { Module::load(ctx.clone(), bytes) };
        module
            .and_then(|m| m.eval())
            .and_then(|(_, done)| done.finish::<()>())
            .map_err(|e| js_err(&format!("internal error in {name}"), e))?;
    }
    let globals = ctx.globals();
    let set = |k: &str, v: &str| globals.set(k, v);
    set("code", job.code).map_err(|e| js_err("internal error", e))?;
    set("__appUrl", job.app_url.unwrap_or("")).map_err(|e| js_err("internal error", e))?;

    // What the runner itself calls, taken before learner code can reach it; the natives are
    // only reachable from the prelude's closures from here on.
    let get = |k: &str| -> Result<Function<'js>, String> {
        globals.get(k).map_err(|e| js_err("internal error", e))
    };
    let run_timers = get("__runTimers")?;
    let wrap = get("__lessonsWrapHint")?;
    let freeze: Function = ctx
        .eval(
            "(function deepFreeze(o, seen = new Set()) { if ((typeof o === 'object' || typeof o === 'function') && o !== null && !seen.has(o)) { seen.add(o); Object.freeze(o); for (const k of Reflect.ownKeys(o)) { const d = Object.getOwnPropertyDescriptor(o, k); if (d && 'value' in d && k !== 'prototype') deepFreeze(d.value, seen); } } return o; })",
        )
        .map_err(|e| js_err("internal error", e))?;
    let mut trusted: Vec<(&str, Value<'js>)> = Vec::new();
    for name in TRUSTED {
        let v: Value = globals
            .get(*name)
            .map_err(|e| js_err("internal error", e))?;
        if v.is_undefined() {
            continue;
        }
        if matches!(*name, "assert" | "__helpers" | "$" | "jQuery") {
            freeze
                .call::<_, ()>((v.clone(),))
                .map_err(|e| js_err("internal error", e))?;
        }
        trusted.push((name, v));
    }
    for hidden in ["__native", "__runTimers"] {
        globals
            .remove(hidden)
            .map_err(|e| js_err("internal error", e))?;
    }

    // freeCodeCamp evaluates the hooks and the learner's code as one script, after Babel made
    // every `let` a `var`: the hooks can use the code's functions (hoisted) and assign its
    // variables. Here they come first, in a script of their own; a hook that needs a name only
    // the code defines (a `BinarySearchTree.prototype` it extends) throws there, and runs again
    // once the code has run.
    let hooks_waiting = match job.hooks {
        Some(hooks) => match ctx.eval::<(), _>(hooks) {
            Ok(()) => false,
            Err(e) => {
                if timed_out.load(Ordering::Relaxed) {
                    return Err(js_err("the lesson's before-each hook threw", e));
                }
                true
            }
        },
        None => false,
    };
    if let Some(setup) = job.setup
        && let Err(e) = ctx.eval::<(), _>(setup)
    {
        // As freeCodeCamp does: the error is logged and the hint runs alone, where it will
        // most likely fail on a name the learner's code never defined.
        let why = js_err("the lesson's code threw before the hint ran", e);
        if timed_out.load(Ordering::Relaxed) {
            return Err(why);
        }
        console.borrow_mut().push("error", why);
    }
    if let (true, Some(hooks)) = (hooks_waiting, job.hooks)
        && let Err(e) = ctx.eval::<(), _>(hooks)
    {
        let why = js_err("the lesson's before-each hook threw", e);
        if timed_out.load(Ordering::Relaxed) {
            return Err(why);
        }
        console.borrow_mut().push("error", why);
    }
    // Learner code may have replaced what hints call: put it back, or fail when it cannot be.
    for (name, v) in &trusted {
        let _ = globals.set(*name, v.clone());
        let now: Value = globals
            .get(*name)
            .map_err(|e| js_err("internal error", e))?;
        if now != *v {
            return Ok(Outcome::fail(
                format!(
                    "the lesson's code replaced `{name}`, which the hints rely on; the hint was not run"
                ),
                Vec::new(),
            ));
        }
    }

    let form = match job.form {
        TestForm::Function => "function",
        TestForm::Statement => "statement",
    };
    let source: String = wrap
        .call((job.test, form, job.before_each.unwrap_or("")))
        .map_err(|e| js_err("internal error", e))?;
    // Only rejections from here on are the hint's.
    unhandled.borrow_mut().clear();
    let promise: Promise = ctx
        .eval(source)
        .map_err(|e| js_err("the hint's code does not run", e))?;

    drive(
        ctx,
        job,
        &promise,
        &run_timers,
        unhandled,
        deadline,
        timed_out,
    )
}

/// The event loop: run queued jobs, then due timers, until the hint's promise settles and
/// everything it started has run (or time is up). A hint passes when its promise fulfilled
/// and no promise was left rejected with nobody to handle it.
fn drive<'js>(
    ctx: &Ctx<'js>,
    job: &Job<'_>,
    promise: &Promise<'js>,
    run_timers: &Function<'js>,
    unhandled: &Unhandled,
    deadline: Instant,
    timed_out: &AtomicBool,
) -> Result<Outcome, String> {
    // After the hint's own promise fulfils, what it left running (an un-awaited `$.get(…)
    // .then(…)`) still gets time to finish and fail: every queued job, and timers due within
    // this long (an interval the learner code left running must not hold every hint up).
    const SETTLE: Duration = Duration::from_millis(250);
    let mut fulfilled_at: Option<Instant> = None;
    loop {
        while ctx.execute_pending_job() {
            if timed_out.load(Ordering::Relaxed) || Instant::now() >= deadline {
                return Err(timeout_message(job));
            }
        }
        match promise.state() {
            PromiseState::Rejected => {
                let reason: Value = promise
                    .result::<Value>()
                    .and_then(|r| r.err())
                    .map(|_| ctx.catch())
                    .unwrap_or_else(|| Value::new_undefined(ctx.clone()));
                return Ok(Outcome::fail(describe_value(ctx, reason), Vec::new()));
            }
            PromiseState::Resolved if fulfilled_at.is_none() => {
                fulfilled_at = Some(Instant::now());
            }
            _ => {}
        }
        // A rejection nobody handles fails the hint once its own promise is done (while that
        // is pending, a later `await` may still handle it).
        if fulfilled_at.is_some()
            && let Some((_, why)) = unhandled.borrow().first()
        {
            return Ok(Outcome::fail(unhandled_message(job, why), Vec::new()));
        }
        if timed_out.load(Ordering::Relaxed) || Instant::now() >= deadline {
            if fulfilled_at.is_some() {
                return Ok(passed());
            }
            return Err(timeout_message(job));
        }
        let now = epoch_ms();
        let next: f64 = run_timers.call((now,)).map_err(|e| {
            if timed_out.load(Ordering::Relaxed) {
                timeout_message(job)
            } else {
                format!("a timer callback threw: {}", describe(ctx, e))
            }
        })?;
        let busy = ctx.execute_pending_job();
        if let Some(at) = fulfilled_at
            && !busy
            && (next < 0.0 || at.elapsed() >= SETTLE)
        {
            return Ok(match unhandled.borrow().first() {
                Some((_, why)) => Outcome::fail(unhandled_message(job, why), Vec::new()),
                None => passed(),
            });
        }
        if next < 0.0 && !busy && promise.state() == PromiseState::Pending {
            return Err(
                "the hint never finished: it awaits a promise that nothing will settle".into(),
            );
        }
        if next > now && !busy {
            let wait = Duration::from_millis((next - now) as u64);
            let left = deadline.saturating_duration_since(Instant::now());
            std::thread::sleep(wait.min(left).min(Duration::from_millis(50)));
        }
    }
}

fn passed() -> Outcome {
    Outcome {
        passed: true,
        message: None,
        console: Vec::new(),
    }
}

/// Why a hint failed when a promise it started was rejected and nothing handled it.
fn unhandled_message(job: &Job<'_>, why: &str) -> String {
    let app = match job.app_url {
        Some(url) if why.contains("refused") || why.contains("connect") => {
            format!(" (is the app running at {url}?)")
        }
        _ => String::new(),
    };
    format!("a promise the hint started was rejected and nothing handled it: {why}{app}")
}

/// A rejection reason in words, read without running learner code where possible.
fn reason_text(reason: &Value<'_>) -> String {
    if let Some(s) = reason.as_string() {
        return s.to_string().unwrap_or_default();
    }
    if let Some(o) = reason.as_object() {
        let name: Option<String> = o.get("name").ok();
        let message: Option<String> = o.get("message").ok();
        if let Some(m) = message {
            return match name {
                Some(n) if n != "AssertionError" => format!("{n}: {m}"),
                _ => m,
            };
        }
        let status: Option<i32> = o.get("status").ok();
        if let Some(st) = status {
            return format!("the request failed with status {st}");
        }
    }
    "a value that is not an error".into()
}

/// The words for a rejection reason, as the lesson pages say them.
fn describe_value<'js>(ctx: &Ctx<'js>, reason: Value<'js>) -> String {
    js_describe(ctx, &reason).unwrap_or_else(|| reason_text(&reason))
}

/// What wrap.js's `__lessonsDescribe` says of a thrown value, the words the lesson pages use.
fn js_describe<'js>(ctx: &Ctx<'js>, thrown: &Value<'js>) -> Option<String> {
    ctx.globals()
        .get::<_, Function>("__lessonsDescribe")
        .ok()?
        .call::<_, String>((thrown.clone(),))
        .ok()
}

/// The start of every timeout message, so reports can count timeouts.
pub const TIMED_OUT: &str = "timed out: ";

fn timeout_message(job: &Job<'_>) -> String {
    format!(
        "{TIMED_OUT}the hint did not finish within {} s (an endless loop, a long computation, or a request that never answers); it was stopped",
        job.limits.timeout.as_secs_f64()
    )
}

fn epoch_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_millis() as f64)
}

/// The message of a JavaScript exception (the thrown value is taken from the context).
fn describe(ctx: &Ctx<'_>, e: rquickjs::Error) -> String {
    if !matches!(e, rquickjs::Error::Exception) {
        return e.to_string();
    }
    let thrown: Value = ctx.catch();
    if let Some(d) = js_describe(ctx, &thrown) {
        return d;
    }
    if let Some(ex) = thrown.as_exception() {
        let msg = ex.message().unwrap_or_default();
        if msg.contains("out of memory") {
            return "the code ran out of memory (it is limited, to protect the machine)".into();
        }
        return msg;
    }
    thrown
        .as_string()
        .and_then(|s| s.to_string().ok())
        .unwrap_or_else(|| "an exception".into())
}

fn install_natives<'js>(
    ctx: &Ctx<'js>,
    job: &Job<'_>,
    console: &Rc<RefCell<Console>>,
    deadline: Instant,
) -> rquickjs::Result<()> {
    let native = Object::new(ctx.clone())?;
    let lines = console.clone();
    native.set(
        "log",
        Function::new(ctx.clone(), move |level: String, text: String| {
            lines.borrow_mut().push(&level, text);
        })?,
    )?;
    let policy = fetch::Policy::new(job.app_url);
    native.set(
        "fetch",
        Function::new(
            ctx.clone(),
            move |url: String, method: String, headers: String, body: String| {
                policy.fetch(&url, &method, &headers, &body, deadline)
            },
        )?,
    )?;
    native.set(
        "parseUrl",
        Function::new(ctx.clone(), |input: String, base: String| {
            fetch::parse_url(&input, &base)
        })?,
    )?;
    ctx.globals().set("__native", native)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(test: &str) -> Job<'_> {
        Job {
            test,
            form: TestForm::Statement,
            code: "let a = 1;",
            app_url: None,
            hooks: None,
            setup: None,
            before_each: None,
            limits: Limits {
                timeout: Duration::from_millis(500),
                ..Limits::default()
            },
        }
    }

    #[test]
    fn passes_and_fails_with_chai_messages() {
        assert!(run(&job("assert.match(code, /let a/);")).passed);
        let o = run(&job("assert.match(code, /const/);"));
        assert_eq!(
            o.message.as_deref(),
            Some("expected 'let a = 1;' to match /const/")
        );
        let o = run(&job(
            "await new Promise((r) => setTimeout(r, 20)); throw new Error('late');",
        ));
        assert_eq!(o.message.as_deref(), Some("Error: late"));
    }

    #[test]
    fn endless_loops_are_stopped() {
        for body in [
            "while (true) {}",
            "for (;;) { try { while (true) {} } catch (e) {} }",
            "while (true) await null;",
        ] {
            let started = Instant::now();
            let o = run(&job(body));
            assert!(!o.passed, "{body}");
            assert!(
                o.message.unwrap().contains("did not finish within 0.5 s"),
                "{body}"
            );
            assert!(started.elapsed() < Duration::from_secs(3));
        }
    }

    #[test]
    fn memory_is_limited() {
        let mut j = job("const a = []; while (true) a.push('x'.repeat(1 << 20));");
        j.limits.memory_bytes = 32 << 20;
        j.limits.timeout = Duration::from_secs(5);
        let o = run(&j);
        assert!(!o.passed);
        assert!(o.message.unwrap().contains("memory"));
    }

    #[test]
    fn console_is_captured_and_fetch_refused_without_an_app() {
        let o = run(&job(
            "console.log('hi', {a: 1}); await fetch('http://127.0.0.1:1/');",
        ));
        assert_eq!(o.console, ["hi {\"a\":1}"]);
        assert!(o.message.unwrap().contains("refused"));
    }

    #[test]
    fn url_and_function_form() {
        let mut j = job(
            "async (getUserInput) => {\n  const u = new URL('/_api/server.js?x=1#h', getUserInput('url'));\n  assert.strictEqual(u.href, 'http://127.0.0.1:9/_api/server.js?x=1#h');\n  assert.strictEqual(u.searchParams.get('x'), '1');\n};",
        );
        j.form = TestForm::Function;
        j.app_url = Some("http://127.0.0.1:9");
        let o = run(&j);
        assert!(o.passed, "{o:?}");
    }

    /// The false passes of a runner that awaits only what a hint awaits (FCC-RUNNER.md §4): an
    /// un-awaited `$.get(…).then(…)` against an app that is not there, or whose assertion
    /// fails, must fail the hint.
    #[test]
    fn un_awaited_requests_and_assertions_still_count() {
        let mut j =
            job("$.get(code + '/_api/server.js').then(data => { assert.match(data, /socket/); });");
        j.code = "http://127.0.0.1:1";
        j.app_url = Some("http://127.0.0.1:1");
        let o = run(&j);
        assert!(!o.passed, "{o:?}");
        let m = o.message.unwrap();
        assert!(m.contains("nothing handled it"), "{m}");
        assert!(
            m.contains("is the app running at http://127.0.0.1:1?"),
            "{m}"
        );
        // The function form of older hints, likewise.
        let mut j = job(
            "(getUserInput) => { $.get(getUserInput('url') + '/x').then(d => assert.equal(d, 'y')); }",
        );
        j.form = TestForm::Function;
        j.app_url = Some("http://127.0.0.1:1");
        assert!(!run(&j).passed);
        // An assertion that fails in a `.then` nobody awaits.
        let o = run(&job("Promise.resolve(1).then((v) => assert.equal(v, 2));"));
        assert!(!o.passed);
        assert_eq!(
            o.message.as_deref(),
            Some(
                "a promise the hint started was rejected and nothing handled it: expected 1 to equal 2"
            )
        );
        // …and one that passes there still passes; a rejection the hint handles is fine.
        assert!(run(&job("Promise.resolve(2).then((v) => assert.equal(v, 2));")).passed);
        assert!(
            run(&job(
                "const p = Promise.reject(new Error('x')); await p.catch(() => {});"
            ))
            .passed
        );
        assert!(run(&job("setTimeout(() => {}, 10); assert(true);")).passed);
    }

    /// Learner code runs before each hint, in the same context: it must not be able to make a
    /// hint pass by replacing what the hint or the runner uses.
    #[test]
    fn learner_code_cannot_fake_a_pass() {
        let tampering = [
            "assert = () => {};",
            "globalThis.assert = { equal() {}, match() {}, isTrue() {} };",
            "assert.equal = () => {};",
            "Object.defineProperty(globalThis, 'assert', { value: () => {}, writable: false, configurable: false });",
            "__native.settle(true, '');",
            "globalThis.__runTimers = () => -1;",
            "Promise = function () { return { then(ok) { ok(); } }; };",
        ];
        for setup in tampering {
            let mut j = job("assert.equal(1, 2);");
            j.setup = Some(setup);
            let o = run(&j);
            assert!(!o.passed, "{setup}: {o:?}");
        }
        // Untouched, the same hint gives chai's message.
        assert_eq!(
            run(&job("assert.equal(1, 2);")).message.as_deref(),
            Some("expected 1 to equal 2")
        );
    }

    #[test]
    fn console_output_is_capped() {
        let o = run(&job(
            "for (let i = 0; i < 40; i++) console.log('x'.repeat(1 << 20)); assert(false);",
        ));
        assert!(!o.passed);
        let kept: usize = o.console.iter().map(String::len).sum();
        assert!(kept < (64 << 10) + 100, "{kept}");
        assert_eq!(
            o.console.last().map(String::as_str),
            Some(format!("… {} bytes more", 40 * (1 << 20) - (64 << 10)).as_str())
        );
    }

    /// What real hints call besides `assert`: each from a real lesson of the curriculum.
    #[test]
    fn apis_real_hints_call() {
        let cases = [
            // lab-date-conversion
            "assert.equal(new Date(2024, 0, 5).toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric' }), 'January 5, 2024');",
            "assert.equal(new Date(2024, 0, 5).toLocaleDateString('en-US'), '1/5/2024');",
            "assert.equal(new Date(2024, 0, 5, 13, 4, 9).toLocaleTimeString('en-US'), '1:04:09 PM');",
            "assert.equal(new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric' }).format(new Date(2024, 2, 9)), 'Mar 9');",
            // debugging: console.clear
            "console.log('x'); console.clear(); assert(true);",
            // __helpers.RandomMocker: the same sequence as freeCodeCamp's helpers
            "const m = new __helpers.RandomMocker(); m.mock(); const a = [0,0,0,0,0].map(() => Math.floor(Math.random() * 100) + 1); m.restore(); assert.deepEqual(a, [26, 9, 58, 23, 38]);",
            // __helpers.spyOn
            "const o = { f(x) { return x * 2; } }; const s = __helpers.spyOn(o, 'f'); o.f(2); o.f(5); s.restore(); assert.deepEqual(s.calls, [[2], [5]]); assert.deepEqual(s.returns, [4, 10]); assert.equal(o.f(1), 2);",
            // older hints
            "assert(DeepEqual([1, {a: 2}], [1, {a: 2}]) && !DeepEqual([1], [2]));",
            "const f = new FormData(); f.append('a', 'b c'); assert.equal(f.toString(), 'a=b+c');",
            "assert.isEmpty([]); assert.isNotEmpty('x');",
            // hofstadter-q style recursion
            "function hofstadterQ(n) { const memo = [1, 1, 1]; const Q = function (i) { let r = memo[i]; if (typeof r !== 'number') { r = Q(i - Q(i - 1)) + Q(i - Q(i - 2)); memo[i] = r; } return r; }; return Q(n); } assert(Number.isInteger(hofstadterQ(1000))); assert.equal(hofstadterQ(1000), 502); assert.equal(hofstadterQ(2000), 1005);",
        ];
        for test in cases {
            let mut j = job(test);
            j.limits.timeout = Duration::from_secs(5);
            let o = std::thread::Builder::new()
                .stack_size(THREAD_STACK_BYTES)
                .spawn(move || {
                    big_stack_thread();
                    run(&j)
                })
                .unwrap()
                .join()
                .unwrap();
            assert!(o.passed, "{test}: {o:?}");
        }
        // XMLHttpRequest and $.ajax to an app that is not there fail the hint.
        for test in [
            "const x = new XMLHttpRequest(); x.onreadystatechange = function () { if (this.readyState == 4 && this.status == 200) {} else { throw new Error(this.status + ' ' + this.statusText); } }; x.open('POST', code + '/register', true); x.send('a=b');",
            "$.ajax({ url: code + '/_api/x', type: 'POST', contentType: 'application/json', data: '[]' }).then((d) => assert.isArray(d));",
        ] {
            let mut j = job(test);
            j.code = "http://127.0.0.1:1";
            j.app_url = Some("http://127.0.0.1:1");
            assert!(!run(&j).passed, "{test}");
        }
    }

    /// A seed's endless loop, protected as freeCodeCamp does, is broken after 1.5 s with a
    /// warning, and the hint then runs (and here fails on what the code computed).
    #[test]
    fn protected_loops_are_broken_with_a_warning() {
        let setup = super::super::loops::protect(
            "let rows = [];\nfor (let i = 0; \"iterator\"; i++) {\n  rows.push(i);\n}",
        )
        .unwrap();
        let mut j = job("assert.equal(rows.length, 10);");
        j.setup = Some(&setup);
        j.limits.timeout = Duration::from_secs(5);
        let started = Instant::now();
        let o = run(&j);
        assert!(started.elapsed() < Duration::from_secs(4));
        assert!(!o.passed);
        assert!(o.message.unwrap().starts_with("expected "));
        assert_eq!(
            o.console,
            [
                "[warn] Potential infinite loop detected on line 2. Tests may fail if this is not changed."
            ]
        );
    }
}
