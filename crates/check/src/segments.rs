//! Prose split into what a translator translates: paragraphs, list items, headings and table
//! cells, then sentences. Each keeps its inline code spans and link targets (which must match
//! English) and a masked text (code, math, URLs and HTML tags removed) for language detection.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// One piece of a segment's text, with its byte offset in the markdown.
#[derive(Debug, Clone)]
enum Piece {
    Text(String, usize),
    Code(String, usize),
    /// LaTeX (`$…$`, `$$…$$`, `\(…\)`, `\[…\]`, `\begin{…}…\end{…}`): shown, never judged.
    Math(String, usize),
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
    /// For detection and comparison: code spans, math, URLs and code-like words (`a.b`,
    /// `x@y`, `['z']`) removed, whitespace folded.
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
                Piece::Code(..) | Piece::Math(..) => current.push(piece.clone()),
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
        Piece::Code(_, o) | Piece::Math(_, o) => *o,
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
            None => matches!(next, Some(Piece::Code(..) | Piece::Math(..))),
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
            Piece::Math(m, _) => {
                shown.push_str(m);
                raw.push(' ');
            }
        }
    }
    // Words are cut only once the pieces are joined: the parser splits text at quotes and
    // other punctuation, and `"keywords"` must stay one word.
    let masked: Vec<&str> = raw
        .split_whitespace()
        .filter(|w| !is_url(w) && !is_code_like(w))
        .collect();
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

/// A word that is code or an address rather than prose: `umich.edu`, `this.props`,
/// `csev@umich.edu`, `['a',`, `x_1`, `a=b`. Sentence punctuation around a word does not count.
fn is_code_like(word: &str) -> bool {
    let w = word
        .trim_start_matches(['(', '"', '\'', '«', '“'])
        .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'', '»', '”']);
    if w.contains([
        '@', '=', '{', '}', '[', ']', '<', '>', '\\', '_', '|', '^', '~', '#',
    ]) {
        return true;
    }
    // A dot between letters or digits: a file, a domain or a property, not a sentence end.
    let chars: Vec<char> = w.chars().collect();
    chars
        .windows(3)
        .any(|t| t[1] == '.' && t[0].is_alphanumeric() && t[2].is_alphanumeric())
        || word.contains("()")
}

/// Byte ranges of LaTeX in `s`: `$$…$$`, `\[…\]`, `\(…\)`, `\begin{env}…\end{env}` and `$…$`
/// (the opening `$` followed by a non-space, the closing one preceded by a non-space and not
/// followed by a digit, so that "$5 and $10" is not math). Unclosed delimiters are text.
pub fn math_ranges(s: &str) -> Vec<std::ops::Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let rest = &s[i..];
        // The end of a span opened by a two-byte delimiter and closed by `close`.
        let pair = |inner: &str, close: &str| inner.find(close).map(|j| i + 2 + j + close.len());
        let end = if let Some(inner) = rest.strip_prefix("$$") {
            pair(inner, "$$")
        } else if let Some(inner) = rest.strip_prefix("\\[") {
            pair(inner, "\\]")
        } else if let Some(inner) = rest.strip_prefix("\\(") {
            pair(inner, "\\)")
        } else if let Some(env) = rest.strip_prefix("\\begin{") {
            env.find('}').and_then(|k| {
                let close = format!("\\end{{{}}}", &env[..k]);
                rest.find(&close).map(|j| i + j + close.len())
            })
        } else if b[i] == b'$' {
            single_dollar(b, i)
        } else {
            None
        };
        match end {
            Some(end) => {
                out.push(i..end);
                i = end;
            }
            None if rest.starts_with("$$") => i += 2,
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

/// The end of `$…$` opened at `i`, if it is closed.
fn single_dollar(b: &[u8], i: usize) -> Option<usize> {
    let first = *b.get(i + 1)?;
    if first.is_ascii_whitespace() || first == b'$' {
        return None;
    }
    let mut k = i + 2;
    while k < b.len() {
        if b[k] == b'$' && b[k - 1] != b'\\' {
            let closes = !b[k - 1].is_ascii_whitespace()
                && !b.get(k + 1).is_some_and(|c| c.is_ascii_digit());
            if closes {
                return Some(k + 1);
            }
            // A `$` that cannot close (after a space) cannot open either: "$5 and $10".
            return None;
        }
        k += 1;
    }
    None
}

impl Segment {
    /// Turns the LaTeX in the segment's text into math pieces. Math may run across pieces (the
    /// parser splits text at escapes and emphasis), so the pieces are joined to find it.
    fn mask_math(&mut self) {
        let mut joined = String::new();
        let mut starts = Vec::with_capacity(self.pieces.len());
        for p in &self.pieces {
            starts.push(joined.len());
            match p {
                Piece::Text(t, _) => joined.push_str(t),
                // Inline code stands for one opaque character inside math.
                Piece::Code(..) | Piece::Math(..) => joined.push('\u{FFFC}'),
            }
        }
        if !joined.contains(['$', '\\']) {
            return;
        }
        let math = math_ranges(&joined);
        if math.is_empty() {
            return;
        }
        let mut pieces = Vec::with_capacity(self.pieces.len() + 2 * math.len());
        for (p, &start) in self.pieces.drain(..).zip(&starts) {
            let Piece::Text(text, offset) = p else {
                pieces.push(p);
                continue;
            };
            let end = start + text.len();
            let mut at = start;
            for r in math.iter().filter(|r| r.start < end && r.end > start) {
                let (a, z) = (r.start.max(start), r.end.min(end));
                if at < a {
                    pieces.push(Piece::Text(
                        text[at - start..a - start].to_string(),
                        offset + at - start,
                    ));
                }
                pieces.push(Piece::Math(
                    text[a - start..z - start].to_string(),
                    offset + a - start,
                ));
                at = z;
            }
            if at < end {
                pieces.push(Piece::Text(
                    text[at - start..].to_string(),
                    offset + at - start,
                ));
            }
        }
        self.pieces = pieces;
    }
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
                if let Some(mut seg) = current.take()
                    && !seg.pieces.is_empty()
                {
                    seg.mask_math();
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
                if let Some(mut seg) = current.take()
                    && (!seg.pieces.is_empty() || !seg.links.is_empty())
                {
                    seg.mask_math();
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

    #[test]
    fn math_is_shown_but_masked() {
        let math = |s: &str| -> Vec<String> {
            math_ranges(s)
                .into_iter()
                .map(|r| s[r].to_string())
                .collect()
        };
        assert_eq!(math("Нехай $G(n)$ і $$x^2$$."), ["$G(n)$", "$$x^2$$"]);
        assert_eq!(
            math("\\[ y = x \\] та \\( a \\)"),
            ["\\[ y = x \\]", "\\( a \\)"]
        );
        assert_eq!(
            math("\\begin{align} a \\\\ b \\end{align}."),
            ["\\begin{align} a \\\\ b \\end{align}"]
        );
        // Money is not math, nor is an unclosed delimiter.
        assert!(math("It costs $5 and $10, or $ 3$.").is_empty());
        assert!(math("$$ x").is_empty());

        let md = "Let $G(n) = \\sum_{a = 3}^n r(a, b)$ for every $n$. Then stop.\n\n$$\\begin{align} & f(3) = 3^2 = 9 \\\\ & T(2) = 104 \\end{align}$$\n";
        let segs = segments(md);
        let s = segs[0].sentences();
        assert_eq!(s.len(), 2);
        assert_eq!(
            s[0].shown,
            "Let $G(n) = \\sum_{a = 3}^n r(a, b)$ for every $n$."
        );
        assert_eq!(s[0].masked, "Let for every .");
        assert_eq!(&md[s[1].offset..s[1].offset + 4], "Then");
        assert_eq!(segs[1].whole().masked, "");
    }

    #[test]
    fn code_like_words_are_masked() {
        let segs = segments("Send it to ['csev@umich.edu', 'x'] or umich.edu, call map() now.");
        assert_eq!(segs[0].whole().masked, "Send it to or call now.");
    }
}
