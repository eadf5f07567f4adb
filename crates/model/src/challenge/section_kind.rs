//! The registry of section kinds (`# --hints--`, `## --seed-contents--` …): one table that says,
//! for each marker, where it may stand, what it holds, whether a translator translates it and
//! which UI string heads it on a page. The parser, the checks and the pages read this table
//! instead of keeping their own lists, so a new marker is one entry here plus whatever special
//! reading or rendering it needs (FORMAT.md §2).

use super::{Challenge, Prose};

/// What a section holds, as its readers need to know it. Kinds with special readers (seeds,
/// questions …) have a content of their own; plain prose kinds share `Prose`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// Markdown shown as it is: read by [`SectionKind::prose_of`].
    Prose,
    /// Prose with `:::interactive_editor` containers.
    Interactive,
    /// Hint text and test code.
    Hints,
    /// Seed files (`## --seed-contents--` …).
    Seed,
    /// Solution files.
    Solutions,
    /// Test hooks (`# --before-each--` …): code.
    Hook,
    /// Multiple-choice questions.
    Questions,
    Quizzes,
    FillInTheBlank,
    SpeakingSection,
    /// The scene JSON of an English-learning dialogue.
    Scene,
    /// Assignments split at thematic breaks.
    Assignment,
    /// A sub-section, read by its parent's reader.
    Part,
}

/// Where a marker may stand: its heading level and, below level 1, the sections it may be
/// directly under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub level: u8,
    pub parents: &'static [&'static str],
}

/// Where a prose kind keeps its text in a [`Challenge`]: a field of its own (the ones
/// freeCodeCamp's parser output names), or else the challenge's other prose, by marker.
#[derive(Clone, Copy)]
pub enum Slot {
    None,
    Field {
        get: fn(&Challenge) -> Option<&Prose>,
        set: fn(&mut Challenge, Prose),
    },
    Other,
}

/// One section kind.
#[derive(Clone, Copy)]
pub struct SectionKind {
    /// The name between the dashes: `hints` in `# --hints--`.
    pub marker: &'static str,
    pub places: &'static [Place],
    pub content: Content,
    /// Whether a translator translates it (prose) or it must stay as English has it (code).
    pub translatable: bool,
    /// Whether it may appear more than once at level 1.
    pub repeatable: bool,
    /// The Fluent key of the heading it gets on a page, when it gets one.
    pub heading: Option<&'static str>,
    pub slot: Slot,
}

impl std::fmt::Debug for SectionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SectionKind")
            .field("marker", &self.marker)
            .finish_non_exhaustive()
    }
}

impl SectionKind {
    /// The kind named `marker`, whatever its level.
    pub fn by_marker(marker: &str) -> Option<&'static SectionKind> {
        all().find(|k| k.marker == marker)
    }

    /// The heading levels it is accepted at, the first one the usual one.
    pub fn levels(&self) -> impl Iterator<Item = u8> + '_ {
        self.places.iter().map(|p| p.level)
    }

    pub fn accepts_level(&self, level: u8) -> bool {
        self.levels().any(|l| l == level)
    }

    /// Whether it may stand directly under `parent` at `level`.
    pub fn is_child_of(&self, parent: &str, level: u8) -> bool {
        self.places
            .iter()
            .any(|p| p.level == level && p.parents.contains(&parent))
    }

    /// This prose kind's text in `c`, if `c` has the section.
    pub fn prose_of<'c>(&self, c: &'c Challenge) -> Option<&'c Prose> {
        match self.slot {
            Slot::Field { get, .. } => get(c),
            Slot::Other => c
                .other_prose
                .iter()
                .find(|(m, _)| m == self.marker)
                .map(|(_, p)| p),
            Slot::None => None,
        }
    }

    /// Stores this prose kind's text in `c` (the parser's side of [`Self::prose_of`]).
    pub fn set_prose(&self, c: &mut Challenge, prose: Prose) {
        match self.slot {
            Slot::Field { set, .. } => set(c, prose),
            Slot::Other => c.other_prose.push((self.marker.to_string(), prose)),
            Slot::None => {}
        }
    }
}

/// Every section kind: the real ones, then (in unit tests) the ones tests add.
pub fn all() -> impl Iterator<Item = &'static SectionKind> {
    KINDS.iter().chain(ADDED)
}

/// The plain prose kinds (level-1 sections of markdown), in the order a page shows them.
pub fn prose() -> impl Iterator<Item = &'static SectionKind> {
    all().filter(|k| k.content == Content::Prose && !matches!(k.slot, Slot::None))
}

/// The prose kinds a translator translates.
pub fn translatable_prose() -> impl Iterator<Item = &'static SectionKind> {
    prose().filter(|k| k.translatable)
}

/// Whether `name` is a known marker at heading level `level`.
pub fn is_valid(name: &str, level: u8) -> bool {
    all().any(|k| k.marker == name && k.accepts_level(level))
}

/// The kinds allowed directly under section `parent` (at `level`), as its readers expect them.
pub fn children_of(parent: &str, level: u8) -> impl Iterator<Item = &'static SectionKind> + '_ {
    all().filter(move |k| k.is_child_of(parent, level + 1))
}

const TOP: &[Place] = &[Place {
    level: 1,
    parents: &[],
}];

const fn top(marker: &'static str, content: Content, translatable: bool) -> SectionKind {
    SectionKind {
        marker,
        places: TOP,
        content,
        translatable,
        repeatable: false,
        heading: None,
        slot: Slot::None,
    }
}

const fn part(marker: &'static str, places: &'static [Place], translatable: bool) -> SectionKind {
    SectionKind {
        marker,
        places,
        content: Content::Part,
        translatable,
        repeatable: false,
        heading: None,
        slot: Slot::None,
    }
}

const fn prose_kind(
    marker: &'static str,
    places: &'static [Place],
    heading: &'static str,
    get: fn(&Challenge) -> Option<&Prose>,
    set: fn(&mut Challenge, Prose),
) -> SectionKind {
    SectionKind {
        marker,
        places,
        content: Content::Prose,
        translatable: true,
        repeatable: false,
        heading: Some(heading),
        slot: Slot::Field { get, set },
    }
}

const fn under(level: u8, parents: &'static [&'static str]) -> Place {
    Place { level, parents }
}

const QUESTION: &[&str] = &["question", "questions"];

/// Every marker a real file may use: the union of what the stored parser versions accept and
/// what the corpus contains. The prose kinds come first, in the order a page shows them.
const KINDS: &[SectionKind] = &[
    prose_kind(
        "description",
        &[under(1, &[]), under(2, &["interactive"])],
        "section-description",
        |c| c.description.as_ref(),
        |c, p| c.description = Some(p),
    ),
    prose_kind(
        "instructions",
        &[under(1, &[]), under(2, &["interactive"])],
        "section-instructions",
        |c| c.instructions.as_ref(),
        |c, p| c.instructions = Some(p),
    ),
    prose_kind(
        "notes",
        TOP,
        "section-notes",
        |c| c.notes.as_ref(),
        |c, p| c.notes = Some(p),
    ),
    prose_kind(
        "explanation",
        TOP,
        "section-explanation",
        |c| c.explanation.as_ref(),
        |c, p| c.explanation = Some(p),
    ),
    prose_kind(
        "transcript",
        TOP,
        "section-transcript",
        |c| c.transcript_section.as_ref(),
        |c, p| c.transcript_section = Some(p),
    ),
    top("after-all", Content::Hook, false),
    top("after-each", Content::Hook, false),
    SectionKind {
        heading: Some("section-assignment"),
        ..top("assignment", Content::Assignment, true)
    },
    top("before-all", Content::Hook, false),
    top("before-each", Content::Hook, false),
    SectionKind {
        heading: Some("section-fill"),
        ..top("fillInTheBlank", Content::FillInTheBlank, true)
    },
    SectionKind {
        heading: Some("section-tests"),
        ..top("hints", Content::Hints, true)
    },
    SectionKind {
        repeatable: true,
        ..top("interactive", Content::Interactive, true)
    },
    SectionKind {
        heading: Some("section-questions"),
        ..top("questions", Content::Questions, true)
    },
    SectionKind {
        heading: Some("section-quiz"),
        ..top("quizzes", Content::Quizzes, true)
    },
    SectionKind {
        heading: Some("section-scene"),
        ..top("scene", Content::Scene, false)
    },
    SectionKind {
        heading: Some("section-files"),
        ..top("seed", Content::Seed, false)
    },
    top("speaking-section", Content::SpeakingSection, true),
    SectionKind {
        heading: Some("section-solution"),
        ..top("solutions", Content::Solutions, false)
    },
    SectionKind {
        places: &[under(1, &[]), under(3, &["quiz"])],
        repeatable: true,
        heading: Some("section-questions"),
        ..top("question", Content::Questions, true)
    },
    part("answers", &[under(2, QUESTION)], true),
    part("blanks", &[under(2, &["fillInTheBlank"])], true),
    part("quiz", &[under(2, &["quizzes"])], true),
    part("seed-contents", &[under(2, &["seed"])], false),
    part(
        "sentence",
        &[under(2, &["fillInTheBlank", "speaking-section"])],
        true,
    ),
    part("speaking-audio", &[under(2, &["speaking-section"])], false),
    part("text", &[under(2, QUESTION), under(4, &["question"])], true),
    part("video-solution", &[under(2, QUESTION)], false),
    part("before-user-code", &[under(2, &["seed"])], false),
    part("after-user-code", &[under(2, &["seed"])], false),
    part("files", &[under(2, &["interactive"])], false),
    part("audio-id", &[under(3, &["answers"])], false),
    part("audioid", &[under(3, &["answers"])], false),
    part("feedback", &[under(3, &["answers", "blanks"])], true),
    part("answer", &[under(4, &["question"])], true),
    part("audio", &[under(4, &["question"])], false),
    part("distractors", &[under(4, &["question"])], true),
];

/// Kinds the tests add, to show that adding an entry is all a plain prose kind needs: this
/// crate's unit tests, and the consumers' tests through the `test-kinds` feature (the
/// `lessons` crate turns it on for its tests only, as a dev-dependency).
#[cfg(any(test, feature = "test-kinds"))]
const ADDED: &[SectionKind] = &[SectionKind {
    heading: Some("section-notes"),
    slot: Slot::Other,
    ..top("test-aside", Content::Prose, true)
}];
#[cfg(not(any(test, feature = "test-kinds")))]
const ADDED: &[SectionKind] = &[];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every place below level 1 names parents that exist one level up, so `children_of`
    /// finds every sub-section its reader expects.
    #[test]
    fn parents_exist_one_level_up() {
        for k in all() {
            for p in k.places.iter().filter(|p| p.level > 1) {
                assert!(!p.parents.is_empty(), "{}", k.marker);
                for parent in p.parents {
                    assert!(is_valid(parent, p.level - 1), "{} under {parent}", k.marker);
                }
            }
        }
    }

    #[test]
    fn markers_are_unique() {
        let mut seen: Vec<&str> = all().map(|k| k.marker).collect();
        seen.sort_unstable();
        let n = seen.len();
        seen.dedup();
        assert_eq!(n, seen.len());
    }

    /// Adding a section kind is one entry: `test-aside` exists only in [`ADDED`], and the
    /// parser picks it up (the consumers' side is `tests/section_kinds.rs` of `lessons`).
    mod added_kind {
        use std::path::Path;

        use crate::challenge::{SectionKind, parse};
        use crate::codes::Code;

        const EN: &str = "---\nid: 5e9a0e9ef99a403d019610cc\ntitle: Aside\nchallengeType: 1\n\
            dashedName: aside\n---\n\n# --description--\n\nПриклад.\n\n# --test-aside--\n\n\
            Remember that the loop runs until `count` reaches ten.\n";

        #[test]
        fn the_parser_reads_it_without_unknown_marker() {
            let parsed = parse(Path::new("en.md"), EN);
            assert!(
                parsed
                    .diagnostics
                    .iter()
                    .all(|d| d.code != Code::UnknownMarker),
                "{:?}",
                parsed.diagnostics
            );
            let c = parsed.challenge.expect("front matter");
            let aside = SectionKind::by_marker("test-aside").expect("registered");
            let prose = aside.prose_of(&c).expect("read into the challenge");
            assert!(prose.markdown.starts_with("Remember that"), "{prose:?}");
        }
    }
}
