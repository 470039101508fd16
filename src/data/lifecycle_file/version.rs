//! One version of a lifecycle dataset checked against its columns and phases: every given
//! column present with the right type, dates never going back, the start not after `as_of`;
//! then its computed row.

use super::{list, RawTable, RawVersion};
use crate::data::lifecycle::{Cell, Column, ColumnKind, LifeRow, LifecycleTable};
use crate::data::{Span, Src};
use crate::diag::Diagnostic;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use toml::Spanned;

/// One version's row: every text and date column given, nothing else; dates in column order;
/// the start not after `as_of` (the table claims to be true on that date).
pub(super) fn version(
    src: &Src,
    t: &LifecycleTable,
    raw: &RawTable,
    v: &RawVersion,
    errors: &mut Vec<Diagnostic>,
) -> Option<LifeRow> {
    let before = errors.len();
    let values = v.get_ref();
    unknown_columns(src, t, values, errors);
    let (dates, texts) = cells(src, t, v, errors);
    if errors.len() > before {
        return None;
    }
    let start = dates[raw.start.get_ref().as_str()];
    if start > t.as_of {
        let msg = format!(
            "start date {start} is after the data's as_of date {}",
            t.as_of
        );
        let at = values[raw.start.get_ref()].span();
        errors.push(
            src.error(at, msg)
                .hint("update as_of at the top of the file"),
        );
        return None;
    }
    Some(row(t, &dates, texts, start))
}

/// The columns a version gives values for (the others are computed).
fn given(c: &Column) -> bool {
    matches!(c.kind, ColumnKind::Text | ColumnKind::Date)
}

/// An error for each key of a version that is no given column of the dataset.
fn unknown_columns(
    src: &Src,
    t: &LifecycleTable,
    values: &BTreeMap<String, Spanned<toml::Value>>,
    errors: &mut Vec<Diagnostic>,
) {
    for (key, value) in values {
        if !t.columns.iter().any(|c| given(c) && &c.id == key) {
            let known: Vec<&str> = t
                .columns
                .iter()
                .filter(|c| given(c))
                .map(|c| c.id.as_str())
                .collect();
            errors.push(
                src.error(value.span(), format!("unknown column `{key}`"))
                    .hint(format!("the columns of `{}` are {}", t.id, list(&known))),
            );
        }
    }
}

/// A version's dates by column (in column order, never going back) and its texts.
fn cells<'t>(
    src: &Src,
    t: &'t LifecycleTable,
    v: &RawVersion,
    errors: &mut Vec<Diagnostic>,
) -> (BTreeMap<&'t str, NaiveDate>, Vec<String>) {
    let mut dates: BTreeMap<&str, NaiveDate> = BTreeMap::new();
    let mut texts = Vec::new();
    let mut last: Option<(NaiveDate, &str)> = None;
    for c in t.columns.iter().filter(|c| given(c)) {
        let Some(value) = v.get_ref().get(&c.id) else {
            let msg = format!("this version has no `{}`", c.id);
            errors.push(src.error(v.span(), msg));
            continue;
        };
        match (&c.kind, value.get_ref()) {
            (ColumnKind::Text, toml::Value::String(s)) => texts.push(s.clone()),
            (ColumnKind::Date, toml::Value::Datetime(dt)) => {
                let Some(d) = to_date(dt) else {
                    errors.push(src.error(value.span(), "expected a date like 2024-03-01"));
                    continue;
                };
                if let Some((prev, prev_col)) = last.filter(|(p, _)| d < *p) {
                    let msg = format!("date out of order: {d} is before {prev} (`{prev_col}`)");
                    errors.push(src.error(value.span(), msg));
                }
                last = Some((d, &c.id));
                dates.insert(&c.id, d);
            }
            (kind, _) => {
                let want = if *kind == ColumnKind::Text {
                    "a string"
                } else {
                    "a date"
                };
                errors.push(src.error(value.span(), format!("`{}` must be {want}", c.id)));
            }
        }
    }
    (dates, texts)
}

/// The computed row: cells in column order, phase ends, status on `as_of`.
fn row(
    t: &LifecycleTable,
    dates: &BTreeMap<&str, NaiveDate>,
    texts: Vec<String>,
    start: NaiveDate,
) -> LifeRow {
    let phase_ends: Vec<NaiveDate> = t.phases.iter().map(|p| dates[p.until.as_str()]).collect();
    let status = t.status_on(&phase_ends);
    let mut texts = texts.into_iter();
    let cells = t
        .columns
        .iter()
        .map(|c| match &c.kind {
            ColumnKind::Text => Cell::Text(texts.next().unwrap_or_default()),
            ColumnKind::Date => Cell::Date(dates[c.id.as_str()]),
            ColumnKind::Span { from, to } => {
                Cell::Span(Span::between(dates[from.as_str()], dates[to.as_str()]))
            }
            ColumnKind::Status => Cell::Status(status.clone()),
        })
        .collect::<Vec<_>>();
    let name = match cells.first() {
        Some(Cell::Text(s)) => s.clone(),
        _ => String::new(),
    };
    LifeRow {
        cells,
        name,
        start,
        phase_ends,
        status,
    }
}

fn to_date(dt: &toml::value::Datetime) -> Option<NaiveDate> {
    match (dt.date, dt.time, dt.offset) {
        (Some(d), None, None) => {
            NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
        }
        _ => None,
    }
}
