//! The site as data: which pages exist for a curriculum (the URL scheme), and rendering any one
//! of them in memory. Writing to disk is [`super::output`]'s job, so a dev server can render a
//! single page on request.
//!
//! URLs: `<locale>/index.html`, `<locale>/learn/<superblock>/index.html`,
//! `<locale>/learn/<superblock>/<block>/index.html` and
//! `<locale>/learn/<superblock>/<block>/<dashedName>/index.html`, plus the root `index.html`
//! (choose a language), `404.html`, `sitemap.xml` and `static/`. Links between pages are
//! relative, so the site also opens from disk.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use anyhow::Context as _;
use tera::Tera;

use super::config::Config;
use super::highlight::Highlighter;
use super::i18n::{Titles, Ui};
use super::templates;

mod keys;
pub(crate) use keys::executable_identity;
mod languages;
mod views;
use crate::curriculum::Curriculum;

/// What a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// `index.html`: choose a language.
    Root,
    /// `404.html`, in the default locale: served for any unknown address.
    NotFound,
    /// `<locale>/404.html`: the same in one locale, for unknown addresses under its folder.
    LocaleNotFound {
        locale: usize,
    },
    /// A locale's list of superblocks and blocks.
    Home {
        locale: usize,
    },
    SuperBlock {
        locale: usize,
        group: usize,
    },
    Block {
        locale: usize,
        block: usize,
    },
    /// `lesson` indexes the block's `lessons`.
    Lesson {
        locale: usize,
        block: usize,
        lesson: usize,
    },
}

/// A page and where it goes, relative to the output directory (always `/`-separated).
#[derive(Debug, Clone)]
pub struct Page {
    pub path: String,
    pub kind: PageKind,
}

/// A superblock as the site shows it: its blocks that exist, in order.
#[derive(Debug)]
struct Group {
    name: String,
    slug: String,
    blocks: Vec<usize>,
}

/// URL pieces of one block.
#[derive(Debug)]
struct BlockSlugs {
    group: usize,
    slug: String,
    /// Per lesson of the block; `None` for a lesson with no English file (nothing to show).
    lessons: Vec<Option<String>>,
}

/// A curriculum ready to render.
pub struct Site<'a> {
    curriculum: &'a Curriculum,
    config: &'a Config,
    highlighter: &'a Highlighter,
    titles: Titles,
    /// Locale codes, in the order of the language switcher.
    locales: Vec<String>,
    groups: Vec<Group>,
    blocks: Vec<BlockSlugs>,
    /// Every lesson in curriculum order, as (block, lesson), for previous/next.
    order: Vec<(usize, usize)>,
    position: HashMap<(usize, usize), usize>,
    /// One template set per locale: each has its own `t()` bound to that locale.
    tera: Vec<Tera>,
    /// `static/runner-strings.<locale>.js` per locale.
    runner_strings: Vec<String>,
    pages: Vec<Page>,
    /// `languages.html` rendered once per language and folder depth.
    language_links: languages::LanguageLinks,
    /// Problems that do not stop a build (an unreadable intro.json, an unknown locale).
    pub warnings: Vec<String>,
}

/// A rendered file.
#[derive(Debug)]
pub struct Rendered {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl<'a> Site<'a> {
    pub fn new(
        curriculum: &'a Curriculum,
        config: &'a Config,
        highlighter: &'a Highlighter,
    ) -> anyhow::Result<Site<'a>> {
        let (titles, mut warnings) = Titles::load(curriculum);
        let available: Vec<&str> = curriculum
            .languages
            .iter()
            .map(|l| l.code.as_str())
            .collect();
        let locales: Vec<String> = if config.languages.is_empty() {
            available.iter().map(|s| s.to_string()).collect()
        } else {
            let mut chosen = Vec::new();
            for wanted in &config.languages {
                let code = crate::curriculum::root::code_of(wanted).unwrap_or(wanted);
                if available.contains(&code) || code == "en" {
                    if !chosen.iter().any(|c| c == code) {
                        chosen.push(code.to_string());
                    }
                } else {
                    warnings.push(format!(
                        "language `{wanted}` has no folder in the content; it is not built"
                    ));
                }
            }
            chosen
        };
        if locales.is_empty() {
            anyhow::bail!("no language to build: the content has no English folder");
        }

        let mut groups: Vec<Group> = Vec::new();
        let mut blocks = Vec::new();
        let mut used_group_slugs = HashSet::new();
        for block in &curriculum.blocks {
            let name = block.meta.superblock.as_deref().unwrap_or("unlisted");
            let group = match groups.iter().position(|g| g.name == name) {
                Some(i) => i,
                None => {
                    let slug = unique(slug(name, "superblock"), &mut used_group_slugs);
                    groups.push(Group {
                        name: name.to_string(),
                        slug,
                        blocks: Vec::new(),
                    });
                    groups.len() - 1
                }
            };
            groups[group].blocks.push(blocks.len());
            let mut used = HashSet::new();
            let lessons = block
                .lessons
                .iter()
                .map(|l| {
                    let english = l.english.as_deref()?;
                    Some(unique(slug(english.dashed_name(), &l.id), &mut used))
                })
                .collect();
            blocks.push(BlockSlugs {
                group,
                slug: slug(&block.meta.dashed_name, "block"),
                lessons,
            });
        }
        // Two blocks of one superblock with the same slug would share a folder.
        for g in &groups {
            let mut used = HashSet::new();
            for &b in &g.blocks {
                let s = std::mem::take(&mut blocks[b].slug);
                blocks[b].slug = unique(s, &mut used);
            }
        }

        let mut order = Vec::new();
        for (b, slugs) in blocks.iter().enumerate() {
            for (l, s) in slugs.lessons.iter().enumerate() {
                if s.is_some() {
                    order.push((b, l));
                }
            }
        }
        let position = order.iter().enumerate().map(|(i, k)| (*k, i)).collect();

        let tera = locales
            .iter()
            .map(|code| templates::tera(Ui::new(code), config.templates.as_deref()))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let runner_strings = tera
            .iter()
            .zip(&locales)
            .map(|(tera, code)| {
                let mut ctx = tera::Context::new();
                ctx.insert("timeout_seconds", &super::lesson::TIMEOUT_SECONDS);
                tera.render("runner-strings.js", &ctx)
                    .map_err(|e| anyhow::anyhow!(templates::describe(&e)))
                    .with_context(|| format!("cannot render the runner's {code} strings"))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;

        let mut site = Site {
            curriculum,
            config,
            highlighter,
            titles,
            locales,
            groups,
            blocks,
            order,
            position,
            tera,
            runner_strings,
            pages: Vec::new(),
            language_links: Default::default(),
            warnings,
        };
        site.pages = site.list_pages();
        site.language_links = site
            .language_links()
            .context("cannot render the language links (languages.html)")?;
        Ok(site)
    }

    fn list_pages(&self) -> Vec<Page> {
        let mut pages = vec![
            Page {
                path: "index.html".into(),
                kind: PageKind::Root,
            },
            Page {
                path: "404.html".into(),
                kind: PageKind::NotFound,
            },
        ];
        for locale in 0..self.locales.len() {
            let kinds = [
                PageKind::Home { locale },
                PageKind::LocaleNotFound { locale },
            ]
            .into_iter()
            .chain((0..self.groups.len()).map(|group| PageKind::SuperBlock { locale, group }))
            .chain((0..self.blocks.len()).map(|block| PageKind::Block { locale, block }));
            for kind in kinds {
                pages.push(Page {
                    path: self.path_of(kind),
                    kind,
                });
            }
        }
        // Lesson-major: one lesson's pages in all locales sit together, so a parallel render
        // gives them to the same thread, which highlights their shared code once and then hits
        // the memo; locale-major order had two threads racing for the same code.
        for &(block, lesson) in &self.order {
            for locale in 0..self.locales.len() {
                let kind = PageKind::Lesson {
                    locale,
                    block,
                    lesson,
                };
                pages.push(Page {
                    path: self.path_of(kind),
                    kind,
                });
            }
        }
        pages
    }

    /// Every page of the site.
    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    /// The path part of the base URL, for root-absolute links.
    pub fn base_path(&self) -> String {
        self.config.base_path()
    }

    pub fn locales(&self) -> &[String] {
        &self.locales
    }

    /// Lessons with a page (per locale).
    pub fn lesson_count(&self) -> usize {
        self.order.len()
    }

    /// The page at a relative path (`uk/learn/…/index.html`), for a server.
    pub fn page_at(&self, path: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.path == path)
    }

    /// The output path of a page kind.
    pub fn path_of(&self, kind: PageKind) -> String {
        let mut path = String::new();
        self.push_path(&mut path, kind);
        path
    }

    /// [`Self::path_of`] onto the end of `out`. Pages link to a few dozen others each: pushing
    /// the pieces rather than nesting `format!`s halved what a link's address costs (2.2 k
    /// instructions with them, callgrind, real tree).
    pub(super) fn push_path(&self, out: &mut String, kind: PageKind) {
        let learn = |out: &mut String, locale: usize| {
            out.push_str(&self.locales[locale]);
            out.push_str("/learn/");
        };
        match kind {
            PageKind::Root => {}
            PageKind::NotFound => {
                out.push_str("404.html");
                return;
            }
            PageKind::LocaleNotFound { locale } => {
                out.push_str(&self.locales[locale]);
                out.push_str("/404.html");
                return;
            }
            PageKind::Home { locale } => {
                out.push_str(&self.locales[locale]);
                out.push('/');
            }
            PageKind::SuperBlock { locale, group } => {
                learn(out, locale);
                out.push_str(&self.groups[group].slug);
                out.push('/');
            }
            PageKind::Block { locale, block } => {
                let b = &self.blocks[block];
                learn(out, locale);
                out.push_str(&self.groups[b.group].slug);
                out.push('/');
                out.push_str(&b.slug);
                out.push('/');
            }
            PageKind::Lesson {
                locale,
                block,
                lesson,
            } => {
                let b = &self.blocks[block];
                learn(out, locale);
                out.push_str(&self.groups[b.group].slug);
                out.push('/');
                out.push_str(&b.slug);
                out.push('/');
                out.push_str(b.lessons[lesson].as_deref().unwrap_or("lesson"));
                out.push('/');
            }
        }
        out.push_str("index.html");
    }

    /// Files that are the same for every build of this version: stylesheets, the lesson pages'
    /// test runner, and the hint scripts it shares with `lessons test`.
    pub fn assets(&self) -> Vec<Rendered> {
        let dir = self.config.templates.as_deref();
        let mut assets = vec![
            Rendered {
                path: "static/style.css".into(),
                bytes: templates::style_css(dir).as_bytes().to_vec(),
            },
            Rendered {
                path: "static/highlight.css".into(),
                bytes: super::highlight::stylesheet().into_bytes(),
            },
        ];
        // The runner's interface text, one file per locale (a lesson page loads its own).
        for (code, js) in self.locales.iter().zip(&self.runner_strings) {
            assets.push(Rendered {
                path: format!("static/runner-strings.{code}.js"),
                bytes: js.as_bytes().to_vec(),
            });
        }
        for (name, builtin) in RUNNER_JS {
            assets.push(Rendered {
                path: format!("static/{name}"),
                bytes: static_file(dir, name, builtin),
            });
        }
        // The very files the CLI's engine loads (`crates/hints/src/js/`), unchanged: a hint means the
        // same thing in the page and in the terminal. Not overridable by a templates folder.
        for (name, source) in HINT_JS {
            assets.push(Rendered {
                path: format!("static/hints/{name}"),
                bytes: source.as_bytes().to_vec(),
            });
        }
        assets
    }

    /// `sitemap.xml`: every page but the 404, absolute when a base URL is set.
    pub fn sitemap(&self) -> Rendered {
        let base = self.config.base_url.as_deref().map_or_else(
            || "/".to_string(),
            |u| {
                if u.ends_with('/') {
                    u.to_string()
                } else {
                    format!("{u}/")
                }
            },
        );
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for page in &self.pages {
            if matches!(
                page.kind,
                PageKind::NotFound | PageKind::LocaleNotFound { .. }
            ) {
                continue;
            }
            let dir = page.path.strip_suffix("index.html").unwrap_or(&page.path);
            xml.push_str("  <url><loc>");
            xml.push_str(&super::html::escape(&format!("{base}{dir}")));
            xml.push_str("</loc></url>\n");
        }
        xml.push_str("</urlset>\n");
        Rendered {
            path: "sitemap.xml".into(),
            bytes: xml.into_bytes(),
        }
    }

    /// Renders one page into memory.
    pub fn render(&self, page: &Page) -> anyhow::Result<Rendered> {
        Ok(Rendered {
            path: page.path.clone(),
            bytes: self.render_html(page)?.into_bytes(),
        })
    }

    /// [`Site::render`] as text.
    pub fn render_html(&self, page: &Page) -> anyhow::Result<String> {
        Ok(String::from_utf8(self.render_bytes(page)?)?)
    }

    /// One page's bytes (UTF-8: tera writes text only). A build checks them with
    /// `simdutf8` before reading them: std's check, which tera's `render` runs, is several
    /// times slower on Cyrillic text and was 1.5 % of an English + Ukrainian build.
    pub fn render_bytes(&self, page: &Page) -> anyhow::Result<Vec<u8>> {
        let (template, ctx) = self.context(page)?;
        let locale = match page.kind {
            PageKind::Root | PageKind::NotFound => self.default_locale(),
            PageKind::Home { locale }
            | PageKind::LocaleNotFound { locale }
            | PageKind::SuperBlock { locale, .. }
            | PageKind::Block { locale, .. }
            | PageKind::Lesson { locale, .. } => locale,
        };
        // Room for most pages at once: tera's own buffer starts at 2 KB and is copied as it
        // doubles, up to seven times for the largest pages.
        let mut out = Vec::with_capacity(64 * 1024);
        self.tera[locale]
            .render_to(template, &ctx, &mut out)
            .map_err(|e| anyhow::anyhow!(templates::describe(&e)))
            .with_context(|| format!("cannot render {}", page.path))?;
        Ok(out)
    }

    /// The same site with another highlighter: a build decides which one (with or without the
    /// disk cache) once it knows how many pages it renders.
    pub fn with_highlighter<'b>(self, highlighter: &'b Highlighter) -> Site<'b>
    where
        'a: 'b,
    {
        Site {
            curriculum: self.curriculum,
            config: self.config,
            highlighter,
            titles: self.titles,
            locales: self.locales,
            groups: self.groups,
            blocks: self.blocks,
            order: self.order,
            position: self.position,
            tera: self.tera,
            runner_strings: self.runner_strings,
            pages: self.pages,
            language_links: self.language_links,
            warnings: self.warnings,
        }
    }

    pub(super) fn default_locale(&self) -> usize {
        self.locales
            .iter()
            .position(|l| *l == self.config.default_locale)
            .unwrap_or(0)
    }

    /// The prefix from a page to the site root (`../../`).
    /// The way up from a page to the site's root: `../` per folder, with room for the rest of
    /// an address after it.
    pub(super) fn root_of(path: &str) -> String {
        let mut up = String::with_capacity(96);
        for _ in 0..depth(path) {
            up.push_str("../");
        }
        up
    }
}

/// Whether one of a lesson's hints checks for the sandbox counter's `'user count'` event: the
/// lessons of its block then show the live count. The one thing a page shows from a lesson other
/// than its own, its neighbours' and its block's titles.
pub fn tests_the_counter(c: &crate::challenge::Challenge) -> bool {
    c.tests.iter().any(|h| h.test_string.contains("user count"))
}

/// How many folders down from the site's root a page is (the `/`s of its path).
fn depth(path: &str) -> usize {
    path.bytes().filter(|&b| b == b'/').count()
}

/// The lesson pages' runner and code editor (`templates/static/`), by file name.
const RUNNER_JS: &[(&str, &str)] = &[
    (
        "runner.js",
        include_str!("../../../templates/static/runner.js"),
    ),
    (
        "runner-worker.js",
        include_str!("../../../templates/static/runner-worker.js"),
    ),
    (
        "editor.js",
        include_str!("../../../templates/static/editor.js"),
    ),
    // Questions, quizzes and blanks answered on the page (lesson pages that have them).
    (
        "questions.js",
        include_str!("../../../templates/static/questions.js"),
    ),
];

/// The hint globals of `lessons test`, loaded by the runner's worker (JavaScript lessons) and
/// by the test page of a DOM lesson, with `$` (dollar.js) and the page side of the CLI's DOM
/// runner (dom-runner.js: the lesson page is its host, the test page its frame). `render`
/// includes the files rather than depending on `hints` (see `render`'s module docs).
const HINT_JS: &[(&str, &str)] = &[
    ("assert.js", include_str!("../../hints/src/js/assert.js")),
    ("helpers.js", include_str!("../../hints/src/js/helpers.js")),
    ("wrap.js", include_str!("../../hints/src/js/wrap.js")),
    ("dollar.js", include_str!("../../hints/src/js/dollar.js")),
    (
        "dom-runner.js",
        include_str!("../../hints/src/js/dom-runner.js"),
    ),
];

/// A file of `templates/static/`: from a templates folder when it has one (so that `lessons
/// serve` shows edits live, as with the stylesheet), else the copy built into the binary.
fn static_file(dir: Option<&Path>, name: &str, builtin: &str) -> Vec<u8> {
    dir.and_then(|d| std::fs::read(d.join("static").join(name)).ok())
        .unwrap_or_else(|| builtin.as_bytes().to_vec())
}

/// A URL path segment from a name: ASCII letters, digits, `-` and `_` only, so no content can
/// write outside the output directory or need escaping in a URL.
pub fn slug(name: &str, fallback: &str) -> String {
    let s: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let s = s.trim_matches('-');
    if s.is_empty() {
        let f = fallback.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        if f.is_empty() {
            "page".into()
        } else {
            slug(f, "page")
        }
    } else {
        s.to_string()
    }
}

/// `slug`, or `slug-2`, `slug-3`… if it is already taken.
fn unique(slug: String, used: &mut HashSet<String>) -> String {
    if used.insert(slug.clone()) {
        return slug;
    }
    (2..)
        .map(|n| format!("{slug}-{n}"))
        .find(|s| used.insert(s.clone()))
        .unwrap_or(slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_stay_inside_the_output() {
        assert_eq!(slug("split-the-bill", "x"), "split-the-bill");
        assert_eq!(slug("../../etc/passwd", "x"), "etc-passwd");
        assert_eq!(slug("..", "abc123"), "abc123");
        assert_eq!(slug("", ""), "page");
        let mut used = HashSet::new();
        assert_eq!(unique("a".into(), &mut used), "a");
        assert_eq!(unique("a".into(), &mut used), "a-2");
    }
}
