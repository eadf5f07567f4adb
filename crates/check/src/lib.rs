//! `lessons-check`, the translation checks (`lessons check --locale uk`): each translated
//! challenge against its English source, linked by `id`. Code, structure and untranslatable keys
//! must match English (errors); English text left in the translation is reported sentence by
//! sentence (warnings). It reads the model (`lessons-model`) and nothing else of `lessons`.

mod code;
mod leftover;
mod parity;
pub mod segments;
pub mod untranslated;

use std::path::Path;

use serde::Serialize;

// The model's modules under the names the checks have always used (`crate::challenge` …).
use lessons_model::{challenge, codes, curriculum, diagnostic, source};

use crate::challenge::Challenge;
use crate::curriculum::Curriculum;
use crate::diagnostic::{Code, Diagnostic, Pos};
use crate::source::{LineIndex, normalize};
pub use leftover::{english_keys, untranslated_sentences};

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

/// The keep-language list: [`LANGUAGE_LEARNING`] and the names a user added (`--keep-language`,
/// `keep_language` in `lessons.toml`). Built here only, for `check --locale` and the preview.
pub fn keep_list<'a>(added: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    let mut keep: Vec<String> = LANGUAGE_LEARNING.iter().map(|s| s.to_string()).collect();
    for name in added {
        if !keep.contains(name) {
            keep.push(name.clone());
        }
    }
    keep
}

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

/// What checking a curriculum's translations found.
#[derive(Debug, Default)]
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    pub blocks: Vec<BlockRow>,
    /// Translated files compared with an English file.
    pub compared: usize,
    /// Of those, files no block of the structure places (linked to English by id alone).
    pub compared_unplaced: usize,
    /// Translated files with no English counterpart (blocks English does not have yet).
    pub without_english: usize,
}

/// Checks every translation in `locale` against English: those the structure places, linked
/// by (block, id), and every other translated file, linked by id alone.
pub fn curriculum(c: &Curriculum, opts: &Options) -> Checked {
    let mut checked = Checked::default();
    let (diags, rows, compared) = placed(c, opts);
    checked.diagnostics = diags;
    checked.blocks = rows;
    checked.compared = compared;
    let english = c.english_by_id();
    for u in c.unplaced.iter().filter(|u| u.lang == opts.locale) {
        let keep = keeps_language(opts, &u.block, None);
        for t in &u.challenges {
            match english.get(&u.block, t) {
                Some(en) => {
                    checked.compared += 1;
                    checked.compared_unplaced += 1;
                    checked.diagnostics.extend(pair(en, t, opts, keep));
                }
                None => checked.without_english += 1,
            }
        }
    }
    checked
}

fn placed(c: &Curriculum, opts: &Options) -> (Vec<Diagnostic>, Vec<BlockRow>, usize) {
    let mut diags = Vec::new();
    let mut rows = Vec::new();
    let mut compared = 0;
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
                    compared += 1;
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
                    Code::MissingTranslation,
                    &english.source.path,
                    &english.front.id_pos,
                    format!("missing: no {} translation of this lesson yet", opts.locale),
                )),
            }
        }
        rows.push(row);
    }
    (diags, rows, compared)
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
    parity::parity(english, translated, &loc, &mut out);
    if !keep_language {
        leftover::untranslated_text(english, translated, opts, &loc, &mut out);
    }
    out.sort_by_key(|d| (d.line, d.col));
    for d in &mut out {
        d.path = path.to_path_buf();
    }
    out
}

/// A finding in the translated file; its path is filled in by [`pair`].
fn report(out: &mut Vec<Diagnostic>, code: Code, pos: Pos, message: String) {
    out.push(Diagnostic::new(code, Path::new(""), &pos, message));
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
