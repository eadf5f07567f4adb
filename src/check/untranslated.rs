//! English left in a translation: a sentence that equals the English source, or that a
//! language identifier (whatlang) reads as English where the target language is expected.

use std::collections::HashSet;

use whatlang::{Lang, Script};

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

/// Why a sentence looks untranslated, if it does.
pub fn judge(
    sentence: &Sentence,
    english: &HashSet<String>,
    target: Option<Lang>,
) -> Option<&'static str> {
    let text = detectable(&sentence.masked);
    if letters(&text) < MIN_LETTERS {
        return None;
    }
    if english.contains(&key(&sentence.masked)) {
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
    let info = whatlang::detect(&text)?;
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
        let mut en = HashSet::new();
        en.insert(key("Your client should be listening for event."));
        assert_eq!(
            judge(&s("Your client should be listening for event."), &en, uk),
            Some("same as the English source")
        );
    }
}
