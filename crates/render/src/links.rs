//! The link check: every internal `href`/`src` of every page must name a generated file.

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
    let mut broken = Vec::new();
    for link in links(html) {
        if let Some(target) = resolve(page, &link, base_path)
            && !exists(&target, files)
        {
            broken.push(BrokenLink {
                page: page.to_string(),
                link,
            });
        }
    }
    broken
}

/// Internal links only: no scheme (`https:`, `mailto:`, `data:`…), not protocol-relative, and
/// not only a fragment. Returns the output-relative path the link points to, or `None` for an
/// external link; a link that climbs above the site root resolves to a path that cannot exist.
pub fn resolve(page: &str, link: &str, base_path: &str) -> Option<String> {
    let link = link.trim();
    let path = link.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() || link.starts_with("//") || has_scheme(link) {
        return None;
    }
    let path = percent_decode(path);
    if let Some(abs) = path.strip_prefix('/') {
        let within = format!("/{abs}");
        return Some(match within.strip_prefix(base_path) {
            Some(rel) => normalize(Vec::new(), rel),
            // Outside the site's own path: it cannot be one of our files.
            None => format!("../{abs}"),
        });
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop(); // the page's own file name
    Some(normalize(parts, &path))
}

fn normalize<'a>(mut parts: Vec<&'a str>, rest: &'a str) -> String {
    let mut above = false;
    for seg in rest.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    above = true;
                }
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if rest.ends_with('/') || rest.is_empty() {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str("index.html");
    }
    if above { format!("../{out}") } else { out }
}

fn exists(target: &str, files: &HashSet<String>) -> bool {
    files.contains(target) || files.contains(&format!("{target}/index.html"))
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

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
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
    String::from_utf8_lossy(&out).into_owned()
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
