//! Problems found in content: where they are (`path:line:col`), what they are, and how to show
//! them to a person — one grep-friendly line, then the offending source line.

use std::fmt;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config, DisplayStyle};
use serde::Serialize;

pub use crate::codes::Code;

/// How bad a problem is. Errors make `lessons check` exit non-zero; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Information that is not a problem, e.g. a lesson not translated yet.
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// Another place that explains a problem, e.g. the first of two duplicate ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// One problem in one file. `line` and `col` are 1-based; `col` counts characters, as editors do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The stable code of the rule (see [`crate::codes`]); the severity comes from it.
    pub code: Code,
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub message: String,
    /// Byte range in the file's normalised text (see [`crate::source::normalize`]), for snippets.
    #[serde(skip)]
    pub span: Range<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
}

/// A place in a file: 1-based line and column, and the byte span for snippets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
    pub span: Range<usize>,
}

impl Pos {
    /// The position of a byte span in `text`.
    pub fn of(text: &str, span: Range<usize>) -> Pos {
        let index = crate::source::LineIndex::new(text);
        let (line, col) = index.line_col(text, span.start);
        Pos { line, col, span }
    }
}

impl Diagnostic {
    /// A finding of rule `code`, with the severity the rule has.
    pub fn new(code: Code, path: &Path, pos: &Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: code.severity(),
            code,
            path: path.to_path_buf(),
            line: pos.line.max(1),
            col: pos.col.max(1),
            message: message.into(),
            span: pos.span.clone(),
            related: Vec::new(),
        }
    }

    /// Adds another place that explains this problem.
    pub fn also(mut self, path: &Path, pos: &Pos, message: impl Into<String>) -> Self {
        self.related.push(Related {
            path: path.to_path_buf(),
            line: pos.line.max(1),
            col: pos.col.max(1),
            message: message.into(),
        });
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            self.path.display(),
            self.line,
            self.col,
            self.severity,
            self.code,
            self.message
        )
    }
}

/// "N warnings in the content (`lessons check …` lists them)", for commands that print only
/// the errors; `None` when there is no warning.
pub fn warnings_line(diags: &[Diagnostic], check: &str) -> Option<String> {
    let n = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    (n > 0).then(|| {
        format!(
            "{n} warning{} in the content (`{check}` lists them)",
            if n == 1 { "" } else { "s" }
        )
    })
}

/// Prints diagnostics as `path:line:col: severity[code]: message` followed by the source snippet
/// (drawn by codespan-reporting) and any related places. Files are read again only when a
/// problem is printed for them, so a clean run costs nothing here.
pub struct Printer {
    files: SimpleFiles<String, String>,
    ids: std::collections::HashMap<PathBuf, Option<usize>>,
    config: Config,
}

impl Default for Printer {
    fn default() -> Self {
        Self::new()
    }
}

impl Printer {
    pub fn new() -> Self {
        let config = Config {
            display_style: DisplayStyle::Rich,
            ..Config::default()
        };
        Printer {
            files: SimpleFiles::new(),
            ids: Default::default(),
            config,
        }
    }

    fn file_id(&mut self, path: &Path) -> Option<usize> {
        if let Some(id) = self.ids.get(path) {
            return *id;
        }
        let id = std::fs::read(path).ok().map(|bytes| {
            let text = crate::source::normalize(&String::from_utf8_lossy(&bytes)).into_owned();
            self.files.add(path.display().to_string(), text)
        });
        self.ids.insert(path.to_path_buf(), id);
        id
    }

    /// Writes one diagnostic with its snippet.
    pub fn print(&mut self, out: &mut dyn Write, d: &Diagnostic) -> std::io::Result<()> {
        writeln!(out, "{d}")?;
        let Some(id) = self.file_id(&d.path) else {
            return Ok(());
        };
        let source_len = self.files.get(id).map(|f| f.source().len()).unwrap_or(0);
        if d.span.start > source_len {
            return Ok(());
        }
        // One underlined line reads best; a block's span often runs on to its last line.
        let line_end = self
            .files
            .get(id)
            .ok()
            .and_then(|f| f.source().get(d.span.start..)?.find('\n'))
            .map_or(source_len, |i| d.span.start + i);
        let end = d.span.end.clamp(d.span.start, line_end);
        let mut diag = CsDiagnostic::new(match d.severity {
            Severity::Error => codespan_reporting::diagnostic::Severity::Error,
            Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
            Severity::Note => codespan_reporting::diagnostic::Severity::Note,
        })
        .with_labels(vec![Label::primary(id, d.span.start..end)]);
        diag.notes = d
            .related
            .iter()
            .map(|r| format!("{}:{}:{}: {}", r.path.display(), r.line, r.col, r.message))
            .collect();
        // Rich output starts with its own "error: message" header; the line above already says
        // that in the grep-friendly form, so only the snippet and notes are kept.
        let Ok(text) = term::emit_into_string(&self.config, &self.files, &diag) else {
            return Ok(());
        };
        let body = text.split_once('\n').map(|(_, rest)| rest).unwrap_or("");
        out.write_all(body.as_bytes())
    }
}
