//! The server's own pages (the translator preview, the problems, the error pages and the
//! problems banner) rendered from the templates in `templates/`: they extend the site's
//! `base.html`, so they have its header, styles and way back home, and take their text from
//! Fluent in the page's locale. They always use the built-in templates: a templates folder
//! that fails must still be able to show its own error.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use tera::{Context, Tera};

use crate::render::i18n::{self, Ui};
use crate::render::templates;

/// A page of the server: its template, title, locale and what it shows (the template's
/// variables).
pub struct View {
    pub template: &'static str,
    pub title: String,
    pub locale: String,
    pub data: serde_json::Value,
}

/// One template set per interface language, compiled when first needed (the templates are
/// built in and never change).
static TERA: LazyLock<Mutex<HashMap<String, Arc<Tera>>>> = LazyLock::new(Mutex::default);

/// The language a page's interface is in: the locale when it has strings, else English.
fn interface(locale: &str) -> &str {
    if i18n::has_ui(locale) { locale } else { "en" }
}

fn tera(lang: &str) -> anyhow::Result<Arc<Tera>> {
    let mut all = TERA
        .lock()
        .map_err(|_| anyhow::anyhow!("the server's templates are unavailable"))?;
    if let Some(t) = all.get(lang) {
        return Ok(t.clone());
    }
    let t = Arc::new(templates::server_tera(Ui::new(lang))?);
    all.insert(lang.to_string(), t.clone());
    Ok(t)
}

/// Renders `view` in the site's layout; `site_title` is `lessons.toml`'s title.
pub fn render(view: &View, site_title: &str) -> anyhow::Result<String> {
    let lang = interface(&view.locale);
    let mut ctx = Context::from_value(view.data.clone()).unwrap_or_default();
    ctx.insert("lang", lang);
    ctx.insert("dir", i18n::direction(lang));
    ctx.insert("locale", &view.locale);
    ctx.insert("root", "/");
    ctx.insert("site_title", site_title);
    ctx.insert("page_title", &view.title);
    ctx.insert("home", &format!("/{lang}/index.html"));
    ctx.insert("brand", "/index.html");
    ctx.insert("alternates", &Vec::<()>::new());
    ctx.insert("language_links", "");
    ctx.insert("language_nav", "");
    tera(lang)?
        .render(view.template, &ctx)
        .map_err(|e| anyhow::anyhow!(templates::describe(&e)))
}

/// The banner put at the top of every page while the content has errors (nothing without).
pub fn banner(locale: &str, errors: usize) -> String {
    if errors == 0 {
        return String::new();
    }
    let lang = interface(locale);
    let mut ctx = Context::new();
    ctx.insert("errors", &errors);
    tera(lang)
        .and_then(|t| {
            t.render("banner.html", &ctx)
                .map_err(|e| anyhow::anyhow!(templates::describe(&e)))
        })
        .unwrap_or_default()
}
