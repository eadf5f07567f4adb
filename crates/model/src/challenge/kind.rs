//! What kind of challenge a `challengeType` number is (FORMAT.md §3), decided once here so that
//! `lessons test` (which runs hints) and the lesson page (which gets a runner) cannot disagree
//! about which numbers are JavaScript, DOM or backend lessons.

use serde::Serialize;

/// A challenge's kind: what runs its hints, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ChallengeKind {
    /// Hints run in a JavaScript engine against the learner's code.
    JavaScript,
    /// HTML/CSS lessons, workshops and labs (React, Sass and D3 too): a page in a browser.
    Dom,
    /// Hints fetch from the learner's app.
    Backend,
    /// Hints need a Python runtime.
    Python,
    /// Questions, quizzes, fill-in-the-blanks and videos: nothing to run.
    Questions,
    /// Projects and exercises whose tests only run on freeCodeCamp's platform.
    PlatformOnly,
    /// A number this tool does not know a kind for.
    Other,
}

impl ChallengeKind {
    /// The kind of a `challengeType` number. The one place that knows the numbers.
    pub fn of(challenge_type: u8) -> Self {
        match challenge_type {
            2 | 4 => ChallengeKind::Backend,
            1 | 5 | 26 | 28 => ChallengeKind::JavaScript,
            0 | 6 | 14 | 25 => ChallengeKind::Dom,
            10 | 20 | 23 | 27 | 29 => ChallengeKind::Python,
            8 | 11 | 19 | 21 | 22 => ChallengeKind::Questions,
            3 | 7 | 12 | 13 | 15 | 16 | 17 | 18 | 30 | 32 | 33 => ChallengeKind::PlatformOnly,
            _ => ChallengeKind::Other,
        }
    }

    /// The runner a lesson page of this kind gets (`data-runner`), when its hints can run there.
    pub fn runner(self) -> Option<&'static str> {
        match self {
            ChallengeKind::JavaScript => Some("javascript"),
            ChallengeKind::Dom => Some("dom"),
            ChallengeKind::Backend => Some("backend"),
            _ => None,
        }
    }

    /// Why `lessons test` skips a challenge of this kind, or `None` when it runs it.
    pub fn skip_reason(self) -> Option<&'static str> {
        match self {
            ChallengeKind::JavaScript | ChallengeKind::Dom | ChallengeKind::Backend => None,
            ChallengeKind::Python => {
                Some("Python lessons need a Python runtime, which `lessons test` does not run")
            }
            ChallengeKind::Questions => {
                Some("questions, quizzes and videos have no hint tests to run")
            }
            ChallengeKind::PlatformOnly => {
                Some("this challenge type has no tests that run outside freeCodeCamp's platform")
            }
            ChallengeKind::Other => Some("this challenge type is not run by `lessons test`"),
        }
    }

    /// Whether hints of this kind run (in `lessons test` and on the page).
    pub fn runs(self) -> bool {
        self.runner().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::ChallengeKind;

    #[test]
    fn runner_and_skip_reason_agree() {
        for t in 0..=40u8 {
            let k = ChallengeKind::of(t);
            assert_eq!(k.runner().is_some(), k.skip_reason().is_none(), "{t}");
        }
    }
}
