//! What a lesson page needs to run its own hints in the browser: which runner applies (backend
//! lessons test an app at a URL, JavaScript lessons test the learner's code, DOM lessons test
//! the page the learner's files make), the hints' test code, hooks and the seed's head and
//! tail, as JSON for `static/runner.js`.
//!
//! The page runs the hints with the same `wrap.js` and `assert.js` as `lessons test`; this
//! module only hands it the data `hints::run` reads from the challenge, in the same shape:
//! `beforeAll` + (head, learner code, tail) per JavaScript file is the script evaluated before
//! each hint, and `code` is the learner's code. DOM lessons hand over every seed file with its
//! extension, head and tail, all four hooks, and the block's and lesson's `required` resources
//! and the block's page template, which the CLI's `dom-runner.js` builds the page from in the
//! browser too. (`render` depends on the model only, so the challenge-type split below mirrors
//! `hints::run::plan` rather than calling it.)

use serde::Serialize;

use crate::challenge::{Challenge, ChallengeFile, TestForm};

/// The time a hint may take in the page, in seconds: `lessons test`'s default `--timeout`, so a
/// learner's endless loop is stopped after the same time in both places.
pub const TIMEOUT_SECONDS: u64 = 5;

#[derive(Debug, Serialize)]
pub struct RunnerView {
    /// `backend`, `javascript` or `dom`.
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
    /// The seed ends with a newline that the code block above the editor does not show (the
    /// editor takes its text from that block: the page carries the code once).
    pub eol: bool,
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
    /// DOM lessons run these in the page, as `lessons test` does (the JavaScript runner's fresh
    /// worker per hint has nothing to clean up).
    #[serde(skip_serializing_if = "Option::is_none")]
    after_each: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    after_all: Option<&'a str>,
    /// One per editor, in the order the editors appear.
    files: Vec<FileData<'a>>,
    /// DOM lessons: the stylesheets and scripts the page loads before its own (the block's,
    /// then the lesson's), as freeCodeCamp puts them in the page's `<head>`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    required: Vec<RequiredData<'a>>,
    /// DOM lessons: the block's page template (React blocks), `${ source || '' }` where the
    /// page goes.
    #[serde(skip_serializing_if = "Option::is_none")]
    template: Option<&'a str>,
}

#[derive(Serialize)]
struct HintData<'a> {
    test: &'a str,
    form: TestForm,
}

#[derive(Serialize)]
struct FileData<'a> {
    /// DOM lessons: `html`, `css`, `js`…, which decides where the file goes in the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    ext: Option<&'a str>,
    head: &'a str,
    tail: &'a str,
}

#[derive(Serialize)]
struct RequiredData<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    link: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    src: Option<&'a str>,
    /// jQuery: the test page leaves it out, as `lessons test` does, since its `$` (dollar.js)
    /// is already there and frozen; the preview loads it, as the learner's page needs it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    jquery: bool,
}

/// What a lesson's block adds to its DOM pages, from the block's meta: `required` (a list of
/// `{link}` or `{src}`) and `template`. `lessons test` reads the same two keys.
#[derive(Debug, Default, Clone, Copy)]
pub struct BlockPage<'a> {
    pub required: Option<&'a serde_json::Value>,
    pub template: Option<&'a str>,
}

impl<'a> BlockPage<'a> {
    pub fn from_meta(meta: &'a serde_json::Map<String, serde_json::Value>) -> Self {
        BlockPage {
            required: meta.get("required"),
            template: meta.get("template").and_then(|t| t.as_str()),
        }
    }
}

/// The runner of a challenge outside any block (no `required`, no template): see `runner_in`.
pub fn runner(c: &Challenge) -> Option<RunnerView> {
    runner_in(c, BlockPage::default())
}

/// The runner of a challenge of a block, or `None` when its hints cannot run in a page
/// (Python, questions… — the same ones `lessons test` skips) or it has none.
pub fn runner_in(c: &Challenge, block: BlockPage<'_>) -> Option<RunnerView> {
    if c.tests.is_empty() {
        return None;
    }
    let kind = c.kind().runner()?;
    let files: Vec<FileData<'_>> = c
        .challenge_files
        .iter()
        .filter(|f| is_editor(kind, f))
        .map(|f| FileData {
            ext: (kind == "dom").then_some(f.ext.as_str()),
            head: &f.head,
            tail: &f.tail,
        })
        .collect();
    // Nothing to edit: the learner could not change the outcome.
    if kind != "backend" && files.is_empty() {
        return None;
    }
    let dom = kind == "dom";
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
        after_each: c.hooks.after_each.as_deref().filter(|_| dom),
        after_all: c.hooks.after_all.as_deref().filter(|_| dom),
        files,
        required: if dom { required(c, block) } else { Vec::new() },
        template: block.template.filter(|_| dom),
    };
    Some(RunnerView {
        kind,
        data: script_json(&data),
        timeout_seconds: TIMEOUT_SECONDS,
    })
}

/// Whether a seed file is an editor on the page of a lesson of this runner kind: a JavaScript
/// lesson's JavaScript files (as `hints::run` joins them into `code`), every file of a DOM
/// lesson (the page is made of them all).
pub fn is_editor(kind: &str, f: &ChallengeFile) -> bool {
    match kind {
        "javascript" => is_learner_code(f),
        "dom" => true,
        _ => false,
    }
}

/// Whether a seed file is part of `code` (`hints::run` takes the JavaScript files).
pub fn is_learner_code(f: &ChallengeFile) -> bool {
    matches!(f.ext.as_str(), "js" | "javascript")
}

/// The block's `required` resources, then the lesson's (as `hints::run` joins them); entries
/// with neither a `link` nor a `src` are left out.
fn required<'a>(c: &'a Challenge, block: BlockPage<'a>) -> Vec<RequiredData<'a>> {
    let from_block = block
        .required
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .map(|r| {
            let get = |k: &str| r.get(k).and_then(|v| v.as_str());
            (get("link"), get("src"))
        });
    let from_lesson = c
        .front
        .required
        .iter()
        .map(|r| (r.link.as_deref(), r.src.as_deref()));
    from_block
        .chain(from_lesson)
        .filter(|(link, src)| link.is_some() || src.is_some())
        .map(|(link, src)| RequiredData {
            link,
            src,
            // As `hints::dom::Required::is_jquery`: the file name starts with `jquery`.
            jquery: src.is_some_and(|s| {
                s.rsplit('/')
                    .next()
                    .is_some_and(|f| f.starts_with("jquery"))
            }),
        })
        .collect()
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

    fn parse(text: &str) -> Challenge {
        let parsed = crate::challenge::parse(std::path::Path::new("t.md"), text);
        parsed.challenge.unwrap()
    }

    const DOM_LESSON: &str = "---\nid: eeeeeeeeeeeeeeeeeeeeeee1\ntitle: T\nchallengeType: 0\ndashedName: t\nrequired:\n  - src: https://cdn.example/d3.min.js\n---\n\n# --hints--\n\nThe page should have a `p`.\n\n```js\nassert.exists(document.querySelector('p'));\n```\n\n# --before-all--\n\n```js\nwindow.__n = 0;\n```\n\n# --after-each--\n\n```js\nwindow.__n++;\n```\n\n# --seed--\n\n## --before-user-code--\n\n```css\nbody { margin: 0; }\n```\n\n## --seed-contents--\n\n```html\n<link rel=\"stylesheet\" href=\"styles.css\">\n--fcc-editable-region--\n\n--fcc-editable-region--\n```\n\n```css\np { color: red; }\n```\n";

    #[test]
    fn dom_lessons_hand_the_page_everything_it_is_built_from() {
        let c = parse(DOM_LESSON);
        let meta = serde_json::json!({
            "required": [
                { "link": "https://cdn.example/base.css" },
                { "src": "https://code.jquery.com/jquery-3.6.0.min.js" },
                { "raw": true },
            ],
            "template": "<div id=\"root\">${ source || '' }</div>",
        });
        let block = BlockPage::from_meta(meta.as_object().unwrap());
        let r = runner_in(&c, block).expect("a DOM lesson with hints has a runner");
        assert_eq!(r.kind, "dom");
        assert!(!r.data.contains('<'), "{}", r.data);
        let data: serde_json::Value = serde_json::from_str(&r.data).unwrap();
        assert_eq!(data["kind"], "dom");
        assert_eq!(data["timeoutMs"], TIMEOUT_SECONDS * 1000);
        assert_eq!(
            data["hints"][0]["test"],
            "assert.exists(document.querySelector('p'));"
        );
        assert_eq!(data["beforeAll"], "window.__n = 0;");
        assert_eq!(data["afterEach"], "window.__n++;");
        assert!(data.get("beforeEach").is_none() && data.get("afterAll").is_none());
        // Every seed file, in seed order, with where it goes and its head and tail.
        assert_eq!(
            data["files"],
            serde_json::json!([
                { "ext": "html", "head": "", "tail": "" },
                { "ext": "css", "head": "body { margin: 0; }", "tail": "" },
            ])
        );
        // The block's resources, then the lesson's; jQuery marked; entries with neither a
        // link nor a src left out.
        assert_eq!(
            data["required"],
            serde_json::json!([
                { "link": "https://cdn.example/base.css" },
                { "src": "https://code.jquery.com/jquery-3.6.0.min.js", "jquery": true },
                { "src": "https://cdn.example/d3.min.js" },
            ])
        );
        assert_eq!(data["template"], "<div id=\"root\">${ source || '' }</div>");
        // Without a block: no template, the lesson's own resources only.
        let alone: serde_json::Value = serde_json::from_str(&runner(&c).unwrap().data).unwrap();
        assert!(alone.get("template").is_none());
        assert_eq!(alone["required"].as_array().map(Vec::len), Some(1));
    }

    #[test]
    fn javascript_lessons_keep_their_shape() {
        let c = parse(
            &DOM_LESSON
                .replace("challengeType: 0", "challengeType: 1")
                .replace(
                    "```html\n<link rel=\"stylesheet\" href=\"styles.css\">",
                    "```js\nlet a;",
                ),
        );
        let r = runner_in(&c, BlockPage::default()).unwrap();
        assert_eq!(r.kind, "javascript");
        let data: serde_json::Value = serde_json::from_str(&r.data).unwrap();
        // Only the JavaScript file is an editor, and the page's DOM-only keys are absent.
        assert_eq!(
            data["files"],
            serde_json::json!([{ "head": "", "tail": "" }])
        );
        for key in ["afterEach", "required", "template"] {
            assert!(data.get(key).is_none(), "{key}");
        }
    }

    #[test]
    fn dom_lessons_without_files_or_hints_get_no_runner() {
        let no_hints = DOM_LESSON.replace(
            "The page should have a `p`.\n\n```js\nassert.exists(document.querySelector('p'));\n```\n",
            "",
        );
        assert!(runner(&parse(&no_hints)).is_none());
    }

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
