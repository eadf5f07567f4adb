//! `lessons.toml`: optional site settings. Without the file, `content/` builds to `public/`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

/// Site settings. Relative paths in a `lessons.toml` are relative to the file's folder.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Shown in every page's header and `<title>`.
    pub title: String,
    /// Absolute URL the site is served from (`https://example.org/lessons/`). Pages link
    /// relatively and open from disk without it; it makes `sitemap.xml` absolute and lets
    /// `404.html` link home from any depth.
    pub base_url: Option<String>,
    /// The locale the root page's own text is in.
    pub default_locale: String,
    /// Locales to build, as codes (`en`, `uk`); empty: every language in the content.
    pub languages: Vec<String>,
    pub content: PathBuf,
    pub output: PathBuf,
    /// Where highlighted code is kept between builds.
    pub cache: PathBuf,
    /// Highlight code blocks (off: escaped plain text).
    pub highlight: bool,
    /// A folder of templates (`base.html`, `lesson.html`…, `static/style.css`) to use instead
    /// of the ones built into the binary. `lessons serve` uses `./templates` when it exists,
    /// so that template edits show live.
    pub templates: Option<PathBuf>,
    /// The sandbox that lesson pages run backend tests against by default.
    pub sandbox_url: String,
    /// Superblocks or blocks (or parts of their names) that teach a language and keep text in
    /// it on purpose: `lessons check --locale` does not report it as untranslated.
    pub keep_language: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Lessons".into(),
            base_url: None,
            default_locale: "en".into(),
            languages: Vec::new(),
            content: "content".into(),
            output: "public".into(),
            cache: ".lessons-cache".into(),
            highlight: true,
            templates: None,
            sandbox_url: "http://127.0.0.1:3000".into(),
            keep_language: Vec::new(),
        }
    }
}

impl Config {
    /// Reads `path`; relative paths in it are resolved against its folder.
    pub fn read(path: &Path) -> anyhow::Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let mut config: Config =
            toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))?;
        let dir = path.parent().unwrap_or(Path::new(""));
        for p in [&mut config.content, &mut config.output, &mut config.cache]
            .into_iter()
            .chain(config.templates.as_mut())
        {
            if p.is_relative() {
                *p = dir.join(&*p);
            }
        }
        Ok(config)
    }

    /// `lessons.toml` in the working directory when there is one, else the defaults.
    pub fn discover() -> anyhow::Result<Config> {
        let path = Path::new("lessons.toml");
        if path.is_file() {
            Config::read(path)
        } else {
            Ok(Config::default())
        }
    }

    /// The path part of `base_url`, always ending in `/` (`/` without a base URL).
    pub fn base_path(&self) -> String {
        let Some(url) = &self.base_url else {
            return "/".into();
        };
        let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
        let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
        if path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lessons.toml");
        std::fs::write(
            &path,
            "title = \"My <site>\"\nbase_url = \"https://x.org/learn\"\nlanguages = [\"uk\"]\noutput = \"out\"\n",
        )
        .unwrap();
        let c = Config::read(&path).unwrap();
        assert_eq!(c.title, "My <site>");
        assert_eq!(c.languages, ["uk"]);
        assert_eq!(c.output, dir.path().join("out"));
        assert_eq!(c.content, dir.path().join("content"));
        assert_eq!(c.base_path(), "/learn/");
        std::fs::write(&path, "titel = 1\n").unwrap();
        assert!(Config::read(&path).is_err());
    }
}
