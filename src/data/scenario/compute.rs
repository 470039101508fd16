//! Scenarios computed against the pricing: each price id resolved (one currency per scenario,
//! units that match), every line and total in exact decimals with one rounding rule, and the
//! comparisons between computed tables.

use super::*;

/// Resolve price ids, check units and currencies, and compute every table and comparison.
pub(crate) fn compute(
    doc: ScenarioDoc,
    pricing: &Pricing,
    src: &Src,
) -> Result<Scenarios, Vec<Diagnostic>> {
    let file = doc.0;
    let mut errors = Vec::new();
    let Some(hours_per_month) = src.decimal(&file.hours_per_month, &mut errors) else {
        return Err(errors);
    };
    let mut tables = BTreeMap::new();
    let mut failed = Vec::new();
    for raw in &file.scenario {
        match compute_table(raw, pricing, hours_per_month, src, &mut errors) {
            Some(t) => {
                tables.insert(t.id.clone(), t);
            }
            None => failed.push(raw.id.get_ref().as_str()),
        }
    }
    let mut comparisons = BTreeMap::new();
    for raw in &file.comparison {
        // A comparison of a scenario that has errors would only repeat them.
        let mut ids = raw.scenarios.get_ref().iter();
        if !ids.any(|id| failed.contains(&id.get_ref().as_str())) {
            if let Some(c) = compare(raw, &tables, src, &mut errors) {
                comparisons.insert(c.id.clone(), c);
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Scenarios {
        hours_per_month,
        tables,
        comparisons,
    })
}

/// One scenario's table, or `None` with its errors pushed.
fn compute_table(
    raw: &RawScenario,
    pricing: &Pricing,
    hours_per_month: Decimal,
    src: &Src,
    errors: &mut Vec<Diagnostic>,
) -> Option<CostTable> {
    let before = errors.len();
    let mut rows = Vec::new();
    let mut used: Vec<&Price> = Vec::new();
    for line in raw.line.get_ref() {
        let mut terms = Vec::new();
        for term in line.terms.get_ref() {
            let Some(price) = resolve(term, raw, pricing, &used, src, errors) else {
                continue;
            };
            used.push(price);
            terms.extend(compute_term(term, price, hours_per_month, src, errors));
        }
        let currency = used
            .first()
            .map(|p| p.currency.as_str())
            .unwrap_or_default();
        rows.extend(make_row(line, terms, currency, src, errors));
    }
    let total = sum_rounded(rows.iter().map(|r| r.amount));
    if total.is_none() {
        errors.push(src.error(raw.id.span(), "the total overflows a decimal"));
    }
    if errors.len() > before {
        return None;
    }
    let mut sources: Vec<String> = used.iter().map(|p| p.source.clone()).collect();
    let mut seen = std::collections::BTreeSet::new();
    sources.retain(|s| seen.insert(s.clone()));
    Some(CostTable {
        id: raw.id.get_ref().clone(),
        name: raw.name.get_ref().clone(),
        caption: raw.caption.get_ref().clone(),
        total_label: raw.total.get_ref().clone(),
        currency: used[0].currency.clone(),
        hours_per_month,
        rows,
        total: total?,
        as_of: used.iter().map(|p| p.as_of).min()?,
        sources,
    })
}

/// The price of a term: it must exist and share the currency of the scenario's first price.
fn resolve<'p>(
    term: &Spanned<RawTerm>,
    raw: &RawScenario,
    pricing: &'p Pricing,
    used: &[&Price],
    src: &Src,
    errors: &mut Vec<Diagnostic>,
) -> Option<&'p Price> {
    let id = &term.get_ref().price;
    let Some(price) = pricing.get(id.get_ref()) else {
        let msg = format!("unknown price id `{}`", id.get_ref());
        errors.push(
            src.error(id.span(), msg)
                .hint("prices are defined in data/pricing.toml"),
        );
        return None;
    };
    if let Some(first) = used.first().filter(|f| f.currency != price.currency) {
        let msg = format!(
            "currency mismatch: price `{}` is in {} but scenario `{}` is in {} (price `{}`)",
            price.id,
            price.currency,
            raw.id.get_ref(),
            first.currency,
            first.id
        );
        errors.push(src.error(id.span(), msg));
    }
    Some(price)
}

/// A row from its computed terms: exact sum, the rounding rule, the formula.
fn make_row(
    line: &RawLine,
    terms: Vec<CostTerm>,
    currency: &str,
    src: &Src,
    errors: &mut Vec<Diagnostic>,
) -> Option<CostRow> {
    let exact = terms
        .iter()
        .try_fold(Decimal::ZERO, |acc, t| acc.checked_add(t.exact));
    let Some(exact) = exact else {
        errors.push(src.error(line.terms.span(), "the line amount overflows a decimal"));
        return None;
    };
    Some(CostRow {
        label: line.label.get_ref().clone(),
        short: line.short.as_ref().map(|k| k.get_ref().clone()),
        formula: terms
            .iter()
            .map(CostTerm::formula)
            .collect::<Vec<_>>()
            .join(" + "),
        exact,
        amount: round_line(exact),
        currency: currency.to_string(),
        terms,
    })
}

/// Check a term's quantities against its price's unit and multiply, exactly.
fn compute_term(
    term: &Spanned<RawTerm>,
    price: &Price,
    hours_per_month: Decimal,
    src: &Src,
    errors: &mut Vec<Diagnostic>,
) -> Option<CostTerm> {
    let (t, before) = (term.get_ref(), errors.len());
    let unit = price.unit.id();
    let mut quantity = |v: &Option<Spanned<DecText>>, needed: bool, what: &str| match (v, needed) {
        (None, true) => {
            let msg = format!(
                "price `{}` is per {unit}: this term needs `{what}`",
                price.id
            );
            errors.push(src.error(term.span(), msg));
            None
        }
        (Some(v), false) => {
            let msg = format!(
                "unit mismatch: price `{}` is per {unit}, so a quantity in `{what}` does not apply",
                price.id
            );
            errors.push(src.error(v.span(), msg));
            None
        }
        (None, false) => None,
        (Some(v), true) if what == "hours" && v.get_ref().0 == "month" => Some(hours_per_month),
        (Some(v), true) => src.decimal(v, errors),
    };
    let gb = quantity(&t.gb, price.unit.needs_gb(), "gb");
    let hours = quantity(&t.hours, price.unit.needs_hours(), "hours");
    let count = t.count.as_ref().and_then(|c| src.decimal(c, errors));
    if errors.len() > before {
        return None;
    }
    let mut out = CostTerm {
        price: price.id.clone(),
        unit_price: price.amount,
        unit: price.unit,
        gb,
        count,
        hours,
        exact: Decimal::ZERO,
    };
    let factors = out.factors();
    match factors[1..]
        .iter()
        .try_fold(factors[0], |acc, f| acc.checked_mul(*f))
    {
        Some(exact) => out.exact = exact,
        None => errors.push(src.error(term.span(), "this term overflows a decimal")),
    }
    (errors.len() == before).then_some(out)
}

fn compare(
    raw: &RawComparison,
    tables: &BTreeMap<String, CostTable>,
    src: &Src,
    errors: &mut Vec<Diagnostic>,
) -> Option<Comparison> {
    let mut found = Vec::new();
    for id in raw.scenarios.get_ref() {
        match tables.get(id.get_ref()) {
            Some(t) => found.push((t, id)),
            None => {
                let msg = format!("unknown scenario `{}`", id.get_ref());
                let known: Vec<String> = tables.keys().map(|k| format!("`{k}`")).collect();
                errors.push(src.error(id.span(), msg).hint(format!(
                    "scenarios are the [[scenario]] tables of this file: {}",
                    known.join(", ")
                )));
            }
        }
    }
    if found.len() < raw.scenarios.get_ref().len() {
        return None;
    }
    let base = found[0].0;
    let mut differences = Vec::new();
    for (t, id) in &found[1..] {
        let d = (base.currency == t.currency)
            .then(|| t.total.checked_sub(base.total))
            .flatten();
        match d {
            Some(d) => differences.push(d),
            None => {
                let msg = format!(
                    "cannot compare `{}` ({}) with `{}` ({}): currency mismatch or overflow",
                    base.id, base.currency, t.id, t.currency
                );
                errors.push(src.error(id.span(), msg));
                return None;
            }
        }
    }
    Some(Comparison {
        id: raw.id.get_ref().clone(),
        caption: raw.caption.get_ref().clone(),
        scenarios: found.iter().map(|(t, _)| t.id.clone()).collect(),
        differences,
    })
}
