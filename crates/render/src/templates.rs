//! The tera templates and stylesheet of `templates/`, built into the binary (a fresh clone or
//! an installed binary needs no files beside it), and `t()`: Fluent UI strings in templates.
//!
//! tera 1.20 with our own `t()` rather than fluent-templates' tera integration, which targets
//! tera 2.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, RwLock};

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
];

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
    let mut tera = tera(ui, None)?;
    tera.add_raw_templates(SERVER_TEMPLATES.iter().copied())
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
            .add_raw_templates(TEMPLATES.iter().copied())
            .map_err(|e| {
                anyhow::anyhow!("the built-in templates do not compile: {}", describe(&e))
            })?,
        Some(dir) => {
            let mut sources = Vec::with_capacity(TEMPLATES.len());
            for (name, _) in TEMPLATES {
                let path = dir.join(name);
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    anyhow::anyhow!("cannot read the template {}: {e}", path.display())
                })?;
                sources.push((*name, text));
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
    // Strings without arguments are the same on every page: look each up once.
    let plain: Arc<RwLock<HashMap<String, String>>> = Arc::default();
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
            Ok(Value::String(ui.get_with(key, &fluent)))
        },
    );
    Ok(tera)
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
