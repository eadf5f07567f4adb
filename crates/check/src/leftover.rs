//! English left behind in a translation: every translatable text of a challenge, split into
//! sentences and judged against the English source (see [`super::untranslated`]).

use std::collections::HashSet;

use super::segments::{self, Sentence};
use super::{Locator, Options, report, shorten, untranslated};
use crate::challenge::{Challenge, section_kind};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;

/// Every piece of translatable text of a challenge, as markdown, in document order: what it
/// is called in messages, and the markdown itself.
fn texts(c: &Challenge) -> Vec<(&'static str, String)> {
    let mut v: Vec<(&'static str, String)> = Vec::new();
    // Document order matters for locating repeated text; sections are sorted by their line.
    let mut located: Vec<(usize, &'static str, String)> = section_kind::translatable_prose()
        .filter_map(|k| {
            k.prose_of(c)
                .map(|p| (p.line, k.marker, p.markdown.clone()))
        })
        .collect();
    located.extend(
        c.interactive
            .iter()
            .map(|i| (i.line, "interactive text", i.markdown.clone())),
    );
    located.extend(c.tests.iter().map(|h| (h.line, "hint", h.text.clone())));
    located.sort_by_key(|(line, _, _)| *line);
    v.extend(located.into_iter().map(|(_, n, m)| (n, m)));
    for q in &c.questions {
        v.push(("question", q.text.clone()));
        for a in &q.answers {
            v.push(("answer", a.answer.clone()));
            if let Some(f) = &a.feedback {
                v.push(("feedback", f.clone()));
            }
        }
    }
    for quiz in &c.quizzes {
        for q in &quiz.questions {
            v.push(("quiz question", q.text.clone()));
            v.push(("quiz answer", q.answer.clone()));
            v.extend(q.distractors.iter().map(|d| ("quiz answer", d.clone())));
        }
    }
    if let Some(f) = &c.fill_in_the_blank {
        v.extend(
            f.blanks
                .iter()
                .filter_map(|b| b.feedback.clone())
                .map(|f| ("feedback", f)),
        );
    }
    v.extend(c.assignments.iter().map(|a| ("assignment", a.clone())));
    v
}

fn sentences_of(markdown: &str) -> Vec<Sentence> {
    segments::segments(markdown)
        .iter()
        .flat_map(|s| s.sentences())
        .collect()
}

/// The comparison keys of every English sentence of a challenge (and its title): a translated
/// sentence with one of these keys was left in English. The set also holds the acronyms of the
/// English text ([`untranslated::acronyms`]), so that their expansions are not taken for prose.
pub fn english_keys(en: &Challenge) -> HashSet<String> {
    let texts = texts(en);
    let mut keys: HashSet<String> = texts
        .iter()
        .flat_map(|(_, m)| sentences_of(m))
        .map(|s| untranslated::key(&s.masked))
        .collect();
    keys.insert(untranslated::key(&en.front.title));
    for (_, m) in &texts {
        keys.extend(untranslated::acronyms(m));
    }
    keys
}

/// The sentences of a segment that look untranslated. A sentence that continues a quotation
/// opened in an earlier sentence («…. …») is quoted material, an example kept as written, and
/// is not judged.
fn flagged<'a>(
    sentences: &'a [Sentence],
    english: &HashSet<String>,
    target: Option<whatlang::Lang>,
) -> Vec<&'a Sentence> {
    let mut depth = 0i32;
    let mut out = Vec::new();
    for s in sentences {
        if depth <= 0 && untranslated::judge(s, english, target).is_some() {
            out.push(s);
        }
        for c in s.shown.chars() {
            match c {
                '«' | '“' => depth += 1,
                '»' | '”' => depth -= 1,
                _ => {}
            }
        }
    }
    out
}

/// The sentences of a piece of translated markdown that look untranslated.
pub fn untranslated_sentences(
    markdown: &str,
    english: &HashSet<String>,
    locale: &str,
) -> Vec<Sentence> {
    let target = untranslated::expected(locale);
    segments::segments(markdown)
        .iter()
        .flat_map(|seg| {
            let sentences = seg.sentences();
            flagged(&sentences, english, target)
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
        })
        .collect()
}

pub(super) fn untranslated_text(
    en: &Challenge,
    tr: &Challenge,
    opts: &Options,
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) {
    let target = untranslated::expected(&opts.locale);
    let mut english = english_keys(en);
    // "Що означає абревіатура TDD?": the acronyms the translation speaks of count too.
    for (_, markdown) in texts(tr) {
        english.extend(untranslated::acronyms(&markdown));
    }

    if untranslated::judge_title(&tr.front.title, &en.front.title, &english, target).is_some() {
        let pos = loc.key_pos("title");
        report(
            out,
            Code::UntranslatedTitle,
            pos,
            format!("untranslated title: \"{}\"", tr.front.title),
        );
    }

    let mut cursor = 0;
    for (what, markdown) in texts(tr) {
        let Some(start) = loc.find(&markdown, cursor) else {
            continue;
        };
        cursor = start + markdown.len();
        let segs = segments::segments(&markdown);
        for seg in &segs {
            let sentences = seg.sentences();
            let flagged = flagged(&sentences, &english, target);
            if flagged.is_empty() {
                continue;
            }
            // A whole paragraph left in English is one finding, not one per sentence.
            let all = flagged.len() == sentences.len();
            let kind = match (what, all) {
                ("hint", true) => "hint text",
                (
                    "question" | "answer" | "feedback" | "quiz question" | "quiz answer"
                    | "assignment",
                    true,
                ) => what,
                (_, true) => "paragraph",
                (_, false) => "sentence",
            };
            if all {
                let whole = seg.whole();
                report(
                    out,
                    Code::UntranslatedText,
                    loc.pos_to_line_end(start + sentences[0].offset),
                    format!("untranslated {kind}: \"{}\"", shorten(&whole.shown)),
                );
                continue;
            }
            for s in flagged {
                report(
                    out,
                    Code::UntranslatedText,
                    loc.pos_to_line_end(start + s.offset),
                    format!("untranslated {kind}: \"{}\"", shorten(&s.shown)),
                );
            }
        }
    }
}
