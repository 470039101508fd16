//! Pages as skeletons with holes. When the templates print slide HTML and notes only verbatim
//! (`{{ s.html | safe }}`), a page is rendered with a placeholder in place of each slide's HTML,
//! and the slides are spliced into that skeleton afterwards. The skeleton depends only on the
//! deck's structure (ids, titles, order, strings), so serve reuses it across edits to slide
//! bodies; the link check scans each skeleton and each slide once instead of every page whole.
//!
//! Whether the templates allow this is decided from their syntax trees (`splice_safe`); when
//! in doubt, pages are rendered whole, as before.

use super::{Part, SlideHtml};
use crate::site::links::Scan;
use crate::site::Deferred;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{self, Write};
use std::ops::Range;
use std::sync::{Arc, LazyLock, OnceLock};
use tera::ast::{Expr, ExprVal, FunctionCall, Node};

/// Skeletons by key (template, templates, strings and the page's view with placeholders).
pub type PageCache = HashMap<[u8; 32], Arc<Skeleton>>;

/// Opens a placeholder: a noncharacter, which never appears in interchanged text, plus a
/// per-process random nonce, so no author text can forge one.
const OPEN: char = '\u{FDD0}';
const CLOSE: char = '\u{FDD1}';

static NONCE: LazyLock<String> = LazyLock::new(|| {
    let mut b = [0u8; 8];
    // Without randomness the fixed nonce still needs a noncharacter in the author's text.
    let _ = getrandom::fill(&mut b);
    b.iter().map(|b| format!("{b:02x}")).collect()
});

/// The placeholder of hole `i`.
pub fn placeholder(i: usize) -> String {
    format!("{OPEN}{}-{i}{CLOSE}", *NONCE)
}

/// A rendered page with holes.
#[derive(Debug)]
pub struct Skeleton {
    /// Its key in the `PageCache`.
    pub key: [u8; 32],
    text: String,
    /// Byte range of each placeholder in `text` and the hole it stands for, in order.
    holes: Vec<(Range<usize>, usize)>,
    scan: OnceLock<Scan>,
}

impl Skeleton {
    /// Find the placeholders of `text`; `None` when one names a hole beyond `holes` (the
    /// template did something unexpected, so the page is rendered whole instead).
    pub fn new(text: String, holes: usize, key: [u8; 32]) -> Option<Skeleton> {
        let open = format!("{OPEN}{}-", *NONCE);
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(rel) = text[from..].find(&open) {
            let start = from + rel;
            let digits = start + open.len();
            let len = text[digits..].find(CLOSE)?;
            let i: usize = text[digits..digits + len].parse().ok()?;
            if i >= holes {
                return None;
            }
            let end = digits + len + CLOSE.len_utf8();
            found.push((start..end, i));
            from = end;
        }
        Some(Skeleton {
            key,
            text,
            holes: found,
            scan: OnceLock::new(),
        })
    }

    /// The page: the skeleton with each placeholder replaced by `fill[i]`.
    pub fn splice(&self, fill: &[&str]) -> String {
        let mut out = Vec::with_capacity(self.len(|i| fill[i].len()));
        // Writing to a Vec cannot fail.
        let _ = self.write_with(&mut out, |i, out| out.write_all(fill[i].as_bytes()));
        String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into())
    }

    /// Write the page to `out`, each placeholder replaced by what `fill(hole, out)` writes.
    pub fn write_with(
        &self,
        out: &mut dyn Write,
        mut fill: impl FnMut(usize, &mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut at = 0;
        for (range, i) in &self.holes {
            out.write_all(&self.text.as_bytes()[at..range.start])?;
            fill(*i, out)?;
            at = range.end;
        }
        out.write_all(&self.text.as_bytes()[at..])
    }

    /// Bytes in the page when hole `i` is filled with `fill_len(i)` bytes.
    pub fn len(&self, fill_len: impl Fn(usize) -> usize) -> usize {
        let holes: usize = self.holes.iter().map(|(_, i)| fill_len(*i)).sum();
        let placeholders: usize = self.holes.iter().map(|(r, _)| r.len()).sum();
        self.text.len() - placeholders + holes
    }

    /// The links and ids of the skeleton itself (made once), for a page in language `lang`.
    pub fn scan(&self, lang: &str) -> &Scan {
        self.scan.get_or_init(|| Scan::html(&self.text, lang))
    }
}

/// A page as its skeleton and what fills each hole, made when it is written (`Deferred`): the
/// slides are shared with every other page that shows them, so the page costs no copy of them.
#[derive(Debug)]
pub struct Spliced {
    pub skeleton: Arc<Skeleton>,
    /// What fills hole `i`: a part of a slide.
    pub fills: Vec<(Arc<SlideHtml>, Part)>,
}

impl Deferred for Spliced {
    fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        self.skeleton.write_with(out, |i, out| {
            let (slide, part) = &self.fills[i];
            slide.write(*part, out)
        })
    }

    fn len(&self) -> usize {
        self.skeleton.len(|i| {
            let (slide, part) = &self.fills[i];
            slide.len(*part)
        })
    }
}

/// The cache key of a skeleton.
pub fn key(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finalize().into()
}

/// Fields of a slide view that hold HTML spliced in later.
const HOLE_FIELDS: [&str; 2] = ["html", "notes"];

/// Whether every template uses slide HTML and notes only in ways a placeholder reproduces:
/// printed whole with `| safe` as the only filter, or tested for emptiness in an `if`. Anything
/// else (another filter, a function or macro argument, a comparison, `set`, a `filter`
/// section, a key-value loop that could walk a slide, `json_encode`, the whole context, or a
/// function whose result changes from call to call) makes it unsafe.
pub fn splice_safe(tera: &tera::Tera) -> bool {
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

    #[test]
    fn splices_every_placeholder() {
        let text = format!(
            "<a>{}</a><b>{}{}</b>",
            placeholder(1),
            placeholder(0),
            placeholder(1)
        );
        let s = Skeleton::new(text, 2, [0; 32]).unwrap();
        assert_eq!(
            s.splice(&["X", "<p>y</p>"]),
            "<a><p>y</p></a><b>X<p>y</p></b>"
        );
        assert!(Skeleton::new(placeholder(2), 2, [0; 32]).is_none());
        let plain = Skeleton::new("no holes \u{FDD0} here".into(), 0, [0; 32]).unwrap();
        assert_eq!(plain.splice(&[]), "no holes \u{FDD0} here");
    }
}
