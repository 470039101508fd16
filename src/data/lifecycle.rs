//! `data/lifecycle.toml`: version lifecycles as general datasets. Each `[[lifecycle]]` names its
//! columns (text, date, span between two date columns, status), its support phases (each ending
//! on a date column, optionally with a price multiplied during it) and its versions; spans and
//! statuses are computed against the file's own `as_of` date (never the machine clock).
//!
//! The file is parsed and checked in [`super::lifecycle_file`]; this module holds the computed
//! model and the arithmetic of spans and statuses.

use super::{PriceUnit, Pricing, Src};
use crate::diag::Diagnostic;
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use std::ops::Range;

pub use super::lifecycle_file::parse;

/// A support period as whole calendar months plus the remaining days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub months: u32,
    pub days: u32,
}

impl Span {
    /// From `start` to `end` (`end >= start`): the most months `n` with `start + n months <= end`
    /// (month ends clamp: Oct 31 + 4 months = Feb 28), then the days left.
    pub fn between(start: NaiveDate, end: NaiveDate) -> Span {
        let guess = (end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32;
        let mut months = guess.max(0) as u32;
        while months > 0 && add_months(start, months) > end {
            months -= 1;
        }
        let days = (end - add_months(start, months)).num_days().max(0) as u32;
        Span { months, days }
    }
}

fn add_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(n))
        .unwrap_or(NaiveDate::MAX)
}

/// What a column of a lifecycle table shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnKind {
    /// A string of each version (the first column is the row header).
    Text,
    /// A date of each version.
    Date,
    /// The span between two date columns (by id), computed.
    Span { from: String, to: String },
    /// The version's status on `as_of`, computed from the phases.
    Status,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub id: String,
    /// Fluent key of the header (receives `$date`, the as-of date).
    pub label: String,
    pub kind: ColumnKind,
}

/// A price that a phase multiplies (e.g. a cluster fee during extended support).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fee {
    pub price: String,
    pub factor: Decimal,
    /// Fluent key of the note sentence (receives `$factor` and `$fee`).
    pub note: String,
    pub(crate) span: Range<usize>,
}

/// A support phase: from the previous phase's end (or the start column) until `until`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phase {
    /// Status id while in the phase (`supported`, `extended`): CSS modifier, Fluent key suffix.
    pub status: String,
    /// The date column the phase ends on (a period ends at the start of its end date).
    pub until: String,
    pub fee: Option<Fee>,
}

/// One cell of a version's row, in column order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Date(NaiveDate),
    Span(Span),
    Status(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LifeRow {
    pub cells: Vec<Cell>,
    /// The row header (the first column's text).
    pub name: String,
    /// The version's start (the `start` column) and the end of each phase, in order.
    pub start: NaiveDate,
    pub phase_ends: Vec<NaiveDate>,
    pub status: String,
}

impl LifeRow {
    /// The date in column `col` (an index into the table's columns).
    pub fn date(&self, col: usize) -> Option<NaiveDate> {
        match self.cells.get(col) {
            Some(Cell::Date(d)) => Some(*d),
            _ => None,
        }
    }
}

/// One lifecycle dataset (```` ```lifecycle <id> ```` and ```` ```lifecycle-chart <id> ````).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LifecycleTable {
    pub id: String,
    /// Fluent key of the caption (receives `$date`).
    pub caption: String,
    pub source: String,
    pub as_of: NaiveDate,
    pub columns: Vec<Column>,
    pub phases: Vec<Phase>,
    /// Status after the last phase.
    pub ended: String,
    pub rows: Vec<LifeRow>,
}

impl LifecycleTable {
    /// The status ids in phase order, then the final one: what a chart's legend lists.
    pub fn statuses(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.phases.iter().map(|p| p.status.as_str()).collect();
        out.push(&self.ended);
        out
    }

    /// Where a row stands on `as_of`: the first phase whose end is after it.
    pub(crate) fn status_on(&self, ends: &[NaiveDate]) -> String {
        ends.iter()
            .zip(&self.phases)
            .find(|(end, _)| self.as_of < **end)
            .map(|(_, p)| p.status.clone())
            .unwrap_or_else(|| self.ended.clone())
    }
}

/// Every lifecycle dataset of `data/lifecycle.toml`, in file order.
#[derive(Debug, Clone, Default)]
pub struct Lifecycle {
    /// The file's as-of date (`None` without a file).
    pub as_of: Option<NaiveDate>,
    pub tables: Vec<LifecycleTable>,
}

impl Lifecycle {
    pub fn get(&self, id: &str) -> Option<&LifecycleTable> {
        self.tables.iter().find(|t| t.id == id)
    }

    /// The price of a fee during its phase: price x factor, exact (`0.10 × 6 = 0.60`), with
    /// the price's currency.
    pub fn fee_amount(fee: &Fee, pricing: &Pricing) -> Option<(Decimal, String)> {
        let price = pricing.get(&fee.price)?;
        let amount = price.amount.checked_mul(fee.factor)?;
        Some((amount, price.currency.clone()))
    }

    /// Cross-file check: every fee names an hourly price.
    pub(crate) fn check_prices(&self, pricing: &Pricing, src: &Src) -> Vec<Diagnostic> {
        let fees = self.tables.iter().flat_map(|t| &t.phases);
        fees.filter_map(|p| p.fee.as_ref())
            .filter_map(|fee| match pricing.get(&fee.price) {
                None => Some(
                    src.error(
                        fee.span.clone(),
                        format!("unknown price id `{}`", fee.price),
                    )
                    .hint("prices are defined in data/pricing.toml"),
                ),
                Some(p) if p.unit != PriceUnit::Hour => Some(src.error(
                    fee.span.clone(),
                    format!("price `{}` is not per hour", p.id),
                )),
                Some(_) => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_edge_cases() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let span = |a, b| {
            let s = Span::between(a, b);
            (s.months, s.days)
        };
        // Jan 31 + 1 month clamps to Feb 29 (2024 is a leap year).
        assert_eq!(span(day(2024, 1, 31), day(2024, 2, 29)), (1, 0));
        assert_eq!(span(day(2024, 1, 31), day(2024, 2, 28)), (0, 28));
        assert_eq!(span(day(2024, 3, 1), day(2024, 3, 1)), (0, 0));
        // 2024-02-15 + 28 days = 2024-03-14
        assert_eq!(span(day(2023, 3, 15), day(2024, 3, 14)), (11, 28));
        assert_eq!(span(day(2022, 8, 11), day(2023, 10, 11)), (14, 0));
    }
}
