//! `data/pricing.toml`: unit prices (exact decimals with currency, billing unit, region, source,
//! as-of), and optional exchange rates for a converted reference line under cost-table totals.

use super::rate::{self, Rate};
use super::{DecText, Src, TomlDate};
use crate::diag::Diagnostic;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;

/// What one unit of a price is billed per. Each unit fixes which quantities a scenario term
/// must give (see [`PriceUnit::needs_hours`] and [`PriceUnit::needs_gb`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PriceUnit {
    /// Per hour (of a cluster, instance, node...).
    Hour,
    /// Per GB stored for a month.
    GbMonth,
    /// Per GB (e.g. ingested).
    Gb,
    /// A flat monthly figure.
    Month,
}

impl PriceUnit {
    /// The id used in data files and Fluent keys (`unit-hour`, `unit-gb-month`, ...).
    pub fn id(self) -> &'static str {
        match self {
            PriceUnit::Hour => "hour",
            PriceUnit::GbMonth => "gb-month",
            PriceUnit::Gb => "gb",
            PriceUnit::Month => "month",
        }
    }

    /// A term of this price must say how many hours.
    pub fn needs_hours(self) -> bool {
        self == PriceUnit::Hour
    }

    /// A term of this price must say how many GB. The month of a `gb-month` price is the
    /// scenario's own month (every scenario is one month), so it is not a quantity.
    pub fn needs_gb(self) -> bool {
        matches!(self, PriceUnit::GbMonth | PriceUnit::Gb)
    }
}

/// One unit price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Price {
    /// The price's id, named by scenarios and fees.
    pub id: String,
    /// Exact, with the scale it was written with (`0.10` stays `0.10`).
    pub amount: Decimal,
    /// ISO 4217 code, e.g. `USD`.
    pub currency: String,
    /// What one unit is billed by (hour, GB-month, ...).
    pub unit: PriceUnit,
    /// The AWS region the price holds in (`ap-northeast-1`).
    pub region: String,
    /// The official pricing page.
    pub source: String,
    /// The date the price was read from its source (`check` warns when it is old).
    pub as_of: NaiveDate,
}

/// All prices by id, and the exchange rates in file order.
#[derive(Debug, Clone, Default)]
pub struct Pricing {
    prices: BTreeMap<String, Price>,
    rates: Vec<Rate>,
}

impl Pricing {
    /// The price named `id`, if the file has one.
    pub fn get(&self, id: &str) -> Option<&Price> {
        self.prices.get(id)
    }

    /// Prices in id order.
    pub fn iter(&self) -> impl Iterator<Item = &Price> {
        self.prices.values()
    }

    /// All exchange rates, in file order.
    pub fn rates(&self) -> &[Rate] {
        &self.rates
    }

    /// Warnings for rate languages that are not among the deck's `languages` (such a line would
    /// never be shown). `path` and `text` are those of `data/pricing.toml`.
    pub fn check_rate_languages(
        &self,
        languages: &[String],
        path: &Path,
        text: &str,
    ) -> Vec<Diagnostic> {
        rate::language_warnings(&self.rates, languages, &Src::new(path, text))
    }

    /// The rates converting from `currency` shown in language `lang`, in file order.
    pub fn rates_for<'a>(
        &'a self,
        currency: &'a str,
        lang: &'a str,
    ) -> impl Iterator<Item = &'a Rate> {
        self.rates
            .iter()
            .filter(move |r| r.from == currency && r.languages.iter().any(|l| l == lang))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PricingFile {
    #[serde(default)]
    price: Vec<RawPrice>,
    #[serde(default)]
    rate: Vec<rate::RawRate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrice {
    id: Spanned<String>,
    amount: Spanned<DecText>,
    currency: Spanned<String>,
    unit: PriceUnit,
    region: Spanned<String>,
    source: Spanned<String>,
    as_of: TomlDate,
}

/// Parse and validate `data/pricing.toml`; every problem is reported with its position.
pub(crate) fn parse(text: &str, path: &Path) -> Result<Pricing, Vec<Diagnostic>> {
    let src = Src::new(path, text);
    let file: PricingFile = src.parse()?;
    let mut errors = Vec::new();
    let mut seen = BTreeMap::new();
    let mut prices = BTreeMap::new();
    for raw in file.price {
        errors.extend(src.check_name(&raw.id, "price id"));
        errors.extend(src.check_unique(&mut seen, &raw.id, "price id"));
        match check_price(&src, raw) {
            Ok(price) => {
                prices.entry(price.id.clone()).or_insert(price);
            }
            Err(e) => errors.extend(e),
        }
    }
    let mut pairs = BTreeMap::new();
    let mut rates = Vec::new();
    for raw in file.rate {
        match rate::check(&src, raw, &mut pairs) {
            Ok(rate) => rates.push(rate),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(Pricing { prices, rates })
    } else {
        Err(errors)
    }
}

fn check_price(src: &Src, raw: RawPrice) -> Result<Price, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let amount = src.decimal(&raw.amount, &mut errors);
    errors.extend(check_currency(src, &raw.currency));
    if raw.region.get_ref().trim().is_empty() {
        errors.push(src.error(raw.region.span(), "empty region"));
    }
    if !raw.source.get_ref().starts_with("https://") {
        errors.push(
            src.error(raw.source.span(), "the source must be an https:// URL")
                .hint("link the official pricing page the amount was read from"),
        );
    }
    match amount {
        Some(amount) if errors.is_empty() => Ok(Price {
            id: raw.id.into_inner(),
            amount,
            currency: raw.currency.into_inner(),
            unit: raw.unit,
            region: raw.region.into_inner(),
            source: raw.source.into_inner(),
            as_of: raw.as_of.0,
        }),
        _ => Err(errors),
    }
}

/// A currency is a three-letter upper-case ISO 4217 code.
pub(super) fn check_currency(src: &Src, c: &Spanned<String>) -> Option<Diagnostic> {
    let ok = c.get_ref().len() == 3 && c.get_ref().bytes().all(|b| b.is_ascii_uppercase());
    (!ok).then(|| {
        let span: Range<usize> = c.span();
        src.error(
            span,
            format!("`{}` is not an ISO 4217 currency code", c.get_ref()),
        )
        .hint("for example \"USD\"")
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(in crate::data) const GOOD: &str = r#"
[[price]]
id = "cluster-fee"
amount = "0.10"
currency = "USD"
unit = "hour"
region = "ap-northeast-1"
source = "https://example.com/cluster/pricing/"
as_of = 2023-12-01
"#;

    pub(in crate::data) const RATE: &str = r#"
[[rate]]
from = "USD"
to = "JPY"
rate = "150"
as_of = 2023-12-01
basis = "assumed round figure for the deck, not a market quote"
languages = ["ja"]
"#;

    pub(in crate::data) fn errs(text: &str) -> Vec<Diagnostic> {
        parse(text, Path::new("data/pricing.toml")).unwrap_err()
    }

    /// The one error of `text`, as `line:col: message`.
    pub(in crate::data) fn one(text: &str) -> String {
        let e = errs(text);
        assert_eq!(e.len(), 1, "{e:#?}");
        let p = e[0].pos.expect("positioned");
        format!("{}:{}: {}", p.line, p.col, e[0].message)
    }

    #[test]
    fn parses_a_price_keeping_scale() {
        let p = parse(GOOD, Path::new("p.toml")).unwrap();
        let fee = p.get("cluster-fee").unwrap();
        assert_eq!(fee.amount.to_string(), "0.10");
        assert_eq!(fee.unit, PriceUnit::Hour);
        assert_eq!(fee.as_of, NaiveDate::from_ymd_opt(2023, 12, 1).unwrap());
    }

    #[test]
    fn the_real_file_parses() {
        let p = parse(include_str!("../../data/pricing.toml"), Path::new("p.toml")).unwrap();
        assert_eq!(p.get("amp-example-1").unwrap().unit, PriceUnit::Month);
        assert!(p.iter().all(|p| p.currency == "USD"));
    }

    #[test]
    fn toml_numbers_are_refused_for_amounts() {
        let m = one(&GOOD.replace("\"0.10\"", "0.10"));
        assert!(
            m.starts_with("4:10: ") && m.contains("written as a string"),
            "{m}"
        );
        let m = one(&GOOD.replace("\"0.10\"", "1"));
        assert!(m.starts_with("4:10: ") && m.contains("integer"), "{m}");
    }

    #[test]
    fn bad_amount_strings_are_located() {
        for bad in ["1e3", "NaN", "-1", "", " 0.1", "0,10"] {
            let m = one(&GOOD.replace("0.10", bad));
            assert!(m.starts_with("4:10: "), "{bad:?}: {m}");
        }
        assert!(one(&GOOD.replace("0.10", "-1")).contains("negative"));
    }

    #[test]
    fn duplicate_ids_point_at_the_second() {
        let e = errs(&format!("{GOOD}{GOOD}"));
        assert_eq!(e.len(), 1, "{e:#?}");
        assert_eq!(e[0].pos.unwrap().line, 12);
        assert!(e[0].message.contains("duplicate price id `cluster-fee`"));
        assert_eq!(e[0].hints, ["first defined at line 3"]);
    }

    #[test]
    fn unknown_fields_units_and_syntax() {
        let m = one(&GOOD.replace("region =", "regoin ="));
        assert!(
            m.starts_with("7:1: ") && m.contains("unknown field `regoin`"),
            "{m}"
        );
        let m = one(&GOOD.replace("\"hour\"", "\"hours\""));
        assert!(
            m.starts_with("6:8: ") && m.contains("unknown variant"),
            "{m}"
        );
        let m = one(&GOOD.replace("as_of = 2023-12-01", "as_of = 2023-12-01T10:00:00"));
        assert!(m.starts_with("9:9: ") && m.contains("no time"), "{m}");
        let m = one(&GOOD.replace("id = \"cluster-fee\"", "id = \"cluster-fee"));
        assert!(m.starts_with("3:") && m.contains("invalid TOML"), "{m}");
    }

    #[test]
    fn currency_id_and_source_are_checked() {
        let e = errs(
            &GOOD
                .replace("\"USD\"", "\"usd\"")
                .replace("\"cluster-fee\"", "\"Cluster fee\"")
                .replace("https://", "http://"),
        );
        let lines: Vec<_> = e.iter().map(|d| d.pos.unwrap().line).collect();
        assert_eq!(lines, [3, 5, 8], "{e:#?}");
    }

    #[test]
    fn twenty_thousand_levels_of_nesting_are_a_clean_error() {
        let deep = |open: &str, close: &str| {
            format!("x = {}1{}\n", open.repeat(20_000), close.repeat(20_000))
        };
        for text in [
            deep("[", "]"),
            deep("{a=", "}"),
            format!("[{}]\n", vec!["a"; 20_000].join(".")),
            format!("{} = 1\n", vec!["a"; 20_000].join(".")),
        ] {
            let e = errs(&text);
            assert_eq!(e[0].pos.unwrap().line, 1, "{e:#?}");
            assert!(e[0].message.contains("invalid TOML"), "{}", e[0].message);
        }
    }
}
