//! Translator preview: for each lesson, English and the translation side by side, section by
//! section and paragraph by paragraph, with the checker's findings marked inline (untranslated
//! sentences highlighted, code that differs from English shown as a diff); and a per-locale
//! index of lessons by translation status, so a translator can go from one problem to the next.
//!
//! This module gathers what the pages show; `templates/preview.html` and
//! `templates/preview-index.html` lay it out, in the preview locale's language.

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use pulldown_cmark::{Options, Parser};
use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use super::checker::{self, Row, Status};
use super::live::Live;
use super::pages::View;
use crate::challenge::{Challenge, ChallengeFile, Prose, section_kind};
use crate::check;
use crate::curriculum::{Curriculum, root};
use crate::diagnostic::Diagnostic;
use crate::render::html::mark_untranslated;
use crate::render::i18n::Ui;

/// A preview lesson's address.
fn href(locale: &str, block: &str, id: &str) -> String {
    format!("/__preview/{locale}/{block}/{id}/")
}

/// The code of a translation locale of `c`, from a code or a folder name.
fn locale_code(c: &Curriculum, locale: &str) -> Option<String> {
    let code = root::code_of(root::folder_of(locale).unwrap_or(locale))?;
    c.languages
        .iter()
        .any(|l| l.code == code && code != "en")
        .then(|| code.to_string())
}

/// A block's title in `locale` (else English, else its name).
fn block_title(live: &Live, locale: &str, b: usize) -> String {
    let Some(block) = live.curriculum.as_deref().and_then(|c| c.blocks.get(b)) else {
        return String::new();
    };
    let superblock = block.meta.superblock.as_deref().unwrap_or("");
    live.titles
        .block(
            locale,
            superblock,
            &block.meta.dashed_name,
            &block.meta.name,
        )
        .title
}

#[derive(Serialize)]
struct LocaleLink {
    code: String,
    folder: String,
    href: String,
}

/// `/__preview/`: the locales there are to preview.
pub fn root(live: &Live) -> Option<View> {
    let c = live.curriculum.as_deref()?;
    let locales: Vec<LocaleLink> = c
        .languages
        .iter()
        .filter(|l| l.code != "en")
        .map(|l| LocaleLink {
            code: l.code.clone(),
            folder: l.folder.clone(),
            href: format!("/__preview/{}/", l.code),
        })
        .collect();
    let locale = live.config.default_locale.clone();
    Some(View {
        template: "preview-index.html",
        title: Ui::new(&locale).get("preview-title"),
        locale,
        data: serde_json::json!({ "mode": "root", "locales": locales }),
    })
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

#[derive(Serialize)]
struct IndexRow {
    block_title: String,
    title: String,
    href: String,
    status: Status,
    findings: usize,
}

#[derive(Serialize)]
struct IndexGroup {
    status: Status,
    heading: String,
    rows: Vec<IndexRow>,
}

/// `/__preview/<locale>/`: every lesson by translation status, problems first. While the
/// statuses are being checked, those checked so far, and the page refreshes by itself.
pub fn index(live: &Live, locale: &str) -> Option<View> {
    let c = live.curriculum.as_deref()?;
    let locale = locale_code(c, locale)?;
    let statuses = live.checker.get(&locale)?;
    let rows: Vec<&Row> = statuses.rows.iter().filter_map(OnceLock::get).collect();
    let total = statuses.keys.len();
    let done = rows.iter().filter(|r| r.status == Status::Done).count();
    let ui = Ui::new(&locale);
    let groups: Vec<IndexGroup> = [
        (Status::Errors, "preview-status-errors"),
        (Status::Untranslated, "preview-status-untranslated"),
        (Status::Missing, "preview-status-missing"),
        (Status::Done, "preview-status-done"),
    ]
    .into_iter()
    .map(|(status, key)| IndexGroup {
        status,
        heading: ui.get(key),
        rows: rows
            .iter()
            .filter(|r| r.status == status)
            .map(|r| index_row(live, c, &locale, r))
            .collect(),
    })
    .filter(|g| !g.rows.is_empty())
    .collect();
    Some(View {
        template: "preview-index.html",
        title: ui.get_with("preview-title-locale", &[("locale", locale.clone().into())]),
        data: serde_json::json!({
            "mode": "index",
            "checked": statuses.checked(),
            "complete": rows.len() == total,
            "total": total,
            "done": done,
            "groups": groups,
        }),
        locale,
    })
}

fn index_row(live: &Live, c: &Curriculum, locale: &str, r: &Row) -> IndexRow {
    let block = &c.blocks[r.block];
    let lesson = &block.lessons[r.lesson];
    let title = lesson
        .translations
        .get(locale)
        .map(|c| &**c)
        .or(lesson.english.as_deref())
        .map_or_else(|| lesson.id.clone(), |l| l.title().to_string());
    IndexRow {
        block_title: block_title(live, locale, r.block),
        title,
        href: href(locale, &block.meta.dashed_name, &lesson.id),
        status: r.status,
        findings: r.findings,
    }
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

#[derive(Serialize)]
struct Choice {
    title: String,
    href: String,
}

/// `/__preview/<locale>/<id>/` when several blocks have the id: which one?
pub fn choose(live: &Live, locale: &str, id: &str, blocks: &[String]) -> Option<View> {
    let c = live.curriculum.as_deref()?;
    let locale = locale_code(c, locale)?;
    let choices: Vec<Choice> = blocks
        .iter()
        .filter_map(|name| {
            let b = c.blocks.iter().position(|b| &b.meta.dashed_name == name)?;
            Some(Choice {
                title: block_title(live, &locale, b),
                href: href(&locale, name, id),
            })
        })
        .collect();
    Some(View {
        template: "preview-index.html",
        title: Ui::new(&locale).get_with("preview-choose-title", &[("id", id.to_string().into())]),
        data: serde_json::json!({ "mode": "choose", "id": id, "choices": choices }),
        locale,
    })
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

/// One line of a diff: `add`, `del` or `` (the same in both).
#[derive(Serialize)]
struct DiffLine {
    class: &'static str,
    sign: &'static str,
    text: String,
}

/// What the side-by-side part of a lesson is made of, in order. HTML fields are the site's
/// own rendering of the lesson's markdown and code.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Part {
    Heading {
        text: String,
    },
    Subheading {
        text: String,
    },
    Pair {
        en: String,
        tr: String,
        flagged: bool,
    },
    Note {
        text: String,
    },
    Code {
        html: String,
    },
    Diff {
        lines: Vec<DiffLine>,
    },
}

/// Builds the parts of one lesson page.
struct Parts<'a> {
    live: &'a Live,
    ui: Ui,
    locale: &'a str,
    english_keys: HashSet<String>,
    judge: bool,
    out: Vec<Part>,
}

impl Parts<'_> {
    fn heading(&mut self, key: &str) {
        let text = self.ui.get(key);
        self.out.push(Part::Heading { text });
    }

    fn note(&mut self, key: &str) {
        let text = self.ui.get(key);
        self.out.push(Part::Note { text });
    }

    /// The translated markdown as HTML with its untranslated sentences marked; flagged when
    /// some could not be marked in place.
    fn marked(&self, markdown: &str) -> (String, bool) {
        let html = self.live.markdown_html(markdown);
        if !self.judge {
            return (html, false);
        }
        let flagged = check::untranslated_sentences(markdown, &self.english_keys, self.locale);
        if flagged.is_empty() {
            return (html, false);
        }
        let (html, all) = mark_untranslated(
            &html,
            flagged.iter().map(|s| s.shown.as_str()),
            &self.ui.get("preview-untranslated"),
        );
        (html, !all)
    }

    fn pair(&mut self, en: &str, tr: Option<&str>) {
        let en = if en.is_empty() {
            String::new()
        } else {
            self.live.markdown_html(en)
        };
        let (tr, flagged) = tr.map_or((String::new(), false), |t| self.marked(t));
        self.out.push(Part::Pair { en, tr, flagged });
    }

    /// Two texts paired paragraph by paragraph.
    fn prose(&mut self, en: Option<&Prose>, tr: Option<&Prose>) {
        let en = en.map_or("", |p| p.markdown.as_str());
        let tr = tr.map_or("", |p| p.markdown.as_str());
        let (eb, tb) = (top_blocks(en), top_blocks(tr));
        for i in 0..eb.len().max(tb.len()) {
            let e = eb.get(i).map_or("", |r| &en[r.clone()]);
            let t = tb.get(i).map(|r| &tr[r.clone()]);
            self.pair(e, t);
        }
    }

    fn code(&mut self, lang: &str, text: &str) {
        let html = self.live.code_html(lang, text);
        self.out.push(Part::Code { html });
    }

    fn diff(&mut self, en: &str, tr: &str) {
        let lines = TextDiff::from_lines(en, tr)
            .iter_all_changes()
            .map(|change| {
                let (class, sign) = match change.tag() {
                    ChangeTag::Delete => ("del", "-"),
                    ChangeTag::Insert => ("add", "+"),
                    ChangeTag::Equal => ("", " "),
                };
                DiffLine {
                    class,
                    sign,
                    text: change.value().trim_end_matches('\n').to_string(),
                }
            })
            .collect();
        self.out.push(Part::Diff { lines });
    }

    fn files(&mut self, en: &[ChallengeFile], tr: Option<&[ChallengeFile]>) {
        for i in 0..en.len().max(tr.map_or(0, <[_]>::len)) {
            let (e, t) = (en.get(i), tr.and_then(|t| t.get(i)));
            let Some(any) = e.or(t) else { continue };
            self.out.push(Part::Subheading {
                text: format!("{}.{}", any.name, any.ext),
            });
            match (e, t, tr.is_some()) {
                (Some(e), Some(t), _) if e.contents == t.contents => self.note("preview-file-same"),
                (Some(e), Some(t), _) => {
                    self.note("preview-file-differs");
                    self.diff(&e.contents, &t.contents);
                }
                (Some(e), None, untranslated) => {
                    if !untranslated {
                        self.note("preview-file-missing");
                    }
                    self.code(&e.ext, &e.contents);
                }
                (None, Some(t), _) => {
                    self.note("preview-file-extra");
                    self.code(&t.ext, &t.contents);
                }
                (None, None, _) => {}
            }
        }
    }

    /// Every section of the lesson; `tr` is `None` for a lesson not translated yet.
    fn lesson(&mut self, en: &Challenge, tr: Option<&Challenge>) {
        for kind in section_kind::prose() {
            let (e, t) = (kind.prose_of(en), tr.and_then(|t| kind.prose_of(t)));
            if e.is_some() || t.is_some() {
                if let Some(key) = kind.heading {
                    self.heading(key);
                }
                self.prose(e, t);
            }
        }
        let interactive = |c: &Challenge, i: usize| {
            c.interactive.get(i).map(|x| Prose {
                markdown: x.markdown.clone(),
                line: x.line,
            })
        };
        for i in 0..en
            .interactive
            .len()
            .max(tr.map_or(0, |t| t.interactive.len()))
        {
            self.heading("preview-interactive");
            let t = tr.and_then(|t| interactive(t, i));
            self.prose(interactive(en, i).as_ref(), t.as_ref());
        }
        self.hints(en, tr);
        self.questions(en, tr);
        if !en.challenge_files.is_empty() || tr.is_some_and(|t| !t.challenge_files.is_empty()) {
            self.heading("section-files");
            self.files(
                &en.challenge_files,
                tr.map(|t| t.challenge_files.as_slice()),
            );
        }
        for i in 0..en.solutions.len().max(tr.map_or(0, |t| t.solutions.len())) {
            let text = self
                .ui
                .get_with("preview-solution-n", &[("n", (i + 1).into())]);
            self.out.push(Part::Heading { text });
            let none: &[ChallengeFile] = &[];
            let e = en.solutions.get(i).map_or(none, Vec::as_slice);
            let t = tr.map(|t| t.solutions.get(i).map_or(none, Vec::as_slice));
            self.files(e, t);
        }
    }

    /// The hints: their text paired, and their test code highlighted (a diff when the
    /// translation changed it).
    fn hints(&mut self, en: &Challenge, tr: Option<&Challenge>) {
        let tr_tests = tr.map_or(&[][..], |t| t.tests.as_slice());
        if en.tests.is_empty() && tr_tests.is_empty() {
            return;
        }
        self.heading("section-tests");
        for i in 0..en.tests.len().max(tr_tests.len()) {
            let (e, t) = (en.tests.get(i), tr_tests.get(i));
            self.out.push(Part::Subheading {
                text: format!("{}.", i + 1),
            });
            self.pair(
                e.map_or("", |h| h.text.as_str()),
                t.map(|h| h.text.as_str()),
            );
            match (e, t) {
                (Some(e), Some(t)) if e.test_string != t.test_string => {
                    self.note("preview-test-differs");
                    self.diff(&e.test_string, &t.test_string);
                }
                (Some(e), _) => self.code("js", &e.test_string),
                (None, Some(t)) => {
                    self.note("preview-hint-not-in-english");
                    self.code("js", &t.test_string);
                }
                (None, None) => {}
            }
        }
    }

    fn questions(&mut self, en: &Challenge, tr: Option<&Challenge>) {
        for (i, q) in en.questions.iter().enumerate() {
            let text = self
                .ui
                .get_with("preview-question-n", &[("n", (i + 1).into())]);
            self.out.push(Part::Heading { text });
            let t = tr.and_then(|t| t.questions.get(i));
            self.pair(&q.text, t.map(|t| t.text.as_str()));
            for (j, a) in q.answers.iter().enumerate() {
                let ta = t.and_then(|t| t.answers.get(j));
                self.pair(&a.answer, ta.map(|a| a.answer.as_str()));
                if let Some(f) = &a.feedback {
                    self.pair(f, ta.and_then(|a| a.feedback.as_deref()));
                }
            }
        }
    }
}

/// A finding as the preview lists it.
#[derive(Serialize)]
struct Finding {
    severity: String,
    line: usize,
    message: String,
}

fn findings<'a>(ds: impl IntoIterator<Item = &'a Diagnostic>) -> Vec<Finding> {
    ds.into_iter()
        .map(|d| Finding {
            severity: d.severity.to_string(),
            line: d.line,
            message: d.message.clone(),
        })
        .collect()
}

/// One side's heading: the file's title and path, and what was found in it.
#[derive(Serialize)]
struct Side {
    title: String,
    path: String,
    findings: Vec<Finding>,
}

/// Where to create the translation of an untranslated lesson, and the English file to start
/// from.
#[derive(Serialize)]
struct Create {
    path: String,
    source: Option<String>,
}

/// The translation's path for an English file: the same place under the locale's folder.
fn translation_path(c: &Curriculum, english_file: &Path, locale: &str) -> Option<PathBuf> {
    let english = c.languages.iter().find(|l| l.code == "en")?;
    let target = c.languages.iter().find(|l| l.code == locale)?;
    let rest = english_file.strip_prefix(&english.dir).ok()?;
    Some(target.dir.join(rest))
}

/// A path as a translator finds it: from the content root the server was given (`content/`,
/// or the real tree's `curriculum/`), else from the folder that holds the language folders.
fn from_root<'p>(live: &Live, c: &Curriculum, path: &'p Path) -> &'p Path {
    path.strip_prefix(&live.config.content)
        .or_else(|_| path.strip_prefix(&c.root.challenges))
        .unwrap_or(path)
}

/// `/__preview/<locale>/<block>/<id>/`: one lesson side by side. A lesson is (block, id):
/// the same id is in two blocks on purpose in the real curriculum.
pub fn lesson(live: &Live, locale: &str, block_name: &str, id: &str) -> Option<View> {
    let c = live.curriculum.as_deref()?;
    let locale = locale_code(c, locale)?;
    let (b, block) = c
        .blocks
        .iter()
        .enumerate()
        .find(|(_, b)| b.meta.dashed_name == block_name)?;
    let l = block.lessons.iter().position(|l| l.id == id)?;
    let lesson = &block.lessons[l];
    let en = lesson.english.as_deref()?;
    let tr = lesson.translations.get(&locale).map(|c| &**c);
    let opts = checker::options(&locale, &live.keep);
    let keep = check::keeps_language(
        &opts,
        &block.meta.dashed_name,
        block.meta.superblock.as_deref(),
    );
    let ui = Ui::new(&locale);
    let of_file = |path: &Path| -> Vec<&Diagnostic> {
        live.problems
            .all
            .iter()
            .filter(|d| d.path == path)
            .collect()
    };
    let shown = |p: &Path| from_root(live, c, p).display().to_string();
    let english = Side {
        title: en.title().to_string(),
        path: shown(&en.source.path),
        findings: findings(of_file(&en.source.path)),
    };
    let (translation, create) = match tr {
        Some(t) => {
            let found = check::pair(en, t, &opts, keep);
            let side = Side {
                title: t.title().to_string(),
                path: shown(&t.source.path),
                findings: findings(found.iter().chain(of_file(&t.source.path))),
            };
            (Some(side), None)
        }
        None => {
            let create = translation_path(c, &en.source.path, &locale).map(|p| Create {
                path: from_root(live, c, &p).display().to_string(),
                source: std::fs::read_to_string(&en.source.path).ok(),
            });
            (None, create)
        }
    };
    let mut parts = Parts {
        live,
        ui: ui.clone(),
        locale: &locale,
        english_keys: check::english_keys(en),
        judge: !keep,
        out: Vec::new(),
    };
    parts.lesson(en, tr);
    let title = tr.unwrap_or(en).title().to_string();
    Some(View {
        template: "preview.html",
        title,
        data: serde_json::json!({
            "index_href": format!("/__preview/{locale}/"),
            "site_href": site_href(live, &locale, b, l),
            "next": next(live, &locale, b, l),
            "block_title": block_title(live, &locale, b),
            "locale_name": crate::render::i18n::native_name(&locale),
            "english": english,
            "translation": translation,
            "create": create,
            "parts": parts.out,
        }),
        locale,
    })
}

/// The lesson's own page on the site, in the preview's locale.
fn site_href(live: &Live, locale: &str, b: usize, l: usize) -> Option<String> {
    let loc = live.site.locales.iter().position(|x| x == locale)?;
    let page = live.site.lesson_pages.get(&(loc, b, l))?;
    Some(format!(
        "/{}",
        page.strip_suffix("index.html").unwrap_or(page)
    ))
}

/// The next lesson with problems after (b, l), or why there is none.
fn next(live: &Live, locale: &str, b: usize, l: usize) -> serde_json::Value {
    let Some(statuses) = live.checker.get(locale) else {
        return serde_json::Value::Null;
    };
    let Some(c) = live.curriculum.as_deref() else {
        return serde_json::Value::Null;
    };
    let n = statuses.rows.len();
    let here = statuses.keys.iter().position(|k| *k == (b, l)).unwrap_or(0);
    let found = (1..n)
        .filter_map(|k| statuses.rows.get((here + k) % n)?.get())
        .find(|r| r.status != Status::Done);
    match found {
        Some(r) => {
            let row = index_row(live, c, locale, r);
            serde_json::json!({ "href": row.href, "title": row.title })
        }
        None => serde_json::json!({ "none": true, "complete": statuses.complete() }),
    }
}
