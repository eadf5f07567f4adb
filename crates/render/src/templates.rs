//! The tera templates and stylesheet of `templates/`, built into the binary (a fresh clone or
//! an installed binary needs no files beside it), and `t()`: Fluent UI strings in templates.
//!
//! tera 1.20 with our own `t()` rather than fluent-templates' tera integration, which targets
//! tera 2.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, RwLock};

use anyhow::bail;
use fluent_templates::fluent_bundle::FluentValue;
use tera::{Tera, Value};

use super::i18n::Ui;

pub const STYLE_CSS: &str = include_str!("../../../templates/static/style.css");

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../../templates/base.html")),
    ("index.html", include_str!("../../../templates/index.html")),
    ("home.html", include_str!("../../../templates/home.html")),
    (
        "superblock.html",
        include_str!("../../../templates/superblock.html"),
    ),
    ("block.html", include_str!("../../../templates/block.html")),
    (
        "lesson.html",
        include_str!("../../../templates/lesson.html"),
    ),
    ("404.html", include_str!("../../../templates/404.html")),
    (
        "runner-strings.js",
        include_str!("../../../templates/runner-strings.js"),
    ),
    (
        "block-card.html",
        include_str!("../../../templates/block-card.html"),
    ),
    (
        "question.html",
        include_str!("../../../templates/question.html"),
    ),
    (
        "languages.html",
        include_str!("../../../templates/languages.html"),
    ),
];

/// Templates added after templates folders were in use: one a folder does not have comes from
/// the built-in set.
const ADDED_LATER: &[&str] = &["languages.html"];

/// The dev server's own pages (`lessons serve`): they extend `base.html` like the site's, but
/// always from the built-in set, so that a templates folder that fails can show its error.
const SERVER_TEMPLATES: &[(&str, &str)] = &[
    (
        "preview.html",
        include_str!("../../../templates/preview.html"),
    ),
    (
        "preview-index.html",
        include_str!("../../../templates/preview-index.html"),
    ),
    (
        "problems.html",
        include_str!("../../../templates/problems.html"),
    ),
    (
        "banner.html",
        include_str!("../../../templates/banner.html"),
    ),
];

/// The preview pages' stylesheet and script, served by `lessons serve` only.
pub const PREVIEW_CSS: &str = include_str!("../../../templates/static/preview.css");
pub const PREVIEW_JS: &str = include_str!("../../../templates/static/preview.js");

/// The built-in templates and the dev server's pages, with `t()` bound to one locale.
pub fn server_tera(ui: Ui) -> anyhow::Result<Tera> {
    let mut tera = tera(ui.clone(), None)?;
    tera.add_raw_templates(
        SERVER_TEMPLATES
            .iter()
            .map(|(name, source)| (*name, inline_plain_strings(name, source, &ui))),
    )
    .map_err(|e| anyhow::anyhow!("the server's templates do not compile: {}", describe(&e)))?;
    Ok(tera)
}

/// The stylesheet: from `dir/static/style.css` when a templates folder is given and has one.
pub fn style_css(dir: Option<&Path>) -> Cow<'static, str> {
    dir.and_then(|d| std::fs::read_to_string(d.join("static/style.css")).ok())
        .map_or(Cow::Borrowed(STYLE_CSS), Cow::Owned)
}

/// The templates with `t()` bound to one locale's strings: the built-in ones, or those of
/// `dir` (every name in the built-in list must be there).
pub fn tera(ui: Ui, dir: Option<&Path>) -> anyhow::Result<Tera> {
    let mut tera = Tera::default();
    match dir {
        None => tera
            .add_raw_templates(
                TEMPLATES
                    .iter()
                    .map(|(name, source)| (*name, inline_plain_strings(name, source, &ui))),
            )
            .map_err(|e| {
                anyhow::anyhow!("the built-in templates do not compile: {}", describe(&e))
            })?,
        Some(dir) => {
            let mut sources = Vec::with_capacity(TEMPLATES.len());
            for (name, built_in) in TEMPLATES {
                let path = dir.join(name);
                let text = match std::fs::read_to_string(&path) {
                    Ok(text) => text,
                    Err(e)
                        if e.kind() == std::io::ErrorKind::NotFound
                            && ADDED_LATER.contains(name) =>
                    {
                        built_in.to_string()
                    }
                    Err(e) => bail!("cannot read the template {}: {e}", path.display()),
                };
                if *name == "lesson.html"
                    && let Some(line) = old_lesson_name(&text)
                {
                    bail!(
                        "{}:{line}: `lesson.…` names what is now a top-level name: write \
                         `title`, `description`, `files`… without `lesson.` (a copy of the \
                         templates from before 2026-12-01; in an `{{% if %}}` the old name would \
                         quietly read as false)",
                        path.display()
                    );
                }
                sources.push((*name, inline_plain_strings(name, &text, &ui)));
            }
            tera.add_raw_templates(sources).map_err(|e| {
                anyhow::anyhow!(
                    "the templates in {} do not compile: {}",
                    dir.display(),
                    describe(&e)
                )
            })?;
        }
    }
    // tera's default escaping also turns `/` into `&#x2F;`: valid, but every URL becomes
    // unreadable. `&<>"'` is all that HTML text and quoted attributes need.
    tera.set_escape_fn(super::html::escape);
    // Strings are the same on every page that asks with the same arguments: each (key,
    // arguments) pair is formatted by Fluent once ("Lesson 3 of 12", "Lines 4–9 can be
    // edited"…); formatting on every call was a tenth of a lesson page's template time.
    let plain: Arc<RwLock<HashMap<String, String>>> = Arc::default();
    let formatted: Arc<RwLock<HashMap<String, String>>> = Arc::default();
    tera.register_function(
        "t",
        move |args: &HashMap<String, Value>| -> tera::Result<Value> {
            let key = args
                .get("key")
                .and_then(Value::as_str)
                .ok_or_else(|| tera::Error::msg("t() needs key=\"…\""))?;
            if args.len() == 1 {
                if let Some(s) = plain.read().ok().and_then(|m| m.get(key).cloned()) {
                    return Ok(Value::String(s));
                }
                let s = ui.get(key);
                if let Ok(mut m) = plain.write() {
                    m.insert(key.to_string(), s.clone());
                }
                return Ok(Value::String(s));
            }
            let mut names: Vec<&String> = args.keys().filter(|k| k.as_str() != "key").collect();
            names.sort();
            let mut memo = String::from(key);
            for name in names {
                // Unit separators: neither a key, a name nor a JSON value holds one raw.
                memo.push('\u{1f}');
                memo.push_str(name);
                memo.push('\u{1f}');
                memo.push_str(&args[name].to_string());
            }
            if let Some(s) = formatted.read().ok().and_then(|m| m.get(&memo).cloned()) {
                return Ok(Value::String(s));
            }
            let fluent: Vec<(&str, FluentValue<'static>)> = args
                .iter()
                .filter(|(k, _)| k.as_str() != "key")
                .map(|(k, v)| {
                    let value = match v {
                        Value::Number(n) => match n.as_i64() {
                            Some(i) => FluentValue::from(i),
                            None => FluentValue::from(n.as_f64().unwrap_or(0.0)),
                        },
                        Value::String(s) => FluentValue::from(s.clone()),
                        other => FluentValue::from(other.to_string()),
                    };
                    (k.as_str(), value)
                })
                .collect();
            let s = ui.get_with(key, &fluent);
            if let Ok(mut m) = formatted.write() {
                m.insert(memo, s.clone());
            }
            Ok(Value::String(s))
        },
    );
    Ok(tera)
}

/// The line of the first `lesson.` name inside a tag (`{{ … }}`, `{% … %}`) of `lesson.html`:
/// the lesson's fields were under `lesson` before they became top-level names.
fn old_lesson_name(source: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(open) = source[from..].find('{').map(|i| from + i) {
        let close = match source.get(open + 1..open + 2) {
            Some("{") => "}}",
            Some("%") => "%}",
            _ => {
                from = open + 1;
                continue;
            }
        };
        let end = source[open..]
            .find(close)
            .map_or(source.len(), |i| open + i);
        let tag = &source[open..end];
        let mut at = 0;
        while let Some(i) = tag[at..].find("lesson.").map(|i| at + i) {
            let before = tag[..i].chars().next_back();
            if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                return Some(source[..open + i].matches('\n').count() + 1);
            }
            at = i + 1;
        }
        from = end;
    }
    None
}

/// Every `{{ t(key="…") }}` of a template's source with no argument but the key, replaced by
/// the locale's text as tera would print it (HTML-escaped in `.html` templates): the same text
/// on every page, so a function call per page was wasted work, a fifth of a lesson page's
/// template time (20 or so calls a page). Calls with arguments, with whitespace control
/// (`{{-`), or whose text holds a `{` or a line break (which tera would read as syntax, or
/// which would move the line numbers of template errors) stay calls. A template with a
/// `{% raw %}` block is left as it is: a call written there is text to print, not a call.
fn inline_plain_strings(name: &str, source: &str, ui: &Ui) -> String {
    if has_raw_block(source) {
        return source.to_string();
    }
    let escape = [".html", ".htm", ".xml"].iter().any(|x| name.ends_with(x));
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some((len, key)) = plain_call(rest) {
            let text = ui.get(key);
            if !text.contains(['{', '\n']) {
                if escape {
                    out.push_str(&super::html::escape(&text));
                } else {
                    out.push_str(&text);
                }
                rest = &rest[len..];
                continue;
            }
        }
        out.push_str("{{");
        rest = &rest[2..];
    }
    out.push_str(rest);
    out
}

/// Whether `source` has a `{% raw %}` tag (any whitespace control and spacing).
fn has_raw_block(source: &str) -> bool {
    source.match_indices("{%").any(|(i, _)| {
        let tag = source[i + 2..].trim_start_matches('-').trim_start();
        tag.strip_prefix("raw").is_some_and(|rest| {
            rest.starts_with(|c: char| c.is_whitespace() || c == '-' || c == '%')
        })
    })
}

/// `{{ t(key="name") }}` (either quote, any spaces) at the start of `s`: its length and key.
fn plain_call(s: &str) -> Option<(usize, &str)> {
    let body = s.strip_prefix("{{")?;
    let call = body.trim_start_matches([' ', '\t']);
    let call = call.strip_prefix("t(key=")?;
    let quote = call.chars().next().filter(|q| matches!(q, '"' | '\''))?;
    let call = &call[1..];
    let end = call.find(quote)?;
    let key = &call[..end];
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let after = call[end + 1..].strip_prefix(')')?;
    let close = after.trim_start_matches([' ', '\t']).strip_prefix("}}")?;
    Some((s.len() - close.len(), key))
}

/// A tera error with its causes (tera puts the useful part in the source chain).
pub fn describe(e: &tera::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_lesson_name_in_a_tag_is_found_with_its_line() {
        let builtin = include_str!("../../../templates/lesson.html");
        assert_eq!(old_lesson_name(builtin), None);
        let old = builtin.replacen("{{ title }}", "{{ lesson.title }}", 1);
        let line = builtin[..builtin.find("{{ title }}").unwrap()]
            .matches('\n')
            .count()
            + 1;
        assert_eq!(old_lesson_name(&old), Some(line));
        assert_eq!(
            old_lesson_name("a\n{%- if lesson.description | safe %}"),
            Some(2)
        );
        // Text outside tags, and names that only end in `lesson`, are not the old names.
        assert_eq!(old_lesson_name("one lesson. {{ my_lesson.x }}"), None);
    }

    #[test]
    fn plain_strings_are_inlined_as_tera_would_print_them() {
        let uk = Ui::new("uk");
        let source = concat!(
            r#"<a>{{ t(key="home") }}</a><b>{{t(key='home')}}</b>"#,
            r#"{{ t(key="lesson-count", count=2) }}{{- t(key="home") }}{{ t(key=x) }}"#,
            r#"{{ title }}"#,
        );
        assert_eq!(
            inline_plain_strings("page.html", source, &uk),
            concat!(
                "<a>Усі курси</a><b>Усі курси</b>",
                r#"{{ t(key="lesson-count", count=2) }}{{- t(key="home") }}{{ t(key=x) }}"#,
                r#"{{ title }}"#,
            )
        );
        // In a template with a raw block, a call may be text to print: nothing is inlined.
        let raw = r#"{% raw %}{{ t(key="home") }}{% endraw %}{{ t(key="home") }}"#;
        assert_eq!(inline_plain_strings("page.html", raw, &uk), raw);
        assert!(!has_raw_block(
            r#"{% if rawness %}{{ t(key="home") }}{% endif %}"#
        ));
        assert!(has_raw_block("{%- raw -%}x{%- endraw -%}"));
        // A page rendered both ways is the same page.
        let page = r#"<a>{{ t(key="home") }}</a><p>{{ t(key='footer') }}</p>{{ title }}"#;
        let mut ctx = tera::Context::new();
        ctx.insert("title", "<i>x</i>");
        let mut called = Tera::default();
        called.set_escape_fn(super::super::html::escape);
        called.add_raw_template("page.html", page).unwrap();
        called.register_function("t", |args: &HashMap<String, Value>| {
            let key = args["key"].as_str().unwrap_or("");
            Ok(Value::String(Ui::new("uk").get(key)))
        });
        let mut inlined = tera(uk.clone(), None).unwrap();
        inlined
            .add_raw_template("page.html", &inline_plain_strings("page.html", page, &uk))
            .unwrap();
        let called = called.render("page.html", &ctx).unwrap();
        assert!(
            called.contains("Усі курси") && called.contains("&lt;i&gt;"),
            "{called}"
        );
        assert_eq!(inlined.render("page.html", &ctx).unwrap(), called);
    }

    #[test]
    fn calls_with_arguments_are_formatted_per_argument_set() {
        // Each (key, arguments) pair is formatted once and remembered: a remembered string must
        // never answer for other arguments, a plural form included.
        let mut tera = tera(Ui::new("uk"), None).unwrap();
        let page = r#"{% for n in ns %}{{ t(key="lesson-count", count=n) }};{% endfor %}{{ t(key="lesson-position", n=2, total=12) }};{{ t(key="lesson-position", total=2, n=12) }};{{ t(key="lesson-position", n="2", total=12) }}"#;
        tera.add_raw_template("page.html", page).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("ns", &[1, 2, 5, 1, 2, 5]);
        let once = tera.render("page.html", &ctx).unwrap();
        assert_eq!(
            once,
            "1 урок;2 уроки;5 уроків;1 урок;2 уроки;5 уроків;Урок 2 з 12;Урок 12 з 2;Урок 2 з 12"
        );
        assert_eq!(tera.render("page.html", &ctx).unwrap(), once);
    }
}
