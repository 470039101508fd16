//! Whether the templates allow pages to be spliced (`splice_safe`), decided from their syntax
//! trees: slide HTML and notes printed only verbatim, or tested for emptiness.

use tera::ast::{Expr, ExprVal, FunctionCall, Node};

/// Fields of a slide view that hold HTML spliced in later.
const HOLE_FIELDS: [&str; 2] = ["html", "notes"];

/// Whether every template uses slide HTML and notes only in ways a placeholder reproduces:
/// printed whole with `| safe` as the only filter, or tested for emptiness in an `if`. Anything
/// else (another filter, a function or macro argument, a comparison, `set`, a `filter`
/// section, a key-value loop that could walk a slide, `json_encode`, the whole context, or a
/// function whose result changes from call to call) makes it unsafe.
pub(crate) fn splice_safe(tera: &tera::Tera) -> bool {
    tera.templates.values().all(|t| {
        nodes_safe(&t.ast, false)
            && t.macros
                .values()
                .all(|m| m.args.values().flatten().all(expr_safe) && nodes_safe(&m.body, false))
    })
}

fn nodes_safe(nodes: &[Node], in_filter: bool) -> bool {
    nodes.iter().all(|n| node_safe(n, in_filter))
}

fn node_safe(node: &Node, in_filter: bool) -> bool {
    match node {
        Node::VariableBlock(_, e) => {
            (!in_filter && is_hole(e) && is_only_safe(&e.filters) && !e.negated) || expr_safe(e)
        }
        Node::If(i, _) => {
            i.conditions
                .iter()
                .all(|(_, c, body)| cond_safe(c) && nodes_safe(body, in_filter))
                && i.otherwise
                    .as_ref()
                    .is_none_or(|(_, b)| nodes_safe(b, in_filter))
        }
        Node::Set(_, s) => expr_safe(&s.value),
        Node::FilterSection(_, f, _) => fn_safe(&f.filter) && nodes_safe(&f.body, true),
        Node::Block(_, b, _) => nodes_safe(&b.body, in_filter),
        Node::Forloop(_, f, _) => {
            f.key.is_none()
                && expr_safe(&f.container)
                && nodes_safe(&f.body, in_filter)
                && f.empty_body
                    .as_ref()
                    .is_none_or(|b| nodes_safe(b, in_filter))
        }
        Node::MacroDefinition(_, m, _) => {
            m.args.values().flatten().all(expr_safe) && nodes_safe(&m.body, false)
        }
        Node::Super
        | Node::Text(_)
        | Node::Extends(..)
        | Node::Include(..)
        | Node::ImportMacro(..)
        | Node::Raw(..)
        | Node::Break(_)
        | Node::Continue(_)
        | Node::Comment(..) => true,
    }
}

/// An `if` condition: a bare hole (emptiness test, possibly negated) or any safe expression.
fn cond_safe(e: &Expr) -> bool {
    (is_hole(e) && e.filters.is_empty()) || expr_safe(e)
}

/// `s.html`, `slide.notes`, `s["html"]`: an identifier whose last part is a hole field.
fn is_hole(e: &Expr) -> bool {
    matches!(&e.val, ExprVal::Ident(p) if last_is_hole(p))
}

fn last_is_hole(path: &str) -> bool {
    let last = path
        .rsplit(['.', '['])
        .next()
        .unwrap_or(path)
        .trim_matches(|c| matches!(c, ']' | '"' | '\'' | '`'));
    HOLE_FIELDS.contains(&last)
}

/// An identifier that mentions a hole field anywhere (`s.html.x`, `s["notes"]`).
fn mentions_hole(path: &str) -> bool {
    path.split(['.', '[', ']'])
        .map(|p| p.trim_matches(|c| matches!(c, '"' | '\'' | '`')))
        .any(|p| HOLE_FIELDS.contains(&p))
}

fn is_only_safe(filters: &[FunctionCall]) -> bool {
    matches!(filters, [f] if f.name == "safe" && f.args.is_empty())
}

/// An expression that does not touch a hole at all.
fn expr_safe(e: &Expr) -> bool {
    val_safe(&e.val) && e.filters.iter().all(fn_safe)
}

fn fn_safe(f: &FunctionCall) -> bool {
    !matches!(f.name.as_str(), "json_encode" | "now" | "get_random")
        && f.args.values().all(expr_safe)
}

fn val_safe(v: &ExprVal) -> bool {
    match v {
        ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => true,
        ExprVal::Ident(p) => !mentions_hole(p) && !p.starts_with("__tera_context"),
        ExprVal::Math(m) => expr_safe(&m.lhs) && expr_safe(&m.rhs),
        ExprVal::Logic(l) => expr_safe(&l.lhs) && expr_safe(&l.rhs),
        ExprVal::Test(t) => !mentions_hole(&t.ident) && t.args.iter().all(expr_safe),
        ExprVal::MacroCall(m) => m.args.values().all(expr_safe),
        ExprVal::FunctionCall(f) => fn_safe(f),
        ExprVal::Array(a) => a.iter().all(expr_safe),
        ExprVal::StringConcat(c) => c.values.iter().all(val_safe),
        ExprVal::In(i) => expr_safe(&i.lhs) && expr_safe(&i.rhs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn safe(templates: &[(&str, &str)]) -> bool {
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(templates.to_vec()).unwrap();
        splice_safe(&tera)
    }

    #[test]
    fn verbatim_and_emptiness_tests_are_safe() {
        assert!(safe(&[(
            "a.html",
            "{% for s in slides %}<section id=\"{{ s.id }}\">{{ s.html | safe }}\
             {% if s.notes %}{{ s.notes | safe }}{% elif not s.notes %}-{% endif %}</section>{% endfor %}"
        )]));
        assert!(safe(&[
            (
                "m.html",
                "{% macro one(s) %}{{ s.html | safe }}{% endmacro one %}"
            ),
            (
                "b.html",
                "{% import \"m.html\" as m %}{% for s in slides %}{{ m::one(s=s) }}{% endfor %}"
            ),
        ]));
    }

    #[test]
    fn any_other_use_of_slide_html_is_unsafe() {
        for t in [
            "{{ s.html }}",
            "{{ s.html | length }}",
            "{{ s.html | replace(from='a', to='b') | safe }}",
            "{{ s.notes | striptags | safe }}",
            "{% if s.html is containing('table') %}x{% endif %}",
            "{% if 'table' in s.html %}x{% endif %}",
            "{% if s.html | length > 3 %}x{% endif %}",
            "{% set h = s.html %}{{ h | safe }}",
            "{% filter upper %}{{ s.html | safe }}{% endfilter %}",
            "{{ t(key='x', v=s.html) }}",
            "{{ s[\"html\"] | truncate(length=3) | safe }}",
            "{% for k, v in s %}{{ v | safe }}{% endfor %}",
            "{{ slides | json_encode }}",
            "{{ __tera_context }}",
            "{{ now() }}",
        ] {
            assert!(!safe(&[("a.html", t)]), "{t}");
        }
    }
}
