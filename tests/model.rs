//! The curriculum model against real files: the bundled course, the shared corpus sample, the
//! seed lesson, one broken file per rule, and a broken content root.

mod common;

use std::path::PathBuf;

use lessons::challenge::{self, TestForm};
use lessons::commands::check::{self, Counts};
use lessons::diagnostic::Severity;

fn counts(challenges: usize, hints: usize, solutions: usize) -> Counts {
    Counts {
        challenges,
        hints,
        solutions,
    }
}

#[test]
fn corpus_sample_new_layout_has_no_errors() {
    let Some(root) = common::shared("corpus-sample/new-layout/curriculum") else {
        return;
    };
    let report = check::run(&[root]).unwrap();
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(report.files, 284);
    assert_eq!(report.per_language["en"], counts(142, 459, 68));
    assert_eq!(report.per_language["uk"], counts(142, 457, 68));
}

#[test]
fn corpus_sample_old_layout_has_no_errors() {
    let Some(root) = common::shared("corpus-sample/old-layout/curriculum/challenges") else {
        return;
    };
    let report = check::run(&[root]).unwrap();
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    assert_eq!(report.files, 52);
    assert_eq!(report.per_language["en"], counts(26, 128, 16));
    assert_eq!(report.per_language["uk"], counts(26, 128, 16));
}

#[test]
fn old_layout_is_accepted_at_the_curriculum_folder_too() {
    let Some(root) = common::shared("corpus-sample/old-layout/curriculum") else {
        return;
    };
    let report = check::run(&[root]).unwrap();
    assert_eq!((report.errors(), report.challenges), (0, 52));
}

#[test]
fn bundled_course_is_clean() {
    let report = check::run(&[common::repo().join("content")]).unwrap();
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert_eq!(report.per_language["en"].challenges, 14);
    assert_eq!(report.per_language["uk"].challenges, 13);
}

#[test]
fn seed_lesson() {
    let Some(path) = common::shared("seeds/handle-a-disconnect.uk.md") else {
        return;
    };
    let parsed = challenge::parse_file(&path);
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    let c = parsed.challenge.unwrap();
    assert_eq!(c.id(), "589fc831f9fc0f352b528e76");
    assert_eq!(c.dashed_name(), "handle-a-disconnect");
    assert_eq!(c.challenge_type(), 2);
    assert_eq!(c.front.forum_topic_id, Some(301552));
    assert_eq!(c.tests.len(), 2);
    assert!(c.tests.iter().all(|t| t.form == TestForm::Function));
    assert_eq!(
        c.tests[0].text,
        "Сервер повинен обробляти подію відключення від сокету."
    );
    assert_eq!(
        c.tests[1].text,
        "Your client should be listening for `'user count'` event."
    );
    assert!(
        c.tests[0]
            .test_string
            .starts_with("async (getUserInput) => {")
    );
    assert!(
        c.tests[1]
            .test_string
            .contains(r#"/socket.on.*('|")user count('|")/s"#)
    );
    assert_eq!((c.tests[0].line, c.tests[1].line), (29, 40));

    let description = &c.description.as_ref().unwrap().markdown;
    let paragraphs: Vec<&str> = description.split("\n\n").collect();
    assert_eq!(paragraphs.len(), 6, "{paragraphs:#?}");
    assert!(paragraphs[0].starts_with("Ви можете звернути увагу"));
    assert!(paragraphs[2].starts_with("```js\nsocket.on('disconnect'"));
    assert!(paragraphs[3].starts_with("To make sure clients continuously"));
    assert!(paragraphs[5].contains("If you're running into errors"));

    assert_eq!(c.solutions.len(), 1);
    assert_eq!(c.solutions[0].len(), 1);
    assert_eq!(c.solutions[0][0].ext, "js");
    assert!(
        c.solutions[0][0]
            .contents
            .starts_with("/**\n  Backend challenges don't need solutions")
    );
}

/// One broken file per rule: the exact place and words of its only problem.
#[test]
fn each_invalid_fixture_reports_its_one_problem() {
    // Forms freeCodeCamp's pipeline builds and ships: warnings that say what `lessons` does.
    const SHIPPED: &[&str] = &[
        "duplicate-section",
        "editable-marker-in-solution",
        "question-solution-out-of-range",
        "question-without-solution",
        "duplicate-answer",
        "video-solution-text",
        "empty-seed-part",
        "unknown-container",
    ];
    let cases: &[(&str, usize, usize, &str, &str)] = &[
        (
            "odd-hints",
            20,
            1,
            "hint-without-code",
            "hints come in pairs of text and a ```js block: the text at line 20 has no code block after it",
        ),
        (
            "code-without-hint-text",
            10,
            1,
            "hint-without-text",
            "hints come in pairs of text and a ```js block: this code block has no hint text before it",
        ),
        (
            "unknown-marker",
            12,
            1,
            "unknown-marker",
            "unknown section marker `# --hint--`; did you mean `--hints--`?",
        ),
        (
            "marker-wrong-depth",
            12,
            1,
            "marker-level",
            "`--hints--` is a level-1 heading: write `# --hints--`, not `## --hints--`",
        ),
        (
            "misplaced-subsection",
            10,
            1,
            "misplaced-marker",
            "`## --seed-contents--` does not belong in `# --hints--`",
        ),
        (
            "duplicate-section",
            12,
            1,
            "repeated-section",
            "a second `# --description--` section; only the first one is used",
        ),
        (
            "unclosed-fence",
            16,
            1,
            "unclosed-fence",
            "this code fence is not closed before `# --solutions--` at line 19, so that section became code: close the fence with a line of three backticks",
        ),
        (
            "unclosed-fence-at-end",
            10,
            1,
            "unclosed-fence",
            "this code fence is never closed, so everything after it (later sections too) became code: close it with a line of three backticks",
        ),
        (
            "missing-front-matter",
            1,
            1,
            "no-front-matter",
            "missing front matter: a challenge file starts with a `---` line, then YAML with id, title, challengeType and dashedName, then another `---` line",
        ),
        (
            "unclosed-front-matter",
            1,
            1,
            "front-matter-unclosed",
            "the front matter opened here is never closed: add a `---` line after its last key",
        ),
        (
            "bad-yaml",
            3,
            9,
            "front-matter-yaml",
            "the front matter is not valid YAML: invalid indentation in quoted scalar",
        ),
        (
            "missing-id",
            1,
            1,
            "missing-key",
            "the front matter has no `id`; every challenge needs id, title, challengeType and dashedName",
        ),
        (
            "non-integer-challenge-type",
            4,
            16,
            "bad-key",
            "`challengeType` must be a whole number from 0 to 33, found `one`",
        ),
        (
            "bad-forum-topic-id",
            5,
            15,
            "bad-key",
            "`forumTopicId` must be a whole number",
        ),
        (
            "one-editable-marker",
            18,
            1,
            "editable-region",
            "this editable region is never closed: a file has no `--fcc-editable-region--` line or exactly two",
        ),
        (
            // Spaced out inside a comment: found on a line with its `-`s, after the real pair.
            "malformed-editable-marker",
            21,
            1,
            "editable-region",
            "malformed editable-region marker: write `--fcc-editable-region--` alone on its own line",
        ),
        (
            "too-many-editable-markers",
            16,
            1,
            "editable-region",
            "too many `--fcc-editable-region--` lines (3): a file has none or exactly two",
        ),
        (
            "editable-marker-in-solution",
            12,
            1,
            "editable-region-in-solution",
            "editable-region markers belong in the seed only; remove this one from the solution",
        ),
        (
            "editable-marker-as-heading",
            8,
            1,
            "unknown-marker",
            "`--fcc-editable-region--` is written as a heading here; it must be a plain line inside a seed code block",
        ),
        (
            "bad-scene-json",
            18,
            3,
            "invalid-json",
            "the scene is not valid JSON: trailing comma",
        ),
        (
            "blank-count-mismatch",
            10,
            1,
            "blank-count",
            "the sentence has 2 BLANK gaps but `## --blanks--` lists 1 answer",
        ),
        (
            "question-solution-out-of-range",
            10,
            1,
            "question-solution-range",
            "`## --video-solution--` says answer 3, but the question has 2 answers",
        ),
        (
            "question-without-solution",
            10,
            1,
            "question-no-solution",
            "this question has no `## --video-solution--` saying which answer is right",
        ),
        (
            "duplicate-answer",
            10,
            1,
            "duplicate-answer",
            "two answers of this question are the same: \"A\"",
        ),
        (
            "video-solution-text",
            26,
            1,
            "video-solution-text",
            "`## --video-solution--` holds more than the answer number: answer 2 is used, the text after it is ignored (`# --explanation` is not a section marker: is its closing `--` missing?)",
        ),
        (
            "empty-seed-part",
            24,
            1,
            "empty-seed-part",
            "empty ```js block in `## --before-user-code--`; remove it or add code",
        ),
        (
            "unknown-container",
            12,
            1,
            "unknown-container",
            "unknown container `:::note`; only `:::interactive_editor` has a meaning",
        ),
        (
            "unclosed-interactive-container",
            12,
            1,
            "container",
            "this container is never closed: add a line `:::` after its code blocks",
        ),
    ];
    let dir = common::repo().join("tests/fixtures/invalid");
    let mut failures = Vec::new();
    for (name, line, col, code, message) in cases {
        let path = dir.join(format!("{name}.md"));
        let parsed = challenge::parse_file(&path);
        let got: Vec<(usize, usize, &str)> = parsed
            .diagnostics
            .iter()
            .map(|d| (d.line, d.col, d.message.as_str()))
            .collect();
        // Files freeCodeCamp builds are warnings; the rest are errors (see crates/model/src/codes.rs).
        let severity = if SHIPPED.contains(name) {
            Severity::Warning
        } else {
            Severity::Error
        };
        if got != [(*line, *col, *message)]
            || parsed.diagnostics[0].severity != severity
            || parsed.diagnostics[0].code.name() != *code
        {
            failures.push(format!(
                "{name}: expected {line}:{col}: {severity}[{code}]: {message}\n   got {:?}",
                parsed
                    .diagnostics
                    .iter()
                    .map(|d| format!("{d}"))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn fixtures_with_two_problems_report_both() {
    let path = common::repo().join("tests/fixtures/invalid/bad-id-and-dashed-name.md");
    let got: Vec<String> = challenge::parse_file(&path)
        .diagnostics
        .iter()
        .map(|d| format!("{}:{}: {}", d.line, d.col, d.message))
        .collect();
    assert_eq!(
        got,
        [
            "2:5: `id` must be 24 hexadecimal digits (a MongoDB ObjectId), found `not-an-object-id`",
            "5:13: `dashedName` may hold only lowercase letters, digits and `-`, found `Bad_Name`",
        ]
    );
    let path = common::repo().join("tests/fixtures/invalid/seed-without-contents.md");
    assert_eq!(challenge::parse_file(&path).diagnostics.len(), 2);
}

/// Every invalid fixture is named in the table above or checked separately, so a new rule's
/// fixture cannot be added without its expected message.
#[test]
fn every_invalid_fixture_is_checked() {
    let dir = common::repo().join("tests/fixtures/invalid");
    let source = include_str!("model.rs");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry
            .unwrap()
            .path()
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            source.contains(&format!("\"{name}\""))
                || source.contains(&format!("invalid/{name}.md")),
            "{name} is not checked"
        );
    }
}

#[test]
fn broken_root_reports_every_linking_problem_with_both_places() {
    let root = common::repo().join("tests/fixtures/broken-root");
    let report = check::run(std::slice::from_ref(&root)).unwrap();
    let got: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| {
            let mut s = format!(
                "{}:{}:{}: {}[{}]: {}",
                common::rel(&d.path),
                d.line,
                d.col,
                d.severity,
                d.code,
                d.message
            );
            for r in &d.related {
                s.push_str(&format!(
                    " [also {}:{}:{}]",
                    common::rel(&r.path),
                    r.line,
                    r.col
                ));
            }
            s
        })
        .collect();
    let b = "tests/fixtures/broken-root";
    // `aaaaaaaaaaaaaaaaaaaaaaa1` is also the id of `successor`'s lesson: the same id in two
    // blocks is not a problem (freeCodeCamp's legacy blocks and their successors share ids).
    assert_eq!(
        got,
        [
            format!(
                "{b}/english/blocks/linking/aaaaaaaaaaaaaaaaaaaaaaa2.md:5:13: error[duplicate-dashed-name]: duplicate dashedName `same-name` in this block [also {b}/english/blocks/linking/aaaaaaaaaaaaaaaaaaaaaaa1.md:5:13]"
            ),
            format!(
                "{b}/english/blocks/linking/aaaaaaaaaaaaaaaaaaaaaaa4.md:2:5: warning[not-in-structure]: id `aaaaaaaaaaaaaaaaaaaaaaa4` is not in the `challengeOrder` of block `linking`: checked, not placed in the site"
            ),
            format!(
                "{b}/english/blocks/linking/copy-of-first.md:2:5: error[duplicate-id]: duplicate id `aaaaaaaaaaaaaaaaaaaaaaa1` in block `linking`: this file is left out [also {b}/english/blocks/linking/aaaaaaaaaaaaaaaaaaaaaaa1.md:2:5]"
            ),
            format!(
                "{b}/structure/blocks/linking.json:10:13: error[missing-lesson]: `aaaaaaaaaaaaaaaaaaaaaaa3` (\"Has no file\") is in the challengeOrder of `linking` but no English file has this id"
            ),
            format!(
                "{b}/ukrainian/blocks/linking/aaaaaaaaaaaaaaaaaaaaaaa9.md:2:5: warning[not-in-structure]: id `aaaaaaaaaaaaaaaaaaaaaaa9` is not in the `challengeOrder` of block `linking`: checked, not placed in the site"
            ),
            format!(
                "{b}/ukrainian/blocks/not-yet-in-english:1:1: note[block-not-in-english]: block `not-yet-in-english` (2 uk files) is not in the English structure yet: checked against English by id where English has the id, not placed in the site"
            ),
        ]
    );
    // Both blocks that share the id have their own English lesson and translation.
    let c = lessons::curriculum::load(&root, &mut Vec::new()).unwrap();
    let titles: Vec<(String, String, String)> = c
        .blocks
        .iter()
        .flat_map(|b| {
            b.lessons.iter().map(|l| {
                (
                    b.meta.dashed_name.clone(),
                    l.english
                        .as_ref()
                        .map_or("-".into(), |e| e.title().to_string()),
                    l.translations
                        .get("uk")
                        .map_or("-".into(), |e| e.title().to_string()),
                )
            })
        })
        .collect();
    assert_eq!(
        titles[0],
        ("linking".into(), "First".into(), titles[0].2.clone())
    );
    assert_ne!(titles[0].2, "-");
    assert_eq!(
        titles.last().unwrap(),
        &(
            "successor".into(),
            "First, again".into(),
            "Знову перше".into()
        )
    );
    // Files no block places are kept for the translation check, by block folder.
    let unplaced: Vec<(&str, &str, usize)> = c
        .unplaced
        .iter()
        .map(|u| (u.lang.as_str(), u.block.as_str(), u.challenges.len()))
        .collect();
    assert_eq!(
        unplaced,
        [
            ("en", "linking", 1),
            ("uk", "linking", 1),
            ("uk", "not-yet-in-english", 2)
        ]
    );
}

#[test]
fn crlf_and_bom_parse_like_plain_text() {
    let path = common::repo()
        .join("content/english/blocks/realtime-user-counter/869297177b0249dd0ea8869e.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    let a = challenge::parse(&path, &text);
    let b = challenge::parse(&path, &crlf);
    assert!(b.diagnostics.is_empty(), "{:#?}", b.diagnostics);
    let (a, b) = (a.challenge.unwrap(), b.challenge.unwrap());
    assert_eq!(a.tests, b.tests);
    assert_eq!(a.description, b.description);
}

#[test]
fn editable_regions_and_seed_files() {
    let text = "---\nid: 5e9a0e9ef99a403d019610cc\ntitle: ' Seeds '\nchallengeType: ' 0 '\ndashedName: seeds\nunknownKey: [1, 2]\n---\n\n# --seed--\n\n## --before-user-code--\n\n```js\nconst head = 1;\n```\n\n## --seed-contents--\n\n```html\n<p>x</p>\n```\n\n```js\nlet a = 1;\n--fcc-editable-region--\nlet b;\n--fcc-editable-region--\n```\n\n```css\np { color: red; }\n```\n\n# --solutions--\n\n```js\nlet a = 1;\n```\n\n---\n\n```js\nlet a = 2;\n```\n";
    let parsed = challenge::parse(&PathBuf::from("seeds.md"), text);
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    let c = parsed.challenge.unwrap();
    assert_eq!(c.title(), "Seeds");
    assert_eq!(c.challenge_type(), 0);
    assert_eq!(c.front.extra["unknownKey"], serde_json::json!([1, 2]));
    let names: Vec<(&str, &str)> = c
        .challenge_files
        .iter()
        .map(|f| (f.name.as_str(), f.ext.as_str()))
        .collect();
    assert_eq!(
        names,
        [("index", "html"), ("script", "js"), ("styles", "css")]
    );
    let js = &c.challenge_files[1];
    assert_eq!(js.contents, "let a = 1;\nlet b;");
    assert_eq!(js.editable_region_boundaries, [1, 3]);
    assert_eq!(js.head, "const head = 1;");
    assert_eq!(c.solutions.len(), 2);
}

#[test]
fn a_build_of_some_languages_reads_only_those_and_english() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut diags = Vec::new();
    let all = lessons::curriculum::load(&root, &mut diags).unwrap();
    let translated = |c: &lessons::curriculum::Curriculum| {
        c.blocks
            .iter()
            .flat_map(|b| &b.lessons)
            .filter(|l| !l.translations.is_empty())
            .count()
    };
    assert!(translated(&all) > 5, "the bundled course is translated");
    for only in [vec!["en".to_string()], vec!["fr".to_string()]] {
        let mut diags = Vec::new();
        let some = lessons::curriculum::load_languages(&root, &only, &mut diags).unwrap();
        assert_eq!(translated(&some), 0, "{only:?}");
        assert!(some.challenge_count() < all.challenge_count(), "{only:?}");
    }
    let mut diags = Vec::new();
    let uk = lessons::curriculum::load_languages(&root, &["uk".to_string()], &mut diags).unwrap();
    assert_eq!(translated(&uk), translated(&all));
}
