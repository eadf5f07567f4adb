//! Code compared as translators may change it: comments are theirs to translate (FORMAT.md §5),
//! everything else must stay byte for byte.

/// The code without comments, trailing spaces and blank lines, for comparing seeds and
/// solutions across languages. `ext` picks the comment syntax.
pub fn without_comments(code: &str, ext: &str) -> String {
    let stripped = match ext {
        "html" | "md" | "markup" | "xml" => strip_html(code),
        "py" | "python" | "sh" | "bash" => strip_hash(code),
        _ => strip_c_like(code),
    };
    stripped
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `//` and `/* */` comments outside string literals (js, ts, jsx, css, scss…). A `//` right
/// after `:` is kept, as in `https://`.
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
        out.push_str(&strip_c_like(&rest[body_start..body_end]));
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
}
