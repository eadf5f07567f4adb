//! English left in a translation: a sentence that equals the English source, or that a
//! language identifier (whatlang) reads as English where the target language is expected.

use std::collections::HashSet;

use whatlang::{Detector, Lang, Script};

use super::segments::Sentence;

/// Sentences shorter than this (in letters, once code, URLs and names are masked) are not
/// judged: "Socket.IO", "`npm`" or "OK" say nothing about a translation.
const MIN_LETTERS: usize = 16;
/// Detection also needs a few words to go on.
const MIN_WORDS: usize = 4;

/// The language `whatlang` should find in a translation for a locale code.
pub fn expected(code: &str) -> Option<Lang> {
    Some(match code.split('-').next().unwrap_or(code) {
        "uk" => Lang::Ukr,
        "es" => Lang::Spa,
        "zh" => Lang::Cmn,
        "it" => Lang::Ita,
        "pt" => Lang::Por,
        "ja" => Lang::Jpn,
        "de" => Lang::Deu,
        "ko" => Lang::Kor,
        "ar" => Lang::Ara,
        "fr" => Lang::Fra,
        "ru" => Lang::Rus,
        "hi" => Lang::Hin,
        "bn" => Lang::Ben,
        _ => return None,
    })
}

/// The text a detector should see: in a sentence that has letters of another script, Latin
/// words that start with a capital, are quoted, or contain a dot or digit are names and terms
/// (Socket.IO, Express, "keywords") and are masked.
fn detectable(masked: &str) -> String {
    let has_other_script = masked.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
    masked
        .split_whitespace()
        .filter(|w| {
            let is_name = w.starts_with(|c: char| {
                c.is_ascii_uppercase() || matches!(c, '"' | '\'' | '«' | '“')
            }) || (w.contains(|c: char| c == '.' || c.is_ascii_digit())
                && w.len() > 2);
            !has_other_script || !w.chars().any(|c| c.is_ascii_alphabetic()) || !is_name
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Share of letters outside the Latin script.
fn other_script_share(s: &str) -> f64 {
    let (mut latin, mut other) = (0usize, 0usize);
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        if c.is_ascii() { latin += 1 } else { other += 1 }
    }
    if latin + other == 0 {
        0.0
    } else {
        other as f64 / (latin + other) as f64
    }
}

fn letters(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphabetic()).count()
}

/// A key for comparing sentences with English: letters and digits only, lowercased.
pub fn key(masked: &str) -> String {
    masked
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The languages a sentence of a translation is told apart among: the target, English, and
/// the large languages the curriculum is translated into. Left to choose among all of its
/// languages, whatlang reads short English sentences as Catalan, Latin or Tagalog ("Given a
/// string representing a Roman numeral, return its integer value." is Catalan to it), and the
/// curriculum holds none of those.
fn candidates(target: Lang) -> Vec<Lang> {
    let mut v = vec![
        Lang::Eng,
        Lang::Spa,
        Lang::Por,
        Lang::Fra,
        Lang::Deu,
        Lang::Ita,
        Lang::Rus,
        Lang::Ukr,
    ];
    if !v.contains(&target) {
        v.push(target);
    }
    v
}

/// Small words a name or a title keeps in lower case: "Time to Interactive", "School of
/// Information and Computer Science".
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "nor", "of", "for", "to", "in", "on", "at", "by", "with",
    "from", "into", "onto", "via", "vs", "per", "as", "de", "la", "von", "van", "der", "du",
];

/// Title Case phrases longer than this are sentences (or titles) rather than names, unless
/// they are comma-separated lists.
const MAX_NAME_WORDS: usize = 10;
/// An acronym's expansion is at most this long.
const MAX_EXPANSION_WORDS: usize = 8;

/// How an acronym is kept in a set of comparison keys: keys are letters and digits only, so a
/// key starting with this character is never a sentence's key.
const ACRONYM_MARK: char = '\u{1}';

/// The entry for an acronym in a set of comparison keys (see [`acronyms`]).
pub fn acronym_key(letters: &str) -> String {
    format!("{ACRONYM_MARK}{letters}")
}

/// The words of a sentence with the punctuation around them trimmed; words without letters
/// (numbers, dashes, "(2021)") are left out.
fn words(masked: &str) -> Vec<&str> {
    masked
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect()
}

/// An acronym, as the capitals it is spelled with: "TDD", "DoS" (DS), "ReLU" (RLU).
fn acronym(word: &str) -> Option<String> {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let capitals: String = word.chars().filter(|c| c.is_uppercase()).collect();
    let n = capitals.chars().count();
    (word.chars().all(|c| c.is_ascii_alphanumeric())
        && (2..=8).contains(&letters)
        && n >= 2
        && 2 * n >= letters)
        .then_some(capitals)
}

/// The acronyms in a piece of text, as entries for a set of comparison keys.
pub fn acronyms(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text)
        .into_iter()
        .filter_map(acronym)
        .map(|a| acronym_key(&a))
}

fn is_function_word(w: &str) -> bool {
    FUNCTION_WORDS.contains(&w.to_lowercase().as_str())
}

/// Whether a sentence is a name, or a list of names, rather than prose: every word is
/// capitalised (Django, Test-Driven Development, Central Processing Unit), a camelCase term
/// (componentDidMount) or a small function word, e.g. "Django, FastAPI, Flask",
/// "American Standard Code for Information Interchange", "Time to Interactive (TTI)".
fn is_title_case_name(masked: &str) -> bool {
    let t = masked.trim_end();
    if t.ends_with('?') || t.ends_with('!') {
        return false;
    }
    let words = words(masked);
    let list = masked.matches(',').count() >= 2;
    if words.is_empty() || (!list && words.len() > MAX_NAME_WORDS) {
        return false;
    }
    let (mut capitalised, mut small) = (0, 0);
    for w in &words {
        let camel = w.chars().skip(1).any(char::is_uppercase);
        if w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) || camel {
            capitalised += 1;
        } else if is_function_word(w) {
            small += 1;
        } else {
            return false;
        }
    }
    capitalised >= 1 && small <= capitalised
}

/// Whether a short phrase spells out an acronym found in the phrase itself or among
/// `context`'s acronym entries: "Denial-of-Service (DoS) attack", "Single responsibility
/// principle" where the lesson speaks of SRP. Its capitals, or the first letters of its words
/// other than small function words, are the acronym.
fn is_acronym_expansion(masked: &str, context: &HashSet<String>) -> bool {
    let words = words(masked);
    if words.len() < 2 || words.len() > MAX_EXPANSION_WORDS {
        return false;
    }
    let own: Vec<String> = words.iter().filter_map(|w| acronym(w)).collect();
    let rest: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| acronym(w).is_none())
        .collect();
    let capitals: String = rest
        .iter()
        .flat_map(|w| w.chars().filter(|c| c.is_uppercase()))
        .collect();
    let initials: String = rest
        .iter()
        .filter(|w| !is_function_word(w))
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect();
    [capitals, initials]
        .iter()
        .filter(|c| c.chars().count() >= 2)
        .any(|c| own.contains(c) || context.contains(&acronym_key(c)))
}

/// Why a sentence looks untranslated, if it does. `english` holds the comparison keys of the
/// English source and the acronyms of the lesson (see [`acronyms`]). Names, lists of names and
/// acronym expansions are not prose and are never reported.
pub fn judge(
    sentence: &Sentence,
    english: &HashSet<String>,
    target: Option<Lang>,
) -> Option<&'static str> {
    if is_title_case_name(&sentence.masked) || is_acronym_expansion(&sentence.masked, english) {
        return None;
    }
    judge_text(&sentence.masked, english, target)
}

/// Why a title looks untranslated, if it does. A title is short: equal to the English title is
/// enough. English titles are Title Case, so they are not told apart from names by their
/// capitals; a title of one word ("Soundex", "SHA-256", "jortSort") is taken for a name.
pub fn judge_title(
    title: &str,
    english_title: &str,
    english: &HashSet<String>,
    target: Option<Lang>,
) -> Option<&'static str> {
    let k = key(title);
    if !title.trim().contains(char::is_whitespace) || k.chars().count() < 4 {
        return None;
    }
    if k == key(english_title) {
        return Some("same as the English title");
    }
    judge_text(title, english, target)
}

fn judge_text(
    masked: &str,
    english: &HashSet<String>,
    target: Option<Lang>,
) -> Option<&'static str> {
    let text = detectable(masked);
    if letters(&text) < MIN_LETTERS {
        return None;
    }
    if english.contains(&key(masked)) {
        return Some("same as the English source");
    }
    let target = target?;
    if target == Lang::Eng || text.split_whitespace().count() < MIN_WORDS {
        return None;
    }
    // For a language written in another script, a sentence with a fair share of that script is
    // (at least partly) translated: what is left in Latin letters is terms and names.
    let latin_target = matches!(
        target,
        Lang::Spa | Lang::Ita | Lang::Por | Lang::Deu | Lang::Fra
    );
    if !latin_target && other_script_share(&text) >= 0.25 {
        return None;
    }
    let info = Detector::with_allowlist(candidates(target)).detect(&text)?;
    (info.lang() == Lang::Eng && info.script() == Script::Latin).then_some("reads as English")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Sentence {
        Sentence {
            shown: text.into(),
            masked: text.into(),
            offset: 0,
        }
    }

    #[test]
    fn english_in_ukrainian() {
        let en = HashSet::new();
        let uk = Some(Lang::Ukr);
        assert!(judge(&s("If you're running into errors, you can check out the project completed up to this point."), &en, uk).is_some());
        assert!(
            judge(
                &s("Відправте свою сторінку, коли впевнились, що все правильно."),
                &en,
                uk
            )
            .is_none()
        );
        assert!(
            judge(
                &s("Сервер Socket.IO на Express з JavaScript працює швидко й надійно."),
                &en,
                uk
            )
            .is_none()
        );
        assert!(judge(&s("Socket.IO Express"), &en, uk).is_none());
        assert!(judge(&s("\"keywords\" має містити \"freecodecamp\""), &en, uk).is_none());
        assert!(
            judge(
                &s("Поле keywords should include the freecodecamp keyword in your package file."),
                &en,
                uk
            )
            .is_some()
        );
        // Names, lists of names and acronym expansions are not prose.
        let en = HashSet::new();
        for name in [
            "Django, FastAPI, Flask",
            "Content, Margin, Padding, Border",
            "American Standard Code for Information Interchange",
            "Time to Interactive (TTI)",
            "Irvine, CA: University of California, School of Information and Computer Science.",
            "Denial-of-Service (DoS) attack",
        ] {
            assert!(judge(&s(name), &en, uk).is_none(), "{name}");
        }
        // A real sentence with names in it is still English.
        assert!(
            judge(
                &s("Popular web frameworks for Python include Django, FastAPI and Flask."),
                &en,
                uk
            )
            .is_some()
        );
        // An expansion whose letters are not an acronym of the lesson is prose.
        let phrase = s("Single responsibility principle");
        let mut en = HashSet::new();
        en.insert(key(&phrase.masked));
        assert!(judge(&phrase, &en, uk).is_some());
        en.extend(acronyms("What is SRP?"));
        assert!(judge(&phrase, &en, uk).is_none());
        // A title of one word is a name; a longer one equal to English is untranslated.
        assert!(judge_title("Soundex", "Soundex", &en, uk).is_none());
        assert!(judge_title("Step 54", "Step 54", &en, uk).is_some());
        assert!(judge_title("Крок 54", "Step 54", &en, uk).is_none());

        let mut en = HashSet::new();
        en.insert(key("Your client should be listening for event."));
        assert_eq!(
            judge(&s("Your client should be listening for event."), &en, uk),
            Some("same as the English source")
        );
    }
}
