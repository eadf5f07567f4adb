//! Translator preview: for each lesson, English and the translation side by side, section by
//! section and paragraph by paragraph, with the checker's findings marked inline (untranslated
//! sentences highlighted, code that differs from English shown as a diff); and a per-locale
//! index of lessons by translation status, so a translator can go from one problem to the next.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;

use pulldown_cmark::{Options, Parser};
use similar::{ChangeTag, TextDiff};

use super::live::Live;
use crate::challenge::{Challenge, ChallengeFile, Prose};
use crate::check;
use crate::curriculum::{Curriculum, root};
use crate::diagnostic::{Diagnostic, Severity};
use crate::render::html::escape;

/// Where a lesson stands in one locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    Errors,
    Untranslated,
    Missing,
    Done,
}

/// One lesson of the status index.
#[derive(Debug, Clone)]
pub struct Row {
    block: String,
    id: String,
    title: String,
    status: Status,
    findings: usize,
}

/// Every lesson's status in one locale. Checking means reading every translated file and
/// judging every sentence (seconds on the real curriculum), so the rows are filled in the
/// background, and kept until the lesson or the curriculum changes.
pub struct Statuses {
    /// (block, lesson) of every lesson with an English file, in curriculum order.
    keys: Vec<(usize, usize)>,
    rows: Vec<OnceLock<Row>>,
}

impl Statuses {
    fn new(c: &Curriculum) -> Statuses {
        let keys: Vec<(usize, usize)> = c
            .blocks
            .iter()
            .enumerate()
            .flat_map(|(b, block)| {
                block
                    .lessons
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.english.is_some())
                    .map(move |(l, _)| (b, l))
            })
            .collect();
        let rows = keys.iter().map(|_| OnceLock::new()).collect();
        Statuses { keys, rows }
    }

    fn checked(&self) -> usize {
        self.rows.iter().filter(|r| r.get().is_some()).count()
    }

    pub fn complete(&self) -> bool {
        self.rows.iter().all(|r| r.get().is_some())
    }
}

/// The statuses of every translation locale, and the thread that fills them.
#[derive(Default)]
pub struct Checker {
    by_locale: HashMap<String, Arc<Statuses>>,
    worker: Option<(Arc<AtomicBool>, JoinHandle<()>)>,
}

impl Checker {
    /// Stops checking; what is checked stays.
    pub fn stop(&mut self) {
        if let Some((cancel, thread)) = self.worker.take() {
            cancel.store(true, Ordering::Relaxed);
            let _ = thread.join();
        }
    }

    /// Checks every lesson of a new curriculum afresh.
    pub fn reset(&mut self, c: &Arc<Curriculum>) {
        self.stop();
        self.by_locale = c
            .languages
            .iter()
            .filter(|l| l.code != "en")
            .map(|l| (l.code.clone(), Arc::new(Statuses::new(c))))
            .collect();
        self.start(c);
    }

    /// One lesson changed (and nothing else): only it is checked again.
    pub fn invalidate(&mut self, c: &Arc<Curriculum>, block: usize, lesson: usize) {
        self.stop();
        for statuses in self.by_locale.values_mut() {
            let rows = statuses
                .keys
                .iter()
                .zip(&statuses.rows)
                .map(|(key, row)| match row.get() {
                    Some(r) if *key != (block, lesson) => OnceLock::from(r.clone()),
                    _ => OnceLock::new(),
                })
                .collect();
            *statuses = Arc::new(Statuses {
                keys: statuses.keys.clone(),
                rows,
            });
        }
        self.start(c);
    }

    fn start(&mut self, c: &Arc<Curriculum>) {
        let todo: Vec<(String, Arc<Statuses>)> = self
            .by_locale
            .iter()
            .filter(|(_, s)| !s.complete())
            .map(|(l, s)| (l.clone(), s.clone()))
            .collect();
        if todo.is_empty() {
            return;
        }
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = cancel.clone();
        let c = c.clone();
        let thread = std::thread::Builder::new()
            .name("lessons-preview".into())
            .spawn(move || {
                // Threads of its own rather than rayon's: a full rebuild's loading keeps those
                // busy, and a changed lesson's status should not wait for it.
                let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
                for (locale, statuses) in todo {
                    let opts = options(&locale);
                    let next = AtomicUsize::new(0);
                    std::thread::scope(|s| {
                        for _ in 0..workers {
                            s.spawn(|| {
                                while !stop.load(Ordering::Relaxed) {
                                    let i = next.fetch_add(1, Ordering::Relaxed);
                                    let Some(&(b, l)) = statuses.keys.get(i) else {
                                        return;
                                    };
                                    statuses.rows[i].get_or_init(|| row(&c, b, l, &locale, &opts));
                                }
                            });
                        }
                    });
                }
            });
        if let Ok(thread) = thread {
            self.worker = Some((cancel, thread));
        }
    }

    pub fn get(&self, locale: &str) -> Option<&Arc<Statuses>> {
        self.by_locale.get(locale)
    }
}

impl Drop for Checker {
    fn drop(&mut self) {
        self.stop();
    }
}

fn options(locale: &str) -> check::Options {
    check::Options {
        locale: locale.to_string(),
        keep_language: check::LANGUAGE_LEARNING
            .iter()
            .map(|s| s.to_string())
            .collect(),
    }
}

/// One lesson's status in `locale`.
fn row(c: &Curriculum, b: usize, l: usize, locale: &str, opts: &check::Options) -> Row {
    let block = &c.blocks[b];
    let lesson = &block.lessons[l];
    let (status, findings) = match (&lesson.english, lesson.translations.get(locale)) {
        (Some(english), Some(t)) => {
            let keep = check::keeps_language(
                opts,
                &block.meta.dashed_name,
                block.meta.superblock.as_deref(),
            );
            let found = check::pair(english, t, opts, keep);
            let status = if found.iter().any(Diagnostic::is_error) {
                Status::Errors
            } else if found.iter().any(|d| d.severity == Severity::Warning) {
                Status::Untranslated
            } else {
                Status::Done
            };
            (status, found.len())
        }
        _ => (Status::Missing, 0),
    };
    Row {
        block: block.meta.dashed_name.clone(),
        id: lesson.id.clone(),
        title: lesson
            .english
            .as_ref()
            .map_or_else(String::new, |e| e.title().to_string()),
        status,
        findings,
    }
}

/// A preview lesson's address.
fn href(locale: &str, block: &str, id: &str) -> String {
    format!(
        "/__preview/{}/{}/{}/",
        escape(locale),
        escape(block),
        escape(id)
    )
}

const STYLE: &str = "<style>
body{font:16px/1.55 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fbfaf8}
header,main{max-width:90rem;margin:0 auto;padding:1rem 1.5rem}
a{color:#0b5cad} h1{margin:.2rem 0} h2{margin-top:2rem;border-bottom:1px solid #ddd}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem;border-top:1px solid #eee;padding:.6rem 0}
.pair>div{min-width:0} .lang{font-size:.8rem;color:#666;text-transform:uppercase}
pre{background:#f3f1ee;padding:.6rem;overflow:auto;border-radius:.4rem}
mark.untranslated{background:#ffe08a} .flagged{outline:3px solid #ffcc4d;outline-offset:4px}
.diff .add{background:#d7f5dd} .diff .del{background:#fbd9d9}
.status{display:inline-block;padding:0 .5rem;border-radius:1rem;font-size:.85rem}
.Errors{background:#fbd9d9} .Untranslated{background:#ffe08a} .Missing{background:#e6e6e6} .Done{background:#d7f5dd}
ul.findings li{margin:.2rem 0} code{font-size:.92em}
@media (prefers-color-scheme:dark){body{background:#17181a;color:#e6e6e6}a{color:#7fb6ff}pre{background:#24262a}
.pair{border-color:#333}h2{border-color:#333}mark.untranslated{background:#7a5b00;color:#fff}
.diff .add{background:#1f4d2a}.diff .del{background:#5a1f1f}.Errors{background:#5a1f1f}.Untranslated{background:#7a5b00}.Missing{background:#3a3a3a}.Done{background:#1f4d2a}}
@media (max-width:50rem){.pair{grid-template-columns:1fr}}
</style>";

fn page(title: &str, body: &str) -> String {
    page_with(title, body, "")
}

fn page_with(title: &str, body: &str, head: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">{head}\
<title>{} — translation preview</title><link rel=\"stylesheet\" href=\"/static/highlight.css\">{STYLE}</head><body>{body}</body></html>",
        escape(title)
    )
}

/// `/__preview/`: the locales there are to preview.
pub fn root(live: &Live) -> Option<String> {
    let c = live.curriculum.as_deref()?;
    let mut body = String::from("<main><h1>Translation preview</h1><ul>");
    for l in c.languages.iter().filter(|l| l.code != "en") {
        let _ = write!(
            body,
            "<li><a href=\"/__preview/{0}/\">{0}</a> ({1})</li>",
            escape(&l.code),
            escape(&l.folder)
        );
    }
    body.push_str("</ul></main>");
    Some(page("Translation preview", &body))
}

fn locale_code(c: &Curriculum, locale: &str) -> Option<String> {
    let code = root::code_of(root::folder_of(locale).unwrap_or(locale))?;
    c.languages
        .iter()
        .any(|l| l.code == code && code != "en")
        .then(|| code.to_string())
}

/// How many lessons of `locale` are still to be checked.
pub fn unchecked(live: &Live, locale: &str) -> usize {
    let Some(c) = live.curriculum.as_deref() else {
        return 0;
    };
    locale_code(c, locale)
        .and_then(|code| live.checker.get(&code))
        .map_or(0, |s| s.rows.len() - s.checked())
}

/// `/__preview/<locale>/`: every lesson by translation status, problems first. While the
/// statuses are being checked, those checked so far, and the page refreshes by itself.
pub fn index(live: &Live, locale: &str) -> Option<String> {
    let c = live.curriculum.as_deref()?;
    let locale = locale_code(c, locale)?;
    let statuses = live.checker.get(&locale)?;
    let rows: Vec<&Row> = statuses.rows.iter().filter_map(OnceLock::get).collect();
    let total = statuses.keys.len();
    let mut body = format!("<main><h1>Translation preview: {}</h1>", escape(&locale));
    let done = rows.iter().filter(|r| r.status == Status::Done).count();
    let complete = rows.len() == total;
    if !complete {
        let _ = write!(
            body,
            "<p class=\"checking\"><strong>Checking the translations: {} of {total} lessons \
             checked so far.</strong> This page refreshes by itself.</p>",
            statuses.checked()
        );
    }
    let _ = write!(
        body,
        "<p>{done} of {total} lessons translated with no problem found.</p>"
    );
    for (status, heading) in [
        (Status::Errors, "Code or structure differs from English"),
        (Status::Untranslated, "English text left in the translation"),
        (Status::Missing, "Not translated yet"),
        (Status::Done, "Done"),
    ] {
        let list: Vec<&&Row> = rows.iter().filter(|r| r.status == status).collect();
        if list.is_empty() {
            continue;
        }
        let _ = write!(body, "<h2>{heading} ({})</h2><ul>", list.len());
        for r in list {
            let findings = if r.findings > 0 {
                format!(
                    " — {} finding{}",
                    r.findings,
                    if r.findings == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            };
            let _ = write!(
                body,
                "<li><span class=\"status {status:?}\">{status:?}</span> {} › <a href=\"{}\">{}</a>{findings}</li>",
                escape(&r.block),
                href(&locale, &r.block, &r.id),
                escape(&r.title)
            );
        }
        body.push_str("</ul>");
    }
    body.push_str("</main>");
    let head = if complete {
        ""
    } else {
        "<meta http-equiv=\"refresh\" content=\"2\">"
    };
    Some(page_with(&format!("Preview {locale}"), &body, head))
}

/// The blocks that have a lesson `id`, for the old address `/__preview/<locale>/<id>/`.
pub fn blocks_with(live: &Live, id: &str) -> Vec<String> {
    live.curriculum.as_deref().map_or_else(Vec::new, |c| {
        c.blocks
            .iter()
            .filter(|b| b.lessons.iter().any(|l| l.id == id && l.english.is_some()))
            .map(|b| b.meta.dashed_name.clone())
            .collect()
    })
}

/// `/__preview/<locale>/<id>/` when several blocks have the id: which one?
pub fn choose(live: &Live, locale: &str, id: &str, blocks: &[String]) -> Option<String> {
    let c = live.curriculum.as_deref()?;
    let locale = locale_code(c, locale)?;
    let mut body = format!(
        "<main><h1>Lesson {}</h1><p>Several blocks have a lesson with this id:</p><ul>",
        escape(id)
    );
    for b in blocks {
        let _ = write!(
            body,
            "<li><a href=\"{}\">{}</a></li>",
            href(&locale, b, id),
            escape(b)
        );
    }
    body.push_str("</ul></main>");
    Some(page(id, &body))
}

/// Top-level blocks of a markdown text, as source ranges, so paragraphs can be paired.
fn top_blocks(markdown: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (event, range) in Parser::new_ext(markdown, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            pulldown_cmark::Event::Start(_) => {
                if depth == 0 {
                    start = range.start;
                }
                depth += 1;
            }
            pulldown_cmark::Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    out.push(start..range.end);
                }
            }
            pulldown_cmark::Event::Rule if depth == 0 => out.push(range),
            _ => {}
        }
    }
    out
}

/// Context for one lesson page.
struct Lesson<'a> {
    live: &'a Live,
    locale: &'a str,
    english_keys: HashSet<String>,
    judge: bool,
}

impl Lesson<'_> {
    fn html(&self, markdown: &str) -> String {
        self.live.markdown_html(markdown)
    }

    /// The translated block as HTML, with its untranslated sentences marked.
    fn marked(&self, markdown: &str) -> String {
        let mut html = self.html(markdown);
        if !self.judge {
            return html;
        }
        let flagged = check::untranslated_sentences(markdown, &self.english_keys, self.locale);
        if flagged.is_empty() {
            return html;
        }
        let mut all_marked = true;
        for s in &flagged {
            let text = escape(&s.shown);
            match html.find(&text) {
                Some(i) if !s.shown.contains('`') => {
                    html.replace_range(
                        i..i + text.len(),
                        &format!(
                            "<mark class=\"untranslated\" title=\"untranslated\">{text}</mark>"
                        ),
                    );
                }
                _ => all_marked = false,
            }
        }
        if all_marked {
            html
        } else {
            format!("<div class=\"flagged\" title=\"untranslated text\">{html}</div>")
        }
    }

    fn prose_pair(&self, out: &mut String, en: Option<&Prose>, tr: Option<&Prose>) {
        let (en, tr) = (
            en.map_or("", |p| p.markdown.as_str()),
            tr.map_or("", |p| p.markdown.as_str()),
        );
        let (eb, tb) = (top_blocks(en), top_blocks(tr));
        for i in 0..eb.len().max(tb.len()) {
            let left = eb
                .get(i)
                .map_or(String::new(), |r| self.html(&en[r.clone()]));
            let right = tb
                .get(i)
                .map_or(String::new(), |r| self.marked(&tr[r.clone()]));
            let _ = write!(
                out,
                "<div class=\"pair\"><div lang=\"en\">{left}</div><div lang=\"{}\">{right}</div></div>",
                escape(self.locale)
            );
        }
    }
}

fn diff(en: &str, tr: &str) -> String {
    let mut out = String::from("<pre class=\"diff\">");
    for change in TextDiff::from_lines(en, tr).iter_all_changes() {
        let (class, sign) = match change.tag() {
            ChangeTag::Delete => ("del", "-"),
            ChangeTag::Insert => ("add", "+"),
            ChangeTag::Equal => ("", " "),
        };
        let line = change.value().trim_end_matches('\n');
        let _ = writeln!(
            out,
            "<span class=\"{class}\">{sign} {}</span>",
            escape(line)
        );
    }
    out.push_str("</pre>");
    out
}

fn code(text: &str) -> String {
    format!("<pre><code>{}</code></pre>", escape(text))
}

fn files_pair(out: &mut String, what: &str, en: &[ChallengeFile], tr: &[ChallengeFile]) {
    for i in 0..en.len().max(tr.len()) {
        let (e, t) = (en.get(i), tr.get(i));
        let name = e
            .or(t)
            .map(|f| format!("{}.{}", f.name, f.ext))
            .unwrap_or_default();
        let _ = write!(out, "<h3>{} {}</h3>", escape(what), escape(&name));
        match (e, t) {
            (Some(e), Some(t)) if e.contents == t.contents => {
                let _ = write!(out, "<p>Same as English.</p>");
            }
            (Some(e), Some(t)) => {
                let _ = write!(
                    out,
                    "<p>Differs from English (comments may be translated; anything else may not):</p>{}",
                    diff(&e.contents, &t.contents)
                );
            }
            (Some(e), None) => {
                let _ = write!(
                    out,
                    "<p>Missing in the translation:</p>{}",
                    code(&e.contents)
                );
            }
            (None, Some(t)) => {
                let _ = write!(out, "<p>Not in English:</p>{}", code(&t.contents));
            }
            (None, None) => {}
        }
    }
}

/// `/__preview/<locale>/<block>/<id>/`: one lesson side by side. A lesson is (block, id):
/// the same id is in two blocks on purpose in the real curriculum.
pub fn lesson(live: &Live, locale: &str, block_name: &str, id: &str) -> Option<String> {
    let c = live.curriculum.as_deref()?;
    let locale = locale_code(c, locale)?;
    let (b, block) = c
        .blocks
        .iter()
        .enumerate()
        .find(|(_, b)| b.meta.dashed_name == block_name)?;
    let l = block.lessons.iter().position(|l| l.id == id)?;
    let lesson = &block.lessons[l];
    let en = lesson.english.as_ref()?;
    let opts = options(&locale);
    let keep = check::keeps_language(
        &opts,
        &block.meta.dashed_name,
        block.meta.superblock.as_deref(),
    );
    let next = match live.checker.get(&locale) {
        Some(statuses) => {
            let n = statuses.rows.len();
            let here = statuses.keys.iter().position(|k| *k == (b, l)).unwrap_or(0);
            let found = (1..n)
                .filter_map(|k| statuses.rows.get((here + k) % n)?.get())
                .find(|r| r.status != Status::Done);
            match found {
                Some(r) => format!(
                    "<a href=\"{}\">Next lesson with problems: {} →</a>",
                    href(&locale, &r.block, &r.id),
                    escape(&r.title)
                ),
                None if statuses.complete() => "No other lesson has problems.".into(),
                None => "The other lessons are still being checked.".into(),
            }
        }
        None => String::new(),
    };

    let mut body = format!(
        "<header><p><a href=\"/__preview/{0}/\">All lessons ({0})</a> · {next}</p>",
        escape(&locale)
    );
    let Some(tr) = lesson.translations.get(&locale) else {
        let _ = write!(
            body,
            "<h1>{}</h1><p>Not translated yet: there is no {} file for this lesson.</p></header>",
            escape(en.title()),
            escape(&locale)
        );
        return Some(page(en.title(), &body));
    };
    let _ = write!(
        body,
        "<div class=\"pair\"><div><span class=\"lang\">en</span><h1 lang=\"en\">{}</h1><code>{}</code></div><div><span class=\"lang\">{}</span><h1 lang=\"{2}\">{}</h1><code>{}</code></div></div>",
        escape(en.title()),
        escape(&en.source.path.display().to_string()),
        escape(&locale),
        escape(tr.title()),
        escape(&tr.source.path.display().to_string()),
    );
    let findings = check::pair(en, tr, &opts, keep);
    if findings.is_empty() {
        body.push_str("<p>No problem found.</p>");
    } else {
        body.push_str("<ul class=\"findings\">");
        for d in &findings {
            let _ = write!(
                body,
                "<li><strong>{}</strong> line {}: {}</li>",
                d.severity,
                d.line,
                escape(&d.message)
            );
        }
        body.push_str("</ul>");
    }
    body.push_str("</header><main>");

    let view = Lesson {
        live,
        locale: &locale,
        english_keys: check::english_keys(en),
        judge: !keep,
    };
    let prose: [(&str, Option<&Prose>, Option<&Prose>); 5] = [
        (
            "Description",
            en.description.as_ref(),
            tr.description.as_ref(),
        ),
        (
            "Instructions",
            en.instructions.as_ref(),
            tr.instructions.as_ref(),
        ),
        ("Notes", en.notes.as_ref(), tr.notes.as_ref()),
        (
            "Explanation",
            en.explanation.as_ref(),
            tr.explanation.as_ref(),
        ),
        (
            "Transcript",
            en.transcript_section.as_ref(),
            tr.transcript_section.as_ref(),
        ),
    ];
    for (name, e, t) in prose {
        if e.is_some() || t.is_some() {
            let _ = write!(body, "<h2>{name}</h2>");
            view.prose_pair(&mut body, e, t);
        }
    }
    for i in 0..en.interactive.len().max(tr.interactive.len()) {
        body.push_str("<h2>Interactive</h2>");
        let as_prose = |c: &Challenge| {
            c.interactive.get(i).map(|x| Prose {
                markdown: x.markdown.clone(),
                line: x.line,
            })
        };
        view.prose_pair(&mut body, as_prose(en).as_ref(), as_prose(tr).as_ref());
    }
    if !en.tests.is_empty() || !tr.tests.is_empty() {
        body.push_str("<h2>Hints</h2>");
        for i in 0..en.tests.len().max(tr.tests.len()) {
            let (e, t) = (en.tests.get(i), tr.tests.get(i));
            let left = e.map_or(String::new(), |h| {
                format!("<p><strong>{}.</strong></p>{}", i + 1, view.html(&h.text))
            });
            let right = t.map_or(String::new(), |h| {
                format!("<p><strong>{}.</strong></p>{}", i + 1, view.marked(&h.text))
            });
            let _ = write!(
                body,
                "<div class=\"pair\"><div lang=\"en\">{left}</div><div lang=\"{}\">{right}</div></div>",
                escape(&locale)
            );
            match (e, t) {
                (Some(e), Some(t)) if e.test_string != t.test_string => {
                    let _ = write!(
                        body,
                        "<p>The test code differs from English:</p>{}",
                        diff(&e.test_string, &t.test_string)
                    );
                }
                (Some(e), _) => body.push_str(&code(&e.test_string)),
                (None, Some(t)) => {
                    let _ = write!(
                        body,
                        "<p>This hint is not in English:</p>{}",
                        code(&t.test_string)
                    );
                }
                (None, None) => {}
            }
        }
    }
    for (i, q) in en.questions.iter().enumerate() {
        let _ = write!(body, "<h2>Question {}</h2>", i + 1);
        let t = tr.questions.get(i);
        let _ = write!(
            body,
            "<div class=\"pair\"><div lang=\"en\">{}</div><div lang=\"{}\">{}</div></div>",
            view.html(&q.text),
            escape(&locale),
            t.map_or(String::new(), |t| view.marked(&t.text))
        );
        for (j, a) in q.answers.iter().enumerate() {
            let ta = t.and_then(|t| t.answers.get(j));
            let _ = write!(
                body,
                "<div class=\"pair\"><div lang=\"en\">{}{}</div><div lang=\"{}\">{}{}</div></div>",
                view.html(&a.answer),
                a.feedback
                    .as_deref()
                    .map_or(String::new(), |f| view.html(f)),
                escape(&locale),
                ta.map_or(String::new(), |a| view.marked(&a.answer)),
                ta.and_then(|a| a.feedback.as_deref())
                    .map_or(String::new(), |f| view.marked(f)),
            );
        }
    }
    if !en.challenge_files.is_empty() || !tr.challenge_files.is_empty() {
        body.push_str("<h2>Seed</h2>");
        files_pair(&mut body, "Seed", &en.challenge_files, &tr.challenge_files);
    }
    for i in 0..en.solutions.len().max(tr.solutions.len()) {
        let _ = write!(body, "<h2>Solution {}</h2>", i + 1);
        let none: &[ChallengeFile] = &[];
        files_pair(
            &mut body,
            "Solution",
            en.solutions.get(i).map_or(none, Vec::as_slice),
            tr.solutions.get(i).map_or(none, Vec::as_slice),
        );
    }
    body.push_str("</main>");
    Some(page(tr.title(), &body))
}
