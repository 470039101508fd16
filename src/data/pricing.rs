//! `data/pricing.toml`: unit prices (exact decimals with currency, billing unit, region, source,
//! as-of), and optional exchange rates for a converted reference line under cost-table totals.

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
    pub id: String,
    /// Exact, with the scale it was written with (`0.10` stays `0.10`).
    pub amount: Decimal,
    /// ISO 4217 code, e.g. `USD`.
    pub currency: String,
    pub unit: PriceUnit,
    pub region: String,
    /// The official pricing page.
    pub source: String,
    pub as_of: NaiveDate,
}

/// An exchange rate (`[[rate]]`): the cost tables in currency `from` show their total converted
/// into `to` on the decks of `languages`, as a reference line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rate {
    /// ISO 4217 code of the tables converted, e.g. `USD`.
    pub from: String,
    /// ISO 4217 code converted into, e.g. `JPY`.
    pub to: String,
    /// Units of `to` per one unit of `from`; exact, > 0, with its written scale.
    pub rate: Decimal,
    pub as_of: NaiveDate,
    /// Where the figure comes from (documentation; not rendered).
    pub basis: String,
    /// Language codes whose decks show the converted line.
    pub languages: Vec<String>,
    /// Spans of the language codes in the file, for checks against the deck's languages.
    language_spans: Vec<Range<usize>>,
}

/// All prices by id, and the exchange rates in file order.
#[derive(Debug, Clone, Default)]
pub struct Pricing {
    prices: BTreeMap<String, Price>,
    rates: Vec<Rate>,
}

impl Pricing {
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

    /// Warnings for rate languages that are not among the deck's `languages` (such a line would
    /// never be shown). `path` and `text` are those of `data/pricing.toml`.
    pub fn check_rate_languages(
        &self,
        languages: &[String],
        path: &Path,
        text: &str,
    ) -> Vec<Diagnostic> {
        let src = Src::new(path, text);
        let mut out = Vec::new();
        for r in &self.rates {
            for (lang, span) in r.languages.iter().zip(&r.language_spans) {
                if !languages.contains(lang) {
                    out.push(
                        Diagnostic::warning(format!(
                            "rate {} -> {} names language `{lang}`, which is not one of the deck's languages",
                            r.from, r.to
                        ))
                        .in_file(src.path)
                        .at_offset(src.text, span.start)
                        .hint(format!("deck.toml lists: {}", languages.join(", "))),
                    );
                }
            }
        }
        out
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PricingFile {
    #[serde(default)]
    price: Vec<RawPrice>,
    #[serde(default)]
    rate: Vec<RawRate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRate {
    from: Spanned<String>,
    to: Spanned<String>,
    rate: Spanned<DecText>,
    as_of: TomlDate,
    basis: Spanned<String>,
    languages: Spanned<Vec<Spanned<String>>>,
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
pub fn parse(text: &str, path: &Path) -> Result<Pricing, Vec<Diagnostic>> {
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
        match check_rate(&src, raw, &mut pairs) {
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

/// Validate one `[[rate]]`; `pairs` holds the (from, to) pairs seen so far with their offsets.
fn check_rate(
    src: &Src,
    raw: RawRate,
    pairs: &mut BTreeMap<(String, String), usize>,
) -> Result<Rate, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let (from, to) = (raw.from.get_ref(), raw.to.get_ref());
    let from_err = check_currency(src, &raw.from);
    let to_err = check_currency(src, &raw.to);
    let codes_ok = from_err.is_none() && to_err.is_none();
    errors.extend(from_err);
    errors.extend(to_err);
    if codes_ok && from == to {
        errors.push(src.error(
            raw.to.span(),
            format!("a rate converts between two currencies, but `from` and `to` are both `{to}`"),
        ));
    } else if codes_ok {
        match pairs.get(&(from.clone(), to.clone())) {
            Some(&first) => errors.push(
                src.error(
                    raw.from.span(),
                    format!("duplicate rate from {from} to {to}"),
                )
                .hint(format!("first defined at line {}", src.line_of(first))),
            ),
            None => {
                pairs.insert((from.clone(), to.clone()), raw.from.span().start);
            }
        }
    }
    let rate = src.decimal(&raw.rate, &mut errors);
    if rate.is_some_and(|r| r.is_zero()) {
        errors.push(
            src.error(raw.rate.span(), "a rate must be greater than 0")
                .hint("write how many units of `to` one unit of `from` is, e.g. \"150\""),
        );
    }
    if raw.basis.get_ref().trim().is_empty() {
        errors.push(
            src.error(raw.basis.span(), "empty basis").hint(
                "say where the figure comes from, e.g. \"assumed round figure for the deck\"",
            ),
        );
    }
    let languages = raw.languages.get_ref();
    if languages.is_empty() {
        errors.push(
            src.error(
                raw.languages.span(),
                "empty languages: no deck would show this rate",
            )
            .hint("list the language codes whose decks show the converted line, e.g. [\"ja\"]"),
        );
    }
    for (i, l) in languages.iter().enumerate() {
        if !crate::config::is_lang_code(l.get_ref()) {
            errors.push(src.error(
                l.span(),
                format!("`{}` is not a language code like `ja` or `en`", l.get_ref()),
            ));
        } else if languages[..i].iter().any(|p| p.get_ref() == l.get_ref()) {
            errors.push(src.error(
                l.span(),
                format!("language `{}` is listed twice", l.get_ref()),
            ));
        }
    }
    match rate {
        Some(rate) if errors.is_empty() => Ok(Rate {
            from: raw.from.into_inner(),
            to: raw.to.into_inner(),
            rate,
            as_of: raw.as_of.0,
            basis: raw.basis.into_inner(),
            language_spans: languages.iter().map(|l| l.span()).collect(),
            languages: raw
                .languages
                .into_inner()
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
        }),
        _ => Err(errors),
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
fn check_currency(src: &Src, c: &Spanned<String>) -> Option<Diagnostic> {
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
mod tests {
    use super::*;

    const GOOD: &str = r#"
[[price]]
id = "eks-cluster"
amount = "0.10"
currency = "USD"
unit = "hour"
region = "ap-northeast-1"
source = "https://aws.amazon.com/eks/pricing/"
as_of = 2023-12-01
"#;

    const RATE: &str = r#"
[[rate]]
from = "USD"
to = "JPY"
rate = "150"
as_of = 2023-12-01
basis = "assumed round figure for the deck, not a market quote"
languages = ["ja"]
"#;

    fn errs(text: &str) -> Vec<Diagnostic> {
        parse(text, Path::new("data/pricing.toml")).unwrap_err()
    }

    /// The one error of `text`, as `line:col: message`.
    fn one(text: &str) -> String {
        let e = errs(text);
        assert_eq!(e.len(), 1, "{e:#?}");
        let p = e[0].pos.expect("positioned");
        format!("{}:{}: {}", p.line, p.col, e[0].message)
    }

    #[test]
    fn parses_a_price_keeping_scale() {
        let p = parse(GOOD, Path::new("p.toml")).unwrap();
        let eks = p.get("eks-cluster").unwrap();
        assert_eq!(eks.amount.to_string(), "0.10");
        assert_eq!(eks.unit, PriceUnit::Hour);
        assert_eq!(eks.as_of, NaiveDate::from_ymd_opt(2023, 12, 1).unwrap());
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
        assert!(e[0].message.contains("duplicate price id `eks-cluster`"));
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
        let m = one(&GOOD.replace("id = \"eks-cluster\"", "id = \"eks-cluster"));
        assert!(m.starts_with("3:") && m.contains("invalid TOML"), "{m}");
    }

    #[test]
    fn currency_id_and_source_are_checked() {
        let e = errs(
            &GOOD
                .replace("\"USD\"", "\"usd\"")
                .replace("\"eks-cluster\"", "\"EKS cluster\"")
                .replace("https://", "http://"),
        );
        let lines: Vec<_> = e.iter().map(|d| d.pos.unwrap().line).collect();
        assert_eq!(lines, [3, 5, 8], "{e:#?}");
    }

    /// The one error of GOOD followed by RATE with `old` replaced by `new`, as `line:col: message`
    /// (RATE's `[[rate]]` is line 11 of that text, `from` line 12 ... `languages` line 17).
    fn rate_error(old: &str, new: &str) -> String {
        one(&format!("{GOOD}{}", RATE.replacen(old, new, 1)))
    }

    #[test]
    fn parses_a_rate() {
        let p = parse(&format!("{GOOD}{RATE}"), Path::new("p.toml")).unwrap();
        let r = &p.rates()[0];
        assert_eq!((r.from.as_str(), r.to.as_str()), ("USD", "JPY"));
        assert_eq!(r.rate.to_string(), "150");
        assert_eq!(r.as_of, NaiveDate::from_ymd_opt(2023, 12, 1).unwrap());
        assert_eq!(r.languages, ["ja"]);
        assert_eq!(p.rates_for("USD", "ja").count(), 1);
        assert_eq!(p.rates_for("USD", "en").count(), 0);
        assert_eq!(p.rates_for("EUR", "ja").count(), 0);
        // Rates are optional.
        assert!(parse(GOOD, Path::new("p.toml")).unwrap().rates().is_empty());
    }

    #[test]
    fn the_real_file_has_the_assumed_yen_rate_for_ja_only() {
        let p = parse(include_str!("../../data/pricing.toml"), Path::new("p.toml")).unwrap();
        let r: Vec<&Rate> = p.rates_for("USD", "ja").collect();
        assert_eq!(r.len(), 1);
        assert_eq!(
            (r[0].to.as_str(), r[0].rate.to_string()),
            ("JPY", "150".into())
        );
        assert!(r[0].basis.contains("not a market quote"), "{}", r[0].basis);
        assert_eq!(p.rates_for("USD", "en").count(), 0);
    }

    #[test]
    fn bad_rate_currencies() {
        let m = rate_error("from = \"USD\"", "from = \"usd\"");
        assert!(
            m.starts_with("12:8: ") && m.contains("`usd` is not an ISO 4217"),
            "{m}"
        );
        let m = rate_error("to = \"JPY\"", "to = \"YEN!\"");
        assert!(
            m.starts_with("13:6: ") && m.contains("`YEN!` is not an ISO 4217"),
            "{m}"
        );
        let m = rate_error("to = \"JPY\"", "to = \"USD\"");
        assert!(
            m.starts_with("13:6: ") && m.contains("`from` and `to` are both `USD`"),
            "{m}"
        );
    }

    #[test]
    fn duplicate_rate_pairs_point_at_the_second() {
        let e = errs(&format!("{GOOD}{RATE}{RATE}"));
        assert_eq!(e.len(), 1, "{e:#?}");
        assert_eq!(e[0].pos.unwrap().line, 20);
        assert_eq!(e[0].pos.unwrap().col, 8);
        assert_eq!(e[0].message, "duplicate rate from USD to JPY");
        assert_eq!(e[0].hints, ["first defined at line 12"]);
        // The reverse direction is another pair.
        let reverse = RATE
            .replace("\"USD\"", "\"X\"")
            .replace("\"JPY\"", "\"USD\"");
        let reverse = reverse.replace("\"X\"", "\"JPY\"");
        assert!(parse(&format!("{GOOD}{RATE}{reverse}"), Path::new("p.toml")).is_ok());
    }

    #[test]
    fn bad_rate_values() {
        let m = rate_error("\"150\"", "\"0\"");
        assert!(
            m.starts_with("14:8: ") && m.contains("greater than 0"),
            "{m}"
        );
        let m = rate_error("\"150\"", "\"0.000\"");
        assert!(
            m.starts_with("14:8: ") && m.contains("greater than 0"),
            "{m}"
        );
        let m = rate_error("\"150\"", "\"-150\"");
        assert!(m.starts_with("14:8: ") && m.contains("negative"), "{m}");
        for bad in ["1.5e2", "150 yen", "150,00", ""] {
            let m = rate_error("\"150\"", &format!("\"{bad}\""));
            assert!(m.starts_with("14:8: "), "{bad:?}: {m}");
        }
        let m = rate_error("\"150\"", "150");
        assert!(
            m.starts_with("14:8: ") && m.contains("written as a string"),
            "{m}"
        );
    }

    #[test]
    fn bad_rate_languages_basis_and_fields() {
        let m = rate_error("[\"ja\"]", "[]");
        assert!(
            m.starts_with("17:13: ") && m.contains("empty languages"),
            "{m}"
        );
        let m = rate_error("[\"ja\"]", "[\"ja\", \"ja\"]");
        assert!(
            m.starts_with("17:20: ") && m.contains("listed twice"),
            "{m}"
        );
        let m = rate_error("[\"ja\"]", "[\"Japanese!\"]");
        assert!(
            m.starts_with("17:14: ") && m.contains("not a language code"),
            "{m}"
        );
        let m = rate_error(
            "\"assumed round figure for the deck, not a market quote\"",
            "\" \"",
        );
        assert!(m.starts_with("16:9: ") && m.contains("empty basis"), "{m}");
        let m = rate_error("as_of =", "as_off =");
        assert!(
            m.starts_with("15:1: ") && m.contains("unknown field `as_off`"),
            "{m}"
        );
        let m = rate_error("as_of = 2023-12-01", "as_of = \"2023-12-01\"");
        assert!(m.starts_with("15:9: "), "{m}");
    }

    #[test]
    fn rate_languages_outside_the_deck_are_warnings() {
        let text = format!("{GOOD}{}", RATE.replace("[\"ja\"]", "[\"ja\", \"jp\"]"));
        let p = parse(&text, Path::new("data/pricing.toml")).unwrap();
        let path = Path::new("data/pricing.toml");
        let w = p.check_rate_languages(&["ja".into(), "en".into()], path, &text);
        assert_eq!(w.len(), 1, "{w:#?}");
        assert!(!w[0].is_error());
        assert_eq!((w[0].pos.unwrap().line, w[0].pos.unwrap().col), (17, 20));
        assert!(w[0].message.contains("`jp`"), "{}", w[0].message);
        assert!(p
            .check_rate_languages(&["jp".into(), "ja".into()], path, &text)
            .is_empty());
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
