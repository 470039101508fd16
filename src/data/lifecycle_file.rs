//! Parsing and checking `data/lifecycle.toml` into [`Lifecycle`]: column and phase definitions
//! first (names, kinds, spans between date columns), then every version against them.

use super::lifecycle::{Column, ColumnKind, Fee, Lifecycle, LifecycleTable, Phase};
use super::{DecText, Src, TomlDate};
use crate::diag::Diagnostic;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

mod version;
use version::version;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LifecycleFile {
    as_of: TomlDate,
    #[serde(default)]
    lifecycle: Vec<RawTable>,
}

type RawVersion = Spanned<BTreeMap<String, Spanned<toml::Value>>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    id: Spanned<String>,
    caption: Spanned<String>,
    source: Spanned<String>,
    start: Spanned<String>,
    ended: Option<Spanned<String>>,
    columns: Vec<RawColumn>,
    phases: Vec<RawPhase>,
    #[serde(default)]
    version: Vec<RawVersion>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum RawKind {
    Text,
    Date,
    Span,
    Status,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumn {
    id: Spanned<String>,
    label: Spanned<String>,
    kind: Spanned<RawKind>,
    from: Option<Spanned<String>>,
    to: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhase {
    status: Spanned<String>,
    until: Spanned<String>,
    price: Option<Spanned<String>>,
    factor: Option<Spanned<DecText>>,
    note: Option<Spanned<String>>,
}

/// Parse and validate `data/lifecycle.toml`.
pub(crate) fn parse(text: &str, path: &Path) -> Result<Lifecycle, Vec<Diagnostic>> {
    let src = Src::new(path, text);
    let file: LifecycleFile = src.parse()?;
    let as_of = file.as_of.0;
    let mut errors = Vec::new();
    let mut seen = BTreeMap::new();
    let mut tables = Vec::new();
    for raw in &file.lifecycle {
        errors.extend(src.check_unique(&mut seen, &raw.id, "lifecycle id"));
        if let Some(t) = table(&src, raw, as_of, &mut errors) {
            tables.push(t);
        }
    }
    if errors.is_empty() {
        Ok(Lifecycle {
            as_of: Some(as_of),
            tables,
        })
    } else {
        Err(errors)
    }
}

/// One dataset, or `None` with its errors pushed.
fn table(
    src: &Src,
    raw: &RawTable,
    as_of: NaiveDate,
    errors: &mut Vec<Diagnostic>,
) -> Option<LifecycleTable> {
    let before = errors.len();
    errors.extend(src.check_name(&raw.id, "lifecycle id"));
    errors.extend(src.check_name(&raw.caption, "Fluent key"));
    if !raw.source.get_ref().starts_with("https://") {
        errors.push(src.error(raw.source.span(), "the source must be an https:// URL"));
    }
    let columns = columns(src, raw, errors);
    let dates: Vec<&str> = columns
        .iter()
        .filter(|c| c.kind == ColumnKind::Date)
        .map(|c| c.id.as_str())
        .collect();
    date_ref(src, &raw.start, "start", &dates, errors);
    let phases = phases(src, raw, &dates, errors);
    for p in &raw.phases {
        date_ref(src, &p.until, "phase end", &dates, errors);
    }
    let ended = raw.ended.as_ref();
    errors.extend(ended.and_then(|e| src.check_name(e, "status")));
    if errors.len() > before {
        return None;
    }
    let mut t = LifecycleTable {
        id: raw.id.get_ref().clone(),
        caption: raw.caption.get_ref().clone(),
        source: raw.source.get_ref().clone(),
        as_of,
        columns,
        phases,
        ended: ended.map_or_else(|| "ended".to_string(), |e| e.get_ref().clone()),
        rows: Vec::new(),
    };
    add_rows(src, &mut t, raw, errors);
    (errors.len() == before).then_some(t)
}

/// An error unless `v` names one of the `dates` columns.
fn date_ref(
    src: &Src,
    v: &Spanned<String>,
    what: &str,
    dates: &[&str],
    errors: &mut Vec<Diagnostic>,
) {
    if !dates.contains(&v.get_ref().as_str()) {
        errors.push(
            src.error(
                v.span(),
                format!("{what} `{}` is not a date column", v.get_ref()),
            )
            .hint(format!("date columns: {}", list(dates))),
        );
    }
}

/// The dataset's versions, in file order, each name once.
fn add_rows(src: &Src, t: &mut LifecycleTable, raw: &RawTable, errors: &mut Vec<Diagnostic>) {
    let mut seen = BTreeMap::new();
    for v in &raw.version {
        if let Some(row) = version(src, t, raw, v, errors) {
            let name = Spanned::new(v.span(), row.name.clone());
            errors.extend(src.check_unique(&mut seen, &name, "version"));
            t.rows.push(row);
        }
    }
}

fn list(ids: &[&str]) -> String {
    let quoted: Vec<String> = ids.iter().map(|c| format!("`{c}`")).collect();
    quoted.join(", ")
}

/// The column definitions: names, kinds, spans between two earlier-or-later date columns.
fn columns(src: &Src, raw: &RawTable, errors: &mut Vec<Diagnostic>) -> Vec<Column> {
    let mut seen = BTreeMap::new();
    let mut out = Vec::new();
    let date_at = |id: &str| {
        raw.columns
            .iter()
            .position(|c| c.id.get_ref() == id && *c.kind.get_ref() == RawKind::Date)
    };
    for (i, c) in raw.columns.iter().enumerate() {
        errors.extend(src.check_name(&c.id, "column id"));
        errors.extend(src.check_unique(&mut seen, &c.id, "column id"));
        errors.extend(src.check_name(&c.label, "Fluent key"));
        let kind = match c.kind.get_ref() {
            RawKind::Text => ColumnKind::Text,
            RawKind::Date => ColumnKind::Date,
            RawKind::Status => ColumnKind::Status,
            RawKind::Span => match span_ends(src, c, &date_at, errors) {
                Some((from, to)) => ColumnKind::Span { from, to },
                None => continue,
            },
        };
        if i == 0 && kind != ColumnKind::Text {
            let msg = "the first column is the row header and must be `kind = \"text\"`";
            errors.push(src.error(c.kind.span(), msg));
        }
        out.push(Column {
            id: c.id.get_ref().clone(),
            label: c.label.get_ref().clone(),
            kind,
        });
    }
    if raw.columns.is_empty() {
        errors.push(src.error(raw.id.span(), "a lifecycle needs columns"));
    }
    out
}

/// `from` and `to` of a span column: both date columns, `from` before `to`.
fn span_ends(
    src: &Src,
    c: &RawColumn,
    date_at: &dyn Fn(&str) -> Option<usize>,
    errors: &mut Vec<Diagnostic>,
) -> Option<(String, String)> {
    let (Some(from), Some(to)) = (&c.from, &c.to) else {
        let msg = format!("span column `{}` needs `from` and `to`", c.id.get_ref());
        errors.push(src.error(c.id.span(), msg));
        return None;
    };
    let mut at = |v: &Spanned<String>| {
        let i = date_at(v.get_ref());
        if i.is_none() {
            let msg = format!(
                "span `{}` between missing dates: `{}` is not a date column",
                c.id.get_ref(),
                v.get_ref()
            );
            errors.push(src.error(v.span(), msg));
        }
        i
    };
    let (a, b) = (at(from), at(to));
    if a? >= b? {
        let msg = format!(
            "span `{}` must go from an earlier column to a later one",
            c.id.get_ref()
        );
        errors.push(src.error(to.span(), msg));
        return None;
    }
    Some((from.get_ref().clone(), to.get_ref().clone()))
}

/// The phases: statuses named, ends in column order, fees complete.
fn phases(src: &Src, raw: &RawTable, dates: &[&str], errors: &mut Vec<Diagnostic>) -> Vec<Phase> {
    let start = dates.iter().position(|d| *d == raw.start.get_ref());
    let mut last = start;
    let mut out = Vec::new();
    for p in &raw.phases {
        errors.extend(src.check_name(&p.status, "status"));
        let at = dates.iter().position(|d| *d == p.until.get_ref());
        if let (Some(a), Some(b)) = (last, at) {
            if b <= a {
                let msg = "phases end in date-column order, after the start column";
                errors.push(src.error(p.until.span(), msg));
            }
        }
        last = at.or(last);
        let fee = match (&p.price, &p.factor, &p.note) {
            (None, None, None) => None,
            (Some(price), Some(factor), Some(note)) => {
                errors.extend(src.check_name(note, "Fluent key"));
                src.decimal(factor, errors).map(|factor| Fee {
                    price: price.get_ref().clone(),
                    factor,
                    note: note.get_ref().clone(),
                    span: price.span(),
                })
            }
            _ => {
                let msg = "a phase with a fee needs `price`, `factor` and `note` together";
                errors.push(src.error(p.status.span(), msg));
                None
            }
        };
        out.push(Phase {
            status: p.status.get_ref().clone(),
            until: p.until.get_ref().clone(),
            fee,
        });
    }
    if raw.phases.is_empty() {
        errors.push(src.error(raw.id.span(), "a lifecycle needs at least one phase"));
    }
    out
}
