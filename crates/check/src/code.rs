//! Code compared as translators may change it: comments are theirs to translate (FORMAT.md §5),
//! everything else must stay byte for byte.
//!
//! JavaScript and TypeScript comments are found by oxc's parser, which knows regular-expression
//! literals, template strings and JSX (`/'/g` opens no string, `/\/*x/` opens no comment); a
//! small scanner is the fallback for code too broken to parse and for CSS and HTML.

use oxc_allocator::Allocator;
use oxc_parser::Parser;
use oxc_span::SourceType;

/// The code without comments, trailing spaces and blank lines, for comparing seeds and
/// solutions across languages. `ext` picks the comment syntax.
pub fn without_comments(code: &str, ext: &str) -> String {
    let stripped = match ext {
        "html" | "md" | "markup" | "xml" => strip_html(code),
        "py" | "python" | "sh" | "bash" => strip_hash(code),
        "css" => strip_block_comments(code),
        _ => match script_kind(ext) {
            Some(kind) => strip_script(code, kind),
            None => strip_c_like(code),
        },
    };
    stripped
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The parser's idea of a script file, by extension.
fn script_kind(ext: &str) -> Option<SourceType> {
    match ext {
        // freeCodeCamp's `.js` seeds are scripts or, in newer lessons, modules.
        "js" | "javascript" => Some(SourceType::unambiguous()),
        "cjs" => Some(SourceType::cjs()),
        "mjs" => Some(SourceType::mjs()),
        "jsx" => Some(SourceType::jsx()),
        "ts" | "typescript" => Some(SourceType::ts()),
        "tsx" => Some(SourceType::tsx()),
        _ => None,
    }
}

/// A script without the comments oxc finds in it (their line breaks stay, so lines keep their
/// numbers); the scanner's answer when the parser gives up on the code.
fn strip_script(code: &str, kind: SourceType) -> String {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, code, kind).parse();
    if parsed.panicked {
        return strip_c_like(code);
    }
    let mut out = String::with_capacity(code.len());
    let mut at = 0;
    for comment in &parsed.program.comments {
        let (start, end) = (comment.span.start as usize, comment.span.end as usize);
        let (Some(before), Some(inside)) = (code.get(at..start), code.get(start..end)) else {
            return strip_c_like(code);
        };
        out.push_str(before);
        out.extend(inside.chars().filter(|&c| c == '\n'));
        at = end;
    }
    out.push_str(code.get(at..).unwrap_or_default());
    out
}

/// CSS: `/* */` comments outside strings; `//` is not a comment there (`url(//cdn…)`).
fn strip_block_comments(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    loop {
        let comment = rest.find("/*");
        let quote = rest.find(['"', '\'']);
        match (comment, quote) {
            (Some(c), q) if q.is_none_or(|q| c < q) => {
                out.push_str(&rest[..c]);
                let end = rest[c + 2..]
                    .find("*/")
                    .map_or(rest.len(), |e| c + 2 + e + 2);
                out.extend(rest[c..end].chars().filter(|&ch| ch == '\n'));
                rest = &rest[end..];
            }
            (_, Some(q)) => {
                let mark = rest.as_bytes()[q] as char;
                let close = rest[q + 1..]
                    .find(mark)
                    .map_or(rest.len(), |e| q + 1 + e + 1);
                out.push_str(&rest[..close]);
                rest = &rest[close..];
            }
            _ => break,
        }
    }
    out.push_str(rest);
    out
}

/// `//` and `/* */` comments outside string literals, by scanning (SCSS, and scripts the parser
/// gives up on). A `//` right after `:` is kept, as in `https://`.
fn strip_c_like(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut chars = code.chars().peekable();
    let mut quote: Option<char> = None;
    let mut prev = '\0';
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else if c == q {
                quote = None;
            }
            prev = c;
            continue;
        }
        match (c, chars.peek()) {
            ('"' | '\'' | '`', _) => {
                quote = Some(c);
                out.push(c);
            }
            ('/', Some('/')) if prev != ':' => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut last = '\0';
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                    }
                    if last == '*' && n == '/' {
                        break;
                    }
                    last = n;
                }
            }
            _ => out.push(c),
        }
        prev = c;
    }
    out
}

fn strip_html(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => {
                out.extend(rest[start..start + end].chars().filter(|&c| c == '\n'));
                rest = &rest[start + end + 3..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    // Styles and scripts inside the page have their own comments.
    strip_c_like_in_tags(&out)
}

fn strip_c_like_in_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        let open = ["<style", "<script"]
            .iter()
            .filter_map(|t| rest.find(t).map(|i| (i, *t)))
            .min();
        let Some((i, tag)) = open else { break };
        let close = if tag == "<style" {
            "</style>"
        } else {
            "</script>"
        };
        let Some(body_start) = rest[i..].find('>').map(|j| i + j + 1) else {
            break;
        };
        let body_end = rest[body_start..]
            .find(close)
            .map_or(rest.len(), |j| body_start + j);
        out.push_str(&rest[..body_start]);
        let body = &rest[body_start..body_end];
        out.push_str(&if tag == "<style" {
            strip_block_comments(body)
        } else {
            strip_script(body, SourceType::unambiguous())
        });
        rest = &rest[body_end..];
    }
    out.push_str(rest);
    out
}

fn strip_hash(code: &str) -> String {
    code.lines()
        .map(|line| {
            let mut quote: Option<char> = None;
            for (i, c) in line.char_indices() {
                match quote {
                    Some(q) if c == q => quote = None,
                    Some(_) => {}
                    None if c == '"' || c == '\'' => quote = Some(c),
                    None if c == '#' => return &line[..i],
                    None => {}
                }
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether two texts differ only in whitespace (what translation tools do to code).
pub fn same_but_whitespace(a: &str, b: &str) -> bool {
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    squeeze(a) == squeeze(b)
}

/// The first line (0-based) where two texts differ, with both lines.
pub fn first_difference<'a>(a: &'a str, b: &'a str) -> (usize, &'a str, &'a str) {
    let mut al = a.split('\n');
    let mut bl = b.split('\n');
    let mut i = 0;
    loop {
        match (al.next(), bl.next()) {
            (Some(x), Some(y)) if x == y => i += 1,
            (x, y) => return (i, x.unwrap_or(""), y.unwrap_or("")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_ignored() {
        let en =
            "// Say hello\nconst url = 'https://x.org'; /* note */\nlet s = \"// not a comment\";";
        let uk = "// Привітайтеся\nconst url = 'https://x.org'; /* примітка */\nlet s = \"// not a comment\";";
        assert_eq!(without_comments(en, "js"), without_comments(uk, "js"));
        assert!(without_comments(en, "js").contains("// not a comment"));
        assert_eq!(
            without_comments("<p>a</p>\n<!-- hi -->\n<style>/* x */ p {}</style>", "html"),
            "<p>a</p>\n<style> p {}</style>"
        );
        assert_eq!(
            without_comments("x = 1  # one\ns = '#'", "py"),
            "x = 1\ns = '#'"
        );
        assert!(same_but_whitespace("a(1);\n  b();", "a(1);\nb();  "));
        assert_eq!(first_difference("a\nb\nc", "a\nx\nc"), (1, "b", "x"));
    }

    /// The regex-literal fixture (issue 14): comments next to regular expressions, template
    /// strings and URLs are found where the language puts them.
    #[test]
    fn regex_literals_neither_hide_nor_invent_drift() {
        // A quote inside a regex opens no string: the translated comment after it is a comment.
        let en = "const clean = s.replace(/'/g, \"\"); // remove quotes\nlet n = 1;";
        let uk = "const clean = s.replace(/'/g, \"\"); // прибрати лапки\nlet n = 1;";
        assert_eq!(without_comments(en, "js"), without_comments(uk, "js"));
        // `/*` inside a regex opens no comment: a change after it is drift.
        let en = "const re = /\\/*x/; let total = 1; /* note */";
        let uk = "const re = /\\/*x/; let total = 2; /* примітка */";
        assert_ne!(without_comments(en, "js"), without_comments(uk, "js"));
        // `//` in a regex, a template string and a URL stays code.
        let code = "const re = /\\/\\/ not a comment/;\nconst t = `// not either ${a}`;\nconst u = 'https://x.org';";
        assert_eq!(without_comments(code, "js"), code);
        let en = "const t = `${a} // kept`; // say\nconst el = <p>{/* jsx */ a}</p>;";
        let uk = "const t = `${a} // kept`; // кажи\nconst el = <p>{/* jsx */ a}</p>;";
        assert_eq!(without_comments(en, "jsx"), without_comments(uk, "jsx"));
        assert!(without_comments(en, "jsx").contains("// kept"));
        // TypeScript and a script inside HTML go through the parser too.
        assert_eq!(
            without_comments("let a: number = /'/.test(s) ? 1 : 2; // one", "ts"),
            "let a: number = /'/.test(s) ? 1 : 2;"
        );
        assert_eq!(
            without_comments("<script>\nconst q = /'/; // c\n</script>", "html"),
            "<script>\nconst q = /'/;\n</script>"
        );
        // CSS has no `//` comments: a protocol-relative URL is code.
        assert_eq!(
            without_comments("a { background: url(//cdn.x/i.png); } /* c */", "css"),
            "a { background: url(//cdn.x/i.png); }"
        );
        // Code the parser gives up on still loses its plain comments.
        assert_eq!(
            without_comments("function ( { // broken", "js"),
            "function ( {"
        );
    }
}
