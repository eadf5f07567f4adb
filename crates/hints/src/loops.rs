//! Loop protection for learner code, as freeCodeCamp applies it when it runs hints
//! (`@freecodecamp/loop-protect`, FCC-RUNNER.md §3): every `while`, `for` and `do … while` loop
//! counts its iterations, and every 2,000 of them checks the time; past 1.5 s since the loop
//! began it logs "Potential infinite loop detected on line N" and breaks out. `for … in/of`
//! loops are left alone, as there.
//!
//! The loops are found with a real JavaScript parser (oxc); the code is then edited as text, so
//! everything else stays byte for byte as the learner wrote it. Code that does not parse is
//! returned unchanged: it will fail on its own.

use oxc_allocator::Allocator;
use oxc_ast::ast::{DoWhileStatement, ForStatement, LabeledStatement, Statement, WhileStatement};
use oxc_ast_visit::{Visit, walk};
use oxc_parser::Parser;
use oxc_span::{GetSpan, SourceType, Span};

/// The prelude's functions the inserted code calls (see `js/prelude.js`).
const START: &str = "__lessonsLoopStart";
const CHECK: &str = "__lessonsLoopCheck";

/// `code` with every `while`, `for` and `do … while` loop protected, or `None` when it has no
/// such loop or does not parse.
pub fn protect(code: &str) -> Option<String> {
    protect_as(code, SourceType::cjs())
}

/// `protect` for a file of a DOM lesson, parsed as its extension says (JSX and TypeScript are
/// modules, as in the lessons that use them); `None` for a kind of file that holds no script.
pub fn protect_file(code: &str, ext: &str) -> Option<String> {
    let kind = match ext {
        "js" => SourceType::cjs(),
        "jsx" => SourceType::jsx(),
        "ts" => SourceType::ts(),
        "tsx" => SourceType::tsx(),
        _ => return None,
    };
    protect_as(code, kind)
}

fn protect_as(code: &str, kind: SourceType) -> Option<String> {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, code, kind).parse();
    if parsed.panicked || !parsed.diagnostics.is_empty() {
        return None;
    }
    let mut finder = Finder::default();
    finder.visit_program(&parsed.program);
    if finder.loops.is_empty() {
        return None;
    }
    let lines = crate::source::LineIndex::new(code);
    let mut edits: Vec<Edit> = Vec::new();
    for (k, l) in finder.loops.iter().enumerate() {
        let line = lines.line(l.keyword as usize);
        let wrap = 2 * l.depth;
        let body = wrap + 1;
        let check = format!("if({CHECK}(__lp{k},{line}))break;");
        edits.push(Edit::open(
            l.start,
            wrap,
            format!("{{let __lp{k}={START}();"),
        ));
        edits.push(Edit::close(l.end, wrap, "}".into()));
        if l.body_is_block {
            edits.push(Edit::open(l.body.start + 1, body, check));
        } else {
            edits.push(Edit::open(l.body.start, body, format!("{{{check}")));
            edits.push(Edit::close(l.body.end, body, "}".into()));
        }
    }
    // At one position: what closes comes before what opens; the innermost closes first and
    // the outermost opens first.
    edits.sort_by_key(|e| {
        let order = if e.opens {
            e.depth as i64
        } else {
            -(e.depth as i64)
        };
        (e.at, e.opens, order)
    });
    let mut out = String::with_capacity(code.len() + edits.len() * 40);
    let mut from = 0;
    for e in &edits {
        let at = e.at as usize;
        out.push_str(code.get(from..at)?);
        out.push_str(&e.text);
        from = at;
    }
    out.push_str(code.get(from..)?);
    Some(out)
}

/// A text insertion.
struct Edit {
    at: u32,
    opens: bool,
    depth: u32,
    text: String,
}

impl Edit {
    fn open(at: u32, depth: u32, text: String) -> Edit {
        Edit {
            at,
            opens: true,
            depth,
            text,
        }
    }
    fn close(at: u32, depth: u32, text: String) -> Edit {
        Edit {
            at,
            opens: false,
            depth,
            text,
        }
    }
}

/// A loop to protect: where its statement begins (its outermost label, if any) and ends, where
/// its keyword is (for the line number), its body, and how deeply it is nested.
struct Loop {
    start: u32,
    end: u32,
    keyword: u32,
    body: Span,
    body_is_block: bool,
    depth: u32,
}

#[derive(Default)]
struct Finder {
    loops: Vec<Loop>,
    depth: u32,
    /// The start of the outermost label of the statement being visited, for `a: b: for …`:
    /// the whole labelled statement is wrapped, so that `continue a` stays valid.
    label: Option<u32>,
}

impl Finder {
    fn found(&mut self, span: Span, body: &Statement<'_>) {
        let start = self.label.take().unwrap_or(span.start);
        self.loops.push(Loop {
            start,
            end: span.end,
            keyword: span.start,
            body: body.span(),
            body_is_block: matches!(body, Statement::BlockStatement(_)),
            depth: self.depth,
        });
    }
}

impl<'a> Visit<'a> for Finder {
    fn visit_labeled_statement(&mut self, it: &LabeledStatement<'a>) {
        let outer = self.label.unwrap_or(it.span.start);
        let is_loop_or_label = matches!(
            it.body,
            Statement::ForStatement(_)
                | Statement::WhileStatement(_)
                | Statement::DoWhileStatement(_)
                | Statement::LabeledStatement(_)
        );
        self.label = is_loop_or_label.then_some(outer);
        walk::walk_labeled_statement(self, it);
        self.label = None;
    }

    fn visit_for_statement(&mut self, it: &ForStatement<'a>) {
        self.found(it.span, &it.body);
        self.depth += 1;
        walk::walk_for_statement(self, it);
        self.depth -= 1;
    }

    fn visit_while_statement(&mut self, it: &WhileStatement<'a>) {
        self.found(it.span, &it.body);
        self.depth += 1;
        walk::walk_while_statement(self, it);
        self.depth -= 1;
    }

    fn visit_do_while_statement(&mut self, it: &DoWhileStatement<'a>) {
        self.found(it.span, &it.body);
        self.depth += 1;
        walk::walk_do_while_statement(self, it);
        self.depth -= 1;
    }

    fn visit_statement(&mut self, it: &Statement<'a>) {
        // A label only carries over to the statement it labels.
        if !matches!(
            it,
            Statement::ForStatement(_)
                | Statement::WhileStatement(_)
                | Statement::DoWhileStatement(_)
                | Statement::LabeledStatement(_)
        ) {
            self.label = None;
        }
        walk::walk_statement(self, it);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_each_kind_of_loop() {
        assert_eq!(
            protect("while (x) y();").unwrap(),
            "{let __lp0=__lessonsLoopStart();while (x) {if(__lessonsLoopCheck(__lp0,1))break;y();}}"
        );
        assert_eq!(
            protect("for (;;) {\n  a();\n}").unwrap(),
            "{let __lp0=__lessonsLoopStart();for (;;) {if(__lessonsLoopCheck(__lp0,1))break;\n  a();\n}}"
        );
        assert_eq!(
            protect("let i = 0;\ndo i++; while (i < 3)").unwrap(),
            "let i = 0;\n{let __lp0=__lessonsLoopStart();do {if(__lessonsLoopCheck(__lp0,2))break;i++;} while (i < 3)}"
        );
        assert_eq!(protect("for (const k in o) f(k);"), None);
        assert_eq!(protect("for (const k of o) f(k);"), None);
        assert_eq!(protect("not javascript ("), None);
    }

    #[test]
    fn nested_and_labelled_loops_stay_valid() {
        let code = "outer: for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) { if (j) continue outer; }\nif (a) while (b) c(); else d();";
        let out = protect(code).unwrap();
        // The whole labelled statement is wrapped, the inner loop inside the outer's body.
        assert!(
            out.starts_with("{let __lp0=__lessonsLoopStart();outer: for (let i = 0; i < 3; i++) {if(__lessonsLoopCheck(__lp0,1))break;{let __lp1=__lessonsLoopStart();for"),
            "{out}"
        );
        assert!(
            out.ends_with("if (a) {let __lp2=__lessonsLoopStart();while (b) {if(__lessonsLoopCheck(__lp2,2))break;c();}} else d();"),
            "{out}"
        );
        // And the result parses.
        let allocator = Allocator::default();
        let parsed = Parser::new(&allocator, &out, SourceType::cjs()).parse();
        assert!(parsed.diagnostics.is_empty(), "{out}");
    }
}
