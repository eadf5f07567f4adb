//! Input keys: for every page, a hash of everything its HTML is made from, so that a rebuild can
//! tell which pages cannot have changed and not render them at all.
//!
//! A key covers, conservatively:
//! - the site as a whole ([`Site::site_key`]): the `lessons` binary itself (its size and
//!   modification time: templates, UI strings, hint scripts and the rendering code are built
//!   into it), the settings that reach pages, the locales built and every file of a templates
//!   folder when one is used;
//! - the page's path and kind;
//! - its block ([`Site::block_key`], per locale): the superblock's and block's names, slugs,
//!   titles and intros in the locale, the block's whole meta, and each of its lessons' slug,
//!   title in the locale and whether it is translated, plus whether the block teaches the
//!   sandbox's counter. A lesson page includes its whole block, though it shows only the
//!   block's title and counts: a title change re-renders the block's lessons, and the content
//!   hashes keep the unchanged ones from being written;
//! - for a lesson page, the file it shows (path and a hash of its text: the challenge is a
//!   function of the two), whether that is a translation, its place in the block and in the
//!   curriculum, and its previous and next lessons' links (paths and titles);
//! - for a superblock page, the blocks of the superblock; for a locale's home page, every block.
//!
//! Whatever `views.rs` puts into a page's context must be covered here; `tests/build.rs`
//! compares rebuilds after every kind of edit with a build from scratch, byte for byte.

use std::path::Path;

use twox_hash::XxHash3_128;

use super::{PageKind, Site};

/// Bump when what a key covers changes, so that older keys never match.
const KEY_VERSION: &str = "lessons-page-key-1";

/// Length-prefixed fields into one xxHash3-128, so that ("ab", "c") and ("a", "bc") differ.
struct Key(XxHash3_128);

impl Key {
    fn new(tag: &str) -> Key {
        let mut k = Key(XxHash3_128::new());
        k.str(KEY_VERSION);
        k.str(tag);
        k
    }
    fn bytes(&mut self, b: &[u8]) {
        self.0.write(&(b.len() as u64).to_le_bytes());
        self.0.write(b);
    }
    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    fn opt(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.0.write(&[1]);
                self.str(s);
            }
            None => self.0.write(&[0]),
        }
    }
    fn num(&mut self, n: u128) {
        self.0.write(&n.to_le_bytes());
    }
    /// A title in a locale: its text, its language and its intro paragraphs.
    fn localized(&mut self, t: &crate::i18n::Localized) {
        self.str(&t.title);
        self.str(&t.lang);
        self.num(t.intro.len() as u128);
        for p in &t.intro {
            self.str(p);
        }
    }

    fn finish(&self) -> u128 {
        self.0.finish_128()
    }
}

impl Site<'_> {
    /// The key of every page, in the order of [`Site::pages`].
    pub fn page_keys(&self) -> Vec<u128> {
        use rayon::prelude::*;
        let site = self.site_key();
        let blocks: Vec<Vec<u128>> = (0..self.locales.len())
            .map(|locale| {
                (0..self.blocks.len())
                    .into_par_iter()
                    .map(|b| self.block_key(locale, b))
                    .collect()
            })
            .collect();
        self.pages
            .par_iter()
            .map(|page| {
                let mut k = Key::new("page");
                k.num(site);
                k.str(&page.path);
                match page.kind {
                    PageKind::Root => k.str("root"),
                    PageKind::NotFound => k.str("404"),
                    PageKind::LocaleNotFound { locale } => {
                        k.str("404");
                        k.str(&self.locales[locale]);
                    }
                    PageKind::Home { locale } => {
                        k.str("home");
                        k.str(&self.locales[locale]);
                        for g in 0..self.groups.len() {
                            self.group_into(&mut k, locale, g, &blocks[locale]);
                        }
                    }
                    PageKind::SuperBlock { locale, group } => {
                        k.str("superblock");
                        k.str(&self.locales[locale]);
                        self.group_into(&mut k, locale, group, &blocks[locale]);
                    }
                    PageKind::Block { locale, block } => {
                        k.str("block");
                        k.str(&self.locales[locale]);
                        k.num(blocks[locale][block]);
                    }
                    PageKind::Lesson {
                        locale,
                        block,
                        lesson,
                    } => {
                        k.str("lesson");
                        k.str(&self.locales[locale]);
                        k.num(blocks[locale][block]);
                        k.num(lesson as u128);
                        match self.choose(locale, &self.curriculum.blocks[block].lessons[lesson]) {
                            Some((c, translated)) => {
                                k.str(&c.source.path.to_string_lossy());
                                k.num(c.source.text_hash);
                                k.num(u128::from(translated));
                            }
                            None => k.str("no file"),
                        }
                        let at = self.position.get(&(block, lesson)).copied();
                        k.opt(at.map(|a| a.to_string()).as_deref());
                        let neighbours = at.map_or([None, None], |at| {
                            [
                                at.checked_sub(1),
                                Some(at + 1).filter(|i| *i < self.order.len()),
                            ]
                        });
                        for i in neighbours {
                            match i.map(|i| self.order[i]) {
                                Some((b, l)) => {
                                    k.str(&self.path_of(PageKind::Lesson {
                                        locale,
                                        block: b,
                                        lesson: l,
                                    }));
                                    let lesson = &self.curriculum.blocks[b].lessons[l];
                                    match self.choose(locale, lesson) {
                                        Some((c, translated)) => {
                                            k.str(c.title());
                                            k.num(u128::from(translated));
                                        }
                                        None => k.str("no file"),
                                    }
                                }
                                None => k.str("none"),
                            }
                        }
                    }
                }
                k.finish()
            })
            .collect()
    }

    /// A superblock: its name, slug, title and intro in the locale, and its blocks' keys.
    fn group_into(&self, k: &mut Key, locale: usize, g: usize, blocks: &[u128]) {
        let group = &self.groups[g];
        k.str(&group.name);
        k.str(&group.slug);
        k.localized(&self.titles.superblock(&self.locales[locale], &group.name));
        k.num(group.blocks.len() as u128);
        for &b in &group.blocks {
            k.num(blocks[b]);
        }
    }

    /// Everything of a block that its pages, its lessons' pages and the lists of blocks show.
    fn block_key(&self, locale: usize, b: usize) -> u128 {
        let code = &self.locales[locale];
        let block = &self.curriculum.blocks[b];
        let slugs = &self.blocks[b];
        let group = &self.groups[slugs.group];
        let mut k = Key::new("block");
        k.str(code);
        k.str(&group.name);
        k.str(&group.slug);
        let t = self.titles.superblock(code, &group.name);
        k.str(&t.title);
        k.str(&t.lang);
        k.str(&slugs.slug);
        k.str(&block.meta.dashed_name);
        k.str(&block.meta.name);
        k.opt(block.meta.superblock.as_deref());
        k.str(&serde_json::to_string(&block.meta.meta).unwrap_or_default());
        k.localized(&self.titles.block(
            code,
            &group.name,
            &block.meta.dashed_name,
            &block.meta.name,
        ));
        k.num(block.lessons.len() as u128);
        for (lesson, slug) in block.lessons.iter().zip(&slugs.lessons) {
            k.opt(slug.as_deref());
            k.str(&lesson.id);
            match self.choose(locale, lesson) {
                Some((c, translated)) => {
                    k.str(c.title());
                    k.num(u128::from(translated));
                }
                None => k.str("no file"),
            }
        }
        k.num(u128::from(self.teaches_the_counter(b)));
        k.finish()
    }

    /// What every page depends on: the binary, the settings that reach pages, the locales, and
    /// a templates folder's files.
    pub fn site_key(&self) -> u128 {
        let mut k = Key::new("site");
        k.str(super::super::highlight::HIGHLIGHTER_VERSION);
        k.str(env!("CARGO_PKG_VERSION"));
        match executable_identity() {
            Some(id) => k.str(&id),
            // Without it nothing can be trusted: a key no other build makes.
            None => k.str(&format!("{:?}", std::time::SystemTime::now())),
        }
        let config = super::super::Config {
            // Where the site and the cache go, and where the content is read from, are not in
            // any page (a lesson's key has its file's path).
            output: Default::default(),
            cache: Default::default(),
            content: Default::default(),
            ..self.config.clone()
        };
        k.str(&format!("{config:?}"));
        k.num(self.locales.len() as u128);
        for l in &self.locales {
            k.str(l);
        }
        if let Some(dir) = &self.config.templates {
            hash_folder(&mut k, dir);
        }
        k.finish()
    }
}

/// The running binary's path, size and modification time: a rebuilt or reinstalled `lessons`
/// renders every page again (its templates and code may differ).
pub(crate) fn executable_identity() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(&exe).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!(
        "{}:{}:{}",
        exe.display(),
        meta.len(),
        modified.as_nanos()
    ))
}

/// Every file under `dir` (sorted, by relative path and contents).
fn hash_folder(k: &mut Key, dir: &Path) {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| match e {
            Ok(e) => Some(e),
            Err(_) => {
                // Something that cannot be read: make the key one no other build makes.
                k.str(&format!("{:?}", std::time::SystemTime::now()));
                None
            }
        })
        .filter(|e| e.file_type().is_file())
        .collect();
    files.sort_by(|a, b| a.path().cmp(b.path()));
    for f in files {
        k.str(
            &f.path()
                .strip_prefix(dir)
                .unwrap_or(f.path())
                .to_string_lossy(),
        );
        match std::fs::read(f.path()) {
            Ok(bytes) => k.bytes(&bytes),
            Err(_) => k.str(&format!("{:?}", std::time::SystemTime::now())),
        }
    }
}
