//! The problems as the server's pages show them: the whole-site error page (the content root
//! cannot be read or a template fails), a page whose file has errors, a page the templates
//! could not render, and `/__problems/`, every problem of the content. `templates/problems.html`
//! lays them out.

use serde::Serialize;

use super::live::Live;
use super::pages::View;
use crate::diagnostic::{Diagnostic, Printer, Severity};
use crate::render::i18n::Ui;

/// Snippets are drawn for this many errors at most on the index (each means reading a file).
const SNIPPETS: usize = 500;

/// A diagnostic: where, what, the page it shows on, and the offending lines as the terminal
/// shows them.
#[derive(Serialize)]
struct Line {
    path: String,
    line: usize,
    col: usize,
    severity: String,
    code: String,
    message: String,
    page: Option<String>,
    snippet: Option<String>,
}

fn line(d: &Diagnostic, page: Option<&str>, printer: Option<&mut Printer>) -> Line {
    let snippet = printer.map(|p| {
        let mut text = Vec::new();
        let _ = p.print(&mut text, d);
        String::from_utf8_lossy(&text).into_owned()
    });
    Line {
        path: d.path.display().to_string(),
        line: d.line,
        col: d.col,
        severity: d.severity.to_string(),
        code: d.code.to_string(),
        message: d.message.clone(),
        page: page.map(|p| format!("/{}", p.strip_suffix("index.html").unwrap_or(p))),
        snippet,
    }
}

fn view(locale: &str, title_key: &str, data: serde_json::Value) -> View {
    View {
        template: "problems.html",
        title: Ui::new(locale).get(title_key),
        locale: locale.to_string(),
        data,
    }
}

/// The whole site's error page. It reloads by itself once the files are fixed.
pub fn fatal(live: &Live, locale: &str) -> View {
    let mut printer = Printer::new();
    let lines: Vec<Line> = live
        .problems
        .fatal
        .iter()
        .map(|d| line(d, None, Some(&mut printer)))
        .collect();
    view(
        locale,
        "build-error-title",
        serde_json::json!({ "mode": "fatal", "lines": lines }),
    )
}

/// A page whose file has errors: its errors, where they are, and the offending lines.
pub fn of_page(live: &Live, indices: &[usize], locale: &str) -> View {
    let mut printer = Printer::new();
    let lines: Vec<Line> = indices
        .iter()
        .filter_map(|&i| live.problems.all.get(i))
        .map(|d| line(d, None, Some(&mut printer)))
        .collect();
    view(
        locale,
        "lesson-error-title",
        serde_json::json!({ "mode": "page", "count": lines.len(), "lines": lines }),
    )
}

/// A page the templates could not render.
pub fn render_failure(path: &str, message: &str, locale: &str) -> View {
    view(
        locale,
        "render-error-title",
        serde_json::json!({ "mode": "render", "path": path, "message": message }),
    )
}

/// `/__problems/`: every problem of the content, errors first with their snippets and the page
/// they show on, then warnings and notes.
pub fn index(live: &Live, locale: &str) -> View {
    let p = &live.problems;
    let mut printer = Printer::new();
    let fatal: Vec<Line> = p
        .fatal
        .iter()
        .map(|d| line(d, None, Some(&mut printer)))
        .collect();
    let errors: Vec<Line> = p
        .all
        .iter()
        .enumerate()
        .filter(|(_, d)| d.is_error())
        .enumerate()
        .map(|(n, (i, d))| {
            let page = p.page_of.get(&i).map(String::as_str);
            line(d, page, (n < SNIPPETS).then_some(&mut printer))
        })
        .collect();
    let of = |severity: Severity| -> Vec<Line> {
        p.all
            .iter()
            .filter(|d| d.severity == severity)
            .map(|d| line(d, None, None))
            .collect()
    };
    view(
        locale,
        "problems-title",
        serde_json::json!({
            "mode": "index",
            "count": p.error_count(),
            "fatal": fatal,
            "errors": errors,
            "warnings": of(Severity::Warning),
            "notes": of(Severity::Note),
        }),
    )
}
