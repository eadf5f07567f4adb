//! The body of a challenge file as a flat list of top-level markdown blocks, each with its byte
//! range in the file. Section markers, hints, seeds and answers are all sequences of top-level
//! blocks (FORMAT.md §2: only top-level siblings are searched), so this is the one place that
//! runs pulldown-cmark over the body.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// An ATX or setext heading; `marker` is the name inside `--name--` when the whole heading
    /// text is a section marker.
    Heading {
        level: u8,
        marker: Option<String>,
    },
    /// A fenced or indented code block. `lang` is the first word of the info string.
    Code {
        lang: String,
        code: String,
        fenced: bool,
        closed: bool,
    },
    Paragraph,
    ThematicBreak,
    /// Lists, block quotes, HTML blocks, tables…: prose that no section gives meaning to.
    Other,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: Kind,
    /// Byte range in the whole (normalised) file.
    pub range: Range<usize>,
}

impl Block {
    pub fn marker(&self) -> Option<(&str, u8)> {
        match &self.kind {
            Kind::Heading {
                level,
                marker: Some(m),
            } => Some((m.as_str(), *level)),
            _ => None,
        }
    }

    pub fn is_code(&self) -> bool {
        matches!(self.kind, Kind::Code { .. })
    }
}

/// Splits `text[offset..]` into top-level blocks. Offsets in the result are absolute.
pub fn parse(text: &str, offset: usize) -> Vec<Block> {
    let body = &text[offset..];
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    // The block being built at depth 0: its kind, start, and the text collected inside it.
    let mut current: Option<(Kind, usize)> = None;
    let mut inner = String::new();

    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let range = range.start + offset..range.end + offset;
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    inner.clear();
                    let kind = match &tag {
                        Tag::Heading { level, .. } => Kind::Heading {
                            level: *level as u8,
                            marker: None,
                        },
                        Tag::CodeBlock(kind) => {
                            let (lang, fenced) = match kind {
                                CodeBlockKind::Fenced(info) => (
                                    info.split_whitespace().next().unwrap_or("").to_string(),
                                    true,
                                ),
                                CodeBlockKind::Indented => (String::new(), false),
                            };
                            Kind::Code {
                                lang,
                                code: String::new(),
                                fenced,
                                closed: true,
                            }
                        }
                        Tag::Paragraph => Kind::Paragraph,
                        _ => Kind::Other,
                    };
                    current = Some((kind, range.start));
                }
                depth += 1;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if depth == 0
                    && let Some((mut kind, start)) = current.take()
                {
                    let range = start..range.end;
                    finish(&mut kind, &inner, text, &range, end);
                    blocks.push(Block { kind, range });
                }
            }
            Event::Text(t) | Event::Code(t) if depth > 0 => {
                if matches!(current, Some((Kind::Heading { .. } | Kind::Code { .. }, _))) {
                    inner.push_str(&t);
                }
            }
            Event::Rule if depth == 0 => blocks.push(Block {
                kind: Kind::ThematicBreak,
                range,
            }),
            Event::Html(_) | Event::InlineHtml(_) if depth == 0 => blocks.push(Block {
                kind: Kind::Other,
                range,
            }),
            _ => {}
        }
    }
    split_directive_fences(text, blocks)
}

/// A line that opens or closes a `:::name` container directive (remark-directive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fence {
    /// `:::name`, `:::name[label]{attrs}`: the number of colons.
    Open(usize),
    /// `:::` alone: the number of colons.
    Close(usize),
}

/// Reads one line as a container-directive fence, as micromark-extension-directive does: at most
/// three spaces of indent, three or more colons, then a name that starts with a letter (an
/// opening fence, optionally followed by a label or attributes) or nothing (a closing fence).
pub fn directive_fence(line: &str) -> Option<Fence> {
    let line = line.trim_end();
    let rest = line.trim_start_matches(' ');
    if line.len() - rest.len() > 3 {
        return None;
    }
    let after = rest.trim_start_matches(':');
    let colons = rest.len() - after.len();
    if colons < 3 {
        return None;
    }
    if after.is_empty() {
        return Some(Fence::Close(colons));
    }
    let mut chars = after.chars();
    if !chars.next().is_some_and(char::is_alphabetic) {
        return None;
    }
    let tail = after.trim_start_matches(|c: char| c.is_alphanumeric() || c == '-' || c == '_');
    (tail.is_empty() || tail.starts_with(['[', '{'])).then_some(Fence::Open(colons))
}

/// CommonMark has no container directives, so a `:::interactive_editor` line right after a
/// paragraph line (no blank line between) is folded into that paragraph, and so is a closing
/// `:::` right after one. In remark-directive, which freeCodeCamp parses with, an opening fence
/// interrupts a paragraph and a closing fence ends the open container at any line. So each such
/// line becomes a paragraph of its own here, and the lines around it paragraphs of their own.
fn split_directive_fences(text: &str, blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    // Colon counts of the containers open so far: a closing fence needs at least as many.
    let mut open: Vec<usize> = Vec::new();
    for block in blocks {
        if block.kind != Kind::Paragraph {
            out.push(block);
            continue;
        }
        let Some(source) = text.get(block.range.clone()) else {
            out.push(block);
            continue;
        };
        let mut run_start = block.range.start;
        let mut line_start = block.range.start;
        for line in source.split_inclusive('\n') {
            let line_end = line_start + line.len();
            let fence = match directive_fence(line) {
                Some(Fence::Open(n)) => {
                    open.push(n);
                    true
                }
                Some(Fence::Close(n)) if open.last().is_some_and(|&o| n >= o) => {
                    open.pop();
                    true
                }
                _ => false,
            };
            if fence {
                push_paragraph(text, &mut out, run_start..line_start);
                push_paragraph(text, &mut out, line_start..line_end);
                run_start = line_end;
            }
            line_start = line_end;
        }
        push_paragraph(text, &mut out, run_start..block.range.end);
    }
    out
}

fn push_paragraph(text: &str, out: &mut Vec<Block>, range: Range<usize>) {
    if text
        .get(range.clone())
        .is_some_and(|s| !s.trim().is_empty())
    {
        out.push(Block {
            kind: Kind::Paragraph,
            range,
        });
    }
}

fn finish(kind: &mut Kind, inner: &str, text: &str, range: &Range<usize>, end: TagEnd) {
    match kind {
        Kind::Heading { marker, .. } => {
            let t = inner.trim();
            if t.len() > 4 && t.starts_with("--") && t.ends_with("--") {
                *marker = Some(t[2..t.len() - 2].to_string());
            }
        }
        Kind::Code {
            code,
            fenced,
            closed,
            ..
        } => {
            // Like mdast's `code.value`: the content without the newline before the fence.
            code.push_str(inner.strip_suffix('\n').unwrap_or(inner));
            if *fenced && matches!(end, TagEnd::CodeBlock) {
                *closed = fence_is_closed(&text[range.clone()]);
            }
        }
        _ => {}
    }
}

/// A fenced block that runs to the end of the document without a closing fence swallows every
/// section after it; CommonMark allows that, but it is always an author's mistake here.
fn fence_is_closed(block: &str) -> bool {
    let first = block.lines().next().unwrap_or("").trim_start();
    let fence_char = match first.chars().next() {
        Some(c @ ('`' | '~')) => c,
        _ => return true,
    };
    let open_len = first.chars().take_while(|&c| c == fence_char).count();
    let mut lines = block.trim_end_matches('\n').lines();
    lines.next();
    match lines.last() {
        Some(last) => {
            let last = last.trim();
            !last.is_empty()
                && last.chars().all(|c| c == fence_char)
                && last.chars().count() >= open_len
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_level_blocks_with_ranges() {
        let t = "# --hints--\n\nText `a`.\n\n```js\nassert(1);\n```\n\n---\n\n- a\n- b\n";
        let b = parse(t, 0);
        assert_eq!(b.len(), 5);
        assert_eq!(b[0].marker(), Some(("hints", 1)));
        assert_eq!(b[1].kind, Kind::Paragraph);
        assert_eq!(&t[b[1].range.clone()], "Text `a`.\n");
        match &b[2].kind {
            Kind::Code {
                lang, code, closed, ..
            } => {
                assert_eq!(lang, "js");
                assert_eq!(code, "assert(1);");
                assert!(closed);
            }
            k => panic!("{k:?}"),
        }
        assert_eq!(b[3].kind, Kind::ThematicBreak);
        assert_eq!(b[4].kind, Kind::Other);
    }

    #[test]
    fn directive_fences_interrupt_paragraphs() {
        let t = "Text:\n:::interactive_editor\n\n```css\na {}\n```\nmore\n:::\nAfter.\n";
        let b = parse(t, 0);
        let kinds: Vec<(&str, bool)> = b
            .iter()
            .map(|b| (t[b.range.clone()].trim(), b.kind == Kind::Paragraph))
            .collect();
        assert_eq!(
            kinds,
            [
                ("Text:", true),
                (":::interactive_editor", true),
                ("```css\na {}\n```", false),
                ("more", true),
                (":::", true),
                ("After.", true),
            ]
        );
        // A `:::` with no container open, and `::: name`, stay text.
        let t = "Text\n:::\nmore ::: x\n::: note\n";
        assert_eq!(parse(t, 0).len(), 1);
    }

    #[test]
    fn directive_fence_lines() {
        assert_eq!(
            directive_fence(":::interactive_editor"),
            Some(Fence::Open(3))
        );
        assert_eq!(
            directive_fence("   ::::note[a]{b=c}  "),
            Some(Fence::Open(4))
        );
        assert_eq!(directive_fence(":::  "), Some(Fence::Close(3)));
        assert_eq!(directive_fence("    :::"), None);
        assert_eq!(directive_fence("::: note"), None);
        assert_eq!(directive_fence(":::1a"), None);
        assert_eq!(directive_fence("::a"), None);
        assert_eq!(directive_fence(":::a b"), None);
    }

    #[test]
    fn unclosed_fence() {
        let b = parse("```js\nlet a;\n# --solutions--\n", 0);
        assert!(matches!(b[0].kind, Kind::Code { closed: false, .. }));
        let b = parse("````\ncode\n```\n````\n", 0);
        assert!(matches!(b[0].kind, Kind::Code { closed: true, .. }));
    }
}
