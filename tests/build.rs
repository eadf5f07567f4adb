//! `lessons build` end to end: the bundled course, a fixture with awkward titles and inline
//! HTML, the shared corpus sample, and the output-folder safety rules. Pages are read with an
//! HTML parser (`scraper`), never by matching substrings.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use lessons::commands::build::{Outcome, run};
use lessons::curriculum::{self, Curriculum};
use lessons::render::{Config, MARKER};
use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

fn config(content: &Path, output: &Path, cache: &Path) -> Config {
    Config {
        content: content.to_path_buf(),
        output: output.to_path_buf(),
        cache: cache.to_path_buf(),
        ..Config::default()
    }
}

/// Builds `content` into a new temp dir; panics on any failure.
fn build(content: &Path) -> (TempDir, Outcome) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let outcome = run(
        &config(content, &out, &dir.path().join("cache")),
        true,
        false,
    )
    .unwrap();
    let errors: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(outcome.broken.is_empty(), "{:#?}", outcome.broken);
    (dir, outcome)
}

/// The bundled course, built once for all tests in this file.
fn site() -> &'static (TempDir, Outcome) {
    static SITE: OnceLock<(TempDir, Outcome)> = OnceLock::new();
    SITE.get_or_init(|| build(&common::repo().join("content")))
}

fn out() -> PathBuf {
    site().0.path().join("public")
}

fn model() -> &'static Curriculum {
    static MODEL: OnceLock<Curriculum> = OnceLock::new();
    MODEL
        .get_or_init(|| curriculum::load(&common::repo().join("content"), &mut Vec::new()).unwrap())
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn page(path: &Path) -> Html {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Html::parse_document(&text)
}

fn text(e: ElementRef<'_>) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn files_under(root: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

fn lesson_path(locale: &str, block: &curriculum::Block, dashed: &str) -> String {
    format!(
        "{locale}/learn/{}/{}/{dashed}/index.html",
        block.meta.superblock.as_deref().unwrap(),
        block.meta.dashed_name
    )
}

#[test]
fn every_page_exists_under_the_url_scheme() {
    let c = model();
    let mut expected: BTreeSet<String> = [
        "index.html",
        "404.html",
        "sitemap.xml",
        "static/style.css",
        "static/highlight.css",
        "static/runner.js",
        "static/runner-worker.js",
        "static/editor.js",
        "static/questions.js",
        "static/runner-strings.en.js",
        "static/runner-strings.uk.js",
        "static/hints/assert.js",
        "static/hints/helpers.js",
        "static/hints/wrap.js",
        "static/hints/dollar.js",
        "static/hints/dom-runner.js",
        MARKER,
    ]
    .map(String::from)
    .into();
    for locale in ["en", "uk"] {
        expected.insert(format!("{locale}/index.html"));
        expected.insert(format!("{locale}/404.html"));
        for sb in &c.superblocks {
            expected.insert(format!("{locale}/learn/{}/index.html", sb.dashed_name));
        }
        for block in &c.blocks {
            expected.insert(format!(
                "{locale}/learn/{}/{}/index.html",
                block.meta.superblock.as_deref().unwrap(),
                block.meta.dashed_name
            ));
            for lesson in &block.lessons {
                let dashed = lesson.english.as_deref().unwrap().dashed_name();
                expected.insert(lesson_path(locale, block, dashed));
            }
        }
    }
    assert_eq!(files_under(&out()), expected);
    let (_, outcome) = site();
    assert_eq!(outcome.lessons, 14);
    assert_eq!(outcome.locales, 2);
    let html_pages = expected.iter().filter(|p| p.ends_with(".html")).count();
    assert_eq!(outcome.pages, html_pages);
}

#[test]
fn every_internal_link_resolves() {
    let root = out().canonicalize().unwrap();
    let links = sel("[href], [src]");
    let mut checked = 0;
    for rel in files_under(&root).iter().filter(|p| p.ends_with(".html")) {
        if rel.ends_with("404.html") {
            continue; // links from the site root, checked below
        }
        let path = root.join(rel);
        let html = page(&path);
        for e in html.select(&links) {
            let v = e.value();
            let link = v.attr("href").or_else(|| v.attr("src")).unwrap();
            if link.contains("://")
                || link.starts_with('#')
                || link.starts_with("mailto:")
                || link.starts_with("data:")
            {
                continue;
            }
            assert!(!link.starts_with('/'), "{rel}: `{link}` is not relative");
            let target = path.parent().unwrap().join(link.split('#').next().unwrap());
            let target = target
                .canonicalize()
                .unwrap_or_else(|_| panic!("{rel}: broken `{link}`"));
            assert!(target.starts_with(&root), "{rel}: `{link}` leaves the site");
            assert!(target.is_file(), "{rel}: `{link}` is a folder");
            checked += 1;
        }
    }
    assert!(checked > 300, "only {checked} links");
    for not_found in ["404.html", "en/404.html", "uk/404.html"] {
        let html = page(&root.join(not_found));
        for e in html.select(&sel("[href]")) {
            let href = e.value().attr("href").unwrap();
            // `data:` is the empty icon: nothing to fetch.
            if href.starts_with('#') || href.starts_with("data:") {
                continue;
            }
            let rel = href
                .strip_prefix('/')
                .unwrap_or_else(|| panic!("{not_found}: `{href}` must be root-absolute"));
            assert!(root.join(rel).is_file(), "{not_found}: broken `{href}`");
        }
    }
}

#[test]
fn html_lang_is_right_on_every_page() {
    let html_el = sel("html");
    for rel in files_under(&out()).iter().filter(|p| p.ends_with(".html")) {
        let html = page(&out().join(rel));
        let lang = html.select(&html_el).next().unwrap().value().attr("lang");
        let expected = rel.split_once('/').map_or("en", |(first, _)| first);
        assert_eq!(lang, Some(expected), "{rel}");
    }
}

#[test]
fn untranslated_lesson_shows_english_under_a_notice() {
    let c = model();
    let (block, lesson) = c
        .blocks
        .iter()
        .flat_map(|b| b.lessons.iter().map(move |l| (b, l)))
        .find(|(_, l)| !l.translations.contains_key("uk"))
        .expect("the bundled course has one untranslated lesson");
    let english = lesson.english.as_deref().unwrap();
    let uk = page(&out().join(lesson_path("uk", block, english.dashed_name())));
    let notice = uk.select(&sel("main .notice")).next().expect("a notice");
    assert!(
        text(notice).starts_with("Ще не перекладено"),
        "{}",
        text(notice)
    );
    let h1 = uk.select(&sel("article h1")).next().unwrap();
    assert_eq!(h1.value().attr("lang"), Some("en"));
    assert_eq!(text(h1), english.title());
    for s in ["#description", "#instructions .prose", "ol.tests"] {
        let e = uk.select(&sel(s)).next().unwrap_or_else(|| panic!("{s}"));
        assert_eq!(e.value().attr("lang"), Some("en"), "{s}");
    }
    // The page's own UI stays Ukrainian.
    let heading = uk.select(&sel("#instructions h2")).next().unwrap();
    assert_eq!(text(heading), "Завдання");
    // It is listed on the block page, marked as English.
    let block_page = page(&out().join(format!(
        "uk/learn/{}/{}/index.html",
        block.meta.superblock.as_deref().unwrap(),
        block.meta.dashed_name
    )));
    let marked: Vec<String> = block_page
        .select(&sel("ol.lessons a[lang=en]"))
        .map(text)
        .collect();
    assert_eq!(marked, [english.title()]);

    // Translated lessons have no notice and no English content.
    let translated = c
        .lessons()
        .find(|l| l.translations.contains_key("uk"))
        .unwrap();
    let b = c
        .blocks
        .iter()
        .find(|b| b.lessons.iter().any(|l| l.id == translated.id))
        .unwrap();
    let dashed = translated.english.as_deref().unwrap().dashed_name();
    let uk = page(&out().join(lesson_path("uk", b, dashed)));
    assert!(uk.select(&sel(".notice")).next().is_none());
    assert!(uk.select(&sel("article [lang=en]")).next().is_none());
    assert_eq!(
        text(uk.select(&sel("article h1")).next().unwrap()),
        translated.translations["uk"].title()
    );
}

#[test]
fn code_is_highlighted_and_the_editable_region_marked() {
    let c = model();
    let block = c
        .blocks
        .iter()
        .find(|b| b.meta.dashed_name == "learn-functions-by-building-a-tip-calculator")
        .unwrap();
    let mut regions = 0;
    for lesson in &block.lessons {
        let english = lesson.english.as_deref().unwrap();
        for locale in ["en", "uk"] {
            let html = page(&out().join(lesson_path(locale, block, english.dashed_name())));
            let spans = html
                .select(&sel("#files pre.code code.language-js span"))
                .filter(|s| s.value().classes().any(|c| c.starts_with('l')))
                .count();
            // One span per run of same-coloured text: a few lines of JavaScript have several.
            assert!(
                spans >= 5,
                "{locale} {}: {spans} highlighted spans",
                english.dashed_name()
            );
            let file = &english.challenge_files[0];
            if let [start, end] = file.editable_region_boundaries[..] {
                let region = html
                    .select(&sel("#files pre.code code span.editable"))
                    .next()
                    .unwrap_or_else(|| {
                        panic!("{locale} {}: no editable region", english.dashed_name())
                    });
                let lines: Vec<&str> = file.contents.split('\n').collect();
                let expected = lines[start..end - 1].join("\n");
                assert_eq!(
                    region.text().collect::<String>().trim_end(),
                    expected.trim_end()
                );
                regions += 1;
            }
            // Solutions are folded away.
            assert!(
                html.select(&sel("details.solution pre.code"))
                    .next()
                    .is_some()
            );
        }
    }
    assert!(regions >= 6, "{regions}");
    let css = std::fs::read_to_string(out().join("static/highlight.css")).unwrap();
    assert!(css.contains(".code .l1 ") && css.contains("prefers-color-scheme: dark"));
}

/// What an editor starts with, as `runner.js` fills it: the text of the code block in its
/// figure, plus the final newline that block drops when the textarea says `data-eol`.
fn editor_seed(editor: &scraper::ElementRef<'_>) -> String {
    let figure = editor
        .ancestors()
        .filter_map(scraper::ElementRef::wrap)
        .find(|e| e.value().name() == "figure")
        .expect("an editor sits in a figure");
    let code: String = figure
        .select(&sel("pre.code"))
        .next()
        .expect("a figure with an editor shows its code")
        .text()
        .collect();
    let eol = if editor.value().attr("data-eol").is_some() {
        "\n"
    } else {
        ""
    };
    code + eol
}

/// Ukrainian plural of "урок", written out independently of Fluent/CLDR.
fn uk_lessons(n: usize) -> String {
    let word = if n % 10 == 1 && n % 100 != 11 {
        "урок"
    } else if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) {
        "уроки"
    } else {
        "уроків"
    };
    format!("{n} {word}")
}

#[test]
fn ukrainian_counts_use_plural_forms() {
    assert_eq!(uk_lessons(1), "1 урок");
    assert_eq!(uk_lessons(21), "21 урок");
    assert_eq!(uk_lessons(11), "11 уроків");
    let c = model();
    let mut seen = BTreeSet::new();
    for block in &c.blocks {
        let n = block.lessons.len();
        let sb = block.meta.superblock.as_deref().unwrap();
        let html = page(&out().join(format!(
            "uk/learn/{sb}/{}/index.html",
            block.meta.dashed_name
        )));
        let count = html.select(&sel("main > .meta .count")).next().unwrap();
        assert_eq!(text(count), uk_lessons(n), "{}", block.meta.dashed_name);
        seen.insert(text(count));
        // The same count on the superblock page's card for this block.
        let sb_page = page(&out().join(format!("uk/learn/{sb}/index.html")));
        let cards: Vec<String> = sb_page.select(&sel(".card .count")).map(text).collect();
        assert!(cards.contains(&uk_lessons(n)), "{cards:?}");
    }
    // The course has blocks of 1, 4 and 6 lessons: all three forms appear.
    assert!(
        seen.contains("1 урок") && seen.contains("4 уроки") && seen.contains("6 уроків"),
        "{seen:?}"
    );
    let en = page(&out().join("en/index.html"));
    let counts: Vec<String> = en.select(&sel(".card .count")).map(text).collect();
    assert!(counts.contains(&"1 lesson".to_string()) && counts.contains(&"6 lessons".to_string()));
}

#[test]
fn no_isolation_marks_anywhere() {
    for rel in files_under(&out()) {
        let text = std::fs::read_to_string(out().join(&rel)).unwrap_or_default();
        assert!(!text.contains(['\u{2068}', '\u{2069}']), "{rel}");
    }
}

/// The header's brand and the end of `<title>` on a page.
fn brand_and_title(path: &Path) -> (String, String) {
    let html = page(path);
    let brand = text(html.select(&sel("header.site a.brand")).next().unwrap());
    let title = text(html.select(&sel("title")).next().unwrap());
    (brand, title)
}

#[test]
fn the_site_name_is_in_the_page_language_unless_lessons_toml_names_it() {
    let c = model();
    let block = &c.blocks[0];
    let lesson = block.lessons[0].english.as_deref().unwrap().dashed_name();
    for (locale, name) in [("en", "Lessons"), ("uk", "Уроки")] {
        for rel in [
            format!("{locale}/index.html"),
            lesson_path(locale, block, lesson),
        ] {
            let (brand, title) = brand_and_title(&out().join(&rel));
            assert_eq!(brand, name, "{rel}");
            assert!(
                title == name || title.ends_with(&format!(" · {name}")),
                "{rel}: {title}"
            );
        }
    }
    // The language chooser (the default locale's page) names the site in English.
    let root = page(&out().join("index.html"));
    assert_eq!(
        text(root.select(&sel("main h1")).next().unwrap()),
        "Lessons"
    );
    assert_eq!(brand_and_title(&out().join("index.html")).1, "Lessons");

    // A title set in lessons.toml is the site's name in every language, as written.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let config = Config {
        title: "Мій <курс> & co".into(),
        ..config(
            &common::repo().join("content"),
            &out,
            &dir.path().join("cache"),
        )
    };
    assert!(!run(&config, true, false).unwrap().failed());
    for locale in ["en", "uk"] {
        let rel = lesson_path(locale, block, lesson);
        let (brand, title) = brand_and_title(&out.join(&rel));
        assert_eq!(brand, "Мій <курс> & co", "{rel}");
        assert!(title.ends_with(" · Мій <курс> & co"), "{rel}: {title}");
    }
}

#[test]
fn language_switcher_and_pager_link_the_same_lesson() {
    let c = model();
    let block = &c.blocks[0];
    let first = block.lessons[0].english.as_deref().unwrap();
    let second = block.lessons[1].english.as_deref().unwrap();
    let path = out().join(lesson_path("uk", block, first.dashed_name()));
    let html = page(&path);
    let en = html
        .select(&sel("nav.languages a[hreflang=en]"))
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap();
    let target = path.parent().unwrap().join(en).canonicalize().unwrap();
    assert_eq!(
        target,
        out()
            .join(lesson_path("en", block, first.dashed_name()))
            .canonicalize()
            .unwrap()
    );
    let next = html.select(&sel("nav.pager a[rel=next]")).next().unwrap();
    let target = path
        .parent()
        .unwrap()
        .join(next.value().attr("href").unwrap());
    assert_eq!(
        target.canonicalize().unwrap(),
        out()
            .join(lesson_path("uk", block, second.dashed_name()))
            .canonicalize()
            .unwrap()
    );
    let position = html.select(&sel("p.position")).next().unwrap();
    assert_eq!(text(position), format!("Урок 1 з {}", block.lessons.len()));
}

/// Builds the bundled course with `templates` as the templates folder; the `href` of the English
/// link in the switcher of each Ukrainian lesson page, by lesson.
fn english_links_with(templates: &Path) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let mut cfg = config(
        &common::repo().join("content"),
        &out,
        &dir.path().join("cache"),
    );
    cfg.templates = Some(templates.to_path_buf());
    let outcome = run(&cfg, true, false).unwrap();
    assert!(!outcome.failed(), "{:#?}", outcome.broken);
    let mut links = Vec::new();
    for block in &model().blocks {
        for lesson in block.lessons.iter().filter_map(|l| l.english.as_deref()) {
            let rel = lesson_path("uk", block, lesson.dashed_name());
            let html = page(&out.join(&rel));
            let href = html
                .select(&sel("nav.languages a[hreflang=en]"))
                .next()
                .unwrap_or_else(|| panic!("{rel}: no English link"))
                .value()
                .attr("href")
                .unwrap()
                .to_string();
            links.push((lesson.dashed_name().to_string(), href));
        }
    }
    assert!(links.len() > 3, "{links:?}");
    links
}

/// `languages.html` is rendered once per language and folder depth and each page's path put
/// into it; one that filters `a.href` is noticed and rendered for every page, so every page
/// still links to its own English version (with the stand-in kept, each would end in
/// `index.html` and the filter would be lost).
#[test]
fn language_links_with_a_filtered_href_still_name_each_page() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    copy_tree(&common::repo().join("templates"), &templates);
    let source = std::fs::read_to_string(templates.join("languages.html")).unwrap();
    let filtered = source.replace(
        r#"<a href="{{ a.href }}""#,
        r#"<a href="{{ a.href | replace(from='/index.html', to='/') }}""#,
    );
    assert_ne!(filtered, source, "the switcher's link is in languages.html");
    std::fs::write(templates.join("languages.html"), filtered).unwrap();
    for (lesson, href) in english_links_with(&templates) {
        assert!(
            href.ends_with(&format!("/en/learn/{}/", href_tail(&lesson))),
            "{lesson}: {href}"
        );
    }
}

/// The last two folders of a lesson's English URL: its block's and its own.
fn href_tail(dashed: &str) -> String {
    let block = model()
        .blocks
        .iter()
        .find(|b| {
            b.lessons.iter().any(|l| {
                l.english
                    .as_deref()
                    .is_some_and(|e| e.dashed_name() == dashed)
            })
        })
        .unwrap();
    let path = lesson_path("en", block, dashed);
    let path = path.trim_end_matches("/index.html");
    path.strip_prefix("en/learn/").unwrap().to_string()
}

/// A templates folder from before `languages.html` (its `base.html` loops over `alternates`
/// itself) builds as it did: the built-in `languages.html` fills in, `alternates` is still
/// there, and each page links to itself in English.
#[test]
fn a_templates_folder_without_languages_html_still_builds_its_switcher() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    copy_tree(&common::repo().join("templates"), &templates);
    std::fs::remove_file(templates.join("languages.html")).unwrap();
    let base = std::fs::read_to_string(templates.join("base.html")).unwrap();
    let old = base
        .replace(
            "{{- language_links | safe }}",
            r#"{%- for a in alternates %}<link rel="alternate" hreflang="{{ a.code }}" href="{{ a.href }}">{%- endfor %}"#,
        )
        .replace(
        "{{- language_nav | safe }}",
        r#"<nav class="languages"><ul>{%- for a in alternates %}<li>{% if not a.current %}<a href="{{ a.href }}" hreflang="{{ a.code }}">{{ a.name }}</a>{% endif %}</li>{%- endfor %}</ul></nav>"#,
    );
    assert_ne!(old, base);
    std::fs::write(templates.join("base.html"), old).unwrap();
    for (lesson, href) in english_links_with(&templates) {
        assert!(
            href.ends_with(&format!("/en/learn/{}/index.html", href_tail(&lesson))),
            "{lesson}: {href}"
        );
    }
}

#[test]
fn titles_are_escaped_and_inline_html_passes_through() {
    let (dir, _) = build(&common::repo().join("tests/fixtures/build-escaping"));
    let out = dir.path().join("public");
    for (locale, title) in [
        ("en", "Compare with <script>alert(1)</script> & \"quotes\""),
        ("uk", "Порівняння з <script>alert(1)</script> & «лапками»"),
    ] {
        let html = page(&out.join(format!(
            "{locale}/learn/odd-names/escaping-and-html/compare-with-less-than/index.html"
        )));
        assert_eq!(text(html.select(&sel("article h1")).next().unwrap()), title);
        // The only scripts are the page runner's own: its file and its JSON data, in which no
        // `<` is left to end the element early.
        for script in html.select(&sel("script")) {
            let v = script.value();
            let ours = v.attr("src").is_some_and(|s| {
                s.ends_with("static/runner.js")
                    || s.ends_with("static/editor.js")
                    || s.ends_with(&format!("static/runner-strings.{locale}.js"))
            }) || (v.attr("type") == Some("application/json")
                && !script.text().collect::<String>().contains('<'));
            assert!(ours, "a title became a script: {}", script.html());
        }
        let title_el = text(html.select(&sel("title")).next().unwrap());
        assert!(title_el.starts_with(title), "{title_el}");
        let crumbs = html.select(&sel("nav.crumbs")).next().unwrap();
        assert!(
            text(crumbs).ends_with("Escaping <b>& HTML"),
            "{}",
            text(crumbs)
        );
        assert!(crumbs.select(&sel("b")).next().is_none());
        // Authored inline HTML is markup, as in freeCodeCamp.
        let desc = html.select(&sel("#description")).next().unwrap();
        assert!(desc.select(&sel("dfn")).next().is_some());
        let a = desc.select(&sel("a[target=_blank]")).next().unwrap();
        assert_eq!(
            a.value().attr("href"),
            Some("https://developer.mozilla.org/")
        );
        let code: Vec<String> = desc.select(&sel("p code")).map(text).collect();
        assert!(code.contains(&"a < b".to_string()), "{code:?}");
        // TypeScript and SCSS come from two-face; an unknown fence is plain escaped text.
        for lang in ["ts", "scss"] {
            let spans = desc
                .select(&sel(&format!("code.language-{lang} span")))
                .count();
            assert!(spans > 3, "{lang}: {spans}");
        }
        let plain = desc.select(&sel("code.language-klingon")).next().unwrap();
        assert_eq!(plain.text().collect::<String>(), "<tlhIngan> & Hol");
        assert!(plain.select(&sel("span")).next().is_none());
        // An editable region in the middle of a file.
        let region = html.select(&sel("span.editable")).next().unwrap();
        assert_eq!(
            region.text().collect::<String>(),
            "function isLess(a, b) {\n}\n"
        );
    }
    // The second lesson exists only in English: the Ukrainian page says so.
    let uk = page(&out.join("uk/learn/odd-names/escaping-and-html/style-a-page/index.html"));
    assert!(uk.select(&sel(".notice")).next().is_some());
    let block = page(&out.join("uk/learn/odd-names/escaping-and-html/index.html"));
    let meta = text(block.select(&sel("main > .meta")).next().unwrap());
    assert_eq!(meta, "2 уроки · Перекладено 1 з 2");
}

#[test]
fn refuses_a_non_empty_folder_it_did_not_make() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("home");
    std::fs::create_dir_all(out.join("documents")).unwrap();
    std::fs::write(out.join("notes.txt"), "precious").unwrap();
    let before = files_under(dir.path());
    let err = run(
        &config(
            &common::repo().join("content"),
            &out,
            &dir.path().join("cache"),
        ),
        false,
        false,
    )
    .unwrap_err();
    assert!(
        format!("{err:#}").contains("refusing to build into"),
        "{err:#}"
    );
    assert_eq!(files_under(dir.path()), before, "nothing deleted or added");
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "precious"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_site() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let cache = dir.path().join("cache");
    let fixture = common::repo().join("tests/fixtures/build-escaping");
    let ok = run(&config(&fixture, &out, &cache), true, false).unwrap();
    assert!(!ok.failed());
    let before: Vec<(String, Vec<u8>)> = files_under(&out)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(out.join(&p)).unwrap();
            (p, bytes)
        })
        .collect();
    // A content root with errors: nothing is rendered.
    let broken = run(
        &config(
            &common::repo().join("tests/fixtures/broken-root"),
            &out,
            &cache,
        ),
        true,
        false,
    )
    .unwrap();
    assert!(broken.failed());
    assert!(broken.diagnostics.iter().any(|d| d.is_error()));
    let after: Vec<(String, Vec<u8>)> = files_under(&out)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(out.join(&p)).unwrap();
            (p, bytes)
        })
        .collect();
    assert_eq!(before, after);
    // Nothing was left beside it (no staging folder).
    let beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(beside.len(), 2, "{beside:?}");
    // A good build replaces it.
    let again = run(
        &config(&common::repo().join("content"), &out, &cache),
        true,
        false,
    )
    .unwrap();
    assert!(!again.failed());
    assert!(out.join("uk/index.html").is_file());
    assert!(!out.join("en/learn/odd-names").exists());
}

#[test]
fn rebuilds_reuse_the_highlight_cache() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let cache = dir.path().join("cache");
    let mut cfg = config(&common::repo().join("content"), &out, &cache);
    let cold = run(&cfg, true, false).unwrap();
    assert!(cold.highlight.highlighted > 0);
    assert_eq!(cold.highlight.highlighted, cold.highlight.distinct);
    assert!(cold.highlight.lines_parsed > 0);
    let first = std::fs::read(out.join("uk/index.html")).unwrap();
    // Nothing changed: nothing rendered, nothing highlighted.
    let same = run(&cfg, true, false).unwrap();
    assert_eq!((same.rendered, same.highlight.distinct), (0, 0));
    // A setting every page shows: every page rendered again, every code block from the cache.
    cfg.title = "Other".into();
    let warm = run(&cfg, true, false).unwrap();
    assert_eq!(warm.rendered, warm.pages);
    assert_eq!(
        (warm.highlight.highlighted, warm.highlight.lines_parsed),
        (0, 0)
    );
    assert_eq!(warm.highlight.distinct, cold.highlight.distinct);
    assert_ne!(std::fs::read(out.join("uk/index.html")).unwrap(), first);
}

#[test]
fn the_command_prints_one_summary_line() {
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_lessons"))
        .current_dir(dir.path())
        .args(["build", "--content"])
        .arg(common::repo().join("content"))
        .args(["--output", "site"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let line = stdout.trim();
    let files = files_under(&dir.path().join("site")).len() - 1; // the marker is not counted
    assert!(
        line.starts_with("Built 50 pages (14 lessons × 2 locales) in ")
            && line.contains(&format!(" ms; wrote {files} of {files} files ("))
            && line.contains(" KB), site ")
            && line.ends_with(" KB"),
        "{line}"
    );
    assert_eq!(line.lines().count(), 1);
    // Again: nothing to write.
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_lessons"))
        .current_dir(dir.path())
        .args(["build", "--content"])
        .arg(common::repo().join("content"))
        .args(["--output", "site"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(again.stdout).unwrap();
    assert!(
        stdout
            .trim()
            .contains(&format!(" ms; wrote 0 of {files} files (0 B), site ")),
        "{stdout}"
    );
    assert!(dir.path().join("site").join(MARKER).is_file());
    // The highlight cache went to the working directory's default place.
    assert!(dir.path().join(".lessons-cache").is_dir());
    // No progress bar when stderr is not a terminal.
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn corpus_sample_new_layout_builds() {
    let Some(root) = common::shared("corpus-sample/new-layout/curriculum") else {
        return;
    };
    let (dir, outcome) = build(&root);
    assert_eq!(outcome.locales, 2);
    assert!(outcome.lessons >= 142, "{}", outcome.lessons);
    assert!(dir.path().join("public/uk/index.html").is_file());
}

#[test]
fn corpus_sample_old_layout_builds() {
    let Some(root) = common::shared("corpus-sample/old-layout/curriculum/challenges") else {
        return;
    };
    let (dir, outcome) = build(&root);
    assert_eq!(outcome.locales, 2);
    assert!(outcome.lessons > 0);
    assert!(dir.path().join("public/en/index.html").is_file());
}

fn json_of(html: &Html, id: &str) -> serde_json::Value {
    let e = html
        .select(&sel(&format!("script#{id}[type=\"application/json\"]")))
        .next()
        .unwrap_or_else(|| panic!("no #{id}"));
    serde_json::from_str(&e.text().collect::<String>()).unwrap()
}

/// The runner's interface text a lesson page loads: the `static/runner-strings.<locale>.js` its
/// script tag names (relative to the page), read as the JSON object it assigns.
fn runner_strings(page_file: &Path) -> serde_json::Value {
    let html = page(page_file);
    let src = html
        .select(&sel("script[src]"))
        .filter_map(|e| e.value().attr("src"))
        .find(|s| s.contains("runner-strings."))
        .unwrap_or_else(|| panic!("{}: no runner strings", page_file.display()))
        .to_string();
    let file = page_file.parent().unwrap().join(src);
    let js = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let object = js
        .split_once("window.lessonsRunnerStrings = ")
        .map(|(_, rest)| rest.trim_end().trim_end_matches(';'))
        .unwrap_or_else(|| panic!("{}: no strings object", file.display()));
    serde_json::from_str(object).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

#[test]
fn the_page_runner_uses_the_cli_hint_scripts_unchanged() {
    for name in [
        "assert.js",
        "helpers.js",
        "wrap.js",
        "dollar.js",
        "dom-runner.js",
    ] {
        assert_eq!(
            std::fs::read(out().join("static/hints").join(name)).unwrap(),
            std::fs::read(common::repo().join("crates/hints/src/js").join(name)).unwrap(),
            "{name}"
        );
    }
    let worker = std::fs::read_to_string(out().join("static/runner-worker.js")).unwrap();
    assert!(
        worker.contains("importScripts('hints/assert.js', 'hints/helpers.js', 'hints/wrap.js')")
    );
}

#[test]
fn backend_lessons_get_a_test_panel_and_the_live_count() {
    let c = model();
    let block = c
        .blocks
        .iter()
        .find(|b| b.meta.dashed_name == "realtime-user-counter")
        .unwrap();
    for lesson in &block.lessons {
        let english = lesson.english.as_deref().unwrap();
        for locale in ["en", "uk"] {
            let challenge = lesson.translations.get(locale).map_or(english, |c| &**c);
            let html = page(&out().join(lesson_path(locale, block, english.dashed_name())));
            let at = format!("{locale} {}", english.dashed_name());
            assert!(
                html.select(&sel("#tests[data-runner=backend] form.run-form[hidden]"))
                    .next()
                    .is_some(),
                "{at}: no panel (hidden until the script starts)"
            );
            let field = html.select(&sel("input#app-url[type=url]")).next().unwrap();
            assert_eq!(
                field.value().attr("value"),
                Some("http://127.0.0.1:3000"),
                "{at}"
            );
            assert!(
                html.select(&sel("label[for=app-url]")).next().is_some(),
                "{at}"
            );
            assert!(
                html.select(&sel(".run-status[role=status]"))
                    .next()
                    .is_some(),
                "{at}: no live region"
            );
            // The hints' test code, exactly as `lessons test` runs it.
            let data = json_of(&html, "lesson-tests");
            assert_eq!(data["kind"], "backend");
            let hints = data["hints"].as_array().unwrap();
            assert_eq!(hints.len(), challenge.tests.len(), "{at}");
            for (h, t) in hints.iter().zip(&challenge.tests) {
                assert_eq!(h["test"].as_str(), Some(t.test_string.as_str()), "{at}");
            }
            assert_eq!(
                html.select(&sel("ol.tests > li .verdict")).count(),
                challenge.tests.len()
            );
            // These lessons build the sandbox's counter: the page shows its live count.
            let live = html.select(&sel("#live-count")).next().expect("live count");
            assert_eq!(
                live.value().attr("data-sandbox"),
                Some("http://127.0.0.1:3000")
            );
            let script = html
                .select(&sel("script[src$=\"static/runner.js\"]"))
                .next()
                .unwrap();
            assert_eq!(script.value().attr("defer"), Some(""));
            // No editor, so no editor script.
            assert!(
                html.select(&sel("script[src$=\"static/editor.js\"]"))
                    .next()
                    .is_none(),
                "{at}"
            );
        }
    }
}

#[test]
fn javascript_lessons_get_an_editor_with_the_seed() {
    let c = model();
    let block = c
        .blocks
        .iter()
        .find(|b| b.meta.dashed_name == "learn-functions-by-building-a-tip-calculator")
        .unwrap();
    for lesson in &block.lessons {
        let english = lesson.english.as_deref().unwrap();
        for locale in ["en", "uk"] {
            let challenge = lesson.translations.get(locale).map_or(english, |c| &**c);
            let html = page(&out().join(lesson_path(locale, block, english.dashed_name())));
            let at = format!("{locale} {}", english.dashed_name());
            let seed = &challenge.challenge_files[0];
            let editor = html
                .select(&sel("#files .editor textarea#editor-0.code-editor"))
                .next()
                .unwrap_or_else(|| panic!("{at}: no editor"));
            // The page carries the seed once: the editor starts from the code block beside it.
            assert_eq!(editor.text().collect::<String>(), "", "{at}");
            assert_eq!(editor_seed(&editor), seed.contents, "{at}");
            assert!(html.select(&sel("label[for=editor-0]")).next().is_some());
            if let [start, end] = seed.editable_region_boundaries[..] {
                assert_eq!(
                    editor.value().attr("data-from"),
                    Some((start + 1).to_string().as_str()),
                    "{at}"
                );
                assert_eq!(
                    editor.value().attr("data-to"),
                    Some((end - 1).to_string().as_str()),
                    "{at}"
                );
            }
            assert!(
                html.select(&sel("button#reset-code")).next().is_some(),
                "{at}"
            );
            // The editor's script comes before the runner's (both deferred: in this order), and
            // the editor tells screen readers how to leave it.
            let scripts: Vec<&str> = html
                .select(&sel("script[src]"))
                .filter_map(|e| e.value().attr("src"))
                .collect();
            let kit = scripts.iter().position(|s| s.ends_with("static/editor.js"));
            let runner = scripts.iter().position(|s| s.ends_with("static/runner.js"));
            assert!(kit.is_some() && kit < runner, "{at}: {scripts:?}");
            // …from the locale's strings file: the page carries no copy per editor.
            let strings =
                runner_strings(&out().join(lesson_path(locale, block, english.dashed_name())));
            assert!(
                strings["editor-keys"]
                    .as_str()
                    .is_some_and(|help| help.contains("Escape")),
                "{at}: no keyboard help"
            );
            assert!(
                html.select(&sel("[id^=editor-keys], [data-locked]"))
                    .next()
                    .is_none(),
                "{at}"
            );
            assert!(
                html.select(&sel("#tests[data-runner=javascript]"))
                    .next()
                    .is_some()
            );
            assert!(
                html.select(&sel("#app-url, #live-count")).next().is_none(),
                "{at}"
            );
            let data = json_of(&html, "lesson-tests");
            assert_eq!(data["kind"], "javascript");
            assert_eq!(data["files"][0]["head"].as_str(), Some(seed.head.as_str()));
            assert_eq!(data["files"][0]["tail"].as_str(), Some(seed.tail.as_str()));
            assert_eq!(data["timeoutMs"], 5000);
            assert_eq!(
                data["hints"].as_array().unwrap().len(),
                challenge.tests.len()
            );
        }
    }
}

#[test]
fn dom_lessons_get_an_editor_per_file_a_preview_and_the_cli_dom_runner() {
    let c = model();
    let block = c
        .blocks
        .iter()
        .find(|b| b.meta.dashed_name == "workshop-bill-receipt")
        .unwrap();
    let lesson = &block.lessons[0];
    let english = lesson.english.as_deref().unwrap();
    assert_eq!(english.challenge_type(), 0);
    for locale in ["en", "uk"] {
        let challenge = lesson.translations.get(locale).map_or(english, |c| &**c);
        let html = page(&out().join(lesson_path(locale, block, english.dashed_name())));
        let at = format!("{locale} {}", english.dashed_name());
        assert!(
            html.select(&sel("#tests[data-runner=dom]"))
                .next()
                .is_some(),
            "{at}"
        );
        // Every seed file is an editor holding the seed, in seed order.
        let editors: Vec<String> = html
            .select(&sel("#files .editor textarea.code-editor"))
            .map(|e| editor_seed(&e))
            .collect();
        let seeds: Vec<&str> = challenge
            .challenge_files
            .iter()
            .map(|f| f.contents.as_str())
            .collect();
        assert_eq!(editors, seeds, "{at}");
        assert!(html.select(&sel("button#reset-code")).next().is_some());
        // The preview: a titled frame, sandboxed away from the site's origin.
        let frame = html
            .select(&sel("#preview iframe#preview-frame"))
            .next()
            .unwrap_or_else(|| panic!("{at}: no preview"));
        assert_eq!(
            frame.value().attr("sandbox"),
            Some("allow-scripts allow-modals")
        );
        assert!(frame.value().attr("title").is_some_and(|t| !t.is_empty()));
        // The CLI's own DOM runner is the page's host, loaded before the page's runner.
        let scripts: Vec<&str> = html
            .select(&sel("script[src]"))
            .filter_map(|e| e.value().attr("src"))
            .collect();
        let host = scripts
            .iter()
            .position(|s| s.ends_with("static/hints/dom-runner.js"));
        let runner = scripts.iter().position(|s| s.ends_with("static/runner.js"));
        assert!(host.is_some() && host < runner, "{at}: {scripts:?}");
        let data = json_of(&html, "lesson-tests");
        assert_eq!(data["kind"], "dom");
        let exts: Vec<&str> = data["files"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["ext"].as_str())
            .collect();
        assert_eq!(exts, ["html", "css", "js"], "{at}");
        assert_eq!(
            data["hints"].as_array().unwrap().len(),
            challenge.tests.len()
        );
        let strings =
            runner_strings(&out().join(lesson_path(locale, block, english.dashed_name())));
        for key in ["page-threw", "page-timeout", "page-broken", "no-dom-runner"] {
            assert!(
                strings[key].as_str().is_some_and(|s| !s.is_empty()),
                "{key}"
            );
        }
    }
}

#[test]
fn lessons_that_cannot_run_in_the_page_have_no_runner() {
    let c = model();
    let mut checked = 0;
    for block in &c.blocks {
        for lesson in &block.lessons {
            let english = lesson.english.as_deref().unwrap();
            if english.kind().runs() {
                continue;
            }
            let html = page(&out().join(lesson_path("en", block, english.dashed_name())));
            assert!(
                // questions.js answers questions, quizzes and blanks (with the locale's strings):
                // not a runner.
                html.select(&sel(
                    "[data-runner], .editor, script[src]:not([src$='static/questions.js'])\
                     :not([src*='static/runner-strings.'])"
                ))
                .next()
                .is_none()
            );
            checked += 1;
        }
    }
    assert!(checked >= 2, "{checked}");
}

#[test]
fn the_runner_speaks_the_page_language() {
    let c = model();
    let block = c
        .blocks
        .iter()
        .find(|b| b.meta.dashed_name == "realtime-user-counter")
        .unwrap();
    let dashed = block.lessons[0].english.as_deref().unwrap().dashed_name();
    let en = runner_strings(&out().join(lesson_path("en", block, dashed)));
    let uk = runner_strings(&out().join(lesson_path("uk", block, dashed)));
    let en = en.as_object().unwrap();
    let uk = uk.as_object().unwrap();
    assert_eq!(en.keys().collect::<Vec<_>>(), uk.keys().collect::<Vec<_>>());
    for (key, english) in en {
        let ukrainian = uk[key].as_str().unwrap();
        assert!(!ukrainian.is_empty(), "{key}");
        assert_ne!(Some(ukrainian), english.as_str(), "{key} is not translated");
        // Cyrillic words, not English left in: what stays Latin is a placeholder, a URL or a
        // command name.
        assert!(
            ukrainian.chars().any(|ch| ('а'..='я').contains(&ch)),
            "{key}: {ukrainian}"
        );
    }
    assert_eq!(uk["summary"], "Пройдено тестів: {passed} з {total}.");
}

/// Copies a folder tree (fixtures are edited in a temp copy, never in place).
fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A link an author wrote to a lesson that was renamed is a warning at the link, and the site is
/// written (freeCodeCamp ships such links); a link the templates make that points nowhere is an
/// error, and the previous site stays.
#[test]
fn broken_links_in_content_warn_and_in_templates_fail() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(
        &common::repo().join("tests/fixtures/build-escaping"),
        &content,
    );
    let lesson = content.join("english/blocks/escaping-and-html/eeeeeeeeeeeeeeeeeeeeeee1.md");
    let text = std::fs::read_to_string(&lesson).unwrap();
    let text = text.replacen(
        "# --description--\n",
        "# --description--\n\nSee [the old lesson](../renamed-lesson/) first.\n",
        1,
    );
    std::fs::write(&lesson, &text).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("renamed-lesson"))
        .unwrap()
        + 1;
    let out = dir.path().join("public");
    let cache = dir.path().join("cache");
    let outcome = run(&config(&content, &out, &cache), true, false).unwrap();
    assert!(!outcome.failed(), "{:#?}", outcome.broken);
    assert!(out.join("en/index.html").is_file());
    let warnings: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == lessons::codes::Code::BrokenContentLink)
        .map(|d| d.to_string())
        .collect();
    // Said once, at the link in the lesson's file, though the English page and the Ukrainian
    // fallback page both carry it.
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].starts_with(&format!("{}:{line}:", lesson.display())),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("warning[broken-content-link]: link `../renamed-lesson/`"));

    // The same content with a template that links to a page the site does not have.
    let templates = dir.path().join("templates");
    copy_tree(&common::repo().join("templates"), &templates);
    let base = std::fs::read_to_string(templates.join("base.html")).unwrap();
    std::fs::write(
        templates.join("base.html"),
        base.replacen(
            "</footer>",
            "<a href=\"no-such-page.html\">x</a></footer>",
            1,
        ),
    )
    .unwrap();
    let before = snapshot(&out);
    let mut with_templates = config(&content, &out, &cache);
    with_templates.templates = Some(templates);
    let outcome = run(&with_templates, true, false).unwrap();
    assert!(outcome.failed());
    assert!(
        outcome.broken.iter().any(|b| b.link == "no-such-page.html"),
        "{:#?}",
        outcome.broken
    );
    assert!(
        outcome
            .broken
            .iter()
            .all(|b| b.link != "../renamed-lesson/"),
        "a content link counted as a template's"
    );
    // Not one file written, the marker included, and no scratch folder left.
    assert_eq!(snapshot(&out), before);
    assert!(!out.join(".lessons-tmp").exists());
}

// Rebuilds write only what changed: content hashes, a manifest in the marker, input keys.

/// What tells a rewritten file from an untouched one: its bytes, and its modification time,
/// inode and inode change time.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    bytes: Vec<u8>,
    id: (std::time::SystemTime, u64, i64, i64),
}

/// Every file under `root` (the marker included).
fn snapshot(root: &Path) -> BTreeMap<String, Seen> {
    files_under(root)
        .into_iter()
        .map(|rel| {
            let path = root.join(&rel);
            let meta = std::fs::symlink_metadata(&path).unwrap();
            #[cfg(unix)]
            let id = {
                use std::os::unix::fs::MetadataExt;
                (
                    meta.modified().unwrap(),
                    meta.ino(),
                    meta.ctime(),
                    meta.ctime_nsec(),
                )
            };
            #[cfg(not(unix))]
            let id = (meta.modified().unwrap(), 0, 0, 0);
            let bytes = std::fs::read(&path).unwrap();
            (rel, Seen { bytes, id })
        })
        .collect()
}

/// Between two snapshots of a site (the marker left out): the files written (new, removed or
/// touched in any way) and the files whose contents differ (new and removed included).
fn differences(
    before: &BTreeMap<String, Seen>,
    after: &BTreeMap<String, Seen>,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let paths: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let mut written = BTreeSet::new();
    let mut changed = BTreeSet::new();
    for p in paths.into_iter().filter(|p| *p != MARKER) {
        let (b, a) = (before.get(p), after.get(p));
        if b != a {
            written.insert(p.clone());
        }
        if b.map(|s| &s.bytes) != a.map(|s| &s.bytes) {
            changed.insert(p.clone());
        }
    }
    (written, changed)
}

/// The site's files and their bytes, the marker left out.
fn contents(root: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(root)
        .into_iter()
        .filter(|p| p != MARKER)
        .map(|p| {
            let bytes = std::fs::read(root.join(&p)).unwrap();
            (p, bytes)
        })
        .collect()
}

/// Two sites are the same files with the same bytes; panics naming the files that differ.
#[track_caller]
fn assert_same_site(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    let differ: Vec<&String> = a
        .keys()
        .chain(b.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|p| a.get(*p) != b.get(*p))
        .collect();
    assert!(differ.is_empty(), "{what}: these files differ: {differ:#?}");
}

/// A copy of the bundled course in a temp folder, to edit and build again and again.
struct Course {
    dir: TempDir,
    content: PathBuf,
    out: PathBuf,
    config: Config,
}

impl Course {
    fn new() -> Course {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        copy_tree(&common::repo().join("content"), &content);
        let out = dir.path().join("public");
        let config = config(&content, &out, &dir.path().join("cache"));
        Course {
            dir,
            content,
            out,
            config,
        }
    }

    fn build(&self) -> Outcome {
        let outcome = run(&self.config, true, false).unwrap();
        assert!(
            !outcome.failed(),
            "{:#?} {:#?}",
            outcome.broken,
            outcome.diagnostics
        );
        outcome
    }

    /// The same content and settings built into a new folder.
    fn built_from_scratch(&self) -> BTreeMap<String, Vec<u8>> {
        let fresh = tempfile::tempdir().unwrap();
        let out = fresh.path().join("public");
        let config = Config {
            output: out.clone(),
            // Nothing remembered either: every file parsed in full.
            cache: fresh.path().join("cache"),
            ..self.config.clone()
        };
        let outcome = run(&config, true, false).unwrap();
        assert!(!outcome.failed());
        assert_eq!(outcome.rendered, outcome.pages);
        assert_eq!(outcome.shallow, 0);
        contents(&out)
    }

    /// Replaces the first `from` in a content file.
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.content.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel}: no `{from}`");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
}

/// A lesson's page paths in both locales, by id (from the unedited course).
fn pages_of(id: &str) -> [String; 2] {
    let c = model();
    let (block, lesson) = c
        .blocks
        .iter()
        .flat_map(|b| b.lessons.iter().map(move |l| (b, l)))
        .find(|(_, l)| l.id == id)
        .unwrap();
    let dashed = lesson.english.as_deref().unwrap().dashed_name();
    ["en", "uk"].map(|locale| lesson_path(locale, block, dashed))
}

const TRANSLATED: &str = "f13d8781fb19828583a89da8"; // emit-the-user-count, in Ukrainian too
const UNTRANSLATED: &str = "3aa64be844f59e4241d7e3d0"; // the tip calculator's last lesson

#[test]
fn a_rebuild_with_nothing_changed_writes_no_file() {
    let course = Course::new();
    let first = course.build();
    assert_eq!(first.written, first.files);
    assert_eq!(first.rendered, first.pages);
    let before = snapshot(&course.out);
    let second = course.build();
    assert_eq!(snapshot(&course.out), before, "a file was written");
    assert_eq!(second.written, 0);
    assert_eq!(second.written_bytes, 0);
    assert_eq!(second.rendered, 0, "every page's key is the same");
    assert_eq!(second.files, first.files);
    assert_eq!(second.site_bytes, first.site_bytes);
    // Nothing left beside the output or in it (no scratch folder).
    assert_eq!(std::fs::read_dir(course.dir.path()).unwrap().count(), 3);
    assert!(!course.out.join(".lessons-tmp").exists());
}

#[test]
fn an_edit_rewrites_only_the_pages_that_change() {
    let course = Course::new();
    course.build();
    let before = snapshot(&course.out);
    // A sentence of a translated lesson's English description: its English page only.
    course.edit(
        &format!("english/blocks/realtime-user-counter/{TRANSLATED}.md"),
        "So far only the server knows the count.",
        "Until now only the server knows the count.",
    );
    let outcome = course.build();
    let after = snapshot(&course.out);
    let (written, changed) = differences(&before, &after);
    let [en, _uk] = pages_of(TRANSLATED);
    assert_eq!(written, BTreeSet::from([en.clone()]));
    assert_eq!(changed, written);
    assert_eq!((outcome.written, outcome.rendered), (1, 1));
    assert!(
        String::from_utf8_lossy(&after[&en].bytes).contains("Until now only the server"),
        "the page has the new sentence"
    );

    // The title of a lesson with no translation: its pages in both locales (the Ukrainian one
    // shows the English), the block page that lists it, and the pages that link to it as
    // previous or next, in both locales; nothing else.
    let before = after;
    course.edit(
        &format!("english/blocks/learn-functions-by-building-a-tip-calculator/{UNTRANSLATED}.md"),
        "title: Format a Summary with a Template Literal",
        "title: Print a Summary with a Template Literal",
    );
    let outcome = course.build();
    let after = snapshot(&course.out);
    let (written, changed) = differences(&before, &after);
    let c = model();
    let order: Vec<&str> = c.lessons().map(|l| l.id.as_str()).collect();
    let at = order.iter().position(|id| *id == UNTRANSLATED).unwrap();
    let block = c
        .blocks
        .iter()
        .find(|b| b.lessons.iter().any(|l| l.id == UNTRANSLATED))
        .unwrap();
    let mut expected: BTreeSet<String> = pages_of(UNTRANSLATED).into();
    for neighbour in [at.checked_sub(1), Some(at + 1).filter(|i| *i < order.len())]
        .into_iter()
        .flatten()
    {
        expected.extend(pages_of(order[neighbour]));
    }
    for locale in ["en", "uk"] {
        expected.insert(format!(
            "{locale}/learn/{}/{}/index.html",
            block.meta.superblock.as_deref().unwrap(),
            block.meta.dashed_name
        ));
    }
    assert!(expected.len() >= 6, "{expected:#?}");
    assert_eq!(changed, expected);
    assert_eq!(
        written, expected,
        "only files whose bytes changed are written"
    );
    assert_eq!(outcome.written, expected.len());
    // The block's other lessons were rendered again (a lesson's key has its block's titles),
    // but not written: their bytes are the same.
    assert!(outcome.rendered < outcome.pages, "{}", outcome.rendered);
}

#[test]
fn files_the_site_no_longer_has_are_removed_and_yours_are_kept() {
    let course = Course::new();
    course.build();
    // Files you add are kept, in the site's folders too.
    std::fs::write(course.out.join("CNAME"), "lessons.example.org\n").unwrap();
    std::fs::write(course.out.join("en/notes.txt"), "mine").unwrap();
    let [old_en, old_uk] = pages_of(TRANSLATED);
    let rel = format!("english/blocks/realtime-user-counter/{TRANSLATED}.md");
    course.edit(
        &rel,
        "dashedName: emit-the-user-count",
        "dashedName: emit-the-count",
    );
    let outcome = course.build();
    assert_eq!(outcome.removed, 2, "the lesson's old page in both locales");
    for old in [&old_en, &old_uk] {
        assert!(!course.out.join(old).exists(), "{old}");
        // And the folder it leaves empty.
        assert!(!course.out.join(old).parent().unwrap().exists(), "{old}");
        let new = old.replace("/emit-the-user-count/", "/emit-the-count/");
        assert!(course.out.join(&new).is_file(), "{new}");
    }
    assert_eq!(
        std::fs::read_to_string(course.out.join("CNAME")).unwrap(),
        "lessons.example.org\n"
    );
    assert_eq!(
        std::fs::read_to_string(course.out.join("en/notes.txt")).unwrap(),
        "mine"
    );
    // The rest is the site a new build makes, pages that link to the lesson included.
    let mut site = contents(&course.out);
    site.remove("CNAME");
    site.remove("en/notes.txt");
    assert_same_site(&site, &course.built_from_scratch(), "a lesson renamed");
    // A file of yours at a path the site makes is replaced by the site's.
    std::fs::write(course.out.join("en/index.html"), "mine").unwrap();
    course.build();
    assert_ne!(
        std::fs::read(course.out.join("en/index.html")).unwrap(),
        b"mine"
    );
}

/// Every kind of edit, each followed by a rebuild that must give, byte for byte, the site a build
/// into a new folder gives: the input keys leave out nothing a page shows.
#[test]
fn rebuilds_equal_a_build_from_scratch_after_every_kind_of_edit() {
    let mut course = Course::new();
    course.build();
    let tip = "learn-functions-by-building-a-tip-calculator";
    let counter = "realtime-user-counter";
    let check = |course: &Course, what: &str| -> Outcome {
        let outcome = course.build();
        assert_same_site(&contents(&course.out), &course.built_from_scratch(), what);
        outcome
    };
    course.edit(
        &format!("english/blocks/{counter}/{TRANSLATED}.md"),
        "So far only the server",
        "So far just the server",
    );
    let o = check(&course, "an English description");
    assert_eq!(o.rendered, 1, "only that lesson's English page");
    // The other files were read as far as their front matter, and the edited one in full.
    assert!(o.shallow > 10, "{}", o.shallow);
    assert_eq!(o.deepened, 0);
    course.edit(
        &format!("ukrainian/blocks/{counter}/{TRANSLATED}.md"),
        "title: Надсилання кількості користувачів усім",
        "title: Надсилання кількості всім",
    );
    check(&course, "a Ukrainian title");
    course.edit(
        &format!("english/blocks/{tip}/{UNTRANSLATED}.md"),
        "title: Format a Summary",
        "title: Print a Summary",
    );
    let o = check(&course, "the title of an untranslated lesson");
    // Its neighbours' pages show the title: read shallowly, then parsed in full to be rendered.
    assert!(o.deepened >= 1, "{}", o.deepened);
    std::fs::remove_file(
        course
            .content
            .join(format!("ukrainian/blocks/{counter}/{TRANSLATED}.md")),
    )
    .unwrap();
    check(&course, "a translation removed");
    course.edit(
        &format!("structure/blocks/{counter}.json"),
        "\"blockType\": \"workshop\"",
        "\"blockType\": \"lab\"",
    );
    check(&course, "a block's meta");
    course.edit(
        "ukrainian/intro.json",
        "Вебзастосунки реального часу",
        "Застосунки реального часу",
    );
    check(&course, "a superblock title");
    course.edit(
        "english/intro.json",
        "\"title\": \"Learn Functions by Building a Tip Calculator\"",
        "\"title\": \"Build a Tip Calculator\"",
    );
    check(&course, "a block title");
    // Lessons in another order: previous and next links, numbers.
    let structure = course.content.join(format!("structure/blocks/{tip}.json"));
    let text = std::fs::read_to_string(&structure).unwrap();
    let mut meta: serde_json::Value = serde_json::from_str(&text).unwrap();
    meta["challengeOrder"].as_array_mut().unwrap().swap(0, 2);
    std::fs::write(&structure, serde_json::to_string_pretty(&meta).unwrap()).unwrap();
    check(&course, "lessons reordered");
    // A new lesson.
    let new = course
        .content
        .join(format!("english/blocks/{tip}/aaaaaaaaaaaaaaaaaaaaaaaa.md"));
    let text = std::fs::read_to_string(
        course
            .content
            .join(format!("english/blocks/{tip}/{UNTRANSLATED}.md")),
    )
    .unwrap();
    std::fs::write(
        &new,
        text.replacen(UNTRANSLATED, "aaaaaaaaaaaaaaaaaaaaaaaa", 1)
            .replacen(
                "dashedName: format-a-summary",
                "dashedName: a-new-lesson",
                1,
            ),
    )
    .unwrap();
    meta["challengeOrder"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"id": "aaaaaaaaaaaaaaaaaaaaaaaa", "title": "New"}));
    std::fs::write(&structure, serde_json::to_string_pretty(&meta).unwrap()).unwrap();
    let o = check(&course, "a lesson added");
    assert_eq!(o.removed, 0);
    // Settings, and a templates folder.
    course.config.title = "Other Lessons".into();
    check(&course, "the site title");
    course.config.sandbox_url = "http://127.0.0.1:4000".into();
    check(&course, "the sandbox address");
    let templates = course.dir.path().join("templates");
    copy_tree(&common::repo().join("templates"), &templates);
    course.config.templates = Some(templates.clone());
    check(&course, "a templates folder");
    let base = std::fs::read_to_string(templates.join("base.html")).unwrap();
    std::fs::write(
        templates.join("base.html"),
        base.replacen("</footer>", "<p>edited</p></footer>", 1),
    )
    .unwrap();
    let o = check(&course, "a template edited");
    assert_eq!(o.rendered, o.pages);
    course.config.languages = vec!["en".into()];
    let o = check(&course, "a language left out");
    assert!(o.removed > 0);
}

/// A build stopped before it wrote its manifest, or while moving files into place, leaves a
/// site that the next build sees is not as the manifest says, and completes.
#[test]
fn an_interrupted_build_is_completed_by_the_next() {
    // Stopped before the manifest: the files are new, the manifest is the one before.
    let course = Course::new();
    course.build();
    let v1 = contents(&course.out);
    let marker = std::fs::read(course.out.join(MARKER)).unwrap();
    let rel = format!("english/blocks/realtime-user-counter/{TRANSLATED}.md");
    course.edit(&rel, "So far only the server", "So far just the server");
    course.build();
    std::fs::write(course.out.join(MARKER), &marker).unwrap();
    course.edit(&rel, "So far just the server", "So far only the server");
    // Every key is as that manifest says; the page in place is not.
    let outcome = course.build();
    assert_same_site(&contents(&course.out), &v1, "completed");
    assert_eq!((outcome.rendered, outcome.written), (1, 1));

    // A marker without a manifest (as an older version wrote it): every page is rendered and
    // compared with the file there; only those that differ are written.
    std::fs::write(
        course.out.join(MARKER),
        "This folder was made by `lessons build`.\n",
    )
    .unwrap();
    let [en, _] = pages_of(TRANSLATED);
    std::fs::write(course.out.join(&en), "half a pa").unwrap();
    let before = snapshot(&course.out);
    let outcome = course.build();
    assert_eq!(outcome.rendered, outcome.pages);
    let (written, _) = differences(&before, &snapshot(&course.out));
    assert_eq!(written, BTreeSet::from([en.clone()]));
    assert_same_site(&contents(&course.out), &v1, "completed");

    // Stopped while moving files into place (here: a folder where a changed page goes makes its
    // move fail after the new lesson's folders are in place).
    let [old_en, old_uk] = pages_of(UNTRANSLATED);
    let tip =
        format!("english/blocks/learn-functions-by-building-a-tip-calculator/{UNTRANSLATED}.md");
    course.edit(
        &tip,
        "dashedName: format-a-summary",
        "dashedName: a-summary",
    );
    course.edit(&rel, "So far only the server", "So far just the server");
    std::fs::remove_file(course.out.join(&en)).unwrap();
    std::fs::create_dir_all(course.out.join(&en).join("in-the-way")).unwrap();
    let err = run(&course.config, true, false).unwrap_err();
    assert!(format!("{err:#}").contains("cannot write"), "{err:#}");
    let new_en = old_en.replace("/format-a-summary-", "/a-summary-");
    assert_ne!(new_en, old_en);
    assert!(
        course.out.join(&new_en).is_file(),
        "the new lesson's folder moved in before the failure"
    );
    // Put back as it was, and built again: the new lesson's pages are known as the build's own
    // (the manifest listed them before the first move) and go.
    std::fs::remove_dir_all(course.out.join(&en)).unwrap();
    course.edit(
        &tip,
        "dashedName: a-summary",
        "dashedName: format-a-summary",
    );
    course.edit(&rel, "So far just the server", "So far only the server");
    course.build();
    assert_same_site(&contents(&course.out), &v1, "completed");
    assert!(course.out.join(&old_en).is_file() && course.out.join(&old_uk).is_file());
    assert!(!course.out.join(".lessons-tmp").exists());
}

/// A kept page (not rendered again) still has its links checked when the site's files change: a
/// link in a lesson to a page that is gone warns, and stops warning once the page is back.
#[test]
fn links_on_kept_pages_are_checked_against_files_added_and_removed() {
    let course = Course::new();
    let rel = format!("english/blocks/realtime-user-counter/{TRANSLATED}.md");
    course.edit(
        &rel,
        "So far only the server knows the count.",
        "So far only the server knows the count ([keywords](../../../javascript-fundamentals/javascript-functions-vocabulary/fill-in-the-function-keywords/)).",
    );
    let warnings = |o: &Outcome| -> Vec<String> {
        o.diagnostics
            .iter()
            .filter(|d| d.code == lessons::codes::Code::BrokenContentLink)
            .map(|d| d.to_string())
            .collect()
    };
    let first = course.build();
    assert!(warnings(&first).is_empty(), "{:#?}", warnings(&first));
    let [page, _] = pages_of(TRANSLATED);
    let before = snapshot(&course.out);
    let other = "english/blocks/javascript-functions-vocabulary/d507e476ba10f045223041d2.md";
    course.edit(
        other,
        "dashedName: fill-in-the-function-keywords",
        "dashedName: function-keywords",
    );
    let moved = course.build();
    assert_eq!(
        snapshot(&course.out).get(&page),
        before.get(&page),
        "the linking page is kept"
    );
    let w = warnings(&moved);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(w[0].contains(&format!("{TRANSLATED}.md:")), "{}", w[0]);
    assert!(w[0].contains("fill-in-the-function-keywords"), "{}", w[0]);
    // Said again by a build that changes nothing (the manifest remembers it)…
    assert_eq!(warnings(&course.build()), w);
    // …and no more once there is a page there again (a new lesson: files only added).
    let structure = course
        .content
        .join("structure/blocks/javascript-functions-vocabulary.json");
    let mut meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&structure).unwrap()).unwrap();
    meta["challengeOrder"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"id": "bbbbbbbbbbbbbbbbbbbbbbbb", "title": "New"}));
    std::fs::write(&structure, serde_json::to_string_pretty(&meta).unwrap()).unwrap();
    let text = std::fs::read_to_string(course.content.join(other)).unwrap();
    std::fs::write(
        course
            .content
            .join("english/blocks/javascript-functions-vocabulary/bbbbbbbbbbbbbbbbbbbbbbbb.md"),
        text.replacen("d507e476ba10f045223041d2", "bbbbbbbbbbbbbbbbbbbbbbbb", 1)
            .replacen(
                "dashedName: function-keywords",
                "dashedName: fill-in-the-function-keywords",
                1,
            ),
    )
    .unwrap();
    let back = course.build();
    assert!(warnings(&back).is_empty(), "{:#?}", warnings(&back));
    assert_eq!(back.removed, 0);
    assert_eq!(snapshot(&course.out).get(&page), before.get(&page));
}

/// A templates folder copied before the lesson's fields became top-level names: its
/// `{% if lesson.description %}` would drop every description without a word, so the build
/// stops and names the line instead.
#[test]
fn a_lesson_template_with_the_old_names_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    copy_tree(&common::repo().join("templates"), &templates);
    let lesson = templates.join("lesson.html");
    let text = std::fs::read_to_string(&lesson).unwrap();
    let line = text[..text.find("{%- if description").unwrap()]
        .matches('\n')
        .count()
        + 1;
    std::fs::write(
        &lesson,
        text.replace("{%- if description", "{%- if lesson.description"),
    )
    .unwrap();
    let out = dir.path().join("public");
    let mut cfg = config(
        &common::repo().join("content"),
        &out,
        &dir.path().join("cache"),
    );
    cfg.templates = Some(templates);
    let err = format!("{:#}", run(&cfg, true, false).unwrap_err());
    assert!(err.contains(&format!("lesson.html:{line}:")), "{err}");
    assert!(err.contains("top-level name"), "{err}");
    assert!(!out.exists(), "nothing is written");
}

/// A rebuild reads a file as far as its front matter only when the last build parsed that very
/// text without a problem: a file with a warning, or one whose hints test the sandbox's counter
/// (other lessons' pages show that), is parsed in full every time, and the warnings counted are
/// the same build after build. Without the cache nothing is remembered.
#[test]
fn a_rebuild_reads_only_the_front_matter_of_files_that_parsed_cleanly() {
    let course = Course::new();
    let mut diags = Vec::new();
    let model =
        curriculum::load_languages(&course.content, &course.config.languages, &mut diags).unwrap();
    let counter = |c: &lessons::challenge::Challenge| lessons::render::site::tests_the_counter(c);
    assert!(
        model.every_challenge().any(counter),
        "the sample has lessons that test the counter"
    );
    // One lesson with a warning (a repeated section), not one of those.
    let tip = "learn-functions-by-building-a-tip-calculator";
    let path = course
        .content
        .join(format!("english/blocks/{tip}/{UNTRANSLATED}.md"));
    let text = std::fs::read_to_string(&path).unwrap();
    let repeated = "\n# --explanation--\n\nOne.\n\n# --explanation--\n\nTwo.\n";
    std::fs::write(&path, format!("{text}{repeated}")).unwrap();
    // Files other than those: read shallowly when they parsed cleanly.
    let cleanly = |but: &Path| {
        model
            .every_challenge()
            .filter(|c| !counter(c) && c.source.path != but)
            .count()
    };
    let first = course.build();
    assert_eq!(first.shallow, 0, "nothing remembered yet");
    let warned: std::collections::HashSet<_> = first
        .diagnostics
        .iter()
        .filter(|d| d.severity == lessons::diagnostic::Severity::Warning)
        .map(|d| d.path.clone())
        .collect();
    assert_eq!(warned, [path.clone()].into(), "{:#?}", first.diagnostics);

    let second = course.build();
    assert_eq!(second.shallow, cleanly(&path));
    assert_eq!(
        second.diagnostics, first.diagnostics,
        "the same warnings again"
    );

    // The warning fixed: that text was never parsed cleanly, so it is parsed in full; the next
    // build remembers it.
    std::fs::write(&path, &text).unwrap();
    let third = course.build();
    assert_eq!(third.shallow, cleanly(&path));
    let fourth = course.build();
    assert_eq!(fourth.shallow, cleanly(Path::new("")));

    // `--no-cache`: nothing read or written.
    let o = run(&course.config, false, false).unwrap();
    assert_eq!(o.shallow, 0);
}
