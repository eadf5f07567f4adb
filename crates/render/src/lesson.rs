//! One challenge → the view a lesson page shows: prose as HTML, numbered hint texts, seed files
//! with the editable region marked, solutions, and questions, quizzes and blanks in a static,
//! readable form. Which challenge (translation or English) is chosen by the caller.

use serde::Serialize;

use super::highlight::Highlighter;
use super::html::escape;
use super::markdown::{code_block, to_html};
use crate::challenge::{Challenge, ChallengeFile, SectionKind};

pub mod runner;

pub use runner::{BlockPage, EditorView, RunnerView, TIMEOUT_SECONDS};

#[derive(Debug, Serialize)]
pub struct LessonView {
    pub title: String,
    pub description: Option<String>,
    pub instructions: Option<String>,
    pub interactive: Vec<String>,
    pub notes: Option<String>,
    pub explanation: Option<String>,
    pub transcript: Option<String>,
    /// Prose sections of kinds without a place of their own on the page, under the heading
    /// their registry entry names.
    pub other_prose: Vec<OtherProseView>,
    pub hints: Vec<String>,
    pub files: Vec<FileView>,
    pub solutions: Vec<Vec<FileView>>,
    pub questions: Vec<QuestionView>,
    pub quizzes: Vec<Vec<QuestionView>>,
    pub blanks: Option<BlanksView>,
    pub assignments: Vec<String>,
    pub scene: Vec<SceneLine>,
    /// How the page runs the hints itself, when it can.
    pub runner: Option<RunnerView>,
}

#[derive(Debug, Serialize)]
pub struct OtherProseView {
    pub marker: String,
    /// The Fluent key of its heading.
    pub heading: Option<&'static str>,
    pub html: String,
}

#[derive(Debug, Serialize)]
pub struct FileView {
    /// `script.js`, `index.html`…
    pub name: String,
    pub lang: String,
    /// `<pre><code>` with the editable lines wrapped in `<span class="editable">`.
    pub html: String,
    /// 1-based first and last editable line, when the file has a region.
    pub editable: Option<(usize, usize)>,
    /// The editor that replaces the static code on a JavaScript lesson whose tests run in the
    /// page (seed files only).
    pub editor: Option<EditorView>,
}

#[derive(Debug, Serialize)]
pub struct QuestionView {
    pub text: String,
    pub options: Vec<OptionView>,
    /// HTML of the correct option.
    pub answer: String,
}

#[derive(Debug, Serialize)]
pub struct OptionView {
    pub html: String,
    pub feedback: Option<String>,
    pub correct: bool,
}

#[derive(Debug, Serialize)]
pub struct BlanksView {
    pub sentence: String,
    pub answers: Vec<OptionView>,
}

#[derive(Debug, Serialize)]
pub struct SceneLine {
    pub character: String,
    pub text: String,
}

/// The view of a challenge outside any block: see `view_in`.
pub fn view(c: &Challenge, hl: &Highlighter) -> LessonView {
    view_in(c, hl, BlockPage::default())
}

/// The view of a challenge of a block, whose meta adds to the page a DOM lesson builds.
pub fn view_in(c: &Challenge, hl: &Highlighter, block: BlockPage<'_>) -> LessonView {
    let runner = runner::runner_in(c, block);
    let prose = |p: &Option<crate::challenge::Prose>| p.as_ref().map(|p| to_html(&p.markdown, hl));
    LessonView {
        title: c.title().to_string(),
        description: prose(&c.description),
        instructions: prose(&c.instructions),
        interactive: c
            .interactive
            .iter()
            .map(|i| to_html(&i.markdown, hl))
            .collect(),
        notes: prose(&c.notes),
        explanation: prose(&c.explanation),
        transcript: prose(&c.transcript_section),
        other_prose: c
            .other_prose
            .iter()
            .map(|(marker, p)| OtherProseView {
                marker: marker.clone(),
                heading: SectionKind::by_marker(marker).and_then(|k| k.heading),
                html: to_html(&p.markdown, hl),
            })
            .collect(),
        hints: c.tests.iter().map(|h| to_html(&h.text, hl)).collect(),
        files: seed_files(c, runner.as_ref().map(|r| r.kind), hl),
        solutions: c
            .solutions
            .iter()
            .map(|s| s.iter().map(|f| file(f, hl)).collect())
            .collect(),
        questions: c
            .questions
            .iter()
            .map(|q| {
                let options: Vec<OptionView> = q
                    .answers
                    .iter()
                    .enumerate()
                    .map(|(i, a)| OptionView {
                        html: to_html(&a.answer, hl),
                        feedback: a.feedback.as_ref().map(|f| to_html(f, hl)),
                        correct: i + 1 == q.solution,
                    })
                    .collect();
                QuestionView {
                    text: to_html(&q.text, hl),
                    answer: options
                        .iter()
                        .find(|o| o.correct)
                        .map(|o| o.html.clone())
                        .unwrap_or_default(),
                    options,
                }
            })
            .collect(),
        quizzes: c
            .quizzes
            .iter()
            .map(|quiz| {
                quiz.questions
                    .iter()
                    .enumerate()
                    .map(|(n, q)| {
                        let answer = to_html(&q.answer, hl);
                        let mut options: Vec<OptionView> = q
                            .distractors
                            .iter()
                            .map(|d| OptionView {
                                html: to_html(d, hl),
                                feedback: None,
                                correct: false,
                            })
                            .collect();
                        // A fixed but varying place for the answer, so it is not always first
                        // and every build prints the same page.
                        let at = n % (options.len() + 1);
                        options.insert(
                            at,
                            OptionView {
                                html: answer.clone(),
                                feedback: None,
                                correct: true,
                            },
                        );
                        QuestionView {
                            text: to_html(&q.text, hl),
                            options,
                            answer,
                        }
                    })
                    .collect()
            })
            .collect(),
        blanks: c.fill_in_the_blank.as_ref().map(|f| BlanksView {
            sentence: to_html(&f.sentence, hl).replace(
                f.gap(),
                "<span class=\"blank\" role=\"presentation\">_____</span>",
            ),
            answers: f
                .blanks
                .iter()
                .map(|b| OptionView {
                    html: to_html(&b.answer, hl),
                    feedback: b.feedback.as_ref().map(|x| to_html(x, hl)),
                    correct: true,
                })
                .collect(),
        }),
        assignments: c.assignments.iter().map(|a| to_html(a, hl)).collect(),
        scene: scene_lines(c.scene.as_ref()),
        runner,
    }
}

/// The seed's files; when the page runs the lesson's hints, the files the learner edits (a
/// JavaScript lesson's JavaScript files, all of a DOM lesson's) are also editors, numbered in
/// the order the runner joins them.
fn seed_files(c: &Challenge, runner: Option<&str>, hl: &Highlighter) -> Vec<FileView> {
    let mut editors = 0;
    c.challenge_files
        .iter()
        .map(|f| {
            let mut view = file(f, hl);
            if runner.is_some_and(|kind| runner::is_editor(kind, f)) {
                view.editor = Some(EditorView {
                    index: editors,
                    rows: f.contents.lines().count().max(1),
                    // `code_block` drops one final newline; a block with a region keeps it.
                    eol: view.editable.is_none() && f.contents.ends_with('\n'),
                });
                editors += 1;
            }
            view
        })
        .collect()
}

fn file(f: &ChallengeFile, hl: &Highlighter) -> FileView {
    let editable = match f.editable_region_boundaries.as_slice() {
        // Boundaries are marker lines in the text before the markers were removed: the lines
        // between them are, 0-based in `contents`, `start .. end - 1`.
        [start, end] if end > &(start + 1) => Some((*start, end - 1)),
        _ => None,
    };
    let html = match editable {
        None => code_block(&f.ext, &f.contents, hl),
        Some((from, to)) => {
            let body = hl.code(&f.ext, &f.contents);
            let mut out = String::with_capacity(body.len() + 128);
            out.push_str(super::markdown::CODE_BLOCK_OPEN);
            out.push_str("<code class=\"language-");
            out.push_str(&escape(&f.ext));
            out.push_str("\">");
            // The newline of the last editable line goes inside the block-level span, or the
            // browser would show it as an extra empty line after the region.
            let lines: Vec<&str> = body.split('\n').collect();
            for (i, line) in lines.iter().enumerate() {
                if i == from {
                    out.push_str("<span class=\"editable\">");
                }
                out.push_str(line);
                let last = i + 1 == lines.len();
                if !last {
                    out.push('\n');
                }
                // A region that runs past the last line still closes.
                if i >= from && (i + 1 == to || (last && i + 1 < to)) {
                    out.push_str("</span>");
                }
            }
            out.push_str("</code></pre>\n");
            out
        }
    };
    FileView {
        name: format!("{}.{}", f.name, f.ext),
        lang: f.ext.clone(),
        html,
        editable: editable.map(|(from, to)| (from + 1, to)),
        editor: None,
    }
}

fn scene_lines(scene: Option<&serde_json::Value>) -> Vec<SceneLine> {
    let Some(commands) = scene
        .and_then(|s| s.get("commands"))
        .and_then(|c| c.as_array())
    else {
        return Vec::new();
    };
    commands
        .iter()
        .filter_map(|c| {
            let text = c.get("dialogue")?.get("text")?.as_str()?;
            let character = c.get("character").and_then(|x| x.as_str()).unwrap_or("");
            Some(SceneLine {
                character: character.to_string(),
                text: text.to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editable_region_wraps_the_lines_between_the_markers() {
        let text = "---\nid: eeeeeeeeeeeeeeeeeeeeeee1\ntitle: T\nchallengeType: 1\ndashedName: t\n---\n\n# --seed--\n\n## --seed-contents--\n\n```js\nlet a;\n--fcc-editable-region--\nlet b;\nlet c;\n--fcc-editable-region--\nlet d;\n```\n";
        let parsed = crate::challenge::parse(std::path::Path::new("t.md"), text);
        let c = parsed.challenge.unwrap();
        let v = view(&c, &Highlighter::new(None, false));
        let f = &v.files[0];
        assert_eq!(f.editable, Some((2, 3)));
        assert!(
            f.html
                .contains("<span class=\"editable\">let b;\nlet c;\n</span>let d;"),
            "{}",
            f.html
        );
    }
}
