//! Sections that ask the learner something: multiple choice (`# --questions--`), quizzes,
//! fill in the blank, plus the JSON blocks of scenes and speaking exercises (FORMAT.md §4.5–4.8,
//! §4.11).

use crate::codes::Code;
use serde::Serialize;
use serde_json::Value;

use super::blocks::{Block, Kind};
use super::sections::{self, Section};
use super::{Ctx, SpeakingSection};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Question {
    pub text: String,
    pub answers: Vec<Answer>,
    /// 1-based index of the correct answer.
    pub solution: usize,
    #[serde(skip)]
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    pub answer: String,
    pub feedback: Option<String>,
    pub audio_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quiz {
    pub questions: Vec<QuizQuestion>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuizQuestion {
    pub text: String,
    pub distractors: Vec<String>,
    pub answer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FillInTheBlank {
    pub sentence: String,
    pub blanks: Vec<Blank>,
}

impl FillInTheBlank {
    /// What marks a gap in [`FillInTheBlank::sentence`]: `BLANK`, or `_` in the 2024 form.
    pub fn gap(&self) -> &'static str {
        gap_marker(&self.sentence)
    }
}

/// freeCodeCamp's parser counted every `_` of the sentence as a gap until 2025
/// (`sentence.match(/_/g)`, 2024 English-for-developers files: `` `I _ a developer.` ``), and
/// counts every `BLANK` since. A sentence with a `BLANK` is of the new form; any other one
/// is read the old way, so that both generations of files keep their gaps.
fn gap_marker(sentence: &str) -> &'static str {
    if sentence.contains("BLANK") {
        "BLANK"
    } else {
        "_"
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Blank {
    pub answer: String,
    pub feedback: Option<String>,
}

/// `# --questions--` (and the 2024 singular `# --question--`).
pub fn questions(ctx: &mut Ctx<'_>, section: &Section<'_>) -> Vec<Question> {
    let (_, subs) = sections::children(ctx, section);
    let mut out: Vec<Question> = Vec::new();
    for sub in &subs {
        if sub.name == "text" {
            out.push(Question {
                text: ctx.prose(sub).markdown,
                answers: Vec::new(),
                solution: 0,
                line: ctx.line(sub.heading.range.start),
            });
            continue;
        }
        let Some(question) = out.last_mut() else {
            ctx.report(
                Code::QuestionShape,
                sub.heading.range.clone(),
                format!(
                    "`## --{}--` comes before any `## --text--`: a question starts with its text",
                    sub.name
                ),
            );
            continue;
        };
        if sub.name == "answers" {
            question.answers = answers(ctx, sub);
        } else {
            // freeCodeCamp reads the number with parseInt: a `---` between questions or a
            // heading whose marker lost its closing `--` may follow it in the same section.
            let (first, rest) = sub
                .body
                .split_first()
                .map_or((&[][..], &[][..]), |(f, r)| (std::slice::from_ref(f), r));
            let raw = ctx.source_of(first);
            let extra: Vec<&Block> = rest
                .iter()
                .filter(|b| !matches!(b.kind, Kind::ThematicBreak))
                .collect();
            if let Some(b) = extra.first()
                && raw.trim().parse::<usize>().is_ok()
            {
                let line = ctx.text[b.range.clone()]
                    .lines()
                    .next()
                    .unwrap_or("")
                    .trim();
                let why = if line.starts_with("# --") {
                    format!(" (`{line}` is not a section marker: is its closing `--` missing?)")
                } else {
                    String::new()
                };
                ctx.report(
                    Code::VideoSolutionText,
                    b.range.clone(),
                    format!(
                        "`## --video-solution--` holds more than the answer number: answer {} is \
                         used, the text after it is ignored{why}",
                        raw.trim()
                    ),
                );
            }
            match raw.trim().parse::<usize>() {
                Ok(n) if n >= 1 => question.solution = n,
                _ => ctx.report(Code::QuestionShape,
                    sub.body.first().map_or(sub.heading.range.clone(), |b| b.range.clone()),
                    format!("`## --video-solution--` must be the number of the correct answer (1, 2, …), found `{}`", raw.trim()),
                ),
            }
        }
    }
    for q in &out {
        let start = ctx.lines.line_start(q.line, ctx.text.len());
        if q.answers.is_empty() {
            ctx.report(
                Code::QuestionShape,
                start..start,
                "this question has no `## --answers--`",
            );
        } else if q.solution == 0 {
            ctx.report(
                Code::QuestionNoSolution,
                start..start,
                "this question has no `## --video-solution--` saying which answer is right",
            );
        } else if q.solution > q.answers.len() {
            ctx.report(
                Code::QuestionSolutionRange,
                start..start,
                format!(
                    "`## --video-solution--` says answer {}, but the question has {} answers",
                    q.solution,
                    q.answers.len()
                ),
            );
        }
        for (i, a) in q.answers.iter().enumerate() {
            if q.answers[..i].iter().any(|b| b.answer == a.answer) {
                ctx.report(
                    Code::DuplicateAnswer,
                    start..start,
                    format!("two answers of this question are the same: {:?}", a.answer),
                );
            }
        }
    }
    out
}

/// Answers separated by `---`, each optionally with `### --feedback--` and `### --audio-id--`.
fn answers(ctx: &mut Ctx<'_>, sub: &Section<'_>) -> Vec<Answer> {
    groups(sub.body)
        .map(|group| {
            let (pre, subs) = sections::split(group, 3);
            let mut answer = Answer {
                answer: ctx.source_of(pre),
                feedback: None,
                audio_id: None,
            };
            for s in subs {
                match s.name {
                    "feedback" => answer.feedback = Some(ctx.source_of(s.body)),
                    "audio-id" | "audioid" => answer.audio_id = Some(ctx.source_of(s.body)),
                    other => ctx.report(Code::QuestionShape,
                        s.heading.range.clone(),
                        format!("`### --{other}--` does not belong in an answer; use `### --feedback--` or `### --audio-id--`"),
                    ),
                }
            }
            answer
        })
        .collect()
}

/// Runs of blocks between thematic breaks, empty runs dropped.
fn groups(body: &[Block]) -> impl Iterator<Item = &[Block]> {
    body.split(|b| b.kind == Kind::ThematicBreak)
        .filter(|g| !g.is_empty())
}

/// `# --quizzes--` → `## --quiz--` → `### --question--` → `#### --text--`, `--distractors--`,
/// `--answer--`, `--audio--`.
pub fn quizzes(ctx: &mut Ctx<'_>, section: &Section<'_>) -> Vec<Quiz> {
    let (_, quiz_sections) = sections::children(ctx, section);
    let mut quizzes = Vec::new();
    for quiz in &quiz_sections {
        let (_, question_sections) = sections::children(ctx, quiz);
        let mut questions = Vec::new();
        for q in &question_sections {
            let (_, parts) = sections::children(ctx, q);
            let part = |name: &str| parts.iter().find(|p| p.name == name);
            let mut missing = Vec::new();
            let text = part("text").map(|p| ctx.source_of(p.body));
            let answer = part("answer").map(|p| ctx.source_of(p.body));
            let distractors: Vec<String> = part("distractors")
                .map(|p| groups(p.body).map(|g| ctx.source_of(g)).collect())
                .unwrap_or_default();
            if text.is_none() {
                missing.push("`#### --text--`");
            }
            if answer.is_none() {
                missing.push("`#### --answer--`");
            }
            if part("distractors").is_none() {
                missing.push("`#### --distractors--`");
            }
            if !missing.is_empty() {
                ctx.report(
                    Code::QuestionShape,
                    q.heading.range.clone(),
                    format!("this quiz question is missing {}", missing.join(", ")),
                );
            }
            let audio = part("audio")
                .copied()
                .and_then(|p| json_block(ctx, &p, "audio"));
            questions.push(QuizQuestion {
                text: text.unwrap_or_default(),
                distractors,
                answer: answer.unwrap_or_default(),
                audio,
            });
        }
        quizzes.push(Quiz { questions });
    }
    quizzes
}

/// `# --fillInTheBlank--`: a sentence with `BLANK` (or, in 2024 files, `_`) gaps and the
/// answers for them, in order.
pub fn fill_in_the_blank(ctx: &mut Ctx<'_>, section: &Section<'_>) -> Option<FillInTheBlank> {
    let (_, subs) = sections::children(ctx, section);
    let Some(sentence) = subs.iter().find(|s| s.name == "sentence") else {
        ctx.report(
            Code::QuestionShape,
            section.heading.range.clone(),
            "`# --fillInTheBlank--` needs a `## --sentence--`",
        );
        return None;
    };
    let sentence_text = ctx.source_of(sentence.body);
    let gap = gap_marker(&sentence_text);
    let gaps = sentence_text.matches(gap).count();
    let mut blanks = Vec::new();
    if let Some(sub) = subs.iter().find(|s| s.name == "blanks") {
        for group in groups(sub.body) {
            let (pre, feedback) = sections::split(group, 3);
            let answer = ctx.source_of(pre);
            let answer = answer
                .strip_prefix('`')
                .and_then(|a| a.strip_suffix('`'))
                .map(str::to_string)
                .unwrap_or(answer);
            let mut blank = Blank {
                answer,
                feedback: None,
            };
            for f in feedback {
                if f.name == "feedback" {
                    blank.feedback = Some(ctx.source_of(f.body));
                } else {
                    ctx.report(
                        Code::QuestionShape,
                        f.heading.range.clone(),
                        format!(
                            "`### --{}--` does not belong in a blank; use `### --feedback--`",
                            f.name
                        ),
                    );
                }
            }
            blanks.push(blank);
        }
    }
    if gaps != blanks.len() {
        ctx.report(
            Code::BlankCount,
            sentence.heading.range.clone(),
            format!(
                "the sentence has {gaps} {} gap{} but `## --blanks--` lists {} answer{}",
                if gap == "_" { "`_`" } else { gap },
                if gaps == 1 { "" } else { "s" },
                blanks.len(),
                if blanks.len() == 1 { "" } else { "s" }
            ),
        );
    }
    Some(FillInTheBlank {
        sentence: sentence_text,
        blanks,
    })
}

/// A section made of one ```json block (scene, quiz audio, speaking audio), parsed.
pub fn json_block(ctx: &mut Ctx<'_>, section: &Section<'_>, what: &str) -> Option<Value> {
    let block = section.body.iter().find(|b| b.is_code())?;
    let Kind::Code { code, .. } = &block.kind else {
        return None;
    };
    match serde_json::from_str::<Value>(code) {
        Ok(v) => Some(v),
        Err(e) => {
            // serde_json counts lines from 1 inside the block; the code starts after the fence.
            let line = ctx.line(block.range.start) + e.line().max(1);
            let start = ctx.lines.line_start(line, ctx.text.len());
            let line_text = &ctx.text[start
                ..ctx.text[start..]
                    .find('\n')
                    .map_or(ctx.text.len(), |i| start + i)];
            let col_bytes = line_text
                .char_indices()
                .nth(e.column().saturating_sub(1))
                .map_or(line_text.len(), |(i, _)| i);
            let at = start + col_bytes;
            let reason = e.to_string();
            let reason = reason.split(" at line ").next().unwrap_or(&reason);
            ctx.report(
                Code::InvalidJson,
                at..at,
                format!("the {what} is not valid JSON: {reason}"),
            );
            None
        }
    }
}

/// `# --speaking-section--`: `## --sentence--` (one code span) and `## --speaking-audio--` JSON.
pub fn speaking_section(ctx: &mut Ctx<'_>, section: &Section<'_>) -> Option<SpeakingSection> {
    let (_, subs) = sections::children(ctx, section);
    let sentence = subs
        .iter()
        .find(|s| s.name == "sentence")
        .map(|s| ctx.source_of(s.body))?;
    let audio = subs
        .iter()
        .find(|s| s.name == "speaking-audio")
        .copied()
        .and_then(|s| json_block(ctx, &s, "speaking audio"));
    let sentence = sentence
        .strip_prefix('`')
        .and_then(|s| s.strip_suffix('`'))
        .map(str::to_string)
        .unwrap_or(sentence);
    Some(SpeakingSection { sentence, audio })
}
