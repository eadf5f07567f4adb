//! Translation checks (`lessons check --locale uk`): each translated challenge against its
//! English source, linked by `id`. Code, structure and untranslatable keys must match English
//! (errors); English text left in the translation is reported sentence by sentence (warnings).

mod code;
pub mod segments;
pub mod untranslated;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Serialize;

use crate::challenge::{Challenge, ChallengeFile, Prose};
use crate::curriculum::Curriculum;
use crate::diagnostic::{Diagnostic, Pos};
use crate::source::{LineIndex, normalize};
use segments::Sentence;

/// Superblocks and blocks that teach a language keep target-language text on purpose
/// (FORMAT.md §5); their untranslated text is not reported. Matched as substrings of the
/// superblock or block name.
pub const LANGUAGE_LEARNING: &[&str] = &[
    "english-for-developers",
    "professional-spanish",
    "professional-chinese",
    "learn-english",
    "learn-spanish",
    "learn-chinese",
];

#[derive(Debug, Clone)]
pub struct Options {
    /// BCP 47 code of the translation to check.
    pub locale: String,
    /// Names (or parts of names) of superblocks and blocks whose text stays in the language
    /// they teach.
    pub keep_language: Vec<String>,
}

/// One row of the per-block table.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BlockRow {
    pub block: String,
    pub lessons: usize,
    pub translated: usize,
    /// Translated lessons with no untranslated text and no errors.
    pub clean: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl BlockRow {
    pub fn percent(&self) -> f64 {
        if self.lessons == 0 {
            100.0
        } else {
            100.0 * self.clean as f64 / self.lessons as f64
        }
    }
}

/// Checks every translation in `locale` against English.
pub fn curriculum(c: &Curriculum, opts: &Options) -> (Vec<Diagnostic>, Vec<BlockRow>) {
    let mut diags = Vec::new();
    let mut rows = Vec::new();
    for block in &c.blocks {
        let keep = keeps_language(
            opts,
            &block.meta.dashed_name,
            block.meta.superblock.as_deref(),
        );
        let mut row = BlockRow {
            block: block.meta.dashed_name.clone(),
            ..BlockRow::default()
        };
        for lesson in &block.lessons {
            let Some(english) = &lesson.english else {
                continue;
            };
            row.lessons += 1;
            match lesson.translations.get(&opts.locale) {
                Some(t) => {
                    row.translated += 1;
                    let found = pair(english, t, opts, keep);
                    let errors = found.iter().filter(|d| d.is_error()).count();
                    row.errors += errors;
                    row.warnings += found.len() - errors;
                    if found.is_empty() {
                        row.clean += 1;
                    }
                    diags.extend(found);
                }
                None => diags.push(Diagnostic::new(
                    crate::diagnostic::Severity::Note,
                    &english.source.path,
                    &english.front.id_pos,
                    format!("missing: no {} translation of this lesson yet", opts.locale),
                )),
            }
        }
        rows.push(row);
    }
    (diags, rows)
}

/// Whether a block keeps the language it teaches (its untranslated text is not judged).
pub fn keeps_language(opts: &Options, block: &str, superblock: Option<&str>) -> bool {
    let names = [Some(block), superblock];
    opts.keep_language
        .iter()
        .any(|k| names.iter().flatten().any(|n| n.contains(k.as_str())))
}

/// Finds the places of a translated file's text, in document order.
struct Locator {
    text: String,
    index: LineIndex,
}

impl Locator {
    fn read(path: &Path) -> Locator {
        let raw = std::fs::read(path)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let text = normalize(&raw).into_owned();
        let index = LineIndex::new(&text);
        Locator { text, index }
    }

    /// Where `snippet` occurs at or after `from` (or anywhere, failing that).
    fn find(&self, snippet: &str, from: usize) -> Option<usize> {
        if snippet.is_empty() {
            return None;
        }
        self.text
            .get(from..)
            .and_then(|t| t.find(snippet))
            .map(|i| from + i)
            .or_else(|| self.text.find(snippet))
    }

    fn pos(&self, offset: usize) -> Pos {
        let (line, col) = self.index.line_col(&self.text, offset);
        Pos {
            line,
            col,
            span: offset..offset,
        }
    }

    /// A position whose snippet underlines the rest of its line.
    fn pos_to_line_end(&self, offset: usize) -> Pos {
        let mut pos = self.pos(offset);
        pos.span = offset..usize::MAX;
        pos
    }

    fn line_pos(&self, line: usize) -> Pos {
        self.pos(self.index.line_start(line, self.text.len()))
    }

    /// The position of `key:` in the front matter.
    fn key_pos(&self, key: &str) -> Pos {
        let needle = format!("\n{key}:");
        self.text
            .find(&needle)
            .map_or_else(|| self.pos(0), |i| self.pos(i + 1))
    }
}

/// Checks one translation against its English source. `keep_language` turns off the
/// untranslated-text report (language-learning lessons).
pub fn pair(
    english: &Challenge,
    translated: &Challenge,
    opts: &Options,
    keep_language: bool,
) -> Vec<Diagnostic> {
    let loc = Locator::read(&translated.source.path);
    let mut out = Vec::new();
    let path = translated.source.path.as_path();
    parity(english, translated, &loc, &mut out);
    if !keep_language {
        untranslated_text(english, translated, opts, &loc, &mut out);
    }
    out.sort_by_key(|d| (d.line, d.col));
    for d in &mut out {
        d.path = path.to_path_buf();
    }
    out
}

fn err(out: &mut Vec<Diagnostic>, pos: Pos, message: String) {
    out.push(Diagnostic::error(Path::new(""), &pos, message));
}

fn warn(out: &mut Vec<Diagnostic>, pos: Pos, message: String) {
    out.push(Diagnostic::warning(Path::new(""), &pos, message));
}

/// What must be identical to English.
fn parity(en: &Challenge, tr: &Challenge, loc: &Locator, out: &mut Vec<Diagnostic>) {
    // Front-matter keys that are never translated.
    let keys: [(&str, String, String); 6] = [
        (
            "challengeType",
            en.front.challenge_type.to_string(),
            tr.front.challenge_type.to_string(),
        ),
        (
            "dashedName",
            en.front.dashed_name.clone(),
            tr.front.dashed_name.clone(),
        ),
        (
            "forumTopicId",
            format!("{:?}", en.front.forum_topic_id),
            format!("{:?}", tr.front.forum_topic_id),
        ),
        (
            "videoId",
            format!("{:?}", en.front.video_id),
            format!("{:?}", tr.front.video_id),
        ),
        (
            "videoUrl",
            format!("{:?}", en.front.video_url),
            format!("{:?}", tr.front.video_url),
        ),
        (
            "url",
            format!("{:?}", en.front.url),
            format!("{:?}", tr.front.url),
        ),
    ];
    for (key, a, b) in keys {
        if a != b {
            err(
                out,
                loc.key_pos(key),
                format!("`{key}` is never translated: English has {a}, this file has {b}"),
            );
        }
    }

    // Section markers, in order.
    let names = |c: &Challenge| {
        c.sections
            .iter()
            .map(|s| format!("{} --{}--", "#".repeat(s.level as usize), s.name))
            .collect::<Vec<_>>()
    };
    let (a, b) = (names(en), names(tr));
    if a != b {
        let i = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let pos = tr
            .sections
            .get(i)
            .map_or_else(|| loc.pos(loc.text.len()), |s| loc.line_pos(s.line));
        let message = match (a.get(i), b.get(i)) {
            (Some(x), Some(y)) => format!(
                "section markers differ from English: English has `{x}` here, this file has `{y}`"
            ),
            (Some(x), None) => {
                format!("section markers differ from English: `{x}` is missing here")
            }
            (None, Some(y)) => {
                format!("section markers differ from English: `{y}` is not in English")
            }
            (None, None) => String::new(),
        };
        err(out, pos, message);
    }

    // Hints: count, order and test code.
    let hints_line = tr
        .sections
        .iter()
        .find(|s| s.name == "hints")
        .map(|s| s.line)
        .unwrap_or(1);
    if en.tests.len() != tr.tests.len() {
        err(
            out,
            loc.line_pos(hints_line),
            format!(
                "English has {}, this translation has {}",
                count(en.tests.len(), "hint"),
                tr.tests.len()
            ),
        );
    }
    for (i, (e, t)) in en.tests.iter().zip(&tr.tests).enumerate() {
        if e.test_string == t.test_string {
            continue;
        }
        let (line, theirs, ours) = code::first_difference(&e.test_string, &t.test_string);
        let pos = loc.line_pos(t.code_line + line);
        if code::same_but_whitespace(&e.test_string, &t.test_string) {
            warn(
                out,
                pos,
                format!(
                    "hint {}'s test code differs from English only in whitespace",
                    i + 1
                ),
            );
        } else {
            err(
                out,
                pos,
                format!(
                    "hint {}'s test code differs from English: English has `{}`, this file has `{}`",
                    i + 1,
                    theirs.trim(),
                    ours.trim()
                ),
            );
        }
    }

    // Seeds, solutions and hooks (comments may be translated).
    files(loc, out, "seed", &en.challenge_files, &tr.challenge_files);
    for (i, (e, t)) in en.solutions.iter().zip(&tr.solutions).enumerate() {
        files(loc, out, &format!("solution {}", i + 1), e, t);
    }
    if en.solutions.len() != tr.solutions.len() {
        let line = tr
            .sections
            .iter()
            .find(|s| s.name == "solutions")
            .map(|s| s.line)
            .unwrap_or(1);
        err(
            out,
            loc.line_pos(line),
            format!(
                "English has {}, this translation has {}",
                count(en.solutions.len(), "solution"),
                tr.solutions.len()
            ),
        );
    }
    let hooks = |c: &Challenge| {
        [
            c.hooks.before_all.clone(),
            c.hooks.before_each.clone(),
            c.hooks.after_each.clone(),
            c.hooks.after_all.clone(),
        ]
    };
    if hooks(en) != hooks(tr) {
        err(
            out,
            loc.pos(0),
            "the hooks (`# --before-each--` …) differ from English".into(),
        );
    }
    if en.scene != tr.scene {
        let line = tr
            .sections
            .iter()
            .find(|s| s.name == "scene")
            .map(|s| s.line)
            .unwrap_or(1);
        err(
            out,
            loc.line_pos(line),
            "the scene JSON differs from English".into(),
        );
    }

    // Inline code spans and link targets in prose.
    for (name, e, t) in prose_pairs(en, tr) {
        let Some(offset) = loc.find(&t.markdown, 0) else {
            continue;
        };
        let (es, ts) = (
            segments::segments(&e.markdown),
            segments::segments(&t.markdown),
        );
        let pairs: Vec<(Vec<String>, Vec<String>, usize)> = if es.len() == ts.len() {
            es.iter()
                .zip(&ts)
                .map(|(a, b)| (a.code_spans.clone(), b.code_spans.clone(), b.offset))
                .collect()
        } else {
            vec![(
                es.iter().flat_map(|s| s.code_spans.clone()).collect(),
                ts.iter().flat_map(|s| s.code_spans.clone()).collect(),
                0,
            )]
        };
        for (a, b, at) in pairs {
            if let Some(diff) = multiset_diff(&a, &b, |s| format!("`{s}`")) {
                err(
                    out,
                    loc.pos(offset + at),
                    format!("inline code in {name} differs from English: {diff}"),
                );
            }
        }
        let links = |segs: &[segments::Segment]| {
            segs.iter()
                .flat_map(|s| s.links.clone())
                .collect::<Vec<_>>()
        };
        if let Some(diff) = multiset_diff(&links(&es), &links(&ts), |s| s.to_string()) {
            err(
                out,
                loc.pos(offset),
                format!("link targets in {name} differ from English: {diff}"),
            );
        }
    }
}

fn files(
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
    what: &str,
    en: &[ChallengeFile],
    tr: &[ChallengeFile],
) {
    let exts = |f: &[ChallengeFile]| f.iter().map(|f| f.ext.clone()).collect::<Vec<_>>();
    if exts(en) != exts(tr) {
        let pos = tr
            .first()
            .map_or_else(|| loc.pos(0), |f| loc.line_pos(f.line));
        err(
            out,
            pos,
            format!(
                "the {what} files differ from English: English has {:?}, this file has {:?}",
                exts(en),
                exts(tr)
            ),
        );
        return;
    }
    for (e, t) in en.iter().zip(tr) {
        for (part, a, b) in [
            ("", &e.contents, &t.contents),
            (" (before-user-code)", &e.head, &t.head),
            (" (after-user-code)", &e.tail, &t.tail),
        ] {
            let (a, b) = (
                code::without_comments(a, &e.ext),
                code::without_comments(b, &t.ext),
            );
            if a != b {
                let (_, theirs, ours) = code::first_difference(&a, &b);
                let line = t
                    .contents
                    .split('\n')
                    .position(|l| l.trim_end() == ours)
                    .map_or(t.line, |i| t.line + i);
                err(
                    out,
                    loc.line_pos(line),
                    format!(
                        "the {what} file {}.{}{part} differs from English outside comments: English has `{}`, this file has `{}`",
                        t.name,
                        t.ext,
                        theirs.trim(),
                        ours.trim()
                    ),
                );
            }
        }
    }
}

/// "missing a, b; not in English c" for two multisets, or None when they are equal.
fn multiset_diff(en: &[String], tr: &[String], show: impl Fn(&str) -> String) -> Option<String> {
    fn count(v: &[String]) -> BTreeMap<&str, i32> {
        let mut m: BTreeMap<&str, i32> = BTreeMap::new();
        for s in v {
            *m.entry(s.as_str()).or_default() += 1;
        }
        m
    }
    let (a, b) = (count(en), count(tr));
    let missing: Vec<String> = a
        .iter()
        .filter(|(k, n)| b.get(*k).copied().unwrap_or(0) < **n)
        .map(|(k, _)| show(k))
        .collect();
    let extra: Vec<String> = b
        .iter()
        .filter(|(k, n)| a.get(*k).copied().unwrap_or(0) < **n)
        .map(|(k, _)| show(k))
        .collect();
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("missing {}", missing.join(", ")));
    }
    if !extra.is_empty() {
        parts.push(format!("not in English {}", extra.join(", ")));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

fn prose_pairs<'a>(
    en: &'a Challenge,
    tr: &'a Challenge,
) -> Vec<(&'static str, &'a Prose, &'a Prose)> {
    let mut v = Vec::new();
    let sections: [(&'static str, &Option<Prose>, &Option<Prose>); 5] = [
        ("the description", &en.description, &tr.description),
        ("the instructions", &en.instructions, &tr.instructions),
        ("the notes", &en.notes, &tr.notes),
        ("the explanation", &en.explanation, &tr.explanation),
        (
            "the transcript",
            &en.transcript_section,
            &tr.transcript_section,
        ),
    ];
    for (name, e, t) in sections {
        if let (Some(e), Some(t)) = (e, t) {
            v.push((name, e, t));
        }
    }
    v
}

/// Every piece of translatable text of a challenge, as markdown, in document order: what it
/// is called in messages, and the markdown itself.
fn texts(c: &Challenge) -> Vec<(&'static str, String)> {
    let mut v: Vec<(&'static str, String)> = Vec::new();
    let prose = [
        ("description", &c.description),
        ("instructions", &c.instructions),
        ("notes", &c.notes),
        ("explanation", &c.explanation),
        ("transcript", &c.transcript_section),
    ];
    // Document order matters for locating repeated text; sections are sorted by their line.
    let mut located: Vec<(usize, &'static str, String)> = prose
        .iter()
        .filter_map(|(n, p)| p.as_ref().map(|p| (p.line, *n, p.markdown.clone())))
        .collect();
    located.extend(
        c.interactive
            .iter()
            .map(|i| (i.line, "interactive text", i.markdown.clone())),
    );
    located.extend(c.tests.iter().map(|h| (h.line, "hint", h.text.clone())));
    located.sort_by_key(|(line, _, _)| *line);
    v.extend(located.into_iter().map(|(_, n, m)| (n, m)));
    for q in &c.questions {
        v.push(("question", q.text.clone()));
        for a in &q.answers {
            v.push(("answer", a.answer.clone()));
            if let Some(f) = &a.feedback {
                v.push(("feedback", f.clone()));
            }
        }
    }
    for quiz in &c.quizzes {
        for q in &quiz.questions {
            v.push(("quiz question", q.text.clone()));
            v.push(("quiz answer", q.answer.clone()));
            v.extend(q.distractors.iter().map(|d| ("quiz answer", d.clone())));
        }
    }
    if let Some(f) = &c.fill_in_the_blank {
        v.extend(
            f.blanks
                .iter()
                .filter_map(|b| b.feedback.clone())
                .map(|f| ("feedback", f)),
        );
    }
    v.extend(c.assignments.iter().map(|a| ("assignment", a.clone())));
    v
}

fn sentences_of(markdown: &str) -> Vec<Sentence> {
    segments::segments(markdown)
        .iter()
        .flat_map(|s| s.sentences())
        .collect()
}

/// The comparison keys of every English sentence of a challenge (and its title): a translated
/// sentence with one of these keys was left in English.
pub fn english_keys(en: &Challenge) -> HashSet<String> {
    let mut keys: HashSet<String> = texts(en)
        .iter()
        .flat_map(|(_, m)| sentences_of(m))
        .map(|s| untranslated::key(&s.masked))
        .collect();
    keys.insert(untranslated::key(&en.front.title));
    keys
}

/// The sentences of a piece of translated markdown that look untranslated.
pub fn untranslated_sentences(
    markdown: &str,
    english: &HashSet<String>,
    locale: &str,
) -> Vec<Sentence> {
    let target = untranslated::expected(locale);
    sentences_of(markdown)
        .into_iter()
        .filter(|s| untranslated::judge(s, english, target).is_some())
        .collect()
}

fn untranslated_text(
    en: &Challenge,
    tr: &Challenge,
    opts: &Options,
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) {
    let target = untranslated::expected(&opts.locale);
    let english = english_keys(en);

    let title = Sentence {
        shown: tr.front.title.clone(),
        masked: tr.front.title.clone(),
        offset: 0,
    };
    if untranslated::key(&tr.front.title) == untranslated::key(&en.front.title)
        || untranslated::judge(&title, &english, target).is_some()
    {
        // A title is short; equal to English is enough to call it untranslated.
        if untranslated::key(&tr.front.title).chars().count() >= 4 {
            let pos = loc.key_pos("title");
            warn(
                out,
                pos,
                format!("untranslated title: \"{}\"", tr.front.title),
            );
        }
    }

    let mut cursor = 0;
    for (what, markdown) in texts(tr) {
        let Some(start) = loc.find(&markdown, cursor) else {
            continue;
        };
        cursor = start + markdown.len();
        let segs = segments::segments(&markdown);
        for seg in &segs {
            let sentences = seg.sentences();
            let flagged: Vec<&Sentence> = sentences
                .iter()
                .filter(|s| untranslated::judge(s, &english, target).is_some())
                .collect();
            if flagged.is_empty() {
                continue;
            }
            // A whole paragraph left in English is one finding, not one per sentence.
            let all = flagged.len() == sentences.len();
            let kind = match (what, all) {
                ("hint", true) => "hint text",
                (
                    "question" | "answer" | "feedback" | "quiz question" | "quiz answer"
                    | "assignment",
                    true,
                ) => what,
                (_, true) => "paragraph",
                (_, false) => "sentence",
            };
            if all {
                let whole = seg.whole();
                warn(
                    out,
                    loc.pos_to_line_end(start + sentences[0].offset),
                    format!("untranslated {kind}: \"{}\"", shorten(&whole.shown)),
                );
                continue;
            }
            for s in flagged {
                warn(
                    out,
                    loc.pos_to_line_end(start + s.offset),
                    format!("untranslated {kind}: \"{}\"", shorten(&s.shown)),
                );
            }
        }
    }
}

/// "1 hint", "2 hints".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn shorten(s: &str) -> String {
    const MAX: usize = 90;
    if s.chars().count() <= MAX {
        return s.to_string();
    }
    let cut: String = s.chars().take(MAX).collect();
    format!("{}…", cut.trim_end())
}
