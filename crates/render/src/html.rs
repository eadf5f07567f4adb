//! Small HTML helpers: escaping text, and finding the `href`/`src` values of a page for the
//! link check (a byte scan rather than a parser: it runs on every page of a large build).

use std::borrow::Cow;

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_escaped(&mut out, text);
    out
}

pub fn push_escaped(out: &mut String, text: &str) {
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

/// `html` with the first occurrence of each text (as it reads once escaped) wrapped in
/// `<mark class="untranslated" title="{title}">` (the title in the reader's language), and
/// whether every one was found. A text with inline code is not looked for: its HTML is not its
/// escaped text.
pub fn mark_untranslated<'a>(
    html: &str,
    texts: impl IntoIterator<Item = &'a str>,
    title: &str,
) -> (String, bool) {
    let mut html = html.to_string();
    let mut all = true;
    let open = format!("<mark class=\"untranslated\" title=\"{}\">", escape(title));
    for text in texts {
        let escaped = escape(text);
        match html.find(&escaped) {
            Some(i) if !text.contains('`') => {
                let mut marked = String::with_capacity(open.len() + escaped.len() + 7);
                marked.push_str(&open);
                marked.push_str(&escaped);
                marked.push_str("</mark>");
                html.replace_range(i..i + escaped.len(), &marked);
            }
            _ => all = false,
        }
    }
    (html, all)
}

/// The values of every `href=` and `src=` attribute in `html`, entity `&amp;` decoded.
pub fn links(html: &str) -> Vec<Cow<'_, str>> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    // Every page of a build goes through here, most of it highlighted code: memchr's
    // vectorised searches instead of `str` patterns (and the page handed over as text, not
    // checked as UTF-8 again) took the link check from 3 % of an English build's CPU to under
    // 1 % (perf, real tree, 2026-11-30).
    for attr in ["href=", "src="] {
        for i in memchr::memmem::find_iter(bytes, attr) {
            // An attribute name follows whitespace inside a tag.
            if i == 0 || !bytes[i - 1].is_ascii_whitespace() {
                continue;
            }
            // …and inside a tag: text never holds a raw `<`, so the nearest `<`/`>` before
            // it tells (escaped code such as `&lt;a href=&quot;x&quot;` is skipped).
            if memchr::memrchr2(b'<', b'>', &bytes[..i]).map(|j| bytes[j]) != Some(b'<') {
                continue;
            }
            let start = i + attr.len();
            let value = match bytes.get(start) {
                Some(&q @ (b'"' | b'\'')) => {
                    let rest = &html[start + 1..];
                    rest.find(q as char).map(|end| &rest[..end])
                }
                Some(_) => {
                    let rest = &html[start..];
                    let end = rest
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .unwrap_or(rest.len());
                    Some(&rest[..end])
                }
                None => None,
            };
            if let Some(v) = value {
                out.push(decode_entities(v));
            }
        }
    }
    out
}

/// The character references a URL may carry in an attribute (authored HTML can use any).
fn decode_entities(v: &str) -> Cow<'_, str> {
    if !v.contains('&') {
        return Cow::Borrowed(v);
    }
    let mut out = String::with_capacity(v.len());
    let mut rest = v;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let decoded = tail.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &tail[1..end];
            let c = match name {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn finds_links() {
        let html = r#"<a href="a/index.html">x</a> <img src='i.png'> <a href=b.html>y</a> no-href="z" &lt;a href=&quot;q&quot;"#;
        assert_eq!(links(html), vec!["a/index.html", "b.html", "i.png"]);
        assert_eq!(links(r#"<a href="a&#x2F;b&amp;c&#47;d">"#), vec!["a/b&c/d"]);
    }
}
