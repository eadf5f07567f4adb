//! Adding a section kind is one registry entry (`lessons_model::challenge::section_kind`):
//! `test-aside` exists only in the registry's test entries (the model's `test-kinds` feature,
//! on for these tests), and the translation checks and the lesson page pick it up without a
//! line of their own. A consumer that kept its own list of markers or prose kinds would miss it
//! and fail here.

use std::path::Path;

use lessons::challenge::parse;
use lessons::check::{Options, pair};
use lessons::codes::Code;
use lessons::render::highlight::Highlighter;
use lessons::render::lesson::view;

const EN: &str = "---\nid: 5e9a0e9ef99a403d019610cc\ntitle: Aside\nchallengeType: 1\n\
    dashedName: aside\n---\n\n# --description--\n\nПриклад.\n\n# --test-aside--\n\n\
    Remember that the loop runs until `count` reaches ten.\n";

fn uk() -> String {
    EN.replace("title: Aside", "title: Примітка")
        .replace("`count` reaches", "`total` reaches")
}

#[test]
fn the_translation_checks_judge_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("uk.md");
    std::fs::write(&path, uk()).expect("write");
    let en = parse(Path::new("en.md"), EN).challenge.expect("en");
    let tr = parse(&path, &uk()).challenge.expect("uk");
    let opts = Options {
        locale: "uk".into(),
        keep_language: Vec::new(),
    };
    let found = pair(&en, &tr, &opts, false);
    let has = |code: Code, text: &str| {
        found
            .iter()
            .any(|d| d.code == code && d.message.contains(text))
    };
    assert!(has(Code::UntranslatedText, "Remember that"), "{found:#?}");
    assert!(has(Code::InlineCodeDrift, "the test-aside"), "{found:#?}");
}

#[test]
fn the_lesson_page_shows_it_under_its_heading() {
    let c = parse(Path::new("en.md"), EN).challenge.expect("en");
    let v = view(&c, &Highlighter::new(None, false));
    assert_eq!(v.other_prose.len(), 1);
    assert_eq!(v.other_prose[0].heading, Some("section-notes"));
    assert!(v.other_prose[0].html.contains("<code>count</code>"));
}
