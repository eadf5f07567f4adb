//! The language links of a page (`templates/languages.html`): the `<link rel="alternate">` tags
//! of its head and the switcher in its header.
//!
//! They differ from page to page only by the page's path inside its language folder, so the
//! template is rendered once for each language and folder depth with a stand-in for that path,
//! and each page gets the pieces joined with its own path: like Hugo's `partialCached`, with the
//! page's path filled in. Rendered on every page instead, the two loops cost 46 k instructions a
//! page, 1.3 G (4.5 % of an English build) for the two languages of the real tree (cachegrind).
//!
//! A template that does more with `a.href` than print it (a filter, a test of its text) is
//! caught: for each language and depth the pieces are checked against the first and the last
//! page there rendered in full, and unless both match, that language and depth is rendered for
//! every page as before. (Only a test that tells pages apart by some text neither of those two
//! paths has could slip through; `languages.html` says to print `a.href` as it is.)

use std::collections::HashMap;

use serde::Serialize;
use tera::Context;

use super::{Page, PageKind, Site};
use crate::i18n;

/// The two parts, as `languages.html`'s `part` names them.
const PARTS: [&str; 2] = ["head", "nav"];

/// Where a page's path goes, while rendering once for many pages: a private-use character,
/// which no path or UI string has.
const STAND_IN: &str = "\u{E000}";

/// One part for every page of a language and folder depth.
#[derive(Debug)]
enum Fill {
    /// The rendering around each place the page's path goes.
    Pieces(Vec<String>),
    /// The template does more with the path than print it: rendered for each page.
    PerPage,
}

/// Both parts, by (locale, folder depth).
#[derive(Debug, Default)]
pub(super) struct LanguageLinks(HashMap<(usize, usize), [Fill; 2]>);

/// One entry of `alternates`: the page in one of the site's languages.
#[derive(Debug, Serialize)]
pub(super) struct Alternate {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) href: String,
    pub(super) current: bool,
}

impl Site<'_> {
    /// The same page in every language of the site (`root` leads to the site's root, `rest` is
    /// the page's path inside its language folder).
    pub(super) fn alternates(&self, locale: usize, root: &str, rest: &str) -> Vec<Alternate> {
        self.locales
            .iter()
            .enumerate()
            .map(|(i, l)| Alternate {
                code: l.clone(),
                name: i18n::native_name(l).to_string(),
                href: format!("{root}{l}/{rest}"),
                current: i == locale,
            })
            .collect()
    }

    /// Renders `languages.html` for every language and folder depth of a page that has
    /// language links: once with a stand-in for the page's path, then checked against the
    /// first and the last such page rendered in full.
    pub(super) fn language_links(&self) -> anyhow::Result<LanguageLinks> {
        // (locale, depth) → the first and the last page there.
        let mut samples: HashMap<(usize, usize), (&Page, &Page)> = HashMap::new();
        for page in &self.pages {
            let Some(locale) = linked_locale(page) else {
                continue;
            };
            let depth = super::depth(&page.path);
            samples
                .entry((locale, depth))
                .and_modify(|(_, last)| *last = page)
                .or_insert((page, page));
        }
        let mut links = HashMap::new();
        for ((locale, depth), (first, last)) in samples {
            let root = Self::root_of(&first.path);
            let fill = |part| -> anyhow::Result<Fill> {
                let pieces: Vec<String> = self
                    .render_part(locale, &root, part, STAND_IN)?
                    .split(STAND_IN)
                    .map(str::to_string)
                    .collect();
                for page in [first, last] {
                    let rest = rest_of(page);
                    let whole = self.render_part(locale, &root, part, rest)?;
                    if pieces.join(&crate::html::escape(rest)) != whole {
                        return Ok(Fill::PerPage);
                    }
                }
                Ok(Fill::Pieces(pieces))
            };
            links.insert((locale, depth), [fill(PARTS[0])?, fill(PARTS[1])?]);
        }
        Ok(LanguageLinks(links))
    }

    /// A page's language links: the head's and the header's, empty for pages without them.
    pub(super) fn language_parts(&self, page: &Page, root: &str) -> anyhow::Result<[String; 2]> {
        let Some(locale) = linked_locale(page) else {
            return Ok(Default::default());
        };
        let rest = rest_of(page);
        let depth = super::depth(&page.path);
        let fills = self.language_links.0.get(&(locale, depth));
        // Escaped once for both parts, and only when a part is made of pieces.
        let escaped = std::cell::OnceCell::new();
        let part = |i: usize| -> anyhow::Result<String> {
            match fills.map(|f| &f[i]) {
                Some(Fill::Pieces(pieces)) => {
                    Ok(pieces.join(escaped.get_or_init(|| crate::html::escape(rest))))
                }
                Some(Fill::PerPage) | None => self.render_part(locale, root, PARTS[i], rest),
            }
        };
        Ok([part(0)?, part(1)?])
    }

    fn render_part(
        &self,
        locale: usize,
        root: &str,
        part: &str,
        rest: &str,
    ) -> anyhow::Result<String> {
        let code = &self.locales[locale];
        let mut ctx = Context::new();
        ctx.insert("lang", code);
        ctx.insert("dir", i18n::direction(code));
        ctx.insert("root", root);
        ctx.insert("part", part);
        ctx.insert("alternates", &self.alternates(locale, root, rest));
        self.tera[locale]
            .render("languages.html", &ctx)
            .map_err(|e| anyhow::anyhow!(super::templates::describe(&e)))
    }
}

/// A page's path inside its language folder.
pub(super) fn rest_of(page: &Page) -> &str {
    page.path.split_once('/').map_or("", |(_, r)| r)
}

/// The locale of a page that has language links (all but the root and the 404 pages).
pub(super) fn linked_locale(page: &Page) -> Option<usize> {
    match page.kind {
        PageKind::Root | PageKind::NotFound | PageKind::LocaleNotFound { .. } => None,
        PageKind::Home { locale }
        | PageKind::SuperBlock { locale, .. }
        | PageKind::Block { locale, .. }
        | PageKind::Lesson { locale, .. } => Some(locale),
    }
}
