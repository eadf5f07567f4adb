//! The learner project's files, served the way freeCodeCamp's boilerplates expose them to hints:
//! `/_api/server.js`, `/_api/package.json` (as text, like the boilerplates' `res.type('txt')`),
//! `/_api/<relative path>`, `/public/*` and the demo page at `/`.
//!
//! The project is a directory (`--project DIR`) or, by default, the reference project in
//! `sandbox/project/`, compiled into the binary so that an installed or moved `lessons` needs no
//! source tree.
//!
//! Only regular files inside the project are ever served. The request path is decoded by us (not
//! by a framework extractor) so raw and percent-encoded `..` meet the same checks; every segment
//! must be a plain name (no `..`, no dotfile, no `node_modules`, no backslash); then a directory
//! path is canonicalized — which resolves symlinks — and must still lie under the canonical
//! project root. Every refusal is a 404 so a probe learns nothing about what exists.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use include_dir::{Dir, File, include_dir};

use crate::Error;

/// The reference project, `sandbox/project/`, as it was when the binary was built.
static REFERENCE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/project");

/// Files bigger than this are refused: hints read source files, not data dumps.
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Where the files come from.
#[derive(Debug)]
pub(crate) enum Project {
    /// A directory, canonicalized once at start-up.
    Disk { root: PathBuf },
    /// The reference project compiled into the binary.
    Embedded(&'static Dir<'static>),
}

/// A file found in a [`Project`].
#[derive(Debug)]
pub(crate) enum Found {
    Disk(PathBuf),
    Embedded(&'static File<'static>),
}

impl Found {
    fn path(&self) -> &Path {
        match self {
            Found::Disk(path) => path,
            Found::Embedded(file) => file.path(),
        }
    }
}

impl Project {
    /// The reference project compiled into the binary.
    pub(crate) fn reference() -> Project {
        Project::Embedded(&REFERENCE)
    }

    pub(crate) fn open(dir: &Path) -> Result<Project, Error> {
        let project_error = |source| Error::Project {
            path: dir.to_path_buf(),
            source,
        };
        let root = dir.canonicalize().map_err(project_error)?;
        if !root.is_dir() {
            return Err(project_error(std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                "not a directory",
            )));
        }
        Ok(Project::Disk { root })
    }

    /// Maps a URL path (still percent-encoded, relative to the project) to a file inside the
    /// project, or `None` when it must not be served.
    pub(crate) fn resolve(&self, encoded: &str) -> Option<Found> {
        let decoded = percent_decode(encoded)?;
        let mut relative = PathBuf::new();
        for segment in decoded.split('/') {
            if !is_plain_name(segment) {
                return None;
            }
            relative.push(segment);
        }
        let root = match self {
            Project::Disk { root } => root,
            Project::Embedded(dir) => return dir.get_file(&relative).map(Found::Embedded),
        };
        let path = root.join(relative).canonicalize().ok()?;
        // After symlinks are resolved the file must still be inside the project, and not
        // reached through a hidden or dependency directory by way of a link.
        let inside = path.strip_prefix(root).ok()?;
        let hidden = inside.components().any(|c| match c {
            Component::Normal(name) => name.to_str().is_none_or(|n| !is_plain_name(n)),
            _ => true,
        });
        if hidden || !path.is_file() {
            return None;
        }
        Some(Found::Disk(path))
    }
}

/// A segment we are willing to serve: not empty, not `.`/`..`/dotfile, not `node_modules`, and
/// free of separators or characters that mean something to some file system.
fn is_plain_name(segment: &str) -> bool {
    !segment.is_empty()
        && !segment.starts_with('.')
        && !segment.eq_ignore_ascii_case("node_modules")
        && !segment.contains(['\\', '\0', ':'])
}

/// Decodes `%XX` escapes; `None` for malformed escapes or bytes that are not UTF-8.
fn percent_decode(input: &str) -> Option<String> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            // `from_str_radix` would accept a sign ("%+1"), so check the digits first.
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The routes that read the project directory.
pub(crate) fn routes(project: Arc<Project>) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/_api/{*path}", get(api))
        .route("/public/{*path}", get(public))
        .with_state(project)
}

async fn index(State(project): State<Arc<Project>>) -> Response {
    match project.resolve("views/index.html") {
        Some(found) => send_file(&found, "text/html; charset=utf-8").await,
        None => (
            StatusCode::NOT_FOUND,
            "this project has no views/index.html to show at /",
        )
            .into_response(),
    }
}

async fn api(State(project): State<Arc<Project>>, uri: Uri) -> Response {
    let Some(relative) = uri.path().strip_prefix("/_api/") else {
        return not_found();
    };
    let Some(found) = project.resolve(relative) else {
        return not_found();
    };
    if relative == "package.json" {
        // The boilerplates send it with `res.type('txt').send(...)`, and the hints `JSON.parse`
        // what they get. jQuery would already have parsed a JSON response, and `JSON.parse` of
        // an object throws; so: the file as it is, as text.
        return send_file(&found, "text/plain; charset=utf-8").await;
    }
    send_file(&found, content_type(found.path())).await
}

async fn public(State(project): State<Arc<Project>>, uri: Uri) -> Response {
    // Keep the `public/` prefix: it is a directory of the project like any other.
    let Some(relative) = uri.path().strip_prefix('/') else {
        return not_found();
    };
    match project.resolve(relative) {
        Some(found) => send_file(&found, content_type(found.path())).await,
        None => not_found(),
    }
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found").into_response()
}

async fn read_limited(path: &Path) -> Result<Vec<u8>, Response> {
    let too_big = tokio::fs::metadata(path)
        .await
        .map(|m| m.len() > MAX_FILE_BYTES)
        .unwrap_or(false);
    if too_big {
        return Err((StatusCode::PAYLOAD_TOO_LARGE, "file too large to serve").into_response());
    }
    tokio::fs::read(path).await.map_err(|e| {
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot read {}: {e}", path.display()),
        )
            .into_response()
    })
}

async fn send_file(found: &Found, content_type: &'static str) -> Response {
    let body = match found {
        Found::Disk(path) => match read_limited(path).await {
            Ok(body) => axum::body::Body::from(body),
            Err(response) => return response,
        },
        Found::Embedded(file) => axum::body::Body::from(file.contents()),
    };
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// Enough types for a learner project; anything else is offered as bytes.
fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("js" | "mjs" | "cjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("ico") => "image/x-icon",
        Some("webp") => "image/webp",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes_and_rejects_malformed_ones() {
        assert_eq!(percent_decode("a%2e%2E/b").as_deref(), Some("a../b"));
        assert_eq!(percent_decode("%"), None);
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%+1"), None);
        assert_eq!(percent_decode("%ff"), None);
    }

    #[test]
    fn plain_names_only() {
        for bad in [
            "",
            ".",
            "..",
            ".env",
            "node_modules",
            "Node_Modules",
            "a\\b",
            "c:",
        ] {
            assert!(!is_plain_name(bad), "{bad:?}");
        }
        assert!(is_plain_name("server.js"));
    }
}
