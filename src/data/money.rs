//! Exact money arithmetic: strict decimal parsing and THE one rounding rule of every cost table.
//!
//! The rule, shown in the footnote under each table: **each line amount is rounded to the cent
//! (two decimal places), halves away from zero; a total is the sum of the rounded lines.**
//! So a table always adds up as printed. Nothing else in the crate rounds money, and no money
//! ever passes through `f64`.
//!
//! A converted amount (the reference line in another currency under a table's total, e.g. yen in
//! the Japanese deck) follows from the same rule: **the printed total times the rate, rounded
//! once to the minor unit of the target currency (whole yen for JPY), halves away from zero**
//! ([`convert`]). The rate is an exact decimal from `data/pricing.toml`; the lines are never
//! converted one by one, so the converted figure is exactly the printed total at that rate.
//! Both rules round through the one private function `round_to`.

use rust_decimal::{Decimal, RoundingStrategy};

/// Decimal places money is rounded to (cents).
pub(crate) const CENT_SCALE: u32 = 2;

/// The rounding rule: round `exact` to the cent, half away from zero, and always keep two decimal
/// places (`73` becomes `73.00`) so every amount cell has the same shape.
pub(crate) fn round_line(exact: Decimal) -> Decimal {
    round_to(exact, CENT_SCALE)
}

/// The only place money is rounded: to `scale` decimal places, half away from zero, keeping
/// exactly `scale` places.
fn round_to(exact: Decimal, scale: u32) -> Decimal {
    let mut rounded = exact.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(scale);
    rounded
}

/// Decimal places of a currency's minor unit (the ISO 4217 exponent): `JPY` has none (whole
/// yen), `USD` and `EUR` have cents. A currency not listed here is taken to have cents (2).
pub(crate) fn minor_unit_scale(currency: &str) -> u32 {
    match currency {
        "JPY" => 0,
        "USD" | "EUR" => 2,
        _ => 2,
    }
}

/// Convert `amount` (already rounded, as printed) at `rate` (units of `to` per one unit of the
/// amount's currency) and round once to the minor unit of `to`, half away from zero:
/// 1,174.61 USD at 150 is 176,191.5, so 176,192 JPY. `None` on overflow.
pub fn convert(amount: Decimal, rate: Decimal, to: &str) -> Option<Decimal> {
    Some(round_to(amount.checked_mul(rate)?, minor_unit_scale(to)))
}

/// Total of already rounded line amounts (the second half of the rule: no rounding again).
/// `None` on overflow.
pub(crate) fn sum_rounded(lines: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    let mut total = Decimal::ZERO;
    total.rescale(CENT_SCALE);
    for line in lines {
        total = total.checked_add(line)?;
    }
    Some(total)
}

/// Parse a non-negative decimal written plainly: digits, optionally `.` and digits
/// (`"0.10"`, `"730"`). Its scale is kept, so `"0.10"` prints back as `0.10`.
/// Rejected, with a message saying why: `""`, `"-1"`, `"+1"`, `"1e3"`, `"NaN"`, `".5"`, `"1."`,
/// `"1_000"`, `"1,000"`, and values too large for a decimal.
pub fn parse_amount(text: &str) -> Result<Decimal, String> {
    if text.is_empty() {
        return Err("empty amount: write a decimal such as \"0.10\"".into());
    }
    if text.starts_with('-') {
        return Err(format!(
            "negative amount `{text}`: amounts and quantities must be >= 0"
        ));
    }
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !frac.is_none_or(digits) {
        return Err(format!(
            "`{text}` is not a plain decimal number: use digits with an optional `.` (like \"0.248\"), \
             no exponent, sign or separators"
        ));
    }
    if frac.is_some_and(|f| f.len() > 28) {
        return Err(format!(
            "`{text}` has more than 28 decimal places: a decimal would round it"
        ));
    }
    // `from_str` would round digits past what fits (silently changing the amount).
    Decimal::from_str_exact(text).map_err(|_| {
        format!("`{text}` is too large or too precise for an exact decimal (at most 28 digits after the point, 29 in all)")
    })
}

/// The magnitude of `value` and whether it is negative, for signed display ("+171.33", "−5.00").
pub(crate) fn split_sign(value: Decimal) -> (Decimal, std::cmp::Ordering) {
    (value.abs(), value.cmp(&Decimal::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rounds_half_away_from_zero_to_two_places() {
        assert_eq!(round_line(d("7.935")).to_string(), "7.94");
        assert_eq!(round_line(d("7.925")).to_string(), "7.93"); // not banker's rounding (7.92)
        assert_eq!(round_line(d("7.9349999")).to_string(), "7.93");
        assert_eq!(round_line(d("0.005")).to_string(), "0.01");
        assert_eq!(round_line(d("0.004")).to_string(), "0.00");
        assert_eq!(round_line(d("-0.005")).to_string(), "-0.01");
        assert_eq!(round_line(d("-2.345")).to_string(), "-2.35");
        assert_eq!(round_line(d("-2.344")).to_string(), "-2.34");
    }

    #[test]
    fn rounding_pads_to_cents() {
        assert_eq!(round_line(d("73")).to_string(), "73.00");
        assert_eq!(round_line(d("9.6")).to_string(), "9.60");
        assert_eq!(round_line(d("543.120")).to_string(), "543.12");
    }

    #[test]
    fn total_is_the_sum_of_rounded_lines() {
        // Three lines of 0.005 each: exact total 0.015 would round to 0.02, but the rule rounds
        // each line (0.01) and adds the printed values: 0.03.
        let lines = [d("0.005"), d("0.005"), d("0.005")].map(round_line);
        assert_eq!(sum_rounded(lines).unwrap().to_string(), "0.03");
        assert_eq!(sum_rounded([]).unwrap().to_string(), "0.00");
    }

    #[test]
    fn minor_units() {
        assert_eq!(minor_unit_scale("JPY"), 0);
        assert_eq!(minor_unit_scale("USD"), 2);
        assert_eq!(minor_unit_scale("EUR"), 2);
        assert_eq!(minor_unit_scale("XYZ"), 2);
    }

    #[test]
    fn converts_to_whole_yen_half_away_from_zero() {
        let yen =
            |amount: &str, rate: &str| convert(d(amount), d(rate), "JPY").unwrap().to_string();
        // 1003.28 × 150 = 150492.00 exactly: no rounding, and no decimal places kept.
        assert_eq!(yen("1003.28", "150"), "150492");
        // 1174.61 × 150 = 176191.50: a half yen, rounded away from zero to 176192.
        assert_eq!(yen("1174.61", "150"), "176192");
        // 0.01 × 150 = 1.50 -> 2 (away from zero), but 0.03 × 150 = 4.50 -> 5, not 4 (banker's).
        assert_eq!(yen("0.01", "150"), "2");
        assert_eq!(yen("0.03", "150"), "5");
        // 0.07 × 150 = 10.50 -> 11 (banker's rounding would give 10).
        assert_eq!(yen("0.07", "150"), "11");
        // 2.50 × 149.9 = 374.75 -> 375; 2.49 × 149.9 = 373.251 -> 373.
        assert_eq!(yen("2.50", "149.9"), "375");
        assert_eq!(yen("2.49", "149.9"), "373");
        // 0.003 × 150 = 0.45 -> 0 (below half a yen).
        assert_eq!(yen("0.003", "150"), "0");
        // Negative amounts (a difference) round away from zero too: -0.01 × 150 = -1.50 -> -2.
        assert_eq!(yen("-0.01", "150"), "-2");
        assert_eq!(yen("0.00", "150"), "0");
    }

    #[test]
    fn converts_to_cents_for_two_decimal_currencies() {
        // 100.00 × 0.925 = 92.5 -> 92.50; 10.01 × 0.925 = 9.25925 -> 9.26; 0.01 × 0.5 = 0.005 -> 0.01.
        let eur =
            |amount: &str, rate: &str| convert(d(amount), d(rate), "EUR").unwrap().to_string();
        assert_eq!(eur("100.00", "0.925"), "92.50");
        assert_eq!(eur("10.01", "0.925"), "9.26");
        assert_eq!(eur("0.01", "0.5"), "0.01");
        assert!(convert(Decimal::MAX, d("2"), "JPY").is_none());
    }

    #[test]
    fn refuses_amounts_a_decimal_would_round() {
        let p29 = format!("0.{}", "1".repeat(29));
        assert!(parse_amount(&p29)
            .unwrap_err()
            .contains("28 decimal places"));
        assert!(parse_amount("12345678901234567890.123456789012").is_err());
        let p28 = format!("0.{}", "1".repeat(28));
        assert_eq!(parse_amount(&p28).unwrap().to_string(), p28);
    }

    #[test]
    fn parses_plain_decimals_keeping_scale() {
        assert_eq!(parse_amount("0.10").unwrap().to_string(), "0.10");
        assert_eq!(parse_amount("730").unwrap().to_string(), "730");
        assert_eq!(parse_amount("0").unwrap(), Decimal::ZERO);
    }

    #[test]
    fn rejects_everything_else() {
        for bad in [
            "", "-1", "+1", "1e3", "NaN", "inf", ".5", "1.", "1_000", "1,000", " 1", "0x10",
        ] {
            assert!(parse_amount(bad).is_err(), "{bad:?} accepted");
        }
        assert!(parse_amount("-1").unwrap_err().contains("negative"));
        assert!(parse_amount("99999999999999999999999999999999").is_err());
    }

    #[test]
    fn splits_sign() {
        assert_eq!(
            split_sign(d("-5.00")),
            (d("5.00"), std::cmp::Ordering::Less)
        );
        assert_eq!(split_sign(d("171.33")).1, std::cmp::Ordering::Greater);
    }
}
