//! The site as the dev server holds it: the curriculum, every page rendered in memory, and the
//! problems of the last rebuild. A changed lesson re-renders its block; anything else (the
//! structure, intro texts, templates, settings) rebuilds the whole site.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::challenge::{self, Challenge};
use crate::codes::Code;
use crate::curriculum::{self, Curriculum};
use crate::diagnostic::{Diagnostic, Pos};
use crate::render::Config;
use crate::render::highlight::Highlighter;
use crate::render::site::{PageKind, Site};

/// What the server shows.
pub struct Live {
    pub config: Config,
    highlighter: Highlighter,
    pub curriculum: Option<Curriculum>,
    /// Every file of the site, by path relative to the site root.
    pub files: HashMap<String, Arc<[u8]>>,
    /// Problems of the last rebuild. While there are errors, pages show them instead.
    pub problems: Vec<Diagnostic>,
    /// Bumped by every rebuild; sent to open pages so they reload.
    pub generation: u64,
    /// The preview's translation statuses per locale, with the generation they were made for.
    pub(super) preview_rows: Mutex<HashMap<String, super::preview::Statuses>>,
}

/// What a rebuild did, for the log line and for tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuilt {
    pub pages: usize,
    pub errors: usize,
    pub full: bool,
}

impl Live {
    pub fn new(config: Config) -> Live {
        let highlighter = Highlighter::new(None, config.highlight);
        Live {
            config,
            highlighter,
            curriculum: None,
            files: HashMap::new(),
            problems: Vec::new(),
            generation: 0,
            preview_rows: Mutex::default(),
        }
    }

    /// Markdown as the site renders it (highlighted code included).
    pub fn markdown_html(&self, markdown: &str) -> String {
        crate::render::markdown::to_html(markdown, &self.highlighter)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.problems.iter().filter(|d| d.is_error())
    }

    /// Loads the content and renders every page.
    pub fn rebuild_all(&mut self) -> Rebuilt {
        self.generation += 1;
        let mut diags = Vec::new();
        let loaded = curriculum::load(&self.config.content, &mut diags);
        let curriculum = match loaded {
            Ok(c) => c,
            Err(message) => {
                self.problems = vec![Diagnostic::new(
                    Code::ContentRoot,
                    &self.config.content,
                    &Pos::default(),
                    message,
                )];
                return self.outcome(0, true);
            }
        };
        if diags.iter().any(Diagnostic::is_error) {
            // The last good site stays in memory; pages show the errors until they are fixed.
            self.problems = diags;
            return self.outcome(0, true);
        }
        match render_all(&curriculum, &self.config, &self.highlighter) {
            Ok(files) => {
                let pages = files.len();
                self.files = files;
                self.curriculum = Some(curriculum);
                self.problems = diags;
                self.outcome(pages, true)
            }
            Err(e) => {
                self.problems = vec![template_problem(&self.config, &e)];
                self.outcome(0, true)
            }
        }
    }

    /// A lesson file changed: parse it alone and re-render its block. Anything this cannot
    /// handle alone (a new file, a changed id or dashedName) falls back to a full rebuild.
    pub fn rebuild_file(&mut self, path: &Path) -> Rebuilt {
        let parsed = challenge::parse_file(path);
        if parsed.diagnostics.iter().any(Diagnostic::is_error) {
            self.generation += 1;
            self.problems = parsed.diagnostics;
            return self.outcome(0, false);
        }
        // A file fixed after an error may have left other errors behind: start clean.
        if self.errors().next().is_some() || self.curriculum.is_none() {
            return self.rebuild_all();
        }
        let Some(new) = parsed.challenge else {
            return self.rebuild_all();
        };
        let Some(curriculum) = self.curriculum.as_mut() else {
            return self.rebuild_all();
        };
        let Some(block) = replace(curriculum, path, new) else {
            return self.rebuild_all();
        };
        self.generation += 1;
        let Some(curriculum) = self.curriculum.as_ref() else {
            return self.rebuild_all();
        };
        match render_block(curriculum, &self.config, &self.highlighter, block) {
            Ok(pages) => {
                let n = pages.len();
                self.files.extend(pages);
                self.problems = parsed.diagnostics;
                self.outcome(n, false)
            }
            Err(e) => {
                self.problems = vec![template_problem(&self.config, &e)];
                self.outcome(0, false)
            }
        }
    }

    fn outcome(&self, pages: usize, full: bool) -> Rebuilt {
        Rebuilt {
            pages,
            errors: self.errors().count(),
            full,
        }
    }
}

/// Puts `new` where the challenge read from `path` was. Returns its block's index, or `None`
/// when the change moves pages (a new file, another id or dashedName).
fn replace(curriculum: &mut Curriculum, path: &Path, new: Challenge) -> Option<usize> {
    let same = |c: &Challenge| same_file(&c.source.path, path);
    for (b, block) in curriculum.blocks.iter_mut().enumerate() {
        for lesson in &mut block.lessons {
            let slot = if lesson.english.as_ref().is_some_and(same) {
                lesson.english.as_mut()
            } else {
                lesson.translations.values_mut().find(|c| same(c))
            };
            if let Some(old) = slot {
                if old.id() != new.id() || old.dashed_name() != new.dashed_name() {
                    return None;
                }
                *old = new;
                return Some(b);
            }
        }
    }
    None
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

fn template_problem(config: &Config, e: &anyhow::Error) -> Diagnostic {
    let path: PathBuf = config
        .templates
        .clone()
        .unwrap_or_else(|| "templates".into());
    Diagnostic::new(Code::Template, &path, &Pos::default(), format!("{e:#}"))
}

/// Every page, asset and the sitemap, rendered in parallel.
fn render_all(
    c: &Curriculum,
    config: &Config,
    hl: &Highlighter,
) -> anyhow::Result<HashMap<String, Arc<[u8]>>> {
    let site = Site::new(c, config, hl)?;
    let mut files: HashMap<String, Arc<[u8]>> = site
        .pages()
        .par_iter()
        .map(|page| site.render(page).map(|r| (r.path, Arc::from(r.bytes))))
        .collect::<anyhow::Result<_>>()?;
    for r in site.assets().into_iter().chain([site.sitemap()]) {
        files.insert(r.path, Arc::from(r.bytes));
    }
    Ok(files)
}

/// The pages that show a block's lessons: the block page and its lessons, in every locale, and
/// the lessons just before and after the block (their previous/next links name its lessons).
fn render_block(
    c: &Curriculum,
    config: &Config,
    hl: &Highlighter,
    block: usize,
) -> anyhow::Result<Vec<(String, Arc<[u8]>)>> {
    let site = Site::new(c, config, hl)?;
    let touches = |kind: &PageKind| match *kind {
        PageKind::Block { block: b, .. } => b == block,
        PageKind::Lesson {
            block: b, lesson, ..
        } => {
            let len = c.blocks.get(b).map_or(0, |x| x.lessons.len());
            b == block || (b + 1 == block && lesson + 1 == len) || (b == block + 1 && lesson == 0)
        }
        _ => false,
    };
    site.pages()
        .par_iter()
        .filter(|p| touches(&p.kind))
        .map(|page| site.render(page).map(|r| (r.path, Arc::from(r.bytes))))
        .collect()
}
