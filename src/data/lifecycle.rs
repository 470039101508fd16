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

pub(crate) use super::lifecycle_file::parse;

/// A support period as whole calendar months plus the remaining days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Whole calendar months.
    pub months: u32,
    /// Days left after the months.
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
    Span {
        /// The id of the earlier date column.
        from: String,
        /// The id of the later date column.
        to: String,
    },
    /// The version's status on `as_of`, computed from the phases.
    Status,
}

#[derive(Debug, Clone, PartialEq, Eq)]
/// One column of a lifecycle table.
pub struct Column {
    /// The column's id, named by `span` columns and by `start`.
    pub id: String,
    /// Fluent key of the header (receives `$date`, the as-of date).
    pub label: String,
    /// What the column holds: given text or dates, or a computed span or status.
    pub kind: ColumnKind,
}

/// A price that a phase multiplies (e.g. a cluster fee during extended support).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fee {
    /// The id of the price in `pricing.toml` that the fee multiplies.
    pub price: String,
    /// The multiplier, exact (`6` for six times the standard fee).
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
    /// Text as written.
    Text(String),
    /// A date.
    Date(NaiveDate),
    /// The span between two of the row's dates, computed.
    Span(Span),
    /// The Fluent key of the version's status on the as-of date, computed.
    Status(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
/// One version of a lifecycle table: its cells and the dates its status comes from.
pub struct LifeRow {
    /// The cells, one per column, in column order.
    pub cells: Vec<Cell>,
    /// The row header (the first column's text).
    pub name: String,
    /// The version's start (the `start` column).
    pub start: NaiveDate,
    /// The end of each phase, in order.
    pub phase_ends: Vec<NaiveDate>,
    /// The Fluent key of the version's status on the table's as-of date.
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
    /// The table's id, named by the fence.
    pub id: String,
    /// Fluent key of the caption (receives `$date`).
    pub caption: String,
    /// Where the dates come from (the vendor's lifecycle page).
    pub source: String,
    /// The date the status column is computed for.
    pub as_of: NaiveDate,
    /// The columns, in display order.
    pub columns: Vec<Column>,
    /// The support phases, in order (standard, extended, ...).
    pub phases: Vec<Phase>,
    /// Status after the last phase.
    pub ended: String,
    /// The versions, one row each, in file order.
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
    /// The tables, in file order.
    pub tables: Vec<LifecycleTable>,
}

impl Lifecycle {
    /// The table named `id`, if the file has one.
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
