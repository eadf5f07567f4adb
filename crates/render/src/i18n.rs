//! Localized text: Fluent UI strings (`templates/locales/<locale>/main.ftl`, built into the
//! binary) with English as the fallback for a missing string or locale, and the superblock and
//! block titles of `<language>/intro.json` (freeCodeCamp's `intro.json` shape).

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, static_loader};
use serde::Deserialize;

use crate::curriculum::Curriculum;

static_loader! {
    static LOCALES = {
        locales: "../../templates/locales",
        fallback_language: "en",
        // Isolation marks (U+2068/U+2069) around placeables are for mixing text directions in
        // plain text; in HTML they show up as stray characters and break copy and search.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// UI strings of one locale.
#[derive(Clone)]
pub struct Ui {
    lang: LanguageIdentifier,
}

impl Ui {
    /// A locale's strings; a locale without a `.ftl` file gets English ones.
    pub fn new(code: &str) -> Ui {
        let fallback = LanguageIdentifier::default();
        let lang = code.parse().unwrap_or(fallback);
        Ui { lang }
    }

    /// The string for `key`; a key missing in this locale falls back to English.
    pub fn get(&self, key: &str) -> String {
        LOCALES.lookup(&self.lang, key)
    }

    /// The string for `key` with Fluent arguments (numbers select plural forms).
    pub fn get_with(&self, key: &str, args: &[(&str, FluentValue<'static>)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'static>> = args
            .iter()
            .map(|(k, v)| (Cow::Owned((*k).to_string()), v.clone()))
            .collect();
        LOCALES.lookup_with_args(&self.lang, key, &map)
    }

    /// "N lessons", with the locale's plural rules.
    pub fn lessons(&self, n: usize) -> String {
        self.get_with("lesson-count", &[("count", FluentValue::from(n))])
    }
}

/// Whether a locale has its own UI strings.
pub fn has_ui(code: &str) -> bool {
    code.parse::<LanguageIdentifier>()
        .is_ok_and(|l| LOCALES.locales().any(|x| x.language == l.language))
}

/// A language's own name, for the language switcher.
pub fn native_name(code: &str) -> &str {
    match code {
        "en" => "English",
        "uk" => "Українська",
        "es" => "Español",
        "zh-Hans" => "简体中文",
        "zh-Hant" => "繁體中文",
        "it" => "Italiano",
        "pt-BR" => "Português",
        "ja" => "日本語",
        "de" => "Deutsch",
        "sw" => "Kiswahili",
        "ko" => "한국어",
        "ar" => "العربية",
        "fr" => "Français",
        "ru" => "Русский",
        "hi" => "हिन्दी",
        "bn" => "বাংলা",
        other => other,
    }
}

/// Writing direction of a locale, for `<html dir>`.
pub fn direction(code: &str) -> &'static str {
    if code == "ar" { "rtl" } else { "ltr" }
}

#[derive(Debug, Default, Deserialize)]
struct IntroEntry {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    intro: Vec<String>,
    #[serde(default)]
    blocks: HashMap<String, IntroText>,
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct IntroText {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub intro: Vec<String>,
}

/// Titles and intros of superblocks and blocks, per language code.
#[derive(Debug, Default)]
pub struct Titles {
    by_lang: HashMap<String, HashMap<String, IntroEntry>>,
}

/// A title or intro and the language it is actually in (English when it fell back).
#[derive(Debug, Clone)]
pub struct Localized {
    pub title: String,
    pub intro: Vec<String>,
    pub lang: String,
}

impl Titles {
    /// Reads `intro.json` beside each language's folder contents; a missing or unreadable
    /// file only means fallback titles (returned as warnings).
    pub fn load(curriculum: &Curriculum) -> (Titles, Vec<String>) {
        let mut titles = Titles::default();
        let mut warnings = Vec::new();
        for lang in &curriculum.languages {
            let path = lang.dir.join("intro.json");
            match read_intro(&path) {
                Ok(Some(map)) => {
                    titles.by_lang.insert(lang.code.clone(), map);
                }
                Ok(None) => {}
                Err(e) => warnings.push(format!("{}: {e}; using fallback titles", path.display())),
            }
        }
        (titles, warnings)
    }

    /// A superblock's title and intro in `lang`, else English, else its name made readable.
    pub fn superblock(&self, lang: &str, name: &str) -> Localized {
        for l in [lang, "en"] {
            if let Some(e) = self.by_lang.get(l).and_then(|m| m.get(name))
                && let Some(title) = &e.title
            {
                return Localized {
                    title: title.clone(),
                    intro: e.intro.clone(),
                    lang: l.to_string(),
                };
            }
        }
        Localized {
            title: readable(name),
            intro: Vec::new(),
            lang: "en".into(),
        }
    }

    /// A block's title and intro in `lang`, else English, else the structure's name.
    pub fn block(&self, lang: &str, superblock: &str, name: &str, fallback: &str) -> Localized {
        for l in [lang, "en"] {
            let Some(map) = self.by_lang.get(l) else {
                continue;
            };
            // Look in its own superblock first, then anywhere (a block may have moved).
            let found = map
                .get(superblock)
                .and_then(|e| e.blocks.get(name))
                .or_else(|| map.values().find_map(|e| e.blocks.get(name)));
            if let Some(b) = found
                && let Some(title) = &b.title
            {
                return Localized {
                    title: title.clone(),
                    intro: b.intro.clone(),
                    lang: l.to_string(),
                };
            }
        }
        Localized {
            title: if fallback.is_empty() {
                readable(name)
            } else {
                fallback.to_string()
            },
            intro: Vec::new(),
            lang: "en".into(),
        }
    }
}

fn read_intro(path: &Path) -> Result<Option<HashMap<String, IntroEntry>>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    // Entries of other shapes (freeCodeCamp's file has a few) are skipped, not fatal.
    let raw: HashMap<String, serde_json::Value> =
        serde_json::from_str(&text).map_err(|e| e.to_string())?;
    Ok(Some(
        raw.into_iter()
            .filter_map(|(k, v)| Some((k, serde_json::from_value(v).ok()?)))
            .collect(),
    ))
}

/// `responsive-web-design` → `Responsive web design`.
fn readable(name: &str) -> String {
    let text = name.replace(['-', '_'], " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ukrainian_plurals() {
        let uk = Ui::new("uk");
        assert_eq!(uk.lessons(1), "1 урок");
        assert_eq!(uk.lessons(2), "2 уроки");
        assert_eq!(uk.lessons(5), "5 уроків");
        assert_eq!(uk.lessons(11), "11 уроків");
        assert_eq!(uk.lessons(21), "21 урок");
        assert_eq!(uk.lessons(0), "0 уроків");
        let en = Ui::new("en");
        assert_eq!(en.lessons(1), "1 lesson");
        assert_eq!(en.lessons(21), "21 lessons");
    }

    #[test]
    fn missing_strings_fall_back_to_english() {
        // `es` has no .ftl file at all; every key still reads in English.
        assert_eq!(
            Ui::new("es").get("lessons-heading"),
            Ui::new("en").get("lessons-heading")
        );
        assert!(!has_ui("es"));
        assert!(has_ui("uk"));
    }

    #[test]
    fn no_isolation_marks() {
        let s = Ui::new("uk").get_with(
            "lesson-position",
            &[("n", FluentValue::from(2)), ("total", FluentValue::from(5))],
        );
        assert!(!s.contains(['\u{2068}', '\u{2069}']), "{s:?}");
        assert!(s.contains('2') && s.contains('5'), "{s}");
    }

    #[test]
    fn readable_names() {
        assert_eq!(readable("responsive-web-design"), "Responsive web design");
    }
}
