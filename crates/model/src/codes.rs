//! Every diagnostic `lessons` can report, with its stable code, its severity and the rule behind
//! it, in one table. A diagnostic's severity comes from its code, so each rule is decided once,
//! here, and the README's table is printed from this one (`lessons check --list-codes`).
//!
//! The severities follow what freeCodeCamp ships (see the README, "Diagnostics"): an error is a
//! lesson that cannot be shown or tested as written; what freeCodeCamp's own pipeline builds is
//! at most a warning that says what `lessons` does with it.

use serde::{Serialize, Serializer};

use crate::diagnostic::Severity;

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $rule:literal;)*) => {
        /// A diagnostic's stable code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in the order of the table.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as it is printed: `duplicate-id`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// How bad a finding with this code is.
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// The rule, and what `lessons` does with such content.
            pub fn rule(self) -> &'static str {
                match self {
                    $(Code::$variant => $rule,)*
                }
            }
        }
    };
}

codes! {
    // Reading files.
    Unreadable = "unreadable", Error, "The file cannot be read.";
    NotUtf8 = "not-utf8", Error, "The file is not UTF-8.";
    // Front matter.
    NoFrontMatter = "no-front-matter", Error, "The file does not start with a `---` front matter.";
    FrontMatterUnclosed = "front-matter-unclosed", Error, "The front matter is never closed by a second `---` line.";
    FrontMatterYaml = "front-matter-yaml", Error, "The front matter is not valid YAML, or not keys and values.";
    MissingKey = "missing-key", Error, "`id`, `title`, `challengeType` or `dashedName` is missing or empty.";
    BadKey = "bad-key", Error, "A front-matter key has the wrong type or form (an id that is not 24 hex digits, a dashedName with capitals, a challengeType outside 0–33).";
    // Sections.
    UnknownMarker = "unknown-marker", Error, "A `# --name--` heading freeCodeCamp does not know.";
    MarkerLevel = "marker-level", Error, "A known marker at the wrong heading level.";
    MisplacedMarker = "misplaced-marker", Error, "A sub-section marker under a section it does not belong to.";
    RepeatedSection = "repeated-section", Warning, "A second `# --hints--`, `# --explanation--` … section: freeCodeCamp builds such files. Only the first one is used.";
    UnclosedFence = "unclosed-fence", Error, "A code fence that is never closed, or that swallows the next section marker.";
    // Hints.
    HintWithoutCode = "hint-without-code", Error, "A hint text with no test code after it.";
    HintWithoutText = "hint-without-text", Error, "Test code with no hint text before it.";
    // Seeds, solutions and hooks.
    SeedOutsideContents = "seed-outside-contents", Error, "Seed code not under `## --seed-contents--`.";
    EmptySeedPart = "empty-seed-part", Warning, "An empty code block in `## --before-user-code--` or `## --after-user-code--`: ignored.";
    SeedPartWithoutFile = "seed-part-without-file", Error, "Head or tail code for a file the seed does not have.";
    EditableRegion = "editable-region", Error, "An editable-region marker that is malformed, unclosed or repeated.";
    EditableRegionInSolution = "editable-region-in-solution", Warning, "An editable-region marker in a solution: it is removed.";
    HookCode = "hook-code", Error, "A hook section (`# --before-each--` …) with more than one block, or not JavaScript.";
    // Containers.
    Container = "container", Error, "A `:::interactive_editor` container that is never closed, or a `:::` that closes nothing.";
    UnknownContainer = "unknown-container", Warning, "A `:::name` container other than `:::interactive_editor`: shown as text.";
    // Questions, quizzes, blanks, scenes.
    QuestionShape = "question-shape", Error, "A question, quiz question or blank whose parts are missing or misplaced.";
    QuestionNoSolution = "question-no-solution", Warning, "A question without `## --video-solution--`: freeCodeCamp builds it; no answer is marked right.";
    QuestionSolutionRange = "question-solution-range", Warning, "`## --video-solution--` names an answer the question does not have: freeCodeCamp builds it; no answer is marked right.";
    VideoSolutionText = "video-solution-text", Warning, "`## --video-solution--` holds text after the answer number: freeCodeCamp reads the number (parseInt) and so does `lessons`; the rest is ignored.";
    DuplicateAnswer = "duplicate-answer", Warning, "Two answers of one question are the same: both are shown.";
    BlankCount = "blank-count", Error, "The fill-in-the-blank sentence and its blanks do not match.";
    InvalidJson = "invalid-json", Error, "A scene or other JSON block is not valid JSON.";
    // Structure and linking.
    Structure = "structure", Error, "A structure file (curriculum.json, superblocks/, blocks/, _meta/) is missing or unreadable.";
    DuplicateId = "duplicate-id", Error, "Two files claim one (block, id): the same id twice in one block. The same id in two blocks is normal.";
    DuplicateDashedName = "duplicate-dashed-name", Error, "Two lessons of one block have one dashedName (it names the page).";
    MissingLesson = "missing-lesson", Error, "A `challengeOrder` entry with no English file: the page cannot be built.";
    NotInStructure = "not-in-structure", Warning, "A file whose (block, id) no block's `challengeOrder` lists: checked, not placed in the site.";
    BlockNotInSuperblock = "block-not-in-superblock", Warning, "A block structure file no superblock lists: built as a block of its own.";
    BlockNotInEnglish = "block-not-in-english", Note, "A translated block that English (and its structure) does not have yet: checked against English by id where English has the id, not placed in the site.";
    // Site.
    ContentRoot = "content-root", Error, "The content root cannot be found or read (`lessons serve` shows this on its error page).";
    Template = "template", Error, "A template fails to render (`lessons serve` shows this on its error page).";
    BrokenContentLink = "broken-content-link", Warning, "A link written in lesson content points at no page or file of the site: written as it is.";
    BrokenTemplateLink = "broken-template-link", Error, "A link that the templates make points nowhere: the site is not swapped in.";
    // Translations (`lessons check --locale`).
    IdMismatch = "id-mismatch", Error, "A translation given with `--source` whose id is not the English file's.";
    UntranslatableKey = "untranslatable-key", Warning, "A front-matter key that is never translated (challengeType, dashedName …) differs from English.";
    SectionDrift = "section-drift", Warning, "The translation's section markers differ from English.";
    HintCountDrift = "hint-count-drift", Warning, "The translation has a different number of hints than English: it is tested with its own.";
    HintCodeDrift = "hint-code-drift", Warning, "A hint's test code differs from English: the translation is tested with its own code, as freeCodeCamp does.";
    HintCodeWhitespace = "hint-code-whitespace", Warning, "A hint's test code differs from English only in whitespace.";
    SolutionCountDrift = "solution-count-drift", Warning, "The translation has a different number of solutions than English.";
    HooksDrift = "hooks-drift", Warning, "The hooks differ from English.";
    SceneDrift = "scene-drift", Warning, "The scene JSON differs from English.";
    InlineCodeDrift = "inline-code-drift", Warning, "Inline code in a paragraph differs from English.";
    LinkDrift = "link-drift", Warning, "Link targets in a paragraph differ from English.";
    FilesDrift = "files-drift", Warning, "The seed or solution files (names, count) differ from English.";
    CodeDrift = "code-drift", Warning, "Seed or solution code differs from English outside comments.";
    UntranslatedTitle = "untranslated-title", Warning, "The title is the English title.";
    UntranslatedText = "untranslated-text", Warning, "A paragraph, sentence, hint text, answer or feedback is still English prose.";
    MissingTranslation = "missing-translation", Note, "An English lesson with no translation yet.";
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The table of every code as Markdown, for the README and `lessons check --list-codes`.
pub fn markdown_table() -> String {
    let mut out = String::from("| code | severity | rule |\n|---|---|---|\n");
    for code in Code::ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            code.name(),
            code.severity(),
            code.rule().replace('|', "\\|")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.name()), "{} twice", code.name());
            assert!(
                code.name()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                code.name()
            );
        }
    }
}
