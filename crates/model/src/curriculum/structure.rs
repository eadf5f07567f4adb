//! Block and superblock structure: `structure/` JSON (blocks layout) or `_meta/*/meta.json`
//! (numbered layout), read into one shape. Order comes from here, never from file names.

use crate::codes::Code;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use super::root::{Layout, Root};
use crate::diagnostic::{Diagnostic, Pos};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SuperBlock {
    pub dashed_name: String,
    /// Blocks in order (chapters and modules flattened).
    pub blocks: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chapters: Vec<Chapter>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Chapter {
    pub dashed_name: String,
    pub modules: Vec<Module>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Module {
    pub dashed_name: String,
    pub blocks: Vec<String>,
}

/// One block's metadata.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BlockMeta {
    pub dashed_name: String,
    /// The English name from the structure (UI titles come from intro files where present).
    pub name: String,
    pub superblock: Option<String>,
    pub challenge_order: Vec<OrderEntry>,
    /// The whole JSON object, for keys such as `blockType`, `blockLayout`, `helpCategory`.
    pub meta: serde_json::Map<String, Value>,
    #[serde(skip)]
    pub path: PathBuf,
}

impl BlockMeta {
    /// Whether hints run with loop protection; `disableLoopProtectTests` turns it off for
    /// blocks of long computations (Project Euler).
    pub fn loop_protect_tests(&self) -> bool {
        !self
            .meta
            .get("disableLoopProtectTests")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// Whether the block is made of steps that build one project (workshops): then a step with
    /// no solution is solved by the next step's seed. freeCodeCamp marks them with editable
    /// regions (`hasEditableBoundaries`) and the grid layouts.
    pub fn is_step_based(&self) -> bool {
        self.meta
            .get("hasEditableBoundaries")
            .and_then(Value::as_bool)
            .unwrap_or_else(|| {
                matches!(
                    self.meta.get("blockLayout").and_then(Value::as_str),
                    Some("challenge-grid" | "legacy-challenge-grid")
                )
            })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct OrderEntry {
    pub id: String,
    pub title: String,
    #[serde(skip)]
    pub pos: Pos,
}

#[derive(Debug, Default)]
pub struct Structure {
    pub superblocks: Vec<SuperBlock>,
    pub blocks: HashMap<String, BlockMeta>,
}

/// A JSON file read with its text, so that positions can be reported.
struct JsonFile {
    path: PathBuf,
    text: String,
    value: Value,
    /// Built on first use: most files never need a position.
    lines: std::cell::OnceCell<crate::source::LineIndex>,
}

fn read_json(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<JsonFile> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::new(
                Code::Structure,
                path,
                &Pos::default(),
                format!("cannot read: {e}"),
            ));
            return None;
        }
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(value) => Some(JsonFile {
            path: path.to_path_buf(),
            text,
            value,
            lines: std::cell::OnceCell::new(),
        }),
        Err(e) => {
            let pos = Pos {
                line: e.line(),
                col: e.column(),
                span: 0..0,
            };
            let reason = e.to_string();
            let reason = reason
                .split(" at line ")
                .next()
                .unwrap_or(&reason)
                .to_string();
            diags.push(Diagnostic::new(
                Code::Structure,
                path,
                &pos,
                format!("not valid JSON: {reason}"),
            ));
            None
        }
    }
}

impl JsonFile {
    /// Position of the first occurrence of `"needle"` in the file.
    fn pos_of(&self, needle: &str) -> Pos {
        self.pos_from(needle, 0)
    }

    /// Position of the first occurrence of `"needle"` at or after byte `from`, else of the first
    /// one in the file. A block's `challengeOrder` lists its ids in file order: searching on from
    /// the last one found keeps this linear in the file's size (searching from the start for
    /// each id was 4 % of a rebuild's instructions), and a repeated id is found where it repeats.
    fn pos_from(&self, needle: &str, from: usize) -> Pos {
        let quoted = format!("\"{needle}\"");
        let find = |at: usize| {
            let rest = self.text.as_bytes().get(at..)?;
            memchr::memmem::find(rest, quoted.as_bytes()).map(|i| at + i)
        };
        let Some(i) = find(from).or_else(|| find(0)) else {
            return Pos::default();
        };
        let lines = self
            .lines
            .get_or_init(|| crate::source::LineIndex::new(&self.text));
        let (line, col) = lines.line_col(&self.text, i);
        Pos {
            line,
            col,
            span: i..i + quoted.len(),
        }
    }

    fn strings(&self, value: Option<&Value>) -> Vec<String> {
        value
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }
}

pub fn read(root: &Root, diags: &mut Vec<Diagnostic>) -> Structure {
    match root.layout {
        Layout::Blocks => read_blocks_layout(&root.structure, diags),
        Layout::Numbered => read_numbered_layout(root, diags),
    }
}

fn read_blocks_layout(dir: &Path, diags: &mut Vec<Diagnostic>) -> Structure {
    let mut structure = Structure::default();
    let curriculum_path = dir.join("curriculum.json");
    let Some(curriculum) = read_json(&curriculum_path, diags) else {
        return structure;
    };
    for name in curriculum.strings(curriculum.value.get("superblocks")) {
        let path = dir.join("superblocks").join(format!("{name}.json"));
        if !path.is_file() {
            diags.push(Diagnostic::new(
                Code::Structure,
                &curriculum.path,
                &curriculum.pos_of(&name),
                format!(
                    "superblock `{name}` is listed here but {} does not exist",
                    path.display()
                ),
            ));
            continue;
        }
        let Some(file) = read_json(&path, diags) else {
            continue;
        };
        let mut sb = SuperBlock {
            dashed_name: name.clone(),
            blocks: file.strings(file.value.get("blocks")),
            chapters: Vec::new(),
        };
        for chapter in file
            .value
            .get("chapters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let modules = chapter
                .get("modules")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|m| Module {
                    dashed_name: m
                        .get("dashedName")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                    blocks: file.strings(m.get("blocks")),
                })
                .collect::<Vec<_>>();
            sb.blocks
                .extend(modules.iter().flat_map(|m| m.blocks.iter().cloned()));
            sb.chapters.push(Chapter {
                dashed_name: chapter
                    .get("dashedName")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                modules,
            });
        }
        for block in &sb.blocks {
            let path = dir.join("blocks").join(format!("{block}.json"));
            if !path.is_file() {
                diags.push(Diagnostic::new(
                    Code::Structure,
                    &file.path,
                    &file.pos_of(block),
                    format!(
                        "block `{block}` is listed here but {} does not exist",
                        path.display()
                    ),
                ));
                continue;
            }
            if let Some(meta) =
                read_json(&path, diags).and_then(|f| block_meta(f, Some(&name), diags))
            {
                structure.blocks.insert(block.clone(), meta);
            }
        }
        structure.superblocks.push(sb);
    }
    structure
}

fn block_meta(
    file: JsonFile,
    superblock: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Option<BlockMeta> {
    let Value::Object(meta) = &file.value else {
        diags.push(Diagnostic::new(
            Code::Structure,
            &file.path,
            &Pos::default(),
            "a block's structure must be a JSON object",
        ));
        return None;
    };
    let dashed_name = meta
        .get("dashedName")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| {
            // Old meta files may lack it; the folder (or file) name is the block's name.
            let stem = file.path.file_stem()?.to_string_lossy().into_owned();
            Some(if stem == "meta" {
                file.path
                    .parent()?
                    .file_name()?
                    .to_string_lossy()
                    .into_owned()
            } else {
                stem
            })
        })
        .unwrap_or_default();
    let mut challenge_order: Vec<OrderEntry> = Vec::new();
    for entry in meta
        .get("challengeOrder")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        // `[id, title]` in old meta files, `{id, title}` later (FORMAT.md §7).
        let (id, title) = match entry {
            Value::Array(pair) => (pair.first(), pair.get(1)),
            Value::Object(o) => (o.get("id"), o.get("title")),
            _ => (None, None),
        };
        let id = id.and_then(Value::as_str).unwrap_or("").to_string();
        let title = title.and_then(Value::as_str).unwrap_or("").to_string();
        let from = challenge_order.last().map_or(0, |e| e.pos.span.end);
        let pos = file.pos_from(&id, from);
        challenge_order.push(OrderEntry { id, title, pos });
    }
    let superblock = superblock.map(str::to_string).or_else(|| {
        meta.get("superBlock")
            .and_then(Value::as_str)
            .map(str::to_string)
    });
    Some(BlockMeta {
        name: meta
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or(&dashed_name)
            .to_string(),
        dashed_name,
        superblock,
        challenge_order,
        meta: meta.clone(),
        path: file.path,
    })
}

/// Numbered layout: superblock order from the `NN-` prefixes of the English folders, block
/// order from each meta file's `order`.
fn read_numbered_layout(root: &Root, diags: &mut Vec<Diagnostic>) -> Structure {
    let mut structure = Structure::default();
    let english = root.challenges.join("english");
    let mut numbered: Vec<(u32, String)> = std::fs::read_dir(&english)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let (n, rest) = name.split_once('-')?;
            Some((n.parse().ok()?, rest.to_string()))
        })
        .collect();
    numbered.sort();
    let mut metas: Vec<(i64, BlockMeta)> = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&root.structure)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path().join("meta.json"))
        .filter(|p| p.is_file())
        .collect();
    entries.sort();
    for path in entries {
        if let Some(file) = read_json(&path, diags) {
            let order = file
                .value
                .get("order")
                .and_then(Value::as_i64)
                .unwrap_or(i64::MAX);
            if let Some(meta) = block_meta(file, None, diags) {
                metas.push((order, meta));
            }
        }
    }
    metas.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.dashed_name.cmp(&b.1.dashed_name))
    });
    for (_, name) in &numbered {
        let blocks = metas
            .iter()
            .filter(|(_, m)| m.superblock.as_deref() == Some(name))
            .map(|(_, m)| m.dashed_name.clone())
            .collect();
        structure.superblocks.push(SuperBlock {
            dashed_name: name.clone(),
            blocks,
            chapters: Vec::new(),
        });
    }
    for (_, meta) in metas {
        structure.blocks.insert(meta.dashed_name.clone(), meta);
    }
    structure
}
