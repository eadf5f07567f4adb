//! Highlighting line by line, each (parser state, line) pair once per build.
//!
//! A workshop repeats its seed step after step with a few lines changed, and the two locales share
//! every seed, so most lines of a build's code were already highlighted somewhere. A line's
//! markup depends only on the line and on syntect's state at its start (the parse stack and the
//! scope stack), and the state after it only on the same two. States are interned (hashed, then
//! compared in full), so a block that changes line 40 of a seed highlights line 40 and, once the
//! state after it equals one seen before (usually at once), takes every later line from memory.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;
use twox_hash::XxHash3_64;

use super::super::html::push_escaped;
use super::palette::PALETTE;

const SHARDS: usize = 64;

/// An interned parser state: its hash, and which of the states with that hash it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct StateId {
    hash: u64,
    index: u32,
}

#[derive(Clone, PartialEq, Eq)]
struct State {
    parse: ParseState,
    scopes: ScopeStack,
}

/// A state kept in the memo, which the build's threads share.
struct Shared(State);

// SAFETY: the one field of a `State` that is not `Send`/`Sync` is a level's regex captures
// (`Option<(onig::Region, String)>`: a pointer to C memory), kept only by syntaxes with
// back-references between lines (heredocs). `Lines::intern` never shares a state that has them
// (`hash_state` gives `None`), so a `Shared` holds plain Rust data only.
unsafe impl Send for Shared {}
unsafe impl Sync for Shared {}

/// One highlighted line: its markup (no newline) and the state after it.
struct Line {
    html: Box<str>,
    next: StateId,
}

/// Highlighted lines by (state at the line's start, hash of the line).
type LineMap = HashMap<(StateId, u64), Arc<Line>>;

/// Per scope stack, something derived from it once per thread.
type PerStack<T> = RefCell<HashMap<Box<[Scope]>, T>>;

/// The memo of one build, shared by its threads.
pub(super) struct Lines {
    states: Vec<Mutex<HashMap<u64, Vec<Arc<Shared>>>>>,
    lines: Vec<Mutex<LineMap>>,
    /// Lines parsed (not taken from the memo), for the tests and the build's figures.
    parsed: AtomicUsize,
}

impl Default for Lines {
    fn default() -> Self {
        Lines {
            states: (0..SHARDS).map(|_| Mutex::default()).collect(),
            lines: (0..SHARDS).map(|_| Mutex::default()).collect(),
            parsed: AtomicUsize::new(0),
        }
    }
}

/// A poisoned shard only means another thread panicked mid-insert; the map itself is whole.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Lines {
    /// `code` as `syntax`, one line of markup per line of code; `None` if syntect fails.
    pub(super) fn highlight(
        &self,
        syntaxes: &SyntaxSet,
        syntax: &SyntaxReference,
        code: &str,
    ) -> Option<String> {
        let start = State {
            parse: ParseState::new(syntax),
            scopes: ScopeStack::new(),
        };
        // The interned state at the current line's start (`None`: one that cannot be shared,
        // so this line and the ones after it are parsed here), and the state itself when it is
        // at hand (after a line parsed here).
        let mut id = self.intern(&start);
        let mut state = Some(start);
        let mut out = String::with_capacity(code.len() * 2);
        for line in LinesWithEndings::from(code) {
            let key = id.map(|id| (id, hash_str(line)));
            let shard = key.map(|key| &self.lines[(key.0.hash ^ key.1) as usize % SHARDS]);
            let known = key
                .zip(shard)
                .and_then(|(key, shard)| lock(shard).get(&key).cloned());
            if let Some(done) = known {
                out.push_str(&done.html);
                state = None;
                id = Some(done.next);
            } else {
                let mut current = match (state.take(), id) {
                    (Some(s), _) => s,
                    (None, Some(id)) => self.state(id)?,
                    (None, None) => return None,
                };
                let html = render_line(&mut current, line, syntaxes)?;
                self.parsed.fetch_add(1, Ordering::Relaxed);
                out.push_str(&html);
                let next = self.intern(&current);
                if let (Some(key), Some(shard), Some(next)) = (key, shard, next) {
                    let done = Arc::new(Line {
                        html: html.into_boxed_str(),
                        next,
                    });
                    lock(shard).insert(key, done);
                }
                state = Some(current);
                id = next;
            }
            if line.ends_with('\n') {
                out.push('\n');
            }
        }
        Some(out)
    }

    /// How many lines were parsed so far (the others came from the memo).
    pub(super) fn parsed(&self) -> usize {
        self.parsed.load(Ordering::Relaxed)
    }

    /// The id of `state` in the memo, adding it if new; `None` for a state that cannot be
    /// shared between threads (see [`Shared`]).
    fn intern(&self, state: &State) -> Option<StateId> {
        let hash = hash_state(state)?;
        let mut shard = lock(&self.states[hash as usize % SHARDS]);
        let same = shard.entry(hash).or_default();
        let index = match same.iter().position(|s| s.0 == *state) {
            Some(i) => i,
            None => {
                same.push(Arc::new(Shared(state.clone())));
                same.len() - 1
            }
        };
        Some(StateId {
            hash,
            index: u32::try_from(index).ok()?,
        })
    }

    fn state(&self, id: StateId) -> Option<State> {
        let shard = lock(&self.states[id.hash as usize % SHARDS]);
        let state = shard.get(&id.hash)?.get(id.index as usize)?;
        Some(state.0.clone())
    }
}

fn hash_str(s: &str) -> u64 {
    XxHash3_64::oneshot(s.as_bytes())
}

/// ParseState has no `Hash`; its `Debug` text names every field (context ids, captures), and
/// equal states print the same. The scope stack hashes its scopes (its `Debug` would name each
/// scope through syntect's global lock). States are compared in full on interning, so a hash
/// that misses a detail only costs a comparison. `None` for a state holding regex captures.
fn hash_state(state: &State) -> Option<u64> {
    thread_local! {
        static TEXT: RefCell<String> = RefCell::default();
    }
    TEXT.with_borrow_mut(|text| {
        text.clear();
        let _ = write!(text, "{:?}", state.parse);
        if text.contains("captures: Some") {
            return None;
        }
        let mut h = XxHash3_64::default();
        h.write(text.as_bytes());
        state.scopes.as_slice().hash(&mut h);
        Some(h.finish())
    })
}

thread_local! {
    /// Class attribute per scope stack: resolving a stack against two themes is the costly
    /// part of a token, and code uses few distinct stacks. `None`: plain text.
    static CLASSES: PerStack<Option<Box<str>>> = RefCell::default();
    /// Whether whitespace under a stack may join the run before it.
    static INVISIBLE: PerStack<bool> = RefCell::default();
}

fn class_of(stack: &[Scope]) -> Option<Box<str>> {
    CLASSES.with_borrow_mut(|classes| {
        if let Some(c) = classes.get(stack) {
            return c.clone();
        }
        let class = PALETTE.class(stack);
        let class = (!class.is_empty()).then(|| class.into_boxed_str());
        classes.insert(stack.into(), class.clone());
        class
    })
}

fn whitespace_joins(stack: &[Scope]) -> bool {
    INVISIBLE.with_borrow_mut(|m| {
        if let Some(v) = m.get(stack) {
            return *v;
        }
        let v = PALETTE.invisible_on_whitespace(stack);
        m.insert(stack.into(), v);
        v
    })
}

/// Flat runs of same-coloured text: `<span class="…">` only where the class changes, none for
/// text in the page's own colour.
#[derive(Default)]
struct Runs {
    out: String,
    open: Option<Box<str>>,
}

impl Runs {
    fn push(&mut self, text: &str, stack: &[Scope]) {
        if text.is_empty() {
            return;
        }
        if text.bytes().all(|b| b == b' ' || b == b'\t') && whitespace_joins(stack) {
            push_escaped(&mut self.out, text);
            return;
        }
        let class = class_of(stack);
        if class != self.open {
            if self.open.is_some() {
                self.out.push_str("</span>");
            }
            if let Some(c) = &class {
                self.out.push_str("<span class=\"");
                self.out.push_str(c);
                self.out.push_str("\">");
            }
            self.open = class;
        }
        push_escaped(&mut self.out, text);
    }

    fn finish(mut self) -> String {
        if self.open.is_some() {
            self.out.push_str("</span>");
        }
        self.out
    }
}

/// Parses one line (with its newline, as syntect wants it) and gives its markup without the
/// newline; every span it opens is closed on the line, so a page can wrap any run of lines.
fn render_line(state: &mut State, line: &str, syntaxes: &SyntaxSet) -> Option<String> {
    let ops = state.parse.parse_line(line, syntaxes).ok()?;
    let text = line.strip_suffix('\n').unwrap_or(line);
    let mut runs = Runs::default();
    let mut at = 0;
    for (i, op) in &ops {
        let i = (*i).min(text.len());
        if i > at {
            runs.push(&text[at..i], state.scopes.as_slice());
            at = i;
        }
        state.scopes.apply(op).ok()?;
    }
    runs.push(&text[at..], state.scopes.as_slice());
    Some(runs.finish())
}

#[cfg(test)]
mod tests {
    use super::super::{SYNTAXES, syntax_for};
    use super::*;

    fn seed(changed: &str) -> String {
        let mut code = String::from("// A workshop step\nconst items = [];\n");
        for i in 0..40 {
            code.push_str(&format!(
                "function f{i}(a) {{\n  return `${{a}} ${i}`;\n}}\n"
            ));
        }
        code.push_str(changed);
        code.push('\n');
        for i in 40..60 {
            code.push_str(&format!("const v{i} = f{}({i}); // block {i}\n", i - 40));
        }
        code
    }

    #[test]
    fn a_changed_line_is_the_only_one_parsed_again() {
        let js = syntax_for("js").unwrap();
        let lines = Lines::default();
        let first = lines
            .highlight(&SYNTAXES, js, &seed("let total = 0;"))
            .unwrap();
        let parsed = lines.parsed();
        // Lines repeat within one block too (`}` after each function).
        assert!(parsed < seed("").lines().count(), "{parsed}");
        let second = lines
            .highlight(&SYNTAXES, js, &seed("let total = items.length;"))
            .unwrap();
        assert_eq!(
            lines.parsed() - parsed,
            1,
            "only the changed line is parsed"
        );
        // The same markup as a build that never saw the first block.
        let fresh = Lines::default()
            .highlight(&SYNTAXES, js, &seed("let total = items.length;"))
            .unwrap();
        assert_eq!(second, fresh);
        assert_ne!(first, second);
    }

    #[test]
    fn a_change_that_opens_a_comment_recolours_the_lines_after_it() {
        let js = syntax_for("js").unwrap();
        let lines = Lines::default();
        let plain = lines.highlight(&SYNTAXES, js, &seed("let a = 1;")).unwrap();
        let opened = lines.highlight(&SYNTAXES, js, &seed("/* open")).unwrap();
        let fresh = Lines::default()
            .highlight(&SYNTAXES, js, &seed("/* open"))
            .unwrap();
        assert_eq!(opened, fresh);
        // Everything after the unclosed comment is comment: the tail differs from the plain one.
        let tail = |html: &str| html.lines().last().unwrap_or_default().to_string();
        assert_ne!(tail(&plain), tail(&opened));
    }

    #[test]
    fn lines_keep_their_text_and_close_their_spans() {
        let code = "/* a\n comment */\nconst s = `x\n${y}` < 2 && \"q\";\n";
        let html = Lines::default()
            .highlight(&SYNTAXES, syntax_for("js").unwrap(), code)
            .unwrap();
        assert_eq!(html.lines().count(), code.lines().count());
        for line in html.lines() {
            assert_eq!(
                line.matches("<span").count(),
                line.matches("</span>").count()
            );
        }
        let text = html
            .split('<')
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part
                } else {
                    part.split_once('>').map_or("", |p| p.1)
                }
            })
            .collect::<String>()
            .replace("&lt;", "<")
            .replace("&amp;", "&")
            .replace("&quot;", "\"");
        assert_eq!(text, code);
    }
}
