//! Prose split into what a translator translates: paragraphs, list items, headings and table
//! cells, then sentences. Each keeps its inline code spans and link targets (which must match
//! English) and a masked text (code, URLs and HTML tags removed) for language detection.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// One piece of a segment's text, with its byte offset in the markdown.
#[derive(Debug, Clone)]
enum Piece {
    Text(String, usize),
    Code(String, usize),
}

/// A paragraph (or list item, heading, table cell) of prose.
#[derive(Debug, Clone, Default)]
pub struct Segment {
    pieces: Vec<Piece>,
    /// Byte offset in the markdown where the segment's text starts.
    pub offset: usize,
    pub code_spans: Vec<String>,
    pub links: Vec<String>,
}

/// A sentence of a segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// As shown to a person: code spans in backticks, tags removed, whitespace folded.
    pub shown: String,
    /// For detection and comparison: code spans and URLs removed, whitespace folded.
    pub masked: String,
    pub offset: usize,
}

impl Segment {
    /// The whole segment as one sentence.
    pub fn whole(&self) -> Sentence {
        build(&self.pieces, self.offset)
    }

    /// The segment split at sentence ends (`.`, `!`, `?`, `…` followed by a space and a capital
    /// letter, a digit, a quote or a code span).
    pub fn sentences(&self) -> Vec<Sentence> {
        let mut out = Vec::new();
        let mut current: Vec<Piece> = Vec::new();
        // Ends the sentence gathered so far; it starts where its first piece does.
        let flush = |current: &mut Vec<Piece>, out: &mut Vec<Sentence>| {
            let first = current.first().map_or(self.offset, piece_offset);
            out.push(build(current, first));
            current.clear();
        };
        for (i, piece) in self.pieces.iter().enumerate() {
            match piece {
                Piece::Code(..) => current.push(piece.clone()),
                Piece::Text(text, offset) => {
                    let mut start = 0;
                    for end in boundaries(text, self.pieces.get(i + 1)) {
                        current.push(Piece::Text(text[start..end].to_string(), offset + start));
                        flush(&mut current, &mut out);
                        start = end;
                    }
                    current.push(Piece::Text(text[start..].to_string(), offset + start));
                }
            }
        }
        if !current.is_empty() {
            flush(&mut current, &mut out);
        }
        out.retain(|s| !s.shown.is_empty());
        // A sentence's offset is where its first non-space character is.
        out
    }
}

fn piece_offset(p: &Piece) -> usize {
    match p {
        Piece::Text(t, o) => o + (t.len() - t.trim_start().len()),
        Piece::Code(_, o) => *o,
    }
}

/// Byte indices just after each sentence end inside `text`.
fn boundaries(text: &str, next: Option<&Piece>) -> Vec<usize> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        let Some(&(_, space)) = chars.get(k + 1) else {
            continue;
        };
        if !space.is_whitespace() {
            continue;
        }
        let after = chars[k + 1..]
            .iter()
            .find(|(_, c)| !c.is_whitespace())
            .map(|&(_, c)| c);
        let starts_sentence = match after {
            Some(c) => {
                c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '\'' | '«' | '“' | '(')
            }
            // The sentence ends at the end of this text piece: a code span may start the next.
            None => matches!(next, Some(Piece::Code(..))),
        };
        if starts_sentence {
            out.push(i + c.len_utf8());
        }
    }
    out
}

fn build(pieces: &[Piece], offset: usize) -> Sentence {
    let mut shown = String::new();
    let mut raw = String::new();
    for p in pieces {
        match p {
            Piece::Text(t, _) => {
                shown.push_str(t);
                raw.push_str(t);
            }
            Piece::Code(c, _) => {
                shown.push('`');
                shown.push_str(c);
                shown.push('`');
                raw.push(' ');
            }
        }
    }
    // Words are cut only once the pieces are joined: the parser splits text at quotes and
    // other punctuation, and `"keywords"` must stay one word.
    let masked: Vec<&str> = raw.split_whitespace().filter(|w| !is_url(w)).collect();
    Sentence {
        shown: fold(&shown),
        masked: masked.join(" "),
        offset,
    }
}

fn is_url(word: &str) -> bool {
    let w = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    w.starts_with("http://") || w.starts_with("https://") || w.starts_with("www.")
}

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `href` values in a piece of HTML.
fn hrefs(html: &str, out: &mut Vec<String>) {
    let mut rest = html;
    while let Some(i) = rest.find("href=") {
        rest = &rest[i + 5..];
        let quote = rest.chars().next();
        let (value, after) = match quote {
            Some(q @ ('"' | '\'')) => match rest[1..].find(q) {
                Some(end) => (&rest[1..1 + end], &rest[1 + end..]),
                None => (&rest[1..], ""),
            },
            _ => {
                let end = rest
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(rest.len());
                (&rest[..end], &rest[end..])
            }
        };
        out.push(value.to_string());
        rest = after;
    }
}

/// Splits prose markdown into segments. Code blocks are not prose and are skipped; HTML tags
/// are dropped but the text between them is kept (`<a>` link text is translated too).
pub fn segments(markdown: &str) -> Vec<Segment> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut out: Vec<Segment> = Vec::new();
    let mut current: Option<Segment> = None;
    let mut in_code_block = false;
    // Links and code spans outside any text container (rare) still count for the section.
    let mut loose = Segment::default();
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::Item) => {
                // A list item's own paragraph (a loose list) ends the item's text so far.
                if let Some(seg) = current.take()
                    && !seg.pieces.is_empty()
                {
                    out.push(seg);
                }
                current = Some(Segment {
                    offset: range.start,
                    ..Segment::default()
                });
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item,
            ) => {
                if let Some(seg) = current.take()
                    && (!seg.pieces.is_empty() || !seg.links.is_empty())
                {
                    out.push(seg);
                }
            }
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::Link { dest_url, .. }) => {
                current
                    .as_mut()
                    .unwrap_or(&mut loose)
                    .links
                    .push(dest_url.to_string());
            }
            Event::Text(t) if !in_code_block => {
                if let Some(seg) = current.as_mut() {
                    if seg.pieces.is_empty() {
                        seg.offset = range.start;
                    }
                    seg.pieces.push(Piece::Text(t.to_string(), range.start));
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(seg) = current.as_mut() {
                    seg.pieces.push(Piece::Text(" ".into(), range.start));
                }
            }
            Event::Code(c) => {
                let seg = current.as_mut().unwrap_or(&mut loose);
                seg.code_spans.push(c.to_string());
                seg.pieces.push(Piece::Code(c.to_string(), range.start));
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                hrefs(&h, &mut current.as_mut().unwrap_or(&mut loose).links);
            }
            _ => {}
        }
    }
    if !loose.links.is_empty() || !loose.code_spans.is_empty() {
        loose.pieces.clear();
        out.push(loose);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_and_masks() {
        let md = "Відправте, коли все правильно. If you're stuck, <a href=\"https://x.org/a\" target=\"_blank\">see this</a>.\n\n- Use `npm` here. Then run `node`.\n\n```js\nignored();\n```\n";
        let segs = segments(md);
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[0].links, ["https://x.org/a"]);
        let s: Vec<String> = segs[0].sentences().into_iter().map(|s| s.shown).collect();
        assert_eq!(
            s,
            [
                "Відправте, коли все правильно.",
                "If you're stuck, see this."
            ]
        );
        let second = &segs[0].sentences()[1];
        assert_eq!(&md[second.offset..second.offset + 2], "If");
        assert_eq!(segs[1].code_spans, ["npm", "node"]);
        let s: Vec<String> = segs[1].sentences().into_iter().map(|s| s.masked).collect();
        assert_eq!(s, ["Use here.", "Then run ."]);
    }
}
