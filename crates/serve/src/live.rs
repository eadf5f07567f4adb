//! The site as the dev server holds it: the curriculum, a renderer that renders any page on
//! request (and keeps what it rendered until the next rebuild), and the problems of the last
//! load, placed on the pages they belong to.
//!
//! Nothing is rendered ahead: the real curriculum has ~28,000 pages (over a gigabyte of
//! highlighted HTML), and a page is rendered in milliseconds when it is first asked for. A
//! changed lesson is parsed alone and put in place; anything else (the structure, intro texts,
//! templates, settings) loads the whole content again.

use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::mpsc as std_mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use super::checker::Checker;
use crate::challenge::{self, Challenge};
use crate::check;
use crate::codes::Code;
use crate::curriculum::{self, Curriculum};
use crate::diagnostic::{Diagnostic, Pos};
use crate::render::Config;
use crate::render::highlight::Highlighter;
use crate::render::i18n::Titles;
use crate::render::site::{Page, PageKind, Site, slug};

/// A rendered page or file.
pub type Bytes = Arc<[u8]>;

/// What the server shows: one immutable state of the site. A rebuild makes the next one from
/// it and swaps it in (see [`super::Shared`]); readers keep the one they took.
pub struct Live {
    pub config: Config,
    highlighter: Arc<Highlighter>,
    pub curriculum: Option<Arc<Curriculum>>,
    /// Superblock and block titles of every language (`intro.json`).
    pub titles: Arc<Titles>,
    renderer: Option<Arc<Renderer>>,
    pub site: Arc<SiteMap>,
    pub problems: Arc<Problems>,
    /// Bumped by every rebuild; sent to open pages so they reload.
    pub generation: u64,
    /// The translator preview's statuses, checked in the background.
    pub checker: Arc<Checker>,
    /// Blocks whose text stays in the language they teach (built once per settings).
    pub keep: Arc<[String]>,
}

/// What a rebuild did, for the log line and for tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuilt {
    pub pages: usize,
    pub errors: usize,
    pub full: bool,
    /// For a single lesson, its file.
    pub file: Option<PathBuf>,
    pub took: Duration,
}

/// The site's addresses, and the files rendered once per rebuild.
#[derive(Default)]
pub struct SiteMap {
    /// Every page, by path relative to the site root (`uk/learn/…/index.html`).
    pub pages: HashMap<String, Page>,
    /// Stylesheets, scripts and the sitemap.
    files: HashMap<String, Bytes>,
    /// `404.html` and each locale's `<locale>/404.html`, rendered with the rest of the files.
    not_found: HashMap<String, Bytes>,
    /// Pages rendered so far, shared with the renderer; a rebuild starts a new one.
    cache: Arc<Mutex<HashMap<String, Bytes>>>,
    /// Locale codes in the site's order.
    pub locales: Vec<String>,
    /// (locale, block, lesson) → page path.
    pub lesson_pages: HashMap<(usize, usize, usize), String>,
    /// (locale, block) → page path.
    block_pages: HashMap<(usize, usize), String>,
}

impl SiteMap {
    /// A file or a page already rendered.
    pub fn ready(&self, path: &str) -> Option<Bytes> {
        if let Some(b) = self.files.get(path).or_else(|| self.not_found.get(path)) {
            return Some(b.clone());
        }
        self.cache.lock().ok()?.get(path).cloned()
    }

    /// The 404 page for `path`: its locale's when it is under a locale's folder, else the
    /// root one.
    pub fn not_found_for(&self, path: &str) -> Option<(&str, Bytes)> {
        let locale = path.split('/').next().unwrap_or("");
        let own = format!("{locale}/404.html");
        self.not_found
            .get_key_value(own.as_str())
            .or_else(|| self.not_found.get_key_value("404.html"))
            .map(|(k, v)| (k.as_str(), v.clone()))
    }

    /// Whether `path` (no trailing slash) is a folder of the site: `en` for `en/index.html`.
    pub fn is_dir(&self, path: &str) -> bool {
        !path.is_empty() && self.pages.contains_key(&format!("{path}/index.html"))
    }
}

/// The problems of the last rebuild, and where they show.
#[derive(Default, Clone)]
pub struct Problems {
    /// Every finding of the content: errors, warnings and notes, in the loader's order.
    pub all: Vec<Diagnostic>,
    /// When not empty the site cannot be shown at all (the content root cannot be read, or a
    /// template fails): every page shows these until they are fixed.
    pub fatal: Vec<Diagnostic>,
    /// Page path → indices (into `all`) of the errors that page shows instead of itself.
    pub by_page: HashMap<String, Vec<usize>>,
    /// Index (into `all`) of an error → the page it shows on, for the problems index.
    pub page_of: HashMap<usize, String>,
}

impl Problems {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.fatal
            .iter()
            .chain(self.all.iter().filter(|d| d.is_error()))
    }

    pub fn error_count(&self) -> usize {
        self.fatal.len() + self.all.iter().filter(|d| d.is_error()).count()
    }
}

/// A page being asked for.
pub enum Lookup {
    Ready(Bytes),
    /// Being rendered: the page, or why it could not be rendered.
    Pending(oneshot::Receiver<Result<Bytes, String>>),
}

impl Live {
    /// Nothing loaded yet.
    pub fn new(config: Config) -> Live {
        let highlighter = Arc::new(Highlighter::new(None, config.highlight));
        let keep = check::keep_list(&config.keep_language).into();
        Live {
            config,
            highlighter,
            curriculum: None,
            titles: Arc::default(),
            renderer: None,
            site: Arc::default(),
            problems: Arc::default(),
            generation: 0,
            checker: Arc::default(),
            keep,
        }
    }

    /// The next state: everything shared with this one, one generation later.
    fn next(&self) -> Live {
        Live {
            config: self.config.clone(),
            highlighter: self.highlighter.clone(),
            curriculum: self.curriculum.clone(),
            titles: self.titles.clone(),
            renderer: self.renderer.clone(),
            site: self.site.clone(),
            problems: self.problems.clone(),
            generation: self.generation + 1,
            checker: self.checker.clone(),
            keep: self.keep.clone(),
        }
    }

    /// Markdown as the site renders it (highlighted code included).
    pub fn markdown_html(&self, markdown: &str) -> String {
        crate::render::markdown::to_html(markdown, &self.highlighter)
    }

    /// A highlighted code block, as the site's pages show code.
    pub fn code_html(&self, lang: &str, code: &str) -> String {
        crate::render::markdown::code_block(lang, code, &self.highlighter)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.problems.errors()
    }

    /// A page of the site: rendered already, or sent to the renderer. `None`: no such page.
    pub fn page(&self, path: &str) -> Option<Lookup> {
        if let Some(bytes) = self.site.ready(path) {
            return Some(Lookup::Ready(bytes));
        }
        let page = self.site.pages.get(path)?;
        let renderer = self.renderer.as_ref()?;
        Some(Lookup::Pending(renderer.ask(page.clone())))
    }

    /// Loads the content and gets its pages ready to render (nothing is served from it yet).
    pub fn prepare(config: &Config, highlighter: &Arc<Highlighter>) -> Prepared {
        let started = Instant::now();
        let mut diags = Vec::new();
        let curriculum = match curriculum::load(&config.content, &mut diags) {
            Ok(c) => Arc::new(c),
            Err(message) => {
                let d =
                    Diagnostic::new(Code::ContentRoot, &config.content, &Pos::default(), message);
                return Prepared::Failed(d, started);
            }
        };
        let titles = Arc::new(Titles::load(&curriculum).0);
        let cache = Arc::default();
        let started_renderer = Renderer::start(
            curriculum.clone(),
            config.clone(),
            highlighter.clone(),
            cache,
            true,
        );
        match started_renderer {
            Ok((renderer, site)) => {
                let mut problems = Problems {
                    all: diags,
                    ..Problems::default()
                };
                place(&curriculum, &site, &mut problems);
                Prepared::Ready(Box::new(Ready {
                    curriculum,
                    titles,
                    renderer,
                    site,
                    problems,
                    started,
                }))
            }
            Err(e) => Prepared::Failed(template_problem(config, &e), started),
        }
    }

    /// The next state with a prepared site (loaded with `config`) in place.
    pub fn install(&self, config: Config, prepared: Prepared) -> (Live, Rebuilt) {
        let mut next = self.next();
        next.keep = check::keep_list(&config.keep_language).into();
        next.config = config;
        let (failed, started) = match prepared {
            Prepared::Ready(ready) => {
                let Ready {
                    curriculum,
                    titles,
                    renderer,
                    site,
                    problems,
                    started,
                } = *ready;
                self.checker.stop();
                next.checker = Arc::new(Checker::fresh(&curriculum, &next.keep));
                next.curriculum = Some(curriculum);
                next.titles = titles;
                // The old renderer finishes what it was asked, then stops.
                next.renderer = Some(Arc::new(renderer));
                next.site = Arc::new(site);
                next.problems = Arc::new(problems);
                let rebuilt = next.outcome(true, None, started);
                return (next, rebuilt);
            }
            Prepared::Failed(d, started) => (d, started),
        };
        // The last good site stays in memory (its stylesheets are still served); its pages
        // show the problem until it is fixed.
        if failed.code == Code::Template {
            next.renderer = None;
            next.site = Arc::default();
        }
        let mut problems = (*self.problems).clone();
        problems.fatal = vec![failed];
        next.problems = Arc::new(problems);
        let rebuilt = next.outcome(true, None, started);
        (next, rebuilt)
    }

    /// Loads the content and renders… nothing yet: every page is ready to be rendered.
    pub fn rebuild_all(&self) -> (Live, Rebuilt) {
        let prepared = Live::prepare(&self.config, &self.highlighter);
        self.install(self.config.clone(), prepared)
    }

    /// The settings and highlighter a full rebuild needs.
    pub fn inputs(&self) -> (Config, Arc<Highlighter>) {
        (self.config.clone(), self.highlighter.clone())
    }

    /// A lesson file changed: the next state with it parsed alone and put in place. Anything
    /// this cannot handle alone (a new file, a changed id or dashedName, no site yet) falls
    /// back to a full rebuild. The curriculum is copied, not changed: readers of this state
    /// keep theirs.
    pub fn rebuild_file(&self, path: &Path) -> (Live, Rebuilt) {
        let started = Instant::now();
        if !self.problems.fatal.is_empty() {
            return self.rebuild_all();
        }
        let Some(curriculum) = self.curriculum.clone() else {
            return self.rebuild_all();
        };
        let Some(slot) = find(&curriculum, path) else {
            return self.rebuild_all();
        };
        let parsed = challenge::parse_file(&slot.source);
        super::test_delay(&self.config.content);
        let mut next = self.next();
        match parsed.challenge {
            Some(new) => {
                if new.id() != slot.id || new.dashed_name() != slot.dashed_name {
                    return self.rebuild_all();
                }
                // The old checker stops first, not to compete with the copy for the cores
                // (what it checked is carried over).
                self.checker.stop();
                let Some(c) = replaced(curriculum, &slot, new) else {
                    return self.rebuild_all();
                };
                next.curriculum = Some(c.clone());
                let cache = Arc::default();
                match Renderer::start(
                    c,
                    self.config.clone(),
                    self.highlighter.clone(),
                    cache,
                    false,
                ) {
                    Ok((renderer, site)) => {
                        next.renderer = Some(Arc::new(renderer));
                        next.site = Arc::new(site);
                    }
                    Err(e) => {
                        let mut problems = (*self.problems).clone();
                        problems.fatal = vec![template_problem(&self.config, &e)];
                        next.problems = Arc::new(problems);
                        next.renderer = None;
                        next.site = Arc::default();
                        let rebuilt = next.outcome(false, Some(slot.source), started);
                        return (next, rebuilt);
                    }
                }
            }
            // The front matter cannot be read: the last good version stays in place and its
            // pages show the problem.
            None => {
                if let Ok(mut cache) = self.site.cache.lock() {
                    cache.clear();
                }
            }
        }
        // This file's own findings are replaced; those about its place in the curriculum stay
        // (its id and dashedName are unchanged).
        let mut all = self.problems.all.clone();
        all.retain(|d| d.path != slot.source || from_linking(d.code));
        all.extend(parsed.diagnostics);
        let mut problems = Problems {
            all,
            ..Problems::default()
        };
        if let Some(c) = &next.curriculum {
            place(c, &next.site, &mut problems);
            next.checker = Arc::new(self.checker.carried(c, &next.keep, slot.block, slot.lesson));
        }
        next.problems = Arc::new(problems);
        let rebuilt = next.outcome(false, Some(slot.source), started);
        (next, rebuilt)
    }

    fn outcome(&self, full: bool, file: Option<PathBuf>, started: Instant) -> Rebuilt {
        Rebuilt {
            pages: self.site.pages.len(),
            errors: self.problems.error_count(),
            full,
            file,
            took: started.elapsed(),
        }
    }
}

/// A full rebuild, prepared while the current state is served.
pub enum Prepared {
    Ready(Box<Ready>),
    /// The content root cannot be read, or a template fails.
    Failed(Diagnostic, Instant),
}

pub struct Ready {
    curriculum: Arc<Curriculum>,
    titles: Arc<Titles>,
    renderer: Renderer,
    site: SiteMap,
    problems: Problems,
    started: Instant,
}

/// A copy of `c` with the file at `slot` replaced by `new` (`None`: that file is not there).
/// The copy is the price of never making a reader wait; it shares every other challenge
/// (`Lesson` holds them in `Arc`s), so it costs milliseconds, not the quarter second a deep copy
/// of the real curriculum took.
fn replaced(c: Arc<Curriculum>, slot: &Slot, new: Challenge) -> Option<Arc<Curriculum>> {
    let mut c = Arc::unwrap_or_clone(c);
    let lesson = &mut c.blocks[slot.block].lessons[slot.lesson];
    let old = match &slot.lang {
        None => lesson.english.as_mut(),
        Some(code) => lesson.translations.get_mut(code),
    }?;
    *old = Arc::new(new);
    Some(Arc::new(c))
}

/// Findings about a file's place in the curriculum rather than its text.
fn from_linking(code: Code) -> bool {
    matches!(
        code,
        Code::DuplicateId
            | Code::DuplicateDashedName
            | Code::MissingLesson
            | Code::NotInStructure
            | Code::BlockNotInSuperblock
            | Code::BlockNotInEnglish
            | Code::Structure
    )
}

/// Where a challenge file sits in the curriculum.
struct Slot {
    block: usize,
    lesson: usize,
    /// `None` for English, else the translation's code.
    lang: Option<String>,
    /// The path the curriculum knows the file by.
    source: PathBuf,
    id: String,
    dashed_name: String,
}

/// The placed challenge read from `path`. Paths are compared as given first (the watcher
/// reports them under the watched folder); only files of the same name are canonicalized.
fn find(c: &Curriculum, path: &Path) -> Option<Slot> {
    let all = || {
        c.blocks.iter().enumerate().flat_map(|(b, block)| {
            block
                .lessons
                .iter()
                .enumerate()
                .flat_map(move |(l, lesson)| {
                    lesson
                        .english
                        .iter()
                        .map(move |e| (b, l, None, &**e))
                        .chain(
                            lesson
                                .translations
                                .iter()
                                .map(move |(code, t)| (b, l, Some(code.clone()), &**t)),
                        )
                })
        })
    };
    let slot = |(block, lesson, lang, ch): (usize, usize, Option<String>, &Challenge)| Slot {
        block,
        lesson,
        lang,
        source: ch.source.path.clone(),
        id: ch.id().to_string(),
        dashed_name: ch.dashed_name().to_string(),
    };
    if let Some(found) = all().find(|x| x.3.source.path == path) {
        return Some(slot(found));
    }
    let canonical = path.canonicalize().ok()?;
    let name = path.file_name()?;
    all()
        .find(|x| {
            x.3.source.path.file_name() == Some(name)
                && x.3.source.path.canonicalize().is_ok_and(|p| p == canonical)
        })
        .map(slot)
}

fn template_problem(config: &Config, e: &anyhow::Error) -> Diagnostic {
    let path: PathBuf = config
        .templates
        .clone()
        .unwrap_or_else(|| "templates".into());
    Diagnostic::new(Code::Template, &path, &Pos::default(), format!("{e:#}"))
}

/// Places every error on the page(s) it belongs to: a lesson file's error on that lesson's page
/// in its language (an English file's also where a language shows English for want of a
/// translation), a block structure file's on the block's pages. A file whose front matter
/// cannot be read is found by the id and dashedName written in it; an English lesson without a
/// page gets its error at the address the page would have.
fn place(c: &Curriculum, site: &SiteMap, problems: &mut Problems) {
    let mut by_path: HashMap<&Path, Vec<usize>> = HashMap::new();
    for (i, d) in problems.all.iter().enumerate() {
        // A lesson the structure lists without a file has no page, and its block page shows
        // the rest of the block: such an error is on the problems index only.
        if d.is_error() && d.code != Code::MissingLesson {
            by_path.entry(d.path.as_path()).or_default().push(i);
        }
    }
    if by_path.is_empty() {
        return;
    }
    let locale = |code: &str| site.locales.iter().position(|l| l == code);
    let mut shown: Vec<(Vec<usize>, String)> = Vec::new();
    let mut placed: HashSet<&Path> = HashSet::new();
    for (b, block) in c.blocks.iter().enumerate() {
        if let Some(errors) = by_path.get(block.meta.path.as_path()) {
            placed.insert(block.meta.path.as_path());
            for loc in 0..site.locales.len() {
                if let Some(page) = site.block_pages.get(&(loc, b)) {
                    shown.push((errors.clone(), page.clone()));
                }
            }
        }
        for (l, lesson) in block.lessons.iter().enumerate() {
            if let Some(e) = &lesson.english
                && let Some(errors) = by_path.get(e.source.path.as_path())
            {
                placed.insert(e.source.path.as_path());
                // English, and every language that shows English here.
                for (loc, code) in site.locales.iter().enumerate() {
                    if (code == "en" || !lesson.translations.contains_key(code))
                        && let Some(page) = site.lesson_pages.get(&(loc, b, l))
                    {
                        shown.push((errors.clone(), page.clone()));
                    }
                }
            }
            for (code, t) in &lesson.translations {
                if let Some(errors) = by_path.get(t.source.path.as_path()) {
                    placed.insert(t.source.path.as_path());
                    if let Some(page) =
                        locale(code).and_then(|loc| site.lesson_pages.get(&(loc, b, l)))
                    {
                        shown.push((errors.clone(), page.clone()));
                    }
                }
            }
        }
    }
    // Files the curriculum does not hold: those whose front matter cannot be read.
    let blocks: HashMap<&str, usize> = c
        .blocks
        .iter()
        .enumerate()
        .map(|(i, b)| (b.meta.dashed_name.as_str(), i))
        .collect();
    for (path, errors) in &by_path {
        if placed.contains(path) || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Some(language) = c.languages.iter().find(|l| path.starts_with(&l.dir)) else {
            continue;
        };
        let Some(&b) = path
            .parent()
            .and_then(Path::file_name)
            .and_then(|n| blocks.get(n.to_string_lossy().as_ref()))
        else {
            continue;
        };
        let (id, dashed_name) = written_front(path);
        let Some(id) = id else { continue };
        let Some(l) = c.blocks[b].lessons.iter().position(|x| x.id == id) else {
            continue;
        };
        let Some(loc) = locale(&language.code) else {
            continue;
        };
        let page = match site.lesson_pages.get(&(loc, b, l)) {
            Some(page) => page.clone(),
            // No page (English is missing): where it would be.
            None => {
                let Some(block_page) = site.block_pages.get(&(loc, b)) else {
                    continue;
                };
                let dir = block_page.strip_suffix("index.html").unwrap_or(block_page);
                let name = slug(dashed_name.as_deref().unwrap_or(&id), &id);
                let page = format!("{dir}{name}/index.html");
                if site.pages.contains_key(&page) {
                    continue;
                }
                page
            }
        };
        shown.push((errors.clone(), page));
    }
    for (errors, page) in shown {
        for &i in &errors {
            problems.page_of.entry(i).or_insert_with(|| page.clone());
        }
        let list = problems.by_page.entry(page).or_default();
        list.extend(errors);
        list.sort_unstable();
        list.dedup();
    }
}

/// The `id` and `dashedName` a file's front matter says, read line by line (for a file whose
/// front matter the parser could not read as a whole).
fn written_front(path: &Path) -> (Option<String>, Option<String>) {
    let Ok(bytes) = std::fs::read(path) else {
        return (None, None);
    };
    let text = String::from_utf8_lossy(&bytes);
    let value = |line: &str, key: &str| {
        let v = line.strip_prefix(key)?.strip_prefix(':')?.trim();
        let v = v.trim_matches(|c| c == '"' || c == '\'').trim();
        (!v.is_empty()).then(|| v.to_string())
    };
    let (mut id, mut dashed) = (None, None);
    for line in text.lines().take(40) {
        id = id.or_else(|| value(line, "id"));
        dashed = dashed.or_else(|| value(line, "dashedName"));
    }
    (id, dashed)
}

/// Renders pages on request, on threads of its own that hold the site (which borrows the
/// curriculum); stops when dropped, after the pages it was asked for.
struct Renderer {
    jobs: Option<std_mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

struct Job {
    page: Page,
    reply: oneshot::Sender<Result<Bytes, String>>,
}

impl Renderer {
    /// Starts rendering `c`: returns once the site's addresses are known, the stylesheets,
    /// scripts and 404 page rendered and, with `probe`, one page of each kind rendered in
    /// every locale, so that a failing template shows at once.
    fn start(
        c: Arc<Curriculum>,
        config: Config,
        hl: Arc<Highlighter>,
        cache: Arc<Mutex<HashMap<String, Bytes>>>,
        probe: bool,
    ) -> anyhow::Result<(Renderer, SiteMap)> {
        let (jobs, rx) = std_mpsc::channel::<Job>();
        let (ready_tx, ready_rx) = std_mpsc::channel::<anyhow::Result<SiteMap>>();
        let thread = std::thread::Builder::new()
            .name("lessons-render".into())
            .spawn(move || {
                let site = match Site::new(&c, &config, &hl) {
                    Ok(site) => site,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                let map = site_map(&site, &cache, probe);
                let failed = map.is_err();
                let _ = ready_tx.send(map);
                drop(ready_tx);
                if failed {
                    return;
                }
                let rx = Mutex::new(rx);
                let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
                std::thread::scope(|s| {
                    for _ in 0..workers {
                        s.spawn(|| {
                            loop {
                                let job = {
                                    let Ok(rx) = rx.lock() else { return };
                                    rx.recv()
                                };
                                let Ok(job) = job else { return };
                                let result = render(&site, &job.page);
                                if let Ok(bytes) = &result
                                    && let Ok(mut cache) = cache.lock()
                                {
                                    cache.insert(job.page.path.clone(), bytes.clone());
                                }
                                let _ = job.reply.send(result);
                            }
                        });
                    }
                });
            })?;
        let mut renderer = Renderer {
            jobs: Some(jobs),
            thread: Some(thread),
        };
        match ready_rx.recv() {
            Ok(Ok(map)) => Ok((renderer, map)),
            Ok(Err(e)) => {
                renderer.stop();
                Err(e)
            }
            Err(_) => {
                renderer.stop();
                Err(anyhow::anyhow!("rendering stopped unexpectedly"))
            }
        }
    }

    fn ask(&self, page: Page) -> oneshot::Receiver<Result<Bytes, String>> {
        let (reply, rx) = oneshot::channel();
        if let Some(jobs) = &self.jobs {
            // Refused only once the renderer has stopped: the receiver then reports it.
            let _ = jobs.send(Job { page, reply });
        }
        rx
    }

    fn stop(&mut self) {
        self.jobs.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Renderer {
    /// Not joined: the last reader of a replaced site may drop it on an async thread, and its
    /// threads end by themselves once they have rendered what they were asked.
    fn drop(&mut self) {
        self.jobs.take();
    }
}

fn render(site: &Site<'_>, page: &Page) -> Result<Bytes, String> {
    // A page must never take the server down, whatever the content.
    match catch_unwind(AssertUnwindSafe(|| site.render(page))) {
        Ok(Ok(r)) => Ok(Arc::from(r.bytes)),
        Ok(Err(e)) => Err(format!("{e:#}")),
        Err(_) => Err(format!("rendering {} panicked", page.path)),
    }
}

/// The addresses of `site` and the files rendered once per rebuild.
fn site_map(
    site: &Site<'_>,
    cache: &Arc<Mutex<HashMap<String, Bytes>>>,
    probe: bool,
) -> anyhow::Result<SiteMap> {
    let mut map = SiteMap {
        cache: cache.clone(),
        locales: site.locales().to_vec(),
        ..SiteMap::default()
    };
    for page in site.pages() {
        match page.kind {
            PageKind::Lesson {
                locale,
                block,
                lesson,
            } => {
                map.lesson_pages
                    .insert((locale, block, lesson), page.path.clone());
            }
            PageKind::Block { locale, block } => {
                map.block_pages.insert((locale, block), page.path.clone());
            }
            _ => {}
        }
        map.pages.insert(page.path.clone(), page.clone());
    }
    for r in site.assets().into_iter().chain([site.sitemap()]) {
        map.files.insert(r.path, Arc::from(r.bytes));
    }
    let mut first = Vec::new();
    let mut seen = HashSet::new();
    for page in site.pages() {
        let kind = match page.kind {
            PageKind::Root => (0, 0),
            PageKind::NotFound => (1, 0),
            PageKind::LocaleNotFound { locale } => (1, locale + 1),
            PageKind::Home { locale } => (2, locale),
            PageKind::SuperBlock { locale, .. } => (3, locale),
            PageKind::Block { locale, .. } => (4, locale),
            PageKind::Lesson { locale, .. } => (5, locale),
        };
        if (probe || kind.0 == 1) && seen.insert(kind) {
            first.push(page);
        }
    }
    for page in first {
        let r = site.render(page)?;
        let bytes: Bytes = Arc::from(r.bytes);
        if matches!(
            page.kind,
            PageKind::NotFound | PageKind::LocaleNotFound { .. }
        ) {
            map.not_found.insert(r.path, bytes);
        } else if let Ok(mut cache) = cache.lock() {
            cache.insert(r.path, bytes);
        }
    }
    Ok(map)
}
