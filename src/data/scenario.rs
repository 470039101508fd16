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
    pub price: String,
    pub unit_price: Decimal,
    pub unit: PriceUnit,
    pub gb: Option<Decimal>,
    /// Dimensionless multiplier (nodes, instances).
    pub count: Option<Decimal>,
    pub hours: Option<Decimal>,
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
    pub terms: Vec<CostTerm>,
    /// `0.248 × 3 × 730 + 0.08 × 300 × 3`.
    pub formula: String,
    /// Sum of the terms, unrounded.
    pub exact: Decimal,
    /// `exact` rounded by the rule (to the cent, half away from zero).
    pub amount: Decimal,
    pub currency: String,
}

/// A scenario computed: rows and total (the sum of the rounded rows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostTable {
    pub id: String,
    /// Fluent keys: short name (comparisons), caption, total row label.
    pub name: String,
    pub caption: String,
    pub total_label: String,
    pub currency: String,
    pub hours_per_month: Decimal,
    pub rows: Vec<CostRow>,
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
    pub id: String,
    /// Fluent key of the caption.
    pub caption: String,
    pub scenarios: Vec<String>,
    pub differences: Vec<Decimal>,
}

impl Comparison {
    pub fn base(&self) -> &str {
        &self.scenarios[0]
    }
}

/// All scenarios and comparisons by id.
#[derive(Debug, Clone)]
pub struct Scenarios {
    pub hours_per_month: Decimal,
    pub tables: BTreeMap<String, CostTable>,
    pub comparisons: BTreeMap<String, Comparison>,
}

/// `data/scenarios.toml` parsed, with the checks that need no prices done.
pub struct ScenarioDoc(ScenarioFile);

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
pub fn parse(text: &str, path: &Path) -> Result<ScenarioDoc, Vec<Diagnostic>> {
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
