//! What a translation must keep exactly as English has it: untranslatable front-matter keys,
//! the section markers, the hints and their test code, seed and solution code (comments
//! excepted), hooks, scene JSON, inline code spans and link targets.
//!
//! Each check pushes its findings in turn; [`super::pair`] sorts them by position with a stable
//! sort, so findings at the same position keep the order of the calls in [`parity`].

use std::collections::BTreeMap;

use super::{Locator, code, count, report, segments};
use crate::challenge::{Challenge, ChallengeFile, Content, Prose, section_kind};
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Pos};

/// What must be identical to English.
pub(super) fn parity(en: &Challenge, tr: &Challenge, loc: &Locator, out: &mut Vec<Diagnostic>) {
    front_matter_keys(en, tr, loc, out);
    section_markers(en, tr, loc, out);
    hint_count(en, tr, loc, out);
    hint_test_code(en, tr, loc, out);
    seed_and_solution_code(en, tr, loc, out);
    hook_code(en, tr, loc, out);
    scene_json(en, tr, loc, out);
    for (name, e, t) in prose_pairs(en, tr) {
        prose_code_and_links(&name, e, t, loc, out);
    }
}

/// Front-matter keys that are never translated: they say how the lesson runs and what it links
/// to, which is the same in every language.
fn front_matter_keys(en: &Challenge, tr: &Challenge, loc: &Locator, out: &mut Vec<Diagnostic>) {
    for ((key, a), (_, b)) in untranslatable_keys(en)
        .into_iter()
        .zip(untranslatable_keys(tr))
    {
        if a != b {
            report(
                out,
                Code::UntranslatableKey,
                loc.key_pos(key),
                format!("`{key}` is never translated: English has {a}, this file has {b}"),
            );
        }
    }
}

/// The untranslatable keys with their values as a user reads them, in the order they are
/// reported.
fn untranslatable_keys(c: &Challenge) -> [(&'static str, String); 6] {
    let f = &c.front;
    [
        ("challengeType", f.challenge_type.to_string()),
        ("dashedName", f.dashed_name.clone()),
        ("forumTopicId", shown(f.forum_topic_id.as_ref())),
        ("videoId", shown(f.video_id.as_ref())),
        ("videoUrl", shown(f.video_url.as_ref())),
        ("url", shown(f.url.as_ref())),
    ]
}

/// Section markers, in order. Only the first difference is reported: every marker after a
/// missing or extra one is shifted, and listing them all would hide the one to fix.
fn section_markers(en: &Challenge, tr: &Challenge, loc: &Locator, out: &mut Vec<Diagnostic>) {
    let (a, b) = (markers(en), markers(tr));
    if a == b {
        return;
    }
    let i = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    // A marker missing at the end has no line of its own: the end of the file is where it goes.
    let pos = tr
        .sections
        .get(i)
        .map_or_else(|| loc.pos(loc.text.len()), |s| loc.line_pos(s.line));
    let message = match (a.get(i), b.get(i)) {
        (Some(x), Some(y)) => format!(
            "section markers differ from English: English has `{x}` here, this file has `{y}`"
        ),
        (Some(x), None) => format!("section markers differ from English: `{x}` is missing here"),
        (None, Some(y)) => format!("section markers differ from English: `{y}` is not in English"),
        (None, None) => String::new(),
    };
    report(out, Code::SectionDrift, pos, message);
}

/// A challenge's section markers as they are written (`# --description--`).
fn markers(c: &Challenge) -> Vec<String> {
    c.sections
        .iter()
        .map(|s| format!("{} --{}--", "#".repeat(s.level as usize), s.name))
        .collect()
}

/// The number of hints: each hint is a test, and a translation is tested with its own hints,
/// so one with fewer or more is not tested as English is.
fn hint_count(en: &Challenge, tr: &Challenge, loc: &Locator, out: &mut Vec<Diagnostic>) {
    if en.tests.len() == tr.tests.len() {
        return;
    }
    let hints_line = tr.section_line(Content::Hints).unwrap_or(1);
    report(
        out,
        Code::HintCountDrift,
        loc.line_pos(hints_line),
        format!(
            "English has {}, this translation has {}",
            count(en.tests.len(), "hint"),
            tr.tests.len()
        ),
    );
}

/// The test code of each hint, paired in order (extra or missing hints are [`hint_count`]'s).
/// A difference only in whitespace has its own code: it is what translation tools do to code,
/// and is told apart from a change someone made.
fn hint_test_code(en: &Challenge, tr: &Challenge, loc: &Locator, out: &mut Vec<Diagnostic>) {
    for (i, (e, t)) in en.tests.iter().zip(&tr.tests).enumerate() {
        if e.test_string == t.test_string {
            continue;
        }
        let (line, theirs, ours) = code::first_difference(&e.test_string, &t.test_string);
        let pos = loc.line_pos(t.code_line + line);
        if code::same_but_whitespace(&e.test_string, &t.test_string) {
            report(
                out,
                Code::HintCodeWhitespace,
                pos,
                format!(
                    "hint {}'s test code differs from English only in whitespace",
                    i + 1
                ),
            );
        } else {
            report(
                out,
                Code::HintCodeDrift,
                pos,
                format!(
                    "hint {}'s test code differs from English: English has `{}`, this file has `{}`",
                    i + 1,
                    theirs.trim(),
                    ours.trim()
                ),
            );
        }
    }
}

/// The seed files, then each solution paired in order, then the number of solutions.
fn seed_and_solution_code(
    en: &Challenge,
    tr: &Challenge,
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) {
    files("seed", &en.challenge_files, &tr.challenge_files, loc, out);
    for (i, (e, t)) in en.solutions.iter().zip(&tr.solutions).enumerate() {
        files(&format!("solution {}", i + 1), e, t, loc, out);
    }
    if en.solutions.len() != tr.solutions.len() {
        let line = tr.section_line(Content::Solutions).unwrap_or(1);
        report(
            out,
            Code::SolutionCountDrift,
            loc.line_pos(line),
            format!(
                "English has {}, this translation has {}",
                count(en.solutions.len(), "solution"),
                tr.solutions.len()
            ),
        );
    }
}

/// One set of files (`what`: the seed, or one solution): the same kinds of file in the same
/// order, then the same code in each. The code is not compared when the kinds differ, since the
/// files would be paired wrongly.
fn files(
    what: &str,
    en: &[ChallengeFile],
    tr: &[ChallengeFile],
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) {
    if !file_kinds(what, en, tr, loc, out) {
        return;
    }
    for (e, t) in en.iter().zip(tr) {
        file_code(what, e, t, loc, out);
    }
}

/// Whether the files have the same kinds in the same order; reports it when not.
fn file_kinds(
    what: &str,
    en: &[ChallengeFile],
    tr: &[ChallengeFile],
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let exts = |f: &[ChallengeFile]| f.iter().map(|f| f.ext.clone()).collect::<Vec<_>>();
    if exts(en) == exts(tr) {
        return true;
    }
    let pos = tr
        .first()
        .map_or_else(|| loc.pos(0), |f| loc.line_pos(f.line));
    report(
        out,
        Code::FilesDrift,
        pos,
        format!(
            "the {what} files differ from English: English has {}, this file has {}",
            listed(&exts(en)),
            listed(&exts(tr))
        ),
    );
    false
}

/// The code of one file and of its before- and after-user-code parts, without comments, since
/// comments may be translated.
fn file_code(
    what: &str,
    e: &ChallengeFile,
    t: &ChallengeFile,
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) {
    for (part, a, b) in [
        ("", &e.contents, &t.contents),
        (" (before-user-code)", &e.head, &t.head),
        (" (after-user-code)", &e.tail, &t.tail),
    ] {
        let (a, b) = (
            code::without_comments(a, &e.ext),
            code::without_comments(b, &t.ext),
        );
        if a != b {
            let (pos, difference) = code_drift(t, part, &a, &b, loc);
            report(
                out,
                Code::CodeDrift,
                pos,
                format!(
                    "the {what} file {}.{}{part} differs from English outside comments: {difference}",
                    t.name, t.ext
                ),
            );
        }
    }
}

/// Where the code of `t` (`en` and `tr`, comments removed; `part`: "" for the file's own
/// code, else which of its before- and after-user-code parts) first differs from English, and
/// what English and the translation have there.
fn code_drift(t: &ChallengeFile, part: &str, en: &str, tr: &str, loc: &Locator) -> (Pos, String) {
    let (_, theirs, ours) = code::first_difference(en, tr);
    // Line numbers of the code without comments are not the file's: the line is found again by
    // its text (the file's first line, failing that). The model knows where a file's own code
    // starts; its before- and after-user-code parts are searched from their markers.
    let first = loc.line_pos(t.line);
    let pos = if part.is_empty() {
        t.contents
            .split('\n')
            .position(|l| l.trim_end() == ours)
            .map_or(first, |i| loc.line_pos(t.line + i))
    } else {
        let marker = if part.contains("before") {
            "--before-user-code--"
        } else {
            "--after-user-code--"
        };
        // A part the translation lacks (an empty line here) is reported at its marker, or at
        // the file's first code line when the marker is missing too.
        let marker_at = loc.find(marker, 0);
        Some(ours.trim())
            .filter(|l| !l.is_empty())
            .and_then(|l| loc.find(l, marker_at.unwrap_or(0)))
            .or(marker_at)
            .map_or(first, |o| loc.line_pos(loc.index.line(o)))
    };
    // Lines equal once trimmed would read as no difference at all.
    let indentation = if theirs.trim() == ours.trim() && theirs != ours {
        " (the indentation differs)"
    } else {
        ""
    };
    let difference = format!(
        "English has `{}`, this file has `{}`{indentation}",
        theirs.trim(),
        ours.trim()
    );
    (pos, difference)
}

/// The hooks (`# --before-each--` …). Reported at the top of the file, as one finding for all
/// four.
fn hook_code(en: &Challenge, tr: &Challenge, loc: &Locator, out: &mut Vec<Diagnostic>) {
    let hooks = |c: &Challenge| {
        [
            c.hooks.before_all.clone(),
            c.hooks.before_each.clone(),
            c.hooks.after_each.clone(),
            c.hooks.after_all.clone(),
        ]
    };
    if hooks(en) != hooks(tr) {
        report(
            out,
            Code::HooksDrift,
            loc.pos(0),
            "the hooks (`# --before-each--` …) differ from English".into(),
        );
    }
}

/// The scene JSON, as one value: one finding, at its section.
fn scene_json(en: &Challenge, tr: &Challenge, loc: &Locator, out: &mut Vec<Diagnostic>) {
    if en.scene != tr.scene {
        let line = tr.section_line(Content::Scene).unwrap_or(1);
        report(
            out,
            Code::SceneDrift,
            loc.line_pos(line),
            "the scene JSON differs from English".into(),
        );
    }
}

/// Inline code spans, then link targets, in one piece of prose (`name`: "the description" …).
/// Prose whose text is not found in the file has no place to be reported at, and is skipped.
fn prose_code_and_links(
    name: &str,
    e: &Prose,
    t: &Prose,
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) {
    let Some(offset) = loc.find(&t.markdown, 0) else {
        return;
    };
    let (es, ts) = (
        segments::segments(&e.markdown),
        segments::segments(&t.markdown),
    );
    inline_code(name, &es, &ts, offset, loc, out);
    link_targets(name, &es, &ts, offset, loc, out);
}

/// Inline code spans, as multisets since a translation may reorder them. Compared segment by
/// segment, to point at the paragraph, when English and the translation have as many segments;
/// otherwise (a paragraph split or merged) as one set for the whole prose, at its start.
fn inline_code(
    name: &str,
    es: &[segments::Segment],
    ts: &[segments::Segment],
    offset: usize,
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) {
    let pairs: Vec<(Vec<String>, Vec<String>, usize)> = if es.len() == ts.len() {
        es.iter()
            .zip(ts)
            .map(|(a, b)| (a.code_spans.clone(), b.code_spans.clone(), b.offset))
            .collect()
    } else {
        vec![(
            es.iter().flat_map(|s| s.code_spans.clone()).collect(),
            ts.iter().flat_map(|s| s.code_spans.clone()).collect(),
            0,
        )]
    };
    for (a, b, at) in pairs {
        if let Some(diff) = multiset_diff(&a, &b, |s| format!("`{s}`")) {
            report(
                out,
                Code::InlineCodeDrift,
                loc.pos(offset + at),
                format!("inline code in {name} differs from English: {diff}"),
            );
        }
    }
}

/// Link targets, as one multiset for the whole prose: a translation may move a link to another
/// sentence or paragraph.
fn link_targets(
    name: &str,
    es: &[segments::Segment],
    ts: &[segments::Segment],
    offset: usize,
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) {
    let links = |segs: &[segments::Segment]| {
        segs.iter()
            .flat_map(|s| s.links.clone())
            .collect::<Vec<_>>()
    };
    if let Some(diff) = multiset_diff(&links(es), &links(ts), |s| s.to_string()) {
        report(
            out,
            Code::LinkDrift,
            loc.pos(offset),
            format!("link targets in {name} differ from English: {diff}"),
        );
    }
}

/// "missing a, b; not in English c" for two multisets, or None when they are equal.
fn multiset_diff(en: &[String], tr: &[String], show: impl Fn(&str) -> String) -> Option<String> {
    fn count(v: &[String]) -> BTreeMap<&str, i32> {
        let mut m: BTreeMap<&str, i32> = BTreeMap::new();
        for s in v {
            *m.entry(s.as_str()).or_default() += 1;
        }
        m
    }
    let (a, b) = (count(en), count(tr));
    let missing: Vec<String> = a
        .iter()
        .filter(|(k, n)| b.get(*k).copied().unwrap_or(0) < **n)
        .map(|(k, _)| show(k))
        .collect();
    let extra: Vec<String> = b
        .iter()
        .filter(|(k, n)| a.get(*k).copied().unwrap_or(0) < **n)
        .map(|(k, _)| show(k))
        .collect();
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("missing {}", missing.join(", ")));
    }
    if !extra.is_empty() {
        parts.push(format!("not in English {}", extra.join(", ")));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The prose sections both languages have, each with the name its findings call it by.
fn prose_pairs<'a>(en: &'a Challenge, tr: &'a Challenge) -> Vec<(String, &'a Prose, &'a Prose)> {
    section_kind::prose()
        .filter_map(|k| {
            let (e, t) = (k.prose_of(en)?, k.prose_of(tr)?);
            Some((format!("the {}", k.marker), e, t))
        })
        .collect()
}

/// A front-matter value as a user reads it: the value, or "none".
fn shown(value: Option<&impl std::fmt::Display>) -> String {
    value.map_or_else(|| "none".to_string(), |v| format!("`{v}`"))
}

/// File kinds as a user reads them: `html`, `css` and `js`, or "none".
fn listed(exts: &[String]) -> String {
    if exts.is_empty() {
        return "none".into();
    }
    exts.iter()
        .map(|e| format!("`{e}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
