//! Where Fluent keys are used: `t(key="...")` calls in the templates in effect, strings of the
//! data files (captions, labels and names of the computed tables), and the keys the Rust code
//! looks up by name.

use crate::pipeline::project::{Project, TextFile};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Keys the Rust code looks up by name: `render/pages.rs` (language names and view labels),
/// `i18n.rs` (number, money and date formats) and `markdown/directive/` (computed tables and
/// charts).
/// Kept in step with that code by a test below.
const CODE_KEYS: &[&str] = &[
    "language-name",
    "view-deck",
    "view-doc",
    "number-group-separator",
    "number-decimal-separator",
    "date-long",
    "price-per-unit",
    "cost-col-service",
    "cost-col-formula",
    "cost-col-amount",
    "cost-col-platform",
    "cost-col-monthly-total",
    "cost-compare-difference",
    "cost-diff-positive",
    "cost-diff-negative",
    "cost-diff-zero",
    "cost-note-rounding",
    "cost-note-as-of",
    "cost-note-sources",
    "lifecycle-span",
    "lifecycle-note-status",
    "lifecycle-note-source",
    "chart-list-separator",
    "chart-segment",
    "chart-cost-bar",
    "chart-phase",
    "chart-lifecycle-row",
    "chart-as-of",
    "chart-year",
    "data-as-of",
];

/// Key families the code builds at run time, as (prefix, suffix): `money-USD`, `unit-hour`,
/// `lifecycle-status-ended`, and per target currency of an exchange rate `cost-converted-JPY`,
/// `cost-note-converted-JPY`. (Column labels and captions are named in the data files.)
const CODE_FAMILIES: &[(&str, &str)] = &[
    ("money-", ""),
    ("unit-", ""),
    ("lifecycle-status-", ""),
    ("cost-converted-", ""),
    ("cost-note-converted-", ""),
];

/// A `t(key="...")` in a template.
pub(crate) struct Use {
    pub file: PathBuf,
    pub line: usize,
    pub col: usize,
    pub text: String,
}

pub(crate) fn is_used(key: &str, used: &BTreeSet<String>) -> bool {
    used.contains(key)
        || CODE_KEYS.contains(&key)
        || CODE_FAMILIES
            .iter()
            .any(|(p, s)| key.len() > p.len() + s.len() && key.starts_with(p) && key.ends_with(s))
}

/// Keys of `t(key="...")` / `t(key='...')` calls in the templates in effect (the built-in ones
/// not overridden by the project, and the project's), with every place each is used.
pub(crate) fn template_uses(project: &Project) -> BTreeMap<String, Vec<Use>> {
    let mut files: BTreeMap<String, TextFile> = crate::render::BUILTIN
        .iter()
        .map(|(name, text)| {
            let path = Path::new("(built-in templates)").join(name);
            (name.to_string(), (path, text.to_string()))
        })
        .collect();
    for (name, file) in &project.templates {
        files.insert(name.clone(), file.clone());
    }
    let mut out: BTreeMap<String, Vec<Use>> = BTreeMap::new();
    for (path, text) in files.values() {
        for (key, offset) in t_calls(text) {
            let pos = crate::diag::Pos::from_offset(text, offset);
            out.entry(key).or_default().push(Use {
                file: path.clone(),
                line: pos.line,
                col: pos.col,
                text: text.clone(),
            });
        }
    }
    out
}

/// `(key, offset of the key)` of every `t(key="...")` in a template (spaces allowed around
/// `(`, `=`; either quote). Calls with a computed key cannot be seen and are skipped.
fn t_calls(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    for (i, _) in text.match_indices("t(") {
        if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') {
            continue;
        }
        let rest = text[i + 2..].trim_start();
        let Some(rest) = rest.strip_prefix("key") else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(end) = rest[1..].find(q) {
            let start = text.len() - rest.len() + 1;
            out.push((rest[1..1 + end].to_string(), start));
        }
    }
    out
}

/// Every string in `data/*.toml` that could name a Fluent message (captions, labels, names).
pub(crate) fn data_keys(files: &[TextFile]) -> BTreeSet<String> {
    fn walk(v: &toml::Value, out: &mut BTreeSet<String>) {
        match v {
            toml::Value::String(s) => {
                out.insert(s.clone());
            }
            toml::Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            toml::Value::Table(t) => t.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for (_, text) in files {
        if let Ok(v) = text.parse::<toml::Value>() {
            walk(&v, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_template_keys_in_either_quote() {
        let t =
            "{{ t(key=\"a-b\") }} {{ t( key = 'c' , n=1) }} {{ at(key=\"no\") }} {{ t(key=x) }}";
        let keys: Vec<String> = t_calls(t).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, vec!["a-b", "c"]);
        let (_, off) = &t_calls(t)[0];
        assert_eq!(&t[*off..*off + 3], "a-b");
    }

    #[test]
    fn code_families() {
        let none = BTreeSet::new();
        for k in [
            "money-USD",
            "unit-hour",
            "lifecycle-status-extended",
            "cost-converted-JPY",
            "cost-note-converted-JPY",
            "date-long",
        ] {
            assert!(is_used(k, &none), "{k}");
        }
        for k in ["money-", "nav-next", "lifecycle-col-x", "cost-converted-"] {
            assert!(!is_used(k, &none), "{k}");
        }
    }

    /// Every key the list names is still looked up by the code it mirrors.
    #[test]
    fn code_keys_are_in_the_code() {
        let code = [
            include_str!("../render/pages.rs"),
            include_str!("../render/pages/home.rs"),
            include_str!("../i18n.rs"),
            include_str!("../markdown/directive.rs"),
            include_str!("../markdown/directive/cost.rs"),
            include_str!("../markdown/directive/life.rs"),
            include_str!("../markdown/directive/chart.rs"),
        ]
        .concat();
        for k in CODE_KEYS {
            assert!(
                code.contains(&format!("\"{k}\"")),
                "`{k}` no longer used by the code"
            );
        }
        for (p, _) in CODE_FAMILIES {
            assert!(
                code.contains(&format!("\"{p}")),
                "`{p}…` no longer used by the code"
            );
        }
    }
}
