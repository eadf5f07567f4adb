//! Syntax highlighting at build time: syntect with two-face's extra syntaxes, into short
//! classes resolved from two themes (`palette`: one stylesheet for every page), each line
//! highlighted once per build (`lines`), each distinct (language, code) block assembled once and
//! kept in an on-disk cache across builds.
//!
//! The output is line-balanced: every line closes the spans it opened, so a page can wrap any
//! run of lines (the editable region) without breaking the markup.

mod lines;
mod palette;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use syntect::parsing::{SyntaxReference, SyntaxSet};

use super::html::escape;
use lines::Lines;
use palette::{PALETTE, PALETTE_VERSION};

/// Part of every cache key: bump it whenever the output of [`highlight`] changes (syntect,
/// two-face, the class style or the line format), so stale entries are never reused.
pub const HIGHLIGHTER_VERSION: &str = "lessons-hl-2;syntect-5.3;two-face-0.5.2;flat-runs";

/// Every syntax syntect ships plus two-face's (TypeScript, TSX, SCSS, TOML…); loaded once, on
/// first use, because deserializing the set costs tens of milliseconds.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// Fence names as authors write them → the syntax name in [`SYNTAXES`]. Anything else is tried
/// as a file extension or syntax name before falling back to plain text.
const ALIASES: &[(&str, &str)] = &[
    ("js", "JavaScript"),
    ("javascript", "JavaScript"),
    ("mjs", "JavaScript"),
    ("cjs", "JavaScript"),
    ("node", "JavaScript"),
    ("jsx", "JavaScript (Babel)"),
    ("ts", "TypeScript"),
    ("typescript", "TypeScript"),
    ("tsx", "TypeScriptReact"),
    ("py", "Python"),
    ("python", "Python"),
    ("python3", "Python"),
    ("sh", "Bourne Again Shell (bash)"),
    ("bash", "Bourne Again Shell (bash)"),
    ("shell", "Bourne Again Shell (bash)"),
    ("zsh", "Bourne Again Shell (bash)"),
    ("console", "Bourne Again Shell (bash)"),
    ("md", "Markdown"),
    ("markdown", "Markdown"),
    ("html", "HTML"),
    ("htm", "HTML"),
    ("markup", "HTML"),
    ("svg", "XML"),
    ("xml", "XML"),
    ("css", "CSS"),
    ("scss", "SCSS"),
    ("sass", "Sass"),
    ("json", "JSON"),
    ("sql", "SQL"),
    ("yaml", "YAML"),
    ("yml", "YAML"),
];

/// The syntax for a fence language, or `None` for plain text.
pub fn syntax_for(lang: &str) -> Option<&'static SyntaxReference> {
    let lang = lang.trim().to_ascii_lowercase();
    if lang.is_empty() || lang == "text" || lang == "txt" || lang == "plain" {
        return None;
    }
    let set: &'static SyntaxSet = &SYNTAXES;
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == lang)
        .and_then(|(_, name)| set.find_syntax_by_name(name))
        .or_else(|| set.find_syntax_by_token(&lang))
        .filter(|s| s.name != "Plain Text")
}

/// One stylesheet for all pages: the light palette under `not (prefers-color-scheme: dark)` and
/// the dark one under `prefers-color-scheme: dark`, a rule per class the highlighter can give.
pub fn stylesheet() -> String {
    PALETTE.stylesheet()
}

/// Highlights `code` as `lang` into line-balanced HTML (no `<pre>`/`<code>` wrapper); unknown
/// languages and any failure inside syntect give escaped plain text.
pub fn highlight(lang: &str, code: &str) -> String {
    highlight_in(&Lines::default(), lang, code)
}

fn highlight_in(lines: &Lines, lang: &str, code: &str) -> String {
    let Some(syntax) = syntax_for(lang) else {
        return escape(code);
    };
    // syntect is not expected to panic, but a build must never die on one odd code block.
    match catch_unwind(AssertUnwindSafe(|| {
        lines.highlight(&SYNTAXES, syntax, code)
    })) {
        Ok(Some(html)) => html,
        _ => escape(code),
    }
}

/// The key is already a good hash; hashing it again would only cost time.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u128(&mut self, n: u128) {
        self.0 = n as u64;
    }
}

type KeyMap<V> = HashMap<u128, V, BuildHasherDefault<KeyHasher>>;
type Slot = Arc<OnceLock<Arc<str>>>;

const SHARDS: usize = 64;
const CACHE_FILE: &str = "highlight-v2.bin";
const MAGIC: &[u8] = b"LESSONS-HIGHLIGHT-1\n";

/// Highlighted code for a whole build: a concurrent memo (each distinct (language, code) is
/// highlighted once, whichever thread asks first; others wait for that one key only) over
/// entries loaded from the disk cache.
pub struct Highlighter {
    shards: Vec<Mutex<KeyMap<Slot>>>,
    disk: KeyMap<Arc<str>>,
    cache_dir: Option<PathBuf>,
    enabled: bool,
    fresh: AtomicUsize,
    /// Lines already highlighted in this build, shared by every block.
    lines: Lines,
}

/// What the highlighter did in one build.
#[derive(Debug, Default, Clone, Copy)]
pub struct HighlightStats {
    /// Distinct (language, code) pairs used.
    pub distinct: usize,
    /// Of those, highlighted in this build (not found in the disk cache).
    pub highlighted: usize,
    /// Lines syntect parsed for them (the others came from the line memo).
    pub lines_parsed: usize,
}

impl Highlighter {
    /// `cache_dir`: where the highlighted HTML is kept between builds (`None`: no disk cache).
    /// `enabled: false` turns every block into escaped plain text.
    pub fn new(cache_dir: Option<&Path>, enabled: bool) -> Self {
        let disk = cache_dir
            .filter(|_| enabled)
            .map(|d| load_cache(&d.join(CACHE_FILE)))
            .unwrap_or_default();
        Highlighter {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
            disk,
            cache_dir: cache_dir.map(Path::to_path_buf),
            enabled,
            fresh: AtomicUsize::new(0),
            lines: Lines::default(),
        }
    }

    /// Highlighted, line-balanced HTML for `code` in `lang`.
    pub fn code(&self, lang: &str, code: &str) -> Arc<str> {
        if !self.enabled {
            return escape(code).into();
        }
        let key = cache_key(lang, code);
        let slot: Slot = {
            let shard = &self.shards[(key as usize) % SHARDS];
            // A poisoned shard only means another thread panicked mid-insert; the map is fine.
            let mut map = shard.lock().unwrap_or_else(|e| e.into_inner());
            map.entry(key).or_default().clone()
        };
        slot.get_or_init(|| {
            if let Some(html) = self.disk.get(&key) {
                return html.clone();
            }
            self.fresh.fetch_add(1, Ordering::Relaxed);
            highlight_in(&self.lines, lang, code).into()
        })
        .clone()
    }

    pub fn stats(&self) -> HighlightStats {
        HighlightStats {
            distinct: self
                .shards
                .iter()
                .map(|s| s.lock().unwrap_or_else(|e| e.into_inner()).len())
                .sum(),
            highlighted: self.fresh.load(Ordering::Relaxed),
            lines_parsed: self.lines.parsed(),
        }
    }

    /// Writes the entries this build used to the disk cache (dropping the ones it did not, so
    /// the cache follows the content), unless nothing changed.
    pub fn save(&self) -> std::io::Result<()> {
        let Some(dir) = &self.cache_dir else {
            return Ok(());
        };
        let stats = self.stats();
        if !self.enabled || (stats.highlighted == 0 && stats.distinct == self.disk.len()) {
            return Ok(());
        }
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(format!("{CACHE_FILE}.tmp-{}", std::process::id()));
        {
            let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
            w.write_all(MAGIC)?;
            for shard in &self.shards {
                let map = shard.lock().unwrap_or_else(|e| e.into_inner());
                for (key, slot) in map.iter() {
                    let Some(html) = slot.get() else { continue };
                    let Ok(len) = u32::try_from(html.len()) else {
                        continue;
                    };
                    w.write_all(&key.to_le_bytes())?;
                    w.write_all(&len.to_le_bytes())?;
                    w.write_all(html.as_bytes())?;
                }
            }
            w.flush()?;
        }
        std::fs::rename(&tmp, dir.join(CACHE_FILE))
    }
}

fn cache_key(lang: &str, code: &str) -> u128 {
    let mut h = twox_hash::XxHash3_128::new();
    h.write(HIGHLIGHTER_VERSION.as_bytes());
    h.write(PALETTE_VERSION.as_bytes());
    h.write(&[0]);
    h.write(lang.trim().to_ascii_lowercase().as_bytes());
    h.write(&[0]);
    h.write(code.as_bytes());
    h.finish_128()
}

/// Reads the cache file; a missing, truncated or foreign file is just an empty cache.
fn load_cache(path: &Path) -> KeyMap<Arc<str>> {
    let mut map = KeyMap::default();
    let Ok(bytes) = std::fs::read(path) else {
        return map;
    };
    let Some(mut rest) = bytes.strip_prefix(MAGIC) else {
        return map;
    };
    while rest.len() >= 20 {
        let (key, tail) = rest.split_at(16);
        let (len, tail) = tail.split_at(4);
        let key = u128::from_le_bytes(key.try_into().unwrap_or_default());
        let len = u32::from_le_bytes(len.try_into().unwrap_or_default()) as usize;
        let Some(html) = tail.get(..len) else { break };
        let Ok(html) = std::str::from_utf8(html) else {
            break;
        };
        map.insert(key, Arc::from(html));
        rest = &tail[len..];
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_resolve() {
        for lang in [
            "js",
            "javascript",
            "jsx",
            "ts",
            "tsx",
            "py",
            "python",
            "sh",
            "bash",
            "md",
            "html",
            "markup",
            "css",
            "scss",
            "json",
            "sql",
        ] {
            assert!(syntax_for(lang).is_some(), "{lang}");
        }
        assert!(syntax_for("no-such-language").is_none());
    }

    #[test]
    fn lines_are_balanced() {
        let code = "/* a\n comment */\nconst s = `x\n${y}`;\n";
        let html = highlight("js", code);
        assert_eq!(html.lines().count(), code.lines().count());
        for line in html.lines() {
            assert_eq!(
                line.matches("<span").count(),
                line.matches("</span>").count(),
                "{line}"
            );
        }
        // Comments are coloured in both themes.
        assert!(html.contains("<span class=\"l"), "{html}");
    }

    #[test]
    fn unknown_language_is_escaped_text() {
        assert_eq!(highlight("klingon", "<a> & b"), "&lt;a&gt; &amp; b");
    }

    #[test]
    fn memo_and_disk_cache() {
        let dir = tempfile::tempdir().unwrap();
        let h = Highlighter::new(Some(dir.path()), true);
        let a = h.code("js", "let a = 1;");
        let b = h.code("js", "let a = 1;");
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(h.stats().highlighted, 1);
        h.save().unwrap();
        let h2 = Highlighter::new(Some(dir.path()), true);
        assert_eq!(&*h2.code("js", "let a = 1;"), &*a);
        assert_eq!(h2.stats().highlighted, 0);
    }
}
