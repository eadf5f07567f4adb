//! Historical forms that real curriculum trees still contain, each read as freeCodeCamp reads
//! it. One real file (or a short excerpt of one) per form under `tests/fixtures/forms/`.
//!
//! Counts are measured on the real trees (`../shared/curriculum`: English 2025-09, 13,580 files;
//! Ukrainian 2026-07, 16,647 files) and on `../shared/corpus-sample` unless said otherwise.

mod common;

use std::path::{Path, PathBuf};

use lessons::challenge::{self, Challenge, Parsed};
use lessons::codes::Code;

fn fixture(name: &str) -> PathBuf {
    common::repo()
        .join("tests/fixtures/forms")
        .join(format!("{name}.md"))
}

/// Parses a fixture and insists on a clean result: a challenge and no diagnostic at all.
fn clean(name: &str) -> Challenge {
    let parsed = challenge::parse_file(&fixture(name));
    assert!(
        parsed.diagnostics.is_empty(),
        "{name}: {:#?}",
        parsed.diagnostics
    );
    parsed.challenge.expect("front matter parses")
}

fn codes(parsed: &Parsed) -> Vec<(Code, usize)> {
    parsed
        .diagnostics
        .iter()
        .map(|d| (d.code, d.line))
        .collect()
}

/// Form 1. 2024 fill-in-the-blank sentences mark each gap with `_` inside the backticked
/// sentence, not with `BLANK`: freeCodeCamp's parser of that time counted
/// `sentence.match(/_/g)` against the blanks (and its message still says "Number of
/// underscores"). 961 files of the 2024 tree use it (that tree is not on this machine); the
/// 2025-09 English (2,493) and 2026-07 Ukrainian (2,933) fill-in-the-blank files all use
/// `BLANK`, and the corpus sample has none of the old form. Fixture: the 2024 version of
/// English `6543aa3df5f028dba112f275` ("Task 4", A2 English for Developers), scene left out.
#[test]
fn underscore_gaps_in_fill_in_the_blank() {
    let c = clean("underscore-blanks");
    let f = c.fill_in_the_blank.as_ref().expect("fill in the blank");
    assert_eq!(f.sentence, "`I'm Maria, the _ _.`");
    assert_eq!(f.gap(), "_");
    let answers: Vec<&str> = f.blanks.iter().map(|b| b.answer.as_str()).collect();
    assert_eq!(answers, ["team", "lead"]);
    for b in &f.blanks {
        assert_eq!(
            b.feedback.as_deref(),
            Some("Focus on the term Maria used to describe herself.")
        );
    }
}

/// The lesson page shows each `_` as a gap, as each `BLANK`.
#[test]
fn underscore_gaps_render_as_gaps() {
    let c = clean("underscore-blanks");
    let view = lessons::render::lesson::view(&c, &lessons::render::Highlighter::new(None, false));
    let sentence = view.blanks.expect("blanks view").sentence;
    let gap = "<span class=\"blank\" role=\"presentation\">_____</span>";
    assert_eq!(sentence.matches(gap).count(), 2, "{sentence}");
    assert!(
        sentence.contains(&format!("the {gap} {gap}.")),
        "{sentence}"
    );
}

/// The `_` count is checked like the `BLANK` count, and a sentence with `BLANK` keeps `_` as
/// text (`snake_case` in a 2025 sentence is not a gap).
#[test]
fn underscore_gaps_are_counted_and_blank_wins() {
    let text = std::fs::read_to_string(fixture("underscore-blanks")).unwrap();
    let one_gap = text.replace("the _ _.", "the _ lead.");
    let parsed = challenge::parse(Path::new("one-gap.md"), &one_gap);
    assert_eq!(codes(&parsed), [(Code::BlankCount, 19)]);
    assert_eq!(
        parsed.diagnostics[0].message,
        "the sentence has 1 `_` gap but `## --blanks--` lists 2 answers"
    );

    let mixed = text.replace("the _ _.", "the BLANK_name BLANK.");
    let parsed = challenge::parse(Path::new("mixed.md"), &mixed);
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    let f = parsed.challenge.unwrap().fill_in_the_blank.unwrap();
    assert_eq!((f.gap(), f.blanks.len()), ("BLANK", 2));
}

/// Form 2. `# --question--` (singular) as the questions section, with the same subsections:
/// the 2022–2024 video challenges (FORMAT.md §4.5). 0 files in the 2025-09 English and
/// 2026-07 Ukrainian trees (3,752 and 4,441 use `# --questions--`), 0 in the corpus sample.
/// Fixture: the 2024-era Ukrainian `numpy/5e9a0a8e09c5df3cc3600ed9` (today `# --questions--`).
#[test]
fn singular_question_section() {
    let c = clean("question-singular");
    assert_eq!(c.challenge_type(), 11);
    assert_eq!(c.sections[0].name, "question");
    assert_eq!(c.questions.len(), 1);
    let q = &c.questions[0];
    assert!(
        q.text
            .starts_with("Який код створить наступний масив?\n\n```py\n[[1. 1.]")
    );
    assert_eq!(q.answers.len(), 3);
    assert!(q.answers[0].answer.contains("b = a.reshape((4, 2))"));
    assert!(q.answers[2].answer.contains("b = a.reshape((8, 1))"));
    assert!(q.answers.iter().all(|a| a.feedback.is_none()));
    assert_eq!(q.solution, 1);
}

/// Form 3. A `---` after the answer number of `## --video-solution--`, before the next
/// question's `## --text--`: 25 times in 14 files (1 English, 13 Ukrainian), none in the
/// corpus sample. freeCodeCamp starts a question at each `## --text--` and reads the first
/// node of the video solution as the number, so the break changes nothing, and no diagnostic
/// is due. Fixture: English `lecture-introduction-to-python/67fe859c1ab68734d7c666cb`
/// (description left out), whose second question ends `2\n\n---`.
#[test]
fn break_after_video_solution() {
    let c = clean("break-after-video-solution");
    let got: Vec<(usize, usize)> = c
        .questions
        .iter()
        .map(|q| (q.answers.len(), q.solution))
        .collect();
    assert_eq!(got, [(4, 1), (4, 2), (4, 3)]);
    assert_eq!(
        c.questions[1].text,
        "How do you define a multiline string in Python?"
    );
    assert_eq!(
        c.questions[2].text,
        "How do you extract a specific portion of a string in Python?"
    );
    assert!(
        c.questions[1]
            .answers
            .iter()
            .all(|a| !a.answer.contains("---"))
    );
}

/// Form 4. Assignments separated by `---` in `# --assignment--`: 12 files (6 English,
/// 6 Ukrainian: the `top-*` and `learn-*-for-x`-style Odin and maths blocks). freeCodeCamp's
/// `add-assignment.js` splits the section at thematic breaks, one assignment per part, empty
/// parts dropped; each `---` used to count as an assignment of its own here. No file has
/// several paragraphs in one part. Fixture: English `top-working-with-text/637f4e3e72c65bc8e73dfe24`.
#[test]
fn assignments_separated_by_breaks() {
    let c = clean("assignments-separated");
    assert_eq!(
        c.assignments,
        [
            "Watch the first three minutes of Kevin Powell's video on Ordered and Unordered lists above.",
            "Make an unordered shopping list of your favorite foods.",
            "Make an ordered list of todo’s you need to get done today.",
            "Make an unordered list of places you’d like to visit someday.",
            "Make an ordered list of your all time top 5 favorite video games or movies.",
        ]
    );
    assert_eq!(c.questions.len(), 1);
    assert_eq!(c.questions[0].solution, 2);
}

/// Form 5. `:::interactive_editor` on the line right after a paragraph line. CommonMark folds
/// it into the paragraph; remark-directive, which freeCodeCamp parses with, lets a container
/// fence interrupt a paragraph. 1 file (Ukrainian
/// `lecture-css-specificity-the-cascade-algorithm-and-inheritance/672aa62178d5ff57fe4f98e0`,
/// the one error `lessons check` reported on the real trees) of the 301 Ukrainian files with
/// containers; English 2025-09 has none. Fixture: an excerpt of that file.
#[test]
fn editor_right_after_a_paragraph_line() {
    let c = clean("editor-after-paragraph");
    assert_eq!(c.interactive.len(), 1);
    let editors = &c.interactive[0].editors;
    let exts: Vec<Vec<&str>> = editors
        .iter()
        .map(|e| e.iter().map(|f| f.ext.as_str()).collect())
        .collect();
    assert_eq!(exts, [["html", "css"], ["html", "css"]]);
    assert!(editors[1][1].contents.starts_with("* {\n  color: red;\n}"));
    // The paragraph stays in the prose, whole.
    assert!(
        c.interactive[0]
            .markdown
            .contains("селектора `*`.\n:::interactive_editor\n\n```html")
    );
    assert_eq!(c.questions.len(), 1);
    assert_eq!(c.questions[0].solution, 2);
}

/// Form 6a. An empty fence of a language in the seed before (or after) another one of the same
/// language. freeCodeCamp's `get-file-visitor.js` replaces code that is still empty instead of
/// joining it with a newline, so an empty first block adds nothing. Real: 2 files (English and
/// Ukrainian `top-learn-css-foundations-projects/63ee3ff1381756f9716727f2`, an empty ```css
/// before and after the html); 678 more empty seed blocks (316 English, 362 Ukrainian) are the
/// only block of their language, an empty file. Fixture: the English file, whole.
#[test]
fn empty_css_fences_make_one_empty_file() {
    let c = clean("empty-css-fences");
    let files: Vec<(&str, &str)> = c
        .challenge_files
        .iter()
        .map(|f| (f.file_key.as_str(), f.contents.as_str()))
        .collect();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0], ("indexcss", ""));
    assert_eq!(files[1].0, "indexhtml");
    assert!(
        files[1]
            .1
            .starts_with("<!DOCTYPE html>\n<html lang=\"en\">")
    );
    assert_eq!(c.challenge_files[0].line, 66); // the first of the two empty css blocks
}

/// Form 6b. The same rule for an empty ```html block right before the real one, where it
/// matters most: the editable region must not move. Fixture: English
/// `learn-html-by-building-a-cat-photo-app/5dc17d3bf86c76b9248c6eb4` with an empty ```html
/// block put before its seed (the shape the 2024 tree has).
#[test]
fn empty_first_html_fence_adds_nothing() {
    let c = clean("empty-first-html-fence");
    assert_eq!(c.challenge_files.len(), 1);
    let html = &c.challenge_files[0];
    assert_eq!(html.file_key, "indexhtml");
    assert!(
        html.contents
            .starts_with("<html>\n  <body>\n    <h1>CatPhotoApp</h1>\n    <h2>")
    );
    assert_eq!(html.editable_region_boundaries, [3, 6]);
    assert_eq!(html.line, 54); // the real block, not the empty one
    assert_eq!(c.tests.len(), 4);
}

/// Form 7. CRLF line endings. 23 Ukrainian files contain CR characters, 612 in all, each one
/// before a LF; every one of the 23 mixes CRLF lines with LF lines (from 1 to 287 CRLF lines).
/// No file has a lone CR; the English tree and the corpus sample have no CR at all. Fixture:
/// Ukrainian `workshop-binary-search-js/6996ccadf9048c79b857bb15`, whole (50 of its 54 lines
/// end in CRLF; `.gitattributes` keeps them).
#[test]
fn crlf_file_parses_like_its_lf_copy() {
    let path = fixture("crlf-mixed");
    let raw = std::fs::read_to_string(&path).unwrap();
    assert_eq!(raw.matches("\r\n").count(), 50, "git kept the CRLF endings");
    let c = clean("crlf-mixed");
    assert_eq!(c.tests.len(), 1);
    assert!(!c.tests[0].test_string.contains('\r'));
    let seed = &c.challenge_files[0];
    assert_eq!(seed.editable_region_boundaries, [12, 14]);
    assert!(!seed.contents.contains('\r'));
    assert_same_parse(&path, &raw, &raw.replace("\r\n", "\n"));
}

/// Every fixture of this file, written with CRLF endings, parses exactly like the LF one:
/// same model, same diagnostics at the same lines and columns.
#[test]
fn every_form_parses_the_same_with_crlf() {
    let mut n = 0;
    for entry in std::fs::read_dir(common::repo().join("tests/fixtures/forms")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let lf = std::fs::read_to_string(&path)
            .unwrap()
            .replace("\r\n", "\n");
        assert_same_parse(&path, &lf.replace('\n', "\r\n"), &lf);
        n += 1;
    }
    assert_eq!(n, 8);
}

fn assert_same_parse(path: &Path, crlf: &str, lf: &str) {
    let a = challenge::parse(path, crlf);
    let b = challenge::parse(path, lf);
    let model = |p: &Parsed| serde_json::to_value(p.challenge.as_ref().unwrap()).unwrap();
    assert_eq!(model(&a), model(&b), "{}", path.display());
    let diags =
        |p: &Parsed| -> Vec<String> { p.diagnostics.iter().map(|d| d.to_string()).collect() };
    assert_eq!(diags(&a), diags(&b), "{}", path.display());
}
