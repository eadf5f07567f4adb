//! What a lesson page needs to run its own hints in the browser: which runner applies (backend
//! lessons test an app at a URL, JavaScript lessons test the learner's code), the hints' test
//! code, hooks and the seed's head and tail, as JSON for `static/runner.js`.
//!
//! The page runs the hints with the same `wrap.js` and `assert.js` as `lessons test`; this
//! module only hands it the data `hints::run` reads from the challenge, in the same shape:
//! `beforeAll` + (head, learner code, tail) per JavaScript file is the script evaluated before
//! each hint, and `code` is the learner's code. (`render` depends on the model only, so the
//! challenge-type split below mirrors `hints::run::plan` rather than calling it.)

use serde::Serialize;

use crate::challenge::{Challenge, ChallengeFile, TestForm};

/// The time a hint may take in the page, in seconds: `lessons test`'s default `--timeout`, so a
/// learner's endless loop is stopped after the same time in both places.
pub const TIMEOUT_SECONDS: u64 = 5;

#[derive(Debug, Serialize)]
pub struct RunnerView {
    /// `backend` or `javascript`.
    pub kind: &'static str,
    /// The runner's input as JSON, safe to place inside a `<script>` element.
    pub data: String,
    pub timeout_seconds: u64,
}

/// What the page's editor starts with for one JavaScript file of the seed.
#[derive(Debug, Serialize)]
pub struct EditorView {
    /// Index among the lesson's editors, for element ids and the runner's `files`.
    pub index: usize,
    pub contents: String,
    /// Number of lines of the seed, to size the editor.
    pub rows: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Data<'a> {
    kind: &'static str,
    timeout_ms: u64,
    hints: Vec<HintData<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    before_all: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    before_each: Option<&'a str>,
    /// One per editor, in the order the editors appear.
    files: Vec<FileData<'a>>,
}

#[derive(Serialize)]
struct HintData<'a> {
    test: &'a str,
    form: TestForm,
}

#[derive(Serialize)]
struct FileData<'a> {
    head: &'a str,
    tail: &'a str,
}

/// The runner of a challenge, or `None` when its hints cannot run in a page (DOM, Python,
/// questions… — the same ones `lessons test` skips) or it has none.
pub fn runner(c: &Challenge) -> Option<RunnerView> {
    if c.tests.is_empty() {
        return None;
    }
    let kind = match c.challenge_type() {
        2 | 4 => "backend",
        1 | 5 | 26 | 28 => "javascript",
        _ => return None,
    };
    let files = if kind == "javascript" {
        let js: Vec<FileData<'_>> = editable_files(c)
            .map(|f| FileData {
                head: &f.head,
                tail: &f.tail,
            })
            .collect();
        // Nothing to edit: the learner could not change the outcome.
        if js.is_empty() {
            return None;
        }
        js
    } else {
        Vec::new()
    };
    let data = Data {
        kind,
        timeout_ms: TIMEOUT_SECONDS * 1000,
        hints: c
            .tests
            .iter()
            .map(|h| HintData {
                test: &h.test_string,
                form: h.form,
            })
            .collect(),
        before_all: c.hooks.before_all.as_deref(),
        before_each: c.hooks.before_each.as_deref(),
        files,
    };
    Some(RunnerView {
        kind,
        data: script_json(&data),
        timeout_seconds: TIMEOUT_SECONDS,
    })
}

/// The seed files the learner edits in a JavaScript lesson: its JavaScript files, as
/// `hints::run` joins them into `code`.
pub fn editable_files(c: &Challenge) -> impl Iterator<Item = &ChallengeFile> {
    c.challenge_files.iter().filter(|f| is_learner_code(f))
}

/// Whether a seed file is part of `code` (`hints::run` takes the JavaScript files).
pub fn is_learner_code(f: &ChallengeFile) -> bool {
    matches!(f.ext.as_str(), "js" | "javascript")
}

/// JSON that cannot end its `<script>` element early or open a comment in it: `<` is written
/// as `\u003c`, which JSON reads back as the same character.
fn script_json(value: &impl Serialize) -> String {
    // Serializing plain strings, numbers and enums into a String cannot fail.
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
    json.replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cannot_close_the_script() {
        let s = script_json(&"</script><!-- x");
        assert!(!s.contains('<'));
        assert_eq!(
            serde_json::from_str::<String>(&s).unwrap(),
            "</script><!-- x"
        );
    }
}
