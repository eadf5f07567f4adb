//! A content root → [`Curriculum`]: every language's challenges parsed in parallel, ordered by
//! the structure, and linked to their English source by (block, id).

pub mod root;
pub mod structure;

use crate::codes::Code;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use walkdir::WalkDir;

use crate::challenge::{self, Challenge};
use crate::diagnostic::{Diagnostic, Pos};
pub use root::{Language, Layout, Root};
pub use structure::{BlockMeta, OrderEntry, SuperBlock};

/// Everything under a content root.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Curriculum {
    #[serde(skip)]
    pub root: Root,
    pub layout: Layout,
    pub languages: Vec<Language>,
    pub superblocks: Vec<SuperBlock>,
    /// Blocks in curriculum order.
    pub blocks: Vec<Block>,
    /// Files no block's `challengeOrder` places, per language and block folder.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unplaced: Vec<Unplaced>,
    /// Files that could be read, per language code.
    #[serde(skip)]
    pub files: usize,
    #[serde(skip)]
    pub bytes: u64,
}

/// A block and its lessons in `challengeOrder`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Block {
    #[serde(flatten)]
    pub meta: BlockMeta,
    pub lessons: Vec<Lesson>,
}

/// One entry of `challengeOrder`: the English challenge and its translations, by language code.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
///
/// The challenges are shared (`Arc`): `lessons serve` swaps in a new curriculum when a file is
/// saved, and copying one that shares every other challenge takes milliseconds where a deep copy
/// of the real tree took a quarter of a second.
pub struct Lesson {
    pub id: String,
    pub english: Option<Arc<Challenge>>,
    pub translations: BTreeMap<String, Arc<Challenge>>,
}

impl Curriculum {
    /// Parses in full the [shallow](challenge::Source::shallow) challenges that `wanted` picks
    /// and puts them in place; returns the problems found in them. A file that no longer
    /// parses to a challenge (changed since it was read) stays as it was, and its problems are
    /// returned.
    pub fn deepen(&mut self, wanted: impl Fn(&Challenge) -> bool) -> Vec<Diagnostic> {
        let slots: Vec<&mut Arc<Challenge>> = self
            .blocks
            .iter_mut()
            .flat_map(|b| b.lessons.iter_mut())
            .flat_map(|l| l.english.iter_mut().chain(l.translations.values_mut()))
            .filter(|c| c.source.shallow && wanted(c))
            .collect();
        let parsed: Vec<challenge::Parsed> = slots
            .par_iter()
            .map(|c| challenge::parse_file(&c.source.path))
            .collect();
        let mut diags = Vec::new();
        for (slot, p) in slots.into_iter().zip(parsed) {
            diags.extend(p.diagnostics);
            if let Some(c) = p.challenge {
                *slot = Arc::new(c);
            }
        }
        diags
    }

    /// Every challenge, placed (English and translations) or not.
    pub fn every_challenge(&self) -> impl Iterator<Item = &Challenge> {
        let placed = self
            .lessons()
            .flat_map(|l| l.english.iter().chain(l.translations.values()))
            .map(|c| &**c);
        placed.chain(self.unplaced.iter().flat_map(|u| &u.challenges))
    }

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
                l.english.as_deref()
            } else {
                l.translations.get(code).map(|c| &**c)
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

/// Challenges the structure does not place: one language's files in one block folder.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Unplaced {
    /// The block folder the files are in.
    pub block: String,
    /// Language code.
    pub lang: String,
    /// Whether the structure has a block of this name (then these ids are missing from its
    /// `challengeOrder`); otherwise the whole block is one English does not have yet.
    pub block_in_structure: bool,
    pub challenges: Vec<Challenge>,
}

impl Curriculum {
    /// Every English challenge by id, placed or not, with its block: what translations that the
    /// structure does not place are compared with.
    pub fn english_by_id(&self) -> EnglishIndex<'_> {
        let mut map: HashMap<&str, Vec<(&str, &Challenge)>> = HashMap::new();
        let placed = self.blocks.iter().flat_map(|b| {
            b.lessons
                .iter()
                .filter_map(move |l| Some((b.meta.dashed_name.as_str(), l.english.as_deref()?)))
        });
        let unplaced = self
            .unplaced
            .iter()
            .filter(|u| u.lang == "en")
            .flat_map(|u| u.challenges.iter().map(move |c| (u.block.as_str(), c)));
        for (block, c) in placed.chain(unplaced) {
            map.entry(c.id()).or_default().push((block, c));
        }
        EnglishIndex(map)
    }
}

/// English challenges by id (see [`Curriculum::english_by_id`]).
pub struct EnglishIndex<'a>(HashMap<&'a str, Vec<(&'a str, &'a Challenge)>>);

impl<'a> EnglishIndex<'a> {
    /// The English challenge a translation in `block` is compared with: the one of its
    /// (block, id), else one with its id alone, preferring the same `dashedName` when several
    /// blocks share the id.
    pub fn get(&self, block: &str, t: &Challenge) -> Option<&'a Challenge> {
        let candidates = self.0.get(t.id())?;
        candidates
            .iter()
            .find(|(b, _)| *b == block)
            .or_else(|| {
                candidates
                    .iter()
                    .find(|(_, c)| c.dashed_name() == t.dashed_name())
            })
            .or(candidates.first())
            .map(|(_, c)| *c)
    }
}

/// Loads a content root: problems found anywhere (files, structure, links) go to `diags`.
///
/// A challenge is identified by its block and its id: the same id in two blocks is normal
/// (freeCodeCamp's legacy blocks and their workshop successors share ids on purpose), the
/// same id twice in one block is an error. Every file is parsed and kept: those no block lists
/// are [`Curriculum::unplaced`].
pub fn load(path: &Path, diags: &mut Vec<Diagnostic>) -> Result<Curriculum, String> {
    load_languages(path, &[], diags)
}

/// [`load`], reading only English and the languages of `only` (codes or folder names, as in
/// `lessons.toml`'s `languages`; empty: every language): what a build of those languages needs,
/// in a fraction of the time when the content has many. Files of other languages are not read,
/// so their problems are not reported; nor are translated files in blocks the structure does
/// not list (no page shows them: 2,470 of the 16,647 Ukrainian files of the real tree, blocks
/// newer than its English).
pub fn load_languages(
    path: &Path,
    only: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Result<Curriculum, String> {
    load_languages_reusing(path, only, diags, &|_, _| false)
}

/// What a file's parse needs to know about earlier ones: whether a file of this path and text
/// hash may be read shallowly, its front matter only (see [`challenge::parse_file_reusing`]).
pub type Reuse<'a> = &'a (dyn Fn(&Path, u128) -> bool + Sync);

/// [`load_languages`], with the files `shallow` names parsed as far as their front matter only:
/// for `lessons build`, which knows from its last build which files parsed without a problem and
/// renders only the pages whose inputs changed ([`Curriculum::deepen`] parses the rest of those
/// it renders).
pub fn load_languages_reusing(
    path: &Path,
    only: &[String],
    diags: &mut Vec<Diagnostic>,
    shallow: Reuse<'_>,
) -> Result<Curriculum, String> {
    let mut root = root::find(path)?;
    if !only.is_empty() {
        root.languages.retain(|l| {
            l.code == "en"
                || only
                    .iter()
                    .any(|w| root::code_of(w).unwrap_or(w.as_str()) == l.code)
        });
    }
    let structure = structure::read(&root, diags);
    let for_site = !only.is_empty();
    let in_site = |lang: usize, block: &Path| {
        !for_site
            || root.languages[lang].code == "en"
            || block
                .file_name()
                .is_some_and(|name| structure.blocks.contains_key(&*name.to_string_lossy()))
    };
    let (found, parsed) = walk_and_parse(&root, in_site, diags, shallow);
    let files = parsed.len();
    let bytes = parsed.iter().map(|p| p.bytes).sum();
    let mut pool = Pool::fill(&root, &found, parsed, diags);

    let known: std::collections::HashSet<String> = structure.blocks.keys().cloned().collect();
    let (superblocks, blocks) = link(structure, &root, &found, &known, &mut pool, diags);
    let unplaced = leftovers(&mut pool, &root, &found, &known, diags);

    Ok(Curriculum {
        layout: root.layout,
        languages: root.languages.clone(),
        root,
        superblocks,
        blocks,
        unplaced,
        files,
        bytes,
    })
}

/// [`walk`], with each file parsed as soon as the walk finds it: the walk runs on a thread of
/// its own and hands paths to the parsing threads as it goes. Walking first and parsing after
/// kept one core idle for the length of the walk, a tenth of loading the English tree. Both
/// vectors are in the walk's order.
fn walk_and_parse(
    root: &Root,
    in_site: impl Fn(usize, &Path) -> bool + Send,
    diags: &mut Vec<Diagnostic>,
    shallow: Reuse<'_>,
) -> (Vec<Found>, Vec<challenge::Parsed>) {
    let (tx, rx) = std::sync::mpsc::channel::<(usize, PathBuf)>();
    let (walked, parsed) = std::thread::scope(|scope| {
        let walker = scope.spawn(move || {
            let mut unwalkable = Vec::new();
            let found = walk(root, in_site, &mut unwalkable, |i, path| {
                // The receiver lives until the walk ends: a send cannot fail.
                let _ = tx.send((i, path.to_path_buf()));
            });
            (found, unwalkable)
        });
        let parsed: Vec<(usize, challenge::Parsed)> = rx
            .into_iter()
            .par_bridge()
            .map(|(i, path)| (i, challenge::parse_file_reusing(&path, shallow)))
            .collect();
        let walked = walker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (walked, parsed)
    });
    let (found, unwalkable) = walked;
    diags.extend(unwalkable);
    // Each result put in its place, not sorted into it: a result is a kilobyte, and sorting
    // moves it several times.
    let mut slots: Vec<Option<challenge::Parsed>> = Vec::new();
    slots.resize_with(parsed.len(), || None);
    for (i, p) in parsed {
        if let Some(slot) = slots.get_mut(i) {
            *slot = Some(p);
        }
    }
    (found, slots.into_iter().flatten().collect())
}

/// Every challenge file under the languages of `root` for which `in_site` holds (language
/// index, block folder), each also given to `on_found` with its index as it is found. A folder
/// or file the walk cannot read is reported, not passed over: its lessons would otherwise go
/// missing without a word.
fn walk(
    root: &Root,
    in_site: impl Fn(usize, &Path) -> bool,
    diags: &mut Vec<Diagnostic>,
    mut on_found: impl FnMut(usize, &Path),
) -> Vec<Found> {
    let mut unwalkable: Vec<walkdir::Error> = Vec::new();
    let found: Vec<Found> = root
        .languages
        .iter()
        .enumerate()
        .flat_map(|(lang, l)| {
            WalkDir::new(&l.dir)
                .sort_by_file_name()
                .into_iter()
                .map(move |e| (lang, e))
        })
        .filter_map(|(lang, e)| match e {
            Ok(e) => Some((lang, e)),
            Err(err) => {
                unwalkable.push(err);
                None
            }
        })
        .filter(|(lang, e)| {
            e.file_type().is_file()
                && e.path().extension().is_some_and(|x| x == "md")
                && e.path().parent().is_some_and(|block| in_site(*lang, block))
        })
        .map(|(lang, e)| Found {
            lang,
            block: e
                .path()
                .parent()
                .and_then(Path::file_name)
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            path: e.into_path(),
        })
        .enumerate()
        .map(|(i, found)| {
            on_found(i, &found.path);
            found
        })
        .collect();
    for err in unwalkable {
        let path = err.path().unwrap_or(&root.challenges).to_path_buf();
        let why = err
            .io_error()
            .map(|io| io.to_string())
            .unwrap_or_else(|| err.to_string());
        diags.push(Diagnostic::new(
            crate::codes::Code::Unreadable,
            &path,
            &Pos::default(),
            format!("cannot read this folder or file, so its lessons are left out: {why}"),
        ));
    }
    found
}

/// The blocks in structure order (superblock by superblock, then those no superblock lists),
/// each claiming its lessons from `pool`.
fn link(
    structure: structure::Structure,
    root: &Root,
    found: &[Found],
    known: &std::collections::HashSet<String>,
    pool: &mut Pool,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<SuperBlock>, Vec<Block>) {
    let mut blocks = Vec::new();
    let mut superblocks = structure.superblocks;
    let mut metas = structure.blocks;
    for sb in &mut superblocks {
        for name in &sb.blocks {
            let Some(meta) = metas.remove(name) else {
                continue;
            };
            blocks.push(link_block(meta, root, found, known, pool, diags));
        }
    }
    // Blocks with a structure file that no superblock lists still belong to the site.
    let mut rest: Vec<BlockMeta> = metas.into_values().collect();
    rest.sort_by(|a, b| a.dashed_name.cmp(&b.dashed_name));
    for meta in rest {
        diags.push(Diagnostic::new(
            Code::BlockNotInSuperblock,
            &meta.path,
            &Pos::default(),
            format!(
                "block `{}` is not listed in any superblock: built as a block of its own",
                meta.dashed_name
            ),
        ));
        blocks.push(link_block(meta, root, found, known, pool, diags));
    }
    (superblocks, blocks)
}

/// Whatever the structure never claimed: kept and checked, not placed, grouped by language
/// and block folder.
fn leftovers(
    pool: &mut Pool,
    root: &Root,
    found: &[Found],
    known: &std::collections::HashSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Unplaced> {
    let mut unplaced: BTreeMap<(usize, String), Unplaced> = BTreeMap::new();
    for (i, slot) in pool.slots.iter_mut().enumerate() {
        let Some(c) = slot.take() else { continue };
        let f = &found[i];
        let in_structure = known.contains(&f.block);
        let english = root.languages[f.lang].code == "en";
        if in_structure || english {
            diags.push(Diagnostic::new(
                Code::NotInStructure,
                &c.source.path,
                &c.front.id_pos,
                format!(
                    "id `{}` is not in the `challengeOrder` of {}: checked, not placed in the site",
                    c.id(),
                    if in_structure {
                        format!("block `{}`", f.block)
                    } else {
                        format!("any block (the file is in `{}`)", f.block)
                    }
                ),
            ));
        }
        unplaced
            .entry((f.lang, f.block.clone()))
            .or_insert_with(|| Unplaced {
                block: f.block.clone(),
                lang: root.languages[f.lang].code.clone(),
                block_in_structure: in_structure,
                challenges: Vec::new(),
            })
            .challenges
            .push(c);
    }
    // A translated block English does not have yet: one note for the block, not one per file.
    let english_blocks: std::collections::HashSet<&str> = unplaced
        .values()
        .filter(|u| u.lang == "en")
        .map(|u| u.block.as_str())
        .collect();
    for u in unplaced.values() {
        if u.lang == "en" || u.block_in_structure || english_blocks.contains(u.block.as_str()) {
            continue;
        }
        let Some(first) = u.challenges.first() else {
            continue;
        };
        let dir = first.source.path.parent().unwrap_or(Path::new(""));
        diags.push(Diagnostic::new(
            Code::BlockNotInEnglish,
            dir,
            &Pos::default(),
            format!(
                "block `{}` ({} {} files) is not in the English structure yet: checked against \
                 English by id where English has the id, not placed in the site",
                u.block,
                u.challenges.len(),
                u.lang
            ),
        ));
    }
    unplaced.into_values().collect()
}

/// Parsed challenges in file order, taken out one by one as the structure claims them; per
/// language, (block folder, id) → index and id → indices. Indices rather than moving whole
/// challenges through hash maps: that copying cost a tenth of a 20,000-file load.
struct Pool {
    slots: Vec<Option<Challenge>>,
    by_key: Vec<HashMap<(String, String), usize>>,
    by_id: Vec<HashMap<String, Vec<usize>>>,
}

impl Pool {
    /// The parsed files in `found`'s order, their diagnostics moved to `diags`. Two files
    /// claiming one (block, id) in a language: the first one wins, the later one is reported.
    fn fill(
        root: &Root,
        found: &[Found],
        parsed: Vec<challenge::Parsed>,
        diags: &mut Vec<Diagnostic>,
    ) -> Pool {
        let mut pool = Pool {
            slots: Vec::with_capacity(parsed.len()),
            by_key: root
                .languages
                .iter()
                .map(|_| HashMap::with_capacity(parsed.len() / root.languages.len().max(1)))
                .collect(),
            by_id: root.languages.iter().map(|_| HashMap::new()).collect(),
        };
        for (f, p) in found.iter().zip(parsed) {
            diags.extend(p.diagnostics);
            let index = pool.slots.len();
            let Some(c) = p.challenge else {
                pool.slots.push(None);
                continue;
            };
            let key = (f.block.clone(), c.id().to_string());
            if let Some(first) = pool.by_key[f.lang]
                .get(&key)
                .and_then(|&i| pool.slots[i].as_ref())
            {
                diags.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        &c.source.path,
                        &c.front.id_pos,
                        format!(
                            "duplicate id `{}` in block `{}`: this file is left out",
                            c.id(),
                            f.block
                        ),
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
            pool.by_id[f.lang]
                .entry(c.id().to_string())
                .or_default()
                .push(index);
            pool.by_key[f.lang].insert(key, index);
            pool.slots.push(Some(c));
        }
        pool
    }
}

impl Pool {
    /// Takes the challenge of (block, id) in language `lang`; failing that, one with this id in a
    /// folder that is not a structure block (a file in a misnamed folder still finds its lesson).
    fn take(
        &mut self,
        lang: usize,
        block: &str,
        id: &str,
        found: &[Found],
        known: &std::collections::HashSet<String>,
    ) -> Option<Challenge> {
        if let Some(&i) = self.by_key[lang].get(&(block.to_string(), id.to_string()))
            && let Some(c) = self.slots[i].take()
        {
            return Some(c);
        }
        let candidates = self.by_id[lang].get(id)?;
        let i = candidates
            .iter()
            .copied()
            .find(|&i| self.slots[i].is_some() && !known.contains(&found[i].block))?;
        self.slots[i].take()
    }
}

fn link_block(
    meta: BlockMeta,
    root: &Root,
    found: &[Found],
    known: &std::collections::HashSet<String>,
    pool: &mut Pool,
    diags: &mut Vec<Diagnostic>,
) -> Block {
    let mut lessons = Vec::with_capacity(meta.challenge_order.len());
    for entry in &meta.challenge_order {
        let mut lesson = Lesson {
            id: entry.id.clone(),
            english: None,
            translations: BTreeMap::new(),
        };
        for (lang, language) in root.languages.iter().enumerate() {
            let Some(c) = pool.take(lang, &meta.dashed_name, &entry.id, found, known) else {
                continue;
            };
            if language.code == "en" {
                lesson.english = Some(Arc::new(c));
            } else {
                lesson
                    .translations
                    .insert(language.code.clone(), Arc::new(c));
            }
        }
        if lesson.english.is_none() {
            diags.push(Diagnostic::new(
                Code::MissingLesson,
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
                Diagnostic::new(
                    Code::DuplicateDashedName,
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
