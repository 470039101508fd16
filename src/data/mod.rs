//! Data stage: `data/*.toml` (prices, cost scenarios, version lifecycles) parsed, validated with
//! file:line:col diagnostics, and computed into cost tables in exact decimals.
//!
//! Parsers take the text and its path (files are read by `Sources`); [`load`] runs all three and
//! collects every diagnostic instead of stopping at the first file with errors. Only
//! `pricing.toml` is required; a project without scenarios or lifecycles leaves those files out.

pub(crate) mod lifecycle;
mod lifecycle_file;
pub mod money;
pub(crate) mod pricing;
pub(crate) mod rate;
pub(crate) mod scenario;

use crate::diag::Diagnostic;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::{DeserializeOwned, Error as _, Visitor};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;

pub use lifecycle::{Cell, Column, ColumnKind, Fee, LifeRow, Lifecycle, LifecycleTable, Span};
pub use pricing::{Price, PriceUnit, Pricing};
pub use rate::Rate;
pub use scenario::{Comparison, CostRow, CostTable, CostTerm, Scenarios};

/// Everything in `data/`, validated and computed.
#[derive(Debug, Clone)]
pub struct DataSet {
    /// `data/pricing.toml`: unit prices and exchange rates.
    pub pricing: Pricing,
    /// `data/scenarios.toml`: the cost tables and comparisons, computed.
    pub scenarios: Scenarios,
    /// `data/lifecycle.toml`: version support tables.
    pub lifecycle: Lifecycle,
}

impl DataSet {
    /// The computed table of scenario `id`.
    pub fn cost_table(&self, id: &str) -> Option<&CostTable> {
        self.scenarios.tables.get(id)
    }

    /// The comparison `id` (e.g. `uc1`).
    pub fn comparison(&self, id: &str) -> Option<&Comparison> {
        self.scenarios.comparisons.get(id)
    }

    /// The lifecycle dataset `id`.
    pub(crate) fn lifecycle_table(&self, id: &str) -> Option<&LifecycleTable> {
        self.lifecycle.get(id)
    }

    /// How old the data is, by file: `pricing` (the oldest price's as-of date), `rates` (the
    /// oldest exchange rate's) and `lifecycle` (the file's as_of), each when present. What
    /// `{{ data_as_of }}`, the `data-as-of` directive and `check`'s age limit read.
    pub(crate) fn as_of(&self) -> BTreeMap<&'static str, NaiveDate> {
        let mut out = BTreeMap::new();
        if let Some(d) = self.pricing.iter().map(|p| p.as_of).min() {
            out.insert("pricing", d);
        }
        if let Some(d) = self.pricing.rates().iter().map(|r| r.as_of).min() {
            out.insert("rates", d);
        }
        if let Some(d) = self.lifecycle.as_of {
            out.insert("lifecycle", d);
        }
        out
    }
}

/// A data file given as (path, text).
pub(crate) type DataFile<'a> = (&'a Path, &'a str);

/// Parse and validate the data files (scenarios and lifecycles are optional).
pub fn load(
    pricing: DataFile,
    scenarios: Option<DataFile>,
    lifecycle: Option<DataFile>,
) -> Result<DataSet, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let prices = pricing::parse(pricing.1, pricing.0)
        .map_err(|e| errors.extend(e))
        .ok();
    let doc = match scenarios {
        Some((path, text)) => scenario::parse(text, path)
            .map_err(|e| errors.extend(e))
            .ok(),
        None => scenario::parse("hours_per_month = \"730\"", Path::new("")).ok(),
    };
    let life = match lifecycle {
        Some((path, text)) => lifecycle::parse(text, path)
            .map_err(|e| errors.extend(e))
            .ok(),
        None => Some(Lifecycle::default()),
    };
    // Cross-file checks need a valid price list; without one they would only repeat its errors.
    let mut computed = None;
    if let (Some(prices), Some(doc)) = (&prices, doc) {
        let (path, text) = scenarios.unwrap_or((Path::new(""), ""));
        computed = scenario::compute(doc, prices, &Src::new(path, text))
            .map_err(|e| errors.extend(e))
            .ok();
    }
    if let (Some(prices), Some(life), Some((path, text))) = (&prices, &life, lifecycle) {
        errors.extend(life.check_prices(prices, &Src::new(path, text)));
    }
    match (prices, computed, life) {
        (Some(pricing), Some(scenarios), Some(lifecycle)) if errors.is_empty() => Ok(DataSet {
            pricing,
            scenarios,
            lifecycle,
        }),
        _ => Err(errors),
    }
}

/// A data file being parsed: where diagnostics point.
pub(crate) struct Src<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl<'a> Src<'a> {
    pub(crate) fn new(path: &'a Path, text: &'a str) -> Self {
        Src { path, text }
    }

    /// An error at byte `span.start` of this file.
    pub(crate) fn error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message)
            .in_file(self.path)
            .at_offset(self.text, span.start)
    }

    /// Deserialize the whole file; syntax, type and unknown-field errors carry their position.
    /// Nesting is bounded by the TOML parser (a 20,000-deep file is a clean error).
    pub(crate) fn parse<T: DeserializeOwned>(&self) -> Result<T, Vec<Diagnostic>> {
        toml::from_str(self.text).map_err(|e| {
            let message = format!("invalid TOML: {}", e.message().trim_end());
            let d = match e.span() {
                Some(span) => self.error(span, message),
                None => Diagnostic::error(message).in_file(self.path),
            };
            vec![d]
        })
    }

    /// The line of byte offset `at`, for "first defined at line N" hints.
    pub(crate) fn line_of(&self, at: usize) -> usize {
        crate::diag::Pos::from_offset(self.text, at).line
    }
}

/// A decimal written as a TOML string. TOML floats and integers are refused here (a float has
/// already lost exactness); the text itself is checked by [`money::parse_amount`] afterwards,
/// so every bad value in a file is reported, not just the first.
#[derive(Debug, Clone)]
pub(crate) struct DecText(pub String);

impl<'de> Deserialize<'de> for DecText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DecText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a decimal written as a string, like \"0.10\" (not a TOML number)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DecText, E> {
                Ok(DecText(v.to_string()))
            }
        }
        d.deserialize_str(V)
    }
}

impl Src<'_> {
    /// Parse a spanned [`DecText`] strictly; a bad value is pushed to `errors` with its position.
    pub(crate) fn decimal(
        &self,
        v: &Spanned<DecText>,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<Decimal> {
        money::parse_amount(&v.get_ref().0)
            .map_err(|m| errors.push(self.error(v.span(), m)))
            .ok()
    }

    /// Check an id or Fluent key: ASCII, starting with a lowercase letter, then lowercase
    /// letters, digits and `-` (ids double as Fluent variable names and HTML attributes).
    pub(crate) fn check_name(&self, v: &Spanned<String>, what: &str) -> Option<Diagnostic> {
        let s = v.get_ref();
        let ok = s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        (!ok).then(|| {
            self.error(
                v.span(),
                format!("{what} `{s}` must be lowercase ASCII letters, digits and `-`"),
            )
            .hint("start with a letter, e.g. `ec2-m5-xlarge`")
        })
    }

    /// Record `id` in `seen`; a second definition is an error pointing at it and naming the first.
    pub(crate) fn check_unique(
        &self,
        seen: &mut BTreeMap<String, usize>,
        id: &Spanned<String>,
        what: &str,
    ) -> Option<Diagnostic> {
        match seen.get(id.get_ref()) {
            Some(&first) => Some(
                self.error(id.span(), format!("duplicate {what} `{}`", id.get_ref()))
                    .hint(format!("first defined at line {}", self.line_of(first))),
            ),
            None => {
                seen.insert(id.get_ref().clone(), id.span().start);
                None
            }
        }
    }
}

/// A TOML local date (`2024-03-01`, no time or offset).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct TomlDate(pub NaiveDate);

impl<'de> Deserialize<'de> for TomlDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let dt = toml::value::Datetime::deserialize(d)?;
        match (dt.date, dt.time, dt.offset) {
            (Some(date), None, None) => {
                NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
                    .map(TomlDate)
                    .ok_or_else(|| D::Error::custom("not a calendar date"))
            }
            _ => Err(D::Error::custom(
                "expected a date like 2024-03-01 (no time)",
            )),
        }
    }
}

#[cfg(test)]
mod lifecycle_tests;
#[cfg(test)]
mod tests;
