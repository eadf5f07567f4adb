//! The link check: every internal `href`/`src` of every page must name a generated file.

use std::borrow::Cow;
use std::collections::HashSet;

use super::html::links;

/// A link that names no generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The page it is on, relative to the output.
    pub page: String,
    pub link: String,
}

/// The internal links of a page that do not resolve to a file in `files`.
/// `base_path` is the path part of the base URL (`/` without one), for root-absolute links.
pub fn check_page(
    page: &str,
    html: &str,
    files: &HashSet<String>,
    base_path: &str,
) -> Vec<BrokenLink> {
    // Every page of a build comes through here with a few dozen links: the page's folder is
    // split once and each target is built in one reused buffer (strings per link and per step
    // were 4 % of an English + Ukrainian build, perf, real tree).
    let dir = page_dir(page);
    let mut segs = Vec::new();
    let mut target = String::new();
    let mut broken = Vec::new();
    for link in links(html) {
        if resolve_into(&dir, &link, base_path, &mut segs, &mut target)
            && !exists(&mut target, files)
        {
            broken.push(BrokenLink {
                page: page.to_string(),
                link: link.into_owned(),
            });
        }
    }
    broken
}

/// Internal links only: no scheme (`https:`, `mailto:`, `data:`…), not protocol-relative, and
/// not only a fragment. Returns the output-relative path the link points to, or `None` for an
/// external link; a link that climbs above the site root resolves to a path that cannot exist.
pub fn resolve(page: &str, link: &str, base_path: &str) -> Option<String> {
    let mut target = String::new();
    resolve_into(
        &page_dir(page),
        link,
        base_path,
        &mut Vec::new(),
        &mut target,
    )
    .then_some(target)
}

/// The folders of a page's path (its file name dropped).
fn page_dir(page: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    parts
}

/// [`resolve`] into `target`, with `segs` as scratch space; `false` for an external link.
fn resolve_into(
    dir: &[&str],
    link: &str,
    base_path: &str,
    segs: &mut Vec<(usize, usize)>,
    target: &mut String,
) -> bool {
    let link = link.trim();
    let path = link.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() || link.starts_with("//") || has_scheme(link) {
        return false;
    }
    target.clear();
    let decoded = percent_decode(path);
    if let Some(abs) = decoded.strip_prefix('/') {
        // `base_path` is `/` or `/…/`: the link is inside the site when it starts with it.
        match base_path
            .strip_prefix('/')
            .and_then(|b| abs.strip_prefix(b))
        {
            Some(rel) => normalize(&[], segs, rel, target),
            // Outside the site's own path: it cannot be one of our files.
            None => {
                target.push_str("../");
                target.push_str(abs);
            }
        }
    } else {
        normalize(dir, segs, &decoded, target);
    }
    true
}

/// Writes `rest` resolved against the folders `dir` into `target`. `segs` is scratch space for
/// the byte ranges of `rest`'s own segments; `..` pops those first, then folders of `dir`.
fn normalize(dir: &[&str], segs: &mut Vec<(usize, usize)>, rest: &str, target: &mut String) {
    // Nearly every link of a build is one the templates made: some `../`, then plain names.
    // Those are joined as they are; splitting each on `/` cost 1.7 k instructions a link, a
    // third of the link check of a two-language build (callgrind, real tree).
    let mut up = 0;
    let mut plain = rest;
    while let Some(r) = plain.strip_prefix("../") {
        up += 1;
        plain = r;
    }
    if up <= dir.len() && is_plain(plain) {
        for folder in &dir[..dir.len() - up] {
            target.push_str(folder);
            target.push('/');
        }
        target.push_str(plain);
        if plain.is_empty() || plain.ends_with('/') {
            target.push_str("index.html");
        }
        return;
    }
    normalize_segments(dir, segs, rest, target);
}

/// Whether `path` is names joined by single slashes (a slash may end it): no `.` or `..`
/// segment, no empty one, not absolute.
fn is_plain(path: &str) -> bool {
    let bytes = path.as_bytes();
    let mut at_start = true;
    for (i, &b) in bytes.iter().enumerate() {
        if at_start {
            let dots = bytes[i..].iter().take_while(|&&c| c == b'.').count();
            let end = bytes.get(i + dots).is_none_or(|&c| c == b'/');
            if b == b'/' || ((dots == 1 || dots == 2) && end) {
                return false;
            }
        }
        at_start = b == b'/';
    }
    true
}

/// [`normalize`] segment by segment, for any path.
fn normalize_segments(
    dir: &[&str],
    segs: &mut Vec<(usize, usize)>,
    rest: &str,
    target: &mut String,
) {
    segs.clear();
    let mut keep = dir.len();
    let mut above = false;
    let mut at = 0;
    for seg in rest.split('/') {
        let range = (at, at + seg.len());
        at += seg.len() + 1;
        match seg {
            "" | "." => {}
            ".." => {
                if segs.pop().is_none() {
                    if keep == 0 {
                        above = true;
                    } else {
                        keep -= 1;
                    }
                }
            }
            _ => segs.push(range),
        }
    }
    if above {
        target.push_str("../");
    }
    let own = segs.iter().map(|&(a, b)| &rest[a..b]);
    for (i, part) in dir[..keep].iter().copied().chain(own).enumerate() {
        if i > 0 {
            target.push('/');
        }
        target.push_str(part);
    }
    if rest.ends_with('/') || rest.is_empty() {
        if keep + segs.len() > 0 {
            target.push('/');
        }
        target.push_str("index.html");
    }
}

/// Whether `target` or its `index.html` is one of `files` (`target` is left as it came).
fn exists(target: &mut String, files: &HashSet<String>) -> bool {
    if files.contains(target.as_str()) {
        return true;
    }
    let len = target.len();
    target.push_str("/index.html");
    let found = files.contains(target.as_str());
    target.truncate(len);
    found
}

fn has_scheme(link: &str) -> bool {
    let Some(colon) = link.find(':') else {
        return false;
    };
    let scheme = &link[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_and_absolute() {
        let page = "uk/learn/a/b/index.html";
        assert_eq!(
            resolve(page, "../../../index.html", "/").as_deref(),
            Some("uk/index.html")
        );
        assert_eq!(
            resolve(page, "c/", "/").as_deref(),
            Some("uk/learn/a/b/c/index.html")
        );
        assert_eq!(
            resolve(page, "/static/x.css", "/").as_deref(),
            Some("static/x.css")
        );
        assert_eq!(
            resolve(page, "/site/en/", "/site/").as_deref(),
            Some("en/index.html")
        );
        assert_eq!(resolve(page, "https://x.org/", "/"), None);
        assert_eq!(resolve(page, "mailto:a@b", "/"), None);
        assert_eq!(resolve(page, "#top", "/"), None);
        assert_eq!(resolve(page, "//cdn.x/y.js", "/"), None);
        assert!(
            resolve("index.html", "../x.html", "/")
                .unwrap()
                .starts_with("../")
        );
        // `..` takes the link's own folders first, then the page's; `.` and `//` are nothing.
        assert_eq!(
            resolve(page, "c/d/../../../e/./f//g.png", "/").as_deref(),
            Some("uk/learn/a/e/f/g.png")
        );
        assert_eq!(resolve(page, "../../../../..", "/").as_deref(), Some("../"));
        assert_eq!(
            resolve(page, "/other/x.css", "/site/").as_deref(),
            Some("../other/x.css")
        );
        assert_eq!(
            resolve(page, "%D1%83%D1%80%D0%BE%D0%BA/?q=1#x", "/").as_deref(),
            Some("uk/learn/a/b/урок/index.html")
        );
    }

    /// The quick way for plain paths gives what the segment-by-segment one gives, for plain
    /// paths and for every kind that is not.
    #[test]
    fn plain_paths_resolve_as_segments_do() {
        let dirs: [&[&str]; 3] = [&[], &["uk"], &["uk", "learn", "a", "b"]];
        let paths = [
            "",
            "x",
            "x/",
            "a/b/c.html",
            "../x",
            "../../",
            "../../../../y/z/",
            "../../../../../x",
            ".",
            "..",
            "./x",
            "x/.",
            "x/..",
            "x/./y",
            "x/../y",
            "x//y",
            "/x",
            ".x/y",
            "x/.y",
            "...",
            "x/.../y",
            "../",
            "../..",
            "../.x",
            "a/b/",
            "..x/y",
            "x/..y",
        ];
        for dir in dirs {
            for path in paths {
                let (mut quick, mut slow) = (String::new(), String::new());
                normalize(dir, &mut Vec::new(), path, &mut quick);
                normalize_segments(dir, &mut Vec::new(), path, &mut slow);
                assert_eq!(quick, slow, "{dir:?} + {path:?}");
            }
        }
        assert!(is_plain("en/learn/a/index.html") && is_plain("a/") && is_plain(".x/..y"));
        for not in ["./a", "a/./b", "a/..", "a//b", "/a", ".", ".."] {
            assert!(!is_plain(not), "{not}");
        }
    }

    #[test]
    fn reports_broken_links() {
        let files: HashSet<String> = ["index.html", "en/index.html"].map(String::from).into();
        let html =
            r#"<a href="en/index.html">ok</a><a href="en/">dir</a><a href="fr/index.html">no</a>"#;
        let broken = check_page("index.html", html, &files, "/");
        assert_eq!(broken.len(), 1);
        assert_eq!(broken[0].link, "fr/index.html");
    }
}
