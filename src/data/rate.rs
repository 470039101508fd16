//! `[[rate]]` of `data/pricing.toml`: exchange rates that add a converted reference line under
//! the totals of cost tables, on the decks of the languages they name.

use super::pricing::check_currency;
use super::{DecText, Src, TomlDate};
use crate::diag::Diagnostic;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;

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
    /// The date the rate was read.
    pub as_of: NaiveDate,
    /// Where the figure comes from (documentation; not rendered).
    pub basis: String,
    /// Language codes whose decks show the converted line.
    pub languages: Vec<String>,
    /// Spans of the language codes in the file, for checks against the deck's languages.
    pub(super) language_spans: Vec<Range<usize>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRate {
    from: Spanned<String>,
    to: Spanned<String>,
    rate: Spanned<DecText>,
    as_of: TomlDate,
    basis: Spanned<String>,
    languages: Spanned<Vec<Spanned<String>>>,
}

/// Validate one `[[rate]]`; `pairs` holds the (from, to) pairs seen so far with their offsets.
pub(super) fn check(
    src: &Src,
    raw: RawRate,
    pairs: &mut BTreeMap<(String, String), usize>,
) -> Result<Rate, Vec<Diagnostic>> {
    let mut errors = check_pair(src, &raw, pairs);
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
    errors.extend(check_languages(src, &raw.languages));
    match rate {
        Some(rate) if errors.is_empty() => Ok(Rate {
            from: raw.from.into_inner(),
            to: raw.to.into_inner(),
            rate,
            as_of: raw.as_of.0,
            basis: raw.basis.into_inner(),
            language_spans: raw.languages.get_ref().iter().map(|l| l.span()).collect(),
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

/// Two valid currency codes, different, and a pair not seen before.
fn check_pair(
    src: &Src,
    raw: &RawRate,
    pairs: &mut BTreeMap<(String, String), usize>,
) -> Vec<Diagnostic> {
    let (from, to) = (raw.from.get_ref(), raw.to.get_ref());
    let errors: Vec<Diagnostic> = [check_currency(src, &raw.from), check_currency(src, &raw.to)]
        .into_iter()
        .flatten()
        .collect();
    if !errors.is_empty() {
        return errors;
    }
    if from == to {
        return vec![src.error(
            raw.to.span(),
            format!("a rate converts between two currencies, but `from` and `to` are both `{to}`"),
        )];
    }
    match pairs.get(&(from.clone(), to.clone())) {
        Some(&first) => vec![src
            .error(
                raw.from.span(),
                format!("duplicate rate from {from} to {to}"),
            )
            .hint(format!("first defined at line {}", src.line_of(first)))],
        None => {
            pairs.insert((from.clone(), to.clone()), raw.from.span().start);
            Vec::new()
        }
    }
}

/// At least one language, each a language code, none twice.
fn check_languages(src: &Src, list: &Spanned<Vec<Spanned<String>>>) -> Vec<Diagnostic> {
    let languages = list.get_ref();
    let mut errors = Vec::new();
    if languages.is_empty() {
        errors.push(
            src.error(list.span(), "empty languages: no deck would show this rate")
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
    errors
}

/// Warnings for languages of `rates` that are not among the deck's `languages` (such a line
/// would never be shown).
pub(super) fn language_warnings(
    rates: &[Rate],
    languages: &[String],
    src: &Src,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for r in rates {
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

#[cfg(test)]
mod tests {
    use super::super::pricing::parse;
    use super::super::pricing::tests::{errs, one, GOOD, RATE};
    use super::*;
    use std::path::Path;

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
}
