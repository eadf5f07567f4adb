//! `# --hints--`: pairs of hint text and test code (FORMAT.md §4.2).

use crate::codes::Code;
use serde::Serialize;

use super::Ctx;
use super::blocks::{Block, Kind};

/// One hint: what the learner reads, and the test that checks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hint {
    /// The hint text as markdown.
    pub text: String,
    /// The test code exactly as written in the fence.
    pub test_string: String,
    pub form: TestForm,
    /// Line of the hint text.
    pub line: usize,
    /// Line of the first line of test code (the line after the opening fence).
    pub code_line: usize,
}

/// The two ways hint code is written in the real curriculum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TestForm {
    /// A function the runner calls: `async (getUserInput) => { … }` (backend hints until 2024),
    /// or any hint that is nothing but a function (`async () => { … };`, seven English hints),
    /// which a statement-form runner would evaluate without ever running its body.
    Function,
    /// Statements run inside an async wrapper with `code` in scope (the current form).
    Statement,
}

impl TestForm {
    pub fn of(code: &str) -> TestForm {
        let t = code.trim_start();
        // Only code that starts like a function can be one: the parser runs on few hints.
        let ident_arrow = t
            .trim_start_matches(|c: char| c.is_alphanumeric() || c == '_' || c == '$')
            .trim_start()
            .starts_with("=>");
        if !(t.starts_with("async")
            || t.starts_with('(')
            || t.starts_with("function")
            || ident_arrow)
        {
            return TestForm::Statement;
        }
        if only_a_function(code) {
            TestForm::Function
        } else {
            TestForm::Statement
        }
    }
}

/// Whether the code is one function expression (arrow or not, a declaration, or anonymous as
/// the 2019 hints write it), taken as one expression the way the runner wraps it: in
/// parentheses, without its trailing `;`. Code that does not parse so is not.
fn only_a_function(code: &str) -> bool {
    use oxc_ast::ast::{Expression, Statement};
    let wrapped = format!("(\n{}\n)", code.trim_end().trim_end_matches(';'));
    let allocator = oxc_allocator::Allocator::default();
    let parsed = oxc_parser::Parser::new(&allocator, &wrapped, oxc_span::SourceType::cjs()).parse();
    if parsed.panicked || !parsed.diagnostics.is_empty() {
        return false;
    }
    match parsed.program.body.as_slice() {
        [Statement::ExpressionStatement(e)] => matches!(
            e.expression.without_parentheses(),
            Expression::ArrowFunctionExpression(_) | Expression::FunctionExpression(_)
        ),
        _ => false,
    }
}

pub fn read(ctx: &mut Ctx<'_>, body: &[Block]) -> Vec<Hint> {
    let mut hints = Vec::new();
    let mut pending: Option<&Block> = None;
    // Marker headings in here were reported as misplaced; they are not hint text.
    for block in body.iter().filter(|b| b.marker().is_none()) {
        match &block.kind {
            Kind::Code { code, .. } => match pending.take() {
                Some(text) => hints.push(Hint {
                    text: ctx.source_of(std::slice::from_ref(text)),
                    test_string: code.clone(),
                    form: TestForm::of(code),
                    line: ctx.line(text.range.start),
                    code_line: ctx.line(block.range.start) + 1,
                }),
                None => ctx.report(
                    Code::HintWithoutText,
                    block.range.start..block.range.start,
                    "hints come in pairs of text and a ```js block: this code block has no hint \
                     text before it",
                ),
            },
            _ => {
                if let Some(text) = pending.replace(block) {
                    unpaired(ctx, text);
                }
            }
        }
    }
    if let Some(text) = pending {
        unpaired(ctx, text);
    }
    hints
}

fn unpaired(ctx: &mut Ctx<'_>, text: &Block) {
    let line = ctx.line(text.range.start);
    ctx.report(
        Code::HintWithoutCode,
        text.range.start..text.range.start,
        format!(
            "hints come in pairs of text and a ```js block: the text at line {line} has no code \
             block after it"
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::TestForm;

    #[test]
    fn forms() {
        for f in [
            "async (getUserInput) => {\n}",
            "(getUserInput) => assert(true)",
            "getUserInput => $.get(getUserInput('url'))",
            "async getUserInput => {}",
            "async function (getUserInput) {}",
            "function test(getUserInput) {}",
            // Only a function: run, not just evaluated.
            "async () => {\n  assert.lengthOf(cards, 0);\n};",
            "(() => assert(false))",
        ] {
            assert_eq!(TestForm::of(f), TestForm::Function, "{f}");
        }
        for s in [
            "assert(true);",
            "const res = await fetch(new URL('/_api/server.js', code));",
            "({ test: () => assert(1) })",
            "(async () => { await x })()",
            "getUserInputValue()",
            "() => {};\nassert(true);",
            "async () => {",
        ] {
            assert_eq!(TestForm::of(s), TestForm::Statement, "{s}");
        }
    }
}
