//! `data/scenarios.toml`: monthly cost scenarios (line items = price id x quantities) and
//! comparisons, computed into [`CostTable`]s with the one rounding rule of [`super::money`].

use super::money::{round_line, sum_rounded};
use super::{DecText, Price, PriceUnit, Pricing, Src};
use crate::diag::Diagnostic;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

mod compute;
pub(crate) use compute::compute;

/// One term of a line: unit price x quantities, exact (unrounded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostTerm {
    /// The id of the price in `pricing.toml`.
    pub price: String,
    /// The price's amount, exact.
    pub unit_price: Decimal,
    /// The price's billing unit, which decides which quantities the term takes.
    pub unit: PriceUnit,
    /// Gigabytes, for a per-GB price.
    pub gb: Option<Decimal>,
    /// Dimensionless multiplier (nodes, instances).
    pub count: Option<Decimal>,
    /// Hours, for an hourly price (the scenario's hours per month unless given).
    pub hours: Option<Decimal>,
    /// Unit price times the quantities, unrounded.
    pub exact: Decimal,
}

impl CostTerm {
    /// The factors in formula order: price, GB, count, hours.
    pub fn factors(&self) -> Vec<Decimal> {
        let quantities = [self.gb, self.count, self.hours];
        std::iter::once(self.unit_price)
            .chain(quantities.into_iter().flatten())
            .collect()
    }

    /// `0.248 × 3 × 730`: the factors as written in the data, so the formula is exactly what
    /// was multiplied.
    pub fn formula(&self) -> String {
        let parts: Vec<String> = self.factors().iter().map(Decimal::to_string).collect();
        parts.join(" × ")
    }
}

/// One line of a cost table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostRow {
    /// Fluent key of the line's label.
    pub label: String,
    /// Fluent key of a short label (chart legends), when the data gives one.
    pub short: Option<String>,
    /// The terms summed, in written order.
    pub terms: Vec<CostTerm>,
    /// `0.248 × 3 × 730 + 0.08 × 300 × 3`.
    pub formula: String,
    /// Sum of the terms, unrounded.
    pub exact: Decimal,
    /// `exact` rounded by the rule (to the cent, half away from zero).
    pub amount: Decimal,
    /// ISO 4217 code of `amount`.
    pub currency: String,
}

/// A scenario computed: rows and total (the sum of the rounded rows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostTable {
    /// The scenario's id, named by ```` ```cost-table <id> ```` and comparisons.
    pub id: String,
    /// Fluent key of the short name (comparisons).
    pub name: String,
    /// Fluent key of the caption.
    pub caption: String,
    /// Fluent key of the total row's label.
    pub total_label: String,
    /// ISO 4217 code of every amount in the table.
    pub currency: String,
    /// The hours in a month that hourly prices are multiplied by.
    pub hours_per_month: Decimal,
    /// The lines, in written order.
    pub rows: Vec<CostRow>,
    /// The sum of the rounded rows.
    pub total: Decimal,
    /// The oldest as-of date of the prices used.
    pub as_of: NaiveDate,
    /// Source pages of the prices used, in order of first use.
    pub sources: Vec<String>,
}

/// Two or more scenarios side by side, the first being the base; `differences[i]` is
/// `scenarios[i + 1].total - base.total`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// The comparison's id, named by ```` ```cost-compare <id> ````.
    pub id: String,
    /// Fluent key of the caption.
    pub caption: String,
    /// The ids of the scenarios compared, the base first.
    pub scenarios: Vec<String>,
    /// Each other scenario's total minus the base's, in order.
    pub differences: Vec<Decimal>,
}

impl Comparison {
    /// The id of the scenario the others are compared with.
    pub fn base(&self) -> &str {
        &self.scenarios[0]
    }
}

/// All scenarios and comparisons by id.
#[derive(Debug, Clone)]
pub struct Scenarios {
    /// The hours in a month (the file's default for every scenario).
    pub hours_per_month: Decimal,
    /// The computed scenarios by id.
    pub tables: BTreeMap<String, CostTable>,
    /// The comparisons by id.
    pub comparisons: BTreeMap<String, Comparison>,
}

/// `data/scenarios.toml` parsed, with the checks that need no prices done.
pub(crate) struct ScenarioDoc(ScenarioFile);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    hours_per_month: Spanned<DecText>,
    #[serde(default)]
    scenario: Vec<RawScenario>,
    #[serde(default)]
    comparison: Vec<RawComparison>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    id: Spanned<String>,
    name: Spanned<String>,
    caption: Spanned<String>,
    total: Spanned<String>,
    line: Spanned<Vec<RawLine>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLine {
    label: Spanned<String>,
    short: Option<Spanned<String>>,
    terms: Spanned<Vec<Spanned<RawTerm>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    price: Spanned<String>,
    gb: Option<Spanned<DecText>>,
    count: Option<Spanned<DecText>>,
    /// A decimal, or `"month"` for `hours_per_month`.
    hours: Option<Spanned<DecText>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComparison {
    id: Spanned<String>,
    caption: Spanned<String>,
    scenarios: Spanned<Vec<Spanned<String>>>,
}

/// Parse the file and check names and duplicate ids (everything that needs no prices).
pub(crate) fn parse(text: &str, path: &Path) -> Result<ScenarioDoc, Vec<Diagnostic>> {
    let src = Src::new(path, text);
    let file: ScenarioFile = src.parse()?;
    let mut errors = Vec::new();
    let mut seen = BTreeMap::new();
    for s in &file.scenario {
        errors.extend(src.check_unique(&mut seen, &s.id, "scenario id"));
        let keys = [
            (&s.id, "scenario id"),
            (&s.name, "Fluent key"),
            (&s.caption, "Fluent key"),
        ];
        for (v, what) in keys.into_iter().chain([(&s.total, "Fluent key")]) {
            errors.extend(src.check_name(v, what));
        }
        if s.line.get_ref().is_empty() {
            errors.push(src.error(
                s.id.span(),
                format!("scenario `{}` has no lines", s.id.get_ref()),
            ));
        }
        for line in s.line.get_ref() {
            errors.extend(src.check_name(&line.label, "Fluent key"));
            errors.extend(
                line.short
                    .as_ref()
                    .and_then(|k| src.check_name(k, "Fluent key")),
            );
            if line.terms.get_ref().is_empty() {
                errors.push(src.error(line.terms.span(), "a line needs at least one term"));
            }
        }
    }
    let mut seen = BTreeMap::new();
    for c in &file.comparison {
        errors.extend(src.check_unique(&mut seen, &c.id, "comparison id"));
        errors.extend(src.check_name(&c.id, "comparison id"));
        errors.extend(src.check_name(&c.caption, "Fluent key"));
        if c.scenarios.get_ref().len() < 2 {
            let msg = "a comparison needs two or more scenarios";
            errors.push(src.error(c.scenarios.span(), msg));
        }
    }
    if errors.is_empty() {
        Ok(ScenarioDoc(file))
    } else {
        Err(errors)
    }
}
