//! No input makes the parser panic: random files built from the format's own pieces, and real
//! files mutated, run through `challenge::parse` for a bounded number of cases. Every problem it
//! reports must point inside the file.

mod common;

use std::path::Path;

use lessons::challenge;
use proptest::prelude::*;

/// Pieces that exercise every branch of the parser when shuffled together.
const PIECES: &[&str] = &[
    "---",
    "id: 5e9a0e9ef99a403d019610cc",
    "id: 123",
    "id: [1, 2]",
    "title: A title",
    "title: \"unclosed",
    "challengeType: 1",
    "challengeType: ' 22 '",
    "challengeType: -4",
    "dashedName: a-name",
    "forumTopicId: x",
    "required: [{link: a}]",
    "helpCategory: Nope",
    "# --description--",
    "# --instructions--",
    "# --hints--",
    "# --seed--",
    "## --seed-contents--",
    "## --before-user-code--",
    "## --after-user-code--",
    "# --solutions--",
    "# --questions--",
    "# --question--",
    "## --text--",
    "## --answers--",
    "### --feedback--",
    "### --audio-id--",
    "## --video-solution--",
    "# --quizzes--",
    "## --quiz--",
    "### --question--",
    "#### --text--",
    "#### --distractors--",
    "#### --answer--",
    "#### --audio--",
    "# --fillInTheBlank--",
    "## --sentence--",
    "## --blanks--",
    "# --scene--",
    "# --assignment--",
    "# --interactive--",
    "# --before-each--",
    "# --speaking-section--",
    "## --speaking-audio--",
    "# --fcc-editable-region--",
    "## --unknown--",
    "# --hint--",
    "```js",
    "```json",
    "```html",
    "````",
    "```",
    "~~~",
    "--fcc-editable-region--",
    "--fcc - editable - region--",
    "--fcc-editable-region----fcc-editable-region--",
    ":::interactive_editor",
    ":::",
    "::::",
    "`Some BLANK here`",
    "`BLANK`",
    "`I _ a _.`",
    "Text right before\n:::interactive_editor",
    "```css\n```",
    "- a list item\n:::",
    "2",
    "0",
    "99",
    "{\"a\": [1, 2,]}",
    "{\"setup\": {}}",
    "Text with `code` and <dfn>html</dfn>.",
    "Привіт, світе — «лапки».",
    "    indented code",
    "> quote",
    "- item",
    "1. item",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "<!-- comment",
    "-->",
    "",
    "",
    "\r",
    "\u{feff}",
    "\t",
    "🦀🦀",
];

fn assert_sane(text: &str) {
    let parsed = challenge::parse(Path::new("fuzz.md"), text);
    let lines = text.split('\n').count() + 1;
    for d in &parsed.diagnostics {
        assert!(
            d.line >= 1 && d.line <= lines,
            "{d} is outside a {lines}-line file"
        );
        assert!(d.col >= 1, "{d}");
        assert!(!d.message.is_empty());
    }
    // The model of whatever parsed must serialise.
    if let Some(c) = &parsed.challenge {
        serde_json::to_string(c).unwrap();
    }
}

fn real_files() -> Vec<String> {
    let mut files = Vec::new();
    for dir in ["content", "tests/fixtures/invalid", "tests/fixtures/forms"] {
        for entry in walkdir::WalkDir::new(common::repo().join(dir)) {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "md") {
                files.push(std::fs::read_to_string(entry.path()).unwrap());
            }
        }
    }
    files
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn files_built_from_format_pieces(picks in prop::collection::vec(0..PIECES.len(), 0..60)) {
        let text: Vec<&str> = picks.iter().map(|&i| PIECES[i]).collect();
        assert_sane(&text.join("\n"));
    }

    #[test]
    fn valid_front_matter_then_random_pieces(picks in prop::collection::vec(0..PIECES.len(), 0..80)) {
        let mut text = String::from("---\nid: 5e9a0e9ef99a403d019610cc\ntitle: T\nchallengeType: 1\ndashedName: t\n---\n");
        for i in picks {
            text.push_str(PIECES[i]);
            text.push('\n');
        }
        assert_sane(&text);
    }

    #[test]
    fn arbitrary_text(text in any::<String>()) {
        assert_sane(&text);
        assert_sane(&format!("---\n{text}\n---\n{text}"));
    }

    #[test]
    fn mutated_real_files(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0..4u8, 0..PIECES.len()), 1..6),
    ) {
        let files = real_files();
        let mut text = files[which.index(files.len())].clone();
        for (a, b, op, piece) in edits {
            let len = text.len().max(1);
            let mut x = a.index(len);
            let mut y = b.index(len);
            while !text.is_char_boundary(x) { x -= 1; }
            while !text.is_char_boundary(y) { y -= 1; }
            let (x, y) = (x.min(y), x.max(y));
            match op {
                0 => text.replace_range(x..y, ""),
                1 => { let dup = text[x..y].to_string(); text.insert_str(y, &dup); }
                2 => text.insert_str(x, &format!("\n{}\n", PIECES[piece])),
                _ => text.replace_range(x..y, PIECES[piece]),
            }
        }
        assert_sane(&text);
    }
}

#[test]
fn pathological_inputs() {
    let deep_quote = format!(
        "---\nid: 5e9a0e9ef99a403d019610cc\ntitle: T\nchallengeType: 1\ndashedName: t\n---\n# --description--\n{}x\n",
        "> ".repeat(5000)
    );
    assert_sane(&deep_quote);
    let deep_list = format!("{}x", "- ".repeat(5000));
    assert_sane(&deep_list);
    let long_line = "a".repeat(1_000_000);
    assert_sane(&long_line);
    assert_sane(&"```\n".repeat(10_000));
    assert_sane(&"# --hints--\n".repeat(10_000));
    assert_sane("---");
    assert_sane("---\n---");
    assert_sane("---\n---\n");
    assert_sane("\u{feff}---\r\nid: x\r\n---\r\n");
    assert_sane(&"text\n:::a\n".repeat(10_000));
    assert_sane(&format!("text\n{}", ":::\n".repeat(10_000)));
}
