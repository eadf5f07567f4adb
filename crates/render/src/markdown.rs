//! Authored markdown → HTML with pulldown-cmark (CommonMark + GFM tables and strikethrough, as
//! freeCodeCamp's parser). Inline HTML passes through as authors expect (`<dfn>`, `<a target>`,
//! `<code>`); fenced code goes through the [`Highlighter`].

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd, html};

use super::highlight::Highlighter;
use super::html::push_escaped;

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Renders a markdown fragment.
pub fn to_html(markdown: &str, hl: &Highlighter) -> String {
    let source = containers_to_html(markdown);
    let source = source.as_deref().unwrap_or(markdown);
    let mut out = String::with_capacity(source.len() * 3 / 2);
    let mut code: Option<(String, String)> = None;
    let events = Parser::new_ext(source, options()).filter_map(|event| match event {
        Event::Start(Tag::CodeBlock(kind)) => {
            let lang = match kind {
                CodeBlockKind::Fenced(info) => info
                    .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                    .next()
                    .unwrap_or("")
                    .to_string(),
                CodeBlockKind::Indented => String::new(),
            };
            code = Some((lang, String::new()));
            None
        }
        Event::Text(text) if code.is_some() => {
            if let Some((_, buf)) = code.as_mut() {
                buf.push_str(&text);
            }
            None
        }
        Event::End(TagEnd::CodeBlock) => {
            let (lang, text) = code.take().unwrap_or_default();
            Some(Event::Html(CowStr::from(code_block(&lang, &text, hl))))
        }
        other => Some(other),
    });
    html::push_html(&mut out, events);
    out
}

/// How every highlighted block opens. A block wider than the screen scrolls sideways, and a
/// scrolling region must take the keyboard's focus to be scrolled without a mouse (WCAG 2.1.1;
/// axe's `scrollable-region-focusable`, which a phone-width page fails without it).
pub const CODE_BLOCK_OPEN: &str = "<pre class=\"code\" tabindex=\"0\">";

/// A highlighted `<pre><code>` block (no trailing newline inside, as authors see it).
pub fn code_block(lang: &str, code: &str, hl: &Highlighter) -> String {
    let body = hl.code(lang, code.strip_suffix('\n').unwrap_or(code));
    let mut out = String::with_capacity(body.len() + 64);
    out.push_str(CODE_BLOCK_OPEN);
    out.push_str("<code");
    if !lang.is_empty() {
        out.push_str(" class=\"language-");
        push_escaped(&mut out, lang);
        out.push('"');
    }
    out.push('>');
    out.push_str(&body);
    out.push_str("</code></pre>\n");
    out
}

/// `:::name` … `:::` container directives (FORMAT.md §4.10) outside code fences become
/// `<div class="directive name">` blocks, so their code still renders as code and no stray
/// `:::` reaches the page. `None` when there are none (the common case, no copy).
fn containers_to_html(markdown: &str) -> Option<String> {
    if !markdown.contains(":::") {
        return None;
    }
    let mut out = String::with_capacity(markdown.len() + 64);
    let mut fence: Option<(char, usize)> = None;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim();
        let run = |c: char| trimmed.chars().take_while(|x| *x == c).count();
        match fence {
            Some((c, n)) => {
                if run(c) >= n && trimmed.chars().all(|x| x == c) {
                    fence = None;
                }
            }
            None => {
                for c in ['`', '~'] {
                    if run(c) >= 3 {
                        fence = Some((c, run(c)));
                    }
                }
                if fence.is_none() && trimmed.starts_with(":::") {
                    let name = trimmed.trim_start_matches(':').trim();
                    if name.is_empty() {
                        out.push_str("\n</div>\n\n");
                    } else {
                        let class: String = name
                            .chars()
                            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                            .collect();
                        out.push_str("\n<div class=\"directive ");
                        out.push_str(&class.replace('_', "-"));
                        out.push_str("\">\n\n");
                    }
                    continue;
                }
            }
        }
        out.push_str(line);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hl() -> Highlighter {
        Highlighter::new(None, true)
    }

    #[test]
    fn inline_html_passes_through() {
        let html = to_html(
            "A <dfn>function</dfn> and <a href=\"https://x.org\" target=\"_blank\">link</a> and `<b>`.",
            &hl(),
        );
        assert!(html.contains("<dfn>function</dfn>"), "{html}");
        assert!(html.contains("target=\"_blank\""), "{html}");
        assert!(html.contains("<code>&lt;b&gt;</code>"), "{html}");
    }

    #[test]
    fn fences_are_highlighted() {
        let html = to_html("```js\nconst a = 1;\n```\n", &hl());
        assert!(html.contains("<code class=\"language-js\">"), "{html}");
        assert!(html.contains("<span class=\"l"), "{html}");
        let plain = to_html("```nope\n<x>\n```\n", &hl());
        assert!(plain.contains("&lt;x&gt;"), "{plain}");
    }

    #[test]
    fn containers_become_divs() {
        let md = "Text\n\n:::interactive_editor\n\n```js\nlet a;\n```\n\n:::\n\nMore";
        let html = to_html(md, &hl());
        assert!(!html.contains(":::"), "{html}");
        assert!(
            html.contains("<div class=\"directive interactive-editor\">"),
            "{html}"
        );
        assert!(html.contains("</div>"), "{html}");
    }
}
