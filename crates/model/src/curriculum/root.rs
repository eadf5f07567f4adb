//! Finding a content root on disk: which folder holds the languages, which layout it uses, and
//! where its structure lives. Accepts `…/curriculum`, `…/curriculum/challenges`, and the
//! project's own `content/`.

use std::path::{Path, PathBuf};

use serde::Serialize;

/// The two layouts of the real curriculum (FORMAT.md §1, §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// `<language>/<NN-superblock>/<block>/<name>.md` with `_meta/<block>/meta.json`.
    Numbered,
    /// `<language>/blocks/<block>/<id>.md` with `structure/`.
    Blocks,
}

/// A content root, resolved.
#[derive(Debug, Clone)]
pub struct Root {
    /// The folder whose sub-folders are languages (`english`, `ukrainian`, …).
    pub challenges: PathBuf,
    /// `structure/` (blocks layout) or `_meta/` (numbered layout).
    pub structure: PathBuf,
    pub layout: Layout,
    pub languages: Vec<Language>,
}

/// A language folder and its BCP 47 code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Language {
    pub folder: String,
    pub code: String,
    #[serde(skip)]
    pub dir: PathBuf,
}

/// freeCodeCamp's language folder names and their BCP 47 codes.
const LANGUAGES: &[(&str, &str)] = &[
    ("english", "en"),
    ("ukrainian", "uk"),
    ("espanol", "es"),
    ("chinese", "zh-Hans"),
    ("chinese-traditional", "zh-Hant"),
    ("italian", "it"),
    ("portuguese", "pt-BR"),
    ("japanese", "ja"),
    ("german", "de"),
    ("swahili", "sw"),
    ("korean", "ko"),
    ("arabic", "ar"),
    ("french", "fr"),
    ("russian", "ru"),
    ("hindi", "hi"),
    ("bengali", "bn"),
];

/// The BCP 47 code of a language folder; a folder already named by its code keeps it.
pub fn code_of(folder: &str) -> Option<&'static str> {
    LANGUAGES
        .iter()
        .find(|(f, c)| *f == folder || *c == folder)
        .map(|(_, c)| *c)
}

/// The folder name for a code or folder name given on the command line (`uk` or `ukrainian`).
pub fn folder_of(code_or_folder: &str) -> Option<&'static str> {
    LANGUAGES
        .iter()
        .find(|(f, c)| *f == code_or_folder || c.eq_ignore_ascii_case(code_or_folder))
        .map(|(f, _)| *f)
}

/// Resolves `path` to a content root, or says why it is not one.
pub fn find(path: &Path) -> Result<Root, String> {
    let candidates = [path.join("challenges"), path.to_path_buf()];
    let Some(challenges) = candidates.into_iter().find(|c| c.join("english").is_dir()) else {
        return Err(format!(
            "{} is not a content root: expected an `english/` folder in it or in its `challenges/` folder",
            path.display()
        ));
    };
    let english = challenges.join("english");
    let layout = if english.join("blocks").is_dir() {
        Layout::Blocks
    } else {
        Layout::Numbered
    };
    let structure = match layout {
        Layout::Numbered => challenges.join("_meta"),
        Layout::Blocks => [
            challenges.join("structure"),
            challenges.join("../structure"),
        ]
        .into_iter()
        .find(|p| p.is_dir())
        .unwrap_or_else(|| challenges.join("structure")),
    };
    let mut languages: Vec<Language> = std::fs::read_dir(&challenges)
        .map_err(|e| format!("cannot read {}: {e}", challenges.display()))?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let folder = e.file_name().to_string_lossy().into_owned();
            let code = code_of(&folder)?;
            Some(Language {
                code: code.to_string(),
                dir: e.path(),
                folder,
            })
        })
        .collect();
    // English first: it is the source every translation is linked to.
    languages.sort_by_key(|l| (l.code != "en", l.code.clone()));
    Ok(Root {
        challenges,
        structure,
        layout,
        languages,
    })
}
