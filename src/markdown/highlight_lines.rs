//! Highlighting line by line with a memo of one build: a line's HTML depends only on the line
//! and on the parser's and the scope stack's state where it starts, so a line already seen in
//! that state (code blocks on a deck's slides often share most lines: the same manifest with
//! another name or count) is copied instead of parsed. The bytes are those of syntect's
//! `ClassedHTMLGenerator`, whose steps this follows (the tests compare them). The parser's state
//! holds Oniguruma regions, which may not cross threads: each thread keeps its own memo, for
//! one build at a time.

use super::{syntaxes, CLASS_STYLE};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use syntect::html::line_tokens_to_classed_spans;
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference};
use syntect::util::LinesWithEndings;

/// States remembered per syntax: finding a state is a scan, so their number is bounded (a
/// long block of nested constructs past it is highlighted without the memo).
const MAX_STATES: usize = 512;

thread_local! {
    /// This thread's memo: the build it belongs to, and the states of each syntax by name.
    static MEMO: RefCell<(u64, FxHashMap<String, States>)> = RefCell::default();
}

/// The line memo of one build (each thread's memo of another build is dropped on first use).
#[derive(Debug)]
pub(super) struct Lines {
    build: u64,
}

impl Default for Lines {
    fn default() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Lines {
            build: NEXT.fetch_add(1, Ordering::Relaxed),
        }
    }
}

impl Lines {
    /// `code` highlighted with `syntax`, or `None` where syntect fails on a line.
    pub(super) fn highlight(&self, code: &str, syntax: &SyntaxReference) -> Option<String> {
        MEMO.with_borrow_mut(|(build, all)| {
            if *build != self.build {
                all.clear();
                *build = self.build;
            }
            if !all.contains_key(&syntax.name) {
                all.insert(syntax.name.clone(), States::default());
            }
            all.get_mut(&syntax.name)?.highlight(code, syntax)
        })
    }
}

/// The states lines of one syntax started in, each with the lines seen from it.
#[derive(Default)]
struct States {
    states: Vec<State>,
}

struct State {
    parse: ParseState,
    scopes: ScopeStack,
    lines: FxHashMap<Box<str>, Step>,
}

/// What one line did from one state: its HTML, the spans it left open (or closed, when
/// negative), and the state the next line starts in.
struct Step {
    html: Box<str>,
    delta: isize,
    next: usize,
}

impl States {
    fn highlight(&mut self, code: &str, syntax: &SyntaxReference) -> Option<String> {
        let set = syntaxes();
        let mut html = String::with_capacity(code.len() * 4);
        let mut open = 0isize;
        // The id of the state the line starts in (none past MAX_STATES), and that state
        // itself while the line before was parsed here.
        let mut at = self.find_or_add(&ParseState::new(syntax), &ScopeStack::new());
        let mut live: Option<(ParseState, ScopeStack)> = None;
        for line in LinesWithEndings::from(code) {
            if let Some(step) = at.and_then(|id| self.states[id].lines.get(line)) {
                html.push_str(&step.html);
                open += step.delta;
                at = Some(step.next);
                live = None;
                continue;
            }
            let (mut parse, mut scopes) = match (live.take(), at) {
                (Some(s), _) => s,
                (None, Some(id)) => (
                    self.states[id].parse.clone(),
                    self.states[id].scopes.clone(),
                ),
                (None, None) => (ParseState::new(syntax), ScopeStack::new()),
            };
            let ops = parse.parse_line(line, set).ok()?;
            let (h, delta) =
                line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut scopes).ok()?;
            html.push_str(&h);
            open += delta;
            let next = at.and_then(|_| self.find_or_add(&parse, &scopes));
            if let (Some(id), Some(next)) = (at, next) {
                let step = Step {
                    html: h.into(),
                    delta,
                    next,
                };
                self.states[id].lines.insert(line.into(), step);
            }
            at = next;
            live = Some((parse, scopes));
        }
        for _ in 0..open {
            html.push_str("</span>");
        }
        Some(html)
    }

    /// The id of the state (`parse`, `scopes`), added when new and there is room.
    fn find_or_add(&mut self, parse: &ParseState, scopes: &ScopeStack) -> Option<usize> {
        if let Some(i) = self
            .states
            .iter()
            .position(|s| s.parse == *parse && s.scopes == *scopes)
        {
            return Some(i);
        }
        if self.states.len() >= MAX_STATES {
            return None;
        }
        self.states.push(State {
            parse: parse.clone(),
            scopes: scopes.clone(),
            lines: FxHashMap::default(),
        });
        Some(self.states.len() - 1)
    }
}
