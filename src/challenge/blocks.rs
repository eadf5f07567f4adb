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
    blocks
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
    fn unclosed_fence() {
        let b = parse("```js\nlet a;\n# --solutions--\n", 0);
        assert!(matches!(b[0].kind, Kind::Code { closed: false, .. }));
        let b = parse("````\ncode\n```\n````\n", 0);
        assert!(matches!(b[0].kind, Kind::Code { closed: true, .. }));
    }
}
