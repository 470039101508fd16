//! Fluent checks: keys the templates use exist in every language, every key defined in one
//! language exists in all of them (a key only `en` has fails `check`, naming it), and keys
//! nothing uses are reported as
//! warnings. Syntax errors come from `Strings::parse` (the build's own loader).

use super::usage::{data_keys, is_used, template_uses, Use};
use crate::diag::Diagnostic;
use crate::pipeline::project::Project;
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Where a key is defined in one language.
struct Def<'a> {
    file: &'a Path,
    line: usize,
    text: &'a str,
}

type Defs<'a> = BTreeMap<String, BTreeMap<String, Def<'a>>>;

/// Run the Fluent checks over `project`.
pub(crate) fn check(project: &Project) -> Vec<Diagnostic> {
    let (defs, mut used) = definitions(project);
    let uses = template_uses(project);
    used.extend(uses.keys().cloned());
    used.extend(data_keys(&project.data));
    let langs: Vec<&str> = project.langs.iter().map(|l| l.lang.as_str()).collect();
    let preferred = project
        .config
        .source_language
        .as_deref()
        .or(langs.first().copied())
        .unwrap_or_default();
    let mut out = Vec::new();
    for (key, by_lang) in &defs {
        let (lang, def) = by_lang
            .get_key_value(preferred)
            .unwrap_or_else(|| by_lang.iter().next().expect("defined somewhere"));
        for missing in langs.iter().filter(|l| !by_lang.contains_key(**l)) {
            let used_at = uses.get(key).and_then(|u| u.first());
            out.push(missing_in(project, key, (lang, def), missing, used_at));
        }
        if !is_used(key, &used) {
            out.push(unused(key, def, by_lang));
        }
    }
    for (key, u) in &uses {
        if !defs.contains_key(key) {
            out.push(undefined(key, &u[0]));
        }
    }
    out
}

/// Key -> language -> where it is defined; and every message referenced from another.
fn definitions(project: &Project) -> (Defs<'_>, BTreeSet<String>) {
    let mut defs: Defs = BTreeMap::new();
    let mut refs = BTreeSet::new();
    for l in &project.langs {
        for (path, text) in &l.ftl {
            for e in messages(text) {
                refs.extend(e.refs);
                let Some(key) = e.key else { continue };
                let def = Def {
                    file: path,
                    line: e.line,
                    text,
                };
                defs.entry(key)
                    .or_default()
                    .entry(l.lang.clone())
                    .or_insert(def);
            }
        }
    }
    (defs, refs)
}

fn undefined(key: &str, u: &Use) -> Diagnostic {
    at(
        Diagnostic::error(format!(
            "template uses Fluent key `{key}`, which no language defines"
        )),
        &u.file,
        u.line,
        u.col,
        &u.text,
    )
    .hint(format!(
        "add `{key} = …` to content/<lang>/strings.ftl of every language"
    ))
}

fn at(d: Diagnostic, file: &Path, line: usize, col: usize, text: &str) -> Diagnostic {
    d.in_file(file).at(line, col).with_source(text)
}

fn missing_in(
    project: &Project,
    key: &str,
    (lang, def): (&String, &Def),
    missing: &str,
    used_at: Option<&Use>,
) -> Diagnostic {
    let name = def.file.file_name().unwrap_or_default();
    let target = project
        .lang(missing)
        .and_then(|l| l.ftl.iter().find(|(p, _)| p.file_name() == Some(name)))
        .map(|(p, _)| p.clone())
        .unwrap_or_else(|| Path::new("content").join(missing).join(name));
    let mut d = at(
        Diagnostic::error(format!(
            "Fluent key `{key}` is defined in `{lang}` but missing in `{missing}`"
        )),
        def.file,
        def.line,
        1,
        def.text,
    )
    .hint(format!("add `{key} = …` to {}", target.display()));
    if let Some(u) = used_at {
        d = d.hint(format!(
            "used by {}:{}, so the `{missing}` pages cannot be built",
            u.file.display(),
            u.line
        ));
    }
    d
}

fn unused(key: &str, def: &Def, by_lang: &BTreeMap<String, Def>) -> Diagnostic {
    let also: Vec<String> = by_lang
        .values()
        .filter(|d| d.file != def.file)
        .map(|d| format!("{}:{}", d.file.display(), d.line))
        .collect();
    let mut d = at(
        Diagnostic::warning(format!(
            "Fluent key `{key}` is not used by any template, data file or table"
        )),
        def.file,
        def.line,
        1,
        def.text,
    )
    .hint("remove it from every language, or use it with `t(key=\"…\")`");
    if !also.is_empty() {
        d = d.hint(format!("also defined at {}", also.join(", ")));
    }
    d
}

/// One entry of a Fluent file: a message id (`None` for a term) with the line it is defined
/// on, and the messages its patterns reference (terms' references count as uses too).
struct Entryish {
    key: Option<String>,
    line: usize,
    refs: Vec<String>,
}

/// The entries of a Fluent file. Tolerates syntax errors (the build's loader reports them).
fn messages(text: &str) -> Vec<Entryish> {
    if crate::i18n::too_deep(text).is_some() {
        return Vec::new();
    }
    let res = fluent_syntax::parser::parse(text).unwrap_or_else(|(res, _)| res);
    let mut out = Vec::new();
    for entry in &res.body {
        let (key, value, attrs) = match entry {
            Entry::Message(m) => (Some(m.id.name), m.value.as_ref(), &m.attributes),
            Entry::Term(t) => (None, Some(&t.value), &t.attributes),
            _ => continue,
        };
        let mut refs = Vec::new();
        for p in value.into_iter().chain(attrs.iter().map(|a| &a.value)) {
            pattern_refs(p, &mut refs);
        }
        out.push(Entryish {
            key: key.map(str::to_string),
            line: key.map_or(0, |k| definition_line(text, k)),
            refs,
        });
    }
    out
}

fn pattern_refs(p: &Pattern<&str>, refs: &mut Vec<String>) {
    for el in &p.elements {
        if let PatternElement::Placeable { expression } = el {
            expression_refs(expression, refs);
        }
    }
}

fn expression_refs(e: &Expression<&str>, refs: &mut Vec<String>) {
    match e {
        Expression::Select { selector, variants } => {
            inline_refs(selector, refs);
            for v in variants {
                pattern_refs(&v.value, refs);
            }
        }
        Expression::Inline(i) => inline_refs(i, refs),
    }
}

fn inline_refs(i: &InlineExpression<&str>, refs: &mut Vec<String>) {
    match i {
        InlineExpression::MessageReference { id, .. } => refs.push(id.name.to_string()),
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in arguments
                .positional
                .iter()
                .chain(arguments.named.iter().map(|n| &n.value))
            {
                inline_refs(a, refs);
            }
        }
        InlineExpression::Placeable { expression } => expression_refs(expression, refs),
        _ => {}
    }
}

/// 1-based line of `key = ...` at the start of a line (first match).
fn definition_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_references_count_as_uses() {
        let ftl = "a = { b } and { -t }\n-t = { c }\nb = x\n    .attr = { d.attr }\nc = { $n ->\n   *[other] { e }\n}\n";
        let m = messages(ftl);
        let keys: Vec<Option<&str>> = m.iter().map(|e| e.key.as_deref()).collect();
        assert_eq!(keys, vec![Some("a"), None, Some("b"), Some("c")]);
        let refs: Vec<String> = m.into_iter().flat_map(|e| e.refs).collect();
        assert_eq!(refs, vec!["b", "c", "d", "e"]);
        assert_eq!(definition_line(ftl, "b"), 3);
    }
}
