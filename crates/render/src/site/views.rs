//! What each kind of page shows: the template it uses and the data it gets (titles in the
//! page's language or marked as English, counts, links relative to the page).
//!
//! Whatever a page gets here must also be in its input key (`keys.rs`), or a rebuild may keep
//! the page as it was when that changes.

use anyhow::Context as _;
use serde::Serialize;
use tera::Context;

use super::languages::{self, Alternate};
use super::{Page, PageKind, Site};
use crate::challenge::Challenge;
use crate::i18n::{self, Ui};
use crate::lesson;

impl Site<'_> {
    fn common(&self, page: &Page, locale: usize, title: &str) -> anyhow::Result<Context> {
        let mut ctx = Context::new();
        let code = &self.locales[locale];
        let root = match page.kind {
            // Served at any URL, so it links from the site's root path.
            PageKind::NotFound | PageKind::LocaleNotFound { .. } => self.config.base_path(),
            _ => Self::root_of(&page.path),
        };
        ctx.insert("lang", code);
        ctx.insert("dir", i18n::direction(code));
        ctx.insert("root", &root);
        ctx.insert("site_title", &self.config.title);
        ctx.insert("page_title", title);
        let home = format!("{root}{code}/index.html");
        let linked = languages::linked_locale(page).is_some();
        // The brand link: the language's home page, or the site's root on pages of no language.
        let brand = if linked {
            home.clone()
        } else {
            format!("{root}index.html")
        };
        ctx.insert("home", &home);
        ctx.insert("brand", &brand);
        // The built-in templates read the language links from `languages.html`; a templates
        // folder may still loop over `alternates` (its `base.html` from before that file did).
        if self.config.templates.is_some() {
            let alternates = match linked {
                true => self.alternates(locale, &root, languages::rest_of(page)),
                false => Vec::new(),
            };
            ctx.insert("alternates", &alternates);
        }
        let [links, nav] = self.language_parts(page, &root)?;
        ctx.insert("language_links", &links);
        ctx.insert("language_nav", &nav);
        Ok(ctx)
    }

    pub(super) fn context(&self, page: &Page) -> anyhow::Result<(&'static str, Context)> {
        Ok(match page.kind {
            PageKind::Root => {
                let locale = self.default_locale();
                let mut ctx = self.common(page, locale, &self.config.title)?;
                let choices: Vec<Alternate> = self
                    .locales
                    .iter()
                    .map(|l| Alternate {
                        code: l.clone(),
                        name: i18n::native_name(l).to_string(),
                        href: format!("{l}/index.html"),
                        current: false,
                    })
                    .collect();
                ctx.insert("choices", &choices);
                ("index.html", ctx)
            }
            PageKind::NotFound => {
                let locale = self.default_locale();
                let title = Ui::new(&self.locales[locale]).get("not-found-title");
                ("404.html", self.common(page, locale, &title)?)
            }
            PageKind::LocaleNotFound { locale } => {
                let title = Ui::new(&self.locales[locale]).get("not-found-title");
                let mut ctx = self.common(page, locale, &title)?;
                // Back to this locale's home rather than to the choice of languages.
                let back = format!(
                    "{}{}/index.html",
                    self.config.base_path(),
                    self.locales[locale]
                );
                ctx.insert("back", &back);
                ("404.html", ctx)
            }
            PageKind::Home { locale } => {
                let mut ctx = self.common(page, locale, &self.config.title)?;
                let groups: Vec<GroupView> = (0..self.groups.len())
                    .map(|g| self.group_view(locale, g, page))
                    .collect();
                ctx.insert("groups", &groups);
                ("home.html", ctx)
            }
            PageKind::SuperBlock { locale, group } => {
                let view = self.group_view(locale, group, page);
                let mut ctx = self.common(page, locale, &view.title)?;
                ctx.insert("group", &view);
                ("superblock.html", ctx)
            }
            PageKind::Block { locale, block } => {
                let view = self.block_view(locale, block, page);
                let mut ctx = self.common(page, locale, &view.title)?;
                let g = self.blocks[block].group;
                ctx.insert("group", &self.group_link(locale, g, page));
                let lessons: Vec<LessonLink> = self.curriculum.blocks[block]
                    .lessons
                    .iter()
                    .enumerate()
                    .filter(|(l, _)| self.blocks[block].lessons[*l].is_some())
                    .filter_map(|(l, _)| self.lesson_link(page, locale, block, l))
                    .collect();
                ctx.insert("block", &view);
                ctx.insert("lessons", &lessons);
                ("block.html", ctx)
            }
            PageKind::Lesson {
                locale,
                block,
                lesson,
            } => (
                "lesson.html",
                self.lesson_context(page, locale, block, lesson)?,
            ),
        })
    }

    /// A lesson page's context: the lesson (translated or its English fallback), where it sits
    /// (crumbs, previous and next, "N of M") and how its hints run.
    fn lesson_context(
        &self,
        page: &Page,
        locale: usize,
        block: usize,
        lesson: usize,
    ) -> anyhow::Result<Context> {
        let l = &self.curriculum.blocks[block].lessons[lesson];
        let (c, translated) = self
            .choose(locale, l)
            .with_context(|| format!("lesson `{}` has no English file", l.id))?;
        let meta = &self.curriculum.blocks[block].meta.meta;
        let view = lesson::view_in(c, self.highlighter, lesson::BlockPage::from_meta(meta));
        // The lesson's fields are top-level names (`title`, `description`, `files`…), not
        // `lesson.title`: tera splits and copies a dotted name on every lookup (four string
        // replacements per name), and a lesson page looks up some forty of them.
        let mut ctx = Context::from_serialize(&view)
            .map_err(|e| anyhow::anyhow!("cannot serialize lesson `{}`: {e}", l.id))?;
        ctx.extend(self.common(page, locale, &view.title)?);
        let g = self.blocks[block].group;
        ctx.insert("group", &self.group_link(locale, g, page));
        let block_view = self.block_view(locale, block, page);
        ctx.insert("block", &block_view);
        let at = self.position.get(&(block, lesson)).copied().unwrap_or(0);
        let link = |i: usize| {
            let (b, l) = self.order[i];
            self.lesson_link(page, locale, b, l)
        };
        ctx.insert("previous", &at.checked_sub(1).and_then(link));
        ctx.insert(
            "next",
            &Some(at + 1)
                .filter(|i| *i < self.order.len())
                .and_then(link),
        );
        // "Lesson N of M" counts within the block.
        let in_block = self.blocks[block].lessons[..=lesson]
            .iter()
            .filter(|s| s.is_some())
            .count();
        ctx.insert("number", &in_block);
        ctx.insert("total", &block_view.lesson_count);
        ctx.insert("translated", &translated);
        ctx.insert(
            "content_lang",
            if translated {
                self.locales[locale].as_str()
            } else {
                "en"
            },
        );
        // The address backend tests run against by default, and whether the page shows
        // the sandbox's live user count.
        ctx.insert("sandbox_url", self.config.sandbox_url.trim_end_matches('/'));
        ctx.insert(
            "live_count",
            &view
                .runner
                .as_ref()
                .is_some_and(|r| r.kind == "backend" && self.teaches_the_counter(block)),
        );
        Ok(ctx)
    }

    /// The file a lesson page shows (the translation, or the English fallback); `None` for
    /// pages that are not lessons.
    pub fn source_of(&self, page: &super::Page) -> Option<&Challenge> {
        let super::PageKind::Lesson {
            locale,
            block,
            lesson,
        } = page.kind
        else {
            return None;
        };
        let lesson = self.curriculum.blocks.get(block)?.lessons.get(lesson)?;
        self.choose(locale, lesson).map(|(c, _)| c)
    }

    /// The challenge a locale shows for a lesson, and whether it is a translation (or English
    /// in English) rather than the English fallback.
    pub(super) fn choose<'c>(
        &self,
        locale: usize,
        lesson: &'c crate::curriculum::Lesson,
    ) -> Option<(&'c Challenge, bool)> {
        let code = &self.locales[locale];
        if code == "en" {
            return lesson.english.as_deref().map(|c| (c, true));
        }
        match lesson.translations.get(code) {
            Some(c) => Some((c, true)),
            None => lesson.english.as_deref().map(|c| (c, false)),
        }
    }

    /// Whether a block builds the sandbox's user counter, so its lessons show the live count:
    /// one of its hints checks for the counter's `'user count'` event. (Other backend blocks
    /// test other apps, where the sandbox's count means nothing.)
    pub(super) fn teaches_the_counter(&self, block: usize) -> bool {
        self.curriculum.blocks[block]
            .lessons
            .iter()
            .any(|l| l.english.as_deref().is_some_and(super::tests_the_counter))
    }

    /// A link from `page` to a lesson in `locale`, titled in the language it will show
    /// (English, marked as such, where the lesson is not translated).
    fn lesson_link(
        &self,
        page: &Page,
        locale: usize,
        block: usize,
        lesson: usize,
    ) -> Option<LessonLink> {
        let (c, translated) =
            self.choose(locale, &self.curriculum.blocks[block].lessons[lesson])?;
        Some(LessonLink {
            title: c.title().to_string(),
            href: self.href(
                page,
                PageKind::Lesson {
                    locale,
                    block,
                    lesson,
                },
            ),
            lang: if translated { None } else { Some("en".into()) },
        })
    }

    fn href(&self, from: &Page, to: PageKind) -> String {
        let mut href = Self::root_of(&from.path);
        self.push_path(&mut href, to);
        href
    }

    fn group_link(&self, locale: usize, g: usize, page: &Page) -> Link {
        let t = self
            .titles
            .superblock(&self.locales[locale], &self.groups[g].name);
        Link {
            lang: (t.lang != self.locales[locale]).then_some(t.lang),
            title: t.title,
            href: self.href(page, PageKind::SuperBlock { locale, group: g }),
        }
    }

    fn group_view(&self, locale: usize, g: usize, page: &Page) -> GroupView {
        let t = self
            .titles
            .superblock(&self.locales[locale], &self.groups[g].name);
        let blocks: Vec<BlockView> = self.groups[g]
            .blocks
            .iter()
            .map(|&b| self.block_view(locale, b, page))
            .collect();
        GroupView {
            lang: (t.lang != self.locales[locale]).then_some(t.lang),
            title: t.title,
            intro: t.intro,
            href: self.href(page, PageKind::SuperBlock { locale, group: g }),
            lesson_count: blocks.iter().map(|b| b.lesson_count).sum(),
            blocks,
        }
    }

    fn block_view(&self, locale: usize, b: usize, page: &Page) -> BlockView {
        let block = &self.curriculum.blocks[b];
        let code = &self.locales[locale];
        let t = self.titles.block(
            code,
            &self.groups[self.blocks[b].group].name,
            &block.meta.dashed_name,
            &block.meta.name,
        );
        let present = || {
            block
                .lessons
                .iter()
                .zip(&self.blocks[b].lessons)
                .filter(|(_, s)| s.is_some())
        };
        BlockView {
            lang: (t.lang != *code).then_some(t.lang),
            title: t.title,
            intro: t.intro,
            href: self.href(page, PageKind::Block { locale, block: b }),
            lesson_count: present().count(),
            translated_count: present()
                .filter(|(l, _)| code == "en" || l.translations.contains_key(code))
                .count(),
            block_type: block
                .meta
                .meta
                .get("blockType")
                .and_then(|v| v.as_str())
                .map(str::to_string),
        }
    }
}

#[derive(Debug, Serialize)]
struct Link {
    title: String,
    href: String,
    /// Set when the title is not in the page's language (an English fallback).
    lang: Option<String>,
}

#[derive(Debug, Serialize)]
struct LessonLink {
    title: String,
    href: String,
    lang: Option<String>,
}

#[derive(Debug, Serialize)]
struct GroupView {
    title: String,
    intro: Vec<String>,
    href: String,
    lang: Option<String>,
    lesson_count: usize,
    blocks: Vec<BlockView>,
}

#[derive(Debug, Serialize)]
struct BlockView {
    title: String,
    intro: Vec<String>,
    href: String,
    lang: Option<String>,
    lesson_count: usize,
    translated_count: usize,
    block_type: Option<String>,
}
