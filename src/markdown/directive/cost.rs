//! Views of the cost directives: `cost-table <scenario>` (lines, formulas, total, converted
//! reference totals) and `cost-compare <comparison>` (two or more totals and their differences
//! from the first).
//!
//! A cost table whose currency has a `[[rate]]` listing the page's language (data/pricing.toml)
//! gets a reference line under its total: the total converted at that rate (`money::convert`),
//! labelled by `cost-converted-<TO>`, and a sentence `cost-note-converted-<TO>` in its note.

use super::{known, Cx, Link, Note};
use crate::data::{money, Comparison, CostRow, CostTable, Rate};
use crate::i18n::Arg;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub(super) struct CostTableView {
    pub id: String,
    pub caption: String,
    pub col_service: String,
    pub col_formula: String,
    pub col_amount: String,
    pub rows: Vec<CostLine>,
    pub total_label: String,
    pub total: String,
    /// Reference lines: the total converted to another currency.
    pub converted: Vec<Labelled>,
    pub note: Note,
}

#[derive(Debug, Serialize)]
pub(super) struct CostLine {
    pub label: String,
    pub formula: String,
    pub amount: String,
}

#[derive(Debug, Serialize)]
pub(super) struct Labelled {
    pub label: String,
    pub amount: String,
}

#[derive(Debug, Serialize)]
pub(super) struct CompareView {
    pub id: String,
    pub caption: String,
    pub col_platform: String,
    pub col_total: String,
    pub rows: Vec<CompareRow>,
    /// One per scenario after the first: its total minus the first's.
    pub differences: Vec<Labelled>,
    pub note: Note,
}

#[derive(Debug, Serialize)]
pub(super) struct CompareRow {
    pub scenario: String,
    pub name: String,
    pub total: String,
}

pub(super) fn scenario<'a>(cx: &Cx<'a>, id: &str) -> Result<&'a CostTable, String> {
    cx.data.cost_table(id).ok_or_else(|| {
        let ids = cx.data.scenarios.tables.keys();
        format!("unknown scenario `{id}` {}", known(ids))
    })
}

pub(super) fn comparison<'a>(cx: &Cx<'a>, id: &str) -> Result<&'a Comparison, String> {
    cx.data.comparison(id).ok_or_else(|| {
        let ids = cx.data.scenarios.comparisons.keys();
        format!("unknown comparison `{id}` {}", known(ids))
    })
}

/// A unit price with its unit: "$0.10/hour", "0.10 USD/時間".
pub(super) fn price_per_unit(
    cx: &Cx,
    amount: Decimal,
    currency: &str,
    unit: &str,
) -> Result<String, String> {
    let price = cx.money(amount, currency)?;
    let unit = cx.strings.get0(&format!("unit-{unit}"))?;
    cx.t("price-per-unit", &[("price", price), ("unit", unit)])
}

/// The arguments of a row label: `$<price-id>` (price with unit) and its quantities.
pub(super) fn row_args(cx: &Cx, row: &CostRow) -> Result<BTreeMap<String, Arg>, String> {
    let mut a = BTreeMap::new();
    for term in &row.terms {
        let p = &term.price;
        let price = price_per_unit(cx, term.unit_price, &row.currency, term.unit.id())?;
        a.insert(p.clone(), Arg::Str(price));
        for (suffix, q) in [
            ("gb", term.gb),
            ("count", term.count),
            ("hours", term.hours),
        ] {
            if let Some(q) = q {
                a.insert(
                    format!("{p}-{suffix}"),
                    Arg::Str(cx.strings.format_decimal(q)?),
                );
            }
        }
    }
    Ok(a)
}

/// The note under cost tables: rounding rule, `extra` sentences, price date, sources.
fn cost_note(
    cx: &Cx,
    as_of: NaiveDate,
    sources: &[&String],
    extra: Vec<String>,
) -> Result<Note, String> {
    let mut sentences = vec![cx.strings.get0("cost-note-rounding")?];
    sentences.extend(extra);
    sentences.push(cx.t("cost-note-as-of", &[("date", cx.date(as_of)?)])?);
    Ok(Note {
        sentences,
        sources_label: cx.strings.get0("cost-note-sources")?,
        sources: sources.iter().map(|u| Link::new(u)).collect(),
    })
}

/// A formula may wrap only between its terms (` + `), never inside a product: the spaces
/// inside each term become no-break spaces.
fn terms_whole(formula: &str) -> String {
    formula
        .split(" + ")
        .map(|term| term.replace(' ', "\u{a0}"))
        .collect::<Vec<_>>()
        .join(" + ")
}

pub(super) fn table(cx: &Cx, id: &str) -> Result<CostTableView, String> {
    let table = scenario(cx, id)?;
    let hours = cx.strings.format_decimal(table.hours_per_month)?;
    let mut rows = Vec::new();
    for row in &table.rows {
        rows.push(CostLine {
            label: cx.strings.get(&row.label, &row_args(cx, row)?)?,
            formula: terms_whole(&row.formula),
            amount: cx.money(row.amount, &table.currency)?,
        });
    }
    let mut converted = Vec::new();
    let mut notes = Vec::new();
    for rate in cx.data.pricing.rates_for(&table.currency, &cx.strings.lang) {
        let (line, note) = converted_total(cx, table, rate)?;
        converted.push(line);
        notes.push(note);
    }
    let sources: Vec<&String> = table.sources.iter().collect();
    Ok(CostTableView {
        id: table.id.clone(),
        caption: cx.t(&table.caption, &[("hours", hours)])?,
        col_service: cx.strings.get0("cost-col-service")?,
        col_formula: cx.strings.get0("cost-col-formula")?,
        col_amount: cx.t("cost-col-amount", &[("currency", table.currency.clone())])?,
        rows,
        total_label: cx.strings.get0(&table.total_label)?,
        total: cx.money(table.total, &table.currency)?,
        converted,
        note: cost_note(cx, table.as_of, &sources, notes)?,
    })
}

/// The total of `table` converted at `rate`: its line (label `cost-converted-<TO>`, the amount
/// formatted as `money-<TO>`) and the sentence for the note (`cost-note-converted-<TO>`). Both
/// messages get `$from`, `$to`, `$rate` (one `from` in `to`, as money) and `$date`.
fn converted_total(cx: &Cx, table: &CostTable, rate: &Rate) -> Result<(Labelled, String), String> {
    let amount = money::convert(table.total, rate.rate, &rate.to).ok_or_else(|| {
        format!(
            "the total of `{}` converted to {} is too large",
            table.id, rate.to
        )
    })?;
    let a = [
        ("from", rate.from.clone()),
        ("to", rate.to.clone()),
        ("rate", cx.money(rate.rate, &rate.to)?),
        ("date", cx.date(rate.as_of)?),
    ];
    let line = Labelled {
        label: cx.t(&format!("cost-converted-{}", rate.to), &a)?,
        amount: cx.money(amount, &rate.to)?,
    };
    let note = cx.t(&format!("cost-note-converted-{}", rate.to), &a)?;
    Ok((line, note))
}

/// A difference with its sign: "+$171.33", "−$5.00".
fn signed_money(cx: &Cx, value: Decimal, currency: &str) -> Result<String, String> {
    let (magnitude, sign) = money::split_sign(value);
    let amount = cx.money(magnitude, currency)?;
    let key = match sign {
        Ordering::Greater => "cost-diff-positive",
        Ordering::Less => "cost-diff-negative",
        Ordering::Equal => "cost-diff-zero",
    };
    cx.t(key, &[("amount", amount)])
}

/// The scenarios of a comparison, in order (base first).
pub(super) fn members<'a>(cx: &Cx<'a>, c: &Comparison) -> Result<Vec<&'a CostTable>, String> {
    c.scenarios
        .iter()
        .map(|id| {
            cx.data
                .cost_table(id)
                .ok_or_else(|| format!("comparison `{}` names unknown scenario `{id}`", c.id))
        })
        .collect()
}

pub(super) fn compare(cx: &Cx, id: &str) -> Result<CompareView, String> {
    let c = comparison(cx, id)?;
    let tables = members(cx, c)?;
    let base = tables[0];
    let mut rows = Vec::new();
    let mut sources: Vec<&String> = Vec::new();
    for t in &tables {
        rows.push(CompareRow {
            scenario: t.id.clone(),
            name: cx.strings.get0(&t.name)?,
            total: cx.money(t.total, &t.currency)?,
        });
        sources.extend(
            t.sources
                .iter()
                .filter(|u| !sources.contains(u))
                .collect::<Vec<_>>(),
        );
    }
    let mut differences = Vec::new();
    for (t, d) in tables[1..].iter().zip(&c.differences) {
        let names = [
            ("base", cx.strings.get0(&base.name)?),
            ("versus", cx.strings.get0(&t.name)?),
        ];
        differences.push(Labelled {
            label: cx.t("cost-compare-difference", &names)?,
            amount: signed_money(cx, *d, &base.currency)?,
        });
    }
    let as_of = tables.iter().map(|t| t.as_of).min().unwrap_or(base.as_of);
    let hours = cx.strings.format_decimal(base.hours_per_month)?;
    Ok(CompareView {
        id: c.id.clone(),
        caption: cx.t(&c.caption, &[("hours", hours)])?,
        col_platform: cx.strings.get0("cost-col-platform")?,
        col_total: cx.t(
            "cost-col-monthly-total",
            &[("currency", base.currency.clone())],
        )?,
        rows,
        differences,
        note: cost_note(cx, as_of, &sources, Vec::new())?,
    })
}
