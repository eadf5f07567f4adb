//! Code that becomes editor files: `# --seed--` with its editable regions, `# --solutions--`,
//! hooks, and `:::interactive_editor` containers (FORMAT.md §4.3, §4.4, §4.10).

use crate::codes::Code;
use serde::Serialize;

use super::blocks::{Block, Kind};
use super::sections::{self, Section};
use super::{Ctx, Interactive};

const EDITABLE_MARKER: &str = "--fcc-editable-region--";
/// How many `-` [`EDITABLE_MARKER`] has.
const MARKER_DASHES: usize = {
    let (bytes, mut i, mut n) = (EDITABLE_MARKER.as_bytes(), 0, 0);
    while i < bytes.len() {
        n += (bytes[i] == b'-') as usize;
        i += 1;
    }
    n
};

/// One editor file. The fence language is the file's identity (FORMAT.md §4.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChallengeFile {
    pub file_key: String,
    pub name: String,
    pub ext: String,
    pub contents: String,
    pub head: String,
    pub tail: String,
    /// 0-based line indices of the two editable-region markers in the text before they were
    /// removed; empty when the file has no editable region.
    pub editable_region_boundaries: Vec<usize>,
    /// Line in the challenge file where this file's first code line is.
    #[serde(skip)]
    pub line: usize,
}

impl ChallengeFile {
    fn new(ext: &str, line: usize) -> Self {
        let name = match ext {
            "js" => "script",
            "css" => "styles",
            "py" => "main",
            _ => "index",
        };
        ChallengeFile {
            file_key: format!("index{ext}"),
            name: name.to_string(),
            ext: ext.to_string(),
            contents: String::new(),
            head: String::new(),
            tail: String::new(),
            editable_region_boundaries: Vec::new(),
            line,
        }
    }
}

/// Long fence names map to the extensions the editor uses.
fn ext_of(lang: &str) -> String {
    match lang.to_ascii_lowercase().as_str() {
        "javascript" => "js".into(),
        "python" => "py".into(),
        "typescript" => "ts".into(),
        other => other.into(),
    }
}

/// Code lines of one file, with the file line each came from, so that a problem found after
/// blocks are joined still points at its own line.
#[derive(Default)]
struct Lines {
    text: String,
    origin: Vec<usize>,
}

impl Lines {
    /// Appends a block's code the way freeCodeCamp's `get-file-visitor.js` does: joined to the
    /// code so far with a newline, unless the code so far is empty (lodash `isEmpty`), which the
    /// new code then replaces. So an empty first ```html block before the real one adds nothing.
    fn push_block(&mut self, ctx: &Ctx<'_>, block: &Block, code: &str) {
        if self.text.is_empty() {
            self.origin.clear();
        } else {
            self.text.push('\n');
        }
        self.text.push_str(code);
        let first = ctx.line(block.range.start) + 1;
        let lines = memchr::memchr_iter(b'\n', code.as_bytes()).count() + 1;
        self.origin.extend((0..lines).map(|i| first + i));
    }
}

/// Groups the code blocks of a run of blocks by extension, in order of first appearance.
fn group_by_ext<'b>(ctx: &Ctx<'_>, blocks: &'b [Block]) -> Vec<(String, Lines, &'b Block)> {
    let mut files: Vec<(String, Lines, &'b Block)> = Vec::new();
    for block in blocks {
        if let Kind::Code { lang, code, .. } = &block.kind {
            let ext = ext_of(lang);
            match files.iter_mut().find(|(e, _, _)| *e == ext) {
                Some((_, lines, first)) => {
                    if lines.text.is_empty() && !code.is_empty() {
                        *first = block; // the empty blocks before it contribute nothing
                    }
                    lines.push_block(ctx, block, code);
                }
                None => {
                    let mut lines = Lines::default();
                    lines.push_block(ctx, block, code);
                    files.push((ext, lines, block));
                }
            }
        }
    }
    files
}

pub fn seed(ctx: &mut Ctx<'_>, section: &Section<'_>) -> Vec<ChallengeFile> {
    let (preamble, subs) = sections::children(ctx, section);
    if let Some(code) = preamble.iter().find(|b| b.is_code()) {
        ctx.report(Code::SeedOutsideContents,
            code.range.start..code.range.start,
            "seed code goes under `## --seed-contents--`; this block is directly under `# --seed--`",
        );
    }
    let contents = subs.iter().find(|s| s.name == "seed-contents");
    if contents.is_none() && !section.body.is_empty() {
        ctx.report(
            Code::SeedOutsideContents,
            section.heading.range.clone(),
            "`# --seed--` has content but no `## --seed-contents--` sub-section",
        );
    }
    let mut files = Vec::new();
    if let Some(sub) = contents {
        for (ext, lines, block) in group_by_ext(ctx, sub.body) {
            let mut file = ChallengeFile::new(&ext, ctx.line(block.range.start) + 1);
            let (text, bounds) = editable_region(ctx, lines, block);
            file.contents = text;
            file.editable_region_boundaries = bounds;
            files.push(file);
        }
    }
    for sub in subs.iter().filter(|s| s.name != "seed-contents") {
        for (ext, lines, block) in group_by_ext(ctx, sub.body) {
            if lines.text.trim().is_empty() {
                ctx.report(
                    Code::EmptySeedPart,
                    block.range.start..block.range.start,
                    format!(
                        "empty ```{ext} block in `## --{}--`; remove it or add code",
                        sub.name
                    ),
                );
                continue;
            }
            match files.iter_mut().find(|f| f.ext == ext) {
                Some(file) if sub.name == "before-user-code" => file.head = lines.text,
                Some(file) => file.tail = lines.text,
                None => ctx.report(Code::SeedPartWithoutFile,
                    block.range.start..block.range.start,
                    format!(
                        "`## --{}--` has a ```{ext} block, but the seed has no {ext} file for it to go with",
                        sub.name
                    ),
                ),
            }
        }
    }
    files
}

/// The lines of `text` (split at `\n`, with their 0-based index) that hold at least as many `-`
/// as [`EDITABLE_MARKER`]: the only ones that can hold it, spaced out or not, since trimming and
/// squeezing drop whitespace only. One pass over the text that stops at `-` and `\n` alone:
/// splitting every seed and solution into lines and trimming each was 8 % of parsing the tree.
fn dashed_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let stops = memchr::memchr2_iter(b'-', b'\n', bytes).chain(std::iter::once(bytes.len()));
    let (mut index, mut start, mut dashes) = (0, 0, 0);
    stops.filter_map(move |at| {
        if at < bytes.len() && bytes[at] == b'-' {
            dashes += 1;
            return None;
        }
        let line = (dashes >= MARKER_DASHES).then(|| (index, &text[start..at]));
        (index, start, dashes) = (index + 1, at + 1, 0);
        line
    })
}

/// Removes the two `--fcc-editable-region--` lines and returns their 0-based line indices.
fn editable_region(ctx: &mut Ctx<'_>, lines: Lines, block: &Block) -> (String, Vec<usize>) {
    let mut markers = Vec::new();
    // One buffer for every line's squeezed text: a string per line of every seed was 4 % of
    // parsing the real tree.
    let mut squeezed = String::new();
    for (i, line) in dashed_lines(&lines.text) {
        let trimmed = line.trim();
        if trimmed == EDITABLE_MARKER {
            markers.push(i);
            continue;
        }
        squeezed.clear();
        squeezed.extend(trimmed.chars().filter(|c| !c.is_whitespace()));
        if squeezed.contains(EDITABLE_MARKER) {
            let at = line_span(ctx, lines.origin.get(i).copied());
            ctx.report(Code::EditableRegion,
                at,
                "malformed editable-region marker: write `--fcc-editable-region--` alone on its own line",
            );
        }
    }
    let text = if markers.is_empty() {
        lines.text
    } else {
        let kept: Vec<&str> = (lines.text.split('\n').enumerate())
            .filter(|(i, _)| !markers.contains(i))
            .map(|(_, line)| line)
            .collect();
        kept.join("\n")
    };
    let bounds = match markers.as_slice() {
        [] => Vec::new(),
        [one] => {
            let at = line_span(ctx, lines.origin.get(*one).copied());
            ctx.report(Code::EditableRegion,
                at,
                "this editable region is never closed: a file has no `--fcc-editable-region--` line or exactly two",
            );
            Vec::new()
        }
        [a, b] => vec![*a, *b],
        [_, _, third, ..] => {
            let at = line_span(ctx, lines.origin.get(*third).copied());
            ctx.report(
                Code::EditableRegion,
                at,
                format!(
                    "too many `--fcc-editable-region--` lines ({}): a file has none or exactly two",
                    markers.len()
                ),
            );
            Vec::new()
        }
    };
    let _ = block;
    (text, bounds)
}

fn line_span(ctx: &Ctx<'_>, line: Option<usize>) -> std::ops::Range<usize> {
    let Some(line) = line else { return 0..0 };
    let start = ctx.lines.line_start(line, ctx.text.len());
    let end = ctx.text[start..]
        .find('\n')
        .map_or(ctx.text.len(), |i| start + i);
    let indent = ctx.text[start..end].len() - ctx.text[start..end].trim_start().len();
    start + indent..end
}

/// Solutions: code blocks, one solution per group between thematic breaks.
pub fn solutions(ctx: &mut Ctx<'_>, body: &[Block]) -> Vec<Vec<ChallengeFile>> {
    body.split(|b| b.kind == Kind::ThematicBreak)
        .map(|group| {
            group_by_ext(ctx, group)
                .into_iter()
                .map(|(ext, lines, block)| {
                    for (i, line) in dashed_lines(&lines.text) {
                        if line.trim() == EDITABLE_MARKER {
                            let at = line_span(ctx, lines.origin.get(i).copied());
                            ctx.report(Code::EditableRegionInSolution,
                                at,
                                "editable-region markers belong in the seed only; remove this one from the solution",
                            );
                        }
                    }
                    let mut file = ChallengeFile::new(&ext, ctx.line(block.range.start) + 1);
                    file.contents = lines.text;
                    file
                })
                .collect::<Vec<_>>()
        })
        .filter(|files| !files.is_empty())
        .collect()
}

/// A hook section holds one js block (FORMAT.md §4.2).
pub fn hook(ctx: &mut Ctx<'_>, section: &Section<'_>) -> Option<String> {
    let mut codes = section.body.iter().filter(|b| b.is_code());
    let first = codes.next()?;
    if let Some(extra) = codes.next() {
        ctx.report(
            Code::HookCode,
            extra.range.start..extra.range.start,
            format!(
                "`# --{}--` holds one ```js block; this is a second one",
                section.name
            ),
        );
    }
    match &first.kind {
        Kind::Code { lang, code, .. } => {
            if !matches!(lang.as_str(), "js" | "javascript") {
                ctx.report(
                    Code::HookCode,
                    first.range.start..first.range.start,
                    format!(
                        "`# --{}--` code must be a ```js block, not ```{lang}",
                        section.name
                    ),
                );
            }
            Some(code.clone())
        }
        _ => None,
    }
}

/// `# --interactive--`: prose with `:::interactive_editor` … `:::` containers of code blocks.
pub fn interactive(ctx: &mut Ctx<'_>, section: &Section<'_>) -> Interactive {
    sections::children(ctx, section);
    let mut editors = Vec::new();
    let mut open: Option<(&Block, Vec<&Block>)> = None;
    for block in section.body {
        let directive = (block.kind == Kind::Paragraph)
            .then(|| ctx.text[block.range.clone()].trim())
            .and_then(|t| t.strip_prefix(":::"))
            .filter(|rest| !rest.starts_with(':'));
        match directive {
            Some("") => match open.take() {
                Some((_, blocks)) => editors.push(files_of(ctx, &blocks)),
                None => ctx.report(
                    Code::Container,
                    block.range.clone(),
                    "this `:::` closes a container that was never opened (`:::interactive_editor`)",
                ),
            },
            Some(name) => {
                if let Some((opened, _)) = open.replace((block, Vec::new())) {
                    unclosed(ctx, opened);
                }
                let name = name.split_whitespace().next().unwrap_or("");
                if name != "interactive_editor" {
                    ctx.report(Code::UnknownContainer,
                        block.range.clone(),
                        format!("unknown container `:::{name}`; only `:::interactive_editor` has a meaning"),
                    );
                }
            }
            None => {
                if let Some((_, blocks)) = open.as_mut()
                    && block.is_code()
                {
                    blocks.push(block);
                }
            }
        }
    }
    if let Some((opened, _)) = open {
        unclosed(ctx, opened);
    }
    let prose = ctx.prose(section);
    Interactive {
        markdown: prose.markdown,
        line: prose.line,
        editors,
    }
}

fn files_of(ctx: &Ctx<'_>, blocks: &[&Block]) -> Vec<ChallengeFile> {
    blocks
        .iter()
        .filter_map(|b| match &b.kind {
            Kind::Code { lang, code, .. } => {
                let mut file = ChallengeFile::new(&ext_of(lang), ctx.line(b.range.start) + 1);
                file.contents = code.clone();
                Some(file)
            }
            _ => None,
        })
        .collect()
}

fn unclosed(ctx: &mut Ctx<'_>, opened: &Block) {
    ctx.report(
        Code::Container,
        opened.range.clone(),
        "this container is never closed: add a line `:::` after its code blocks",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass scan finds exactly the lines a split, counted line by line, would.
    #[test]
    fn dashed_lines_are_the_lines_with_enough_dashes() {
        let texts = [
            "",
            "\n",
            "--fcc-editable-region--",
            "a\n--fcc-editable-region--\n",
            "a-b-c\n  -- fcc-editable-region --  \n------\n-----\n\n-\n--fcc-editable-region--",
            "margin-top: 1px;\n/* -- fcc - editable - region -- */\nx",
            "ü-ü-ü-ü-ü-ü\n\n",
        ];
        for text in texts {
            let naive: Vec<(usize, &str)> = text
                .split('\n')
                .enumerate()
                .filter(|(_, l)| l.matches('-').count() >= MARKER_DASHES)
                .collect();
            assert_eq!(dashed_lines(text).collect::<Vec<_>>(), naive, "{text:?}");
        }
        assert_eq!(MARKER_DASHES, EDITABLE_MARKER.matches('-').count());
    }
}
