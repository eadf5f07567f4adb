//! Section markers (`# --hints--`, `## --seed-contents--` …): which names exist at which depth,
//! and splitting a run of blocks into sections (FORMAT.md §2).

use super::Ctx;
use super::blocks::Block;
use super::section_kind::{self, SectionKind};
use crate::codes::Code;

/// A marker heading and the blocks it owns: everything up to the next marker of the same or a
/// shallower level.
#[derive(Debug, Clone, Copy)]
pub struct Section<'b> {
    pub name: &'b str,
    pub level: u8,
    pub heading: &'b Block,
    pub body: &'b [Block],
}

/// Splits `blocks` at markers of level `level` (or shallower). Returns the blocks before the
/// first marker, and the sections.
pub fn split(blocks: &[Block], level: u8) -> (&[Block], Vec<Section<'_>>) {
    let starts: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.marker().is_some_and(|(_, l)| l <= level))
        .map(|(i, _)| i)
        .collect();
    let preamble = &blocks[..starts.first().copied().unwrap_or(blocks.len())];
    let sections = starts
        .iter()
        .enumerate()
        .filter_map(|(n, &i)| {
            let end = starts.get(n + 1).copied().unwrap_or(blocks.len());
            let (name, level) = blocks[i].marker()?;
            Some(Section {
                name,
                level,
                heading: &blocks[i],
                body: &blocks[i + 1..end],
            })
        })
        .collect();
    (preamble, sections)
}

/// Reports marker headings with unknown names or at a level where that name never appears.
pub fn validate_markers(ctx: &mut Ctx<'_>, blocks: &[Block]) {
    for block in blocks {
        let Some((name, level)) = block.marker() else {
            continue;
        };
        let hashes = "#".repeat(level as usize);
        if name == "fcc-editable-region" {
            ctx.report(
                Code::UnknownMarker,
                block.range.clone(),
                "`--fcc-editable-region--` is written as a heading here; it must be a plain line \
                 inside a seed code block",
            );
            continue;
        }
        match SectionKind::by_marker(name) {
            None => {
                let hint = suggestion(name)
                    .map(|s| format!("; did you mean `--{s}--`?"))
                    .unwrap_or_default();
                ctx.report(
                    Code::UnknownMarker,
                    block.range.clone(),
                    format!("unknown section marker `{hashes} --{name}--`{hint}"),
                );
            }
            Some(kind) if !kind.accepts_level(level) => {
                let usual = kind.levels().next().unwrap_or(1);
                let want = "#".repeat(usual as usize);
                ctx.report(Code::MarkerLevel,
                    block.range.clone(),
                    format!(
                        "`--{name}--` is a level-{} heading: write `{want} --{name}--`, not `{hashes} --{name}--`",
                        usual
                    ),
                );
            }
            Some(_) => {}
        }
    }
}

/// Splits a section's body into its direct sub-sections, reporting every marker that does not
/// belong there (a sub-section the registry does not place under it, or a deeper marker before
/// all of them).
pub fn children<'b>(ctx: &mut Ctx<'_>, parent: &Section<'b>) -> (&'b [Block], Vec<Section<'b>>) {
    let allowed = |s: &Section<'_>| {
        SectionKind::by_marker(s.name).is_some_and(|k| k.is_child_of(parent.name, s.level))
    };
    let (preamble, subs) = split(parent.body, parent.level + 1);
    let misplaced = preamble
        .iter()
        .filter_map(|b| b.marker().map(|(n, l)| (b, n, l)))
        .chain(
            subs.iter()
                .filter(|s| !allowed(s))
                .map(|s| (s.heading, s.name, s.level)),
        );
    // A marker that is wrong at any place (unknown, or at a level its name never has) was
    // already reported by `validate_markers`; saying it is also misplaced would be noise.
    for (block, name, level) in misplaced.filter(|(_, n, l)| is_valid(n, *l)) {
        ctx.report(
            Code::MisplacedMarker,
            block.range.clone(),
            format!(
                "`{} --{name}--` does not belong in `{} --{}--`",
                "#".repeat(level as usize),
                "#".repeat(parent.level as usize),
                parent.name
            ),
        );
    }
    let subs = subs.into_iter().filter(|s| allowed(s)).collect();
    (preamble, subs)
}

/// Whether `name` is a known marker at heading level `level`.
pub fn is_valid(name: &str, level: u8) -> bool {
    section_kind::is_valid(name, level)
}

/// The closest known marker name, for "did you mean" hints.
fn suggestion(name: &str) -> Option<&'static str> {
    section_kind::all()
        .map(|k| {
            (
                k.marker,
                strsim::levenshtein(&name.to_lowercase(), &k.marker.to_lowercase()),
            )
        })
        .filter(|&(_, d)| d <= 3)
        .min_by_key(|&(_, d)| d)
        .map(|(n, _)| n)
}
