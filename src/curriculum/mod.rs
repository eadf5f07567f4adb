//! A content root → [`Curriculum`]: every language's challenges parsed in parallel, ordered by
//! the structure, and linked to their English source by `id`.

pub mod root;
pub mod structure;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use walkdir::WalkDir;

use crate::challenge::{self, Challenge};
use crate::diagnostic::{Diagnostic, Pos};
pub use root::{Language, Layout, Root};
pub use structure::{BlockMeta, OrderEntry, SuperBlock};

/// Everything under a content root.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Curriculum {
    #[serde(skip)]
    pub root: Root,
    pub layout: Layout,
    pub languages: Vec<Language>,
    pub superblocks: Vec<SuperBlock>,
    /// Blocks in curriculum order.
    pub blocks: Vec<Block>,
    /// Files that could be read, per language code.
    #[serde(skip)]
    pub files: usize,
    #[serde(skip)]
    pub bytes: u64,
}

/// A block and its lessons in `challengeOrder`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Block {
    #[serde(flatten)]
    pub meta: BlockMeta,
    pub lessons: Vec<Lesson>,
}

/// One entry of `challengeOrder`: the English challenge and its translations, by language code.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Lesson {
    pub id: String,
    pub english: Option<Challenge>,
    pub translations: BTreeMap<String, Challenge>,
}

impl Curriculum {
    /// Number of challenges (all languages).
    pub fn challenge_count(&self) -> usize {
        self.lessons()
            .map(|l| usize::from(l.english.is_some()) + l.translations.len())
            .sum()
    }

    pub fn lessons(&self) -> impl Iterator<Item = &Lesson> {
        self.blocks.iter().flat_map(|b| b.lessons.iter())
    }

    /// Challenges of one language (English for `en`), in curriculum order.
    pub fn challenges_in<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Challenge> + 'a {
        self.lessons().filter_map(move |l| {
            if code == "en" {
                l.english.as_ref()
            } else {
                l.translations.get(code)
            }
        })
    }
}

/// A challenge file found on disk: its language and the block folder it sits in.
struct Found {
    lang: usize,
    block: String,
    path: PathBuf,
}

/// Loads a content root: problems found anywhere (files, structure, links) go to `diags`.
pub fn load(path: &Path, diags: &mut Vec<Diagnostic>) -> Result<Curriculum, String> {
    let root = root::find(path)?;
    let structure = structure::read(&root, diags);

    let found: Vec<Found> = root
        .languages
        .iter()
        .enumerate()
        .flat_map(|(lang, l)| {
            WalkDir::new(&l.dir)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| {
                    e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md")
                })
                .map(move |e| Found {
                    lang,
                    block: e
                        .path()
                        .parent()
                        .and_then(Path::file_name)
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    path: e.into_path(),
                })
        })
        .collect();

    let parsed: Vec<challenge::Parsed> = found
        .par_iter()
        .map(|f| challenge::parse_file(&f.path))
        .collect();

    let files = parsed.len();
    let bytes = parsed.iter().map(|p| p.bytes).sum();
    let mut pool = Pool {
        slots: Vec::with_capacity(parsed.len()),
        by_lang: root
            .languages
            .iter()
            .map(|_| HashMap::with_capacity(parsed.len() / root.languages.len().max(1)))
            .collect(),
    };
    for (f, p) in found.iter().zip(parsed) {
        diags.extend(p.diagnostics);
        let index = pool.slots.len();
        let Some(c) = p.challenge else {
            pool.slots.push(None);
            continue;
        };
        // The first file with an id wins; later ones are reported with it.
        if let Some(first) = pool.by_lang[f.lang]
            .get(c.id())
            .and_then(|&i| pool.slots[i].as_ref())
        {
            diags.push(
                Diagnostic::error(
                    &c.source.path,
                    &c.front.id_pos,
                    format!("duplicate id `{}`", c.id()),
                )
                .also(
                    &first.source.path,
                    &first.front.id_pos,
                    "the same id is used here",
                ),
            );
            pool.slots.push(None);
            continue;
        }
        pool.by_lang[f.lang].insert(c.id().to_string(), index);
        pool.slots.push(Some(c));
    }

    let mut blocks = Vec::new();
    let mut superblocks = structure.superblocks;
    let mut metas = structure.blocks;
    for sb in &mut superblocks {
        for name in &sb.blocks {
            let Some(meta) = metas.remove(name) else {
                continue;
            };
            blocks.push(link_block(meta, &root, &mut pool, diags));
        }
    }
    // Blocks with a structure file that no superblock lists still belong to the site.
    let mut rest: Vec<BlockMeta> = metas.into_values().collect();
    rest.sort_by(|a, b| a.dashed_name.cmp(&b.dashed_name));
    for meta in rest {
        diags.push(Diagnostic::warning(
            &meta.path,
            &Pos::default(),
            format!(
                "block `{}` is not listed in any superblock",
                meta.dashed_name
            ),
        ));
        blocks.push(link_block(meta, &root, &mut pool, diags));
    }

    // Whatever is left was never claimed by a structure entry.
    let Pool { mut slots, by_lang } = pool;
    for (lang, table) in by_lang.into_iter().enumerate() {
        let english = lang == 0 && root.languages[0].code == "en";
        let mut left: Vec<usize> = table.into_values().collect();
        left.sort_unstable();
        for i in left {
            let Some(c) = slots[i].take() else { continue };
            let block = &found[i].block;
            let message = format!(
                "id `{}` is not in the `challengeOrder` of any block (the file is in `{block}`)",
                c.id()
            );
            // FORMAT.md §5: for translations, mismatches are reported but not fatal.
            diags.push(if english {
                Diagnostic::error(&c.source.path, &c.front.id_pos, message)
            } else {
                Diagnostic::warning(&c.source.path, &c.front.id_pos, message)
            });
        }
    }

    Ok(Curriculum {
        layout: root.layout,
        languages: root.languages.clone(),
        root,
        superblocks,
        blocks,
        files,
        bytes,
    })
}

/// Parsed challenges in file order, taken out one by one as the structure claims them; per
/// language, id → index. Indices rather than moving whole challenges through hash maps: that
/// copying cost a tenth of a 20,000-file load.
struct Pool {
    slots: Vec<Option<Challenge>>,
    by_lang: Vec<HashMap<String, usize>>,
}

fn link_block(meta: BlockMeta, root: &Root, pool: &mut Pool, diags: &mut Vec<Diagnostic>) -> Block {
    let mut lessons = Vec::with_capacity(meta.challenge_order.len());
    for entry in &meta.challenge_order {
        let mut lesson = Lesson {
            id: entry.id.clone(),
            english: None,
            translations: BTreeMap::new(),
        };
        for (lang, table) in pool.by_lang.iter_mut().enumerate() {
            let Some(c) = table.remove(&entry.id).and_then(|i| pool.slots[i].take()) else {
                continue;
            };
            let code = &root.languages[lang].code;
            if code == "en" {
                lesson.english = Some(c);
            } else {
                lesson.translations.insert(code.clone(), c);
            }
        }
        if lesson.english.is_none() {
            diags.push(Diagnostic::error(
                &meta.path,
                &entry.pos,
                format!(
                    "`{}` (\"{}\") is in the challengeOrder of `{}` but no English file has this id",
                    entry.id, entry.title, meta.dashed_name
                ),
            ));
        }
        lessons.push(lesson);
    }
    report_duplicate_dashed_names(&lessons, diags);
    Block { meta, lessons }
}

/// `dashedName` is unique within a block, per language (it names the lesson's URL).
fn report_duplicate_dashed_names(lessons: &[Lesson], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(&str, &str), &Challenge> = HashMap::new();
    let all = lessons.iter().flat_map(|l| {
        l.english
            .iter()
            .map(|c| ("en", c))
            .chain(l.translations.iter().map(|(k, c)| (k.as_str(), c)))
    });
    for (lang, c) in all {
        if let Some(first) = seen.get(&(lang, c.dashed_name())) {
            diags.push(
                Diagnostic::error(
                    &c.source.path,
                    &c.front.dashed_name_pos,
                    format!("duplicate dashedName `{}` in this block", c.dashed_name()),
                )
                .also(
                    &first.source.path,
                    &first.front.dashed_name_pos,
                    "the same dashedName is used here",
                ),
            );
        } else {
            seen.insert((lang, c.dashed_name()), c);
        }
    }
}
