//! The view of `lifecycle <id>`: one row per version, cells in the dataset's column order
//! (text, dates, spans, status badge), headers that receive the as-of date, and a note with the
//! status date, each phase's fee sentence and the source.

use super::cost::price_per_unit;
use super::{known, Cx, Link, Note};
use crate::data::{Cell, ColumnKind, Lifecycle, LifecycleTable, Span};
use crate::i18n::Arg;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub(super) struct LifeView {
    pub id: String,
    pub caption: String,
    pub columns: Vec<Header>,
    pub rows: Vec<LifeRowView>,
    pub note: Note,
}

#[derive(Debug, Serialize)]
pub(super) struct Header {
    pub label: String,
    /// `text`, `date`, `span` or `status`.
    pub kind: &'static str,
}

#[derive(Debug, Serialize)]
pub(super) struct LifeRowView {
    pub status: String,
    /// The first column's text (the row header).
    pub name: String,
    /// The other cells.
    pub cells: Vec<CellView>,
}

#[derive(Debug, Serialize)]
pub(super) struct CellView {
    pub kind: &'static str,
    pub text: String,
    /// Status cells: the status id (badge modifier).
    pub status: Option<String>,
}

pub(super) fn dataset<'a>(cx: &Cx<'a>, id: &str) -> Result<&'a LifecycleTable, String> {
    cx.data.lifecycle_table(id).ok_or_else(|| {
        let ids: Vec<&String> = cx.data.lifecycle.tables.iter().map(|t| &t.id).collect();
        format!("unknown lifecycle `{id}` {}", known(ids.into_iter()))
    })
}

/// "14 months 16 days" / "14ヶ月16日".
fn span(cx: &Cx, sp: Span) -> Result<String, String> {
    let a = BTreeMap::from([
        ("months".to_string(), Arg::Int(sp.months.into())),
        ("days".to_string(), Arg::Int(sp.days.into())),
    ]);
    cx.strings.get("lifecycle-span", &a)
}

/// The label of status `id` (`lifecycle-status-<id>`).
pub(super) fn status_label(cx: &Cx, id: &str) -> Result<String, String> {
    cx.strings.get0(&format!("lifecycle-status-{id}"))
}

fn kind(k: &ColumnKind) -> &'static str {
    match k {
        ColumnKind::Text => "text",
        ColumnKind::Date => "date",
        ColumnKind::Span { .. } => "span",
        ColumnKind::Status => "status",
    }
}

fn cell(cx: &Cx, c: &Cell) -> Result<CellView, String> {
    let (kind, text, status) = match c {
        Cell::Text(s) => ("text", s.clone(), None),
        Cell::Date(d) => ("date", cx.date(*d)?, None),
        Cell::Span(sp) => ("span", span(cx, *sp)?, None),
        Cell::Status(s) => ("status", status_label(cx, s)?, Some(s.clone())),
    };
    Ok(CellView { kind, text, status })
}

pub(super) fn table(cx: &Cx, id: &str) -> Result<LifeView, String> {
    let t = dataset(cx, id)?;
    let date = [("date", cx.date(t.as_of)?)];
    let mut columns = Vec::new();
    for c in &t.columns {
        columns.push(Header {
            label: cx.t(&c.label, &date)?,
            kind: kind(&c.kind),
        });
    }
    let mut rows = Vec::new();
    for r in &t.rows {
        let cells = r.cells[1..].iter().map(|c| cell(cx, c));
        rows.push(LifeRowView {
            status: r.status.clone(),
            name: r.name.clone(),
            cells: cells.collect::<Result<_, _>>()?,
        });
    }
    Ok(LifeView {
        id: t.id.clone(),
        caption: cx.t(&t.caption, &date)?,
        columns,
        rows,
        note: note(cx, t)?,
    })
}

/// Status date, then a sentence per phase with a fee (`$factor`, `$fee`), then the source.
pub(super) fn note(cx: &Cx, t: &LifecycleTable) -> Result<Note, String> {
    let mut sentences = vec![cx.t("lifecycle-note-status", &[("date", cx.date(t.as_of)?)])?];
    for fee in t.phases.iter().filter_map(|p| p.fee.as_ref()) {
        let (amount, currency) = Lifecycle::fee_amount(fee, &cx.data.pricing)
            .ok_or_else(|| format!("the price `{}` of a fee is missing", fee.price))?;
        let a = [
            ("factor", cx.strings.format_decimal(fee.factor)?),
            ("fee", price_per_unit(cx, amount, &currency, "hour")?),
        ];
        sentences.push(cx.t(&fee.note, &a)?);
    }
    Ok(Note {
        sentences,
        sources_label: cx.strings.get0("lifecycle-note-source")?,
        sources: vec![Link::new(&t.source)],
    })
}
