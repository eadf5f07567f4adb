//! One challenge file → [`Challenge`]: front matter, sections, hints, seeds, solutions,
//! questions, quizzes, blanks, scene. Pure: text in, model and diagnostics out; never panics.

mod blocks;
mod files;
pub mod front_matter;
mod hints;
mod kind;
mod questions;
pub mod section_kind;
mod sections;

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic, Related};
use crate::source::{LineIndex, normalize};
use blocks::{Block, Kind};
pub use files::ChallengeFile;
pub use front_matter::FrontMatter;
pub use hints::{Hint, TestForm};
pub use kind::ChallengeKind;
pub use questions::{Answer, Blank, FillInTheBlank, Question, Quiz, QuizQuestion};
pub use section_kind::{Content, SectionKind};
use sections::Section;

/// A parsed challenge. Field names follow freeCodeCamp's own parser output where the concept
/// exists there, so `lessons parse --json` can be compared with it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Challenge {
    #[serde(flatten)]
    pub front: FrontMatter,
    /// Prose sections, as the markdown the author wrote (rendering happens in `render`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Prose>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instructions: Option<Prose>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<Prose>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Prose>,
    #[serde(rename = "transcriptSection", skip_serializing_if = "Option::is_none")]
    pub transcript_section: Option<Prose>,
    /// Prose sections of kinds without a field of their own (see [`section_kind::Slot`]), by
    /// marker: a new prose kind is read, checked and shown with no new field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_prose: Vec<(String, Prose)>,
    /// `# --interactive--` sections: prose with `:::interactive_editor` containers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interactive: Vec<Interactive>,
    pub tests: Vec<Hint>,
    pub challenge_files: Vec<ChallengeFile>,
    pub solutions: Vec<Vec<ChallengeFile>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quizzes: Vec<Quiz>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fill_in_the_blank: Option<FillInTheBlank>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scene: Option<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assignments: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaking_section: Option<SpeakingSection>,
    #[serde(skip_serializing_if = "Hooks::is_empty")]
    pub hooks: Hooks,
    /// The marker headings in file order, for parity checks between languages.
    pub sections: Vec<SectionRef>,
    pub source: Source,
}

impl Challenge {
    pub fn id(&self) -> &str {
        &self.front.id
    }
    pub fn title(&self) -> &str {
        &self.front.title
    }
    pub fn challenge_type(&self) -> u8 {
        self.front.challenge_type
    }
    /// What kind of challenge this is, from its `challengeType`; read this rather than the
    /// number.
    pub fn kind(&self) -> ChallengeKind {
        ChallengeKind::of(self.front.challenge_type)
    }
    pub fn dashed_name(&self) -> &str {
        &self.front.dashed_name
    }
    /// The line of the first section holding `content`, for findings about that content.
    pub fn section_line(&self, content: Content) -> Option<usize> {
        self.sections
            .iter()
            .find(|s| SectionKind::by_marker(&s.name).is_some_and(|k| k.content == content))
            .map(|s| s.line)
    }
}

/// Markdown source of a prose section and the line its first block starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prose {
    pub markdown: String,
    pub line: usize,
}

impl Serialize for Prose {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.markdown)
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Interactive {
    pub markdown: String,
    pub line: usize,
    /// One entry per `:::interactive_editor` container: its code blocks as files.
    pub editors: Vec<Vec<ChallengeFile>>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SpeakingSection {
    pub sentence: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio: Option<Value>,
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hooks {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before_all: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before_each: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_each: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_all: Option<String>,
}

impl Hooks {
    pub fn is_empty(&self) -> bool {
        self.before_all.is_none()
            && self.before_each.is_none()
            && self.after_each.is_none()
            && self.after_all.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionRef {
    pub name: String,
    pub level: u8,
    pub line: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub path: PathBuf,
    pub line: usize,
    /// A hash (xxHash3-128) of the file's text as parsed (line endings normalized). The
    /// challenge is a function of its path and this text alone, so `lessons build` uses the two
    /// to tell whether a lesson's page may have changed without looking at the challenge.
    #[serde(skip)]
    pub text_hash: u128,
    /// Only the front matter was read ([`parse_file_reusing`]): everything after it is empty,
    /// and [`parse_file`] gives the whole challenge.
    #[serde(skip)]
    pub shallow: bool,
}

/// The result of parsing one file: the challenge when its front matter could be read, and every
/// problem found. A challenge may come with errors: callers decide what to do with it.
#[derive(Debug)]
pub struct Parsed {
    pub challenge: Option<Challenge>,
    pub diagnostics: Vec<Diagnostic>,
    /// Size of the file in bytes, as read.
    pub bytes: u64,
}

/// Reads and parses one file. I/O and encoding problems become diagnostics too.
pub fn parse_file(path: &Path) -> Parsed {
    parse_file_reusing(path, &|_, _| false)
}

/// [`parse_file`], except that a file for which `shallow(path, text hash)` holds has only its
/// front matter parsed (and only its problems reported): a caller that knows the file parsed
/// without a problem before, and needs no more than its front matter, passes over the rest,
/// about nine tenths of the work.
pub fn parse_file_reusing(path: &Path, shallow: &(dyn Fn(&Path, u128) -> bool + Sync)) -> Parsed {
    match std::fs::read(path) {
        // simdutf8 rather than std: several times faster on Cyrillic (std is fast on ASCII
        // only), and a translation's files are read in every build of its language.
        Ok(bytes) => match simdutf8::compat::from_utf8(&bytes) {
            Ok(text) => parse_reusing(path, text, shallow),
            Err(e) => {
                let valid = &bytes[..e.valid_up_to()];
                let prefix = String::from_utf8_lossy(valid);
                let index = LineIndex::new(&prefix);
                let (line, col) = index.line_col(&prefix, prefix.len());
                diagnostic_only(
                    Code::NotUtf8,
                    path,
                    line,
                    col,
                    "the file is not valid UTF-8 here; save it as UTF-8",
                )
            }
        },
        Err(e) => diagnostic_only(
            Code::Unreadable,
            path,
            1,
            1,
            &format!("cannot read the file: {e}"),
        ),
    }
}

fn diagnostic_only(code: Code, path: &Path, line: usize, col: usize, message: &str) -> Parsed {
    Parsed {
        challenge: None,
        diagnostics: vec![Diagnostic {
            severity: code.severity(),
            code,
            path: path.to_path_buf(),
            line,
            col,
            message: message.to_string(),
            span: 0..0,
            related: Vec::new(),
        }],
        bytes: 0,
    }
}

/// Parses the text of one challenge file. `path` is only used in diagnostics and `source`.
pub fn parse(path: &Path, raw: &str) -> Parsed {
    parse_reusing(path, raw, &|_, _| false)
}

/// [`parse`], shallowly when `shallow(path, text hash)` holds (see [`parse_file_reusing`]).
fn parse_reusing(path: &Path, raw: &str, shallow: &(dyn Fn(&Path, u128) -> bool + Sync)) -> Parsed {
    let normalized = normalize(raw);
    let hash = twox_hash::XxHash3_128::oneshot(normalized.as_bytes());
    let shallow = shallow(path, hash);
    // The front matter is all a shallow parse reads: lines are counted up to its end.
    let text = match shallow {
        true => &normalized[..front_matter::end(&normalized)],
        false => &normalized,
    };
    let mut ctx = Ctx::new(path, text);
    let challenge = match shallow {
        true => parse_front(&mut ctx, hash),
        false => parse_in(&mut ctx, hash),
    };
    Parsed {
        challenge,
        diagnostics: ctx.diags,
        bytes: raw.len() as u64,
    }
}

/// Shared state while parsing one file: where we are and what went wrong so far.
pub struct Ctx<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    lines: LineIndex,
    pub diags: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> Self {
        Ctx {
            path,
            text,
            lines: LineIndex::new(text),
            diags: Vec::new(),
        }
    }

    pub fn line(&self, offset: usize) -> usize {
        self.lines.line(offset)
    }

    /// A finding of rule `code` at `span`.
    pub fn report(&mut self, code: Code, span: Range<usize>, message: impl Into<String>) {
        self.push(code, span, message.into(), Vec::new());
    }

    /// A finding that points at a second place in the same file as well.
    pub fn report_also_at(
        &mut self,
        code: Code,
        span: Range<usize>,
        message: impl Into<String>,
        other: usize,
        note: &str,
    ) {
        let (line, col) = self.lines.line_col(self.text, other);
        let related = vec![Related {
            path: self.path.to_path_buf(),
            line,
            col,
            message: note.to_string(),
        }];
        self.push(code, span, message.into(), related);
    }

    fn push(&mut self, code: Code, span: Range<usize>, message: String, related: Vec<Related>) {
        let (line, col) = self.lines.line_col(self.text, span.start);
        self.diags.push(Diagnostic {
            severity: code.severity(),
            code,
            path: self.path.to_path_buf(),
            line,
            col,
            message,
            span,
            related,
        });
    }

    /// Markdown source of a run of blocks, from the first block's start to the last one's end.
    pub fn source_of(&self, blocks: &[Block]) -> String {
        match (blocks.first(), blocks.last()) {
            (Some(first), Some(last)) => self.text[first.range.start..last.range.end]
                .trim()
                .to_string(),
            _ => String::new(),
        }
    }

    pub fn prose(&self, section: &Section<'_>) -> Prose {
        Prose {
            markdown: self.source_of(section.body),
            line: section.body.first().map_or_else(
                || self.line(section.heading.range.start),
                |b| self.line(b.range.start),
            ),
        }
    }
}

/// The front matter alone: a [`Source::shallow`] challenge with nothing after it.
fn parse_front(ctx: &mut Ctx<'_>, text_hash: u128) -> Option<Challenge> {
    let located = front_matter::locate(ctx)?;
    let front = front_matter::parse(ctx, &located)?;
    let mut challenge = empty(ctx, front, text_hash);
    challenge.source.shallow = true;
    Some(challenge)
}

/// A challenge with its front matter and source, and nothing else yet.
fn empty(ctx: &Ctx<'_>, front: FrontMatter, text_hash: u128) -> Challenge {
    Challenge {
        front,
        description: None,
        instructions: None,
        notes: None,
        explanation: None,
        transcript_section: None,
        other_prose: Vec::new(),
        interactive: Vec::new(),
        tests: Vec::new(),
        challenge_files: Vec::new(),
        solutions: Vec::new(),
        questions: Vec::new(),
        quizzes: Vec::new(),
        fill_in_the_blank: None,
        scene: None,
        assignments: Vec::new(),
        speaking_section: None,
        hooks: Hooks::default(),
        sections: Vec::new(),
        source: Source {
            path: ctx.path.to_path_buf(),
            line: 1,
            text_hash,
            shallow: false,
        },
    }
}

fn parse_in(ctx: &mut Ctx<'_>, text_hash: u128) -> Option<Challenge> {
    let located = front_matter::locate(ctx)?;
    let front = front_matter::parse(ctx, &located);
    let blocks = blocks::parse(ctx.text, located.body_offset);
    report_unclosed_fences(ctx, &blocks);
    sections::validate_markers(ctx, &blocks);

    let (_preamble, top) = sections::split(&blocks, 1);
    let mut challenge = empty(ctx, front.clone().unwrap_or_default(), text_hash);
    challenge.sections = top
        .iter()
        .map(|s| SectionRef {
            name: s.name.to_string(),
            level: s.level,
            line: ctx.line(s.heading.range.start),
        })
        .collect();

    let mut seen: HashMap<&str, usize> = HashMap::new();
    for section in &top {
        if section.level != 1 {
            continue; // already reported by validate_markers
        }
        if let Some(&first) = seen.get(section.name)
            && !SectionKind::by_marker(section.name).is_some_and(|k| k.repeatable)
        {
            ctx.report_also_at(
                Code::RepeatedSection,
                section.heading.range.clone(),
                format!(
                    "a second `# --{}--` section; only the first one is used",
                    section.name
                ),
                first,
                "the first one is here",
            );
            continue;
        }
        seen.insert(section.name, section.heading.range.start);
        read_section(ctx, section, &mut challenge);
    }
    front.map(|_| challenge)
}

/// Reads one level-1 section into `c`, by the kind of content its registry entry names.
fn read_section(ctx: &mut Ctx<'_>, section: &Section<'_>, c: &mut Challenge) {
    let Some(kind) = SectionKind::by_marker(section.name) else {
        return; // already reported by validate_markers
    };
    let leaf = |ctx: &mut Ctx<'_>| {
        sections::children(ctx, section);
    };
    match kind.content {
        // Plain prose kinds need nothing but their registry entry.
        Content::Prose => {
            leaf(ctx);
            let prose = ctx.prose(section);
            kind.set_prose(c, prose);
        }
        Content::Interactive => c.interactive.push(files::interactive(ctx, section)),
        Content::Hints => {
            leaf(ctx);
            c.tests = hints::read(ctx, section.body);
        }
        Content::Seed => c.challenge_files = files::seed(ctx, section),
        Content::Solutions => {
            leaf(ctx);
            c.solutions = files::solutions(ctx, section.body);
        }
        Content::Questions => c.questions.extend(questions::questions(ctx, section)),
        Content::Quizzes => c.quizzes = questions::quizzes(ctx, section),
        Content::FillInTheBlank => {
            c.fill_in_the_blank = questions::fill_in_the_blank(ctx, section);
        }
        Content::Scene => {
            leaf(ctx);
            c.scene = questions::json_block(ctx, section, "scene");
        }
        Content::Assignment => {
            leaf(ctx);
            c.assignments = assignments(ctx, section);
        }
        Content::SpeakingSection => c.speaking_section = questions::speaking_section(ctx, section),
        Content::Hook => {
            leaf(ctx);
            read_hook(ctx, section, &mut c.hooks);
        }
        // A sub-section at level 1 was reported by validate_markers.
        Content::Part => {}
    }
}

/// freeCodeCamp's add-assignment.js: the section split at thematic breaks, each part one
/// assignment, empty parts dropped.
fn assignments(ctx: &Ctx<'_>, section: &Section<'_>) -> Vec<String> {
    section
        .body
        .split(|b| b.kind == Kind::ThematicBreak)
        .map(|group| ctx.source_of(group))
        .filter(|a| !a.is_empty())
        .collect()
}

/// A hook section's code, into the hook its marker names.
fn read_hook(ctx: &mut Ctx<'_>, section: &Section<'_>, hooks: &mut Hooks) {
    let code = files::hook(ctx, section);
    match section.name {
        "before-all" => hooks.before_all = code,
        "before-each" => hooks.before_each = code,
        "after-each" => hooks.after_each = code,
        _ => hooks.after_all = code,
    }
}

/// Two ways a fence goes wrong: it is never closed (CommonMark runs it to the end of the file),
/// or a later opening fence such as "```js" is taken as text and the next "```" closes it, so
/// the sections in between silently become code. Both are reported at the opening fence.
fn report_unclosed_fences(ctx: &mut Ctx<'_>, blocks: &[Block]) {
    for b in blocks {
        let Kind::Code {
            closed,
            code,
            fenced: true,
            ..
        } = &b.kind
        else {
            continue;
        };
        let start = b.range.start;
        let end = ctx.text[start..]
            .find('\n')
            .map_or(ctx.text.len(), |i| start + i);
        if !closed {
            ctx.report(
                Code::UnclosedFence,
                start..end,
                "this code fence is never closed, so everything after it (later sections too) \
                 became code: close it with a line of three backticks",
            );
        } else if let Some((i, marker)) = marker_line(code) {
            let line = ctx.line(start) + 1 + i;
            ctx.report(
                Code::UnclosedFence,
                start..end,
                format!(
                    "this code fence is not closed before `{}` at line {line}, so that section \
                     became code: close the fence with a line of three backticks",
                    marker.trim()
                ),
            );
        }
    }
}

/// The first line of `code` that [`looks_like_marker`], with its 0-based index. Only lines that
/// start with `#` are looked at (found with memchr): splitting every code block of the tree
/// into lines was 5 % of parsing it.
fn marker_line(code: &str) -> Option<(usize, &str)> {
    let first = code.starts_with('#').then_some(0);
    let later = memchr::memmem::find_iter(code.as_bytes(), b"\n#").map(|i| i + 1);
    first.into_iter().chain(later).find_map(|at| {
        let line = code[at..].split('\n').next().unwrap_or("");
        looks_like_marker(line).then(|| {
            (
                memchr::memchr_iter(b'\n', &code.as_bytes()[..at]).count(),
                line,
            )
        })
    })
}

/// `# --name--` … `#### --name--` alone on a line.
fn looks_like_marker(line: &str) -> bool {
    // Most lines of code do not start with `#`: they leave before any trimming.
    let rest = line.trim_start_matches('#');
    let hashes = line.len() - rest.len();
    if !(1..=4).contains(&hashes) || line.as_bytes().get(hashes) != Some(&b' ') {
        return false;
    }
    let rest = rest.trim();
    rest.len() > 4
        && rest.starts_with("--")
        && rest.ends_with("--")
        && rest[2..rest.len() - 2]
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_line_finds_the_first_marker_line_and_its_index() {
        assert_eq!(marker_line("# --hints--\nx"), Some((0, "# --hints--")));
        assert_eq!(
            marker_line("let a;\n#x\n## not a marker\n## --seed-contents--\n# --end--"),
            Some((3, "## --seed-contents--"))
        );
        assert_eq!(marker_line("a # --hints--\n ## --hints--\n#"), None);
    }

    /// A file that is not UTF-8 is reported where its first bad byte is (line and character
    /// column), and nothing else is made of it.
    #[test]
    fn not_utf8_is_reported_at_the_bad_byte() {
        let dir = std::env::temp_dir().join(format!("lessons-utf8-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bad.md");
        std::fs::write(&path, b"---\nid: \xd0\xb0\xd0\xb1\xff\n---\n").unwrap();
        let parsed = parse_file(&path);
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(parsed.challenge.is_none());
        let d = &parsed.diagnostics[0];
        assert_eq!(d.code, Code::NotUtf8);
        assert_eq!((d.line, d.col), (2, 7));
    }
}
