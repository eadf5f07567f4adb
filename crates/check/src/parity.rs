//! What a translation must keep exactly as English has it: untranslatable front-matter keys,
//! the section markers, the hints and their test code, seed and solution code (comments
//! excepted), hooks, scene JSON, inline code spans and link targets.

use std::collections::BTreeMap;

use super::{Locator, code, count, report, segments};
use crate::challenge::{Challenge, ChallengeFile, Content, Prose, section_kind};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;

/// What must be identical to English.
pub(super) fn parity(en: &Challenge, tr: &Challenge, loc: &Locator, out: &mut Vec<Diagnostic>) {
    // Front-matter keys that are never translated.
    let keys: [(&str, String, String); 6] = [
        (
            "challengeType",
            en.front.challenge_type.to_string(),
            tr.front.challenge_type.to_string(),
        ),
        (
            "dashedName",
            en.front.dashed_name.clone(),
            tr.front.dashed_name.clone(),
        ),
        (
            "forumTopicId",
            shown(en.front.forum_topic_id.as_ref()),
            shown(tr.front.forum_topic_id.as_ref()),
        ),
        (
            "videoId",
            shown(en.front.video_id.as_ref()),
            shown(tr.front.video_id.as_ref()),
        ),
        (
            "videoUrl",
            shown(en.front.video_url.as_ref()),
            shown(tr.front.video_url.as_ref()),
        ),
        (
            "url",
            shown(en.front.url.as_ref()),
            shown(tr.front.url.as_ref()),
        ),
    ];
    for (key, a, b) in keys {
        if a != b {
            report(
                out,
                Code::UntranslatableKey,
                loc.key_pos(key),
                format!("`{key}` is never translated: English has {a}, this file has {b}"),
            );
        }
    }

    // Section markers, in order.
    let names = |c: &Challenge| {
        c.sections
            .iter()
            .map(|s| format!("{} --{}--", "#".repeat(s.level as usize), s.name))
            .collect::<Vec<_>>()
    };
    let (a, b) = (names(en), names(tr));
    if a != b {
        let i = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let pos = tr
            .sections
            .get(i)
            .map_or_else(|| loc.pos(loc.text.len()), |s| loc.line_pos(s.line));
        let message = match (a.get(i), b.get(i)) {
            (Some(x), Some(y)) => format!(
                "section markers differ from English: English has `{x}` here, this file has `{y}`"
            ),
            (Some(x), None) => {
                format!("section markers differ from English: `{x}` is missing here")
            }
            (None, Some(y)) => {
                format!("section markers differ from English: `{y}` is not in English")
            }
            (None, None) => String::new(),
        };
        report(out, Code::SectionDrift, pos, message);
    }

    // Hints: count, order and test code.
    let hints_line = tr.section_line(Content::Hints).unwrap_or(1);
    if en.tests.len() != tr.tests.len() {
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

    // Seeds, solutions and hooks (comments may be translated).
    files(loc, out, "seed", &en.challenge_files, &tr.challenge_files);
    for (i, (e, t)) in en.solutions.iter().zip(&tr.solutions).enumerate() {
        files(loc, out, &format!("solution {}", i + 1), e, t);
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
    if en.scene != tr.scene {
        let line = tr.section_line(Content::Scene).unwrap_or(1);
        report(
            out,
            Code::SceneDrift,
            loc.line_pos(line),
            "the scene JSON differs from English".into(),
        );
    }

    // Inline code spans and link targets in prose.
    for (name, e, t) in prose_pairs(en, tr) {
        let Some(offset) = loc.find(&t.markdown, 0) else {
            continue;
        };
        let (es, ts) = (
            segments::segments(&e.markdown),
            segments::segments(&t.markdown),
        );
        let pairs: Vec<(Vec<String>, Vec<String>, usize)> = if es.len() == ts.len() {
            es.iter()
                .zip(&ts)
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
        let links = |segs: &[segments::Segment]| {
            segs.iter()
                .flat_map(|s| s.links.clone())
                .collect::<Vec<_>>()
        };
        if let Some(diff) = multiset_diff(&links(&es), &links(&ts), |s| s.to_string()) {
            report(
                out,
                Code::LinkDrift,
                loc.pos(offset),
                format!("link targets in {name} differ from English: {diff}"),
            );
        }
    }
}

fn files(
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
    what: &str,
    en: &[ChallengeFile],
    tr: &[ChallengeFile],
) {
    let exts = |f: &[ChallengeFile]| f.iter().map(|f| f.ext.clone()).collect::<Vec<_>>();
    if exts(en) != exts(tr) {
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
        return;
    }
    for (e, t) in en.iter().zip(tr) {
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
                let (_, theirs, ours) = code::first_difference(&a, &b);
                let line = t
                    .contents
                    .split('\n')
                    .position(|l| l.trim_end() == ours)
                    .map_or(t.line, |i| t.line + i);
                report(
                    out,
                    Code::CodeDrift,
                    loc.line_pos(line),
                    format!(
                        "the {what} file {}.{}{part} differs from English outside comments: English has `{}`, this file has `{}`{}",
                        t.name,
                        t.ext,
                        theirs.trim(),
                        ours.trim(),
                        if theirs.trim() == ours.trim() && theirs != ours {
                            " (the indentation differs)"
                        } else {
                            ""
                        }
                    ),
                );
            }
        }
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
