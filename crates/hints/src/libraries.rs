//! The JavaScript libraries DOM lesson pages load from a CDN (React 16 and 18, ReactDOM,
//! Redux, React-Redux, redux-thunk, D3, Babel…), served to the test browser from the project's
//! `node_modules` instead: `lessons test` has no network, and the hints test what these
//! libraries do. package.json lists them (by version, so `npm ci` installs what the curriculum
//! names), with Babel, which the runner compiles learner code with, and the bundles of Enzyme
//! (React 16 hints) and fake timers (`__FakeTimers`) in `node_modules/.lessons`, made by `npm ci`.
//!
//! A CDN address `https://cdnjs.cloudflare.com/ajax/libs/<name>/<version>/<file>` is looked up
//! as the npm package `<name>-<version>` (an alias in package.json, for a second version of a
//! package) or `<name>` at that very version, at `<file>`, `dist/<file>`, or either without
//! `.min` (npm ships `umd/react.development.js` where cdnjs also has a minified copy). A version
//! that is not installed is not replaced by another: the page then fails to load it, and the
//! lesson is skipped saying which package to install.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use base64::Engine as _;

/// The libraries found, and the files served so far (base64, as the DevTools protocol wants
/// them).
#[derive(Debug, Default)]
pub struct Libraries {
    node_modules: Option<PathBuf>,
    babel: Option<PathBuf>,
    served: Mutex<HashMap<String, Option<Arc<String>>>>,
}

const CDNJS: &str = "https://cdnjs.cloudflare.com/ajax/libs/";

impl Libraries {
    /// `LESSONS_NODE_MODULES`, else the `node_modules` folder of the current folder or one above
    /// it. Babel is `LESSONS_BABEL` (a path to babel.min.js), else @babel/standalone in there.
    pub fn find() -> Libraries {
        let node_modules = match std::env::var_os("LESSONS_NODE_MODULES") {
            Some(named) => Some(PathBuf::from(named)).filter(|p| p.is_dir()),
            None => std::env::current_dir().ok().and_then(|cwd| {
                cwd.ancestors()
                    .map(|d| d.join("node_modules"))
                    .find(|p| p.join("@babel/standalone/babel.min.js").is_file())
            }),
        };
        let babel = match std::env::var_os("LESSONS_BABEL") {
            Some(named) => Some(PathBuf::from(named)),
            None => node_modules
                .as_ref()
                .map(|n| n.join("@babel/standalone/babel.min.js")),
        }
        .filter(|p| p.is_file());
        Libraries {
            node_modules,
            babel,
            served: Mutex::default(),
        }
    }

    /// Nothing: pages get no library but what they carry.
    pub fn none() -> Libraries {
        Libraries::default()
    }

    /// babel.min.js, if there is one.
    pub fn babel(&self) -> Option<&Path> {
        self.babel.as_deref()
    }

    /// Enzyme with the React 16 adapter, bundled by `npm ci`.
    pub fn enzyme(&self) -> Option<PathBuf> {
        self.bundle("enzyme.js")
    }

    /// @sinonjs/fake-timers for a page's window (`__FakeTimers`), bundled by `npm ci`.
    pub fn fake_timers(&self) -> Option<PathBuf> {
        self.bundle("fake-timers.js")
    }

    fn bundle(&self, name: &str) -> Option<PathBuf> {
        self.node_modules
            .as_ref()
            .map(|n| n.join(".lessons").join(name))
            .filter(|p| p.is_file())
    }

    /// The installed file a CDN address stands for.
    pub fn file_for(&self, url: &str) -> Option<PathBuf> {
        let node_modules = self.node_modules.as_ref()?;
        let rest = url.strip_prefix(CDNJS)?;
        let mut parts = rest.splitn(3, '/');
        let (name, version, file) = (parts.next()?, parts.next()?, parts.next()?);
        if [name, version, file]
            .iter()
            .any(|p| p.is_empty() || p.contains("..") || p.starts_with('.'))
            || file.contains(['?', '#', '\\'])
        {
            return None;
        }
        // cdnjs calls @babel/standalone `babel-standalone`; the page only needs a Babel 7.
        if name == "babel-standalone" && version.starts_with("7.") && file == "babel.min.js" {
            return self.babel.clone();
        }
        let packages = [
            node_modules.join(format!("{name}-{version}")),
            node_modules.join(name),
        ];
        let package = packages
            .into_iter()
            .find(|p| installed_version(p).as_deref() == Some(version))?;
        let unminified = file.replace(".min.js", ".js");
        [
            file.to_string(),
            format!("dist/{file}"),
            unminified.clone(),
            format!("dist/{unminified}"),
        ]
        .into_iter()
        .map(|f| package.join(f))
        .find(|p| p.is_file())
    }

    /// A CDN file's contents, base64, read once.
    pub fn body(&self, url: &str) -> Option<Arc<String>> {
        let mut served = self.served.lock().ok()?;
        if let Some(known) = served.get(url) {
            return known.clone();
        }
        let body = self
            .file_for(url)
            .and_then(|p| std::fs::read(p).ok())
            .map(|bytes| Arc::new(base64::engine::general_purpose::STANDARD.encode(bytes)));
        served.insert(url.to_string(), body.clone());
        body
    }

    /// The npm package to install for a CDN address this runner cannot serve, when it is one it
    /// could (a cdnjs library at a version).
    pub fn missing(url: &str) -> Option<String> {
        let rest = url.strip_prefix(CDNJS)?;
        let mut parts = rest.splitn(3, '/');
        let (name, version) = (parts.next()?, parts.next()?);
        Some(format!("{name}@{version}"))
    }
}

/// The `version` of the npm package in a folder.
fn installed_version(package: &Path) -> Option<String> {
    let text = std::fs::read_to_string(package.join("package.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json.get("version")?.as_str().map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake(tree: &[(&str, &str)]) -> (tempfile::TempDir, Libraries) {
        let dir = tempfile::tempdir().expect("temp dir");
        for (path, contents) in tree {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("dirs");
            std::fs::write(p, contents).expect("write");
        }
        let libs = Libraries {
            node_modules: Some(dir.path().to_path_buf()),
            babel: None,
            served: Mutex::default(),
        };
        (dir, libs)
    }

    #[test]
    fn cdn_addresses_map_to_the_installed_version_only() {
        let (dir, libs) = fake(&[
            ("react/package.json", r#"{"version":"16.4.0"}"#),
            ("react/umd/react.production.min.js", "r16"),
            ("react-18.3.1/package.json", r#"{"version":"18.3.1"}"#),
            ("react-18.3.1/umd/react.development.js", "r18"),
            ("d3/package.json", r#"{"version":"5.7.0"}"#),
            ("d3/dist/d3.min.js", "d3"),
        ]);
        let at = |u: &str| {
            libs.file_for(u).map(|p| {
                p.strip_prefix(dir.path())
                    .map(Path::to_path_buf)
                    .expect("inside")
            })
        };
        assert_eq!(
            at("https://cdnjs.cloudflare.com/ajax/libs/react/16.4.0/umd/react.production.min.js"),
            Some("react/umd/react.production.min.js".into())
        );
        // cdnjs's minified development build is npm's unminified one.
        assert_eq!(
            at("https://cdnjs.cloudflare.com/ajax/libs/react/18.3.1/umd/react.development.min.js"),
            Some("react-18.3.1/umd/react.development.js".into())
        );
        assert_eq!(
            at("https://cdnjs.cloudflare.com/ajax/libs/d3/5.7.0/d3.min.js"),
            Some("d3/dist/d3.min.js".into())
        );
        // Another version is not served in its place, nor anything outside the package.
        assert_eq!(
            at("https://cdnjs.cloudflare.com/ajax/libs/d3/7.0.0/d3.min.js"),
            None
        );
        assert_eq!(
            at("https://cdnjs.cloudflare.com/ajax/libs/react/16.4.0/../d3/package.json"),
            None
        );
        assert_eq!(
            at("https://example.com/ajax/libs/react/16.4.0/umd/react.production.min.js"),
            None
        );
        assert_eq!(
            Libraries::missing("https://cdnjs.cloudflare.com/ajax/libs/d3/7.0.0/d3.min.js")
                .as_deref(),
            Some("d3@7.0.0")
        );
    }
}
