//! Directive fences rendered from the data set: ```` ```cost-table uc1-eks ````,
//! ```` ```cost-compare uc1 ```` and ```` ```lifecycle eks ```` become computed HTML tables.
//!
//! Every visible word comes from Fluent (content/<lang>/data.ftl), every number from the data
//! set, formatted by the locale (`format_money`, `format_date`, `format_decimal`); all of it is
//! HTML-escaped here.
//!
//! A cost table whose currency has a `[[rate]]` listing the page's language (data/pricing.toml)
//! gets a reference line under its total: the total converted at that rate (`money::convert`),
//! labelled by `cost-converted-<TO>`, and a sentence `cost-note-converted-<TO>` in its note.

use crate::data::{money, Comparison, CostRow, CostTable, DataSet, EksRow, Rate, RosaRow, Span};
use crate::i18n::{Arg, Strings};
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// The directive names this module renders.
pub fn is_directive(name: &str) -> bool {
    matches!(name, "cost-table" | "cost-compare" | "lifecycle")
}

/// Render directive `name` with argument `arg` (a scenario, comparison or table id). An error
/// names what is unknown (the caller adds the Markdown file and line).
pub fn render(name: &str, arg: &str, data: &DataSet, strings: &Strings) -> Result<String, String> {
    let arg = arg.trim();
    let known = |ids: Vec<&String>| {
        ids.iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match name {
        "cost-table" => match data.cost_table(arg) {
            Some(t) => cost_table(t, data, strings),
            None => Err(format!(
                "unknown scenario `{arg}` in `cost-table` (known: {})",
                known(data.scenarios.tables.keys().collect())
            )),
        },
        "cost-compare" => match data.comparison(arg) {
            Some(c) => cost_compare(c, data, strings),
            None => Err(format!(
                "unknown comparison `{arg}` in `cost-compare` (known: {})",
                known(data.scenarios.comparisons.keys().collect())
            )),
        },
        "lifecycle" => match arg {
            "eks" => lifecycle_eks(data, strings),
            "rosa" => lifecycle_rosa(data, strings),
            _ => Err(format!(
                "unknown lifecycle table `{arg}` (known: `eks`, `rosa`)"
            )),
        },
        _ => Err(format!("unknown directive `{name}`")),
    }
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

/// Fluent arguments from (name, value) pairs.
fn args<const N: usize>(pairs: [(&str, Arg); N]) -> BTreeMap<String, Arg> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn s(v: String) -> Arg {
    Arg::Str(v)
}

/// A Fluent message, HTML-escaped.
fn t(strings: &Strings, key: &str, a: &BTreeMap<String, Arg>) -> Result<String, String> {
    strings.get(key, a).map(|v| text(&v).into_owned())
}

fn t0(strings: &Strings, key: &str) -> Result<String, String> {
    t(strings, key, &BTreeMap::new())
}

/// `<thead>` with one `<th scope="col">` per (class, escaped label).
fn head(cols: &[(&str, String)]) -> String {
    let cells: String = cols
        .iter()
        .map(|(class, label)| match *class {
            "" => format!("<th scope=\"col\">{label}</th>"),
            c => format!("<th scope=\"col\" class=\"{c}\">{label}</th>"),
        })
        .collect();
    format!("<thead><tr>{cells}</tr></thead>")
}

/// A unit price with its unit: "$0.10/hour", "0.10 USD/時間".
fn price_per_unit(
    strings: &Strings,
    amount: Decimal,
    currency: &str,
    unit: &str,
) -> Result<String, String> {
    let price = strings.format_money(amount, currency)?;
    let unit = strings.get0(&format!("unit-{unit}"))?;
    strings.get(
        "price-per-unit",
        &args([("price", s(price)), ("unit", s(unit))]),
    )
}

/// The arguments of a row label: `$<price-id>` (price with unit) and its quantities.
fn row_args(row: &CostRow, strings: &Strings) -> Result<BTreeMap<String, Arg>, String> {
    let mut a = BTreeMap::new();
    for term in &row.terms {
        let p = &term.price;
        let price = price_per_unit(strings, term.unit_price, &row.currency, term.unit.id())?;
        a.insert(p.clone(), s(price));
        for (suffix, q) in [
            ("gb", term.gb),
            ("count", term.count),
            ("hours", term.hours),
        ] {
            if let Some(q) = q {
                a.insert(format!("{p}-{suffix}"), s(strings.format_decimal(q)?));
            }
        }
    }
    Ok(a)
}

/// The note under a cost table: rounding rule, `extra` sentences (escaped HTML, e.g. how a
/// converted total was computed), price date, sources.
fn cost_note(
    strings: &Strings,
    as_of: chrono::NaiveDate,
    sources: &[&String],
    extra: &[String],
) -> Result<String, String> {
    let date = strings.format_date(as_of)?;
    let links: Vec<String> = sources
        .iter()
        .map(|u| {
            format!(
                "<a href=\"{}\">{}</a>",
                attr(u),
                text(u.trim_start_matches("https://"))
            )
        })
        .collect();
    let extra: String = extra.iter().map(|e| format!(" {e}")).collect();
    Ok(format!(
        "<p class=\"table-note\">{}{extra} {} {} {}</p>",
        t0(strings, "cost-note-rounding")?,
        t(strings, "cost-note-as-of", &args([("date", s(date))]))?,
        t0(strings, "cost-note-sources")?,
        links.join(", ")
    ))
}

fn cost_table(table: &CostTable, data: &DataSet, strings: &Strings) -> Result<String, String> {
    let money = |v| {
        strings
            .format_money(v, &table.currency)
            .map(|m| text(&m).into_owned())
    };
    let hours = args([("hours", s(strings.format_decimal(table.hours_per_month)?))]);
    let currency = args([("currency", s(table.currency.clone()))]);
    let mut h = format!(
        "<figure class=\"computed cost-table\" data-scenario=\"{}\"><table><caption>{}</caption>",
        attr(&table.id),
        t(strings, &table.caption, &hours)?
    );
    h += &head(&[
        ("", t0(strings, "cost-col-service")?),
        ("formula", t0(strings, "cost-col-formula")?),
        ("num", t(strings, "cost-col-amount", &currency)?),
    ]);
    h += "<tbody>";
    for row in &table.rows {
        h += &format!(
            "<tr><th scope=\"row\">{}</th><td class=\"formula\">{}</td><td class=\"num\">{}</td></tr>",
            t(strings, &row.label, &row_args(row, strings)?)?,
            terms_whole(&text(&row.formula)),
            money(row.amount)?
        );
    }
    h += &format!(
        "</tbody><tfoot><tr><th scope=\"row\" colspan=\"2\">{}</th><td class=\"num\">{}</td></tr>",
        t0(strings, &table.total_label)?,
        money(table.total)?
    );
    let mut notes = Vec::new();
    for rate in data.pricing.rates_for(&table.currency, &strings.lang) {
        let (row, note) = converted_total(table, rate, strings)?;
        h += &row;
        notes.push(note);
    }
    h += "</tfoot></table>";
    let sources: Vec<&String> = table.sources.iter().collect();
    h += &cost_note(strings, table.as_of, &sources, &notes)?;
    Ok(h + "</figure>")
}

/// The total of `table` converted at `rate`: a `<tfoot>` row (label `cost-converted-<TO>`, the
/// amount formatted as `money-<TO>`) and the escaped sentence for the table note
/// (`cost-note-converted-<TO>`). Both messages get `$from`, `$to`, `$rate` (one `from` in `to`,
/// formatted as money) and `$date` (the rate's as-of date).
fn converted_total(
    table: &CostTable,
    rate: &Rate,
    strings: &Strings,
) -> Result<(String, String), String> {
    let amount = money::convert(table.total, rate.rate, &rate.to).ok_or_else(|| {
        format!(
            "the total of `{}` converted to {} is too large",
            table.id, rate.to
        )
    })?;
    let a = args([
        ("from", s(rate.from.clone())),
        ("to", s(rate.to.clone())),
        ("rate", s(strings.format_money(rate.rate, &rate.to)?)),
        ("date", s(strings.format_date(rate.as_of)?)),
    ]);
    let row = format!(
        "<tr class=\"converted\"><th scope=\"row\" colspan=\"2\">{}</th><td class=\"num\">{}</td></tr>",
        t(strings, &format!("cost-converted-{}", rate.to), &a)?,
        text(&strings.format_money(amount, &rate.to)?)
    );
    let note = t(strings, &format!("cost-note-converted-{}", rate.to), &a)?;
    Ok((row, note))
}

/// A difference with its sign: "+$171.33", "−$5.00".
fn signed_money(strings: &Strings, value: Decimal, currency: &str) -> Result<String, String> {
    let (magnitude, sign) = crate::data::money::split_sign(value);
    let amount = strings.format_money(magnitude, currency)?;
    let key = match sign {
        Ordering::Greater => "cost-diff-positive",
        Ordering::Less => "cost-diff-negative",
        Ordering::Equal => "cost-diff-zero",
    };
    t(strings, key, &args([("amount", s(amount))]))
}

fn cost_compare(c: &Comparison, data: &DataSet, strings: &Strings) -> Result<String, String> {
    let missing = |id: &str| format!("comparison `{}` names unknown scenario `{id}`", c.id);
    let base = data.cost_table(&c.base).ok_or_else(|| missing(&c.base))?;
    let versus = data
        .cost_table(&c.versus)
        .ok_or_else(|| missing(&c.versus))?;
    let hours = args([("hours", s(strings.format_decimal(base.hours_per_month)?))]);
    let currency = args([("currency", s(base.currency.clone()))]);
    let mut h = format!(
        "<figure class=\"computed cost-compare\" data-comparison=\"{}\"><table><caption>{}</caption>",
        attr(&c.id),
        t(strings, &c.caption, &hours)?
    );
    h += &head(&[
        ("", t0(strings, "cost-col-platform")?),
        ("num", t(strings, "cost-col-monthly-total", &currency)?),
    ]);
    h += "<tbody>";
    for table in [base, versus] {
        let total = strings.format_money(table.total, &table.currency)?;
        h += &format!(
            "<tr data-scenario=\"{}\"><th scope=\"row\">{}</th><td class=\"num\">{}</td></tr>",
            attr(&table.id),
            t0(strings, &table.name)?,
            text(&total)
        );
    }
    let names = args([
        ("base", s(strings.get0(&base.name)?)),
        ("versus", s(strings.get0(&versus.name)?)),
    ]);
    h += &format!(
        "</tbody><tfoot><tr><th scope=\"row\">{}</th><td class=\"num\">{}</td></tr></tfoot></table>",
        t(strings, "cost-compare-difference", &names)?,
        signed_money(strings, c.difference, &base.currency)?
    );
    let mut sources: Vec<&String> = base.sources.iter().collect();
    sources.extend(versus.sources.iter().filter(|u| !base.sources.contains(u)));
    h += &cost_note(strings, base.as_of.min(versus.as_of), &sources, &[])?;
    Ok(h + "</figure>")
}

/// "14 months 16 days" / "14ヶ月16日".
fn span(strings: &Strings, sp: Span) -> Result<String, String> {
    let a = args([
        ("months", Arg::Int(sp.months.into())),
        ("days", Arg::Int(sp.days.into())),
    ]);
    t(strings, "lifecycle-span", &a)
}

fn date(strings: &Strings, d: chrono::NaiveDate) -> Result<String, String> {
    strings.format_date(d).map(|v| text(&v).into_owned())
}

/// `<td>` cells: escaped dates, spans (numeric), then the status badge.
fn life_cells(
    strings: &Strings,
    dates: &[chrono::NaiveDate],
    spans: &[Span],
    status: &str,
) -> Result<String, String> {
    let mut h = String::new();
    for d in dates {
        h += &format!("<td>{}</td>", date(strings, *d)?);
    }
    for sp in spans {
        h += &format!("<td class=\"num\">{}</td>", span(strings, *sp)?);
    }
    let label = t0(strings, &format!("lifecycle-status-{status}"))?;
    Ok(h + &format!("<td><span class=\"status status--{status}\">{label}</span></td>"))
}

/// Opening of a lifecycle figure: caption with the as-of date, then the header.
fn life_open(
    strings: &Strings,
    data: &DataSet,
    which: &str,
    cols: &[&str],
) -> Result<String, String> {
    let as_of = args([("date", s(strings.format_date(data.lifecycle.as_of)?))]);
    let mut labels = Vec::new();
    for c in cols {
        let class = if c.ends_with("-span") { "num" } else { "" };
        labels.push((class, t0(strings, &format!("lifecycle-col-{c}"))?));
    }
    Ok(format!(
        "<figure class=\"computed lifecycle\" data-lifecycle=\"{which}\"><table><caption>{}</caption>{}<tbody>",
        t(strings, &format!("lifecycle-{which}-caption"), &as_of)?,
        head(&labels)
    ))
}

/// Closing of a lifecycle figure: the note (status date, extra sentence, source link).
fn life_close(
    strings: &Strings,
    data: &DataSet,
    extra: &str,
    source: &str,
) -> Result<String, String> {
    let as_of = args([("date", s(strings.format_date(data.lifecycle.as_of)?))]);
    Ok(format!(
        "</tbody></table><p class=\"table-note\">{}{extra} {} <a href=\"{}\">{}</a></p></figure>",
        t(strings, "lifecycle-note-status", &as_of)?,
        t0(strings, "lifecycle-note-source")?,
        attr(source),
        text(source.trim_start_matches("https://"))
    ))
}

fn lifecycle_eks(data: &DataSet, strings: &Strings) -> Result<String, String> {
    let cols = [
        "kubernetes",
        "upstream-release",
        "eks-release",
        "end-of-standard",
        "end-of-extended",
        "standard-span",
        "extended-span",
        "status",
    ];
    let mut h = life_open(strings, data, "eks", &cols)?;
    for r in &data.lifecycle.eks {
        let EksRow {
            upstream_release,
            eks_release,
            end_of_standard,
            end_of_extended,
            ..
        } = *r;
        let dates = [
            upstream_release,
            eks_release,
            end_of_standard,
            end_of_extended,
        ];
        let cells = life_cells(strings, &dates, &[r.standard, r.extended], r.status.id())?;
        h += &row_html(&r.kubernetes, r.status.id(), &cells);
    }
    let life = &data.lifecycle;
    let fee = life
        .extended_cluster_fee(&data.pricing)
        .ok_or("the EKS cluster price is missing")?;
    let currency = &data
        .pricing
        .get(&life.eks_cluster_price)
        .ok_or("no EKS cluster price")?
        .currency;
    let extra = args([
        (
            "factor",
            s(strings.format_decimal(life.eks_extended_fee_factor)?),
        ),
        ("fee", s(price_per_unit(strings, fee, currency, "hour")?)),
    ]);
    let extra = format!(" {}", t(strings, "lifecycle-note-extended", &extra)?);
    Ok(h + &life_close(strings, data, &extra, &life.eks_source)?)
}

fn lifecycle_rosa(data: &DataSet, strings: &Strings) -> Result<String, String> {
    let cols = [
        "kubernetes",
        "rosa-version",
        "rosa-release",
        "end-of-life",
        "support-span",
        "status",
    ];
    let mut h = life_open(strings, data, "rosa", &cols)?;
    for r in &data.lifecycle.rosa {
        let RosaRow {
            release,
            end_of_life,
            support,
            status,
            ..
        } = *r;
        let cells = life_cells(strings, &[release, end_of_life], &[support], status.id())?;
        let cells = format!("<td>{}</td>{cells}", text(&r.rosa));
        h += &row_html(&r.kubernetes, status.id(), &cells);
    }
    Ok(h + &life_close(strings, data, "", &data.lifecycle.rosa_source)?)
}

/// A lifecycle row: the version as row header, then `cells`.
fn row_html(version: &str, status: &str, cells: &str) -> String {
    format!(
        "<tr data-status=\"{status}\"><th scope=\"row\">{}</th>{cells}</tr>",
        text(version)
    )
}

#[cfg(test)]
#[path = "directive_tests.rs"]
mod tests;
