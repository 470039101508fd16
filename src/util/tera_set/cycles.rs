//! Recursion in templates, found before anything renders: Tera has no depth limit, so a
//! template that includes itself (directly or through others) or a macro that calls itself
//! would overflow the stack and abort the process (killing a running `serve`). Both are
//! refused as located errors instead; so are templates nested deeper than the parser can take.

use super::TemplateTexts;
use crate::diag::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use tera::ast::{Expr, ExprVal, Node};

/// Deepest bracket or block nesting a template may have (the parser recurses per level).
const MAX_NESTING: usize = 64;

/// A template (`macro_name` empty) or a macro of that template file.
type Vertex = (String, String);

/// Refuse templates nested past [`MAX_NESTING`], before Tera's recursive parser sees them.
pub(crate) fn check_nesting(all: &TemplateTexts) -> Vec<Diagnostic> {
    let mut errs = Vec::new();
    for (name, (text, path)) in all {
        let (mut depth, mut tags) = (0usize, 0usize);
        for (i, c) in text.char_indices() {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            let rest = &text[i..];
            if let Some(tag) = rest.strip_prefix("{%") {
                let word = tag.trim_start_matches(['-', ' ']);
                let opens = ["if ", "for ", "block ", "macro ", "filter "];
                if opens.iter().any(|o| word.starts_with(o)) {
                    tags += 1;
                } else if word.starts_with("end") {
                    tags = tags.saturating_sub(1);
                }
            }
            if depth > MAX_NESTING * 2 || tags > MAX_NESTING {
                let msg = format!("template `{name}` nests deeper than {MAX_NESTING} levels here");
                errs.push(
                    located(name, path, text, i, msg)
                        .hint("flatten it, or split it into included templates"),
                );
                break;
            }
        }
    }
    errs
}

/// Refuse include cycles and recursive macros among the parsed `tera` templates.
pub(crate) fn check_cycles(tera: &tera::Tera, all: &TemplateTexts) -> Vec<Diagnostic> {
    let mut edges: BTreeMap<Vertex, BTreeSet<Vertex>> = BTreeMap::new();
    for (name, t) in &tera.templates {
        let mut out = BTreeSet::new();
        if let Some(p) = &t.parent {
            out.insert((p.clone(), String::new()));
        }
        calls_in_nodes(&t.ast, t, &mut out);
        edges.insert((name.clone(), String::new()), out);
        for (m, def) in &t.macros {
            let mut out = BTreeSet::new();
            calls_in_nodes(&def.body, t, &mut out);
            edges.insert((name.clone(), m.clone()), out);
        }
    }
    let mut errs = Vec::new();
    let mut reported = BTreeSet::new();
    for start in edges.keys() {
        if let Some(cycle) = find_cycle(start, &edges) {
            let key: BTreeSet<Vertex> = cycle.iter().cloned().collect();
            if reported.insert(key.into_iter().collect::<Vec<_>>()) {
                errs.push(cycle_error(&cycle, all));
            }
        }
    }
    errs
}

/// A path from `start` back to itself, if there is one (iterative DFS: no recursion here).
fn find_cycle(start: &Vertex, edges: &BTreeMap<Vertex, BTreeSet<Vertex>>) -> Option<Vec<Vertex>> {
    let mut stack: Vec<(Vertex, Vec<Vertex>)> = vec![(start.clone(), vec![start.clone()])];
    let mut seen = BTreeSet::new();
    while let Some((v, path)) = stack.pop() {
        for next in edges.get(&v).into_iter().flatten() {
            if next == start {
                return Some(path);
            }
            if seen.insert(next.clone()) {
                let mut p = path.clone();
                p.push(next.clone());
                stack.push((next.clone(), p));
            }
        }
    }
    None
}

fn cycle_error(cycle: &[Vertex], all: &TemplateTexts) -> Diagnostic {
    let show = |(t, m): &Vertex| match m.is_empty() {
        true => format!("`{t}`"),
        false => format!("macro `{m}` of `{t}`"),
    };
    let mut names: Vec<String> = cycle.iter().map(show).collect();
    names.push(show(&cycle[0]));
    let (first, macro_name) = &cycle[0];
    let next = cycle.get(1).unwrap_or(&cycle[0]);
    let (text, path) = all
        .get(first)
        .map(|(t, p)| (t.as_str(), p))
        .unwrap_or(("", &None));
    // Point at the call that starts the loop: the include, extends or macro call by name.
    let (needle, skip) = match next.1.is_empty() {
        true => (format!("\"{}\"", next.0), 0),
        false => (format!("::{}(", next.1), 2),
    };
    let from = match macro_name.is_empty() {
        true => 0,
        false => text.find(&format!("macro {macro_name}")).unwrap_or(0),
    };
    let at = text[from..].find(&needle).map_or(from, |i| from + i + skip);
    let msg = format!(
        "templates recurse without end: {} (Tera has no depth limit; this would crash the build)",
        names.join(" -> ")
    );
    located(first, path, text, at, msg).hint(
        "break the loop: a template must not include itself, and macros must not call themselves",
    )
}

fn located(
    name: &str,
    path: &Option<std::path::PathBuf>,
    text: &str,
    at: usize,
    msg: String,
) -> Diagnostic {
    let file = path
        .clone()
        .unwrap_or_else(|| Path::new("(built-in templates)").join(name));
    Diagnostic::error(msg).in_file(file).at_offset(text, at)
}

/// Every include and macro call in `nodes` (macro definitions are vertices of their own).
fn calls_in_nodes(nodes: &[Node], t: &tera::Template, out: &mut BTreeSet<Vertex>) {
    let mut work: Vec<&Node> = nodes.iter().collect();
    while let Some(n) = work.pop() {
        let mut exprs: Vec<&Expr> = Vec::new();
        match n {
            Node::Include(_, names, _) => {
                out.extend(names.iter().map(|n| (n.clone(), String::new())));
            }
            Node::VariableBlock(_, e) => exprs.push(e),
            Node::Set(_, s) => exprs.push(&s.value),
            Node::FilterSection(_, f, _) => {
                exprs.extend(f.filter.args.values());
                work.extend(&f.body);
            }
            Node::Block(_, b, _) => work.extend(&b.body),
            Node::Forloop(_, f, _) => {
                exprs.push(&f.container);
                work.extend(&f.body);
                work.extend(f.empty_body.iter().flatten());
            }
            Node::If(i, _) => {
                for (_, e, body) in &i.conditions {
                    exprs.push(e);
                    work.extend(body);
                }
                work.extend(i.otherwise.iter().flat_map(|(_, b)| b));
            }
            _ => {}
        }
        for e in exprs {
            calls_in_expr(e, t, out);
        }
    }
}

fn calls_in_expr(e: &Expr, t: &tera::Template, out: &mut BTreeSet<Vertex>) {
    let mut work: Vec<&Expr> = vec![e];
    while let Some(e) = work.pop() {
        work.extend(e.filters.iter().flat_map(|f| f.args.values()));
        let mut vals: Vec<&ExprVal> = vec![&e.val];
        while let Some(v) = vals.pop() {
            match v {
                ExprVal::MacroCall(m) => {
                    let file = match m.namespace.as_str() {
                        "self" => Some(t.name.clone()),
                        ns => t
                            .imported_macro_files
                            .iter()
                            .find(|(_, n)| n == ns)
                            .map(|(f, _)| f.clone()),
                    };
                    out.extend(file.map(|f| (f, m.name.clone())));
                    work.extend(m.args.values());
                }
                ExprVal::Math(m) => work.extend([&*m.lhs, &*m.rhs]),
                ExprVal::Logic(l) => work.extend([&*l.lhs, &*l.rhs]),
                ExprVal::In(i) => work.extend([&*i.lhs, &*i.rhs]),
                ExprVal::Test(x) => work.extend(&x.args),
                ExprVal::FunctionCall(f) => work.extend(f.args.values()),
                ExprVal::Array(a) => work.extend(a),
                ExprVal::StringConcat(s) => vals.extend(&s.values),
                _ => {}
            }
        }
    }
}
